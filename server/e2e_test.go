package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/docsift/docsift/client"
	"github.com/docsift/docsift/internal/analysis"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// testServer is a real docsift server on 127.0.0.1:0.
type testServer struct {
	app    *app
	client *client.Client
	conn   *grpc.ClientConn
	http   string // base URL
	logs   *logBuffer
	stop   func()
}

func startServer(t testing.TB, args ...string) *testServer {
	t.Helper()
	return startServerWith(t, nil, args...)
}

// startServerWith starts a server; adjust, if set, may change the app
// before it serves (e.g. replace a stage to inject a fault).
func startServerWith(t testing.TB, adjust func(*app), args ...string) *testServer {
	t.Helper()
	args = append([]string{"--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--log-level", "debug", "--shutdown-timeout", "5s"}, args...)
	cfg, err := parseConfig(args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatalf("parseConfig: %v", err)
	}
	logs := &logBuffer{}
	a, err := newApp(cfg, slog.New(slog.NewJSONHandler(logs, logOptions(slog.LevelDebug))))
	if err != nil {
		t.Fatalf("newApp: %v", err)
	}
	if adjust != nil {
		adjust(a)
	}
	if err := a.listen(); err != nil {
		t.Fatalf("listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx) }()
	conn, err := grpc.NewClient(a.grpcAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{app: a, client: client.New(conn), conn: conn, http: "http://" + a.httpAddr(), logs: logs}
	var stopped bool
	ts.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		conn.Close()
	}
	t.Cleanup(ts.stop)
	return ts
}

// post sends a JSON body and returns the status code and decoded body.
func (ts *testServer) post(t testing.TB, path, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(ts.http+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return decode(t, resp)
}

func decode(t testing.TB, resp *http.Response) (int, map[string]any) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v\n%s", resp.Request.Method, resp.Request.URL.Path, err, b)
	}
	return resp.StatusCode, m
}

func seedText(t testing.TB) string {
	t.Helper()
	matches, err := filepath.Glob("../seeds/*.txt")
	if err != nil || len(matches) == 0 {
		t.Fatalf("no seed article in ../seeds: %v", err)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHealthAndReflection(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	for _, svc := range []string{"", "docsift.v1.DocumentService"} {
		resp, err := healthpb.NewHealthClient(ts.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("Check(%q) = %v, %v; want SERVING", svc, resp.GetStatus(), err)
		}
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel() // an open stream would hold up graceful shutdown
	stream, err := reflectionpb.NewServerReflectionClient(ts.conn).ServerReflectionInfo(sctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	if !strings.Contains(strings.Join(names, ","), "docsift.v1.DocumentService") {
		t.Errorf("reflection lists %v; want docsift.v1.DocumentService", names)
	}
	code, body := ts.get(t, "/healthz")
	if code != 200 || body["status"] != "SERVING" {
		t.Errorf("GET /healthz = %d %v; want 200 SERVING", code, body)
	}
}

func (ts *testServer) get(t testing.TB, path string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(ts.http + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return decode(t, resp)
}

func TestCapabilities(t *testing.T) {
	ts := startServer(t, "--max-batch-documents", "7")
	resp, err := ts.client.GetCapabilities(context.Background())
	if err != nil {
		t.Fatalf("GetCapabilities: %v", err)
	}
	if got := resp.GetLimits().GetMaxBatchDocuments(); got != 7 {
		t.Errorf("limits.maxBatchDocuments = %d, want 7", got)
	}
	if got := resp.GetLimits().GetMaxTextBytes(); got != 2<<20 {
		t.Errorf("limits.maxTextBytes = %d, want %d", got, 2<<20)
	}
	code, body := ts.get(t, "/v1/capabilities")
	if code != 200 {
		t.Fatalf("GET /v1/capabilities = %d %v", code, body)
	}
	limits, _ := body["limits"].(map[string]any)
	if limits["maxBatchDocuments"] != float64(7) {
		t.Errorf("JSON limits = %v; want maxBatchDocuments 7", limits)
	}
	for _, st := range resp.GetUnavailableStages() {
		t.Logf("stage %q is not in this build", st)
	}
	// Languages: what content extraction and detection name, and per model
	// what topics and entities support.
	langs := resp.GetLanguages()
	for _, want := range []string{"en", "de", "fr", "ja"} {
		if !slices.Contains(langs, want) {
			t.Errorf("languages = %v, want it to list %q", langs, want)
		}
	}
	if got, _ := body["languages"].([]any); len(got) != len(langs) {
		t.Errorf("JSON languages = %v, want the %d of the gRPC reply", body["languages"], len(langs))
	}
	for _, m := range resp.GetModels() {
		if (m.GetStage() == "topics" || m.GetStage() == "entities") && !slices.Contains(m.GetLanguages(), "en") {
			t.Errorf("model %s/%s languages = %v, want en", m.GetStage(), m.GetName(), m.GetLanguages())
		}
	}
}

func TestIndexAndOpenAPI(t *testing.T) {
	ts := startServer(t)
	resp, err := http.Get(ts.http + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte("/openapi.json")) || !bytes.Contains(b, []byte("/v1/capabilities")) {
		t.Errorf("GET / = %d, want 200 linking /openapi.json and /v1/capabilities:\n%s", resp.StatusCode, b)
	}
	code, spec := ts.get(t, "/openapi.json")
	if code != 200 || spec["swagger"] != "2.0" {
		t.Errorf("GET /openapi.json = %d swagger=%v", code, spec["swagger"])
	}
	paths, _ := spec["paths"].(map[string]any)
	for _, p := range []string{"/v1/documents:analyze", "/v1/documents:extractContent", "/v1/documents:classify", "/v1/documents:extractEntities", "/v1/documents:batchAnalyze", "/v1/capabilities"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("openapi.json lacks path %s", p)
		}
	}
}

// badInputs are requests every document RPC must refuse, with their gRPC
// code, HTTP status and the field the error names.
var badInputs = []struct {
	name     string
	doc      *docsiftv1.Document
	json     string
	code     codes.Code
	httpCode int
	field    string
}{
	{"no source", &docsiftv1.Document{}, `{"document":{}}`, codes.InvalidArgument, 400, "document"},
	{"no document", nil, `{}`, codes.InvalidArgument, 400, "document"},
	{"blank text", client.Text(" \n\t "), `{"document":{"text":" \n\t "}}`, codes.InvalidArgument, 400, "document.text"},
	{"blank html", client.HTML("   ", ""), `{"document":{"html":"   "}}`, codes.InvalidArgument, 400, "document.html"},
	{"text not utf-8", client.Text("caf\xe9 au lait"), "", codes.InvalidArgument, 400, "document.text"},
	{"html not utf-8", client.HTML("<p>caf\xe9</p>", ""), "", codes.InvalidArgument, 400, "document.html"},
	{"text too large", client.Text(strings.Repeat("word ", 1000)), `{"document":{"text":"` + strings.Repeat("word ", 1000) + `"}}`, codes.ResourceExhausted, 413, "document.text"},
	{"html too large", client.HTML("<p>"+strings.Repeat("word ", 2000)+"</p>", ""), `{"document":{"html":"<p>` + strings.Repeat("word ", 2000) + `</p>"}}`, codes.ResourceExhausted, 413, "document.html"},
}

func TestBadInputGRPC(t *testing.T) {
	ts := startServer(t, "--max-text-bytes", "4096", "--max-html-bytes", "8192")
	ctx := context.Background()
	for _, tc := range badInputs {
		calls := map[string]func() error{
			"AnalyzeDocument": func() error {
				_, err := ts.client.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{Document: tc.doc})
				return err
			},
			"ExtractContent": func() error {
				_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: tc.doc})
				return err
			},
			"ClassifyDocument": func() error {
				_, err := ts.client.ClassifyDocument(ctx, &docsiftv1.ClassifyDocumentRequest{Document: tc.doc})
				return err
			},
			"ExtractEntities": func() error {
				_, err := ts.client.ExtractEntities(ctx, &docsiftv1.ExtractEntitiesRequest{Document: tc.doc})
				return err
			},
		}
		for rpc, call := range calls {
			t.Run(tc.name+"/"+rpc, func(t *testing.T) {
				var err error
				if utf8.ValidString(tc.doc.GetText()) && utf8.ValidString(tc.doc.GetHtml()) {
					err = call()
				} else {
					// The Go client refuses to send invalid UTF-8; other
					// clients do not, so send the bytes as they are.
					err = invokeRaw(ts.conn, rpc, tc.doc)
				}
				s := status.Convert(err)
				if s.Code() != tc.code {
					t.Fatalf("%s(%s) code = %v (%q), want %v", rpc, tc.name, s.Code(), s.Message(), tc.code)
				}
				if got := violationField(s); got != tc.field {
					t.Errorf("%s(%s) field violation = %q, want %q (message %q)", rpc, tc.name, got, tc.field, s.Message())
				}
			})
		}
	}
}

func violationField(s *status.Status) string {
	for _, d := range s.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
			return br.GetFieldViolations()[0].GetField()
		}
	}
	return ""
}

func TestBadInputHTTP(t *testing.T) {
	ts := startServer(t, "--max-text-bytes", "4096", "--max-html-bytes", "8192")
	for _, tc := range badInputs {
		if tc.json == "" {
			continue // invalid UTF-8 cannot be sent in JSON; protojson refuses it (tested below)
		}
		for _, path := range []string{"/v1/documents:analyze", "/v1/documents:extractContent", "/v1/documents:classify", "/v1/documents:extractEntities"} {
			t.Run(tc.name+path, func(t *testing.T) {
				code, body := ts.post(t, path, tc.json)
				if code != tc.httpCode {
					t.Fatalf("POST %s %s = %d %v, want %d", path, tc.json[:min(len(tc.json), 60)], code, body, tc.httpCode)
				}
				if int(body["code"].(float64)) != int(tc.code) {
					t.Errorf("POST %s body code = %v, want %d (%v)", path, body["code"], tc.code, body)
				}
				if msg, _ := body["message"].(string); !strings.Contains(msg, tc.field) {
					t.Errorf("POST %s message %q does not name %q", path, msg, tc.field)
				}
			})
		}
	}
}

func TestMalformedHTTP(t *testing.T) {
	ts := startServer(t, "--max-request-bytes", "65536")
	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{"malformed json", "POST", "/v1/documents:analyze", `{"document": {"text": "x"`, 400},
		{"not json", "POST", "/v1/documents:analyze", `text=hello`, 400},
		{"unknown field", "POST", "/v1/documents:analyze", `{"document": {"txt": "hello"}}`, 400},
		{"wrong type", "POST", "/v1/documents:analyze", `{"document": {"text": 42}}`, 400},
		{"invalid utf-8 escape", "POST", "/v1/documents:analyze", "{\"document\": {\"text\": \"caf\xe9\"}}", 400},
		{"string for a number", "POST", "/v1/documents:classify", `{"document": {"text": "hello"}, "options": {"topK": "many"}}`, 400},
		{"negative topK", "POST", "/v1/documents:classify", `{"document": {"text": "hello"}, "options": {"topK": -1}}`, 400},
		{"min score over 1", "POST", "/v1/documents:analyze", `{"document": {"text": "hello"}, "topicOptions": {"minScore": 2}}`, 400},
		{"GET on a POST path", "GET", "/v1/documents:analyze", ``, 405},
		{"PUT on a POST path", "PUT", "/v1/documents:batchAnalyze", `{}`, 405},
		{"POST on a GET path", "POST", "/v1/capabilities", `{}`, 405},
		{"unknown path", "POST", "/v1/documents:summarize", `{}`, 404},
		{"body over the limit", "POST", "/v1/documents:analyze", `{"document": {"text": "` + strings.Repeat("a", 70000) + `"}}`, 413},
		{"batch over the limit", "POST", "/v1/documents:batchAnalyze", `{"documents": [` + strings.Repeat(`{"text": "a"},`, 100) + `{"text": "a"}]}`, 400},
		{"empty batch", "POST", "/v1/documents:batchAnalyze", `{"documents": []}`, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, ts.http+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			code, body := decode(t, resp)
			if code != tc.want {
				t.Errorf("%s %s = %d %v, want %d", tc.method, tc.path, code, body, tc.want)
			}
			if msg, _ := body["message"].(string); msg == "" {
				t.Errorf("%s %s: error body has no message: %v", tc.method, tc.path, body)
			}
		})
	}
}

// TestBodyLimitChunked checks a body without Content-Length is cut at the
// limit (never read past it) and answered 413.
func TestBodyLimitChunked(t *testing.T) {
	ts := startServer(t, "--max-request-bytes", "65536")
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(`{"document": {"text": "`))
		chunk := bytes.Repeat([]byte("a"), 4096)
		for i := 0; i < 1000; i++ { // 4 MB offered; the server must stop at 64 KiB
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
		pw.Write([]byte(`"}}`))
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", ts.http+"/v1/documents:analyze", pr)
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	code, body := decode(t, resp)
	pr.CloseWithError(io.ErrClosedPipe)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body["message"].(string), "65536") {
		t.Errorf("chunked oversize body = %d %v, want 413 stating the limit", code, body)
	}
}

func TestGRPCMessageLimit(t *testing.T) {
	ts := startServer(t, "--max-request-bytes", "65536")
	_, err := ts.client.AnalyzeDocument(context.Background(), &docsiftv1.AnalyzeDocumentRequest{Document: client.Text(strings.Repeat("a", 70000))})
	if s := status.Convert(err); s.Code() != codes.ResourceExhausted || !strings.Contains(s.Message(), "65536") {
		t.Errorf("oversize gRPC message = %v %q, want ResourceExhausted stating the limit", s.Code(), s.Message())
	}
}

func TestBatchLimitGRPC(t *testing.T) {
	ts := startServer(t, "--max-batch-documents", "3")
	docs := []*docsiftv1.Document{client.Text("a"), client.Text("b"), client.Text("c"), client.Text("d")}
	_, err := ts.client.BatchAnalyzeDocuments(context.Background(), &docsiftv1.BatchAnalyzeDocumentsRequest{Documents: docs})
	if s := status.Convert(err); s.Code() != codes.InvalidArgument || !strings.Contains(s.Message(), "3") {
		t.Errorf("BatchAnalyzeDocuments(4 docs, limit 3) = %v %q, want InvalidArgument stating the limit", s.Code(), s.Message())
	}
}

// panicky is a content stage that panics: a fault injected to check that a
// panic fails one request only.
type panicky struct{}

func (panicky) Extract(context.Context, analysis.Document) (*analysis.Content, error) {
	panic("injected fault")
}
func (panicky) Info() analysis.ModelInfo {
	return analysis.ModelInfo{Stage: "content", Name: "panicky"}
}

func TestPanicIsolated(t *testing.T) {
	ts := startServerWith(t, func(a *app) { a.pipe.Content = panicky{} })
	ctx := context.Background()
	_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("hello")})
	s := status.Convert(err)
	if s.Code() != codes.Internal || strings.Contains(s.Message(), "injected") {
		t.Errorf("ExtractContent with a panicking stage = %v %q; want Internal with a generic message", s.Code(), s.Message())
	}
	code, body := ts.post(t, "/v1/documents:extractContent", `{"document": {"text": "hello"}}`)
	if code != 500 || strings.Contains(body["message"].(string), "injected") {
		t.Errorf("POST extractContent with a panicking stage = %d %v; want 500, generic message", code, body)
	}
	// The server keeps serving.
	if _, err := ts.client.GetCapabilities(ctx); err != nil {
		t.Errorf("GetCapabilities after a panic: %v", err)
	}
	if n := strings.Count(ts.logs.String(), "injected fault"); n != 2 {
		t.Errorf("the panic was logged %d times for 2 requests; want once each", n)
	}
}

func TestRequestLog(t *testing.T) {
	ts := startServer(t)
	ts.client.GetCapabilities(context.Background())
	ts.get(t, "/v1/capabilities")
	var grpcLine, httpLine bool
	for _, line := range strings.Split(strings.TrimSpace(ts.logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) != nil || m["method"] != "/docsift.v1.DocumentService/GetCapabilities" {
			continue
		}
		for _, k := range []string{"code", "duration", "request_bytes", "response_bytes"} {
			if _, ok := m[k]; !ok {
				t.Errorf("log line lacks %q: %s", k, line)
			}
		}
		if d, _ := m["duration"].(string); !regexp.MustCompile(`^[0-9.]+(µs|ms|s)$`).MatchString(d) {
			t.Errorf("duration %v is not a readable duration (\"205.12ms\"): %s", m["duration"], line)
		}
		grpcLine = grpcLine || m["transport"] == "grpc"
		httpLine = httpLine || m["transport"] == "http"
	}
	if !grpcLine || !httpLine {
		t.Errorf("want one request line per transport (grpc %v, http %v); logs:\n%s", grpcLine, httpLine, ts.logs)
	}
	// Requests the gateway refuses before any RPC are logged too, once.
	ts.post(t, "/v1/documents:analyze", `{"document": `)
	var refused int
	for _, line := range strings.Split(strings.TrimSpace(ts.logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "request" && m["path"] == "/v1/documents:analyze" && m["status"] == float64(400) {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("malformed JSON request logged %d times, want once; logs:\n%s", refused, ts.logs)
	}
}

func TestConfigEnvAndFlags(t *testing.T) {
	env := map[string]string{"DOCSIFT_GRPC_ADDR": "127.0.0.1:7000", "DOCSIFT_HTTP_ADDR": "127.0.0.1:7001", "DOCSIFT_MAX_TEXT_BYTES": "100"}
	cfg, err := parseConfig([]string{"--http-addr", "127.0.0.1:9"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.grpcAddr != "127.0.0.1:7000" || cfg.httpAddr != "127.0.0.1:9" || cfg.limits.MaxTextBytes != 100 {
		t.Errorf("parseConfig = grpc %q http %q maxText %d; want env grpc, flag http, env limit", cfg.grpcAddr, cfg.httpAddr, cfg.limits.MaxTextBytes)
	}
	if _, err := parseConfig([]string{"--topic-model", "nopath"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("parseConfig(--topic-model nopath) succeeded; want an error")
	}
	if _, err := parseConfig(nil, func(k string) string { return map[string]string{"DOCSIFT_MAX_TEXT_BYTES": "lots"}[k] }, io.Discard); err == nil {
		t.Error("parseConfig(DOCSIFT_MAX_TEXT_BYTES=lots) succeeded; want an error")
	}
}

// TestGracefulShutdown checks that a request in flight when shutdown starts
// completes, that health turns NOT_SERVING, and that new calls are refused.
func TestGracefulShutdown(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	ts := startServerWith(t, func(a *app) { a.pipe.Content = &blocking{started: started, release: release} })
	ctx := context.Background()
	wctx, cancelWatch := context.WithCancel(ctx)
	defer cancelWatch()
	watch, err := healthpb.NewHealthClient(ts.conn).Watch(wctx, &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := watch.Recv(); err != nil || r.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health before shutdown = %v, %v", r.GetStatus(), err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("slow")})
		errc <- err
	}()
	<-started
	stopped := make(chan struct{})
	go func() { ts.stop(); close(stopped) }()
	if r, err := watch.Recv(); err == nil && r.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("health during shutdown = %v, want NOT_SERVING", r.GetStatus())
	}
	cancelWatch() // an open stream would hold up shutdown until its deadline
	select {
	case <-stopped:
		t.Fatal("server stopped with a request in flight")
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-errc; err != nil {
		t.Errorf("in-flight request during shutdown: %v; want it to complete", err)
	}
	<-stopped
}

// blocking is a content stage that waits for release: a request held in
// flight on purpose.
type blocking struct{ started, release chan struct{} }

func (b *blocking) Extract(ctx context.Context, doc analysis.Document) (*analysis.Content, error) {
	close(b.started)
	select {
	case <-b.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return &analysis.Content{Body: doc.Text}, nil
}
func (b *blocking) Info() analysis.ModelInfo {
	return analysis.ModelInfo{Stage: "content", Name: "blocking"}
}

// logBuffer is a log sink safe for concurrent writes and reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// rawCodec sends pre-encoded request bytes and decodes responses normally.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }
func (rawCodec) Marshal(v any) ([]byte, error) {
	return v.([]byte), nil
}
func (rawCodec) Unmarshal(data []byte, v any) error { return proto.Unmarshal(data, v.(proto.Message)) }

// invokeRaw calls rpc with a request holding doc, encoded by hand so that
// invalid UTF-8 reaches the server as a lax client would send it.
func invokeRaw(conn *grpc.ClientConn, rpc string, doc *docsiftv1.Document) error {
	var d []byte
	if doc.GetText() != "" {
		d = protowire.AppendTag(d, 1, protowire.BytesType)
		d = protowire.AppendString(d, doc.GetText())
	} else {
		d = protowire.AppendTag(d, 2, protowire.BytesType)
		d = protowire.AppendString(d, doc.GetHtml())
	}
	req := protowire.AppendTag(nil, 1, protowire.BytesType)
	req = protowire.AppendBytes(req, d)
	var resp emptypb.Empty // fields of the real response are skipped as unknown
	return conn.Invoke(context.Background(), "/docsift.v1.DocumentService/"+rpc, req, &resp, grpc.ForceCodec(rawCodec{}))
}

func TestBatchInvalidUTF8PerDocument(t *testing.T) {
	ts := startServer(t)
	// documents: [ {text: "fine"}, {text: "caf\xe9"} ]
	var req []byte
	for _, text := range []string{"fine text", "caf\xe9"} {
		d := protowire.AppendTag(nil, 1, protowire.BytesType)
		d = protowire.AppendString(d, text)
		req = protowire.AppendTag(req, 1, protowire.BytesType)
		req = protowire.AppendBytes(req, d)
	}
	var resp docsiftv1.BatchAnalyzeDocumentsResponse
	err := ts.conn.Invoke(context.Background(), "/docsift.v1.DocumentService/BatchAnalyzeDocuments", req, &resp, grpc.ForceCodec(rawCodec{}))
	if err != nil {
		t.Fatalf("BatchAnalyzeDocuments: %v", err)
	}
	if len(resp.GetResults()) != 2 {
		t.Fatalf("got %d results, want 2", len(resp.GetResults()))
	}
	bad := resp.GetResults()[1].GetError()
	if codes.Code(bad.GetCode()) != codes.InvalidArgument || !strings.Contains(bad.GetMessage(), "documents[1].text") {
		t.Errorf("result[1] = %v; want InvalidArgument naming documents[1].text", bad)
	}
}

// TestInvalidUTF8Fields checks that the transport names any string field
// that arrived as invalid UTF-8, not only text and html, and that in a batch
// only a document's own fields fail that document alone.
func TestInvalidUTF8Fields(t *testing.T) {
	ts := startServer(t)
	str := func(b []byte, num protowire.Number, v string) []byte {
		return protowire.AppendString(protowire.AppendTag(b, num, protowire.BytesType), v)
	}
	msg := func(b []byte, num protowire.Number, v []byte) []byte {
		return protowire.AppendBytes(protowire.AppendTag(b, num, protowire.BytesType), v)
	}
	goodDoc := str(nil, 1, "fine text")
	badID := str(str(nil, 1, "fine text"), 5, "id-\xff")
	badModel := str(nil, 1, "m\xff")
	tests := []struct {
		name, rpc string
		req       []byte
		field     string
	}{
		{"document.id", "AnalyzeDocument", msg(nil, 1, badID), "document.id"},
		{"topic_options.model", "AnalyzeDocument", msg(msg(nil, 1, goodDoc), 2, badModel), "topic_options.model"},
		{"batch topic_options.model", "BatchAnalyzeDocuments", msg(msg(nil, 1, goodDoc), 2, badModel), "topic_options.model"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var resp emptypb.Empty
			err := ts.conn.Invoke(context.Background(), "/docsift.v1.DocumentService/"+tc.rpc, tc.req, &resp, grpc.ForceCodec(rawCodec{}))
			s := status.Convert(err)
			if s.Code() != codes.InvalidArgument || violationField(s) != tc.field {
				t.Errorf("%s = %v %q (field %q), want InvalidArgument on %s", tc.rpc, s.Code(), s.Message(), violationField(s), tc.field)
			}
		})
	}
	// documents: [ {text: "fine text", id: "id-\xff"}, {text: "fine text"} ]
	var resp docsiftv1.BatchAnalyzeDocumentsResponse
	req := msg(msg(nil, 1, badID), 1, goodDoc)
	if err := ts.conn.Invoke(context.Background(), "/docsift.v1.DocumentService/BatchAnalyzeDocuments", req, &resp, grpc.ForceCodec(rawCodec{})); err != nil {
		t.Fatalf("BatchAnalyzeDocuments: %v", err)
	}
	if r := resp.GetResults(); len(r) != 2 || !strings.HasPrefix(r[0].GetError().GetMessage(), "documents[0].id:") || r[1].GetResponse() == nil {
		t.Errorf("batch with a bad id in document 0 = %v; want document 0 refused naming documents[0].id, document 1 analysed", r)
	}
}

// TestDeadlineReachesPipeline checks that a client's deadline cancels the
// stage's work, over gRPC and through the gateway (grpc-timeout header, and
// an HTTP client that disconnects).
func TestDeadlineReachesPipeline(t *testing.T) {
	stage := &cancellable{stopped: make(chan error, 2)}
	ts := startServerWith(t, func(a *app) { a.pipe.Content = stage })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("slow")})
	if status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("ExtractContent past its deadline = %v, want DeadlineExceeded", err)
	}
	select {
	case err := <-stage.stopped:
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			t.Errorf("stage stopped with %v, want the context's error", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stage kept working after the deadline")
	}
	req, _ := http.NewRequest("POST", ts.http+"/v1/documents:extractContent", strings.NewReader(`{"document": {"text": "slow"}}`))
	req.Header.Set("Grpc-Timeout", "200m")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := decode(t, resp)
	if code != http.StatusGatewayTimeout {
		t.Errorf("HTTP past its deadline = %d, want 504", code)
	}
	select {
	case <-stage.stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the stage kept working after the HTTP deadline")
	}
	// An HTTP client that goes away: the gateway cancels its backend call.
	hctx, hcancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer hcancel()
	req, _ = http.NewRequestWithContext(hctx, "POST", ts.http+"/v1/documents:extractContent", strings.NewReader(`{"document": {"text": "slow"}}`))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("HTTP call whose client left answered %d", resp.StatusCode)
	}
	select {
	case err := <-stage.stopped:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("stage stopped with %v after the HTTP client left, want Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stage kept working after the HTTP client left")
	}
}

// cancellable is a content stage that works until its context is done.
type cancellable struct{ stopped chan error }

func (c *cancellable) Extract(ctx context.Context, _ analysis.Document) (*analysis.Content, error) {
	<-ctx.Done()
	c.stopped <- ctx.Err()
	return nil, ctx.Err()
}

func (c *cancellable) Info() analysis.ModelInfo {
	return analysis.ModelInfo{Stage: "content", Name: "cancellable"}
}
