package entities

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

// randomText draws n runes from alphabet.
func randomText(r *rand.Rand, alphabet []rune, n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

// scanWordWholeWord is scanWordRun as it was before the initialism was tracked
// incrementally: isInitialism re-reads the word at every period.
func scanWordWholeWord(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			j += n
			continue
		}
		next := runeAt(s, j+n)
		prev := runeBefore(s, j)
		switch {
		case r == '-' && isWordRune(next) && isWordRune(prev):
			j += n
			continue
		case r == '.' && unicode.IsDigit(prev) && unicode.IsDigit(next):
			j += n
			continue
		case r == '.' && unicode.IsLetter(next) && isInitialism(s, i, j):
			j += n
			continue
		case (r == ',' || r == ':') && unicode.IsDigit(prev) && unicode.IsDigit(next) && r == ',' && groupOf3(s, j+1):
			j += n
			continue
		case r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(next) && j-i <= 2:
			j += n
			continue
		case isApos(r) && unicode.IsLetter(prev) && unicode.IsLetter(next) && clitic(s, j) == 0:
			j += n
			continue
		}
		break
	}
	return j
}

// TestInitialismIncremental checks scanWord's running initialism against
// the definition, isInitialism, on random words of letters, digits, periods
// and joiners.
func TestInitialismIncremental(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("aBcUS.....1-'’,:é\u0301ß")
	for range 20000 {
		s := randomText(r, alphabet, 1+r.IntN(24))
		for i := 0; i < len(s); {
			c, n := utf8.DecodeRuneInString(s[i:])
			if isWordRune(c) {
				if got, want := scanWordRun(s, i), scanWordWholeWord(s, i); got != want {
					t.Fatalf("scanWordRun(%q, %d) = %d, want %d", s, i, got, want)
				}
			}
			i += n
		}
	}
}

// TestTokenizeEmailSkip checks that skipping e-mail scans inside a run
// already read gives the same tokens as scanning from every start.
func TestTokenizeEmailSkip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []rune("ab.._-+@@ x1")
	for range 20000 {
		s := randomText(r, alphabet, 1+r.IntN(40))
		got := Tokenize(s, nil)
		want, _ := tokenize(nil, s, nil, scanner{hasAt: true, noSkip: true})
		if len(got) != len(want) {
			t.Fatalf("Tokenize(%q) = %v, want %v", s, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Tokenize(%q) token %d = %+v, want %+v", s, i, got[i], want[i])
			}
		}
	}
}

// buildGroupsScan is buildGroups as it was: a last name alone scans every
// group for the first person whose key ends with it.
func buildGroupsScan(text string, ms []mention, aliases map[string]string) []*group {
	var groups []*group
	byKey := map[string]*group{}
	for _, m := range ms {
		raw := text[m.begin:m.end]
		var key, nk string
		if m.named() {
			nk = normName(raw)
			if long, ok := aliases[nk]; ok {
				nk = long
			}
			key = m.typ.String() + "|" + nk
		} else {
			key = m.typ.String() + "|" + normName(raw)
		}
		g := byKey[key]
		if g == nil && m.named() && m.tj-m.ti == 1 && !isAcronym(raw) {
			for _, h := range groups {
				if h.alive && h.votes[analysis.EntityPerson] > 0 && strings.HasSuffix(h.key, " "+nk) {
					g = h
					break
				}
			}
		}
		if g == nil {
			g = &group{key: key, alive: true}
			groups = append(groups, g)
			byKey[key] = g
		}
		g.ms = append(g.ms, m)
		g.votes[m.typ]++
	}
	return groups
}

// TestBuildGroupsLastName checks the last-name index against the scan on
// random mentions over a few words: one- and two-word names of every type.
func TestBuildGroupsLastName(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"Kabo", "Tilu", "Mera", "Bank", "Sato"}
	types := []analysis.EntityType{analysis.EntityPerson, analysis.EntityOrganization, analysis.EntityLocation, analysis.EntityDate}
	for range 5000 {
		var b strings.Builder
		var ms []mention
		for range 1 + r.IntN(12) {
			k := 1 + r.IntN(2)
			m := mention{typ: types[r.IntN(len(types))], ti: len(ms) * 3}
			m.tj = m.ti + k
			m.begin = b.Len()
			for w := range k {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[r.IntN(len(words))])
			}
			m.end = b.Len()
			b.WriteString(". ")
			ms = append(ms, m)
		}
		text := b.String()
		got, err := buildGroups(context.Background(), text, ms, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := buildGroupsScan(text, ms, nil)
		if len(got) != len(want) {
			t.Fatalf("%q: %d groups, want %d", text, len(got), len(want))
		}
		for i := range got {
			if got[i].key != want[i].key || len(got[i].ms) != len(want[i].ms) || got[i].votes != want[i].votes {
				t.Fatalf("%q: group %d = %q %d mentions %v, want %q %d mentions %v", text, i, got[i].key, len(got[i].ms), got[i].votes, want[i].key, len(want[i].ms), want[i].votes)
			}
			for k := range got[i].ms {
				if got[i].ms[k] != want[i].ms[k] {
					t.Fatalf("%q: group %d mention %d differs", text, i, k)
				}
			}
		}
	}
}
