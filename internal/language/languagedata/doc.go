// Package languagedata loads the labelled texts the language detector and
// the pipeline's language gate are measured on (English news, tables and
// headlines from the NER and topic sets; German, French and other pages of
// the boilerplate sets), sorts their lines into kinds of text, and scores
// detection and the gate per set and per kind.
//
// It is evaluation code: the server, internal/analysis and the stages'
// non-test code must not import it.
package languagedata
