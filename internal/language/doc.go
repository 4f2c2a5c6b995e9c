// Package language guesses the language of a text cheaply for the content
// stage and the pipeline: by script, then by a vote of function words for
// Latin-script languages, and by whatlanggo's trigram profiles when those
// cannot settle it.
//
// It is plain Go: it must not import grpc, proto or net/http.
package language
