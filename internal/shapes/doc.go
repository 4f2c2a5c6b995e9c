// Package shapes makes inputs of a given shape and size for the stages'
// complexity tests, fuzz seeds and the bench/stagecost command: the shapes a
// hostile or careless client sends (many short lines, one huge line, no
// spaces, runs of punctuation or digits, deep nesting, huge tables, many
// tiny paragraphs, many entity-like tokens) next to realistic news text and
// pages. The same shape and size always give the same bytes.
//
// CheckLinear is the complexity check the stages' tests run over the shapes.
//
// It imports only the standard library; it must not import the stages.
package shapes
