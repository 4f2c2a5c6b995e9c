package topics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

func analysisOpts() analysis.TopicOptions { return analysis.TopicOptions{Explain: true} }

func TestTrainDeterministic(t *testing.T) {
	ex := readFixture(t, "small.jsonl")
	cfg := TrainConfig{Name: "small", Bits: 12, Seed: 42}
	var files [][]byte
	for _, workers := range []int{1, 4, 1} {
		c := cfg
		c.Workers = workers
		m, err := Train(context.Background(), ex, c)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m.Encode())
	}
	for i := 1; i < len(files); i++ {
		if !bytes.Equal(files[0], files[i]) {
			t.Errorf("training run %d produced different bytes from run 0 (same data and seed)", i)
		}
	}
	c := cfg
	c.Seed = 43
	m, err := Train(context.Background(), ex, c)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(m.Encode(), files[0]) {
		t.Errorf("seeds 42 and 43 gave identical files; the seed is not used")
	}
}

func TestTrainLearnsFixture(t *testing.T) {
	m := testModel(t)
	if got, want := m.Labels(), []string{"business", "politics", "sport"}; !slices.Equal(got, want) {
		t.Fatalf("Labels() = %q, want %q", got, want)
	}
	tests := []struct {
		text, want string
	}{
		{"The goalkeeper saved a penalty as the team won the final.", "sport"},
		{"Profits rose and the shares climbed as the bank beat forecasts.", "business"},
		{"The party leader called for an election after the vote in parliament.", "politics"},
	}
	for _, tc := range tests {
		sc := m.Scores(tc.text)
		best := ""
		for l, p := range sc {
			if p < 0 || p > 1 {
				t.Errorf("Scores(%q)[%s] = %v, want in [0,1]", tc.text, l, p)
			}
			if best == "" || p > sc[best] {
				best = l
			}
		}
		if best != tc.want {
			t.Errorf("top label of %q = %q (%v), want %q", tc.text, best, sc, tc.want)
		}
	}
}

// TestTrainAutoBits: a model whose hash size training chose (Bits 0) scores
// text as it was trained (the features are hashed at the final size).
func TestTrainAutoBits(t *testing.T) {
	m, err := Train(context.Background(), readFixture(t, "small.jsonl"), TrainConfig{Name: "auto", Seed: 1, C: 1})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"The goalkeeper saved a penalty as the team won the final.":             "sport",
		"Profits rose and the shares climbed as the bank beat forecasts.":       "business",
		"The party leader called for an election after the vote in parliament.": "politics",
	} {
		sc := m.Scores(text)
		for l, p := range sc {
			if l != want && p >= sc[want] {
				t.Errorf("Scores(%q)[%s] = %.3f >= [%s] %.3f, want %s on top", text, l, p, want, sc[want], want)
			}
		}
	}
}

func TestTrainErrors(t *testing.T) {
	one := []Example{{Text: "a b c", Labels: []string{"x"}}, {Text: "d e f", Labels: []string{"x"}}}
	tests := []struct {
		name    string
		ex      []Example
		cfg     TrainConfig
		wantErr error
	}{
		{"no labels", []Example{{Text: "hello"}}, TrainConfig{Name: "m"}, ErrNoData},
		{"one class only", one, TrainConfig{Name: "m"}, ErrNoData},
		{"no words", []Example{{Text: "", Labels: []string{"x"}}, {Text: " !? ", Labels: []string{"y"}}}, TrainConfig{Name: "m"}, ErrNoData},
		{"bad C", one, TrainConfig{Name: "m", C: -1}, nil},
		{"bad threshold floor", one, TrainConfig{Name: "m", MinThreshold: 1}, nil},
		{"no name", one, TrainConfig{}, nil},
		{"bad bits", one, TrainConfig{Name: "m", Bits: 40}, nil},
		{"unknown label", []Example{{Text: "a", Labels: []string{"y"}}}, TrainConfig{Name: "m", Labels: []LabelDef{{ID: "x"}}}, nil},
		{"negative weight", []Example{{Text: "a", Labels: []string{"x"}, Weight: -1}}, TrainConfig{Name: "m"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Train(context.Background(), tc.ex, tc.cfg)
			if err == nil {
				t.Fatalf("Train(%s) = nil error, want an error", tc.name)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("Train(%s) = %v, want an error wrapping %v", tc.name, err, tc.wantErr)
			}
		})
	}
}

// Weights 0 and 1 both mean 1: the same bytes as no weights. Another weight
// changes the model.
func TestTrainWeights(t *testing.T) {
	ex := readFixture(t, "small.jsonl")
	train := func(w func(i int) float64) []byte {
		t.Helper()
		e := slices.Clone(ex)
		for i := range e {
			e[i].Weight = w(i)
		}
		m, err := Train(context.Background(), e, TrainConfig{Name: "small", Bits: 12, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return m.Encode()
	}
	plain := train(func(int) float64 { return 0 })
	if !bytes.Equal(train(func(i int) float64 { return float64(i % 2) }), plain) {
		t.Errorf("weights of 0 and 1 changed the model; both mean 1")
	}
	if bytes.Equal(train(func(i int) float64 { return 0.25 + float64(i%2) }), plain) {
		t.Errorf("weights of 0.25 and 1.25 left the model unchanged")
	}
}

func TestTrainCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, readFixture(t, "small.jsonl"), TrainConfig{Name: "m", Bits: 12}); !errors.Is(err, context.Canceled) {
		t.Errorf("Train(cancelled ctx) = %v, want context.Canceled", err)
	}
}

func TestPlattCalibrates(t *testing.T) {
	// Scores that separate the classes well give probabilities near 0 and 1,
	// increasing with the score.
	var f []float64
	var y []bool
	for i := range 200 {
		s := float64(i%100)/50 - 1
		f = append(f, s)
		y = append(y, s > 0)
	}
	a, b := platt(f, y)
	if a <= 0 {
		t.Fatalf("platt slope = %v, want > 0", a)
	}
	if p := sigmoid(a*0.9 + b); p < 0.9 {
		t.Errorf("p(0.9) = %v, want >= 0.9", p)
	}
	if p := sigmoid(a*-0.9 + b); p > 0.1 {
		t.Errorf("p(-0.9) = %v, want <= 0.1", p)
	}
}

func TestSplitDeterministicStratified(t *testing.T) {
	var ex []Example
	for i := range 100 {
		l := "a"
		if i%4 == 0 {
			l = "b"
		}
		ex = append(ex, Example{Text: string(rune('a' + i%26)), Labels: []string{l}})
	}
	tr1, te1 := Split(ex, 0.2, 3)
	tr2, te2 := Split(ex, 0.2, 3)
	if len(te1) != 20 || len(tr1) != 80 {
		t.Fatalf("Split sizes = %d/%d, want 80/20", len(tr1), len(te1))
	}
	nb := 0
	for _, e := range te1 {
		if e.Labels[0] == "b" {
			nb++
		}
	}
	if nb != 5 {
		t.Errorf("test split has %d of label b, want 5 (stratified)", nb)
	}
	for i := range te1 {
		if te1[i].Text != te2[i].Text {
			t.Fatalf("Split is not deterministic")
		}
	}
	_ = tr2
}

// edgeSet is a small multi-label training set in which label "big" is on a
// third of the examples, "common" on all but two, "rare1" on one example,
// "rare2" on two, "everywhere" on every example, and "absent" is a label of
// the configured taxonomy that no example has; plus two texts without a
// word and a duplicate with other labels.
func edgeSet() ([]Example, []LabelDef) {
	words := []string{"market", "shares", "goal", "match", "vote", "party", "film", "actor", "rain", "storm", "court", "judge"}
	var ex []Example
	for i := range 60 {
		text := []string{fmt.Sprintf("doc%d", i)}
		for k := range 12 {
			text = append(text, words[(i*7+k*k+i/5)%len(words)])
		}
		labels := []string{"everywhere"}
		if i%3 == 0 {
			labels = append(labels, "big")
			text = append(text, "bigword", "bigword")
		}
		if i >= 2 {
			labels = append(labels, "common")
		}
		if i == 5 {
			labels = append(labels, "rare1")
			text = append(text, "castor", "oil")
		}
		if i == 7 || i == 8 {
			labels = append(labels, "rare2")
			text = append(text, "palladium")
		}
		ex = append(ex, Example{Text: strings.Join(text, " "), Labels: labels})
	}
	ex = append(ex,
		Example{Text: "", Labels: []string{"big", "everywhere"}},
		Example{Text: "... !!", Labels: []string{"everywhere"}},
		Example{Text: ex[3].Text, Labels: []string{"everywhere", "common"}},
	)
	var defs []LabelDef
	for _, l := range []string{"absent", "big", "common", "everywhere", "rare1", "rare2"} {
		defs = append(defs, LabelDef{ID: l, Name: l})
	}
	return ex, defs
}

// TestTrainEdgeCases trains on every kind of label distribution at once and
// checks the report: what was trained, under which rule, what was skipped
// and why, what was left out of the data.
func TestTrainEdgeCases(t *testing.T) {
	ex, defs := edgeSet()
	m, rep, err := TrainWithReport(context.Background(), ex, TrainConfig{Name: "edge", Labels: defs, Bits: 12, Seed: 1})
	if err != nil {
		t.Fatalf("TrainWithReport = %v, want a model", err)
	}
	if rep.Examples != 63 || rep.Used != 61 || rep.Empty != 2 || rep.Duplicates != 1 || rep.ConflictingDuplicates != 1 {
		t.Errorf("report data = %d given, %d used, %d empty, %d duplicates (%d conflicting), want 63, 61, 2, 1 (1)",
			rep.Examples, rep.Used, rep.Empty, rep.Duplicates, rep.ConflictingDuplicates)
	}
	want := map[string]struct {
		status    LabelStatus
		rule      LabelRule
		positives int
	}{
		"absent":     {LabelSkipped, "", 0},
		"big":        {LabelTrained, RuleOwn, 20},
		"common":     {LabelFewExamples, RuleMargin, 59},
		"everywhere": {LabelSkipped, "", 61},
		"rare1":      {LabelFewExamples, RuleRare, 1},
		"rare2":      {LabelFewExamples, RuleRare, 2},
	}
	for _, l := range rep.Labels {
		w := want[l.ID]
		if l.Status != w.status || l.Rule != w.rule || l.Positives != w.positives {
			t.Errorf("label %s: %s / %q / %d positives, want %s / %q / %d", l.ID, l.Status, l.Rule, l.Positives, w.status, w.rule, w.positives)
		}
		if l.Status == LabelSkipped && l.Reason == "" {
			t.Errorf("label %s skipped without a reason", l.ID)
		}
	}
	if got, want := m.Labels(), []string{"big", "common", "rare1", "rare2"}; !slices.Equal(got, want) {
		t.Errorf("model labels = %q, want %q (the skipped ones left out)", got, want)
	}
	r := NewRegistry()
	r.Add("edge", m)
	var tax []string
	for _, l := range r.Taxonomies()[0].Labels {
		tax = append(tax, l.ID)
	}
	if !slices.Equal(tax, m.Labels()) {
		t.Errorf("taxonomy labels = %q, want the model's %q", tax, m.Labels())
	}
	if !rep.CChosen || len(rep.CV) != len(CGrid) || !slices.Contains(CGrid, rep.C) {
		t.Errorf("C = %v (chosen %v, %d scores), want one of %v chosen by cross-validation", rep.C, rep.CChosen, len(rep.CV), CGrid)
	}
	if len(rep.Warnings) < 5 {
		t.Errorf("warnings = %q, want the empty texts, the duplicate, the few-example and skipped labels", rep.Warnings)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"rare-label margin", "skipped", "no positive example", "no negative", "cv precision", "2 without a word"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("report text lacks %q:\n%s", s, b.String())
		}
	}
	// The rare label's own words find it.
	if sc := m.Scores("castor oil market"); sc["rare1"] < 0.5 {
		t.Errorf("Scores(castor oil)[rare1] = %.3f, want >= 0.5 (its threshold)", sc["rare1"])
	}
}

// TestTrainManyLabels: hundreds of labels, most on one to three examples, and
// a single-label set, train.
func TestTrainManyLabels(t *testing.T) {
	var ex []Example
	for i := range 500 {
		l := fmt.Sprintf("l%03d", i%200)
		ex = append(ex, Example{Text: fmt.Sprintf("w%d w%d common words here", i%200, (i*7)%200), Labels: []string{l}})
	}
	m, rep, err := TrainWithReport(context.Background(), ex, TrainConfig{Name: "many", Seed: 1, C: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Labels()) != 200 || rep.Count(LabelFewExamples) != 100 {
		t.Errorf("%d labels in the model, %d on few examples, want 200 and 100 (those with 2 examples)", len(m.Labels()), rep.Count(LabelFewExamples))
	}
	single := []Example{{Text: "rain storm flood", Labels: []string{"weather"}}, {Text: "goal match team"}, {Text: "vote party"}}
	m, rep, err = TrainWithReport(context.Background(), single, TrainConfig{Name: "single", Bits: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Labels(), []string{"weather"}) || rep.Labels[0].Rule != RuleRare {
		t.Errorf("single label: labels %q, rule %q, want weather under the rare-label rule", m.Labels(), rep.Labels[0].Rule)
	}
}

func TestTrainDeterministicReport(t *testing.T) {
	ex, defs := edgeSet()
	var texts []string
	for _, workers := range []int{1, 3} {
		m, rep, err := TrainWithReport(context.Background(), ex, TrainConfig{Name: "edge", Labels: defs, Bits: 12, Seed: 3, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		rep.WriteText(&b)
		texts = append(texts, b.String()+string(m.Encode()))
	}
	if texts[0] != texts[1] {
		t.Errorf("1 and 3 workers gave different models or reports")
	}
}
