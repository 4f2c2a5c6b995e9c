package topics

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"words", "Hello, world!", []string{"Hello", "world"}},
		{"apostrophe", "Russia's war", []string{"Russia", "s", "war"}},
		{"digits", "In 2022 prices rose 5%", []string{"In", "2022", "prices", "rose", "5"}},
		{"unicode", "Zürich café naïve", []string{"Zürich", "café", "naïve"}},
		{"empty", "", nil},
		{"punctuation only", " ,.;-- ", nil},
		{"quotes", "“openly hostile”", []string{"openly", "hostile"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			tokenize(tc.text, func(tok token) bool { got = append(got, tc.text[tok.begin:tok.end]); return true })
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("tokenize(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// Hashing must fold case and digits, so "Election 2019" and "election 2024"
// share their features.
func TestTokenHashFolds(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Election", "election"},
		{"2019", "2024"},
		{"ZÜRICH", "zürich"},
	}
	for _, tc := range tests {
		ha, hb := hashOne(tc.a), hashOne(tc.b)
		if ha != hb {
			t.Errorf("hash(%q) = %x, hash(%q) = %x, want equal", tc.a, ha, tc.b, hb)
		}
	}
	if hashOne("war") == hashOne("was") {
		t.Errorf("hash(%q) == hash(%q), want different", "war", "was")
	}
}

func hashOne(s string) uint64 {
	var h uint64
	tokenize(s, func(t token) bool { h = t.hash; return true })
	return h
}

func TestPrefixFeature(t *testing.T) {
	var a, b token
	tokenize("elections", func(t token) bool { a = t; return true })
	tokenize("electoral", func(t token) bool { b = t; return true })
	if a.prefix == 0 || a.prefix != b.prefix {
		t.Errorf("prefix(elections) = %x, prefix(electoral) = %x, want equal and non-zero", a.prefix, b.prefix)
	}
	var c token
	tokenize("elec", func(t token) bool { c = t; return true })
	if c.prefix != 0 {
		t.Errorf("prefix(%q) = %x, want 0 for a word of %d bytes", "elec", c.prefix, prefixBytes)
	}
}

func TestVectorizeNormalised(t *testing.T) {
	m := testModel(t)
	s := new(scratch)
	s.extract("The striker scored twice in the cup final final final.", m.bits, m.feats)
	s.vectorize(m.idfOf)
	var norm float64
	for _, v := range s.val {
		norm += float64(v) * float64(v)
	}
	if norm < 0.999 || norm > 1.001 {
		t.Errorf("squared norm = %v, want 1", norm)
	}
	seen := map[uint32]bool{}
	for _, b := range s.idx {
		if seen[b] {
			t.Fatalf("bucket %d twice in the vector", b)
		}
		seen[b] = true
	}
	for b, c := range s.count {
		if c != 0 {
			t.Fatalf("count[%d] = %d after vectorize, want 0", b, c)
		}
	}
	for i, f := range s.first {
		if got := s.termText("The striker scored twice in the cup final final final.", f); !utf8.ValidString(got) || got == "" {
			t.Errorf("termText of feature %d = %q", i, got)
		}
	}
}
