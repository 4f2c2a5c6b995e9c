package entities

import "testing"

func TestCoNLLScoring(t *testing.T) {
	c := NewCounts()
	gold := []string{"I-PER", "I-PER", "O", "I-LOC", "B-LOC", "O", "I-ORG"}
	pred := []string{"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "O", "B-MISC"}
	c.Add(gold, pred)
	p, r, f := c.PRF("")
	// Gold: PER[0,2) LOC[3,4) LOC[4,5) ORG[6,7); pred: PER, LOC, LOC, MISC.
	if p != 0.75 || r != 0.75 || f != 0.75 {
		t.Errorf("PRF = %v %v %v, want 0.75 0.75 0.75", p, r, f)
	}
	if got := bilou([]string{"I-PER", "I-PER", "O", "I-LOC", "B-LOC"}); got[0] != mkTag(0, posB) || got[1] != mkTag(0, posL) || got[3] != mkTag(2, posU) || got[4] != mkTag(2, posU) {
		t.Errorf("bilou = %v", got)
	}
}
