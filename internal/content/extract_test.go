package content_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/shapes"
)

var _ analysis.ContentExtractor = (*content.Extractor)(nil)

const article = `Storm closes coastal roads

By Jane Doe

The regional government closed three coastal roads on Tuesday after a storm brought heavy rain and strong winds to the area, officials said.

Emergency services said they had received more than two hundred calls overnight, most of them about fallen trees and flooded basements in the lower town.

The roads are expected to reopen on Thursday once engineers have inspected the bridges, according to a statement from the transport department.

Share this article
Follow us on Twitter
Comments are closed.`

func TestExtractText(t *testing.T) {
	e := newExtractor(t)
	c, err := e.Extract(context.Background(), analysis.Document{Text: article})
	if err != nil {
		t.Fatalf("Extract(article) error: %v", err)
	}
	if c.Title != "Storm closes coastal roads" {
		t.Errorf("Extract(article).Title = %q, want %q", c.Title, "Storm closes coastal roads")
	}
	if c.Byline != "Jane Doe" {
		t.Errorf("Extract(article).Byline = %q, want %q", c.Byline, "Jane Doe")
	}
	for _, want := range []string{"The regional government closed", "Emergency services said", "The roads are expected to reopen"} {
		if !strings.Contains(c.Body, want) {
			t.Errorf("Extract(article).Body = %q, want it to contain %q", c.Body, want)
		}
	}
	for _, bad := range []string{"Share this article", "Follow us", "Comments are closed", "By Jane Doe", "Storm closes"} {
		if strings.Contains(c.Body, bad) {
			t.Errorf("Extract(article).Body contains %q", bad)
		}
	}
	if c.LanguageCode != "en" || c.LanguageConfidence <= 0 {
		t.Errorf("Extract(article) language = %q (%.2f), want en", c.LanguageCode, c.LanguageConfidence)
	}
	checkSpans(t, article, c)
}

func TestExtractLanguage(t *testing.T) {
	e := newExtractor(t)
	de := "Neue Regeln für Radfahrer\n\nDie Stadtverwaltung hat am Montag beschlossen, dass Radfahrer ab dem kommenden Jahr auf allen Hauptstraßen eigene Fahrspuren erhalten sollen.\n\nDer Gemeinderat stimmte dem Vorschlag mit großer Mehrheit zu, nachdem die Kosten für den Umbau geprüft worden waren.\n"
	tests := []struct {
		name string
		doc  analysis.Document
		want string
	}{
		{"german detected", analysis.Document{Text: de}, "de"},
		{"hint wins", analysis.Document{Text: de, LanguageCode: "de-AT"}, "de-AT"},
		{"html", analysis.Document{HTML: "<html><body><article><h1>Neue Regeln</h1><p>" + strings.ReplaceAll(de, "\n\n", "</p><p>") + "</p></article></body></html>"}, "de"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.Extract(context.Background(), tc.doc)
			if err != nil {
				t.Fatalf("Extract error: %v", err)
			}
			if c.LanguageCode != tc.want {
				t.Errorf("Extract(%q).LanguageCode = %q, want %q", tc.name, c.LanguageCode, tc.want)
			}
			if c.Body == "" {
				t.Errorf("Extract(%q).Body is empty (%s); a language the models were not built for must still be extracted", tc.name, c.EmptyReason)
			}
		})
	}
}

func TestExtractHTMLMetadata(t *testing.T) {
	page := `<!DOCTYPE html><html lang="en"><head><title>Storm closes coastal roads | Example News</title>
<meta property="og:title" content="Storm closes coastal roads">
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Storm closes coastal roads","author":{"@type":"Person","name":"Jane Doe"},"datePublished":"2024-03-05T10:00:00Z"}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm closes coastal roads</h1>
<p>The regional government closed three coastal roads on Tuesday after a storm brought heavy rain and strong winds to the area, officials said in a statement released in the morning.</p>
<p>Emergency services said they had received more than two hundred calls overnight, most of them about fallen trees and flooded basements in the lower town, and that nobody had been hurt.</p>
<p>The roads are expected to reopen on Thursday once engineers have inspected the bridges, according to the transport department, which asked drivers to avoid the area.</p>
<p>Share this article</p></article>
<footer>© 2024 Example News. All rights reserved.</footer></body></html>`
	c, err := newExtractor(t).Extract(context.Background(), analysis.Document{HTML: page, URL: "https://news.example.com/2024/03/05/storm"})
	if err != nil {
		t.Fatalf("Extract(page) error: %v", err)
	}
	if c.Title != "Storm closes coastal roads" || c.Byline != "Jane Doe" || c.SiteName != "Example News" {
		t.Errorf("Extract(page) title, byline, site = %q, %q, %q; want Storm closes coastal roads, Jane Doe, Example News", c.Title, c.Byline, c.SiteName)
	}
	if c.PublishedTime.Year() != 2024 || c.PublishedTime.Month() != 3 || c.PublishedTime.Day() != 5 {
		t.Errorf("Extract(page).PublishedTime = %v, want 2024-03-05", c.PublishedTime)
	}
	if !strings.Contains(c.Body, "Emergency services said") || strings.Contains(c.Body, "All rights reserved") || strings.Contains(c.Body, "Home") {
		t.Errorf("Extract(page).Body = %q", c.Body)
	}
	for i, b := range c.Blocks {
		if b.HasSource || !b.Body.Valid(len(c.Body)) {
			t.Errorf("HTML block %d = %+v, want a valid body span and no source", i, b)
		}
	}
}

// TestExtractRobust feeds hostile inputs: each must give a result (maybe an
// empty body with a reason) or a typed error, without panicking.
func TestExtractRobust(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(rng.UintN(256))
	}
	longLine := strings.Repeat("word after word without any line break at all ", 5<<20/48)
	tests := []struct {
		name    string
		doc     analysis.Document
		wantErr error // nil: a result is expected
	}{
		{"empty", analysis.Document{}, nil},
		{"blank text", analysis.Document{Text: " \n\t\r\n  \n"}, nil},
		{"invalid utf-8 text", analysis.Document{Text: string(junk)}, analysis.ErrInvalidArgument},
		{"binary junk as valid utf-8 text", analysis.Document{Text: strings.ToValidUTF8(string(junk), "?")}, nil},
		{"binary junk html", analysis.Document{HTML: string(junk)}, nil},
		{"malformed html", analysis.Document{HTML: `<html><body><div><p>Unclosed <b>bold <i>italic</div></p><table><tr><td>cell<p>para</table><<>>&&&;<!-- never closed`}, nil},
		{"5 MB single line text", analysis.Document{Text: longLine}, nil},
		{"5 MB single line html", analysis.Document{HTML: "<html><body><p>" + longLine + "</p></body></html>"}, content.ErrPageTooLarge},
		{"1.5 MB single line html", analysis.Document{HTML: "<html><body><p>" + longLine[:3<<19] + "</p></body></html>"}, nil},
		{"100000 nested divs", analysis.Document{HTML: strings.Repeat("<div>", 100000) + "deep text" + strings.Repeat("</div>", 100000)}, nil},
		{"100000 nested spans", analysis.Document{HTML: "<p>" + strings.Repeat("<span>", 100000) + "deep text"}, nil},
		{"no article", analysis.Document{HTML: `<html><body><nav><a href="/">Home</a><a href="/a">About</a></nav><footer>© 2024</footer></body></html>`}, nil},
		{"only scripts", analysis.Document{HTML: `<html><head><script>var x = "<p>not text</p>";</script><style>p{}</style></head><body></body></html>`}, nil},
	}
	e := newExtractor(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.Extract(context.Background(), tc.doc)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("Extract(%s) error = %v, want %v", tc.name, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Extract(%s) error = %v, want a result", tc.name, err)
			}
			checkContent(t, tc.doc, c)
		})
	}
}

// checkContent checks the invariants every result keeps.
func checkContent(t *testing.T, doc analysis.Document, c *analysis.Content) {
	t.Helper()
	if !utf8.ValidString(c.Body) || !utf8.ValidString(c.Title) || !utf8.ValidString(c.Byline) {
		t.Errorf("result is not valid UTF-8")
	}
	if strings.TrimSpace(c.Body) == "" && c.EmptyReason == "" {
		t.Errorf("empty body without EmptyReason")
	}
	prev := 0
	for i, b := range c.Blocks {
		if !b.Body.Valid(len(c.Body)) || b.Body.Begin < prev {
			t.Fatalf("block %d body span %+v invalid (body %d bytes)", i, b.Body, len(c.Body))
		}
		prev = b.Body.End
		if doc.HTML == "" {
			if !b.HasSource || !b.Source.Valid(len(doc.Text)) || c.Body[b.Body.Begin:b.Body.End] != doc.Text[b.Source.Begin:b.Source.End] {
				t.Fatalf("block %d does not map to the input: %+v", i, b)
			}
		} else if b.HasSource {
			t.Fatalf("HTML block %d has a source span", i)
		}
	}
	if c.LanguageConfidence < 0 || c.LanguageConfidence > 1 {
		t.Errorf("LanguageConfidence = %v", c.LanguageConfidence)
	}
}

func TestExtractTextMemory(t *testing.T) {
	text := strings.Repeat(article+"\n\n", 5<<20/len(article))
	e := newExtractor(t)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := e.Extract(context.Background(), analysis.Document{Text: text}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(12*len(text)); got > limit {
		t.Errorf("Extract(%d MB text) allocated %d MB, want at most %d MB", len(text)>>20, got>>20, limit>>20)
	}
}

func TestExtractCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := newExtractor(t)
	for _, doc := range []analysis.Document{{Text: article}, {HTML: "<p>" + article + "</p>"}} {
		if _, err := e.Extract(ctx, doc); !errors.Is(err, context.Canceled) {
			t.Errorf("Extract(canceled, html=%v) error = %v, want context.Canceled", doc.IsHTML(), err)
		}
	}
}

func TestInfo(t *testing.T) {
	info := newExtractor(t).Info()
	if info.Stage != analysis.StageContent || info.Name == "" || info.Version == "" || len(info.Languages) != 0 {
		t.Errorf("Info() = %+v, want stage content, a name and version, any language", info)
	}
}

func FuzzExtractText(f *testing.F) {
	f.Add(article)
	f.Add("Title\n\nBy X\n\n\n\r\n\t")
	f.Add("a\n\nb\nc\n\n\n")
	f.Add("")
	e := newExtractor(f)
	f.Fuzz(func(t *testing.T, s string) {
		doc := analysis.Document{Text: s}
		c, err := e.Extract(context.Background(), doc)
		if !utf8.ValidString(s) {
			if !errors.Is(err, analysis.ErrInvalidArgument) {
				t.Fatalf("Extract(%q) error = %v, want ErrInvalidArgument", s, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Extract(%q) error = %v", s, err)
		}
		checkContent(t, doc, c)
		shapes.WatchTime(t, s, func(in string) { e.Extract(context.Background(), analysis.Document{Text: in}) })
	})
}

func FuzzExtractHTML(f *testing.F) {
	f.Add("<html><body><p>" + article + "</p></body></html>")
	f.Add("<div><div><p>x</div>")
	f.Add("<script>alert(1)</script><p hidden>x</p><p style='display:none'>y</p>")
	f.Add("\xff\xfe<p>\x00</p>")
	e := newExtractor(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<16 {
			return
		}
		doc := analysis.Document{HTML: s}
		c, err := e.Extract(context.Background(), doc)
		if err != nil {
			t.Fatalf("Extract(%q) error = %v", s, err)
		}
		checkContent(t, doc, c)
		shapes.WatchTime(t, s, func(in string) { e.Extract(context.Background(), analysis.Document{HTML: in}) })
	})
}

// TestShortTextKept checks that a snippet of one or two paragraphs is kept
// whole even where the line model would drop it: a short text has no page
// around it to judge boilerplate by.
func TestShortTextKept(t *testing.T) {
	e := newExtractor(t)
	for _, text := range []string{
		"Angela Merkel met <img src=x> officials in Berlin on Monday.",
		"Tokyo and Moscow held talks on Monday.",
		"Tokyo and Moscow held talks on Monday.\n\nThe ministers will meet again in May.",
	} {
		c, err := e.Extract(context.Background(), analysis.Document{Text: text})
		if err != nil {
			t.Fatalf("Extract(%q): %v", text, err)
		}
		if c.Body != text {
			t.Errorf("Extract(%q).Body = %q, want the whole text", text, c.Body)
		}
	}
}

// TestPageTooLarge checks the error for a page with more text than
// MaxPageText: typed, naming the field, and a limit error for server/errors.go
// (analysis.ErrTooLarge: RESOURCE_EXHAUSTED).
func TestPageTooLarge(t *testing.T) {
	e := newExtractor(t)
	page := "<p>" + strings.Repeat("word ", content.MaxPageText/5+1) + "</p>"
	_, err := e.Extract(context.Background(), analysis.Document{HTML: page})
	var fe *analysis.FieldError
	if !errors.Is(err, content.ErrPageTooLarge) || !errors.Is(err, analysis.ErrTooLarge) || !errors.As(err, &fe) || fe.Field != "document.html" {
		t.Fatalf("Extract(page of %d bytes of text) error = %v, want a FieldError on document.html wrapping ErrPageTooLarge and analysis.ErrTooLarge", content.MaxPageText+5, err)
	}
	small := "<p>" + strings.Repeat("word ", content.MaxPageText/5-16) + "</p>"
	if _, err := e.Extract(context.Background(), analysis.Document{HTML: small}); err != nil {
		t.Fatalf("Extract(page just under MaxPageText) error = %v", err)
	}
}
