package topics

import (
	"context"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/shapes"
)

// TestComplexity doubles each text shape four times and fails when the
// topic stage's work more than roughly doubles with its input
// (`go test ./internal/... -run Complexity -v` prints the ratios).
func TestComplexity(t *testing.T) {
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Up to 2 MiB, the largest text the service admits. Below 256 KB more
	// labels pass their threshold as the text grows, each adding an
	// explanation: a step bounded by the label count.
	shapes.CheckLinear(t, "topics", shapes.Text, 128<<10, 4, func(in string) {
		if _, _, err := r.Classify(ctx, in, analysis.TopicOptions{Explain: true}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestCancel measures how the topic stage stops when its context is done,
// on 2 MiB texts: the work between two checks of the context, and after one
// that finds it done, must stay under half the whole call's (calls shorter
// than 100 ms are logged only). The whole call is short (about 0.1 CPU-s at
// most), and one explanation, which sorts the text's features, is one
// stretch (32 ms of 100 on 2 MB of distinct names).
func TestCancel(t *testing.T) {
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"prose", "names", "one-line"} {
		s, ok := shapes.Find(shapes.Text, name)
		if !ok {
			t.Fatalf("no text shape %q", name)
		}
		t.Run(name, func(t *testing.T) {
			shapes.CheckCancel(t, "topics", name, s.Make(2<<20), 0.5, func(ctx context.Context, in string) error {
				_, _, err := r.Classify(ctx, in, analysis.TopicOptions{Explain: true})
				return err
			})
		})
	}
}
