package main

import (
	"context"
	"testing"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// BenchmarkRPC measures the two calls issue 6 compares, over real loopback
// gRPC with every interceptor: the cost of gRPC itself (GetCapabilities)
// and a full analysis of the seed (AnalyzeDocument).
//
// go test ./server -run '^$' -bench RPC -benchtime 3s -cpuprofile /tmp/rpc.prof
func BenchmarkRPC(b *testing.B) {
	ts := startServer(b, "--log-level", "error")
	seed := seedText(b)
	ctx := context.Background()
	b.Run("GetCapabilities", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := ts.client.GetCapabilities(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("AnalyzeDocument", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := ts.client.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{Document: &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: seed}}}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
