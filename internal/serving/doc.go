// Package serving builds the analysis stages the server runs, from the
// models embedded in the binary, and the Pipeline over them. The server
// and the offline evaluation (cmd/docsift-models eval) both build their
// pipeline here, so that an end-to-end figure measures the code a client
// reaches.
//
// It imports the stages and the domain only: never grpc, proto, net/http,
// nor a stage's data package (contentdata, topicsdata, entitiesdata).
package serving
