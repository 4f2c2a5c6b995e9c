package topics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"sync"
	"testing"
)

var (
	smallModelOnce sync.Once
	smallModel     *Model
	smallModelErr  error
)

// testModel trains (once) a small model on testdata/small.jsonl.
func testModel(t testing.TB) *Model {
	t.Helper()
	smallModelOnce.Do(func() {
		ex := readFixture(t, "small.jsonl")
		smallModel, smallModelErr = Train(context.Background(), ex, TrainConfig{Name: "small", Release: "test", Bits: 12, Seed: 7})
	})
	if smallModelErr != nil {
		t.Fatal(smallModelErr)
	}
	return smallModel
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	m := testModel(t)
	b := m.Encode()
	m2, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(Encode(m)) error: %v", err)
	}
	if b2 := m2.Encode(); !bytes.Equal(b, b2) {
		t.Errorf("Encode(Decode(b)) differs from b (%d vs %d bytes)", len(b2), len(b))
	}
	if m2.Version() != m.Version() {
		t.Errorf("Version() = %q, want %q", m2.Version(), m.Version())
	}
}

// reseal recomputes the checksum of a modified model file, to test the checks
// that come after it.
func reseal(b []byte) []byte {
	body := b[:len(b)-sha256.Size]
	sum := sha256.Sum256(body)
	return append(append([]byte(nil), body...), sum[:]...)
}

func TestDecodeRejectsCorruptFiles(t *testing.T) {
	good := testModel(t).Encode()
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	version := bytes.Clone(good)
	binary.LittleEndian.PutUint16(version[len(magic):], formatVersion+1)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"short", good[:10]},
		{"truncated", good[:len(good)/2]},
		{"bad magic", append([]byte("NOTMODEL"), good[8:]...)},
		{"newer version", reseal(version)},
		{"flipped weight", flip(len(good) - sha256.Size - 5)},
		{"flipped header", flip(12)},
		{"extra bytes", reseal(append(bytes.Clone(good[:len(good)-sha256.Size]), 1, 2, 3))},
		{"truncated tables, resealed", reseal(good[:len(good)-sha256.Size-100])},
		{"other file", []byte("{\"text\": \"not a model\"}\n")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Decode(tc.data)
			if !errors.Is(err, ErrBadModel) {
				t.Errorf("Decode(%s) = %v, %v; want an error wrapping ErrBadModel", tc.name, m, err)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	good := testModel(f).Encode()
	f.Add(good)
	f.Add(good[:64])
	f.Add([]byte(magic + "\x01\x00"))
	f.Add(reseal(good[:200]))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err == nil {
			// A file that decodes must classify without panicking.
			m.Classify("The striker scored in the final.", analysisOpts())
		}
		// Resealed inputs reach the parser behind the checksum.
		if len(data) > sha256.Size {
			if m, err := Decode(reseal(data)); err == nil {
				m.Classify("Shares fell.", analysisOpts())
			}
		}
	})
}
