package main

import (
	"context"
	"sync"

	"github.com/docsift/docsift/internal/analysis"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// documentServer adapts DocumentService calls to the analysis pipeline.
type documentServer struct {
	docsiftv1.UnimplementedDocumentServiceServer
	app *app
}

const svc = "/docsift.v1.DocumentService/"

func (s *documentServer) AnalyzeDocument(ctx context.Context, req *docsiftv1.AnalyzeDocumentRequest) (*docsiftv1.AnalyzeDocumentResponse, error) {
	r, err := analyzeRequest(req)
	res, err := s.call(ctx, "AnalyzeDocument", r, err, s.app.pipe.Analyze)
	if err != nil {
		return nil, err
	}
	return analyzeResponse(res, r.Document.Text), nil
}

func (s *documentServer) ExtractContent(ctx context.Context, req *docsiftv1.ExtractContentRequest) (*docsiftv1.ExtractContentResponse, error) {
	r, err := toRequest(req, req.GetDocument(), nil, "")
	res, err := s.call(ctx, "ExtractContent", r, err, s.app.pipe.ExtractContent)
	if err != nil {
		return nil, err
	}
	return extractContentResponse(res, r.Document.Text), nil
}

func (s *documentServer) ClassifyDocument(ctx context.Context, req *docsiftv1.ClassifyDocumentRequest) (*docsiftv1.ClassifyDocumentResponse, error) {
	r, err := classifyRequest(req)
	res, err := s.call(ctx, "ClassifyDocument", r, err, s.app.pipe.Classify)
	if err != nil {
		return nil, err
	}
	return classifyResponse(res), nil
}

func (s *documentServer) ExtractEntities(ctx context.Context, req *docsiftv1.ExtractEntitiesRequest) (*docsiftv1.ExtractEntitiesResponse, error) {
	r, err := extractEntitiesRequest(req)
	res, err := s.call(ctx, "ExtractEntities", r, err, s.app.pipe.ExtractEntities)
	if err != nil {
		return nil, err
	}
	return extractEntitiesResponse(res, r.Document.IsHTML()), nil
}

// call is what the single-document calls share: the request as converted
// (or the transport's own error about it), the pipeline entry point that
// runs it, the metrics, and errors as gRPC statuses.
func (s *documentServer) call(ctx context.Context, method string, req analysis.Request, err error, entry func(context.Context, analysis.Request) (*analysis.Result, error)) (*analysis.Result, error) {
	var res *analysis.Result
	if err == nil {
		var release func()
		if release, err = s.admitMemory(req.Document); err == nil {
			defer release()
			res, err = entry(ctx, req)
		}
	}
	s.app.metrics.observeResult(req.Document, res)
	if err != nil {
		return nil, toError(s.app.log, svc+method, err)
	}
	return res, nil
}

func (s *documentServer) BatchAnalyzeDocuments(ctx context.Context, req *docsiftv1.BatchAnalyzeDocumentsRequest) (*docsiftv1.BatchAnalyzeDocumentsResponse, error) {
	const method = svc + "BatchAnalyzeDocuments"
	reqs, err := batchRequests(req)
	if err != nil {
		return nil, toError(s.app.log, method, err)
	}
	docs := make([]analysis.Document, len(reqs))
	for i, r := range reqs {
		docs[i] = r.Document
	}
	release, err := s.admitMemory(docs...)
	if err != nil {
		return nil, err
	}
	defer release()
	items, err := s.app.pipe.AnalyzeBatch(ctx, reqs)
	if err != nil {
		return nil, toError(s.app.log, method, err)
	}
	for i, it := range items {
		s.app.metrics.observeResult(reqs[i].Document, it.Result)
	}
	return batchResponse(s.app.log, method, reqs, items), nil
}

// StreamAnalyzeDocuments answers each document as soon as it is ready,
// through the pipeline's worker pool (analysis.Pipeline.AnalyzeStream: up to
// GOMAXPROCS documents at once, backpressure through gRPC flow control).
// When the server starts shutting down, the stream answers what it has
// accepted, answers a document received after that with UNAVAILABLE, and
// ends with UNAVAILABLE so the client resends the rest elsewhere.
func (s *documentServer) StreamAnalyzeDocuments(stream docsiftv1.DocumentService_StreamAnalyzeDocumentsServer) error {
	const method = svc + "StreamAnalyzeDocuments"
	ctx := stream.Context()
	pace := newRateLimiter(s.app.cfg.streamRate)
	// Each document holds its share of the memory budget from the moment it is read
	// to the moment its outcome is ready; a document that does not fit is
	// answered RESOURCE_EXHAUSTED on its own. Those still held when
	// AnalyzeStream returns (it waits for its workers) are given back then.
	var (
		mu      sync.Mutex
		held    = map[int64]func(){} // by sequence number, as AnalyzeStream numbers Next's requests
		nextSeq int64
	)
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, release := range held {
			release()
		}
	}()
	var sendErr error
	err := s.app.pipe.AnalyzeStream(ctx, analysis.Stream{
		Next: func() (analysis.Request, error) {
			if err := pace.wait(ctx); err != nil {
				return analysis.Request{}, err
			}
			req, err := stream.Recv()
			if err != nil {
				return analysis.Request{}, err
			}
			r := streamRequest(req)
			if r.Invalid == nil {
				release, err := s.admitMemory(r.Document)
				if err != nil {
					r.Invalid = err
				} else {
					mu.Lock()
					held[nextSeq] = release
					mu.Unlock()
				}
			}
			nextSeq++
			return r, nil
		},
		Send: func(seq int64, r analysis.Request, it analysis.BatchItem) error {
			mu.Lock()
			if release, ok := held[seq]; ok {
				release()
				delete(held, seq)
			}
			mu.Unlock()
			s.app.metrics.observeResult(r.Document, it.Result)
			sendErr = stream.Send(streamResponse(s.app.log, method, seq, r, it))
			return sendErr
		},
		Stop: s.app.draining,
	})
	if sendErr != nil {
		return sendErr // the client is gone
	}
	return toError(s.app.log, method, err)
}

// admitMemory takes the documents' estimated memory (documentCost) from
// the server's budget, or refuses the call with RESOURCE_EXHAUSTED when it
// does not fit.
func (s *documentServer) admitMemory(docs ...analysis.Document) (release func(), err error) {
	var cost int64
	lim := s.app.pipe.Limits
	for _, d := range docs {
		if len(d.Text) > lim.MaxTextBytes || len(d.HTML) > lim.MaxHTMLBytes {
			continue // refused by the size limits before any work, with their own error
		}
		cost += documentCost(d)
	}
	if cost == 0 {
		return func() {}, nil // nothing to hold: empty, or refused by the size limits
	}
	release, err = s.app.memory.acquire(cost)
	if err != nil {
		s.app.metrics.rejected.WithLabelValues("overload_memory").Inc()
	}
	return release, err
}

func (s *documentServer) GetCapabilities(ctx context.Context, _ *docsiftv1.GetCapabilitiesRequest) (*docsiftv1.GetCapabilitiesResponse, error) {
	return s.app.capabilities(), nil
}
