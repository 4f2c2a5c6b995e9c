package entities

import (
	"os"
	"path/filepath"
	"testing"
)

// readTexts returns the contents of the files matching pattern; none
// matching fails the test.
func readTexts(t testing.TB, pattern string) []string {
	t.Helper()
	paths, _ := filepath.Glob(pattern)
	if len(paths) == 0 {
		t.Fatalf("no file matches %s", pattern)
	}
	texts := make([]string, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}
