package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/docsift/docsift/internal/entities"
)

func init() {
	register("train entities", "train the entity tagger on CoNLL-2003 (+ GeoNames gazetteers)", runTrainEntities)
	register("eval entities", "score the entity tagger on CoNLL files (conlleval P/R/F1), optionally against prose", runEvalEntities)
}

func dataDir(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv("DOCSIFT_DATA"); v != "" {
		return v
	}
	return "../shared/data"
}

func runTrainEntities(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train entities", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data folder (default $DOCSIFT_DATA or ../shared/data)")
	train := fs.String("train", "", "comma-separated CoNLL training files (default <data>/ner/conll2003/eng.train)")
	dev := fs.String("dev", "", "CoNLL file to pick the epoch on (default <data>/ner/conll2003/eng.testa; \"none\" to skip)")
	gaz := fs.String("gazetteers", "", "GeoNames folder (default <data>/gazetteers/geonames; \"none\" to skip)")
	out := fs.String("out", "internal/entities/model/conll-perceptron.bin", "model file to write")
	epochs := fs.Int("epochs", 12, "maximum training epochs")
	seed := fs.Uint64("seed", 1, "shuffling seed")
	minCount := fs.Int("min-count", 2, "drop features seen fewer times")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d := dataDir(*data)
	cfg := entities.TrainConfig{
		Train:        []string{filepath.Join(d, "ner/conll2003/eng.train")},
		Dev:          filepath.Join(d, "ner/conll2003/eng.testa"),
		GazetteerDir: filepath.Join(d, "gazetteers/geonames"),
		Epochs:       *epochs,
		Seed:         *seed,
		MinCount:     *minCount,
		Log:          stderr,
	}
	if *train != "" {
		cfg.Train = strings.Split(*train, ",")
	}
	switch *dev {
	case "":
	case "none":
		cfg.Dev = ""
	default:
		cfg.Dev = *dev
	}
	switch *gaz {
	case "":
	case "none":
		cfg.GazetteerDir = ""
	default:
		cfg.GazetteerDir = *gaz
	}
	var buf bytes.Buffer
	start := time.Now()
	meta, err := entities.Train(ctx, cfg, &buf)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("train entities: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes) in %s: %d features, %d gazetteer entries, best epoch %d, dev F1 %.4f\n",
		*out, buf.Len(), time.Since(start).Round(time.Millisecond), meta.Features, meta.Gazetteer, meta.Epochs, meta.DevF1)
	return nil
}

func runEvalEntities(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval entities", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conll := fs.String("conll", "", "CoNLL file to score (required)")
	model := fs.String("model", "", "model file (default: the embedded model)")
	prose := fs.Bool("compare-prose", false, "also score github.com/jdkato/prose/v2 on the same data (PERSON/GPE/ORGANIZATION -> PER/LOC/ORG)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conll == "" {
		fs.Usage()
		return fmt.Errorf("%w: --conll is required", errUsage)
	}
	docs, err := entities.ReadCoNLLFile(*conll)
	if err != nil {
		return err
	}
	var ex *entities.Extractor
	if *model != "" {
		b, err := os.ReadFile(*model)
		if err != nil {
			return err
		}
		ex, err = entities.Load(b)
		if err != nil {
			return err
		}
	} else if ex, err = entities.LoadDefault(); err != nil {
		return err
	}
	start := time.Now()
	c := ex.TagCoNLL(docs)
	el := time.Since(start)
	info := ex.Info()
	fmt.Fprintf(stdout, "docsift %s %s on %s (%.0f tokens/s tagging pre-tokenised text)\n", info.Name, info.Version, filepath.Base(*conll), float64(c.Tokens)/el.Seconds())
	c.Report(stdout)
	if *prose {
		return fmt.Errorf("eval entities: --compare-prose is not available yet")
	}
	return nil
}
