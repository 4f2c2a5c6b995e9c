package contentdata

import (
	"math"
	"testing"

	"github.com/docsift/docsift/internal/content"
)

func TestWordPRF(t *testing.T) {
	tests := []struct {
		pred, gold string
		p, r, f    float64
	}{
		{"a b c", "a b c", 1, 1, 1},
		{"a b", "a b c d", 1, 0.5, 2.0 / 3},
		{"a a a", "a", 1.0 / 3, 1, 0.5},
		{"", "a", 0, 0, 0},
		{"", "", 1, 1, 1},
		{"x y", "a b", 0, 0, 0},
		{"Hello, World!", "hello world", 1, 1, 1},
	}
	for _, tc := range tests {
		p, r, f := WordPRF(tc.pred, tc.gold)
		if math.Abs(p-tc.p) > 1e-9 || math.Abs(r-tc.r) > 1e-9 || math.Abs(f-tc.f) > 1e-9 {
			t.Errorf("WordPRF(%q, %q) = %.3f %.3f %.3f, want %.3f %.3f %.3f", tc.pred, tc.gold, p, r, f, tc.p, tc.r, tc.f)
		}
	}
}

func TestCounts(t *testing.T) {
	var c Counts
	c.Add("keep this and that", []string{"keep this", "missing"}, []string{"that", "gone"})
	c.Add("", []string{"x"}, []string{"y"})
	if want := (Counts{TP: 1, FN: 2, FP: 1, TN: 2}); c != want {
		t.Fatalf("Counts = %+v, want %+v", c, want)
	}
	p, r, f := c.PRF()
	if p != 0.5 || math.Abs(r-1.0/3) > 1e-9 || math.Abs(f-0.4) > 1e-9 {
		t.Errorf("PRF() = %v %v %v, want 0.5 0.333 0.4", p, r, f)
	}
}

func TestLabellers(t *testing.T) {
	exp := ExpectedLabeller("First paragraph of the article, long enough.\n\nShort")
	for _, tc := range []struct {
		line string
		want int
	}{{"First paragraph of the article, long enough.", content.LabelContent}, {"Short", content.LabelContent}, {"paragraph of the article, long", content.LabelContent}, {"Share", content.LabelBoilerplate}, {"art", content.LabelBoilerplate}} {
		if got := exp(tc.line); got != tc.want {
			t.Errorf("ExpectedLabeller(%q) = %d, want %d", tc.line, got, tc.want)
		}
	}
	snip := SnippetLabeller([]string{"keep"}, []string{"drop"})
	for _, tc := range []struct {
		line string
		want int
	}{{"we keep it", content.LabelContent}, {"drop me", content.LabelBoilerplate}, {"other", content.LabelUnknown}} {
		if got := snip(tc.line); got != tc.want {
			t.Errorf("SnippetLabeller(%q) = %d, want %d", tc.line, got, tc.want)
		}
	}
}

func TestHeldOutIsStable(t *testing.T) {
	// The split is part of the reported figures: it must never change.
	n := 0
	for _, name := range []string{"aclu", "ars-1", "bbc-1", "cnn", "guardian-1", "herald-sun-1", "mercurial", "nytimes-1", "wapo-1", "wikipedia"} {
		if HeldOut(name) {
			n++
		}
	}
	if !HeldOut("mercurial") || !HeldOut("guardian-1") || n == 10 {
		t.Errorf("HeldOut split changed (mercurial %v, guardian-1 %v, %d of 10 held out)", HeldOut("mercurial"), HeldOut("guardian-1"), n)
	}
}
