package entities

import (
	"unicode"
	"unicode/utf8"
)

// Feature templates. Their numbers are part of the model format: append new
// ones, never renumber.
const (
	fBias = iota + 1
	fW0
	fWm1
	fWp1
	fWm2
	fWp2
	fForm0
	fSh0
	fShm1
	fShp1
	fShm1Sh0
	fSh0Shp1
	fPre1
	fPre2
	fPre3
	fPre4
	fSuf1
	fSuf2
	fSuf3
	fSuf4
	fWm1W0
	fW0Wp1
	fGaz0
	fGazm1
	fGazp1
	fFirstSh0
	fDoc
	fT1
	fT2T1
	fT1W0
	fT1Sh0
	fCapsSentSh0
	fFormm1
	fFormp1
	fCluster0
	fClusterm1
	fClusterp1
	fClm1Cl0
	fCaps0
	fCapsCtx
	fCl0Sh0
	fWm1Wp1
	fWm1Sh0
	fT1Wp1
	fSufm1
	fSufp1
	fLenSh0
	fDocLower
	fCl64x0
	fCl64m1Cl64p1
	fDocCaps
	fDocCapsCtx
	fLineSh0
	fLineCl0
	fDocHist
	fAgg
	fLineMem
	fRunLine
	fRunSh0
	fCapsm1
	fCapsp1
	fRole0
	fRolem1
	fRolep1
	fRoleCapsm2
	fRoleCapsp2
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// tokInfo holds the per-token hashes that features combine.
type tokInfo struct {
	lower, form, shape uint64
	pre, suf           [4]uint64
	gaz                uint16 // gazetteer categories<<2 | position, plus 1; 0 for none
	cluster            uint32
	cluster64          uint32
	// role: the roles of the word in the training data's names (addRoles).
	role    uint8
	nrunes  int
	caps    uint8 // capsLower...; 0 unknown
	docCaps uint8 // the same from this document's other sentences
	first   bool  // sentence-initial
	capital bool
	// run places a capitalised word of a table line in its run of
	// capitalised words (markRuns); 0 elsewhere.
	run uint8
	// plain: no upper-case, caseless or title-case letter ("the", "of",
	// ",", "'s", "1,000"); see the tagger's plain-token shortcut.
	plain bool
}

// normRune maps typographic variants to the ASCII forms CoNLL uses, so that
// features of "Japan’s" match "Japan 's" in training. Offsets are untouched.
func normRune(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '`', '´':
		return '\''
	case '“', '”', '„', '«', '»':
		return '"'
	case '–', '—', '‐', '‑', '−':
		return '-'
	}
	return r
}

func hashRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		h ^= uint64(r)
		return h * fnvPrime
	}
	var b [4]byte
	n := utf8.EncodeRune(b[:], r)
	for i := 0; i < n; i++ {
		h ^= uint64(b[i])
		h *= fnvPrime
	}
	return h
}

func lowerRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 32
		}
		return r
	}
	return unicode.ToLower(r)
}

// hashLower hashes the normalised lower-case form of s (what gazetteer
// entries are keyed by).
func hashLower(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		h = hashRune(h, lowerRune(normRune(r)))
	}
	return h
}

// nameParticles are lower-case words that begin names ("de Silva", "van
// Gogh", "serie A"): the tagger's plain-token shortcut leaves them to the
// model. From the plain words that begin an entity in CoNLL-2003's training
// set (serie, de, van, della), and their common kin.
var nameParticles = map[string]bool{
	"al": true, "bin": true, "da": true, "das": true, "de": true, "del": true, "della": true,
	"der": true, "di": true, "dos": true, "du": true, "ibn": true, "la": true, "le": true,
	"serie": true, "van": true, "von": true,
}

// maxParticleLen is the longest of nameParticles in runes: longer words
// skip the lookup (and the string it builds).
const maxParticleLen = 5

func shapeClass(r rune) rune {
	switch {
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLower(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	case unicode.IsLetter(r):
		return 'L'
	}
	return r
}

// fillInfo computes the token hashes of word (sentence-initial if first).
// runes is scratch space for the lower-cased runes; it is returned for reuse.
func fillInfo(ti *tokInfo, word string, first bool, runes []rune) []rune {
	runes = runes[:0]
	lower := uint64(fnvOffset)
	form := uint64(fnvOffset)
	shape := uint64(fnvOffset)
	var last rune = -1
	nsh := 0
	k := 0
	ti.capital = false
	ti.plain = true
	for i, r := range word {
		r = normRune(r)
		lr := lowerRune(r)
		if i == 0 && unicode.IsUpper(r) {
			ti.capital = true
		}
		runes = append(runes, lr)
		lower = hashRune(lower, lr)
		form = hashRune(form, r)
		if k < 4 {
			ti.pre[k] = lower
		}
		k++
		// Compressed shape: runs of one class collapse after two.
		c := shapeClass(r)
		if c == 'X' || c == 'L' {
			ti.plain = false
		}
		if c == last {
			nsh++
		} else {
			nsh = 1
			last = c
		}
		if nsh <= 2 {
			shape = hashRune(shape, c)
		}
	}
	for ; k < 4; k++ {
		ti.pre[k] = lower ^ 0x5bd1e995 // shorter than k: distinct from a k-rune prefix
	}
	for j := 0; j < 4; j++ {
		h := uint64(fnvOffset) ^ 0x27d4eb2f
		start := len(runes) - (j + 1)
		if start < 0 {
			start = 0
			h ^= 0x165667b1
		}
		for _, r := range runes[start:] {
			h = hashRune(h, r)
		}
		ti.suf[j] = h
	}
	if ti.plain && len(runes) <= maxParticleLen && nameParticles[string(runes)] {
		ti.plain = false
	}
	ti.lower, ti.form, ti.shape = lower, form, shape
	ti.nrunes = len(runes)
	ti.first = first
	ti.gaz = 0
	return runes
}

func mix(tmpl uint64, v uint64) uint32 {
	x := v ^ (tmpl * 0x9E3779B97F4A7C15)
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	h := uint32(x)
	if h == 0 {
		h = 1
	}
	return h
}

func mix2(tmpl, a, b uint64) uint64 { return (a*0x9E3779B97F4A7C15 ^ b) + tmpl }

var (
	padStart = uint64(0xa5a5a5a5a5a5a5a5)
	padEnd   = uint64(0x5a5a5a5a5a5a5a5a)
)

// The features of a token are of two kinds. Word features are what one
// word contributes to the token at relative position d (d = 0: the token
// itself; d = -1: its left neighbour; ...): they depend on nothing but the
// word, so the tagger sums their weights once per word type (wordcache.go).
// Context features combine two tokens or depend on the sentence and the
// document.

// maxOffset is the widest |d| of a word feature.
const maxOffset = 2

// wordFeatures appends the features that word t contributes at relative
// position d. The bias is part of d = 0.
func wordFeatures(dst []uint32, t *tokInfo, d int) []uint32 {
	switch d {
	case 0:
		lenb := uint64(min(t.nrunes, 8))
		return append(dst,
			mix(fBias, 0),
			mix(fW0, t.lower),
			mix(fForm0, t.form),
			mix(fSh0, t.shape),
			mix(fPre1, t.pre[0]), mix(fPre2, t.pre[1]), mix(fPre3, t.pre[2]), mix(fPre4, t.pre[3]),
			mix(fSuf1, t.suf[0]), mix(fSuf2, t.suf[1]), mix(fSuf3, t.suf[2]), mix(fSuf4, t.suf[3]),
			mix(fCluster0, uint64(t.cluster)),
			mix(fCl0Sh0, mix2(0, uint64(t.cluster), t.shape)),
			mix(fCaps0, mix2(0, uint64(t.caps), t.shape)),
			mix(fLenSh0, mix2(0, lenb, t.shape)),
			mix(fCl64x0, uint64(t.cluster64)),
			mix(fRole0, uint64(t.role)),
		)
	case -1:
		return append(dst, mix(fWm1, t.lower), mix(fShm1, t.shape), mix(fFormm1, t.form),
			mix(fClusterm1, uint64(t.cluster)), mix(fSufm1, t.suf[2]),
			mix(fCapsm1, mix2(0, uint64(t.caps), t.shape)),
			mix(fRolem1, uint64(t.role)))
	case 1:
		// How often the next word is capitalised mid-sentence in unlabelled
		// text: a title or a common noun after a name ("EU Farm
		// Commissioner Franz Fischler") ends the name; a word that is always
		// capitalised may continue it.
		return append(dst, mix(fWp1, t.lower), mix(fShp1, t.shape), mix(fFormp1, t.form),
			mix(fClusterp1, uint64(t.cluster)), mix(fSufp1, t.suf[2]),
			mix(fCapsp1, mix2(0, uint64(t.caps), t.shape)),
			mix(fRolep1, uint64(t.role)))
	case -2:
		return append(dst, mix(fWm2, t.lower), mix(fRoleCapsm2, mix2(0, uint64(t.role)<<8|uint64(t.caps), b2u(t.capital))))
	case 2:
		// A title two words on ("EU Farm Commissioner"): the name before
		// it may end here.
		return append(dst, mix(fWp2, t.lower), mix(fRoleCapsp2, mix2(0, uint64(t.role)<<8|uint64(t.caps), b2u(t.capital))))
	}
	return dst
}

// padFeatures appends the word features of the padding before (d < 0) or
// after (d > 0) a sentence.
func padFeatures(dst []uint32, d int) []uint32 {
	switch d {
	case -1:
		return append(dst, mix(fWm1, padStart), mix(fShm1, padStart), mix(fFormm1, padStart),
			mix(fClusterm1, padStart), mix(fSufm1, padStart))
	case 1:
		return append(dst, mix(fWp1, padEnd), mix(fShp1, padEnd), mix(fFormp1, padEnd),
			mix(fClusterp1, padEnd), mix(fSufp1, padEnd))
	case -2:
		return append(dst, mix(fWm2, padStart))
	case 2:
		return append(dst, mix(fWp2, padEnd))
	}
	return dst
}

// staticFeatures appends the features of token i that do not depend on
// predicted tags: its word features and its context features.
func staticFeatures(dst []uint32, s []tokInfo, i int, sent sentInfo) []uint32 {
	for d := -maxOffset; d <= maxOffset; d++ {
		if j := i + d; j < 0 || j >= len(s) {
			dst = padFeatures(dst, d)
		} else {
			dst = wordFeatures(dst, &s[j], d)
		}
	}
	return contextFeatures(dst, s, i, sent)
}

// contextFeatures appends the static features of token i that are not word
// features.
func contextFeatures(dst []uint32, s []tokInfo, i int, sent sentInfo) []uint32 {
	t := &s[i]
	wm1, shm1, gm1, cm1, c64m1 := padStart, padStart, uint16(0), padStart, padStart
	if i > 0 {
		p := &s[i-1]
		wm1, shm1, gm1, cm1, c64m1 = p.lower, p.shape, p.gaz, uint64(p.cluster), uint64(p.cluster64)
	}
	wp1, shp1, gp1, c64p1 := padEnd, padEnd, uint16(0), padEnd
	if i+1 < len(s) {
		n := &s[i+1]
		wp1, shp1, gp1, c64p1 = n.lower, n.shape, n.gaz, uint64(n.cluster64)
	}
	dst = append(dst,
		mix(fShm1Sh0, mix2(0, shm1, t.shape)),
		mix(fSh0Shp1, mix2(0, t.shape, shp1)),
		mix(fWm1W0, mix2(0, wm1, t.lower)),
		mix(fW0Wp1, mix2(0, t.lower, wp1)),
		mix(fGaz0, uint64(t.gaz)),
		mix(fGazm1, uint64(gm1)),
		mix(fGazp1, uint64(gp1)),
		mix(fClm1Cl0, mix2(0, cm1, uint64(t.cluster))),
		mix(fWm1Wp1, mix2(0, wm1, wp1)),
		mix(fWm1Sh0, mix2(0, wm1, t.shape)),
		mix(fCl64m1Cl64p1, mix2(0, c64m1, c64p1)),
		mix(fDocCaps, mix2(0, uint64(t.docCaps), t.shape)),
	)
	dst = append(dst,
		mix(fLineSh0, mix2(0, uint64(sent.line)<<1|b2u(t.first), t.shape)),
		mix(fLineCl0, mix2(0, uint64(sent.line), uint64(t.cluster64))))
	if t.first || sent.caps {
		dst = append(dst,
			mix(fCapsCtx, mix2(0, uint64(t.caps), t.shape)),
			mix(fDocCapsCtx, mix2(0, uint64(t.docCaps), t.shape)))
	}
	if t.first {
		dst = append(dst, mix(fFirstSh0, t.shape))
	}
	if t.run != 0 {
		dst = append(dst,
			mix(fRunLine, mix2(0, uint64(t.run), uint64(sent.line))),
			mix(fRunSh0, mix2(0, uint64(t.run), t.shape)))
	}
	if t.capital && sent.ctx != nil {
		for _, v := range sent.ctx.of(lowerKey(t)) {
			if v == 0 {
				break
			}
			dst = append(dst, mix(fAgg, v))
		}
	}
	if sent.caps {
		dst = append(dst, mix(fCapsSentSh0, t.lower))
	}
	return dst
}

// dynFeatures appends the features that depend on the previous predicted
// tags and on what the document's earlier tagging said about the same word
// (mem).
func dynFeatures(dst []uint32, t *tokInfo, p1, p2 int, mem docMemory, wp1 uint64) []uint32 {
	return append(dst,
		tagNextFeature(p1, wp1),
		tagFeature(p1),
		tagPairFeature(p2, p1),
		tagWordFeature(p1, t.lower),
		tagShapeFeature(p1, t.shape),
		docLowerFeature(mem.last(lowerKey(t)), t.shape),
		docFeature(mem.last(t.form), t.shape),
		docHistFeature(mem.hist(lowerKey(t)), t.shape),
	)
}

// docMemory is what the tagger said earlier in a document about each word
// (keyed by its form and by lowerKey): the type it last gave the word (low
// byte, type+1) and how often it gave it each type (6 bits per type,
// saturating), the extended prediction history of Ratinov and Roth (2009).
type docMemory map[uint64]uint32

// last is the type last given to key, plus 1 (0: none).
func (m docMemory) last(key uint64) int { return int(m[key] & 0xff) }

// hist sums up the types given to key: 0 for none, else 1 + 3*majority
// type + (0 unanimous, 1 a majority, 2 no majority).
func (m docMemory) hist(key uint64) int {
	v := m[key] >> 8
	if v == 0 {
		return 0
	}
	best, bestN, total := 0, uint32(0), uint32(0)
	for typ := 0; typ < len(nameTypes); typ++ {
		n := (v >> (6 * typ)) & 63
		total += n
		if n > bestN {
			best, bestN = typ, n
		}
	}
	agree := 2
	switch {
	case bestN == total:
		agree = 0
	case 2*bestN > total:
		agree = 1
	}
	return 1 + 3*best + agree
}

// lineKey is the memory key of the lines of shape line (lineShape).
func lineKey(line uint8) uint64 { return 0x6c696e65<<8 | uint64(line) }

// lineType is what the tagger made of the first capitalised word of the
// document's last table line of shape line: 0 nothing yet, 1 not a name,
// else the name's type plus 2.
func (m docMemory) lineType(line uint8) int { return int(m[lineKey(line)]) }

// recordLine notes what the tagger made of the first capitalised word of a
// table line (tag).
func (m docMemory) recordLine(line uint8, tag int) {
	v := uint32(1)
	if tag != tagO {
		v = uint32(tagType(tag) + 2)
	}
	m[lineKey(line)] = v
}

// lineMemFeature: a table's rows are alike ("Split ( Croatia ) 9 4 5 13"
// after "Hajduk ( Croatia ) 9 6 2 20"): the first capitalised word of a row
// with the type the tagger gave the first capitalised word of the last row
// of the same shape.
func lineMemFeature(lineType int, shape uint64) uint32 {
	return mix(fLineMem, mix2(0, uint64(lineType), shape))
}

// isTableLine reports whether a line shape is a table row's: digits in it
// and few or no words in lower case.
func isTableLine(line uint8) bool { return (line-1)/3 >= 1 && (line-1)%3 <= 1 }

// Classes of what follows a run of capitalised words, for markRuns.
const (
	runEnd = iota
	runDigit
	runParen
	runPunct
	runLower
	runOther
)

// markRuns sets s[i].run for the capitalised words of a table line (line,
// lineShape): each run of capitalised words is read as one candidate name,
// and its words learn their place in it (alone, first, inside, last),
// whether it is the line's first run, and what follows it: a score or a
// count ("Wisla Krakow 2 Amica Wronki 1", "CHARLOTTE 8 8 .500"), a
// bracket ("Split ( Croatia ) 9 4"), punctuation, a word in lower case or
// the end of the line. Clubs named after places and people are told apart
// from them by their place in results tables. One pass: linear in the line.
func markRuns(s []tokInfo, words []string, line uint8) {
	if !isTableLine(line) {
		for i := range s {
			s[i].run = 0
		}
		return
	}
	later := uint8(0)
	for i := 0; i < len(s); {
		if !s[i].capital {
			s[i].run = 0
			i++
			continue
		}
		j := i
		for j < len(s) && s[j].capital {
			j++
		}
		next := uint8(runEnd)
		if j < len(s) {
			w := words[j]
			r := firstRune(w)
			switch {
			case w == "(":
				next = runParen
			case r >= '0' && r <= '9':
				next = runDigit
			case unicode.IsLower(r):
				next = runLower
			case unicode.IsPunct(r) || unicode.IsSymbol(r):
				next = runPunct
			default:
				next = runOther
			}
		}
		for k := i; k < j; k++ {
			pos := uint8(2) // inside
			switch {
			case j-i == 1:
				pos = 0
			case k == i:
				pos = 1
			case k == j-1:
				pos = 3
			}
			s[k].run = 1 + pos + 4*later + 8*next
		}
		later = 1
		i = j
	}
}

// firstCapital is the index of a sentence's first capitalised word, or -1.
func firstCapital(s []tokInfo) int {
	for i := range s {
		if s[i].capital {
			return i
		}
	}
	return -1
}

// record notes that the tagger gave word t a name of type typ.
func (m docMemory) record(t *tokInfo, typ int) {
	for _, k := range [2]uint64{t.form, lowerKey(t)} {
		v := m[k]
		if (v>>(8+6*typ))&63 < 63 {
			v += 1 << (8 + 6*typ)
		}
		m[k] = v&^0xff | uint32(typ+1)
	}
}

// The templates of dynFeatures, one function each, so that the tagger's
// word cache (wordcache.go) sums exactly what training sees.
func tagNextFeature(p1 int, wp1 uint64) uint32    { return mix(fT1Wp1, mix2(0, uint64(p1), wp1)) }
func tagFeature(p1 int) uint32                    { return mix(fT1, uint64(p1)) }
func tagPairFeature(p2, p1 int) uint32            { return mix(fT2T1, uint64(p2*64+p1)) }
func tagWordFeature(p1 int, lower uint64) uint32  { return mix(fT1W0, mix2(0, uint64(p1), lower)) }
func tagShapeFeature(p1 int, shape uint64) uint32 { return mix(fT1Sh0, mix2(0, uint64(p1), shape)) }
func docFeature(docType int, shape uint64) uint32 { return mix(fDoc, mix2(0, uint64(docType), shape)) }
func docHistFeature(hist int, shape uint64) uint32 {
	return mix(fDocHist, mix2(0, uint64(hist), shape))
}
func docLowerFeature(docLower int, shape uint64) uint32 {
	return mix(fDocLower, mix2(0, uint64(docLower), shape))
}

// isCapsSentence reports whether a sentence is a headline in capitals (as
// many CoNLL sentences are): every cased word is upper case and there are
// at least three letters.
func isCapsSentence(words []string) bool {
	letters := 0
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsUpper(r) {
				letters++
			}
		}
	}
	return letters >= 3
}

// lowerKey is the document-memory key of a word in any case ("JAPAN" in a
// headline and "Japan" in the body).
func lowerKey(t *tokInfo) uint64 { return t.lower ^ 0x6c6f776572 }

func nextLower(s []tokInfo, i int) uint64 {
	if i+1 < len(s) {
		return s[i+1].lower
	}
	return padEnd
}

// docCaps counts, per lower-cased word, how often a document writes it
// capitalised and in lower case mid-sentence (headlines in capitals and
// sentence-initial words excluded): evidence for the words whose case says
// nothing where they stand. Packed as capitalised<<16 | lower, saturating.
type docCaps map[uint64]uint32

// lower holds the words' lower-case hashes, or 0 where not computed yet
// (filled in here, for docContext.addSentence to reuse).
func (d docCaps) addSentence(words []string, lower []uint64) {
	if isCapsSentence(words) {
		return
	}
	for i := min(1, len(words)); i < len(words); i++ {
		w := words[i]
		var add uint32
		switch {
		case isCap(w):
			add = 1 << 16
		case startsLower(w):
			add = 1
		default:
			continue
		}
		if lower[i] == 0 {
			lower[i] = hashLower(w)
		}
		h := lower[i]
		v := d[h]
		if add == 1 && v&0xffff < 0xffff || add != 1 && v>>16 < 0xffff {
			d[h] = v + add
		}
	}
}

func (d docCaps) bucket(h uint64) uint8 {
	v, ok := d[h]
	if !ok {
		return 0
	}
	switch up, low := v>>16, v&0xffff; {
	case up > 0 && low > 0:
		return capsMixed
	case up > 0:
		return capsUpper
	}
	return capsLower
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// sentInfo is what the features know about a whole sentence.
type sentInfo struct {
	caps bool  // isCapsSentence
	line uint8 // lineShape
	// ctx is the document's context aggregation (docContext).
	ctx *docContext
}

func sentenceInfo(words []string) sentInfo {
	return sentInfo{caps: isCapsSentence(words), line: lineShape(words)}
}

// lateLine reports a line with capitalised words and no word in lower case
// (a headline, a table row): it is tagged after the document's other lines,
// so that what those say about its words is known (sentenceOrder).
func lateLine(words []string) bool {
	capital := false
	for _, w := range words {
		r := firstRune(w)
		if unicode.IsLower(r) {
			return false
		}
		capital = capital || unicode.IsUpper(r)
	}
	return capital
}

func firstRune(w string) rune {
	if w != "" && w[0] < utf8.RuneSelf {
		return rune(w[0])
	}
	r, _ := utf8.DecodeRuneInString(w)
	return r
}

// lineShape sums up a line's make-up, for the tables, results and lists of
// news ("Split ( Croatia ) 9 4 5 13"): the share of tokens with a digit
// (none, <= 1/4, <= 1/2, more) and of words starting in lower case (none,
// < 1/4, more).
func lineShape(words []string) uint8 {
	var digits, lower int
	for _, w := range words {
		if unicode.IsLower(firstRune(w)) {
			lower++
		}
		for i := 0; i < len(w); i++ {
			if w[i]-'0' < 10 {
				digits++
				break
			}
		}
	}
	n := len(words)
	nb := 0
	switch {
	case digits == 0:
	case 4*digits <= n:
		nb = 1
	case 2*digits <= n:
		nb = 2
	default:
		nb = 3
	}
	lb := 0
	switch {
	case lower == 0:
	case 4*lower < n:
		lb = 1
	default:
		lb = 2
	}
	return uint8(1 + nb*3 + lb)
}

// maxAgg bounds the distinct neighbours docContext keeps per word.
const maxAgg = 12

// docContext is the context aggregation of Ratinov and Roth (2009): for
// each capitalised word of a document (by lowerKey), the distinct words
// seen just before and just after it anywhere in the document, and their
// coarse clusters ("Mr" before "Clinton" in one sentence helps the headline
// that has "CLINTON" alone).
// The neighbour sets live in one slice, reused from document to document.
type docContext struct {
	idx  map[uint64]int32
	sets [][maxAgg]uint64
	// sums holds, per set and reading direction (dirIndex), the summed
	// weights of its features for the tagger (Model.aggScores), once
	// summed is true: the two passes of a bidirectional model share the
	// document's context, not their weights.
	sums   [][2][numTags]int32
	summed [][2]bool
}

func newDocContext() *docContext { return &docContext{idx: make(map[uint64]int32)} }

// maxKeptAgg bounds the words whose space reset keeps (~240 bytes each),
// so that a pooled tag state does not hold on to a huge document's.
const maxKeptAgg = 1 << 14

// reset forgets the document, keeping the space unless it is large.
func (dc *docContext) reset() {
	if cap(dc.sets) > maxKeptAgg {
		*dc = docContext{idx: make(map[uint64]int32)}
		return
	}
	clear(dc.idx)
	dc.sets, dc.sums, dc.summed = dc.sets[:0], dc.sums[:0], dc.summed[:0]
}

// of returns the neighbours of the word with key (zero-padded), or nil.
func (dc *docContext) of(key uint64) []uint64 {
	if k, ok := dc.idx[key]; ok {
		return dc.sets[k][:]
	}
	return nil
}

// addSentence adds the neighbours of the capitalised words of a sentence;
// lower holds the words' lower-case hashes, or 0 where not computed.
func (dc *docContext) addSentence(words []string, lower []uint64, lex lexicon) {
	lw := func(i int) uint64 {
		switch {
		case i < 0:
			return padStart
		case i >= len(words):
			return padEnd
		}
		if lower[i] == 0 {
			lower[i] = hashLower(words[i])
		}
		return lower[i]
	}
	for i, w := range words {
		if !isCap(w) {
			continue
		}
		key := lw(i) ^ 0x6c6f776572 // lowerKey
		k, ok := dc.idx[key]
		if !ok {
			k = int32(len(dc.sets))
			dc.sets = append(dc.sets, [maxAgg]uint64{})
			dc.sums = append(dc.sums, [2][numTags]int32{})
			dc.summed = append(dc.summed, [2]bool{})
			dc.idx[key] = k
		}
		e := &dc.sets[k]
		addAgg(e, mix2(1, lw(i-1), 0))
		addAgg(e, mix2(2, lw(i+1), 0))
		_, cl, _ := lex.lookup(lw(i - 1))
		addAgg(e, mix2(3, uint64(cl), 0))
		_, cr, _ := lex.lookup(lw(i + 1))
		addAgg(e, mix2(4, uint64(cr), 0))
	}
}

// aggScores returns the summed weights of the context aggregation features
// of the word with key (what contextFeatures appends for it), computed at
// the first use in the document; nil when the word has none.
func (m *Model) aggScores(dc *docContext, key uint64) *[numTags]int32 {
	k, ok := dc.idx[key]
	if !ok {
		return nil
	}
	d := m.dirIndex()
	sums := &dc.sums[k][d]
	if !dc.summed[k][d] {
		*sums = [numTags]int32{}
		for _, v := range dc.sets[k] {
			if v == 0 {
				break
			}
			m.addScores(sums, mix(fAgg, v))
		}
		dc.summed[k][d] = true
	}
	return sums
}

// dirIndex is 0 for a model that reads left to right, 1 for one that
// reads right to left.
func (m *Model) dirIndex() int {
	if m.Meta.Reverse {
		return 1
	}
	return 0
}

func addAgg(e *[maxAgg]uint64, v uint64) {
	for k, x := range e {
		if x == v {
			return
		}
		if x == 0 {
			e[k] = v
			return
		}
	}
}
