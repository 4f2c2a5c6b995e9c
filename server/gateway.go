package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// httpHandler is the HTTP port: the JSON gateway under /v1/, the OpenAPI
// spec, a health endpoint and an index page. The gateway calls the gRPC
// server over the in-memory connection, so every JSON request passes the
// same interceptors as a gRPC one; the only HTTP-side check is the body size,
// which must be enforced before the body is read.
func (a *app) httpHandler() (http.Handler, error) {
	gw := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, &runtime.HTTPBodyMarshaler{Marshaler: &runtime.JSONPb{
			MarshalOptions: protojson.MarshalOptions{EmitUnpopulated: true},
			// Unknown fields are an error, not silently dropped: a
			// misspelt option must not be ignored.
			UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
		}}),
		runtime.WithErrorHandler(a.gatewayError),
		runtime.WithForwardResponseOption(func(ctx context.Context, _ http.ResponseWriter, _ proto.Message) error {
			if rec := recorderOf(ctx); rec != nil {
				rec.method, _ = runtime.RPCMethod(ctx)
			}
			return nil
		}),
		runtime.WithRoutingErrorHandler(a.gatewayRoutingError),
		runtime.WithIncomingHeaderMatcher(func(key string) (string, bool) {
			switch k := strings.ToLower(key); k {
			case "traceparent", "tracestate", "baggage":
				return k, true // trace context reaches the gRPC side
			}
			return runtime.DefaultHeaderMatcher(key)
		}),
		runtime.WithHealthEndpointAt(healthpb.NewHealthClient(a.gatewayConn), "/healthz"),
		// A form-encoded POST is not a GET (the gateway's "path length
		// fallback" answered POST /v1/capabilities with 200).
		runtime.WithDisablePathLengthFallback(),
		runtime.WithDisableHTTPMethodOverride(),
	)
	if err := docsiftv1.RegisterDocumentServiceHandler(context.Background(), gw, a.gatewayConn); err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	// One routing table for the HTTP port, so that every path answers the
	// same way: a known path with a wrong method is 405 with Allow, an
	// unknown path 404, both with the JSON error body of every other error.
	// The API's paths and methods come from the OpenAPI spec, which is
	// generated from the same HTTP rules as the gateway.
	api, err := apiRoutes(docsiftv1.OpenAPI)
	if err != nil {
		return nil, err
	}
	rt := router{}
	body := a.limitBody(gw)
	for path, methods := range api {
		// The gRPC interceptors authenticate these calls.
		rt[path] = route{methods: methods, h: body}
	}
	rt["/healthz"] = route{methods: []string{http.MethodGet}, h: gw} // public: probes
	rt["/openapi.json"] = route{methods: []string{http.MethodGet, http.MethodHead}, h: a.requireKey(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(docsiftv1.OpenAPI)
	}))}
	if a.cfg.metrics && a.cfg.metricsAddr == "" {
		rt["/metrics"] = route{methods: []string{http.MethodGet, http.MethodHead}, h: a.requireKey(a.metrics.handler())}
	}
	rt["/"] = route{methods: []string{http.MethodGet, http.MethodHead}, h: a.requireKey(http.HandlerFunc(a.index))}
	return a.accessLog(rt), nil
}

// router serves exact paths.
type router map[string]route

type route struct {
	methods []string
	h       http.Handler
}

func (rt router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ro, ok := rt[r.URL.Path]
	if !ok {
		writeHTTPError(w, http.StatusNotFound, status.Newf(codes.NotFound, "no such endpoint: %s %s; see /openapi.json", r.Method, r.URL.Path))
		return
	}
	if !slices.Contains(ro.methods, r.Method) {
		w.Header().Set("Allow", strings.Join(ro.methods, ", "))
		writeHTTPError(w, http.StatusMethodNotAllowed, status.Newf(codes.Unimplemented, "method %s is not allowed on %s (allowed: %s); see /openapi.json", r.Method, r.URL.Path, strings.Join(ro.methods, ", ")))
		return
	}
	ro.h.ServeHTTP(w, r)
}

// apiRoutes reads the paths of the JSON API and their methods from its
// OpenAPI spec.
func apiRoutes(spec []byte) (map[string][]string, error) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("openapi spec: %w", err)
	}
	if len(doc.Paths) == 0 {
		return nil, errors.New("openapi spec: no paths")
	}
	routes := map[string][]string{}
	for path, ops := range doc.Paths {
		for m := range ops {
			routes[path] = append(routes[path], strings.ToUpper(m))
		}
		slices.Sort(routes[path])
	}
	return routes, nil
}

// requireKey guards an HTTP-only endpoint with the API keys that guard the
// RPCs (the gateway's calls are checked by the gRPC interceptors).
func (a *app) requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := a.auth.checkHeader(r.Header.Values("Authorization")); err != nil {
			a.metrics.rejected.WithLabelValues("unauthenticated").Inc()
			w.Header().Set("WWW-Authenticate", `Bearer realm="docsift"`)
			writeHTTPError(w, http.StatusUnauthorized, status.Convert(err))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over the request limit without reading past it:
// at once when Content-Length says so, else when the reader reaches it.
func (a *app) limitBody(next http.Handler) http.Handler {
	limit := int64(a.cfg.maxRequestBytes)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			writeHTTPError(w, http.StatusRequestEntityTooLarge, status.New(codes.ResourceExhausted, bodyTooLarge(limit)))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

func bodyTooLarge(limit int64) string {
	return fmt.Sprintf("the request body is larger than the limit of %d bytes (%d MiB); send smaller documents or split the batch", limit, limit>>20)
}

// gatewayError writes a gRPC error as HTTP: the gateway's standard code
// mapping, except that size limits are 413 rather than 429.
func (a *app) gatewayError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	s := status.Convert(err)
	code := runtime.HTTPStatusFromCode(s.Code())
	if rec := recorderOf(ctx); rec != nil {
		rec.method, _ = runtime.RPCMethod(ctx)
	}
	switch {
	case strings.Contains(s.Message(), "request body too large"):
		// http.MaxBytesReader stopped a body without a Content-Length.
		s, code = status.New(codes.ResourceExhausted, bodyTooLarge(int64(a.cfg.maxRequestBytes))), http.StatusRequestEntityTooLarge
	case isSizeLimit(s):
		code = http.StatusRequestEntityTooLarge
	}
	if s.Code() == codes.InvalidArgument && len(s.Details()) == 0 {
		// A body the gateway could not decode: malformed JSON, an unknown
		// field or enum value. Say so plainly.
		s = status.New(codes.InvalidArgument, "the request body is not a valid "+r.URL.Path+" request: "+s.Message())
	}
	writeHTTPError(w, code, s)
}

func (a *app) gatewayRoutingError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	switch httpStatus {
	case http.StatusMethodNotAllowed:
		writeHTTPError(w, http.StatusMethodNotAllowed, status.Newf(codes.Unimplemented, "method %s is not allowed on %s; see /openapi.json", r.Method, r.URL.Path))
	case http.StatusNotFound:
		writeHTTPError(w, http.StatusNotFound, status.Newf(codes.NotFound, "no such endpoint: %s %s; see /openapi.json", r.Method, r.URL.Path))
	default:
		writeHTTPError(w, httpStatus, status.New(codes.InvalidArgument, http.StatusText(httpStatus)))
	}
}

func writeHTTPError(w http.ResponseWriter, code int, s *status.Status) {
	if rec, ok := w.(*recorder); ok {
		rec.status = s
	}
	body, err := protojson.Marshal(s.Proto())
	if err != nil {
		body = []byte(`{"code":13,"message":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(body)
}

// accessLog writes the one log line of each HTTP request: path, HTTP
// status, gRPC code (when the request reached the service or was refused by
// the gateway), duration and sizes. The gRPC interceptor logs only calls
// that came over gRPC, so every request gets exactly one line, including
// those the gateway refuses before any RPC (malformed JSON, 404, 405, 413).
func (a *app) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, code: http.StatusOK}
		body := &countingBody{ReadCloser: r.Body}
		r.Body = body
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), recorderKey{}, rec)))
		attrs := []slog.Attr{
			slog.String("method", rec.method),
			slog.String("http_method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.code),
			slog.Duration("duration", time.Since(start)),
			slog.Int64("request_bytes", body.n),
			slog.Int64("response_bytes", rec.n),
			slog.String("transport", "http"),
		}
		level := slog.LevelInfo
		if rec.status != nil {
			attrs = append(attrs, slog.String("code", rec.status.Code().String()), slog.String("error", rec.status.Message()))
			level = levelFor(rec.status.Code())
		} else if rec.code < 400 && strings.HasPrefix(r.URL.Path, "/v1/") {
			attrs = append(attrs, slog.String("code", codes.OK.String()))
		}
		a.log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// recorder captures what an HTTP handler wrote.
type recorder struct {
	http.ResponseWriter
	code   int
	n      int64
	status *status.Status // the error sent, if any
	method string         // the RPC the gateway called, if any
}

type recorderKey struct{}

func recorderOf(ctx context.Context) *recorder {
	rec, _ := ctx.Value(recorderKey{}).(*recorder)
	return rec
}

func (r *recorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.n += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

type countingBody struct {
	io.ReadCloser
	n int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n += int64(n)
	return n, err
}
