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

// trainLabel trains one binary label: out-of-fold scores over cfg.Folds folds
// calibrate it (Platt) and measure it (threshold, precision, recall); then the
// final weights are trained on all its known examples.
func trainLabel(ctx context.Context, x *csr, weight []float64, rows []int, y []bool, fold []int, cfg TrainConfig, salt uint64) (labelParams, []float64, error) {
	var p labelParams
	npos := 0
	for _, t := range y {
		if t {
			npos++
		}
	}
	if npos < cfg.Folds || len(y)-npos < cfg.Folds {
		return p, nil, fmt.Errorf("%w: %d positive and %d negative examples, need at least %d of each", ErrNoData, npos, len(y)-npos, cfg.Folds)
	}
	nb := 1 << cfg.Bits
	dec := make([]float64, len(rows))
	w := make([]float64, nb)
	for k := range cfg.Folds {
		if err := ctx.Err(); err != nil {
			return p, nil, err
		}
		var tr []int
		var ty []bool
		for i, r := range rows {
			if fold[r] != k {
				tr = append(tr, r)
				ty = append(ty, y[i])
			}
		}
		clear(w)
		bias := svmDual(x, weight, tr, ty, w, cfg.C, cfg.MaxEpochs, cfg.Seed^salt<<8^uint64(k+1))
		for i, r := range rows {
			if fold[r] == k {
				dec[i] = dot(x, r, w) + bias
			}
		}
	}
	p.PlattA, p.PlattB = platt(dec, y)
	p.Threshold, p.Precision, p.Recall = bestThreshold(dec, y, p.PlattA, p.PlattB)
	p.Support = npos
	clear(w)
	p.Bias = svmDual(x, weight, rows, y, w, cfg.C, cfg.MaxEpochs, cfg.Seed^salt<<8)
	return p, w, nil
}

func dot(x *csr, r int, w []float64) float64 {
	idx, val := x.row(r)
	var s float64
	for j, b := range idx {
		s += float64(val[j]) * w[b]
	}
	return s
}

// svmDual trains an L2-regularised, squared-hinge-loss linear SVM with a bias
// feature of value 1 by dual coordinate descent (Hsieh et al. 2008, the
// liblinear solver behind scikit-learn's LinearSVC). Example r's loss is
// weighted by weight[r] (its C is c*weight[r]); nil weights are all 1. w is
// filled in place; the bias is returned.
func svmDual(x *csr, weight []float64, rows []int, y []bool, w []float64, c float64, maxEpochs int, seed uint64) float64 {
	const eps = 0.01
	diags := make([]float64, len(rows))
	alpha := make([]float64, len(rows))
	qd := make([]float64, len(rows))
	for i, r := range rows {
		_, val := x.row(r)
		diags[i] = 1 / (2 * c)
		if weight != nil {
			diags[i] = 1 / (2 * c * weight[r])
		}
		diag := diags[i]
		q := diag + 1 // the bias feature
		for _, v := range val {
			q += float64(v) * float64(v)
		}
		qd[i] = q
	}
	var bias float64
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0x73766d))
	for range maxEpochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for _, i := range order {
			r := rows[i]
			yi := -1.0
			if y[i] {
				yi = 1
			}
			g := yi*(dot(x, r, w)+bias) - 1 + diags[i]*alpha[i]
			pg := g
			if alpha[i] == 0 {
				pg = min(g, 0)
			}
			pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
			if pg == 0 {
				continue
			}
			old := alpha[i]
			alpha[i] = max(old-g/qd[i], 0)
			d := (alpha[i] - old) * yi
			idx, val := x.row(r)
			for j, b := range idx {
				w[b] += d * float64(val[j])
			}
			bias += d
		}
		if pgMax-pgMin <= eps {
			break
		}
	}
	return bias
}

// platt fits sigmoid(a*f+b) to targets y by Newton's method with Platt's
// smoothed targets (Lin, Lin and Weng 2007).
func platt(f []float64, y []bool) (a, b float64) {
	var prior1, prior0 float64
	for _, t := range y {
		if t {
			prior1++
		} else {
			prior0++
		}
	}
	hi, lo := (prior1+1)/(prior1+2), 1/(prior0+2)
	t := make([]float64, len(y))
	for i := range y {
		if y[i] {
			t[i] = hi
		} else {
			t[i] = lo
		}
	}
	// In Platt's notation p = 1/(1+exp(A f + B)).
	A, B := 0.0, math.Log((prior0+1)/(prior1+1))
	const sigma, minStep = 1e-12, 1e-10
	fval := func(A, B float64) float64 {
		var s float64
		for i := range f {
			fApB := f[i]*A + B
			if fApB >= 0 {
				s += t[i]*fApB + math.Log1p(math.Exp(-fApB))
			} else {
				s += (t[i]-1)*fApB + math.Log1p(math.Exp(fApB))
			}
		}
		return s
	}
	fv := fval(A, B)
	for range 100 {
		h11, h22, h21, g1, g2 := sigma, sigma, 0.0, 0.0, 0.0
		for i := range f {
			fApB := f[i]*A + B
			var p, q float64
			if fApB >= 0 {
				p = math.Exp(-fApB) / (1 + math.Exp(-fApB))
				q = 1 / (1 + math.Exp(-fApB))
			} else {
				p = 1 / (1 + math.Exp(fApB))
				q = math.Exp(fApB) / (1 + math.Exp(fApB))
			}
			d2 := p * q
			h11 += f[i] * f[i] * d2
			h22 += d2
			h21 += f[i] * d2
			d1 := t[i] - p
			g1 += f[i] * d1
			g2 += d1
		}
		if math.Abs(g1) < 1e-5 && math.Abs(g2) < 1e-5 {
			break
		}
		det := h11*h22 - h21*h21
		dA := -(h22*g1 - h21*g2) / det
		dB := -(-h21*g1 + h11*g2) / det
		gd := g1*dA + g2*dB
		step := 1.0
		for step >= minStep {
			nA, nB := A+step*dA, B+step*dB
			nf := fval(nA, nB)
			if nf < fv+0.0001*step*gd {
				A, B, fv = nA, nB, nf
				break
			}
			step /= 2
		}
		if step < minStep {
			break
		}
	}
	a, b = -A, -B
	if a <= 0 {
		// Out-of-fold scores that do not rank positives above negatives (tiny
		// or noisy data) must not invert the model: keep the SVM's own scale
		// and fit the intercept alone.
		a = 1
		b = fitIntercept(f, t, a)
	}
	return a, b
}

// fitIntercept returns b such that the mean of sigmoid(a*f+b) is the mean of
// the targets t (bisection; the mean is increasing in b).
func fitIntercept(f, t []float64, a float64) float64 {
	var want float64
	for _, v := range t {
		want += v
	}
	lo, hi := -50.0, 50.0
	for range 100 {
		mid := (lo + hi) / 2
		var got float64
		for _, v := range f {
			got += sigmoid(a*v + mid)
		}
		if got < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// bestThreshold returns the probability threshold (a multiple of 0.05 in
// [0.1, 0.9]) that maximises F1 on out-of-fold scores, and the precision and
// recall there.
func bestThreshold(dec []float64, y []bool, a, b float64) (thr, prec, rec float64) {
	probs := make([]float64, len(dec))
	for i, d := range dec {
		probs[i] = sigmoid(a*d + b)
	}
	bestF := -1.0
	for k := 2; k <= 18; k++ {
		t := float64(k) * 0.05
		var tp, fp, fn float64
		for i, p := range probs {
			switch {
			case p >= t && y[i]:
				tp++
			case p >= t:
				fp++
			case y[i]:
				fn++
			}
		}
		f := 0.0
		if tp > 0 {
			f = 2 * tp / (2*tp + fp + fn)
		}
		if f > bestF+1e-12 {
			bestF, thr = f, t
			prec, rec = safeDiv(tp, tp+fp), safeDiv(tp, tp+fn)
		}
	}
	return math.Round(thr*100) / 100, prec, rec
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
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
