package topicsdata

import (
	"bytes"
	"context"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/topics"
)

// dataDir returns the shared data folder (see datatest.Dir).
func dataDir(t testing.TB) string { return datatest.Dir(t, "topics") }

// Quality floors, pinned just under the figures measured by
// `docsift-models eval topics --benchmarks` and `--iptc-heldout` (see the model
// card). They need DOCSIFT_DATA.
var benchmarkFloors = map[string]float64{
	"bbc-5fold":         0.978, // measured 0.9838
	"ag-news-heldout":   0.878, // measured 0.8812
	"masakhane-heldout": 0.88,  // measured 0.8830 (83 of 94)
	"masakhane-5fold":   0.885, // measured 0.8877
}

func TestBenchmarkFloors(t *testing.T) {
	bs, err := Benchmarks(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		t.Run(b.Name, func(t *testing.T) {
			r, err := b.Run(context.Background(), topics.TrainConfig{Seed: QualitySeed})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d documents, accuracy %.4f, macro F1 %.4f", r.Name, r.N, r.Accuracy, r.MacroF1)
			floor, ok := benchmarkFloors[b.Name]
			if !ok {
				t.Fatalf("no floor pinned for benchmark %s", b.Name)
			}
			if r.Accuracy < floor {
				t.Errorf("%s accuracy = %.4f, want >= %.4f", b.Name, r.Accuracy, floor)
			}
		})
	}
}

var iptcHeldOutFloors = map[string]float64{
	"ag_news":   0.865, // measured 0.8731
	"masakhane": 0.81,  // measured 0.8298
	"huffpost":  0.66,  // measured 0.6683
}

// TestIPTCHeldOut measures the embedded model on the documents held out of
// its training, labels mapped onto IPTC.
func TestIPTCHeldOut(t *testing.T) {
	d, err := LoadIPTCData(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	m, err := topics.Decode(topics.DefaultModelBytes())
	if err != nil {
		t.Fatal(err)
	}
	for name, floor := range iptcHeldOutFloors {
		rep, err := topics.Evaluate(context.Background(), m, d.HeldOut[name])
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d documents, accuracy %.4f, micro F1 %.4f, macro F1 %.4f", name, rep.N, rep.Accuracy, rep.MicroF1, rep.MacroF1)
		if rep.Accuracy < floor {
			t.Errorf("iptc on %s held out: accuracy %.4f, want >= %.4f", name, rep.Accuracy, floor)
		}
	}
}

// TestIPTCModelReproducible retrains the default model from the data and
// checks that it is byte-identical to the embedded one: training is
// deterministic, and the embedded model matches this build's featurizer.
func TestIPTCModelReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("retrains the IPTC model (~10 s); skipped in -short mode")
	}
	d, err := LoadIPTCData(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	labels, err := d.Labels()
	if err != nil {
		t.Fatal(err)
	}
	m, err := topics.TrainIPTC(context.Background(), d.Train, labels, 1)
	if err != nil {
		t.Fatal(err)
	}
	iptcModel := topics.DefaultModelBytes()
	if got := m.Encode(); !bytes.Equal(got, iptcModel) {
		t.Errorf("retrained IPTC model %s (%d bytes) differs from the embedded model (%d bytes); regenerate it with: go run ./cmd/docsift-models train topics --iptc --out internal/topics/model/iptc.model", m.Version(), len(got), len(iptcModel))
	}
}
