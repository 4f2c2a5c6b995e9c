package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/datadir"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/entities/entitiesdata"
	"github.com/docsift/docsift/internal/serving"
)

func init() {
	register("train entities", "train the entity tagger on CoNLL-2003 (+ GeoNames gazetteers)", runTrainEntities)
	register("eval entities", "score entities as served (plain text through the server's pipeline) beside the tagger alone: CoNLL P/R/F1 per type, GUM dates, lost stages", runEvalEntities)
}

func runTrainEntities(ctx context.Context, args []string, e env) error {
	stdout, stderr := e.stdout, e.stderr
	fs := flag.NewFlagSet("train entities", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := datadir.Flag(fs)
	train := fs.String("train", "", "comma-separated CoNLL training files (default <data>/ner/conll2003/eng.train and eng.testa for a model, eng.train alone with --cv)")
	dev := fs.String("dev", "none", "CoNLL file to pick each seed's epoch on, one not among the training files (default none: every seed runs --epochs epochs, the count chosen by --cv)")
	gaz := fs.String("gazetteers", "", "GeoNames folder (default <data>/gazetteers/geonames; \"none\" to skip)")
	out := fs.String("out", "internal/entities/model/conll-perceptron.bin", "model file to write")
	epochs := fs.Int("epochs", 10, "training epochs per seed (the maximum with --dev)")
	seed := fs.Uint64("seed", 1, "shuffling seed")
	margin := fs.Float64("margin", 100, "also update when the gold tag wins by less than this (0: plain perceptron)")
	dropout := fs.Float64("dropout", 0.1, "the share of each token's features left out of each training step, at random (0.1 chosen by --cv with --pa 1)")
	pa := fs.Float64("pa", 1, "size each update passive-aggressively (PA-I) with this cap (0: the perceptron's step of 1; 1 chosen by --cv)")
	prune := fs.Float64("prune", 1, "leave out of the model the features whose weights are all smaller than this (weight units; 1 chosen by --cv: -43% size for -0.02 F1)")
	seeds := fs.Int("seeds", 3, "models trained (seeds seed, seed+1, ...) whose weights are averaged")
	minCount := fs.Int("min-count", 1, "drop features seen fewer times")
	unlabelled := fs.String("unlabelled", "", "data folder whose topics/ news text word clusters are learnt from (default <data>; \"none\" to skip)")
	clusters := fs.Int("clusters", 256, "number of word clusters")
	trainNames := fs.Bool("train-names", true, "add the training files' names to the gazetteer (5-fold in training)")
	capsShare := fs.Float64("caps-share", 0.3, "share of the training documents also trained on a second time in capitals (0-1; 0.3 chosen by --cv with --pa 1 --dropout 0.1: in-domain F1 equal to 0.1's, the held-out blocks in capitals 87.4 -> 88.2 end to end)")
	bidir := fs.Bool("bidir", true, "also train a right-to-left model, kept in the same file; the tagger combines the two directions (chosen by --cv: 90.29 left to right alone, 91.00 combined)")
	cv := fs.Int("cv", 0, "cross-validate over this many blocks of the training documents instead of writing a model (no dev set: --epochs epochs per seed)")
	cvErrors := fs.String("cv-errors", "", "with --cv: write each held-out error to this file, one line each (kind, gold entity, overlapping predictions, the sentence with gold [..] and predicted {..} spans)")
	cvModels := fs.String("cv-models", "", "with --cv: write each fold's model to this folder (fold-1.bin, ...), for eval entities --cv-models")
	cvExtra := fs.String("cv-extra", "", "comma-separated CoNLL files each fold's model also scores (default <data>/ner/wikigold/wikigold.conll.txt; \"none\" to skip)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: train entities takes no arguments", errUsage)
	}
	d, err := dataDir(*data, e, "")
	if err != nil {
		return err
	}
	// The shipped model learns from every labelled CoNLL document: the
	// choices are made by cross-validation over eng.train (--cv), so
	// eng.testa is not needed as a development set and adds 216 documents
	// of training data. Cross-validation stays on eng.train alone, so that
	// its figures compare with the earlier ones.
	trainFiles := []string{filepath.Join(d, "ner/conll2003/eng.train"), filepath.Join(d, "ner/conll2003/eng.testa")}
	if *cv > 0 {
		trainFiles = trainFiles[:1]
	}
	if *train != "" {
		trainFiles = strings.Split(*train, ",")
	}
	devFile := *dev
	gazDir := filepath.Join(d, "gazetteers/geonames")
	if *gaz != "" {
		gazDir = *gaz
	}
	unlabelledDir := d
	if *unlabelled != "" {
		unlabelledDir = *unlabelled
	}
	cfg := entities.TrainConfig{
		Epochs:        *epochs,
		Seed:          *seed,
		Seeds:         *seeds,
		Margin:        float32(*margin),
		PA:            float32(*pa),
		Dropout:       float32(*dropout),
		Prune:         float32(*prune),
		MinCount:      *minCount,
		Clusters:      *clusters,
		TrainNames:    *trainNames,
		CapsShare:     *capsShare,
		Bidirectional: *bidir,
		Log:           stderr,
	}
	var names []string
	for _, p := range trainFiles {
		docs, err := entitiesdata.ReadCoNLLFile(p)
		if err != nil {
			return fmt.Errorf("entities: train: %w", err)
		}
		cfg.Train = append(cfg.Train, docs...)
		names = append(names, filepath.Base(p))
	}
	cfg.TrainedOn = strings.Join(names, "+")
	if devFile != "none" {
		if cfg.Dev, err = entitiesdata.ReadCoNLLFile(devFile); err != nil {
			return fmt.Errorf("entities: dev: %w", err)
		}
	}
	if gazDir != "none" {
		if cfg.Places, err = entitiesdata.ReadGeoNames(gazDir); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
	}
	if unlabelledDir != "none" {
		if cfg.Unlabelled, err = entitiesdata.ReadUnlabelled(unlabelledDir); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
	}
	if *cv > 0 && *cvModels != "" {
		dir := *cvModels
		cfg.FoldModel = func(k int, model []byte) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, fmt.Sprintf("fold-%d.bin", k+1)), model, 0o644)
		}
	}
	if *cv > 0 {
		if *cvErrors != "" {
			f, err := os.Create(*cvErrors)
			if err != nil {
				return fmt.Errorf("train entities: %w", err)
			}
			defer f.Close()
			bw := bufio.NewWriter(f)
			cfg.Errors = bw
			if err := entitiesCV(ctx, cfg, *cv, d, *cvExtra, stdout); err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("train entities: %w", err)
			}
			return f.Close()
		}
		return entitiesCV(ctx, cfg, *cv, d, *cvExtra, stdout)
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
	fmt.Fprintf(stdout, "wrote %s (%d bytes) in %s: %d features (%d right to left), %d gazetteer entries, best epoch %d, dev F1 %.4f\n",
		*out, buf.Len(), time.Since(start).Round(time.Millisecond), meta.Features, meta.ReverseFeatures, meta.Gazetteer, meta.Epochs, meta.DevF1)
	return nil
}

func runEvalEntities(ctx context.Context, args []string, e env) error {
	stdout := e.stdout
	fs := flag.NewFlagSet("eval entities", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := datadir.Flag(fs)
	conll := fs.String("conll", "", "comma-separated CoNLL files to score (default, with no --conll nor --gum: <data>/ner/conll2003/eng.testa and <data>/ner/wikigold/wikigold.conll.txt, and GUM)")
	gum := fs.String("gum", "", "GUM WebAnno TSV folder: score DATE/TIME against its time entities (default with no --conll: <data>/ner/gum-news)")
	model := fs.String("model", "", "entity model file (default: the embedded model); the served path then runs it in place of the embedded one")
	prose := fs.Bool("compare-prose", false, "also score github.com/jdkato/prose/v2 on the same data (PERSON/GPE/ORGANIZATION -> PER/LOC/ORG)")
	verbose := fs.Bool("v", false, "print the documents that lost the entities stage")
	caps := fs.Bool("caps", false, "also score each CoNLL file with every word in capitals (a wire feed, a shouted page)")
	cvModels := fs.String("cv-models", "", "end-to-end cross-validation: the folder of fold models written by train entities --cv N --cv-models; each fold's held-out block of eng.train is sent through the served path with that fold's model")
	errFile := fs.String("errors", "", "with --cv-models: write each error of the served path to this file, one line each (--caps: the blocks as written only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: eval entities takes no arguments", errUsage)
	}
	if *cvModels != "" {
		d, err := dataDir(*data, e, "ner")
		if err != nil {
			return err
		}
		if err := entitiesEvalCV(ctx, stdout, filepath.Join(d, "ner/conll2003/eng.train"), *cvModels, *errFile, false); err != nil {
			return err
		}
		if *caps {
			return entitiesEvalCV(ctx, stdout, filepath.Join(d, "ner/conll2003/eng.train"), *cvModels, "", true)
		}
		return nil
	}
	var files []string
	if *conll != "" {
		files = strings.Split(*conll, ",")
	}
	gumDir := *gum
	if len(files) == 0 && gumDir == "" {
		d, err := dataDir(*data, e, "ner")
		if err != nil {
			return err
		}
		files = []string{filepath.Join(d, "ner/conll2003/eng.testa"), filepath.Join(d, "ner/wikigold/wikigold.conll.txt")}
		gumDir = filepath.Join(d, "ner/gum-news")
	}
	st, err := serving.Load()
	if err != nil {
		return err
	}
	if *model != "" {
		if st.Entities, err = entities.LoadFile(*model); err != nil {
			return err
		}
	}
	ex := st.Entities
	pipe := st.Pipeline(analysis.DefaultLimits)
	served := func(lang string) entitiesdata.Served {
		return func(ctx context.Context, text string) (*analysis.Result, error) {
			return pipe.ExtractEntities(ctx, analysis.Request{Document: analysis.Document{Text: text, LanguageCode: lang}})
		}
	}
	info := ex.Info()
	fmt.Fprintf(stdout, "docsift %s; served = each document as plain text through analysis.Pipeline.ExtractEntities built by internal/serving (the server's path: language detection and gate, tokenizer, tagger, rules, merges), no language hint unless said; types PERSON/ORGANIZATION/LOCATION/MISC scored as PER/ORG/LOC/MISC, DATE/TIME/MONEY/PERCENT/NUMBER left out\n", info.Version)
	for _, f := range files {
		docs, err := entitiesdata.ReadCoNLLFile(f)
		if err != nil {
			return err
		}
		if err := entitiesEvalCoNLL(ctx, stdout, filepath.Base(f), docs, ex, served, *verbose); err != nil {
			return err
		}
		if *caps {
			if err := entitiesEvalCoNLL(ctx, stdout, filepath.Base(f)+" in capitals", entities.UpperDocs(docs), ex, served, *verbose); err != nil {
				return err
			}
		}
		if *prose {
			if err := entitiesEvalProse(docs, stdout); err != nil {
				return err
			}
		}
	}
	if gumDir != "" {
		alone, err := entitiesdata.EvalGUM(ctx, ex, gumDir)
		if err != nil {
			return err
		}
		s, ds, err := entitiesdata.EvalGUMServed(ctx, gumDir, served(""))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\n== GUM news (%s): DATE/TIME vs time entities (which include durations)\n", filepath.Base(gumDir))
		for _, r := range []struct {
			name string
			s    entitiesdata.TimeScores
		}{{"served", s}, {"Extract alone", alone}} {
			fmt.Fprintf(stdout, "%-14s gold %d, predicted %d, precision %.2f%%, recall %.2f%% (overlap), %d exact\n",
				r.name, r.s.Gold, r.s.Pred, 100*r.s.Precision(), 100*r.s.Recall(), r.s.Exact)
		}
		entitiesPrintStats(stdout, ds, *verbose)
		names, err := entitiesdata.ReadGUMNamesDir(gumDir)
		if err != nil {
			return err
		}
		if err := entitiesEvalCoNLL(ctx, stdout, "GUM news names (PER/LOC/ORG, approximate: see entitiesdata.ReadGUMNames; MISC predictions left out, GUM has none)", names, ex, served, *verbose, "MISC"); err != nil {
			return err
		}
	}
	return nil
}

// entitiesEvalCV scores the fold models of a cross-validation (train
// entities --cv N --cv-models dir) end to end: fold k's held-out block of
// the training file (the same contiguous blocks as entities.CrossValidate)
// goes through the served path with fold k's model in place of the
// embedded one, and the tagger alone scores it too.
func entitiesEvalCV(ctx context.Context, w io.Writer, trainFile, dir, errFile string, upper bool) error {
	models, err := filepath.Glob(filepath.Join(dir, "fold-*.bin"))
	if err != nil {
		return err
	}
	folds := len(models)
	if folds < 2 {
		return fmt.Errorf("%w: eval entities --cv-models: %s holds %d fold models (fold-1.bin, ...), want at least 2", errUsage, dir, folds)
	}
	docs, err := entitiesdata.ReadCoNLLFile(trainFile)
	if err != nil {
		return err
	}
	var errs io.Writer
	if errFile != "" {
		f, err := os.Create(errFile)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriter(f)
		defer bw.Flush()
		errs = bw
	}
	st, err := serving.Load()
	if err != nil {
		return err
	}
	served, alone := entities.NewCounts(), entities.NewCounts()
	stats := entitiesdata.DocStats{}
	misaligned := 0
	for k := 0; k < folds; k++ {
		if st.Entities, err = entities.LoadFile(filepath.Join(dir, fmt.Sprintf("fold-%d.bin", k+1))); err != nil {
			return err
		}
		pipe := st.Pipeline(analysis.DefaultLimits)
		lo, hi := entities.FoldBounds(len(docs), folds, k)
		held := docs[lo:hi]
		if upper {
			held = entities.UpperDocs(held)
		}
		sv, err := entitiesdata.EvalServedErrors(ctx, held, func(ctx context.Context, text string) (*analysis.Result, error) {
			return pipe.ExtractEntities(ctx, analysis.Request{Document: analysis.Document{Text: text}})
		}, errs)
		if err != nil {
			return err
		}
		served.Merge(sv.Counts)
		misaligned += sv.Misaligned
		stats.Merge(sv.DocStats)
		alone.Merge(st.Entities.TagCoNLL(held))
	}
	what := ""
	if upper {
		what = ", every word in capitals"
	}
	fmt.Fprintf(w, "%d-fold cross-validation over %s end to end: each held-out block%s through the served path (plain text, no language hint) with its fold's model\n", folds, filepath.Base(trainFile), what)
	served.Report(w)
	fmt.Fprintf(w, "served: %d name mentions off the gold token boundaries (counted wrong)\n", misaligned)
	entitiesPrintStats(w, stats, false)
	fmt.Fprintln(w, "the tagger alone on the gold tokens, same models:")
	alone.Report(w)
	return nil
}

// entitiesCV cross-validates cfg over folds blocks of its training
// documents and prints the held-out and extra sets' figures.
func entitiesCV(ctx context.Context, cfg entities.TrainConfig, folds int, dataDir, extraFlag string, stdout io.Writer) error {
	start := time.Now()
	files := []string{filepath.Join(dataDir, "ner/wikigold/wikigold.conll.txt")}
	switch extraFlag {
	case "":
	case "none":
		files = nil
	default:
		files = strings.Split(extraFlag, ",")
	}
	extra := map[string][]entities.Doc{}
	for _, f := range files {
		docs, err := entitiesdata.ReadCoNLLFile(f)
		if err != nil {
			return err
		}
		extra[filepath.Base(f)] = docs
	}
	gumDir := filepath.Join(dataDir, "ner/gum-news")
	if extraFlag != "none" {
		docs, err := entitiesdata.ReadGUMNamesDir(gumDir)
		if err != nil {
			return err
		}
		extra["gum-news"] = docs
	}
	res, err := entities.CrossValidate(ctx, cfg, folds, extra)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d-fold cross-validation over %s by document (%s):\n", folds, cfg.TrainedOn, time.Since(start).Round(time.Second))
	for k, c := range res.Folds {
		_, _, f := c.PRF("")
		fmt.Fprintf(stdout, "fold %d F1 %.4f\n", k+1, f)
	}
	res.Held.Report(stdout)
	fmt.Fprintf(stdout, "the same held-out documents in capitals:\n")
	res.HeldCaps.Report(stdout)
	for _, f := range files {
		name := filepath.Base(f)
		fmt.Fprintf(stdout, "%s, summed over the %d fold models:\n", name, folds)
		res.Extra[name].Report(stdout)
	}
	if c, ok := res.Extra["gum-news"]; ok {
		fmt.Fprintf(stdout, "GUM news names (PER/LOC/ORG, approximate, MISC predictions left out), summed over the %d fold models:\n", folds)
		c.Without("MISC").Report(stdout)
	}
	return nil
}

// entitiesEvalCoNLL prints the served figures on docs (without and with a
// language hint) beside the tagger alone on the gold tokens.
// without names a type left out of the scores (GUM has no MISC).
func entitiesEvalCoNLL(ctx context.Context, w io.Writer, name string, docs []entities.Doc, ex *entities.Extractor, served func(lang string) entitiesdata.Served, verbose bool, without ...string) error {
	start := time.Now()
	sv, err := entitiesdata.EvalServed(ctx, docs, served(""))
	if err != nil {
		return err
	}
	el := time.Since(start)
	hinted, err := entitiesdata.EvalServed(ctx, docs, served("en"))
	if err != nil {
		return err
	}
	start = time.Now()
	alone := ex.TagCoNLL(docs)
	elAlone := time.Since(start)
	fmt.Fprintf(w, "\n== %s: %d documents, %d tokens\n", name, len(docs), alone.Tokens)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tP\tR\tF1\tPER\tORG\tLOC\tMISC\ttokens/s\t")
	row := func(label string, c *entities.Counts, el time.Duration) {
		for _, t := range without {
			c = c.Without(t)
		}
		p, r, f := c.PRF("")
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f", label, 100*p, 100*r, 100*f)
		for _, t := range []string{"PER", "ORG", "LOC", "MISC"} {
			_, _, f := c.PRF(t)
			fmt.Fprintf(tw, "\t%.2f", 100*f)
		}
		speed := "-"
		if el > 0 {
			speed = fmt.Sprintf("%.0f", float64(c.Tokens)/el.Seconds())
		}
		fmt.Fprintf(tw, "\t%s\t\n", speed)
	}
	row("served (no language hint)", sv.Counts, el)
	row("served, languageCode en", hinted.Counts, 0)
	row("tagger alone (gold tokens)", alone, elAlone)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "served: %d name mentions off the gold token boundaries (counted wrong)\n", sv.Misaligned)
	entitiesPrintStats(w, sv.DocStats, verbose)
	if verbose {
		fmt.Fprintln(w, "tagger alone, with its errors:")
		for _, t := range without {
			alone = alone.Without(t)
		}
		alone.Report(w)
	}
	return nil
}

func entitiesPrintStats(w io.Writer, s entitiesdata.DocStats, verbose bool) {
	fmt.Fprintf(w, "served: %s\n", s.Summary())
	if verbose {
		for _, l := range s.Lost {
			fmt.Fprintf(w, "  lost: %s\n", l)
		}
	}
}

// entitiesProseTypes maps prose's labels onto CoNLL's; prose has no MISC.
var entitiesProseTypes = map[string]string{"PERSON": "PER", "GPE": "LOC", "ORGANIZATION": "ORG"}

// entitiesEvalProse scores github.com/jdkato/prose/v2 sentence by sentence (its
// model loaded once and reused) and prints the same table, plus one
// without MISC, which prose cannot predict.
func entitiesEvalProse(docs []entities.Doc, stdout io.Writer) error {
	var model *prose.Model
	all, noMisc := entities.NewCounts(), entities.NewCounts()
	var el time.Duration
	for _, d := range docs {
		for _, s := range d.Sentences {
			text := strings.Join(s.Words, " ")
			opts := []prose.DocOpt{prose.WithSegmentation(false)}
			if model != nil {
				opts = append(opts, prose.UsingModel(model))
			}
			start := time.Now()
			doc, err := prose.NewDocument(text, opts...)
			if err != nil {
				return fmt.Errorf("prose: %w", err)
			}
			ents := doc.Entities()
			if model == nil {
				model = doc.Model
			} else {
				el += time.Since(start)
			}
			pred := entitiesAlignProse(text, s.Words, ents)
			all.Add(s.Labels, pred)
			gold := make([]string, len(s.Labels))
			for i, l := range s.Labels {
				gold[i] = l
				if strings.HasSuffix(l, "MISC") {
					gold[i] = "O"
				}
			}
			noMisc.Add(gold, pred)
		}
	}
	fmt.Fprintf(stdout, "\nprose v2.0.0 (model reused): %.0f tokens/s (first sentence, which loads the model, not timed)\n", float64(all.Tokens)/el.Seconds())
	all.Report(stdout)
	fmt.Fprintln(stdout, "prose, gold MISC removed (prose has no MISC):")
	noMisc.Report(stdout)
	return nil
}

// entitiesAlignProse maps prose's entities (its chunker's output, the documented
// API) back onto the CoNLL words by character offset and returns IOB labels
// per word.
func entitiesAlignProse(text string, words []string, ents []prose.Entity) []string {
	starts := make([]int, len(words))
	off := 0
	for i, w := range words {
		starts[i] = off
		off += len(w) + 1
	}
	out := make([]string, len(words))
	for i := range out {
		out[i] = "O"
	}
	cur := 0
	for _, e := range ents {
		k := strings.Index(text[cur:], e.Text)
		typ, ok := entitiesProseTypes[e.Label]
		if k < 0 || e.Text == "" {
			continue
		}
		pos := cur + k
		cur = pos + len(e.Text)
		if !ok {
			continue
		}
		prefix := "B-"
		for i, st := range starts {
			if st >= pos && st < cur {
				out[i] = prefix + typ
				prefix = "I-"
			}
		}
	}
	return out
}
