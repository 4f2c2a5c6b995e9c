package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
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

// FuzzGatewayJSON sends arbitrary bytes as the JSON body of every POST
// endpoint through the real HTTP handler and gateway: the answer is a JSON
// body with a 2xx or 4xx status (never a 5xx, never a hang), and the server
// keeps serving.
func FuzzGatewayJSON(f *testing.F) {
	for _, s := range []string{
		`{"document": {"text": "Tokyo and Moscow held talks on Monday."}}`,
		`{"document": {"html": "<p>Tokyo</p>", "url": "https://example.com/"}}`,
		`{"documents": [{"text": "a"}, {"html": "<b>"}, {}]}`,
		`{"document": {"text": "x"}, "topicOptions": {"topK": 3, "minScore": 0.5, "explain": true, "model": "iptc"}}`,
		`{"document": {"text": "x", "referenceTime": "2024-05-01T00:00:00Z", "languageCode": "en", "id": "1"}}`,
		`{"document": {"text": "\ud83d\ude00 \u0000"}}`, `{"document": {"text": 1}}`, `{`, `[]`, `null`, ``,
	} {
		for path := range 5 {
			f.Add(s, path)
		}
	}
	ts := startServer(f, "--log-level", "error", "--max-text-bytes", "65536", "--max-html-bytes", "65536", "--max-request-bytes", "200000")
	paths := []string{"/v1/documents:analyze", "/v1/documents:extractContent", "/v1/documents:classify", "/v1/documents:extractEntities", "/v1/documents:batchAnalyze"}
	hc := &http.Client{Timeout: 30 * time.Second}
	f.Fuzz(func(t *testing.T, body string, path int) {
		p := paths[(path%len(paths)+len(paths))%len(paths)]
		resp, err := hc.Post(ts.http+p, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("POST %s: %v", p, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("POST %s %q = %d %s; want a result or a client error", p, body, resp.StatusCode, b)
		}
		if !json.Valid(b) {
			t.Fatalf("POST %s %q: the response is not JSON: %q", p, body, b)
		}
	})
}
