// Package datatest finds the shared training and evaluation data for tests.
//
// Tests that need the public data sets read their folder from DOCSIFT_DATA
// (CI sets it to ../shared/data), by internal/datadir's rule. Where it is
// unset they skip and say how to run them; where it is set and the data is
// missing they fail. It imports only the standard library and
// internal/datadir, and is imported only by tests.
package datatest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datadir"
)

// Dir returns the data folder named by DOCSIFT_DATA: absolute, or relative
// to the module root (go test runs in each package's folder). sub, when not
// empty, must exist under it ("topics", "boilerplate").
func Dir(tb testing.TB, sub string) string {
	tb.Helper()
	v, err := datadir.Lookup("", os.Getenv)
	if errors.Is(err, datadir.ErrNotSet) {
		tb.Skip("DOCSIFT_DATA is not set; set it to the shared data folder (e.g. DOCSIFT_DATA=../shared/data) to run this test")
	}
	if !filepath.IsAbs(v) {
		root, err := moduleRoot()
		if err != nil {
			tb.Fatalf("DOCSIFT_DATA=%q is relative but the module root was not found: %v", v, err)
		}
		v = filepath.Join(root, v)
	}
	if _, err := os.Stat(filepath.Join(v, sub)); err != nil {
		tb.Fatalf("DOCSIFT_DATA=%q is set but the data is missing: %v", os.Getenv(datadir.Env), err)
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
