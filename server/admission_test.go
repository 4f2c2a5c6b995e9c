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

// TestMemoryBudget checks admission by estimated memory: a call whose
// documents' cost (text and HTML bytes, each by its weight) does not fit in
// what the calls in progress leave is refused at once, on every RPC and
// over HTTP, and the memory comes back when the work ends.
func TestMemoryBudget(t *testing.T) {
	stage := newStuck()
	// 1 MiB: two held texts of 4000 bytes (2 x 512000) leave 24576 bytes,
	// room for 192 bytes of text or 877 of HTML.
	ts := startServerWith(t, func(a *app) { a.pipe.Content = stage },
		"--max-text-bytes", "4000", "--max-html-bytes", "4000", "--max-request-bytes", "20000", "--max-memory-in-flight", "1")
	ctx := context.Background()
	held := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("hold" + strings.Repeat("x", 3996))})
			held <- err
		}()
		stage.waitStarted(t)
	}
	if n, want := ts.app.memory.used.Load(), 2*4000*int64(textCostPerByte); n != want {
		t.Errorf("admitted memory with two 4000-byte texts held = %d, want %d", n, want)
	}
	big := strings.Repeat("y", 2500) // 2500 x 128 > 24576
	small := strings.Repeat("z", 90) // 11520 fits, twice too
	mid := strings.Repeat("m", 500)  // as text 64000: no; as HTML 14000: fits
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
		{"text over budget", func() error {
			_, err := ts.client.ExtractEntities(ctx, &docsiftv1.ExtractEntitiesRequest{Document: client.Text(mid)})
			return err
		}, codes.ResourceExhausted},
		{"html of the same size within budget", func() error {
			_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.HTML("<p>"+mid+"</p>", "")})
			return err
		}, codes.OK},
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
			t.Errorf("batch of 11000 bytes of text (about 1.3 MiB) with a budget of 1 MiB = %v; want ResourceExhausted as a size limit, saying to split the batch", err)
		}
	})
	t.Run("http over budget", func(t *testing.T) {
		code, body := ts.post(t, "/v1/documents:extractEntities", `{"document": {"text": "`+big+`"}}`)
		if code != http.StatusTooManyRequests || !strings.Contains(body["message"].(string), "limit of memory") {
			t.Errorf("HTTP call over the memory budget = %d %v, want 429 naming the memory limit", code, body)
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
	waitFor(t, func() bool { return ts.app.memory.used.Load() == 0 }, "admitted memory back to 0")
}

// TestMemoryBudgetConfig checks that a budget smaller than the estimate
// for the largest document it would have to admit is refused at startup,
// and that the byte budget it replaced is gone rather than ignored.
func TestMemoryBudgetConfig(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		// Defaults: a 10 MiB page costs 280 MiB, a 2 MiB text 256 MiB.
		{[]string{"--max-memory-in-flight", "100"}, "must be at least the estimate for the largest document the size limits accept (280 MiB"},
		{[]string{"--max-memory-in-flight", "279"}, "must be at least"},
		{[]string{"--max-memory-in-flight", "280"}, ""},
		{[]string{"--max-memory-in-flight", "256", "--max-html-bytes", "3000000"}, ""},
		{[]string{"--max-memory-in-flight", "255", "--max-html-bytes", "3000000"}, "(256 MiB"},
		{[]string{"--max-memory-in-flight", "-1"}, "must be >= 0"},
		{[]string{"--max-memory-in-flight", "0"}, ""},
		{[]string{"--max-bytes-in-flight", "10485760"}, "flag provided but not defined"},
		{nil, ""},
	} {
		_, err := parseConfig(tc.args, func(string) string { return "" }, io.Discard)
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("parseConfig(%q) = %v, want an error containing %q", tc.args, err, tc.wantErr)
		}
	}
}

// TestDocumentCost pins the admission weights' arithmetic: each kind by
// its own weight, both kinds of one document added.
func TestDocumentCost(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  analysis.Document
		want int64
	}{
		{"empty", analysis.Document{}, 0},
		{"2 MiB text", analysis.Document{Text: strings.Repeat("x\n", 1<<20)}, 256 << 20},
		{"10 MiB html", analysis.Document{HTML: strings.Repeat("<p>x</p>\n ", 10<<20/10)}, 280 << 20},
		{"both", analysis.Document{Text: "abcd", HTML: "<p>abcd</p>"}, 4*textCostPerByte + 11*htmlCostPerByte},
	} {
		if got := documentCost(tc.doc); got != tc.want {
			t.Errorf("%s: documentCost = %d, want %d", tc.name, got, tc.want)
		}
	}
	if textCostPerByte <= htmlCostPerByte {
		t.Errorf("text weight %d <= html weight %d: measured, text costs several times more per byte", textCostPerByte, htmlCostPerByte)
	}
}

// TestMemoryBudgetDecisions checks the budget's decisions in sequence: what
// fits is admitted, what does not is refused as overload (retryable), what
// could never fit is refused as a size error, and a release (however often
// called) gives back exactly what was taken.
func TestMemoryBudgetDecisions(t *testing.T) {
	const mib = 1 << 20
	b := newMemoryBudget(640)
	page, text := memoryCost(0, 10*mib), memoryCost(2*mib, 0) // 280 and 256 MiB
	var releases []func()
	for i, tc := range []struct {
		name     string
		cost     int64
		want     codes.Code
		sizeErr  bool
		wantUsed int64
	}{
		{"page on an idle server", page, codes.OK, false, page},
		{"text beside it", text, codes.OK, false, page + text},
		{"second page: 816 MiB > 640", page, codes.ResourceExhausted, false, page + text},
		{"small text still fits", memoryCost(100<<10, 0), codes.OK, false, page + text + 100<<10*textCostPerByte},
		{"more than an idle server takes", 641 * mib, codes.ResourceExhausted, true, page + text + 100<<10*textCostPerByte},
	} {
		release, err := b.acquire(tc.cost)
		if s := status.Convert(err); s.Code() != tc.want || isSizeLimit(s) != tc.sizeErr {
			t.Errorf("%d %s: acquire(%d MiB) = %v, want %v (size error %v)", i, tc.name, tc.cost/mib, err, tc.want, tc.sizeErr)
		}
		if err == nil {
			releases = append(releases, release)
		}
		if got := b.used.Load(); got != tc.wantUsed {
			t.Errorf("%d %s: used = %d, want %d", i, tc.name, got, tc.wantUsed)
		}
	}
	releases[1]()
	releases[1]() // once only
	if got := b.used.Load(); got != page+100<<10*textCostPerByte {
		t.Errorf("after releasing the text (twice): used = %d, want %d", got, page+100<<10*textCostPerByte)
	}
	if _, err := b.acquire(page); err != nil {
		t.Errorf("second page once the text is done: %v", err)
	}
	var none *memoryBudget
	if _, err := none.acquire(1 << 40); err != nil {
		t.Errorf("no budget (0) refused a call: %v", err)
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
