package entities

import (
	"context"

	"golang.org/x/text/unicode/norm"

	"github.com/docsift/docsift/internal/analysis"
)

// Text may come with accents decomposed (NFD: "Jose\u0301", "Zu\u0308rich"),
// as macOS file names, some PDF converters and some keyboards produce it.
// The tokenizer, the gazetteers and the tagger's word features all know
// words in composed form (NFC), so a decomposed "Zürich" is an unknown word
// broken at its combining mark. Extract therefore tags the NFC form of the
// text and maps every span back to the text as sent.

// Extract returns the entities of text, most salient first (ties: first
// mention first). Spans are UTF-8 byte offsets into text as given, and each
// mention's Text is text[Span.Begin:Span.End]; names are in NFC. ctx is
// checked between sentences.
func (e *Extractor) Extract(ctx context.Context, text string, opts analysis.EntityOptions) ([]analysis.Entity, error) {
	if norm.NFC.IsNormalString(text) {
		return e.extract(ctx, text, opts)
	}
	nfc, m := toNFC(text)
	ents, err := e.extract(ctx, nfc, opts)
	if err != nil {
		return nil, err
	}
	for i := range ents {
		for j := range ents[i].Mentions {
			mn := &ents[i].Mentions[j]
			mn.Span = analysis.Span{Begin: m.begin(mn.Span.Begin), End: m.end(mn.Span.End)}
			mn.Text = text[mn.Span.Begin:mn.Span.End]
		}
	}
	return ents, nil
}

// offsetMap maps byte offsets of a text's NFC form back to the text. The
// text is cut into normalisation segments (a starter and the marks that
// follow it); seg[i] holds where segment i starts in the NFC form and in
// the original.
type offsetMap struct {
	nfc, orig []int
}

// toNFC returns text in NFC and the map back. Segments are normalised one
// at a time, which gives the NFC of the whole text because they are cut at
// normalisation boundaries; the cost is linear in the text.
func toNFC(text string) (string, *offsetMap) {
	out := make([]byte, 0, len(text))
	m := &offsetMap{}
	for i := 0; i < len(text); {
		n := norm.NFC.NextBoundaryInString(text[i:], true)
		if n <= 0 {
			n = len(text) - i
		}
		m.nfc = append(m.nfc, len(out))
		m.orig = append(m.orig, i)
		out = norm.NFC.AppendString(out, text[i:i+n])
		i += n
	}
	m.nfc = append(m.nfc, len(out))
	m.orig = append(m.orig, len(text))
	return string(out), m
}

// segment returns the index of the last segment starting at or before the
// NFC offset b.
func (m *offsetMap) segment(b int) int {
	lo, hi := 0, len(m.nfc)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.nfc[mid] <= b {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// begin maps the start of a span: an offset inside a segment moves to the
// segment's start, so the span still covers the whole character.
func (m *offsetMap) begin(b int) int { return m.orig[m.segment(b)] }

// end maps the end of a span: an offset inside a segment moves to the
// segment's end.
func (m *offsetMap) end(b int) int {
	i := m.segment(b)
	if m.nfc[i] == b {
		return m.orig[i]
	}
	return m.orig[min(i+1, len(m.orig)-1)]
}
