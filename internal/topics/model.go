package topics

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/docsift/docsift/internal/analysis"
)

// File format (all integers little-endian):
//
//	magic   "DSTOPICS"
//	version uint16 (formatVersion)
//	body    strings as uvarint length + bytes, floats as IEEE bits
//	sum     SHA-256 of everything before it (32 bytes)
//
// The body holds the model's name, release, description, languages, the
// hashing configuration, the labels (id, name, threshold, measured precision
// and recall, Platt parameters, bias, weight scale), the IDF table
// (uint16-quantised) and the weights (int8-quantised, bucket-major so that
// scoring one feature reads one cache line).
const (
	magic         = "DSTOPICS"
	formatVersion = 1
	minBits       = 8
	maxBits       = 24
	maxLabels     = 4096
	maxStringLen  = 1 << 16
)

// ErrBadModel marks a model file that is corrupt, truncated or of another
// format or version.
var ErrBadModel = errors.New("topics: bad model file")

// labelParams is one label of a model.
type labelParams struct {
	ID, Name  string
	Threshold float64
	// Precision, Recall and Support are measured out-of-fold at Threshold
	// during training (see the model card).
	Precision, Recall float64
	Support           int
	// PlattA, PlattB calibrate a raw score s into sigmoid(PlattA*s+PlattB).
	PlattA, PlattB float64
	Bias           float64
	// Scale dequantises the label's int8 weights.
	Scale float64
}

// Model is one trained topic model. It is immutable once built, so it is safe
// for concurrent use.
type Model struct {
	name, release, description string
	languages                  []string
	bits                       uint
	feats                      uint8
	labels                     []labelParams
	idf                        []float32 // 1<<bits
	weights                    []int8    // [bucket*len(labels)+label]
	sum                        [32]byte  // of the encoded file
	size                       int       // encoded bytes
}

// Name returns the name the model was trained under.
func (m *Model) Name() string { return m.name }

// Labels returns the model's label IDs, in model order.
func (m *Model) Labels() []string {
	out := make([]string, len(m.labels))
	for i, l := range m.labels {
		out[i] = l.ID
	}
	return out
}

// Version is "<name>-<release>-<first 8 hex digits of the file's SHA-256>",
// or "<name>-<hash>" without a release.
func (m *Model) Version() string {
	h := hex.EncodeToString(m.sum[:4])
	if m.release == "" {
		return m.name + "-" + h
	}
	return m.name + "-" + m.release + "-" + h
}

// Size returns the encoded model's size in bytes.
func (m *Model) Size() int { return m.size }

// info returns the model's ModelInfo under the registry name name.
func (m *Model) info(name string) analysis.ModelInfo {
	return analysis.ModelInfo{
		Stage:       analysis.StageTopics,
		Name:        name,
		Version:     m.Version(),
		Description: m.description,
		Languages:   slices.Clone(m.languages),
	}
}

// taxonomy returns the model's labels with their thresholds and quality.
func (m *Model) taxonomy(name string) analysis.Taxonomy {
	t := analysis.Taxonomy{Model: m.info(name), Labels: make([]analysis.Label, len(m.labels))}
	for i, l := range m.labels {
		t.Labels[i] = analysis.Label{ID: l.ID, Name: l.Name, Threshold: l.Threshold, Precision: l.Precision, Recall: l.Recall}
	}
	return t
}

// score fills probs (len(m.labels)) with the calibrated probability of each
// label for the vector in s, and raw with the uncalibrated scores.
func (m *Model) score(s *scratch, raw, probs []float64) {
	nl := len(m.labels)
	var accBuf [64]float32
	var acc []float32
	if nl <= len(accBuf) {
		acc = accBuf[:nl]
	} else {
		acc = make([]float32, nl)
	}
	for i, b := range s.idx {
		v := s.val[i]
		row := m.weights[int(b)*nl : int(b)*nl+nl]
		for l, w := range row {
			acc[l] += v * float32(w)
		}
	}
	for l := range m.labels {
		p := &m.labels[l]
		raw[l] = float64(acc[l])*p.Scale + p.Bias
		probs[l] = sigmoid(p.PlattA*raw[l] + p.PlattB)
	}
}

// idfOf returns the IDF of bucket b.
func (m *Model) idfOf(b uint32) float32 { return m.idf[b] }

// maxTerms caps the explaining terms returned per topic.
const maxTerms = 8

// explain returns the terms of text that pushed label l's score up the most,
// strongest first, with their contributions to the calibrated logit.
func (m *Model) explain(s *scratch, text string, l int) []analysis.Term {
	nl := len(m.labels)
	p := m.labels[l]
	type contrib struct {
		i int
		w float64
	}
	var cs []contrib
	for i, b := range s.idx {
		w := float64(s.val[i]) * float64(m.weights[int(b)*nl+l]) * p.Scale * p.PlattA
		if w > 0 {
			cs = append(cs, contrib{i, w})
		}
	}
	slices.SortFunc(cs, func(a, b contrib) int {
		if a.w != b.w {
			if a.w > b.w {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	// A word's own feature and its prefix feature are one term. Merging
	// stops at 2*maxTerms distinct terms: the rest are too weak to matter.
	var terms []analysis.Term
	for _, c := range cs {
		f := s.first[c.i]
		t := s.termText(text, f)
		if k := slices.IndexFunc(terms, func(x analysis.Term) bool { return x.Text == t }); k >= 0 {
			terms[k].Weight += c.w
			continue
		}
		if len(terms) == 2*maxTerms {
			break
		}
		terms = append(terms, analysis.Term{Text: t, Weight: c.w})
	}
	slices.SortStableFunc(terms, func(a, b analysis.Term) int {
		switch {
		case a.Weight > b.Weight:
			return -1
		case a.Weight < b.Weight:
			return 1
		}
		return 0
	})
	return terms[:min(len(terms), maxTerms)]
}

// Encode returns the model's file bytes.
func (m *Model) Encode() []byte {
	var b bytes.Buffer
	b.WriteString(magic)
	binary.Write(&b, binary.LittleEndian, uint16(formatVersion))
	w := writer{&b}
	w.str(m.name)
	w.str(m.release)
	w.str(m.description)
	w.uvarint(uint64(len(m.languages)))
	for _, l := range m.languages {
		w.str(l)
	}
	w.uvarint(uint64(m.bits))
	w.uvarint(uint64(m.feats))
	w.uvarint(uint64(len(m.labels)))
	for _, l := range m.labels {
		w.str(l.ID)
		w.str(l.Name)
		for _, f := range []float64{l.Threshold, l.Precision, l.Recall, l.PlattA, l.PlattB, l.Bias, l.Scale} {
			w.f64(f)
		}
		w.uvarint(uint64(l.Support))
	}
	var maxIDF float32
	for _, v := range m.idf {
		maxIDF = max(maxIDF, v)
	}
	w.f64(float64(maxIDF))
	q := make([]byte, 2*len(m.idf))
	for i, v := range m.idf {
		var u uint16
		if maxIDF > 0 {
			u = uint16(math.Round(float64(v) / float64(maxIDF) * 65535))
		}
		binary.LittleEndian.PutUint16(q[2*i:], u)
	}
	b.Write(q)
	for _, v := range m.weights {
		b.WriteByte(byte(v))
	}
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

// Decode parses and checks a model file: magic, format version, checksum and
// every length. A corrupt file is an error wrapping ErrBadModel, never a
// panic.
func Decode(data []byte) (*Model, error) {
	if len(data) < len(magic)+2+sha256.Size {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrBadModel, len(data))
	}
	if string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a docsift topic model (magic %q)", ErrBadModel, data[:len(magic)])
	}
	if v := binary.LittleEndian.Uint16(data[len(magic):]); v != formatVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads version %d", ErrBadModel, v, formatVersion)
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("%w: checksum mismatch (file corrupt or truncated)", ErrBadModel)
	}
	r := &reader{b: body[len(magic)+2:]}
	m := &Model{size: len(data)}
	copy(m.sum[:], sum)
	m.name = r.str()
	m.release = r.str()
	m.description = r.str()
	nlang := r.count(64)
	for range nlang {
		m.languages = append(m.languages, r.str())
	}
	bits := r.uvarint()
	if r.err == nil && (bits < minBits || bits > maxBits) {
		r.fail("hash bits %d outside [%d, %d]", bits, minBits, maxBits)
	}
	m.bits = uint(bits)
	feats := r.uvarint()
	if r.err == nil && feats&^uint64(featBigrams|featPrefix) != 0 {
		r.fail("unknown feature set %#x (model from a newer build?)", feats)
	}
	m.feats = uint8(feats)
	nl := r.count(maxLabels)
	if r.err == nil && nl == 0 {
		r.fail("no labels")
	}
	for range nl {
		var l labelParams
		l.ID, l.Name = r.str(), r.str()
		for _, f := range []*float64{&l.Threshold, &l.Precision, &l.Recall, &l.PlattA, &l.PlattB, &l.Bias, &l.Scale} {
			*f = r.f64()
		}
		l.Support = int(r.count(math.MaxInt32))
		if r.err == nil {
			for _, f := range []float64{l.Threshold, l.Precision, l.Recall, l.PlattA, l.PlattB, l.Bias, l.Scale} {
				if math.IsNaN(f) || math.IsInf(f, 0) {
					r.fail("label %q has a non-finite parameter", l.ID)
				}
			}
			if l.ID == "" {
				r.fail("empty label id")
			}
		}
		m.labels = append(m.labels, l)
	}
	maxIDF := r.f64()
	if r.err != nil {
		return nil, r.err
	}
	if math.IsNaN(maxIDF) || math.IsInf(maxIDF, 0) || maxIDF < 0 {
		return nil, fmt.Errorf("%w: bad IDF scale", ErrBadModel)
	}
	nb := 1 << m.bits
	if want := 2*nb + nb*len(m.labels); len(r.b) != want {
		return nil, fmt.Errorf("%w: tables are %d bytes, want %d", ErrBadModel, len(r.b), want)
	}
	m.idf = make([]float32, nb)
	for i := range m.idf {
		m.idf[i] = float32(float64(binary.LittleEndian.Uint16(r.b[2*i:])) / 65535 * maxIDF)
	}
	w := r.b[2*nb:]
	m.weights = make([]int8, len(w))
	for i, v := range w {
		m.weights[i] = int8(v)
	}
	return m, nil
}

type writer struct{ b *bytes.Buffer }

func (w writer) uvarint(v uint64) { w.b.Write(binary.AppendUvarint(nil, v)) }

func (w writer) str(s string) {
	w.uvarint(uint64(len(s)))
	w.b.WriteString(s)
}

func (w writer) f64(f float64) { binary.Write(w.b, binary.LittleEndian, math.Float64bits(f)) }

// reader decodes the body; the first error sticks and later reads return
// zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", ErrBadModel, fmt.Sprintf(format, args...))
	}
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("truncated")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) count(limit uint64) uint64 {
	n := r.uvarint()
	if n > limit {
		r.fail("count %d over limit %d", n, limit)
		return 0
	}
	return n
}

func (r *reader) str() string {
	n := r.count(maxStringLen)
	if r.err != nil {
		return ""
	}
	if uint64(len(r.b)) < n {
		r.fail("truncated")
		return ""
	}
	s := strings.Clone(string(r.b[:n]))
	r.b = r.b[n:]
	return s
}

func (r *reader) f64() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 8 {
		r.fail("truncated")
		return 0
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return f
}

// WriteLabels prints the model's labels with their thresholds and measured
// (out-of-fold) precision and recall.
func (m *Model) WriteLabels(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "label\tname\tthreshold\tprecision\trecall\tpositives")
	for _, l := range m.labels {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.4f\t%.4f\t%d\n", l.ID, l.Name, l.Threshold, l.Precision, l.Recall, l.Support)
	}
	return tw.Flush()
}
