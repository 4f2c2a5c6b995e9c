package contentdata

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
)

// Folds is the number of cross-validation folds; fold 0 is the held-out
// fifth (HeldOut), so the shipped html model is fold 0's.
const Folds = 5

// Fold returns the cross-validation fold of the page named name (FNV-1a of
// the name, mod Folds).
func Fold(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % Folds)
}

// Page is one page of either set, with its gold: the expected body
// (readability) or the snippets to keep and to drop (trafilatura).
type Page struct {
	Name, URL, HTML string
	// Expected is the article's text (readability pages); empty otherwise.
	Expected      string
	With, Without []string
	// PublishedTime is the page's published time as its metadata gives it
	// (readability pages), or "".
	PublishedTime string
}

// Set is a named set of pages.
type Set struct {
	Name string
	// Snippets says the pages are labelled by snippets, not by a full body.
	Snippets bool
	Pages    []Page
}

// Sets turns the loaded pages into the two evaluation sets.
func Sets(rp []ReadabilityPage, sp []SnippetPage) []Set {
	r := Set{Name: "boilerplate/readability"}
	for _, p := range rp {
		r.Pages = append(r.Pages, Page{Name: p.Name, HTML: p.Source, Expected: p.Expected, PublishedTime: p.Meta.PublishedTime})
	}
	t := Set{Name: "boilerplate/trafilatura", Snippets: true}
	for _, p := range sp {
		t.Pages = append(t.Pages, Page{Name: p.Name, URL: p.URL, HTML: p.HTML, With: p.With, Without: p.Without})
	}
	return []Set{r, t}
}

// Outcome is how one system did on one page, kept per page so that
// differences between systems can be bootstrapped over pages.
type Outcome struct {
	Shingle TPFPFN
	// Word is WordPRF's (readability pages).
	WordP, WordR, WordF float64
	// Snippets are the snippet counts (trafilatura pages).
	Snippets Counts
	// DateKnown: the gold names a published time; DateDay and DateTime: the
	// system's has the same day, and the same minute.
	DateKnown, DateDay, DateTime bool
}

func score(set Set, p Page, c *analysis.Content) Outcome {
	var o Outcome
	if set.Snippets {
		o.Shingle = SnippetShingleMatch(p.With, p.Without, c.Body)
		o.Snippets.Add(c.Body, p.With, p.Without)
		return o
	}
	o.Shingle = ShingleMatch(p.Expected, c.Body)
	o.WordP, o.WordR, o.WordF = WordPRF(c.Body, p.Expected)
	o.DateKnown, o.DateDay, o.DateTime = matchDate(p.PublishedTime, c.PublishedTime)
	return o
}

// matchDate compares a published time given as text (RFC 3339 or close to
// it) with the one extracted.
func matchDate(gold string, got time.Time) (known, day, minute bool) {
	if len(gold) < 10 {
		return false, false, false
	}
	if got.IsZero() {
		return true, false, false
	}
	day = got.Format("2006-01-02") == gold[:10]
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.000Z0700"} {
		if t, err := time.Parse(layout, gold); err == nil {
			return true, day, t.Truncate(time.Minute).Equal(got.Truncate(time.Minute))
		}
	}
	return true, day, false
}

// Metrics are a system's figures on a set.
type Metrics struct {
	// Shingle precision, recall, F1 (the article-extraction benchmark's).
	ShP, ShR, ShF float64
	// Word-level (readability) or snippet (trafilatura) precision, recall, F1.
	P, R, F float64
}

// Summarize is a system's figures on set from its per-page outcomes.
func Summarize(set Set, outs []Outcome) Metrics { return metrics(set, outs) }

func metrics(set Set, outs []Outcome) Metrics {
	var m Metrics
	sh := make([]TPFPFN, len(outs))
	var c Counts
	for i, o := range outs {
		sh[i] = o.Shingle
		m.P += o.WordP
		m.R += o.WordR
		m.F += o.WordF
		c.TP, c.FN, c.FP, c.TN = c.TP+o.Snippets.TP, c.FN+o.Snippets.FN, c.FP+o.Snippets.FP, c.TN+o.Snippets.TN
	}
	m.ShP, m.ShR, m.ShF = ShinglePRF(sh)
	if set.Snippets {
		m.P, m.R, m.F = c.PRF()
	} else if n := float64(len(outs)); n > 0 {
		m.P, m.R, m.F = m.P/n, m.R/n, m.F/n
	}
	return m
}

// Diff is the difference a - b of two systems' metrics on the same pages,
// with the half-width of its 95% interval from a paired bootstrap over
// pages (the benchmark's --bootstrap-differences).
type Diff struct {
	Mean, Half Metrics
}

// bootstrapDiff resamples pages (seeded: the same run prints the same
// intervals) and returns the mean difference and 1.96 standard deviations.
func bootstrapDiff(set Set, a, b []Outcome, rounds int) Diff {
	rng := rand.New(rand.NewPCG(1, 2))
	n := len(a)
	var sum, sq [6]float64
	ra, rb := make([]Outcome, n), make([]Outcome, n)
	for k := 0; k < rounds; k++ {
		for i := range ra {
			j := rng.IntN(n)
			ra[i], rb[i] = a[j], b[j]
		}
		ma, mb := metrics(set, ra), metrics(set, rb)
		d := [6]float64{ma.ShP - mb.ShP, ma.ShR - mb.ShR, ma.ShF - mb.ShF, ma.P - mb.P, ma.R - mb.R, ma.F - mb.F}
		for i, v := range d {
			sum[i] += v
			sq[i] += v * v
		}
	}
	var mean, half [6]float64
	for i := range sum {
		mean[i] = sum[i] / float64(rounds)
		v := (sq[i] - float64(rounds)*mean[i]*mean[i]) / float64(rounds-1)
		half[i] = 1.96 * math.Sqrt(max(v, 0))
	}
	ma, mb := metrics(set, a), metrics(set, b)
	return Diff{
		Mean: Metrics{ma.ShP - mb.ShP, ma.ShR - mb.ShR, ma.ShF - mb.ShF, ma.P - mb.P, ma.R - mb.R, ma.F - mb.F},
		Half: Metrics{half[0], half[1], half[2], half[3], half[4], half[5]},
	}
}

// TrafilaturaCache runs go-trafilatura once per page and options: the
// comparison runs a dozen variants of the pipeline over the same pages.
type TrafilaturaCache struct {
	mu sync.Mutex
	m  map[cacheKey]cacheEntry
}

type cacheKey struct {
	page, url                   string
	fallback, comments, dateOpt bool
	dateMode                    trafilatura.HtmlDateMode
}

type cacheEntry struct {
	res *trafilatura.ExtractResult
	err error
}

// Extract is a content.TrafilaturaFunc.
func (c *TrafilaturaCache) Extract(page string, opts trafilatura.Options) (*trafilatura.ExtractResult, error) {
	k := cacheKey{page: page, fallback: opts.EnableFallback, comments: opts.ExcludeComments, dateOpt: opts.HtmlDateOptions != nil, dateMode: opts.HtmlDateMode}
	if opts.OriginalURL != nil {
		k.url = opts.OriginalURL.String()
	}
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return e.res, e.err
	}
	res, err := trafilatura.Extract(strings.NewReader(page), opts)
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[cacheKey]cacheEntry)
	}
	c.m[k] = cacheEntry{res, err}
	c.mu.Unlock()
	return res, err
}

// System is one way of extracting content from a page.
type System struct {
	Name string
	// Extract returns the content of the page in fold (the fold lets a
	// cross-validated system use the model that did not train on it).
	Extract func(ctx context.Context, fold int, doc analysis.Document) (*analysis.Content, error)
}

// TrafilaturaAlone is go-trafilatura's own ContentText with opts for a page
// (through cache).
func TrafilaturaAlone(name string, cache *TrafilaturaCache, opts func(pageURL string) trafilatura.Options) System {
	return System{Name: name, Extract: func(_ context.Context, _ int, doc analysis.Document) (*analysis.Content, error) {
		res, err := cache.Extract(doc.HTML, opts(doc.URL))
		if err != nil {
			return &analysis.Content{}, nil // nothing found counts as an empty body
		}
		return &analysis.Content{Body: res.ContentText, PublishedTime: res.Metadata.Date}, nil
	}}
}

// PlainOptions are go-trafilatura's defaults (Options{}), with the page's
// URL: what a user of go-trafilatura alone gets.
func PlainOptions(pageURL string) trafilatura.Options {
	o := content.TrafilaturaOptions(pageURL)
	return trafilatura.Options{OriginalURL: o.OriginalURL}
}

// Extractors returns one System over extractors: ex[f] serves the pages of
// fold f (one extractor for all folds when len(ex) == 1).
func Extractors(name string, ex []*content.Extractor) System {
	return System{Name: name, Extract: func(ctx context.Context, fold int, doc analysis.Document) (*analysis.Content, error) {
		e := ex[0]
		if len(ex) > 1 {
			e = ex[fold]
		}
		return e.Extract(ctx, doc)
	}}
}

// Run scores sys on every page of set.
func Run(ctx context.Context, set Set, sys System) ([]Outcome, error) {
	outs := make([]Outcome, len(set.Pages))
	for i, p := range set.Pages {
		c, err := sys.Extract(ctx, Fold(p.Name), analysis.Document{ID: p.Name, HTML: p.HTML, URL: p.URL})
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			c = &analysis.Content{}
		}
		outs[i] = score(set, p, c)
	}
	return outs, nil
}

// CVModels trains the html line filter Folds times, each time on the pages
// of every set outside one fold, so that every page can be scored by a
// filter that never saw it. Model f is the one for the pages of fold f.
func CVModels(ctx context.Context, rp []ReadabilityPage, sp []SnippetPage, cache *TrafilaturaCache) ([][]byte, error) {
	ms := make([][]byte, Folds)
	for f := range ms {
		m, err := content.TrainLineModel(ctx, HTMLTrainingDocsFold(rp, sp, f, cache.Extract), content.DefaultTrainConfig(content.KindHTML))
		if err != nil {
			return nil, fmt.Errorf("contentdata: fold %d: %w", f, err)
		}
		ms[f] = m
	}
	return ms, nil
}

// foldExtractors builds one extractor per html model (nil: the shipped one).
func foldExtractors(models [][]byte, cache *TrafilaturaCache, opts ...content.Option) ([]*content.Extractor, error) {
	ex := make([]*content.Extractor, len(models))
	for f, m := range models {
		var err error
		o := append([]content.Option{content.WithModels(nil, nil, m), content.WithTrafilatura(cache.Extract)}, opts...)
		if ex[f], err = content.New(o...); err != nil {
			return nil, err
		}
	}
	return ex, nil
}

// CompareConfig says what Compare runs.
type CompareConfig struct {
	// Rounds of the paired bootstrap (default 1000).
	Rounds int
	// NoCV skips the cross-validated runs (five trainings of the html
	// filter) and reports the shipped models only.
	NoCV bool
	// Thresholds, when set, adds a run of the pipeline per html filter
	// threshold (the shipped one is 0.5), to choose it on every set.
	Thresholds []float64
	// Progress, when set, receives a line per finished run.
	Progress io.Writer
	// Served, when set, adds the server's path: each page sent as a client
	// must send it (UTF-8) to this pipeline's ExtractContent (the pipeline
	// internal/serving builds).
	Served *analysis.Pipeline
}

// Compare evaluates the HTML pipeline against go-trafilatura alone on every
// set, side by side, and what each stage adds (the pipeline against the
// pipeline without that stage), and writes the tables to w.
func Compare(ctx context.Context, w io.Writer, rp []ReadabilityPage, sp []SnippetPage, cfg CompareConfig) error {
	if cfg.Rounds <= 0 {
		cfg.Rounds = 1000
	}
	sets := Sets(rp, sp)
	cache := &TrafilaturaCache{}
	shipped, err := foldExtractors([][]byte{nil}, cache)
	if err != nil {
		return err
	}
	systems := []System{
		TrafilaturaAlone("go-trafilatura alone, Options{}", cache, PlainOptions),
		TrafilaturaAlone("go-trafilatura alone, docsift's options", cache, content.TrafilaturaOptions),
		Extractors("pipeline, shipped models", shipped),
	}
	// The ablation: the pipeline without one stage at a time, with the line
	// filter cross-validated unless NoCV.
	pipeName, models := systems[2].Name, [][]byte{nil}
	if !cfg.NoCV {
		if models, err = CVModels(ctx, rp, sp, cache); err != nil {
			return err
		}
		cv, err := foldExtractors(models, cache)
		if err != nil {
			return err
		}
		pipeName = "pipeline, line filter cross-validated"
		systems = append(systems, Extractors(pipeName, cv))
	}
	for _, t := range cfg.Thresholds {
		ex, err := foldExtractors(models, cache, content.WithThresholds(0, t))
		if err != nil {
			return err
		}
		systems = append(systems, Extractors(fmt.Sprintf("%s, filter threshold %.2f", pipeName, t), ex))
	}
	if cfg.Served != nil {
		serve := Served(cfg.Served)
		systems = append(systems, System{Name: "served (:extractContent)", Extract: func(ctx context.Context, _ int, doc analysis.Document) (*analysis.Content, error) {
			return serve(ctx, doc)
		}})
	}
	ablations := make([]System, len(content.HTMLStages))
	for i, st := range content.HTMLStages {
		ex, err := foldExtractors(models, cache, content.WithoutStages(st))
		if err != nil {
			return err
		}
		ablations[i] = Extractors("without "+st, ex)
	}
	for _, set := range sets {
		outs := make(map[string][]Outcome)
		for _, sys := range append(append([]System{}, systems...), ablations...) {
			start := time.Now()
			o, err := Run(ctx, set, sys)
			if err != nil {
				return err
			}
			outs[sys.Name] = o
			if cfg.Progress != nil {
				fmt.Fprintf(cfg.Progress, "%s: %s (%s)\n", set.Name, sys.Name, time.Since(start).Round(time.Second))
			}
		}
		if err := writeSet(w, set, systems, ablations, pipeName, outs, cfg.Rounds); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "shingle: body P/R/F1 by word 4-gram shingles, the ScrapingHub article-extraction benchmark's metric (per-page counts normalised, P and R averaged over pages, F1 of the averages); on the trafilatura set the truth is the `with` snippets and only `without` snippets count against a body.\n")
	fmt.Fprintf(w, "word: word-multiset P/R/F1 against expected.html, averaged over pages; snippet: `with` snippets kept, `without` removed, summed over pages.\n")
	fmt.Fprintf(w, "d: difference with a 95%% interval from a paired bootstrap over pages (%d rounds, seeded); a stage adds what the pipeline loses without it. Cross-validated: the html filter is trained %d times on the pages of both sets outside one fold (contentdata.Fold) and scores that fold.\n", cfg.Rounds, Folds)
	return nil
}

func writeSet(w io.Writer, set Set, systems, ablations []System, pipeName string, outs map[string][]Outcome, rounds int) error {
	second := "word"
	if set.Snippets {
		second = "snippet"
	}
	fmt.Fprintf(w, "%s (%d pages)\n", set.Name, len(set.Pages))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "system\tshingle P\tR\tF1\t%s P\tR\tF1\td shingle F1 vs pipeline\td %s F1\t\n", second, second)
	pipe := outs[pipeName]
	for _, sys := range systems {
		m := metrics(set, outs[sys.Name])
		d := bootstrapDiff(set, outs[sys.Name], pipe, rounds)
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\t%s\t\n", sys.Name, m.ShP, m.ShR, m.ShF, m.P, m.R, m.F, pm(d.Mean.ShF, d.Half.ShF), pm(d.Mean.F, d.Half.F))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !set.Snippets {
		for _, sys := range systems {
			var known, day, minute int
			for _, o := range outs[sys.Name] {
				if o.DateKnown {
					known++
				}
				if o.DateDay {
					day++
				}
				if o.DateTime {
					minute++
				}
			}
			fmt.Fprintf(w, "  published time, %s: of %d pages whose metadata names one, same day %d, same minute %d\n", sys.Name, known, day, minute)
		}
	}
	fmt.Fprintf(w, "what each stage adds to %q:\n", pipeName)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "stage\tshingle P\tshingle R\tshingle F1\t%s P\t%s R\t%s F1\tpages changed\t\n", second, second, second)
	for _, ab := range ablations {
		d := bootstrapDiff(set, pipe, outs[ab.Name], rounds)
		changed := 0
		for i, o := range outs[ab.Name] {
			if o != pipe[i] {
				changed++
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", strings.TrimPrefix(ab.Name, "without "), pm(d.Mean.ShP, d.Half.ShP), pm(d.Mean.ShR, d.Half.ShR), pm(d.Mean.ShF, d.Half.ShF), pm(d.Mean.P, d.Half.P), pm(d.Mean.R, d.Half.R), pm(d.Mean.F, d.Half.F), changed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

func pm(mean, half float64) string {
	return fmt.Sprintf("%+.4f ±%.4f", mean, half)
}
