package entitiesdata

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/entities"
)

// dataDir returns the shared data folder (see datatest.Dir).
func dataDir(t testing.TB) string { return datatest.Dir(t, "ner") }

func loadDefault(t testing.TB) *entities.Extractor {
	t.Helper()
	ex, err := entities.LoadDefault()
	if err != nil {
		t.Fatalf("LoadDefault() error: %v", err)
	}
	return ex
}

// Quality floors, pinned just under the figures measured with the committed
// model (see model/conll-perceptron.md).
func TestQualityFloors(t *testing.T) {
	dir := dataDir(t)
	ex := loadDefault(t)
	tests := []struct {
		file  string
		floor map[string]float64 // "" is overall F1
	}{
		{"ner/conll2003/eng.testa", map[string]float64{"": 0.92, "PER": 0.947, "LOC": 0.948, "ORG": 0.87, "MISC": 0.875}},
		{"ner/wikigold/wikigold.conll.txt", map[string]float64{"": 0.583}},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			docs, err := ReadCoNLLFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			c := ex.TagCoNLL(docs)
			for typ, floor := range tc.floor {
				p, r, f := c.PRF(typ)
				t.Logf("%s %q: P %.4f R %.4f F1 %.4f", tc.file, typ, p, r, f)
				if f < floor {
					t.Errorf("F1(%s, %q) = %.4f, want >= %.3f", tc.file, typ, f, floor)
				}
			}
		})
	}
}

func TestGUMTimes(t *testing.T) {
	dir := dataDir(t)
	s, err := EvalGUM(context.Background(), loadDefault(t), filepath.Join(dir, "ner/gum-news"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GUM news DATE/TIME: gold %d, predicted %d, precision %.3f, recall %.3f (overlap), exact %d", s.Gold, s.Pred, s.Precision(), s.Recall(), s.Exact)
	if s.Precision() < 0.97 || s.Recall() < 0.64 {
		t.Errorf("GUM DATE/TIME precision %.3f recall %.3f, want >= 0.97 and >= 0.64", s.Precision(), s.Recall())
	}
}
