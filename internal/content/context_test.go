package content

import (
	"math/rand/v2"
	"testing"
)

// paraMinMaxAllPairs is the definition newContextFeatures computes in
// linear time: per line, the min and max score of the other lines of its
// paragraph, or of its neighbours within two lines in a long paragraph.
func paraMinMaxAllPairs(scores []float64, lines []line) (lo, hi []float64) {
	n := len(scores)
	lo, hi = make([]float64, n), make([]float64, n)
	for k := range n {
		i, j := k, k
		for i > 0 && lines[i-1].para == lines[k].para {
			i--
		}
		for j < n && lines[j].para == lines[k].para {
			j++
		}
		from, to := i, j
		if j-i > maxParaLines {
			from, to = max(i, k-2), min(j, k+3)
		}
		lo[k], hi[k] = 2, -1
		for o := from; o < to; o++ {
			if o != k {
				lo[k], hi[k] = min(lo[k], scores[o]), max(hi[k], scores[o])
			}
		}
	}
	return lo, hi
}

func TestParaMinMax(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := r.IntN(300)
		scores, lines := make([]float64, n), make([]line, n)
		para := 0
		for i := range n {
			if r.IntN([]int{2, 10, 100}[trial%3]) == 0 {
				para++
			}
			scores[i], lines[i].para = r.Float64(), para
		}
		c := newContextFeatures(scores, lines)
		lo, hi := paraMinMaxAllPairs(scores, lines)
		for i := range n {
			if c.paraMin[i] != lo[i] || c.paraMax[i] != hi[i] {
				t.Fatalf("trial %d line %d: paraMin, paraMax = %v, %v, want %v, %v", trial, i, c.paraMin[i], c.paraMax[i], lo[i], hi[i])
			}
		}
	}
}
