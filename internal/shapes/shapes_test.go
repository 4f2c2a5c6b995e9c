package shapes

import (
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
