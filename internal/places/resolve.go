package places

import (
	"context"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

// Config holds the resolver's weights. DefaultConfig's values were chosen on
// GUM news (see the model card); the hand-annotated set was only scored.
type Config struct {
	// PopWeight multiplies ln(population) in a candidate's prior.
	PopWeight float64
	// CountryBonus, DivisionBonus and CapitalBonus are added to the prior
	// of a country, a division and a capital city; AltPenalty to a name
	// that is only an alternate name of the place.
	CountryBonus, DivisionBonus, CapitalBonus, AltPenalty float64
	// SameNameDivision is added to a division that has a city of the same
	// name among the candidates.
	SameNameDivision float64
	// Context weighs what the document's other places say about a
	// candidate (containing country or division, places inside it, same
	// division or country, other places within ProximityKM); 0 gives the
	// population baseline.
	Context float64
	// Qualifier is added to a candidate whose division or country follows
	// the name ("Paris, Texas").
	Qualifier float64
	// DatelineWeight and SiteWeight weigh the dateline's place ("TOKYO
	// (Reuters) -") and the site's country (from the URL's country-code
	// top-level domain) as context, against 1 for a place in the text.
	DatelineWeight, SiteWeight float64
	// ProximityKM is the distance under which two places support each other.
	ProximityKM float64
	// MinConfidence: a best candidate below it is AMBIGUOUS.
	MinConfidence float64
	// MaxCandidates keeps the strongest candidates of a name by prior.
	MaxCandidates int
	// OtherMinPopulation: an ORGANIZATION or MISC name counts as a place
	// (a smaller city only when the document's other places support it)
	// only when it is the main name of a country, a division, or a city at
	// least this big.
	OtherMinPopulation int64
}

// DefaultConfig is the configuration the served resolver uses.
var DefaultConfig = Config{
	PopWeight: 1, CountryBonus: 2, DivisionBonus: -1.5, CapitalBonus: 1.5, AltPenalty: -2.5, SameNameDivision: -1.5,
	Context: 3, Qualifier: 6, DatelineWeight: 2, SiteWeight: 0.5, ProximityKM: 200,
	MinConfidence: 0.5, MaxCandidates: 16, OtherMinPopulation: 100000,
}

// Resolver resolves place names against an Index. It is safe for concurrent
// use.
type Resolver struct {
	x   *Index
	cfg Config
}

// New returns a resolver over x.
func New(x *Index, cfg Config) *Resolver { return &Resolver{x: x, cfg: cfg} }

// Index returns the resolver's index.
func (r *Resolver) Index() *Index { return r.x }

// Info describes the gazetteer.
func (r *Resolver) Info() analysis.ModelInfo {
	return analysis.ModelInfo{
		Stage: "places", Name: "geonames", Version: r.x.Version,
		Description: "GeoNames countries, first-level divisions and cities of 15,000+ people (CC BY 4.0); resolved with the population prior and the document's other places",
		Languages:   []string{"en"},
	}
}

// Hints are facts about a document beyond its text.
type Hints = analysis.PlaceHints

type cand struct {
	place       int32
	prior, qual float64
	ctx         float64 // context score of the last round
	p           float64
}

type toponym struct {
	ent     int // index into ents; -1 for the dateline and the site
	cands   []cand
	weight  float64
	demonym bool
	partial bool // the place is named inside a longer name
	other   bool // an ORGANIZATION or MISC name
	best    int
}

// Resolve sets the Place of every LOCATION entity of ents, and of the
// ORGANIZATION and MISC entities that name a place or are demonyms. Mention
// spans index text. It returns ctx.Err() when ctx is done.
func (r *Resolver) Resolve(ctx context.Context, text string, h Hints, ents []analysis.Entity) error {
	var tops []toponym
	for i := range ents {
		if i&63 == 63 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e := &ents[i]
		e.Place = nil
		switch e.Type {
		case analysis.EntityLocation, analysis.EntityOrganization, analysis.EntityMisc:
		default:
			continue
		}
		t, ok := r.candidates(text, e)
		if !ok {
			continue
		}
		t.ent = i
		tops = append(tops, t)
	}
	if len(tops) == 0 {
		return ctx.Err()
	}
	if name := dateline(text); name != "" {
		if cs := r.lookup(name, true, 0); len(cs) > 0 {
			tops = append(tops, toponym{ent: -1, cands: cs, weight: r.cfg.DatelineWeight})
		}
	}
	if cc := siteCountry(h.URL); cc != "" {
		if i := r.x.Country(cc); i >= 0 {
			tops = append(tops, toponym{ent: -1, cands: []cand{{place: i}}, weight: r.cfg.SiteWeight})
		}
	}
	var quals []int32
	for ti := range tops {
		t := &tops[ti]
		if t.ent >= 0 && len(t.cands) > 1 {
			quals = r.qualifiers(text, &ents[t.ent], quals[:0])
			for ci := range t.cands {
				t.cands[ci].qual = r.qualified(t.cands[ci].place, quals)
			}
		}
		r.normalise(t, nil)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if r.cfg.Context != 0 || r.cfg.Qualifier != 0 {
		for round := 0; round < 2; round++ {
			r.contextRound(tops)
		}
	}
	for _, t := range tops {
		if t.ent < 0 {
			continue
		}
		e := &ents[t.ent]
		if len(t.cands) == 0 {
			e.Place = &analysis.Place{Status: analysis.PlaceNotFound}
			continue
		}
		c := t.cands[t.best]
		if bp := r.x.Place(c.place); bp.Kind == KindCity && c.ctx <= 0 && r.cfg.Context != 0 &&
			(t.partial || (t.other && bp.Population < r.cfg.OtherMinPopulation)) {
			// A city named inside a longer name, or a small city named by
			// an ORGANIZATION or MISC entity, that nothing else in the
			// document supports ("Metro Toronto Convention Centre" is not
			// in Metro, Indonesia): not a place.
			continue
		}
		pl := r.place(c.place)
		pl.Confidence = c.p
		pl.Status = analysis.PlaceResolved
		if c.p < r.cfg.MinConfidence {
			pl.Status = analysis.PlaceAmbiguous
		}
		pl.Demonym, pl.Partial = t.demonym, t.partial
		e.Place = pl
	}
	return ctx.Err()
}

// place converts index place i to the domain type.
func (r *Resolver) place(i int32) *analysis.Place {
	p := r.x.Place(i)
	out := &analysis.Place{
		GeoNamesID: p.ID, Name: p.Name, Kind: analysis.PlaceKind(p.Kind), CountryCode: p.Country,
		Latitude: p.Lat, Longitude: p.Lon, Population: p.Population,
	}
	if ci := r.x.Country(p.Country); ci >= 0 {
		out.CountryName = r.x.Place(ci).Name
	}
	if p.Division >= 0 {
		d := r.x.Place(p.Division)
		out.DivisionName, out.DivisionID = d.Name, d.ID
	}
	return out
}

// candidates finds the candidates of entity e. ok is false when e is not a
// place at all (an ORGANIZATION or MISC name that matches nothing).
func (r *Resolver) candidates(text string, e *analysis.Entity) (t toponym, ok bool) {
	t.weight = 1
	t.other = e.Type != analysis.EntityLocation
	minPop := int64(0)
	if t.other && r.cfg.Context == 0 {
		// Without context nothing can support a small city.
		minPop = r.cfg.OtherMinPopulation
	}
	var tried [8]string // keys already looked up: mentions repeat
	nTried := 0
	try := func(name string) bool {
		key := Normalize(cleanName(name))
		if key == "" {
			return false
		}
		for _, k := range tried[:nTried] {
			if k == key {
				return false
			}
		}
		if nTried < len(tried) {
			tried[nTried] = key
			nTried++
		}
		if cc, ok := demonyms[key]; ok {
			if i := r.x.Country(cc); i >= 0 {
				t.cands = []cand{{place: i}}
				t.demonym = true
				return true
			}
		}
		// "Paris, Texas" as one name: look up the part before the comma.
		if b, _, ok := strings.Cut(name, ","); ok && len(r.x.Lookup(key)) == 0 {
			key = Normalize(cleanName(b))
		}
		t.cands = r.lookupKey(key, t.other, minPop)
		return len(t.cands) > 0
	}
	if try(e.Name) {
		return t, true
	}
	for k, m := range e.Mentions {
		if k >= 8 {
			break
		}
		if m.Text != e.Name && try(m.Text) {
			return t, true
		}
	}
	if t.cands = r.partial(cleanName(e.Name), e.Type == analysis.EntityLocation); len(t.cands) > 0 {
		t.partial = true
		return t, true
	}
	return t, !t.other
}

var compassWords = map[string]bool{"East": true, "West": true, "North": true, "South": true, "Central": true,
	"Northern": true, "Southern": true, "Eastern": true, "Western": true, "Greater": true, "Downtown": true}

// partial finds a place named inside a longer name: after a compass word
// ("East L.A.", LOCATION only), as its leading words ("US State
// Department", "Washington Dulles International Airport") or after its
// last "of" ("University of Sheffield"). Only main names of countries,
// divisions and cities of OtherMinPopulation people count.
func (r *Resolver) partial(name string, loc bool) []cand {
	words := strings.Fields(name)
	if len(words) < 2 || len(words) > 12 {
		return nil
	}
	minPop := r.cfg.OtherMinPopulation
	if loc && compassWords[words[0]] {
		// "East L.A." is in Los Angeles; "West Africa" or "South Texas" is a
		// part of a region whose point can be far from that part's, so only
		// cities count here.
		cs := r.lookup(strings.Join(words[1:], " "), true, minPop)
		n := 0
		for _, c := range cs {
			if r.x.Place(c.place).Kind == KindCity {
				cs[n] = c
				n++
			}
		}
		if n > 0 {
			return cs[:n]
		}
	}
	for k := min(len(words)-1, 4); k >= 1; k-- {
		if cs := r.lookup(strings.Join(words[:k], " "), true, minPop); len(cs) > 0 {
			return cs
		}
	}
	if i := strings.LastIndex(name, " of "); i > 0 {
		rest := strings.TrimPrefix(name[i+4:], "the ")
		if n := len(strings.Fields(rest)); n >= 1 && n <= 4 {
			return r.lookup(rest, true, minPop)
		}
	}
	return nil
}

// cleanName drops a possessive and surrounding punctuation.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		s = strings.TrimSuffix(s, suf)
	}
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ')' })
}

// lookup returns the candidates of name with their priors, strongest
// MaxCandidates kept. primaryOnly drops alternate names; a city below
// minPop is dropped.
func (r *Resolver) lookup(name string, primaryOnly bool, minPop int64) []cand {
	return r.lookupKey(Normalize(name), primaryOnly, minPop)
}

// lookupKey is lookup for a normalised name.
func (r *Resolver) lookupKey(key string, primaryOnly bool, minPop int64) []cand {
	ps := r.x.Lookup(key)
	var out []cand
	for _, v := range ps {
		alt := v&1 != 0
		if alt && primaryOnly {
			continue
		}
		i := int32(v >> 1)
		p := r.x.Place(i)
		if p.Kind == KindCity && p.Population < minPop {
			continue
		}
		out = append(out, cand{place: i, prior: r.prior(p, alt)})
	}
	// A division that shares its name with its own city ("New York",
	// "Tokyo", "Mexico City") is, in news, most often the city.
	for i := range out {
		d := r.x.Place(out[i].place)
		if d.Kind != KindDivision {
			continue
		}
		for _, c := range out {
			if p := r.x.Place(c.place); p.Kind == KindCity && p.Division == out[i].place {
				out[i].prior += r.cfg.SameNameDivision
				break
			}
		}
	}
	// Keep the strongest by prior (insertion sort: candidates are few).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].prior > out[j-1].prior; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > r.cfg.MaxCandidates {
		out = out[:r.cfg.MaxCandidates]
	}
	return out
}

func (r *Resolver) prior(p *Place, alt bool) float64 {
	s := r.cfg.PopWeight * math.Log(float64(p.Population)+1)
	switch p.Kind {
	case KindCountry, KindContinent:
		s += r.cfg.CountryBonus
	case KindDivision:
		s += r.cfg.DivisionBonus
	}
	if p.Capital {
		s += r.cfg.CapitalBonus
	}
	if alt {
		s += r.cfg.AltPenalty
	}
	return s
}

// normalise sets the candidates' probabilities from their scores (prior,
// qualifier, context) with a softmax, and the best candidate.
func (r *Resolver) normalise(t *toponym, ctxScore []float64) {
	if len(t.cands) == 0 {
		return
	}
	top := math.Inf(-1)
	score := func(i int) float64 {
		s := t.cands[i].prior + r.cfg.Qualifier*t.cands[i].qual
		if ctxScore != nil {
			s += r.cfg.Context * ctxScore[i]
		}
		return s
	}
	for i := range t.cands {
		if s := score(i); s > top {
			top, t.best = s, i
		}
	}
	sum := 0.0
	for i := range t.cands {
		t.cands[i].p = math.Exp(score(i) - top)
		sum += t.cands[i].p
	}
	for i := range t.cands {
		t.cands[i].p /= sum
	}
}

// qualifiers appends to out the places named right after one of e's
// mentions (", X" or " (X)", up to three capitalised words) or after the
// comma of e's name ("Paris, Texas").
func (r *Resolver) qualifiers(text string, e *analysis.Entity, out []int32) []int32 {
	add := func(q string) bool {
		n := len(out)
		for _, v := range r.x.Lookup(Normalize(q)) {
			if v&1 == 0 {
				if k := r.x.Place(int32(v >> 1)).Kind; k == KindCountry || k == KindDivision {
					out = append(out, int32(v>>1))
				}
			}
		}
		return len(out) > n
	}
	if _, q, ok := strings.Cut(e.Name, ","); ok {
		add(strings.TrimSpace(q))
	}
	for k, m := range e.Mentions {
		if k >= 8 {
			break
		}
		if m.Span.End > len(text) || m.Span.End < 0 {
			continue
		}
		rest := text[m.Span.End:min(len(text), m.Span.End+48)]
		switch {
		case strings.HasPrefix(rest, ", "):
			rest = rest[2:]
		case strings.HasPrefix(rest, " , "): // tokenised text
			rest = rest[3:]
		case strings.HasPrefix(rest, " ("):
			rest = rest[2:]
		default:
			continue
		}
		words := capitalWords(rest, 3)
		for n := len(words); n > 0; n-- {
			if add(strings.Join(words[:n], " ")) {
				break
			}
		}
	}
	return out
}

// qualified returns 1 when one of quals is the country or the division
// that contains place i.
func (r *Resolver) qualified(i int32, quals []int32) float64 {
	p := r.x.Place(i)
	if p.Kind == KindCountry || p.Kind == KindContinent {
		return 0
	}
	for _, j := range quals {
		q := r.x.Place(j)
		if j != i && ((q.Kind == KindCountry && q.Country == p.Country) || (q.Kind == KindDivision && j == p.Division)) {
			return 1
		}
	}
	return 0
}

// capitalWords returns up to n leading capitalised words of s.
func capitalWords(s string, n int) []string {
	var out []string
	for len(out) < n {
		r, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsUpper(r) {
			break
		}
		end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '-' })
		if end < 0 {
			end = len(s)
		}
		out = append(out, s[:end])
		s = s[end:]
		if !strings.HasPrefix(s, " ") {
			break
		}
		s = s[1:]
	}
	return out
}

// dateline returns the place of a wire-style dateline at the start of text
// ("TOKYO (Reuters) -", "WASHINGTON —", "PARIS, Texas (AP) -"): an
// all-capital name before "(", "-", "—" or "–".
func dateline(text string) string {
	s := strings.TrimLeft(text, " \t\r\n")
	s = s[:min(len(s), 64)]
	end := strings.IndexAny(s, "(-—–,:\n")
	if end < 3 {
		return ""
	}
	name := strings.TrimSpace(s[:end])
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			if !unicode.IsUpper(r) {
				return ""
			}
			letters++
		case r == ' ' || r == '.' || r == '\'':
		default:
			return ""
		}
	}
	if letters < 3 {
		return ""
	}
	return name
}

// siteCountry returns the ISO code of a URL's country-code top-level domain
// ("bbc.co.uk" -> "GB"), "" for generic domains and the country domains
// sold worldwide (.io, .co, .tv, ...).
func siteCountry(url string) string {
	host := url
	if _, after, ok := strings.Cut(host, "://"); ok {
		host = after
	}
	if i := strings.IndexAny(host, "/?#:"); i >= 0 {
		host = host[:i]
	}
	dot := strings.LastIndexByte(host, '.')
	if dot < 0 || len(host)-dot != 3 {
		return ""
	}
	tld := strings.ToUpper(host[dot+1:])
	switch tld {
	case "UK":
		return "GB"
	case "IO", "CO", "TV", "ME", "AI", "LY", "FM", "AM", "GG", "TO", "SH", "WS", "CC", "NU", "EU":
		return ""
	}
	return tld
}

// contextRound rescores every toponym's candidates with what the other
// toponyms' current probabilities say (containment, siblings, proximity).
func (r *Resolver) contextRound(tops []toponym) {
	countryAsPlace := map[string]float64{}
	inCountry := map[string]float64{}
	divAsPlace := map[int32]float64{}
	inDiv := map[int32]float64{}
	type anchor struct {
		x, y, z, w float64 // unit vector and weight
		top        int
	}
	var anchors []anchor
	// Two points are within ProximityKM when their unit vectors' dot
	// product is above this: one product instead of a haversine per pair.
	cosNear := math.Cos(r.cfg.ProximityKM / earthKM)
	for ti, t := range tops {
		for _, c := range t.cands {
			p := r.x.Place(c.place)
			w := t.weight * c.p
			switch p.Kind {
			case KindContinent:
			case KindCountry:
				countryAsPlace[p.Country] += w
			case KindDivision:
				divAsPlace[c.place] += w
				inCountry[p.Country] += w
			default:
				inCountry[p.Country] += w
				if p.Division >= 0 {
					inDiv[p.Division] += w
				}
			}
		}
		if len(t.cands) > 0 && len(anchors) < 64 {
			if c := t.cands[t.best]; c.p >= 0.5 {
				p := r.x.Place(c.place)
				if p.Kind == KindCity {
					x, y, z := unitVector(p.Lat, p.Lon)
					anchors = append(anchors, anchor{x, y, z, t.weight * c.p, ti})
				}
			}
		}
	}
	scores := make([]float64, r.cfg.MaxCandidates+1)
	for ti := range tops {
		t := &tops[ti]
		if len(t.cands) == 0 {
			continue
		}
		sc := scores[:len(t.cands)]
		for ci, c := range t.cands {
			p := r.x.Place(c.place)
			// Own contributions are taken out: a name is no evidence for itself.
			own := func(f func(q *Place) bool) float64 {
				s := 0.0
				for _, o := range t.cands {
					if f(r.x.Place(o.place)) {
						s += t.weight * o.p
					}
				}
				return s
			}
			var s float64
			switch p.Kind {
			case KindContinent:
			case KindCountry:
				s += math.Log1p(inCountry[p.Country] - own(func(q *Place) bool { return q.Kind != KindCountry && q.Country == p.Country }))
				s += 0.5 * math.Log1p(countryAsPlace[p.Country]-own(func(q *Place) bool { return q.Kind == KindCountry && q.Country == p.Country }))
			case KindDivision:
				s += math.Log1p(countryAsPlace[p.Country] - own(func(q *Place) bool { return q.Kind == KindCountry && q.Country == p.Country }))
				s += math.Log1p(inDiv[c.place] - own(func(q *Place) bool { return q.Kind == KindCity && q.Division == c.place }))
				s += 0.5 * math.Log1p(inCountry[p.Country]-own(func(q *Place) bool { return q.Kind != KindCountry && q.Country == p.Country }))
			default:
				s += math.Log1p(countryAsPlace[p.Country] - own(func(q *Place) bool { return q.Kind == KindCountry && q.Country == p.Country }))
				if p.Division >= 0 {
					s += 1.5 * math.Log1p(divAsPlace[p.Division]-own(func(q *Place) bool { return q.Kind == KindDivision && q.Division == p.Division }))
					s += 0.7 * math.Log1p(inDiv[p.Division]-own(func(q *Place) bool { return q.Kind == KindCity && q.Division == p.Division }))
				}
				s += 0.5 * math.Log1p(inCountry[p.Country]-own(func(q *Place) bool { return q.Kind != KindCountry && q.Country == p.Country }))
				near := 0.0
				var x, y, z float64
				if len(anchors) > 0 {
					x, y, z = unitVector(p.Lat, p.Lon)
				}
				for _, a := range anchors {
					if a.top != ti && a.x*x+a.y*y+a.z*z > cosNear {
						near += a.w
					}
				}
				s += 0.7 * math.Log1p(near)
			}
			sc[ci] = s
			t.cands[ci].ctx = s
		}
		r.normalise(t, sc)
	}
}

// earthKM is the Earth's mean radius.
const earthKM = 6371.0088

// unitVector returns the point (degrees) on the unit sphere.
func unitVector(lat, lon float64) (x, y, z float64) {
	la, lo := lat*math.Pi/180, lon*math.Pi/180
	return math.Cos(la) * math.Cos(lo), math.Cos(la) * math.Sin(lo), math.Sin(la)
}

// DistanceKM is the great-circle distance between two points in kilometres.
func DistanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return earthKM * 2 * math.Asin(math.Min(1, math.Sqrt(a)))
}
