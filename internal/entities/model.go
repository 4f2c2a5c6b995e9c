package entities

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// Model file format: magic, format version, then a DEFLATE stream of the
// body, then the SHA-256 of the body (uncompressed). The body holds the
// metadata (JSON), the quantised feature weights and the gazetteer.
const (
	modelMagic = "DSENTMDL"
	// modelFormat 3 adds the optional right-to-left weights after the
	// lexicon; files of format 2 (one direction) still load.
	modelFormat  = 3
	maxModelBody = 256 << 20
)

// ErrBadModel marks a model file that is corrupt, truncated or of an
// unknown format.
var ErrBadModel = errors.New("entities: bad model file")

// ModelMeta describes how a model was trained.
type ModelMeta struct {
	Name       string  `json:"name"`
	TrainedOn  string  `json:"trained_on"`
	Epochs     int     `json:"epochs"` // best epoch of the first seed
	SeedEpochs []int   `json:"seed_epochs,omitempty"`
	Seed       uint64  `json:"seed"`
	MinCount   int     `json:"min_count"`
	Margin     float32 `json:"margin,omitempty"`
	// Prune drops the features whose weights are all smaller than this
	// (in absolute value, weight units) when the file is written.
	Prune       float32 `json:"prune,omitempty"`
	Features    int     `json:"features"`
	Gazetteer   int     `json:"gazetteer_entries"`
	Lexicon     int     `json:"lexicon_entries"`
	Clusters    int     `json:"clusters"`
	Unlabelled  string  `json:"unlabelled"`
	DevF1       float64 `json:"dev_f1"`
	Description string  `json:"description"`
	// Bidirectional: the file also holds a model that tags each sentence
	// right to left (its Features in ReverseFeatures), and the tagger
	// combines the two (Model.rev).
	Bidirectional   bool `json:"bidirectional,omitempty"`
	ReverseFeatures int  `json:"reverse_features,omitempty"`
	// Reverse marks the right-to-left model of a bidirectional file (not
	// stored: set when the file is read).
	Reverse bool `json:"-"`
}

// Model is a trained tagger: quantised perceptron weights in an
// open-addressing table plus the gazetteer. It is read-only after load and
// safe for concurrent use.
type Model struct {
	Meta    ModelMeta
	version string
	scale   float32
	mask    uint32
	// slots holds, per slot, the feature hash in the low 32 bits (0 =
	// empty) and its row index in the high 32: one memory access per probe.
	slots []uint64
	rows  []int16 // numTags weights per row
	gaz   map[uint64]uint8
	lex   lexicon
	cache *wordCache
	// rev is the right-to-left model of a bidirectional file (sharing gaz
	// and lex), nil for a one-direction model.
	rev *Model
}

// Version identifies the model bytes (a prefix of their SHA-256).
func (m *Model) Version() string { return m.version }

// addScores adds the weights of feature f to scores.
func (m *Model) addScores(scores *[numTags]int32, f uint32) {
	i := f & m.mask
	for {
		s := m.slots[i]
		if k := uint32(s); k == f {
			r := int(s>>32) * numTags
			row := m.rows[r : r+numTags : r+numTags]
			for t := range row {
				scores[t] += int32(row[t])
			}
			return
		} else if k == 0 {
			return
		}
		i = (i + 1) & m.mask
	}
}

// encodeModel writes a model from float weights keyed by feature hash and
// returns the metadata it wrote (its counts are those of the file: the
// features that survive quantisation and pruning).
func encodeModel(w io.Writer, meta ModelMeta, weights map[uint32][]float32, gaz map[uint64]uint8, lex lexicon, rev map[uint32][]float32) (ModelMeta, error) {
	body, meta, err := encodeBody(meta, weights, gaz, lex, rev)
	if err != nil {
		return ModelMeta{}, err
	}
	le := binary.LittleEndian
	var out bytes.Buffer
	out.WriteString(modelMagic)
	out.Write(le.AppendUint32(nil, modelFormat))
	out.Write(le.AppendUint32(nil, uint32(len(body))))
	zw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return ModelMeta{}, err
	}
	if _, err := zw.Write(body); err != nil {
		return ModelMeta{}, err
	}
	if err := zw.Close(); err != nil {
		return ModelMeta{}, err
	}
	sum := sha256.Sum256(body)
	out.Write(sum[:])
	if _, err := w.Write(out.Bytes()); err != nil {
		return ModelMeta{}, err
	}
	return meta, nil
}

// quantised is a weight table ready to write: the features whose row does
// not quantise to zero, in key order, and the weight unit.
type quantised struct {
	keys  []uint32
	scale float32
}

func quantise(weights map[uint32][]float32, prune float32) quantised {
	keys := make([]uint32, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
	scale := quantScale(weights)
	// Rows that quantise to zero carry no information.
	kept := keys[:0]
	for _, k := range keys {
		for _, v := range weights[k] {
			if math.Round(float64(v)/float64(scale)) != 0 && math.Abs(float64(v)) >= float64(prune) {
				kept = append(kept, k)
				break
			}
		}
	}
	return quantised{keys: kept, scale: scale}
}

// writeWeights appends a weight table: scale, count, keys, int16 rows.
func writeWeights(body *bytes.Buffer, q quantised, weights map[uint32][]float32) {
	le := binary.LittleEndian
	body.Write(le.AppendUint32(nil, math.Float32bits(q.scale)))
	body.Write(le.AppendUint32(nil, uint32(len(q.keys))))
	// The keys ascend: each is written as its difference from the one
	// before, a varint (2-3 bytes instead of 4 for ~180,000 keys; random
	// hashes do not compress).
	buf := make([]byte, 0, 3*len(q.keys))
	prev := uint32(0)
	for _, k := range q.keys {
		buf = binary.AppendUvarint(buf, uint64(k-prev))
		prev = k
	}
	body.Write(buf)
	buf = make([]byte, 0, 2*numTags*len(q.keys))
	for _, k := range q.keys {
		for _, v := range weights[k] {
			x := math.Round(float64(v) / float64(q.scale))
			buf = le.AppendUint16(buf, uint16(int16(x)))
		}
	}
	body.Write(buf)
}

// encodeBody serialises the model body (uncompressed) and returns it with
// the metadata it holds; rev, when not nil, are the right-to-left weights
// of a bidirectional model.
func encodeBody(meta ModelMeta, weights map[uint32][]float32, gaz map[uint64]uint8, lex lexicon, rev map[uint32][]float32) ([]byte, ModelMeta, error) {
	q := quantise(weights, meta.Prune)
	meta.Features = len(q.keys)
	meta.Gazetteer = len(gaz)
	meta.Lexicon = len(lex)
	var rq quantised
	meta.Bidirectional = rev != nil
	if rev != nil {
		rq = quantise(rev, meta.Prune)
		meta.ReverseFeatures = len(rq.keys)
	}
	mj, err := json.Marshal(meta)
	if err != nil {
		return nil, ModelMeta{}, err
	}
	var body bytes.Buffer
	le := binary.LittleEndian
	put32 := func(v uint32) { body.Write(le.AppendUint32(nil, v)) }
	put32(uint32(len(mj)))
	body.Write(mj)
	put32(uint32(numTags))
	writeWeights(&body, q, weights)
	gk := make([]uint64, 0, len(gaz))
	for k := range gaz {
		gk = append(gk, k)
	}
	sort.Slice(gk, func(a, b int) bool { return gk[a] < gk[b] })
	put32(uint32(len(gk)))
	buf := make([]byte, 0, 9*len(gk))
	for _, k := range gk {
		buf = le.AppendUint64(buf, k)
		buf = append(buf, gaz[k])
	}
	body.Write(buf)
	lk := make([]uint64, 0, len(lex))
	for k := range lex {
		lk = append(lk, k)
	}
	sort.Slice(lk, func(a, b int) bool { return lk[a] < lk[b] })
	put32(uint32(len(lk)))
	buf = make([]byte, 0, 12*len(lk))
	for _, k := range lk {
		buf = le.AppendUint64(buf, k)
		buf = le.AppendUint32(buf, lex[k])
	}
	body.Write(buf)
	if rev != nil {
		put32(1)
		writeWeights(&body, rq, rev)
	} else {
		put32(0)
	}
	return body.Bytes(), meta, nil
}

// quantScale is the weight unit of the int16 rows: the largest weight maps
// to 32767.
func quantScale(weights map[uint32][]float32) float32 {
	var maxAbs float64
	for _, row := range weights {
		for _, v := range row {
			maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	return float32(maxAbs / 32767)
}

// decodeModel parses and checks a model file. Any corruption is an error
// wrapping ErrBadModel, never a panic.
func decodeModel(data []byte) (*Model, error) {
	le := binary.LittleEndian
	hdr := len(modelMagic) + 8
	if len(data) < hdr+sha256.Size || string(data[:len(modelMagic)]) != modelMagic {
		return nil, fmt.Errorf("%w: missing magic", ErrBadModel)
	}
	format := le.Uint32(data[len(modelMagic):])
	if format != modelFormat && format != 2 {
		return nil, fmt.Errorf("%w: format version %d, want 2 or %d", ErrBadModel, format, modelFormat)
	}
	n := le.Uint32(data[len(modelMagic)+4:])
	if n > maxModelBody {
		return nil, fmt.Errorf("%w: body of %d bytes", ErrBadModel, n)
	}
	comp := data[hdr : len(data)-sha256.Size]
	body := make([]byte, n)
	zr := flate.NewReader(bytes.NewReader(comp))
	if _, err := io.ReadFull(zr, body); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	sum := sha256.Sum256(body)
	if !bytes.Equal(sum[:], data[len(data)-sha256.Size:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrBadModel)
	}
	m, err := decodeBody(body, format)
	if err != nil {
		return nil, err
	}
	m.version = hex.EncodeToString(sum[:6])
	return m, nil
}

// decodeBody parses an uncompressed model body of the given format.
func decodeBody(body []byte, format uint32) (*Model, error) {
	le := binary.LittleEndian
	r := reader{b: body}
	m := &Model{}
	mj := r.bytes(int(r.u32()))
	if r.err == nil {
		if err := json.Unmarshal(mj, &m.Meta); err != nil {
			return nil, fmt.Errorf("%w: metadata: %v", ErrBadModel, err)
		}
	}
	if nt := r.u32(); r.err == nil && nt != uint32(numTags) {
		return nil, fmt.Errorf("%w: %d tags, want %d", ErrBadModel, nt, numTags)
	}
	if err := m.readWeights(&r, format); err != nil {
		return nil, err
	}
	ng := int(r.u32())
	if r.err != nil || ng > len(body)/9 {
		return nil, fmt.Errorf("%w: truncated", ErrBadModel)
	}
	gb := r.bytes(9 * ng)
	nl := int(r.u32())
	if r.err != nil || nl > len(body)/12 {
		return nil, fmt.Errorf("%w: truncated", ErrBadModel)
	}
	lb := r.bytes(12 * nl)
	var rev *Model
	if format >= 3 {
		switch n := r.u32(); {
		case r.err != nil:
		case n == 1:
			rev = &Model{Meta: m.Meta}
			rev.Meta.Reverse = true
			if err := rev.readWeights(&r, format); err != nil {
				return nil, err
			}
		case n != 0:
			return nil, fmt.Errorf("%w: %d reverse tables", ErrBadModel, n)
		}
	}
	if r.err != nil || r.off != len(body) {
		return nil, fmt.Errorf("%w: truncated or trailing bytes", ErrBadModel)
	}
	if (rev != nil) != m.Meta.Bidirectional {
		return nil, fmt.Errorf("%w: bidirectional %v with %v reverse table", ErrBadModel, m.Meta.Bidirectional, rev != nil)
	}
	m.gaz = make(map[uint64]uint8, ng)
	for i := 0; i < ng; i++ {
		m.gaz[le.Uint64(gb[9*i:])] = gb[9*i+8]
	}
	m.lex = make(lexicon, nl)
	for i := 0; i < nl; i++ {
		m.lex[le.Uint64(lb[12*i:])] = le.Uint32(lb[12*i+8:])
	}
	m.initCache()
	if rev != nil {
		rev.gaz, rev.lex = m.gaz, m.lex
		rev.initCache()
		m.rev = rev
	}
	return m, nil
}

// readWeights reads a weight table (writeWeights) into m; format 2 wrote
// the keys as 4 bytes each, format 3 as varint differences.
func (m *Model) readWeights(r *reader, format uint32) error {
	le := binary.LittleEndian
	m.scale = math.Float32frombits(r.u32())
	nf := int(r.u32())
	if r.err != nil || nf > len(r.b)/2 {
		return fmt.Errorf("%w: truncated", ErrBadModel)
	}
	keys := make([]uint32, nf)
	if format == 2 {
		kb := r.bytes(4 * nf)
		if r.err == nil {
			for i := range keys {
				keys[i] = le.Uint32(kb[4*i:])
			}
		}
	} else {
		prev := uint64(0)
		for i := range keys {
			d, n := binary.Uvarint(r.b[r.off:])
			if n <= 0 || d > math.MaxUint32-prev {
				return fmt.Errorf("%w: bad feature key", ErrBadModel)
			}
			r.off += n
			prev += d
			keys[i] = uint32(prev)
		}
	}
	wb := r.bytes(2 * numTags * nf)
	if r.err != nil {
		return fmt.Errorf("%w: truncated", ErrBadModel)
	}
	size := 1
	for size < 2*nf {
		size <<= 1
	}
	m.mask = uint32(size - 1)
	m.slots = make([]uint64, size)
	m.rows = make([]int16, numTags*nf)
	for i := range m.rows {
		m.rows[i] = int16(le.Uint16(wb[2*i:]))
	}
	for i, k := range keys {
		if k == 0 {
			return fmt.Errorf("%w: zero feature key", ErrBadModel)
		}
		j := k & m.mask
		for m.slots[j] != 0 {
			if uint32(m.slots[j]) == k {
				return fmt.Errorf("%w: duplicate feature key", ErrBadModel)
			}
			j = (j + 1) & m.mask
		}
		m.slots[j] = uint64(k) | uint64(i)<<32
	}
	return nil
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.off+n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

func (r *reader) u32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}
