package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/content/contentdata"
	"github.com/docsift/docsift/internal/datadir"
	"github.com/docsift/docsift/internal/serving"
)

func init() {
	register("train content", "train the content stage's line classifiers (text.bin, textctx.bin, html.bin) on the boilerplate sets", runTrainContent)
	register("eval content", "measure content extraction (go-trafilatura alone vs the pipeline) on the boilerplate sets", runEvalContent)
}

// runTrainContent trains the content stage's line classifiers from the
// boilerplate sets and writes them to internal/content/model: text.bin and
// textctx.bin (its context stage) classify the lines of plain text, html.bin
// the lines that go-trafilatura returns. Pages whose name hashes into the
// held-out fifth (contentdata.HeldOut) are left out.
func runTrainContent(ctx context.Context, args []string, e env) error {
	stderr := e.stderr
	fs := flag.NewFlagSet("train content", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := datadir.Flag(fs)
	out := fs.String("out", "internal/content/model", "folder to write text.bin and html.bin to")
	kinds := fs.String("kind", "text,html", "models to train: text, html or both")
	def := content.DefaultTrainConfig(content.KindText)
	epochs := fs.Int("epochs", def.Epochs, "training epochs")
	l2 := fs.Float64("l2", def.L2, "L2 weight decay per step")
	lr := fs.Float64("lr", def.LearningRate, "AdaGrad learning rate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: train content takes no arguments", errUsage)
	}
	dir, err := dataDir(*data, e, "boilerplate")
	if err != nil {
		return err
	}
	rp, sp, _, err := contentdata.Load(dir)
	if err != nil {
		return err
	}
	for _, kind := range []string{content.KindText, content.KindHTML} {
		if !contentModeOn(*kinds, kind) {
			continue
		}
		var docs []content.LabelledText
		if kind == content.KindText {
			docs = contentdata.TextTrainingDocs(rp, sp)
		} else {
			docs = contentdata.HTMLTrainingDocs(rp, sp)
		}
		cfg := content.DefaultTrainConfig(kind)
		cfg.Epochs, cfg.L2, cfg.LearningRate = *epochs, *l2, *lr
		files := map[string][]byte{}
		if kind == content.KindText {
			line, ctxm, err := content.TrainTextModels(ctx, docs, cfg)
			if err != nil {
				return err
			}
			files[content.KindText], files[content.KindTextContext] = line, ctxm
		} else {
			b, err := content.TrainLineModel(ctx, docs, cfg)
			if err != nil {
				return err
			}
			files[kind] = b
		}
		for _, k := range []string{content.KindText, content.KindTextContext, content.KindHTML} {
			b, ok := files[k]
			if !ok {
				continue
			}
			path := filepath.Join(*out, k+".bin")
			if err := os.WriteFile(path, b, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "wrote %s (%d bytes, %d training documents)\n", path, len(b), len(docs))
		}
	}
	return nil
}

// runEvalContent puts the HTML pipeline beside go-trafilatura alone on
// every page set, with what each stage adds (contentdata.Compare), then
// scores plain text on the held-out pages.
func runEvalContent(ctx context.Context, args []string, e env) error {
	stdout, stderr := e.stdout, e.stderr
	fs := flag.NewFlagSet("eval content", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := datadir.Flag(fs)
	every := fs.Int("every", 1, "evaluate every n-th page only (deterministic subsample)")
	heldOut := fs.Bool("heldout", false, "evaluate the held-out fifth of the pages only (text mode is always reported on it)")
	modes := fs.String("mode", "html,text", "what to evaluate: html, text or both")
	noCV := fs.Bool("nocv", false, "html: skip the cross-validated runs (five trainings of the html line filter)")
	rounds := fs.Int("rounds", 1000, "html: paired bootstrap rounds for the differences")
	thresholds := fs.String("thresholds", "", "html: also run the pipeline with these html filter thresholds (comma-separated)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: eval content takes no arguments", errUsage)
	}
	var ts []float64
	for _, f := range contentSplitComma(*thresholds) {
		if f == "" {
			continue
		}
		t, err := strconv.ParseFloat(f, 64)
		if err != nil || t <= 0 || t >= 1 {
			return fmt.Errorf("%w: threshold %q: want a number in (0,1)", errUsage, f)
		}
		ts = append(ts, t)
	}
	dir, err := dataDir(*data, e, "boilerplate")
	if err != nil {
		return err
	}
	rp, sp, missing, err := contentdata.Load(dir)
	if err != nil {
		return err
	}
	rp, sp = contentdata.Subsample(rp, *every), contentdata.Subsample(sp, *every)
	if *heldOut {
		rp, sp = contentHeldOut(rp, func(p contentdata.ReadabilityPage) string { return p.Name }), contentHeldOut(sp, func(p contentdata.SnippetPage) string { return p.Name })
	}
	fmt.Fprintf(stdout, "data: %s; readability %d pages, trafilatura %d pages (%d entries without a file skipped), every %d-th page\n\n", dir, len(rp), len(sp), missing, *every)
	st, err := serving.Load()
	if err != nil {
		return err
	}
	served := st.Pipeline(analysis.DefaultLimits)
	if contentModeOn(*modes, "html") {
		if err := contentdata.Compare(ctx, stdout, rp, sp, contentdata.CompareConfig{NoCV: *noCV, Rounds: *rounds, Thresholds: ts, Progress: stderr, Served: served}); err != nil {
			return err
		}
	}
	if !contentModeOn(*modes, "text") {
		return nil
	}
	ext, err := content.New()
	if err != nil {
		return err
	}
	noLang, err := content.New(content.WithLanguageDetector(contentNoLanguage{}))
	if err != nil {
		return err
	}
	pipe := contentdata.Pipeline(ext)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tsystem\tpages\tP\tR\tF1\tspeed\t")
	row := func(set, system string, sc contentdata.Score, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.1f MB/s\t\n", set, system, sc.Pages, sc.Precision, sc.Recall, sc.F1, sc.MBPerSec())
		return nil
	}
	hrp := contentHeldOut(rp, func(p contentdata.ReadabilityPage) string { return p.Name })
	hsp := contentHeldOut(sp, func(p contentdata.SnippetPage) string { return p.Name })
	for _, s := range []struct {
		name string
		fn   contentdata.BodyFunc
	}{{"text: keep every line", contentdata.Baseline}, {"text: pipeline", pipe}, {"text: pipeline, no language detection", contentdata.Pipeline(noLang)}, {"text: served (:extractContent)", contentdata.ServedBody(served)}} {
		sc, err := contentdata.Readability(ctx, hrp, true, s.fn)
		if err := row("readability held-out", s.name, sc, err); err != nil {
			return err
		}
		sc, err = contentdata.Snippets(ctx, hsp, true, s.fn)
		if err := row("trafilatura held-out", s.name, sc, err); err != nil {
			return err
		}
	}
	// The training pages too, labelled as such: the model has seen them.
	sc, err := contentdata.Readability(ctx, rp, true, pipe)
	if err := row("readability all (incl. training)", "text: pipeline", sc, err); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\ntext mode: pages rendered to text with content.RenderText; held-out = the fifth of pages the text models never trained on (contentdata.HeldOut). readability: word-level P/R/F1 of body vs expected.html, averaged over pages; trafilatura: snippet counts summed over pages. Speed excludes rendering; use the Go benchmarks for speed figures.")
	return nil
}

// contentNoLanguage is a language detector that never answers, to time the
// text classifier alone.
type contentNoLanguage struct{}

func (contentNoLanguage) Detect(string) (string, float64) { return "", 0 }

func contentHeldOut[T any](xs []T, name func(T) string) []T {
	var out []T
	for _, x := range xs {
		if contentdata.HeldOut(name(x)) {
			out = append(out, x)
		}
	}
	return out
}

func contentModeOn(list, s string) bool {
	for _, f := range contentSplitComma(list) {
		if f == s {
			return true
		}
	}
	return false
}

func contentSplitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
