package placesdata

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places"
)

// TestEval prints the figures of the model card and pins floors just under
// them: GUM news and the hand-annotated set, with the gold toponyms and end
// to end (the entity stage finds the names), next to the population
// baseline.
func TestEval(t *testing.T) {
	dir := datatest.Dir(t, GUMDir)
	r, err := places.Default()
	if err != nil {
		t.Fatal(err)
	}
	gum, err := LoadGUM(filepath.Join(dir, GUMDir), r.Index())
	if err != nil {
		t.Fatal(err)
	}
	hand, err := OpenHandSet(dir, filepath.Join("testdata", "handset.tsv"), filepath.Join("..", "..", "..", "seeds", "000_6d735a571148c0b2.txt"), r.Index())
	if err != nil {
		t.Fatal(err)
	}
	ex, err := entities.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	base := places.New(r.Index(), BaselineConfig())
	var log io.Writer
	if testing.Verbose() && os.Getenv("PLACES_LOG") != "" {
		log = os.Stderr
	}
	type floor struct{ acc, share float64 }
	for _, set := range []struct {
		name       string
		docs       []GoldDoc
		gold, e2e floor
	}{
		{"gum", gum, floor{0.97, 0.93}, floor{0.95, 0.89}},
		{"hand", hand, floor{0.97, 0.80}, floor{0.97, 0.77}},
	} {
		g, err := EvaluateGold(r, set.docs, log)
		if err != nil {
			t.Fatal(err)
		}
		gb, _ := EvaluateGold(base, set.docs, nil)
		e, err := EvaluateEndToEnd(context.Background(), r, ex, set.docs, log)
		if err != nil {
			t.Fatal(err)
		}
		eb, _ := EvaluateEndToEnd(context.Background(), base, ex, set.docs, nil)
		t.Logf("%s gold toponyms  docsift:  %v", set.name, g)
		t.Logf("%s gold toponyms  baseline: %v", set.name, gb)
		t.Logf("%s end to end     docsift:  %v", set.name, e)
		t.Logf("%s end to end     baseline: %v", set.name, eb)
		if g.Acc161() < set.gold.acc || g.ShareResolved() < set.gold.share {
			t.Errorf("%s gold toponyms: acc@161km %.3f, resolved %.3f; floors %.2f, %.2f", set.name, g.Acc161(), g.ShareResolved(), set.gold.acc, set.gold.share)
		}
		if e.Acc161() < set.e2e.acc || e.ShareResolved() < set.e2e.share {
			t.Errorf("%s end to end: acc@161km %.3f, resolved %.3f; floors %.2f, %.2f", set.name, e.Acc161(), e.ShareResolved(), set.e2e.acc, set.e2e.share)
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
