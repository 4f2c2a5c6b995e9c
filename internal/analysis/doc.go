// Package analysis is docsift's domain: the Document a client sends, the Result it
// gets back, the stage interfaces (content extraction, topic classification, entity
// extraction) and the Pipeline that runs them.
//
// Stages live in their own packages (internal/content, internal/topics,
// internal/entities) and implement the interfaces declared here; internal/serving
// wires them into the Pipeline the server and the end-to-end evaluations run. This package must not import grpc, protobuf, net/http or
// any stage package, nor their data packages (contentdata, topicsdata and
// entitiesdata): imports flow from transport to domain, never back.
package analysis
