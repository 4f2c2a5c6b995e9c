package placesdata

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/places"
)

// GoldDoc is one evaluation document: its text and the toponyms annotated in
// it.
type GoldDoc struct {
	Name, Text, URL string
	Toponyms        []GoldToponym
	// Context lists place names of the text that have no gold place (GUM
	// places whose link is not a GeoNames place); in the gold-toponym
	// evaluation they are resolved too, as the tagger would find them.
	Context []GoldToponym
}

// GoldToponym is one annotated mention of a place.
type GoldToponym struct {
	Span analysis.Span
	Text string
	// Type is the type the annotators gave (LOCATION, or ORGANIZATION for a
	// country named as an actor).
	Type analysis.EntityType
	// Place is the index of the gold place in the index; -1 when the place
	// is not in the gazetteer (then Near says where it is).
	Place int32
	// Near is the index of a gazetteer place within 30 km of a gold place
	// that is not in the gazetteer (a village); -1 otherwise.
	Near int32
	// Link is the annotation's source: a Wikipedia title or a GeoNames id.
	Link string
}

// GUMDir is the GUM news folder under the data folder.
const GUMDir = "ner/gum-news"

// LoadGUM reads GUM's news documents and maps each place (or organisation)
// mention whose Wikipedia link names a GeoNames place to that place: see
// MapWikipedia. Mentions must be names (a capital letter after an optional
// "the"); links to buildings, constituencies and the like are not places of
// the gazetteer and are left out.
func LoadGUM(dir string, x *places.Index) ([]GoldDoc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("placesdata: no GUM files in %s", dir)
	}
	sort.Strings(files)
	var docs []GoldDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("placesdata: %w", err)
		}
		d, err := parseGUM(string(b), x)
		if err != nil {
			return nil, fmt.Errorf("placesdata: %s: %w", filepath.Base(f), err)
		}
		d.Name = strings.TrimSuffix(filepath.Base(f), ".tsv")
		docs = append(docs, d)
	}
	return docs, nil
}

type gumEnt struct {
	typ        string
	link       string
	begin, end int
}

func parseGUM(s string, x *places.Index) (GoldDoc, error) {
	var d GoldDoc
	type row struct {
		begin, end int // code points
		tok        string
		first      bool // first token of a sentence
		types      string
		links      string
	}
	var rows []row
	for ln, line := range strings.Split(s, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 7 {
			continue
		}
		b, e, ok := strings.Cut(f[1], "-")
		begin, err1 := strconv.Atoi(b)
		end, err2 := strconv.Atoi(e)
		if !ok || err1 != nil || err2 != nil || end < begin || utf8.RuneCountInString(f[2]) != end-begin ||
			(len(rows) > 0 && begin < rows[len(rows)-1].end) {
			return d, fmt.Errorf("line %d: offsets %q for %q", ln+1, f[1], f[2])
		}
		rows = append(rows, row{begin, end, f[2], strings.HasSuffix(f[0], "-1"), f[3], f[6]})
	}
	// GUM's offsets count code points; the text is rebuilt with every token
	// at its offset (a newline before a sentence, else spaces), and
	// byteAt maps a code point offset to a byte offset.
	var text strings.Builder
	var byteAt []int
	pos := 0
	for _, r := range rows {
		for ; pos < r.begin; pos++ {
			byteAt = append(byteAt, text.Len())
			if r.first && pos == r.begin-1 {
				text.WriteByte('\n')
			} else {
				text.WriteByte(' ')
			}
		}
		for _, c := range r.tok {
			byteAt = append(byteAt, text.Len())
			text.WriteRune(c)
			pos++
		}
	}
	byteAt = append(byteAt, text.Len())
	d.Text = text.String()

	ents := map[string]*gumEnt{}
	var order []string
	for ri, r := range rows {
		links := map[string]string{}
		for _, l := range strings.Split(r.links, "|") {
			if l != "_" {
				name, id := splitID(l)
				links[id] = name
			}
		}
		for k, t := range strings.Split(r.types, "|") {
			if t == "_" {
				continue
			}
			typ, id := splitID(t)
			if id == "" {
				id = fmt.Sprintf("single-%d-%d", ri, k)
				if l, ok := links[""]; ok {
					links[id] = l
				}
			}
			g := ents[id]
			if g == nil {
				g = &gumEnt{typ: typ, begin: byteAt[r.begin]}
				ents[id] = g
				order = append(order, id)
			}
			g.end = byteAt[r.end]
			if l, ok := links[id]; ok {
				g.link = l
			}
		}
	}
	for _, id := range order {
		g := ents[id]
		if g.typ != "place" && g.typ != "organization" {
			continue
		}
		mention := d.Text[g.begin:g.end]
		name := strings.TrimPrefix(strings.TrimPrefix(mention, "the "), "The ")
		r, _ := utf8.DecodeRuneInString(name)
		if !unicode.IsUpper(r) {
			continue
		}
		begin := g.end - len(name)
		gt := GoldToponym{Span: analysis.Span{Begin: begin, End: g.end}, Text: name, Type: analysis.EntityLocation, Place: -1, Near: -1, Link: g.link}
		if g.typ == "organization" {
			gt.Type = analysis.EntityOrganization
		}
		if g.link != "" {
			gt.Place = MapWikipedia(x, g.link, g.typ == "place")
		}
		switch {
		case gt.Place >= 0:
			d.Toponyms = append(d.Toponyms, gt)
		case g.typ == "place":
			d.Context = append(d.Context, gt)
		}
	}
	return d, nil
}

func splitID(s string) (name, id string) {
	if i := strings.LastIndexByte(s, '['); i >= 0 && strings.HasSuffix(s, "]") {
		return s[:i], s[i+1 : len(s)-1]
	}
	return s, ""
}

// MapWikipedia maps a Wikipedia title ("Irving,_Texas", "Georgia_(country)")
// to a place of x, or -1. The title's name is looked up among the index's
// main names (alternate names when there is none); a ", Qualifier" keeps the
// candidates in that division or country, "(country)" and "(U.S. state)"
// keep that kind, and any other parenthesis means no gazetteer place. Among
// what is left, a country wins (Wikipedia's bare country name is the
// country), then the largest population, so the mapping leans the way the
// population baseline does; the card says so.
//
// Alternate names count only when allowAlt is set (GUM's places; an
// organisation's link such as "Google" must not match a city's alternate
// name).
func MapWikipedia(x *places.Index, title string, allowAlt bool) int32 {
	t, err := url.PathUnescape(title)
	if err != nil {
		t = title
	}
	t = strings.ReplaceAll(t, "_", " ")
	kind := places.KindUnspecified
	if i := strings.Index(t, " ("); i >= 0 && strings.HasSuffix(t, ")") {
		switch q := t[i+2 : len(t)-1]; q {
		case "country":
			kind = places.KindCountry
		case "U.S. state", "state":
			kind = places.KindDivision
		case "city":
			kind = places.KindCity
		default:
			return -1
		}
		t = t[:i]
	}
	if ps := x.Lookup(places.Normalize(t)); len(ps) > 0 {
		if i := pickPlace(x, ps, kind, "", allowAlt); i >= 0 {
			return i
		}
	}
	name, qual, _ := strings.Cut(t, ",")
	ps := x.Lookup(places.Normalize(name))
	return pickPlace(x, ps, kind, strings.TrimSpace(qual), allowAlt)
}

func pickPlace(x *places.Index, ps []uint32, kind places.Kind, qual string, allowAlt bool) int32 {
	best := int32(-1)
	for _, alt := range []bool{false, true} {
		if alt && !allowAlt {
			break
		}
		for _, v := range ps {
			if (v&1 != 0) != alt {
				continue
			}
			i := int32(v >> 1)
			p := x.Place(i)
			if kind != places.KindUnspecified && p.Kind != kind {
				continue
			}
			if qual != "" && !inRegion(x, p, qual) {
				continue
			}
			if best < 0 || better(p, x.Place(best)) {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

func better(a, b *places.Place) bool {
	if (a.Kind == places.KindCountry) != (b.Kind == places.KindCountry) {
		return a.Kind == places.KindCountry
	}
	if a.Population != b.Population {
		return a.Population > b.Population
	}
	return a.Kind > b.Kind // a city over the division of the same size
}

// inRegion reports whether p lies in the division or country named qual.
func inRegion(x *places.Index, p *places.Place, qual string) bool {
	for _, v := range x.Lookup(places.Normalize(qual)) {
		i := int32(v >> 1)
		q := x.Place(i)
		if (q.Kind == places.KindCountry && q.Country == p.Country) || (q.Kind == places.KindDivision && p.Division == i) {
			return true
		}
	}
	return false
}
