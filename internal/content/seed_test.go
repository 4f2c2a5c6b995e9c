package content_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
)

func newExtractor(t testing.TB) *content.Extractor {
	t.Helper()
	e, err := content.New()
	if err != nil {
		t.Fatalf("New() error: %v", err)
	}
	return e
}

// TestSeedGolden checks the seed article: the body is exactly its paragraphs,
// the title its first line, and the trailing site lines are gone.
func TestSeedGolden(t *testing.T) {
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	c, err := newExtractor(t).Extract(context.Background(), analysis.Document{Text: text})
	if err != nil {
		t.Fatalf("Extract(seed) error: %v", err)
	}
	if want := "Russia expels eight Japanese diplomats in tit-for-tat move"; c.Title != want {
		t.Errorf("Extract(seed).Title = %q, want %q", c.Title, want)
	}
	first := strings.Index(text, "Moscow said on Wednesday")
	lastSent := "Japan is the largest financial contributor to the ICC."
	last := strings.Index(text, lastSent) + len(lastSent)
	// The article's paragraphs, rejoined with the body's separator.
	var paras []string
	for _, p := range strings.Split(text[first:last], "\n\n") {
		paras = append(paras, strings.TrimSpace(p))
	}
	if want := strings.Join(paras, "\n\n"); c.Body != want {
		t.Errorf("Extract(seed).Body =\n%s\nwant\n%s", c.Body, want)
	}
	for _, s := range []string{"In an age of both misinformation", "By subscribing", "SUBSCRIBE NOW", "PHOTO GALLERY (CLICK TO ENLARGE)", "Comments are closed."} {
		if strings.Contains(c.Body, s) {
			t.Errorf("Extract(seed).Body contains site line %q", s)
		}
	}
	if c.LanguageCode != "en" {
		t.Errorf("Extract(seed).LanguageCode = %q, want %q", c.LanguageCode, "en")
	}
	checkSpans(t, text, c)
	reasons := map[string]int{}
	for _, r := range c.Removed {
		reasons[r.Reason]++
	}
	if reasons[content.ReasonTitle] != 1 || reasons[content.ReasonBoilerplate] == 0 {
		t.Errorf("Extract(seed).Removed reasons = %v, want one title and some boilerplate", reasons)
	}
}

// checkSpans checks that every block maps Body back to text by shift, and
// that removed blocks point at their text.
func checkSpans(t *testing.T, text string, c *analysis.Content) {
	t.Helper()
	prevEnd := -1
	for i, b := range c.Blocks {
		if !b.HasSource || !b.Body.Valid(len(c.Body)) || !b.Source.Valid(len(text)) {
			t.Fatalf("block %d = %+v: invalid spans (body %d, text %d bytes)", i, b, len(c.Body), len(text))
		}
		if got, want := c.Body[b.Body.Begin:b.Body.End], text[b.Source.Begin:b.Source.End]; got != want {
			t.Errorf("block %d: body %q != source %q", i, got, want)
		}
		if b.Body.Begin <= prevEnd {
			t.Errorf("block %d overlaps the previous one", i)
		}
		prevEnd = b.Body.End
		if s, ok := c.SourceSpan(b.Body); !ok || s != b.Source {
			t.Errorf("SourceSpan(%+v) = %+v, %v, want %+v", b.Body, s, ok, b.Source)
		}
	}
	for i, r := range c.Removed {
		if !r.HasSource || !r.Source.Valid(len(text)) || text[r.Source.Begin:r.Source.End] != r.Text {
			t.Errorf("removed %d = %+v does not point at its text", i, r)
		}
	}
}
