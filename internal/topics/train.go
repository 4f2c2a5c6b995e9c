package topics

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Example is one training or evaluation document.
type Example struct {
	Text string
	// Labels are the IDs of every label that applies.
	Labels []string
	// Known lists the label IDs whose presence or absence is known for this
	// example; nil means all of the model's labels. Datasets that cover only
	// some labels (BBC has no "crime") set it, so that their documents are not
	// taken as negatives for labels they never annotated.
	Known []string
	// Weight scales the example's loss in training (its share of the SVM's
	// C); 0 means 1. Out-of-domain data added to a small in-domain set
	// trains best with a weight below 1.
	Weight float64
}

// LabelDef names one label of a model.
type LabelDef struct {
	ID, Name string
}

// TrainConfig configures Train. Zero values take the defaults.
type TrainConfig struct {
	// Name is the model's name ("iptc"); required.
	Name string
	// Release is a version tag ("2026.11.27"), part of the model's Version.
	Release     string
	Description string
	// Languages are BCP-47 codes; nil means any.
	Languages []string
	// Labels fixes the label order and names; nil means the sorted label IDs
	// found in the examples, named by their IDs.
	Labels []LabelDef
	// Features is the feature set: featBigrams|featPrefix by default.
	Features uint8
	// Bits is log2 of the number of hash buckets; 0 picks the largest up to
	// 20 that keeps the file under sizeBudget (fewer collisions, better
	// accuracy: 20 bits instead of 18 gain about 0.3 points on AG News).
	Bits uint
	// C is the SVM's inverse regularisation (default 1).
	C float64
	// MaxEpochs bounds the coordinate-descent passes (default 60).
	MaxEpochs int
	// Folds is the number of folds whose out-of-fold scores calibrate each
	// label and measure its precision and recall (default 3, at least 2).
	Folds int
	// Seed makes training deterministic (the same examples, config and seed
	// give the same bytes).
	Seed uint64
	// Workers bounds parallel label training (default GOMAXPROCS); it does not
	// change the result.
	Workers int
}

func (c *TrainConfig) defaults() {
	if c.Features == 0 {
		c.Features = featBigrams | featPrefix
	}
	if c.C == 0 {
		c.C = 1
	}
	if c.MaxEpochs == 0 {
		c.MaxEpochs = 60
	}
	if c.Folds == 0 {
		c.Folds = 3
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
}

// sizeBudget bounds the model file that autoBits aims for (the limit is
// 10 MB).
const sizeBudget = 9_500_000

// autoBits returns the largest bucket count, 16 to 20 bits, whose weights
// (one byte per label) and IDF table (two bytes) fit sizeBudget.
func autoBits(labels int) uint {
	bits := uint(20)
	for bits > 16 && (labels+2)<<bits > sizeBudget {
		bits--
	}
	return bits
}

// ErrNoData marks a training set that cannot train a model.
var ErrNoData = errors.New("topics: not enough training data")

// csr is a sparse matrix of L2-normalised TF-IDF rows.
type csr struct {
	ptr []int
	idx []uint32
	val []float32
}

func (x *csr) row(i int) ([]uint32, []float32) {
	return x.idx[x.ptr[i]:x.ptr[i+1]], x.val[x.ptr[i]:x.ptr[i+1]]
}

// Train trains a model on examples.
func Train(ctx context.Context, examples []Example, cfg TrainConfig) (*Model, error) {
	cfg.defaults()
	if cfg.Name == "" {
		return nil, errors.New("topics: train: model name required")
	}
	if cfg.Bits != 0 && (cfg.Bits < minBits || cfg.Bits > maxBits) {
		return nil, fmt.Errorf("topics: train: bits %d outside [%d, %d]", cfg.Bits, minBits, maxBits)
	}
	if cfg.Folds < 2 {
		return nil, errors.New("topics: train: at least 2 calibration folds required")
	}
	labels := cfg.Labels
	if labels == nil {
		seen := map[string]bool{}
		for _, e := range examples {
			for _, l := range e.Labels {
				if !seen[l] {
					seen[l] = true
					labels = append(labels, LabelDef{ID: l, Name: l})
				}
			}
		}
		slices.SortFunc(labels, func(a, b LabelDef) int { return compareStrings(a.ID, b.ID) })
	}
	if len(labels) == 0 {
		return nil, fmt.Errorf("%w: no labels", ErrNoData)
	}
	if len(labels) > maxLabels {
		return nil, fmt.Errorf("topics: train: %d labels, at most %d", len(labels), maxLabels)
	}
	if cfg.Bits == 0 {
		cfg.Bits = autoBits(len(labels))
	}
	pos := map[string]int{}
	for i, l := range labels {
		if _, dup := pos[l.ID]; dup {
			return nil, fmt.Errorf("topics: train: duplicate label %q", l.ID)
		}
		pos[l.ID] = i
	}

	// Featurize, count document frequencies, weight by IDF.
	nb := 1 << cfg.Bits
	x := featurize(examples, cfg.Bits, cfg.Features, cfg.Workers)
	df := make([]int32, nb)
	for _, b := range x.idx {
		df[b]++
	}
	n := float64(len(examples))
	idf := make([]float32, nb)
	for b, d := range df {
		// sklearn's smooth IDF; unseen buckets keep 0 so they cost nothing.
		if d > 0 {
			idf[b] = float32(math.Log((1+n)/(1+float64(d))) + 1)
		}
	}
	// Quantise the IDF as the file will, so training sees what serving sees.
	var maxIDF float32
	for _, v := range idf {
		maxIDF = max(maxIDF, v)
	}
	for b, v := range idf {
		if maxIDF > 0 {
			idf[b] = float32(math.Round(float64(v)/float64(maxIDF)*65535) / 65535 * float64(maxIDF))
		}
	}
	for i := range examples {
		idx, val := x.row(i)
		var norm float64
		for j, b := range idx {
			val[j] *= idf[b]
			norm += float64(val[j]) * float64(val[j])
		}
		if norm > 0 {
			inv := float32(1 / math.Sqrt(norm))
			for j := range val {
				val[j] *= inv
			}
		}
	}

	// Per label: which examples are known, and their targets.
	known := make([][]int, len(labels))
	target := make([][]bool, len(labels))
	for i, e := range examples {
		has := make([]bool, len(labels))
		for _, l := range e.Labels {
			j, ok := pos[l]
			if !ok {
				return nil, fmt.Errorf("topics: train: example %d has label %q not in the model's labels", i, l)
			}
			has[j] = true
		}
		add := func(j int) {
			known[j] = append(known[j], i)
			target[j] = append(target[j], has[j])
		}
		if e.Known == nil {
			for j := range labels {
				add(j)
			}
			continue
		}
		for _, l := range e.Known {
			if j, ok := pos[l]; ok {
				add(j)
			}
		}
	}
	// Per-example weights; nil when all are 1 (the common case).
	var weight []float64
	for i, e := range examples {
		if e.Weight < 0 || math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
			return nil, fmt.Errorf("topics: train: example %d has weight %v, want a finite number >= 0", i, e.Weight)
		}
		if e.Weight != 0 && e.Weight != 1 && weight == nil {
			weight = make([]float64, len(examples))
			for k, e := range examples {
				weight[k] = cmp.Or(e.Weight, 1)
			}
		}
	}
	// Fold of each example: a seeded permutation, shared by all labels.
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x70706963))
	fold := make([]int, len(examples))
	for r, i := range rng.Perm(len(examples)) {
		fold[i] = r % cfg.Folds
	}

	params := make([]labelParams, len(labels))
	weights := make([][]float64, len(labels))
	errs := make([]error, len(labels))
	sem := make(chan struct{}, cfg.Workers)
	var wg sync.WaitGroup
	for j := range labels {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[j] = err
				return
			}
			params[j], weights[j], errs[j] = trainLabel(ctx, &x, weight, known[j], target[j], fold, cfg, uint64(j))
			params[j].ID, params[j].Name = labels[j].ID, labels[j].Name
		}()
	}
	wg.Wait()
	for j, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("topics: train label %q: %w", labels[j].ID, err)
		}
	}

	m := &Model{
		name: cfg.Name, release: cfg.Release, description: cfg.Description,
		languages: slices.Clone(cfg.Languages), bits: cfg.Bits, feats: cfg.Features, labels: params, idf: idf,
		weights: make([]int8, nb*len(labels)),
	}
	for j := range labels {
		var maxW float64
		for _, w := range weights[j] {
			maxW = max(maxW, math.Abs(w))
		}
		scale := maxW / 127
		if scale == 0 {
			scale = 1
		}
		m.labels[j].Scale = scale
		for b, w := range weights[j] {
			m.weights[b*len(labels)+j] = int8(math.Round(w / scale))
		}
	}
	// Round-trip so the returned model is exactly what a file holds.
	return Decode(m.Encode())
}

// featurize turns examples into sublinear-TF rows (not yet IDF-weighted).
func featurize(examples []Example, bits uint, feats uint8, workers int) csr {
	type rowData struct {
		idx []uint32
		val []float32
	}
	rows := make([]rowData, len(examples))
	var wg sync.WaitGroup
	chunk := (len(examples) + workers - 1) / max(workers, 1)
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(examples))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := new(scratch)
			for i := lo; i < hi; i++ {
				s.extract(examples[i].Text, bits, feats)
				s.vectorize(nil)
				// Sorted rows read the weight vector in order: faster training.
				ord := make([]int, len(s.idx))
				for k := range ord {
					ord[k] = k
				}
				slices.SortFunc(ord, func(a, b int) int { return int(s.idx[a]) - int(s.idx[b]) })
				r := rowData{make([]uint32, len(ord)), make([]float32, len(ord))}
				for k, o := range ord {
					r.idx[k], r.val[k] = s.idx[o], s.val[o]
				}
				rows[i] = r
			}
		}()
	}
	wg.Wait()
	var x csr
	x.ptr = make([]int, 1, len(examples)+1)
	for _, r := range rows {
		x.idx = append(x.idx, r.idx...)
		x.val = append(x.val, r.val...)
		x.ptr = append(x.ptr, len(x.idx))
	}
	return x
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
