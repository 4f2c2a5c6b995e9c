package contentdata

import (
	"strings"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/docsift/docsift/internal/content"
)

// normSpace collapses runs of white space to one space and trims.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// ExpectedLabeller labels a line as content when it is a line of the
// expected article text, or a long (>= 25 characters) piece of it, and as
// boilerplate otherwise.
func ExpectedLabeller(expected string) func(string) int {
	set := make(map[string]bool)
	var lines []string
	for _, l := range strings.Split(expected, "\n") {
		if l = normSpace(l); l != "" {
			set[l] = true
			lines = append(lines, l)
		}
	}
	joined := strings.Join(lines, " ")
	return func(s string) int {
		s = normSpace(s)
		if set[s] || utf8.RuneCountInString(s) >= 25 && strings.Contains(joined, s) {
			return content.LabelContent
		}
		return content.LabelBoilerplate
	}
}

// SnippetLabeller labels a line holding a `with` snippet as content, one
// holding only `without` snippets as boilerplate, and leaves the rest unknown.
func SnippetLabeller(with, without []string) func(string) int {
	return func(s string) int {
		for _, w := range with {
			if strings.Contains(s, w) {
				return content.LabelContent
			}
		}
		for _, w := range without {
			if strings.Contains(s, w) {
				return content.LabelBoilerplate
			}
		}
		return content.LabelUnknown
	}
}

// TextTrainingDocs renders the training (not held-out) pages of both sets to
// text, in both layouts (RenderText and RenderTextLoose), and labels their
// lines, for the text model.
func TextTrainingDocs(rp []ReadabilityPage, sp []SnippetPage) []content.LabelledText {
	var docs []content.LabelledText
	for _, p := range rp {
		if HeldOut(p.Name) {
			continue
		}
		lab := ExpectedLabeller(p.Expected)
		docs = append(docs, content.LabelledText{Group: p.Name, Text: content.RenderText(p.Source), Label: lab},
			content.LabelledText{Group: p.Name, Text: content.RenderTextLoose(p.Source), Label: lab})
	}
	for _, p := range sp {
		if HeldOut(p.Name) {
			continue
		}
		lab := SnippetLabeller(p.With, p.Without)
		docs = append(docs, content.LabelledText{Group: p.Name, Text: content.RenderText(p.HTML), Label: lab},
			content.LabelledText{Group: p.Name, Text: content.RenderTextLoose(p.HTML), Label: lab})
	}
	return append(docs, ShortTrainingDocs(rp)...)
}

// ShortTrainingDocs makes short texts, as clients send them, from the
// training readability pages: the first one to three paragraphs of the
// article, with a title line on half of them. Whole pages alone taught the
// text model that a line with no long line after it is a footer, and a short
// text has no long line at all: it dropped the second of three short
// paragraphs ("Tim Cook told reporters ...", issue 13).
func ShortTrainingDocs(rp []ReadabilityPage) []content.LabelledText {
	var docs []content.LabelledText
	for _, p := range rp {
		if HeldOut(p.Name) {
			continue
		}
		var paras []string
		for _, para := range strings.Split(p.Expected, "\n\n") {
			if para = strings.TrimSpace(para); para != "" {
				paras = append(paras, para)
			}
		}
		if len(paras) == 0 {
			continue
		}
		paras = paras[:min(len(paras), 1+Fold(p.Name+"#short")%3)]
		article := make(map[string]bool)
		for _, para := range paras {
			for _, l := range strings.Split(para, "\n") {
				article[normSpace(l)] = true
			}
		}
		label := func(line string) int {
			if article[normSpace(line)] {
				return content.LabelContent
			}
			return content.LabelUnknown // the title: classifyText sets it apart
		}
		text := strings.Join(paras, "\n\n")
		if t := normSpace(p.Meta.Title); t != "" && Fold(p.Name+"#title")%2 == 0 {
			text = t + "\n\n" + text
		}
		docs = append(docs, content.LabelledText{Group: p.Name, Text: text, Label: label})
	}
	return docs
}

// HTMLTrainingDocs runs go-trafilatura alone on the training pages of both
// sets and labels the lines it returns, for the html model.
func HTMLTrainingDocs(rp []ReadabilityPage, sp []SnippetPage) []content.LabelledText {
	return HTMLTrainingDocsFold(rp, sp, 0, nil)
}

// HTMLTrainingDocsFold is HTMLTrainingDocs for the pages outside fold (fold
// 0 is the held-out fifth), running go-trafilatura through extract (nil:
// go-trafilatura itself).
func HTMLTrainingDocsFold(rp []ReadabilityPage, sp []SnippetPage, fold int, extract content.TrafilaturaFunc) []content.LabelledText {
	if extract == nil {
		extract = func(page string, opts trafilatura.Options) (*trafilatura.ExtractResult, error) {
			return trafilatura.Extract(strings.NewReader(page), opts)
		}
	}
	run := func(page, url string) (string, bool) {
		res, err := extract(page, content.TrafilaturaOptions(url))
		if err != nil {
			return "", false
		}
		return content.RenderNode(res.ContentNode), true
	}
	var docs []content.LabelledText
	for _, p := range rp {
		if Fold(p.Name) == fold {
			continue
		}
		if text, ok := run(p.Source, ""); ok {
			docs = append(docs, content.LabelledText{Group: p.Name, Text: text, Label: ExpectedLabeller(p.Expected)})
		}
	}
	for _, p := range sp {
		if Fold(p.Name) == fold {
			continue
		}
		if text, ok := run(p.HTML, p.URL); ok {
			docs = append(docs, content.LabelledText{Group: p.Name, Text: text, Label: SnippetLabeller(p.With, p.Without)})
		}
	}
	return docs
}
