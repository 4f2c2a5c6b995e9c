package topicsdata

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/topics"
)

// BenchmarkTrain10k measures training on 10,000 short documents (the budget
// is a minute).
func BenchmarkTrain10k(b *testing.B) {
	d := datatest.Dir(b, "topics")
	hp, err := LoadHuffPost(filepath.Join(d, "topics", "huffpost"))
	if err != nil {
		b.Fatal(err)
	}
	tr, _ := topics.Split(hp, 1-10000.0/float64(len(hp)), 1)
	_, ex := topics.Split(hp, 10000.0/float64(len(hp)), 1)
	_ = tr
	b.ReportAllocs()
	for b.Loop() {
		// C fixed: the figure stays comparable with the model card's; the
		// cross-validated default fits five Cs.
		if _, err := topics.Train(context.Background(), ex, topics.TrainConfig{Name: "hp10k", Seed: 1, C: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassifyBBC classifies the 2,225 BBC articles in turn: varied
// text, so the weight table is read cold as in service.
func BenchmarkClassifyBBC(b *testing.B) {
	ex, err := LoadBBC(filepath.Join(datatest.Dir(b, "topics"), "topics", "bbc"))
	if err != nil {
		b.Fatal(err)
	}
	r, err := topics.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, e := range ex {
		n += int64(len(e.Text))
	}
	ctx := context.Background()
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range ex {
			if _, _, err := r.Classify(ctx, e.Text, analysis.TopicOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
