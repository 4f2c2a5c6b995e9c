package entitiesdata

import (
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places/placesdata"
)

// ReadGeoNames reads the gazetteer's place names from the GeoNames tables in
// dir, through placesdata's readers (the same files the place index is built
// from): each city's name and, when it differs, its ASCII name; each
// country's name, and its capital as a city; each first-level division's
// name and ASCII name.
func ReadGeoNames(dir string) (*entities.Places, error) {
	src, err := placesdata.LoadGeoNames(dir)
	if err != nil {
		return nil, err
	}
	p := new(entities.Places)
	for _, c := range src.Cities {
		p.Cities = appendNames(p.Cities, c.Name, c.ASCIIName)
	}
	for _, c := range src.Countries {
		p.Countries = append(p.Countries, c.Name)
		if c.Capital != "" {
			p.Cities = append(p.Cities, c.Capital)
		}
	}
	for _, d := range src.Divisions {
		p.Regions = appendNames(p.Regions, d.Name, d.ASCIIName)
	}
	return p, nil
}

// appendNames appends a place's name and, where it differs, its ASCII name.
func appendNames(dst []string, name, ascii string) []string {
	dst = append(dst, name)
	if ascii != name {
		dst = append(dst, ascii)
	}
	return dst
}
