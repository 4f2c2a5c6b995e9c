package content

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRenderText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two\nthree</p><p>Four</p>", "One two three\n\nFour"},
		{"inline", "<p>a <b>bold</b> <a href=x>link</a>.</p>", "a bold link."},
		{"lines", "<div>a</div><div>b</div>", "a\nb"},
		{"br", "<p>a<br>b</p>", "a\nb"},
		{"list", "<ul><li>x</li><li>y</li></ul><p>z</p>", "x\ny\n\nz"},
		{"head and scripts", "<html><head><title>T</title><style>p{}</style></head><body><script>var a='<p>no</p>';</script><p>yes</p></body></html>", "yes"},
		{"hidden", `<p hidden>a</p><p style="display: none">b</p><p aria-hidden="true">c</p><p>d</p>`, "d"},
		{"nested skip", "<div hidden><div>x</div>y</div>z", "z"},
		{"entities and nbsp", "<p>a&nbsp;&amp;&#32;b</p>", "a & b"},
		{"invalid utf-8", "<p>a\xffb</p>", "a\uFFFDb"},
		{"unclosed", "<div><p>a<div>b", "a\nb"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RenderText(tc.in); got != tc.want {
				t.Errorf("RenderText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got, want := RenderTextLoose("<div>a</div><div>b<br>c</div>"), "a\n\nb\nc"; got != want {
		t.Errorf("RenderTextLoose = %q, want %q", got, want)
	}
}

func TestSplitLines(t *testing.T) {
	type want struct {
		s    string
		para int
	}
	tests := []struct {
		name, text string
		want       []want
	}{
		{"LF, CRLF and blanks", "Title\r\n\r\n  one\ntwo  \n\n\n\tthree\n", []want{{"Title", 0}, {"one", 1}, {"two", 1}, {"three", 2}}},
		{"CRLF paragraphs", "Headline\r\n\r\nFirst line.\r\nSecond line.\r\n\r\nLast.\r\n", []want{{"Headline", 0}, {"First line.", 1}, {"Second line.", 1}, {"Last.", 2}}},
		{"lone CR (old Mac files)", "Headline\r\rFirst line.\rSecond line.\r\rLast.", []want{{"Headline", 0}, {"First line.", 1}, {"Second line.", 1}, {"Last.", 2}}},
		{"CR CR LF is one blank line", "a\r\r\nb", []want{{"a", 0}, {"b", 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := splitLines(tc.text)
			if len(lines) != len(tc.want) {
				t.Fatalf("splitLines(%q) = %d lines, want %d", tc.text, len(lines), len(tc.want))
			}
			for i, w := range tc.want {
				if got := tc.text[lines[i].span.Begin:lines[i].span.End]; got != w.s || lines[i].para != w.para {
					t.Errorf("splitLines(%q)[%d] = %q (para %d), want %q (para %d)", tc.text, i, got, lines[i].para, w.s, w.para)
				}
			}
		})
	}
}

func TestTitleAndByline(t *testing.T) {
	tests := []struct {
		text, title string
	}{
		{"Russia expels eight Japanese diplomats\n\nMoscow said on Wednesday ...", "Russia expels eight Japanese diplomats"},
		{"Is this the end of cash?\n\nBody text here.", "Is this the end of cash?"},
		{"This is a full sentence that ends with a period.\n\nMore.", ""},
		{"Single line only", ""},
		{"Title\nstill the same paragraph\n\nBody.", ""},
		{strings.Repeat("word ", 40) + "\n\nBody.", ""},
	}
	for _, tc := range tests {
		lines := splitLines(tc.text)
		got := ""
		if isTitleLine(tc.text, lines) {
			got = tc.text[lines[0].span.Begin:lines[0].span.End]
		}
		if got != tc.title {
			t.Errorf("title of %q = %q, want %q", tc.text, got, tc.title)
		}
	}
	for _, tc := range []struct{ in, want string }{{"By Jane Doe", "Jane Doe"}, {"by John Roe and Ann Poe", "John Roe and Ann Poe"}, {"Von Max Muster", "Max Muster"}, {"By subscribing, you can help us tell the story well and more words here.", ""}, {"Bylines", ""}} {
		got, _ := bylineOf(tc.in)
		if got != tc.want {
			t.Errorf("bylineOf(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzRenderText(f *testing.F) {
	f.Add("<p>a<b>b</p>")
	f.Add("<script><p>")
	f.Add("\xff<div hidden><div>x")
	f.Fuzz(func(t *testing.T, s string) {
		out := RenderText(s)
		if !utf8.ValidString(out) || strings.Contains(out, "\n\n\n") {
			t.Fatalf("RenderText(%q) = %q: invalid UTF-8 or a run of blank lines", s, out)
		}
	})
}
