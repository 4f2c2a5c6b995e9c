package places

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the lookup key of a place name: lower case, Latin
// diacritics removed, "." and apostrophes dropped ("U.S." -> "us"), other
// punctuation as a space, a leading "the" removed, spaces collapsed. The
// index is keyed by it, so the builder and the resolver must agree.
func Normalize(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return normalizeASCII(s)
	}
	return normalizeRunes(norm.NFD.String(s))
}

// normalizeRunes is Normalize for decomposed (NFD) text.
func normalizeRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '.' || r == '\'' || r == '’' || r == '‘' || r == 'ʻ' || r == '`':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(foldLetter(r)))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimRight(b.String(), " ")
	out = strings.TrimPrefix(out, "the ")
	return out
}

// foldLetter maps the Latin letters that NFD does not decompose.
func foldLetter(r rune) rune {
	switch r {
	case 'ß':
		return 's'
	case 'ø', 'Ø':
		return 'o'
	case 'đ', 'Đ':
		return 'd'
	case 'ł', 'Ł':
		return 'l'
	case 'æ', 'Æ':
		return 'a'
	case 'ı':
		return 'i'
	}
	return r
}

// latinName reports whether every letter of s is Latin, so that alternate
// names in other scripts stay out of an index meant for English text.
func latinName(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// normalizeASCII is Normalize for ASCII input, without decoding runes.
func normalizeASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '\'' || c == '`':
			continue
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b = append(b, c)
			space = false
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
			space = false
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	if len(b) >= 4 && string(b[:4]) == "the " {
		b = b[4:]
	}
	return string(b)
}
