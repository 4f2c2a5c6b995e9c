package analysis

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// LanguageDetector guesses the language of a text.
type LanguageDetector interface {
	// Detect returns a BCP-47 code ("en") and a confidence in [0,1]; code is
	// empty when the text is too short or ambiguous to tell.
	Detect(text string) (code string, confidence float64)
}

// Stage names, used in ModelInfo.Stage, warnings, timings and errors.
const (
	StageContent  = "content"
	StageTopics   = "topics"
	StageEntities = "entities"
)

// Pipeline runs the analysis stages. A nil stage is one this build does not
// provide: the operations that need it fail with ErrNotImplemented.
type Pipeline struct {
	Content  ContentExtractor
	Topics   TopicClassifier
	Entities EntityExtractor
	Language LanguageDetector
	Limits   Limits
	// Workers bounds the documents of one batch analysed at once; 0 means
	// GOMAXPROCS.
	Workers int
}

// Analyze extracts the content of doc, then classifies and tags its body.
func (p *Pipeline) Analyze(ctx context.Context, doc Document, topicOpts TopicOptions, entityOpts EntityOptions) (*Result, error) {
	if err := p.Limits.Validate("document", doc); err != nil {
		return nil, err
	}
	if err := validateTopicOptions("topic_options", topicOpts); err != nil {
		return nil, err
	}
	if missing := p.missing(true, true, true); missing != "" {
		return nil, notImplemented(missing)
	}
	if _, err := p.Topics.Model(topicOpts.Model); err != nil {
		return nil, err
	}
	res := &Result{DocumentID: doc.ID}
	c, err := p.extract(ctx, res, doc)
	if err != nil {
		return nil, err
	}
	res.Text = c.Body
	if strings.TrimSpace(c.Body) == "" {
		reason := c.EmptyReason
		if reason == "" {
			reason = "no article content found"
		}
		res.Warnings = append(res.Warnings, Warning{Stage: StageContent, Code: WarnEmptyBody, Message: reason + "; topics and entities were skipped"})
		return res, nil
	}
	if err := p.classify(ctx, res, c.Body, topicOpts); err != nil {
		return nil, err
	}
	if err := p.tag(ctx, res, c.Body, p.entityOptions(doc, c, entityOpts)); err != nil {
		return nil, err
	}
	return res, nil
}

// ExtractContent runs content extraction only.
func (p *Pipeline) ExtractContent(ctx context.Context, doc Document) (*Result, error) {
	if err := p.Limits.Validate("document", doc); err != nil {
		return nil, err
	}
	if missing := p.missing(true, false, false); missing != "" {
		return nil, notImplemented(missing)
	}
	res := &Result{DocumentID: doc.ID}
	c, err := p.extract(ctx, res, doc)
	if err != nil {
		return nil, err
	}
	res.Text = c.Body
	return res, nil
}

// Classify assigns topics: to doc.Text as given, or to the body extracted
// from doc.HTML.
func (p *Pipeline) Classify(ctx context.Context, doc Document, opts TopicOptions) (*Result, error) {
	if err := p.Limits.Validate("document", doc); err != nil {
		return nil, err
	}
	if err := validateTopicOptions("options", opts); err != nil {
		return nil, err
	}
	if missing := p.missing(doc.IsHTML(), true, false); missing != "" {
		return nil, notImplemented(missing)
	}
	if _, err := p.Topics.Model(opts.Model); err != nil {
		return nil, err
	}
	res, text, err := p.prepare(ctx, doc)
	if err != nil || text == "" {
		return res, err
	}
	if err := p.classify(ctx, res, text, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// ExtractEntities finds entities: in doc.Text as given, or in the body
// extracted from doc.HTML.
func (p *Pipeline) ExtractEntities(ctx context.Context, doc Document, opts EntityOptions) (*Result, error) {
	if err := p.Limits.Validate("document", doc); err != nil {
		return nil, err
	}
	if missing := p.missing(doc.IsHTML(), false, true); missing != "" {
		return nil, notImplemented(missing)
	}
	res, text, err := p.prepare(ctx, doc)
	if err != nil || text == "" {
		return res, err
	}
	if err := p.tag(ctx, res, text, p.entityOptions(doc, res.Content, opts)); err != nil {
		return nil, err
	}
	return res, nil
}

// BatchItem is the outcome for one document of a batch: exactly one of
// Result and Err is set.
type BatchItem struct {
	Result *Result
	Err    error
}

// AnalyzeBatch analyses docs in parallel and returns one item per document,
// in input order. A document's own failure is its item's Err; the returned
// error is for the batch as a whole (too many documents).
func (p *Pipeline) AnalyzeBatch(ctx context.Context, docs []Document, topicOpts TopicOptions, entityOpts EntityOptions) ([]BatchItem, error) {
	if err := p.Limits.ValidateBatch(len(docs)); err != nil {
		return nil, err
	}
	items := make([]BatchItem, len(docs))
	workers := min(p.Parallelism(), len(docs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				items[i] = p.analyzeItem(ctx, i, docs[i], topicOpts, entityOpts)
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return items, nil
}

// Parallelism is how many documents of a batch or a stream are analysed at
// once: Workers, or GOMAXPROCS when it is 0.
func (p *Pipeline) Parallelism() int {
	if p.Workers > 0 {
		return p.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// AnalyzeIsolated is Analyze for a worker goroutine of a batch or stream,
// out of reach of the server's recovery: a panic fails this document only,
// as a *PanicError.
func (p *Pipeline) AnalyzeIsolated(ctx context.Context, doc Document, topicOpts TopicOptions, entityOpts EntityOptions) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return p.Analyze(ctx, doc, topicOpts, entityOpts)
}

func (p *Pipeline) analyzeItem(ctx context.Context, i int, doc Document, topicOpts TopicOptions, entityOpts EntityOptions) BatchItem {
	res, err := p.AnalyzeIsolated(ctx, doc, topicOpts, entityOpts)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && strings.HasPrefix(fe.Field, "document") {
			// Name the document's position in the batch.
			cp := *fe
			cp.Field = fmt.Sprintf("documents[%d]", i) + strings.TrimPrefix(fe.Field, "document")
			err = &cp
		}
		return BatchItem{Err: err}
	}
	return BatchItem{Result: res}
}

// prepare returns the text that topics and entities should read: doc.Text, or
// the body extracted from doc.HTML (recorded in res.Content). text is empty
// when extraction found no body; res then carries a warning.
func (p *Pipeline) prepare(ctx context.Context, doc Document) (res *Result, text string, err error) {
	res = &Result{DocumentID: doc.ID}
	if !doc.IsHTML() {
		res.Text = doc.Text
		res.LanguageCode, res.LanguageConfidence = doc.LanguageCode, 1
		if res.LanguageCode == "" {
			res.LanguageConfidence = 0
			if p.Language != nil {
				res.LanguageCode, res.LanguageConfidence = p.Language.Detect(doc.Text)
			}
		}
		return res, doc.Text, nil
	}
	c, err := p.extract(ctx, res, doc)
	if err != nil {
		return nil, "", err
	}
	res.Text = c.Body
	if strings.TrimSpace(c.Body) == "" {
		res.Warnings = append(res.Warnings, Warning{Stage: StageContent, Code: WarnEmptyBody, Message: "no article content found in the html"})
		return res, "", nil
	}
	return res, c.Body, nil
}

func (p *Pipeline) extract(ctx context.Context, res *Result, doc Document) (*Content, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	start := time.Now()
	c, err := p.Content.Extract(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	res.Timings = append(res.Timings, StageTiming{Stage: StageContent, Duration: time.Since(start)})
	res.Models = append(res.Models, p.Content.Info())
	if doc.LanguageCode != "" {
		c.LanguageCode, c.LanguageConfidence = doc.LanguageCode, 1
	}
	res.Content = c
	res.LanguageCode, res.LanguageConfidence = c.LanguageCode, c.LanguageConfidence
	return c, nil
}

func (p *Pipeline) classify(ctx context.Context, res *Result, text string, opts TopicOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	info, err := p.Topics.Model(opts.Model)
	if err != nil {
		return err
	}
	res.TopicModel = info.Name
	if skip(info, res) {
		res.Warnings = append(res.Warnings, unsupported(StageTopics, info, res.LanguageCode))
		return nil
	}
	start := time.Now()
	topics, info, err := p.Topics.Classify(ctx, text, opts)
	if err != nil {
		return fmt.Errorf("topics: %w", err)
	}
	res.Timings = append(res.Timings, StageTiming{Stage: StageTopics, Duration: time.Since(start)})
	res.Models = append(res.Models, info)
	res.Topics = topics
	return nil
}

func (p *Pipeline) tag(ctx context.Context, res *Result, text string, opts EntityOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	info := p.Entities.Info()
	if skip(info, res) {
		res.Warnings = append(res.Warnings, unsupported(StageEntities, info, res.LanguageCode))
		return nil
	}
	start := time.Now()
	ents, err := p.Entities.Extract(ctx, text, opts)
	if err != nil {
		return fmt.Errorf("entities: %w", err)
	}
	res.Timings = append(res.Timings, StageTiming{Stage: StageEntities, Duration: time.Since(start)})
	res.Models = append(res.Models, info)
	res.Entities = ents
	return nil
}

// entityOptions fills the reference time from the request, else from the
// document's published time.
func (p *Pipeline) entityOptions(doc Document, c *Content, opts EntityOptions) EntityOptions {
	if opts.ReferenceTime.IsZero() {
		opts.ReferenceTime = doc.ReferenceTime
	}
	if opts.ReferenceTime.IsZero() && c != nil {
		opts.ReferenceTime = c.PublishedTime
	}
	return opts
}

func (p *Pipeline) missing(content, topics, entities bool) string {
	var m []string
	if content && p.Content == nil {
		m = append(m, "content extraction")
	}
	if topics && p.Topics == nil {
		m = append(m, "topic classification")
	}
	if entities && p.Entities == nil {
		m = append(m, "entity extraction")
	}
	return strings.Join(m, ", ")
}

// MinLanguageConfidence is the detection confidence at or above which a
// stage is skipped for a language its model does not support. Below it the
// guess is too weak to withhold a result (short texts, names, mixed scripts).
const MinLanguageConfidence = 0.5

func skip(info ModelInfo, res *Result) bool {
	return !info.Supports(res.LanguageCode) && res.LanguageConfidence >= MinLanguageConfidence
}

func unsupported(stage string, info ModelInfo, lang string) Warning {
	return Warning{
		Stage: stage,
		Code:  WarnLanguageNotSupported,
		Message: fmt.Sprintf("the %s model %q supports %s, not %q; %s were not computed",
			stage, info.Name, strings.Join(info.Languages, ", "), lang, stage),
	}
}

func validateTopicOptions(field string, o TopicOptions) error {
	if o.TopK < 0 {
		return invalid(field+".top_k", "top_k is %d; it must be >= 0 (0 means no cap)", o.TopK)
	}
	if o.MinScore < 0 || o.MinScore > 1 {
		return invalid(field+".min_score", "min_score is %g; it must be in [0, 1] (0 means per-label thresholds)", o.MinScore)
	}
	return nil
}
