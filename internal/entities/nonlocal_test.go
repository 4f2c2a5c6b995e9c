package entities

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestLineShape(t *testing.T) {
	tests := []struct {
		line     string
		nb, lb   int // digit and lower-case buckets
		wantLate bool
	}{
		{"The minister said on Monday that talks would resume .", 0, 2, false},
		{"SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", 0, 0, true},
		{"Split ( Croatia ) 9 4 5 13", 2, 0, true},
		{"CHARLOTTE 8 8 .500", 3, 0, true},
		{"Sheffield Wednesday 2 Leeds 1", 2, 0, true},
		{"Shares rose 5 percent in Tokyo on Tuesday after the results .", 1, 2, false},
		{"1. 2 3", 3, 0, false},
	}
	for _, tc := range tests {
		words := strings.Fields(tc.line)
		line, late := lineShape(words), lateLine(words)
		if want := uint8(1 + tc.nb*3 + tc.lb); line != want || late != tc.wantLate {
			t.Errorf("lineShape, lateLine(%q) = %d, %v; want %d, %v", tc.line, line, late, want, tc.wantLate)
		}
	}
	if !isTableLine(1+3*3+0) || !isTableLine(1+1*3+1) || isTableLine(1+0*3+0) || isTableLine(1+3*3+2) {
		t.Error("isTableLine: want digits and few lower-case words")
	}
}

// TestSentenceOrder: prose first, then headlines in capitals and table
// rows, each group in document order.
func TestSentenceOrder(t *testing.T) {
	var sents []Sentence
	for _, l := range []string{"JAPAN WIN", "Japan won on Friday .", "Japan 2 Syria 1", "It was a surprise ."} {
		sents = append(sents, Sentence{Words: strings.Fields(l)})
	}
	if got := sentenceOrder(sents, nil); !slices.Equal(got, []int{1, 3, 0, 2}) {
		t.Errorf("sentenceOrder = %v, want [1 3 0 2]", got)
	}
}

func TestDocMemory(t *testing.T) {
	var ti tokInfo
	fillInfo(&ti, "Clinton", false, nil)
	m := docMemory{}
	if m.last(ti.form) != 0 || m.hist(lowerKey(&ti)) != 0 {
		t.Fatal("empty memory remembers")
	}
	per, loc := typeIndex("PER"), typeIndex("LOC")
	m.record(&ti, per)
	m.record(&ti, per)
	if got, want := m.hist(lowerKey(&ti)), 1+3*per; got != want {
		t.Errorf("hist after PER, PER = %d, want %d (unanimous PER)", got, want)
	}
	m.record(&ti, loc)
	if got, want := m.hist(lowerKey(&ti)), 1+3*per+1; got != want {
		t.Errorf("hist after PER, PER, LOC = %d, want %d (PER by majority)", got, want)
	}
	if m.last(ti.form) != loc+1 {
		t.Errorf("last = %d, want LOC+1", m.last(ti.form))
	}
	m.record(&ti, loc)
	if got := m.hist(lowerKey(&ti)) - 1; got%3 != 2 {
		t.Errorf("hist after 2 PER, 2 LOC = %d, want no majority", got+1)
	}
	// Counts saturate instead of spilling into the next type's bits.
	for i := 0; i < 100; i++ {
		m.record(&ti, per)
	}
	if v := m[lowerKey(&ti)] >> 8; (v>>(6*per))&63 != 63 || (v>>(6*loc))&63 != 2 {
		t.Errorf("counts %x: want PER saturated at 63 and LOC 2", v)
	}
	m.recordLine(4, tagO)
	m.recordLine(5, mkTag(typeIndex("ORG"), posU))
	if m.lineType(4) != 1 || m.lineType(5) != typeIndex("ORG")+2 || m.lineType(6) != 0 {
		t.Errorf("lineType = %d %d %d, want 1, ORG+2, 0", m.lineType(4), m.lineType(5), m.lineType(6))
	}
}

// TestDocContext: a capitalised word gets the distinct neighbours (words
// and coarse clusters) of all its occurrences, in any case, at most maxAgg
// of them.
func TestDocContext(t *testing.T) {
	dc := newDocContext()
	for _, l := range []string{"Mr Clinton said", "CLINTON WINS", "Mr Clinton said"} {
		w := strings.Fields(l)
		dc.addSentence(w, make([]uint64, len(w)), nil)
	}
	var ti tokInfo
	fillInfo(&ti, "Clinton", false, nil)
	got := dc.of(lowerKey(&ti))
	n := 0
	for _, v := range got {
		if v != 0 {
			n++
		}
	}
	// Left: mr, (start); right: said, wins; and their coarse clusters,
	// all 0 (unknown) without a lexicon: one left, one right.
	if n != 6 {
		t.Errorf("Clinton has %d neighbours, want 6: %x", n, got)
	}
	fillInfo(&ti, "said", false, nil)
	if dc.of(lowerKey(&ti)) != nil {
		t.Error("a lower-case word has neighbours")
	}
	for i := 0; i < 20; i++ {
		w := []string{"w" + strings.Repeat("x", i), "Clinton", "v" + strings.Repeat("y", i)}
		dc.addSentence(w, make([]uint64, len(w)), nil)
	}
	fillInfo(&ti, "Clinton", false, nil)
	if got := dc.of(lowerKey(&ti)); len(got) != maxAgg || got[maxAgg-1] == 0 {
		t.Errorf("neighbours %x, want %d, all set", got, maxAgg)
	}
	dc.reset()
	if dc.of(lowerKey(&ti)) != nil {
		t.Error("reset kept the neighbours")
	}
	// A large document's space is not kept.
	for i := 0; i <= maxKeptAgg; i++ {
		w := []string{"W" + strconv.Itoa(i)}
		dc.addSentence(w, make([]uint64, 1), nil)
	}
	dc.reset()
	if cap(dc.sets) != 0 || len(dc.idx) != 0 {
		t.Errorf("after a document of %d capitalised words reset kept %d sets", maxKeptAgg+1, cap(dc.sets))
	}
}

// TestMarkRuns: on a table line each capitalised word knows its place in
// its run of capitalised words, whether the run is the line's first, and
// what follows the run; elsewhere run is 0.
func TestMarkRuns(t *testing.T) {
	run := func(pos, later, next int) uint8 { return uint8(1 + pos + 4*later + 8*next) }
	tests := []struct {
		line string
		want []uint8
	}{
		{"Wisla Krakow 2 Amica Wronki 1", []uint8{run(1, 0, runDigit), run(3, 0, runDigit), 0, run(1, 1, runDigit), run(3, 1, runDigit), 0}},
		{"Split ( Croatia ) 9 4 5 13", []uint8{run(0, 0, runParen), 0, run(0, 1, runPunct), 0, 0, 0, 0, 0}},
		{"CHARLOTTE 8 8 .500", []uint8{run(0, 0, runDigit), 0, 0, 0}},
		{"1. New York Rangers", []uint8{0, run(1, 0, runEnd), run(2, 0, runEnd), run(3, 0, runEnd)}},
		// Not a table line: no digits.
		{"Wisla Krakow beat Amica Wronki", []uint8{0, 0, 0, 0, 0}},
	}
	for _, tc := range tests {
		words := strings.Fields(tc.line)
		s := make([]tokInfo, len(words))
		for i, w := range words {
			fillInfo(&s[i], w, i == 0, nil)
			s[i].run = 99 // stale, from an earlier line
		}
		markRuns(s, words, lineShape(words))
		got := make([]uint8, len(s))
		for i := range s {
			got[i] = s[i].run
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("markRuns(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestAddRoles: the first and last words of the training names, by type,
// and a capitalised word before a person that is no part of a name.
func TestAddRoles(t *testing.T) {
	gaz := map[uint64]uint8{}
	doc := Doc{Sentences: []Sentence{{
		Words:  strings.Fields("The EU Farm Commissioner Franz Fischler met Maccabi Tel Aviv and Swiss Bank Corp ."),
		Labels: strings.Fields("O B-ORG O O B-PER I-PER O B-ORG I-ORG I-ORG O B-ORG I-ORG I-ORG O"),
	}}}
	addTrainingNames(gaz, []Doc{doc})
	tests := []struct {
		word string
		want uint8
	}{
		{"Franz", roleFirstPER},
		{"Fischler", roleLastPER},
		{"Commissioner", roleTitle},
		{"maccabi", roleFirstORG},
		{"Aviv", roleLastORG},
		{"Corp", roleLastORG},
		{"Swiss", roleFirstORG},
		{"EU", 0},
		{"Farm", 0},
		{"Tel", 0},
	}
	for _, tc := range tests {
		if got := gaz[roleKey(hashLower(tc.word))]; got != tc.want {
			t.Errorf("role of %q = %b, want %b", tc.word, got, tc.want)
		}
	}
}
