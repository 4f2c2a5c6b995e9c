package entities

import (
	"context"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

// BenchmarkExtract reports tokens/s for tokenizer + tagger + rules +
// grouping on the seed article repeated to about 100 KB.
func BenchmarkExtract(b *testing.B) {
	ex := loadTest(b)
	seed := readSeed(b)
	text := strings.Repeat(seed+"\n\n", 100_000/len(seed)+1)
	ntok := len(Tokenize(text, nil))
	ctx := context.Background()
	opts := analysis.EntityOptions{ReferenceTime: ref}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := ex.Extract(ctx, text, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	// Per CPU second (includes GC): the per-core figure on a shared machine.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(ntok)*float64(b.N)/cpu.Seconds(), "tokens/cpu-s")
	}
}

func BenchmarkTokenize(b *testing.B) {
	text := readSeed(b)
	toks := Tokenize(text, nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		toks = Tokenize(text, toks)
	}
	b.ReportMetric(float64(len(toks))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoad measures loading the embedded model (limit: 300 ms).
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := LoadDefault(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHotPathAllocs guards the per-token hot path: on text without entities,
// tokenizer + tagger + rules must not allocate per token (only per call).
func TestHotPathAllocs(t *testing.T) {
	ex := loadTest(t)
	text := strings.Repeat("the cat sat on the mat and looked at the dog . ", 1000)
	ntok := len(Tokenize(text, nil))
	ctx := context.Background()
	if _, err := ex.Extract(ctx, text, analysis.EntityOptions{}); err != nil { // warm the pool
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(5, func() { _, _ = ex.Extract(ctx, text, analysis.EntityOptions{}) })
	if allocs > float64(ntok)/100 {
		t.Errorf("Extract of %d entity-free tokens made %.0f allocations, want <= %d", ntok, allocs, ntok/100)
	}
}
