// Package entities finds the named entities (people, organisations, places,
// other names), dates, times and amounts of an English text, groups the
// mentions of one entity under a canonical name and scores their salience.
//
// Names come from an averaged-perceptron BILOU tagger trained by this
// package's own code (Train) on CoNLL-2003 with GeoNames gazetteer features;
// the model is embedded (model/) and checked on load. Dates, times, money,
// percentages and numbers come from rules that also normalise their values.
// Every span is a UTF-8 byte range of the input text.
//
// Train takes loaded documents, place names and text; reading them from the
// data folder, and the GUM evaluation, are package entitiesdata.
//
// The package imports internal/analysis for its types only; it must not
// import grpc, protobuf, net/http or any other stage package, and its
// non-test code must not import entitiesdata.
package entities
