package entities

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Name types of the tagger, in the model's order.
var nameTypes = [...]string{"PER", "ORG", "LOC", "MISC"}

// BILOU tags: 0 is O; then for each type B, I, L, U.
const (
	tagO    = 0
	numTags = 1 + 4*len(nameTypes)
)

const (
	posB = iota
	posI
	posL
	posU
)

func mkTag(typ, pos int) int { return 1 + typ*4 + pos }
func tagType(t int) int      { return (t - 1) / 4 }
func tagPos(t int) int       { return (t - 1) % 4 }

func typeIndex(s string) int {
	for i, n := range nameTypes {
		if n == s {
			return i
		}
	}
	return -1
}

// validAfter reports whether tag t may follow tag prev in BILOU; prev may
// be startTag (a sentence's start), which allows what O allows.
func validAfter(prev, t int) bool {
	if prev == startTag {
		prev = tagO
	}
	inside := prev != tagO && (tagPos(prev) == posB || tagPos(prev) == posI)
	if t == tagO {
		return !inside
	}
	switch tagPos(t) {
	case posB, posU:
		return !inside
	default: // I, L continue an open entity of the same type
		return inside && tagType(prev) == tagType(t)
	}
}

// Sentence is one labelled sentence of a CoNLL file.
type Sentence struct {
	Words []string
	// Labels are the gold labels as written (IOB1 or IOB2: "I-PER", "B-LOC", "O").
	Labels []string
}

// Doc is one document of a CoNLL file (split at -DOCSTART-).
type Doc struct {
	Sentences []Sentence
}

// Text rebuilds the document's text: words joined by spaces, one sentence
// per line.
func (d Doc) Text() string {
	var b strings.Builder
	for _, s := range d.Sentences {
		b.WriteString(strings.Join(s.Words, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// chunk is an entity span [Begin, End) over tokens.
type chunk struct {
	Begin, End int
	Type       string
}

// chunksIOB extracts entities from IOB1 or IOB2 labels as conlleval does:
// an entity starts at B-X, or at I-X after O or another type.
func chunksIOB(labels []string) []chunk {
	var out []chunk
	open := -1
	typ := ""
	for i, l := range labels {
		var p, t string
		if l != "O" && len(l) > 2 {
			p, t = l[:1], l[2:]
		}
		if open >= 0 && (t == "" || p == "B" || t != typ) {
			out = append(out, chunk{open, i, typ})
			open = -1
		}
		if t != "" && open < 0 {
			open, typ = i, t
		}
	}
	if open >= 0 {
		out = append(out, chunk{open, len(labels), typ})
	}
	return out
}

// bilou converts IOB labels to BILOU tag ids.
func bilou(labels []string) []int {
	tags := make([]int, len(labels))
	for _, c := range chunksIOB(labels) {
		ti := typeIndex(c.Type)
		if c.End-c.Begin == 1 {
			tags[c.Begin] = mkTag(ti, posU)
			continue
		}
		tags[c.Begin] = mkTag(ti, posB)
		for k := c.Begin + 1; k < c.End-1; k++ {
			tags[k] = mkTag(ti, posI)
		}
		tags[c.End-1] = mkTag(ti, posL)
	}
	return tags
}

// iobLabels converts BILOU tag ids to IOB2 labels.
func iobLabels(tags []int) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		switch {
		case t == tagO:
			out[i] = "O"
		case tagPos(t) == posB || tagPos(t) == posU:
			out[i] = "B-" + nameTypes[tagType(t)]
		default:
			out[i] = "I-" + nameTypes[tagType(t)]
		}
	}
	return out
}

// Counts accumulates entity-level matches as conlleval does: an entity is
// correct when its span and type both match.
type Counts struct {
	Gold, Pred, Correct map[string]int
	Tokens              int
	// The gold entities not found, by kind of error: Confused counts those
	// found with the right span and another type ("ORG->LOC"), Boundary
	// those overlapped by a predicted entity with another span, Missed
	// the rest.
	Confused         map[string]int
	Boundary, Missed int
	// Errors, when set, receives one line per gold entity not found and
	// per predicted entity that overlaps no gold one (see AddWords), for
	// grouping the errors by hand.
	Errors io.Writer
}

// NewCounts returns empty counts.
func NewCounts() *Counts {
	return &Counts{Gold: map[string]int{}, Pred: map[string]int{}, Correct: map[string]int{}, Confused: map[string]int{}}
}

// Add scores one sentence's predicted labels against its gold labels.
func (c *Counts) Add(gold, pred []string) { c.AddWords(nil, gold, pred) }

// AddWords is Add with the sentence's words, which c.Errors's lines show:
// tab-separated, the kind ("boundary", "missed", "ORG->LOC", or
// "spurious" for a predicted entity that overlaps no gold one), the gold
// entity, the predicted entities that overlap it, and the sentence with
// the gold entities in [brackets] and the predicted ones in {braces}.
func (c *Counts) AddWords(words, gold, pred []string) {
	c.Tokens += len(gold)
	g := chunksIOB(gold)
	p := chunksIOB(pred)
	set := make(map[chunk]bool, len(g))
	for _, x := range g {
		set[x] = true
		c.Gold[x.Type]++
	}
	found := make(map[chunk]bool, len(p))
	for _, x := range p {
		c.Pred[x.Type]++
		if set[x] {
			c.Correct[x.Type]++
			found[x] = true
		}
	}
gold:
	for _, x := range g {
		if found[x] {
			continue
		}
		overlap := false
		for _, y := range p {
			if y.Begin == x.Begin && y.End == x.End {
				c.Confused[x.Type+"->"+y.Type]++
				c.logError(x.Type+"->"+y.Type, x, p, g, words)
				continue gold
			}
			if y.Begin < x.End && x.Begin < y.End {
				overlap = true
			}
		}
		if overlap {
			c.Boundary++
			c.logError("boundary", x, p, g, words)
		} else {
			c.Missed++
			c.logError("missed", x, p, g, words)
		}
	}
	if c.Errors == nil || words == nil {
		return
	}
spurious:
	for _, y := range p {
		for _, x := range g {
			if y.Begin < x.End && x.Begin < y.End {
				continue spurious
			}
		}
		c.logError("spurious", y, nil, g, words)
		fmt.Fprintf(c.Errors, "\t%s\n", markSpans(words, g, []chunk{y}))
	}
}

// logError writes a line about entity x (see AddWords); for "spurious" x
// is the prediction and the caller ends the line.
func (c *Counts) logError(kind string, x chunk, pred, gold []chunk, words []string) {
	if c.Errors == nil || words == nil {
		return
	}
	fmt.Fprintf(c.Errors, "%s\t%s %q\t", kind, x.Type, strings.Join(words[x.Begin:x.End], " "))
	if kind == "spurious" {
		return
	}
	var over []chunk
	for _, y := range pred {
		if y.Begin < x.End && x.Begin < y.End {
			over = append(over, y)
			fmt.Fprintf(c.Errors, "%s %q ", y.Type, strings.Join(words[y.Begin:y.End], " "))
		}
	}
	fmt.Fprintf(c.Errors, "\t%s\n", markSpans(words, gold, over))
}

// markSpans writes words with gold spans in [brackets] and pred spans in
// {braces}, types after the closing mark.
func markSpans(words []string, gold, pred []chunk) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, x := range gold {
			if x.Begin == i {
				b.WriteByte('[')
			}
		}
		for _, y := range pred {
			if y.Begin == i {
				b.WriteByte('{')
			}
		}
		b.WriteString(w)
		for _, y := range pred {
			if y.End == i+1 {
				b.WriteString("}" + y.Type)
			}
		}
		for _, x := range gold {
			if x.End == i+1 {
				b.WriteString("]" + x.Type)
			}
		}
	}
	return b.String()
}

// PRF returns precision, recall and F1 for one type, or overall when typ is "".
func (c *Counts) PRF(typ string) (p, r, f float64) {
	var g, pr, co int
	if typ == "" {
		for _, v := range c.Gold {
			g += v
		}
		for _, v := range c.Pred {
			pr += v
		}
		for _, v := range c.Correct {
			co += v
		}
	} else {
		g, pr, co = c.Gold[typ], c.Pred[typ], c.Correct[typ]
	}
	if pr > 0 {
		p = float64(co) / float64(pr)
	}
	if g > 0 {
		r = float64(co) / float64(g)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Types returns the entity types seen in gold or predictions, sorted.
func (c *Counts) Types() []string {
	m := map[string]bool{}
	for k := range c.Gold {
		m[k] = true
	}
	for k := range c.Pred {
		m[k] = true
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Report writes a conlleval-style table.
func (c *Counts) Report(w io.Writer) {
	p, r, f := c.PRF("")
	var g, pr int
	for _, v := range c.Gold {
		g += v
	}
	for _, v := range c.Pred {
		pr += v
	}
	fmt.Fprintf(w, "tokens %d, gold entities %d, predicted %d\n", c.Tokens, g, pr)
	fmt.Fprintf(w, "%-8s precision %6.2f%%  recall %6.2f%%  F1 %6.2f\n", "overall", 100*p, 100*r, 100*f)
	for _, t := range c.Types() {
		p, r, f := c.PRF(t)
		fmt.Fprintf(w, "%-8s precision %6.2f%%  recall %6.2f%%  F1 %6.2f  (%d gold, %d predicted)\n", t, 100*p, 100*r, 100*f, c.Gold[t], c.Pred[t])
	}
	conf := make([]string, 0, len(c.Confused))
	for k := range c.Confused {
		conf = append(conf, k)
	}
	sort.Slice(conf, func(a, b int) bool {
		return c.Confused[conf[a]] > c.Confused[conf[b]] || c.Confused[conf[a]] == c.Confused[conf[b]] && conf[a] < conf[b]
	})
	fmt.Fprintf(w, "gold entities not found: %d with a wrong boundary, %d missed, wrong type:", c.Boundary, c.Missed)
	for _, k := range conf {
		fmt.Fprintf(w, " %s %d", k, c.Confused[k])
	}
	fmt.Fprintln(w)
}

// Without returns a copy of c that leaves out the predictions of type typ
// (GUM has no MISC: its figures leave the tagger's MISC names out).
func (c *Counts) Without(typ string) *Counts {
	o := NewCounts()
	o.Merge(c)
	delete(o.Pred, typ)
	delete(o.Correct, typ)
	for k := range o.Confused {
		if strings.HasSuffix(k, "->"+typ) {
			delete(o.Confused, k)
		}
	}
	return o
}
