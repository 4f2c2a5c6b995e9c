package main

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/language"
	"github.com/docsift/docsift/internal/places"
	"github.com/docsift/docsift/internal/topics"
)

// stages holds the analysis stages, all loaded at startup.
type stages struct {
	content  analysis.ContentExtractor
	language analysis.LanguageDetector
	topics   analysis.TopicClassifier
	entities analysis.EntityExtractor
	places   analysis.PlaceResolver
	// reload reloads the extra models from disk (SIGHUP); nil when there is
	// nothing to reload.
	reload func() error
}

// loadStages loads the embedded default models and any extra topic models.
// A model that fails to load fails startup: a replica must not come up
// serving less than it was configured to.
func loadStages(cfg config, logger *slog.Logger) (*stages, error) {
	start := time.Now()
	lang := language.New()
	ce, err := content.New(content.WithLanguageDetector(lang))
	if err != nil {
		return nil, err
	}
	reg, err := topics.LoadDefault()
	if err != nil {
		return nil, err
	}
	loadExtra := func() error {
		var errs []error
		for _, spec := range cfg.topicModels {
			name, path, _ := strings.Cut(spec, "=")
			if err := reg.Load(name, path); err != nil {
				errs = append(errs, err)
				continue
			}
			info, _ := reg.Model(name)
			logger.Info("topic model loaded", "name", name, "path", path, "version", info.Version)
		}
		return errors.Join(errs...)
	}
	if err := loadExtra(); err != nil {
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
	st := &stages{content: ce, language: lang, topics: reg, entities: ents, places: pl}
	if len(cfg.topicModels) > 0 {
		st.reload = loadExtra
	}
	logger.Info("models loaded", "took", time.Since(start).Round(time.Millisecond),
		"content", ce.Info().Version, "topics", reg.Names(), "entities", ents.Info().Version, "places", pl.Info().Version)
	return st, nil
}

func (s *stages) pipeline(limits analysis.Limits) *analysis.Pipeline {
	return &analysis.Pipeline{
		Content:  s.content,
		Language: s.language,
		Topics:   s.topics,
		Entities: s.entities,
		Places:   s.places,
		Limits:   limits,
	}
}

// models lists every loaded model.
func (s *stages) models() []analysis.ModelInfo {
	ms := []analysis.ModelInfo{s.content.Info()}
	for _, t := range s.topics.Taxonomies() {
		ms = append(ms, t.Model)
	}
	return append(ms, s.entities.Info(), s.places.Info())
}
