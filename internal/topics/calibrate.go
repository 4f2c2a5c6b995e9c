package topics

import "math"

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
// [0.1, 0.9], probThresholds) that maximises F1 on out-of-fold scores, the
// true positives, false positives and false negatives there, and the
// counts at every threshold.
func bestThreshold(dec []float64, y []bool, a, b float64) (thr float64, at counts, all []counts) {
	probs := make([]float64, len(dec))
	for i, d := range dec {
		probs[i] = sigmoid(a*d + b)
	}
	all = countAt(probs, y, probThresholds)
	bestF := -1.0
	for k, c := range all {
		f := 0.0
		if c.tp > 0 {
			f = 2 * c.tp / (2*c.tp + c.fp + c.fn)
		}
		if f > bestF+1e-12 {
			bestF, thr, at = f, probThresholds[k], c
		}
	}
	return math.Round(thr*100) / 100, at, all
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
