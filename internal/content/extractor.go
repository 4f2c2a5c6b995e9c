package content

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/language"
)

// The shipped models, trained by `go run ./cmd/docsift-models train content`.
var (
	//go:embed model/text.bin
	textModelData []byte
	//go:embed model/textctx.bin
	textCtxModelData []byte
	//go:embed model/html.bin
	htmlModelData []byte
)

// ModelVersion is the release of the shipped models' format and features;
// Info reports it with a digest of the model bytes in use, so the version
// changes whenever a model does.
const ModelVersion = "1"

// Reasons in analysis.RemovedBlock.
const (
	ReasonBoilerplate = "boilerplate"
	ReasonTitle       = "title"
	ReasonByline      = "byline"
)

// Extractor extracts article content from text and HTML documents. It
// implements analysis.ContentExtractor and is safe for concurrent use.
type Extractor struct {
	text, textCtx, html *lineModel
	lang                analysis.LanguageDetector
	opts                options
	version             string
}

type options struct {
	lang                               analysis.LanguageDetector
	textModel, textCtxModel, htmlModel []byte
	off                                map[string]bool // stages turned off
	trafilatura                        TrafilaturaFunc
	textThreshold                      float64
	htmlThreshold                      float64
	titleDetection                     bool
}

// The stages of the HTML path that run after go-trafilatura, named for
// WithoutStages (ablations: what each adds is measured by turning it off).
const (
	// StageLineFilter drops the short lines of go-trafilatura's result that
	// the html line model scores as boilerplate.
	StageLineFilter = "line-filter"
	// StageLeadDescription puts back the page line showing the page's
	// description when the body lacks it.
	StageLeadDescription = "lead-description"
	// StageLeadProse puts back the prose lines between the headline and the
	// body's first line.
	StageLeadProse = "lead-prose"
	// StageRenderFallback reads the page rendered as text with the text
	// classifier where go-trafilatura finds nothing.
	StageRenderFallback = "render-fallback"
	// StageShortFallback does the same where go-trafilatura fell back to its
	// baseline (a result under its minimum size, 250 characters).
	StageShortFallback = "short-fallback"
)

// HTMLStages lists the optional HTML stages in the order they run.
var HTMLStages = []string{StageShortFallback, StageRenderFallback, StageLineFilter, StageLeadDescription, StageLeadProse}

// TrafilaturaFunc runs go-trafilatura on a page with the given options.
type TrafilaturaFunc func(page string, opts trafilatura.Options) (*trafilatura.ExtractResult, error)

// Option configures New.
type Option func(*options)

// WithLanguageDetector sets the detector that fills Content.LanguageCode
// (default: language.New()).
func WithLanguageDetector(d analysis.LanguageDetector) Option {
	return func(o *options) { o.lang = d }
}

// WithModels replaces the shipped models with retrained ones (the files
// `docsift-models train content` writes: text.bin, textctx.bin, html.bin); a nil slice keeps
// the shipped model.
func WithModels(text, textCtx, html []byte) Option {
	return func(o *options) { o.textModel, o.textCtxModel, o.htmlModel = text, textCtx, html }
}

// WithThresholds overrides the models' tuned keep thresholds (content
// probabilities in (0,1)); 0 keeps a model's own.
func WithThresholds(text, html float64) Option {
	return func(o *options) { o.textThreshold, o.htmlThreshold = text, html }
}

// WithoutStages turns off the named HTML stages (Stage* constants), to
// measure what each adds. Unknown names are ignored.
func WithoutStages(names ...string) Option {
	return func(o *options) {
		if o.off == nil {
			o.off = make(map[string]bool)
		}
		for _, n := range names {
			o.off[n] = true
		}
	}
}

// WithTrafilatura replaces the call to go-trafilatura: an evaluation that
// runs many variants of the pipeline over the same pages passes one that
// caches its results. The function must not modify what it returns.
func WithTrafilatura(fn TrafilaturaFunc) Option {
	return func(o *options) { o.trafilatura = fn }
}

func (e *Extractor) on(stage string) bool { return !e.opts.off[stage] }

// New loads the models and returns an Extractor. A corrupt model is an error
// wrapping ErrBadModel.
func New(opts ...Option) (*Extractor, error) {
	o := options{titleDetection: true}
	for _, f := range opts {
		f(&o)
	}
	if o.textModel == nil {
		o.textModel = textModelData
	}
	if o.textCtxModel == nil {
		o.textCtxModel = textCtxModelData
	}
	if o.htmlModel == nil {
		o.htmlModel = htmlModelData
	}
	if o.trafilatura == nil {
		o.trafilatura = func(page string, opts trafilatura.Options) (*trafilatura.ExtractResult, error) {
			return trafilatura.Extract(strings.NewReader(page), opts)
		}
	}
	e := &Extractor{opts: o, lang: o.lang}
	h := sha256.New()
	for _, m := range [][]byte{o.textModel, o.textCtxModel, o.htmlModel} {
		h.Write(m)
	}
	e.version = ModelVersion + "-" + hex.EncodeToString(h.Sum(nil)[:6])
	var err error
	if e.text, err = loadLineModel(o.textModel, KindText); err != nil {
		return nil, fmt.Errorf("content: load text model: %w", err)
	}
	if e.textCtx, err = loadLineModel(o.textCtxModel, KindTextContext); err != nil {
		return nil, fmt.Errorf("content: load text context model: %w", err)
	}
	if !o.off[StageLineFilter] {
		if e.html, err = loadLineModel(o.htmlModel, KindHTML); err != nil {
			return nil, fmt.Errorf("content: load html model: %w", err)
		}
	}
	if o.textThreshold > 0 && o.textThreshold < 1 {
		e.textCtx.threshold = o.textThreshold
	}
	if e.html != nil && o.htmlThreshold > 0 && o.htmlThreshold < 1 {
		e.html.threshold = o.htmlThreshold
	}
	if e.lang == nil {
		e.lang = language.New()
	}
	return e, nil
}

// Info describes the extractor. Extraction works in any language (the
// models use layout features and multilingual phrasing), so Languages is
// empty.
func (e *Extractor) Info() analysis.ModelInfo {
	return analysis.ModelInfo{
		Stage:       analysis.StageContent,
		Name:        "trafilatura+lines",
		Version:     e.version,
		Description: "go-trafilatura v1.12.2 with fallbacks, then a line boilerplate classifier and the lead restored from the page; plain text by a line classifier (logistic regression, hashed n-grams) trained on the Mozilla Readability and trafilatura evaluation pages rendered to text",
	}
}

// Extract returns the article content of doc. Malformed input gives an
// empty body with EmptyReason, not an error; text that is not valid UTF-8
// is an error wrapping analysis.ErrInvalidArgument; a done ctx gives an
// error wrapping ctx.Err().
func (e *Extractor) Extract(ctx context.Context, doc analysis.Document) (*analysis.Content, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	var (
		c   *analysis.Content
		err error
	)
	switch {
	case doc.HTML != "":
		c, err = e.extractHTML(ctx, doc)
	default:
		if !utf8.ValidString(doc.Text) {
			return nil, &analysis.FieldError{Field: "document.text", Description: "text is not valid UTF-8", Kind: analysis.ErrInvalidArgument}
		}
		c = &analysis.Content{}
		err = e.classifyText(ctx, c, doc.Text, e.opts.titleDetection)
		if err == nil && c.Body == "" && c.EmptyReason == "" {
			c.EmptyReason = "no line of the text was classified as article content"
		}
	}
	if err != nil {
		return nil, err
	}
	e.setLanguage(c, doc)
	return c, nil
}

func (e *Extractor) setLanguage(c *analysis.Content, doc analysis.Document) {
	if doc.LanguageCode != "" {
		c.LanguageCode, c.LanguageConfidence = doc.LanguageCode, 1
		return
	}
	sample := c.Body
	if strings.TrimSpace(sample) == "" {
		sample = c.Title
	}
	c.LanguageCode, c.LanguageConfidence = e.lang.Detect(sample)
}
