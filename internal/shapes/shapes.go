package shapes

import (
	_ "embed"
	"fmt"
	"strings"
)

// article is a news article (the repository's seed document) that the
// realistic shapes repeat.
//
//go:embed article.txt
var article string

// Article returns the realistic news article the shapes are built from.
func Article() string { return article }

// A Shape makes an input of about n bytes (never more).
type Shape struct {
	Name string
	Make func(n int) string
}

// repeat repeats unit up to n bytes, cutting at a unit boundary (at least
// one unit).
func repeat(unit string, n int) string {
	k := max(1, n/len(unit))
	return strings.Repeat(unit, k)
}

// word returns a distinct capitalised pseudo-word for i ("Kabo", "Tilu"):
// names the tagger takes for entities and no two alike.
func word(i int) string {
	const cons, vows = "bdfgklmnprstvz", "aeiou"
	var b strings.Builder
	b.WriteByte(cons[i%len(cons)] - 'a' + 'A')
	i /= len(cons)
	b.WriteByte(vows[i%len(vows)])
	i /= len(vows)
	for {
		b.WriteByte(cons[i%len(cons)])
		i /= len(cons)
		b.WriteByte(vows[i%len(vows)])
		i /= len(vows)
		if i == 0 {
			return b.String()
		}
	}
}

// fill calls unit(i) for i = 0, 1, ... until the next unit would pass n
// bytes (at least one unit).
func fill(n int, unit func(i int) string) string {
	var b strings.Builder
	for i := 0; ; i++ {
		u := unit(i)
		if b.Len() > 0 && b.Len()+len(u) > n {
			return b.String()
		}
		b.WriteString(u)
	}
}

// Text shapes: plain text documents.
var Text = []Shape{
	{"prose", func(n int) string { return repeat(article+"\n\n", n) }},
	{"short-lines", func(n int) string { return repeat("x\n", n) }},
	{"tiny-paragraphs", func(n int) string { return repeat("x\n\n", n) }},
	{"one-line", func(n int) string {
		return repeat(strings.Join(strings.Fields(article), " ")+" ", n)
	}},
	{"no-spaces", func(n int) string { return repeat("abcdefghij", n) }},
	{"punctuation", func(n int) string { return repeat(".", n) }},
	{"mixed-punctuation", func(n int) string { return repeat(".,;:!?-()'\"", n) }},
	{"digits", func(n int) string { return repeat("1234567890", n) }},
	{"digit-groups", func(n int) string { return repeat("1,234.5-6:7 ", n) }},
	{"initials", func(n int) string { return repeat("a.", n) }},
	{"email-runs", func(n int) string { return "x@y.z " + repeat("ab.", n-6) }},
	{"url", func(n int) string { return "http://" + repeat("a/b.", n-7) }},
	{"capitals", func(n int) string { return repeat("WORD ", n) }},
	{"names", func(n int) string {
		return fill(n, func(i int) string { return word(i) + " " + word(i+7) + " met " + word(i+3) + ". " })
	}},
	{"entities", func(n int) string {
		return fill(n, func(i int) string {
			return fmt.Sprintf("%s %s of the %s Bank (%sB) said on May %d, 2020 it paid $%d million, or %d%%, to %s. ",
				word(i), word(i+1), word(i+2), strings.ToUpper(word(i + 2)[:1]), i%28+1, i%900+1, i%99, word(i+3))
		})
	}},
	{"last-names", func(n int) string {
		// Many multi-word names sharing a last word, then the last word
		// alone: what grouping matches a last name against.
		return fill(n, func(i int) string {
			if i%2 == 0 {
				return word(i) + " Kabo Bank said. "
			}
			return "Kabo said. "
		})
	}},
	{"combining", func(n int) string { return repeat("e\u0301\u0302", n) }},
	{"cjk", func(n int) string { return repeat("外務省は水曜日東京の措置への対抗として", n) }},
}

// HTML shapes: web pages.
var HTML = []Shape{
	{"article", func(n int) string { return page(n, paragraphs) }},
	{"live-blog", func(n int) string { return page(n, posts) }},
	{"script-heavy", func(n int) string {
		head := page(min(n/2, 16<<10), paragraphs)
		return head + "<script>" + repeat(`{"id":12345,"title":"x","tags":["a","b"]},`, n-len(head)-20) + "</script>"
	}},
	{"deep-divs", func(n int) string { return repeat("<div>", n-len(article)-12) + "<p>" + article + "</p>" }},
	{"deep-inline", func(n int) string { return repeat("<b>", n-len(article)-12) + "<p>" + article + "</p>" }},
	{"deep-anchors", func(n int) string { return repeat("<a href=x>", n) }},
	{"nested-tables", func(n int) string { return repeat("<table><tr><td>", n) }},
	{"huge-table", func(n int) string {
		return "<table>" + fill(n-16, func(i int) string {
			return fmt.Sprintf("<tr><td>%d</td><td>%s</td><td>cell text</td></tr>", i, word(i))
		}) + "</table>"
	}},
	{"tiny-paragraphs", func(n int) string { return repeat("<p>x</p>", n) }},
	{"one-text-node", func(n int) string { return "<p>" + repeat("abcdefghij", n-3) }},
	{"many-attributes", func(n int) string { return "<div " + repeat(`a="b" `, n-20) + ">x</div>" }},
	{"comments", func(n int) string { return repeat("<!-- c --><p>x</p>", n) }},
}

// Find returns the shape named name in shapes.
func Find(shapes []Shape, name string) (Shape, bool) {
	for _, s := range shapes {
		if s.Name == name {
			return s, true
		}
	}
	return Shape{}, false
}

// paragraphs is a long article: the seed's paragraphs over and over.
func paragraphs(i int) string {
	ps := strings.Split(strings.TrimSpace(article), "\n\n")
	return "<p>" + ps[1+i%(len(ps)-1)] + "</p>\n"
}

// posts is a live blog or comment thread: many small posts, each with a
// byline, a time, a paragraph and share links.
func posts(i int) string {
	ps := strings.Split(strings.TrimSpace(article), "\n\n")
	return fmt.Sprintf(`<article class="post" id="p%d"><header><span class="author">%s %s</span> <time datetime="2022-04-%02dT10:%02d">10:%02d</time></header><p>%s</p><footer><a href="/share?p=%d">Share</a> | <a href="/reply?p=%d">Reply</a></footer></article>
`, i, word(i), word(i+1), i%28+1, i%60, i%60, ps[1+i%(len(ps)-1)], i, i)
}

// page wraps body units in a news page's chrome up to n bytes.
func page(n int, unit func(i int) string) string {
	const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Russia expels eight Japanese diplomats in tit-for-tat move</title><meta name="description" content="Moscow said on Wednesday it was expelling eight Japanese diplomats."><style>body{font-family:sans-serif}</style><script>window.dataLayer=[];</script></head><body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header><main><article><h1>Russia expels eight Japanese diplomats in tit-for-tat move</h1><p class="byline">By Jane Doe</p>
`
	const foot = `</article><aside><h2>Most read</h2><ul><li><a href="/a">Story one</a></li><li><a href="/b">Story two</a></li></ul></aside></main><footer><p>© 2022 News Ltd. All rights reserved.</p><a href="/privacy">Privacy</a> | <a href="/terms">Terms</a></footer></body></html>`
	return head + fill(n-len(head)-len(foot), unit) + foot
}
