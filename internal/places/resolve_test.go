package places

import (
	"context"
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
