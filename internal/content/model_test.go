package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/docsift/docsift/internal/analysis"
	"strings"
	"testing"
)

// syntheticDocs is a small labelled set: prose lines are content, short
// site lines boilerplate.
func syntheticDocs() []LabelledText {
	site := []string{"Share on Facebook", "SUBSCRIBE NOW", "Comments are closed.", "Follow us on Twitter", "Related articles", "© 2024 Example News"}
	var docs []LabelledText
	for d := 0; d < 12; d++ {
		var b strings.Builder
		b.WriteString(site[d%len(site)] + "\n\n")
		for p := 0; p < 5; p++ {
			fmt.Fprintf(&b, "The council said on day %d that the plan for district %d would be debated by the members of the committee in the spring.\n\n", d, p)
		}
		b.WriteString(site[(d+1)%len(site)] + "\n" + site[(d+2)%len(site)] + "\n")
		docs = append(docs, LabelledText{Group: fmt.Sprint("doc", d), Text: b.String(), Label: func(s string) int {
			if strings.HasPrefix(s, "The council") {
				return LabelContent
			}
			return LabelBoilerplate
		}})
	}
	return docs
}

func TestTrainingIsDeterministic(t *testing.T) {
	cfg := DefaultTrainConfig(KindText)
	cfg.HashBits = 12
	ctx := context.Background()
	a1, c1, err := TrainTextModels(ctx, syntheticDocs(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	a2, c2, err := TrainTextModels(ctx, syntheticDocs(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a1, a2) || !bytes.Equal(c1, c2) {
		t.Fatal("TrainTextModels gave different bytes for the same data and seed")
	}
	cfg.Seed = 2
	a3, _, err := TrainTextModels(ctx, syntheticDocs(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a1, a3) {
		t.Error("TrainTextModels ignored the seed")
	}
	// The trained pair separates the synthetic classes.
	e, err := New(WithModels(a1, c1, nil))
	if err != nil {
		t.Fatalf("New(WithModels(trained)) error: %v", err)
	}
	doc := syntheticDocs()[0].Text
	c, err := e.Extract(ctx, analysis.Document{Text: doc})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.Body, "SUBSCRIBE") || !strings.Contains(c.Body, "The council said on day 0") {
		t.Errorf("Extract(%q).Body = %q, want the council paragraphs only", doc, c.Body)
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	if _, err := TrainLineModel(ctx, nil, DefaultTrainConfig(KindHTML)); err == nil {
		t.Error("TrainLineModel(no docs) error = nil, want an error")
	}
	bad := DefaultTrainConfig(KindHTML)
	bad.Epochs = 0
	if _, err := TrainLineModel(ctx, syntheticDocs(), bad); err == nil {
		t.Error("TrainLineModel(epochs 0) error = nil, want an error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := TrainLineModel(cctx, syntheticDocs(), DefaultTrainConfig(KindHTML)); !errors.Is(err, context.Canceled) {
		t.Errorf("TrainLineModel(canceled) error = %v, want context.Canceled", err)
	}
}

func TestShippedModelsLoad(t *testing.T) {
	for _, tc := range []struct {
		kind string
		data []byte
	}{{KindText, textModelData}, {KindTextContext, textCtxModelData}, {KindHTML, htmlModelData}} {
		m, err := loadLineModel(tc.data, tc.kind)
		if err != nil {
			t.Fatalf("loadLineModel(%s) error: %v", tc.kind, err)
		}
		b, err := m.MarshalBinary()
		if err != nil || !bytes.Equal(b, tc.data) {
			t.Errorf("loadLineModel(%s) does not round-trip (err %v)", tc.kind, err)
		}
	}
}

func TestLoadRejectsCorruptModels(t *testing.T) {
	good := textModelData
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		kind string
	}{
		{"empty", nil, KindText},
		{"truncated", good[:len(good)/2], KindText},
		{"short header", good[:10], KindText},
		{"bad magic", flip(0), KindText},
		{"flipped weight", flip(headerLen + 100), KindText},
		{"flipped checksum", flip(len(good) - 1), KindText},
		{"wrong kind", good, KindHTML},
		{"extra bytes", append(bytes.Clone(good), 0), KindText},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := loadLineModel(tc.data, tc.kind); !errors.Is(err, ErrBadModel) {
				t.Errorf("loadLineModel(%s) error = %v, want ErrBadModel", tc.name, err)
			}
		})
	}
	if _, err := New(WithModels(flip(headerLen+8), nil, nil)); !errors.Is(err, ErrBadModel) {
		t.Errorf("New(corrupt text model) error = %v, want ErrBadModel", err)
	}
}
