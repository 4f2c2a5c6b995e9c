package language

import (
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Defaults for a Detector.
const (
	// DefaultSampleBytes is how much of a text Detect looks at: trigram
	// profiles settle well before this, and it bounds the cost on huge inputs.
	DefaultSampleBytes = 1024
	// fastSampleBytes is how much the function-word vote reads.
	fastSampleBytes = 4 << 10
	// DefaultMinLetters is the fewest letters Detect will judge.
	DefaultMinLetters = 20
	// DefaultMinConfidence is the confidence below which Detect answers "".
	DefaultMinConfidence = 0.2
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
func (d *Detector) Detect(text string) (code string, confidence float64) {
	if countLetters(sample(text, fastSampleBytes), d.minLetters) < d.minLetters {
		return "", 0
	}
	if code, conf, ok := fastDetect(sample(text, fastSampleBytes)); ok {
		return code, conf
	}
	text = sample(text, d.sampleBytes)
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < d.minConfidence {
		return "", 0
	}
	code = info.Lang.Iso6391()
	if code == "" {
		return "", 0
	}
	c := info.Confidence
	if c > 1 {
		c = 1
	}
	return code, c
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
