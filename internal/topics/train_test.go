package topics

import (
	"bytes"
	"context"
	"errors"
	"slices"
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
