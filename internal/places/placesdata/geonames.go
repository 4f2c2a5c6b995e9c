package placesdata

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/docsift/docsift/internal/places"
)

// GeoNamesDir is the GeoNames folder under the data folder.
const GeoNamesDir = "gazetteers/geonames"

// LoadGeoNames reads the three GeoNames tables from dir (the data folder's
// gazetteers/geonames). The version names the cities table's date in the zip.
func LoadGeoNames(dir string) (places.Source, error) {
	var src places.Source
	zr, err := zip.OpenReader(filepath.Join(dir, "cities15000.zip"))
	if err != nil {
		return src, fmt.Errorf("placesdata: %w", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "cities15000.txt" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return src, fmt.Errorf("placesdata: %w", err)
		}
		src.Cities, err = ReadCities(rc)
		rc.Close()
		if err != nil {
			return src, err
		}
		src.Version = "geonames cities15000 " + f.Modified.UTC().Format("2006-01-02")
	}
	if src.Cities == nil {
		return src, fmt.Errorf("placesdata: no cities15000.txt in %s", dir)
	}
	if src.Countries, err = readFile(filepath.Join(dir, "countryInfo.tsv"), ReadCountries); err != nil {
		return src, err
	}
	if src.Divisions, err = readFile(filepath.Join(dir, "admin1CodesASCII.txt"), ReadDivisions); err != nil {
		return src, err
	}
	return src, nil
}

func readFile[T any](path string, read func(io.Reader) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("placesdata: %w", err)
	}
	defer f.Close()
	return read(f)
}

func scanTSV(r io.Reader, what string, minFields int, row func(f []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) < minFields {
			return fmt.Errorf("placesdata: %s line %d: %d fields, want %d", what, line, len(f), minFields)
		}
		if err := row(f); err != nil {
			return fmt.Errorf("placesdata: %s line %d: %w", what, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("placesdata: %s: %w", what, err)
	}
	return nil
}

// ReadCities reads GeoNames' geoname table (cities15000.txt: 19 tab-separated
// fields).
func ReadCities(r io.Reader) ([]places.City, error) {
	var out []places.City
	err := scanTSV(r, "cities", 15, func(f []string) error {
		id, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return err
		}
		lat, err := strconv.ParseFloat(f[4], 64)
		if err != nil {
			return err
		}
		lon, err := strconv.ParseFloat(f[5], 64)
		if err != nil {
			return err
		}
		pop, _ := strconv.ParseInt(f[14], 10, 64)
		c := places.City{ID: id, Name: f[1], ASCIIName: f[2], Lat: lat, Lon: lon, Feature: f[7], Country: f[8], Admin1: f[10], Population: pop}
		if f[3] != "" {
			c.AltNames = strings.Split(f[3], ",")
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// ReadCountries reads GeoNames' countryInfo table.
func ReadCountries(r io.Reader) ([]places.Country, error) {
	var out []places.Country
	err := scanTSV(r, "countryInfo", 17, func(f []string) error {
		id, err := strconv.ParseInt(f[16], 10, 64)
		if err != nil {
			return err
		}
		pop, _ := strconv.ParseInt(f[7], 10, 64)
		out = append(out, places.Country{Code: f[0], Name: f[4], Capital: f[5], Continent: f[8], ID: id, Population: pop})
		return nil
	})
	return out, err
}

// ReadDivisions reads GeoNames' admin1CodesASCII table.
func ReadDivisions(r io.Reader) ([]places.Division, error) {
	var out []places.Division
	err := scanTSV(r, "admin1Codes", 4, func(f []string) error {
		id, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return err
		}
		out = append(out, places.Division{Code: f[0], Name: f[1], ASCIIName: f[2], ID: id})
		return nil
	})
	return out, err
}
