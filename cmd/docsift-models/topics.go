package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/docsift/docsift/internal/analysis"

	"github.com/docsift/docsift/internal/datadir"
	"github.com/docsift/docsift/internal/serving"
	"github.com/docsift/docsift/internal/topics"
	"github.com/docsift/docsift/internal/topics/topicsdata"
)

func init() {
	register("train topics", "train a topic model (JSONL/CSV, or the default IPTC model from DOCSIFT data)", runTrainTopics)
	register("eval topics", "evaluate a topic model: accuracy, micro/macro F1, per-label P/R/F1", runEvalTopics)
}

func runTrainTopics(ctx context.Context, args []string, e env) error {
	stdout, stderr := e.stdout, e.stderr
	fs := flag.NewFlagSet("train topics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "training examples: JSONL {\"text\", \"labels\": [...]} (optional \"weight\", default 1) or CSV text,label (labels separated by |)")
	out := fs.String("out", "", "model file to write (required with --in; with --iptc default "+iptcModelPath+")")
	iptc := fs.Bool("iptc", false, "train the default IPTC model from --data instead of --in")
	data := datadir.Flag(fs)
	name := fs.String("name", "", "model name (default: the --out file name without extension; \"iptc\" with --iptc)")
	release := fs.String("release", "", "release tag, part of the model version")
	seed := fs.Uint64("seed", 1, "random seed; the same data and seed give the same file")
	bits := fs.Uint("bits", 0, "log2 of the number of hash buckets (model size is about (labels+2) << bits bytes); 0 picks the largest up to 20 that keeps the file under 9.5 MB")
	c := fs.Float64("c", 0, "SVM inverse regularisation; 0 chooses it by cross-validation inside the training data (0.25 to 4)")
	langs := fs.String("languages", "", "comma-separated BCP-47 codes of the training text (\"en\"); empty means any")
	folds := fs.Int("folds", 3, "cross-validation folds for calibration and per-label precision/recall")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *iptc && *out == "" {
		*out = iptcModelPath
	}
	if *out == "" || (*in == "") == !*iptc {
		fs.Usage()
		return fmt.Errorf("%w: train topics needs exactly one of --in (with --out) and --iptc", errUsage)
	}
	start := time.Now()
	var m *topics.Model
	var rep *topics.TrainReport
	var err error
	if *iptc {
		m, err = trainIPTC(ctx, *data, e, *seed)
	} else {
		var ex []topics.Example
		ex, err = topicsdata.ReadExamples(*in)
		if err != nil {
			return err
		}
		n := *name
		if n == "" {
			n = strings.TrimSuffix(filepath.Base(*out), filepath.Ext(*out))
		}
		var languages []string
		for _, l := range strings.Split(*langs, ",") {
			if l = strings.TrimSpace(l); l != "" {
				languages = append(languages, l)
			}
		}
		m, rep, err = topics.TrainWithReport(ctx, ex, topics.TrainConfig{
			Name: n, Release: *release, Seed: *seed, Bits: *bits, C: *c, Folds: *folds, Languages: languages,
			Description: "custom model trained on " + filepath.Base(*in), Progress: stderr,
		})
		if err != nil && rep != nil {
			// Say what was found before the error: which labels were
			// skipped and why.
			rep.WriteText(stderr)
		}
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, m.Encode(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %s, %d bytes, %d labels, trained in %.1fs\n", *out, m.Version(), m.Size(), len(m.Labels()), time.Since(start).Seconds())
	if rep == nil {
		return m.WriteLabels(stdout)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	return rep.WriteText(stdout)
}

func runEvalTopics(ctx context.Context, args []string, e env) error {
	stdout, stderr := e.stdout, e.stderr
	fs := flag.NewFlagSet("eval topics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modelPath := fs.String("model", "", "model file (default: the embedded IPTC model)")
	in := fs.String("in", "", "test examples: JSONL or CSV, as for train topics")
	asJSON := fs.Bool("json", false, "print JSON")
	servedMode := fs.Bool("served", false, "evaluate the IPTC model as served (the default with --data and no other mode): the held-out splits of --data and BBC (trained on), each document as plain text through the server's pipeline (:classify and :analyze), beside the model alone")
	heldOut := fs.Bool("iptc-heldout", false, "evaluate the model on the IPTC held-out splits of --data (AG News, masakhane, HuffPost), labels mapped to IPTC")
	bench := fs.Bool("benchmarks", false, "run the quality benchmarks on --data: train and test per dataset (BBC 5-fold, AG News and masakhane held out; masakhane also trains on BBC and HuffPost)")
	longTail := fs.Bool("longtail", false, "run the long-tailed multi-label benchmarks: a synthetic set, and with --data the HuffPost long tail (train with the defaults, cross-validated C and rare-label rule; micro and macro F1 on the test split)")
	splits := fs.String("write-splits", "", "with --benchmarks or --longtail: also write the splits as JSONL under this folder (for internal/topics/scripts/sklearn_topics.py and sklearn_multilabel.py)")
	data := datadir.Flag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	modes := 0
	for _, b := range []bool{*in != "", *heldOut, *bench, *longTail, *servedMode} {
		if b {
			modes++
		}
	}
	if modes == 0 {
		*servedMode = true
		modes = 1
	}
	if modes != 1 {
		fs.Usage()
		return fmt.Errorf("%w: eval topics needs at most one of --served, --in, --iptc-heldout, --benchmarks and --longtail", errUsage)
	}
	var dir string
	if *heldOut || *bench || *servedMode {
		var err error
		if dir, err = dataDir(*data, e, "topics"); err != nil {
			return err
		}
	}
	if *longTail {
		return evalLongTail(ctx, *data, e, *splits, *asJSON)
	}
	if *bench {
		bs, err := topicsdata.Benchmarks(dir)
		if err != nil {
			return err
		}
		if *splits != "" {
			if err := topicsdata.WriteSplits(*splits, bs); err != nil {
				return err
			}
		}
		var results []topicsdata.BenchmarkResult
		for _, b := range bs {
			r, err := b.Run(ctx, topics.TrainConfig{Seed: topicsdata.QualitySeed})
			if err != nil {
				return err
			}
			results = append(results, r)
			if !*asJSON {
				fmt.Fprintf(stdout, "%-20s docsift   docs %5d  accuracy %.4f  macro F1 %.4f\n", r.Name, r.N, r.Accuracy, r.MacroF1)
			}
		}
		if *asJSON {
			return writeJSON(stdout, results)
		}
		return nil
	}
	var m *topics.Model
	var err error
	if *modelPath == "" {
		m, err = topics.Decode(topics.DefaultModelBytes())
	} else {
		var b []byte
		if b, err = os.ReadFile(*modelPath); err == nil {
			m, err = topics.Decode(b)
		}
	}
	if err != nil {
		return err
	}
	if *servedMode {
		return topicsEvalServed(ctx, stdout, dir, m, *asJSON)
	}
	sets := map[string][]topics.Example{}
	var names []string
	if *heldOut {
		d, err := topicsdata.LoadIPTCData(dir)
		if err != nil {
			return err
		}
		sets = d.HeldOut
		names = []string{"ag_news", "masakhane", "huffpost"}
	} else {
		ex, err := topicsdata.ReadExamples(*in)
		if err != nil {
			return err
		}
		sets[*in] = ex
		names = []string{*in}
	}
	reports := map[string]*topics.Report{}
	for _, n := range names {
		r, err := topics.Evaluate(ctx, m, sets[n])
		if err != nil {
			return err
		}
		reports[n] = r
		if !*asJSON {
			if len(names) > 1 {
				fmt.Fprintf(stdout, "== %s\n", n)
			}
			if err := r.WriteText(stdout); err != nil {
				return err
			}
			fmt.Fprintln(stdout)
		}
	}
	if *asJSON {
		if len(names) == 1 {
			return writeJSON(stdout, reports[names[0]])
		}
		return writeJSON(stdout, reports)
	}
	return nil
}

// topicsServedRow is one line of eval topics --served.
type topicsServedRow struct {
	Set    string                   `json:"set"`
	Path   string                   `json:"path"`
	Served *topicsdata.ServedReport `json:"served,omitempty"`
	Alone  *topics.Report           `json:"alone,omitempty"`
}

// topicsEvalServed prints, per set, the IPTC model as served (each text as
// sent to :classify, and to :analyze, which extracts the content first)
// beside the model alone (topics.Evaluate on the same texts).
func topicsEvalServed(ctx context.Context, stdout io.Writer, dir string, m *topics.Model, asJSON bool) error {
	d, err := topicsdata.LoadIPTCData(dir)
	if err != nil {
		return err
	}
	bbc, err := topicsdata.LoadBBC(filepath.Join(dir, "topics", "bbc"))
	if err != nil {
		return err
	}
	st, err := serving.Load()
	if err != nil {
		return err
	}
	st.Topics.Add(topics.DefaultModel, m)
	pipe := st.Pipeline(analysis.DefaultLimits)
	classify := func(ctx context.Context, text string) (*analysis.Result, error) {
		return pipe.Classify(ctx, analysis.Request{Document: analysis.Document{Text: text}})
	}
	// The model alone as the served metric reads it: its topics at their
	// thresholds, no pipeline.
	alone1 := func(_ context.Context, text string) (*analysis.Result, error) {
		return &analysis.Result{Topics: m.Classify(text, analysis.TopicOptions{})}, nil
	}
	analyze := func(ctx context.Context, text string) (*analysis.Result, error) {
		return pipe.Analyze(ctx, analysis.Request{Document: analysis.Document{Text: text}})
	}
	sets := []struct {
		name string
		ex   []topics.Example
	}{
		{"masakhane held out", d.HeldOut["masakhane"]},
		{"ag_news held out", d.HeldOut["ag_news"]},
		{"huffpost held out", d.HeldOut["huffpost"]},
		{"bbc (all trained on)", topicsdata.MapToIPTC("bbc", bbc)},
	}
	var rows []topicsServedRow
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if !asJSON {
		fmt.Fprintf(stdout, "model %s; served = each text as a client sends it (no language hint) through analysis.Pipeline built by internal/serving; accuracy = the first returned topic among the set's labels is gold (none returned: wrong); \"model alone, thresholded\" scores the model's own Classify the same way; \"ranked\" is topics.Evaluate (best known label, thresholds ignored)\n\n", m.Version())
		fmt.Fprintln(tw, "set\tpath\tdocs\taccuracy\tmicro P\tmicro R\tmicro F1\tno topic\tlost stage\t")
	}
	for _, s := range sets {
		alone, err := topics.Evaluate(ctx, m, s.ex)
		if err != nil {
			return err
		}
		rows = append(rows, topicsServedRow{Set: s.name, Path: "model alone, ranked", Alone: alone})
		if !asJSON {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t-\t-\t\n", s.name, "model alone, ranked", alone.N, alone.Accuracy, alone.MicroPrecision, alone.MicroRecall, alone.MicroF1)
		}
		for _, p := range []struct {
			name string
			fn   topicsdata.Served
		}{{"model alone, thresholded", alone1}, {"served :classify", classify}, {"served :analyze", analyze}} {
			r, err := topicsdata.EvalServed(ctx, s.ex, p.fn)
			if err != nil {
				return fmt.Errorf("%s %s: %w", s.name, p.name, err)
			}
			rows = append(rows, topicsServedRow{Set: s.name, Path: p.name, Served: r})
			if !asJSON {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t\n", s.name, p.name, r.N, r.Accuracy, r.MicroPrecision, r.MicroRecall, r.MicroF1, r.NoTopics, r.LostStage)
			}
		}
	}
	if asJSON {
		return writeJSON(stdout, rows)
	}
	return tw.Flush()
}

// iptcModelPath is where train topics --iptc writes by default: the
// embedded model, from the module root.
const iptcModelPath = "internal/topics/model/iptc.model"

// trainIPTC trains the default IPTC model on the topic data of the data
// folder.
func trainIPTC(ctx context.Context, flagValue string, e env, seed uint64) (*topics.Model, error) {
	dir, err := dataDir(flagValue, e, "topics")
	if err != nil {
		return nil, err
	}
	d, err := topicsdata.LoadIPTCData(dir)
	if err != nil {
		return nil, err
	}
	labels, err := d.Labels()
	if err != nil {
		return nil, err
	}
	return topics.TrainIPTC(ctx, d.Train, labels, seed)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// evalLongTail runs the long-tailed multi-label benchmarks: the synthetic
// one always, the HuffPost one when a data folder is given.
func evalLongTail(ctx context.Context, flagValue string, e env, splits string, asJSON bool) error {
	var dir string
	if flagValue != "" || e.getenv("DOCSIFT_DATA") != "" {
		var err error
		if dir, err = dataDir(flagValue, e, "topics"); err != nil {
			return err
		}
	}
	bs, err := topicsdata.LongTailBenchmarks(dir)
	if err != nil {
		return err
	}
	if splits != "" {
		if err := topicsdata.WriteSplits(splits, bs); err != nil {
			return err
		}
	}
	var results []topicsdata.MultiLabelResult
	for _, b := range bs {
		r, rep, err := b.RunMultiLabel(ctx, topics.TrainConfig{Seed: topicsdata.QualitySeed, Progress: e.stderr})
		if err != nil {
			return err
		}
		results = append(results, r)
		if !asJSON {
			if err := rep.WriteText(e.stdout); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "\n%-20s docsift   docs %5d  labels %3d  micro F1 %.4f  macro F1 %.4f  (C %g; %d trained, %d on few examples, %d skipped)\n\n",
				r.Name, r.N, r.Labels, r.MicroF1, r.MacroF1, r.C, r.Trained, r.Few, r.Skipped)
		}
	}
	if asJSON {
		return writeJSON(e.stdout, results)
	}
	return nil
}
