package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/topics"
)

const topicsFixture = "../../internal/topics/testdata/small.jsonl"

func TestTrainEvalTopics(t *testing.T) {
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "small.model")
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"train", "topics", "--in", topicsFixture, "--out", out, "--bits", "12"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("train topics: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "wrote "+out) || !strings.Contains(stdout.String(), "sport") {
		t.Errorf("train topics output = %q, want the file and its labels", stdout.String())
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// Same data, same seed: same bytes.
	if err := run(ctx, []string{"train", "topics", "--in", topicsFixture, "--out", out, "--bits", "12"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if second, _ := os.ReadFile(out); !bytes.Equal(first, second) {
		t.Errorf("two trainings with the same data and seed wrote different files")
	}

	stdout.Reset()
	if err := run(ctx, []string{"eval", "topics", "--model", out, "--in", topicsFixture, "--json"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("eval topics: %v\n%s", err, stderr.String())
	}
	var rep struct {
		Documents int     `json:"documents"`
		Accuracy  float64 `json:"accuracy"`
		MicroF1   float64 `json:"micro_f1"`
		MacroF1   float64 `json:"macro_f1"`
		Labels    []struct {
			ID        string  `json:"id"`
			Precision float64 `json:"precision"`
		} `json:"labels"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("eval topics --json output %q: %v", stdout.String(), err)
	}
	// Training data: the model must fit it.
	if rep.Documents != 24 || rep.Accuracy < 0.9 || len(rep.Labels) != 3 {
		t.Errorf("eval topics on the training fixture = %+v, want 24 documents, accuracy >= 0.9, 3 labels", rep)
	}

	stdout.Reset()
	if err := run(ctx, []string{"eval", "topics", "--model", out, "--in", topicsFixture}, noEnv, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"accuracy", "micro P/R/F1", "macro F1", "politics"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("eval topics text output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestTopicsUsageErrors(t *testing.T) {
	tests := [][]string{
		{"train", "topics"},
		{"train", "topics", "--out", "x.model"},
		{"train", "topics", "--in", "a.jsonl", "--iptc", "--out", "x.model"},
		{"eval", "topics"},
		{"eval", "topics", "--in", "a.jsonl", "--benchmarks"},
	}
	for _, args := range tests {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), args, noEnv, &stdout, &stderr)
		if !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestEvalTopicsBadModel(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.model")
	if err := os.WriteFile(bad, []byte("DSTOPICS garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"eval", "topics", "--model", bad, "--in", topicsFixture}, noEnv, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "bad model file") {
		t.Errorf("eval topics with a corrupt model = %v, want a bad model file error", err)
	}
}

// noEnv is an empty environment: no DOCSIFT_DATA.
func noEnv(string) string { return "" }

// TestTrainTopicsLongTail: a set with a one-example label and an empty text
// trains, exits 0, prints the report with the label's rule, and warns on
// stderr; a set with no word at all is an error naming the cause.
func TestTrainTopicsLongTail(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "train.jsonl")
	lines := []string{
		`{"text": "castor oil prices rose in the market", "labels": ["castor-oil", "trade"]}`,
		`{"text": "", "labels": ["trade"]}`,
	}
	b, err := os.ReadFile(topicsFixture)
	if err != nil {
		t.Fatal(err)
	}
	data := string(b) + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "m.model")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"train", "topics", "--in", in, "--out", out, "--bits", "12"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("train topics on a long tail: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"castor-oil", "few examples", "rare-label margin", "1 without a word", "cv precision"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
	if !strings.Contains(stderr.String(), `warning: label "castor-oil"`) {
		t.Errorf("stderr lacks the castor-oil warning:\n%s", stderr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no model written: %v", err)
	}

	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, []byte(`{"text": "", "labels": ["a"]}`+"\n"+`{"text": "...", "labels": ["b"]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"train", "topics", "--in", empty, "--out", out}, noEnv, &stdout, &stderr)
	if !errors.Is(err, topics.ErrNoData) || !strings.Contains(err.Error(), "has a word") {
		t.Errorf("train topics on texts without words = %v, want ErrNoData saying no example has a word", err)
	}
}
