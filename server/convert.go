package main

import (
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/docsift/docsift/internal/analysis"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// toRequest converts one document request m, its document d and topic
// options (found at topicsField, "" for none). A field that arrived as
// invalid UTF-8 is the transport's own error: the codec replaced its bytes
// (see protoCodec), so the decoded request must not be analysed.
func toRequest(m proto.Message, d *docsiftv1.Document, topics *docsiftv1.TopicOptions, topicsField string) (analysis.Request, error) {
	r := analysis.Request{Document: toDocument(d), Topics: toTopicOptions(topics), TopicsField: topicsField}
	return r, invalidUTF8Error(invalidUTF8Fields(m), func(string) bool { return true })
}

func analyzeRequest(req *docsiftv1.AnalyzeDocumentRequest) (analysis.Request, error) {
	return toRequest(req, req.GetDocument(), req.GetTopicOptions(), "topic_options")
}

// classifyRequest converts a ClassifyDocument request, whose topic options
// come as topic_options or under their deprecated name, options (see the
// naming rule in the proto).
func classifyRequest(req *docsiftv1.ClassifyDocumentRequest) (analysis.Request, error) {
	topics, field := req.GetTopicOptions(), "topic_options"
	if req.GetOptions() != nil {
		if topics != nil {
			return analysis.Request{Document: toDocument(req.GetDocument())}, bothOptions("topic_options")
		}
		topics, field = req.GetOptions(), "options"
	}
	return toRequest(req, req.GetDocument(), topics, field)
}

// extractEntitiesRequest converts an ExtractEntities request; its entity
// options (entity_options, or options, deprecated) hold no option yet.
func extractEntitiesRequest(req *docsiftv1.ExtractEntitiesRequest) (analysis.Request, error) {
	if req.GetOptions() != nil && req.GetEntityOptions() != nil {
		return analysis.Request{Document: toDocument(req.GetDocument())}, bothOptions("entity_options")
	}
	return toRequest(req, req.GetDocument(), nil, "")
}

// bothOptions is the error for a request that sets options under both
// names.
func bothOptions(name string) error {
	return fieldViolation(codes.InvalidArgument, "options", "options is the deprecated name of "+name+"; set one of the two, not both").Err()
}

// batchRequests converts a batch. A document field that arrived as invalid
// UTF-8 fails that document only (its Request.Invalid); any other such
// field fails the batch.
func batchRequests(req *docsiftv1.BatchAnalyzeDocumentsRequest) ([]analysis.Request, error) {
	bad := invalidUTF8Fields(req)
	if err := invalidUTF8Error(bad, func(p string) bool { return !strings.HasPrefix(p, "documents[") }); err != nil {
		return nil, err
	}
	topics := toTopicOptions(req.GetTopicOptions())
	reqs := make([]analysis.Request, len(req.GetDocuments()))
	for i, d := range req.GetDocuments() {
		path := "documents[" + strconv.Itoa(i) + "]"
		reqs[i] = analysis.Request{Document: toDocument(d), Topics: topics, DocumentField: path,
			Invalid: invalidUTF8Error(bad, func(p string) bool { return strings.HasPrefix(p, path+".") })}
	}
	return reqs, nil
}

// streamRequest converts one message of a stream; a field that arrived as
// invalid UTF-8 fails this document only.
func streamRequest(req *docsiftv1.StreamAnalyzeDocumentsRequest) analysis.Request {
	r, err := toRequest(req, req.GetDocument(), req.GetTopicOptions(), "topic_options")
	r.Invalid = err
	return r
}

func toDocument(d *docsiftv1.Document) analysis.Document {
	doc := analysis.Document{
		ID:           d.GetId(),
		Text:         d.GetText(),
		HTML:         d.GetHtml(),
		URL:          d.GetUrl(),
		LanguageCode: d.GetLanguageCode(),
	}
	if d.GetReferenceTime() != nil {
		doc.ReferenceTime = d.GetReferenceTime().AsTime()
	}
	return doc
}

// invalidUTF8Error is INVALID_ARGUMENT naming the first field, among the
// paths the codec recorded (bad) that pick selects, that arrived as invalid
// UTF-8; nil when there is none.
func invalidUTF8Error(bad map[string]bool, pick func(path string) bool) error {
	var paths []string
	for p := range bad {
		if pick(p) {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	p := slices.Min(paths)
	name := p[strings.LastIndexByte(p, '.')+1:]
	desc := name + " is not valid UTF-8; send UTF-8 encoded text"
	if name == "html" {
		desc = "html is not valid UTF-8; transcode the page to UTF-8 before sending"
	}
	return fieldViolation(codes.InvalidArgument, p, desc).Err()
}

func toTopicOptions(o *docsiftv1.TopicOptions) analysis.TopicOptions {
	return analysis.TopicOptions{
		Model:    o.GetModel(),
		TopK:     int(o.GetTopK()),
		MinScore: float64(o.GetMinScore()),
		Explain:  o.GetExplain(),
	}
}

// analyzeResponse converts a Result of Analyze. source is the document's
// text as sent ("" for HTML), which source spans index into.
func analyzeResponse(res *analysis.Result, source string) *docsiftv1.AnalyzeDocumentResponse {
	nb, ns := spanCounts(res.Content, res.Entities)
	body, src := newSpanFiller(res.Text, nb), newSpanFiller(source, ns)
	out := &docsiftv1.AnalyzeDocumentResponse{
		DocumentId:    res.DocumentID,
		Content:       contentProto(res.Content, body, src),
		Topics:        topicsProto(res.Topics),
		Entities:      entitiesProto(res.Entities, body, src, res.Content),
		LanguageCode:  res.LanguageCode,
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}
	body.fill()
	src.fill()
	return out
}

// extractContentResponse converts a Result of ExtractContent. source is
// the document's text as sent ("" for HTML), which source spans index into.
func extractContentResponse(res *analysis.Result, source string) *docsiftv1.ExtractContentResponse {
	nb, ns := spanCounts(res.Content, nil)
	body, src := newSpanFiller(res.Text, nb), newSpanFiller(source, ns)
	out := &docsiftv1.ExtractContentResponse{
		DocumentId:    res.DocumentID,
		Content:       contentProto(res.Content, body, src),
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}
	body.fill()
	src.fill()
	return out
}

// classifyResponse converts a Result of Classify.
func classifyResponse(res *analysis.Result) *docsiftv1.ClassifyDocumentResponse {
	return &docsiftv1.ClassifyDocumentResponse{
		DocumentId:    res.DocumentID,
		Topics:        topicsProto(res.Topics),
		Model:         res.TopicModel,
		LanguageCode:  res.LanguageCode,
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}
}

// extractEntitiesResponse converts a Result of ExtractEntities for a
// document sent as HTML (html) or as text.
func extractEntitiesResponse(res *analysis.Result, html bool) *docsiftv1.ExtractEntitiesResponse {
	out := &docsiftv1.ExtractEntitiesResponse{
		DocumentId:    res.DocumentID,
		LanguageCode:  res.LanguageCode,
		ModelVersions: modelVersions(res.Models),
		Warnings:      warnings(res.Warnings),
		Timings:       timings(res.Timings),
	}
	n, _ := spanCounts(nil, res.Entities)
	spans := newSpanFiller(res.Text, 2*n)
	if html {
		// Spans index into the extracted body, returned as text; HTML
		// positions are not kept.
		out.Text = res.Text
		out.Entities = entitiesProto(res.Entities, spans, nil, nil)
	} else {
		// Spans index into the text as sent, which is also the source.
		out.Entities = entitiesProto(res.Entities, spans, spans, nil)
	}
	spans.fill()
	return out
}

// batchResponse converts the items of AnalyzeBatch for reqs; method names
// the call in the log of an internal error.
func batchResponse(log *slog.Logger, method string, reqs []analysis.Request, items []analysis.BatchItem) *docsiftv1.BatchAnalyzeDocumentsResponse {
	out := &docsiftv1.BatchAnalyzeDocumentsResponse{Results: make([]*docsiftv1.BatchResult, len(items))}
	for i, it := range items {
		r := &docsiftv1.BatchResult{Index: int32(i), DocumentId: reqs[i].Document.ID}
		if it.Err != nil {
			r.Outcome = &docsiftv1.BatchResult_Error{Error: toStatus(log, method, it.Err).Proto()}
		} else {
			r.Outcome = &docsiftv1.BatchResult_Response{Response: analyzeResponse(it.Result, reqs[i].Document.Text)}
		}
		out.Results[i] = r
	}
	return out
}

// streamResponse converts the outcome of the seq'th document of a stream.
func streamResponse(log *slog.Logger, method string, seq int64, req analysis.Request, it analysis.BatchItem) *docsiftv1.StreamAnalyzeDocumentsResponse {
	out := &docsiftv1.StreamAnalyzeDocumentsResponse{DocumentId: req.Document.ID, Sequence: seq}
	if it.Err != nil {
		out.Outcome = &docsiftv1.StreamAnalyzeDocumentsResponse_Error{Error: toStatus(log, method, it.Err).Proto()}
	} else {
		out.Outcome = &docsiftv1.StreamAnalyzeDocumentsResponse_Response{Response: analyzeResponse(it.Result, req.Document.Text)}
	}
	return out
}

// contentProto converts c; body and src collect the spans to fill.
func contentProto(c *analysis.Content, body, src *spanFiller) *docsiftv1.Content {
	if c == nil {
		return nil
	}
	out := &docsiftv1.Content{
		Title:              c.Title,
		Body:               c.Body,
		Byline:             c.Byline,
		LanguageCode:       c.LanguageCode,
		LanguageConfidence: float32(c.LanguageConfidence),
		SiteName:           c.SiteName,
		Description:        c.Description,
		EmptyReason:        c.EmptyReason,
	}
	if !c.PublishedTime.IsZero() {
		out.PublishedTime = timestamppb.New(c.PublishedTime)
	}
	blocks := make([]docsiftv1.ContentBlock, len(c.Blocks))
	out.Blocks = make([]*docsiftv1.ContentBlock, 0, len(c.Blocks))
	for i, b := range c.Blocks {
		pb := &blocks[i]
		pb.BodySpan = body.span(b.Body)
		if b.HasSource {
			pb.SourceSpan = src.span(b.Source)
		}
		out.Blocks = append(out.Blocks, pb)
	}
	for _, r := range c.Removed {
		pb := &docsiftv1.RemovedBlock{Text: r.Text, Reason: r.Reason, ContentScore: float32(r.Score)}
		if r.HasSource {
			pb.SourceSpan = src.span(r.Source)
		}
		out.Removed = append(out.Removed, pb)
	}
	return out
}

func topicsProto(ts []analysis.Topic) []*docsiftv1.Topic {
	out := make([]*docsiftv1.Topic, 0, len(ts))
	for _, t := range ts {
		pt := &docsiftv1.Topic{Id: t.ID, Name: t.Name, Score: float32(t.Score)}
		for _, term := range t.Terms {
			pt.Terms = append(pt.Terms, &docsiftv1.TopicTerm{Text: term.Text, Weight: float32(term.Weight)})
		}
		out = append(out, pt)
	}
	return out
}

// entitiesProto converts es. Mention spans index the analysed text (span);
// where content is set, they are mapped back to the input through its
// blocks (src), else src is the analysed text itself (or nil: no source).
func entitiesProto(es []analysis.Entity, span, src *spanFiller, content *analysis.Content) []*docsiftv1.Entity {
	// One allocation each for the entities, the mentions and the mention
	// pointers, instead of one per message.
	nm := 0
	for _, e := range es {
		nm += len(e.Mentions)
	}
	ents := make([]docsiftv1.Entity, len(es))
	mentions := make([]docsiftv1.EntityMention, nm)
	mptrs := make([]*docsiftv1.EntityMention, nm)
	out := make([]*docsiftv1.Entity, 0, len(es))
	for i, e := range es {
		pe := &ents[i]
		pe.Name, pe.Type, pe.Salience = e.Name, docsiftv1.EntityType(e.Type), float32(e.Salience)
		if e.Value != nil {
			pe.Value = &docsiftv1.NormalizedValue{Text: e.Value.Text, CurrencyCode: e.Value.Currency}
			if e.Value.HasNumber {
				n := e.Value.Number
				pe.Value.Number = &n
			}
		}
		pe.Place = placeProto(e.Place)
		pe.Mentions, mptrs = mptrs[:0:len(e.Mentions)], mptrs[len(e.Mentions):]
		for _, m := range e.Mentions {
			pm := &mentions[0]
			mentions = mentions[1:]
			pm.Text, pm.Span, pm.Score = m.Text, span.span(m.Span), float32(m.Score)
			switch {
			case content != nil:
				if s, ok := content.SourceSpan(m.Span); ok {
					pm.SourceSpan = src.span(s)
				}
			case src != nil:
				pm.SourceSpan = src.span(m.Span)
			}
			pe.Mentions = append(pe.Mentions, pm)
		}
		out = append(out, pe)
	}
	return out
}

// placeProto converts an entity's place; nil stays nil.
func placeProto(p *analysis.Place) *docsiftv1.Place {
	if p == nil {
		return nil
	}
	if p.Status == analysis.PlaceNotFound {
		return &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_NOT_FOUND}
	}
	return &docsiftv1.Place{
		Status: docsiftv1.PlaceStatus(p.Status), GeonamesId: int32(p.GeoNamesID), Name: p.Name, Kind: docsiftv1.PlaceKind(p.Kind),
		CountryCode: p.CountryCode, CountryName: p.CountryName, DivisionName: p.DivisionName, DivisionGeonamesId: int32(p.DivisionID),
		Latitude: p.Latitude, Longitude: p.Longitude, Population: p.Population, Confidence: float32(p.Confidence),
		Demonym: p.Demonym, Partial: p.Partial,
	}
}

func modelVersions(ms []analysis.ModelInfo) []*docsiftv1.ModelVersion {
	out := make([]*docsiftv1.ModelVersion, 0, len(ms))
	for _, m := range ms {
		out = append(out, &docsiftv1.ModelVersion{Stage: m.Stage, Name: m.Name, Version: m.Version, Description: m.Description, Languages: m.Languages})
	}
	return out
}

func warnings(ws []analysis.Warning) []*docsiftv1.Warning {
	out := make([]*docsiftv1.Warning, 0, len(ws))
	for _, w := range ws {
		out = append(out, &docsiftv1.Warning{Stage: w.Stage, Code: w.Code, Message: w.Message})
	}
	return out
}

func timings(ts []analysis.StageTiming) []*docsiftv1.StageTiming {
	out := make([]*docsiftv1.StageTiming, 0, len(ts))
	for _, t := range ts {
		out = append(out, &docsiftv1.StageTiming{Stage: t.Stage, Duration: durationpb.New(t.Duration)})
	}
	return out
}

// spanFiller builds Spans from byte offsets and fills in their code-point
// and UTF-16 offsets in one pass over the text, however many spans there
// are and in whatever order they were made.
type spanFiller struct {
	text string
	refs []spanRef
	// slab holds the Spans handed out, allocated a chunk at a time (a
	// response has hundreds); earlier chunks stay where they are.
	slab []docsiftv1.Span
}

type spanRef struct {
	byteOff     int
	char, utf16 *int32
}

// newSpanFiller returns a filler for spans into text with room for n spans
// (more grow the slab a chunk at a time).
func newSpanFiller(text string, n int) *spanFiller {
	return &spanFiller{text: text, slab: make([]docsiftv1.Span, 0, n), refs: make([]spanRef, 0, 2*n)}
}

// spanCounts returns how many spans a result's content and entities put in
// the analysed text (body) and in the text as sent (src).
func spanCounts(c *analysis.Content, es []analysis.Entity) (body, src int) {
	m := 0
	for _, e := range es {
		m += len(e.Mentions)
	}
	if c == nil {
		return m, m
	}
	return len(c.Blocks) + m, len(c.Blocks) + len(c.Removed) + m
}

func (f *spanFiller) span(s analysis.Span) *docsiftv1.Span {
	if len(f.slab) == cap(f.slab) {
		f.slab = make([]docsiftv1.Span, 0, max(16, cap(f.slab)))
	}
	f.slab = f.slab[:len(f.slab)+1]
	p := &f.slab[len(f.slab)-1]
	p.BeginByte, p.EndByte = int32(s.Begin), int32(s.End)
	f.refs = append(f.refs,
		spanRef{s.Begin, &p.BeginChar, &p.BeginUtf16},
		spanRef{s.End, &p.EndChar, &p.EndUtf16})
	return p
}

func (f *spanFiller) fill() {
	slices.SortFunc(f.refs, func(a, b spanRef) int { return a.byteOff - b.byteOff })
	pos, chars, units := 0, 0, 0
	for _, r := range f.refs {
		target := min(r.byteOff, len(f.text))
		for pos < target {
			c, n := utf8.DecodeRuneInString(f.text[pos:])
			pos += n
			chars++
			units++
			if c >= 0x10000 {
				units++
			}
		}
		*r.char, *r.utf16 = int32(chars), int32(units)
	}
	f.refs = f.refs[:0]
}
