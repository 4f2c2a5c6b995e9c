package entitiesdata

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/docsift/docsift/internal/entities"
)

// ReadGeoNames reads the gazetteer's place names from GeoNames'
// cities15000.zip (each city's name and, when it differs, its ASCII name),
// countryInfo.tsv (each country's name, and its capital as a city) and
// admin1CodesASCII.txt (each first-level division's name and ASCII name)
// in dir.
func ReadGeoNames(dir string) (*entities.Places, error) {
	p := new(entities.Places)
	zr, err := zip.OpenReader(filepath.Join(dir, "cities15000.zip"))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".txt") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		err = readNames(rc, &p.Cities, "cities")
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	cf, err := os.Open(filepath.Join(dir, "countryInfo.tsv"))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer cf.Close()
	sc := bufio.NewScanner(cf)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 6 {
			continue
		}
		p.Countries = append(p.Countries, f[4])
		if f[5] != "" {
			p.Cities = append(p.Cities, f[5])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: countries: %w", err)
	}
	af, err := os.Open(filepath.Join(dir, "admin1CodesASCII.txt"))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer af.Close()
	if err := readNames(af, &p.Regions, "regions"); err != nil {
		return nil, err
	}
	return p, nil
}

// readNames appends the names of a GeoNames table whose second and third
// columns are a place's name and ASCII name (cities, admin1 divisions) to
// dst, the ASCII name only where it differs.
func readNames(r io.Reader, dst *[]string, what string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 {
			continue
		}
		*dst = append(*dst, f[1])
		if f[2] != f[1] {
			*dst = append(*dst, f[2])
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer: %s: %w", what, err)
	}
	return nil
}
