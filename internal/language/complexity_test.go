package language

import (
	"testing"

	"github.com/docsift/docsift/internal/shapes"
)

// TestComplexity doubles each text shape four times and fails when the
// detector's work more than roughly doubles with its input; it reads a
// bounded sample, so its work should not grow at all
// (`go test ./internal/... -run Complexity -v` prints the ratios).
func TestComplexity(t *testing.T) {
	d := New()
	shapes.CheckLinear(t, "language", shapes.Text, 64<<10, 4, func(in string) { d.Detect(in) })
}
