package content_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docsift/docsift/internal/analysis"
)

// removed is one entry of Content.Removed, as the small-document tests
// expect it.
type removed struct{ text, reason string }

// TestExtractSmallDocuments pins what a client gets for the short documents
// it sends by hand (issue 13): each sentence once, paragraphs apart, what was
// dropped listed, and the published time kept to the minute.
func TestExtractSmallDocuments(t *testing.T) {
	const (
		obama   = "Barack Obama visited Berlin on Monday."
		met     = "Barack Obama met the chancellor."
		merkel  = "Angela Merkel said the talks went well."
		nav     = `<nav><a href="/">Home</a> | <a href="/about">About</a></nav>`
		footer  = `<footer>Copyright 2024 News Inc. All rights reserved.</footer>`
		cook    = "Tim Cook told reporters in Cupertino on Tuesday that Apple would spend $1 billion."
		msft    = "Microsoft and Google said on Wednesday they would build new data centres in Europe."
		para1   = "The regional government closed three coastal roads on Tuesday after a storm brought heavy rain and strong winds to the area, officials said in a statement released in the morning."
		para2   = "Emergency services said they had received more than two hundred calls overnight, most of them about fallen trees and flooded basements in the lower town, and that nobody had been hurt."
		para3   = "The roads are expected to reopen on Thursday once engineers have inspected the bridges, according to the transport department, which asked drivers to avoid the area."
		longNav = `<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>`
	)
	meta := func(published string) string {
		return `<html><head><title>Storm closes coastal roads</title><meta property="article:published_time" content="` + published + `"></head><body>` +
			`<article><h1>Storm closes coastal roads</h1><p>` + para1 + `</p><p>` + para2 + `</p><p>` + para3 + `</p></article></body></html>`
	}
	tests := []struct {
		name        string
		doc         analysis.Document
		wantBody    string
		wantRemoved []removed // in order; nil: nothing removed
		wantTime    time.Time // checked when not zero
	}{
		{
			name:     "one paragraph of HTML comes out once",
			doc:      analysis.Document{HTML: "<p>" + obama + "</p>"},
			wantBody: obama,
		},
		{
			name:        "title and navigation are not glued to the body",
			doc:         analysis.Document{HTML: "<html><head><title>Big news</title></head><body>" + nav + "<p>" + obama + "</p></body></html>"},
			wantBody:    obama,
			wantRemoved: []removed{{"Home | About", "boilerplate"}},
		},
		{
			name:        "paragraphs of an article stay apart; navigation and footer listed",
			doc:         analysis.Document{HTML: "<html><head><title>Big news</title></head><body>" + nav + "<article><p>" + met + "</p><p>" + merkel + "</p></article>" + footer + "</body></html>"},
			wantBody:    met + "\n\n" + merkel,
			wantRemoved: []removed{{"Home | About", "boilerplate"}, {"Copyright 2024 News Inc. All rights reserved.", "boilerplate"}},
		},
		{
			name:        "a full article lists the headline, navigation and footer go-trafilatura dropped",
			doc:         analysis.Document{HTML: "<html><head><title>Storm closes coastal roads</title></head><body>" + longNav + "<article><h1>Storm closes coastal roads</h1><p>" + para1 + "</p><p>" + para2 + "</p><p>" + para3 + "</p></article>" + footer + "</body></html>"},
			wantBody:    para1 + "\n\n" + para2 + "\n\n" + para3,
			wantRemoved: []removed{{"Storm closes coastal roads", "title"}, {"Home World Sport", "boilerplate"}, {"Copyright 2024 News Inc. All rights reserved.", "boilerplate"}},
		},
		{
			name:        "published time keeps its time of day",
			doc:         analysis.Document{HTML: meta("2024-03-05T10:00:00Z")},
			wantBody:    para1 + "\n\n" + para2 + "\n\n" + para3,
			wantRemoved: []removed{{"Storm closes coastal roads", "title"}},
			wantTime:    time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC),
		},
		{
			name:        "published time keeps its offset",
			doc:         analysis.Document{HTML: meta("2024-03-05T10:00:00+02:00")},
			wantBody:    para1 + "\n\n" + para2 + "\n\n" + para3,
			wantRemoved: []removed{{"Storm closes coastal roads", "title"}},
			wantTime:    time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC),
		},
		{
			name:        "three short paragraphs of text, CRLF",
			doc:         analysis.Document{Text: "Headline about Apple\r\n\r\n" + cook + "\r\n\r\n" + msft + "\r\n"},
			wantBody:    cook + "\n\n" + msft,
			wantRemoved: []removed{{"Headline about Apple", "title"}},
		},
		{
			name:        "three short paragraphs of text, LF",
			doc:         analysis.Document{Text: "Headline about Apple\n\n" + cook + "\n\n" + msft},
			wantBody:    cook + "\n\n" + msft,
			wantRemoved: []removed{{"Headline about Apple", "title"}},
		},
		{
			name:        "three short paragraphs of text, lone CR",
			doc:         analysis.Document{Text: "Headline about Apple\r\r" + cook + "\r\r" + msft},
			wantBody:    cook + "\n\n" + msft,
			wantRemoved: []removed{{"Headline about Apple", "title"}},
		},
		{
			name:        "two short paragraphs and a footer line",
			doc:         analysis.Document{Text: met + "\n\n" + merkel + "\n\nCopyright 2024 News Inc. All rights reserved."},
			wantBody:    met + "\n\n" + merkel,
			wantRemoved: []removed{{"Copyright 2024 News Inc. All rights reserved.", "boilerplate"}},
		},
	}
	e := newExtractor(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.Extract(context.Background(), tc.doc)
			if err != nil {
				t.Fatalf("Extract error: %v", err)
			}
			if c.Body != tc.wantBody {
				t.Errorf("Extract(%s).Body = %q, want %q", tc.name, c.Body, tc.wantBody)
			}
			var got []removed
			for _, r := range c.Removed {
				got = append(got, removed{r.Text, r.Reason})
			}
			if !slices.Equal(got, tc.wantRemoved) {
				t.Errorf("Extract(%s).Removed = %q, want %q", tc.name, got, tc.wantRemoved)
			}
			if !tc.wantTime.IsZero() && !c.PublishedTime.Equal(tc.wantTime) {
				t.Errorf("Extract(%s).PublishedTime = %v, want %v", tc.name, c.PublishedTime, tc.wantTime)
			}
			if tc.doc.Text != "" {
				checkSpans(t, tc.doc.Text, c)
			}
			for _, r := range c.Removed {
				if strings.Contains(c.Body, r.Text) {
					t.Errorf("Extract(%s): removed %q is in the body", tc.name, r.Text)
				}
			}
		})
	}
}
