package content_test

import (
	"testing"

	"github.com/docsift/docsift/internal/datatest"
)

// dataDir returns the shared data folder (see datatest.Dir).
func dataDir(t testing.TB) string { return datatest.Dir(t, "boilerplate") }
