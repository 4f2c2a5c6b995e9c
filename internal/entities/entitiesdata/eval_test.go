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
// model (see model/conll-perceptron.md). wikigold is out of domain and never
// trained on: its floor is the held-out check. The shipped model
// is trained on eng.train and eng.testa, so eng.testa's floor is a
// regression check on training data (a broken model or feature code falls
// far below it), not an estimate of quality; the card's estimate is the
// cross-validation over eng.train.
func TestQualityFloors(t *testing.T) {
	dir := dataDir(t)
	ex := loadDefault(t)
	tests := []struct {
		file  string
		caps  bool               // every word in capitals (entities.UpperDocs)
		floor map[string]float64 // "" is overall F1
	}{
		// Passive-aggressive steps, feature dropout, capitals copies of
		// 30% of the documents: 0.6433 (PER 0.8042, LOC 0.7201, ORG
		// 0.4701, MISC 0.4936); with 10% copies 0.6416; the perceptron
		// before it 0.6388 (PER 0.7923, LOC 0.7168, ORG 0.4654, MISC
		// 0.5059); left to right alone 0.6166.
		{"ner/wikigold/wikigold.conll.txt", false, map[string]float64{"": 0.640, "PER": 0.800, "LOC": 0.715, "ORG": 0.465, "MISC": 0.489}},
		// Text in capitals: 0.5571 (PER 0.7592, LOC 0.6304, ORG 0.2266,
		// MISC 0.4122); with 10% copies 0.5440; the perceptron before it
		// 0.5383; the model before the capitals copies 0.382.
		{"ner/wikigold/wikigold.conll.txt", true, map[string]float64{"": 0.552, "PER": 0.754, "LOC": 0.625, "ORG": 0.220, "MISC": 0.407}},
		// Training data: a regression check only (bidirectional: 0.9919,
		// ORG 0.9828; the two directions' product fits its training data
		// less tightly than one direction did, 0.9953).
		{"ner/conll2003/eng.testa", false, map[string]float64{"": 0.985, "PER": 0.99, "LOC": 0.99, "ORG": 0.975, "MISC": 0.98}},
	}
	for _, tc := range tests {
		name := filepath.Base(tc.file)
		if tc.caps {
			name += "/capitals"
		}
		t.Run(name, func(t *testing.T) {
			docs, err := ReadCoNLLFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if tc.caps {
				docs = entities.UpperDocs(docs)
			}
			c := ex.TagCoNLL(docs)
			for typ, floor := range tc.floor {
				p, r, f := c.PRF(typ)
				t.Logf("%s %q: P %.4f R %.4f F1 %.4f", name, typ, p, r, f)
				if f < floor {
					t.Errorf("F1(%s, %q) = %.4f, want >= %.3f", name, typ, f, floor)
				}
			}
		})
	}
}

// TestGUMNames: the tagger's PER, LOC and ORG names against GUM's
// (approximate: see ReadGUMNames; the tagger's MISC names left out). GUM is
// held out too: never trained on.
func TestGUMNames(t *testing.T) {
	docs, err := ReadGUMNamesDir(filepath.Join(dataDir(t), "ner/gum-news"))
	if err != nil {
		t.Fatal(err)
	}
	c := loadDefault(t).TagCoNLL(docs).Without("MISC")
	p, r, f := c.PRF("")
	t.Logf("GUM news names: P %.4f R %.4f F1 %.4f", p, r, f)
	// 0.5365 with passive-aggressive steps, feature dropout and 30%
	// capitals copies (0.5404 with 10%); 0.5325 with the perceptron before
	// it; 0.5612 left to right alone (the fold models of the
	// cross-validation gain on GUM with both directions, 52.97 -> 53.81
	// summed, and the shipped one lost: see the model card).
	if f < 0.533 {
		t.Errorf("GUM names F1 %.4f, want >= 0.533", f)
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
