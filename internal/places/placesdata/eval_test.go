package placesdata

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places"
)

func TestEvalGUM(t *testing.T) {
	dir := datatest.Dir(t, GUMDir)
	r, err := places.Default()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := LoadGUM(filepath.Join(dir, GUMDir), r.Index())
	if err != nil {
		t.Fatal(err)
	}
	base := places.New(r.Index(), BaselineConfig())
	ex, err := entities.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var log *os.File
	if testing.Verbose() {
		log = os.Stderr
	}
	g, _ := EvaluateGold(r, docs, nil)
	gb, _ := EvaluateGold(base, docs, nil)
	e, _ := EvaluateEndToEnd(context.Background(), r, ex, docs, log)
	eb, _ := EvaluateEndToEnd(context.Background(), base, ex, docs, nil)
	t.Logf("gold toponyms  docsift:  %v", g)
	t.Logf("gold toponyms  baseline: %v", gb)
	t.Logf("end to end     docsift:  %v", e)
	t.Logf("end to end     baseline: %v", eb)
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
