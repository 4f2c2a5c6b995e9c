package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/internal/analysis"
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

// Admission weights: the memory, in bytes, that analysing one byte of a
// document is estimated to take at its peak (the request message, the
// stages' working sets and the garbage they leave before a collection).
// Measured with bench/admission.sh cost (one AnalyzeDocument call alone on
// a fresh server, peak RSS over idle; README, "Limits and memory") on the
// costliest shapes of each kind:
//
//	text, 2 MiB: tiny paragraphs ("x\n\n") 128, short lines ("x\n") 106,
//	  article text 51 MiB per MiB
//	html, 10 MiB: tiny paragraphs behind comments (internal/shapes'
//	  "comments", 1.7 MiB of text) 23-28, an article in heavy markup 10,
//	  tiny nodes 8 MiB per MiB
//
// (bench/stagecost agrees on the content stage alone: 2 MiB of tiny
// paragraphs +196 MB, 10 MiB of "comments" +257 MB.) Each weight is the
// costliest shape of its kind, so that the
// budget holds for every shape, at the price of charging prose more than it
// takes. Text costs more per byte than HTML because markup is mostly
// dropped before the costly stages (the extracted text of a page is at most
// content.MaxPageText).
const (
	textCostPerByte = 128
	htmlCostPerByte = 28
)

// documentCost is the memory a document is estimated to take while it is
// analysed.
func documentCost(d analysis.Document) int64 { return memoryCost(len(d.Text), len(d.HTML)) }

// memoryCost is the estimated memory of a document of textBytes of text
// and htmlBytes of HTML: each by its weight.
func memoryCost(textBytes, htmlBytes int) int64 {
	return int64(textBytes)*textCostPerByte + int64(htmlBytes)*htmlCostPerByte
}

// memoryBudget bounds the estimated memory (documentCost) of the documents
// being analysed. A call's memory grows with its documents' size and kind,
// so counting calls alone cannot keep a replica within its memory: one text
// of short lines takes as much as several large pages. Charging raw bytes
// was not enough either: text costs about ten times more per byte than
// HTML, so a byte budget sized for texts made a 10 MiB page need an empty
// server, and under a steady flow of small documents pages were never
// admitted. A call whose documents do not fit in what is left is refused at
// once with RESOURCE_EXHAUSTED.
type memoryBudget struct {
	max  int64 // bytes
	used atomic.Int64
}

func newMemoryBudget(mib int64) *memoryBudget {
	if mib <= 0 {
		return nil
	}
	return &memoryBudget{max: mib << 20}
}

var errMemoryOverloaded = status.Error(codes.ResourceExhausted, "the server is at its limit of memory for documents in progress; retry with backoff or send to another replica")

// acquire takes cost bytes of the budget; the function it returns gives
// them back (once, however often it is called). A nil budget admits
// everything.
func (b *memoryBudget) acquire(cost int64) (release func(), err error) {
	if b == nil {
		return func() {}, nil
	}
	if cost > b.max {
		// More than an idle server takes (a batch; a single document over
		// it is refused at startup): retrying cannot help.
		return nil, fieldViolation(codes.ResourceExhausted, "documents", fmt.Sprintf(
			"the documents would take about %d MiB to analyse, over the %d MiB (--max-memory-in-flight) this server gives to documents at once; split the batch",
			(cost+1<<20-1)>>20, b.max>>20)).Err()
	}
	for {
		used := b.used.Load()
		if used+cost > b.max {
			return nil, errMemoryOverloaded
		}
		if b.used.CompareAndSwap(used, used+cost) {
			return sync.OnceFunc(func() { b.used.Add(-cost) }), nil
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
