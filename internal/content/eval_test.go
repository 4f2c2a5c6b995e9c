package content_test

import (
	"context"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/content/contentdata"
)

// Floors pinned just under the figures measured with
// `go run ./cmd/docsift-models eval content --data ../shared/data`
// (see model/README.md). "held-out" pages are the fifth no model trained on;
// shingle F1 is the article-extraction benchmark's metric.
const (
	floorHTMLReadability        = 0.960 // measured 0.966 (word F1, 130 pages)
	floorHTMLReadabilityShingle = 0.955 // measured 0.961
	floorHTMLTrafilatura        = 0.945 // measured 0.950 (snippet F1, 884 pages, 4/5 seen by the html filter)
	floorHTMLTrafilaturaShingle = 0.950 // measured 0.956
	floorHTMLTrafilaturaHeldOut = 0.925 // measured 0.931 (166 pages)
	floorTextReadability        = 0.93  // measured 0.935 (25 held-out pages)
	floorTextTrafilatura        = 0.855 // measured 0.863 (166 held-out pages)
	floorLanguage               = 0.95  // measured 0.959 (71 of 74 (pages whose metadata names a language)
)

type sets struct {
	rp []contentdata.ReadabilityPage
	sp []contentdata.SnippetPage
}

func loadSets(t *testing.T) sets {
	t.Helper()
	rp, sp, _, err := contentdata.Load(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	return sets{rp, sp}
}

func heldOut[T any](xs []T, name func(T) string) []T {
	var out []T
	for _, x := range xs {
		if contentdata.HeldOut(name(x)) {
			out = append(out, x)
		}
	}
	return out
}

func atLeast(t *testing.T, what string, got, floor float64) {
	t.Helper()
	t.Logf("%s = %.3f (floor %.3f)", what, got, floor)
	if got < floor {
		t.Errorf("%s = %.3f, want >= %.3f", what, got, floor)
	}
}

func TestQualityHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go-trafilatura on ~1,000 pages; skipped with -short")
	}
	s := loadSets(t)
	ctx := context.Background()
	pipe := contentdata.Extractors("pipeline", []*content.Extractor{newExtractor(t)})
	for _, set := range contentdata.Sets(s.rp, s.sp) {
		outs, err := contentdata.Run(ctx, set, pipe)
		if err != nil {
			t.Fatal(err)
		}
		m := contentdata.Summarize(set, outs)
		if set.Snippets {
			atLeast(t, "html trafilatura shingle F1", m.ShF, floorHTMLTrafilaturaShingle)
			atLeast(t, "html trafilatura snippet F1", m.F, floorHTMLTrafilatura)
			held := contentdata.Set{Name: set.Name, Snippets: true}
			var houts []contentdata.Outcome
			for i, p := range set.Pages {
				if contentdata.HeldOut(p.Name) {
					held.Pages = append(held.Pages, p)
					houts = append(houts, outs[i])
				}
			}
			atLeast(t, "html trafilatura snippet F1, held-out", contentdata.Summarize(held, houts).F, floorHTMLTrafilaturaHeldOut)
			continue
		}
		atLeast(t, "html readability shingle F1", m.ShF, floorHTMLReadabilityShingle)
		atLeast(t, "html readability word F1", m.F, floorHTMLReadability)
	}
}

func TestQualityText(t *testing.T) {
	s := loadSets(t)
	ctx := context.Background()
	fn := contentdata.Pipeline(newExtractor(t))
	sc, err := contentdata.Readability(ctx, heldOut(s.rp, func(p contentdata.ReadabilityPage) string { return p.Name }), true, fn)
	if err != nil {
		t.Fatal(err)
	}
	atLeast(t, "text readability word F1, held-out", sc.F1, floorTextReadability)
	sc, err = contentdata.Snippets(ctx, heldOut(s.sp, func(p contentdata.SnippetPage) string { return p.Name }), true, fn)
	if err != nil {
		t.Fatal(err)
	}
	atLeast(t, "text trafilatura snippet F1, held-out", sc.F1, floorTextTrafilatura)
}

// TestQualityLanguage checks Content.LanguageCode against the language the
// readability pages' metadata names.
func TestQualityLanguage(t *testing.T) {
	s := loadSets(t)
	e := newExtractor(t)
	n, ok := 0, 0
	for _, p := range s.rp {
		want := strings.ToLower(strings.SplitN(p.Meta.Lang, "-", 2)[0])
		if want == "" || strings.TrimSpace(p.Expected) == "" {
			continue
		}
		c, err := e.Extract(context.Background(), analysis.Document{Text: p.Expected})
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.LanguageCode == want {
			ok++
		} else {
			t.Logf("%s: LanguageCode = %q, want %q", p.Name, c.LanguageCode, want)
		}
	}
	if n == 0 {
		t.Fatal("no page names its language")
	}
	atLeast(t, "language accuracy", float64(ok)/float64(n), floorLanguage)
}
