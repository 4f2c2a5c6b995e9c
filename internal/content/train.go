package content

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Line labels for training.
const (
	LabelUnknown     = -1 // not trained on
	LabelBoilerplate = 0
	LabelContent     = 1
)

// LabelledText is a training text whose lines are labelled by Label.
type LabelledText struct {
	// Group names the page the text comes from: texts of one group stay in
	// one cross-validation fold.
	Group string
	Text  string
	// Label returns LabelContent, LabelBoilerplate or LabelUnknown for one
	// line of Text (trimmed of surrounding blanks).
	Label func(line string) int
}

// TrainConfig tunes TrainLineModel. The zero value is not valid; start from
// DefaultTrainConfig.
type TrainConfig struct {
	// Kind is the model's kind: "text" for plain text, "html" for the lines
	// go-trafilatura returns.
	Kind     string
	HashBits uint32
	Epochs   int
	// LearningRate is AdaGrad's step; L2 the per-step weight decay.
	LearningRate, L2 float64
	// Seed fixes the shuffling: same data and seed give the same model.
	Seed uint64
	// WordWeighted weighs each line by the square root of its word count, so
	// that the loss follows the word-level metric more closely.
	WordWeighted bool
	// Threshold, when in (0,1), is the keep threshold; otherwise it is tuned
	// to maximise the weighted F1 of the training lines.
	Threshold float64
}

// DefaultTrainConfig returns the configuration the shipped models use.
func DefaultTrainConfig(kind string) TrainConfig {
	c := TrainConfig{Kind: kind, HashBits: 16, Epochs: 10, LearningRate: 0.2, L2: 1e-7, Seed: 1, WordWeighted: kind == KindText}
	if kind == KindHTML {
		// The html filter only removes short lines (htmlFilterMaxWords), and
		// only those the model is fairly sure of: a threshold tuned on the
		// training lines (0.71) over-removes on held-out pages, and 0.4 has
		// the best shingle F1 averaged over both page sets when the filter
		// is cross-validated (0.2 to 0.5 tried; `docsift-models eval content
		// --thresholds`), with the least precision given up of the two best.
		c.Threshold = 0.4
	}
	return c
}

// Model kinds.
const (
	KindText = "text"
	KindHTML = "html"
	// KindTextContext is the text classifier's second stage.
	KindTextContext = "textctx"
)

type example struct {
	fs     []feat
	y      float64
	weight float64
}

// TrainLineModel trains a line classifier on docs and returns the encoded
// model (the bytes of model/<kind>.bin). Training is deterministic.
func TrainLineModel(ctx context.Context, docs []LabelledText, cfg TrainConfig) ([]byte, error) {
	m, _, err := trainStage1(ctx, docs, cfg)
	if err != nil {
		return nil, err
	}
	return m.MarshalBinary()
}

// labelledDoc is a training text cut into lines, with their labels.
type labelledDoc struct {
	group  string
	text   string
	lines  []line
	labels []int
	weight []float64
}

func prepare(docs []LabelledText, cfg TrainConfig) []labelledDoc {
	out := make([]labelledDoc, len(docs))
	for k, d := range docs {
		ld := labelledDoc{group: d.Group, text: d.Text, lines: splitLines(d.Text)}
		for _, l := range ld.lines {
			s := d.Text[l.span.Begin:l.span.End]
			ld.labels = append(ld.labels, d.Label(s))
			w := 1.0
			if cfg.WordWeighted {
				w = math.Sqrt(float64(computeStats(s, nil).words) + 1)
			}
			ld.weight = append(ld.weight, w)
		}
		out[k] = ld
	}
	return out
}

func trainStage1(ctx context.Context, docs []LabelledText, cfg TrainConfig) (*lineModel, []labelledDoc, error) {
	if cfg.HashBits == 0 || cfg.HashBits > maxHashBits || cfg.Epochs <= 0 || cfg.LearningRate <= 0 {
		return nil, nil, fmt.Errorf("content: invalid training config %+v", cfg)
	}
	lds := prepare(docs, cfg)
	m, err := fitStage1(ctx, lds, cfg)
	return m, lds, err
}

func fitStage1(ctx context.Context, lds []labelledDoc, cfg TrainConfig) (*lineModel, error) {
	m := newLineModel(cfg.Kind, cfg.HashBits)
	var exs []example
	for _, d := range lds {
		df := newDocFeatures(d.text, d.lines, m.mask)
		for i := range d.lines {
			if d.labels[i] == LabelUnknown {
				continue
			}
			exs = append(exs, example{fs: df.features(i, nil), y: float64(d.labels[i]), weight: d.weight[i]})
		}
	}
	if err := fit(ctx, m, exs, cfg); err != nil {
		return nil, err
	}
	return m, nil
}

// TrainTextModels trains the two stages of the text classifier: the line
// model (text.bin) and the context model (textctx.bin) that rescores each
// line from the line model's scores of its neighbours. The context model
// learns from out-of-fold line scores (two folds by hash of Group), so it
// sees scores as confident as on unseen text.
func TrainTextModels(ctx context.Context, docs []LabelledText, cfg TrainConfig) (line, context_ []byte, err error) {
	m, lds, err := trainStage1(ctx, docs, cfg)
	if err != nil {
		return nil, nil, err
	}
	var folds [2][]labelledDoc
	for _, d := range lds {
		f := fnvString(d.group) & 1
		folds[f] = append(folds[f], d)
	}
	cm := newLineModel(KindTextContext, contextHashBits)
	var exs []example
	for f := range folds {
		mf, err := fitStage1(ctx, folds[f], cfg)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range folds[1-f] {
			scores := lineScores(mf, d.text, d.lines)
			cf := newContextFeatures(scores, d.lines)
			for i := range d.lines {
				if d.labels[i] == LabelUnknown {
					continue
				}
				exs = append(exs, example{fs: cf.features(i, cm.mask, nil), y: float64(d.labels[i]), weight: d.weight[i]})
			}
		}
	}
	ccfg := cfg
	ccfg.Kind, ccfg.HashBits = KindTextContext, contextHashBits
	if err := fit(ctx, cm, exs, ccfg); err != nil {
		return nil, nil, err
	}
	if line, err = m.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	if context_, err = cm.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	return line, context_, nil
}

// fit runs AdaGrad logistic regression over exs and sets the threshold.
func fit(ctx context.Context, m *lineModel, exs []example, cfg TrainConfig) error {
	if len(exs) == 0 {
		return fmt.Errorf("content: train: no labelled lines")
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed))
	g2 := make([]float64, len(m.w))
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	for ep := 0; ep < cfg.Epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("content: train: %w", err)
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			e := &exs[k]
			p := m.score(e.fs)
			g := (p - e.y) * e.weight
			for _, f := range e.fs {
				gi := g*float64(f.val) + cfg.L2*float64(m.w[f.idx])
				g2[f.idx] += gi * gi
				m.w[f.idx] -= float32(cfg.LearningRate * gi / math.Sqrt(g2[f.idx]+1e-8))
			}
		}
	}
	if cfg.Threshold > 0 && cfg.Threshold < 1 {
		m.threshold = cfg.Threshold
	} else {
		m.threshold = tuneThreshold(m, exs)
	}
	return nil
}

// tuneThreshold picks the keep threshold that maximises the weighted F1 of
// the content class on the training lines.
func tuneThreshold(m *lineModel, exs []example) float64 {
	type sw struct{ s, y, w float64 }
	xs := make([]sw, len(exs))
	var pos float64
	for i, e := range exs {
		xs[i] = sw{m.score(e.fs), e.y, e.weight}
		pos += e.y * e.weight
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i].s > xs[j].s })
	best, bestF := 0.5, -1.0
	var tp, fp float64
	for i, x := range xs {
		if x.y > 0 {
			tp += x.w
		} else {
			fp += x.w
		}
		if i+1 < len(xs) && xs[i+1].s == x.s {
			continue
		}
		f := 2 * tp / (tp + fp + pos)
		if f > bestF {
			// Keep lines scoring at least halfway to the next lower score.
			th := x.s
			if i+1 < len(xs) {
				th = (x.s + xs[i+1].s) / 2
			}
			best, bestF = th, f
		}
	}
	return math.Round(best*1e4) / 1e4
}
