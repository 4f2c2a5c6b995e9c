package content

import (
	"context"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

func TestRenderPageLinks(t *testing.T) {
	rp, err := renderPage(context.Background(), `<p>plain text</p><p><a href="/a">all link</a></p><p>half <a href="/b">link</a></p>`)
	if err != nil {
		t.Fatal(err)
	}
	text, ls := rp.text, rp.lines
	if rp.nodes != 5 {
		t.Errorf("renderPage nodes = %d, want 5 (three <p>, two <a>)", rp.nodes)
	}
	if text != RenderText(`<p>plain text</p><p><a href="/a">all link</a></p><p>half <a href="/b">link</a></p>`) {
		t.Fatalf("renderPage text = %q, want RenderText's", text)
	}
	want := []lineLinks{{begin: 0, runes: 9, linked: 0}, {begin: 12, runes: 7, linked: 7}, {begin: 22, runes: 8, linked: 4}}
	if len(ls) != len(want) {
		t.Fatalf("renderPage lines = %+v, want %+v", ls, want)
	}
	for i := range want {
		if ls[i] != want[i] {
			t.Errorf("renderPage line %d = %+v, want %+v", i, ls[i], want[i])
		}
	}
}

func TestAddLead(t *testing.T) {
	const (
		headline = "Council approves the new harbour plan"
		lead     = "The city council approved the long-debated harbour plan on Monday, ending two years of disputes between the port and residents."
		para     = "The plan moves the container terminal two kilometres north and turns the old quays into a park."
	)
	desc := "The city council approved the long-debated harbour plan on Monday."
	page := func(mid string) string {
		return "<nav><a href=/>Home</a></nav><h1>" + headline + "</h1>" + mid + "<article><p>" + para + "</p></article>"
	}
	tests := []struct {
		name, page, title, desc, want string
	}{
		{"standfirst after the headline", page("<p class=lead>" + lead + "</p>"), headline, "", lead + "\n\n" + para},
		{"description shown", page("<div><p>" + desc + "</p></div>"), "", desc, desc + "\n\n" + para},
		{"description not shown", page(""), headline, desc, para},
		{"lead made of links", page("<p><a href=/x>" + lead + "</a></p>"), headline, "", para},
		{"short line", page("<p>Harbour, Monday.</p>"), headline, "", para},
		{"no headline", page("<p>" + lead + "</p>"), "", "", para},
		{"already in the body", "<h1>" + headline + "</h1><p>" + para + "</p>", headline, para, para},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &analysis.Content{Title: tc.title, Description: tc.desc, Body: para, Blocks: []analysis.Block{{Body: analysis.Span{Begin: 0, End: len(para)}}}}
			rp, err := renderPage(context.Background(), tc.page)
			if err != nil {
				t.Fatal(err)
			}
			(&Extractor{}).addLead(c, rp.text, rp.lines)
			if c.Body != tc.want {
				t.Errorf("addLead body = %q, want %q", c.Body, tc.want)
			}
			var parts []string
			for _, b := range c.Blocks {
				if !b.Body.Valid(len(c.Body)) {
					t.Fatalf("addLead block %+v invalid (body %d bytes)", b, len(c.Body))
				}
				parts = append(parts, c.Body[b.Body.Begin:b.Body.End])
			}
			if got := strings.Join(parts, "\n\n"); got != c.Body {
				t.Errorf("addLead blocks give %q, want the body %q", got, c.Body)
			}
		})
	}
}

func TestBodyGrams(t *testing.T) {
	g := newBodyGrams("The council approved the plan on Monday.\n\nResidents welcomed it.")
	tests := []struct {
		line string
		want bool
	}{
		{"The council approved the plan on Monday.", true},
		{"Residents welcomed it.", true},
		{"approved the plan", true},                                   // a piece of a body line
		{"on Monday.\n\nResidents welcomed", true},                    // across a paragraph break
		{"Home | About", false},                                       // navigation
		{"The council approved the budget on Monday.", false},         // one word differs
		{"Residents welcomed it. Subscribe to our newsletter", false}, // body line with more after it
		{"", true},
	}
	for _, tc := range tests {
		if got := g.has(tc.line); got != tc.want {
			t.Errorf("bodyGrams.has(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}
