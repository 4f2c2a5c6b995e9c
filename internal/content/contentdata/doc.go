// Package contentdata loads the boilerplate evaluation sets (Mozilla
// Readability's test pages and trafilatura's evaluation snippets), splits them
// deterministically into training and held-out pages, and computes the
// metrics the content stage is judged by.
//
// Only offline commands (cmd/docsift-models: train content, eval content) and
// tests import it. It must not import grpc, proto, net/http or any other
// docsift stage, and the server, internal/analysis and the stages' non-test
// code must not import it.
package contentdata
