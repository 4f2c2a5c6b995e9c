package shapes

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countdown is a context whose Err turns context.Canceled at its n-th
// call: the check a stage makes at a given point of its work, whatever the
// machine's speed. It records the thread CPU time at that moment.
type countdown struct {
	context.Context
	left  atomic.Int64
	fired atomic.Int64 // thread CPU time (ns) when Err first failed; 0 before
}

func (c *countdown) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.fired.CompareAndSwap(0, int64(threadCPU()))
	return context.Canceled
}

// Done is never closed: the stages poll Err at bounded intervals.
func (c *countdown) Done() <-chan struct{} { return nil }

// minCancelWork is the shortest call whose stretches between checks
// CheckCancel holds to a share of it.
const minCancelWork = 100 * time.Millisecond

// recorder is a context that records the thread CPU time of every call of
// Err.
type recorder struct {
	context.Context
	mu     sync.Mutex
	checks []time.Duration
}

func (r *recorder) Err() error {
	r.mu.Lock()
	r.checks = append(r.checks, threadCPU())
	r.mu.Unlock()
	return nil
}

func (r *recorder) Done() <-chan struct{} { return nil }

// CheckCancel measures how a call f(ctx, in) stops when ctx is done:
//
//   - the longest stretch of CPU time between two checks of ctx.Err (or
//     before the first, or after the last), which bounds the work a call
//     does after its context is done at any moment;
//   - with contexts that turn done at their 1st, 2nd, 4th ... check, that
//     f returns an error wrapping context.Canceled, and the CPU time it
//     spends after that check.
//
// It logs both and fails when either exceeds maxShare of the call's
// uncancelled work (maxShare 0: log only). A call of less than
// minCancelWork is bounded by its whole run and is logged only.
func CheckCancel(t *testing.T, stage, shape string, in string, maxShare float64, f func(ctx context.Context, in string) error) {
	t.Helper()
	if !threadCPUSupported {
		t.Skip("per-thread CPU time is not available on this system")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	full, gap, checks := stretches(t, stage, shape, in, f)
	if maxShare > 0 && full >= minCancelWork && float64(gap) > maxShare*float64(full) {
		// A busy machine can stretch one: measure again before failing.
		full, gap, checks = stretches(t, stage, shape, in, f)
	}
	var after time.Duration
	for k := int64(1); k <= int64(checks); k *= 2 {
		c := &countdown{Context: context.Background()}
		c.left.Store(k - 1)
		runtime.GC()
		err := f(c, in)
		end := threadCPU()
		fired := time.Duration(c.fired.Load())
		if fired == 0 {
			break // the run checked less often than the recorded one
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s on %s, context done at check %d: error %v, want one wrapping context.Canceled", stage, shape, k, err)
		}
		after = max(after, end-fired)
	}
	t.Logf("cancel %-8s %-18s %8d bytes: %v of work, %d checks; longest between checks %v (%.1f%%), after a done check %v",
		stage, shape, len(in), full.Round(time.Millisecond), checks, gap.Round(time.Microsecond),
		100*float64(gap)/float64(full), after.Round(time.Microsecond))
	if maxShare > 0 && full >= minCancelWork && (float64(gap) > maxShare*float64(full) || float64(after) > maxShare*float64(full)) {
		t.Errorf("%s on %s: %v between checks of ctx and %v after it was done, over %.0f%% of the call's %v",
			stage, shape, gap, after, 100*maxShare, full)
	}
}

// stretches runs f(in) once, uncancelled, and returns its CPU time, the
// longest stretch of it between checks of ctx.Err, and the number of checks.
func stretches(t testing.TB, stage, shape, in string, f func(ctx context.Context, in string) error) (full, gap time.Duration, checks int) {
	t.Helper()
	runtime.GC()
	rec := &recorder{Context: context.Background()}
	t0 := threadCPU()
	if err := f(rec, in); err != nil {
		t.Fatalf("%s on %s: %v", stage, shape, err)
	}
	end := threadCPU()
	prev := t0
	for _, c := range append(rec.checks, end) {
		gap, prev = max(gap, c-prev), c
	}
	return end - t0, gap, len(rec.checks)
}
