package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// watchReload reloads the extra models on SIGHUP until ctx is done. A model
// that fails to load is logged and the one in service stays.
func (a *app) watchReload(ctx context.Context) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-hup:
				a.reload()
			case <-ctx.Done():
				return
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// reload rereads the extra topic models and the API key file. What fails to
// load is logged, and what is in service stays.
func (a *app) reload() {
	if a.stages.reload != nil {
		if err := a.stages.reload(); err != nil {
			a.log.Error("model reload failed; the models in service stay", "err", err)
		} else {
			a.log.Info("models reloaded")
		}
		a.metrics.setModels(a.stages.Models())
		a.caps.Store(a.buildCapabilities())
	}
	if err := a.auth.reload(); err != nil {
		a.log.Error("API key reload failed; the keys in force stay", "err", err)
	}
}
