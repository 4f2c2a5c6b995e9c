package topics

import (
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
)

// dataDir returns the shared data folder (see datatest.Dir).
func dataDir(t testing.TB) string { return datatest.Dir(t, "topics") }

// readFixture reads a JSONL fixture from testdata.
func readFixture(t testing.TB, name string) []Example {
	t.Helper()
	ex, err := ReadExamples(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return ex
}
