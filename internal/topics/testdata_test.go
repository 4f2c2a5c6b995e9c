package topics

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
)

// dataDir returns the shared data folder (see datatest.Dir).
func dataDir(t testing.TB) string { return datatest.Dir(t, "topics") }

// readFixture reads a JSONL fixture from testdata: one {"text", "labels"}
// object a line. The package's tests cannot use topicsdata.ReadExamples
// (topicsdata imports this package); the fixtures use no other field.
func readFixture(t testing.TB, name string) []Example {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []Example
	for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var e Example
		if err := json.Unmarshal(line, &struct {
			Text   *string   `json:"text"`
			Labels *[]string `json:"labels"`
		}{&e.Text, &e.Labels}); err != nil {
			t.Fatalf("%s line %d: %v", name, i+1, err)
		}
		out = append(out, e)
	}
	return out
}
