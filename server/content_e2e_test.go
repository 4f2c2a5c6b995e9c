package main

import (
	"slices"
	"testing"
)

// TestExtractContentSmallDocuments sends the short documents a client tries
// first (issue 13) to :extractContent over JSON and checks what comes back:
// the sentence once, paragraphs apart, what was dropped listed under
// removed, the published time to the second.
func TestExtractContentSmallDocuments(t *testing.T) {
	ts := startServer(t)
	const (
		met    = "Barack Obama met the chancellor."
		merkel = "Angela Merkel said the talks went well."
		cook   = "Tim Cook told reporters in Cupertino on Tuesday that Apple would spend $1 billion."
		msft   = "Microsoft and Google said on Wednesday they would build new data centres in Europe."
		para   = "The regional government closed three coastal roads on Tuesday after a storm brought heavy rain and strong winds to the area, officials said in a statement released in the morning."
	)
	tests := []struct {
		name, doc   string
		wantBody    string
		wantRemoved []string // texts, in order
		wantTime    string   // publishedTime as JSON gives it, when set
	}{
		{
			name:     "one paragraph",
			doc:      `{"html": "<p>Barack Obama visited Berlin on Monday.</p>"}`,
			wantBody: "Barack Obama visited Berlin on Monday.",
		},
		{
			name:        "title and navigation",
			doc:         `{"html": "<html><head><title>Big news</title></head><body><nav><a href=/>Home</a> | <a href=/about>About</a></nav><p>Barack Obama visited Berlin on Monday.</p></body></html>"}`,
			wantBody:    "Barack Obama visited Berlin on Monday.",
			wantRemoved: []string{"Home | About"},
		},
		{
			name:        "two paragraphs in an article, with a footer",
			doc:         `{"html": "<html><body><article><p>` + met + `</p><p>` + merkel + `</p></article><footer>Copyright 2024 News Inc.</footer></body></html>"}`,
			wantBody:    met + "\n\n" + merkel,
			wantRemoved: []string{"Copyright 2024 News Inc."},
		},
		{
			name:        "published time",
			doc:         `{"html": "<html><head><title>Storm</title><meta property=\"article:published_time\" content=\"2024-03-05T10:00:00Z\"></head><body><article><p>` + para + `</p><p>` + para + `</p></article></body></html>"}`,
			wantBody:    para + "\n\n" + para,
			wantRemoved: []string{},
			wantTime:    "2024-03-05T10:00:00Z",
		},
		{
			name:        "three short paragraphs of text, CRLF",
			doc:         `{"text": "Headline about Apple\r\n\r\n` + cook + `\r\n\r\n` + msft + `\r\n"}`,
			wantBody:    cook + "\n\n" + msft,
			wantRemoved: []string{"Headline about Apple"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, m := ts.post(t, "/v1/documents:extractContent", `{"document": `+tc.doc+`}`)
			if code != 200 {
				t.Fatalf("POST extractContent = %d %v", code, m)
			}
			c := m["content"].(map[string]any)
			if body, _ := c["body"].(string); body != tc.wantBody {
				t.Errorf("body = %q, want %q", body, tc.wantBody)
			}
			var got []string
			rs, _ := c["removed"].([]any)
			for _, r := range rs {
				text, _ := r.(map[string]any)["text"].(string)
				got = append(got, text)
			}
			if tc.wantRemoved != nil && !slices.Equal(got, tc.wantRemoved) {
				t.Errorf("removed = %q, want %q", got, tc.wantRemoved)
			}
			if tc.wantTime != "" {
				if pt, _ := c["publishedTime"].(string); pt != tc.wantTime {
					t.Errorf("publishedTime = %q, want %q", pt, tc.wantTime)
				}
			}
		})
	}
}
