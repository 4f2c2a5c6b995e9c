package main

import (
	"context"
	"errors"
	"io"
	"strconv"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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
	doc := toDocument(req.GetDocument(), "document", invalidUTF8Fields(req))
	res, err := s.app.pipe.Analyze(ctx, doc, toTopicOptions(req.GetTopicOptions()), analysis.EntityOptions{})
	s.app.metrics.observeResult(doc, res)
	if err != nil {
		return nil, toError(s.app.log, svc+"AnalyzeDocument", err)
	}
	return analyzeResponse(res, req.GetDocument().GetText()), nil
}

func (s *documentServer) ExtractContent(ctx context.Context, req *docsiftv1.ExtractContentRequest) (*docsiftv1.ExtractContentResponse, error) {
	doc := toDocument(req.GetDocument(), "document", invalidUTF8Fields(req))
	res, err := s.app.pipe.ExtractContent(ctx, doc)
	s.app.metrics.observeResult(doc, res)
	if err != nil {
		return nil, toError(s.app.log, svc+"ExtractContent", err)
	}
	nb, ns := spanCounts(res.Content, nil)
	body, src := newSpanFiller(res.Text, nb), newSpanFiller(req.GetDocument().GetText(), ns)
	out := &docsiftv1.ExtractContentResponse{
		DocumentId:    res.DocumentID,
		Content:       contentProto(res.Content, body, src),
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}
	body.fill()
	src.fill()
	return out, nil
}

func (s *documentServer) ClassifyDocument(ctx context.Context, req *docsiftv1.ClassifyDocumentRequest) (*docsiftv1.ClassifyDocumentResponse, error) {
	doc := toDocument(req.GetDocument(), "document", invalidUTF8Fields(req))
	res, err := s.app.pipe.Classify(ctx, doc, toTopicOptions(req.GetOptions()))
	s.app.metrics.observeResult(doc, res)
	if err != nil {
		return nil, toError(s.app.log, svc+"ClassifyDocument", err)
	}
	return &docsiftv1.ClassifyDocumentResponse{
		DocumentId:    res.DocumentID,
		Topics:        topicsProto(res.Topics),
		Model:         res.TopicModel,
		LanguageCode:  res.LanguageCode,
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}, nil
}

func (s *documentServer) ExtractEntities(ctx context.Context, req *docsiftv1.ExtractEntitiesRequest) (*docsiftv1.ExtractEntitiesResponse, error) {
	doc := toDocument(req.GetDocument(), "document", invalidUTF8Fields(req))
	res, err := s.app.pipe.ExtractEntities(ctx, doc, analysis.EntityOptions{})
	s.app.metrics.observeResult(doc, res)
	if err != nil {
		return nil, toError(s.app.log, svc+"ExtractEntities", err)
	}
	out := &docsiftv1.ExtractEntitiesResponse{
		DocumentId:    res.DocumentID,
		LanguageCode:  res.LanguageCode,
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}
	n, _ := spanCounts(nil, res.Entities)
	spans := newSpanFiller(res.Text, 2*n)
	if doc.IsHTML() {
		// Spans index into the extracted body, returned as text; HTML
		// positions are not kept.
		out.Text = res.Text
		out.Entities = entitiesProto(res.Entities, spans, nil, nil)
	} else {
		// Spans index into the text as sent, which is also the source.
		out.Entities = entitiesProto(res.Entities, spans, spans, nil)
	}
	spans.fill()
	return out, nil
}

func (s *documentServer) BatchAnalyzeDocuments(ctx context.Context, req *docsiftv1.BatchAnalyzeDocumentsRequest) (*docsiftv1.BatchAnalyzeDocumentsResponse, error) {
	bad := invalidUTF8Fields(req)
	docs := make([]analysis.Document, len(req.GetDocuments()))
	for i, d := range req.GetDocuments() {
		docs[i] = toDocument(d, "documents["+strconv.Itoa(i)+"]", bad)
	}
	items, err := s.app.pipe.AnalyzeBatch(ctx, docs, toTopicOptions(req.GetTopicOptions()), analysis.EntityOptions{})
	if err != nil {
		return nil, toError(s.app.log, svc+"BatchAnalyzeDocuments", err)
	}
	out := &docsiftv1.BatchAnalyzeDocumentsResponse{Results: make([]*docsiftv1.BatchResult, len(items))}
	for i, it := range items {
		s.app.metrics.observeResult(docs[i], it.Result)
		r := &docsiftv1.BatchResult{Index: int32(i), DocumentId: docs[i].ID}
		if it.Err != nil {
			r.Outcome = &docsiftv1.BatchResult_Error{Error: toStatus(s.app.log, svc+"BatchAnalyzeDocuments", it.Err).Proto()}
		} else {
			r.Outcome = &docsiftv1.BatchResult_Response{Response: analyzeResponse(it.Result, docs[i].Text)}
		}
		out.Results[i] = r
	}
	return out, nil
}

// StreamAnalyzeDocuments reads documents, analyses up to GOMAXPROCS of them
// at once, and sends each result as soon as it is ready. The bounded queue
// between reader and workers gives backpressure: when the workers are busy
// the reader stops calling Recv and gRPC flow control stops the client.
// Every document the handler receives gets a response (a result or an
// error). When the server starts shutting down, the stream answers what it
// has accepted, answers anything received after that with UNAVAILABLE, and
// ends with UNAVAILABLE so the client resends the rest elsewhere.
func (s *documentServer) StreamAnalyzeDocuments(stream docsiftv1.DocumentService_StreamAnalyzeDocumentsServer) error {
	ctx := stream.Context()
	workers := s.app.pipe.Parallelism()
	type job struct {
		seq int64
		req *docsiftv1.StreamAnalyzeDocumentsRequest
	}
	jobs := make(chan job, workers)
	results := make(chan *docsiftv1.StreamAnalyzeDocumentsResponse, workers)

	var (
		mu       sync.Mutex
		stopping bool  // shutdown began: answer new documents with UNAVAILABLE
		accepted int64 // documents received and queued or answered
	)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- s.streamOne(ctx, j.seq, j.req)
			}
		}()
	}
	readerDone := make(chan error, 1)
	pace := newRateLimiter(s.app.cfg.streamRate)
	go func() {
		defer close(jobs)
		for seq := int64(0); ; seq++ {
			if err := pace.wait(ctx); err != nil {
				readerDone <- err
				return
			}
			req, err := stream.Recv()
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
				r := &docsiftv1.StreamAnalyzeDocumentsResponse{DocumentId: req.GetDocument().GetId(), Sequence: seq,
					Outcome: &docsiftv1.StreamAnalyzeDocumentsResponse_Error{Error: status.New(codes.Unavailable, errShuttingDown).Proto()}}
				select {
				case results <- r:
				case <-ctx.Done():
				}
				readerDone <- nil
				return
			}
			select {
			case jobs <- job{seq, req}:
			case <-ctx.Done():
				readerDone <- ctx.Err()
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var answered int64
	draining := s.app.draining
	for {
		select {
		case r, ok := <-results:
			if !ok {
				// The reader has finished and every job is answered.
				if err := <-readerDone; err != nil {
					return toError(s.app.log, svc+"StreamAnalyzeDocuments", err)
				}
				return nil
			}
			if err := stream.Send(r); err != nil {
				return err // the client is gone; ctx cancellation stops the workers
			}
			answered++
		case <-draining:
			draining = nil
			mu.Lock()
			stopping = true
			mu.Unlock()
		}
		if draining == nil {
			mu.Lock()
			done := answered == accepted
			mu.Unlock()
			if done {
				return status.Error(codes.Unavailable, errShuttingDown)
			}
		}
	}
}

const errShuttingDown = "the server is shutting down; resend the documents that got no response"

func (s *documentServer) streamOne(ctx context.Context, seq int64, req *docsiftv1.StreamAnalyzeDocumentsRequest) *docsiftv1.StreamAnalyzeDocumentsResponse {
	doc := toDocument(req.GetDocument(), "document", invalidUTF8Fields(req))
	out := &docsiftv1.StreamAnalyzeDocumentsResponse{DocumentId: doc.ID, Sequence: seq}
	res, err := s.app.pipe.AnalyzeIsolated(ctx, doc, toTopicOptions(req.GetTopicOptions()), analysis.EntityOptions{})
	s.app.metrics.observeResult(doc, res)
	if err != nil {
		out.Outcome = &docsiftv1.StreamAnalyzeDocumentsResponse_Error{Error: toStatus(s.app.log, svc+"StreamAnalyzeDocuments", err).Proto()}
	} else {
		out.Outcome = &docsiftv1.StreamAnalyzeDocumentsResponse_Response{Response: analyzeResponse(res, doc.Text)}
	}
	return out
}

func (s *documentServer) GetCapabilities(ctx context.Context, _ *docsiftv1.GetCapabilitiesRequest) (*docsiftv1.GetCapabilitiesResponse, error) {
	return s.app.capabilities(), nil
}
