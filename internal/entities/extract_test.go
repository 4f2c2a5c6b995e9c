package entities

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

func loadTest(t testing.TB) *Extractor {
	t.Helper()
	ex, err := LoadDefault()
	if err != nil {
		t.Fatalf("LoadDefault() error: %v", err)
	}
	return ex
}

func summarize(ents []analysis.Entity) string {
	var b strings.Builder
	for _, e := range ents {
		fmt.Fprintf(&b, "%s:%q ", e.Type, e.Name)
	}
	return b.String()
}

func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../seeds/000_6d735a571148c0b2.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeedGolden checks the seed article's entities.
func TestSeedGolden(t *testing.T) {
	ex := loadTest(t)
	text := readSeed(t)
	ents, err := ex.Extract(context.Background(), text, analysis.EntityOptions{ReferenceTime: ref})
	if err != nil {
		t.Fatal(err)
	}
	// find returns the entity with a mention text equal to s.
	find := func(s string) *analysis.Entity {
		for i := range ents {
			for _, m := range ents[i].Mentions {
				if m.Text == s {
					return &ents[i]
				}
			}
		}
		return nil
	}
	want := []struct {
		mention string
		typ     analysis.EntityType
	}{
		{"Russia", analysis.EntityLocation}, {"Moscow", analysis.EntityLocation}, {"Tokyo", analysis.EntityLocation},
		{"Ukraine", analysis.EntityLocation}, {"Japan", analysis.EntityLocation}, {"The Hague", analysis.EntityLocation},
		{"Netherlands", analysis.EntityLocation}, {"Akishima", analysis.EntityLocation},
		{"Foreign Ministry", analysis.EntityOrganization}, {"International Criminal Court", analysis.EntityOrganization},
		{"ICC", analysis.EntityOrganization}, {"Jiji Press", analysis.EntityOrganization}, {"UNAFEI", analysis.EntityOrganization},
		{"United Nations", analysis.EntityOrganization},
		{"Japanese", analysis.EntityMisc},
		{"Wednesday", analysis.EntityDate}, {"May 10", analysis.EntityDate}, {"February 24", analysis.EntityDate},
		{"Earlier this month", analysis.EntityDate}, {"early March", analysis.EntityDate}, {"Saturday", analysis.EntityDate},
		{"Sunday", analysis.EntityDate}, {"early May", analysis.EntityDate}, {"1961", analysis.EntityDate},
		{"2002", analysis.EntityDate}, {"eight", analysis.EntityNumber}, {"three", analysis.EntityNumber},
	}
	for _, w := range want {
		e := find(w.mention)
		if e == nil {
			t.Errorf("Extract(seed): no mention %q; got %s", w.mention, summarize(ents))
			continue
		}
		if e.Type != w.typ {
			t.Errorf("Extract(seed): %q is %v, want %v", w.mention, e.Type, w.typ)
		}
	}
	long := "United Nations Asia and Far East Institute for the Prevention of Crime and the Treatment of Offenders"
	if e := find("UNAFEI"); e == nil || e.Name != long {
		t.Errorf("Extract(seed): UNAFEI's entity = %+v, want name %q", e, long)
	}
	if e := find("ICC"); e == nil || e.Name != "International Criminal Court" || len(e.Mentions) < 7 {
		t.Errorf("Extract(seed): ICC's entity = %+v, want name %q with >= 7 mentions", e, "International Criminal Court")
	}
	if e := find("Tokyo"); e == nil || len(e.Mentions) != 5 {
		t.Errorf("Extract(seed): Tokyo's entity = %+v, want 5 mentions", e)
	}
	justice := false
	for _, e := range ents {
		if e.Type == analysis.EntityOrganization && strings.Contains(e.Name, "Ministry of Justice") {
			justice = true
		}
	}
	if !justice {
		t.Errorf("Extract(seed): no organisation named with %q; got %s", "Ministry of Justice", summarize(ents))
	}
	vals := map[string]string{
		"Wednesday": "2022-04-27", "May 10": "2022-05-10", "February 24": "2022-02-24",
		"Earlier this month": "2022-04-01/2022-04-27", "early March": "2022-03-01/2022-03-10",
		"Saturday": "2022-04-23", "Sunday": "2022-04-24", "early May": "2022-05-01/2022-05-10",
		"1961": "1961", "2002": "2002", "eight": "8", "three": "3",
	}
	for m, v := range vals {
		if e := find(m); e != nil && (e.Value == nil || e.Value.Text != v) {
			t.Errorf("Extract(seed): %q value = %+v, want %q", m, e.Value, v)
		}
	}
	checkEntities(t, text, ents)
	// Most salient: one of the countries at the heart of the story.
	if top := ents[0].Name; top != "Russia" && top != "Japan" {
		t.Errorf("Extract(seed): most salient = %q, want Russia or Japan", top)
	}
}

// checkEntities checks the invariants every result must hold.
func checkEntities(t *testing.T, text string, ents []analysis.Entity) {
	t.Helper()
	for i, e := range ents {
		if e.Salience < 0 || e.Salience > 1 {
			t.Errorf("entity %q salience %v outside [0,1]", e.Name, e.Salience)
		}
		if i > 0 && e.Salience > ents[i-1].Salience {
			t.Errorf("entities not sorted by salience at %d", i)
		}
		if len(e.Mentions) == 0 || e.Type == analysis.EntityUnspecified {
			t.Errorf("entity %+v has no mentions or no type", e)
		}
		for _, m := range e.Mentions {
			if !m.Span.Valid(len(text)) || m.Span.Len() == 0 {
				t.Fatalf("mention %q has invalid span %+v for text of %d bytes", m.Text, m.Span, len(text))
			}
			if text[m.Span.Begin:m.Span.End] != m.Text {
				t.Errorf("mention %q != text[%d:%d] = %q", m.Text, m.Span.Begin, m.Span.End, text[m.Span.Begin:m.Span.End])
			}
			if m.Span.Begin < len(text) && !utf8.RuneStart(text[m.Span.Begin]) || m.Span.End < len(text) && !utf8.RuneStart(text[m.Span.End]) {
				t.Errorf("mention %q span %+v not on rune boundaries", m.Text, m.Span)
			}
			if m.Score < 0 || m.Score > 1 {
				t.Errorf("mention %q score %v outside [0,1]", m.Text, m.Score)
			}
		}
	}
}

// TestOffsetsProperty runs random Unicode text through Extract and checks
// every span.
func TestOffsetsProperty(t *testing.T) {
	ex := loadTest(t)
	pieces := []string{"Tokyo", "Moscow", "the", "said", "on", "Wednesday", "May 10", "$5", "5%", "ICC", "(", ")", ",", ".", " ",
		"  ", "\r\n", "\n\n", "😀", "👩\u200d🚀", "東京", "日本", "e\u0301", "n\u0303o", "’s", "“", "”", "Jean-Pierre", "U.S.",
		"à", "Ω", "\u200b", "\t", "1,500", "eight", "\xff", "International Criminal Court", "Dr."}
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 300; iter++ {
		var b strings.Builder
		n := 1 + rng.IntN(60)
		for k := 0; k < n; k++ {
			if rng.IntN(5) == 0 {
				b.WriteRune(rune(rng.IntN(0x2FFFF)))
				continue
			}
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		text := b.String()
		ents, err := ex.Extract(context.Background(), text, analysis.EntityOptions{ReferenceTime: ref})
		if err != nil {
			t.Fatalf("Extract(%q) error: %v", text, err)
		}
		checkEntities(t, text, ents)
	}
}

// TestLongText processes 1 MB whole: mentions appear to the very end.
func TestLongText(t *testing.T) {
	ex := loadTest(t)
	seed := readSeed(t)
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(seed)
		b.WriteString("\n\n")
	}
	b.WriteString("Finally, Angela Merkel visited Berlin on Friday.")
	text := b.String()
	ents, err := ex.Extract(context.Background(), text, analysis.EntityOptions{ReferenceTime: ref})
	if err != nil {
		t.Fatal(err)
	}
	last := 0
	for _, e := range ents {
		for _, m := range e.Mentions {
			last = max(last, m.Span.End)
		}
	}
	if want := strings.LastIndex(text, "Friday") + len("Friday"); last != want {
		t.Errorf("Extract(1 MB): last mention ends at %d, want %d (truncated?)", last, want)
	}
	checkEntities(t, text, ents)
}

func TestContextCanceled(t *testing.T) {
	ex := loadTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ex.Extract(ctx, readSeed(t), analysis.EntityOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Extract(canceled ctx) error = %v, want context.Canceled", err)
	}
}

func TestConcurrent(t *testing.T) {
	ex := loadTest(t)
	text := readSeed(t)
	want, err := ex.Extract(context.Background(), text, analysis.EntityOptions{ReferenceTime: ref})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				got, err := ex.Extract(context.Background(), text, analysis.EntityOptions{ReferenceTime: ref})
				if err != nil || summarize(got) != summarize(want) {
					errs <- fmt.Sprintf("concurrent Extract = %s, %v; want %s", summarize(got), err, summarize(want))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestInfo(t *testing.T) {
	info := loadTest(t).Info()
	if info.Stage != "entities" || len(info.Languages) != 1 || info.Languages[0] != "en" || info.Version == "" {
		t.Errorf("Info() = %+v, want stage entities, languages [en], a version", info)
	}
}

func TestEmpty(t *testing.T) {
	ex := loadTest(t)
	for _, in := range []string{"", "   ", "\n\n", "the and of"} {
		ents, err := ex.Extract(context.Background(), in, analysis.EntityOptions{})
		if err != nil || len(ents) != 0 {
			t.Errorf("Extract(%q) = %v, %v; want no entities", in, summarize(ents), err)
		}
	}
}

// TestManyDefinitions guards against quadratic work on texts full of
// abbreviations and names (1 MB).
func TestManyDefinitions(t *testing.T) {
	ex := loadTest(t)
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "The Alpha Beta Council %d (ABC) met ABC and Mr. John Smith%d; Smith%d said X, or XYZ. ", i, i%97, i%89)
	}
	text := b.String()
	ents, err := ex.Extract(context.Background(), text, analysis.EntityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntities(t, text, ents)
}

// TestCurrencyPrefix checks the one overlap between entities: a dollar's
// country that the tagger finds as a MISC name (CoNLL's convention) stays a
// name and also begins the MONEY amount.
func TestCurrencyPrefix(t *testing.T) {
	ex := loadTest(t)
	in := "Canadian miner Inco Ltd raised C$ 50 million on Tuesday, it said in Toronto."
	ents, err := ex.Extract(context.Background(), in, analysis.EntityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var misc, money bool
	for _, e := range ents {
		for _, m := range e.Mentions {
			switch {
			case e.Type == analysis.EntityMisc && m.Text == "C$":
				misc = true
			case e.Type == analysis.EntityMoney && m.Text == "C$ 50 million":
				money = e.Value != nil && e.Value.Currency == "CAD" && e.Value.Number == 5e7
			}
		}
	}
	if !misc || !money {
		t.Errorf("Extract(%q) = %s, want MISC \"C$\" and MONEY \"C$ 50 million\" (CAD 50000000)", in, summarize(ents))
	}
}
