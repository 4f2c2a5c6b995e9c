package content

import "github.com/docsift/docsift/internal/analysis"

// line is one non-empty line of a text, trimmed of surrounding blanks.
type line struct {
	span analysis.Span
	// para numbers the blank-line separated paragraph the line belongs to.
	para int
}

// splitLines cuts text into its non-empty lines. Lines end at "\n" (a
// trailing "\r" is trimmed with the other blanks); a line holding only blanks
// separates paragraphs.
func splitLines(text string) []line {
	var out []line
	para, blank := 0, false
	for i := 0; i <= len(text); {
		j := i
		for j < len(text) && text[j] != '\n' {
			j++
		}
		b, e := i, j
		for b < e && isBlankByte(text[b]) {
			b++
		}
		for e > b && isBlankByte(text[e-1]) {
			e--
		}
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
	}
	return out
}

func isBlankByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}
