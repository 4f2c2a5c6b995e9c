package content

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

// classifyText fills c from plain text: the title line (when withTitle), a
// byline under it, and the lines the text model scores as content, grouped
// into paragraphs that are exact substrings of text.
func (e *Extractor) classifyText(ctx context.Context, c *analysis.Content, text string, withTitle bool) error {
	ck := &checker{ctx: ctx}
	lines, err := splitLinesCtx(ck, text)
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		c.EmptyReason = "the text is blank"
		return nil
	}
	skip := 0 // lines taken as title and byline
	if withTitle && isTitleLine(text, lines) {
		s := text[lines[0].span.Begin:lines[0].span.End]
		c.Title = s
		c.Removed = append(c.Removed, analysis.RemovedBlock{Text: s, Source: lines[0].span, HasSource: true, Reason: ReasonTitle})
		skip = 1
		if len(lines) > 2 {
			if by, ok := bylineOf(text[lines[1].span.Begin:lines[1].span.End]); ok {
				c.Byline = by
				c.Removed = append(c.Removed, analysis.RemovedBlock{Text: text[lines[1].span.Begin:lines[1].span.End], Source: lines[1].span, HasSource: true, Reason: ReasonByline})
				skip = 2
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	scores, err := lineScoresCtx(ck, e.text, text, lines)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	cf, err := newContextFeaturesCtx(ck, scores, lines)
	if err != nil {
		return err
	}
	final := make([]float64, len(lines))
	var fbuf []feat
	for i := skip; i < len(lines); i++ {
		if err := ck.add(lineWork); err != nil {
			return err
		}
		fbuf = cf.features(i, e.textCtx.mask, fbuf[:0])
		final[i] = e.textCtx.score(fbuf)
	}
	keep := make([]bool, len(lines))
	for i := skip; i < len(lines); i++ {
		keep[i] = final[i] >= e.textCtx.threshold
	}
	dropMixedTail(lines, scores, keep)
	keepShortText(lines[skip:], keep[skip:])
	var (
		b       strings.Builder
		cur     = -1 // index in c.Blocks of the open paragraph
		rm      = -1 // index in c.Removed of the open removed run
		prevKep = -2
		prevRm  = -2
	)
	b.Grow(len(text))
	for i := skip; i < len(lines); i++ {
		if err := ck.add(lineWork); err != nil {
			return err
		}
		l := lines[i]
		score := final[i]
		if keep[i] {
			if cur >= 0 && prevKep == i-1 && lines[i-1].para == l.para {
				// Extend the paragraph with this line, keeping the source's own
				// line break so the body stays an exact substring.
				blk := &c.Blocks[cur]
				b.WriteString(text[blk.Source.End:l.span.End])
				blk.Source.End = l.span.End
				blk.Body.End = b.Len()
			} else {
				if b.Len() > 0 {
					b.WriteString("\n\n")
				}
				begin := b.Len()
				b.WriteString(text[l.span.Begin:l.span.End])
				c.Blocks = append(c.Blocks, analysis.Block{Body: analysis.Span{Begin: begin, End: b.Len()}, Source: l.span, HasSource: true})
				cur = len(c.Blocks) - 1
			}
			prevKep = i
			continue
		}
		if rm >= 0 && prevRm == i-1 && lines[i-1].para == l.para {
			r := &c.Removed[rm]
			r.Source.End = l.span.End
			r.Text = text[r.Source.Begin:r.Source.End]
			r.Score = max(r.Score, score)
		} else {
			c.Removed = append(c.Removed, analysis.RemovedBlock{Text: text[l.span.Begin:l.span.End], Source: l.span, HasSource: true, Reason: ReasonBoilerplate, Score: score})
			rm = len(c.Removed) - 1
		}
		prevRm = i
	}
	c.Body = b.String()
	return nil
}

// maxShortParagraphs is the most paragraphs a text may have for
// keepShortText to keep it whole.
const maxShortParagraphs = 2

// keepShortText keeps every line of a text of one or two paragraphs when the
// model kept none: the classifier judges a line by its neighbours and its
// place on a page, and a snippet ("Angela Merkel met officials in Berlin on
// Monday.") has neither. A client that sends a sentence wants it analysed,
// not emptied.
func keepShortText(lines []line, keep []bool) {
	paras := 0
	for i, l := range lines {
		if keep[i] {
			return
		}
		if i == 0 || lines[i-1].para != l.para {
			paras++
		}
	}
	if paras == 0 || paras > maxShortParagraphs {
		return
	}
	for i := range keep {
		keep[i] = true
	}
}

// tailLow is the line score under which a line marks its paragraph as the
// start of the trailing boilerplate (see dropMixedTail).
const tailLow = 0.15

// maxTailLines is the largest paragraph dropMixedTail drops.
const maxTailLines = 3

// dropMixedTail drops the last kept paragraph when it mixes kept lines with
// a line the line model is sure is boilerplate ("In an age of ... journalism
// is more crucial than ever." / "By subscribing, you can help us ..."): in
// plain text a paragraph is one unit, and at the article's end the unit
// that holds a call to action belongs to the site. Only the last paragraph
// is considered, so the article itself is never eaten from the end.
func dropMixedTail(lines []line, scores []float64, keep []bool) {
	last := -1
	for i := len(keep) - 1; i >= 0; i-- {
		if keep[i] {
			last = i
			break
		}
	}
	if last < 0 {
		return
	}
	p := lines[last].para
	lo, hi := last, last
	for lo > 0 && lines[lo-1].para == p {
		lo--
	}
	for hi+1 < len(lines) && lines[hi+1].para == p {
		hi++
	}
	if lo == hi || hi-lo+1 > maxTailLines {
		return
	}
	// The sure line must follow a kept one: an appeal ends the paragraph.
	sure, seenKept := false, false
	for i := lo; i <= hi; i++ {
		seenKept = seenKept || keep[i]
		if seenKept && scores[i] < tailLow {
			sure = true
		}
	}
	if !sure {
		return
	}
	for i := lo; i <= hi; i++ {
		keep[i] = false
	}
}

// isTitleLine reports whether the first line of text is a title: a short
// line without a sentence's final punctuation, standing as its own
// paragraph, ahead of more text.
func isTitleLine(text string, lines []line) bool {
	if len(lines) < 2 || lines[1].para == lines[0].para {
		return false
	}
	s := text[lines[0].span.Begin:lines[0].span.End]
	n := utf8.RuneCountInString(s)
	if n < 3 || n > 200 {
		return false
	}
	words := len(strings.Fields(s))
	if words < 2 || words > 30 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '.', ',', ';', ':':
		return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")
	}
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(first) || unicode.IsDigit(first) || unicode.IsPunct(first) || !unicode.IsLower(first)
}

// bylineOf recognises a byline ("By Jane Doe", "by Jane Doe and John Roe").
func bylineOf(s string) (string, bool) {
	if len(s) > 120 {
		return "", false
	}
	lower := strings.ToLower(s)
	for _, p := range []string{"by ", "von ", "par ", "por "} {
		if strings.HasPrefix(lower, p) {
			name := strings.TrimSpace(s[len(p):])
			if w := len(strings.Fields(name)); w >= 1 && w <= 12 {
				first, _ := utf8.DecodeRuneInString(name)
				if unicode.IsUpper(first) {
					return name, true
				}
			}
		}
	}
	return "", false
}
