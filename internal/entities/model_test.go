package entities

import (
	"bytes"
	"errors"
	"testing"
)

func TestLoadCorrupt(t *testing.T) {
	good := defaultModel
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"short", good[:10]},
		{"bad magic", append([]byte("XXXXXXXX"), good[8:]...)},
		{"bad version", func() []byte { b := bytes.Clone(good); b[8] = 99; return b }()},
		{"truncated", good[:len(good)/2]},
		{"flipped body byte", func() []byte { b := bytes.Clone(good); b[len(b)/2] ^= 0x40; return b }()},
		{"flipped checksum", func() []byte { b := bytes.Clone(good); b[len(b)-1] ^= 1; return b }()},
		{"huge length", func() []byte { b := bytes.Clone(good); b[12], b[13], b[14], b[15] = 0xff, 0xff, 0xff, 0x7f; return b }()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.data)
			if !errors.Is(err, ErrBadModel) {
				t.Errorf("Load(%s) error = %v, want ErrBadModel", tc.name, err)
			}
		})
	}
}

func TestModelSize(t *testing.T) {
	if n := len(defaultModel); n > 20<<20 {
		t.Errorf("embedded model is %d bytes, want <= 20 MB", n)
	}
	ex := loadTest(t)
	if m := ex.Model().Meta; m.Name != "conll-perceptron" || m.Features == 0 || m.Gazetteer == 0 {
		t.Errorf("model metadata = %+v, want name conll-perceptron with features and gazetteer", m)
	}
}
