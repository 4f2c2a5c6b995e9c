package topics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

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
