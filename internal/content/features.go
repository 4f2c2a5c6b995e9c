package content

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// featureVersion names the feature set; a model trained on another one is
// refused on load. Bump it whenever features change.
const featureVersion = 1

// feat is one active feature: an index into the model's weights and a value.
type feat struct {
	idx uint32
	val float32
}

// lineStats are the per-line counts the features are built from.
type lineStats struct {
	// int32: a million-line text holds a million of these.
	runes, letters, upper, digits, punct int32
	words, capWords, stops               int32
	first, last                          rune
	url, email, copyright                bool
	seps                                 int32
	// grams holds hashes of the lower-cased word n-grams used as features.
	grams []uint32
}

// Dense feature groups; each is hashed with its bucket into the weights.
const (
	gBias = iota + 1
	gLen
	gWords
	gStop
	gStopShort
	gEnd
	gStart
	gCaps
	gAllCaps
	gDigits
	gURL
	gEmail
	gSeps
	gCopy
	gPos
	gFromEnd
	gFromStart
	gParaLen
	gParaIdx
	gPrevLen
	gNextLen
	gPrevEnd
	gNextEnd
	gLongBefore
	gLongAfter
	gLenEnd
	gLenFromEnd
	gBytePos
	gUni
	gBi
	gFirstWord
	gLastWord
	gWordsFromEnd
)

// mix is a 32-bit hash finaliser (murmur3 fmix32).
func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

func denseIdx(group, bucket int, mask uint32) uint32 {
	return mix(uint32(group)<<16^uint32(bucket)^0x9e3779b9) & mask
}

// bucket returns the index of the first bound that v is below, or len(bounds).
func bucket(v float64, bounds ...float64) int {
	for i, b := range bounds {
		if v < b {
			return i
		}
	}
	return len(bounds)
}

const (
	maxHeadWords = 10 // n-grams are taken from the first words of a line ...
	maxTailWords = 3  // ... and its last ones: enough for boilerplate phrasing.
	fnvOffset    = 2166136261
	fnvPrime     = 16777619
)

// computeStats scans s once. grams is reused as the n-gram buffer.
func computeStats(s string, grams []uint32) lineStats {
	st := lineStats{grams: grams[:0]}
	// wl counts the bytes of the current word; a word longer than maxStopLen
	// or holding a digit is never a stop word.
	wl := 0
	const maxStopLen = 16
	inWord, wordCap := false, false
	var h, prevH uint32 = fnvOffset, 0
	// tail keeps the hashes of the last maxTailWords words.
	var tail [maxTailWords]uint32
	endWord := func() {
		if !inWord {
			return
		}
		inWord = false
		st.words++
		if wordCap {
			st.capWords++
		}
		if wl > 0 && wl < maxStopLen && isStopword(h) {
			st.stops++
		}
		if st.words <= maxHeadWords {
			st.grams = append(st.grams, gramIdxRaw(gUni, h))
			if st.words > 1 {
				st.grams = append(st.grams, gramIdxRaw(gBi, prevH*fnvPrime^h))
			}
			if st.words == 1 {
				st.grams = append(st.grams, gramIdxRaw(gFirstWord, h))
			}
		}
		copy(tail[:], tail[1:])
		tail[maxTailWords-1] = h
		prevH = h
	}
	for i, r := range s {
		if i == 0 {
			st.first = r
		}
		st.last = r
		st.runes++
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') || r >= utf8.RuneSelf && unicode.IsLetter(r):
			st.letters++
			isUp := r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r)
			if isUp {
				st.upper++
			}
			if !inWord {
				inWord, wordCap, h, wl = true, isUp, fnvOffset, 0
			}
			lr := r
			if isUp {
				lr = unicode.ToLower(r)
			}
			if lr < utf8.RuneSelf {
				h = (h ^ uint32(lr)) * fnvPrime
				wl++
			} else {
				var buf [4]byte
				n := utf8.EncodeRune(buf[:], lr)
				for _, c := range buf[:n] {
					h = (h ^ uint32(c)) * fnvPrime
				}
				wl += n
			}
		case r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r):
			st.digits++
			if !inWord {
				inWord, wordCap, h, wl = true, false, fnvOffset, 0
			}
			// Digits share one symbol so that numbers generalise.
			h = (h ^ '0') * fnvPrime
			wl = maxStopLen // never a stop word
		default:
			endWord()
			switch r {
			case '|', '•', '·', '»', '«', '/', '›', '>', '<':
				st.seps++
			case '©':
				st.copyright = true
			case '@':
				st.email = true
			case ' ', '\t':
			default:
				if unicode.IsPunct(r) || unicode.IsSymbol(r) {
					st.punct++
				}
			}
		}
	}
	endWord()
	if st.words > 0 {
		n := min(st.words, maxTailWords)
		for _, th := range tail[maxTailWords-n:] {
			st.grams = append(st.grams, gramIdxRaw(gWordsFromEnd, th))
		}
		st.grams = append(st.grams, gramIdxRaw(gLastWord, tail[maxTailWords-1]))
	}
	if st.email {
		st.email = strings.Contains(s, ".") && st.words >= 2
	}
	st.url = strings.Contains(s, "http://") || strings.Contains(s, "https://") || strings.Contains(s, "www.")
	return st
}

// gramIdxRaw hashes a gram with its group; the model mask is applied later.
func gramIdxRaw(group int, h uint32) uint32 {
	return mix(h ^ uint32(group)*0x27d4eb2f)
}

func lenBucket(runes int) int {
	return bucket(float64(runes), 5, 10, 20, 40, 80, 160, 320, 640)
}

// endClass classifies a line's last character.
func endClass(r rune) int {
	switch r {
	case '.':
		return 1
	case '!', '?':
		return 2
	case ':':
		return 3
	case '"', '”', '’', '\'', '»', '“':
		return 4
	case ')', ']':
		return 5
	case ',', ';':
		return 6
	}
	switch {
	case unicode.IsDigit(r):
		return 7
	case unicode.IsLetter(r):
		return 8
	}
	return 9
}

func startClass(r rune) int {
	switch r {
	case '•', '-', '*', '–', '—', '·', '>', '»', '|':
		return 1
	case '©':
		return 2
	case '"', '“', '„', '\'', '«':
		return 3
	case '(', '[':
		return 4
	}
	switch {
	case unicode.IsDigit(r):
		return 5
	case unicode.IsUpper(r):
		return 6
	case unicode.IsLower(r):
		return 7
	case unicode.IsLetter(r):
		return 8
	}
	return 9
}

// docFeatures holds what the features of a text's lines are built from.
type docFeatures struct {
	text                  string
	lines                 []line
	mask                  uint32
	stats                 []lineStats
	longBefore, longAfter []int32
	paraLen               []int32
}

// newDocFeatures scans every line of text once.
func newDocFeatures(text string, lines []line, mask uint32) *docFeatures {
	d, _ := newDocFeaturesCtx(&checker{}, text, lines, mask)
	return d
}

// newDocFeaturesCtx is newDocFeatures checking ck's context as it goes.
func newDocFeaturesCtx(ck *checker, text string, lines []line, mask uint32) (*docFeatures, error) {
	d := &docFeatures{text: text, lines: lines, mask: mask}
	d.stats = make([]lineStats, len(lines))
	// computeStats keeps at most 16 grams of a line in the shared buffer
	// (more go to a slice of their own), and a line of w words has at most
	// 3w+2: size the buffer for that, not 16 per line (a million one-word
	// lines would reserve 64 MB).
	est := 0
	for _, l := range lines {
		w := (l.span.End - l.span.Begin + 1) / 2
		est += min(16, 3*w+2)
	}
	grams := make([]uint32, 0, est)
	for i, l := range lines {
		if err := ck.line(l); err != nil {
			return nil, err
		}
		st := computeStats(text[l.span.Begin:l.span.End], grams[len(grams):])
		if cap(st.grams) > 0 && len(grams)+len(st.grams) <= cap(grams) {
			grams = grams[:len(grams)+len(st.grams)]
		} else {
			// computeStats outgrew the shared buffer: keep its own slice.
			grams = append(grams[:len(grams):len(grams)], st.grams...)
			st.grams = grams[len(grams)-len(st.grams):]
		}
		d.stats[i] = st
	}
	// Distance to the nearest long (prose) line, before and after.
	isLong := func(st *lineStats) bool { return st.words >= 25 || st.runes >= 160 }
	d.longBefore = make([]int32, len(lines))
	d.longAfter = make([]int32, len(lines))
	last := -1
	for i := range lines {
		d.longBefore[i] = -1
		if last >= 0 {
			d.longBefore[i] = int32(i - last)
		}
		if isLong(&d.stats[i]) {
			last = i
		}
	}
	last = -1
	for i := len(lines) - 1; i >= 0; i-- {
		d.longAfter[i] = -1
		if last >= 0 {
			d.longAfter[i] = int32(last - i)
		}
		if isLong(&d.stats[i]) {
			last = i
		}
	}
	for _, l := range lines {
		for len(d.paraLen) <= l.para {
			d.paraLen = append(d.paraLen, 0)
		}
		d.paraLen[l.para]++
	}
	return d, nil
}

func distBucket(d int32) int {
	if d < 0 {
		return 0
	}
	return 1 + bucket(float64(d), 2, 3, 6, 11, 21)
}

// features appends the features of line i to buf and returns it.
func (d *docFeatures) features(i int, buf []feat) []feat {
	lines, stats, mask, n := d.lines, d.stats, d.mask, len(d.lines)
	l := lines[i]
	st := &stats[i]
	add := func(g, b int) { buf = append(buf, feat{denseIdx(g, b, mask), 1}) }
	lb := lenBucket(int(st.runes))
	eb := endClass(st.last)
	add(gBias, 0)
	add(gLen, lb)
	add(gWords, bucket(float64(st.words), 1, 2, 3, 4, 6, 10, 20, 40))
	if st.words >= 4 {
		add(gStop, bucket(float64(st.stops)/float64(st.words), 0.01, 0.1, 0.2, 0.3, 0.4))
	} else {
		add(gStopShort, int(min(st.stops, 2)))
	}
	add(gEnd, eb)
	add(gStart, startClass(st.first))
	if st.words > 0 {
		add(gCaps, bucket(float64(st.capWords)/float64(st.words), 0.2, 0.4, 0.6, 0.8, 0.99))
	}
	if st.letters >= 3 && st.upper == st.letters {
		add(gAllCaps, 1)
	}
	add(gDigits, bucket(float64(st.digits)/float64(st.runes), 0.001, 0.05, 0.15, 0.3, 0.6))
	if st.url {
		add(gURL, 1)
	}
	if st.email {
		add(gEmail, 1)
	}
	if st.seps > 0 {
		add(gSeps, int(min(st.seps, 3)))
	}
	if st.copyright {
		add(gCopy, 1)
	}
	add(gPos, i*10/n)
	fromEnd := bucket(float64(n-1-i), 1, 2, 3, 4, 7, 11, 21)
	add(gFromEnd, fromEnd)
	add(gFromStart, bucket(float64(i), 1, 2, 3, 4, 7, 11, 21))
	pl := d.paraLen[l.para]
	add(gParaLen, bucket(float64(pl), 2, 3, 4, 7))
	pi := 0
	switch {
	case pl == 1:
		pi = 0
	case i == 0 || lines[i-1].para != l.para:
		pi = 1
	case i == n-1 || lines[i+1].para != l.para:
		pi = 2
	default:
		pi = 3
	}
	add(gParaIdx, pi)
	if i > 0 {
		add(gPrevLen, 1+lenBucket(int(stats[i-1].runes)))
		add(gPrevEnd, endClass(stats[i-1].last))
	} else {
		add(gPrevLen, 0)
	}
	if i < n-1 {
		add(gNextLen, 1+lenBucket(int(stats[i+1].runes)))
		add(gNextEnd, endClass(stats[i+1].last))
	} else {
		add(gNextLen, 0)
	}
	add(gLongBefore, distBucket(d.longBefore[i]))
	add(gLongAfter, distBucket(d.longAfter[i]))
	add(gLenEnd, lb*16+eb)
	add(gLenFromEnd, min(lb, 5)*16+fromEnd)
	if len(d.text) > 0 {
		add(gBytePos, int(int64(l.span.Begin)*10/int64(len(d.text))))
	}
	if k := len(st.grams); k > 0 {
		v := float32(1 / math.Sqrt(float64(k)))
		for _, g := range st.grams {
			buf = append(buf, feat{g & mask, v})
		}
	}
	return buf
}
