package analysis

import (
	"cmp"
	"context"
	"fmt"
	"strings"
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

// Pipeline runs the analysis stages. Content, Topics and Entities must be
// set; Language is optional (without it, text of unknown language is
// analysed as if supported).
type Pipeline struct {
	Content  ContentExtractor
	Topics   TopicClassifier
	Entities EntityExtractor
	// Places resolves the entities' place names; nil leaves them unresolved.
	Places   PlaceResolver
	Language LanguageDetector
	Limits   Limits
	// Workers bounds the documents of one batch or stream analysed at once;
	// 0 means GOMAXPROCS.
	Workers int
}

// Request is one document to analyse and the options of the stages that
// read it.
type Request struct {
	Document Document
	Topics   TopicOptions
	Entities EntityOptions
	// DocumentField and TopicsField are where the document and the topic
	// options sit in the caller's request, for field errors; empty means
	// "document" and "topic_options" ("documents[i]" in a batch).
	DocumentField, TopicsField string
	// Invalid is set by a caller that refused the request before it reached
	// the pipeline (a field its decoder could not read): it is the outcome
	// as is, and nothing runs. In a batch or a stream, it fails this
	// document only.
	Invalid error
}

// plan is what an entry point asks of run.
type plan struct {
	// content extracts content from text as well as from HTML (Analyze,
	// ExtractContent); otherwise text is read as sent.
	content bool
	// topics and entities run those stages on the text.
	topics, entities bool
}

var (
	planAnalyze  = plan{content: true, topics: true, entities: true}
	planContent  = plan{content: true}
	planTopics   = plan{topics: true}
	planEntities = plan{entities: true}
)

// Analyze extracts the content of the document, then classifies and tags
// its body.
func (p *Pipeline) Analyze(ctx context.Context, req Request) (*Result, error) {
	return p.run(ctx, req, planAnalyze)
}

// ExtractContent runs content extraction only.
func (p *Pipeline) ExtractContent(ctx context.Context, req Request) (*Result, error) {
	return p.run(ctx, req, planContent)
}

// Classify assigns topics: to the document's text as given, or to the body
// extracted from its HTML.
func (p *Pipeline) Classify(ctx context.Context, req Request) (*Result, error) {
	return p.run(ctx, req, planTopics)
}

// ExtractEntities finds entities: in the document's text as given, or in
// the body extracted from its HTML.
func (p *Pipeline) ExtractEntities(ctx context.Context, req Request) (*Result, error) {
	return p.run(ctx, req, planEntities)
}

// run is the one path of every entry point: the request is checked in full
// (document, options, model) before any stage runs, then content is
// extracted where the plan or the input needs it, and the planned stages
// read the resulting text.
func (p *Pipeline) run(ctx context.Context, req Request, pl plan) (*Result, error) {
	if req.Invalid != nil {
		return nil, req.Invalid
	}
	doc := req.Document
	if err := p.Limits.Validate(cmp.Or(req.DocumentField, "document"), doc); err != nil {
		return nil, err
	}
	if pl.topics {
		if err := validateTopicOptions(cmp.Or(req.TopicsField, "topic_options"), req.Topics); err != nil {
			return nil, err
		}
		if _, err := p.Topics.Model(req.Topics.Model); err != nil {
			return nil, err
		}
	}
	res := &Result{DocumentID: doc.ID}
	text := doc.Text
	if pl.content || doc.IsHTML() {
		c, err := p.extract(ctx, res, doc)
		if err != nil {
			return nil, err
		}
		res.Text, text = c.Body, c.Body
		if !pl.topics && !pl.entities {
			return res, nil
		}
		if strings.TrimSpace(c.Body) == "" {
			res.Warnings = append(res.Warnings, emptyBody(pl, c))
			return res, nil
		}
	} else {
		res.Text = doc.Text
		res.LanguageCode, res.LanguageConfidence = doc.LanguageCode, 1
		if res.LanguageCode == "" {
			res.LanguageConfidence = 0
			if p.Language != nil {
				res.LanguageCode, res.LanguageConfidence = p.Language.Detect(doc.Text)
			}
		}
	}
	if pl.topics {
		if err := p.classify(ctx, res, text, req.Topics); err != nil {
			return nil, err
		}
	}
	if pl.entities {
		if err := p.tag(ctx, res, text, p.entityOptions(doc, res.Content, req.Entities)); err != nil {
			return nil, err
		}
		if err := p.place(ctx, res, text, doc); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// emptyBody is the warning for content that has no body to classify or tag.
func emptyBody(pl plan, c *Content) Warning {
	if !pl.content {
		return Warning{Stage: StageContent, Code: WarnEmptyBody, Message: "no article content found in the html"}
	}
	reason := c.EmptyReason
	if reason == "" {
		reason = "no article content found"
	}
	return Warning{Stage: StageContent, Code: WarnEmptyBody, Message: reason + "; topics and entities were skipped"}
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
	if !gate(StageTopics, info, res, text) {
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
	if !gate(StageEntities, info, res, text) {
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

func validateTopicOptions(field string, o TopicOptions) error {
	if o.TopK < 0 {
		return invalid(field+".top_k", "top_k is %d; it must be >= 0 (0 means no cap)", o.TopK)
	}
	if o.MinScore < 0 || o.MinScore > 1 {
		return invalid(field+".min_score", "min_score is %g; it must be in [0, 1] (0 means per-label thresholds)", o.MinScore)
	}
	return nil
}
