package placesdata

import (
	"context"
	"fmt"
	"io"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/places"
)

// KM161 is the usual geoparsing tolerance: 100 miles.
const KM161 = 161

// Scores are the figures of one evaluation.
type Scores struct {
	// Toponyms is the number of gold toponyms; Found those the entity
	// stage found (a mention overlapping the gold span, of an entity given
	// a place); Resolved those whose place has status RESOLVED.
	Toponyms, Found, Resolved int
	// Within161 counts resolved toponyms at most 161 km from the gold place;
	// ErrKM sums their errors.
	Within161 int
	ErrKM     float64
}

// Add adds t's counts to s.
func (s *Scores) Add(t Scores) {
	s.Toponyms += t.Toponyms
	s.Found += t.Found
	s.Resolved += t.Resolved
	s.Within161 += t.Within161
	s.ErrKM += t.ErrKM
}

// Acc161 is the share of resolved toponyms within 161 km.
func (s Scores) Acc161() float64 { return ratio(s.Within161, s.Resolved) }

// MeanKM is the mean error of the resolved toponyms in km.
func (s Scores) MeanKM() float64 {
	if s.Resolved == 0 {
		return 0
	}
	return s.ErrKM / float64(s.Resolved)
}

// ShareResolved is the share of gold toponyms found and resolved.
func (s Scores) ShareResolved() float64 { return ratio(s.Resolved, s.Toponyms) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// String prints the figures on one line.
func (s Scores) String() string {
	return fmt.Sprintf("toponyms %d  found %d  resolved %d (%.3f)  acc@161km %.3f  mean error %.0f km",
		s.Toponyms, s.Found, s.Resolved, s.ShareResolved(), s.Acc161(), s.MeanKM())
}

// BaselineConfig is the population baseline: each name's most populous
// candidate (countries first), no context, everything resolved.
func BaselineConfig() places.Config {
	c := places.DefaultConfig
	c.Context, c.Qualifier, c.DatelineWeight, c.SiteWeight, c.MinConfidence, c.SameNameDivision = 0, 0, 0, 0, 0, 0
	return c
}

// EvaluateGold resolves the gold toponyms (and the context names) of each
// document, grouped into entities by their normalised text as the entity
// stage groups mentions, and scores them. log, when not nil, gets one line
// per wrong or unresolved toponym.
func EvaluateGold(r *places.Resolver, docs []GoldDoc, log io.Writer) (Scores, error) {
	var total Scores
	for _, d := range docs {
		var ents []analysis.Entity
		byKey := map[string]int{}
		of := map[int]int{} // gold toponym -> entity
		all := append(append([]GoldToponym(nil), d.Toponyms...), d.Context...)
		for gi, g := range all {
			k := places.Normalize(g.Text)
			ei, ok := byKey[k]
			if !ok {
				ei = len(ents)
				byKey[k] = ei
				ents = append(ents, analysis.Entity{Name: g.Text, Type: g.Type})
			}
			if g.Type == analysis.EntityLocation {
				ents[ei].Type = analysis.EntityLocation
			}
			ents[ei].Mentions = append(ents[ei].Mentions, analysis.Mention{Text: g.Text, Span: g.Span})
			of[gi] = ei
		}
		if err := r.Resolve(context.Background(), d.Text, places.Hints{URL: d.URL}, ents); err != nil {
			return total, err
		}
		for gi, g := range d.Toponyms {
			total.Add(score(r.Index(), d.Name, g, ents[of[gi]].Place, true, log))
		}
	}
	return total, nil
}

// EvaluateEndToEnd runs the entity extractor on each document, resolves its
// entities, and scores the gold toponyms against what was found: the
// figures a client of AnalyzeDocument would see.
func EvaluateEndToEnd(ctx context.Context, r *places.Resolver, ex analysis.EntityExtractor, docs []GoldDoc, log io.Writer) (Scores, error) {
	var total Scores
	for _, d := range docs {
		ents, err := ex.Extract(ctx, d.Text, analysis.EntityOptions{})
		if err != nil {
			return total, err
		}
		if err := r.Resolve(ctx, d.Text, places.Hints{URL: d.URL}, ents); err != nil {
			return total, err
		}
		for _, g := range d.Toponyms {
			// The entity whose mention starts first inside the gold span
			// (the head of "Evansville, Indiana"), a LOCATION on ties.
			var found *analysis.Place
			var seen []string
			begin := 0
			for _, e := range ents {
				for _, m := range e.Mentions {
					if m.Span.Begin >= g.Span.End || g.Span.Begin >= m.Span.End {
						continue
					}
					if log != nil {
						seen = append(seen, e.Type.String()+":"+e.Name)
					}
					if e.Place == nil {
						continue
					}
					if found == nil || m.Span.Begin < begin || (m.Span.Begin == begin && e.Type == analysis.EntityLocation) {
						found, begin = e.Place, m.Span.Begin
					}
				}
			}
			if log != nil && (found == nil || found.Status != analysis.PlaceResolved) {
				fmt.Fprintf(log, "%s\t%q\tentities %q\n", d.Name, g.Text, seen)
			}
			total.Add(score(r.Index(), d.Name, g, found, found != nil, log))
		}
	}
	return total, nil
}

func score(x *places.Index, doc string, g GoldToponym, p *analysis.Place, found bool, log io.Writer) Scores {
	s := Scores{Toponyms: 1}
	if !found {
		if log != nil {
			fmt.Fprintf(log, "%s\t%q\tnot found\n", doc, g.Text)
		}
		return s
	}
	s.Found = 1
	if p == nil || p.Status != analysis.PlaceResolved {
		if log != nil {
			st := "no place"
			if p != nil {
				st = fmt.Sprintf("%v %s (%s) %.2f", p.Status, p.Name, p.CountryCode, p.Confidence)
			}
			fmt.Fprintf(log, "%s\t%q\t%s\n", doc, g.Text, st)
		}
		return s
	}
	s.Resolved = 1
	gp := g.Place
	if gp < 0 {
		gp = g.Near
	}
	gold := x.Place(gp)
	km := places.DistanceKM(p.Latitude, p.Longitude, gold.Lat, gold.Lon)
	s.ErrKM = km
	if km <= KM161 {
		s.Within161 = 1
	} else if log != nil {
		fmt.Fprintf(log, "%s\t%q\tgot %s (%s, %s) %.2f, want %s (%s, %d) %.0f km\n", doc, g.Text, p.Name, p.CountryCode, p.DivisionName, p.Confidence, gold.Name, gold.Country, gold.ID, km)
	}
	return s
}
