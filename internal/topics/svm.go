package topics

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// labelCV is one label's cross-validation under one C: for a label with its
// own calibration, the Platt parameters and threshold fitted on its
// out-of-fold scores and the counts there; for the others, the counts at
// every margin of rareMargins.
type labelCV struct {
	a, b, thr  float64
	tp, fp, fn float64
	counts     []counts
}

type counts struct{ tp, fp, fn float64 }

// rareMargins are the SVM margins the rare-label rule chooses from. Rare
// labels' out-of-fold margins sit below 0: their SVMs, trained on a handful
// of positives, are biased to the negative side.
var rareMargins = func() []float64 {
	var m []float64
	for k := -20; k <= 10; k++ {
		m = append(m, float64(k)*0.05)
	}
	return m
}()

// crossValidate computes one label's out-of-fold scores over cfg.Folds
// folds under each C of cs, and fits or counts on them (see labelCV).
func crossValidate(ctx context.Context, x *csr, weight []float64, rows []int, y []bool, fold []int, cfg TrainConfig, cs []float64, rule LabelRule, salt uint64, prog *progress) ([]labelCV, error) {
	out := make([]labelCV, len(cs))
	nb := 1 << cfg.Bits
	dec := make([]float64, len(rows))
	w := make([]float64, nb)
	var tr []int
	var ty []bool
	for ci, c := range cs {
		for k := range cfg.Folds {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			tr, ty = tr[:0], ty[:0]
			for i, r := range rows {
				if fold[r] != k {
					tr = append(tr, r)
					ty = append(ty, y[i])
				}
			}
			clear(w)
			bias := svmDual(x, weight, tr, ty, w, c, cfg.MaxEpochs, cfg.Seed^salt<<8^uint64(k+1))
			for i, r := range rows {
				if fold[r] == k {
					dec[i] = dot(x, r, w) + bias
				}
			}
			prog.add(1)
		}
		lc := &out[ci]
		if rule == RuleOwn {
			lc.a, lc.b = platt(dec, y)
			lc.thr, lc.tp, lc.fp, lc.fn = bestThreshold(dec, y, lc.a, lc.b)
			continue
		}
		lc.counts = make([]counts, len(rareMargins))
		for i, d := range dec {
			for k, t := range rareMargins {
				cnt := &lc.counts[k]
				switch {
				case d >= t && y[i]:
					cnt.tp++
				case d >= t:
					cnt.fp++
				case y[i]:
					cnt.fn++
				}
			}
		}
	}
	return out, nil
}

// sharedRule is the rule of the labels without their own calibration: a
// label is returned when its SVM margin reaches margin (rare labels) or 0
// (labels on nearly every example), with score sigmoid(slope*(margin-t)).
type sharedRule struct {
	marginIndex int
	margin      float64
	slope       float64
}

// index returns the rareMargins index of rule r's margin.
func (s sharedRule) index(r LabelRule) int {
	if r == RuleRare {
		return s.marginIndex
	}
	return slices.Index(rareMargins, 0)
}

// defaultSlope is the score slope of the shared rule when no label has its
// own calibration to take the median slope from.
const defaultSlope = 4

// chooseC picks the C and the rare-label margin whose out-of-fold
// predictions score best: the mean of micro and macro F1 over the trainable
// labels, each at its threshold (macro alone would buy rare labels' recall
// with false positives that micro F1 pays for). It fills rep's CV table.
// Ties go to the C nearest 1 and to the higher margin (fewer false
// positives).
func chooseC(cv [][]labelCV, trainable []int, lrs []LabelReport, cs []float64, rep *TrainReport) (int, sharedRule) {
	zero := slices.Index(rareMargins, 0)
	nRare := 0
	for _, j := range trainable {
		if lrs[j].Rule == RuleRare {
			nRare++
		}
	}
	best, bestScore := 0, math.Inf(-1)
	var bestRule sharedRule
	for ci, c := range cs {
		var slopes []float64
		for _, j := range trainable {
			if lrs[j].Rule == RuleOwn {
				slopes = append(slopes, cv[j][ci].a)
			}
		}
		// evaluate returns micro F1, macro F1 and the rare labels' mean F1
		// with the rare labels at margin index k.
		evaluate := func(k int) (micro, macro, rare float64) {
			var tp, fp, fn float64
			for _, j := range trainable {
				lc := cv[j][ci]
				var cnt counts
				switch lrs[j].Rule {
				case RuleOwn:
					cnt = counts{lc.tp, lc.fp, lc.fn}
				case RuleRare:
					cnt = lc.counts[k]
				default:
					cnt = lc.counts[zero]
				}
				tp, fp, fn = tp+cnt.tp, fp+cnt.fp, fn+cnt.fn
				f1 := safeDiv(2*cnt.tp, 2*cnt.tp+cnt.fp+cnt.fn)
				macro += f1
				if lrs[j].Rule == RuleRare {
					rare += f1
				}
			}
			return safeDiv(2*tp, 2*tp+fp+fn), macro / float64(len(trainable)), safeDiv(rare, float64(nRare))
		}
		ri := zero
		micro, macro, rare := evaluate(zero)
		if nRare > 0 {
			bestK := math.Inf(-1)
			for k := range rareMargins {
				mi, ma, ra := evaluate(k)
				if sc := (mi + ma) / 2; sc >= bestK-1e-12 {
					ri, bestK, micro, macro, rare = k, sc, mi, ma, ra
				}
			}
		}
		s := CVScore{C: c, MicroF1: micro, MacroF1: macro}
		if nRare > 0 {
			s.RareMargin, s.RareMacroF1 = rareMargins[ri], rare
		}
		rep.CV = append(rep.CV, s)
		score := (s.MicroF1 + s.MacroF1) / 2
		if score > bestScore+1e-12 || math.Abs(score-bestScore) <= 1e-12 && math.Abs(math.Log2(c)) < math.Abs(math.Log2(cs[best])) {
			best, bestScore = ci, score
			slope := float64(defaultSlope)
			if len(slopes) > 0 {
				slices.Sort(slopes)
				slope = slopes[len(slopes)/2]
			}
			bestRule = sharedRule{marginIndex: ri, margin: rareMargins[ri], slope: slope}
		}
	}
	rep.RareMargin, rep.Slope = bestRule.margin, bestRule.slope
	rep.CChosen = len(cs) > 1
	return best, bestRule
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
