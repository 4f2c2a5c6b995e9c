package topicsdata

import (
	"bytes"
	"slices"
	"testing"

	"github.com/docsift/docsift/internal/topics"
)

func TestJSONLWeightRoundTrip(t *testing.T) {
	in := []topics.Example{{Text: "a", Labels: []string{"x"}}, {Text: "b", Labels: []string{"y"}, Weight: 0.25}, {Text: "c", Labels: []string{"x"}, Weight: 1}}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0.25, 0}
	for i, e := range out {
		if e.Weight != want[i] {
			t.Errorf("example %d: weight after round trip = %v, want %v", i, e.Weight, want[i])
		}
	}
	if _, err := ReadJSONL(bytes.NewBufferString(`{"text": "a", "labels": ["x"], "weight": -1}`)); err == nil {
		t.Errorf("ReadJSONL(negative weight) = nil error, want an error")
	}
}

func TestReadCSV(t *testing.T) {
	in := "text,label\n\"Shares fell, again\",business\nThe team won,sport|news\n"
	ex, err := ReadCSV(bytes.NewBufferString(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 2 || ex[0].Text != "Shares fell, again" || !slices.Equal(ex[1].Labels, []string{"sport", "news"}) {
		t.Errorf("ReadCSV(%q) = %+v", in, ex)
	}
}
