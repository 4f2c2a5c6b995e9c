package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestServingImportsNoTrainingData checks the layout rule of issue 14 on the
// built dependency graph: nothing the server runs (this package, the
// domain, the stages' non-test code) imports a stage's data package
// (corpus readers, benchmarks, evaluation) or the offline commands.
func TestServingImportsNoTrainingData(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasSuffix(p, "data") && strings.HasPrefix(p, "github.com/docsift/docsift/internal/") && p != "github.com/docsift/docsift/internal/datadir" ||
			strings.HasPrefix(p, "github.com/docsift/docsift/cmd/") || p == "github.com/docsift/docsift/internal/datatest" {
			t.Errorf("the server depends on %s, a training or evaluation package", p)
		}
	}
}
