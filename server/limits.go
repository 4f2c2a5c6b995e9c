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
//
// Refusing is not queueing, but without care it starves large documents:
// under a steady flow of small ones the budget never empties enough for a
// 10 MiB page. So the largest call refused in the last waitWindow keeps
// its room: smaller calls are admitted only if they leave it free, until
// it (or one at least as large) gets in or stops retrying.
type byteBudget struct {
	max int64

	mu      sync.Mutex
	used    int64
	waiting int64     // the largest call refused for want of room, 0 for none
	retried time.Time // when it (or a larger one) was last refused
}

// waitWindow is how long a refused large call keeps its room without
// retrying.
const waitWindow = time.Second

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
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if b.waiting > 0 && now.Sub(b.retried) > waitWindow {
		b.waiting = 0 // it stopped retrying
	}
	room := b.max - b.used
	if n < b.waiting {
		room -= b.waiting
	}
	if n > room {
		if n >= b.waiting {
			b.waiting, b.retried = n, now
		}
		return nil, errBytesOverloaded
	}
	if n >= b.waiting {
		b.waiting = 0
	}
	b.used += n
	return sync.OnceFunc(func() {
		b.mu.Lock()
		b.used -= n
		b.mu.Unlock()
	}), nil
}

// inUse is the bytes admitted now.
func (b *byteBudget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
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
