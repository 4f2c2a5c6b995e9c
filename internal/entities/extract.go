package entities

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"sync"

	"github.com/docsift/docsift/internal/analysis"
)

//go:embed model/conll-perceptron.bin
var defaultModel []byte

// Extractor finds entities. It implements analysis.EntityExtractor and is
// safe for concurrent use.
type Extractor struct {
	model *Model
	pool  sync.Pool
}

var _ analysis.EntityExtractor = (*Extractor)(nil)

// LoadDefault loads the embedded model.
func LoadDefault() (*Extractor, error) {
	return Load(defaultModel)
}

// Load loads a model file's bytes (as written by Train). A corrupt file is an
// error wrapping ErrBadModel.
func Load(data []byte) (*Extractor, error) {
	m, err := decodeModel(data)
	if err != nil {
		return nil, fmt.Errorf("entities: load model: %w", err)
	}
	e := &Extractor{model: m}
	e.pool.New = func() any { return newTagState() }
	return e, nil
}

// Model returns the loaded model.
func (e *Extractor) Model() *Model { return e.model }

// Info describes the model.
func (e *Extractor) Info() analysis.ModelInfo {
	return analysis.ModelInfo{
		Stage:       analysis.StageEntities,
		Name:        e.model.Meta.Name,
		Version:     e.model.Meta.Name + "-" + e.model.version,
		Description: e.model.Meta.Description,
		Languages:   []string{"en"},
	}
}

// TagCoNLL tags pre-tokenised CoNLL documents and scores them (conlleval).
func (e *Extractor) TagCoNLL(docs []Doc) *Counts { return e.model.TagCoNLL(docs) }

// Extract returns the entities of text, most salient first (ties: first
// mention first). Spans are UTF-8 byte offsets into text. ctx is checked
// between sentences.
func (e *Extractor) Extract(ctx context.Context, text string, opts analysis.EntityOptions) ([]analysis.Entity, error) {
	st := e.pool.Get().(*tagState)
	defer e.pool.Put(st)
	clear(st.docMem)
	st.toks = Tokenize(text, st.toks)
	toks := st.toks
	var ms []mention
	for a := 0; a < len(toks); {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b := a + 1
		for b < len(toks) && !toks[b].SentStart {
			b++
		}
		ms = e.sentence(st, toks, a, b, opts, ms)
		a = b
	}
	ms, aliases := definitions(toks, ms)
	if len(ms) == 0 {
		return nil, nil
	}
	return groupMentions(text, ms, aliases), nil
}

// sentence tags tokens [a, b) and appends their mentions to ms.
func (e *Extractor) sentence(st *tagState, toks []Token, a, b int, opts analysis.EntityOptions, ms []mention) []mention {
	st.words = st.words[:0]
	for _, t := range toks[a:b] {
		st.words = append(st.words, t.Text)
	}
	e.model.tagSentence(st, st.words)
	first := len(ms)
	for i := 0; i < len(st.tags); {
		t := st.tags[i]
		if t == tagO {
			i++
			continue
		}
		j := i + 1
		if tagPos(t) == posB {
			for j < len(st.tags) && tagPos(st.tags[j]) == posI && st.tags[j] != tagO {
				j++
			}
			if j < len(st.tags) && st.tags[j] != tagO && tagPos(st.tags[j]) == posL {
				j++
			}
		}
		var p float64
		for k := i; k < j; k++ {
			p += float64(st.probs[k])
		}
		ms = append(ms, mention{begin: toks[a+i].Begin, end: toks[a+j-1].End, ti: a + i, tj: a + j,
			typ: nameEntityTypes[tagType(t)], score: p / float64(j-i)})
		i = j
	}
	nameEnd := len(ms)
	for _, r := range st.rules.scan(toks[a:b], opts.ReferenceTime) {
		ri, rj := a+r.i, a+r.j
		overlap := false
		for k := first; k < nameEnd; k++ {
			if ms[k].ti < rj && ms[k].tj > ri && ms[k].typ != analysis.EntityUnspecified {
				overlap = true
			}
		}
		if overlap {
			if r.typ == analysis.EntityNumber {
				continue
			}
			// Dates and amounts win over the tagger's names.
			for k := first; k < nameEnd; k++ {
				if ms[k].ti < rj && ms[k].tj > ri {
					ms[k].typ = analysis.EntityUnspecified
				}
			}
		}
		ms = append(ms, mention{begin: toks[ri].Begin, end: toks[rj-1].End, ti: ri, tj: rj, typ: r.typ, score: 1, value: r.value})
	}
	// Drop overridden names and restore position order.
	kept := ms[:first]
	for _, m := range ms[first:] {
		if m.typ != analysis.EntityUnspecified {
			kept = append(kept, m)
		}
	}
	tail := kept[first:]
	sort.Slice(tail, func(x, y int) bool { return tail[x].begin < tail[y].begin })
	return kept
}
