package entities

import (
	"math"
	"testing"
)

// TestPAStep checks the passive-aggressive step: the hinge loss over the
// update's squared norm, features unknown to the index not counted,
// capped.
func TestPAStep(t *testing.T) {
	tr := &trainer{index: map[uint32]int32{11: 0, 12: 1}, w: make([]float32, 2*numTags), margin: 100, pa: 100}
	// Two static rows plus one known dynamic feature: n = 3, so
	// (100 - 40) / (2*3) = 10.
	var scores [numTags]float32
	known := tr.score(&scores, []uint32{11, 99})
	if known != 1 {
		t.Errorf("score counted %d known features of [11 99], want 1", known)
	}
	if got := tr.paStep(40, 2+known); got != 10 {
		t.Errorf("paStep(lead 40, 3 features) = %g, want 10", got)
	}
	// A mistake (the rival leads by 50): (100 + 50) / 6 = 25.
	if got := tr.paStep(-50, 3); got != 25 {
		t.Errorf("paStep(lead -50) = %g, want 25", got)
	}
	tr.pa = 1
	if got := tr.paStep(-50, 3); got != 1 {
		t.Errorf("paStep with cap 1 = %g, want 1", got)
	}
	if got := tr.paStep(-50, tr.score(&scores, []uint32{99})); got != 0 {
		t.Errorf("paStep with no known feature = %g, want 0", got)
	}
}

// TestDropoutShare checks that keep leaves out about the share asked for,
// and the same draws from the same seed.
func TestDropoutShare(t *testing.T) {
	for _, drop := range []float32{0.1, 0.5} {
		a := &trainer{drop: drop, rs: 0x9E3779B97F4A7C15}
		b := &trainer{drop: drop, rs: 0x9E3779B97F4A7C15}
		const n = 200000
		kept := 0
		for i := 0; i < n; i++ {
			ka := a.keep()
			if ka != b.keep() {
				t.Fatalf("drop %g: draw %d differs between two trainers with one seed", drop, i)
			}
			if ka {
				kept++
			}
		}
		if share := 1 - float64(kept)/n; math.Abs(share-float64(drop)) > 0.01 {
			t.Errorf("drop %g: left out %.4f of the features", drop, share)
		}
	}
}

// TestQuantisePrune checks that pruning leaves out the rows whose weights
// are all smaller than the threshold, and only those.
func TestQuantisePrune(t *testing.T) {
	w := map[uint32][]float32{
		1: {0.5, -0.9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		2: {0.5, -1.2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		3: {30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	}
	if q := quantise(w, 0); len(q.keys) != 3 {
		t.Errorf("no pruning kept %v, want all three rows", q.keys)
	}
	q := quantise(w, 1)
	if len(q.keys) != 2 || q.keys[0] != 2 || q.keys[1] != 3 {
		t.Errorf("pruning at 1 kept %v, want [2 3]", q.keys)
	}
}
