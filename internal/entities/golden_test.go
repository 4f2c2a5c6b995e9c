package entities

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestSeedGoldenFile pins the whole result on the seed article: one line per
// entity (type, salience, name, value, mentions). Regenerate after a model
// change with: go test ./internal/entities -run SeedGoldenFile -update
func TestSeedGoldenFile(t *testing.T) {
	ex := loadTest(t)
	ents, err := ex.Extract(context.Background(), readSeed(t), analysis.EntityOptions{ReferenceTime: ref})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		v := "-"
		if e.Value != nil {
			v = e.Value.Text
		}
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, fmt.Sprintf("%s@%d", m.Text, m.Span.Begin))
		}
		fmt.Fprintf(&b, "%s\t%.3f\t%s\t%s\t%s\n", e.Type, e.Salience, e.Name, v, strings.Join(ms, "|"))
	}
	path := filepath.Join("testdata", "seed_000.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("Extract(seed) differs from %s (run with -update after an intended change):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}
