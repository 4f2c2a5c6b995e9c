package contentdata

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestShingleMatch(t *testing.T) {
	tests := []struct {
		name, truth, pred string
		want              TPFPFN
	}{
		{"same", "a b c d e", "a b c d e", TPFPFN{1, 0, 0}},
		// truth: abcd bcde; pred: abcd bcdx: one shingle each way.
		{"one word off", "a b c d e", "a b c d x", TPFPFN{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{"empty prediction", "a b c d", "", TPFPFN{0, 0, 1}},
		{"short texts are one shingle", "Hello world", "hello world", TPFPFN{0, 0.5, 0.5}},
		{"punctuation splits", "a, b. c! d", "a b c d", TPFPFN{1, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ShingleMatch(tc.truth, tc.pred)
			if !near(got.TP, tc.want.TP) || !near(got.FP, tc.want.FP) || !near(got.FN, tc.want.FN) {
				t.Errorf("ShingleMatch(%q, %q) = %+v, want %+v", tc.truth, tc.pred, got, tc.want)
			}
		})
	}
}

func TestShinglePRF(t *testing.T) {
	// The benchmark leaves a page out of precision when it predicted
	// nothing, and out of recall when it has no truth.
	p, r, f := ShinglePRF([]TPFPFN{{1, 0, 0}, {0, 0, 1}, {0.5, 0.5, 0}})
	if !near(p, 0.75) || !near(r, 2.0/3) || !near(f, 2*0.75*(2.0/3)/(0.75+2.0/3)) {
		t.Errorf("ShinglePRF = %.3f %.3f %.3f, want 0.750 0.667 0.706", p, r, f)
	}
}

func TestSnippetShingleMatch(t *testing.T) {
	with := []string{"the council approved the plan on Monday", "Short one"}
	without := []string{"Subscribe to our newsletter today", "Share"}
	tests := []struct {
		name, pred string
		want       TPFPFN
	}{
		// 4 shingles of the long snippet + the short one, all found.
		{"all kept, all dropped", "the council approved the plan on Monday. Short one.", TPFPFN{1, 0, 0}},
		{"boilerplate kept", "the council approved the plan on Monday Short one Subscribe to our newsletter today Share", TPFPFN{5.0 / 8, 3.0 / 8, 0}},
		{"nothing", "", TPFPFN{0, 0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := SnippetShingleMatch(with, without, tc.pred)
			if !near(got.TP, tc.want.TP) || !near(got.FP, tc.want.FP) || !near(got.FN, tc.want.FN) {
				t.Errorf("SnippetShingleMatch(%q) = %+v, want %+v", tc.pred, got, tc.want)
			}
		})
	}
}
