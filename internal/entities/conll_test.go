package entities

import (
	"strings"
	"testing"
)

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

// TestCountsErrors: the gold entities not found are sorted into wrong type
// (same span), wrong boundary (overlapped) and missed; Without drops a
// predicted type.
func TestCountsErrors(t *testing.T) {
	c := NewCounts()
	// Gold: ORG[0,2) LOC[3,4) PER[5,7) MISC[8,9).
	gold := []string{"B-ORG", "I-ORG", "O", "B-LOC", "O", "B-PER", "I-PER", "O", "B-MISC"}
	// Pred: LOC[0,2) (wrong type), LOC[3,4) (right), PER[6,7) (boundary), MISC[8,9) right.
	pred := []string{"B-LOC", "I-LOC", "O", "B-LOC", "O", "O", "B-PER", "O", "B-MISC"}
	c.Add(gold, pred)
	if c.Confused["ORG->LOC"] != 1 || len(c.Confused) != 1 || c.Boundary != 1 || c.Missed != 0 {
		t.Errorf("confused %v, boundary %d, missed %d; want ORG->LOC 1, 1, 0", c.Confused, c.Boundary, c.Missed)
	}
	c.Add([]string{"B-PER", "O"}, []string{"O", "B-MISC"})
	if c.Missed != 1 {
		t.Errorf("missed %d, want 1", c.Missed)
	}
	w := c.Without("MISC")
	if w.Pred["MISC"] != 0 || w.Correct["MISC"] != 0 || w.Gold["MISC"] != 1 || w.Pred["LOC"] != 2 {
		t.Errorf("Without(MISC): pred %v correct %v gold %v", w.Pred, w.Correct, w.Gold)
	}
	if c.Pred["MISC"] != 2 {
		t.Errorf("Without changed its receiver: pred %v", c.Pred)
	}
}

// TestCountsErrorLines: AddWords writes one line per gold entity not found
// and per prediction that overlaps no gold entity.
func TestCountsErrorLines(t *testing.T) {
	var b strings.Builder
	c := NewCounts()
	c.Errors = &b
	words := []string{"EU", "Commissioner", "Franz", "Fischler", "said", "WESTERN", "CONFERENCE"}
	gold := []string{"B-ORG", "O", "B-PER", "I-PER", "O", "O", "O"}
	pred := []string{"B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-MISC", "I-MISC"}
	c.AddWords(words, gold, pred)
	want := "boundary\tORG \"EU\"\tORG \"EU Commissioner Franz Fischler\" \t[{EU]ORG Commissioner [Franz Fischler}ORG]PER said WESTERN CONFERENCE\n" +
		"boundary\tPER \"Franz Fischler\"\tORG \"EU Commissioner Franz Fischler\" \t[{EU]ORG Commissioner [Franz Fischler}ORG]PER said WESTERN CONFERENCE\n" +
		"spurious\tMISC \"WESTERN CONFERENCE\"\t\t[EU]ORG Commissioner [Franz Fischler]PER said {WESTERN CONFERENCE}MISC\n"
	if got := b.String(); got != want {
		t.Errorf("AddWords wrote\n%s\nwant\n%s", got, want)
	}
	if c.Boundary != 2 {
		t.Errorf("boundary %d, want 2", c.Boundary)
	}
}
