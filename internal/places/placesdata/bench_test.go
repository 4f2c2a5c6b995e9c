package placesdata

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places"
)

func seedEntities(b *testing.B) (string, []analysis.Entity) {
	text, err := os.ReadFile(filepath.Join("..", "..", "..", "seeds", "000_6d735a571148c0b2.txt"))
	if err != nil {
		b.Fatal(err)
	}
	ex, err := entities.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	ents, err := ex.Extract(context.Background(), string(text), analysis.EntityOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return string(text), ents
}

// BenchmarkResolveSeed is the cost resolution adds to AnalyzeDocument of the
// seed (compare BenchmarkExtractSeed and the server's AnalyzeDocument
// benchmark).
func BenchmarkResolveSeed(b *testing.B) {
	text, ents := seedEntities(b)
	r, err := places.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Resolve(context.Background(), text, places.Hints{}, ents); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractSeed is the entity stage on the seed, for scale.
func BenchmarkExtractSeed(b *testing.B) {
	text, _ := seedEntities(b)
	ex, _ := entities.LoadDefault()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ex.Extract(context.Background(), text, analysis.EntityOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadIndex is the start-up cost of the embedded index; it reports
// the heap the loaded index holds.
func BenchmarkLoadIndex(b *testing.B) {
	var x *places.Index
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		var err error
		if x, err = places.Load(places.EmbeddedIndex()); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heapMB")
	runtime.KeepAlive(x)
}
