package entities

import (
	"context"
	"path/filepath"
	"testing"
)

// Quality floors, pinned just under the figures measured with the committed
// model (see model/conll-perceptron.md).
func TestQualityFloors(t *testing.T) {
	dir := dataDir(t)
	ex := loadTest(t)
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

func TestCoNLLScoring(t *testing.T) {
	c := NewCounts()
	gold := []string{"I-PER", "I-PER", "O", "I-LOC", "B-LOC", "O", "I-ORG"}
	pred := []string{"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "O", "B-MISC"}
	c.Add(gold, pred)
	p, r, f := c.PRF("")
	// Gold: PER[0,2) LOC[3,4) LOC[4,5) ORG[6,7); pred: PER, LOC, LOC, MISC.
	if p != 0.75 || r != 0.75 || f != 0.75 {
		t.Errorf("PRF = %v %v %v, want 0.75 0.75 0.75", p, r, f)
	}
	if got := bilou([]string{"I-PER", "I-PER", "O", "I-LOC", "B-LOC"}); got[0] != mkTag(0, posB) || got[1] != mkTag(0, posL) || got[3] != mkTag(2, posU) || got[4] != mkTag(2, posU) {
		t.Errorf("bilou = %v", got)
	}
}

func TestGUMTimes(t *testing.T) {
	dir := dataDir(t)
	s, err := EvalGUM(context.Background(), loadTest(t), filepath.Join(dir, "ner/gum-news"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GUM news DATE/TIME: gold %d, predicted %d, precision %.3f, recall %.3f (overlap), exact %d", s.Gold, s.Pred, s.Precision(), s.Recall(), s.Exact)
	if s.Precision() < 0.97 || s.Recall() < 0.64 {
		t.Errorf("GUM DATE/TIME precision %.3f recall %.3f, want >= 0.97 and >= 0.64", s.Precision(), s.Recall())
	}
}
