package shapes

import (
	"hash/crc32"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// Bounds of WatchTime.
const (
	// watchShare: one input in watchShare is timed (chosen by its hash, so
	// that a failure replays).
	watchShare = 64
	// maxQuadrupleRatio is the most the work may grow from the input
	// repeated to 16 KB to it repeated to 64 KB: x4 for linear work, x16
	// for quadratic.
	maxQuadrupleRatio = 9.0
	// maxWorkPerByte bounds the work per byte of the 64 KB input: fifty
	// times the slowest stage's (go-trafilatura's ~2 us per byte).
	maxWorkPerByte = 100 * time.Microsecond
	// minWatch is the least CPU time one of WatchTime's measurements takes.
	minWatch = 2 * time.Millisecond
)

// WatchTime is the fuzz targets' watch on time: for one input in
// watchShare it repeats in to about 16 KB and to four times that, runs f on
// both, and fails when the work grows more than maxQuadrupleRatio times or
// passes maxWorkPerByte per byte (a growth over the bound fails only when the
// next quadrupling, to about 256 KB, grows over it too). A shape the fuzzer finds in small inputs
// that makes a stage quadratic shows there.
func WatchTime(t testing.TB, in string, f func(in string)) {
	t.Helper()
	if !threadCPUSupported || in == "" || crc32.ChecksumIEEE([]byte(in))%watchShare != 0 {
		return
	}
	k := max(1, (16<<10)/len(in))
	small, large := strings.Repeat(in, k), strings.Repeat(in, 4*k)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// Fewer collections, as in CheckLinear: a collection's cost lands on
	// whichever run allocates when the heap crosses its goal.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	f(large) // warm up
	ws, wl := measureFor(f, small, minWatch), measureFor(f, large, minWatch)
	if r := ratio(wl, ws); r > maxQuadrupleRatio || wl > maxWorkPerByte*time.Duration(len(large)) {
		for range 2 {
			ws, wl = min(ws, measureFor(f, small, minWatch)), min(wl, measureFor(f, large, minWatch))
		}
	}
	if r := ratio(wl, ws); r > maxQuadrupleRatio {
		// One step can jump where the work's memory outgrows a cache or the
		// heap grows (seen: "(\xad" repeated, x8.4 from 16 to 64 KB, then
		// x3.7 and x2.4); quadratic work keeps growing x16 a step, so the
		// next step decides.
		xl := strings.Repeat(in, 16*k)
		wx := measureFor(f, xl, minWatch)
		if ratio(wx, wl) > maxQuadrupleRatio {
			// Both steps over: measure the three sizes again in turn,
			// keeping the least (memory-bound work on a loaded machine:
			// "(\xad" repeated read x9.5 then x9.3 while a training ran
			// beside the tests, x4-x5 alone).
			for range 3 {
				ws = min(ws, measureFor(f, small, minWatch))
				wl = min(wl, measureFor(f, large, minWatch))
				wx = min(wx, measureFor(f, xl, minWatch))
			}
			r = ratio(wl, ws)
		}
		if rx := ratio(wx, wl); r > maxQuadrupleRatio && rx > maxQuadrupleRatio {
			t.Fatalf("work x%.1f from %d to %d bytes and x%.1f to %d bytes (%q repeated; CPU %v -> %v -> %v), want at most x%.0f", r, len(small), len(large), rx, len(xl), truncate(in, 80), ws, wl, wx, maxQuadrupleRatio)
		}
	}
	if wl > maxWorkPerByte*time.Duration(len(large)) {
		t.Fatalf("%v of CPU for %d bytes (%q repeated), over %v per byte", wl, len(large), truncate(in, 80), maxWorkPerByte)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
