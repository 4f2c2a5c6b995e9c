// Package topicsdata reads the topic stage's training and evaluation data:
// the example files of custom models (JSONL, CSV), the public corpora of
// the DOCSIFT data folder (BBC News, AG News, HuffPost, masakhane), the IPTC
// taxonomy with the mapping of each corpus onto it and the weak labels of
// its seed phrases, and the quality benchmarks. Training itself stays in
// package topics, which takes the loaded examples.
//
// Only offline commands (cmd/docsift-models) and tests import it. It must
// not import grpc, proto, net/http or any other docsift stage, and the
// server, internal/analysis and the stages' non-test code must not import it.
package topicsdata
