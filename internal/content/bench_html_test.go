package content_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/content/contentdata"
)

// benchPages returns every 5th readability page (26 pages), from DOCSIFT_DATA.
func benchPages(b *testing.B) []contentdata.ReadabilityPage {
	rp, err := contentdata.LoadReadability(filepath.Join(dataDir(b), "boilerplate", "readability"))
	if err != nil {
		b.Fatal(err)
	}
	return contentdata.Subsample(rp, 5)
}

// BenchmarkTrafilatura is go-trafilatura alone with the pipeline's options;
// one op is one page.
func BenchmarkTrafilatura(b *testing.B) {
	pages := benchPages(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pages[i%len(pages)]
		i++
		if _, err := content.Trafilatura(p.Source, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractHTML is the whole HTML path (go-trafilatura, rendering,
// the line filter, language); compare with BenchmarkTrafilatura.
func BenchmarkExtractHTML(b *testing.B) {
	pages := benchPages(b)
	e, err := content.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pages[i%len(pages)]
		i++
		if _, err := e.Extract(ctx, analysis.Document{HTML: p.Source}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderText renders the pages to text (the training renderer).
func BenchmarkRenderText(b *testing.B) {
	pages := benchPages(b)
	var n int64
	for _, p := range pages {
		n += int64(len(p.Source))
	}
	b.ReportAllocs()
	b.SetBytes(n / int64(len(pages)))
	i := 0
	for b.Loop() {
		content.RenderText(pages[i%len(pages)].Source)
		i++
	}
}
