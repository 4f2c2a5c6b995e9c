package topics

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
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
	// C is the SVM's inverse regularisation; 0 chooses it from CGrid by
	// cross-validation inside the training data (see TrainReport).
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
	// MinThreshold is the floor under the labels' own thresholds (each
	// maximises the label's out-of-fold F1); 0 chooses it by
	// cross-validation with C (see chooseC), a value in (0, 1) fixes it.
	MinThreshold float64
	// Progress, when set, receives a line at each tenth of the training
	// work (cmd/docsift-models passes stderr): large inputs take minutes.
	Progress io.Writer
}

// CGrid are the values of C that cross-validation chooses from when
// TrainConfig.C is 0: powers of 2 around liblinear's default of 1.
var CGrid = []float64{0.25, 0.5, 1, 2, 4}

// MinCalibrated is the fewest positive (and negative) examples a label
// needs for its own calibration and threshold: 3-fold out-of-fold scores of
// fewer positives cannot place a threshold (with one positive there is no
// positive to learn from when it is held out). Labels with fewer share one
// rule (see chooseC). 3 is the trainer's minimum from before it handled
// rare labels; 5 and 10 were not clearly better on the long-tailed
// benchmarks (see the model card).
const MinCalibrated = 3

func (c *TrainConfig) defaults() {
	if c.Features == 0 {
		c.Features = featBigrams | featPrefix
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

// ErrNoData marks a training set that cannot train a model: no example has
// a word and a label, or no label has both a positive and a negative
// example.
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

// Train trains a model on examples; TrainWithReport also says what it did
// with each label.
func Train(ctx context.Context, examples []Example, cfg TrainConfig) (*Model, error) {
	m, _, err := TrainWithReport(ctx, examples, cfg)
	return m, err
}

// TrainWithReport trains a model on examples and reports, per label, what
// training did: trained with its own cross-validated calibration and
// threshold; trained on few examples under the shared rare-label rule; or
// skipped, and why. It trains every label it can: only a training set in
// which no label can be trained is an error (ErrNoData). Examples without a
// word are left out, and so are labels without a positive or a negative
// example (both reported). With TrainConfig.C 0 the regularisation is
// chosen by cross-validation.
func TrainWithReport(ctx context.Context, examples []Example, cfg TrainConfig) (*Model, *TrainReport, error) {
	cfg.defaults()
	if cfg.Name == "" {
		return nil, nil, errors.New("topics: train: model name required")
	}
	if cfg.Bits != 0 && (cfg.Bits < minBits || cfg.Bits > maxBits) {
		return nil, nil, fmt.Errorf("topics: train: bits %d outside [%d, %d]", cfg.Bits, minBits, maxBits)
	}
	if cfg.Folds < 2 {
		return nil, nil, errors.New("topics: train: at least 2 calibration folds required")
	}
	if cfg.C < 0 || math.IsNaN(cfg.C) || math.IsInf(cfg.C, 0) {
		return nil, nil, fmt.Errorf("topics: train: C %v, want a finite number > 0 (0 chooses it)", cfg.C)
	}
	if cfg.MinThreshold < 0 || cfg.MinThreshold >= 1 || math.IsNaN(cfg.MinThreshold) {
		return nil, nil, fmt.Errorf("topics: train: threshold floor %v outside [0, 1)", cfg.MinThreshold)
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
		return nil, nil, fmt.Errorf("%w: no example has a label", ErrNoData)
	}
	pos := map[string]int{}
	for i, l := range labels {
		if _, dup := pos[l.ID]; dup {
			return nil, nil, fmt.Errorf("topics: train: duplicate label %q", l.ID)
		}
		if l.ID == "" {
			return nil, nil, errors.New("topics: train: empty label id")
		}
		pos[l.ID] = i
	}
	for i, e := range examples {
		for _, l := range e.Labels {
			if _, ok := pos[l]; !ok {
				return nil, nil, fmt.Errorf("topics: train: example %d has label %q not in the model's labels", i, l)
			}
		}
		if e.Weight < 0 || math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
			return nil, nil, fmt.Errorf("topics: train: example %d has weight %v, want a finite number >= 0", i, e.Weight)
		}
	}
	rep := &TrainReport{Model: cfg.Name, Examples: len(examples), Folds: cfg.Folds}
	rep.Duplicates, rep.ConflictingDuplicates = duplicates(examples)

	// Featurize; examples without a feature (no word) teach nothing and are
	// left out, before the IDF counts them.
	firstBits := maxBits0(cfg)
	x := featurize(examples, firstBits, cfg.Features, cfg.Workers)
	if empty := countEmpty(&x); empty > 0 {
		rep.Empty = empty
		kept := make([]Example, 0, len(examples)-empty)
		for i := range examples {
			if x.ptr[i+1] > x.ptr[i] {
				kept = append(kept, examples[i])
			}
		}
		examples = kept
	}
	rep.Used = len(examples)
	if len(examples) == 0 {
		return nil, rep, fmt.Errorf("%w: none of the %d examples has a word", ErrNoData, rep.Examples)
	}

	// Per label: which examples are known, and their targets.
	known := make([][]int, len(labels))
	target := make([][]bool, len(labels))
	has := make([]bool, len(labels))
	for i, e := range examples {
		clear(has)
		for _, l := range e.Labels {
			has[pos[l]] = true
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
	rep.Labels = make([]LabelReport, len(labels))
	for j, l := range labels {
		lr := &rep.Labels[j]
		lr.ID, lr.Name = l.ID, l.Name
		for _, t := range target[j] {
			if t {
				lr.Positives++
			} else {
				lr.Negatives++
			}
		}
		switch {
		case lr.Positives == 0:
			lr.Status, lr.Reason = LabelSkipped, "no positive example (with a word)"
		case lr.Negatives == 0:
			lr.Status, lr.Reason = LabelSkipped, "on every example it is known for: no negative to tell it from"
		case lr.Positives < MinCalibrated:
			lr.Status, lr.Rule = LabelFewExamples, RuleRare
		case lr.Negatives < MinCalibrated:
			lr.Status, lr.Rule = LabelFewExamples, RuleMargin
		default:
			lr.Status, lr.Rule = LabelTrained, RuleOwn
		}
	}
	// Over the file format's label limit: keep the labels with the most
	// positives.
	var trainable []int
	for j := range labels {
		if rep.Labels[j].Status != LabelSkipped {
			trainable = append(trainable, j)
		}
	}
	if len(trainable) > maxLabels {
		byPos := slices.Clone(trainable)
		slices.SortStableFunc(byPos, func(a, b int) int { return rep.Labels[b].Positives - rep.Labels[a].Positives })
		for _, j := range byPos[maxLabels:] {
			rep.Labels[j].Status, rep.Labels[j].Rule = LabelSkipped, ""
			rep.Labels[j].Reason = fmt.Sprintf("over the %d-label limit of a model file; the labels with the most positives are kept", maxLabels)
		}
		trainable = slices.DeleteFunc(trainable, func(j int) bool { return rep.Labels[j].Status == LabelSkipped })
	}
	if len(trainable) == 0 {
		var why []string
		for _, l := range rep.Labels[:min(len(rep.Labels), 3)] {
			why = append(why, fmt.Sprintf("%q: %s", l.ID, l.Reason))
		}
		if len(rep.Labels) > 3 {
			why = append(why, "...")
		}
		return nil, rep, fmt.Errorf("%w: no label has both a positive and a negative example among the %d examples with words (%s); add examples without the label",
			ErrNoData, rep.Used, strings.Join(why, "; "))
	}
	if cfg.Bits == 0 {
		cfg.Bits = autoBits(len(trainable))
	}
	if cfg.Bits != firstBits || rep.Empty > 0 {
		x = featurize(examples, cfg.Bits, cfg.Features, cfg.Workers)
	}

	// Document frequencies, IDF weights.
	nb := 1 << cfg.Bits
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
	// Per-example weights; nil when all are 1 (the common case).
	var weight []float64
	for _, e := range examples {
		if e.Weight != 0 && e.Weight != 1 {
			weight = make([]float64, len(examples))
			for k, e := range examples {
				weight[k] = cmp.Or(e.Weight, 1)
			}
			break
		}
	}
	// Fold of each example: a seeded permutation, shared by all labels.
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x70706963))
	fold := make([]int, len(examples))
	for r, i := range rng.Perm(len(examples)) {
		fold[i] = r % cfg.Folds
	}

	cs := []float64{cfg.C}
	if cfg.C == 0 {
		cs = CGrid
	}
	prog := newProgress(cfg.Progress, len(trainable)*(len(cs)*cfg.Folds+1))
	// Out-of-fold scores of every trainable label under every C.
	cv := make([][]labelCV, len(labels))
	if err := forEach(ctx, trainable, cfg.Workers, func(j int) error {
		var err error
		cv[j], err = crossValidate(ctx, &x, weight, known[j], target[j], fold, cfg, cs, rep.Labels[j].Rule, uint64(j), prog)
		return err
	}); err != nil {
		return nil, rep, err
	}
	ci, rule := chooseC(cv, trainable, rep.Labels, cs, cfg.MinThreshold, rep)
	c := cs[ci]
	rep.C = c

	// Final weights, trained on every known example of each label.
	nl := len(trainable)
	m := &Model{
		name: cfg.Name, release: cfg.Release, description: cfg.Description,
		languages: slices.Clone(cfg.Languages), bits: cfg.Bits, feats: cfg.Features,
		labels: make([]labelParams, nl), idf: idf, weights: make([]int8, nb*nl),
	}
	col := make([]int, len(labels))
	for k, j := range trainable {
		col[j] = k
	}
	if err := forEach(ctx, trainable, cfg.Workers, func(j int) error {
		k := col[j]
		w := make([]float64, nb)
		p := &m.labels[k]
		p.ID, p.Name = labels[j].ID, labels[j].Name
		p.Bias = svmDual(&x, weight, known[j], target[j], w, c, cfg.MaxEpochs, cfg.Seed^uint64(j)<<8, nil)
		lc := cv[j][ci]
		lr := &rep.Labels[j]
		switch lr.Rule {
		case RuleOwn:
			cnt := lc.own(rule.floor)
			p.PlattA, p.PlattB, p.Threshold = lc.a, lc.b, math.Max(lc.thr, rule.floor)
			p.Precision, p.Recall = safeDiv(cnt.tp, cnt.tp+cnt.fp), safeDiv(cnt.tp, cnt.tp+cnt.fn)
		default:
			// The shared rule: the label is returned when its SVM margin
			// reaches the rule's margin; its score is a sigmoid of the
			// distance from there (0.5 at the margin).
			t := 0.0
			if lr.Rule == RuleRare {
				t = rule.margin
			}
			p.PlattA, p.PlattB, p.Threshold = rule.slope, -rule.slope*t, 0.5
			cnt := lc.counts[rule.index(lr.Rule)]
			p.Precision, p.Recall = safeDiv(cnt.tp, cnt.tp+cnt.fp), safeDiv(cnt.tp, cnt.tp+cnt.fn)
		}
		p.Support = lr.Positives
		lr.Threshold, lr.Precision, lr.Recall = p.Threshold, p.Precision, p.Recall
		var maxW float64
		for _, v := range w {
			maxW = max(maxW, math.Abs(v))
		}
		scale := maxW / 127
		if scale == 0 {
			scale = 1
		}
		p.Scale = scale
		for b, v := range w {
			m.weights[b*nl+k] = int8(math.Round(v / scale))
		}
		prog.add(1)
		return nil
	}); err != nil {
		return nil, rep, err
	}
	rep.warnings()
	// Round-trip so the returned model is exactly what a file holds.
	out, err := Decode(m.Encode())
	if err != nil {
		return nil, rep, err
	}
	rep.Version = out.Version()
	return out, rep, nil
}

// maxBits0 is the hash size of the first featurization: the configured
// one, or the largest automatic one (autoBits picks it once the trainable
// labels are known; only an empty-text count depends on it, and emptiness
// does not depend on the hash size).
func maxBits0(cfg TrainConfig) uint {
	if cfg.Bits != 0 {
		return cfg.Bits
	}
	return 16
}

func countEmpty(x *csr) int {
	n := 0
	for i := 0; i+1 < len(x.ptr); i++ {
		if x.ptr[i+1] == x.ptr[i] {
			n++
		}
	}
	return n
}

// duplicates counts the examples whose text repeats an earlier example's,
// and among them those whose labels differ from the first copy's.
func duplicates(examples []Example) (dup, conflicting int) {
	first := make(map[string]int, len(examples))
	for i, e := range examples {
		j, ok := first[e.Text]
		if !ok {
			first[e.Text] = i
			continue
		}
		dup++
		a, b := slices.Clone(examples[j].Labels), slices.Clone(e.Labels)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			conflicting++
		}
	}
	return dup, conflicting
}

// forEach runs f on every item with at most workers at a time; the first
// error (or ctx's) is returned.
func forEach(ctx context.Context, items []int, workers int, f func(int) error) error {
	errs := make([]error, len(items))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return
			}
			errs[i] = f(it)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
