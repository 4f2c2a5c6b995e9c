package contentdata

import (
	"strings"
	"unicode"
)

// shingleN is the length of the word n-grams the shingle metric compares:
// 4, as in the ScrapingHub article-extraction benchmark.
const shingleN = 4

// Tokens splits s the way the article-extraction benchmark does (Python's
// `\w+`): runs of letters, digits and underscores, case kept.
func Tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_' })
}

// shingles counts the word n-grams (n = shingleN) of tokens; a text of fewer
// tokens is one shingle of all of them.
func shingles(tokens []string) map[string]int {
	m := make(map[string]int)
	for i := 0; i < max(1, len(tokens)-shingleN+1); i++ {
		if s := strings.Join(tokens[i:min(len(tokens), i+shingleN)], " "); s != "" {
			m[s]++
		}
	}
	return m
}

// TPFPFN are one page's shingle counts, normalised to sum 1 so that long
// pages weigh no more than short ones.
type TPFPFN struct{ TP, FP, FN float64 }

func (c TPFPFN) normalised() TPFPFN {
	if s := c.TP + c.FP + c.FN; s > 0 {
		return TPFPFN{c.TP / s, c.FP / s, c.FN / s}
	}
	return c
}

// ShingleMatch compares a predicted body with the true one by word 4-gram
// shingles, as the article-extraction benchmark's string_shingle_matching.
func ShingleMatch(truth, pred string) TPFPFN {
	ts, ps := shingles(Tokens(truth)), shingles(Tokens(pred))
	var c TPFPFN
	for k, t := range ts {
		p := ps[k]
		c.TP += float64(min(t, p))
		c.FN += float64(max(0, t-p))
	}
	for k, p := range ps {
		c.FP += float64(max(0, p-ts[k]))
	}
	return c.normalised()
}

// SnippetShingleMatch is ShingleMatch for a page labelled by snippets: the
// shingles of the `with` snippets are the truth, and only the shingles of
// the `without` snippets count against the prediction (the rest of the page
// is not labelled). A snippet shorter than a shingle counts as one, found
// when its tokens occur in a row in the prediction.
func SnippetShingleMatch(with, without []string, pred string) TPFPFN {
	ptoks := Tokens(pred)
	ps := shingles(ptoks)
	joined := " " + strings.Join(ptoks, " ") + " "
	// split counts the shingles of snippets, and separately how many of
	// their short snippets the prediction holds and misses.
	split := func(snippets []string) (sh map[string]int, found, missed float64) {
		sh = make(map[string]int)
		for _, s := range snippets {
			switch toks := Tokens(s); {
			case len(toks) == 0:
			case len(toks) < shingleN:
				if strings.Contains(joined, " "+strings.Join(toks, " ")+" ") {
					found++
				} else {
					missed++
				}
			default:
				for k, n := range shingles(toks) {
					sh[k] += n
				}
			}
		}
		return sh, found, missed
	}
	truth, tp, fn := split(with)
	neg, fp, _ := split(without)
	c := TPFPFN{TP: tp, FP: fp, FN: fn}
	for k, t := range truth {
		p := ps[k]
		c.TP += float64(min(t, p))
		c.FN += float64(max(0, t-p))
	}
	for k, n := range neg {
		if truth[k] == 0 {
			c.FP += float64(min(n, ps[k]))
		}
	}
	return c.normalised()
}

// ShinglePRF aggregates pages as the benchmark does: precision is the mean
// over pages that predicted something, recall the mean over pages with a
// truth, and F1 their harmonic mean.
func ShinglePRF(pages []TPFPFN) (p, r, f float64) {
	var np, nr int
	for _, c := range pages {
		if c.TP+c.FP > 0 {
			np++
			p += shingleScore(c.TP, c.FP, c.FN)
		}
		if c.TP+c.FN > 0 {
			nr++
			r += shingleScore(c.TP, c.FN, c.FP)
		}
	}
	if np > 0 {
		p /= float64(np)
	}
	if nr > 0 {
		r /= float64(nr)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// shingleScore is the benchmark's precision_score (a = FP) and
// recall_score (a = FN): a perfect page scores 1.
func shingleScore(tp, a, b float64) float64 {
	switch {
	case a == 0 && b == 0:
		return 1
	case tp == 0 && a == 0:
		return 0
	}
	return tp / (tp + a)
}
