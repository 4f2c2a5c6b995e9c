package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "topics"), 0o755); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == Env {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name    string
		flag    string
		env     string
		sub     string
		want    string
		wantErr string
	}{
		{"flag", dir, "", "topics", dir, ""},
		{"flag wins over env", dir, other, "topics", dir, ""},
		{"env", "", dir, "topics", dir, ""},
		{"no sub", "", other, "", other, ""},
		{"neither", "", "", "topics", "", "no data folder"},
		{"missing sub", other, "", "topics", "", "from --data) is missing topics"},
		{"missing sub from env", "", other, "topics", "", "from $DOCSIFT_DATA) is missing topics"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Resolve(tc.flag, env(tc.env), tc.sub)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Resolve(%q, %q, %q) error = %v, want one containing %q", tc.flag, tc.env, tc.sub, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Resolve(%q, %q, %q) = %q, %v, want %q", tc.flag, tc.env, tc.sub, got, err, tc.want)
			}
		})
	}
	if _, err := Resolve("", env(""), ""); !errors.Is(err, ErrNotSet) {
		t.Errorf("Resolve with nothing set: error = %v, want ErrNotSet", err)
	}
}
