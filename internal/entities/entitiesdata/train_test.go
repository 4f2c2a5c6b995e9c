package entitiesdata

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/entities"
)

// TestTrainDeterministic trains twice on a small slice of the default
// training files, eng.train and eng.testa (two seeds averaged): the files
// must be byte-identical, and they must load and tag.
func TestTrainDeterministic(t *testing.T) {
	dir := dataDir(t)
	var docs []entities.Doc
	for _, f := range []struct {
		name string
		n    int
	}{{"eng.train", 30}, {"eng.testa", 10}} {
		d, err := ReadCoNLLFile(filepath.Join(dir, "ner/conll2003", f.name))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d[:f.n]...)
	}
	places, err := ReadGeoNames(filepath.Join(dir, "gazetteers/geonames"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := entities.TrainConfig{
		Train:     docs,
		TrainedOn: "eng.train+eng.testa",
		Places:    places,
		Epochs:    2,
		Seed:      7,
		Seeds:     2,
		Margin:    100,
		// The shipped model's update rule: passive-aggressive steps,
		// feature dropout from a seeded random state, pruning.
		PA:         1,
		Dropout:    0.1,
		Prune:      1,
		TrainNames: true,
		// Both directions, as the shipped model: the right-to-left
		// table must be as deterministic as the other.
		Bidirectional: true,
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
	if m := ex.Model().Meta; !m.Bidirectional || m.ReverseFeatures == 0 {
		t.Errorf("model metadata %+v, want a right-to-left table", m)
	}
	// On its own training slice even a tiny model must do well.
	if _, _, f := ex.TagCoNLL(docs).PRF(""); f < 0.8 {
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

// TestCrossValidate runs a small 2-fold cross-validation: every held-out
// token is scored once, by the fold that left it out, and the extra set
// by both folds' models.
func TestCrossValidate(t *testing.T) {
	dir := dataDir(t)
	docs, err := ReadCoNLLFile(filepath.Join(dir, "ner/conll2003/eng.train"))
	if err != nil {
		t.Fatal(err)
	}
	docs = docs[:30]
	ntok := 0
	for _, d := range docs {
		for _, s := range d.Sentences {
			ntok += len(s.Words)
		}
	}
	extra := docs[:3]
	cfg := entities.TrainConfig{Train: docs, Epochs: 2, Seed: 1, Margin: 100, TrainNames: true}
	res, err := entities.CrossValidate(context.Background(), cfg, 2, map[string][]entities.Doc{"x": extra})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Folds) != 2 || res.Held.Tokens != ntok {
		t.Errorf("%d folds, %d held-out tokens; want 2 and %d", len(res.Folds), res.Held.Tokens, ntok)
	}
	if x := res.Extra["x"]; x == nil || x.Tokens != 2*(ntok-countTokens(docs[3:])) {
		t.Errorf("extra set scored on %v tokens, want twice its tokens", x)
	}
	if _, _, f := res.Held.PRF(""); f < 0.3 {
		t.Errorf("held-out F1 %.3f from 15 training documents, want >= 0.3", f)
	}
	if _, err := entities.CrossValidate(context.Background(), cfg, 1, nil); err == nil {
		t.Error("1 fold: no error")
	}
}

func countTokens(docs []entities.Doc) int {
	n := 0
	for _, d := range docs {
		for _, s := range d.Sentences {
			n += len(s.Words)
		}
	}
	return n
}

// TestReadGUMNames: GUM's capitalised person, place and organisation
// mentions become PER, LOC and ORG names, innermost first, without a
// leading "the"; descriptions ("all-girl Afghan team") are not names.
func TestReadGUMNames(t *testing.T) {
	d, err := ReadGUMNames(filepath.Join(dataDir(t), "ner/gum-news/GUM_news_afghan.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range d.Sentences {
		if len(s.Words) != len(s.Labels) {
			t.Fatalf("%d words, %d labels", len(s.Words), len(s.Labels))
		}
		// The reader writes IOB2: a name starts at B-.
		for i := 0; i < len(s.Labels); i++ {
			if !strings.HasPrefix(s.Labels[i], "B-") {
				continue
			}
			j := i + 1
			for j < len(s.Labels) && strings.HasPrefix(s.Labels[j], "I-") {
				j++
			}
			got[strings.Join(s.Words[i:j], " ")] = s.Labels[i][2:]
		}
	}
	for name, typ := range map[string]string{"Daughters of the American Revolution": "ORG", "Washington D.C.": "LOC", "United States": "LOC", "Dean Kamen": "PER"} {
		if got[name] != typ {
			t.Errorf("%q: %q, want %q", name, got[name], typ)
		}
	}
	for _, name := range []string{"all - girl Afghan team", "the United States", "Afghan"} {
		if typ, ok := got[name]; ok {
			t.Errorf("%q read as %s", name, typ)
		}
	}
}
