package entities

import (
	"math"
	"slices"
)

// A lexicon maps a word's lower-case hash to what unlabelled news text says
// about it: its word clusters at two granularities (learnt by predictive
// exchange clustering) and how often it is capitalised mid-sentence. Packed
// as fine<<16 | coarse<<8 | capsBucket (cluster ids start at 1; fine < 2^16,
// coarse < 2^8).
type lexicon map[uint64]uint32

// Capitalisation buckets (0: unknown word).
const (
	capsLower = 1 // capitalised in < 10% of mid-sentence uses
	capsMixed = 2
	capsUpper = 3 // capitalised in > 90%
)

func (l lexicon) lookup(h uint64) (fine, coarse uint32, caps uint8) {
	v, ok := l[h]
	if !ok {
		return 0, 0, 0
	}
	return v >> 16, (v >> 8) & 0xff, uint8(v)
}

// corpus is unlabelled text as word ids with sentence breaks (id 0).
type corpus struct {
	ids    map[uint64]int32
	hashes []uint64 // by id
	count  []int32
	capMid []int32 // capitalised, not sentence-initial
	lowMid []int32 // lower case, not sentence-initial
	seq    []int32
}

func newCorpus() *corpus {
	return &corpus{ids: map[uint64]int32{}, hashes: []uint64{0}, count: []int32{0}, capMid: []int32{0}, lowMid: []int32{0}}
}

func (c *corpus) addSentence(words []string) {
	for i, w := range words {
		h := hashLower(w)
		id, ok := c.ids[h]
		if !ok {
			id = int32(len(c.hashes))
			c.ids[h] = id
			c.hashes = append(c.hashes, h)
			c.count = append(c.count, 0)
			c.capMid = append(c.capMid, 0)
			c.lowMid = append(c.lowMid, 0)
		}
		c.count[id]++
		if i > 0 {
			switch {
			case isCap(w):
				c.capMid[id]++
			case startsLower(w):
				c.lowMid[id]++
			}
		}
		c.seq = append(c.seq, id)
	}
	c.seq = append(c.seq, 0)
}

func (c *corpus) addText(text string, toks []Token) []Token {
	toks = Tokenize(text, toks)
	var words []string
	for i, t := range toks {
		if t.SentStart && i > 0 {
			c.addSentence(words)
			words = words[:0]
		}
		words = append(words, t.Text)
	}
	if len(words) > 0 {
		c.addSentence(words)
	}
	return toks
}

// Unlabelled is the news text the lexicon's word clusters learn from, in
// order, and the names of the sets it came from (recorded in the model);
// entitiesdata.ReadUnlabelled reads it.
type Unlabelled struct {
	Sources []string
	Texts   []string
}

// newCorpusFrom builds the lexicon's corpus from u's texts plus the words
// (not labels) of the CoNLL training documents.
func newCorpusFrom(u *Unlabelled, conll []Doc) *corpus {
	c := newCorpus()
	var toks []Token
	for _, t := range u.Texts {
		toks = c.addText(t, toks)
	}
	for _, d := range conll {
		for _, s := range d.Sentences {
			c.addSentence(s.Words)
		}
	}
	return c
}

func xlogx(x int32) float64 {
	if x <= 0 {
		return 0
	}
	f := float64(x)
	return f * math.Log(f)
}

// buildLexicon clusters the words seen at least minCount times into k
// classes by predictive exchange clustering (Uszkoreit and Brants 2008):
// it maximises sum over (previous word v, class c) of N(v,c) log N(v,c)
// minus sum over c of N(c) log N(c). Deterministic.
func buildLexicon(c *corpus, fine, coarse, minCount, iters int) lexicon {
	// The two clusterings are independent: run them on two cores.
	var fc, cc []int32
	done := make(chan struct{})
	go func() {
		cc = exchange(c, min(coarse, 255), minCount, iters)
		close(done)
	}()
	fc = exchange(c, fine, minCount, iters)
	<-done
	lex := lexicon{}
	for id := 1; id < len(c.hashes); id++ {
		caps := uint8(0)
		if mid := c.capMid[id] + c.lowMid[id]; mid >= 2 {
			r := float64(c.capMid[id]) / float64(mid)
			switch {
			case r < 0.1:
				caps = capsLower
			case r > 0.9:
				caps = capsUpper
			default:
				caps = capsMixed
			}
		}
		var f, k uint32
		if fc[id] >= 0 {
			f, k = uint32(fc[id])+1, uint32(cc[id])+1
		}
		if f != 0 || caps != 0 {
			lex[c.hashes[id]] = f<<16 | k<<8 | uint32(caps)
		}
	}
	return lex
}

// exchange returns each word id's class in [0, k), or -1 for rare words.
func exchange(c *corpus, k, minCount, iters int) []int32 {
	// Clustered words, most frequent first (ties by hash).
	var words []int32
	for id := 1; id < len(c.hashes); id++ {
		if int(c.count[id]) >= minCount {
			words = append(words, int32(id))
		}
	}
	slices.SortFunc(words, func(a, b int32) int {
		if c.count[a] != c.count[b] {
			return int(c.count[b] - c.count[a])
		}
		if c.hashes[a] < c.hashes[b] {
			return -1
		}
		return 1
	})
	class := make([]int32, len(c.hashes))
	for i := range class {
		class[i] = -1
	}
	for i, w := range words {
		class[w] = int32(i % k)
	}
	// Predecessors of each clustered word: CSR of (v, n).
	type pair struct{ v, n int32 }
	big := map[uint64]int32{}
	for i := 1; i < len(c.seq); i++ {
		w := c.seq[i]
		if w == 0 || class[w] < 0 {
			continue
		}
		big[uint64(c.seq[i-1])<<32|uint64(w)]++
	}
	keys := make([]uint64, 0, len(big))
	for key := range big {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	preds := make([][]pair, len(c.hashes))
	for _, key := range keys {
		v, w := int32(key>>32), int32(uint32(key))
		preds[w] = append(preds[w], pair{v, big[key]})
	}
	nv := len(c.hashes)
	nvc := make([]int32, nv*k)
	nc := make([]int32, k)
	nw := make([]int32, nv)
	for w := range preds {
		for _, p := range preds[w] {
			nvc[int(p.v)*k+int(class[w])] += p.n
			nw[w] += p.n
		}
		if class[w] >= 0 {
			nc[class[w]] += nw[w]
		}
	}
	gain := make([]float64, k)
	for it := 0; it < iters; it++ {
		moved := 0
		for _, w := range words {
			a := class[w]
			for _, p := range preds[w] {
				nvc[int(p.v)*k+int(a)] -= p.n
			}
			nc[a] -= nw[w]
			for b := 0; b < k; b++ {
				gain[b] = -(xlogx(nc[b]+nw[w]) - xlogx(nc[b]))
			}
			for _, p := range preds[w] {
				row := nvc[int(p.v)*k : int(p.v)*k+k]
				for b, x := range row {
					if x == 0 {
						gain[b] += xlogx(p.n)
						continue
					}
					gain[b] += xlogx(x+p.n) - xlogx(x)
				}
			}
			best := a
			for b := 0; b < k; b++ {
				if gain[b] > gain[best]+1e-9 {
					best = int32(b)
				}
			}
			if best != a {
				moved++
			}
			class[w] = best
			for _, p := range preds[w] {
				nvc[int(p.v)*k+int(best)] += p.n
			}
			nc[best] += nw[w]
		}
		if moved == 0 {
			break
		}
	}
	return class
}
