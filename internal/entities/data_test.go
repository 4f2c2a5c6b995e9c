package entities_test

import (
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/entities/entitiesdata"
)

// The tests of this file need the CoNLL data, read by entitiesdata.

// TestPlainShortcut measures the tagger's plain-token shortcut (a token
// with no capital after O is tagged O unscored) against scoring every
// token: on eng.testa at most 5 of its ~34,400 such tokens may disagree
// (none does, since "serie" and "de" are name particles) and F1 may move
// by at most 0.001.
func TestPlainShortcut(t *testing.T) {
	docs, err := entitiesdata.ReadCoNLLFile(filepath.Join(datatest.Dir(t, "ner"), "ner/conll2003/eng.testa"))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := entities.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	fast, exact, plain, differ := entities.ComparePlainShortcut(t, ex.Model(), docs)
	_, _, ff := fast.PRF("")
	_, _, fe := exact.PRF("")
	t.Logf("plain tokens after O: %d, tagged differently: %d; F1 %.4f with the shortcut, %.4f without", plain, differ, ff, fe)
	if plain < 20000 || differ > 5 {
		t.Errorf("plain tokens after O: %d, differing: %d; want >= 20000 and <= 5", plain, differ)
	}
	if d := fe - ff; d > 0.001 || d < -0.001 {
		t.Errorf("F1 %.4f with the shortcut, %.4f without: moved by more than 0.001", ff, fe)
	}
}

// TestRuleFilterExactData is TestRuleFilterExact on CoNLL's training text
// and the BBC articles.
func TestRuleFilterExactData(t *testing.T) {
	dir := datatest.Dir(t, "ner")
	var texts []string
	docs, err := entitiesdata.ReadCoNLLFile(filepath.Join(dir, "ner/conll2003/eng.train"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		texts = append(texts, d.Text())
	}
	entities.CheckRuleFilter(t, append(texts, entities.ReadTexts(t, filepath.Join(dir, "topics/bbc/*/*.txt"))...))
}
