package main

import (
	"context"

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
		res, err = entry(ctx, req)
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
			return streamRequest(req), nil
		},
		Send: func(seq int64, r analysis.Request, it analysis.BatchItem) error {
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

func (s *documentServer) GetCapabilities(ctx context.Context, _ *docsiftv1.GetCapabilitiesRequest) (*docsiftv1.GetCapabilitiesResponse, error) {
	return s.app.capabilities(), nil
}
