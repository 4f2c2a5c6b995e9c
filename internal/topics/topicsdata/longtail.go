package topicsdata

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docsift/docsift/internal/topics"
)

// Long-tailed multi-label sets: what custom training meets in a real
// taxonomy (Reuters-21578: 90 labels, the largest on 2,877 of 7,770
// documents, 14 on fewer than 3). Both are deterministic for a seed, and
// eval topics --longtail writes them out for scikit-learn.

// zipfCount is the number of training examples of the label of rank r (from
// 1) in a long tail: largest/r^s, at least 1.
func zipfCount(largest float64, r int, s float64) int {
	return max(1, int(largest/math.Pow(float64(r), s)))
}

// LongTailHuffPost builds a long-tailed multi-label set from HuffPost
// headlines: the 41 categories, ranked by a seeded shuffle, keep
// 650/rank^1.8 training headlines (650 down to 1; 22 categories with fewer
// than 3), and a third as many test headlines (at least 1), drawn apart.
// Each headline is labelled with its category and the IPTC Media Topic its
// category maps to (IPTCMapping), so labels overlap as a taxonomy's do.
func LongTailHuffPost(dataDir string) (train, test []topics.Example, err error) {
	hp, err := LoadHuffPost(filepath.Join(dataDir, "topics", "huffpost"))
	if err != nil {
		return nil, nil, err
	}
	sizes := func(r int) (int, int) {
		ntr := zipfCount(650, r+1, 1.8)
		return ntr, max(1, (ntr+1)/3)
	}
	relabel := func(c string, e topics.Example) topics.Example {
		return topics.Example{Text: e.Text, Labels: append([]string{c}, IPTCMapping["huffpost"][c]...)}
	}
	return longTail("huffpost", hp, 0x6c6f6e67, sizes, relabel)
}

// longTail ranks the categories (first labels) of ex by a seeded shuffle
// and draws, for the category of rank r (from 0), sizes(r) training and
// test examples apart, relabelled by relabel.
func longTail(set string, ex []topics.Example, salt uint64, sizes func(r int) (ntr, nte int), relabel func(cat string, e topics.Example) topics.Example) (train, test []topics.Example, err error) {
	byCat := map[string][]topics.Example{}
	var cats []string
	for _, e := range ex {
		c := e.Labels[0]
		if byCat[c] == nil {
			cats = append(cats, c)
		}
		byCat[c] = append(byCat[c], e)
	}
	slices.Sort(cats)
	rng := rand.New(rand.NewPCG(QualitySeed, salt))
	rng.Shuffle(len(cats), func(i, j int) { cats[i], cats[j] = cats[j], cats[i] })
	for r, c := range cats {
		ex := byCat[c]
		perm := rng.Perm(len(ex))
		ntr, nte := sizes(r)
		if ntr+nte > len(ex) {
			return nil, nil, fmt.Errorf("topics: %s %s: %d examples, want %d", set, c, len(ex), ntr+nte)
		}
		for k, p := range perm[:ntr+nte] {
			if k < ntr {
				train = append(train, relabel(c, ex[p]))
			} else {
				test = append(test, relabel(c, ex[p]))
			}
		}
	}
	return train, test, nil
}

// Synthetic generates a long-tailed multi-label set of nLabels labels:
// label r (from 1) is the first label of 1200/r^1.8 training documents (at
// least 1: the tail has dozens of labels with one or two), and of a third
// as many test documents; a quarter of the documents also carry the label
// their first label most often goes with (one of the five largest), as
// commodity labels go with "trade" or "grain" in Reuters. Texts are 40 to
// 160 words: most from a shared vocabulary with Zipf frequencies, the rest
// from each label's own words, some of which it shares with a neighbouring
// label, and a few from a random other label (noise).
func Synthetic(nLabels int, seed uint64) (train, test []topics.Example) {
	rng := rand.New(rand.NewPCG(seed, 0x73796e74))
	syll := []string{"ka", "lo", "mi", "ne", "ru", "ta", "po", "se", "vi", "do", "gu", "fa", "ze", "bo", "chi", "la", "or", "en", "is", "an"}
	word := func() string {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		return b.String()
	}
	common := make([]string, 2000)
	for i := range common {
		common[i] = word()
	}
	zipfCommon := rand.NewZipf(rand.New(rand.NewPCG(seed, 1)), 1.1, 1, uint64(len(common)-1))
	own := make([][]string, nLabels)
	for l := range own {
		for range 10 {
			own[l] = append(own[l], word()+"x")
		}
	}
	// Neighbouring labels share three words: confusable pairs.
	for l := 1; l < nLabels; l += 2 {
		copy(own[l][7:], own[l-1][:3])
	}
	name := func(l int) string { return fmt.Sprintf("label%02d", l+1) }
	partner := func(l int) int { return l % 5 }
	doc := func(first int) topics.Example {
		labels := []int{first}
		if rng.Float64() < 0.25 && partner(first) != first {
			labels = append(labels, partner(first))
		}
		n := 40 + rng.IntN(121)
		words := make([]string, 0, n)
		for range n {
			switch u := rng.Float64(); {
			case u < 0.80:
				words = append(words, common[zipfCommon.Uint64()])
			case u < 0.97:
				l := labels[rng.IntN(len(labels))]
				words = append(words, own[l][rng.IntN(len(own[l]))])
			default:
				l := rng.IntN(nLabels)
				words = append(words, own[l][rng.IntN(len(own[l]))])
			}
		}
		e := topics.Example{Text: strings.Join(words, " ")}
		for _, l := range labels {
			e.Labels = append(e.Labels, name(l))
		}
		return e
	}
	for l := range nLabels {
		ntr := zipfCount(1200, l+1, 1.8)
		for range ntr {
			train = append(train, doc(l))
		}
		for range max(1, (ntr+1)/3) {
			test = append(test, doc(l))
		}
	}
	// Interleave, as a corpus is not sorted by label.
	rng.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	rng.Shuffle(len(test), func(i, j int) { test[i], test[j] = test[j], test[i] })
	return train, test
}

// LongTailBBC builds a long-tailed set from the BBC News articles: the five
// categories, ranked by a seeded shuffle, keep 300, 40, 8, 2 and 1 training
// articles, and 100 test articles each, drawn apart.
func LongTailBBC(dataDir string) (train, test []topics.Example, err error) {
	bbc, err := LoadBBC(filepath.Join(dataDir, "topics", "bbc"))
	if err != nil {
		return nil, nil, err
	}
	counts := []int{300, 40, 8, 2, 1}
	sizes := func(r int) (int, int) {
		if r >= len(counts) {
			return 0, 0
		}
		return counts[r], 100
	}
	keep := func(_ string, e topics.Example) topics.Example { return e }
	return longTail("bbc", bbc, 0x6262636c74, sizes, keep)
}

// SyntheticLabels is the number of labels of the synthetic long-tailed
// benchmark.
const SyntheticLabels = 60

// LongTailBenchmarks returns the long-tailed multi-label benchmarks: the
// synthetic set and, with dataDir set, the HuffPost and BBC long tails.
func LongTailBenchmarks(dataDir string) ([]Benchmark, error) {
	tr, te := Synthetic(SyntheticLabels, QualitySeed)
	bs := []Benchmark{{Name: "synthetic-longtail", Folds: [][2][]topics.Example{{tr, te}}}}
	if dataDir == "" {
		return bs, nil
	}
	tr, te, err := LongTailHuffPost(dataDir)
	if err != nil {
		return nil, err
	}
	bs = append(bs, Benchmark{Name: "huffpost-longtail", Folds: [][2][]topics.Example{{tr, te}}})
	if tr, te, err = LongTailBBC(dataDir); err != nil {
		return nil, err
	}
	return append(bs, Benchmark{Name: "bbc-longtail", Folds: [][2][]topics.Example{{tr, te}}}), nil
}

// MultiLabelResult is a multi-label benchmark's figures: micro and macro F1
// over thresholded predictions (macro over every label with test
// documents, a label the model lacks counting 0), and what training did
// with the labels.
type MultiLabelResult struct {
	Name    string  `json:"name"`
	N       int     `json:"documents"`
	Labels  int     `json:"labels"`
	MicroF1 float64 `json:"micro_f1"`
	MacroF1 float64 `json:"macro_f1"`
	Trained int     `json:"trained"`
	Few     int     `json:"few_examples"`
	Skipped int     `json:"skipped"`
	C       float64 `json:"c"`
}

// RunMultiLabel trains on the benchmark's single fold with cfg and scores
// the test documents.
func (b Benchmark) RunMultiLabel(ctx context.Context, cfg topics.TrainConfig) (MultiLabelResult, *topics.TrainReport, error) {
	res := MultiLabelResult{Name: b.Name}
	if len(b.Folds) != 1 {
		return res, nil, fmt.Errorf("%s: %d folds, want 1", b.Name, len(b.Folds))
	}
	cfg.Name = b.Name
	m, trep, err := topics.TrainWithReport(ctx, b.Folds[0][0], cfg)
	if err != nil {
		return res, trep, fmt.Errorf("%s: %w", b.Name, err)
	}
	rep, err := topics.Evaluate(ctx, m, b.Folds[0][1])
	if err != nil {
		return res, trep, fmt.Errorf("%s: %w", b.Name, err)
	}
	res.N, res.MicroF1 = rep.N, rep.MicroF1
	var sum float64
	n := 0
	for _, l := range rep.Labels {
		if l.Support > 0 {
			sum += l.F1
			n++
		}
	}
	n += len(rep.UnknownLabels)
	res.Labels, res.MacroF1 = n, sum/float64(max(n, 1))
	res.Trained, res.Few, res.Skipped = trep.Count(topics.LabelTrained), trep.Count(topics.LabelFewExamples), trep.Count(topics.LabelSkipped)
	res.C = trep.C
	return res, trep, nil
}
