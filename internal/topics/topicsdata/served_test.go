package topicsdata

import (
	"context"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/topics"
)

// TestEvalServed checks the served topic scores: the first returned topic
// among the document's known labels decides accuracy, unknown labels are
// skipped, a refused stage and an empty answer are counted, and text that
// is not UTF-8 is sent as UTF-8.
func TestEvalServed(t *testing.T) {
	examples := []topics.Example{
		{Text: "a", Labels: []string{"sport"}, Known: []string{"sport", "politics"}},
		{Text: "b", Labels: []string{"sport"}, Known: []string{"sport", "politics"}},
		{Text: "c", Labels: []string{"politics"}},
		{Text: "d", Labels: []string{"politics"}},
		{Text: "\xa3", Labels: []string{"economy"}},
	}
	answers := map[string]*analysis.Result{
		// "crime" is not known for the document: skipped, "sport" decides.
		"a": {Topics: []analysis.Topic{{ID: "crime"}, {ID: "sport"}, {ID: "politics"}}},
		"b": {Topics: []analysis.Topic{{ID: "politics"}, {ID: "sport"}}},
		"c": {},
		"d": {Warnings: []analysis.Warning{{Stage: analysis.StageTopics, Code: analysis.WarnLanguageNotSupported}}},
		"£": {Topics: []analysis.Topic{{ID: "economy"}}},
	}
	r, err := EvalServed(context.Background(), examples, func(_ context.Context, text string) (*analysis.Result, error) {
		res, ok := answers[text]
		if !ok {
			t.Fatalf("served text %q, want one of the examples' (as UTF-8)", text)
		}
		return res, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Correct: a, £. Returned known labels: a sport+politics, b politics+sport,
	// £ economy: tp 3 (a sport, b sport, £ economy), fp 2, fn 2 (c, d).
	if r.N != 5 || r.Accuracy != 0.4 || r.MicroPrecision != 0.6 || r.MicroRecall != 0.6 || r.NoTopics != 2 || r.LostStage != 1 {
		t.Errorf("EvalServed = %+v; want 5 documents, accuracy 0.4, micro P 0.6 R 0.6, 2 without topics, 1 lost", *r)
	}
}
