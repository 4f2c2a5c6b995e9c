package placesdata

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/places"
)

var update = flag.Bool("update", false, "rewrite the embedded index (internal/places/model/geonames.bin)")

// TestEmbeddedIndex rebuilds the index from GeoNames twice: the two builds
// must be byte-identical (training is deterministic) and equal to the
// embedded file (it is what the code builds), unless -update rewrites it.
func TestEmbeddedIndex(t *testing.T) {
	dir := datatest.Dir(t, GeoNamesDir)
	var out [2]bytes.Buffer
	for i := range out {
		src, err := LoadGeoNames(filepath.Join(dir, GeoNamesDir))
		if err != nil {
			t.Fatal(err)
		}
		x, err := places.Build(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := x.WriteTo(&out[i]); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			t.Logf("%s: %d places, %d name keys, %d bytes", x.Version, x.Len(), x.Keys(), out[i].Len())
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Fatal("two builds from the same data differ")
	}
	path := filepath.Join("..", "model", "geonames.bin")
	if *update {
		if err := os.WriteFile(path, out[0].Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(out[0].Bytes(), places.EmbeddedIndex()) {
		t.Fatalf("the embedded index differs from a fresh build; run go run ./cmd/docsift-models train places --data <data folder>")
	}
}
