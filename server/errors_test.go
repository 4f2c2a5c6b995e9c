package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"

	"github.com/docsift/docsift/internal/analysis"
)

// TestToStatus checks the mapping of the errors stages return, as the
// pipeline wraps them ("content: ..."), to gRPC codes: a stage's own
// size refusal (a page too large to process) is a size limit naming its
// field, like the request limits.
func TestToStatus(t *testing.T) {
	pageTooLarge := &analysis.FieldError{Field: "document.html", Description: "the page holds too much text", Kind: analysis.ErrTooLarge}
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
		{"byte budget", errBytesOverloaded, codes.ResourceExhausted, "", false},
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
