package topics

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ReadJSONL reads examples, one JSON object a line: {"text": "...",
// "labels": ["a", "b"]} (a single "label" string is accepted too), with an
// optional training "weight" (default 1). Blank lines are skipped.
func ReadJSONL(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []Example
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
		out = append(out, Example{Text: v.Text, Labels: dedupe(v.Labels), Weight: v.Weight})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("topics: jsonl: %w", err)
	}
	return out, nil
}

// ReadCSV reads examples from CSV rows "text,label"; several labels in one
// field are separated by "|". A first row "text,label" is a header.
func ReadCSV(r io.Reader) ([]Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 2
	var out []Example
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
		out = append(out, Example{Text: rec[0], Labels: dedupe(labels)})
	}
	return out, nil
}

// ReadExamples reads a JSONL file, or a CSV file when path ends in ".csv".
func ReadExamples(path string) ([]Example, error) {
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
func WriteJSONL(w io.Writer, examples []Example) error {
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

// LoadBBC reads the BBC News set (dir/<label>/NNN.txt), labelled business,
// entertainment, politics, sport and tech, in a fixed order.
func LoadBBC(dir string) ([]Example, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("topics: bbc: %w", err)
	}
	var out []Example
	for _, d := range ents {
		if !d.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, d.Name(), "*.txt"))
		if err != nil {
			return nil, err
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("topics: bbc: %w", err)
			}
			out = append(out, Example{Text: string(b), Labels: []string{d.Name()}})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("topics: bbc: no documents under %s", dir)
	}
	return out, nil
}

// LoadAGNews reads AG News (dir/dev.csv, names from dir/classes.txt).
func LoadAGNews(dir string) ([]Example, error) {
	cb, err := os.ReadFile(filepath.Join(dir, "classes.txt"))
	if err != nil {
		return nil, fmt.Errorf("topics: ag news: %w", err)
	}
	classes := strings.Fields(strings.ReplaceAll(string(cb), " ", "_"))
	for i := range classes {
		classes[i] = strings.ReplaceAll(classes[i], "_", " ")
	}
	f, err := os.Open(filepath.Join(dir, "dev.csv"))
	if err != nil {
		return nil, fmt.Errorf("topics: ag news: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	var out []Example
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("topics: ag news: %w", err)
		}
		if row == 0 && rec[0] == "label" {
			continue
		}
		k, err := strconv.Atoi(rec[0])
		if err != nil || k < 1 || k > len(classes) || len(rec) < 2 {
			return nil, fmt.Errorf("topics: ag news: row %d: bad label %q", row, rec[0])
		}
		// AG escapes line breaks as a backslash.
		text := strings.ReplaceAll(strings.Join(rec[1:], "\n"), "\\", " ")
		out = append(out, Example{Text: text, Labels: []string{classes[k-1]}})
	}
	return out, nil
}

// LoadHuffPost reads HuffPost headlines (dir/huffpost.jsonl, names from
// dir/labels.tsv).
func LoadHuffPost(dir string) ([]Example, error) {
	lb, err := os.ReadFile(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		return nil, fmt.Errorf("topics: huffpost: %w", err)
	}
	names := map[int]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(lb)), "\n") {
		id, name, ok := strings.Cut(line, "\t")
		k, err := strconv.Atoi(strings.TrimSpace(id))
		if !ok || err != nil {
			return nil, fmt.Errorf("topics: huffpost: bad labels line %q", line)
		}
		names[k] = strings.TrimSpace(name)
	}
	f, err := os.Open(filepath.Join(dir, "huffpost.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("topics: huffpost: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []Example
	for sc.Scan() {
		var v struct {
			Raw   string `json:"raw"`
			Label int    `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("topics: huffpost: %w", err)
		}
		name, ok := names[v.Label]
		if !ok {
			return nil, fmt.Errorf("topics: huffpost: unknown label %d", v.Label)
		}
		out = append(out, Example{Text: v.Raw, Labels: []string{name}})
	}
	return out, sc.Err()
}

// LoadMasakhane reads the masakhane BBC set (dir/dev.tsv: category, headline,
// text, url); the text is the headline and the body.
func LoadMasakhane(dir string) ([]Example, error) {
	f, err := os.Open(filepath.Join(dir, "dev.tsv"))
	if err != nil {
		return nil, fmt.Errorf("topics: masakhane: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	var out []Example
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("topics: masakhane: %w", err)
		}
		if row == 0 {
			continue
		}
		if len(rec) < 3 {
			return nil, fmt.Errorf("topics: masakhane: row %d has %d fields", row, len(rec))
		}
		out = append(out, Example{Text: rec[1] + "\n\n" + rec[2], Labels: []string{rec[0]}})
	}
	return out, nil
}

// Split divides examples into train and test, deterministically for a seed:
// testFrac of each first label's examples (stratified) go to test, in input
// order.
func Split(examples []Example, testFrac float64, seed uint64) (train, test []Example) {
	byLabel := groupByFirstLabel(examples)
	isTest := make([]bool, len(examples))
	rng := rand.New(rand.NewPCG(seed, 0x73706c6974))
	for _, idx := range byLabel {
		perm := rng.Perm(len(idx))
		n := int(float64(len(idx))*testFrac + 0.5)
		for _, p := range perm[:n] {
			isTest[idx[p]] = true
		}
	}
	for i, e := range examples {
		if isTest[i] {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}

// stratifiedFolds assigns each example to one of k folds, stratified by first
// label, deterministically for a seed. k 0 returns nil.
func stratifiedFolds(examples []Example, k int, seed uint64) []int {
	if k <= 0 {
		return nil
	}
	fold := make([]int, len(examples))
	rng := rand.New(rand.NewPCG(seed, 0x666f6c64))
	for _, idx := range groupByFirstLabel(examples) {
		for r, p := range rng.Perm(len(idx)) {
			fold[idx[p]] = r % k
		}
	}
	return fold
}

// groupByFirstLabel returns example indices per first label, labels sorted.
func groupByFirstLabel(examples []Example) [][]int {
	m := map[string][]int{}
	for i, e := range examples {
		l := ""
		if len(e.Labels) > 0 {
			l = e.Labels[0]
		}
		m[l] = append(m[l], i)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([][]int, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// KFold returns the train and test sets of fold i of k stratified folds.
func KFold(examples []Example, k, i int, seed uint64) (train, test []Example) {
	fold := stratifiedFolds(examples, k, seed)
	for j, e := range examples {
		if fold[j] == i {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}
