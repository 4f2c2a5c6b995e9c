package entities

import (
	"context"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/shapes"
)

// TestComplexity doubles each text shape four times and fails when the
// entity stage's work more than roughly doubles with its input
// (`go test ./internal/... -run Complexity -v` prints the ratios).
func TestComplexity(t *testing.T) {
	ex := loadTest(t)
	ctx := context.Background()
	shapes.CheckLinear(t, "entities", shapes.Text, 32<<10, 4, func(in string) {
		if _, err := ex.Extract(ctx, in, analysis.EntityOptions{ReferenceTime: ref}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCancel measures how the entity stage stops when its context is done,
// on 2 MiB texts (the largest the service admits): the work between two
// checks of the context, and after one that finds it done, must stay under
// a quarter of the whole call's.
func TestCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the stage on 2 MB texts; skipped with -short")
	}
	ex := loadTest(t)
	for _, name := range []string{"prose", "names", "entities", "short-lines", "one-line"} {
		s, ok := shapes.Find(shapes.Text, name)
		if !ok {
			t.Fatalf("no text shape %q", name)
		}
		t.Run(name, func(t *testing.T) {
			shapes.CheckCancel(t, "entities", name, s.Make(2<<20), 0.25, func(ctx context.Context, in string) error {
				_, err := ex.Extract(ctx, in, analysis.EntityOptions{ReferenceTime: ref})
				return err
			})
		})
	}
}
