package topicsdata

import (
	"slices"
	"strings"
	"unicode"

	"github.com/docsift/docsift/internal/topics"
)

// Weak supervision from the taxonomy: the names of the IPTC concepts under a
// top-level topic are its seed phrases. Documents of the training data that
// no dataset labels for that topic are labelled by the seeds (silver labels):
// positive when seed phrases are dense enough, negative when none occurs,
// left unknown in between. The classifier then learns from the silver labels
// the words that go with the seeds, beyond the seeds themselves.

// weakTopics are the topics learnt (or, for crime, reinforced outside
// HuffPost) from seed phrases. Labour was tried and left out: its seeds
// matched 54 documents, too few to learn from; weather has no seed phrase
// that news text uses.
var weakTopics = []string{iptcConflict, iptcDisaster, iptcCrime}

// seedStoplist drops concept names too generic to signal their topic alone.
var seedStoplist = map[string]bool{
	"incident": true, "air": true, "employee": true, "employer": true, "law": true, "justice": true,
	"fire": true, "court": true, "unions": true, "benefits": true, "wages": true, "regulations": true, "judiciary": true, "employment": true,
	"volunteering": true, "commuting": true, "disaster": false, "crime": false, "demonstration": true,
	"revolution": true, "structural failure": true, "emergency response": true, "surveillance": true,
	"retirement": true, "fine": true, "appeal": true, "litigation": true, "supreme": true,
	"union": true, "benefit": true, "safety": true, "trial": true, "investigation": true, "mediation": true,
	"arbitration": true, "wage": true, "social security": true,
	"civil law": true, "administrative law": true, "international law": true,
	"breach of contract": true, "restraint of trade": true, "disarmament": true, "war": false,
}

// seedPhrases returns the seed phrases of top-level topic code: the names of
// its non-retired descendants, split at ", " and " and ", parentheses
// dropped, lower-cased, each phrase a list of words.
func seedPhrases(concepts []Concept, code string) [][]string {
	children := map[string][]Concept{}
	for _, c := range concepts {
		if c.Broader != "" && !c.Retired {
			children[c.Broader] = append(children[c.Broader], c)
		}
	}
	var names []string
	var walk func(q string)
	walk = func(q string) {
		for _, c := range children[q] {
			names = append(names, c.Name)
			walk(c.QCode)
		}
	}
	walk(code)
	var out [][]string
	seen := map[string]bool{}
	for _, n := range names {
		if i := strings.Index(n, "("); i >= 0 {
			n = n[:i]
		}
		n = strings.ReplaceAll(strings.ToLower(n), ", ", " and ")
		for _, part := range strings.Split(n, " and ") {
			part = strings.TrimSpace(part)
			if part == "" || seedStoplist[part] || seen[part] {
				continue
			}
			seen[part] = true
			words := strings.FieldsFunc(part, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
			for i, w := range words {
				words[i] = seedStem(w)
			}
			out = append(out, words)
		}
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(strings.Join(a, " "), strings.Join(b, " ")) })
	return out
}

// seedStem strips a plural "s" so that a seed matches both numbers.
func seedStem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// wordMatches reports whether text word w is seed word s or s with an
// inflection.
func wordMatches(w, s string) bool {
	if !strings.HasPrefix(w, s) {
		return false
	}
	switch w[len(s):] {
	case "", "s", "es", "ed", "d", "ing", "ings":
		return true
	}
	return false
}

// seedHits counts the occurrences of phrases in words.
func seedHits(words []string, phrases [][]string) (hits, distinct int) {
	var used []int
	for i := range words {
		for p, ph := range phrases {
			if i+len(ph) > len(words) {
				continue
			}
			ok := true
			for k, s := range ph {
				if !wordMatches(words[i+k], s) {
					ok = false
					break
				}
			}
			if ok {
				hits++
				if !slices.Contains(used, p) {
					used = append(used, p)
				}
			}
		}
	}
	return hits, len(used)
}

// lowerWords splits text into lower-cased words, British "-our" spellings
// folded to the taxonomy's American ones ("labour").
func lowerWords(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	for i, w := range words {
		if strings.HasPrefix(w, "labour") {
			words[i] = "labor" + w[len("labour"):]
		}
	}
	return words
}

// weakLabel adds silver labels for topic code to the examples that do not
// know it: positive with at least one seed occurrence per 150 words (and at
// least one), negative with none. It returns the counts.
func weakLabel(examples []topics.Example, phrases [][]string, code string) (pos, neg int) {
	for i := range examples {
		e := &examples[i]
		if e.Known == nil || slices.Contains(e.Known, code) {
			continue
		}
		words := lowerWords(e.Text)
		hits, distinct := seedHits(words, phrases)
		need := max(1, len(words)/150)
		switch {
		case hits >= need && (distinct >= 2 || len(words) < 150):
			pos++
			e.Labels = append(slices.Clone(e.Labels), code)
		case hits == 0:
			neg++
		default:
			continue
		}
		e.Known = append(slices.Clone(e.Known), code)
	}
	return pos, neg
}
