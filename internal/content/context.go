package content

import "math"

// contextHashBits sizes the context model: it has a few hundred features.
const contextHashBits = 12

// Context feature groups.
const (
	cBias = iota + 100
	cOwn
	cOwnLogit
	cParaMin
	cParaMax
	cPrev
	cNext
	cMaxAfter
	cMaxBefore
	cNext3
	cPrev3
	cCountAfter
	cAlone
)

// lineScores scores every line of text with the line model.
func lineScores(m *lineModel, text string, lines []line) []float64 {
	scores, _ := lineScoresCtx(&checker{}, m, text, lines)
	return scores
}

// lineScoresCtx is lineScores checking ck's context as it goes.
func lineScoresCtx(ck *checker, m *lineModel, text string, lines []line) ([]float64, error) {
	df, err := newDocFeaturesCtx(ck, text, lines, m.mask)
	if err != nil {
		return nil, err
	}
	scores := make([]float64, len(lines))
	var buf []feat
	for i := range lines {
		if err := ck.add(lineWork); err != nil {
			return nil, err
		}
		buf = df.features(i, buf[:0])
		scores[i] = m.score(buf)
	}
	return scores, nil
}

// contextFeatures describe a line by the line model's scores of itself and
// its surroundings: content comes in runs, and what follows the last
// confident content line is rarely article.
type contextFeatures struct {
	scores, maxAfter, maxBefore []float64
	countAfter                  []int32
	lines                       []line
	paraMin, paraMax            []float64
}

// maxParaLines is the longest paragraph (in lines) whose lines see the
// scores of all its other lines; a longer one is a list or a dump, and its
// lines see their neighbours only.
const maxParaLines = 64

func newContextFeatures(scores []float64, lines []line) *contextFeatures {
	c, _ := newContextFeaturesCtx(&checker{}, scores, lines)
	return c
}

// newContextFeaturesCtx is newContextFeatures checking ck's context for
// each paragraph.
func newContextFeaturesCtx(ck *checker, scores []float64, lines []line) (*contextFeatures, error) {
	n := len(scores)
	c := &contextFeatures{scores: scores, lines: lines,
		maxAfter: make([]float64, n), maxBefore: make([]float64, n), countAfter: make([]int32, n)}
	m, k := -1.0, int32(0)
	for i := n - 1; i >= 0; i-- {
		c.maxAfter[i], c.countAfter[i] = m, k
		m = max(m, scores[i])
		if scores[i] >= 0.5 {
			k++
		}
	}
	m = -1
	for i := 0; i < n; i++ {
		c.maxBefore[i] = m
		m = max(m, scores[i])
	}
	// Per paragraph: min and max score of the other lines; in paragraphs of
	// more than maxParaLines lines, of the neighbours within two lines only.
	c.paraMin, c.paraMax = make([]float64, n), make([]float64, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && lines[j].para == lines[i].para {
			j++
		}
		if err := ck.add((j - i) * lineWork); err != nil {
			return nil, err
		}
		if j-i > maxParaLines {
			for k := i; k < j; k++ {
				lo, hi := 2.0, -1.0
				for o := max(i, k-2); o < min(j, k+3); o++ {
					if o != k {
						lo, hi = min(lo, scores[o]), max(hi, scores[o])
					}
				}
				c.paraMin[k], c.paraMax[k] = lo, hi
			}
		} else {
			// The others' extremes are those of the lines before k and
			// after it: a pass each way instead of all pairs.
			lo, hi := 2.0, -1.0
			for k := i; k < j; k++ {
				c.paraMin[k], c.paraMax[k] = lo, hi
				lo, hi = min(lo, scores[k]), max(hi, scores[k])
			}
			lo, hi = 2.0, -1.0
			for k := j - 1; k >= i; k-- {
				c.paraMin[k], c.paraMax[k] = min(c.paraMin[k], lo), max(c.paraMax[k], hi)
				lo, hi = min(lo, scores[k]), max(hi, scores[k])
			}
		}
		i = j
	}
	return c, nil
}

func scoreBucket(s float64) int {
	if s < 0 {
		return 0 // none
	}
	return 1 + min(int(s*10), 9)
}

func (c *contextFeatures) features(i int, mask uint32, buf []feat) []feat {
	add := func(g, b int) { buf = append(buf, feat{denseIdx(g, b, mask), 1}) }
	n := len(c.scores)
	s := c.scores[i]
	add(cBias, 0)
	add(cOwn, scoreBucket(s))
	p := min(max(s, 1e-4), 1-1e-4)
	buf = append(buf, feat{denseIdx(cOwnLogit, 0, mask), float32(math.Log(p/(1-p)) / 4)})
	if c.paraMax[i] < 0 {
		add(cAlone, 1)
	} else {
		add(cParaMin, scoreBucket(c.paraMin[i]))
		add(cParaMax, scoreBucket(c.paraMax[i]))
	}
	prev, next := -1.0, -1.0
	if i > 0 {
		prev = c.scores[i-1]
	}
	if i < n-1 {
		next = c.scores[i+1]
	}
	add(cPrev, scoreBucket(prev))
	add(cNext, scoreBucket(next))
	add(cMaxAfter, scoreBucket(c.maxAfter[i]))
	add(cMaxBefore, scoreBucket(c.maxBefore[i]))
	add(cNext3, scoreBucket(meanScore(c.scores, i+1, min(n, i+4))))
	add(cPrev3, scoreBucket(meanScore(c.scores, max(0, i-3), i)))
	add(cCountAfter, bucket(float64(c.countAfter[i]), 1, 2, 3, 6, 11))
	// Own score against what follows: the interaction the trailing zone needs.
	add(cOwn*31+cMaxAfter, scoreBucket(s)*16+scoreBucket(c.maxAfter[i]))
	return buf
}

func meanScore(s []float64, from, to int) float64 {
	if from >= to {
		return -1
	}
	var t float64
	for _, v := range s[from:to] {
		t += v
	}
	return t / float64(to-from)
}
