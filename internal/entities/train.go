package entities

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
)

// TrainConfig says what to train the tagger on.
type TrainConfig struct {
	// Train are CoNLL files to learn from (eng.train).
	Train []string
	// Dev is the CoNLL file to pick the epoch on (eng.testa); optional.
	Dev string
	// GazetteerDir holds GeoNames' cities15000.zip and countryInfo.tsv; optional.
	GazetteerDir string
	// Epochs is the maximum number of passes (default 12).
	Epochs int
	// Seed fixes the document order of each epoch.
	Seed uint64
	// Unlabelled is the data folder whose topics/ news text (and the
	// training files' words) word clusters are learnt from; optional.
	Unlabelled string
	// TrainNames adds the training files' names to the gazetteer (by type);
	// in training each document sees only the names of the other folds, so
	// that the feature is as reliable as it will be on new text.
	TrainNames bool
	// Clusters is the number of word clusters (default 256).
	Clusters int
	// MinCount drops features seen fewer times in training (default 2).
	MinCount int
	// MaxDocs limits the training documents (0: all), for tests.
	MaxDocs int
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// trainer holds averaged-perceptron weights over a fixed feature index.
type trainer struct {
	index map[uint32]int32
	keys  []uint32
	w     []float32
	tot   []float64
	ts    []int32
	step  int32
}

func (tr *trainer) score(scores *[numTags]float32, feats []uint32) {
	*scores = [numTags]float32{}
	for _, f := range feats {
		r, ok := tr.index[f]
		if !ok {
			continue
		}
		row := tr.w[int(r)*numTags : int(r)*numTags+numTags]
		for t, v := range row {
			scores[t] += v
		}
	}
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
	infos  []tokInfo
}

func prepTrain(docs []Doc, gazOf func(d int) map[uint64]uint8, lex lexicon) [][]trainSent {
	st := newTagState()
	out := make([][]trainSent, len(docs))
	for d, doc := range docs {
		gaz := gazOf(d)
		dc := docCaps{}
		for _, s := range doc.Sentences {
			dc.addSentence(s.Words)
		}
		for _, s := range doc.Sentences {
			st.prepareDoc(s.Words, gaz, lex, dc)
			ts := trainSent{words: s.Words, gold: bilou(s.Labels), infos: append([]tokInfo(nil), st.infos...)}
			caps := isCapsSentence(s.Words)
			for i := range s.Words {
				ts.static = append(ts.static, staticFeatures(nil, ts.infos, i, caps))
			}
			out[d] = append(out[d], ts)
		}
	}
	return out
}

// Train trains a tagger and writes the model file to w. Same data, config
// and seed give byte-identical files.
func Train(ctx context.Context, cfg TrainConfig, w io.Writer) (ModelMeta, error) {
	if cfg.Epochs <= 0 {
		cfg.Epochs = 12
	}
	if cfg.MinCount <= 0 {
		cfg.MinCount = 2
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	var docs []Doc
	var names []string
	for _, p := range cfg.Train {
		d, err := ReadCoNLLFile(p)
		if err != nil {
			return ModelMeta{}, fmt.Errorf("entities: train: %w", err)
		}
		docs = append(docs, d...)
		names = append(names, filepath.Base(p))
	}
	if cfg.MaxDocs > 0 && len(docs) > cfg.MaxDocs {
		docs = docs[:cfg.MaxDocs]
	}
	var dev []Doc
	if cfg.Dev != "" {
		var err error
		if dev, err = ReadCoNLLFile(cfg.Dev); err != nil {
			return ModelMeta{}, fmt.Errorf("entities: dev: %w", err)
		}
	}
	gaz := map[uint64]uint8{}
	if cfg.GazetteerDir != "" {
		var err error
		if gaz, err = BuildGazetteer(cfg.GazetteerDir); err != nil {
			return ModelMeta{}, fmt.Errorf("entities: %w", err)
		}
	}
	logf("read %d training documents, %d dev documents, %d gazetteer entries", len(docs), len(dev), len(gaz))
	lex := lexicon{}
	var unlabelled []string
	if cfg.Unlabelled != "" {
		if cfg.Clusters <= 0 {
			cfg.Clusters = 256
		}
		c, used, err := readUnlabelled(cfg.Unlabelled, docs)
		if err != nil {
			return ModelMeta{}, fmt.Errorf("entities: %w", err)
		}
		unlabelled = used
		lex = buildLexicon(c, cfg.Clusters, 64, 3, 12)
		logf("lexicon: %d words (%d tokens of unlabelled text from %v + training words), %d clusters", len(lex), len(c.seq), used, cfg.Clusters)
	}
	gazOf := func(int) map[uint64]uint8 { return gaz }
	if cfg.TrainNames {
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
		gazOf = func(d int) map[uint64]uint8 { return foldGaz[d%folds] }
		addTrainingNames(gaz, docs)
		logf("gazetteer with training names: %d entries", len(gaz))
	}
	data := prepTrain(docs, gazOf, lex)

	// Feature index: features seen at least MinCount times with gold history.
	counts := map[uint32]int32{}
	var feats []uint32
	for _, doc := range data {
		mem := map[uint64]int8{}
		for _, s := range doc {
			p1, p2 := startTag, startTag
			for i := range s.words {
				feats = append(feats[:0], s.static[i]...)
				feats = dynFeatures(feats, &s.infos[i], p1, p2, int(mem[s.infos[i].form]), int(mem[lowerKey(&s.infos[i])]), nextLower(s.infos, i))
				for _, f := range feats {
					counts[f]++
				}
				g := s.gold[i]
				if g != tagO && s.infos[i].capital {
					mem[s.infos[i].form] = int8(tagType(g) + 1)
					mem[lowerKey(&s.infos[i])] = int8(tagType(g) + 1)
				}
				p2, p1 = p1, g
			}
		}
	}
	tr := &trainer{index: map[uint32]int32{}}
	for f, c := range counts {
		if int(c) >= cfg.MinCount {
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
	logf("%d features (of %d seen) with count >= %d", len(tr.keys), len(counts), cfg.MinCount)

	meta := ModelMeta{
		Name:       "conll-perceptron",
		TrainedOn:  strings.Join(names, "+"),
		Clusters:   cfg.Clusters,
		Unlabelled: strings.Join(unlabelled, "+"),
		Seed:       cfg.Seed,
		MinCount:   cfg.MinCount,
		Description: "averaged perceptron, BILOU, greedy decoding; CoNLL-2003 English (Reuters, research use) " +
			"with GeoNames gazetteer features (CC BY 4.0)",
	}
	var best map[uint32][]float32
	bestF := -1.0
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var scores [numTags]float32
	for ep := 1; ep <= cfg.Epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return ModelMeta{}, err
		}
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(ep)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs, total := 0, 0
		for _, d := range order {
			mem := map[uint64]int8{}
			for _, s := range data[d] {
				p1, p2 := startTag, startTag
				for i := range s.words {
					info := &s.infos[i]
					feats = append(feats[:0], s.static[i]...)
					feats = dynFeatures(feats, info, p1, p2, int(mem[info.form]), int(mem[lowerKey(info)]), nextLower(s.infos, i))
					tr.score(&scores, feats)
					pred := bestValidF(&scores, p1)
					g := s.gold[i]
					tr.step++
					if pred != g {
						tr.update(feats, g, 1)
						tr.update(feats, pred, -1)
						errs++
					}
					total++
					if pred != tagO && info.capital {
						mem[info.form] = int8(tagType(pred) + 1)
						mem[lowerKey(info)] = int8(tagType(pred) + 1)
					}
					p2, p1 = p1, pred
				}
			}
		}
		avg := tr.averaged()
		f := -1.0
		if len(dev) > 0 {
			m, err := modelFrom(meta, avg, gaz, lex)
			if err != nil {
				return ModelMeta{}, err
			}
			_, _, f = m.TagCoNLL(dev).PRF("")
		}
		logf("epoch %d: training token error %.4f, dev F1 %.4f", ep, float64(errs)/float64(max(total, 1)), f)
		if len(dev) == 0 || f > bestF {
			best, bestF, meta.Epochs = avg, f, ep
		}
	}
	meta.DevF1 = math.Round(bestF*10000) / 10000
	if err := encodeModel(w, meta, best, gaz, lex); err != nil {
		return ModelMeta{}, fmt.Errorf("entities: write model: %w", err)
	}
	meta.Features = len(best)
	meta.Gazetteer = len(gaz)
	meta.Lexicon = len(lex)
	return meta, nil
}

func modelFrom(meta ModelMeta, weights map[uint32][]float32, gaz map[uint64]uint8, lex lexicon) (*Model, error) {
	var b bytes.Buffer
	if err := encodeModel(&b, meta, weights, gaz, lex); err != nil {
		return nil, err
	}
	return decodeModel(b.Bytes())
}

func bestValidF(scores *[numTags]float32, prev int) int {
	best := -1
	var bestScore float32
	for t := 0; t < numTags; t++ {
		if prev != startTag && !validAfter(prev, t) || prev == startTag && !validAfter(tagO, t) {
			continue
		}
		if best < 0 || scores[t] > bestScore {
			best, bestScore = t, scores[t]
		}
	}
	return best
}
