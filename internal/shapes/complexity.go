package shapes

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// MaxDoublingRatio is the most that CheckLinear lets a stage's work grow
// at two successive doublings of its input: linear work doubles, n log n
// grows a little more, quadratic work quadruples at every doubling. The
// margin absorbs the noise of CPU time on a busy machine; a single step
// above it is allowed (an input outgrowing a CPU cache, or a bounded set
// such as a model's labels filling up), one above MaxSingleRatio is not.
const (
	MaxDoublingRatio = 3.2
	MaxSingleRatio   = 4.5
)

// minMeasure is the least CPU time one measurement takes: a small input is
// run again until then, and its work is the mean per run.
const minMeasure = 20 * time.Millisecond

// CheckLinear runs f on every shape at sizes n0, 2*n0, ... 2^doublings*n0
// bytes and measures the CPU time of the calling thread (not wall time:
// another process on the machine does not count). A ratio above
// MaxDoublingRatio is measured again (three times each size, the least
// kept). It logs, per shape, the largest ratio of work between doubled
// inputs, and fails when two successive ratios exceed MaxDoublingRatio or
// one exceeds MaxSingleRatio, or when the work of the largest input over
// the smallest exceeds what one step at MaxSingleRatio and the others at
// MaxDoublingRatio allow, in two sweeps of the sizes.
func CheckLinear(t testing.TB, stage string, set []Shape, n0, doublings int, f func(in string)) {
	t.Helper()
	if !threadCPUSupported {
		t.Skip("per-thread CPU time is not available on this system")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, s := range set {
		ins := make([]string, doublings+1)
		for i := range ins {
			ins[i] = s.Make(n0 << i)
		}
		r := sweep(f, ins)
		if r.bad != "" {
			// A busy machine can stretch two measurements in a row: a
			// stage fails only when a second sweep fails too.
			r = sweep(f, ins)
		}
		t.Log(fmt.Sprintf("complexity %-8s %-18s %7d..%-8d bytes: largest work ratio x%.2f (%d -> %d bytes), total x%.1f for x%d input",
			stage, s.Name, len(ins[0]), len(ins[len(ins)-1]), r.worst, len(ins[r.at-1]), len(ins[r.at]), r.total, 1<<doublings))
		if r.bad != "" {
			t.Errorf("%s on %s: work %s (CPU per size %v)", stage, s.Name, r.bad, r.work)
		}
	}
}

// sweepResult is one measurement of a shape at every size.
type sweepResult struct {
	work         []time.Duration
	worst, total float64
	at           int    // the size whose ratio to the one before is worst
	bad          string // why the work is not linear; "" when it is
}

// sweep measures f on each input (each twice the size of the one before).
func sweep(f func(string), ins []string) sweepResult {
	// Warm up on the largest input: the heap and the stage's pooled
	// buffers grow once, not within one size's measurement.
	f(ins[len(ins)-1])
	runtime.GC()
	r := sweepResult{work: make([]time.Duration, len(ins)), at: 1}
	// Two rounds over the sizes, the least kept per size: on a shared
	// machine a slow stretch of some tens of milliseconds (a neighbour on
	// the core, a frequency change) inflates one size's measurement by up
	// to x2; in the other round it falls on another size or on none.
	for round := range 2 {
		for i, in := range ins {
			if w := measure(f, in); round == 0 || w < r.work[i] {
				r.work[i] = w
			}
		}
	}
	for i := 1; i < len(ins); i++ {
		if ratio(r.work[i], r.work[i-1]) > MaxDoublingRatio {
			// Noise or a real quadratic: measure both again.
			for range 3 {
				r.work[i-1] = min(r.work[i-1], measure(f, ins[i-1]))
				r.work[i] = min(r.work[i], measure(f, ins[i]))
			}
		}
	}
	prev := 0.0
	for i := 1; i < len(ins); i++ {
		q := ratio(r.work[i], r.work[i-1])
		if q > r.worst {
			r.worst, r.at = q, i
		}
		switch {
		case q > MaxSingleRatio:
			r.bad = fmt.Sprintf("x%.2f from %d to %d bytes, over x%.1f", q, len(ins[i-1]), len(ins[i]), MaxSingleRatio)
		case q > MaxDoublingRatio && prev > MaxDoublingRatio:
			r.bad = fmt.Sprintf("x%.2f then x%.2f from %d to %d bytes, both over x%.1f", prev, q, len(ins[i-2]), len(ins[i]), MaxDoublingRatio)
		}
		prev = q
	}
	r.total = ratio(r.work[len(r.work)-1], r.work[0])
	// The whole sweep: at most one step at MaxSingleRatio, the others at
	// MaxDoublingRatio. Quadratic work whose steps noise pushes in turn
	// above and below MaxDoublingRatio still grows 4^d over d doublings.
	if limit := MaxSingleRatio * math.Pow(MaxDoublingRatio, float64(len(ins)-2)); r.bad == "" && r.total > limit {
		r.bad = fmt.Sprintf("x%.1f from %d to %d bytes, over x%.1f", r.total, len(ins[0]), len(ins[len(ins)-1]), limit)
	}
	return r
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(b, time.Microsecond)) }

// measure returns the thread CPU time of one run of f(in): the mean over
// as many runs as take minMeasure.
func measure(f func(string), in string) time.Duration { return measureFor(f, in, minMeasure) }

// measureFor is measure with runs until least.
func measureFor(f func(string), in string, least time.Duration) time.Duration {
	var total time.Duration
	runs := 0
	for total < least {
		t0 := threadCPU()
		f(in)
		total += threadCPU() - t0
		runs++
	}
	return total / time.Duration(runs)
}
