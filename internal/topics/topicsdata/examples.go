package topicsdata

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docsift/docsift/internal/topics"
)

// ReadJSONL reads examples, one JSON object a line: {"text": "...",
// "labels": ["a", "b"]} (a single "label" string is accepted too), with an
// optional training "weight" (default 1). Blank lines are skipped.
func ReadJSONL(r io.Reader) ([]topics.Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []topics.Example
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var v struct {
			Text   string   `json:"text"`
			Labels []string `json:"labels"`
			Label  string   `json:"label"`
			Weight float64  `json:"weight"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("topics: jsonl line %d: %w", line, err)
		}
		if v.Weight < 0 {
			return nil, fmt.Errorf("topics: jsonl line %d: negative weight %v", line, v.Weight)
		}
		if v.Label != "" {
			v.Labels = append(v.Labels, v.Label)
		}
		out = append(out, topics.Example{Text: v.Text, Labels: dedupe(v.Labels), Weight: v.Weight})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("topics: jsonl: %w", err)
	}
	return out, nil
}

// ReadCSV reads examples from CSV rows "text,label"; several labels in one
// field are separated by "|". A first row "text,label" is a header.
func ReadCSV(r io.Reader) ([]topics.Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 2
	var out []topics.Example
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("topics: csv: %w", err)
		}
		if row == 1 && strings.EqualFold(rec[0], "text") && strings.HasPrefix(strings.ToLower(rec[1]), "label") {
			continue
		}
		var labels []string
		for _, l := range strings.Split(rec[1], "|") {
			if l = strings.TrimSpace(l); l != "" {
				labels = append(labels, l)
			}
		}
		out = append(out, topics.Example{Text: rec[0], Labels: dedupe(labels)})
	}
	return out, nil
}

// ReadExamples reads a JSONL file, or a CSV file when path ends in ".csv".
func ReadExamples(path string) ([]topics.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return ReadCSV(f)
	}
	return ReadJSONL(f)
}

// WriteJSONL writes examples in ReadJSONL's format; the weight only when it
// is not 1.
func WriteJSONL(w io.Writer, examples []topics.Example) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, e := range examples {
		labels := e.Labels
		if labels == nil {
			labels = []string{}
		}
		w := e.Weight
		if w == 1 {
			w = 0
		}
		if err := enc.Encode(struct {
			Text   string   `json:"text"`
			Labels []string `json:"labels"`
			Weight float64  `json:"weight,omitempty"`
		}{e.Text, labels, w}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func dedupe(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
