package serving

import (
	"context"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

// TestLoad checks that the served stages load from the embedded models and
// that the pipeline over them runs every stage, with the language detector
// content extraction uses.
func TestLoad(t *testing.T) {
	st, err := Load()
	if err != nil {
		t.Fatalf("Load() error: %v", err)
	}
	var stages []string
	for _, m := range st.Models() {
		stages = append(stages, m.Stage)
	}
	if len(stages) != 4 || stages[0] != analysis.StageContent || stages[1] != analysis.StageTopics || stages[2] != analysis.StageEntities || stages[3] != analysis.StagePlaces {
		t.Errorf("Models() stages = %v, want [content topics entities places]", stages)
	}
	p := st.Pipeline(analysis.DefaultLimits)
	if p.Language == nil || p.Content == nil || p.Topics == nil || p.Entities == nil {
		t.Fatalf("Pipeline() = %+v, want every stage set", p)
	}
	res, err := p.Analyze(context.Background(), analysis.Request{Document: analysis.Document{
		Text: "Angela Merkel met Emmanuel Macron in Berlin on Monday to discuss the European Union budget and trade with China.",
	}})
	if err != nil {
		t.Fatalf("Analyze() error: %v", err)
	}
	names := map[string]analysis.EntityType{}
	for _, e := range res.Entities {
		names[e.Name] = e.Type
	}
	if names["Angela Merkel"] != analysis.EntityPerson || names["Berlin"] != analysis.EntityLocation {
		t.Errorf("entities = %v, want Angela Merkel PERSON and Berlin LOCATION", names)
	}
	if res.LanguageCode != "en" || len(res.Topics) == 0 {
		t.Errorf("language %q, %d topics; want en and some topics", res.LanguageCode, len(res.Topics))
	}
}
