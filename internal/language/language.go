package language

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Defaults for a Detector.
const (
	// DefaultSampleBytes is how much evidence text the trigram profiles
	// read: they settle well before this, and it bounds their cost.
	DefaultSampleBytes = 1024
	// fastSampleBytes is how much of a text Detect scans.
	fastSampleBytes = 4 << 10
	// DefaultMinLetters is the fewest letters Detect will judge.
	DefaultMinLetters = 20
	// DefaultMinConfidence is the confidence below which Detect answers "".
	// It is tiny on purpose: a weak guess with its (low) confidence tells
	// a client more than no guess, and the gate never acts on one. On
	// eng.train, BBC, GUM, masakhane and wikigold it raises detection of
	// short English lines from 67% (at 0.05) to 78% with no wrong guess
	// above 0.15.
	DefaultMinConfidence = 0.001
	// FullEvidenceLetters is how many letters of language-carrying words
	// (see fast.go) a guess needs for its full confidence; with fewer, the
	// confidence is scaled down in proportion.
	FullEvidenceLetters = 200
	// FullEvidenceVotes is how many function-word votes (each word at most
	// maxRepeats times) give full confidence on their own.
	FullEvidenceVotes = 16
)

// Detector guesses ISO 639-1 language codes. The zero value is not usable;
// call New. A Detector is safe for concurrent use.
type Detector struct {
	sampleBytes   int
	minLetters    int
	minConfidence float64
}

// New returns a Detector with the default thresholds.
func New() *Detector {
	return &Detector{sampleBytes: DefaultSampleBytes, minLetters: DefaultMinLetters, minConfidence: DefaultMinConfidence}
}

// Detect returns the ISO 639-1 code of text's language ("en") and a
// confidence in [0,1]. code is "" when the text has too few letters, the
// detector is unsure, or the language has no ISO 639-1 code.
//
// The confidence says how far the guess is backed: the agreement of the
// function-word vote and the trigram profiles, scaled by how many letters
// of language-carrying words the text has (FullEvidenceLetters for full
// weight). Tables, headlines in capitals and name lists get low confidence
// whatever they are guessed as.
func (d *Detector) Detect(text string) (code string, confidence float64) {
	s := sample(text, fastSampleBytes)
	if countLetters(s, d.minLetters) < d.minLetters {
		return "", 0
	}
	ev := scan(s)
	if code, conf, ok := ev.byScript(); ok {
		return code, min(1, conf)
	}
	code, conf := d.guess(ev)
	if code == "" || conf < d.minConfidence {
		return "", 0
	}
	return code, min(1, conf)
}

// guess decides between the function-word vote and the trigram profiles
// on the evidence, and scales the confidence by the amount of evidence.
func (d *Detector) guess(ev *evidence) (string, float64) {
	latin := ev.latinShare() >= 0.8
	if ev.letters == 0 {
		return "", 0
	}
	// Cyrillic, Arabic, Devanagari ... go to the trigram profiles too; in
	// caseless scripts every word is evidence. Function words back a guess
	// as well as letters do: German capitalises its nouns, so two plain
	// German sentences have few lower-case letters but a dozen function
	// words.
	evidenceText := ev.text.String()
	support := min(1, max(float64(ev.letters)/FullEvidenceLetters, float64(ev.total)/FullEvidenceVotes))
	var vcode string
	var lead float64
	var ok bool
	if latin {
		vcode, lead, ok = ev.vote()
		if ok && ev.total >= fastVotes {
			// Enough function words: the vote settles it without the
			// (much slower) trigram profiles.
			return vcode, max(lead, 0.5) * support
		}
	}
	tcode, tconf := trigrams(sample(evidenceText, d.sampleBytes))
	if !latin {
		return tcode, tconf * support
	}
	switch {
	case ok && vcode == tcode:
		return vcode, max(lead, tconf) * support
	case ok:
		return vcode, lead * support / 4
	default:
		return tcode, tconf * support / 2
	}
}

// trigrams asks whatlanggo's profiles; code is "" when they cannot tell or
// the language has no ISO 639-1 code.
func trigrams(text string) (code string, conf float64) {
	info := whatlanggo.Detect(text)
	if info.Lang < 0 {
		return "", 0
	}
	code = info.Lang.Iso6391()
	if code == "" {
		return "", 0
	}
	return code, min(1, info.Confidence)
}

// sample cuts text to at most n bytes on a rune boundary.
func sample(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// countLetters counts letters in s, stopping early at limit.
func countLetters(s string, limit int) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if n >= limit {
				return n
			}
		}
	}
	return n
}

// Languages returns the ISO 639-1 codes Detect can return, sorted: the
// languages of the trigram profiles and of the scripts only one language
// uses.
func Languages() []string {
	seen := map[string]bool{}
	var out []string
	for l := range whatlanggo.Langs {
		if c := l.Iso6391(); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}
