package client_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// replica is one docsift server process on loopback.
type replica struct {
	cmd  *exec.Cmd
	addr string // gRPC address, from the "docsift listening" log line
	mu   sync.Mutex
	log  bytes.Buffer
}

func (r *replica) logs() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

// serverBinary builds the server once into a temporary directory, or uses
// $DOCSIFT_SERVER_BIN (a binary built beforehand).
func serverBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("DOCSIFT_SERVER_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "docsift-server")
	cmd := exec.Command("go", "build", "-o", bin, "./server")
	cmd.Dir = ".." // the module root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./server: %v\n%s", err, out)
	}
	return bin
}

// startReplica starts the server on free loopback ports and waits for its
// listening line.
func startReplica(t *testing.T, bin string) *replica {
	t.Helper()
	r := &replica{cmd: exec.Command(bin, "--grpc-addr", "127.0.0.1:0", "--http-addr", "127.0.0.1:0", "--log-format", "json")}
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.cmd.Process.Kill(); r.cmd.Wait() })
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Bytes()
			r.mu.Lock()
			r.log.Write(line)
			r.log.WriteByte('\n')
			r.mu.Unlock()
			var rec struct{ Msg, GRPC string }
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "docsift listening" && rec.GRPC != "" {
				select {
				case addrc <- rec.GRPC:
				default:
				}
			}
		}
	}()
	select {
	case r.addr = <-addrc:
	case <-time.After(20 * time.Second):
		t.Fatalf("server did not report its address:\n%s", r.logs())
	}
	return r
}

// attemptStats counts RPC attempts (each retry is one) that ended in error,
// by code.
type attemptStats struct {
	mu     sync.Mutex
	failed map[codes.Code]int
	ends   int
}

func (s *attemptStats) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (s *attemptStats) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context {
	return ctx
}
func (s *attemptStats) HandleConn(context.Context, stats.ConnStats) {}
func (s *attemptStats) HandleRPC(_ context.Context, st stats.RPCStats) {
	if end, ok := st.(*stats.End); ok {
		s.mu.Lock()
		s.ends++
		if end.Error != nil {
			s.failed[status.Code(end.Error)]++
		}
		s.mu.Unlock()
	}
}

func (s *attemptStats) snapshot() map[codes.Code]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[codes.Code]int{}
	for k, v := range s.failed {
		m[k] = v
	}
	return m
}

func (s *attemptStats) endCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ends
}

// TestLoadBalancing runs three server processes behind one static-list
// target: calls are spread round-robin over all three, and SIGKILLing one
// under load fails no call: those in flight on it get UNAVAILABLE, which
// the client retries on another replica.
func TestLoadBalancing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three server processes; skipped with -short")
	}
	bin := serverBinary(t)
	var reps []*replica
	for range 3 {
		reps = append(reps, startReplica(t, bin))
	}
	byAddr := map[string]int{}
	var addrs []string
	for i, r := range reps {
		byAddr[r.addr] = i
		addrs = append(addrs, r.addr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	attempts := &attemptStats{failed: map[codes.Code]int{}}
	c, err := client.Dial(ctx, strings.Join(addrs, ","), client.WithDialOptions(grpc.WithStatsHandler(attempts)))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seed, err := os.ReadFile("../seeds/000_6d735a571148c0b2.txt")
	if err != nil {
		t.Fatal(err)
	}
	req := &docsiftv1.AnalyzeDocumentRequest{Document: client.Text(string(seed))}

	// call makes one call (GetCapabilities or AnalyzeDocument, alternately)
	// and returns the replica that answered.
	var n atomic.Int64
	call := func(ctx context.Context) (int, error) {
		var p peer.Peer
		var err error
		if n.Add(1)%2 == 0 {
			_, err = c.GetCapabilities(ctx, grpc.Peer(&p))
		} else {
			_, err = c.AnalyzeDocument(ctx, req, grpc.Peer(&p))
		}
		if err != nil {
			return -1, err
		}
		i, ok := byAddr[p.Addr.String()]
		if !ok {
			return -1, fmt.Errorf("answered by unknown peer %v", p.Addr)
		}
		return i, nil
	}

	// Warm up until every replica has answered (round_robin only picks
	// READY subchannels, and they connect in parallel).
	seen := map[int]bool{}
	for i := 0; len(seen) < 3; i++ {
		if i > 300 {
			t.Fatalf("after %d calls only replicas %v answered", i, seen)
		}
		r, err := call(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen[r] = true
	}

	// Phase 1: spread. Sequential calls rotate exactly; allow slack.
	const calls = 300
	counts := make([]int, 3)
	for range calls {
		r, err := call(ctx)
		if err != nil {
			t.Fatal(err)
		}
		counts[r]++
	}
	t.Logf("%d calls per replica: %v", calls, counts)
	for i, k := range counts {
		if k < calls/3-calls/10 || k > calls/3+calls/10 {
			t.Errorf("replica %d answered %d of %d calls; round robin wants about %d", i, k, calls, calls/3)
		}
	}
	// The replicas' own request logs agree.
	for i, r := range reps {
		if got := strings.Count(r.logs(), `"msg":"request"`); got < counts[i] {
			t.Errorf("replica %d logged %d requests, fewer than the %d the client counted", i, got, counts[i])
		}
	}

	// Phase 2: kill replica 0 under load from 8 concurrent callers.
	const workers = 8
	var (
		mu       sync.Mutex
		failures []error
		after    = make([]int, 3) // answers after the kill
		killed   atomic.Bool
		total    atomic.Int64
		wg       sync.WaitGroup
	)
	loadCtx, stopLoad := context.WithCancel(ctx)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				wasKilled := killed.Load()
				cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
				r, err := call(cctx)
				ccancel()
				total.Add(1)
				mu.Lock()
				if err != nil {
					failures = append(failures, err)
				} else if wasKilled {
					after[r]++
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1 * time.Second)
	before := total.Load()
	if err := reps[0].cmd.Process.Kill(); err != nil { // SIGKILL: no drain at all
		t.Fatal(err)
	}
	killed.Store(true)
	time.Sleep(3 * time.Second)
	stopLoad()
	wg.Wait()
	t.Logf("under load: %d calls before the kill, %d in all; after the kill, answers per replica %v", before, total.Load(), after)
	t.Logf("failed attempts (each then retried or reported): %v; failed calls: %d; attempts ended %d", attempts.snapshot(), len(failures), attempts.endCount())
	for code, k := range attempts.snapshot() {
		if code != codes.Unavailable {
			t.Errorf("%d attempts failed with %v; only UNAVAILABLE is expected from a killed replica", k, code)
		}
	}
	// Calls in flight on the killed replica fail with UNAVAILABLE and are
	// retried on another replica (every docsift RPC is side-effect free),
	// so none should fail. Should one still fail, it must be one of the
	// calls in flight at the kill (at most one per worker) and UNAVAILABLE.
	for _, err := range failures {
		t.Errorf("call failed: %v (code %v)", err, status.Code(err))
	}
	if len(failures) > workers {
		t.Errorf("%d calls failed, more than the %d that can have been in flight", len(failures), workers)
	}
	if after[0] != 0 {
		t.Errorf("the killed replica answered %d calls after the kill", after[0])
	}
	if after[1] == 0 || after[2] == 0 {
		t.Errorf("after the kill the surviving replicas answered %v; want both used", after[1:])
	}

	// Phase 3: with one replica gone, sequential calls still all succeed.
	for i := range 60 {
		r, err := call(ctx)
		if err != nil {
			t.Fatalf("call %d after the kill: %v", i, err)
		}
		if r == 0 {
			t.Fatalf("call %d answered by the killed replica", i)
		}
	}
}
