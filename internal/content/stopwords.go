package content

// stopwords are frequent function words of the languages in the training
// data (en, de, fr, es, it, nl, pt, pl). Their density tells prose from menus.
var stopwords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range []string{
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
	} {
		m[w] = true
	}
	return m
}()
