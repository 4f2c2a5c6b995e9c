// Package language guesses the language of a text cheaply for the content
// stage and the pipeline: by script, then, in Latin script, by a vote of
// function words and whatlanggo's trigram profiles read on the words that
// carry a language (not names, numbers or initials), with a confidence
// scaled by how much of that evidence the text has. README.md is its card:
// accuracy per kind of text and the command that prints it.
//
// It is plain Go: it must not import grpc, proto or net/http, nor its
// evaluation package languagedata.
package language
