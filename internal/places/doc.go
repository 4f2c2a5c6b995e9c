// Package places resolves the place names of a document (LOCATION entities,
// place names tagged ORGANIZATION or MISC, demonyms) to GeoNames places:
// countries, first-level divisions and cities of at least 15,000 people.
//
// Serving: Default loads the compact index embedded in model/ and Resolve
// reads the whole document (the other places it names, comma qualifiers such
// as "Paris, Texas", the dateline, the site's country) to choose among the
// candidates of each name; a name it cannot place, or cannot place with
// enough confidence, is reported as such, never guessed silently.
//
// Training: Build turns loaded GeoNames tables (see placesdata) into the
// index, deterministically.
//
// The package imports internal/analysis for its types only; it must not
// import grpc, protobuf, net/http, another stage package or its own data
// package placesdata.
package places
