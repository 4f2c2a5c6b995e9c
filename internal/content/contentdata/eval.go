package contentdata

import (
	"cmp"
	"context"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"time"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
)

// BodyFunc extracts the body of one document.
type BodyFunc func(ctx context.Context, doc analysis.Document) (string, error)

// Score is one system's figures on one set.
type Score struct {
	// Pages evaluated.
	Pages int
	// Precision, Recall and F1: averaged over pages (readability) or from the
	// summed snippet counts (trafilatura).
	Precision, Recall, F1 float64
	Counts                Counts
	// Bytes of input processed, and the time it took.
	Bytes   int64
	Elapsed time.Duration
}

// PagesPerSec is the throughput in pages per second.
func (s Score) PagesPerSec() float64 { return float64(s.Pages) / s.Elapsed.Seconds() }

// MBPerSec is the throughput in megabytes (1e6 bytes) of input per second.
func (s Score) MBPerSec() float64 { return float64(s.Bytes) / 1e6 / s.Elapsed.Seconds() }

// Readability scores fn on pages with the word-level metric. With asText,
// each page is rendered to text first (rendering is not timed) and sent as a
// text document.
func Readability(ctx context.Context, pages []ReadabilityPage, asText bool, fn BodyFunc) (Score, error) {
	docs := make([]analysis.Document, len(pages))
	for i, p := range pages {
		if asText {
			docs[i] = analysis.Document{ID: p.Name, Text: content.RenderText(p.Source)}
		} else {
			docs[i] = analysis.Document{ID: p.Name, HTML: p.Source}
		}
	}
	bodies, sc, err := run(ctx, docs, fn)
	if err != nil {
		return sc, err
	}
	for i, p := range pages {
		pr, rc, f := WordPRF(bodies[i], p.Expected)
		sc.Precision += pr
		sc.Recall += rc
		sc.F1 += f
	}
	n := float64(len(pages))
	sc.Precision, sc.Recall, sc.F1 = sc.Precision/n, sc.Recall/n, sc.F1/n
	return sc, nil
}

// Snippets scores fn on pages with trafilatura's snippet counts.
func Snippets(ctx context.Context, pages []SnippetPage, asText bool, fn BodyFunc) (Score, error) {
	docs := make([]analysis.Document, len(pages))
	for i, p := range pages {
		if asText {
			docs[i] = analysis.Document{ID: p.Name, Text: content.RenderText(p.HTML)}
		} else {
			docs[i] = analysis.Document{ID: p.Name, HTML: p.HTML, URL: p.URL}
		}
	}
	bodies, sc, err := run(ctx, docs, fn)
	if err != nil {
		return sc, err
	}
	for i, p := range pages {
		sc.Counts.Add(bodies[i], p.With, p.Without)
	}
	sc.Precision, sc.Recall, sc.F1 = sc.Counts.PRF()
	return sc, nil
}

func run(ctx context.Context, docs []analysis.Document, fn BodyFunc) ([]string, Score, error) {
	sc := Score{Pages: len(docs)}
	bodies := make([]string, len(docs))
	start := time.Now()
	for i, d := range docs {
		b, err := fn(ctx, d)
		if err != nil {
			if ctx.Err() != nil {
				return nil, sc, err
			}
			b = "" // an error counts as an empty body
		}
		bodies[i] = b
		sc.Bytes += int64(len(d.Text) + len(d.HTML))
	}
	sc.Elapsed = time.Since(start)
	return bodies, sc, nil
}

// Baseline is go-trafilatura alone (for HTML) or the whole text (for text).
func Baseline(_ context.Context, doc analysis.Document) (string, error) {
	if doc.HTML == "" {
		return doc.Text, nil
	}
	res, err := content.Trafilatura(doc.HTML, doc.URL)
	if err != nil {
		return "", err
	}
	// ContentText is go-trafilatura's own flattening of its result (what its
	// published evaluation scores).
	return res.ContentText, nil
}

// Pipeline wraps an extractor as a BodyFunc.
func Pipeline(e analysis.ContentExtractor) BodyFunc {
	return func(ctx context.Context, doc analysis.Document) (string, error) {
		c, err := e.Extract(ctx, doc)
		if err != nil {
			return "", err
		}
		return c.Body, nil
	}
}

// Served is the server's path: the document, text or HTML, sent as a
// client must send it (ClientUTF8) to a Pipeline's ExtractContent (the
// pipeline internal/serving builds, with its language detector).
func Served(p *analysis.Pipeline) func(ctx context.Context, doc analysis.Document) (*analysis.Content, error) {
	return func(ctx context.Context, doc analysis.Document) (*analysis.Content, error) {
		doc.Text, doc.HTML = ClientUTF8(doc.Text, ""), ClientUTF8(doc.HTML, "text/html")
		res, err := p.ExtractContent(ctx, analysis.Request{Document: doc})
		if err != nil {
			return nil, err
		}
		return res.Content, nil
	}
}

// ServedBody is Served as a BodyFunc.
func ServedBody(p *analysis.Pipeline) BodyFunc {
	serve := Served(p)
	return func(ctx context.Context, doc analysis.Document) (string, error) {
		c, err := serve(ctx, doc)
		if err != nil {
			return "", err
		}
		return c.Body, nil
	}
}

// ClientUTF8 is s as a client must send it, in UTF-8 (the API refuses
// anything else): a page that is not valid UTF-8 is decoded from the
// encoding its BOM or <meta charset> declares, else windows-1252, as
// browsers do (25 of the trafilatura set's pages are in such encodings;
// the stage alone hands their bytes to go-trafilatura, which decodes them
// itself). contentType is "text/html" for a page, "" for plain text.
func ClientUTF8(s, contentType string) string {
	if utf8.ValidString(s) {
		return s
	}
	enc, _, _ := charset.DetermineEncoding([]byte(s), cmp.Or(contentType, "text/plain"))
	out, err := enc.NewDecoder().String(s)
	if err != nil || !utf8.ValidString(out) {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}
