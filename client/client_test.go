package client_test

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// flakyServer fails the first failN calls with code, then succeeds; it
// counts every attempt that reaches it.
type flakyServer struct {
	docsiftv1.UnimplementedDocumentServiceServer
	code     codes.Code
	failN    int64
	attempts atomic.Int64

	mu   sync.Mutex
	auth []string // authorization metadata seen
}

func (s *flakyServer) attempt(ctx context.Context) error {
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		s.mu.Lock()
		s.auth = append(s.auth, md.Get("authorization")...)
		s.mu.Unlock()
	}
	if n := s.attempts.Add(1); n <= s.failN {
		return status.Errorf(s.code, "attempt %d fails on purpose", n)
	}
	return nil
}

func (s *flakyServer) AnalyzeDocument(ctx context.Context, req *docsiftv1.AnalyzeDocumentRequest) (*docsiftv1.AnalyzeDocumentResponse, error) {
	if err := s.attempt(ctx); err != nil {
		return nil, err
	}
	return &docsiftv1.AnalyzeDocumentResponse{DocumentId: req.GetDocument().GetId()}, nil
}

func (s *flakyServer) GetCapabilities(ctx context.Context, _ *docsiftv1.GetCapabilitiesRequest) (*docsiftv1.GetCapabilitiesResponse, error) {
	if err := s.attempt(ctx); err != nil {
		return nil, err
	}
	return &docsiftv1.GetCapabilitiesResponse{}, nil
}

func startFlaky(t *testing.T, code codes.Code, failN int64) (*flakyServer, string) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := &flakyServer{code: code, failN: failN}
	srv := grpc.NewServer()
	docsiftv1.RegisterDocumentServiceServer(srv, fs)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return fs, lis.Addr().String()
}

func dial(t *testing.T, target string, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.Dial(context.Background(), target, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func analyze(ctx context.Context, c *client.Client) error {
	doc := client.Text("Some text.")
	doc.Id = "d1"
	resp, err := c.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{Document: doc})
	if err == nil && resp.GetDocumentId() != "d1" {
		return status.Error(codes.Internal, "wrong document id")
	}
	return err
}

// TestRetryPolicy: UNAVAILABLE is retried (up to 4 attempts in all, the
// service config's maxAttempts); INVALID_ARGUMENT, RESOURCE_EXHAUSTED and
// other failures are not: the same request would fail again, and an
// overloaded server must not get more load.
func TestRetryPolicy(t *testing.T) {
	cases := []struct {
		name         string
		code         codes.Code
		failN        int64
		wantCode     codes.Code
		wantAttempts int64
	}{
		{"unavailable once", codes.Unavailable, 1, codes.OK, 2},
		{"unavailable three times", codes.Unavailable, 3, codes.OK, 4},
		{"unavailable always", codes.Unavailable, 100, codes.Unavailable, 4},
		{"invalid argument", codes.InvalidArgument, 1, codes.InvalidArgument, 1},
		{"resource exhausted", codes.ResourceExhausted, 1, codes.ResourceExhausted, 1},
		{"deadline exceeded", codes.DeadlineExceeded, 1, codes.DeadlineExceeded, 1},
		{"internal", codes.Internal, 1, codes.Internal, 1},
		{"unauthenticated", codes.Unauthenticated, 1, codes.Unauthenticated, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, addr := startFlaky(t, tc.code, tc.failN)
			c := dial(t, addr)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := analyze(ctx, c)
			if got := status.Code(err); got != tc.wantCode {
				t.Fatalf("AnalyzeDocument: got %v (%v), want %v", got, err, tc.wantCode)
			}
			if got := fs.attempts.Load(); got != tc.wantAttempts {
				t.Fatalf("server saw %d attempts, want %d", got, tc.wantAttempts)
			}
		})
	}
}

// TestRetryAcrossReplicas: with a static list, a call that one replica
// answers UNAVAILABLE succeeds on another, and every call succeeds.
func TestRetryAcrossReplicas(t *testing.T) {
	bad, badAddr := startFlaky(t, codes.Unavailable, 1<<40) // always UNAVAILABLE
	good, goodAddr := startFlaky(t, codes.OK, 0)
	c := dial(t, badAddr+","+goodAddr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Round robin uses the replicas that are connected: on a loaded
	// machine the failing one may connect some calls after the good one,
	// so the calls go on (at least 20) until it has been tried.
	calls := int64(0)
	for ; calls < 20 || bad.attempts.Load() == 0; calls++ {
		if ctx.Err() != nil {
			t.Fatalf("round robin never tried the failing replica in %d calls", calls)
		}
		if _, err := c.GetCapabilities(ctx); err != nil {
			t.Fatalf("call %d: %v", calls, err)
		}
	}
	if good.attempts.Load() != calls {
		t.Fatalf("good replica answered %d calls, want %d", good.attempts.Load(), calls)
	}
	t.Logf("failing replica saw %d attempts, all retried elsewhere", bad.attempts.Load())
}

// TestRetryRespectsDeadline: retries stop at the caller's deadline.
func TestRetryRespectsDeadline(t *testing.T) {
	_, addr := startFlaky(t, codes.Unavailable, 1<<40)
	c := dial(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := analyze(ctx, c)
	if code := status.Code(err); code != codes.DeadlineExceeded && code != codes.Unavailable {
		t.Fatalf("got %v, want DEADLINE_EXCEEDED or UNAVAILABLE", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("call took %v past a 30ms deadline", d)
	}
}

func TestAPIKey(t *testing.T) {
	fs, addr := startFlaky(t, codes.OK, 0)
	c := dial(t, addr, client.WithAPIKey("k3y"))
	if _, err := c.GetCapabilities(context.Background()); err != nil {
		t.Fatal(err)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.auth) != 1 || fs.auth[0] != "Bearer k3y" {
		t.Fatalf("authorization metadata %q, want [\"Bearer k3y\"]", fs.auth)
	}
}
