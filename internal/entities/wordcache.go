package entities

import (
	"hash/maphash"
	"strings"
	"sync"
)

// wordEntry is what one word type brings to tagging, computed once per
// model: its token hashes and the summed weights of its word features at
// each relative position (wordFeatures), plus, at its own position and as
// the next word, the summed weights of the tag features when the previous
// tag is O (the usual case). Summing integer weights in another order gives
// the same scores, so cached and uncached tagging agree exactly.
type wordEntry struct {
	info tokInfo // first, gaz and docCaps are per occurrence: zero here
	off  [2*maxOffset + 1][numTags]int32
	// afterO: fT1W0 and fT1Sh0 with the previous tag O; nextAfterO: fT1Wp1
	// with the previous tag O, when this word is the next one.
	afterO, nextAfterO [numTags]int32
	// rev is the same word's entry for the right-to-left model of a
	// bidirectional model, made with this one: one lookup serves both
	// directions.
	rev *wordEntry
}

// wordCacheMax bounds the entries (about 0.6 KB each) a model keeps; words
// beyond it are computed per use. News text reuses a few thousand words.
const (
	wordCacheShards = 64
	wordCacheMax    = 1 << 15
)

type wordCacheShard struct {
	mu sync.RWMutex
	m  map[string]*wordEntry
}

// wordCache maps a word, as written, to its entry. Safe for concurrent use.
type wordCache struct {
	seed   maphash.Seed
	shards [wordCacheShards]wordCacheShard
	// pads hold the padding before and after a sentence (only off is used).
	padStart, padEnd wordEntry
	// t1t2 holds the weights of fT1 and fT2T1 for each previous two tags.
	t1t2 [numTags + 1][numTags + 1][numTags]int32
}

func (m *Model) initCache() {
	c := &wordCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]*wordEntry)
	}
	var feats []uint32
	for d := -maxOffset; d < 0; d++ {
		feats = padFeatures(feats[:0], d)
		m.sum(&c.padStart.off[d+maxOffset], feats)
	}
	for d := 1; d <= maxOffset; d++ {
		feats = padFeatures(feats[:0], d)
		m.sum(&c.padEnd.off[d+maxOffset], feats)
	}
	m.addScores(&c.padEnd.nextAfterO, tagNextFeature(tagO, padEnd))
	for p2 := 0; p2 <= numTags; p2++ {
		for p1 := 0; p1 <= numTags; p1++ {
			m.addScores(&c.t1t2[p2][p1], tagFeature(p1))
			m.addScores(&c.t1t2[p2][p1], tagPairFeature(p2, p1))
		}
	}
	m.cache = c
}

// sum adds the weights of feats to dst.
func (m *Model) sum(dst *[numTags]int32, feats []uint32) {
	for _, f := range feats {
		m.addScores(dst, f)
	}
}

// fillEntry computes the entry of word into e; runes and feats are scratch.
func (m *Model) fillEntry(e *wordEntry, word string, runes []rune, feats []uint32) ([]rune, []uint32) {
	*e = wordEntry{}
	runes = fillInfo(&e.info, word, false, runes)
	lookupWord(&e.info, m.gaz, m.lex)
	for d := -maxOffset; d <= maxOffset; d++ {
		feats = wordFeatures(feats[:0], &e.info, d)
		m.sum(&e.off[d+maxOffset], feats)
	}
	m.addScores(&e.afterO, tagWordFeature(tagO, e.info.lower))
	m.addScores(&e.afterO, tagShapeFeature(tagO, e.info.shape))
	m.addScores(&e.nextAfterO, tagNextFeature(tagO, e.info.lower))
	return runes, feats
}

// fillEntries fills e with word's entry and, for a bidirectional model,
// rev with the right-to-left model's (e.rev points to it).
func (m *Model) fillEntries(e, rev *wordEntry, word string, st *tagState) {
	st.runes, st.feats = m.fillEntry(e, word, st.runes, st.feats)
	if m.rev != nil {
		st.runes, st.feats = m.rev.fillEntry(rev, word, st.runes, st.feats)
		e.rev = rev
	}
}

// maxCachedWord is the longest word (bytes) the cache keeps: news words are
// shorter, and a request's giant tokens must not fill the cache, which lives
// as long as the model, with copies of themselves.
const maxCachedWord = 64

// entry returns the entry of word from the cache, computing (and caching)
// it while the cache has room; nil when the cache is full and lacks it, or
// the word is longer than maxCachedWord.
func (m *Model) entry(word string, st *tagState) *wordEntry {
	if len(word) > maxCachedWord {
		return nil
	}
	c := m.cache
	sh := &c.shards[maphash.String(c.seed, word)%wordCacheShards]
	sh.mu.RLock()
	e, ok := sh.m[word]
	full := len(sh.m) >= wordCacheMax/wordCacheShards
	sh.mu.RUnlock()
	if ok {
		return e
	}
	if full {
		return nil
	}
	e = new(wordEntry)
	var rev *wordEntry
	if m.rev != nil {
		rev = new(wordEntry)
	}
	m.fillEntries(e, rev, word, st)
	sh.mu.Lock()
	if prev, ok := sh.m[word]; ok {
		e = prev
	} else if len(sh.m) < wordCacheMax/wordCacheShards {
		// Clone: the word may point into a large request text.
		sh.m[strings.Clone(word)] = e
	}
	sh.mu.Unlock()
	return e
}
