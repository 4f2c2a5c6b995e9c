package main

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/docsift/docsift/internal/serving"
)

// stages holds the analysis stages, all loaded at startup.
type stages struct {
	// Stages are built by internal/serving, which the offline end-to-end
	// evaluation builds its pipeline with too.
	*serving.Stages
	// reload reloads the extra models from disk (SIGHUP); nil when there is
	// nothing to reload.
	reload func() error
}

// loadStages loads the embedded default models and any extra topic models.
// A model that fails to load fails startup: a replica must not come up
// serving less than it was configured to.
func loadStages(cfg config, logger *slog.Logger) (*stages, error) {
	start := time.Now()
	s, err := serving.Load()
	if err != nil {
		return nil, err
	}
	reg := s.Topics
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
	st := &stages{Stages: s}
	if len(cfg.topicModels) > 0 {
		st.reload = loadExtra
	}
	logger.Info("models loaded", "took", time.Since(start).Round(time.Millisecond),
		"content", s.Content.Info().Version, "topics", reg.Names(), "entities", s.Entities.Info().Version, "places", s.Places.Info().Version)
	return st, nil
}
