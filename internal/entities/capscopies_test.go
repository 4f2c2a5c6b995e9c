package entities

import (
	"strings"
	"testing"
)

func TestWithCapsCopies(t *testing.T) {
	var docs []Doc
	for i := range 10 {
		docs = append(docs, Doc{Sentences: []Sentence{{
			Words:  []string{"Mr", "Brown", "visited", "São", "Paulo", strings.Repeat("x", i+1)},
			Labels: []string{"O", "I-PER", "O", "I-LOC", "I-LOC", "O"},
		}}})
	}
	gazOf := func(d int) map[uint64]uint8 { return map[uint64]uint8{uint64(d): 1} }

	same, g := withCapsCopies(docs, gazOf, 0)
	if len(same) != len(docs) || g(3)[3] != 1 {
		t.Fatalf("share 0: %d documents, want %d unchanged", len(same), len(docs))
	}
	all, g := withCapsCopies(docs, gazOf, 0.3)
	if len(all) != 13 {
		t.Fatalf("share 0.3 of 10: %d documents, want 13", len(all))
	}
	for d := len(docs); d < len(all); d++ {
		s := all[d].Sentences[0]
		want := strings.Repeat("X", len(s.Words[5]))
		if s.Words[1] != "BROWN" || s.Words[3] != "SÃO" || s.Words[5] != want {
			t.Errorf("copy %d: words %q, want capitals", d, s.Words)
		}
		if s.Labels[1] != "I-PER" || s.Labels[4] != "I-LOC" {
			t.Errorf("copy %d: labels %q changed", d, s.Labels)
		}
		orig := len(s.Words[5]) - 1
		if g(d)[uint64(orig)] != 1 {
			t.Errorf("copy %d of document %d reads another document's gazetteer", d, orig)
		}
	}
	if docs[0].Sentences[0].Words[1] != "Brown" {
		t.Error("the originals were changed")
	}
	if all, _ := withCapsCopies(docs, gazOf, 5); len(all) != 20 {
		t.Errorf("share over 1: %d documents, want 20", len(all))
	}
}
