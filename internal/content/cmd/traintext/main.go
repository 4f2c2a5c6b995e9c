// Command traintext trains the content stage's line classifiers from the
// boilerplate data sets and writes them to internal/content/model:
//
//	go run ./internal/content/cmd/traintext -data ../shared/data
//
// text.bin and textctx.bin (its context stage) classify the lines of plain
// text; html.bin the lines that
// go-trafilatura returns. Pages whose name hashes into the held-out fifth
// (contentdata.HeldOut) are left out. Training is deterministic.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/content/contentdata"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "traintext:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("traintext", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", os.Getenv("DOCSIFT_DATA"), "data folder (holding boilerplate/); default $DOCSIFT_DATA")
	out := fs.String("out", "internal/content/model", "folder to write text.bin and html.bin to")
	kinds := fs.String("kind", "text,html", "models to train: text, html or both")
	def := content.DefaultTrainConfig(content.KindText)
	epochs := fs.Int("epochs", def.Epochs, "training epochs")
	l2 := fs.Float64("l2", def.L2, "L2 weight decay per step")
	lr := fs.Float64("lr", def.LearningRate, "AdaGrad learning rate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return fmt.Errorf("no data folder: pass -data or set DOCSIFT_DATA")
	}
	rp, sp, _, err := contentdata.Load(*data)
	if err != nil {
		return err
	}
	for _, kind := range []string{content.KindText, content.KindHTML} {
		if !contains(*kinds, kind) {
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

func contains(list, s string) bool {
	for len(list) > 0 {
		i := 0
		for i < len(list) && list[i] != ',' {
			i++
		}
		if list[:i] == s {
			return true
		}
		if i == len(list) {
			break
		}
		list = list[i+1:]
	}
	return false
}
