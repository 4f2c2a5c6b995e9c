package main

import (
	"context"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// limiter bounds the document calls in progress, counted from the moment
// their headers arrive (a tap on the transport) to the moment they end. It
// must count there: on a saturated machine the backlog is goroutines that
// have not yet been scheduled, which interceptors never see. A call over the
// limit is refused at once with RESOURCE_EXHAUSTED: overload gets fast
// answers, never an unbounded queue.
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
