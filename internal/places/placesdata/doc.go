// Package placesdata reads the GeoNames tables the places index is built
// from (cities15000.zip, countryInfo.tsv, admin1CodesASCII.txt) and the
// evaluation sets of the places stage (GUM news with Wikipedia links, the
// hand-annotated news texts in testdata), and scores a resolver on them.
//
// It is used by tests and the offline commands; the server, internal/analysis
// and the stages' non-test code must not import it.
package placesdata
