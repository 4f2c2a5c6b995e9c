package entities

import (
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

// TestMergeOf checks mergeOf's rules on hand-placed mentions: spans are
// token ranges of the text, and the result lists "TYPE:text" per mention.
func TestMergeOf(t *testing.T) {
	type span struct {
		i, j int
		typ  analysis.EntityType
	}
	org, per, loc, misc := analysis.EntityOrganization, analysis.EntityPerson, analysis.EntityLocation, analysis.EntityMisc
	tests := []struct {
		name string
		text string
		ms   []span
		want string
	}{
		{"possessive office", "staff of the Supreme Attorney General’s Office left", []span{{3, 6, org}, {7, 8, org}},
			"ORGANIZATION:Supreme Attorney General’s Office"},
		{"person's office", "the Prime Minister's Office said", []span{{1, 3, per}, {4, 5, org}},
			"ORGANIZATION:Prime Minister's Office"},
		{"possessive, not a head", "Japan's Toyota said", []span{{0, 1, loc}, {2, 3, org}},
			"LOCATION:Japan ORGANIZATION:Toyota"},
		{"of the", "Institute of the Ministry of Justice", []span{{0, 1, org}, {3, 4, org}, {5, 6, org}},
			"ORGANIZATION:Institute of the Ministry of Justice"},
		{"of after a name that is not a body", "Benfica of Portugal won", []span{{0, 1, org}, {2, 3, loc}},
			"ORGANIZATION:Benfica LOCATION:Portugal"},
		{"possessive, then a whole name", "Rupert Murdoch 's News Corp Ltd said", []span{{0, 2, per}, {3, 6, org}},
			"PERSON:Rupert Murdoch ORGANIZATION:News Corp Ltd"},
		{"roman numeral alone", "the post-World War II order", []span{{1, 2, misc}, {3, 4, org}},
			"MISC:post-World"},
		{"acronym of numeral letters", "the ICC and DC said", []span{{1, 2, org}, {3, 4, loc}},
			"ORGANIZATION:ICC LOCATION:DC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := Tokenize(tc.text, nil)
			var ms []mention
			for _, s := range tc.ms {
				ms = append(ms, mention{begin: toks[s.i].Begin, end: toks[s.j-1].End, ti: s.i, tj: s.j, typ: s.typ, score: 1})
			}
			var got []string
			for _, m := range mergeOf(toks, ms) {
				got = append(got, m.typ.String()+":"+tc.text[m.begin:m.end])
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("mergeOf(%q) = %s, want %s", tc.text, g, tc.want)
			}
		})
	}
}
