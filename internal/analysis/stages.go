package analysis

import "context"

// ContentExtractor turns a Document (text or HTML) into its article Content.
// Implementations check ctx and return ctx.Err() when it is done.
type ContentExtractor interface {
	Extract(ctx context.Context, doc Document) (*Content, error)
	// Info describes the extractor and its models.
	Info() ModelInfo
}

// TopicClassifier assigns topics to a text.
type TopicClassifier interface {
	// Classify returns the topics of text, highest score first, and the model
	// that produced them. An unknown opts.Model yields an error wrapping
	// ErrUnknownModel.
	Classify(ctx context.Context, text string, opts TopicOptions) ([]Topic, ModelInfo, error)
	// Model returns the model that Classify would use for name ("" = default).
	Model(name string) (ModelInfo, error)
	// Taxonomies lists every loaded model with its labels.
	Taxonomies() []Taxonomy
}

// Taxonomy is one topic model's label set.
type Taxonomy struct {
	Model  ModelInfo
	Labels []Label
}

// Label is one label a topic model can return, with its measured quality.
type Label struct {
	ID        string
	Name      string
	Threshold float64
	// Precision and Recall as measured on held-out data (see the model card).
	Precision, Recall float64
}

// EntityExtractor finds entities in a text.
type EntityExtractor interface {
	// Extract returns the entities of text; every Mention.Span indexes text in
	// UTF-8 bytes.
	Extract(ctx context.Context, text string, opts EntityOptions) ([]Entity, error)
	Info() ModelInfo
}

// PlaceResolver links the place names among a text's entities to gazetteer
// places.
type PlaceResolver interface {
	// Resolve sets Entity.Place on the LOCATION entities of ents, and on the
	// others that name a place or are demonyms; mention spans index text.
	Resolve(ctx context.Context, text string, hints PlaceHints, ents []Entity) error
	// Info describes the gazetteer (Stage "places").
	Info() ModelInfo
}

// PlaceHints are facts about a document, beyond its text, that help place
// its names.
type PlaceHints struct {
	// URL is the document's address (never fetched): its country-code
	// domain hints at the site's country.
	URL string
}
