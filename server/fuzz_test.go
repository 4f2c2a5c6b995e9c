package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// FuzzAnalyzeRequest sends arbitrary bytes as text and as HTML through the
// handler (validation and every stage this build has): the answer is a
// response or a typed error, never a panic, and every span of a response
// lies inside the text it indexes.
func FuzzAnalyzeRequest(f *testing.F) {
	for _, s := range []string{"", " ", "hello", "caf\xe9", "<p>x</p>", "<html><body><article><p>Moscow said on Wednesday.</p></article></body></html>", "\x00\x01\xff", strings.Repeat("<div>", 100), "Japan’s “ICC” 👍🏽 e\u0301\r\n"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	cfg, err := parseConfig([]string{"--max-text-bytes", "65536", "--max-html-bytes", "65536"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		f.Fatal(err)
	}
	a, err := newApp(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data string, html bool) {
		doc := client.Text(data)
		if html {
			doc = client.HTML(data, "")
		}
		resp, err := a.docs.AnalyzeDocument(context.Background(), &docsiftv1.AnalyzeDocumentRequest{Document: doc})
		if err != nil {
			switch c := status.Code(err); c {
			case codes.InvalidArgument, codes.ResourceExhausted, codes.Unimplemented:
			default:
				t.Fatalf("AnalyzeDocument(%q) = %v; want a result or a typed client error", data, err)
			}
			return
		}
		body := resp.GetContent().GetBody()
		if !utf8.ValidString(body) {
			t.Fatalf("body is not valid UTF-8: %q", body)
		}
		for _, e := range resp.GetEntities() {
			for _, m := range e.GetMentions() {
				sp := m.GetSpan()
				if sp.GetBeginByte() < 0 || sp.GetBeginByte() > sp.GetEndByte() || int(sp.GetEndByte()) > len(body) || body[sp.GetBeginByte():sp.GetEndByte()] != m.GetText() {
					t.Fatalf("mention %q span %v outside or unlike body", m.GetText(), sp)
				}
			}
		}
	})
}
