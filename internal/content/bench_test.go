package content

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

func seedText(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// BenchmarkExtractText measures text mode on the seed article repeated into a
// ~1 MB document (throughput in MB/s is reported by SetBytes).
func BenchmarkExtractText(b *testing.B) {
	text := strings.Repeat(seedText(b)+"\n\n", 250)
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	doc := analysis.Document{Text: text}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := e.Extract(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractTextSeed measures text mode on the seed as it is (4 kB),
// where the fixed cost of language detection shows.
func BenchmarkExtractTextSeed(b *testing.B) {
	text := seedText(b)
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	doc := analysis.Document{Text: text}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := e.Extract(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}
