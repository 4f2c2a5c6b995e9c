package topics

import (
	"math/rand/v2"
	"slices"
)

// Split divides examples into train and test, deterministically for a seed:
// testFrac of each first label's examples (stratified) go to test, in input
// order.
func Split(examples []Example, testFrac float64, seed uint64) (train, test []Example) {
	byLabel := groupByFirstLabel(examples)
	isTest := make([]bool, len(examples))
	rng := rand.New(rand.NewPCG(seed, 0x73706c6974))
	for _, idx := range byLabel {
		perm := rng.Perm(len(idx))
		n := int(float64(len(idx))*testFrac + 0.5)
		for _, p := range perm[:n] {
			isTest[idx[p]] = true
		}
	}
	for i, e := range examples {
		if isTest[i] {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}

// stratifiedFolds assigns each example to one of k folds, stratified by first
// label, deterministically for a seed. k 0 returns nil.
func stratifiedFolds(examples []Example, k int, seed uint64) []int {
	if k <= 0 {
		return nil
	}
	fold := make([]int, len(examples))
	rng := rand.New(rand.NewPCG(seed, 0x666f6c64))
	for _, idx := range groupByFirstLabel(examples) {
		for r, p := range rng.Perm(len(idx)) {
			fold[idx[p]] = r % k
		}
	}
	return fold
}

// groupByFirstLabel returns example indices per first label, labels sorted.
func groupByFirstLabel(examples []Example) [][]int {
	m := map[string][]int{}
	for i, e := range examples {
		l := ""
		if len(e.Labels) > 0 {
			l = e.Labels[0]
		}
		m[l] = append(m[l], i)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([][]int, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// KFold returns the train and test sets of fold i of k stratified folds.
func KFold(examples []Example, k, i int, seed uint64) (train, test []Example) {
	fold := stratifiedFolds(examples, k, seed)
	for j, e := range examples {
		if fold[j] == i {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}
