package analysis

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bounds what one request may carry.
type Limits struct {
	// MaxTextBytes is the largest Document.Text accepted, in UTF-8 bytes.
	MaxTextBytes int
	// MaxHTMLBytes is the largest Document.HTML accepted, in bytes.
	MaxHTMLBytes int
	// MaxBatchDocuments is the most documents one batch may hold.
	MaxBatchDocuments int
}

// DefaultLimits are the limits used when none are configured.
var DefaultLimits = Limits{
	MaxTextBytes:      2 << 20,
	MaxHTMLBytes:      10 << 20,
	MaxBatchDocuments: 100,
}

// Validate checks doc against the limits. field is the document's path in the
// request ("document", "documents[3]"), used in error messages.
func (l Limits) Validate(field string, doc Document) error {
	switch {
	case doc.Text != "" && doc.HTML != "":
		return invalid(field, "set exactly one of text and html, not both")
	case doc.Text != "":
		if len(doc.Text) > l.MaxTextBytes {
			return tooLarge(field+".text", "text is %d bytes; the limit is %d bytes (%s)", len(doc.Text), l.MaxTextBytes, humanBytes(l.MaxTextBytes))
		}
		if !utf8.ValidString(doc.Text) {
			return invalid(field+".text", "text is not valid UTF-8; send UTF-8 encoded text")
		}
		if strings.TrimSpace(doc.Text) == "" {
			return invalid(field+".text", "text is empty or only whitespace")
		}
	case doc.HTML != "":
		if len(doc.HTML) > l.MaxHTMLBytes {
			return tooLarge(field+".html", "html is %d bytes; the limit is %d bytes (%s)", len(doc.HTML), l.MaxHTMLBytes, humanBytes(l.MaxHTMLBytes))
		}
		if !utf8.ValidString(doc.HTML) {
			return invalid(field+".html", "html is not valid UTF-8; transcode the page to UTF-8 before sending")
		}
		if strings.TrimSpace(doc.HTML) == "" {
			return invalid(field+".html", "html is empty or only whitespace")
		}
	default:
		return invalid(field, "set document.text or document.html; both are empty")
	}
	if len(doc.URL) > 8192 {
		return invalid(field+".url", "url is %d bytes; the limit is 8192", len(doc.URL))
	}
	if len(doc.ID) > 1024 {
		return invalid(field+".id", "id is %d bytes; the limit is 1024", len(doc.ID))
	}
	if !utf8.ValidString(doc.ID) || !utf8.ValidString(doc.URL) || !utf8.ValidString(doc.LanguageCode) {
		return invalid(field, "id, url and language_code must be valid UTF-8")
	}
	if len(doc.LanguageCode) > 35 {
		return invalid(field+".language_code", "language_code %q is not a BCP-47 code", doc.LanguageCode)
	}
	return nil
}

// ValidateBatch checks the batch length.
func (l Limits) ValidateBatch(n int) error {
	if n == 0 {
		return invalid("documents", "the batch is empty; send at least one document")
	}
	if n > l.MaxBatchDocuments {
		return &FieldError{Field: "documents", Kind: ErrInvalidArgument,
			Description: "the batch has " + strconv.Itoa(n) + " documents; the limit is " + strconv.Itoa(l.MaxBatchDocuments) + " per call (split it, or use StreamAnalyzeDocuments)"}
	}
	return nil
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}
