package entitiesdata

import (
	"context"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

// TestEvalServedMapping checks how served mentions are mapped back onto the
// gold tokens: by byte offset in the rebuilt text, exact ends only, one
// sentence only.
func TestEvalServedMapping(t *testing.T) {
	const conll = `-DOCSTART- O

John I-PER
Smith I-PER
visited O
New I-LOC
York I-LOC
. O

EU I-ORG
rejects O
German I-MISC
call O
`
	docs, err := ReadCoNLL(strings.NewReader(conll))
	if err != nil {
		t.Fatal(err)
	}
	text := docs[0].Text()
	if want := "John Smith visited New York .\nEU rejects German call\n"; text != want {
		t.Fatalf("Text() = %q, want %q", text, want)
	}
	span := func(s string) analysis.Span {
		i := strings.Index(text, s)
		return analysis.Span{Begin: i, End: i + len(s)}
	}
	ent := func(typ analysis.EntityType, spans ...analysis.Span) analysis.Entity {
		e := analysis.Entity{Type: typ}
		for _, s := range spans {
			e.Mentions = append(e.Mentions, analysis.Mention{Span: s, Text: text[s.Begin:s.End]})
		}
		return e
	}
	tests := []struct {
		name                string
		ents                []analysis.Entity
		warn                bool
		correct, pred       int
		misaligned, noNames int
	}{
		{"all right", []analysis.Entity{
			ent(analysis.EntityPerson, span("John Smith")), ent(analysis.EntityLocation, span("New York")),
			ent(analysis.EntityOrganization, span("EU")), ent(analysis.EntityMisc, span("German")),
		}, false, 4, 4, 0, 0},
		{"wrong type and short span", []analysis.Entity{
			ent(analysis.EntityOrganization, span("John Smith")), ent(analysis.EntityLocation, span("York")),
		}, false, 0, 2, 0, 0},
		{"dates are not scored", []analysis.Entity{ent(analysis.EntityDate, span("EU"))}, false, 0, 0, 0, 1},
		{"inside a token", []analysis.Entity{ent(analysis.EntityPerson, analysis.Span{Begin: 0, End: 3})}, false, 0, 1, 1, 0},
		{"across sentences", []analysis.Entity{ent(analysis.EntityLocation, span("York .\nEU"))}, false, 0, 1, 1, 0},
		{"overlapping mentions", []analysis.Entity{
			ent(analysis.EntityLocation, span("New York")), ent(analysis.EntityLocation, span("York")),
		}, false, 1, 2, 1, 0},
		{"stage lost", nil, true, 0, 0, 0, 1},
		{"stage run, language uncertain", []analysis.Entity{ent(analysis.EntityOrganization, span("EU"))}, false, 1, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := EvalServed(context.Background(), docs, func(_ context.Context, got string) (*analysis.Result, error) {
				if got != text {
					t.Errorf("served text %q, want %q", got, text)
				}
				res := &analysis.Result{Text: got, Entities: tc.ents}
				if tc.warn {
					res.Warnings = []analysis.Warning{{Stage: analysis.StageEntities, Code: analysis.WarnLanguageNotSupported}}
				} else {
					res.Warnings = []analysis.Warning{{Stage: analysis.StageEntities, Code: analysis.WarnLanguageUncertain}}
				}
				return res, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			correct, pred := sum(sc.Counts.Correct), sum(sc.Counts.Pred)
			if correct != tc.correct || pred != tc.pred || sc.Misaligned != tc.misaligned || sc.NoNames != tc.noNames || sum(sc.Counts.Gold) != 4 {
				t.Errorf("correct %d, predicted %d, misaligned %d, no names %d, gold %d; want %d, %d, %d, %d, 4",
					correct, pred, sc.Misaligned, sc.NoNames, sum(sc.Counts.Gold), tc.correct, tc.pred, tc.misaligned, tc.noNames)
			}
			if lost := sc.LostStage == 1; lost != tc.warn {
				t.Errorf("LostStage = %d, want lost %v", sc.LostStage, tc.warn)
			}
		})
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
