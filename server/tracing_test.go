package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// TestTracingExportsOTLP points the standard OTLP variables at a local
// collector and checks that a call's spans reach it; without the variables
// tracing is off.
func TestTracingExportsOTLP(t *testing.T) {
	var posts, bytes atomic.Int64
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/traces" {
			n, _ := io.Copy(io.Discard, r.Body)
			posts.Add(1)
			bytes.Add(n)
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer collector.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	t.Setenv("OTEL_SERVICE_NAME", "docsift-test")
	ts := startServer(t)
	if ts.app.tracing == nil {
		t.Fatal("tracing is off with OTEL_EXPORTER_OTLP_ENDPOINT set")
	}
	if _, err := ts.client.GetCapabilities(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client.ClassifyDocument(context.Background(), &docsiftv1.ClassifyDocumentRequest{Document: &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: "Tokyo and Moscow"}}}); err != nil {
		t.Fatal(err)
	}
	ts.stop() // shutdown flushes the batch of spans
	if posts.Load() == 0 || bytes.Load() == 0 {
		t.Errorf("the collector received %d posts (%d bytes); want the calls' spans", posts.Load(), bytes.Load())
	}
}

func TestTracingOffByDefault(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	ts := startServer(t)
	if ts.app.tracing != nil {
		t.Error("tracing is on without any OTLP endpoint")
	}
}
