package placesdata

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places"
)

// TestSeedGolden pins the places of the seed's entities (as AnalyzeDocument
// resolves them on the text) in testdata/seed.places.golden; -update
// rewrites it.
func TestSeedGolden(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "..", "..", "seeds", "000_6d735a571148c0b2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ex, err := entities.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	r, err := places.Default()
	if err != nil {
		t.Fatal(err)
	}
	ents, err := ex.Extract(context.Background(), string(text), analysis.EntityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Resolve(context.Background(), string(text), places.Hints{}, ents); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		p := e.Place
		if p == nil {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\t%s", e.Type, e.Name, p.Status)
		if p.Status != analysis.PlaceNotFound {
			fmt.Fprintf(&b, "\t%d\t%s\t%s\t%s\t%s\t%.2f,%.2f\t%.2f\tdemonym=%v\tpartial=%v", p.GeoNamesID, p.Name, p.Kind, p.CountryCode, p.DivisionName, p.Latitude, p.Longitude, p.Confidence, p.Demonym, p.Partial)
		}
		b.WriteByte('\n')
	}
	path := filepath.Join("testdata", "seed.places.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("places of the seed changed; run go test ./internal/places/placesdata -run TestSeedGolden -update and review:\ngot:\n%s\nwant:\n%s", b.String(), want)
	}
}
