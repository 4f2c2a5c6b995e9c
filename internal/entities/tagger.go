package entities

import (
	"io"
	"math"
	"slices"
	"strings"
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
	// rspares: the right-to-left model's entries of the same words.
	rspares []wordEntry
	sent    sentInfo // the last sentence's
	docMem  docMemory
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
	// keepDist makes tagSentence keep each token's tag distribution.
	keepDist bool
	// rev is the state of a bidirectional model's right-to-left pass
	// (reverse), with its own document memory.
	rev    *tagState
	vit    viterbi
	dist   [][numTags]float32
	rwords []string
	ms     []mention // Extract's mentions, kept for the next document
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
	m.prepareFrom(st, words, nil)
}

// prepareFrom is prepareCached; for the right-to-left model of a
// bidirectional model, from is the state the left-to-right pass prepared
// for the same sentence: its infos (they depend on the words, the
// gazetteer and the lexicon that both share) are copied and its entries
// lead to this model's (wordEntry.rev), without a lookup.
func (m *Model) prepareFrom(st *tagState, words []string, from *tagState) {
	n := len(words)
	if cap(st.infos) < n {
		st.infos = make([]tokInfo, n, 2*n)
		st.ents = make([]*wordEntry, n, 2*n)
	}
	st.infos, st.ents = st.infos[:n], st.ents[:n]
	if from != nil {
		copy(st.infos, from.infos)
		for i, e := range from.ents {
			st.ents[i] = e.rev
		}
		return
	}
	for i, w := range words {
		e := m.entry(w, st)
		if e == nil {
			// The cache is full: compute the entry into per-call space,
			// sized once for the sentence so that earlier pointers hold.
			if len(st.spares) < n {
				st.spares = make([]wordEntry, n)
				st.rspares = make([]wordEntry, n)
			}
			e = &st.spares[i]
			m.fillEntries(e, &st.rspares[i], w, st)
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
	m.tagFrom(st, words, nil)
}

// tagFrom is tagSentence, with the sentence prepared by the other
// direction's pass when from is not nil (prepareFrom).
func (m *Model) tagFrom(st *tagState, words []string, from *tagState) {
	m.prepareFrom(st, words, from)
	n := len(words)
	rev := m.Meta.Reverse
	if rev {
		slices.Reverse(st.infos)
		slices.Reverse(st.ents)
		st.rwords = append(st.rwords[:0], words...)
		slices.Reverse(st.rwords)
		words = st.rwords
	}
	// Right to left, token i of the reversed sentence is token n-1-i of
	// the text, and its tags flip (B and L): results are stored in the
	// text's order (o, flip).
	flip := &noFlip
	if rev {
		flip = &flipT
	}
	fcTag := tagO
	if st.keepDist {
		if cap(st.dist) < n {
			st.dist = make([][numTags]float32, n, 2*n)
		}
		st.dist = st.dist[:n]
	}
	if cap(st.tags) < n {
		st.tags = make([]int, n, 2*n)
		st.probs = make([]float32, n, 2*n)
	}
	st.tags, st.probs = st.tags[:n], st.probs[:n]
	// The sentence's make-up does not depend on the direction.
	var sent sentInfo
	if from != nil {
		sent = from.sent
	} else {
		sent = sentenceInfo(words)
	}
	st.sent = sent
	c := m.cache
	fc := -1
	if isTableLine(sent.line) {
		fc = firstCapital(st.infos)
		markRuns(st.infos, words, sent.line)
	}
	p1, p2 := startTag, startTag
	for i := 0; i < n; i++ {
		info := &st.infos[i]
		o := i
		if rev {
			o = n - 1 - i
		}
		if p1 == tagO && info.plain && !st.exact && (!rev && !yearBeforeName(words, st.infos, i) || rev && !numberAfterName(words, st.infos, i)) {
			// The plain-token shortcut: after O, a token with no capital
			// ("the", "of", ",", "2024") that is not a name particle ("de",
			// "van") nor a number before a capitalised word ("1995 World
			// Cup", "1966-76 Cultural Revolution": CoNLL's MISC takes the
			// year) is O without scoring it. Scoring all 34,359 such
			// tokens of eng.testa tags all but a few of them O too
			// (TestPlainShortcut); they are most of a news article.
			st.tags[o], st.probs[o] = tagO, 1
			if st.keepDist {
				st.dist[o] = certainO
			}
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
		ft := int(flip[t])
		st.tags[o] = ft
		st.probs[o] = 1
		if i == fc {
			fcTag = t
		}
		if st.keepDist {
			// The log-probabilities of the tags allowed after the previous
			// one (the scores of the others mean nothing: greedy decoding
			// never trained them), the others noTag. Only the normaliser
			// needs exponentials, and only of the tags within e^40 of the
			// chosen one.
			var z float64
			var d [numTags]float64
			ok := succ[p1]
			for _, k := range ok {
				d[k] = (float64(scores[k]) - float64(scores[t])) * float64(m.scale)
				if d[k] > -40 {
					z += math.Exp(d[k])
				}
			}
			lz := math.Log(z)
			st.dist[o] = noTags
			for _, k := range ok {
				st.dist[o][flip[k]] = float32(d[k] - lz)
			}
		}
		if t != tagO {
			if st.keepDist {
				st.probs[o] = float32(math.Exp(float64(st.dist[o][ft])))
			} else {
				var z float64
				for k := 0; k < numTags; k++ {
					z += math.Exp(float64(scores[k]-scores[t]) * float64(m.scale))
				}
				st.probs[o] = float32(1 / z)
			}
			if info.capital {
				st.docMem.record(info, tagType(t))
			}
		}
		p2, p1 = p1, t
	}
	if fc >= 0 {
		st.docMem.recordLine(sent.line, fcTag)
	}
}

// numberAfterName reports, for the right-to-left pass (words and infos
// reversed), whether token i has a digit and the word before it in the
// text (i+1 here) is capitalised: a number that may end a name ("Apollo
// 13", "Boeing 747"), which the plain-token shortcut leaves to the model.
func numberAfterName(words []string, infos []tokInfo, i int) bool {
	return i+1 < len(infos) && infos[i+1].capital && strings.ContainsAny(words[i], "0123456789")
}

// tag tags words with m: greedily left to right, or, for a bidirectional
// model, in both directions, combined by viterbi.combine. Results are in
// st.tags and st.probs.
func (m *Model) tag(st *tagState, words []string) {
	if m.rev == nil {
		m.tagSentence(st, words)
		return
	}
	st.keepDist = true
	r := st.reverse()
	m.tagSentence(st, words)
	m.rev.tagFrom(r, words, st)
	st.tags = st.vit.combine(st.dist, r.dist, st.tags)
	for i, t := range st.tags {
		// The chosen tag's share of the two directions' product (the
		// mentions' scores: only names need one).
		st.probs[i] = 1
		if t == tagO {
			continue
		}
		var z float64
		for k := 0; k < numTags; k++ {
			if x := float64(st.dist[i][k]) + float64(r.dist[i][k]) - float64(st.dist[i][t]) - float64(r.dist[i][t]); x > -40 {
				z += math.Exp(x)
			}
		}
		st.probs[i] = float32(1 / z)
	}
}

// reverse returns the state of the right-to-left model of a bidirectional
// model, made at first use.
func (st *tagState) reverse() *tagState {
	if st.rev == nil {
		// The document's capitalisation counts and context aggregation
		// are read once and shared; the memory of what was tagged is
		// each direction's own.
		st.rev = &tagState{docMem: make(docMemory), docCaps: st.docCaps, docCtx: st.docCtx}
		st.rev.keepDist = true
		st.rev.exact = st.exact
	}
	return st.rev
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
	st.resetDoc()
	for _, s := range d.Sentences {
		st.readSentence(s.Words, lex)
	}
}

// resetDoc forgets the previous document (the right-to-left pass's too).
func (st *tagState) resetDoc() {
	clear(st.docMem)
	clear(st.docCaps)
	st.docCtx.reset()
	if st.rev != nil {
		clear(st.rev.docMem)
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
			m.tag(st, s.Words)
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
