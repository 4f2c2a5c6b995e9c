package topicsdata

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/docsift/docsift/internal/topics"
)

// Quality benchmarks on DOCSIFT data. Each trains a model on the dataset's own
// labels and measures it on data held out from that training; the splits are
// deterministic (seed QualitySeed) and can be written out for other tools
// (WriteSplits) so that baselines read exactly the same documents.

// QualitySeed seeds every split and training of the quality benchmarks.
const QualitySeed = 1

// HeldOutFrac is the share of AG News and masakhane held out for testing.
const HeldOutFrac = 0.2

// BBCFolds is the number of cross-validation folds on BBC.
const BBCFolds = 5

// Benchmark is one quality benchmark's split.
type Benchmark struct {
	Name string
	// Folds are (train, test) pairs: 5 for BBC, 1 for held-out splits.
	Folds [][2][]topics.Example
}

// Benchmarks loads the quality benchmarks from dataDir (DOCSIFT data root).
func Benchmarks(dataDir string) ([]Benchmark, error) {
	topicsDir := filepath.Join(dataDir, "topics")
	if _, err := os.Stat(topicsDir); err != nil {
		return nil, fmt.Errorf("topics: data: %w", err)
	}
	bbc, err := LoadBBC(filepath.Join(topicsDir, "bbc"))
	if err != nil {
		return nil, err
	}
	ag, err := LoadAGNews(filepath.Join(topicsDir, "ag_news"))
	if err != nil {
		return nil, err
	}
	mk, err := LoadMasakhane(filepath.Join(topicsDir, "masakhane"))
	if err != nil {
		return nil, err
	}
	hp, err := LoadHuffPost(filepath.Join(topicsDir, "huffpost"))
	if err != nil {
		return nil, err
	}
	// masakhane's 378 training documents are few: every masakhane model
	// here also trains on BBC and HuffPost documents relabelled onto
	// masakhane's labels. Its test documents stay held out.
	extra := masakhaneExtra(bbc, hp)
	b := Benchmark{Name: "bbc-5fold"}
	for i := range BBCFolds {
		tr, te := topics.KFold(bbc, BBCFolds, i, QualitySeed)
		b.Folds = append(b.Folds, [2][]topics.Example{tr, te})
	}
	// A steadier masakhane figure than 94 held-out documents give.
	mk5 := Benchmark{Name: "masakhane-5fold"}
	for i := range BBCFolds {
		tr, te := topics.KFold(mk, BBCFolds, i, QualitySeed)
		mk5.Folds = append(mk5.Folds, [2][]topics.Example{append(tr, extra...), te})
	}
	agTr, agTe := topics.Split(ag, HeldOutFrac, QualitySeed)
	mkTr, mkTe := topics.Split(mk, HeldOutFrac, QualitySeed)
	mkTr = append(mkTr, extra...)
	return []Benchmark{
		b,
		{Name: "ag-news-heldout", Folds: [][2][]topics.Example{{agTr, agTe}}},
		{Name: "masakhane-heldout", Folds: [][2][]topics.Example{{mkTr, mkTe}}},
		mk5,
	}, nil
}

// The masakhane benchmarks' out-of-domain training data: BBC News 2004-05
// (whole articles, no health label) and the HuffPost headlines of the six
// categories that match masakhane's labels.
var (
	masakhaneFromBBC = map[string][]string{
		"business": {"business"}, "entertainment": {"entertainment"}, "politics": {"politics"},
		"sport": {"sports"}, "tech": {"technology"},
	}
	masakhaneFromHuffPost = map[string][]string{
		"BUSINESS": {"business"}, "ENTERTAINMENT": {"entertainment"}, "WELLNESS": {"health"},
		"HEALTHY LIVING": {"health"}, "POLITICS": {"politics"}, "SPORTS": {"sports"}, "TECH": {"technology"},
	}
)

// HuffPostWeight is the training weight of a HuffPost headline in the
// masakhane benchmarks (a masakhane or BBC article weighs 1). Chosen by
// 5-fold cross-validation within masakhane's training split (see the model
// card): headlines are another genre, and at full weight they outvote the
// articles.
const HuffPostWeight = 0.25

// masakhaneExtra relabels BBC and HuffPost examples onto masakhane's labels;
// each knows only the labels its set covers.
func masakhaneExtra(bbc, hp []topics.Example) []topics.Example {
	return append(mapLabels(bbc, masakhaneFromBBC, 1), mapLabels(hp, masakhaneFromHuffPost, HuffPostWeight)...)
}

// BenchmarkResult is a benchmark's pooled accuracy and the mean over folds
// of the top-1 macro F1.
type BenchmarkResult struct {
	Name     string  `json:"name"`
	N        int     `json:"documents"`
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
}

// Run trains a model per fold with cfg (C 1 unless set) and returns accuracy over all test
// documents of all folds, and the mean macro F1 of the folds.
func (b Benchmark) Run(ctx context.Context, cfg topics.TrainConfig) (BenchmarkResult, error) {
	res := BenchmarkResult{Name: b.Name}
	var correct float64
	if cfg.C == 0 {
		// The per-dataset benchmarks measure the method at the fixed C of
		// the model card (and cross-validating C would take five times
		// as long in CI); --longtail measures the cross-validated default.
		cfg.C = 1
	}
	for i, f := range b.Folds {
		c := cfg
		c.Name = b.Name
		m, err := topics.Train(ctx, f[0], c)
		if err != nil {
			return res, fmt.Errorf("%s fold %d: %w", b.Name, i, err)
		}
		rep, err := topics.Evaluate(ctx, m, f[1])
		if err != nil {
			return res, fmt.Errorf("%s fold %d: %w", b.Name, i, err)
		}
		correct += rep.Accuracy * float64(rep.N)
		res.N += rep.N
		res.MacroF1 += rep.Top1MacroF1 / float64(len(b.Folds))
	}
	res.Accuracy = correct / float64(res.N)
	return res, nil
}

// WriteSplits writes every fold of the benchmarks as JSONL under dir:
// <name>/fold<i>.train.jsonl and .test.jsonl.
func WriteSplits(dir string, benchmarks []Benchmark) error {
	for _, b := range benchmarks {
		d := filepath.Join(dir, b.Name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		for i, f := range b.Folds {
			for k, part := range []string{"train", "test"} {
				if err := writeJSONLFile(filepath.Join(d, fmt.Sprintf("fold%d.%s.jsonl", i, part)), f[k]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func writeJSONLFile(path string, examples []topics.Example) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteJSONL(f, examples); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
