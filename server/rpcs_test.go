package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// checkSpan checks that sp's three encodings all select want from text.
func checkSpan(t *testing.T, text string, sp *docsiftv1.Span, want string) {
	t.Helper()
	b0, b1 := int(sp.GetBeginByte()), int(sp.GetEndByte())
	if b0 < 0 || b0 > b1 || b1 > len(text) || text[b0:b1] != want {
		t.Fatalf("byte span [%d,%d) does not select %q in a %d-byte text", b0, b1, want, len(text))
	}
	runes := []rune(text)
	c0, c1 := int(sp.GetBeginChar()), int(sp.GetEndChar())
	if c0 < 0 || c0 > c1 || c1 > len(runes) || string(runes[c0:c1]) != want {
		t.Fatalf("char span [%d,%d) does not select %q", c0, c1, want)
	}
	units := utf16.Encode(runes)
	u0, u1 := int(sp.GetBeginUtf16()), int(sp.GetEndUtf16())
	if u0 < 0 || u0 > u1 || u1 > len(units) || string(utf16.Decode(units[u0:u1])) != want {
		t.Fatalf("utf16 span [%d,%d) does not select %q", u0, u1, want)
	}
}

func entityNames(es []*docsiftv1.Entity) map[string]docsiftv1.EntityType {
	m := map[string]docsiftv1.EntityType{}
	for _, e := range es {
		for _, mn := range e.GetMentions() {
			m[mn.GetText()] = e.GetType()
		}
	}
	return m
}

func TestAnalyzeSeed(t *testing.T) {
	ts := startServer(t)
	seed := seedText(t)
	resp, err := ts.client.AnalyzeDocument(context.Background(), &docsiftv1.AnalyzeDocumentRequest{Document: &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: seed}, Id: "seed-1"}})
	if err != nil {
		t.Fatalf("AnalyzeDocument(seed): %v", err)
	}
	if resp.GetDocumentId() != "seed-1" {
		t.Errorf("documentId = %q, want the request's id", resp.GetDocumentId())
	}
	c := resp.GetContent()
	if want := "Russia expels eight Japanese diplomats in tit-for-tat move"; c.GetTitle() != want {
		t.Errorf("title = %q, want %q", c.GetTitle(), want)
	}
	body := c.GetBody()
	if !strings.HasPrefix(body, "Moscow said on Wednesday") || !strings.HasSuffix(body, "Japan is the largest financial contributor to the ICC.") {
		t.Errorf("body runs %q ... %q; want the article's paragraphs only", body[:min(40, len(body))], body[max(0, len(body)-60):])
	}
	for _, junk := range []string{"SUBSCRIBE NOW", "Comments are closed", "PHOTO GALLERY"} {
		if strings.Contains(body, junk) {
			t.Errorf("body contains boilerplate %q", junk)
		}
	}
	if resp.GetLanguageCode() != "en" {
		t.Errorf("languageCode = %q, want en", resp.GetLanguageCode())
	}
	// Blocks map body paragraphs back to the input.
	for _, b := range c.GetBlocks() {
		para := body[b.GetBodySpan().GetBeginByte():b.GetBodySpan().GetEndByte()]
		checkSpan(t, seed, b.GetSourceSpan(), para)
	}
	// Every mention's spans select its text in the body, and its source span
	// selects it in the input.
	for _, e := range resp.GetEntities() {
		for _, m := range e.GetMentions() {
			checkSpan(t, body, m.GetSpan(), m.GetText())
			if m.GetSourceSpan() == nil {
				t.Errorf("mention %q has no sourceSpan", m.GetText())
				continue
			}
			checkSpan(t, seed, m.GetSourceSpan(), m.GetText())
		}
	}
	names := entityNames(resp.GetEntities())
	for name, typ := range map[string]docsiftv1.EntityType{
		"Moscow": docsiftv1.EntityType_ENTITY_TYPE_LOCATION, "Tokyo": docsiftv1.EntityType_ENTITY_TYPE_LOCATION,
		"ICC": docsiftv1.EntityType_ENTITY_TYPE_ORGANIZATION, "Jiji Press": docsiftv1.EntityType_ENTITY_TYPE_ORGANIZATION,
		"Wednesday": docsiftv1.EntityType_ENTITY_TYPE_DATE,
	} {
		if names[name] != typ {
			t.Errorf("entity %q has type %v, want %v", name, names[name], typ)
		}
	}
	var ids []string
	for _, tp := range resp.GetTopics() {
		ids = append(ids, tp.GetId())
		if tp.GetScore() < 0 || tp.GetScore() > 1 {
			t.Errorf("topic %s score %v outside [0,1]", tp.GetId(), tp.GetScore())
		}
	}
	if !strings.Contains(strings.Join(ids, ","), "medtop:11000000") {
		t.Errorf("topics = %v; want politics (medtop:11000000)", ids)
	}
	stages := map[string]bool{}
	for _, mv := range resp.GetModelVersions() {
		if mv.GetVersion() == "" {
			t.Errorf("model %s/%s has no version", mv.GetStage(), mv.GetName())
		}
		stages[mv.GetStage()] = true
	}
	if !stages["content"] || !stages["topics"] || !stages["entities"] {
		t.Errorf("modelVersions cover %v; want content, topics and entities", stages)
	}
}

// TestEveryRPCOverJSON calls each JSON endpoint on the seed and checks the
// response's shape.
func TestEveryRPCOverJSON(t *testing.T) {
	ts := startServer(t)
	doc := jsonString(seedText(t))
	html := jsonString("<html><head><title>Tokyo talks</title></head><body><nav>Home | World | SUBSCRIBE NOW</nav><article><h1>Tokyo talks</h1><p>" +
		strings.Repeat("Japan and Russia held talks in Tokyo on Wednesday about the islands dispute and diplomatic expulsions. ", 4) +
		"</p><p>The Foreign Ministry said the talks would continue in Moscow next month.</p></article><footer>Comments are closed.</footer></body></html>")
	tests := []struct {
		path, body string
		check      func(t *testing.T, m map[string]any)
	}{
		{"/v1/documents:analyze", `{"document": {"text": ` + doc + `, "id": "a"}}`, func(t *testing.T, m map[string]any) {
			wantKeys(t, m, "documentId", "content", "topics", "entities", "modelVersions")
		}},
		{"/v1/documents:extractContent", `{"document": {"html": ` + html + `, "url": "https://example.com/tokyo"}}`, func(t *testing.T, m map[string]any) {
			c := m["content"].(map[string]any)
			if body, _ := c["body"].(string); !strings.Contains(body, "Foreign Ministry") || strings.Contains(body, "SUBSCRIBE") {
				t.Errorf("html body = %q; want the article without the navigation", body)
			}
		}},
		{"/v1/documents:classify", `{"document": {"text": ` + doc + `}, "options": {"topK": 1, "explain": true}}`, func(t *testing.T, m map[string]any) {
			topics := m["topics"].([]any)
			if len(topics) != 1 {
				t.Fatalf("topK 1 gave %d topics", len(topics))
			}
			if terms := topics[0].(map[string]any)["terms"].([]any); len(terms) == 0 {
				t.Errorf("explain gave no terms")
			}
		}},
		{"/v1/documents:extractEntities", `{"document": {"text": ` + doc + `}}`, func(t *testing.T, m map[string]any) {
			es := m["entities"].([]any)
			if len(es) == 0 {
				t.Fatal("no entities")
			}
			sp := es[0].(map[string]any)["mentions"].([]any)[0].(map[string]any)["span"].(map[string]any)
			for _, k := range []string{"beginByte", "endByte", "beginChar", "endChar", "beginUtf16", "endUtf16"} {
				if _, ok := sp[k]; !ok {
					t.Errorf("span lacks %s: %v", k, sp)
				}
			}
		}},
		{"/v1/documents:batchAnalyze", `{"documents": [{"text": ` + doc + `, "id": "x"}, {"text": "  "}, {"html": ` + html + `, "id": "z"}]}`, func(t *testing.T, m map[string]any) {
			rs := m["results"].([]any)
			if len(rs) != 3 {
				t.Fatalf("%d results for 3 documents", len(rs))
			}
			r0, r1, r2 := rs[0].(map[string]any), rs[1].(map[string]any), rs[2].(map[string]any)
			if r0["documentId"] != "x" || r0["response"] == nil || r1["error"] == nil || r2["documentId"] != "z" || r2["response"] == nil {
				t.Errorf("batch results out of order or mixed up: %v / %v / %v", r0["documentId"], r1, r2["documentId"])
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			code, m := ts.post(t, tc.path, tc.body)
			if code != 200 {
				t.Fatalf("POST %s = %d %v", tc.path, code, m)
			}
			tc.check(t, m)
		})
	}
}

func wantKeys(t *testing.T, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("response lacks %q", k)
		}
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestClassifyAndEntitiesOnText(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	text := "Café owners in Zürich 👍🏽 met Angela Merkel in Berlin on Monday.\r\nShe spoke about the EU."
	er, err := ts.client.ExtractEntities(ctx, &docsiftv1.ExtractEntitiesRequest{Document: client.Text(text)})
	if err != nil {
		t.Fatalf("ExtractEntities: %v", err)
	}
	if er.GetText() != "" {
		t.Errorf("text input echoed its text back (%d bytes); spans index the text as sent", len(er.GetText()))
	}
	for _, e := range er.GetEntities() {
		for _, m := range e.GetMentions() {
			checkSpan(t, text, m.GetSpan(), m.GetText())
			checkSpan(t, text, m.GetSourceSpan(), m.GetText())
		}
	}
	if names := entityNames(er.GetEntities()); names["Berlin"] != docsiftv1.EntityType_ENTITY_TYPE_LOCATION {
		t.Errorf("entities = %v; want Berlin as LOCATION", names)
	}
	_, err = ts.client.ClassifyDocument(ctx, &docsiftv1.ClassifyDocumentRequest{Document: client.Text(text), Options: &docsiftv1.TopicOptions{Model: "no-such-model"}})
	if s := status.Convert(err); s.Code() != codes.NotFound || !strings.Contains(s.Message(), "iptc") {
		t.Errorf("ClassifyDocument(unknown model) = %v %q; want NotFound listing the loaded models", s.Code(), s.Message())
	}
	code, _ := ts.post(t, "/v1/documents:classify", `{"document": {"text": "hello"}, "options": {"model": "no-such-model"}}`)
	if code != 404 {
		t.Errorf("POST classify with an unknown model = %d, want 404", code)
	}
}

// TestOptionsNaming checks the proto's naming rule for options: each
// stage's options are named after it in every call (topicOptions,
// entityOptions); :classify and :extractEntities still accept their first
// name, options, but not both at once; :analyze never knew options.
func TestOptionsNaming(t *testing.T) {
	ts := startServer(t)
	doc := `"document": {"text": "The central bank raised interest rates in Frankfurt on Thursday."}`
	tests := []struct {
		path, opts string
		code       int
		message    string // a prefix of the error message
	}{
		{"/v1/documents:analyze", `"topicOptions": {"model": "no-such-model"}`, 404, ""},
		{"/v1/documents:classify", `"topicOptions": {"model": "no-such-model"}`, 404, ""},
		{"/v1/documents:classify", `"options": {"model": "no-such-model"}`, 404, ""},
		{"/v1/documents:batchAnalyze", `"topicOptions": {"topK": 1}`, 200, ""},
		{"/v1/documents:classify", `"topicOptions": {"topK": -1}`, 400, "topic_options.top_k:"},
		{"/v1/documents:classify", `"options": {"topK": -1}`, 400, "options.top_k:"},
		{"/v1/documents:classify", `"options": {}, "topicOptions": {}`, 400, "options:"},
		{"/v1/documents:extractEntities", `"entityOptions": {}`, 200, ""},
		{"/v1/documents:extractEntities", `"options": {}`, 200, ""},
		{"/v1/documents:extractEntities", `"options": {}, "entityOptions": {}`, 400, "options:"},
		{"/v1/documents:analyze", `"options": {"model": "no-such-model"}`, 400, ""},
	}
	for _, tc := range tests {
		body := "{" + doc + ", " + tc.opts + "}"
		if strings.HasSuffix(tc.path, ":batchAnalyze") {
			body = `{"documents": [{"text": "The central bank raised rates."}], ` + tc.opts + "}"
		}
		code, m := ts.post(t, tc.path, body)
		msg, _ := m["message"].(string)
		if code != tc.code || !strings.HasPrefix(msg, tc.message) {
			t.Errorf("POST %s %s = %d %q, want %d %q...", tc.path, tc.opts, code, msg, tc.code, tc.message)
		}
	}
}

func TestUnsupportedLanguage(t *testing.T) {
	ts := startServer(t)
	text := "Der Bundestag hat am Mittwoch in Berlin über den Haushalt für das kommende Jahr beraten. " +
		"Die Regierung will die Ausgaben für Bildung und Forschung deutlich erhöhen, während die Opposition Kürzungen fordert."
	resp, err := ts.client.AnalyzeDocument(context.Background(), &docsiftv1.AnalyzeDocumentRequest{Document: client.Text(text)})
	if err != nil {
		t.Fatalf("AnalyzeDocument(German): %v", err)
	}
	if resp.GetLanguageCode() != "de" {
		t.Fatalf("languageCode = %q, want de", resp.GetLanguageCode())
	}
	if resp.GetContent().GetBody() == "" {
		t.Error("content extraction should still work for German")
	}
	warned := map[string]bool{}
	for _, w := range resp.GetWarnings() {
		if w.GetCode() == "LANGUAGE_NOT_SUPPORTED" {
			warned[w.GetStage()] = true
		}
	}
	if !warned["topics"] || !warned["entities"] || len(resp.GetTopics()) > 0 || len(resp.GetEntities()) > 0 {
		t.Errorf("German: warnings %v, %d topics, %d entities; want LANGUAGE_NOT_SUPPORTED for topics and entities and none returned", warned, len(resp.GetTopics()), len(resp.GetEntities()))
	}
}

func TestStreamAnalyze(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	stream, err := ts.client.StreamAnalyzeDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seed := seedText(t)
	docs := []*docsiftv1.Document{
		{Source: &docsiftv1.Document_Text{Text: seed}, Id: "d0"},
		{Source: &docsiftv1.Document_Text{Text: ""}, Id: "d1"}, // invalid: gets its own error
		{Source: &docsiftv1.Document_Text{Text: "Tokyo and Moscow."}, Id: "d2"},
	}
	for i := 0; i < 20; i++ {
		docs = append(docs, &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: seed}, Id: "bulk" + string(rune('a'+i))})
	}
	go func() {
		for _, d := range docs {
			if err := stream.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: d}); err != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	got := map[string]*docsiftv1.StreamAnalyzeDocumentsResponse{}
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Recv: %v", err)
		}
		got[r.GetDocumentId()] = r
	}
	if len(got) != len(docs) {
		t.Fatalf("%d responses for %d documents", len(got), len(docs))
	}
	if got["d0"].GetResponse().GetContent().GetTitle() == "" || got["d0"].GetSequence() != 0 {
		t.Errorf("d0 = %v", got["d0"])
	}
	if e := got["d1"].GetError(); codes.Code(e.GetCode()) != codes.InvalidArgument {
		t.Errorf("d1 (empty) = %v, want its own InvalidArgument", got["d1"])
	}
	if got["d2"].GetSequence() != 2 || got["d2"].GetResponse() == nil {
		t.Errorf("d2 = %v", got["d2"])
	}
}

// TestStreamCancelMidway cancels a stream with documents in flight: the
// server stops their work and keeps serving.
func TestStreamCancelMidway(t *testing.T) {
	ts := startServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := ts.client.StreamAnalyzeDocuments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seed := seedText(t)
	for i := 0; i < 8; i++ {
		if err := stream.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: client.Text(seed)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatalf("first Recv: %v", err)
	}
	cancel()
	if _, err := stream.Recv(); status.Code(err) != codes.Canceled {
		// Responses already in the client's buffer may arrive first.
		for err == nil {
			_, err = stream.Recv()
		}
		if status.Code(err) != codes.Canceled {
			t.Errorf("Recv after cancel: %v, want Canceled", err)
		}
	}
	if _, err := ts.client.AnalyzeDocument(context.Background(), &docsiftv1.AnalyzeDocumentRequest{Document: client.Text(seed)}); err != nil {
		t.Errorf("AnalyzeDocument after a cancelled stream: %v", err)
	}
}

// TestStreamShutdown shuts the server down mid-stream: every document the
// server accepted gets a result or an error, and the stream ends UNAVAILABLE.
func TestStreamShutdown(t *testing.T) {
	ts := startServer(t)
	stream, err := ts.client.StreamAnalyzeDocuments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seed := seedText(t)
	const n = 40
	sent := make(chan int, 1)
	go func() {
		i := 0
		for ; i < n; i++ {
			if err := stream.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: seed}, Id: string(rune('A' + i))}}); err != nil {
				break
			}
		}
		sent <- i
	}()
	var answered int
	if _, err := stream.Recv(); err != nil {
		t.Fatalf("first Recv: %v", err)
	}
	answered++
	go ts.stop()
	for {
		r, err := stream.Recv()
		if err != nil {
			if s := status.Convert(err); s.Code() != codes.Unavailable && !errors.Is(err, io.EOF) {
				t.Errorf("stream ended with %v %q; want UNAVAILABLE (or a clean end)", s.Code(), s.Message())
			}
			break
		}
		if r.GetResponse() == nil && r.GetError() == nil {
			t.Errorf("response %d has neither result nor error", r.GetSequence())
		}
		answered++
	}
	t.Logf("%d documents sent, %d answered before the stream ended", <-sent, answered)
	if answered == 0 {
		t.Error("no document answered")
	}
}

// TestStreamPacing checks --stream-max-docs-per-second: a stream cannot be
// served faster than its pace (a lower bound, so a slow machine cannot make
// it fail), and every document is still answered.
func TestStreamPacing(t *testing.T) {
	ts := startServer(t, "--stream-max-docs-per-second", "20")
	stream, err := ts.client.StreamAnalyzeDocuments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const n = 30 // 20 within the first second's burst, 10 more at 20/s: >= 0.5 s
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			if err := stream.Send(&docsiftv1.StreamAnalyzeDocumentsRequest{Document: client.Text("Tokyo and Moscow held talks.")}); err != nil {
				return
			}
		}
		stream.CloseSend()
	}()
	got := 0
	for {
		_, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Recv: %v", err)
		}
		got++
	}
	if got != n {
		t.Errorf("%d responses for %d documents", got, n)
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("%d documents at 20/s took %v; pacing should hold them to at least 0.5 s", n, d)
	}
}
