package analysis

import (
	"context"
	"strings"
	"testing"
)

func TestGateLanguage(t *testing.T) {
	en := ModelInfo{Name: "m", Languages: []string{"en"}}
	long := strings.Repeat("Die Regierung hat beschlossen. ", 5) // 125 letters
	short := "Die Regierung hat beschlossen."
	tests := []struct {
		name     string
		info     ModelInfo
		lang     string
		conf     float64
		text     string
		run      bool
		warnCode string
	}{
		{"supported", en, "en", 0.9, long, true, ""},
		{"supported, weak guess", en, "en", 0.1, short, true, ""},
		{"supported region subtag", en, "en-GB", 1, short, true, ""},
		{"supported, other case", en, "EN", 1, short, true, ""},
		{"model for any language", ModelInfo{Name: "any"}, "de", 1, long, true, ""},
		{"confident, enough text", en, "de", 0.9, long, false, WarnLanguageNotSupported},
		{"confident, short text", en, "de", 0.9, short, true, WarnLanguageUncertain},
		{"unsure, enough text", en, "de", 0.49, long, true, WarnLanguageUncertain},
		{"hint wins on a short text", en, "de", 1, "Tokyo", false, WarnLanguageNotSupported},
		{"unknown", en, "", 0, long, true, WarnLanguageUncertain},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run, w := GateLanguage(StageEntities, tc.info, tc.lang, tc.conf, tc.text)
			code := ""
			if w != nil {
				code = w.Code
				if w.Stage != StageEntities || !strings.Contains(w.Message, StageEntities) {
					t.Errorf("warning %+v does not name the stage", *w)
				}
				if tc.lang != "" && !strings.Contains(w.Message, `"`+tc.lang+`"`) {
					t.Errorf("warning %q does not give the guess %q", w.Message, tc.lang)
				}
			}
			if run != tc.run || code != tc.warnCode {
				t.Errorf("GateLanguage(%q, %.2f, %d bytes) = %v, %q; want %v, %q", tc.lang, tc.conf, len(tc.text), run, code, tc.run, tc.warnCode)
			}
		})
	}
}

func TestPipelineLanguageGate(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("Tokyo Regierung beschlossen. ", 5)
	tests := []struct {
		name         string
		detected     string // echoContent detects this at confidence 0.9
		doc          Document
		wantEntities int
		wantCodes    []string
	}{
		{"confident German, enough text", "de", Document{Text: long}, 0, []string{WarnLanguageNotSupported, WarnLanguageNotSupported}},
		{"confident German, short text", "de", Document{Text: "Tokyo"}, 1, []string{WarnLanguageUncertain, WarnLanguageUncertain}},
		{"hint wins over detection", "de", Document{Text: long, LanguageCode: "en"}, 1, nil},
		{"hint of an unsupported language", "en", Document{Text: "Tokyo", LanguageCode: "de"}, 0, []string{WarnLanguageNotSupported, WarnLanguageNotSupported}},
		{"English", "en", Document{Text: long}, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := newPipeline(tc.detected).Analyze(ctx, Request{Document: tc.doc})
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, w := range res.Warnings {
				codes = append(codes, w.Code)
			}
			if len(res.Entities) != tc.wantEntities || strings.Join(codes, ",") != strings.Join(tc.wantCodes, ",") {
				t.Errorf("%d entities, warnings %v; want %d, %v", len(res.Entities), res.Warnings, tc.wantEntities, tc.wantCodes)
			}
			if wantTopics := tc.wantEntities; len(res.Topics) != wantTopics {
				t.Errorf("%d topics, want %d", len(res.Topics), wantTopics)
			}
		})
	}
}
