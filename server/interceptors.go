package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
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

// unaryObserve logs one line per request (method, code, duration, sizes)
// and records it in the metrics.
func (a *app) unaryObserve(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	done := a.observe(ctx, info.FullMethod)
	if err := startSlot(ctx); err != nil {
		done("request", err)
		return nil, err
	}
	resp, err := handler(ctx, req)
	done("request", err, slog.Int("request_bytes", msgSize(req)), slog.Int("response_bytes", msgSize(resp)))
	return resp, err
}

func (a *app) streamObserve(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	done := a.observe(ss.Context(), info.FullMethod)
	cs := &countingStream{ServerStream: ss}
	if err := startSlot(ss.Context()); err != nil {
		done("stream", err)
		return err
	}
	err := handler(srv, cs)
	done("stream", err,
		slog.Int64("messages_in", cs.in.Load()), slog.Int64("messages_out", cs.out.Load()),
		slog.Int64("request_bytes", cs.inBytes.Load()), slog.Int64("response_bytes", cs.outBytes.Load()))
	return err
}

// observe starts observing a call; the function it returns ends it: frees
// the call's admission slot, records the metrics and writes the log line.
// Calls through the gateway are logged by the HTTP access log, with the
// status the client saw; here only at debug level.
func (a *app) observe(ctx context.Context, method string) (done func(msg string, err error, sizes ...slog.Attr)) {
	start := time.Now()
	tr := transport(ctx)
	a.metrics.inFlight.WithLabelValues(tr).Inc()
	return func(msg string, err error, sizes ...slog.Attr) {
		releaseSlot(ctx)
		a.metrics.inFlight.WithLabelValues(tr).Dec()
		d := time.Since(start)
		code := status.Code(err)
		a.metrics.observeRequest(method, tr, code, d)
		attrs := append([]slog.Attr{
			slog.String("method", method),
			slog.String("code", code.String()),
			slog.Duration("duration", d),
			slog.String("transport", tr),
		}, sizes...)
		if err != nil {
			attrs = append(attrs, slog.String("error", status.Convert(err).Message()))
		}
		level := levelFor(code)
		if tr == "http" {
			msg, level = "rpc", slog.LevelDebug
		}
		a.log.LogAttrs(ctx, level, msg, attrs...)
	}
}

// countingStream counts messages and bytes. The counters are atomic: a
// stream handler's reader goroutine may still be in RecvMsg when the
// handler has returned and the log line is written.
type countingStream struct {
	grpc.ServerStream
	in, out, inBytes, outBytes atomic.Int64
}

func (s *countingStream) RecvMsg(m any) error {
	err := s.ServerStream.RecvMsg(m)
	if err == nil {
		s.in.Add(1)
		s.inBytes.Add(int64(msgSize(m)))
	}
	return err
}

func (s *countingStream) SendMsg(m any) error {
	err := s.ServerStream.SendMsg(m)
	if err == nil {
		s.out.Add(1)
		s.outBytes.Add(int64(msgSize(m)))
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

// transport says whether a call came over gRPC or through the JSON gateway,
// whose calls arrive on the in-memory listener.
func transport(ctx context.Context) string {
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil && p.Addr.Network() == "bufconn" {
		return "http"
	}
	return "grpc"
}

// admit runs on the transport as each call's headers arrive, before any
// goroutine is spent on it: a document call over the concurrency limit is
// refused there. The slot is held until the call's handler returns, which
// for every document call is when its analysis has ended (see slot).
func (a *app) admit(ctx context.Context, info *tap.Info) (context.Context, error) {
	if a.limiter == nil || !limited(info.FullMethodName) {
		return ctx, nil
	}
	if !a.limiter.tryAcquire() {
		a.metrics.rejected.WithLabelValues("overload").Inc()
		return nil, errOverloaded
	}
	s := &slot{l: a.limiter}
	// A call that never reaches its handler (its message could not be read
	// or decoded) gives the slot back when its context ends, which it does
	// for every call however it ends.
	context.AfterFunc(ctx, s.contextDone)
	return context.WithValue(ctx, slotKey{}, s), nil
}

// startSlot marks the call's handler as started; the call's end (releaseSlot
// in the observe interceptors) then frees its slot, before the response is
// written, so that a client that sends its next call on receiving a
// response finds the slot free. It fails when the call's context ended
// before its handler could start: the slot is gone with it.
func startSlot(ctx context.Context) error {
	if s := slotOf(ctx); s != nil && !s.start() {
		return status.FromContextError(ctx.Err()).Err()
	}
	return nil
}

func releaseSlot(ctx context.Context) {
	if s := slotOf(ctx); s != nil {
		s.finish()
	}
}

// unaryGuard authenticates every call but health checks.
func (a *app) unaryGuard(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if err := a.guard(ctx, info.FullMethod); err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

func (a *app) streamGuard(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if err := a.guard(ss.Context(), info.FullMethod); err != nil {
		return err
	}
	return handler(srv, ss)
}

func (a *app) guard(ctx context.Context, method string) error {
	if strings.HasPrefix(method, "/grpc.health.v1.Health/") {
		return nil // probes stay open
	}
	if err := a.auth.check(ctx); err != nil {
		a.metrics.rejected.WithLabelValues("unauthenticated").Inc()
		return err
	}
	return nil
}

// limited reports whether method does analysis work and so takes a slot.
func limited(method string) bool {
	return strings.HasPrefix(method, svc) && method != svc+"GetCapabilities"
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
