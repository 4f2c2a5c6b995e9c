package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// limiter bounds the document calls in progress, counted from the moment
// their headers arrive (a tap on the transport) to the moment their work
// ends. It must count from there: on a saturated machine the backlog is
// goroutines that have not yet been scheduled, which interceptors never
// see. And it must count to there: a call whose client has gone (deadline,
// disconnect) keeps its slot until the stages return, since until then it
// still uses CPU and memory. A call over the limit is refused at once with
// RESOURCE_EXHAUSTED: overload gets fast answers, never an unbounded queue.
type limiter struct {
	max      int64
	inFlight atomic.Int64
}

func newLimiter(n int) *limiter {
	if n <= 0 {
		return nil
	}
	return &limiter{max: int64(n)}
}

var errOverloaded = status.Error(codes.ResourceExhausted, "the server is at its concurrency limit; retry with backoff or send to another replica")

// tryAcquire takes a slot if one is free.
func (l *limiter) tryAcquire() bool {
	if l.inFlight.Add(1) > l.max {
		l.inFlight.Add(-1)
		return false
	}
	return true
}

func (l *limiter) release() { l.inFlight.Add(-1) }

// slot is one admitted call's share of the concurrency limit. It is
// released exactly once: by the end of the call's handler if the handler
// started, else by the end of the call's context (a call that never reached
// a handler: its message could not be read or decoded).
type slot struct {
	mu    sync.Mutex
	state slotState
	l     *limiter
}

type slotState int8

const (
	slotAdmitted slotState = iota // admitted, handler not started
	slotRunning                   // handler started: only its end releases
	slotReleased
)

// start marks the handler as started. It reports false if the slot is
// already released: the call ended (its client went) before the handler
// began, and the handler must not run without a slot.
func (s *slot) start() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != slotAdmitted {
		return false
	}
	s.state = slotRunning
	return true
}

// finish releases the slot at the end of the handler.
func (s *slot) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != slotReleased {
		s.state = slotReleased
		s.l.release()
	}
}

// contextDone releases the slot of a call whose context ended before its
// handler started; a running handler keeps it until it returns.
func (s *slot) contextDone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == slotAdmitted {
		s.state = slotReleased
		s.l.release()
	}
}

type slotKey struct{}

func slotOf(ctx context.Context) *slot {
	s, _ := ctx.Value(slotKey{}).(*slot)
	return s
}

// byteBudget bounds the document bytes (text plus HTML) of the calls being
// analysed. A call's memory grows with its documents' size, so counting
// calls alone cannot keep a replica's memory within its limit: a few large
// pages need as much as many small texts. A call whose documents do not fit
// in what is left is refused at once with RESOURCE_EXHAUSTED.
type byteBudget struct {
	max  int64
	used atomic.Int64
}

func newByteBudget(n int64) *byteBudget {
	if n <= 0 {
		return nil
	}
	return &byteBudget{max: n}
}

var errBytesOverloaded = status.Error(codes.ResourceExhausted, "the server is at its limit of document bytes in progress; retry with backoff or send to another replica")

// acquire takes n bytes of the budget; the function it returns gives them
// back (once, however often it is called). A nil budget admits everything.
func (b *byteBudget) acquire(n int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	if n > b.max {
		// More than an idle server takes (a batch; a single document over
		// it is refused at startup): retrying cannot help.
		return nil, fieldViolation(codes.ResourceExhausted, "documents", fmt.Sprintf(
			"the documents total %d bytes, over the %d bytes (--max-bytes-in-flight) this server analyses at once; split the batch", n, b.max)).Err()
	}
	for {
		used := b.used.Load()
		if used+n > b.max {
			return nil, errBytesOverloaded
		}
		if b.used.CompareAndSwap(used, used+n) {
			return sync.OnceFunc(func() { b.used.Add(-n) }), nil
		}
	}
}

// rateLimiter paces one stream to a number of documents per second (token
// bucket, burst of one second's worth). Waiting, not refusing: the stream
// stops reading, and gRPC flow control slows the client.
type rateLimiter struct {
	perSec float64
	tokens float64
	last   time.Time
}

func newRateLimiter(perSec float64) *rateLimiter {
	if perSec <= 0 {
		return nil
	}
	return &rateLimiter{perSec: perSec, tokens: perSec, last: time.Now()}
}

func (r *rateLimiter) wait(ctx context.Context) error {
	if r == nil {
		return nil
	}
	now := time.Now()
	r.tokens = min(r.perSec, r.tokens+now.Sub(r.last).Seconds()*r.perSec)
	r.last = now
	if r.tokens >= 1 {
		r.tokens--
		return nil
	}
	d := time.Duration((1 - r.tokens) / r.perSec * float64(time.Second))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		r.tokens = 0
		r.last = time.Now()
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
