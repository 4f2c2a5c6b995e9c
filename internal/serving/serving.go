package serving

import (
	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/language"
	"github.com/docsift/docsift/internal/places"
	"github.com/docsift/docsift/internal/topics"
)

// Stages are the served stages, each loaded from its embedded model.
type Stages struct {
	Content  *content.Extractor
	Language *language.Detector
	// Topics holds the default IPTC model; a caller may add models to it.
	Topics   *topics.Registry
	Entities *entities.Extractor
	// Places resolves the entities' place names against the embedded
	// gazetteer.
	Places *places.Resolver
}

// Load loads every stage from its embedded model. Content extraction
// detects the language with the same detector the pipeline gates on.
func Load() (*Stages, error) {
	lang := language.New()
	ce, err := content.New(content.WithLanguageDetector(lang))
	if err != nil {
		return nil, err
	}
	reg, err := topics.LoadDefault()
	if err != nil {
		return nil, err
	}
	ents, err := entities.LoadDefault()
	if err != nil {
		return nil, err
	}
	// The gazetteer is loaded now, not on the first request.
	pl, err := places.Default()
	if err != nil {
		return nil, err
	}
	return &Stages{Content: ce, Language: lang, Topics: reg, Entities: ents, Places: pl}, nil
}

// Pipeline returns the pipeline the server runs over s, with limits.
func (s *Stages) Pipeline(limits analysis.Limits) *analysis.Pipeline {
	return &analysis.Pipeline{
		Content:  s.Content,
		Language: s.Language,
		Topics:   s.Topics,
		Entities: s.Entities,
		Places:   s.Places,
		Limits:   limits,
	}
}

// Models lists every loaded model: content, each topic model, entities,
// places.
func (s *Stages) Models() []analysis.ModelInfo {
	ms := []analysis.ModelInfo{s.Content.Info()}
	for _, t := range s.Topics.Taxonomies() {
		ms = append(ms, t.Model)
	}
	return append(ms, s.Entities.Info(), s.Places.Info())
}
