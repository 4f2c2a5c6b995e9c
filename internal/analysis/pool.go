package analysis

import (
	"context"
	"errors"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
)

// BatchItem is the outcome for one document of a batch or stream: exactly
// one of Result and Err is set.
type BatchItem struct {
	Result *Result
	Err    error
}

// AnalyzeBatch analyses reqs in parallel and returns one item per request,
// in input order. A document's own failure is its item's Err; the returned
// error is for the batch as a whole (empty, or too many documents). A
// request without a DocumentField is named "documents[i]" in field errors.
func (p *Pipeline) AnalyzeBatch(ctx context.Context, reqs []Request) ([]BatchItem, error) {
	if err := p.Limits.ValidateBatch(len(reqs)); err != nil {
		return nil, err
	}
	items := make([]BatchItem, len(reqs))
	next := 0
	err := p.AnalyzeStream(ctx, Stream{
		Next: func() (Request, error) {
			if next == len(reqs) {
				return Request{}, io.EOF
			}
			r := reqs[next]
			if r.DocumentField == "" {
				r.DocumentField = "documents[" + strconv.Itoa(next) + "]"
			}
			next++
			return r, nil
		},
		Send: func(seq int64, _ Request, it BatchItem) error {
			items[seq] = it
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// Stream is the input and output of AnalyzeStream.
type Stream struct {
	// Next returns the next request, blocking until there is one. io.EOF
	// ends the stream; any other error ends it too, and AnalyzeStream
	// returns it once the requests accepted before are answered. Next is
	// called from one goroutine, never at the same time as itself.
	Next func() (Request, error)
	// Send delivers the outcome of the request Next returned seq'th (from
	// 0), as soon as it is ready (not in order), always from AnalyzeStream's
	// own goroutine. An error ends AnalyzeStream at once, returning it.
	Send func(seq int64, req Request, it BatchItem) error
	// Stop, when closed, ends the stream early: no more requests are
	// started, a request Next returns after that is answered with
	// ErrStopping, and once every accepted request is answered,
	// AnalyzeStream returns ErrStopping. Nil means never.
	Stop <-chan struct{}
}

// AnalyzeStream analyses the requests of s, up to Parallelism of them at
// once, and sends each outcome as soon as it is ready. Every request Next
// returns is answered (a result or an error) unless Send fails or ctx ends.
// The queue between Next and the workers is bounded: when the workers are
// busy, Next is not called (backpressure). It returns only once no worker
// is analysing any more, however it ends.
func (p *Pipeline) AnalyzeStream(ctx context.Context, s Stream) error {
	workers := p.Parallelism()
	type job struct {
		seq int64
		req Request
	}
	type outcome struct {
		job
		it BatchItem
	}
	jobs := make(chan job, workers)
	results := make(chan outcome, workers)
	// done is closed when AnalyzeStream returns, so that no goroutine it
	// started stays blocked on a channel nobody reads any more. Returning
	// then waits for the workers: a caller that counts work in progress
	// (the server's admission) must not see this stream end while a worker
	// still analyses a document whose receiver has gone. With ctx done,
	// that is as long as a stage takes to notice.
	done := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(done)

	var (
		mu       sync.Mutex
		stopping bool  // Stop was closed: answer new requests with ErrStopping
		accepted int64 // requests read and queued or answered
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				// An idle worker leaves on done too: the reader may be
				// blocked in Next, with jobs never closed.
				var j job
				var ok bool
				select {
				case j, ok = <-jobs:
				case <-done:
					return
				}
				if !ok || isClosed(done) {
					return
				}
				select {
				case results <- outcome{j, p.analyzeIsolated(ctx, j.req)}:
				case <-done:
					return
				}
			}
		}()
	}
	readerDone := make(chan error, 1)
	go func() {
		defer close(jobs)
		for seq := int64(0); ; seq++ {
			req, err := s.Next()
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				readerDone <- err
				return
			}
			mu.Lock()
			accepted++
			st := stopping
			mu.Unlock()
			if st {
				select {
				case results <- outcome{job{seq, req}, BatchItem{Err: ErrStopping}}:
				case <-done:
				}
				readerDone <- nil
				return
			}
			// The workers take every job until done, answering quickly
			// once ctx has ended, so this waits only for a free worker.
			select {
			case jobs <- job{seq, req}:
			case <-done:
				readerDone <- nil
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var answered int64
	stop := s.Stop
	for {
		select {
		case r, ok := <-results:
			if !ok {
				// The reader has finished and every job is answered.
				return <-readerDone
			}
			if err := s.Send(r.seq, r.req, r.it); err != nil {
				return err // the receiver is gone; ctx ending stops the workers
			}
			answered++
		case <-stop:
			stop = nil
			mu.Lock()
			stopping = true
			mu.Unlock()
		}
		if s.Stop != nil && stop == nil {
			mu.Lock()
			drained := answered == accepted
			mu.Unlock()
			if drained {
				return ErrStopping
			}
		}
	}
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// Parallelism is how many documents of a batch or a stream are analysed at
// once: Workers, or GOMAXPROCS when it is 0.
func (p *Pipeline) Parallelism() int {
	if p.Workers > 0 {
		return p.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// analyzeIsolated is Analyze for a worker goroutine of a batch or stream,
// out of reach of the server's recovery: a panic fails this document only,
// as a *PanicError.
func (p *Pipeline) analyzeIsolated(ctx context.Context, req Request) (it BatchItem) {
	defer func() {
		if r := recover(); r != nil {
			it = BatchItem{Err: &PanicError{Value: r, Stack: debug.Stack()}}
		}
	}()
	if err := ctx.Err(); err != nil {
		return BatchItem{Err: err}
	}
	res, err := p.Analyze(ctx, req)
	if err != nil {
		return BatchItem{Err: err}
	}
	return BatchItem{Result: res}
}
