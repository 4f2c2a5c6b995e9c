package content

import (
	"hash/maphash"
	"strings"

	"github.com/docsift/docsift/internal/analysis"
)

// maxGram is the longest word n-gram inBody looks up: lines of up to maxGram
// words are looked up whole, longer ones by each of their maxGram-grams.
const maxGram = 4

// bodyGrams indexes the word n-grams (1 to maxGram words) of a body, so that
// a page line can be found in it in time linear in the line.
type bodyGrams struct {
	seed maphash.Seed
	set  map[uint64]struct{}
}

func newBodyGrams(body string) *bodyGrams {
	g, _ := newBodyGramsCtx(&checker{}, body)
	return g
}

// newBodyGramsCtx is newBodyGrams checking ck's context as it goes.
func newBodyGramsCtx(ck *checker, body string) (*bodyGrams, error) {
	g := &bodyGrams{seed: maphash.MakeSeed()}
	words := strings.Fields(body)
	g.set = make(map[uint64]struct{}, maxGram*len(words))
	for i := range words {
		if err := ck.add(lineWork); err != nil {
			return nil, err
		}
		for n := 1; n <= maxGram && i+n <= len(words); n++ {
			g.set[g.hash(words[i:i+n])] = struct{}{}
		}
	}
	return g, nil
}

func (g *bodyGrams) hash(words []string) uint64 {
	var h maphash.Hash
	h.SetSeed(g.seed)
	for _, w := range words {
		h.WriteString(w)
		h.WriteByte(' ')
	}
	return h.Sum64()
}

// has reports whether every word n-gram of s is in the body: s is in the
// body, or pieced from runs that are.
func (g *bodyGrams) has(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return true
	}
	if len(words) <= maxGram {
		_, ok := g.set[g.hash(words)]
		return ok
	}
	for i := 0; i+maxGram <= len(words); i++ {
		if _, ok := g.set[g.hash(words[i:i+maxGram])]; !ok {
			return false
		}
	}
	return true
}

// listDropped adds to c.Removed the lines of the page (ptext, the page
// rendered as text) that are not in the body: what go-trafilatura left out
// (navigation, footers, teasers), one entry per paragraph of the page.
// Lines already listed (the title, lines the line filter dropped) are not
// listed again.
func listDropped(ck *checker, c *analysis.Content, ptext string) error {
	listed := make(map[string]bool, len(c.Removed))
	for _, r := range c.Removed {
		listed[strings.TrimSpace(r.Text)] = true
	}
	g, err := newBodyGramsCtx(ck, c.Body)
	if err != nil {
		return err
	}
	lines, err := splitLinesCtx(ck, ptext)
	if err != nil {
		return err
	}
	open, begin := -1, 0 // the entry the previous line went to, and where it begins in ptext
	for i, l := range lines {
		if err := ck.line(l); err != nil {
			return err
		}
		s := ptext[l.span.Begin:l.span.End]
		if listed[s] || g.has(s) {
			open = -1
			continue
		}
		if c.Title != "" && sameText(s, c.Title) {
			c.Removed = append(c.Removed, analysis.RemovedBlock{Text: s, Reason: ReasonTitle})
			listed[s] = true
			open = -1
			continue
		}
		if open >= 0 && lines[i-1].para == l.para {
			c.Removed[open].Text = ptext[begin:l.span.End]
			continue
		}
		c.Removed = append(c.Removed, analysis.RemovedBlock{Text: s, Reason: ReasonBoilerplate})
		open, begin = len(c.Removed)-1, l.span.Begin
	}
	return nil
}
