package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestDataFolderRule: every command that reads the data folder stops with
// a usage error naming --data and DOCSIFT_DATA when neither is given, and
// with an error naming the folder when it lacks the stage's data.
func TestDataFolderRule(t *testing.T) {
	missing := t.TempDir()
	tests := []struct {
		args    []string
		getenv  func(string) string
		usage   bool
		wantErr string
	}{
		{[]string{"train", "content"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"eval", "content"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"train", "topics", "--iptc"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"eval", "topics", "--benchmarks"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"train", "entities"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"eval", "language"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"eval", "language", "--data", missing}, noEnv, false, "is missing ner"},
		{[]string{"train", "places"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"eval", "places"}, noEnv, true, "pass --data or set DOCSIFT_DATA"},
		{[]string{"train", "places", "--data", missing}, noEnv, false, "is missing gazetteers/geonames"},
		{[]string{"eval", "places", "--data", missing}, noEnv, false, "is missing ner/gum-news"},
		{[]string{"train", "content", "--data", missing}, noEnv, false, "is missing boilerplate"},
		{[]string{"eval", "topics", "--iptc-heldout"}, func(k string) string {
			if k == "DOCSIFT_DATA" {
				return missing
			}
			return ""
		}, false, "from $DOCSIFT_DATA) is missing topics"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, tc.getenv, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) || errors.Is(err, errUsage) != tc.usage {
			t.Errorf("run(%q) = %v, want an error containing %q (usage error: %v)", tc.args, err, tc.wantErr, tc.usage)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"analyze"}, noEnv, &stdout, &stderr); !errors.Is(err, errUsage) {
		t.Errorf("run(analyze) = %v, want a usage error (analyze is client/cmd/docsift's)", err)
	}
	if !strings.Contains(stderr.String(), "train topics") || !strings.Contains(stderr.String(), "eval entities") {
		t.Errorf("usage lists no train/eval commands:\n%s", stderr.String())
	}
}
