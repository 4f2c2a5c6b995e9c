package topics

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Feature hashing: every word unigram and bigram of the lower-cased text is
// hashed (FNV-1a, 64 bits) into one of 1<<bits buckets. Hashing keeps the model
// compact and the featurizer allocation-free; collisions cost a little
// accuracy at 1<<18 buckets.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	// bigramMix separates bigram hashes from unigram hashes.
	bigramMix = 0x9e3779b97f4a7c15
)

// maxTokenBytes caps a token's length; longer runs (URLs, base64) are cut so
// that one giant token cannot dominate the hashing time.
const maxTokenBytes = 64

// token is one word of a text: its hash and, when asked, its byte span.
type token struct {
	hash uint64
	// prefix is the hash of the word's first prefixBytes bytes when the word
	// is longer, else 0: a cheap stemmer ("election", "elections").
	prefix     uint64
	begin, end int
}

// prefixBytes is the length of the prefix feature.
const prefixBytes = 4

// tokenize calls emit for each word of text: a maximal run of letters, digits
// and marks, lower-cased; digits are folded to '0' so that numbers share
// features. It stops when emit returns false. It allocates nothing.
func tokenize(text string, emit func(t token) bool) {
	i := 0
	for i < len(text) {
		c := text[i]
		// ASCII fast path.
		if c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				i++
				continue
			}
		} else {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				i += n
				continue
			}
		}
		start := i
		h := uint64(fnvOffset)
		var pre uint64
		for i < len(text) {
			if pre == 0 && i-start >= prefixBytes {
				pre = h ^ 0x5bd1e995
			}
			c := text[i]
			if c < utf8.RuneSelf {
				if !isASCIIWord(c) {
					break
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				} else if '0' <= c && c <= '9' {
					c = '0'
				}
				if i-start < maxTokenBytes {
					h = (h ^ uint64(c)) * fnvPrime
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			if i-start < maxTokenBytes {
				r = unicode.ToLower(r)
				if unicode.IsDigit(r) {
					r = '0'
				}
				var buf [utf8.UTFMax]byte
				m := utf8.EncodeRune(buf[:], r)
				for _, b := range buf[:m] {
					h = (h ^ uint64(b)) * fnvPrime
				}
			}
			i += n
		}
		if i-start <= prefixBytes {
			pre = 0
		}
		if !emit(token{hash: h, prefix: pre, begin: start, end: i}) {
			return
		}
	}
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// mix finalises a 64-bit hash (splitmix64) so that the low bits are usable as
// a bucket index.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// hashed is one feature occurrence, for explanations: the index of its
// first token (bigrams span two tokens) and its kind.
type hashed struct {
	tok    int32
	bigram bool
	prefix bool
}

// Feature sets, a bit mask stored in the model.
const (
	featBigrams uint8 = 1 << iota
	featPrefix
)

// scratch holds a featurizer's reusable buffers.
type scratch struct {
	toks []token
	// count is a dense per-bucket counter, all zero between documents; it
	// replaces sorting, which cost more than everything else together.
	count []uint16
	// idx/val is the sparse vector, buckets in order of first occurrence;
	// first[i] is the first occurrence of idx[i] (for explanations).
	idx   []uint32
	val   []float32
	first []hashed
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// tfLog[c] is 1+ln(c), the sublinear term frequency.
var tfLog = func() (t [256]float32) {
	for c := 1; c < len(t); c++ {
		t[c] = 1 + logf(float32(c))
	}
	return t
}()

func (s *scratch) add(b uint32, h hashed) {
	c := s.count[b]
	if c == 0 {
		s.idx = append(s.idx, b)
		s.first = append(s.first, h)
	}
	if c < 0xffff {
		s.count[b] = c + 1
	}
}

// checkTokens is how many tokens extract hashes between checks of its
// context (about a millisecond of work).
const checkTokens = 1 << 14

// extract collects the hashed features of text into s.idx (and their counts);
// vectorize must follow.
func (s *scratch) extract(text string, bits uint, feats uint8) {
	s.extractCtx(context.Background(), text, bits, feats)
}

// extractCtx is extract checking ctx every checkTokens tokens; when ctx is
// done it clears the counts (s stays reusable) and returns ctx's error.
func (s *scratch) extractCtx(ctx context.Context, text string, bits uint, feats uint8) error {
	if len(s.count) != 1<<bits {
		s.count = make([]uint16, 1<<bits)
	}
	s.toks = s.toks[:0]
	var err error
	tokenize(text, func(t token) bool {
		s.toks = append(s.toks, t)
		if len(s.toks)%checkTokens == 0 {
			err = ctx.Err()
		}
		return err == nil
	})
	s.idx, s.first = s.idx[:0], s.first[:0]
	if err != nil {
		return err
	}
	mask := uint64(1)<<bits - 1
	for i, t := range s.toks {
		if i%checkTokens == checkTokens-1 {
			if err := ctx.Err(); err != nil {
				for _, b := range s.idx {
					s.count[b] = 0
				}
				s.idx, s.first = s.idx[:0], s.first[:0]
				return err
			}
		}
		s.add(uint32(mix(t.hash)&mask), hashed{tok: int32(i)})
		if feats&featPrefix != 0 && t.prefix != 0 {
			s.add(uint32(mix(t.prefix)&mask), hashed{tok: int32(i), prefix: true})
		}
		if feats&featBigrams != 0 && i > 0 {
			h := (s.toks[i-1].hash*31 + t.hash) ^ bigramMix
			s.add(uint32(mix(h)&mask), hashed{tok: int32(i - 1), bigram: true})
		}
	}
	return nil
}

// vectorize turns the counts of extract into the L2-normalised TF-IDF vector
// s.idx/s.val: weight (1+log tf)*idf per bucket, zero weights dropped. With
// idf nil it leaves the sublinear TF unweighted and unnormalised (training
// weights it later). It resets the counts.
func (s *scratch) vectorize(idf func(b uint32) float32) {
	s.val = s.val[:0]
	var norm float64
	n := 0
	for i, b := range s.idx {
		c := s.count[b]
		s.count[b] = 0
		var v float32
		if int(c) < len(tfLog) {
			v = tfLog[c]
		} else {
			v = 1 + logf(float32(c))
		}
		if idf != nil {
			v *= idf(b)
		}
		if v == 0 {
			continue
		}
		s.idx[n], s.first[n] = b, s.first[i]
		s.val = append(s.val, v)
		norm += float64(v) * float64(v)
		n++
	}
	s.idx, s.first = s.idx[:n], s.first[:n]
	if idf != nil && norm > 0 {
		inv := float32(1 / sqrt(norm))
		for i := range s.val {
			s.val[i] *= inv
		}
	}
}

// termText returns the text of feature occurrence f, lower-cased: a word, a
// two-word phrase, or for a prefix feature the whole word it came from.
func (s *scratch) termText(text string, f hashed) string {
	t := s.toks[f.tok]
	if !f.bigram {
		return strings.ToLower(text[t.begin:t.end])
	}
	u := s.toks[f.tok+1]
	return strings.ToLower(text[t.begin:t.end] + " " + text[u.begin:u.end])
}
