package entitiesdata

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/entities"
)

// GUMDoc is one GUM document (WebAnno TSV 3.2): its text rebuilt from the
// token offsets and its gold "time" entity spans (UTF-8 bytes).
type GUMDoc struct {
	Name  string
	Text  string
	Times []analysis.Span
}

// ReadGUM reads a WebAnno TSV file and keeps the time entities.
func ReadGUM(path string) (GUMDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return GUMDoc{}, err
	}
	defer f.Close()
	type tok struct {
		b, e int // code points
		word string
		sent bool
	}
	var toks []tok
	spans := map[string][2]int{}
	var single [][2]int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	newSent := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#Text=") {
			newSent = true
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 4 || strings.HasPrefix(line, "#") {
			continue
		}
		be := strings.SplitN(fs[1], "-", 2)
		if len(be) != 2 {
			continue
		}
		b, err1 := strconv.Atoi(be[0])
		e, err2 := strconv.Atoi(be[1])
		if err1 != nil || err2 != nil || e < b {
			return GUMDoc{}, fmt.Errorf("gum: %s: bad offsets %q", path, fs[1])
		}
		toks = append(toks, tok{b, e, fs[2], newSent})
		newSent = false
		for _, ent := range strings.Split(fs[3], "|") {
			if !strings.HasPrefix(ent, "time") {
				continue
			}
			id := ""
			if i := strings.IndexByte(ent, '['); i >= 0 {
				id = ent[i:]
			}
			if id == "" {
				single = append(single, [2]int{b, e})
				continue
			}
			s, ok := spans[id]
			if !ok {
				s = [2]int{b, e}
			}
			s[0], s[1] = min(s[0], b), max(s[1], e)
			spans[id] = s
		}
	}
	if err := sc.Err(); err != nil {
		return GUMDoc{}, err
	}
	n := 0
	for _, t := range toks {
		n = max(n, t.e)
	}
	runes := make([]rune, n)
	for i := range runes {
		runes[i] = ' '
	}
	for _, t := range toks {
		k := t.b
		for _, r := range t.word {
			if k < t.e {
				runes[k] = r
			}
			k++
		}
		if t.sent && t.b > 0 && runes[t.b-1] == ' ' {
			runes[t.b-1] = '\n'
		}
	}
	// Code point -> byte offsets.
	byteOff := make([]int, n+1)
	off := 0
	for i, r := range runes {
		byteOff[i] = off
		off += utf8.RuneLen(r)
	}
	byteOff[n] = off
	doc := GUMDoc{Name: filepath.Base(path), Text: string(runes)}
	for _, s := range spans {
		single = append(single, s)
	}
	for _, s := range single {
		doc.Times = append(doc.Times, analysis.Span{Begin: byteOff[s[0]], End: byteOff[s[1]]})
	}
	sort.Slice(doc.Times, func(a, b int) bool { return doc.Times[a].Begin < doc.Times[b].Begin })
	return doc, nil
}

// TimeScores are DATE/TIME precision and recall against GUM's time entities.
type TimeScores struct {
	Gold, Pred int
	// Overlap counts: a gold span found by an overlapping mention, a
	// predicted mention overlapping a gold span.
	GoldFound, PredCorrect int
	// Exact counts predicted spans equal to a gold span.
	Exact int
}

// Precision is the share of DATE/TIME mentions overlapping a gold time.
func (s TimeScores) Precision() float64 { return ratio(s.PredCorrect, s.Pred) }

// Recall is the share of gold times overlapped by a DATE/TIME mention.
func (s TimeScores) Recall() float64 { return ratio(s.GoldFound, s.Gold) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// EvalGUM runs Extract on every GUM document in dir and scores its DATE and
// TIME mentions against the gold time entities (which also include
// durations such as "two weeks", that are not dates).
func EvalGUM(ctx context.Context, ex *entities.Extractor, dir string) (TimeScores, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return TimeScores{}, err
	}
	if len(files) == 0 {
		return TimeScores{}, fmt.Errorf("gum: no .tsv files in %s", dir)
	}
	var s TimeScores
	for _, p := range files {
		doc, err := ReadGUM(p)
		if err != nil {
			return s, err
		}
		ents, err := ex.Extract(ctx, doc.Text, analysis.EntityOptions{})
		if err != nil {
			return s, err
		}
		var pred []analysis.Span
		for _, e := range ents {
			if e.Type != analysis.EntityDate && e.Type != analysis.EntityTime {
				continue
			}
			for _, m := range e.Mentions {
				pred = append(pred, m.Span)
			}
		}
		overlaps := func(a, b analysis.Span) bool { return a.Begin < b.End && b.Begin < a.End }
		s.Gold += len(doc.Times)
		s.Pred += len(pred)
		for _, g := range doc.Times {
			for _, p := range pred {
				if overlaps(g, p) {
					s.GoldFound++
					break
				}
			}
		}
		for _, p := range pred {
			exact := false
			hit := false
			for _, g := range doc.Times {
				if overlaps(g, p) {
					hit = true
				}
				if g == p {
					exact = true
				}
			}
			if hit {
				s.PredCorrect++
			}
			if exact {
				s.Exact++
			}
		}
	}
	return s, nil
}
