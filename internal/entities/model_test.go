package entities

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
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

// TestTrainDeterministic trains twice on a small slice (two seeds averaged):
// the files must be byte-identical, and they must load and tag.
func TestTrainDeterministic(t *testing.T) {
	dir := dataDir(t)
	cfg := TrainConfig{
		Train:        []string{filepath.Join(dir, "ner/conll2003/eng.train")},
		GazetteerDir: filepath.Join(dir, "gazetteers/geonames"),
		Epochs:       2,
		Seed:         7,
		Seeds:        2,
		Margin:       100,
		MaxDocs:      40,
		TrainNames:   true,
	}
	var a, b bytes.Buffer
	if _, err := Train(context.Background(), cfg, &a); err != nil {
		t.Fatal(err)
	}
	if _, err := Train(context.Background(), cfg, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two trainings with the same data and seed differ (%d vs %d bytes)", a.Len(), b.Len())
	}
	ex, err := Load(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	docs, err := ReadCoNLLFile(cfg.Train[0])
	if err != nil {
		t.Fatal(err)
	}
	// On its own training slice even a tiny model must do well.
	if _, _, f := ex.TagCoNLL(docs[:40]).PRF(""); f < 0.8 {
		t.Errorf("tiny model F1 on its training slice = %.3f, want >= 0.8", f)
	}
	cfg.Seed = 8
	var c bytes.Buffer
	if _, err := Train(context.Background(), cfg, &c); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Errorf("a different seed gave the same model; the seed is not used")
	}
}
