package entities

import (
	"maps"
	"testing"
)

func TestLexiconDeterministic(t *testing.T) {
	text := "The bank said on Monday that shares rose. The bank said on Tuesday that prices fell. " +
		"Shares of the company rose on Friday. Prices of oil fell on Monday. London and Paris said so. " +
		"Paris said on Friday that London rose."
	build := func() lexicon {
		c := newCorpus()
		var toks []Token
		for i := 0; i < 20; i++ {
			toks = c.addText(text, toks)
		}
		return buildLexicon(c, 8, 4, 2, 6)
	}
	a, b := build(), build()
	if !maps.Equal(a, b) {
		t.Fatalf("buildLexicon is not deterministic")
	}
	// Weekdays share contexts ("on _ that"), so they should share a class.
	f1, _, _ := a.lookup(hashLower("Monday"))
	f2, _, _ := a.lookup(hashLower("Tuesday"))
	f3, _, _ := a.lookup(hashLower("Friday"))
	if f1 == 0 || f1 != f2 || f2 != f3 {
		t.Errorf("clusters of Monday, Tuesday, Friday = %d, %d, %d; want one non-zero class", f1, f2, f3)
	}
	if _, _, caps := a.lookup(hashLower("london")); caps != capsUpper {
		t.Errorf("caps bucket of London = %d, want %d", caps, capsUpper)
	}
	if _, _, caps := a.lookup(hashLower("shares")); caps != capsLower {
		t.Errorf("caps bucket of shares = %d, want %d", caps, capsLower)
	}
}
