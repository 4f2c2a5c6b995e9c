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
	"strconv"
	"strings"

	"github.com/docsift/docsift/internal/topics"
)

// LoadBBC reads the BBC News set (dir/<label>/NNN.txt), labelled business,
// entertainment, politics, sport and tech, in a fixed order.
func LoadBBC(dir string) ([]topics.Example, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("topics: bbc: %w", err)
	}
	var out []topics.Example
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
			out = append(out, topics.Example{Text: string(b), Labels: []string{d.Name()}})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("topics: bbc: no documents under %s", dir)
	}
	return out, nil
}

// LoadAGNews reads AG News (dir/dev.csv, names from dir/classes.txt).
func LoadAGNews(dir string) ([]topics.Example, error) {
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
	var out []topics.Example
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
		out = append(out, topics.Example{Text: text, Labels: []string{classes[k-1]}})
	}
	return out, nil
}

// LoadHuffPost reads HuffPost headlines (dir/huffpost.jsonl, names from
// dir/labels.tsv).
func LoadHuffPost(dir string) ([]topics.Example, error) {
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
	var out []topics.Example
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
		out = append(out, topics.Example{Text: v.Raw, Labels: []string{name}})
	}
	return out, sc.Err()
}

// LoadMasakhane reads the masakhane BBC set (dir/dev.tsv: category, headline,
// text, url); the text is the headline and the body.
func LoadMasakhane(dir string) ([]topics.Example, error) {
	f, err := os.Open(filepath.Join(dir, "dev.tsv"))
	if err != nil {
		return nil, fmt.Errorf("topics: masakhane: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	var out []topics.Example
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
		out = append(out, topics.Example{Text: rec[1] + "\n\n" + rec[2], Labels: []string{rec[0]}})
	}
	return out, nil
}
