package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeploy validates the real deploy/ folder.
func TestDeploy(t *testing.T) {
	for _, err := range validate("..") {
		t.Error(err)
	}
}

// TestCatchesMistakes checks that the validator is not vacuous: each broken
// copy of the manifests must be rejected.
func TestCatchesMistakes(t *testing.T) {
	cases := []struct{ file, from, to string }{
		{"k8s/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"},
		{"k8s/deployment.yaml", "terminationGracePeriodSeconds: 35", "terminationGracePeriodSeconds: 20"},
		{"k8s/deployment.yaml", "periodSeconds: 5", "periodSecond: 5"}, // unknown field
		{"k8s/deployment.yaml", "replicas: 3", "replicas: three"},      // wrong type
		{"k8s/service.yaml", "clusterIP: None", "clusterIP: \"\""},
		{"k8s/service.yaml", "targetPort: http", "targetPort: https"},
		{"k8s/pdb.yaml", "app.kubernetes.io/component: server", "app.kubernetes.io/component: worker"},
		{"k8s/hpa.yaml", "name: docsift\n  minReplicas", "name: docsift-x\n  minReplicas"},
		{"Dockerfile", "USER 65532:65532", "USER root"},
		{"Dockerfile", "FROM gcr.io/distroless/static-debian12:nonroot", "FROM debian:bookworm"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		copyDir(t, "..", dir)
		p := filepath.Join(dir, c.file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.from) {
			t.Fatalf("%s does not contain %q: update the test", c.file, c.from)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), c.from, c.to, 1)), 0o644)
		if errs := validate(dir); len(errs) == 0 {
			t.Errorf("%s: %q -> %q was not caught", c.file, c.from, c.to)
		}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	for _, f := range []string{"Dockerfile", "k8s"} {
		src := filepath.Join(from, f)
		fi, err := os.Stat(src)
		if err != nil {
			t.Fatal(err)
		}
		if !fi.IsDir() {
			b, _ := os.ReadFile(src)
			os.WriteFile(filepath.Join(to, f), b, 0o644)
			continue
		}
		os.MkdirAll(filepath.Join(to, f), 0o755)
		ents, _ := os.ReadDir(src)
		for _, e := range ents {
			b, _ := os.ReadFile(filepath.Join(src, e.Name()))
			os.WriteFile(filepath.Join(to, f, e.Name()), b, 0o644)
		}
	}
}
