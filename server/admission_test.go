package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	"github.com/docsift/docsift/internal/analysis"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// stuck is a content stage that, for documents containing "hold", ignores
// its context and returns only when release is closed: the worst a stage
// can do to the server's accounting and shutdown.
type stuck struct {
	started chan struct{} // one value per held call
	release chan struct{}
}

func newStuck() *stuck {
	return &stuck{started: make(chan struct{}, 16), release: make(chan struct{})}
}

func (s *stuck) Extract(_ context.Context, doc analysis.Document) (*analysis.Content, error) {
	if strings.Contains(doc.Text+doc.HTML, "hold") {
		s.started <- struct{}{}
		<-s.release
	}
	return &analysis.Content{Body: doc.Text}, nil
}

func (s *stuck) Info() analysis.ModelInfo {
	return analysis.ModelInfo{Stage: "content", Name: "stuck"}
}

func (s *stuck) waitStarted(t *testing.T) {
	t.Helper()
	select {
	case <-s.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the held call never reached the stage")
	}
}

// TestSlotHeldUntilWorkEnds checks that a call whose client gave up keeps
// its concurrency slot until its stage returns, whichever way the client
// went (deadline or disconnect, gRPC or HTTP), and gives it back then.
func TestSlotHeldUntilWorkEnds(t *testing.T) {
	grpcCall := func(ts *testServer, ctx context.Context) string {
		_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("hold")})
		return status.Code(err).String()
	}
	httpCall := func(timeoutHeader string) func(ts *testServer, ctx context.Context) string {
		return func(ts *testServer, ctx context.Context) string {
			req, _ := http.NewRequestWithContext(ctx, "POST", ts.http+"/v1/documents:extractContent", strings.NewReader(`{"document": {"text": "hold"}}`))
			if timeoutHeader != "" {
				req.Header.Set("Grpc-Timeout", timeoutHeader)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return "client gave up"
			}
			resp.Body.Close()
			return http.StatusText(resp.StatusCode)
		}
	}
	for _, tc := range []struct {
		name     string
		deadline time.Duration // else the client cancels once the stage has started
		call     func(ts *testServer, ctx context.Context) string
		want     string
	}{
		{"grpc deadline", 300 * time.Millisecond, grpcCall, "DeadlineExceeded"},
		{"grpc cancel", 0, grpcCall, "Canceled"},
		{"http grpc-timeout header", 0, httpCall("300m"), "Gateway Timeout"},
		{"http disconnect", 0, httpCall(""), "client gave up"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stage := newStuck()
			ts := startServerWith(t, func(a *app) { a.pipe.Content = stage }, "--max-concurrent-requests", "1")
			ctx, cancel := context.WithCancel(context.Background())
			if tc.deadline > 0 {
				ctx, cancel = context.WithTimeout(context.Background(), tc.deadline)
			}
			defer cancel()
			got := make(chan string, 1)
			go func() { got <- tc.call(ts, ctx) }()
			stage.waitStarted(t)
			if tc.deadline == 0 && tc.want != "Gateway Timeout" {
				cancel()
			}
			if g := <-got; g != tc.want {
				t.Errorf("held call = %s, want %s", g, tc.want)
			}
			// The client is gone; the work is not: the slot stays taken.
			time.Sleep(100 * time.Millisecond) // let the server see the client go
			if n := ts.app.limiter.inFlight.Load(); n != 1 {
				t.Errorf("admitted calls after the client left = %d, want 1 (the stage still runs)", n)
			}
			bg := context.Background()
			_, err := ts.client.ExtractContent(bg, &docsiftv1.ExtractContentRequest{Document: client.Text("next")})
			if status.Code(err) != codes.ResourceExhausted {
				t.Errorf("call while the abandoned one still runs = %v, want ResourceExhausted", err)
			}
			close(stage.release)
			waitFor(t, func() bool { return ts.app.limiter.inFlight.Load() == 0 }, "admitted calls back to 0 after the stage returned")
			if _, err := ts.client.ExtractContent(bg, &docsiftv1.ExtractContentRequest{Document: client.Text("next")}); err != nil {
				t.Errorf("call after the stage returned: %v", err)
			}
		})
	}
}

// TestByteBudget checks admission by document bytes: a call whose
// documents do not fit in what the calls in progress leave is refused at
// once, on every RPC and over HTTP, and the bytes come back when the work
// ends.
func TestByteBudget(t *testing.T) {
	stage := newStuck()
	ts := startServerWith(t, func(a *app) { a.pipe.Content = stage },
		"--max-text-bytes", "4000", "--max-html-bytes", "4000", "--max-request-bytes", "20000", "--max-bytes-in-flight", "10000")
	ctx := context.Background()
	held := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("hold" + strings.Repeat("x", 3996))})
			held <- err
		}()
		stage.waitStarted(t)
	}
	if n := ts.app.bytes.used.Load(); n != 8000 {
		t.Errorf("admitted bytes with two 4000-byte calls held = %d, want 8000", n)
	}
	big := strings.Repeat("y", 2500)  // 8000 + 2500 > 10000
	small := strings.Repeat("z", 100) // fits
	type outcome struct {
		code codes.Code
		took time.Duration
	}
	call := func(f func() error) outcome {
		start := time.Now()
		err := f()
		return outcome{status.Code(err), time.Since(start)}
	}
	// Two big documents in one call do not fit; one does.
	for _, tc := range []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"analyze over budget", func() error {
			_, err := ts.client.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{Document: client.Text(big)})
			return err
		}, codes.ResourceExhausted},
		{"batch over budget", func() error {
			_, err := ts.client.BatchAnalyzeDocuments(ctx, &docsiftv1.BatchAnalyzeDocumentsRequest{Documents: []*docsiftv1.Document{client.Text(small), client.Text(big)}})
			return err
		}, codes.ResourceExhausted},
		{"document over its own limit", func() error {
			_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text(strings.Repeat("w", 4001))})
			if s := status.Convert(err); !strings.Contains(s.Message(), "the limit is 4000") {
				t.Errorf("document over max-text-bytes = %v; want the size limit's error, not the budget's", err)
			}
			return err
		}, codes.ResourceExhausted},
		{"classify within budget", func() error {
			_, err := ts.client.ClassifyDocument(ctx, &docsiftv1.ClassifyDocumentRequest{Document: client.Text(small)})
			return err
		}, codes.OK},
		{"batch within budget", func() error {
			_, err := ts.client.BatchAnalyzeDocuments(ctx, &docsiftv1.BatchAnalyzeDocumentsRequest{Documents: []*docsiftv1.Document{client.Text(small), client.Text(small)}})
			return err
		}, codes.OK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := call(tc.call)
			if got.code != tc.want {
				t.Errorf("code = %v, want %v", got.code, tc.want)
			}
			if got.took > 2*time.Second {
				t.Errorf("took %v; a refusal must be at once", got.took)
			}
		})
	}
	t.Run("batch over an idle server's budget", func(t *testing.T) {
		docs := []*docsiftv1.Document{client.Text(strings.Repeat("a", 4000)), client.Text(strings.Repeat("b", 4000)), client.Text(strings.Repeat("c", 3000))}
		_, err := ts.client.BatchAnalyzeDocuments(ctx, &docsiftv1.BatchAnalyzeDocumentsRequest{Documents: docs})
		if s := status.Convert(err); s.Code() != codes.ResourceExhausted || !strings.Contains(s.Message(), "split the batch") || !isSizeLimit(s) {
			t.Errorf("batch of 11000 bytes with a budget of 10000 = %v; want ResourceExhausted as a size limit, saying to split the batch", err)
		}
	})
	t.Run("http over budget", func(t *testing.T) {
		code, body := ts.post(t, "/v1/documents:extractEntities", `{"document": {"text": "`+big+`"}}`)
		if code != http.StatusTooManyRequests || !strings.Contains(body["message"].(string), "document bytes") {
			t.Errorf("HTTP call over the byte budget = %d %v, want 429 naming the byte limit", code, body)
		}
	})
	t.Run("stream document over budget", func(t *testing.T) {
		st, err := ts.client.StreamAnalyzeDocuments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{big, small} {
			if err := st.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: client.Text(text)}); err != nil {
				t.Fatal(err)
			}
		}
		st.CloseSend()
		got := map[int64]codes.Code{}
		for {
			r, err := st.Recv()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got[r.GetSequence()] = codes.Code(r.GetError().GetCode())
		}
		if got[0] != codes.ResourceExhausted || got[1] != codes.OK {
			t.Errorf("stream outcomes = %v, want 0: ResourceExhausted, 1: OK", got)
		}
	})
	close(stage.release)
	for range 2 {
		if err := <-held; err != nil {
			t.Errorf("held call: %v", err)
		}
	}
	waitFor(t, func() bool { return ts.app.bytes.used.Load() == 0 }, "admitted bytes back to 0")
}

// TestByteBudgetConfig checks that a budget smaller than the largest
// request it would have to admit is refused at startup.
func TestByteBudgetConfig(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--max-bytes-in-flight", "1000"}, "must be at least --max-text-bytes and --max-html-bytes"},
		{[]string{"--max-bytes-in-flight", "10485759"}, "must be at least"},
		{[]string{"--max-bytes-in-flight", "10485760"}, ""},
		{[]string{"--max-bytes-in-flight", "3000000", "--max-html-bytes", "3000000"}, ""},
		{[]string{"--max-bytes-in-flight", "-1"}, "must be >= 0"},
		{[]string{"--max-bytes-in-flight", "0"}, ""},
		{nil, ""},
	} {
		_, err := parseConfig(tc.args, func(string) string { return "" }, io.Discard)
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("parseConfig(%q) = %v, want an error containing %q", tc.args, err, tc.wantErr)
		}
	}
}

// TestShutdownWithStuckStage checks that shutdown ends within
// --shutdown-timeout plus the grace even when a stage never returns on its
// own, over gRPC, HTTP and a stream.
func TestShutdownWithStuckStage(t *testing.T) {
	stage := newStuck()
	defer close(stage.release) // let the goroutines go once the test is over
	ts := startServerWith(t, func(a *app) { a.pipe.Content = stage }, "--shutdown-timeout", "500ms")
	ctx := context.Background()
	go ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("hold")})
	go http.Post(ts.http+"/v1/documents:analyze", "application/json", strings.NewReader(`{"document": {"text": "hold"}}`))
	st, err := ts.client.StreamAnalyzeDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: client.Text("hold")})
	for range 3 {
		stage.waitStarted(t)
	}
	start := time.Now()
	ts.stop()
	took := time.Since(start)
	if limit := 500*time.Millisecond + shutdownGrace + time.Second; took > limit {
		t.Errorf("shutdown with stuck calls took %v; want at most the timeout plus grace (%v)", took, limit)
	}
	if !strings.Contains(ts.logs.String(), "exiting without them") {
		t.Errorf("log does not say shutdown gave up on the stuck calls:\n%s", ts.logs.String())
	}
	t.Logf("shutdown with 3 stuck calls: %v", took)
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
