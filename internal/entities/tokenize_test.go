package entities

import (
	"strings"
	"testing"
)

func tokenTexts(text string) []string {
	var out []string
	for _, t := range Tokenize(text, nil) {
		out = append(out, t.Text)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // tokens joined by "|"
	}{
		{"curly possessive", "Japan’s expulsion", "Japan|’s|expulsion"},
		{"straight possessive", "Japan's expulsion", "Japan|'s|expulsion"},
		{"negation", "They don't know", "They|do|n't|know"},
		{"curly quotes", "an “openly hostile” course", "an|“|openly|hostile|”|course"},
		{"hyphen", "a tit-for-tat move", "a|tit-for-tat|move"},
		{"abbreviation", "the U.S. and Dr. Smith", "the|U.S.|and|Dr.|Smith"},
		{"sentence period", "in Tokyo. Then", "in|Tokyo|.|Then"},
		{"numbers", "1,500 people paid $3.5 million, 12%", "1,500|people|paid|$|3.5|million|,|12|%"},
		{"url", "see https://example.com/a?b=1. Next", "see|https://example.com/a?b=1|.|Next"},
		{"email", "mail jo.doe@example.org today", "mail|jo.doe@example.org|today"},
		{"apostrophe name", "O'Neill said", "O'Neill|said"},
		{"time", "at 10:30 a.m.", "at|10:30|a.m."},
		{"initial", "John F. Kennedy", "John|F.|Kennedy"},
		{"cjk and emoji", "東京 😀 ok", "東京|😀|ok"},
		{"combining", "Cafe\u0301 open", "Cafe\u0301|open"},
		{"dashes", "wait -- now", "wait|--|now"},
		// As CoNLL's tokens, which the tagger learnt from.
		{"state abbreviation", "San Jose, Calif., company", "San|Jose|,|Calif.|,|company"},
		{"lower-case word, not a state", "he was ill. Then", "he|was|ill|.|Then"},
		{"ampersand in capitals", "S&P and AT&T, B & Q", "S&P|and|AT&T|,|B|&|Q"},
		{"initialism and hyphen", "a U.S.-led force", "a|U.S.-led|force"},
		{"list number", "1. Slight 280 points", "1.|Slight|280|points"},
		{"dollar's country", "C$50 and US$ 3, HK$1.5 but $4 and C $", "C$|50|and|US$|3|,|HK$|1.5|but|$|4|and|C|$"},
		{"number at a sentence's end", "It was 1. Then", "It|was|1|.|Then"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(tokenTexts(tc.in), "|")
			if got != tc.want {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokenizeSentences(t *testing.T) {
	text := "Moscow said so. Dr. Smith agreed.\nTitle line\n\nThe U.S. Army left.\nCARLSBAD, Calif. 1996-08-24\n" +
		"1. Slight 280 points\nShe moved to Calif. The state"
	var starts []string
	for _, tok := range Tokenize(text, nil) {
		if tok.SentStart {
			starts = append(starts, tok.Text)
		}
	}
	got := strings.Join(starts, "|")
	want := "Moscow|Dr.|Title|The|CARLSBAD|1.|She|The"
	if got != want {
		t.Errorf("sentence starts of %q = %q, want %q", text, got, want)
	}
}

func TestTokenizeOffsets(t *testing.T) {
	text := "Japan’s “Foreign Ministry” said\r\n東京 e-mail a@b.co 😀\u200d🔥 x"
	for _, tok := range Tokenize(text, nil) {
		if text[tok.Begin:tok.End] != tok.Text {
			t.Errorf("token %q has span [%d,%d) = %q", tok.Text, tok.Begin, tok.End, text[tok.Begin:tok.End])
		}
	}
}
