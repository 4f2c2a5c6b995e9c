package entities

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/docsift/docsift/internal/analysis"
)

// TestDecomposedAccents: text with decomposed accents (NFD) gives the same
// entities as the same text composed (NFC), with spans exact in the text as
// sent.
func TestDecomposedAccents(t *testing.T) {
	ex := loadTest(t)
	texts := []string{
		"José Martínez met Renée Fleming in Zürich on Monday.",
		"The mayor of München, Christian Ude, flew to Montréal to see Renée Fleming sing.",
		"Zürich (Reuters) - José Martínez of Crédit Suisse said on Tuesday that profits rose.",
	}
	for _, nfcText := range texts {
		nfdText := norm.NFD.String(nfcText)
		if nfdText == nfcText {
			t.Fatalf("%q has no accents to decompose", nfcText)
		}
		t.Run(nfcText[:10], func(t *testing.T) {
			want, err := ex.Extract(context.Background(), nfcText, analysis.EntityOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := ex.Extract(context.Background(), nfdText, analysis.EntityOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if a, b := entityKeys(want), entityKeys(got); !slices.Equal(a, b) {
				t.Errorf("NFD entities %v,\nNFC entities %v", b, a)
			}
			for _, e := range got {
				for _, m := range e.Mentions {
					if !m.Span.Valid(len(nfdText)) || nfdText[m.Span.Begin:m.Span.End] != m.Text {
						t.Errorf("mention %q at %v is not the text as sent", m.Text, m.Span)
					}
				}
			}
		})
	}
	// The names the issue lists are found at all.
	got, err := ex.Extract(context.Background(), norm.NFD.String(texts[0]), analysis.EntityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	keys := strings.Join(entityKeys(got), "|")
	for _, name := range []string{"José Martínez", "Renée Fleming", "Zürich"} {
		if !strings.Contains(keys, name) {
			t.Errorf("NFD text: %q not found in %s", name, keys)
		}
	}
}

// entityKeys lists name, type and NFC-mapped spans of each entity.
func entityKeys(ents []analysis.Entity) []string {
	var out []string
	for _, e := range ents {
		out = append(out, fmt.Sprintf("%s/%v/%d", e.Name, e.Type, len(e.Mentions)))
	}
	slices.Sort(out)
	return out
}

func TestOffsetMap(t *testing.T) {
	tests := []string{
		"",
		"plain ascii",
		"Jose\u0301 Marti\u0301nez",
		"Zu\u0308rich e\u0301\u0301 a\u030a\u0323 \u212b end\u0301",
		"\u0301 leading mark",
		"한국어 \u1100\u1161 jamo",
	}
	for _, text := range tests {
		nfc, m := toNFC(text)
		if want := norm.NFC.String(text); nfc != want {
			t.Errorf("toNFC(%q) = %q, want %q", text, nfc, want)
		}
		// Every segment boundary maps to its original offset, and spans
		// between boundaries cut the original at the same characters.
		for i := range m.nfc {
			if got := m.begin(m.nfc[i]); got != m.orig[i] {
				t.Errorf("%q: begin(%d) = %d, want %d", text, m.nfc[i], got, m.orig[i])
			}
			if got := m.end(m.nfc[i]); got != m.orig[i] {
				t.Errorf("%q: end(%d) = %d, want %d", text, m.nfc[i], got, m.orig[i])
			}
			for j := i; j < len(m.nfc); j++ {
				b, e := m.begin(m.nfc[i]), m.end(m.nfc[j])
				if norm.NFC.String(text[b:e]) != nfc[m.nfc[i]:m.nfc[j]] {
					t.Errorf("%q: span [%d,%d) maps to %q, want the NFC %q", text, m.nfc[i], m.nfc[j], text[b:e], nfc[m.nfc[i]:m.nfc[j]])
				}
			}
		}
		// An offset inside a segment widens to the whole segment.
		for b := 0; b <= len(nfc); b++ {
			if lo, hi := m.begin(b), m.end(b); lo > hi || hi > len(text) {
				t.Errorf("%q: offset %d maps to begin %d, end %d", text, b, lo, hi)
			}
		}
	}
}
