package placesdata

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places"
)

// TestEval prints the figures of the model card and pins floors just under
// them: GUM news and the hand-annotated set, with the gold toponyms and end
// to end (the entity stage finds the names), next to the population
// baseline. PLACES_LOG=1 with -v lists every miss.
func TestEval(t *testing.T) {
	dir := datatest.Dir(t, GUMDir)
	r, err := places.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := entities.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var log io.Writer
	if testing.Verbose() && os.Getenv("PLACES_LOG") != "" {
		log = os.Stderr
	}
	res, err := Evaluate(context.Background(), r, ex, dir, filepath.Join("testdata", "handset.tsv"), filepath.Join("..", "..", "..", "seeds", "000_6d735a571148c0b2.txt"), log)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	Print(&b, res)
	t.Log("\n" + b.String())
	type floor struct{ acc, share float64 }
	floors := map[string][2]floor{
		"gum":  {{0.97, 0.93}, {0.95, 0.89}},
		"hand": {{0.97, 0.80}, {0.97, 0.79}},
	}
	for _, s := range res {
		f := floors[s.Name]
		for i, got := range []Scores{s.Gold, s.EndToEnd} {
			if got.Acc161() < f[i].acc || got.ShareResolved() < f[i].share {
				t.Errorf("%s (%s): acc@161km %.3f, resolved %.3f; floors %.2f, %.2f", s.Name, []string{"gold toponyms", "end to end"}[i], got.Acc161(), got.ShareResolved(), f[i].acc, f[i].share)
			}
		}
	}
}

func TestTuneGUM(t *testing.T) {
	if os.Getenv("PLACES_TUNE") == "" {
		t.Skip("set PLACES_TUNE=1 to print the grid the defaults were chosen from")
	}
	dir := datatest.Dir(t, GUMDir)
	r, _ := places.Default()
	docs, err := LoadGUM(filepath.Join(dir, GUMDir), r.Index())
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := entities.LoadDefault()
	for _, pw := range []float64{1, 0.7} {
		for _, ctxw := range []float64{0.5, 1, 2, 3} {
			for _, db := range []float64{-0.5, -1.5, -2.5} {
				c := places.DefaultConfig
				c.PopWeight, c.Context, c.DivisionBonus = pw, ctxw, db
				rr := places.New(r.Index(), c)
				g, _ := EvaluateGold(rr, docs, nil)
				e, _ := EvaluateEndToEnd(context.Background(), rr, ex, docs, nil)
				t.Logf("pop %.1f ctx %.1f div %.1f | gold %.3f %.3f | e2e %.3f %.3f %.0f", pw, ctxw, db, g.Acc161(), g.ShareResolved(), e.Acc161(), e.ShareResolved(), e.MeanKM())
			}
		}
	}
}
