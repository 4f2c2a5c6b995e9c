// Package contentdata loads the boilerplate evaluation sets (Mozilla
// Readability's test pages and trafilatura's evaluation snippets), splits them
// deterministically into training and held-out pages (and five
// cross-validation folds), and computes the metrics the content stage is
// judged by: word and snippet F1, and the article-extraction benchmark's
// shingle F1. Compare puts the HTML pipeline beside go-trafilatura alone on
// every set, with what each stage adds.
//
// Only offline commands (cmd/docsift-models: train content, eval content) and
// tests import it. It must not import grpc, proto, net/http or any other
// docsift stage, and the server, internal/analysis and the stages' non-test
// code must not import it.
package contentdata
