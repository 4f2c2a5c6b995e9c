package content_test

import (
	"os"
	"path/filepath"
	"testing"
)

// dataDir returns the data folder named by DOCSIFT_DATA (absolute, or
// relative to the module root). Unset: the test is skipped; set but
// missing: the test fails.
func dataDir(t testing.TB) string {
	t.Helper()
	v := os.Getenv("DOCSIFT_DATA")
	if v == "" {
		t.Skip("DOCSIFT_DATA is not set; set it to the shared data folder (e.g. ../shared/data) to run the quality tests")
	}
	if !filepath.IsAbs(v) {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		v = filepath.Join(root, v)
	}
	if _, err := os.Stat(filepath.Join(v, "boilerplate")); err != nil {
		t.Fatalf("DOCSIFT_DATA=%s: %v", os.Getenv("DOCSIFT_DATA"), err)
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
