package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// TestToStatus checks the mapping of the errors stages return, as the
// pipeline wraps them ("content: ..."), to gRPC codes: a stage's own
// size refusal (content.ErrPageTooLarge, a page with more text than the
// stage reads) is a size limit naming its field, like the request limits.
func TestToStatus(t *testing.T) {
	pageTooLarge := &analysis.FieldError{Field: "document.html", Description: "the page holds too much text", Kind: content.ErrPageTooLarge}
	for _, tc := range []struct {
		name      string
		err       error
		code      codes.Code
		field     string // BadRequest field violation, if any
		sizeLimit bool   // HTTP 413 rather than 429
	}{
		{"page too large, from the content stage", fmt.Errorf("content: %w", pageTooLarge), codes.ResourceExhausted, "document.html", true},
		{"invalid field", &analysis.FieldError{Field: "document.text", Description: "empty", Kind: analysis.ErrInvalidArgument}, codes.InvalidArgument, "document.text", false},
		{"deadline inside a stage", fmt.Errorf("entities: %w", context.DeadlineExceeded), codes.DeadlineExceeded, "", false},
		{"cancelled inside a stage", fmt.Errorf("content: %w", context.Canceled), codes.Canceled, "", false},
		{"unknown model", fmt.Errorf("topics: %w", analysis.ErrUnknownModel), codes.NotFound, "", false},
		{"stopping", analysis.ErrStopping, codes.Unavailable, "", false},
		{"overload", errOverloaded, codes.ResourceExhausted, "", false},
		{"memory budget", errMemoryOverloaded, codes.ResourceExhausted, "", false},
		{"a bug", errors.New("index out of range"), codes.Internal, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := toStatus(slog.New(slog.NewTextHandler(io.Discard, nil)), "/test", tc.err)
			if s.Code() != tc.code {
				t.Errorf("toStatus(%v) = %v, want %v", tc.err, s.Code(), tc.code)
			}
			var field string
			for _, d := range s.Details() {
				if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
					field = br.GetFieldViolations()[0].GetField()
				}
			}
			if field != tc.field {
				t.Errorf("toStatus(%v) names field %q, want %q", tc.err, field, tc.field)
			}
			if got := isSizeLimit(s); got != tc.sizeLimit {
				t.Errorf("isSizeLimit(toStatus(%v)) = %v, want %v", tc.err, got, tc.sizeLimit)
			}
			if tc.code == codes.Internal && s.Message() != "internal error; the server logged the details" {
				t.Errorf("internal error message %q leaks the error", s.Message())
			}
		})
	}
}

// TestPageTooLargeEndToEnd sends a page with more text than the content
// stage reads (content.MaxPageText) through the real server: a size error
// naming document.html, at once, over gRPC and HTTP.
func TestPageTooLargeEndToEnd(t *testing.T) {
	ts := startServer(t)
	page := "<html><body><article>" + strings.Repeat("<p>"+strings.Repeat("word ", 40)+"</p>", content.MaxPageText/200+100) + "</article></body></html>"
	_, err := ts.client.ExtractContent(context.Background(), &docsiftv1.ExtractContentRequest{Document: client.HTML(page, "")})
	s := status.Convert(err)
	if s.Code() != codes.ResourceExhausted || !isSizeLimit(s) || !strings.HasPrefix(s.Message(), "document.html: the page holds") {
		t.Errorf("page with %d bytes of text over gRPC = %v; want RESOURCE_EXHAUSTED naming document.html", content.MaxPageText+20000, err)
	}
	body, _ := json.Marshal(map[string]any{"document": map[string]string{"html": page}})
	code, m := ts.post(t, "/v1/documents:analyze", string(body))
	if msg, _ := m["message"].(string); code != http.StatusRequestEntityTooLarge || !strings.HasPrefix(msg, "document.html:") {
		t.Errorf("page too large over HTTP = %d %v; want 413 naming document.html", code, m["message"])
	}
}
