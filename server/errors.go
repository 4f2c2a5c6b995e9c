package main

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/internal/analysis"
)

// toStatus is the one place where domain errors become gRPC statuses.
// Messages of known errors are written for clients; anything else becomes
// INTERNAL with a generic message, and the real error is logged here, once.
func toStatus(log *slog.Logger, method string, err error) *status.Status {
	if err == nil {
		return nil
	}
	if s, ok := status.FromError(err); ok {
		return s
	}
	var fe *analysis.FieldError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err)
	case errors.As(err, &fe):
		code := codes.InvalidArgument
		if errors.Is(fe, analysis.ErrTooLarge) {
			code = codes.ResourceExhausted
		}
		return fieldViolation(code, fe.Field, fe.Description)
	case errors.Is(err, analysis.ErrUnknownModel):
		return status.New(codes.NotFound, err.Error())
	case errors.Is(err, analysis.ErrStopping):
		return status.New(codes.Unavailable, errShuttingDown)
	}
	log.Error("internal error", "method", method, "err", err)
	return status.New(codes.Internal, "internal error; the server logged the details")
}

// fieldViolation is the status of a request field the client must fix,
// from the domain (a FieldError) or from the transport itself (a field it
// could not decode): "field: description", with a BadRequest detail naming
// the field.
func fieldViolation(code codes.Code, field, description string) *status.Status {
	return withDetails(status.New(code, field+": "+description), &errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: description}},
	})
}

const errShuttingDown = "the server is shutting down; resend the documents that got no response"

func toError(log *slog.Logger, method string, err error) error {
	if err == nil {
		return nil
	}
	return toStatus(log, method, err).Err()
}

func withDetails(s *status.Status, details ...*errdetails.BadRequest) *status.Status {
	for _, d := range details {
		if ds, err := s.WithDetails(d); err == nil {
			s = ds
		}
	}
	return s
}

// isSizeLimit reports whether s is a request-size error (as opposed to an
// overload), which HTTP answers with 413 rather than 429.
func isSizeLimit(s *status.Status) bool {
	if s.Code() != codes.ResourceExhausted {
		return false
	}
	for _, d := range s.Details() {
		if _, ok := d.(*errdetails.BadRequest); ok {
			return true
		}
	}
	// grpc-go's own message-size check.
	return containsAny(s.Message(), "larger than max", "message too large")
}
