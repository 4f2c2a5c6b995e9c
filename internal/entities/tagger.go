package entities

import (
	"io"
	"math"
)

// startTag is the "tag" before the first token of a sentence, in features.
const startTag = numTags

// tagState is per-call scratch space, reused through a sync.Pool.
type tagState struct {
	infos  []tokInfo
	runes  []rune
	feats  []uint32
	tags   []int
	probs  []float32
	words  []string
	toks   []Token
	ents   []*wordEntry
	spares []wordEntry // entries of words the full cache has no room for
	docMem docMemory
	// docCaps is filled for the whole document before tagging.
	docCaps docCaps
	rules   ruleScanner
	// late holds, per sentence of Extract's text, whether it is tagged
	// after the others (sentenceOrder).
	late []bool
	// docCtx is the document's context aggregation, lowers its scratch.
	docCtx *docContext
	lowers []uint64
	// exact turns off the plain-token shortcut (tests compare with it).
	exact bool
	ms    []mention // Extract's mentions, kept for the next document
}

func newTagState() *tagState {
	return &tagState{docMem: make(docMemory), docCaps: make(docCaps), docCtx: newDocContext()}
}

// prepareDoc fills st.infos for one sentence (training).
func (st *tagState) prepareDoc(words []string, gaz map[uint64]uint8, lex lexicon, dc docCaps) {
	if cap(st.infos) < len(words) {
		st.infos = make([]tokInfo, len(words), 2*len(words))
	}
	st.infos = st.infos[:len(words)]
	for i, w := range words {
		st.runes = fillInfo(&st.infos[i], w, i == 0, st.runes)
	}
	markGazetteer(gaz, st.infos)
	for i := range st.infos {
		lookupWord(&st.infos[i], gaz, lex)
		st.infos[i].docCaps = dc.bucket(st.infos[i].lower)
	}
}

// lookupWord fills what the model's tables say of the word of ti: its
// clusters and capitalisation bucket (lex) and its roles in the training
// names (gaz). Training (prepareDoc) and tagging (the word cache's
// fillEntry) both read a word through it, so that they see the same
// features.
func lookupWord(ti *tokInfo, gaz map[uint64]uint8, lex lexicon) {
	ti.cluster, ti.cluster64, ti.caps = lex.lookup(ti.lower)
	ti.role = gaz[roleKey(ti.lower)]
}

// bestValid returns the highest-scoring tag allowed after prev.
func bestValid(scores *[numTags]int32, prev int) int {
	best, bestScore := -1, int32(math.MinInt32)
	for t := 0; t < numTags; t++ {
		if !validAfter(prev, t) {
			continue
		}
		if scores[t] > bestScore {
			best, bestScore = t, scores[t]
		}
	}
	return best
}

// prepareCached fills st.infos and st.ents for one sentence from the
// model's word cache.
func (m *Model) prepareCached(st *tagState, words []string) {
	n := len(words)
	if cap(st.infos) < n {
		st.infos = make([]tokInfo, n, 2*n)
		st.ents = make([]*wordEntry, n, 2*n)
	}
	st.infos, st.ents = st.infos[:n], st.ents[:n]
	for i, w := range words {
		e := m.entry(w, st)
		if e == nil {
			// The cache is full: compute the entry into per-call space,
			// sized once for the sentence so that earlier pointers hold.
			if len(st.spares) < n {
				st.spares = make([]wordEntry, n)
			}
			e = &st.spares[i]
			st.runes, st.feats = m.fillEntry(e, w, st.runes, st.feats)
		}
		st.ents[i] = e
		st.infos[i] = e.info
		st.infos[i].first = i == 0
	}
	markGazetteer(m.gaz, st.infos)
	for i := range st.infos {
		st.infos[i].docCaps = st.docCaps.bucket(st.infos[i].lower)
	}
}

// tagSentence tags words greedily left to right; results are in st.tags and
// st.probs (the softmax probability of each chosen tag). The scores are those
// of staticFeatures and dynFeatures, with the word features and the common
// tag features summed from the word cache.
func (m *Model) tagSentence(st *tagState, words []string) {
	m.prepareCached(st, words)
	n := len(words)
	if cap(st.tags) < n {
		st.tags = make([]int, n, 2*n)
		st.probs = make([]float32, n, 2*n)
	}
	st.tags, st.probs = st.tags[:n], st.probs[:n]
	sent := sentenceInfo(words)
	c := m.cache
	fc := -1
	if isTableLine(sent.line) {
		fc = firstCapital(st.infos)
		markRuns(st.infos, words, sent.line)
	}
	p1, p2 := startTag, startTag
	for i := 0; i < n; i++ {
		info := &st.infos[i]
		if p1 == tagO && info.plain && !st.exact && !yearBeforeName(words, st.infos, i) {
			// The plain-token shortcut: after O, a token with no capital
			// ("the", "of", ",", "2024") that is not a name particle ("de",
			// "van") nor a number before a capitalised word ("1995 World
			// Cup", "1966-76 Cultural Revolution": CoNLL's MISC takes the
			// year) is O without scoring it. Scoring all 34,359 such
			// tokens of eng.testa tags all but a few of them O too
			// (TestPlainShortcut); they are most of a news article.
			st.tags[i], st.probs[i] = tagO, 1
			p2, p1 = p1, tagO
			continue
		}
		var scores [numTags]int32
		for d := -maxOffset; d <= maxOffset; d++ {
			var row *[numTags]int32
			switch j := i + d; {
			case j < 0:
				row = &c.padStart.off[d+maxOffset]
			case j >= n:
				row = &c.padEnd.off[d+maxOffset]
			default:
				row = &st.ents[j].off[d+maxOffset]
			}
			for t := range scores {
				scores[t] += row[t]
			}
		}
		t1 := &c.t1t2[p2][p1]
		for t := range scores {
			scores[t] += t1[t]
		}
		st.feats = contextFeatures(st.feats[:0], st.infos, i, sent)
		// The context aggregation's features are the same at every
		// occurrence of a word in the document: their weights are summed
		// once per word (aggScores), not looked up at each occurrence.
		if info.capital {
			if agg := m.aggScores(st.docCtx, lowerKey(info)); agg != nil {
				for t := range scores {
					scores[t] += agg[t]
				}
			}
		}
		if p1 == tagO {
			next := &c.padEnd.nextAfterO
			if i+1 < n {
				next = &st.ents[i+1].nextAfterO
			}
			self := &st.ents[i].afterO
			for t := range scores {
				scores[t] += self[t] + next[t]
			}
		} else {
			st.feats = append(st.feats,
				tagNextFeature(p1, nextLower(st.infos, i)),
				tagWordFeature(p1, info.lower),
				tagShapeFeature(p1, info.shape))
		}
		st.feats = append(st.feats,
			docLowerFeature(st.docMem.last(lowerKey(info)), info.shape),
			docFeature(st.docMem.last(info.form), info.shape),
			docHistFeature(st.docMem.hist(lowerKey(info)), info.shape))
		if i == fc {
			st.feats = append(st.feats, lineMemFeature(st.docMem.lineType(sent.line), info.shape))
		}
		for _, f := range st.feats {
			m.addScores(&scores, f)
		}
		// Close an entity left open at the end of the sentence.
		t := bestValid(&scores, p1)
		if i == n-1 && t != tagO && (tagPos(t) == posB || tagPos(t) == posI) {
			t = closeTag(&scores, p1, t)
		}
		st.tags[i] = t
		st.probs[i] = 1
		if t != tagO {
			var z float64
			for k := 0; k < numTags; k++ {
				z += math.Exp(float64(scores[k]-scores[t]) * float64(m.scale))
			}
			st.probs[i] = float32(1 / z)
			if info.capital {
				st.docMem.record(info, tagType(t))
			}
		}
		p2, p1 = p1, t
	}
	if fc >= 0 {
		st.docMem.recordLine(sent.line, st.tags[fc])
	}
}

// closeTag picks the best tag that ends or avoids an entity at a sentence's
// last token.
func closeTag(scores *[numTags]int32, prev, t int) int {
	best, bestScore := tagO, int32(math.MinInt32)
	for c := 0; c < numTags; c++ {
		ok := c == tagO || tagPos(c) == posU || tagPos(c) == posL
		if !ok || !validAfter(prev, c) {
			continue
		}
		if scores[c] > bestScore {
			best, bestScore = c, scores[c]
		}
	}
	return best
}

// startDoc forgets the previous document and reads d's capitalisation and
// context aggregation.
func (st *tagState) startDoc(d Doc, lex lexicon) {
	clear(st.docMem)
	clear(st.docCaps)
	st.docCtx.reset()
	for _, s := range d.Sentences {
		st.readSentence(s.Words, lex)
	}
}

// TagCoNLL tags every sentence of docs and scores it against the gold labels.
func (m *Model) TagCoNLL(docs []Doc) *Counts { return m.tagCoNLL(docs, nil) }

// tagCoNLL is TagCoNLL, writing the errors to errs when it is not nil
// (Counts.Errors).
func (m *Model) tagCoNLL(docs []Doc, errs io.Writer) *Counts {
	c := NewCounts()
	c.Errors = errs
	st := newTagState()
	var order []int
	for _, d := range docs {
		st.startDoc(d, m.lex)
		order = sentenceOrder(d.Sentences, order)
		for _, k := range order {
			s := d.Sentences[k]
			m.tagSentence(st, s.Words)
			c.AddWords(s.Words, s.Labels, iobLabels(st.tags))
		}
	}
	c.Errors = nil
	return c
}

// sentenceOrder returns the order in which a document's sentences are
// tagged (training too): first the lines with words in lower case, then the
// others (headlines in capitals, table rows), so that the document memory
// holds what the prose said about their words.
func sentenceOrder(sents []Sentence, order []int) []int {
	order = order[:0]
	for k, s := range sents {
		if !lateLine(s.Words) {
			order = append(order, k)
		}
	}
	for k, s := range sents {
		if lateLine(s.Words) {
			order = append(order, k)
		}
	}
	return order
}

// readSentence adds a sentence to the document's capitalisation counts and
// context aggregation, before the document is tagged; they share the
// words' hashes.
func (st *tagState) readSentence(words []string, lex lexicon) {
	if cap(st.lowers) < len(words) {
		st.lowers = make([]uint64, len(words), 2*len(words))
	}
	st.lowers = st.lowers[:len(words)]
	clear(st.lowers)
	st.docCaps.addSentence(words, st.lowers)
	st.docCtx.addSentence(words, st.lowers, lex)
}

// yearBeforeName reports whether token i starts with a digit and the next
// token is capitalised: a number that may open a name ("1995 World Cup"),
// which the plain-token shortcut leaves to the model.
func yearBeforeName(words []string, infos []tokInfo, i int) bool {
	return i+1 < len(infos) && infos[i+1].capital && words[i] != "" && words[i][0] >= '0' && words[i][0] <= '9'
}
