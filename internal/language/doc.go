// Package language guesses the language of a text cheaply, with trigram
// profiles (whatlanggo), for the content stage and the pipeline.
//
// It is plain Go: it must not import grpc, proto or net/http.
package language
