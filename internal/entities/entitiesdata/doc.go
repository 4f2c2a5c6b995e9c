// Package entitiesdata reads the entity stage's training and evaluation
// data: CoNLL files (ReadCoNLL), the GeoNames place names of the gazetteer,
// the unlabelled news text of the word clusters, and GUM's time entities
// with the evaluation that scores dates and times against them (EvalGUM).
// Training itself stays in package entities, which takes the loaded data;
// the conlleval scores (entities.Counts) stay there too, since training
// picks its epoch by them.
//
// Only offline commands (cmd/docsift-models) and tests import it. It must
// not import grpc, proto, net/http or any other docsift stage, except the
// GeoNames readers of internal/places/placesdata (one reader for the files
// both the gazetteer and the place index are built from), and the
// server, internal/analysis and the stages' non-test code must not import it.
package entitiesdata
