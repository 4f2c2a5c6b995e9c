package entities

import (
	"os"
	"path/filepath"
	"testing"
)

// dataDir returns the shared data folder from DOCSIFT_DATA (absolute, or
// relative to the module root). Unset: the test is skipped; set but missing:
// the test fails.
func dataDir(t testing.TB) string {
	t.Helper()
	v := os.Getenv("DOCSIFT_DATA")
	if v == "" {
		t.Skip("DOCSIFT_DATA is not set; skipping a test that needs the shared data (e.g. DOCSIFT_DATA=../shared/data)")
	}
	if !filepath.IsAbs(v) {
		root, err := moduleRoot()
		if err != nil {
			t.Fatalf("DOCSIFT_DATA=%q is relative but the module root was not found: %v", v, err)
		}
		v = filepath.Join(root, v)
	}
	if _, err := os.Stat(v); err != nil {
		t.Fatalf("DOCSIFT_DATA=%q: %v", v, err)
	}
	return v
}

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
