package content_test

import (
	"context"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/shapes"
)

// TestComplexity doubles each text and page shape four times and fails when
// the content stage's work more than roughly doubles with its input
// (`go test ./internal/... -run Complexity -v` prints the ratios).
func TestComplexity(t *testing.T) {
	e := newExtractor(t)
	ctx := context.Background()
	t.Run("text", func(t *testing.T) {
		shapes.CheckLinear(t, "content", shapes.Text, 16<<10, 4, func(in string) {
			if _, err := e.Extract(ctx, analysis.Document{Text: in}); err != nil {
				t.Fatal(err)
			}
		})
	})
	t.Run("html", func(t *testing.T) {
		shapes.CheckLinear(t, "content", shapes.HTML, 16<<10, 4, func(in string) {
			if _, err := e.Extract(ctx, analysis.Document{HTML: in}); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// TestCancel measures how the content stage stops when its context is
// done, on documents of the largest size the service admits (2 MiB of text,
// 10 MiB of HTML): the work between two checks of the context, and after
// one that finds it done, must stay under a quarter of the whole call's (a
// large allocation, zeroed at once, is one stretch). Pages small enough for
// go-trafilatura, which cannot be interrupted, are logged only: their
// stretch without a check is go-trafilatura's whole run, which
// maxTrafilaturaNodes and maxTrafilaturaText bound.
func TestCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the stage on 2-10 MB documents; skipped with -short")
	}
	e := newExtractor(t)
	text := func(ctx context.Context, in string) error {
		_, err := e.Extract(ctx, analysis.Document{Text: in})
		return err
	}
	page := func(ctx context.Context, in string) error {
		_, err := e.Extract(ctx, analysis.Document{HTML: in})
		return err
	}
	for _, tc := range []struct {
		kind, shape string
		size        int
		maxShare    float64
		f           func(context.Context, string) error
	}{
		{"text", "short-lines", 2 << 20, 0.25, text},
		{"html", "comments", 10 << 20, 0.25, page},
		{"html", "huge-table", 4 << 20, 0.25, page},
		{"html", "article", 1 << 20, 0, page},
	} {
		set := shapes.Text
		if tc.kind == "html" {
			set = shapes.HTML
		}
		s, ok := shapes.Find(set, tc.shape)
		if !ok {
			t.Fatalf("no %s shape %q", tc.kind, tc.shape)
		}
		t.Run(tc.kind+"/"+tc.shape, func(t *testing.T) {
			shapes.CheckCancel(t, "content", tc.kind+"/"+tc.shape, s.Make(tc.size), tc.maxShare, tc.f)
		})
	}
}
