package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// Model file layout (little endian):
//
//	magic     [8]byte "DSCLINE\x00"
//	version   uint32  (modelFormat)
//	features  uint32  (featureVersion the model was trained with)
//	kind      [16]byte model kind, NUL padded ("text", "html")
//	hashBits  uint32
//	threshold float32 content probability at or above which a line is kept
//	weights   [1<<hashBits]float32
//	crc       uint32  CRC-32 (IEEE) of everything before it
const (
	modelMagic  = "DSCLINE\x00"
	modelFormat = 1
	headerLen   = 8 + 4 + 4 + 16 + 4 + 4
	maxHashBits = 24
)

// ErrBadModel marks a model file that is corrupt, truncated or made for
// another version of this package.
var ErrBadModel = errors.New("content: bad model file")

// lineModel is a logistic regression over hashed line features.
type lineModel struct {
	kind      string
	hashBits  uint32
	mask      uint32
	threshold float64
	w         []float32
}

func newLineModel(kind string, hashBits uint32) *lineModel {
	return &lineModel{kind: kind, hashBits: hashBits, mask: 1<<hashBits - 1, threshold: 0.5, w: make([]float32, 1<<hashBits)}
}

// score returns the probability that a line with features fs is content.
func (m *lineModel) score(fs []feat) float64 {
	var z float32
	for _, f := range fs {
		z += m.w[f.idx] * f.val
	}
	return sigmoid(float64(z))
}

func sigmoid(z float64) float64 {
	if z < -30 {
		z = -30
	} else if z > 30 {
		z = 30
	}
	return 1 / (1 + math.Exp(-z))
}

// MarshalBinary encodes the model; the same model always gives the same bytes.
func (m *lineModel) MarshalBinary() ([]byte, error) {
	if len(m.kind) > 16 {
		return nil, fmt.Errorf("content: model kind %q too long", m.kind)
	}
	var b bytes.Buffer
	b.WriteString(modelMagic)
	le := binary.LittleEndian
	b.Write(le.AppendUint32(nil, modelFormat))
	b.Write(le.AppendUint32(nil, featureVersion))
	var kind [16]byte
	copy(kind[:], m.kind)
	b.Write(kind[:])
	b.Write(le.AppendUint32(nil, m.hashBits))
	b.Write(le.AppendUint32(nil, math.Float32bits(float32(m.threshold))))
	for _, w := range m.w {
		b.Write(le.AppendUint32(nil, math.Float32bits(w)))
	}
	b.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	return b.Bytes(), nil
}

// loadLineModel decodes and checks a model of the given kind.
func loadLineModel(data []byte, kind string) (*lineModel, error) {
	le := binary.LittleEndian
	if len(data) < headerLen+4 {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrBadModel, len(data))
	}
	if string(data[:8]) != modelMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrBadModel)
	}
	body, sum := data[:len(data)-4], le.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrBadModel)
	}
	if v := le.Uint32(data[8:]); v != modelFormat {
		return nil, fmt.Errorf("%w: format version %d, want %d", ErrBadModel, v, modelFormat)
	}
	if v := le.Uint32(data[12:]); v != featureVersion {
		return nil, fmt.Errorf("%w: feature version %d, want %d (retrain the model)", ErrBadModel, v, featureVersion)
	}
	k := string(bytes.TrimRight(data[16:32], "\x00"))
	if k != kind {
		return nil, fmt.Errorf("%w: model kind %q, want %q", ErrBadModel, k, kind)
	}
	bits := le.Uint32(data[32:])
	if bits == 0 || bits > maxHashBits {
		return nil, fmt.Errorf("%w: hash bits %d out of range", ErrBadModel, bits)
	}
	th := float64(math.Float32frombits(le.Uint32(data[36:])))
	if !(th >= 0 && th <= 1) {
		return nil, fmt.Errorf("%w: threshold %v out of range", ErrBadModel, th)
	}
	if want := headerLen + 4<<bits + 4; len(data) != want {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrBadModel, len(data), want)
	}
	m := newLineModel(k, bits)
	m.threshold = th
	for i := range m.w {
		w := math.Float32frombits(le.Uint32(data[headerLen+4*i:]))
		if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
			return nil, fmt.Errorf("%w: weight %d is not finite", ErrBadModel, i)
		}
		m.w[i] = w
	}
	return m, nil
}
