package language

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Why detectors fail on news that is not running prose, and what this file
// does about it (measured on CoNLL eng.train rebuilt as plain text; see
// README.md):
//
//   - Tables, score lines, standings and datelines ("1. Jesper Ronnback
//     ( Sweden ) 25.76 points", "Amica Wronki 3 Hutnik Krakow 0") are
//     mostly proper names and numbers. Names carry the language of the
//     people and places they name, not of the text: trigram profiles read
//     Polish clubs as Polish, Czech players as Czech, with full confidence.
//   - Headlines in capitals ("TENNIS - RESULTS AT HAMLET CUP") are names
//     and acronyms to a trigram profile too.
//   - Short texts and name-heavy sentences ("Barack Obama visited Berlin on
//     Monday.") have a handful of common words; trigram confidence measures
//     how far the best profile is ahead of the second, not how much text
//     backs it, so a few trigrams can give a confident wrong answer.
//
// So the detector reads only the words that carry the language: lower-case
// words (in Latin, Cyrillic and Greek script a capitalised word is mostly a
// name, a sentence start or, in German, a noun) and the function words in
// any case; words with digits are skipped. Its confidence is then scaled
// by how much of that evidence there is, so a table or a headline gives a
// weak guess that the pipeline's gate will not act on.

// latinLangs are the languages the function-word vote knows, in bit order.
var latinLangs = []string{"en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "no", "fi", "cs", "ro", "hu", "tr", "id"}

// functionWords are frequent words that are rare in the other listed
// languages; a word shared by several languages votes for each.
var functionWords = map[string][]string{
	"en": {"the", "and", "of", "to", "is", "that", "with", "for", "was", "this", "are", "have", "from", "which", "were", "been", "has", "they", "would", "their", "about", "said", "will", "it", "by", "an", "on", "in", "at", "a", "he", "his", "she", "her", "but", "not", "who", "after", "as", "had", "its", "or", "we", "than", "also", "there", "when", "into", "over", "could", "against", "between", "up", "out", "you", "be", "new", "last", "year", "first", "two", "one", "should", "because", "what", "more"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "für", "auch", "dem", "ein", "eine", "werden", "wird", "sind", "von", "zu", "den", "des", "im", "bei", "nach", "wie", "noch", "oder", "aus", "dass", "in", "es", "hat", "sie", "er", "wir", "ich", "um", "am", "einen", "einer", "über"},
	"fr": {"le", "la", "les", "et", "des", "est", "une", "du", "que", "pour", "dans", "qui", "pas", "sur", "au", "aux", "avec", "ce", "sont", "il", "elle", "par", "plus", "ont", "mais", "été", "un", "en", "a", "ne", "se", "nous", "vous", "cette", "leur"},
	"es": {"el", "los", "las", "y", "que", "del", "por", "una", "con", "para", "es", "se", "su", "al", "lo", "como", "más", "pero", "sus", "fue", "ha", "este", "esta", "entre", "sobre", "en", "un", "la", "de", "no", "le"},
	"it": {"il", "di", "che", "è", "della", "per", "non", "del", "gli", "nel", "una", "sono", "alla", "delle", "anche", "più", "con", "come", "dei", "ha", "stato", "questo", "si", "la", "un", "in", "le", "da", "e", "a"},
	"nl": {"de", "het", "een", "van", "en", "niet", "zijn", "op", "dat", "voor", "met", "ook", "wordt", "aan", "bij", "er", "worden", "naar", "heeft", "maar", "om", "deze", "kan", "in", "is", "te", "die", "hij", "ze", "we"},
	"pt": {"o", "os", "da", "do", "das", "dos", "não", "uma", "com", "para", "que", "em", "foi", "ao", "se", "mais", "pelo", "pela", "também", "são", "está", "como", "seu", "sua", "de", "a", "e", "um", "no", "na"},
	"pl": {"i", "w", "z", "na", "się", "nie", "jest", "to", "że", "do", "o", "jak", "po", "od", "przez", "dla", "są", "oraz", "jego", "tym", "czy", "już", "które", "może", "co", "ale", "jako"},
	"sv": {"och", "att", "det", "som", "är", "för", "på", "av", "med", "till", "den", "inte", "har", "om", "ett", "var", "från", "jag", "men", "också", "kan", "efter", "en", "i", "de", "sig"},
	"da": {"og", "at", "det", "som", "er", "for", "på", "af", "med", "til", "den", "ikke", "har", "om", "et", "var", "fra", "jeg", "men", "også", "kan", "efter", "de", "en", "i", "sig"},
	"no": {"og", "at", "det", "som", "er", "for", "på", "av", "med", "til", "den", "ikke", "har", "om", "et", "var", "fra", "jeg", "men", "også", "kan", "etter", "de", "en", "i", "seg"},
	"fi": {"ja", "on", "ei", "että", "se", "oli", "ovat", "mutta", "kanssa", "joka", "myös", "kun", "tai", "hän", "ole", "sen", "mukaan", "vuoden", "ovat"},
	"cs": {"a", "je", "se", "na", "v", "že", "to", "s", "z", "do", "jako", "ale", "pro", "jsou", "by", "byl", "které", "nebo", "také", "podle", "o", "i"},
	"ro": {"și", "în", "de", "la", "cu", "este", "că", "pe", "din", "care", "nu", "să", "mai", "pentru", "fost", "sunt", "acest", "fi", "o", "un", "se"},
	"hu": {"a", "az", "és", "hogy", "nem", "is", "egy", "meg", "van", "már", "csak", "mint", "volt", "ez", "még", "által", "szerint"},
	"tr": {"ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "olan", "en", "ne", "ama", "sonra", "kadar"},
	"id": {"dan", "yang", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan", "pada", "juga", "ke", "adalah", "oleh", "telah"},
}

// funcWord is a function word's languages (bit i for latinLangs[i]) and
// its index among the function words.
type funcWord struct {
	langs uint32
	id    int
}

// wordLangs maps a function word to its languages and index.
var wordLangs = func() map[string]funcWord {
	m := make(map[string]funcWord)
	for i, l := range latinLangs {
		for _, w := range functionWords[l] {
			fw, ok := m[w]
			if !ok {
				fw.id = len(m)
			}
			fw.langs |= 1 << i
			m[w] = fw
		}
	}
	return m
}()

// maxRepeats is how often one function word votes. A list repeats a word
// ("Swansea v Lincoln", one fixture a line) far beyond prose; without the
// cap the Czech "v" (in) outvotes every English word of a fixture list.
const maxRepeats = 3

// evidence is what one pass over a sample tells the detector.
type evidence struct {
	// Letters by script.
	latin, cyr, greek, han, kana, hangul, arabic, hebrew, thai, other int
	// votes[i] counts function words of latinLangs[i]; total counts the
	// function words seen.
	votes [32]int
	total int
	// text holds the words that carry the language (lower-case words and
	// function words, lower-cased), space-separated; letters counts their
	// letters.
	text    strings.Builder
	letters int
	// seen counts the evidence words.
	seen wordCounts
}

// wordCounts counts words by a 64-bit hash in an open-addressed table
// sized for the evidence words of a sample (news runs to about one word in
// six bytes); when it is three-quarters full a new word counts as new.
type wordCounts struct {
	hash  [fastSampleBytes / 4]uint64
	count [fastSampleBytes / 4]uint8
	n     int
}

// add counts w and returns how often it has been seen, this time included.
func (c *wordCounts) add(w []byte) int {
	h := uint64(14695981039346656037) // FNV-1a
	for _, b := range w {
		h ^= uint64(b)
		h *= 1099511628211
	}
	h |= 1 // 0 marks an empty slot
	mask := uint64(len(c.hash) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch c.hash[i] {
		case h:
			if c.count[i] < 255 {
				c.count[i]++
			}
			return int(c.count[i])
		case 0:
			if c.n >= len(c.hash)*3/4 {
				return 1
			}
			c.hash[i], c.count[i] = h, 1
			c.n++
			return 1
		}
	}
}

// maxWordBytes bounds a word the scan keeps; longer ones are not words a
// profile knows (URLs, hashes) and are skipped.
const maxWordBytes = 32

// scan reads s once: letters by script, the function-word vote and the
// evidence text.
func scan(s string) *evidence {
	ev := &evidence{}
	ev.text.Grow(len(s) / 2)
	var word [maxWordBytes]byte
	wl := 0             // bytes of the current word in word, lower-cased
	runes := 0          // letters in the current word
	upper := 0          // of which upper- or title-case
	digit := false      // the word has a digit
	cased := true       // the word is in a script with case
	overflow := false   // the word did not fit
	clitic := false     // the word follows an apostrophe ("'s" in "Men 's")
	var repeats []uint8 // votes so far per function word
	atStart := true     // the word starts a sentence or a line
	flush := func() {
		if runes == 0 {
			wl, upper, digit, cased, overflow = 0, 0, false, true, false
			return
		}
		w := word[:wl]
		if !overflow && !digit {
			fw, isFunc := wordLangs[string(w)]
			bits := fw.langs
			if isFunc {
				if repeats == nil {
					repeats = make([]uint8, len(wordLangs))
				}
				if repeats[fw.id] >= maxRepeats {
					bits = 0
				} else {
					repeats[fw.id]++
				}
			}
			if clitic || upper > 0 && (runes == 1 || !atStart && upper < runes) {
				// Initials ("D. Cox", "S. Campbell") and split clitics
				// ("Women 's") look like the one-letter function words
				// of Czech, Polish or Portuguese, and inside a sentence a
				// capitalised function word is part of a name ("Fiona
				// De Bruin", "Le Mans", "Van Gaal"): none of them votes.
				// Words in capitals do: headlines ("RESULTS AT HAMLET
				// CUP") are written so.
				bits = 0
				isFunc = false
			}
			if bits != 0 {
				ev.total++
				for i := range latinLangs {
					if bits&(1<<i) != 0 {
						ev.votes[i]++
					}
				}
			}
			if (upper == 0 || !cased || isFunc) && !clitic && ev.seen.add(w) <= maxRepeats {
				// A word counts as evidence at most maxRepeats times:
				// results lists repeat "metres" and "seconds" for a
				// page, which is one word of evidence, not a page.
				if ev.text.Len() > 0 {
					ev.text.WriteByte(' ')
				}
				ev.text.Write(w)
				ev.letters += runes
			}
		}
		wl, runes, upper, digit, cased, overflow, clitic, atStart = 0, 0, 0, false, true, false, false, false
	}
	put := func(r rune) {
		n := utf8.RuneLen(r)
		if overflow || n < 0 || wl+n > len(word) {
			overflow = true
			return
		}
		wl += utf8.EncodeRune(word[wl:], r)
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case r >= 'a' && r <= 'z':
				ev.latin++
				runes++
				put(r)
			case r >= 'A' && r <= 'Z':
				ev.latin++
				runes++
				upper++
				put(r + 32)
			case r >= '0' && r <= '9':
				digit = true
			case r == '\'' || r == '-':
				// Inside a word ("don't", "two-week"): part of it.
				if runes > 0 {
					put(r)
				} else {
					flush()
					clitic = r == '\''
				}
			default:
				flush()
				switch r {
				case '.', '!', '?', ':', '\n':
					atStart = true
				}
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			// A combining mark (decomposed accents) belongs to its word.
			if runes > 0 {
				put(r)
			}
			continue
		}
		if !unicode.IsLetter(r) {
			if unicode.IsDigit(r) {
				digit = true
				continue
			}
			if r == '’' {
				if runes > 0 {
					put('\'')
				} else {
					flush()
					clitic = true
				}
				continue
			}
			flush()
			continue
		}
		runes++
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			upper++
		}
		switch {
		case unicode.Is(unicode.Latin, r):
			ev.latin++
		case unicode.Is(unicode.Cyrillic, r):
			ev.cyr++
		case unicode.Is(unicode.Greek, r):
			ev.greek++
		default:
			cased = false
			switch {
			case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
				ev.kana++
			case unicode.Is(unicode.Han, r):
				ev.han++
			case unicode.Is(unicode.Hangul, r):
				ev.hangul++
			case unicode.Is(unicode.Arabic, r):
				ev.arabic++
			case unicode.Is(unicode.Hebrew, r):
				ev.hebrew++
			case unicode.Is(unicode.Thai, r):
				ev.thai++
			default:
				ev.other++
			}
		}
		put(unicode.ToLower(r))
	}
	flush()
	return ev
}

// letterCount is every letter the scan saw.
func (ev *evidence) letterCount() int {
	return ev.latin + ev.cyr + ev.greek + ev.han + ev.kana + ev.hangul + ev.arabic + ev.hebrew + ev.thai + ev.other
}

// byScript settles the languages a script alone tells apart. ok is false
// when the text is in Latin, Cyrillic, Arabic or another script that
// several languages share.
func (ev *evidence) byScript() (code string, conf float64, ok bool) {
	letters := ev.letterCount()
	if letters == 0 {
		return "", 0, false
	}
	share := func(n int) float64 { return float64(n) / float64(letters) }
	switch {
	case ev.kana > 0 && share(ev.kana+ev.han) > 0.5 && ev.kana*10 >= ev.han:
		return "ja", share(ev.kana + ev.han), true
	case share(ev.han) > 0.5:
		return "zh", share(ev.han), true
	case share(ev.hangul) > 0.5:
		return "ko", share(ev.hangul), true
	case share(ev.greek) > 0.5:
		return "el", share(ev.greek), true
	case share(ev.thai) > 0.5:
		return "th", share(ev.thai), true
	case share(ev.hebrew) > 0.5:
		return "he", share(ev.hebrew), true
	}
	return "", 0, false
}

// latinShare is the share of letters in Latin script.
func (ev *evidence) latinShare() float64 {
	if n := ev.letterCount(); n > 0 {
		return float64(ev.latin) / float64(n)
	}
	return 0
}

// Function-word vote thresholds.
const (
	minVotes  = 4   // function words needed before the vote counts
	minMargin = 1.5 // the winner must beat the runner-up by this factor
	fastVotes = 12  // function words that settle a clear vote on their own
)

// vote returns the function-word vote's winner and how far ahead it is
// (1 - runner-up/winner), or ok false when too few function words were seen
// or no language is clearly ahead.
func (ev *evidence) vote() (code string, lead float64, ok bool) {
	if ev.total < minVotes {
		return "", 0, false
	}
	best, second := -1, -1
	for i := range latinLangs {
		switch {
		case best < 0 || ev.votes[i] > ev.votes[best]:
			best, second = i, best
		case second < 0 || ev.votes[i] > ev.votes[second]:
			second = i
		}
	}
	if best < 0 || ev.votes[best] == 0 || float64(ev.votes[best]) < minMargin*float64(ev.votes[second]) {
		return "", 0, false
	}
	return latinLangs[best], 1 - float64(ev.votes[second])/float64(ev.votes[best]), true
}
