package analysis

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// Test doubles for the stages: each does the least a stage must do, so the
// pipeline's own behaviour (validation, ordering, language gating, fault
// isolation) is what is under test.

type echoContent struct{ lang string }

func (e echoContent) Extract(_ context.Context, d Document) (*Content, error) {
	if strings.Contains(d.Text, "PANIC") {
		panic("stage fault")
	}
	body := strings.TrimSpace(d.Text)
	return &Content{Body: body, LanguageCode: e.lang, LanguageConfidence: 0.9,
		Blocks: []Block{{Body: Span{0, len(body)}, Source: Span{0, len(body)}, HasSource: true}}}, nil
}
func (echoContent) Info() ModelInfo {
	return ModelInfo{Stage: StageContent, Name: "echo", Version: "1"}
}

type fixedTopics struct{}

func (fixedTopics) Classify(_ context.Context, text string, o TopicOptions) ([]Topic, ModelInfo, error) {
	return []Topic{{ID: "t", Name: "t", Score: 1}}, ModelInfo{Stage: StageTopics, Name: "fixed", Languages: []string{"en"}}, nil
}
func (fixedTopics) Model(name string) (ModelInfo, error) {
	if name != "" && name != "fixed" {
		return ModelInfo{}, ErrUnknownModel
	}
	return ModelInfo{Stage: StageTopics, Name: "fixed", Languages: []string{"en"}}, nil
}
func (fixedTopics) Taxonomies() []Taxonomy { return nil }

type wordEntities struct{}

func (wordEntities) Extract(_ context.Context, text string, _ EntityOptions) ([]Entity, error) {
	i := strings.Index(text, "Tokyo")
	if i < 0 {
		return nil, nil
	}
	return []Entity{{Name: "Tokyo", Type: EntityLocation, Mentions: []Mention{{Text: "Tokyo", Span: Span{i, i + 5}}}}}, nil
}
func (wordEntities) Info() ModelInfo {
	return ModelInfo{Stage: StageEntities, Name: "words", Languages: []string{"en"}}
}

func newPipeline(lang string) *Pipeline {
	return &Pipeline{Content: echoContent{lang}, Topics: fixedTopics{}, Entities: wordEntities{}, Limits: DefaultLimits}
}

func TestValidate(t *testing.T) {
	l := Limits{MaxTextBytes: 10, MaxHTMLBytes: 20, MaxBatchDocuments: 2}
	tests := []struct {
		name  string
		doc   Document
		field string
		kind  error
	}{
		{"empty", Document{}, "document", ErrInvalidArgument},
		{"both", Document{Text: "a", HTML: "b"}, "document", ErrInvalidArgument},
		{"blank text", Document{Text: " \n"}, "document.text", ErrInvalidArgument},
		{"bad utf-8", Document{Text: "\xff"}, "document.text", ErrInvalidArgument},
		{"text too large", Document{Text: strings.Repeat("a", 11)}, "document.text", ErrTooLarge},
		{"html too large", Document{HTML: strings.Repeat("a", 21)}, "document.html", ErrTooLarge},
		{"long id", Document{Text: "a", ID: strings.Repeat("i", 2000)}, "document.id", ErrInvalidArgument},
		{"ok", Document{Text: "hello"}, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := l.Validate("document", tc.doc)
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.kind) {
				t.Fatalf("Validate = %v, want a %v error on %q", err, tc.kind, tc.field)
			}
		})
	}
	if err := l.ValidateBatch(3); !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "2") {
		t.Errorf("ValidateBatch(3) with limit 2 = %v", err)
	}
}

// faultDocs are a batch's or a stream's documents: one fine, one invalid,
// one whose stage panics, one fine.
var faultDocs = []Document{{Text: "Tokyo", ID: "a"}, {}, {Text: "PANIC", ID: "c"}, {Text: "plain", ID: "d"}}

// checkFaults checks the outcomes of faultDocs (the second document is at
// field in the request) and returns the last one.
func checkFaults(t *testing.T, items []BatchItem, field string) BatchItem {
	t.Helper()
	if len(items) != 4 {
		t.Fatalf("%d items for 4 documents", len(items))
	}
	if items[0].Result == nil || items[0].Result.DocumentID != "a" || len(items[0].Result.Entities) != 1 {
		t.Errorf("item 0 = %+v", items[0])
	}
	var fe *FieldError
	if !errors.As(items[1].Err, &fe) || fe.Field != field {
		t.Errorf("item 1 error = %v, want a field error on %s", items[1].Err, field)
	}
	var pe *PanicError
	if !errors.As(items[2].Err, &pe) {
		t.Errorf("item 2 error = %v, want the panic, isolated", items[2].Err)
	}
	return items[3]
}

func TestBatchOrderAndFaults(t *testing.T) {
	reqs := make([]Request, len(faultDocs))
	for i, d := range faultDocs {
		reqs[i] = Request{Document: d}
	}
	items, err := newPipeline("en").AnalyzeBatch(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	if last := checkFaults(t, items, "documents[1]"); last.Result == nil || last.Result.DocumentID != "d" {
		t.Errorf("item 3 = %+v", last)
	}
}

func TestSourceSpan(t *testing.T) {
	c := Content{Blocks: []Block{
		{Body: Span{0, 5}, Source: Span{10, 15}, HasSource: true},
		{Body: Span{7, 12}, Source: Span{20, 25}, HasSource: true},
		{Body: Span{14, 20}},
	}}
	tests := []struct {
		in   Span
		want Span
		ok   bool
	}{
		{Span{1, 3}, Span{11, 13}, true},
		{Span{7, 12}, Span{20, 25}, true},
		{Span{3, 9}, Span{}, false},   // across blocks
		{Span{15, 17}, Span{}, false}, // block without a source
		{Span{30, 31}, Span{}, false},
	}
	for _, tc := range tests {
		got, ok := c.SourceSpan(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("SourceSpan(%v) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStream(t *testing.T) {
	errRecv, errRefused := errors.New("receive failed"), errors.New("refused")
	tests := []struct {
		name    string
		end     error // what Next returns after the documents
		refused bool  // the caller refused the last document
		want    error
	}{
		{"eof", io.EOF, false, nil},
		{"receive error", errRecv, false, errRecv},
		{"refused by the caller", io.EOF, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			items := make([]BatchItem, len(faultDocs))
			err := newPipeline("en").AnalyzeStream(context.Background(), Stream{
				Next: func() (Request, error) {
					if n == len(faultDocs) {
						return Request{}, tc.end
					}
					r := Request{Document: faultDocs[n]}
					if tc.refused && n == len(faultDocs)-1 {
						r.Invalid = errRefused
					}
					n++
					return r, nil
				},
				Send: func(seq int64, _ Request, it BatchItem) error {
					items[seq] = it
					return nil
				},
			})
			if err != tc.want {
				t.Fatalf("AnalyzeStream = %v, want %v", err, tc.want)
			}
			last := checkFaults(t, items, "document")
			if tc.refused && last.Err != errRefused || !tc.refused && last.Result == nil {
				t.Errorf("item 3 = %+v (refused by the caller: %v)", last, tc.refused)
			}
		})
	}
}

func TestStreamStop(t *testing.T) {
	stop := make(chan struct{})
	sent := 0
	next := make(chan Request)
	go func() { next <- Request{Document: Document{Text: "Tokyo"}} }()
	err := newPipeline("en").AnalyzeStream(context.Background(), Stream{
		Next: func() (Request, error) { return <-next, nil },
		Send: func(int64, Request, BatchItem) error {
			sent++
			close(stop) // everything accepted is answered: the stream ends
			return nil
		},
		Stop: stop,
	})
	if !errors.Is(err, ErrStopping) || sent != 1 {
		t.Errorf("AnalyzeStream after Stop = %v with %d outcomes sent, want ErrStopping after 1", err, sent)
	}
}

// heldContent is a content stage that, for the text "slow", ignores its
// context and returns only when release is closed.
type heldContent struct{ started, release chan struct{} }

func (h heldContent) Extract(_ context.Context, d Document) (*Content, error) {
	if d.Text == "slow" {
		h.started <- struct{}{}
		<-h.release
	}
	return &Content{Body: d.Text}, nil
}
func (heldContent) Info() ModelInfo { return ModelInfo{Stage: StageContent, Name: "held"} }

// TestStreamReturnsAfterWorkers checks that AnalyzeStream does not return
// while a worker still analyses, whichever way it ends (a failed Send, a
// done context, a Next error): its caller counts the work as in progress
// until it returns.
func TestStreamReturnsAfterWorkers(t *testing.T) {
	errGone := errors.New("receiver gone")
	for _, tc := range []struct {
		name string
		end  func(cancel context.CancelFunc, next chan Request) // ends the stream while a worker is held
	}{
		{"send fails", func(_ context.CancelFunc, next chan Request) { next <- Request{Document: Document{Text: "quick"}} }},
		{"context done", func(cancel context.CancelFunc, _ chan Request) { cancel() }},
		{"next fails", func(_ context.CancelFunc, next chan Request) { close(next) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := heldContent{started: make(chan struct{}, 1), release: make(chan struct{})}
			p := newPipeline("en")
			p.Workers = 2
			p.Content = h
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			next := make(chan Request)
			returned := make(chan error, 1)
			go func() {
				returned <- p.AnalyzeStream(ctx, Stream{
					Next: func() (Request, error) {
						select {
						case r, ok := <-next:
							if !ok {
								return Request{}, errGone
							}
							return r, nil
						case <-ctx.Done():
							return Request{}, ctx.Err()
						}
					},
					Send: func(int64, Request, BatchItem) error { return errGone },
				})
			}()
			next <- Request{Document: Document{Text: "slow"}}
			<-h.started
			tc.end(cancel, next)
			select {
			case err := <-returned:
				t.Fatalf("AnalyzeStream returned (%v) while a worker still analysed", err)
			case <-time.After(100 * time.Millisecond):
			}
			close(h.release)
			select {
			case <-returned:
			case <-time.After(5 * time.Second):
				t.Fatal("AnalyzeStream did not return after its workers finished")
			}
		})
	}
}
