package topics

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

func seedText(b *testing.B) string {
	t, err := os.ReadFile("../../seeds/000_6d735a571148c0b2.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(t)
}

// BenchmarkClassify measures in-process throughput on the seed article
// (MB/s is per core: the benchmark runs on one goroutine).
func BenchmarkClassify(b *testing.B) {
	r, err := LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	text := seedText(b)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.Classify(ctx, text, analysis.TopicOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassifyLong measures a 100 KB document.
func BenchmarkClassifyLong(b *testing.B) {
	r, err := LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(seedText(b), 25)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.Classify(ctx, text, analysis.TopicOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClassifyExplain(b *testing.B) {
	r, err := LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	text := seedText(b)
	ctx := context.Background()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := r.Classify(ctx, text, analysis.TopicOptions{Explain: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDefault measures loading the embedded model (checksum, parse,
// dequantise): the budget is 200 ms.
func BenchmarkLoadDefault(b *testing.B) {
	b.SetBytes(int64(len(iptcModel)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadDefault(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistryLoad measures Registry.Load from a file.
func BenchmarkRegistryLoad(b *testing.B) {
	path := b.TempDir() + "/iptc.model"
	if err := os.WriteFile(path, iptcModel, 0o644); err != nil {
		b.Fatal(err)
	}
	r := NewRegistry()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Load("x", path); err != nil {
			b.Fatal(err)
		}
	}
}
