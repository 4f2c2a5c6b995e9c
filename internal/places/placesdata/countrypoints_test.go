package placesdata

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/docsift/docsift/internal/datatest"
	"github.com/docsift/docsift/internal/places"
)

// countryPointMarginDeg is how far (degrees of latitude and of longitude) a
// hand-written country point may lie outside the range of the country's
// own cities: a centre lies inside a country, but the country may reach
// beyond its cities of 15,000 people (Canada's north, Australia's centre).
const countryPointMarginDeg = 3

// TestCountryPoints checks the hand-written country points (places'
// countrypoints.go) against GeoNames' cities, so that a typo (a dropped
// sign, swapped coordinates) cannot ship: each point lies within the range
// of its country's cities widened by countryPointMarginDeg, and the built
// index gives the country that point. With -v it logs how far the point
// derived from the cities was (the list in the model card).
func TestCountryPoints(t *testing.T) {
	dir := datatest.Dir(t, GeoNamesDir)
	src, err := LoadGeoNames(filepath.Join(dir, GeoNamesDir))
	if err != nil {
		t.Fatal(err)
	}
	byCountry := map[string][]*places.City{}
	for i := range src.Cities {
		c := &src.Cities[i]
		byCountry[c.Country] = append(byCountry[c.Country], c)
	}
	x, err := places.Build(src)
	if err != nil {
		t.Fatal(err)
	}
	codes := places.CountryPointCodes()
	if len(codes) == 0 {
		t.Fatal("no hand-written country points")
	}
	for _, code := range codes {
		p, _ := places.CountryPoint(code)
		cs := byCountry[code]
		if len(cs) == 0 {
			t.Errorf("%s: no cities in GeoNames", code)
			continue
		}
		minLat, maxLat, minLon, maxLon := 90.0, -90.0, 180.0, -180.0
		for _, c := range cs {
			minLat, maxLat = math.Min(minLat, c.Lat), math.Max(maxLat, c.Lat)
			minLon, maxLon = math.Min(minLon, c.Lon), math.Max(maxLon, c.Lon)
		}
		m := float64(countryPointMarginDeg)
		if p.Lat < minLat-m || p.Lat > maxLat+m || p.Lon < minLon-m || p.Lon > maxLon+m {
			t.Errorf("%s: point (%g, %g) outside its %d cities' range lat %.2f..%.2f, lon %.2f..%.2f (+-%g degrees)",
				code, p.Lat, p.Lon, len(cs), minLat, maxLat, minLon, maxLon, m)
		}
		i := x.Country(code)
		if i < 0 {
			t.Errorf("%s: not in the built index", code)
			continue
		}
		if q := x.Place(i); q.Lat != p.Lat || q.Lon != p.Lon {
			t.Errorf("%s: built index point (%g, %g), want the table's (%g, %g)", code, q.Lat, q.Lon, p.Lat, p.Lon)
		}
		d := places.Centre(cs)
		t.Logf("%s\tderived (%.2f, %.2f)\t%.0f km from (%g, %g)", code, d.Lat, d.Lon, places.DistanceKM(d.Lat, d.Lon, p.Lat, p.Lon), p.Lat, p.Lon)
	}
}
