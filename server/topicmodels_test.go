package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	"github.com/docsift/docsift/internal/topics"
	"github.com/docsift/docsift/internal/topics/topicsdata"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// writeTopicModel trains a small custom model on the topics package's own
// fixture and writes it to path.
func writeTopicModel(t *testing.T, path string, seed uint64) {
	t.Helper()
	ex, err := topicsdata.ReadExamples("../internal/topics/testdata/small.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	m, err := topics.Train(context.Background(), ex, topics.TrainConfig{Name: "small", Bits: 12, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, m.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCustomTopicModel loads a model with --topic-model, classifies with it
// by name, lists it in the capabilities, and reloads it: a new file takes
// over, a corrupt one is refused and the model in service stays.
func TestCustomTopicModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.model")
	writeTopicModel(t, path, 1)
	ts := startServer(t, "--topic-model", "mine="+path)
	ctx := context.Background()
	classify := func() *docsiftv1.ClassifyDocumentResponse {
		t.Helper()
		resp, err := ts.client.ClassifyDocument(ctx, &docsiftv1.ClassifyDocumentRequest{
			Document: client.Text("The striker scored twice as the home side won the cup final."),
			Options:  &docsiftv1.TopicOptions{Model: "mine"},
		})
		if err != nil {
			t.Fatalf("ClassifyDocument(model mine): %v", err)
		}
		return resp
	}
	first := classify()
	if first.GetModel() != "mine" || len(first.GetTopics()) == 0 || first.GetTopics()[0].GetId() != "sport" {
		t.Errorf("ClassifyDocument(model mine) = model %q, topics %v; want sport", first.GetModel(), first.GetTopics())
	}
	caps, err := ts.client.GetCapabilities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, tx := range caps.GetTaxonomies() {
		listed = append(listed, tx.GetModel())
	}
	if !strings.Contains(strings.Join(listed, ","), "mine") || !strings.Contains(strings.Join(listed, ","), "iptc") {
		t.Errorf("capabilities list taxonomies %v; want iptc and mine", listed)
	}
	version := func() string {
		for _, mv := range classify().GetModelVersions() {
			if mv.GetStage() == "topics" {
				return mv.GetVersion()
			}
		}
		return ""
	}
	v1 := version()

	// A new file under the same name takes over on reload.
	writeTopicModel(t, path, 2)
	ts.app.reload()
	v2 := version()
	if v2 == v1 {
		t.Errorf("model version after reloading a retrained file = %q, unchanged", v2)
	}
	// A corrupt file is refused; the model in service stays.
	if err := os.WriteFile(path, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts.app.reload()
	if v := version(); v != v2 {
		t.Errorf("model version after a corrupt reload = %q, want %q still in service", v, v2)
	}
	if !strings.Contains(ts.logs.String(), "model reload failed") {
		t.Error("a refused reload was not logged")
	}
	// A model that is not loaded is NOT_FOUND.
	_, err = ts.client.ClassifyDocument(ctx, &docsiftv1.ClassifyDocumentRequest{Document: client.Text("x y z"), Options: &docsiftv1.TopicOptions{Model: "theirs"}})
	if status.Code(err) != codes.NotFound {
		t.Errorf("ClassifyDocument(model theirs) = %v, want NotFound", err)
	}
}

// TestCorruptTopicModelAtStart checks that a server refuses to start with a
// model it cannot load, saying which.
func TestCorruptTopicModelAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.model")
	os.WriteFile(path, []byte("garbage"), 0o644)
	cfg, err := parseConfig([]string{"--topic-model", "bad=" + path}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	_, err = newApp(cfg, testLogger())
	if err == nil || !strings.Contains(err.Error(), "bad") {
		t.Errorf("newApp with a corrupt topic model = %v; want an error naming it", err)
	}
}

func testLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
