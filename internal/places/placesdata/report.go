package placesdata

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/places"
)

// SetResult is the evaluation of one set: with the gold toponyms and end to
// end, for the resolver and the population baseline.
type SetResult struct {
	Name                  string
	Gold, GoldBaseline    Scores
	EndToEnd, E2EBaseline Scores
}

// Evaluate scores r (and the population baseline over the same index) on
// GUM news and the hand-annotated set found under dataDir, with ex as the
// entity stage. annotations is testdata/handset.tsv, seed the seed article.
// log, when not nil, gets one line per miss of r.
func Evaluate(ctx context.Context, r *places.Resolver, ex analysis.EntityExtractor, dataDir, annotations, seed string, log io.Writer) ([]SetResult, error) {
	gum, err := LoadGUM(filepath.Join(dataDir, GUMDir), r.Index())
	if err != nil {
		return nil, err
	}
	hand, err := OpenHandSet(dataDir, annotations, seed, r.Index())
	if err != nil {
		return nil, err
	}
	base := places.New(r.Index(), BaselineConfig())
	var out []SetResult
	for _, set := range []struct {
		name string
		docs []GoldDoc
	}{{"gum", gum}, {"hand", hand}} {
		res := SetResult{Name: set.name}
		if res.Gold, err = EvaluateGold(r, set.docs, log); err != nil {
			return nil, err
		}
		if res.GoldBaseline, err = EvaluateGold(base, set.docs, nil); err != nil {
			return nil, err
		}
		if res.EndToEnd, err = EvaluateEndToEnd(ctx, r, ex, set.docs, log); err != nil {
			return nil, err
		}
		if res.E2EBaseline, err = EvaluateEndToEnd(ctx, base, ex, set.docs, nil); err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// Print writes the results as a table.
func Print(w io.Writer, results []SetResult) {
	fmt.Fprintf(w, "%-5s %-14s %-9s %9s %6s %9s %9s %8s\n", "set", "toponyms", "resolver", "toponyms", "found", "resolved", "acc@161", "mean km")
	for _, r := range results {
		for _, row := range []struct {
			mode, who string
			s         Scores
		}{{"gold", "docsift", r.Gold}, {"gold", "baseline", r.GoldBaseline}, {"end-to-end", "docsift", r.EndToEnd}, {"end-to-end", "baseline", r.E2EBaseline}} {
			fmt.Fprintf(w, "%-5s %-14s %-9s %9d %6d %9.3f %9.3f %8.0f\n", r.Name, row.mode, row.who, row.s.Toponyms, row.s.Found, row.s.ShareResolved(), row.s.Acc161(), row.s.MeanKM())
		}
	}
}
