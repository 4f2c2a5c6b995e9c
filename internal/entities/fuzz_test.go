package entities

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/shapes"
)

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"", "Moscow said on Wednesday it was expelling eight Japanese diplomats.",
		"the International Criminal Court (ICC) and the ICC", "UNAFEI, or UNAFEI, or",
		"$1.5 million, 5%, 10:30 a.m., May 10, 2022", "東京😀\u0301\r\n’s “x”", "\xff\xfe(", "( ) , or X",
	} {
		f.Add(s)
	}
	ex, err := LoadDefault()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ents, err := ex.Extract(context.Background(), text, analysis.EntityOptions{ReferenceTime: ref})
		if err != nil {
			t.Fatalf("Extract(%q) error: %v", text, err)
		}
		for _, e := range ents {
			if utf8.ValidString(text) && !utf8.ValidString(e.Name) {
				t.Errorf("Extract(%q): invalid UTF-8 name %q", text, e.Name)
			}
			for _, m := range e.Mentions {
				if !m.Span.Valid(len(text)) || text[m.Span.Begin:m.Span.End] != m.Text {
					t.Fatalf("Extract(%q): mention %q span %+v does not match the text", text, m.Text, m.Span)
				}
			}
		}
		shapes.WatchTime(t, text, func(in string) { ex.Extract(context.Background(), in, analysis.EntityOptions{ReferenceTime: ref}) })
	})
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "U.S. Dr. don't Japan’s", "http://x.y/z. a@b.cd", "1,500.25 $", "\xff\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		end := 0
		for _, tok := range Tokenize(text, nil) {
			if tok.Begin < end || tok.End <= tok.Begin || tok.End > len(text) || text[tok.Begin:tok.End] != tok.Text {
				t.Fatalf("Tokenize(%q): bad token %+v after offset %d", text, tok, end)
			}
			end = tok.End
		}
		shapes.WatchTime(t, text, func(in string) { Tokenize(in, nil) })
	})
}
