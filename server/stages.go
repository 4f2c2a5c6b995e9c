package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/docsift/docsift/internal/analysis"
)

// stages holds the analysis stages this build provides. A nil stage is one
// whose issue has not landed: its RPCs answer UNIMPLEMENTED.
type stages struct {
	content  analysis.ContentExtractor
	language analysis.LanguageDetector
	topics   analysis.TopicClassifier
	entities analysis.EntityExtractor
	// reload reloads the extra models from disk (SIGHUP); nil when there is
	// nothing to reload.
	reload func() error
}

// loadStages loads the embedded default models and any extra ones.
func loadStages(cfg config, logger *slog.Logger) (*stages, error) {
	return &stages{}, nil
}

func (s *stages) pipeline(limits analysis.Limits) *analysis.Pipeline {
	return &analysis.Pipeline{
		Content:  s.content,
		Language: s.language,
		Topics:   s.topics,
		Entities: s.entities,
		Limits:   limits,
	}
}

// unavailable lists the stages this build does not provide.
func (s *stages) unavailable() []string {
	var u []string
	if s.content == nil {
		u = append(u, analysis.StageContent)
	}
	if s.topics == nil {
		u = append(u, analysis.StageTopics)
	}
	if s.entities == nil {
		u = append(u, analysis.StageEntities)
	}
	return u
}

// watchReload reloads the extra models on SIGHUP until ctx is done. A model
// that fails to load is logged and the one in service stays.
func (a *app) watchReload(ctx context.Context) (stop func()) {
	if a.stages.reload == nil {
		return func() {}
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-hup:
				if err := a.stages.reload(); err != nil {
					a.log.Error("model reload failed; the models in service stay", "err", err)
				} else {
					a.log.Info("models reloaded")
				}
			case <-ctx.Done():
				return
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}
