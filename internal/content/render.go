package content

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// breakAfter says how a tag separates the text around it: 1 a line break,
// 2 a paragraph break (blank line). Tags not listed are inline.
var breakAfter = map[atom.Atom]int{
	atom.P: 2, atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Blockquote: 2, atom.Pre: 2, atom.Table: 2, atom.Ul: 2, atom.Ol: 2, atom.Dl: 2,
	atom.Section: 2, atom.Article: 2, atom.Header: 2, atom.Footer: 2, atom.Nav: 2,
	atom.Aside: 2, atom.Main: 2, atom.Figure: 2, atom.Form: 2, atom.Hr: 2, atom.Address: 2,
	atom.Details: 2, atom.Fieldset: 2, atom.Center: 2, atom.Body: 2,
	atom.Div: 1, atom.Li: 1, atom.Tr: 1, atom.Dt: 1, atom.Dd: 1, atom.Figcaption: 1,
	atom.Br: 1, atom.Td: 1, atom.Th: 1, atom.Caption: 1, atom.Summary: 1, atom.Option: 1,
	atom.Legend: 1, atom.Label: 0,
}

// skipped are elements whose content is never rendered.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Canvas: true, atom.Select: true, atom.Textarea: true, atom.Title: true,
}

// RenderText renders an HTML page (or fragment) as plain text the way a
// person copying it from a browser would get it: one line per block element,
// a blank line between paragraphs, whitespace collapsed, scripts, styles and
// the head left out. It streams the tokens, so it runs in linear time and
// constant stack whatever the nesting depth, and its output is valid UTF-8.
func RenderText(page string) string {
	var r renderer
	r.render(context.Background(), strings.NewReader(page))
	return r.b.String()
}

// RenderTextLoose is RenderText with a blank line after every block element
// (only <br> makes a plain line break): the layout of articles pasted as
// plain text, one paragraph per block. Training uses both layouts.
func RenderTextLoose(page string) string {
	r := renderer{loose: true}
	r.render(context.Background(), strings.NewReader(page))
	return r.b.String()
}

type renderer struct {
	loose bool
	// noChrome leaves out <nav>, <aside> and <footer>: by HTML's own
	// definition they hold no article.
	noChrome bool
	b        strings.Builder
	// links, when non-nil, collects per rendered line its characters (not
	// counting spaces) and those inside <a> elements, for link density.
	links     *[]lineLinks
	linkDepth int
	pending   int  // break owed before the next text: 0, 1 or 2
	space     bool // a space is owed before the next word
	skip      int  // depth inside skipped elements
	skipTag   atom.Atom
	// nodes counts the tokens that become nodes of a parsed tree (tags,
	// comments, doctypes; not text): what go-trafilatura's cost grows with.
	nodes int
}

// renderCheckTokens is how many tokens render reads between checks of its
// context; a token costs at most its bytes, which the page limit bounds.
const renderCheckTokens = 4096

// render renders the tokens of rd into r.b. It returns ctx's error when ctx
// is done before the end.
func (r *renderer) render(ctx context.Context, rd io.Reader) error {
	z := html.NewTokenizer(rd)
	z.SetMaxBuf(0)
	for k := 1; ; k++ {
		if k%renderCheckTokens == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		tt := z.Next()
		if tt != html.TextToken && tt != html.EndTagToken {
			r.nodes++
		}
		switch tt {
		case html.ErrorToken:
			r.nodes--
			return nil
		case html.TextToken:
			if r.skip > 0 {
				continue
			}
			r.text(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if r.skip > 0 {
				if a == r.skipTag && tt == html.StartTagToken {
					r.skip++
				}
				continue
			}
			if skipped[a] || r.noChrome && (a == atom.Nav || a == atom.Aside || a == atom.Footer) || (hasAttr && hidden(z)) {
				if tt == html.StartTagToken && !voidElement(a) {
					r.skip, r.skipTag = 1, a
				}
				continue
			}
			r.brk(r.breakFor(a))
			if a == atom.A && tt == html.StartTagToken {
				r.linkDepth++
			}
			if a == atom.Img {
				// Images carry no text; their alt text is not what a reader copies.
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if r.skip > 0 {
				if a == r.skipTag {
					r.skip--
				}
				continue
			}
			if a == atom.A && r.linkDepth > 0 {
				r.linkDepth--
			}
			r.brk(r.breakFor(a))
		}
	}
}

func (r *renderer) breakFor(a atom.Atom) int {
	n := breakAfter[a]
	if r.loose && n == 1 && a != atom.Br {
		return 2
	}
	return n
}

func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.Img, atom.Hr, atom.Input, atom.Meta, atom.Link, atom.Area, atom.Base, atom.Col, atom.Embed, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// hidden reports whether the current tag is hidden from readers.
func hidden(z *html.Tokenizer) bool {
	for {
		k, v, more := z.TagAttr()
		switch string(k) {
		case "hidden":
			return true
		case "aria-hidden":
			if string(v) == "true" {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(string(v)), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
		if !more {
			return false
		}
	}
}

func (r *renderer) brk(n int) {
	if n > r.pending {
		r.pending = n
	}
}

func (r *renderer) text(t []byte) {
	for len(t) > 0 {
		c, size := utf8.DecodeRune(t)
		t = t[size:]
		switch {
		case c == utf8.RuneError && size <= 1:
			c = '\uFFFD'
		case c == 0:
			continue
		}
		if isSpace(c) {
			r.space = true
			continue
		}
		if r.b.Len() > 0 {
			switch r.pending {
			case 2:
				r.b.WriteString("\n\n")
			case 1:
				r.b.WriteByte('\n')
			default:
				if r.space {
					r.b.WriteByte(' ')
				}
			}
		}
		if r.links != nil && (r.pending > 0 || len(*r.links) == 0) {
			*r.links = append(*r.links, lineLinks{begin: r.b.Len()})
		}
		r.pending, r.space = 0, false
		if r.links != nil {
			ll := &(*r.links)[len(*r.links)-1]
			ll.runes++
			if r.linkDepth > 0 {
				ll.linked++
			}
		}
		r.b.WriteRune(c)
	}
}

func isSpace(c rune) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0xA0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000, 0x200B, 0xFEFF:
		return true
	}
	return false
}

// lineLinks counts the characters of one rendered line (from byte begin of
// the rendering) and those of them inside links.
type lineLinks struct {
	begin         int
	runes, linked int
}

// renderArticle renders page like RenderText without the page's navigation,
// asides and footers. It returns ctx's error when ctx is done first.
func renderArticle(ctx context.Context, page string) (string, error) {
	r := renderer{noChrome: true}
	if err := r.render(ctx, strings.NewReader(page)); err != nil {
		return "", err
	}
	return r.b.String(), nil
}

// renderedPage is a page rendered like RenderText, with its lines' link
// counts and the number of nodes its tree has.
type renderedPage struct {
	text  string
	lines []lineLinks
	nodes int
}

// renderPage renders page like RenderText and returns its lines with the
// share of each line's characters that sit inside links. It returns ctx's
// error when ctx is done first.
func renderPage(ctx context.Context, page string) (renderedPage, error) {
	var ls []lineLinks
	r := renderer{links: &ls}
	if err := r.render(ctx, strings.NewReader(page)); err != nil {
		return renderedPage{}, err
	}
	return renderedPage{text: r.b.String(), lines: ls, nodes: r.nodes}, nil
}
