package topicsdata

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/topics"
)

// Served sends one plain-text document through the path the server runs
// (a Pipeline's Classify or Analyze, built by internal/serving) and returns
// the result, as a client gets it: only the topics at or above their
// thresholds.
type Served func(ctx context.Context, text string) (*analysis.Result, error)

// ServedReport is what a client gets on a labelled set.
type ServedReport struct {
	N int `json:"documents"`
	// Accuracy is the share of documents whose first returned topic among
	// the labels known for the document is a gold label; a document with
	// no such topic counts as wrong (topics.Report.Accuracy ranks all known
	// labels, thresholds or not).
	Accuracy float64 `json:"accuracy"`
	// Micro precision, recall and F1 of the returned topics over the known
	// labels (comparable with topics.Report's, which thresholds the same way).
	MicroPrecision float64 `json:"micro_precision"`
	MicroRecall    float64 `json:"micro_recall"`
	MicroF1        float64 `json:"micro_f1"`
	// NoTopics counts documents that came back with no topic at all;
	// LostStage those whose topics were not computed (the topics stage's
	// LANGUAGE_NOT_SUPPORTED, or EMPTY_BODY).
	NoTopics  int            `json:"no_topics"`
	LostStage int            `json:"lost_stage"`
	Warnings  map[string]int `json:"warnings,omitempty"`
}

// EvalServed sends every example's text through serve and scores the
// returned topics against its labels.
func EvalServed(ctx context.Context, examples []topics.Example, serve Served) (*ServedReport, error) {
	r := &ServedReport{N: len(examples), Warnings: map[string]int{}}
	var correct, tp, fp, fn int
	for i, e := range examples {
		res, err := serve(ctx, clientText(e.Text))
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i+1, err)
		}
		known := func(id string) bool { return e.Known == nil || slices.Contains(e.Known, id) }
		first := true
		for _, t := range res.Topics {
			if !known(t.ID) {
				continue
			}
			gold := slices.Contains(e.Labels, t.ID)
			if first && gold {
				correct++
			}
			first = false
			if gold {
				tp++
			} else {
				fp++
			}
		}
		for _, l := range e.Labels {
			if !slices.ContainsFunc(res.Topics, func(t analysis.Topic) bool { return t.ID == l }) {
				fn++
			}
		}
		if len(res.Topics) == 0 {
			r.NoTopics++
		}
		lost := false
		for _, w := range res.Warnings {
			r.Warnings[w.Code]++
			// Not computed: refused by the language gate, or no body to
			// read. LANGUAGE_UNCERTAIN stages ran.
			if w.Stage == analysis.StageTopics && w.Code == analysis.WarnLanguageNotSupported || w.Code == analysis.WarnEmptyBody {
				lost = true
			}
		}
		if lost {
			r.LostStage++
		}
	}
	div := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	r.Accuracy = div(correct, r.N)
	r.MicroPrecision, r.MicroRecall = div(tp, tp+fp), div(tp, tp+fn)
	r.MicroF1 = div(2*tp, 2*tp+fp+fn)
	return r, nil
}

// clientText is text as a client must send it, in UTF-8: a text that is not
// valid UTF-8 is read as Latin-1, as one BBC file (sport/199.txt, "£" as
// byte 0xA3) is written. The model alone reads the bytes as they are.
func clientText(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		b.WriteRune(rune(text[i]))
	}
	return b.String()
}
