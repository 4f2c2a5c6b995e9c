package entities

import (
	"slices"
	"testing"
)

// Hooks for the tests in data_test.go (package entities_test), which read
// CoNLL files through entitiesdata: this package's own tests cannot import
// it, since it imports this package.

// CheckRuleFilter is checkRuleFilter.
var CheckRuleFilter = checkRuleFilter

// ReadTexts is readTexts.
var ReadTexts = readTexts

// ComparePlainShortcut tags docs with m twice, with the tagger's
// plain-token shortcut and scoring every token, and returns both scores,
// the plain tokens after O and how many of them the two tag differently.
func ComparePlainShortcut(t *testing.T, m *Model, docs []Doc) (fast, exact *Counts, plain, differ int) {
	fast, exact = NewCounts(), NewCounts()
	sf, se := newTagState(), newTagState()
	se.exact = true
	var order []int
	for _, d := range docs {
		sf.startDoc(d, m.lex)
		se.startDoc(d, m.lex)
		order = sentenceOrder(d.Sentences, order)
		for _, k := range order {
			s := d.Sentences[k]
			m.tagSentence(sf, s.Words)
			m.tagSentence(se, s.Words)
			fast.Add(s.Labels, iobLabels(sf.tags))
			exact.Add(s.Labels, iobLabels(se.tags))
			for i := range s.Words {
				if se.infos[i].plain && (i == 0 || se.tags[i-1] == tagO) {
					plain++
					if se.tags[i] != sf.tags[i] {
						differ++
					}
				}
			}
			// Only the shortcut's own tokens and what follows them may differ.
			if !slices.Equal(sf.tags, se.tags) {
				t.Logf("differs: %q\n  shortcut %v\n  exact    %v", s.Words, sf.tags, se.tags)
			}
		}
	}
	return fast, exact, plain, differ
}
