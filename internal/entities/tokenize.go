package entities

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one token of a text: Text == text[Begin:End].
type Token struct {
	Begin, End int
	Text       string
	// SentStart marks the first token of a sentence.
	SentStart bool
}

// abbreviations keep their final period ("Dr.", "Inc."); lower-cased, without
// the period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "gen": true, "gov": true, "sen": true, "rep": true, "lt": true, "col": true,
	"capt": true, "sgt": true, "maj": true, "adm": true, "rev": true, "pres": true, "supt": true,
	"inc": true, "corp": true, "ltd": true, "co": true, "bros": true, "plc": true, "mt": true,
	"vs": true, "etc": true, "no": true, "nos": true, "fig": true, "approx": true, "est": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "ave": true, "blvd": true,
	"dept": true, "univ": true, "assn": true, "ft": true, "e.g": true, "i.e": true, "a.m": true, "p.m": true,
}

// stateAbbrevs are the AP style abbreviations of US states ("San Jose,
// Calif."), which news datelines use and which keep their period when
// capitalised, as CoNLL's tokens do. Unlike "Corp." a sentence may end
// after one, but only before a word that opens sentences (as after "U.S.").
var stateAbbrevs = map[string]bool{
	"ala": true, "ariz": true, "ark": true, "calif": true, "colo": true, "conn": true, "del": true,
	"fla": true, "ga": true, "ill": true, "ind": true, "kan": true, "kans": true, "ky": true,
	"la": true, "md": true, "mass": true, "mich": true, "minn": true, "miss": true, "mo": true,
	"mont": true, "neb": true, "nev": true, "okla": true, "ore": true, "pa": true, "tenn": true,
	"tex": true, "va": true, "vt": true, "wash": true, "wis": true, "wyo": true,
}

// titles are abbreviations after which a sentence never ends.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "gen": true,
	"gov": true, "sen": true, "rep": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"maj": true, "adm": true, "rev": true, "no": true, "mt": true, "vs": true,
}

// sentenceOpeners start a new sentence after an ambiguous "U.S.".
var sentenceOpeners = map[string]bool{
	"The": true, "A": true, "An": true, "He": true, "She": true, "It": true, "They": true, "We": true,
	"I": true, "In": true, "But": true, "This": true, "That": true, "There": true, "His": true,
	"Her": true, "Their": true, "Its": true, "On": true, "At": true, "For": true, "And": true,
}

func isInitialismTok(s string) bool {
	return len(s) > 2 && s[len(s)-1] == '.' && (strings.Contains(s[:len(s)-1], ".") || isStateAbbrev(s[:len(s)-1]))
}

// isStateAbbrev reports whether w is one of stateAbbrevs, capitalised
// ("Calif", "Ill", not "ill").
func isStateAbbrev(w string) bool {
	return len(w) >= 2 && len(w) <= 5 && w[0] >= 'A' && w[0] <= 'Z' && stateAbbrevs[strings.ToLower(w)]
}

// maxSentence bounds a sentence's tokens so that ctx is checked regularly
// even in text without punctuation.
const maxSentence = 400

func isApos(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isJoiner(r rune) bool {
	// Combining marks, ZWJ and variation selectors belong to the previous rune.
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Mc, r) ||
		r == '\u200d' || (r >= '\ufe00' && r <= '\ufe0f')
}

func isWordRune(r rune) bool {
	if r < 0x300 { // below the first combining mark: no joiner
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || isJoiner(r)
}

func runeAt(s string, i int) rune {
	if i >= len(s) || i < 0 {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func runeBefore(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// clitic returns the length in bytes of an English clitic starting with an
// apostrophe at s[i:] ("'s", "’ll"), or 0.
func clitic(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if !isApos(r) {
		return 0
	}
	j := i + n
	k := j
	for k < len(s) && k-j < 3 {
		c := s[k]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			k++
			continue
		}
		break
	}
	if isWordRune(runeAt(s, k)) {
		return 0
	}
	switch strings.ToLower(s[j:k]) {
	case "s", "d", "m", "ll", "re", "ve":
		return k - i
	}
	return 0
}

// Tokenize splits text into tokens with exact byte offsets, marking sentence
// starts. It appends to dst (which may be nil) and returns it.
func Tokenize(text string, dst []Token) []Token {
	// Without an '@' anywhere no token is an e-mail address.
	dst, _ = tokenize(nil, text, dst, scanner{hasAt: strings.IndexByte(text, '@') >= 0})
	return dst
}

// checkBytes is how much text tokenize reads between checks of its context.
const checkBytes = 1 << 16

// tokenize is Tokenize with the scanner's state given; with a non-nil ctx
// it checks ctx every checkBytes bytes and returns its error when done.
func tokenize(ctx context.Context, text string, dst []Token, sc scanner) ([]Token, error) {
	dst = dst[:0]
	newSent := true
	sentLen := 0
	i := 0
	check := checkBytes
	for i < len(text) {
		if i >= check && ctx != nil {
			check = i + checkBytes
			if err := ctx.Err(); err != nil {
				return dst, err
			}
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			newSent = true
			i += n
			continue
		}
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		end := sc.token(text, i)
		if end <= i {
			end = i + n
		}
		if newSent && listNumber(text, i, end) {
			end++ // "1. Slight 280 points": a list's number keeps its period
		}
		// Sentence boundary after terminal punctuation.
		if !newSent && len(dst) > 0 {
			p := dst[len(dst)-1]
			if endsSentence(text, dst, p) && !startsLower(text[i:end]) && (!isInitialismTok(p.Text) || sentenceOpeners[text[i:end]]) {
				newSent = true
			}
		}
		if sentLen >= maxSentence {
			newSent = true
		}
		if newSent {
			sentLen = 0
		}
		dst = append(dst, Token{Begin: i, End: end, Text: text[i:end], SentStart: newSent})
		sentLen++
		newSent = false
		i = end
	}
	return dst, nil
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// endsSentence reports whether a sentence may end after token p (the last of dst).
func endsSentence(text string, dst []Token, p Token) bool {
	t := p.Text
	switch t {
	case ".", "!", "?", "...", "…":
		return true
	}
	// Closing quotes and brackets after terminal punctuation.
	if len(dst) >= 2 && (t == "\"" || t == "”" || t == "'" || t == "’" || t == ")") {
		q := dst[len(dst)-2].Text
		return q == "." || q == "!" || q == "?"
	}
	// An abbreviation that swallowed the period: "U.S." at the end, not "Dr.".
	if len(t) > 1 && t[len(t)-1] == '.' {
		low := strings.ToLower(t[:len(t)-1])
		return !titles[low] && strings.Contains(low, ".") || isStateAbbrev(t[:len(t)-1])
	}
	return false
}

// scanner is Tokenize's state across tokens.
type scanner struct {
	// hasAt says whether the text has an '@' (else no e-mail address is
	// looked for).
	hasAt bool
	// noEmail: no e-mail address starts before this offset. A failed
	// scanEmail fails from every start in the run of address characters
	// it read, so that run is read once, not once per token in it
	// ("ab.ab.ab..." would be quadratic).
	noEmail int
	// noSkip turns the noEmail shortcut off (tests compare with it).
	noSkip bool
}

// token returns the end of the token that starts at i.
func (sc *scanner) token(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == 'h' || r == 'w' || r == 'H' || r == 'W' {
		if e := scanURL(s, i); e > i {
			return e
		}
	}
	if isWordRune(r) {
		if sc.hasAt && i >= sc.noEmail {
			e, run := scanEmail(s, i)
			if e > i {
				return e
			}
			if !sc.noSkip {
				sc.noEmail = run
			}
		}
		return scanWord(s, i)
	}
	if isApos(r) {
		if c := clitic(s, i); c > 0 {
			return i + c
		}
	}
	// Runs of the same punctuation: "...", "--", "``", "''".
	if r == '.' || r == '-' || r == '`' || r == '\'' || r == '!' || r == '?' || r == '*' || r == '=' || r == '_' {
		j := i + n
		for j < len(s) && rune(s[j]) == r {
			j++
		}
		return skipJoiners(s, j)
	}
	return skipJoiners(s, i+n)
}

func skipJoiners(s string, j int) int {
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isJoiner(r) {
			break
		}
		j += n
	}
	return j
}

func scanURL(s string, i int) int {
	rest := s[i:]
	low := rest
	if len(low) > 8 {
		low = low[:8]
	}
	low = strings.ToLower(low)
	if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") && !strings.HasPrefix(low, "www.") {
		return i
	}
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) || r == '"' || r == '<' || r == '>' || r == '“' || r == '”' {
			break
		}
		j += n
	}
	// Trailing punctuation belongs to the sentence.
	for j > i {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if strings.ContainsRune(".,;:!?)]}'’", r) {
			j -= n
			continue
		}
		break
	}
	return j
}

func isEmailLocal(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '-'
}

// scanEmail returns the end of the e-mail address at i, or i; and the end
// of the run of local-part characters from i, where every start in [i, run)
// gives the same answer.
func scanEmail(s string, i int) (end, run int) {
	j := i
	for j < len(s) && isEmailLocal(s[j]) {
		j++
	}
	if j == i || j >= len(s) || s[j] != '@' {
		return i, j
	}
	k := j + 1
	dot := false
	for k < len(s) && (isEmailLocal(s[k]) && s[k] != '+') {
		if s[k] == '.' {
			dot = true
		}
		k++
	}
	for k > j+1 && (s[k-1] == '.' || s[k-1] == '-') {
		k--
	}
	if !dot || k <= j+3 || !strings.Contains(s[j+1:k], ".") {
		return i, j
	}
	return k, j
}

// scanWord scans letters and digits with internal joiners: hyphens
// ("tit-for-tat"), periods ("U.S.", "1.5"), digit group commas ("1,500"),
// apostrophes ("O'Neill") but not clitics ("Japan" + "'s", "do" + "n't").
func scanWord(s string, i int) int {
	j := scanWordRun(s, i)
	e := wordEnd(s, i, j)
	// An initialism before a hyphen is one word with what follows, as in
	// CoNLL's tokens: "U.S.-led", "U.N.-sponsored".
	if e == j+1 && e+1 < len(s) && s[e] == '-' && isWordRune(runeAt(s, e+1)) && strings.Contains(s[i:j], ".") {
		return wordEnd(s, i, scanWordRun(s, e+1))
	}
	return e
}

// scanWordRun returns the end of the run of word runes and internal joiners
// from i.
func scanWordRun(s string, i int) int {
	j := i
	// What isInitialism needs of s[i:j], kept as the word grows (checking
	// the whole word at each period would be quadratic in "a.a.a.a..."):
	// every rune so far a letter or a period, every part before the last
	// period one or two letters, and the runes of the current part.
	var ini initialism
	for j < len(s) {
		if c := s[j]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			ini.rune(c > '9')
			j++ // the usual ASCII letter or digit, without decoding
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			ini.rune(unicode.IsLetter(r))
			j += n
			continue
		}
		next := runeAt(s, j+n)
		prev := runeBefore(s, j)
		switch {
		case r == '-' && isWordRune(next) && isWordRune(prev):
			ini.rune(false)
			j += n
			continue
		case r == '&' && isASCIIUpper(prev) && isASCIIUpper(next) && j-i <= 3:
			// "S&P", "AT&T", "H&R Block".
			ini.rune(false)
			j += n
			continue
		case r == '$' && isASCIIUpper(prev) && j-i <= 3 && !unicode.IsLetter(next) && allASCIIUpper(s[i:j]):
			// A dollar's country: "C$", "US$", "HK$", one token as in
			// CoNLL, where it is a MISC name; the amount is another.
			return j + n
		case r == '.' && unicode.IsDigit(prev) && unicode.IsDigit(next):
			ini.period()
			j += n
			continue
		case r == '.' && unicode.IsLetter(next) && ini.ok() && shortPartAt(s, j+1):
			ini.period()
			j += n
			continue
		case (r == ',' || r == ':') && unicode.IsDigit(prev) && unicode.IsDigit(next) && r == ',' && groupOf3(s, j+1):
			ini.rune(false)
			j += n
			continue
		case r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(next) && j-i <= 2:
			// Times: "10:30".
			ini.rune(false)
			j += n
			continue
		case isApos(r) && unicode.IsLetter(prev) && unicode.IsLetter(next) && clitic(s, j) == 0:
			ini.rune(false)
			j += n
			continue
		}
		break
	}
	return j
}

// wordEnd returns the end of the word whose run is s[i:j]: before a "n't",
// or after an abbreviation's period.
func wordEnd(s string, i, j int) int {
	// "don't" -> "do" + "n't".
	if j-i > 3 {
		w := s[i:j]
		// The last apostrophe, straight or curly (LastIndexAny is slow
		// with a non-ASCII set, and so is LastIndex: it runs only when
		// the word has a byte that can begin "’").
		k := strings.LastIndexByte(w, '\'')
		if strings.IndexByte(w, 0xe2) >= 0 {
			k = max(k, strings.LastIndex(w, "’"))
		}
		if k > 0 && (w[k-1] == 'n' || w[k-1] == 'N') {
			tail := strings.ToLower(w[k:])
			if tail == "'t" || tail == "’t" {
				if k-1 > 0 {
					return i + k - 1
				}
			}
		}
	}
	// Abbreviation period.
	if j < len(s) && s[j] == '.' {
		w := s[i:j]
		low := strings.ToLower(w)
		r, _ := utf8.DecodeRuneInString(w)
		single := utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r)
		if abbreviations[low] || strings.Contains(w, ".") && !strings.ContainsAny(w, "0123456789") || single || isStateAbbrev(w) {
			return j + 1
		}
	}
	return j
}

// initialism tracks whether a word read so far looks like "U.S" or "e.g"
// (see isInitialism).
type initialism struct {
	bad  bool // a rune that is not a letter, or a part not of 1-2 runes
	part int  // runes of the current part
}

func (in *initialism) rune(letter bool) {
	in.part++
	if !letter {
		in.bad = true
	}
}

func (in *initialism) period() {
	if in.part == 0 || in.part > 2 {
		in.bad = true
	}
	in.part = 0
}

// ok reports whether the word so far, followed by '.', looks like "U.S" or
// "e.g": every period-separated part is one or two letters.
func (in *initialism) ok() bool { return !in.bad && in.part >= 1 && in.part <= 2 }

// shortPartAt reports whether the letters from k are at most two (the part
// after an initialism's period must be short too).
func shortPartAt(s string, k int) bool {
	c := 0
	for k < len(s) && c <= 2 {
		r, n := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsLetter(r) {
			break
		}
		c++
		k += n
	}
	return c <= 2
}

// isInitialism reports whether s[i:j] followed by '.' looks like "U.S" or
// "e.g": every period-separated part is one or two letters, and so is the
// part after the period. It is the definition scanWord's initialism
// tracks (TestInitialismIncremental).
func isInitialism(s string, i, j int) bool {
	w := s[i:j]
	for _, part := range strings.Split(w, ".") {
		if n := utf8.RuneCountInString(part); n == 0 || n > 2 {
			return false
		}
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return shortPartAt(s, j+1)
}

func groupOf3(s string, j int) bool {
	if j+3 > len(s) {
		return false
	}
	for k := j; k < j+3; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return j+3 == len(s) || s[j+3] < '0' || s[j+3] > '9'
}

func isASCIIUpper(r rune) bool { return r >= 'A' && r <= 'Z' }

// listNumber reports whether text[i:end], the first token of a line or
// sentence, is a number of one to three digits followed by a period and a
// space: a list's or a results table's numbering ("1. Slight 280 points"),
// one token in CoNLL, not the end of a sentence.
func listNumber(text string, i, end int) bool {
	if end-i > 3 || end+1 >= len(text) || text[end] != '.' || text[end+1] != ' ' {
		return false
	}
	for k := i; k < end; k++ {
		if text[k] < '0' || text[k] > '9' {
			return false
		}
	}
	return true
}

func allASCIIUpper(w string) bool {
	for k := 0; k < len(w); k++ {
		if w[k] < 'A' || w[k] > 'Z' {
			return false
		}
	}
	return true
}
