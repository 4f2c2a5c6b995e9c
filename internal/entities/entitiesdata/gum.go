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
	"unicode"
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
	// Linked says whether some mention is linked to a Wikipedia page (a
	// named thing the text names).
	Linked bool
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
	newSent, linked := false, false
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
		if len(fs) > 6 && fs[6] != "_" && fs[6] != "" {
			linked = true
		}
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
	doc := GUMDoc{Name: filepath.Base(path), Text: string(runes), Linked: linked}
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
	s, _, err := EvalGUMServed(ctx, dir, func(ctx context.Context, text string) (*analysis.Result, error) {
		ents, err := ex.Extract(ctx, text, analysis.EntityOptions{})
		return &analysis.Result{Text: text, Entities: ents}, err
	})
	return s, err
}

// EvalGUMServed sends every GUM document in dir, as plain text, through
// serve and scores its DATE and TIME mentions as EvalGUM does; DocStats say
// which documents lost the stage or came back without names (every GUM
// news document names something: Linked).
func EvalGUMServed(ctx context.Context, dir string, serve Served) (TimeScores, DocStats, error) {
	st := newDocStats()
	files, err := gumFiles(dir)
	if err != nil {
		return TimeScores{}, st, err
	}
	var s TimeScores
	for _, p := range files {
		doc, err := ReadGUM(p)
		if err != nil {
			return s, st, err
		}
		res, err := serve(ctx, doc.Text)
		if err != nil {
			return s, st, err
		}
		st.add(doc.Name, res, doc.Linked)
		ents := res.Entities
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
	return s, st, nil
}

// gumNameTypes maps GUM's entity types to the tagger's name types.
var gumNameTypes = map[string]string{"person": "PER", "place": "LOC", "organization": "ORG"}

// gumFunctionWords may stand in lower case inside a name ("Bank of
// England", "Daughters of the American Revolution").
var gumFunctionWords = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "de": true, "du": true, "da": true,
	"von": true, "van": true, "-": true, "&": true, "'s": true, "on": true, "in": true,
}

// ReadGUMNames reads a GUM WebAnno TSV file as a CoNLL document whose
// labels mark GUM's named people, places and organisations (PER, LOC, ORG;
// GUM has no MISC). GUM marks every mention, names or not, with its
// modifiers ("U.S. President Donald Trump 's"): a mention counts as a name
// when, without a leading "the" and a trailing "'s", it starts and ends
// with a capitalised word and every word between is capitalised or a
// function word; where such mentions nest, the innermost wins. This is an
// approximation of CoNLL's conventions, for comparing models, not a gold
// standard.
func ReadGUMNames(path string) (entities.Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return entities.Doc{}, err
	}
	defer f.Close()
	type mention struct{ b, e int } // token indexes [b, e)
	var words []string
	var sentStart []int
	spans := map[string]*mention{}
	types := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#Text=") {
			sentStart = append(sentStart, len(words))
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 4 || strings.HasPrefix(line, "#") {
			continue
		}
		k := len(words)
		words = append(words, fs[2])
		for _, ent := range strings.Split(fs[3], "|") {
			typ, id, _ := strings.Cut(ent, "[")
			nt, ok := gumNameTypes[typ]
			if !ok {
				continue
			}
			if id == "" {
				id = fmt.Sprintf("single-%d", k)
			}
			if m, ok := spans[id]; ok {
				m.e = k + 1
			} else {
				spans[id] = &mention{k, k + 1}
				types[id] = nt
			}
		}
	}
	if err := sc.Err(); err != nil {
		return entities.Doc{}, err
	}
	type span struct {
		Begin, End int
		Type       string
	}
	var names []span
	for id, m := range spans {
		b, e := m.b, m.e
		if e-b > 1 && strings.EqualFold(words[b], "the") {
			b++
		}
		if e-b > 1 && (words[e-1] == "'s" || words[e-1] == "’s" || words[e-1] == "'") {
			e--
		}
		ok := isCapital(words[b]) && isCapital(words[e-1])
		for _, w := range words[b:e] {
			if !isCapital(w) && !gumFunctionWords[strings.ToLower(w)] {
				ok = false
			}
		}
		if ok {
			names = append(names, span{b, e, types[id]})
		}
	}
	// Innermost first; ties by position, then type, for determinism.
	sort.Slice(names, func(a, b int) bool {
		x, y := names[a], names[b]
		if x.End-x.Begin != y.End-y.Begin {
			return x.End-x.Begin < y.End-y.Begin
		}
		if x.Begin != y.Begin {
			return x.Begin < y.Begin
		}
		return x.Type < y.Type
	})
	labels := make([]string, len(words))
	for i := range labels {
		labels[i] = "O"
	}
	for _, c := range names {
		free := true
		for k := c.Begin; k < c.End; k++ {
			if labels[k] != "O" {
				free = false
			}
		}
		if !free {
			continue
		}
		labels[c.Begin] = "B-" + c.Type
		for k := c.Begin + 1; k < c.End; k++ {
			labels[k] = "I-" + c.Type
		}
	}
	var d entities.Doc
	for i, b := range sentStart {
		e := len(words)
		if i+1 < len(sentStart) {
			e = sentStart[i+1]
		}
		if e > b {
			d.Sentences = append(d.Sentences, entities.Sentence{Words: words[b:e], Labels: labels[b:e]})
		}
	}
	return d, nil
}

// ReadGUMNamesDir reads every GUM .tsv file of dir with ReadGUMNames.
func ReadGUMNamesDir(dir string) ([]entities.Doc, error) {
	files, err := gumFiles(dir)
	if err != nil {
		return nil, err
	}
	var docs []entities.Doc
	for _, p := range files {
		d, err := ReadGUMNames(p)
		if err != nil {
			return nil, fmt.Errorf("gum: %s: %w", p, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// isCapital reports whether w starts with an upper-case letter.
func isCapital(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// gumFiles lists GUM's .tsv files in dir, sorted; none is an error.
func gumFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("gum: no .tsv files in %s", dir)
	}
	sort.Strings(files)
	return files, nil
}
