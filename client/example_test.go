package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// The examples need a running server (go run ./server), so they have no
// Output comment: go test compiles them but does not run them.

// Dial one server, a DNS name resolving to many replicas (a Kubernetes
// headless Service), or a static list; calls are balanced round-robin and
// UNAVAILABLE is retried on another replica.
func ExampleDial() {
	ctx := context.Background()
	c, err := client.Dial(ctx, "localhost:50051")
	// Or: client.Dial(ctx, "dns:///docsift-headless.default.svc.cluster.local:50051")
	// Or: client.Dial(ctx, "10.0.0.1:50051,10.0.0.2:50051,10.0.0.3:50051")
	// With TLS and an API key: client.Dial(ctx, "docsift.example.com:443", client.WithTLS(nil), client.WithAPIKey(key))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	caps, err := c.GetCapabilities(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range caps.GetModels() {
		fmt.Println(m.GetName(), m.GetVersion())
	}
}

// AnalyzeDocument extracts the content, then topics and entities of the body.
func ExampleClient_AnalyzeDocument() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, "localhost:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	resp, err := c.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{
		Document: client.HTML("<html><body><article><h1>Floods in Porto Alegre</h1><p>...</p></article></body></html>",
			"https://example.com/news/floods"),
	})
	switch status.Code(err) {
	case codes.OK:
	case codes.InvalidArgument, codes.ResourceExhausted:
		log.Fatalf("bad document: %v", err) // not retried: the same request would fail again
	default:
		log.Fatal(err)
	}
	fmt.Println("title:", resp.GetContent().GetTitle())
	for _, t := range resp.GetTopics() {
		fmt.Printf("topic %s %.2f\n", t.GetName(), t.GetScore())
	}
	for _, e := range resp.GetEntities() {
		fmt.Println("entity", e.GetType(), e.GetName())
	}
}

// BatchAnalyzeDocuments answers one result or one error per document, in
// request order.
func ExampleClient_BatchAnalyzeDocuments() {
	ctx := context.Background()
	c, err := client.Dial(ctx, "localhost:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	resp, err := c.BatchAnalyzeDocuments(ctx, &docsiftv1.BatchAnalyzeDocumentsRequest{
		Documents: []*docsiftv1.Document{
			client.Text("The central bank raised interest rates on Tuesday."),
			client.Text("   "), // gets its own INVALID_ARGUMENT; the others still succeed
		},
	})
	if err != nil {
		log.Fatal(err) // the whole call failed
	}
	for _, r := range resp.GetResults() {
		if e := r.GetError(); e != nil {
			fmt.Printf("document %d: %s: %s\n", r.GetIndex(), codes.Code(e.GetCode()), e.GetMessage())
			continue
		}
		fmt.Printf("document %d: %d entities\n", r.GetIndex(), len(r.GetResponse().GetEntities()))
	}
}

// StreamAnalyzeDocuments sends documents and receives results concurrently;
// each result carries the document's id and sequence number. The stream
// gives backpressure: Send blocks while the server is behind.
func ExampleClient_StreamAnalyzeDocuments() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := client.Dial(ctx, "localhost:50051")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	stream, err := c.StreamAnalyzeDocuments(ctx)
	if err != nil {
		log.Fatal(err)
	}
	texts := []string{"First article ...", "Second article ..."}
	go func() {
		for i, text := range texts {
			doc := client.Text(text)
			doc.Id = fmt.Sprintf("doc-%d", i)
			if err := stream.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: doc}); err != nil {
				return // the error is reported by Recv
			}
		}
		stream.CloseSend()
	}()
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break // every document answered
		}
		if err != nil {
			// UNAVAILABLE: the server is shutting down; it answered every
			// document it had accepted first. Resend the rest elsewhere.
			log.Fatal(err)
		}
		if e := r.GetError(); e != nil {
			fmt.Println(r.GetDocumentId(), "error:", e.GetMessage())
			continue
		}
		fmt.Println(r.GetDocumentId(), len(r.GetResponse().GetEntities()), "entities")
	}
}
