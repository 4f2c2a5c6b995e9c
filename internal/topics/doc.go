// Package topics classifies news text into topics: a multi-label linear model
// over hashed word unigrams and bigrams (TF-IDF weighted, the fastText and
// LinearSVC family), trained by this package's own code, calibrated per label
// with Platt scaling and served from a Registry of named models. The default
// model, "iptc", returns the 17 top-level IPTC Media Topics and is embedded in
// the binary; see model/README.md for its model card.
//
// Training (Train, TrainWithReport, TrainIPTC) and scoring (Evaluate) take
// loaded examples. Training takes any label distribution: it trains every
// label it can and its TrainReport says per label what it did. Reading
// examples from files and the public corpora, and the quality benchmarks,
// are package topicsdata.
//
// The package implements analysis.TopicClassifier. It must not import grpc,
// proto, net/http or any other docsift stage, and its non-test code must not
// import topicsdata.
package topics
