package entitiesdata

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/entities"
)

// TestTrainDeterministic trains twice on a small slice (two seeds averaged):
// the files must be byte-identical, and they must load and tag.
func TestTrainDeterministic(t *testing.T) {
	dir := dataDir(t)
	docs, err := ReadCoNLLFile(filepath.Join(dir, "ner/conll2003/eng.train"))
	if err != nil {
		t.Fatal(err)
	}
	places, err := ReadGeoNames(filepath.Join(dir, "gazetteers/geonames"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := entities.TrainConfig{
		Train:      docs,
		TrainedOn:  "eng.train",
		Places:     places,
		Epochs:     2,
		Seed:       7,
		Seeds:      2,
		Margin:     100,
		MaxDocs:    40,
		TrainNames: true,
	}
	var a, b bytes.Buffer
	if _, err := entities.Train(context.Background(), cfg, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := entities.Train(context.Background(), cfg, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two trainings with the same data and seed differ (%d vs %d bytes)", a.Len(), b.Len())
	}
	ex, err := entities.Load(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// On its own training slice even a tiny model must do well.
	if _, _, f := ex.TagCoNLL(docs[:40]).PRF(""); f < 0.8 {
		t.Errorf("tiny model F1 on its training slice = %.3f, want >= 0.8", f)
	}
	cfg.Seed = 8
	var c bytes.Buffer
	if _, err := entities.Train(context.Background(), cfg, &c); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Errorf("a different seed gave the same model; the seed is not used")
	}
}
