package entities

import (
	"context"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

func TestGrouping(t *testing.T) {
	ex := loadTest(t)
	tests := []struct {
		name, in string
		mention  string // a mention of the entity
		wantName string
		wantN    int
		wantType analysis.EntityType
	}{
		{"last name", "German Chancellor Angela Merkel arrived in Paris on Monday. Merkel said talks went well.",
			"Merkel", "Angela Merkel", 2, analysis.EntityPerson},
		{"parenthesised abbreviation", "The European Central Bank (ECB) raised rates. The ECB said inflation was high.",
			"ECB", "European Central Bank", 3, analysis.EntityOrganization},
		{"acronym by initials", "The International Monetary Fund warned on Tuesday. Later, IMF economists disagreed.",
			"IMF", "International Monetary Fund", 2, analysis.EntityOrganization},
		{"repeated name", "Tokyo said no. Officials in Tokyo agreed.", "Tokyo", "Tokyo", 2, analysis.EntityLocation},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ents, err := ex.Extract(context.Background(), tc.in, analysis.EntityOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				for _, m := range e.Mentions {
					if m.Text != tc.mention {
						continue
					}
					if e.Name != tc.wantName || len(e.Mentions) != tc.wantN || e.Type != tc.wantType {
						t.Errorf("Extract(%q): entity of %q = %q %v with %d mentions, want %q %v with %d", tc.in, tc.mention, e.Name, e.Type, len(e.Mentions), tc.wantName, tc.wantType, tc.wantN)
					}
					return
				}
			}
			t.Errorf("Extract(%q) = %s, want a mention %q", tc.in, summarize(ents), tc.mention)
		})
	}
}

func TestNormName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"the  Foreign\nMinistry", "foreign ministry"},
		{"Japan’s", "japan's"},
		{"The Hague", "hague"},
	}
	for _, tc := range tests {
		if got := normName(tc.in); got != tc.want {
			t.Errorf("normName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGroupingByType checks that one name given two types in a document
// makes two entities, each with the tagger's type of its mentions: the
// city of a dateline and the team named after it are not one entity.
func TestGroupingByType(t *testing.T) {
	text := "the Atlanta mention"
	ms := []mention{
		{begin: 4, end: 11, ti: 1, tj: 2, typ: analysis.EntityLocation, score: 1},
		{begin: 4, end: 11, ti: 1, tj: 2, typ: analysis.EntityOrganization, score: 1},
		{begin: 4, end: 11, ti: 1, tj: 2, typ: analysis.EntityOrganization, score: 1},
	}
	ents, err := groupMentions(context.Background(), text, ms, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 2 {
		t.Fatalf("groupMentions = %s, want two entities", summarize(ents))
	}
	got := map[analysis.EntityType]int{}
	for _, e := range ents {
		got[e.Type] = len(e.Mentions)
	}
	if got[analysis.EntityLocation] != 1 || got[analysis.EntityOrganization] != 2 {
		t.Errorf("groupMentions = %s, want LOCATION Atlanta (1 mention) and ORGANIZATION Atlanta (2)", summarize(ents))
	}
}
