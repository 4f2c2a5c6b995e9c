package topicsdata

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/docsift/docsift/internal/topics"
)

func TestSyntheticLongTail(t *testing.T) {
	tr, te := Synthetic(SyntheticLabels, QualitySeed)
	tr2, te2 := Synthetic(SyntheticLabels, QualitySeed)
	if !reflect.DeepEqual(tr, tr2) || !reflect.DeepEqual(te, te2) {
		t.Fatal("Synthetic is not deterministic for a seed")
	}
	pos := positives(tr)
	ones, largest := 0, 0
	for _, n := range pos {
		if n == 1 {
			ones++
		}
		largest = max(largest, n)
	}
	if len(pos) != SyntheticLabels || ones < 10 || largest < 1000 {
		t.Fatalf("synthetic set: %d labels, %d with one example, largest %d; want %d, >= 10, >= 1000 (Zipf-like)", len(pos), ones, largest, SyntheticLabels)
	}
}

// Quality floors of the long-tailed benchmarks, just under what
// `docsift-models eval topics --longtail` measured (scikit-learn's TF-IDF +
// one-vs-rest LinearSVC on the same splits in brackets,
// internal/topics/scripts/sklearn_multilabel.py).
var longTailFloors = map[string][2]float64{ // micro F1, macro F1
	"synthetic-longtail": {0.975, 0.81}, // 0.9833, 0.8314 (sklearn 0.9598, 0.3702)
	"huffpost-longtail":  {0.70, 0.14},  // 0.7100, 0.1493 (sklearn 0.7167, 0.0944)
	"bbc-longtail":       {0.57, 0.46},  // 0.5840, 0.4730 (sklearn 0.4099, 0.2740)
}

// TestLongTailSyntheticTraining trains on the synthetic long-tailed set with
// the defaults (see runLongTail).
func TestLongTailSyntheticTraining(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a 60-label model (~20 s); skipped in -short mode")
	}
	bs, err := LongTailBenchmarks("")
	if err != nil {
		t.Fatal(err)
	}
	runLongTail(t, bs[0])
}

// TestLongTailData does the same on the HuffPost and BBC long tails; they
// need DOCSIFT_DATA.
func TestLongTailData(t *testing.T) {
	bs, err := LongTailBenchmarks(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs[1:] {
		t.Run(b.Name, func(t *testing.T) { runLongTail(t, b) })
	}
}

// runLongTail trains on b's training split with the defaults: training
// succeeds, the report says the right thing about every label, and the
// test split scores above the floors.
func runLongTail(t *testing.T, b Benchmark) {
	t.Helper()
	r, rep, err := b.RunMultiLabel(context.Background(), topics.TrainConfig{Seed: QualitySeed})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d documents, %d labels, micro F1 %.4f, macro F1 %.4f, C %g, %d trained, %d few, %d skipped",
		r.Name, r.N, r.Labels, r.MicroF1, r.MacroF1, r.C, r.Trained, r.Few, r.Skipped)
	checkReport(t, b.Folds[0][0], rep)
	floor, ok := longTailFloors[b.Name]
	if !ok {
		t.Fatalf("no floor pinned for %s", b.Name)
	}
	if r.MicroF1 < floor[0] || r.MacroF1 < floor[1] {
		t.Errorf("%s: micro F1 %.4f, macro F1 %.4f, want >= %.3f and %.3f", b.Name, r.MicroF1, r.MacroF1, floor[0], floor[1])
	}
}

// checkReport checks the training report against counts taken from the
// examples: every label's positives and negatives, and the status and rule
// those counts call for.
func checkReport(t *testing.T, train []topics.Example, rep *topics.TrainReport) {
	t.Helper()
	pos := positives(train)
	if rep.Used != len(train) || len(rep.Labels) != len(pos) {
		t.Errorf("report: %d examples used, %d labels, want %d and %d", rep.Used, len(rep.Labels), len(train), len(pos))
	}
	for _, l := range rep.Labels {
		p, n := pos[l.ID], len(train)-pos[l.ID]
		var status topics.LabelStatus
		var rule topics.LabelRule
		switch {
		case p == 0 || n == 0:
			status = topics.LabelSkipped
		case p < topics.MinCalibrated:
			status, rule = topics.LabelFewExamples, topics.RuleRare
		case n < topics.MinCalibrated:
			status, rule = topics.LabelFewExamples, topics.RuleMargin
		default:
			status, rule = topics.LabelTrained, topics.RuleOwn
		}
		if l.Positives != p || l.Negatives != n || l.Status != status || l.Rule != rule {
			t.Errorf("label %s: %d+/%d-, %s, %q; want %d+/%d-, %s, %q", l.ID, l.Positives, l.Negatives, l.Status, l.Rule, p, n, status, rule)
		}
		if l.Status != topics.LabelSkipped && (l.Threshold <= 0 || l.Threshold >= 1 || l.Precision < 0 || l.Precision > 1 || l.Recall < 0 || l.Recall > 1) {
			t.Errorf("label %s: threshold %v, precision %v, recall %v out of range", l.ID, l.Threshold, l.Precision, l.Recall)
		}
	}
	if !rep.CChosen || !slices.Contains(topics.CGrid, rep.C) {
		t.Errorf("C %v, chosen %v: want one of %v chosen by cross-validation", rep.C, rep.CChosen, topics.CGrid)
	}
}

func positives(ex []topics.Example) map[string]int {
	pos := map[string]int{}
	for _, e := range ex {
		for _, l := range e.Labels {
			pos[l]++
		}
	}
	return pos
}
