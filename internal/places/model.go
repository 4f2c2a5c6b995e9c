package places

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/docsift/docsift/internal/analysis"
)

// indexFile is the embedded index, written by placesdata's WriteIndex from
// GeoNames (see model/README.md).
//
//go:embed model/geonames.bin
var indexFile []byte

var (
	defaultOnce sync.Once
	defaultRes  *Resolver
	defaultErr  error
)

// Default returns the resolver over the embedded index with DefaultConfig,
// loading the index on first use.
func Default() (*Resolver, error) {
	defaultOnce.Do(func() {
		x, err := Load(indexFile)
		if err != nil {
			defaultErr = fmt.Errorf("places: embedded index: %w", err)
			return
		}
		defaultRes = New(x, DefaultConfig)
	})
	return defaultRes, defaultErr
}

// EmbeddedIndex returns the bytes of the embedded index.
func EmbeddedIndex() []byte { return indexFile }

// The resolver is the pipeline's place stage.
var _ analysis.PlaceResolver = (*Resolver)(nil)
