package shapes

import (
	"fmt"
	"hash/crc32"
	"testing"
	"unicode/utf8"
)

func TestShapes(t *testing.T) {
	for _, set := range [][]Shape{Text, HTML} {
		for _, s := range set {
			for _, n := range []int{1 << 12, 1 << 16} {
				a, b := s.Make(n), s.Make(n)
				if a != b {
					t.Errorf("%s(%d) differs between calls", s.Name, n)
				}
				if len(a) > n || len(a) < n/2 {
					t.Errorf("%s(%d) is %d bytes, want (%d, %d]", s.Name, n, len(a), n/2, n)
				}
				if !utf8.ValidString(a) {
					t.Errorf("%s(%d) is not valid UTF-8", s.Name, n)
				}
			}
		}
	}
}

func TestWordDistinct(t *testing.T) {
	seen := map[string]int{}
	for i := range 100000 {
		w := word(i)
		if j, ok := seen[w]; ok {
			t.Fatalf("word(%d) = word(%d) = %q", i, j, w)
		}
		seen[w] = i
	}
}

// failRecorder is a testing.TB that records failures instead of failing.
type failRecorder struct {
	testing.TB
	failed bool
}

type fatal struct{}

func (f *failRecorder) Errorf(string, ...any) { f.failed = true }
func (f *failRecorder) Fatalf(string, ...any) { f.failed = true; panic(fatal{}) }
func (f *failRecorder) Log(...any)            {}
func (f *failRecorder) Helper()               {}

func fails(tb testing.TB, check func(tb testing.TB)) (failed bool) {
	r := &failRecorder{TB: tb}
	defer func() {
		if v := recover(); v != nil && v != (fatal{}) {
			panic(v)
		}
		failed = r.failed
	}()
	check(r)
	return false
}

// quadratic does work quadratic in len(in), linear does linear work.
func quadratic(in string) {
	n := 0
	for i := range len(in) {
		for j := i; j < len(in); j += 8 {
			n += int(in[j])
		}
	}
	sink = n
}

func linear(in string) {
	n := 0
	for k := range 64 {
		for i := range len(in) {
			n += int(in[i]) ^ k
		}
	}
	sink = n
}

var sink int

// TestChecksFail checks that CheckLinear and WatchTime fail on quadratic
// work and pass linear work.
func TestChecksFail(t *testing.T) {
	if !threadCPUSupported {
		t.Skip("no per-thread CPU time here")
	}
	set := []Shape{{"x", func(n int) string { return repeat("x", n) }}}
	if !fails(t, func(tb testing.TB) { CheckLinear(tb, "test", set, 4<<10, 4, quadratic) }) {
		t.Error("CheckLinear passed quadratic work")
	}
	if fails(t, func(tb testing.TB) { CheckLinear(tb, "test", set, 4<<10, 4, linear) }) {
		t.Error("CheckLinear failed linear work")
	}
	// An input that WatchTime times (its CRC-32 is a multiple of watchShare).
	in := ""
	for i := 0; ; i++ {
		in = fmt.Sprintf("a.%d", i)
		if crc32.ChecksumIEEE([]byte(in))%watchShare == 0 {
			break
		}
	}
	if !fails(t, func(tb testing.TB) { WatchTime(tb, in, quadratic) }) {
		t.Error("WatchTime passed quadratic work")
	}
	if fails(t, func(tb testing.TB) { WatchTime(tb, in, linear) }) {
		t.Error("WatchTime failed linear work")
	}
}
