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

// TestSplitTitles checks that a name run together through a job title is
// split into the organisation and the person, as CoNLL's names are.
func TestSplitTitles(t *testing.T) {
	ex := loadTest(t)
	for _, tc := range []struct{ in, org, per string }{
		{"Welfare Minister Florence Chitauro said so on Monday.", "", "Florence Chitauro"},
		{"FBI Director Louis Freeh agreed on Monday.", "FBI", "Louis Freeh"},
	} {
		toks := Tokenize(tc.in, nil)
		st := newTagState()
		st.words = st.words[:0]
		for _, tk := range toks {
			st.words = append(st.words, tk.Text)
		}
		ex.model.prepareCached(st, st.words)
		var ms []mention
		// The whole run from the first capitalised word to the name's end,
		// as the tagger sometimes returns it.
		lo, hi := 0, 0
		for i, tk := range toks {
			if tk.Text == strings.Fields(tc.per)[1] {
				hi = i + 1
				break
			}
		}
		for lo < hi && !isCap(toks[lo].Text) {
			lo++
		}
		if tc.org != "" {
			lo = 0
			for toks[lo].Text != tc.org {
				lo++
			}
		}
		ms = append(ms, mention{begin: toks[lo].Begin, end: toks[hi-1].End, ti: lo, tj: hi, typ: analysis.EntityOrganization})
		ms = splitTitles(toks, 0, st.infos, ms, 0)
		var got []string
		for _, m := range ms {
			got = append(got, m.typ.String()+":"+tc.in[m.begin:m.end])
		}
		want := "PERSON:" + tc.per
		if tc.org != "" {
			want = "ORGANIZATION:" + tc.org + " " + want
		}
		if strings.Join(got, " ") != want {
			t.Errorf("splitTitles(%q) = %q, want %q", tc.in, strings.Join(got, " "), want)
		}
	}
}
