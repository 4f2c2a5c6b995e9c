package shapes

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// MaxDoublingRatio is the most that CheckLinear lets a stage's work grow
// when its input doubles: linear work doubles, n log n grows a little more,
// quadratic work quadruples. The margin absorbs the noise of CPU time on a
// busy machine.
const MaxDoublingRatio = 3.2

// minMeasure is the least CPU time one measurement takes: a small input is
// run again until then, and its work is the mean per run.
const minMeasure = 20 * time.Millisecond

// CheckLinear runs f on every shape at sizes n0, 2*n0, ... 2^doublings*n0
// bytes and measures the CPU time of the calling thread (not wall time:
// another process on the machine does not count). It logs, per shape, the
// largest ratio of work between doubled inputs, and fails when a ratio
// stays above MaxDoublingRatio after the two sizes are measured again
// (three times each, the least kept).
func CheckLinear(t *testing.T, stage string, set []Shape, n0, doublings int, f func(in string)) {
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
		work := make([]time.Duration, len(ins))
		for i, in := range ins {
			work[i] = measure(f, in)
		}
		worst, at := 0.0, 0
		for i := 1; i < len(ins); i++ {
			r := ratio(work[i], work[i-1])
			if r > MaxDoublingRatio {
				// Noise or a real quadratic: measure both again.
				for range 3 {
					work[i-1] = min(work[i-1], measure(f, ins[i-1]))
					work[i] = min(work[i], measure(f, ins[i]))
				}
				r = ratio(work[i], work[i-1])
			}
			if r > worst {
				worst, at = r, i
			}
		}
		t.Log(fmt.Sprintf("complexity %-8s %-18s %7d..%-8d bytes: largest work ratio x%.2f (%d -> %d bytes), total x%.1f for x%d input",
			stage, s.Name, len(ins[0]), len(ins[len(ins)-1]), worst, len(ins[at-1]), len(ins[at]),
			ratio(work[len(work)-1], work[0]), 1<<doublings))
		if worst > MaxDoublingRatio {
			t.Errorf("%s on %s: work x%.2f from %d to %d bytes (CPU %v -> %v), want at most x%.1f per doubling",
				stage, s.Name, worst, len(ins[at-1]), len(ins[at]), work[at-1], work[at], MaxDoublingRatio)
		}
	}
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(b, time.Microsecond)) }

// measure returns the thread CPU time of one run of f(in): the mean over
// as many runs as take minMeasure.
func measure(f func(string), in string) time.Duration {
	runtime.GC()
	var total time.Duration
	runs := 0
	for total < minMeasure {
		t0 := threadCPU()
		f(in)
		total += threadCPU() - t0
		runs++
	}
	return total / time.Duration(runs)
}
