package analysis

import (
	"errors"
	"fmt"
)

// Sentinel errors that callers act on; match them with errors.Is.
var (
	// ErrInvalidArgument marks a request the client must fix.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrTooLarge marks a document or batch over a configured limit.
	ErrTooLarge = errors.New("too large")
	// ErrUnknownModel marks a request for a model that is not loaded.
	ErrUnknownModel = errors.New("unknown model")
	// ErrStopping is the outcome of a streamed document read after the
	// stream was told to stop, and AnalyzeStream's error once it has
	// answered the documents it accepted before.
	ErrStopping = errors.New("stopping")
)

// FieldError is an invalid or over-limit request field. It wraps
// ErrInvalidArgument or ErrTooLarge.
type FieldError struct {
	// Field is the request field's path in proto names ("document.text").
	Field string
	// Description says what is wrong and how to fix it.
	Description string
	// Kind is ErrInvalidArgument or ErrTooLarge.
	Kind error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Description) }

// Unwrap returns the error's kind.
func (e *FieldError) Unwrap() error { return e.Kind }

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Description: fmt.Sprintf(format, args...), Kind: ErrInvalidArgument}
}

func tooLarge(field, format string, args ...any) error {
	return &FieldError{Field: field, Description: fmt.Sprintf(format, args...), Kind: ErrTooLarge}
}

// PanicError is a panic recovered while analysing one document of a batch
// or stream. It is an internal error: never shown to clients.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v\n%s", e.Value, e.Stack) }
