package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// unaryRecovery turns a panic in a handler into INTERNAL for that request
// only, logging the panic and its stack once.
func (a *app) unaryRecovery(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("panic in handler", "method", info.FullMethod, "panic", p, "stack", string(debug.Stack()))
			resp, err = nil, status.Error(codes.Internal, "internal error; the server logged the details")
		}
	}()
	return handler(ctx, req)
}

func (a *app) streamRecovery(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("panic in stream handler", "method", info.FullMethod, "panic", p, "stack", string(debug.Stack()))
			err = status.Error(codes.Internal, "internal error; the server logged the details")
		}
	}()
	return handler(srv, ss)
}

// unaryLogging logs one line per request: method, code, duration, sizes.
func (a *app) unaryLogging(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	start := time.Now()
	resp, err := handler(ctx, req)
	code := status.Code(err)
	attrs := []slog.Attr{
		slog.String("method", info.FullMethod),
		slog.String("code", code.String()),
		slog.Duration("duration", time.Since(start)),
		slog.Int("request_bytes", msgSize(req)),
		slog.Int("response_bytes", msgSize(resp)),
		slog.String("transport", transport(ctx)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", status.Convert(err).Message()))
	}
	a.log.LogAttrs(ctx, levelFor(code), "request", attrs...)
	return resp, err
}

func (a *app) streamLogging(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	start := time.Now()
	cs := &countingStream{ServerStream: ss}
	err := handler(srv, cs)
	code := status.Code(err)
	attrs := []slog.Attr{
		slog.String("method", info.FullMethod),
		slog.String("code", code.String()),
		slog.Duration("duration", time.Since(start)),
		slog.Int("messages_in", cs.in), slog.Int("messages_out", cs.out),
		slog.Int("request_bytes", cs.inBytes), slog.Int("response_bytes", cs.outBytes),
		slog.String("transport", transport(ss.Context())),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", status.Convert(err).Message()))
	}
	a.log.LogAttrs(ss.Context(), levelFor(code), "stream", attrs...)
	return err
}

// countingStream counts messages and bytes. RecvMsg and SendMsg are each
// called from one goroutine at a time, so the counters need no lock.
type countingStream struct {
	grpc.ServerStream
	in, out, inBytes, outBytes int
}

func (s *countingStream) RecvMsg(m any) error {
	err := s.ServerStream.RecvMsg(m)
	if err == nil {
		s.in++
		s.inBytes += msgSize(m)
	}
	return err
}

func (s *countingStream) SendMsg(m any) error {
	err := s.ServerStream.SendMsg(m)
	if err == nil {
		s.out++
		s.outBytes += msgSize(m)
	}
	return err
}

func msgSize(m any) int {
	if pm, ok := m.(proto.Message); ok && pm != nil {
		return proto.Size(pm)
	}
	return 0
}

func levelFor(c codes.Code) slog.Level {
	switch c {
	case codes.OK, codes.Canceled, codes.InvalidArgument, codes.NotFound, codes.Unauthenticated, codes.ResourceExhausted, codes.Unimplemented:
		return slog.LevelInfo
	case codes.Internal, codes.Unknown, codes.DataLoss:
		return slog.LevelError
	}
	return slog.LevelWarn
}

// transport says whether a call came over gRPC or through the JSON gateway.
func transport(ctx context.Context) string {
	if md, ok := metadata.FromIncomingContext(ctx); ok && len(md.Get("x-docsift-gateway")) > 0 {
		return "http"
	}
	return "grpc"
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
