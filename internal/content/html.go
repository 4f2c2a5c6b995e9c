package content

import (
	"bytes"
	"context"
	"fmt"
	nurl "net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	htmldate "github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/docsift/docsift/internal/analysis"
)

// TrafilaturaOptions are the go-trafilatura options the content stage uses:
// fallbacks on (readability and DOM distiller candidates), comments out,
// dates from metadata and a fast scan only, with the time of day when the
// page gives one, logging off, and the page's URL as a hint (parsed, never
// fetched).
func TrafilaturaOptions(pageURL string) trafilatura.Options {
	o := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		// What HtmlDateMode Fast selects, plus the time: without it
		// "2024-03-05T10:00:00Z" comes back as midnight.
		HtmlDateOptions: &htmldate.Options{UseOriginalDate: true, SkipExtensiveSearch: true, ExtractTime: true},
		EnableLog:       false,
	}
	if pageURL != "" {
		if u, err := nurl.Parse(pageURL); err == nil && u.Scheme != "" && u.Host != "" {
			o.OriginalURL = u
		}
	}
	return o
}

// Trafilatura runs go-trafilatura alone on page: the baseline that the
// evaluation compares the pipeline against. Its error is go-trafilatura's
// (it finds nothing, or the page cannot be parsed).
func Trafilatura(page, pageURL string) (*trafilatura.ExtractResult, error) {
	res, err := trafilatura.Extract(strings.NewReader(page), TrafilaturaOptions(pageURL))
	if err != nil {
		return nil, err
	}
	return res, nil
}

// RenderNode renders an HTML tree (go-trafilatura's ContentNode) as text
// with RenderText's rules.
func RenderNode(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		return ""
	}
	var r renderer
	r.render(context.Background(), &b)
	return r.b.String()
}

// maxFallbackPage and maxFallbackNodes bound the pages (bytes, nodes) for
// which go-trafilatura also runs its readability and DOM-distiller
// fallbacks: on huge pages they double the time for little gain. Every
// page of the evaluation sets is within the node bound.
const (
	maxFallbackPage  = 1 << 20
	maxFallbackNodes = 12000
)

// go-trafilatura cannot be interrupted, and its cost grows with the page's
// nodes and text (several passes over the tree, a dozen copies of it). It
// reads only the pages within these bounds, so that a call whose context is
// done stops within a bounded time. Every page of the evaluation sets is
// within them (at most 10,113 nodes and 135 KB of rendered text among 1,053 pages);
// larger pages go to the line classifier, which checks its context.
const (
	// maxTrafilaturaNodes bounds the page's tags, comments and doctypes.
	maxTrafilaturaNodes = 20000
	// maxTrafilaturaText bounds the page's rendered text (bytes).
	maxTrafilaturaText = 1 << 20
)

// MaxPageText is the most text (bytes, as RenderText renders the page) that
// the content stage reads from one page: a text document's limit. A page
// with more is refused with an error wrapping ErrPageTooLarge rather than
// answered slowly.
const MaxPageText = 2 << 20

// ErrPageTooLarge marks a page with more text than MaxPageText. It wraps
// analysis.ErrTooLarge.
var ErrPageTooLarge = fmt.Errorf("content: page too large: %w", analysis.ErrTooLarge)

// minExtractedSize is go-trafilatura's default Config.MinExtractedSize: a
// result shorter than this (in characters) means it fell back to its
// baseline.
const minExtractedSize = 250

// extractHTML runs go-trafilatura, then drops the boilerplate lines it lets
// through. Pages it cannot handle (too deep, too large, or no article found)
// go through RenderText and the text classifier instead.
func (e *Extractor) extractHTML(ctx context.Context, doc analysis.Document) (*analysis.Content, error) {
	// The page goes to go-trafilatura as it is: it detects the charset of a
	// page that is not UTF-8. What comes out is made valid UTF-8 below.
	page := doc.HTML
	rp, err := renderPage(ctx, page)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if len(rp.text) > MaxPageText {
		return nil, &analysis.FieldError{Field: "document.html", Kind: ErrPageTooLarge,
			Description: fmt.Sprintf("the page holds %d bytes of text, over the %d the content stage reads from a page; send the article as text", len(rp.text), MaxPageText)}
	}
	c := &analysis.Content{}
	var text string
	if rp.nodes <= maxTrafilaturaNodes && len(rp.text) <= maxTrafilaturaText {
		opts := TrafilaturaOptions(doc.URL)
		if len(page) > maxFallbackPage || rp.nodes > maxFallbackNodes {
			opts.EnableFallback = false
		}
		res, err := e.opts.trafilatura(page, opts)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		if err == nil {
			fillMetadata(c, res.Metadata)
			text = strings.ToValidUTF8(RenderNode(res.ContentNode), "\uFFFD")
			// Under its minimum size go-trafilatura falls back to its
			// baseline: the text of the whole page glued across blocks
			// ("Home | AboutBig news"), and (v1.12.2) with the paragraphs it
			// tried first still in the tree, so the body came out twice.
			// Such a page is short: read it line by line like a text.
			if e.on(StageShortFallback) && utf8.RuneCountInString(res.ContentText) < minExtractedSize {
				text = ""
			}
		}
	}
	if strings.TrimSpace(text) != "" {
		e.filterHTMLLines(c, text)
		e.addLead(c, rp.text, rp.lines)
		if err := listDropped(&checker{ctx: ctx}, c, rp.text); err != nil {
			return nil, err
		}
	} else if e.on(StageRenderFallback) {
		// go-trafilatura found nothing, could not parse the page, or was not
		// asked (a page too large for it): read the page as a person would
		// and classify its lines.
		art, err := renderArticle(ctx, page)
		if err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		if err := e.classifyText(ctx, c, art, false); err != nil {
			return nil, err
		}
		if err := listDropped(&checker{ctx: ctx}, c, rp.text); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	// Rendered text has spans into the rendering, not the page.
	for i := range c.Blocks {
		c.Blocks[i].Source, c.Blocks[i].HasSource = analysis.Span{}, false
	}
	for i := range c.Removed {
		c.Removed[i].Source, c.Removed[i].HasSource = analysis.Span{}, false
	}
	if c.Body == "" && c.EmptyReason == "" {
		c.EmptyReason = "no article content found in the page"
	}
	return c, nil
}

// htmlFilterMaxWords is the longest line (in words) the html filter may drop:
// go-trafilatura's longer lines are prose it rarely gets wrong, while the
// boilerplate it lets through is short (measured on the training pages).
var htmlFilterMaxWords = 12

// filterHTMLLines keeps the lines of go-trafilatura's text that the html
// model scores as content.
func (e *Extractor) filterHTMLLines(c *analysis.Content, text string) {
	lines := splitLines(text)
	if len(lines) == 0 {
		return
	}
	var (
		df   *docFeatures
		fbuf []feat
	)
	if e.html != nil {
		df = newDocFeatures(text, lines, e.html.mask)
	}
	var b strings.Builder
	for i, l := range lines {
		s := text[l.span.Begin:l.span.End]
		score, keep := 1.0, true
		if e.html != nil {
			fbuf = df.features(i, fbuf[:0])
			score = e.html.score(fbuf)
			keep = score >= e.html.threshold || int(df.stats[i].words) > htmlFilterMaxWords
		}
		isTitle := i == 0 && c.Title != "" && sameText(s, c.Title)
		if !keep || isTitle {
			reason := ReasonBoilerplate
			if isTitle {
				reason = ReasonTitle
			}
			c.Removed = append(c.Removed, analysis.RemovedBlock{Text: s, Reason: reason, Score: score})
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		begin := b.Len()
		b.WriteString(s)
		c.Blocks = append(c.Blocks, analysis.Block{Body: analysis.Span{Begin: begin, End: b.Len()}})
	}
	c.Body = b.String()
}

const (
	// minDescWords is the shortest description addLead looks for in the page.
	minDescWords = 8
	// minLeadWords is the shortest page line addLead takes as lead prose.
	minLeadWords = 12
	// leadWindow is how many page lines above the body's first line addLead
	// looks for the headline.
	leadWindow = 8
)

// addLead puts the article's lead before the body when go-trafilatura left
// it out: news and institutional sites often set the lead (the standfirst
// under the headline) apart from the article's container. In the page
// rendered as text (ptext, its lines pl), the lead is the line that shows
// the page's description, and the prose lines (at least minLeadWords words,
// ending a sentence, mostly not links) between the headline and the body's
// first line.
func (e *Extractor) addLead(c *analysis.Content, ptext string, pl []lineLinks) {
	if c.Body == "" || len(c.Blocks) == 0 || len(pl) == 0 {
		return
	}
	plines := make([]string, len(pl))
	for i, l := range pl {
		end := len(ptext)
		if i+1 < len(pl) {
			end = pl[i+1].begin
		}
		plines[i] = strings.TrimSpace(ptext[l.begin:end])
	}
	var lead []int
	if e.on(StageLeadDescription) && len(strings.Fields(c.Description)) >= minDescWords {
		key := c.Description
		if r := []rune(key); len(r) > 50 {
			key = string(r[:50])
		}
		if !strings.Contains(c.Body, key) {
			for i, s := range plines {
				if strings.Contains(s, key) {
					lead = append(lead, i)
					break
				}
			}
		}
	}
	if e.on(StageLeadProse) && c.Title != "" {
		first := c.Body[c.Blocks[0].Body.Begin:c.Blocks[0].Body.End]
		fi := -1
		for i, s := range plines {
			if s == first {
				fi = i
				break
			}
		}
		for ti := fi - 1; ti >= 0 && ti >= fi-leadWindow; ti-- {
			if !sameText(plines[ti], c.Title) {
				continue
			}
			for i := ti + 1; i < fi; i++ {
				st := computeStats(plines[i], nil)
				if st.words >= minLeadWords && endClass(st.last) <= 2 && pl[i].linked*3 < pl[i].runes &&
					!strings.Contains(c.Body, plines[i]) && (len(lead) == 0 || lead[0] != i) {
					lead = append(lead, i)
				}
			}
			break
		}
	}
	if len(lead) == 0 {
		return
	}
	sort.Ints(lead)
	var b strings.Builder
	blocks := make([]analysis.Block, 0, len(lead)+len(c.Blocks))
	for _, i := range lead {
		begin := b.Len()
		b.WriteString(plines[i])
		blocks = append(blocks, analysis.Block{Body: analysis.Span{Begin: begin, End: b.Len()}})
		b.WriteString("\n\n")
	}
	shift := b.Len()
	for _, blk := range c.Blocks {
		blk.Body.Begin += shift
		blk.Body.End += shift
		blocks = append(blocks, blk)
	}
	b.WriteString(c.Body)
	c.Body, c.Blocks = b.String(), blocks
}

// fillMetadata copies go-trafilatura's metadata (from JSON-LD, OpenGraph,
// <meta> tags and bylines in the page).
func fillMetadata(c *analysis.Content, m trafilatura.Metadata) {
	c.Title = cleanField(m.Title)
	c.Byline = cleanField(m.Author)
	c.SiteName = cleanField(m.Sitename)
	c.Description = cleanField(m.Description)
	if !m.Date.IsZero() && m.Date.Year() > 1900 && m.Date.Before(time.Now().AddDate(1, 0, 0)) {
		c.PublishedTime = m.Date
	}
}

func cleanField(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
}

// sameText compares two strings ignoring case and spacing.
func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
