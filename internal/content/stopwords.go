package content

// stopwords are frequent function words of the languages in the training
// data (en, de, fr, es, it, nl, pt, pl), lower case. Their density tells prose from menus.
var stopwords = []string{
	// en
	"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "not", "which", "who", "will", "would", "can", "could", "there", "than", "into", "about", "after", "over", "said", "also", "more", "if", "when", "what", "so", "do", "does", "did", "all", "no", "one", "up", "out",
	// de
	"der", "die", "das", "und", "oder", "aber", "ist", "sind", "war", "nicht", "ein", "eine", "einen", "dem", "den", "des", "mit", "von", "zu", "zum", "zur", "auf", "für", "im", "auch", "sich", "es", "er", "sie", "wir", "ich", "dass", "wie", "bei", "nach", "aus", "noch", "wird", "werden", "hat", "haben", "nur", "so", "am", "an", "als", "wenn",
	// fr
	"le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "en", "que", "qui", "pour", "dans", "sur", "pas", "par", "au", "aux", "il", "elle", "ils", "ce", "se", "sont", "avec", "plus", "ne",
	// es, pt, it
	"el", "los", "las", "y", "es", "que", "por", "con", "para", "una", "del", "al", "se", "lo", "su", "como", "más", "pero", "o", "e", "da", "do", "dos", "das", "um", "uma", "não", "il", "di", "che", "è", "per", "non", "della", "nel", "gli",
	// nl
	"het", "een", "van", "en", "niet", "zijn", "op", "te", "dat", "voor", "met", "ook", "wordt",
	// pl
	"i", "w", "z", "na", "się", "nie", "jest", "to", "że", "do", "o", "jak", "po",
}

// stopTable is an open-addressing set of the stop words' FNV-1a hashes (the
// hash computeStats already has for each word), so a lookup costs a probe
// or two and no string hashing. A 32-bit collision with another word only
// nudges one density feature.
var stopTable = func() []uint32 {
	t := make([]uint32, 1024)
	for _, w := range stopwords {
		h := fnvString(w)
		for i := h & 1023; ; i = (i + 1) & 1023 {
			if t[i] == h || t[i] == 0 {
				t[i] = h
				break
			}
		}
	}
	return t
}()

func fnvString(s string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	if h == 0 {
		h = 1
	}
	return h
}

func isStopword(h uint32) bool {
	if h == 0 {
		h = 1
	}
	for i := h & 1023; ; i = (i + 1) & 1023 {
		switch stopTable[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}
