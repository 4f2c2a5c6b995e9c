package topics

import (
	"os"
	"path/filepath"
	"testing"
)

// dataDir returns the DOCSIFT data root from $DOCSIFT_DATA (absolute, or
// relative to the module root), skipping the test when it is unset and
// failing it when it is set but missing.
func dataDir(t testing.TB) string {
	t.Helper()
	v := os.Getenv("DOCSIFT_DATA")
	if v == "" {
		t.Skip("DOCSIFT_DATA not set: skipping the test that needs the DOCSIFT data (e.g. DOCSIFT_DATA=../shared/data)")
	}
	if !filepath.IsAbs(v) {
		root, err := moduleRoot()
		if err != nil {
			t.Fatalf("DOCSIFT_DATA=%q is relative but the module root was not found: %v", v, err)
		}
		v = filepath.Join(root, v)
	}
	if _, err := os.Stat(filepath.Join(v, "topics")); err != nil {
		t.Fatalf("DOCSIFT_DATA=%q: %v", v, err)
	}
	return v
}

// moduleRoot walks up from the working directory to the folder of go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// readFixture reads a JSONL fixture from testdata.
func readFixture(t testing.TB, name string) []Example {
	t.Helper()
	ex, err := ReadExamples(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return ex
}
