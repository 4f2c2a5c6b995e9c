package topics

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/shapes"
)

func TestLoadDefault(t *testing.T) {
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	info, err := r.Model("")
	if err != nil {
		t.Fatal(err)
	}
	if info.Stage != "topics" || info.Name != "iptc" || !strings.HasPrefix(info.Version, "iptc-"+IPTCRelease+"-") || !info.Supports("en") {
		t.Errorf("Model(\"\") = %+v", info)
	}
	tax := r.Taxonomies()
	if len(tax) != 1 || len(tax[0].Labels) < 13 {
		t.Fatalf("Taxonomies() = %d models, want 1 with >= 13 labels", len(tax))
	}
	for _, l := range tax[0].Labels {
		if !strings.HasPrefix(l.ID, "medtop:") || l.Name == "" || l.Threshold <= 0 || l.Threshold >= 1 || l.Precision <= 0 || l.Recall <= 0 {
			t.Errorf("label %+v: want a medtop id, a name, a threshold in (0,1) and measured precision and recall", l)
		}
	}
}

func TestModelUnknown(t *testing.T) {
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Model("nope")
	if !errors.Is(err, analysis.ErrUnknownModel) || !strings.Contains(err.Error(), "iptc") {
		t.Errorf("Model(%q) = %v, want ErrUnknownModel listing the loaded models", "nope", err)
	}
	_, _, err = r.Classify(context.Background(), "text", analysis.TopicOptions{Model: "nope"})
	if !errors.Is(err, analysis.ErrUnknownModel) {
		t.Errorf("Classify(model nope) = %v, want ErrUnknownModel", err)
	}
}

func TestClassifyOptions(t *testing.T) {
	r := NewRegistry()
	r.Add("small", testModel(t))
	text := "The government will cut taxes for small firms and the shares rose, the minister told parliament."
	ctx := context.Background()
	all, info, err := r.Classify(ctx, text, analysis.TopicOptions{Model: "small", MinScore: 0.0001})
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "small" || info.Stage != "topics" {
		t.Errorf("ModelInfo = %+v", info)
	}
	if len(all) != 3 {
		t.Fatalf("Classify(MinScore 0.0001) returned %d topics, want all 3: %+v", len(all), all)
	}
	for i := range all {
		if all[i].Score < 0 || all[i].Score > 1 {
			t.Errorf("topic %s score %v outside [0,1]", all[i].ID, all[i].Score)
		}
		if i > 0 && all[i].Score > all[i-1].Score {
			t.Errorf("topics not sorted by score: %+v", all)
		}
		if all[i].Terms != nil {
			t.Errorf("Terms filled without Explain")
		}
	}
	top, _, _ := r.Classify(ctx, text, analysis.TopicOptions{Model: "small", MinScore: 0.0001, TopK: 1})
	if len(top) != 1 || top[0].ID != all[0].ID {
		t.Errorf("TopK 1 = %+v, want [%s]", top, all[0].ID)
	}
	none, _, _ := r.Classify(ctx, text, analysis.TopicOptions{Model: "small", MinScore: 1})
	if len(none) != 0 {
		t.Errorf("MinScore 1 returned %+v, want none", none)
	}
	ex, _, _ := r.Classify(ctx, text, analysis.TopicOptions{Model: "small", MinScore: 0.0001, Explain: true})
	for _, tp := range ex {
		for i, term := range tp.Terms {
			if term.Weight <= 0 || !strings.Contains(strings.ToLower(text), strings.Fields(term.Text)[0]) {
				t.Errorf("topic %s term %q weight %v: want a positive weight and a term of the text", tp.ID, term.Text, term.Weight)
			}
			if i > 0 && term.Weight > tp.Terms[i-1].Weight {
				t.Errorf("topic %s terms not strongest first: %+v", tp.ID, tp.Terms)
			}
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := r.Classify(cctx, text, analysis.TopicOptions{Model: "small"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Classify(cancelled) = %v, want context.Canceled", err)
	}
}

func TestClassifyNoWords(t *testing.T) {
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", "   \n\t", "!!! ... ---"} {
		got, _, err := r.Classify(context.Background(), text, analysis.TopicOptions{MinScore: 0.01})
		if err != nil || len(got) != 0 {
			t.Errorf("Classify(%q) = %+v, %v; want no topics", text, got, err)
		}
	}
}

func TestLoadRefusesBadFileAndKeepsModel(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.model")
	if err := os.WriteFile(good, testModel(t).Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.model")
	b := testModel(t).Encode()
	b[len(b)/2] ^= 1
	if err := os.WriteFile(bad, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Load("custom", good); err != nil {
		t.Fatalf("Load(good) = %v", err)
	}
	before, _ := r.Model("custom")
	for _, path := range []string{bad, filepath.Join(dir, "missing.model")} {
		err := r.Load("custom", path)
		if err == nil {
			t.Errorf("Load(%s) = nil, want an error", filepath.Base(path))
		}
		after, err := r.Model("custom")
		if err != nil || after.Version != before.Version {
			t.Errorf("after a refused Load, Model(custom) = %+v, %v; want the old model %s still in service", after, err, before.Version)
		}
	}
	if err := r.Load("iptc", bad); !errors.Is(err, ErrBadModel) {
		t.Errorf("Load(iptc, corrupt) = %v, want ErrBadModel", err)
	}
	if info, err := r.Model(""); err != nil || !strings.HasPrefix(info.Version, "iptc-") {
		t.Errorf("default model after refused reload = %+v, %v", info, err)
	}
}

// TestLoadConcurrentWithClassify reloads models while requests run; run
// with -race.
func TestLoadConcurrentWithClassify(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.model")
	if err := os.WriteFile(path, testModel(t).Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Load("custom", path); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := []string{"custom", ""}[w%2]
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, _, err := r.Classify(ctx, "The minister said the team won the election final.", analysis.TopicOptions{Model: name, Explain: true}); err != nil {
					errs <- err
					return
				}
				r.Taxonomies()
			}
		}()
	}
	for range 50 {
		if err := r.Load("custom", path); err != nil {
			t.Error(err)
		}
		r.Add("extra", testModel(t))
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Classify during reload: %v", err)
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"", "The striker scored.", "Zürich 2022 “quotes” \xff\xfe", strings.Repeat("war ", 100), "a\x00b"} {
		f.Add(s)
	}
	r, err := LoadDefault()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		topics, _, err := r.Classify(context.Background(), text, analysis.TopicOptions{Explain: true, MinScore: 0.001})
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range topics {
			if tp.Score < 0 || tp.Score > 1 {
				t.Errorf("score %v outside [0,1]", tp.Score)
			}
			for _, term := range tp.Terms {
				if term.Text == "" {
					t.Errorf("empty explaining term for %q", text)
				}
			}
		}
		shapes.WatchTime(t, text, func(in string) {
			r.Classify(context.Background(), in, analysis.TopicOptions{Explain: true, MinScore: 0.001})
		})
	})
}
