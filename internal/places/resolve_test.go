package places

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

// ents builds LOCATION entities (or the type given as "TYPE:name") from
// their names, one mention each at the name's first occurrence in text.
func ents(text string, names ...string) []analysis.Entity {
	var out []analysis.Entity
	for _, n := range names {
		typ := analysis.EntityLocation
		if t, name, ok := strings.Cut(n, ":"); ok {
			n = name
			switch t {
			case "ORG":
				typ = analysis.EntityOrganization
			case "MISC":
				typ = analysis.EntityMisc
			case "PER":
				typ = analysis.EntityPerson
			}
		}
		i := strings.Index(text, n)
		if i < 0 {
			panic("no " + n)
		}
		out = append(out, analysis.Entity{Name: n, Type: typ, Mentions: []analysis.Mention{{Text: n, Span: analysis.Span{Begin: i, End: i + len(n)}}}})
	}
	return out
}

func TestResolve(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		name    string
		status  analysis.PlaceStatus
		country string
		place   string // GeoNames name, "" for any
	}
	tests := []struct {
		name  string
		text  string
		url   string
		ents  []string
		wants []want
	}{
		{"paris alone", "Paris is lovely in spring.", "", []string{"Paris"},
			[]want{{"Paris", analysis.PlaceResolved, "FR", "Paris"}}},
		{"paris texas by context", "The council in Paris met on Monday. Texas officials and the mayor of Dallas said the Lamar County town would get funds.", "",
			[]string{"Paris", "Texas", "Dallas", "Lamar County"},
			[]want{{"Paris", analysis.PlaceResolved, "US", "Paris"}, {"Texas", analysis.PlaceResolved, "US", "Texas"}}},
		{"paris texas by qualifier", "A storm hit Paris, Texas, overnight.", "", []string{"Paris"},
			[]want{{"Paris", analysis.PlaceResolved, "US", "Paris"}}},
		{"georgia country", "Protesters gathered in Tbilisi as Georgia's parliament voted; Batumi was calm.", "",
			[]string{"Tbilisi", "Georgia", "Batumi"},
			[]want{{"Georgia", analysis.PlaceResolved, "GE", "Georgia"}}},
		{"georgia state", "Voters in Georgia lined up in Atlanta and Savannah.", "",
			[]string{"Georgia", "Atlanta", "Savannah"},
			[]want{{"Georgia", analysis.PlaceResolved, "US", "Georgia"}}},
		{"demonyms", "Japanese diplomats met Russian officials.", "",
			[]string{"MISC:Japanese", "MISC:Russian"},
			[]want{{"Japanese", analysis.PlaceResolved, "JP", "Japan"}, {"Russian", analysis.PlaceResolved, "RU", "Russia"}}},
		{"dateline", "TOKYO (Reuters) - Officials said prices rose.", "", []string{"TOKYO"},
			[]want{{"TOKYO", analysis.PlaceResolved, "JP", "Tokyo"}}},
		{"not found", "They walked to Narnia.", "", []string{"Narnia"},
			[]want{{"Narnia", analysis.PlaceNotFound, "", ""}}},
		{"ambiguous", "The meeting was in Springfield.", "", []string{"Springfield"},
			[]want{{"Springfield", analysis.PlaceAmbiguous, "US", ""}}},
		{"org named like a country", "Brazil beat Germany 2-1.", "", []string{"ORG:Brazil", "ORG:Germany"},
			[]want{{"Brazil", analysis.PlaceResolved, "BR", "Brazil"}}},
		{"org not a place", "Acme Widgets hired staff.", "", []string{"ORG:Acme Widgets"},
			[]want{{"Acme Widgets", 0, "", ""}}},
		{"person untouched", "Paris Hilton arrived.", "", []string{"PER:Paris Hilton"},
			[]want{{"Paris Hilton", 0, "", ""}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es := ents(tc.text, tc.ents...)
			if err := r.Resolve(context.Background(), tc.text, Hints{URL: tc.url}, es); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.wants {
				var e *analysis.Entity
				for i := range es {
					if es[i].Name == w.name {
						e = &es[i]
					}
				}
				if w.status == 0 {
					if e.Place != nil {
						t.Errorf("%s: place %+v, want none", w.name, *e.Place)
					}
					continue
				}
				if e.Place == nil {
					t.Errorf("%s: no place, want %v", w.name, w.status)
					continue
				}
				p := e.Place
				if p.Status != w.status || p.CountryCode != w.country || (w.place != "" && p.Name != w.place) {
					t.Errorf("%s = %v %s (%s, %s) conf %.2f, want %v %s (%s)", w.name, p.Status, p.Name, p.CountryCode, p.DivisionName, p.Confidence, w.status, w.place, w.country)
				}
			}
		})
	}
}

// FuzzResolve: any text, with every word a LOCATION (and every other word an
// ORGANIZATION), resolves without a panic, and every place is well-formed.
func FuzzResolve(f *testing.F) {
	f.Add("Paris, Texas and Dallas", "")
	f.Add("TOKYO (Reuters) - Japanese officials in Osaka", "https://example.jp/")
	f.Add("Georgia Tbilisi Atlanta Springfield", "http://x.co.uk")
	r, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, url string) {
		var es []analysis.Entity
		off := 0
		for i, w := range strings.Fields(text) {
			j := strings.Index(text[off:], w) + off
			off = j + len(w)
			typ := analysis.EntityLocation
			if i%2 == 1 {
				typ = analysis.EntityOrganization
			}
			es = append(es, analysis.Entity{Name: w, Type: typ, Mentions: []analysis.Mention{{Text: w, Span: analysis.Span{Begin: j, End: off}}}})
		}
		if err := r.Resolve(context.Background(), text, Hints{URL: url}, es); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if p := e.Place; p != nil && p.Status != analysis.PlaceNotFound {
				if p.Confidence < 0 || p.Confidence > 1 || math.IsNaN(p.Confidence) || math.Abs(p.Latitude) > 90 || math.Abs(p.Longitude) > 180 || p.GeoNamesID == 0 {
					t.Fatalf("%q: bad place %+v", e.Name, *p)
				}
			}
		}
	})
}

func TestResolveCancelled(t *testing.T) {
	r, _ := Default()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	text := strings.Repeat("Paris ", 200)
	var es []analysis.Entity
	for i := 0; i < 200; i++ {
		es = append(es, analysis.Entity{Name: "Paris", Type: analysis.EntityLocation, Mentions: []analysis.Mention{{Text: "Paris", Span: analysis.Span{Begin: 6 * i, End: 6*i + 5}}}})
	}
	if err := r.Resolve(ctx, text, Hints{}, es); err != context.Canceled {
		t.Errorf("Resolve(cancelled) = %v, want context.Canceled", err)
	}
}

// BenchmarkResolveMany resolves n distinct place names in one document:
// the time per name should stay flat as n grows (the cost is linear).
func BenchmarkResolveMany(b *testing.B) {
	r, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for i := int32(0); i < int32(r.Index().Len()) && len(names) < 4000; i += 7 {
		if p := r.Index().Place(i); p.Kind == KindCity {
			names = append(names, p.Name)
		}
	}
	for _, n := range []int{250, 1000, 4000} {
		if n > len(names) {
			break
		}
		text := strings.Join(names[:n], ", ")
		var es []analysis.Entity
		off := 0
		for _, name := range names[:n] {
			es = append(es, analysis.Entity{Name: name, Type: analysis.EntityLocation, Mentions: []analysis.Mention{{Text: name, Span: analysis.Span{Begin: off, End: off + len(name)}}}})
			off += len(name) + 2
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := r.Resolve(context.Background(), text, Hints{}, es); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/name")
		})
	}
}
