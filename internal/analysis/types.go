package analysis

import (
	"strings"
	"time"
)

// Document is one input document. Exactly one of Text and HTML is set.
type Document struct {
	// ID is the client's identifier, echoed back in results; optional.
	ID string
	// Text is a plain-text document (UTF-8).
	Text string
	// HTML is an HTML page (UTF-8).
	HTML string
	// URL is where HTML came from; a hint for extraction, never fetched.
	URL string
	// LanguageCode is a BCP-47 hint ("en"); empty means detect.
	LanguageCode string
	// ReferenceTime anchors relative dates ("Wednesday"); zero means use the
	// document's published time, if any.
	ReferenceTime time.Time
}

// IsHTML reports whether the document was sent as HTML.
func (d Document) IsHTML() bool { return d.HTML != "" }

// Span is a half-open range [Begin, End) of UTF-8 byte offsets into a text.
type Span struct {
	Begin, End int
}

// Len returns the span's length in bytes.
func (s Span) Len() int { return s.End - s.Begin }

// Valid reports whether s is a well-formed span inside a text of n bytes.
func (s Span) Valid(n int) bool { return 0 <= s.Begin && s.Begin <= s.End && s.End <= n }

// Content is the article extracted from a Document.
type Content struct {
	Title  string
	Body   string // paragraphs separated by "\n\n"
	Byline string
	// PublishedTime is zero when unknown.
	PublishedTime time.Time
	SiteName      string
	Description   string
	// LanguageCode is the detected (or hinted) BCP-47 language; empty if unknown.
	LanguageCode       string
	LanguageConfidence float64
	// Blocks maps ranges of Body back to the input. For text input every block
	// has a Source span into Document.Text; for HTML input Source is unset
	// (HasSource false) because extraction does not keep markup positions.
	Blocks []Block
	// Removed lists the boilerplate blocks that were dropped (text input: with
	// their source spans), so clients can show what was removed and why.
	Removed []RemovedBlock
	// EmptyReason says why Body is empty, when it is ("no article content found").
	EmptyReason string
}

// Block maps one paragraph of Content.Body to where it came from.
type Block struct {
	Body      Span // into Content.Body
	Source    Span // into Document.Text, valid when HasSource
	HasSource bool
}

// RemovedBlock is a piece of the input judged to be boilerplate or the title.
type RemovedBlock struct {
	Text      string
	Source    Span // into Document.Text, valid when HasSource
	HasSource bool
	// Reason is a short machine-friendly reason: "boilerplate", "title", "byline".
	Reason string
	// Score is the classifier's content probability in [0,1], when there is one.
	Score float64
}

// SourceSpan maps a span of Body to the input text, if the span lies inside one
// block that has a source. ok is false otherwise.
func (c *Content) SourceSpan(s Span) (Span, bool) {
	// Blocks are in body order; binary search the block containing s.Begin.
	lo, hi := 0, len(c.Blocks)
	for lo < hi {
		m := (lo + hi) / 2
		if c.Blocks[m].Body.End <= s.Begin {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(c.Blocks) {
		return Span{}, false
	}
	b := c.Blocks[lo]
	if !b.HasSource || s.Begin < b.Body.Begin || s.End > b.Body.End {
		return Span{}, false
	}
	// Only identity-length blocks map by shift; blocks whose text was
	// normalised (whitespace collapsed) map to the whole source block.
	if b.Body.Len() == b.Source.Len() {
		d := b.Source.Begin - b.Body.Begin
		return Span{s.Begin + d, s.End + d}, true
	}
	return b.Source, true
}

// Topic is one label assigned to a document.
type Topic struct {
	// ID is the label's identifier ("medtop:11000000" for IPTC).
	ID string
	// Name is the human-readable label ("politics").
	Name string
	// Score is a calibrated probability in [0,1].
	Score float64
	// Terms are the document's terms that drove the label, strongest first;
	// only filled when TopicOptions.Explain is set.
	Terms []Term
}

// Term is one explaining term and its contribution to a topic's score.
type Term struct {
	Text   string
	Weight float64
}

// TopicOptions tunes ClassifyDocument and the topics of AnalyzeDocument.
type TopicOptions struct {
	// Model names the topic model; empty means the default ("iptc").
	Model string
	// TopK caps the number of topics returned; 0 means no cap.
	TopK int
	// MinScore overrides the per-label thresholds when > 0.
	MinScore float64
	// Explain asks for the terms that drove each topic.
	Explain bool
}

// EntityType is the kind of an entity.
type EntityType int

// Entity types, matching docsift.v1.EntityType.
const (
	EntityUnspecified EntityType = iota
	EntityPerson
	EntityOrganization
	EntityLocation
	EntityMisc
	EntityDate
	EntityTime
	EntityMoney
	EntityPercent
	EntityNumber
)

var entityTypeNames = [...]string{"UNSPECIFIED", "PERSON", "ORGANIZATION", "LOCATION", "MISC", "DATE", "TIME", "MONEY", "PERCENT", "NUMBER"}

// String returns the type's name ("PERSON").
func (t EntityType) String() string {
	if t < 0 || int(t) >= len(entityTypeNames) {
		return "UNSPECIFIED"
	}
	return entityTypeNames[t]
}

// EntityTypes lists every real entity type, in enum order.
func EntityTypes() []EntityType {
	return []EntityType{EntityPerson, EntityOrganization, EntityLocation, EntityMisc, EntityDate, EntityTime, EntityMoney, EntityPercent, EntityNumber}
}

// Entity is one real-world thing mentioned in a text, with all its mentions.
type Entity struct {
	// Name is the canonical name (the longest or defining mention).
	Name string
	Type EntityType
	// Salience in [0,1]: how central the entity is to the text.
	Salience float64
	Mentions []Mention
	// Value is the normalised value of DATE, TIME, MONEY, PERCENT and NUMBER
	// entities; nil for names.
	Value *Value
	// Place is the gazetteer place a LOCATION entity (or a place name
	// tagged otherwise, or a demonym) names; nil when places were not
	// resolved or the entity is not a place.
	Place *Place
}

// Mention is one occurrence of an entity in the analysed text.
type Mention struct {
	Text string
	// Span is in UTF-8 bytes of the analysed text; Text == text[Span.Begin:Span.End].
	Span Span
	// Score is the tagger's confidence in [0,1]; 0 when unknown.
	Score float64
}

// Value is a normalised value.
type Value struct {
	// Text is the canonical form: an ISO 8601 date, date range ("2022-03-01/2022-03-10"),
	// time or date-time; "USD 1500000"; "0.05"; "8".
	Text string
	// Number is the numeric value for MONEY, PERCENT and NUMBER (a percent as
	// written: 5 for "5%"), and the year for a bare year.
	Number    float64
	HasNumber bool
	// Currency is the ISO 4217 code for MONEY.
	Currency string
}

// EntityOptions tunes ExtractEntities and the entities of AnalyzeDocument.
type EntityOptions struct {
	// ReferenceTime anchors relative dates; zero means unknown (relative dates
	// keep their text but get no resolved Value).
	ReferenceTime time.Time
}

// ModelInfo describes a model that produced (part of) a result.
type ModelInfo struct {
	// Stage is "content", "topics" or "entities".
	Stage string
	// Name is the model's name ("iptc", "conll-perceptron").
	Name    string
	Version string
	// Description says what the model was trained on.
	Description string
	// Languages are the BCP-47 codes the model supports; empty means any.
	Languages []string
}

// Supports reports whether the model supports language lang ("" means unknown,
// which is treated as supported). Tags match by primary language, case
// aside: a model for "en" supports "en-GB" and "EN".
func (m ModelInfo) Supports(lang string) bool {
	if lang == "" || len(m.Languages) == 0 {
		return true
	}
	for _, l := range m.Languages {
		if strings.EqualFold(primaryTag(l), primaryTag(lang)) {
			return true
		}
	}
	return false
}

// primaryTag is the primary language subtag of a BCP-47 tag ("en" of
// "en-GB", "zh" of "zh_Hant").
func primaryTag(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		return tag[:i]
	}
	return tag
}

// Warning is a non-fatal notice about one stage of a result.
type Warning struct {
	Stage string
	// Code is machine-friendly: "LANGUAGE_NOT_SUPPORTED", "EMPTY_BODY".
	Code    string
	Message string
}

// Warning codes.
const (
	WarnLanguageNotSupported = "LANGUAGE_NOT_SUPPORTED"
	WarnEmptyBody            = "EMPTY_BODY"
)

// StageTiming is how long one stage took.
type StageTiming struct {
	Stage    string
	Duration time.Duration
}

// Result is the outcome of analysing one Document.
type Result struct {
	DocumentID string
	// Text is the text that topic and entity spans index into: Content.Body
	// for AnalyzeDocument and for HTML input, else Document.Text.
	Text string
	// Content is set when content extraction ran.
	Content *Content
	// LanguageCode is the language the result was analysed as.
	LanguageCode string
	// LanguageConfidence is 1 for a client's hint, else the detector's.
	LanguageConfidence float64
	Topics             []Topic
	// TopicModel names the topic model used, when topics ran.
	TopicModel string
	Entities   []Entity
	Models     []ModelInfo
	Warnings   []Warning
	Timings    []StageTiming
}
