// Package content turns a document sent by a client (plain text or HTML) into
// its article: the body with site boilerplate removed, the title, byline,
// published time and language.
//
// HTML goes through go-trafilatura, then through our own block scorer that
// drops the share/subscribe/credit lines it lets through; the article's lead,
// which go-trafilatura often drops, is put back from the page. Plain text goes
// through a line classifier (logistic regression over layout features and
// hashed n-grams) trained by TrainText on HTML pages rendered to text by
// RenderText, and shipped embedded (model/text.bin, see model/README.md).
//
// Cost is linear in the input on every shape, and the context is checked
// at bounded intervals of work. go-trafilatura (a patched copy in
// third_party/, see its README.docsift.md) cannot be interrupted, so it
// reads only pages of at most 20,000 nodes and 1 MiB of text; larger pages
// are rendered to text and go through the line classifier, and a page with
// more than MaxPageText of text is refused (ErrPageTooLarge).
//
// It is plain Go: it must not import grpc, proto or net/http. Its non-test
// code must not import contentdata (the boilerplate sets and their
// metrics), which only the offline commands (cmd/docsift-models) and tests
// use.
package content
