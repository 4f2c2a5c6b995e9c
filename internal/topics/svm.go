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
	// counts are at each rareMargins margin (labels without their own
	// calibration) or at each probThresholds threshold (the others).
	counts []counts
}

type counts struct{ tp, fp, fn float64 }

// rareMargins are the SVM margins the rare-label rule chooses from, -1 to
// 0. Rare labels' out-of-fold margins sit below 0: their SVMs, trained on a
// handful of positives, are biased to the negative side. None is above 0: a
// rare label is returned at least where its SVM says so (without
// out-of-fold evidence, e.g. one positive each, micro F1 alone would
// otherwise push the margin up until rare labels are never returned).
var rareMargins = func() []float64 {
	var m []float64
	for k := -20; k <= 0; k++ {
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
	// Each fold's dual solution under one C starts the next, larger C
	// (liblinear's warm start): the solutions move little between
	// neighbouring Cs. One C starts cold, as the fixed-C models always have.
	var alpha [][]float64
	if len(cs) > 1 {
		alpha = make([][]float64, cfg.Folds)
	}
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
			var a []float64
			if alpha != nil {
				if alpha[k] == nil {
					alpha[k] = make([]float64, len(tr))
				}
				a = alpha[k]
			}
			bias := svmDual(x, weight, tr, ty, w, c, cfg.MaxEpochs, cfg.Seed^salt<<8^uint64(k+1), a)
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
			var at counts
			lc.thr, at, lc.counts = bestThreshold(dec, y, lc.a, lc.b)
			lc.tp, lc.fp, lc.fn = at.tp, at.fp, at.fn
			continue
		}
		lc.counts = countAt(dec, y, rareMargins)
	}
	return out, nil
}

// countAt returns the true positives, false positives and false negatives
// of predicting score >= t, for each t of thresholds.
func countAt(scores []float64, y []bool, thresholds []float64) []counts {
	out := make([]counts, len(thresholds))
	for i, s := range scores {
		for k, t := range thresholds {
			cnt := &out[k]
			switch {
			case s >= t && y[i]:
				cnt.tp++
			case s >= t:
				cnt.fp++
			case y[i]:
				cnt.fn++
			}
		}
	}
	return out
}

// sharedRule is the rule of the labels without their own calibration: a
// label is returned when its SVM margin reaches margin (rare labels) or 0
// (labels on nearly every example), with score sigmoid(slope*(margin-t)).
type sharedRule struct {
	marginIndex int
	margin      float64
	slope       float64
	// floor is the threshold floor of the labels with their own
	// calibration.
	floor float64
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

// probThresholds are the probability thresholds bestThreshold chooses
// from, and the candidate threshold floors.
var probThresholds = func() []float64 {
	var t []float64
	for k := 2; k <= 18; k++ {
		t = append(t, float64(k)*0.05)
	}
	return t
}()

// chooseC picks the C, the threshold floor and the rare-label margin whose
// out-of-fold predictions score best: the mean of micro and macro F1 over
// the trainable labels. Each label's own threshold maximises its own F1,
// which is macro F1's optimum; micro F1's is a common threshold (Lipton et
// al. 2014), so a floor under the labels' thresholds is chosen by the same
// objective, and so is the rare labels' margin (macro alone would buy their
// recall with false positives that micro F1 pays for). floor > 0 fixes the
// floor. It fills rep's CV table. Ties go to the C nearest 1, the lower
// floor and the higher margin.
func chooseC(cv [][]labelCV, trainable []int, lrs []LabelReport, cs []float64, floor float64, rep *TrainReport) (int, sharedRule) {
	zero := slices.Index(rareMargins, 0)
	nRare := 0
	for _, j := range trainable {
		if lrs[j].Rule == RuleRare {
			nRare++
		}
	}
	floors := probThresholds
	if floor > 0 {
		floors = []float64{floor}
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
		// with the threshold floor f and the rare labels at margin index k.
		evaluate := func(f float64, k int) (micro, macro, rare float64) {
			var tp, fp, fn float64
			for _, j := range trainable {
				lc := cv[j][ci]
				var cnt counts
				switch lrs[j].Rule {
				case RuleOwn:
					cnt = lc.own(f)
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
		margins := []int{zero}
		if nRare > 0 {
			margins = make([]int, len(rareMargins))
			for k := range margins {
				margins[k] = k
			}
		}
		var s CVScore
		cBest := math.Inf(-1)
		ri := zero
		for _, f := range floors {
			for _, k := range margins {
				mi, ma, ra := evaluate(f, k)
				sc := (mi + ma) / 2
				if sc > cBest+1e-12 || sc >= cBest-1e-12 && f == s.Floor {
					cBest, ri = sc, k
					s = CVScore{C: c, Floor: f, MicroF1: mi, MacroF1: ma}
					if nRare > 0 {
						s.RareMargin, s.RareMacroF1 = rareMargins[k], ra
					}
				}
			}
		}
		rep.CV = append(rep.CV, s)
		if cBest > bestScore+1e-12 || math.Abs(cBest-bestScore) <= 1e-12 && math.Abs(math.Log2(c)) < math.Abs(math.Log2(cs[best])) {
			best, bestScore = ci, cBest
			slope := float64(defaultSlope)
			if len(slopes) > 0 {
				slices.Sort(slopes)
				slope = slopes[len(slopes)/2]
			}
			bestRule = sharedRule{marginIndex: ri, margin: rareMargins[ri], slope: slope, floor: s.Floor}
		}
	}
	rep.RareMargin, rep.Slope, rep.Floor = bestRule.margin, bestRule.slope, bestRule.floor
	rep.CChosen = len(cs) > 1
	return best, bestRule
}

// own returns the label's out-of-fold counts at its own threshold raised to
// floor f.
func (lc labelCV) own(f float64) counts {
	if f <= lc.thr+1e-9 {
		return counts{lc.tp, lc.fp, lc.fn}
	}
	return lc.counts[slices.IndexFunc(probThresholds, func(t float64) bool { return math.Abs(t-f) < 1e-9 })]
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
// filled in place (it must be zero); the bias is returned. alpha, when not
// nil, is the starting dual solution (len(rows), e.g. the solution under a
// smaller C) and receives the final one; nil starts from zero.
func svmDual(x *csr, weight []float64, rows []int, y []bool, w []float64, c float64, maxEpochs int, seed uint64, alpha []float64) float64 {
	const eps = 0.01
	diags := make([]float64, len(rows))
	var bias float64
	if alpha == nil {
		alpha = make([]float64, len(rows))
	} else {
		for i, r := range rows {
			if alpha[i] == 0 {
				continue
			}
			d := alpha[i]
			if !y[i] {
				d = -d
			}
			idx, val := x.row(r)
			for j, b := range idx {
				w[b] += d * float64(val[j])
			}
			bias += d
		}
	}
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
