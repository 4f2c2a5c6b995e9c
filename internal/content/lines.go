package content

import (
	"strings"
	"unicode"

	"github.com/docsift/docsift/internal/analysis"
)

// line is one non-empty line of a text, trimmed of surrounding blanks.
type line struct {
	span analysis.Span
	// para numbers the blank-line separated paragraph the line belongs to.
	para int
}

// splitLines cuts text into its non-empty lines. Lines end at "\n", "\r\n"
// or a lone "\r" (old Mac files); a line holding only blanks separates
// paragraphs.
func splitLines(text string) []line {
	lines, _ := splitLinesCtx(&checker{}, text)
	return lines
}

// splitLinesCtx is splitLines checking ck's context as it goes.
func splitLinesCtx(ck *checker, text string) ([]line, error) {
	// One line per line break at most: sized once, not grown by doubling.
	out := make([]line, 0, min(strings.Count(text, "\n")+strings.Count(text, "\r")+1, len(text)/2+1))
	para, blank := 0, false
	for i := 0; i <= len(text); {
		j := i
		for j < len(text) && text[j] != '\n' && text[j] != '\r' {
			j++
		}
		if err := ck.add(j - i + lineWork); err != nil {
			return nil, err
		}
		// Trim Unicode white space (NBSP, ideographic space ...) too: a
		// line of only such characters is blank.
		seg := text[i:j]
		trimmed := strings.TrimLeftFunc(seg, unicode.IsSpace)
		b := i + len(seg) - len(trimmed)
		e := b + len(strings.TrimRightFunc(trimmed, unicode.IsSpace))
		if b == e {
			blank = true
		} else {
			if blank && len(out) > 0 {
				para++
			}
			blank = false
			out = append(out, line{span: analysis.Span{Begin: b, End: e}, para: para})
		}
		i = j + 1
		if j+1 < len(text) && text[j] == '\r' && text[j+1] == '\n' {
			i++
		}
	}
	return out, nil
}
