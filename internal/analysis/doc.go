// Package analysis is docsift's domain: the Document a client sends, the Result it
// gets back, the stage interfaces (content extraction, topic classification, entity
// extraction) and the Pipeline that runs them.
//
// Stages live in their own packages (internal/content, internal/topics,
// internal/entities) and implement the interfaces declared here; the server wires
// them into a Pipeline. This package must not import grpc, protobuf, net/http or
// any stage package, nor their data packages (contentdata, topicsdata and
// entitiesdata): imports flow from transport to domain, never back.
package analysis
