package entities

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// TrainConfig says what to train the tagger on.
type TrainConfig struct {
	// Train are the CoNLL documents to learn from (eng.train).
	Train []Doc
	// TrainedOn names the training data in the model ("eng.train").
	TrainedOn string
	// Dev are the CoNLL documents to pick the epoch on, none of Train;
	// optional (the shipped model has none: its epochs were chosen by
	// CrossValidate).
	Dev []Doc
	// Places are the gazetteer's place names (GeoNames); optional.
	Places *Places
	// Epochs is the maximum number of passes (default 12).
	Epochs int
	// Seed fixes the document order of each epoch.
	Seed uint64
	// Margin makes training update the weights also when the gold tag wins,
	// but by less than Margin (in weight units: each update adds 1); 0 is
	// the plain perceptron. A margin regularises: on eng.testa F1 0.905 with
	// none, 0.920-0.922 with 80-300.
	Margin float32
	// PA, when > 0, sizes each update by the passive-aggressive rule
	// (PA-I) capped at PA, instead of the perceptron's fixed step of 1.
	PA float32
	// Dropout is the share of each token's features left out of each
	// training step, at random (0: none); the random state is seeded by
	// the seed, so training stays deterministic.
	Dropout float32
	// Prune leaves out of the model file the features whose weights are
	// all smaller than this in absolute value (weight units; 0: none).
	Prune float32
	// Seeds is the number of models trained, with seeds Seed, Seed+1, ...,
	// each stopped at its best dev epoch, whose weights are averaged into
	// the model (default 1). Averaging evens out the order effects of
	// single perceptron runs.
	Seeds int
	// Unlabelled is the news text that word clusters are learnt from (with
	// the training documents' words); optional: nil learns no clusters.
	Unlabelled *Unlabelled
	// TrainNames adds the training files' names to the gazetteer (by type);
	// in training each document sees only the names of the other folds, so
	// that the feature is as reliable as it will be on new text.
	TrainNames bool
	// Clusters is the number of word clusters (default 256).
	Clusters int
	// MinCount drops features seen fewer times in training (default 2).
	MinCount int
	// CapsShare is the share of training documents that are trained on a
	// second time with every word in capitals (0: none; at most 1). Text
	// in capitals has no case to read; CoNLL's only such lines are short
	// headlines, so a document in capitals (a wire feed, a shouted page) or a
	// long headline was tagged from patterns the model never saw. The copies
	// keep their gold labels and their original's training-name gazetteer;
	// the word clusters and the gazetteer are learnt without them.
	CapsShare float64
	// MaxDocs limits the training documents (0: all), for tests.
	MaxDocs int
	// Bidirectional also trains a right-to-left model on the same data
	// and features, stored in the same file; the tagger combines the two
	// directions' tag distributions (4-fold CV over eng.train: 90.29 with
	// left to right alone, 91.00 combined).
	Bidirectional bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// Errors, when set, receives CrossValidate's held-out errors, one line
	// each (Counts.AddWords).
	Errors io.Writer
	// FoldModel, when set, receives each CrossValidate fold's model file
	// (fold counted from 0), so that changes to tagging alone can be
	// measured on the same fold models without training them again.
	FoldModel func(fold int, model []byte) error

	// lex, when set, is used instead of clustering Unlabelled (experiments).
	lex lexicon
}

// trainer holds averaged-perceptron weights over a fixed feature index.
type trainer struct {
	index map[uint32]int32
	keys  []uint32
	w     []float32
	tot   []float64
	ts    []int32
	step  int32
	// margin: also update when the gold tag wins by less than this
	// (TrainConfig.Margin).
	margin float32
	// pa, when > 0, sizes each update passive-aggressively (PA-I, Crammer
	// et al. 2006) with this cap (TrainConfig.PA).
	pa float32
	// drop, when > 0, is the share of a token's features left out of each
	// training step (feature dropout, TrainConfig.Dropout); rs is its
	// random state.
	drop   float32
	rs     uint64
	rowBuf []int32
}

// keep reports whether the next feature takes part in this step.
func (tr *trainer) keep() bool {
	tr.rs ^= tr.rs << 13
	tr.rs ^= tr.rs >> 7
	tr.rs ^= tr.rs << 17
	return float32(tr.rs>>40)/(1<<24) >= tr.drop
}

// score adds the weights of feats to scores and returns how many of feats
// the index holds.
func (tr *trainer) score(scores *[numTags]float32, feats []uint32) (known int) {
	for _, f := range feats {
		r, ok := tr.index[f]
		if !ok {
			continue
		}
		known++
		row := tr.w[int(r)*numTags : int(r)*numTags+numTags]
		for t, v := range row {
			scores[t] += v
		}
	}
	return known
}

// scoreRows adds the weights of rows (already indexed) to scores.
func (tr *trainer) scoreRows(scores *[numTags]float32, rows []int32) {
	for _, r := range rows {
		row := tr.w[int(r)*numTags : int(r)*numTags+numTags]
		for t, v := range row {
			scores[t] += v
		}
	}
}

func (tr *trainer) updateRows(rows []int32, tag int, delta float32) {
	for _, r := range rows {
		i := int(r)*numTags + tag
		tr.tot[i] += float64(tr.step-tr.ts[i]) * float64(tr.w[i])
		tr.ts[i] = tr.step
		tr.w[i] += delta
	}
}

// fresh returns a trainer over the same feature index with zero weights.
func (tr *trainer) fresh() *trainer {
	n := len(tr.keys) * numTags
	return &trainer{index: tr.index, keys: tr.keys, w: make([]float32, n), tot: make([]float64, n), ts: make([]int32, n), margin: tr.margin, pa: tr.pa, drop: tr.drop}
}

// epoch makes one perceptron pass over data[d] for d in order, returning
// the token errors and the tokens seen.
func (tr *trainer) epoch(data [][]trainSent, order []int) (errs, total int) {
	var scores [numTags]float32
	var feats []uint32
	for _, d := range order {
		mem := docMemory{}
		for _, s := range data[d] {
			p1, p2 := startTag, startTag
			fc := -1
			if isTableLine(s.line) {
				fc = firstCapital(s.infos)
			}
			for i := range s.words {
				info := &s.infos[i]
				feats = dynFeatures(feats[:0], info, p1, p2, mem, nextLower(s.infos, i))
				if i == fc {
					feats = append(feats, lineMemFeature(mem.lineType(s.line), info.shape))
				}
				rows := s.rows[i]
				if tr.drop > 0 {
					tr.rowBuf = tr.rowBuf[:0]
					for _, r := range rows {
						if tr.keep() {
							tr.rowBuf = append(tr.rowBuf, r)
						}
					}
					rows = tr.rowBuf
					// feats is this token's own: filtered in place.
					feats = slices.DeleteFunc(feats, func(uint32) bool { return !tr.keep() })
				}
				scores = [numTags]float32{}
				tr.scoreRows(&scores, rows)
				known := tr.score(&scores, feats)
				pred := bestValidF(&scores, p1)
				g := s.gold[i]
				tr.step++
				rival := pred
				if pred == g && tr.margin > 0 {
					rival = bestValidExcept(&scores, p1, g)
				}
				if rival >= 0 && rival != g && (pred != g || scores[g]-scores[rival] < tr.margin) {
					step := float32(1)
					if tr.pa > 0 {
						step = tr.paStep(scores[g]-scores[rival], len(rows)+known)
					}
					tr.updateRows(rows, g, step)
					tr.updateRows(rows, rival, -step)
					tr.update(feats, g, step)
					tr.update(feats, rival, -step)
				}
				if pred != g {
					errs++
				}
				total++
				if pred != tagO && info.capital {
					mem.record(info, tagType(pred))
				}
				if i == fc {
					mem.recordLine(s.line, pred)
				}
				p2, p1 = p1, pred
			}
		}
	}
	return errs, total
}

// paStep is the PA-I step of an update: the hinge loss (margin minus the
// gold tag's lead) over the squared norm of the update (two tags' rows of
// n binary features, those the index holds), capped at tr.pa.
func (tr *trainer) paStep(lead float32, n int) float32 {
	if n == 0 {
		return 0
	}
	return min(tr.pa, (tr.margin-lead)/float32(2*n))
}

func (tr *trainer) update(feats []uint32, tag int, delta float32) {
	for _, f := range feats {
		r, ok := tr.index[f]
		if !ok {
			continue
		}
		i := int(r)*numTags + tag
		tr.tot[i] += float64(tr.step-tr.ts[i]) * float64(tr.w[i])
		tr.ts[i] = tr.step
		tr.w[i] += delta
	}
}

// averaged returns the averaged weights, dropping features whose weights
// all round to nothing.
func (tr *trainer) averaged() map[uint32][]float32 {
	out := make(map[uint32][]float32, len(tr.keys))
	for r, k := range tr.keys {
		row := make([]float32, numTags)
		nz := false
		for t := 0; t < numTags; t++ {
			i := r*numTags + t
			tot := tr.tot[i] + float64(tr.step-tr.ts[i])*float64(tr.w[i])
			v := float32(tot / float64(max(tr.step, 1)))
			if v != 0 {
				nz = true
			}
			row[t] = v
		}
		if nz {
			out[k] = row
		}
	}
	return out
}

type trainSent struct {
	words  []string
	gold   []int
	static [][]uint32
	rows   [][]int32 // static features as trainer rows (after indexing)
	infos  []tokInfo
	line   uint8 // lineShape
}

func prepTrain(docs []Doc, gazOf func(d int) map[uint64]uint8, lex lexicon, reverse bool) [][]trainSent {
	st := newTagState()
	out := make([][]trainSent, len(docs))
	for d, doc := range docs {
		gaz := gazOf(d)
		dc := docCaps{}
		ctx := newDocContext()
		for _, s := range doc.Sentences {
			lower := make([]uint64, len(s.Words))
			dc.addSentence(s.Words, lower)
			ctx.addSentence(s.Words, lower, lex)
		}
		for _, k := range sentenceOrder(doc.Sentences, nil) {
			s := doc.Sentences[k]
			st.prepareDoc(s.Words, gaz, lex, dc)
			words, gold := s.Words, bilou(s.Labels)
			if reverse {
				// The right-to-left model reads the sentence backwards:
				// the words' infos are those of the sentence as written
				// (sentence-initial word, gazetteer matches), reversed.
				words = slices.Clone(words)
				slices.Reverse(words)
				slices.Reverse(st.infos)
				gold = reverseTags(gold)
			}
			sent := sentenceInfo(words)
			markRuns(st.infos, words, sent.line)
			ts := trainSent{words: words, gold: gold, infos: append([]tokInfo(nil), st.infos...)}
			sent.ctx = ctx
			ts.line = sent.line
			for i := range s.Words {
				ts.static = append(ts.static, staticFeatures(nil, ts.infos, i, sent))
			}
			out[d] = append(out[d], ts)
		}
	}
	return out
}

// Train trains a tagger and writes the model file to w. Same data, config
// and seed give byte-identical files.
func Train(ctx context.Context, cfg TrainConfig, w io.Writer) (ModelMeta, error) {
	docs, logf := cfg.setUp()
	dev := cfg.Dev
	gaz := buildGazetteer(cfg.Places)
	logf("read %d training documents, %d dev documents, %d gazetteer entries", len(docs), len(dev), len(gaz))
	lex, unlabelled := trainLexicon(&cfg, docs, logf)
	gazOf := trainGazetteer(cfg.TrainNames, gaz, docs)
	if cfg.TrainNames {
		logf("gazetteer with training names: %d entries", len(gaz))
	}
	docs, gazOf = withCapsCopies(docs, gazOf, cfg.CapsShare)
	dirs := "left to right"
	if cfg.Bidirectional {
		dirs = "left to right and right to left, combined (Viterbi over the product of the two directions' tag distributions)"
	}
	meta := ModelMeta{
		Name:       "conll-perceptron",
		TrainedOn:  cfg.TrainedOn,
		Clusters:   cfg.Clusters,
		Unlabelled: strings.Join(unlabelled, "+"),
		Seed:       cfg.Seed,
		MinCount:   cfg.MinCount,
		Margin:     cfg.Margin,
		Prune:      cfg.Prune,
		Description: fmt.Sprintf("averaged perceptron with margin %g%s (weights averaged over %d seeds), BILOU, greedy decoding %s; "+
			"CoNLL-2003 English (Reuters, research use) with GeoNames gazetteer features (CC BY 4.0)", cfg.Margin, updateRule(&cfg), max(cfg.Seeds, 1), dirs),
	}
	best, epochs, bestF, err := trainDirection(ctx, &cfg, docs, gazOf, dev, meta, gaz, lex, logf)
	if err != nil {
		return ModelMeta{}, err
	}
	meta.SeedEpochs = epochs
	meta.Epochs = epochs[0]
	var rev map[uint32][]float32
	if cfg.Bidirectional {
		rmeta := meta
		rmeta.Reverse = true
		if rev, _, _, err = trainDirection(ctx, &cfg, docs, gazOf, nil, rmeta, gaz, lex, logf); err != nil {
			return ModelMeta{}, err
		}
		if len(dev) > 0 {
			m, err := modelFrom(meta, best, gaz, lex, rev)
			if err != nil {
				return ModelMeta{}, err
			}
			_, _, bestF = m.TagCoNLL(dev).PRF("")
			logf("both directions: dev F1 %.4f", bestF)
		}
	}
	meta.DevF1 = math.Round(bestF*10000) / 10000
	// The counts of what the file holds: the features that survive
	// quantisation and pruning.
	meta, err = encodeModel(w, meta, best, gaz, lex, rev)
	if err != nil {
		return ModelMeta{}, fmt.Errorf("entities: write model: %w", err)
	}
	return meta, nil
}

// updateRule describes the training updates beyond the margin.
func updateRule(cfg *TrainConfig) string {
	var s string
	if cfg.PA > 0 {
		s += fmt.Sprintf(", passive-aggressive steps (PA-I, cap %g)", cfg.PA)
	}
	if cfg.Dropout > 0 {
		s += fmt.Sprintf(", feature dropout %g", cfg.Dropout)
	}
	if cfg.Prune > 0 {
		s += fmt.Sprintf(", features under %g pruned", cfg.Prune)
	}
	return s
}

// trainSeed trains tr for up to epochs passes over data in an order
// shuffled by seed, and returns the averaged weights of the epoch with the
// best dev F1 (the last epoch without dev), that F1 and the epoch.
func trainSeed(ctx context.Context, tr *trainer, data [][]trainSent, dev []Doc, seed uint64, epochs int,
	meta ModelMeta, gaz map[uint64]uint8, lex lexicon, logf func(string, ...any)) (map[uint32][]float32, float64, int, error) {
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	tr.rs = seed*0x9E3779B97F4A7C15 | 1
	var best map[uint32][]float32
	bestF, bestEp := -1.0, 0
	for ep := 1; ep <= epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, err
		}
		rng := rand.New(rand.NewPCG(seed, uint64(ep)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, total := tr.epoch(data, order)
		if len(dev) == 0 && ep < epochs {
			logf("seed %d epoch %d: training token error %.4f", seed, ep, float64(errs)/float64(max(total, 1)))
			continue
		}
		avg := tr.averaged()
		f := -1.0
		if len(dev) > 0 {
			m, err := modelFrom(meta, avg, gaz, lex, nil)
			if err != nil {
				return nil, 0, 0, err
			}
			_, _, f = m.TagCoNLL(dev).PRF("")
		}
		logf("seed %d epoch %d: training token error %.4f, dev F1 %.4f", seed, ep, float64(errs)/float64(max(total, 1)), f)
		if len(dev) == 0 || f > bestF {
			best, bestF, bestEp = avg, f, ep
		}
	}
	return best, bestF, bestEp, nil
}

// modelFrom builds a model from weights (and the right-to-left weights rev
// of a bidirectional model, or nil); meta.Reverse makes a right-to-left
// model of weights alone (training's dev scores).
func modelFrom(meta ModelMeta, weights map[uint32][]float32, gaz map[uint64]uint8, lex lexicon, rev map[uint32][]float32) (*Model, error) {
	// The body alone: compression and checksum only matter in the file.
	body, _, err := encodeBody(meta, weights, gaz, lex, rev)
	if err != nil {
		return nil, err
	}
	m, err := decodeBody(body, modelFormat)
	if err != nil {
		return nil, err
	}
	m.Meta.Reverse = meta.Reverse
	return m, nil
}

// trainDirection trains max(cfg.Seeds, 1) models on the documents (in one
// direction: meta.Reverse) with seeds cfg.Seed, cfg.Seed+1, ... and
// averages their weights; it returns them, each seed's epoch and, with a
// dev set, the dev F1 of the result.
func trainDirection(ctx context.Context, cfg *TrainConfig, docs []Doc, gazOf func(d int) map[uint64]uint8, dev []Doc,
	meta ModelMeta, gaz map[uint64]uint8, lex lexicon, logf func(string, ...any)) (map[uint32][]float32, []int, float64, error) {
	data := prepTrain(docs, gazOf, lex, meta.Reverse)
	tr := newTrainer(data, cfg.MinCount)
	tr.margin = cfg.Margin
	tr.pa = cfg.PA
	tr.drop = cfg.Dropout
	logf("%d features with count >= %d (right to left: %v)", len(tr.keys), cfg.MinCount, meta.Reverse)
	var members []map[uint32][]float32
	var epochs []int
	bestF := -1.0
	for k := 0; k < max(cfg.Seeds, 1); k++ {
		if k > 0 {
			tr = tr.fresh()
		}
		w, f, ep, err := trainSeed(ctx, tr, data, dev, cfg.Seed+uint64(k), cfg.Epochs, meta, gaz, lex, logf)
		if err != nil {
			return nil, nil, 0, err
		}
		members = append(members, w)
		epochs = append(epochs, ep)
		bestF = f
	}
	if len(members) == 1 {
		return members[0], epochs, bestF, nil
	}
	avg := averageWeights(members)
	if len(dev) > 0 {
		m, err := modelFrom(meta, avg, gaz, lex, nil)
		if err != nil {
			return nil, nil, 0, err
		}
		_, _, bestF = m.TagCoNLL(dev).PRF("")
	}
	logf("weights averaged over %d seeds: dev F1 %.4f", len(members), bestF)
	return avg, epochs, bestF, nil
}

// bestValidF returns the highest-scoring tag allowed after prev.
func bestValidF(scores *[numTags]float32, prev int) int { return bestValidExcept(scores, prev, -1) }

// averageWeights averages weight maps (a missing feature weighs 0).
func averageWeights(ms []map[uint32][]float32) map[uint32][]float32 {
	out := map[uint32][]float32{}
	for _, m := range ms {
		for k, row := range m {
			o := out[k]
			if o == nil {
				o = make([]float32, numTags)
				out[k] = o
			}
			for t, v := range row {
				o[t] += v / float32(len(ms))
			}
		}
	}
	return out
}

// newTrainer indexes the features of data seen at least minCount times
// (with gold history) and turns data's static features into trainer rows.
func newTrainer(data [][]trainSent, minCount int) *trainer {
	// Feature index: features seen at least MinCount times with gold history.
	counts := map[uint32]int32{}
	var feats []uint32
	for _, doc := range data {
		mem := docMemory{}
		for _, s := range doc {
			p1, p2 := startTag, startTag
			fc := -1
			if isTableLine(s.line) {
				fc = firstCapital(s.infos)
			}
			for i := range s.words {
				feats = append(feats[:0], s.static[i]...)
				feats = dynFeatures(feats, &s.infos[i], p1, p2, mem, nextLower(s.infos, i))
				if i == fc {
					feats = append(feats, lineMemFeature(mem.lineType(s.line), s.infos[i].shape))
				}
				for _, f := range feats {
					counts[f]++
				}
				g := s.gold[i]
				if g != tagO && s.infos[i].capital {
					mem.record(&s.infos[i], tagType(g))
				}
				if i == fc {
					mem.recordLine(s.line, g)
				}
				p2, p1 = p1, g
			}
		}
	}
	tr := &trainer{index: map[uint32]int32{}}
	for f, c := range counts {
		if int(c) >= minCount {
			tr.keys = append(tr.keys, f)
		}
	}
	// Map iteration order is random: sort for determinism.
	slices.Sort(tr.keys)
	for i, k := range tr.keys {
		tr.index[k] = int32(i)
	}
	tr.w = make([]float32, len(tr.keys)*numTags)
	tr.tot = make([]float64, len(tr.keys)*numTags)
	tr.ts = make([]int32, len(tr.keys)*numTags)
	for _, doc := range data {
		for k := range doc {
			s := &doc[k]
			s.rows = make([][]int32, len(s.static))
			for i, fs := range s.static {
				for _, f := range fs {
					if r, ok := tr.index[f]; ok {
						s.rows[i] = append(s.rows[i], r)
					}
				}
			}
			s.static = nil
		}
	}
	return tr
}

// bestValidExcept returns the highest-scoring tag other than not allowed
// after prev (-1 if none).
func bestValidExcept(scores *[numTags]float32, prev, not int) int {
	best := -1
	var bestScore float32
	for t := 0; t < numTags; t++ {
		if t == not || !validAfter(prev, t) {
			continue
		}
		if best < 0 || scores[t] > bestScore {
			best, bestScore = t, scores[t]
		}
	}
	return best
}

// setUp fills in cfg's defaults and returns the training documents (at
// most MaxDocs) and the progress logger.
func (cfg *TrainConfig) setUp() ([]Doc, func(string, ...any)) {
	if cfg.Epochs <= 0 {
		cfg.Epochs = 12
	}
	if cfg.MinCount <= 0 {
		cfg.MinCount = 2
	}
	log := cfg.Log
	logf := func(format string, args ...any) {
		if log != nil {
			fmt.Fprintf(log, format+"\n", args...)
		}
	}
	docs := cfg.Train
	if cfg.MaxDocs > 0 && len(docs) > cfg.MaxDocs {
		docs = docs[:cfg.MaxDocs]
	}
	return docs, logf
}

// trainLexicon learns the word clusters and capitalisation lexicon from
// cfg.Unlabelled's news text and the words of docs (cfg.lex when set), and
// returns it with the names of the unlabelled sources.
func trainLexicon(cfg *TrainConfig, docs []Doc, logf func(string, ...any)) (lexicon, []string) {
	if cfg.lex != nil {
		return cfg.lex, nil
	}
	if cfg.Unlabelled == nil {
		return lexicon{}, nil
	}
	if cfg.Clusters <= 0 {
		cfg.Clusters = 256
	}
	c, used := newCorpusFrom(cfg.Unlabelled, docs), cfg.Unlabelled.Sources
	lex := buildLexicon(c, cfg.Clusters, 64, 3, 12)
	logf("lexicon: %d words (%d tokens of unlabelled text from %v + training words), %d clusters", len(lex), len(c.seq), used, cfg.Clusters)
	return lex, used
}

// trainGazetteer returns the gazetteer each training document sees. With
// trainNames, gaz gains the names of docs (by type), and in training each
// document sees only the names of the other folds, so that the feature is
// as reliable as it will be on new text.
func trainGazetteer(trainNames bool, gaz map[uint64]uint8, docs []Doc) func(d int) map[uint64]uint8 {
	if !trainNames {
		return func(int) map[uint64]uint8 { return gaz }
	}
	const folds = 5
	var foldGaz [folds]map[uint64]uint8
	for f := range foldGaz {
		g := maps.Clone(gaz)
		var others []Doc
		for d := range docs {
			if d%folds != f {
				others = append(others, docs[d])
			}
		}
		addTrainingNames(g, others)
		foldGaz[f] = g
	}
	addTrainingNames(gaz, docs)
	return func(d int) map[uint64]uint8 { return foldGaz[d%folds] }
}

// withCapsCopies appends to docs a copy in capitals of a share of them
// (every document where the running count of share crosses an integer, so
// the copies spread evenly over the file), each copy reading its
// original's gazetteer.
func withCapsCopies(docs []Doc, gazOf func(d int) map[uint64]uint8, share float64) ([]Doc, func(d int) map[uint64]uint8) {
	if share <= 0 {
		return docs, gazOf
	}
	share = min(share, 1)
	n := len(docs)
	all := append([]Doc(nil), docs...)
	var orig []int
	for d := range docs {
		if int(float64(d+1)*share) > int(float64(d)*share) {
			all = append(all, UpperDoc(docs[d]))
			orig = append(orig, d)
		}
	}
	return all, func(d int) map[uint64]uint8 {
		if d >= n {
			d = orig[d-n]
		}
		return gazOf(d)
	}
}

// UpperDocs returns copies of docs in capitals (UpperDoc).
func UpperDocs(docs []Doc) []Doc {
	out := make([]Doc, len(docs))
	for i, d := range docs {
		out[i] = UpperDoc(d)
	}
	return out
}

// UpperDoc returns a copy of doc with every word in capitals and the same
// labels.
func UpperDoc(doc Doc) Doc {
	out := Doc{Sentences: make([]Sentence, len(doc.Sentences))}
	for i, s := range doc.Sentences {
		words := make([]string, len(s.Words))
		for j, w := range s.Words {
			words[j] = strings.ToUpper(w)
		}
		out.Sentences[i] = Sentence{Words: words, Labels: s.Labels}
	}
	return out
}
