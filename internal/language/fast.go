package language

import (
	"unicode"
	"unicode/utf8"
)

// The fast path: most texts are told apart by their script, or, in Latin
// script, by their commonest function words. Only what it cannot settle goes
// to the (much slower) trigram detector.

// latinLangs are the languages the function-word vote knows, in bit order.
var latinLangs = []string{"en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "no", "fi", "cs", "ro", "hu", "tr", "id"}

// functionWords are frequent words that are rare in the other listed
// languages; a word shared by several languages votes for each.
var functionWords = map[string][]string{
	"en": {"the", "and", "of", "to", "is", "that", "with", "for", "was", "this", "are", "have", "from", "which", "were", "been", "has", "they", "would", "their", "about", "said", "will", "it", "by", "an"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "für", "auch", "dem", "ein", "eine", "werden", "wird", "sind", "von", "zu", "den", "des", "im", "bei", "nach", "wie", "noch", "oder", "aus", "dass"},
	"fr": {"le", "la", "les", "et", "des", "est", "une", "du", "que", "pour", "dans", "qui", "pas", "sur", "au", "aux", "avec", "ce", "sont", "il", "elle", "par", "plus", "ont", "mais", "été"},
	"es": {"el", "los", "las", "y", "que", "del", "por", "una", "con", "para", "es", "se", "su", "al", "lo", "como", "más", "pero", "sus", "fue", "ha", "este", "esta", "entre", "sobre"},
	"it": {"il", "di", "che", "è", "della", "per", "non", "del", "gli", "nel", "una", "sono", "alla", "delle", "anche", "più", "con", "come", "dei", "ha", "stato", "questo", "si"},
	"nl": {"de", "het", "een", "van", "en", "niet", "zijn", "op", "dat", "voor", "met", "ook", "wordt", "aan", "bij", "er", "worden", "naar", "heeft", "maar", "om", "deze", "kan"},
	"pt": {"o", "os", "da", "do", "das", "dos", "não", "uma", "com", "para", "que", "em", "foi", "ao", "se", "mais", "pelo", "pela", "também", "são", "está", "como", "seu", "sua"},
	"pl": {"i", "w", "z", "na", "się", "nie", "jest", "to", "że", "do", "o", "jak", "po", "od", "przez", "dla", "są", "oraz", "jego", "tym", "czy", "już", "które", "może"},
	"sv": {"och", "att", "det", "som", "är", "för", "på", "av", "med", "till", "den", "inte", "har", "om", "ett", "var", "från", "jag", "men", "också", "kan", "efter"},
	"da": {"og", "at", "det", "som", "er", "for", "på", "af", "med", "til", "den", "ikke", "har", "om", "et", "var", "fra", "jeg", "men", "også", "kan", "efter", "de"},
	"no": {"og", "at", "det", "som", "er", "for", "på", "av", "med", "til", "den", "ikke", "har", "om", "et", "var", "fra", "jeg", "men", "også", "kan", "etter", "de"},
	"fi": {"ja", "on", "ei", "että", "se", "oli", "ovat", "mutta", "kanssa", "joka", "myös", "kun", "tai", "hän", "ole", "sen", "ovat", "mukaan", "vuoden"},
	"cs": {"a", "je", "se", "na", "v", "že", "to", "s", "z", "do", "jako", "ale", "pro", "jsou", "by", "byl", "které", "nebo", "také", "podle"},
	"ro": {"și", "în", "de", "la", "cu", "este", "că", "pe", "din", "care", "nu", "să", "mai", "pentru", "fost", "sunt", "acest", "fi"},
	"hu": {"a", "az", "és", "hogy", "nem", "is", "egy", "meg", "van", "már", "csak", "mint", "volt", "ez", "még", "által", "szerint"},
	"tr": {"ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "olan", "en", "ne", "ama", "sonra", "kadar"},
	"id": {"dan", "yang", "di", "ini", "itu", "dengan", "untuk", "dari", "dalam", "tidak", "akan", "pada", "juga", "ke", "adalah", "oleh", "telah"},
}

// wordLangs maps a function word to the bit set of its languages.
var wordLangs = func() map[string]uint32 {
	m := make(map[string]uint32)
	for i, l := range latinLangs {
		for _, w := range functionWords[l] {
			m[w] |= 1 << i
		}
	}
	return m
}()

// Fast-path thresholds.
const (
	minVotes  = 8   // function words needed before the vote counts
	minMargin = 1.5 // the winner must beat the runner-up by this factor
)

// fastDetect returns a language and confidence, or ok false when the trigram
// detector must decide.
func fastDetect(text string) (code string, conf float64, ok bool) {
	var latin, cyr, greek, han, kana, hangul, arabic, hebrew, thai, other int
	var votes [32]int
	var word [32]byte
	wl, total := 0, 0
	flush := func() {
		if wl > 0 && wl <= len(word) {
			if bits := wordLangs[string(word[:wl])]; bits != 0 {
				total++
				for i := range latinLangs {
					if bits&(1<<i) != 0 {
						votes[i]++
					}
				}
			}
		}
		wl = 0
	}
	for _, r := range text {
		if r < utf8.RuneSelf {
			switch {
			case r >= 'a' && r <= 'z':
				latin++
				if wl < len(word) {
					word[wl] = byte(r)
				}
				wl++
			case r >= 'A' && r <= 'Z':
				latin++
				if wl < len(word) {
					word[wl] = byte(r + 32)
				}
				wl++
			default:
				flush()
			}
			continue
		}
		if !unicode.IsLetter(r) {
			flush()
			continue
		}
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
			lr := unicode.ToLower(r)
			if wl+utf8.RuneLen(lr) <= len(word) {
				wl += utf8.EncodeRune(word[wl:], lr)
			} else {
				wl = len(word) + 1
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			flush()
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Thai, r):
			thai++
		default:
			other++
		}
	}
	flush()
	letters := latin + cyr + greek + han + kana + hangul + arabic + hebrew + thai + other
	if letters == 0 {
		return "", 0, false
	}
	share := func(n int) float64 { return float64(n) / float64(letters) }
	switch {
	case kana > 0 && share(kana+han) > 0.5 && kana*10 >= han:
		return "ja", share(kana + han), true
	case share(han) > 0.5:
		return "zh", share(han), true
	case share(hangul) > 0.5:
		return "ko", share(hangul), true
	case share(greek) > 0.5:
		return "el", share(greek), true
	case share(thai) > 0.5:
		return "th", share(thai), true
	case share(hebrew) > 0.5:
		return "he", share(hebrew), true
	case share(latin) < 0.8:
		return "", 0, false // Cyrillic, Arabic, Devanagari ...: trigrams tell them apart
	}
	if total < minVotes {
		return "", 0, false
	}
	best, second := -1, -1
	for i := range latinLangs {
		switch {
		case best < 0 || votes[i] > votes[best]:
			best, second = i, best
		case second < 0 || votes[i] > votes[second]:
			second = i
		}
	}
	if best < 0 || float64(votes[best]) < minMargin*float64(votes[second]) {
		return "", 0, false
	}
	conf = 1 - float64(votes[second])/float64(votes[best])
	return latinLangs[best], min(1, max(conf, 0.5)), true
}
