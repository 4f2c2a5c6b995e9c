package entitiesdata

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/entities"
)

// Served sends one plain-text document the way a client does (no language
// hint unless the caller adds one) through the path the server runs, and
// returns the result: cmd/docsift-models passes a Pipeline's
// ExtractEntities, built as the server builds it (internal/serving).
type Served func(ctx context.Context, text string) (*analysis.Result, error)

// CoNLLTypes maps docsift's name types onto CoNLL-2003's. DATE, TIME, MONEY,
// PERCENT and NUMBER have no CoNLL counterpart and are left out of the
// scores (CoNLL leaves them unlabelled, or inside a MISC such as "1996
// Olympics", which a separate DATE can never match).
var CoNLLTypes = map[analysis.EntityType]string{
	analysis.EntityPerson:       "PER",
	analysis.EntityOrganization: "ORG",
	analysis.EntityLocation:     "LOC",
	analysis.EntityMisc:         "MISC",
}

// DocStats are what a client would notice document by document.
type DocStats struct {
	Docs int
	// NoNames counts documents with at least one gold name that came back
	// with no PER/ORG/LOC/MISC entity; NoEntities those that came back with
	// no entity of any type.
	NoNames, NoEntities int
	// LostStage counts documents whose entities were not computed (the
	// entities stage's LANGUAGE_NOT_SUPPORTED, or EMPTY_BODY); Warnings
	// counts documents per warning code, whatever the stage.
	LostStage int
	Warnings  map[string]int
	// Languages counts documents per language the result was analysed as
	// ("" when the detector could not tell).
	Languages map[string]int
	// Lost names the first documents that lost a stage, with the warning.
	Lost []string
}

func newDocStats() DocStats {
	return DocStats{Warnings: map[string]int{}, Languages: map[string]int{}}
}

// add records one document's result; goldNames says whether the document
// has gold names, name whether the result has any.
func (s *DocStats) add(id string, res *analysis.Result, goldNames bool) {
	s.Docs++
	s.Languages[res.LanguageCode]++
	names := false
	for _, e := range res.Entities {
		if _, ok := CoNLLTypes[e.Type]; ok {
			names = true
		}
	}
	if goldNames && !names {
		s.NoNames++
	}
	if len(res.Entities) == 0 {
		s.NoEntities++
	}
	codes := map[string]bool{}
	lost := false
	for _, w := range res.Warnings {
		codes[w.Code] = true
		// A stage not computed: refused by the language gate, or no body to
		// read. LANGUAGE_UNCERTAIN stages ran.
		if w.Stage == analysis.StageEntities && w.Code == analysis.WarnLanguageNotSupported || w.Code == analysis.WarnEmptyBody {
			lost = true
			if len(s.Lost) < 20 {
				s.Lost = append(s.Lost, fmt.Sprintf("%s: %s: %s", id, w.Code, w.Message))
			}
		}
	}
	for c := range codes {
		s.Warnings[c]++
	}
	if lost {
		s.LostStage++
	}
}

// Merge adds o's documents to s (Lost keeps its first 20).
func (s *DocStats) Merge(o DocStats) {
	if s.Warnings == nil {
		*s = newDocStats()
	}
	s.Docs += o.Docs
	s.NoNames += o.NoNames
	s.NoEntities += o.NoEntities
	s.LostStage += o.LostStage
	for _, m := range [][2]map[string]int{{s.Warnings, o.Warnings}, {s.Languages, o.Languages}} {
		for k, v := range m[1] {
			m[0][k] += v
		}
	}
	s.Lost = append(s.Lost, o.Lost[:min(len(o.Lost), max(20-len(s.Lost), 0))]...)
}

// Summary is one line: documents, lost stages by warning code, documents
// without names, languages analysed as.
func (s DocStats) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d documents; %d lost the entities stage", s.Docs, s.LostStage)
	fmt.Fprintf(&b, "; warnings by code: %s", countList(s.Warnings))
	fmt.Fprintf(&b, "; %d with gold names came back with no name, %d with no entity at all", s.NoNames, s.NoEntities)
	fmt.Fprintf(&b, "; analysed as: %s", countList(s.Languages))
	return b.String()
}

// countList prints a count map as "a 3, b 1", largest first ("none" when
// empty).
func countList(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if name == "" {
			name = `""`
		}
		parts[i] = fmt.Sprintf("%s %d", name, m[k])
	}
	return strings.Join(parts, ", ")
}

// ServedScores are the served path's figures on CoNLL documents.
type ServedScores struct {
	// Counts are conlleval's entity-level counts: a mention is correct when
	// its span covers exactly the tokens of a gold name and its type maps to
	// the gold type (CoNLLTypes).
	Counts *entities.Counts
	DocStats
	// Misaligned counts name mentions whose ends do not fall on the ends of
	// gold tokens of one sentence (or that overlap another mention): they
	// count as predicted, never as correct.
	Misaligned int
}

// EvalServed rebuilds each CoNLL document as plain text (Doc.Text: words
// joined by spaces, one sentence a line, as a client would send it), sends
// it through serve, maps the returned mentions back onto the gold tokens by
// byte offset and scores them as conlleval does.
func EvalServed(ctx context.Context, docs []entities.Doc, serve Served) (*ServedScores, error) {
	return EvalServedErrors(ctx, docs, serve, nil)
}

// EvalServedErrors is EvalServed, writing each error to errs when it is not
// nil (entities.Counts.Errors).
func EvalServedErrors(ctx context.Context, docs []entities.Doc, serve Served, errs io.Writer) (*ServedScores, error) {
	sc := &ServedScores{Counts: entities.NewCounts(), DocStats: newDocStats()}
	sc.Counts.Errors = errs
	defer func() { sc.Counts.Errors = nil }()
	type pos struct{ sent, tok int }
	for di, d := range docs {
		text := d.Text()
		starts, ends := map[int]pos{}, map[int]pos{}
		off := 0
		goldNames := false
		pred := make([][]string, len(d.Sentences))
		for si, s := range d.Sentences {
			pred[si] = make([]string, len(s.Words))
			for ti, w := range s.Words {
				starts[off], ends[off+len(w)] = pos{si, ti}, pos{si, ti}
				off += len(w) + 1
				pred[si][ti] = "O"
				if s.Labels[ti] != "O" {
					goldNames = true
				}
			}
		}
		res, err := serve(ctx, text)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", di+1, err)
		}
		sc.add(fmt.Sprintf("document %d", di+1), res, goldNames)
		for _, e := range res.Entities {
			typ, ok := CoNLLTypes[e.Type]
			if !ok {
				continue
			}
			for _, m := range e.Mentions {
				b, okb := starts[m.Span.Begin]
				en, oke := ends[m.Span.End]
				if !okb || !oke || b.sent != en.sent || b.tok > en.tok || !allO(pred[b.sent][b.tok:en.tok+1]) {
					sc.Misaligned++
					sc.Counts.Pred[typ]++
					continue
				}
				p := pred[b.sent]
				p[b.tok] = "B-" + typ
				for k := b.tok + 1; k <= en.tok; k++ {
					p[k] = "I-" + typ
				}
			}
		}
		for si, s := range d.Sentences {
			sc.Counts.AddWords(s.Words, s.Labels, pred[si])
		}
	}
	return sc, nil
}

func allO(labels []string) bool {
	for _, l := range labels {
		if l != "O" {
			return false
		}
	}
	return true
}
