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
	modelMagic   = "DSENTMDL"
	modelFormat  = 2
	maxModelBody = 256 << 20
)

// ErrBadModel marks a model file that is corrupt, truncated or of an
// unknown format.
var ErrBadModel = errors.New("entities: bad model file")

// ModelMeta describes how a model was trained.
type ModelMeta struct {
	Name        string  `json:"name"`
	TrainedOn   string  `json:"trained_on"`
	Epochs      int     `json:"epochs"` // best epoch of the first seed
	SeedEpochs  []int   `json:"seed_epochs,omitempty"`
	Seed        uint64  `json:"seed"`
	MinCount    int     `json:"min_count"`
	Margin      float32 `json:"margin,omitempty"`
	Features    int     `json:"features"`
	Gazetteer   int     `json:"gazetteer_entries"`
	Lexicon     int     `json:"lexicon_entries"`
	Clusters    int     `json:"clusters"`
	Unlabelled  string  `json:"unlabelled"`
	DevF1       float64 `json:"dev_f1"`
	Description string  `json:"description"`
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

// encodeModel writes a model from float weights keyed by feature hash.
func encodeModel(w io.Writer, meta ModelMeta, weights map[uint32][]float32, gaz map[uint64]uint8, lex lexicon) error {
	body, err := encodeBody(meta, weights, gaz, lex)
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	var out bytes.Buffer
	out.WriteString(modelMagic)
	out.Write(le.AppendUint32(nil, modelFormat))
	out.Write(le.AppendUint32(nil, uint32(len(body))))
	zw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(body); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	out.Write(sum[:])
	_, err = w.Write(out.Bytes())
	return err
}

// encodeBody serialises the model body (uncompressed).
func encodeBody(meta ModelMeta, weights map[uint32][]float32, gaz map[uint64]uint8, lex lexicon) ([]byte, error) {
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
			if math.Round(float64(v)/float64(scale)) != 0 {
				kept = append(kept, k)
				break
			}
		}
	}
	keys = kept
	meta.Features = len(keys)
	meta.Gazetteer = len(gaz)
	meta.Lexicon = len(lex)
	mj, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	le := binary.LittleEndian
	put32 := func(v uint32) { body.Write(le.AppendUint32(nil, v)) }
	put32(uint32(len(mj)))
	body.Write(mj)
	put32(uint32(numTags))
	put32(math.Float32bits(scale))
	put32(uint32(len(keys)))
	buf := make([]byte, 0, 4*len(keys))
	for _, k := range keys {
		buf = le.AppendUint32(buf, k)
	}
	body.Write(buf)
	buf = make([]byte, 0, 2*numTags*len(keys))
	for _, k := range keys {
		for _, v := range weights[k] {
			q := math.Round(float64(v) / float64(scale))
			buf = le.AppendUint16(buf, uint16(int16(q)))
		}
	}
	body.Write(buf)
	gk := make([]uint64, 0, len(gaz))
	for k := range gaz {
		gk = append(gk, k)
	}
	sort.Slice(gk, func(a, b int) bool { return gk[a] < gk[b] })
	put32(uint32(len(gk)))
	buf = make([]byte, 0, 9*len(gk))
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
	return body.Bytes(), nil
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
	if v := le.Uint32(data[len(modelMagic):]); v != modelFormat {
		return nil, fmt.Errorf("%w: format version %d, want %d", ErrBadModel, v, modelFormat)
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
	m, err := decodeBody(body)
	if err != nil {
		return nil, err
	}
	m.version = hex.EncodeToString(sum[:6])
	return m, nil
}

// decodeBody parses an uncompressed model body.
func decodeBody(body []byte) (*Model, error) {
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
	m.scale = math.Float32frombits(r.u32())
	nf := int(r.u32())
	if r.err != nil || nf > len(body)/4 {
		return nil, fmt.Errorf("%w: truncated", ErrBadModel)
	}
	kb := r.bytes(4 * nf)
	wb := r.bytes(2 * numTags * nf)
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
	if r.err != nil || r.off != len(body) {
		return nil, fmt.Errorf("%w: truncated or trailing bytes", ErrBadModel)
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
	for i := 0; i < nf; i++ {
		k := le.Uint32(kb[4*i:])
		if k == 0 {
			return nil, fmt.Errorf("%w: zero feature key", ErrBadModel)
		}
		j := k & m.mask
		for m.slots[j] != 0 {
			if uint32(m.slots[j]) == k {
				return nil, fmt.Errorf("%w: duplicate feature key", ErrBadModel)
			}
			j = (j + 1) & m.mask
		}
		m.slots[j] = uint64(k) | uint64(i)<<32
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
	return m, nil
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
