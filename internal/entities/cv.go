package entities

import (
	"bytes"
	"context"
	"fmt"
	"maps"
)

// CVResult holds the entity counts of a cross-validation: Held is every
// document of the training files scored by the model of the fold that held
// it out; Extra has, per extra set, the counts of every fold's model summed.
type CVResult struct {
	Held *Counts
	// HeldCaps is Held with every held-out document in capitals.
	HeldCaps *Counts
	Folds    []*Counts
	Extra    map[string]*Counts
}

// CrossValidate splits cfg.Train into folds contiguous blocks
// (in file order, so that a block holds other days' news than the rest),
// trains on all blocks but one with cfg (no dev set: every seed runs
// cfg.Epochs epochs) and scores the block left out, and extra. The word
// clusters and the training-name gazetteer of each fold are learnt without
// its held-out block, as the final model's are without a test set.
func CrossValidate(ctx context.Context, cfg TrainConfig, folds int, extra map[string][]Doc) (*CVResult, error) {
	if folds < 2 {
		return nil, fmt.Errorf("entities: cross-validation needs at least 2 folds, not %d", folds)
	}
	docs, logf := cfg.setUp()
	if len(docs) < folds {
		return nil, fmt.Errorf("entities: cross-validate: %d documents for %d folds", len(docs), folds)
	}
	base := buildGazetteer(cfg.Places)
	res := &CVResult{Held: NewCounts(), HeldCaps: NewCounts(), Extra: map[string]*Counts{}}
	for name := range extra {
		res.Extra[name] = NewCounts()
	}
	for k := 0; k < folds; k++ {
		lo, hi := FoldBounds(len(docs), folds, k)
		train := append(append([]Doc(nil), docs[:lo]...), docs[hi:]...)
		held := docs[lo:hi]
		fcfg := cfg
		lex, _ := trainLexicon(&fcfg, train, logf)
		gaz := maps.Clone(base)
		gazOf := trainGazetteer(cfg.TrainNames, gaz, train)
		ctrain, cgazOf := withCapsCopies(train, gazOf, cfg.CapsShare)
		meta := ModelMeta{Name: "cv", Margin: cfg.Margin, Prune: cfg.Prune}
		w, _, _, err := trainDirection(ctx, &cfg, ctrain, cgazOf, nil, meta, gaz, lex, logf)
		if err != nil {
			return nil, err
		}
		var rev map[uint32][]float32
		if cfg.Bidirectional {
			rmeta := meta
			rmeta.Reverse = true
			if rev, _, _, err = trainDirection(ctx, &cfg, ctrain, cgazOf, nil, rmeta, gaz, lex, logf); err != nil {
				return nil, err
			}
		}
		m, err := modelFrom(meta, w, gaz, lex, rev)
		if err != nil {
			return nil, err
		}
		if cfg.FoldModel != nil {
			var buf bytes.Buffer
			if _, err := encodeModel(&buf, meta, w, gaz, lex, rev); err != nil {
				return nil, err
			}
			if err := cfg.FoldModel(k, buf.Bytes()); err != nil {
				return nil, err
			}
		}
		c := m.tagCoNLL(held, cfg.Errors)
		res.Folds = append(res.Folds, c)
		res.Held.Merge(c)
		res.HeldCaps.Merge(m.TagCoNLL(UpperDocs(held)))
		_, _, f := c.PRF("")
		logf("fold %d/%d: documents %d-%d held out, F1 %.4f", k+1, folds, lo, hi, f)
		for name, set := range extra {
			res.Extra[name].Merge(m.TagCoNLL(set))
		}
	}
	return res, nil
}

// FoldBounds returns the documents [lo, hi) that fold k of a
// cross-validation over n documents in folds contiguous blocks holds out:
// CrossValidate's blocks, which eval entities --cv-models must match.
func FoldBounds(n, folds, k int) (lo, hi int) {
	return k * n / folds, (k + 1) * n / folds
}

// Merge adds o's counts to c.
func (c *Counts) Merge(o *Counts) {
	c.Tokens += o.Tokens
	for _, m := range [][2]map[string]int{{c.Gold, o.Gold}, {c.Pred, o.Pred}, {c.Correct, o.Correct}, {c.Confused, o.Confused}} {
		for k, v := range m[1] {
			m[0][k] += v
		}
	}
	c.Boundary += o.Boundary
	c.Missed += o.Missed
}
