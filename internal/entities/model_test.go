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
	if m := ex.Model().Meta; m.Name != "conll-perceptron" || m.Features == 0 || m.Gazetteer == 0 || !m.Bidirectional || m.ReverseFeatures == 0 || ex.Model().rev == nil {
		t.Errorf("model metadata = %+v, want name conll-perceptron with features, gazetteer and a right-to-left table", m)
	}
}

// TestBidirectionalBody checks format 3's right-to-left table: it loads as
// the model's rev (sharing gazetteer and lexicon), and a body cut short, or
// with a reverse table the metadata does not announce, is ErrBadModel.
func TestBidirectionalBody(t *testing.T) {
	w := map[uint32][]float32{7: make([]float32, numTags), 9: make([]float32, numTags)}
	rev := map[uint32][]float32{11: make([]float32, numTags)}
	w[7][tagO], w[9][1], rev[11][2] = 3, -2, 5
	gaz := map[uint64]uint8{42: 1}
	lex := lexicon{43: 7}
	body, _, err := encodeBody(ModelMeta{Name: "t"}, w, gaz, lex, rev)
	if err != nil {
		t.Fatal(err)
	}
	m, err := decodeBody(body, modelFormat)
	if err != nil {
		t.Fatal(err)
	}
	if m.rev == nil || !m.rev.Meta.Reverse || m.Meta.Reverse || !m.Meta.Bidirectional || m.Meta.ReverseFeatures != 1 {
		t.Fatalf("decoded model: rev %v, meta %+v", m.rev != nil, m.Meta)
	}
	var s [numTags]int32
	m.rev.addScores(&s, 11)
	if s[2] <= 0 || len(m.rev.gaz) != 1 || len(m.rev.lex) != 1 {
		t.Errorf("reverse model: scores %v, gazetteer %d, lexicon %d entries", s, len(m.rev.gaz), len(m.rev.lex))
	}
	one, _, err := encodeBody(ModelMeta{Name: "t"}, w, gaz, lex, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := decodeBody(one, modelFormat); err != nil || m.rev != nil {
		t.Fatalf("one direction: rev %v, err %v", m != nil && m.rev != nil, err)
	}
	for name, b := range map[string][]byte{
		"cut":                       body[:len(body)-3],
		"reverse table unannounced": append(one[:len(one)-4:len(one)-4], body[len(one)-4:]...),
		"announced, missing":        func() []byte { b := bytes.Clone(body); return append(b[:len(one)-4:len(one)-4], 0, 0, 0, 0) }(),
	} {
		if _, err := decodeBody(b, modelFormat); !errors.Is(err, ErrBadModel) {
			t.Errorf("%s: error %v, want ErrBadModel", name, err)
		}
	}
}
