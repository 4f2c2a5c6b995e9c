package content_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/content/contentdata"
)

// TestShippedModelsReproduce retrains the models from the data with the
// default configuration and checks that the bytes match the shipped files:
// the models are what the training command makes, and training is
// deterministic.
func TestShippedModelsReproduce(t *testing.T) {
	if testing.Short() {
		t.Skip("retrains the models (~30 s); skipped with -short")
	}
	s := loadSets(t)
	ctx := context.Background()
	line, ctxm, err := content.TrainTextModels(ctx, contentdata.TextTrainingDocs(s.rp, s.sp), content.DefaultTrainConfig(content.KindText))
	if err != nil {
		t.Fatal(err)
	}
	html, err := content.TrainLineModel(ctx, contentdata.HTMLTrainingDocs(s.rp, s.sp), content.DefaultTrainConfig(content.KindHTML))
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"text.bin": line, "textctx.bin": ctxm, "html.bin": html} {
		want, err := os.ReadFile("model/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("retrained model/%s differs from the shipped file: rerun go run ./cmd/docsift-models train content --data $DOCSIFT_DATA", name)
		}
	}
}
