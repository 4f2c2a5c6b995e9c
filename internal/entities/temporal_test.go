package entities

import (
	"context"
	"testing"
	"time"

	"github.com/docsift/docsift/internal/analysis"
)

// ref is a Wednesday.
var ref = time.Date(2022, 4, 27, 9, 0, 0, 0, time.UTC)

func TestRules(t *testing.T) {
	tests := []struct {
		in     string
		ref    time.Time
		text   string // the mention
		typ    analysis.EntityType
		value  string // "" means no value
		number float64
		curr   string
	}{
		{"Moscow said on Wednesday it would go.", ref, "Wednesday", analysis.EntityDate, "2022-04-27", 0, ""},
		{"They left on Saturday and came back.", ref, "Saturday", analysis.EntityDate, "2022-04-23", 0, ""},
		{"Talks will begin on Thursday.", ref, "Thursday", analysis.EntityDate, "2022-04-28", 0, ""},
		{"They must leave by May 10, in response.", ref, "May 10", analysis.EntityDate, "2022-05-10", 0, ""},
		{"The war began on February 24.", ref, "February 24", analysis.EntityDate, "2022-02-24", 0, ""},
		{"It opened on 3 March 2021 downtown.", ref, "3 March 2021", analysis.EntityDate, "2021-03-03", 0, ""},
		{"It opened on March 3, 2021, downtown.", ref, "March 3, 2021", analysis.EntityDate, "2021-03-03", 0, ""},
		{"Earlier this month, Japan acted.", ref, "Earlier this month", analysis.EntityDate, "2022-04-01/2022-04-27", 0, ""},
		{"In early March, prosecutors acted.", ref, "early March", analysis.EntityDate, "2022-03-01/2022-03-10", 0, ""},
		{"They return in early May.", ref, "early May", analysis.EntityDate, "2022-05-01/2022-05-10", 0, ""},
		{"It was founded in 1961 under a deal.", ref, "1961", analysis.EntityDate, "1961", 1961, ""},
		{"Sales fell last year.", ref, "last year", analysis.EntityDate, "2021", 2021, ""},
		{"It happened yesterday.", ref, "yesterday", analysis.EntityDate, "2022-04-26", 0, ""},
		{"It happened three days ago.", ref, "three days ago", analysis.EntityDate, "2022-04-24", 0, ""},
		{"Filed 1996-08-22 in Brussels.", ref, "1996-08-22", analysis.EntityDate, "1996-08-22", 0, ""},
		{"Music of the 1990s was loud.", ref, "1990s", analysis.EntityDate, "1990/1999", 0, ""},
		{"They met on Wednesday.", time.Time{}, "Wednesday", analysis.EntityDate, "", 0, ""},
		{"The meeting starts at 10:30 a.m. sharp.", ref, "10:30 a.m.", analysis.EntityTime, "T10:30", 0, ""},
		{"Come at 3 pm please.", ref, "3 pm", analysis.EntityTime, "T15:00", 0, ""},
		{"It cost $1.5 million last week.", ref, "$1.5 million", analysis.EntityMoney, "USD 1500000", 1500000, "USD"},
		{"It cost 20 euros only.", ref, "20 euros", analysis.EntityMoney, "EUR 20", 20, "EUR"},
		{"A £3bn deal.", ref, "£3bn", analysis.EntityMoney, "GBP 3000000000", 3e9, "GBP"},
		{"It raised C$ 50 million in Toronto.", ref, "C$ 50 million", analysis.EntityMoney, "CAD 50000000", 5e7, "CAD"},
		{"It paid HK$1.5 billion.", ref, "HK$1.5 billion", analysis.EntityMoney, "HKD 1500000000", 1.5e9, "HKD"},
		{"Prices rose 5% in March 2022.", ref, "5%", analysis.EntityPercent, "0.05", 5, ""},
		{"Prices rose 2.5 percent here.", ref, "2.5 percent", analysis.EntityPercent, "0.025", 2.5, ""},
		{"They expelled eight diplomats.", ref, "eight", analysis.EntityNumber, "8", 8, ""},
		{"About 1,500 people came.", ref, "1,500", analysis.EntityNumber, "1500", 1500, ""},
		{"Some twenty-five people came.", ref, "twenty-five", analysis.EntityNumber, "25", 25, ""},
		{"Nearly two million people came.", ref, "two million", analysis.EntityNumber, "2000000", 2e6, ""},
	}
	ex := loadTest(t)
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			ents, err := ex.Extract(context.Background(), tc.in, analysis.EntityOptions{ReferenceTime: tc.ref})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				for _, m := range e.Mentions {
					if m.Text != tc.text {
						continue
					}
					if e.Type != tc.typ {
						t.Errorf("Extract(%q): %q type %v, want %v", tc.in, m.Text, e.Type, tc.typ)
					}
					got := ""
					if e.Value != nil {
						got = e.Value.Text
						if e.Value.HasNumber && e.Value.Number != tc.number || tc.number != 0 && !e.Value.HasNumber {
							t.Errorf("Extract(%q): %q number %v (has %v), want %v", tc.in, m.Text, e.Value.Number, e.Value.HasNumber, tc.number)
						}
						if e.Value.Currency != tc.curr {
							t.Errorf("Extract(%q): %q currency %q, want %q", tc.in, m.Text, e.Value.Currency, tc.curr)
						}
					}
					if got != tc.value {
						t.Errorf("Extract(%q): %q value %q, want %q", tc.in, m.Text, got, tc.value)
					}
					return
				}
			}
			t.Errorf("Extract(%q) = %v, want a mention %q", tc.in, summarize(ents), tc.text)
		})
	}
}

func TestRulesNegative(t *testing.T) {
	ex := loadTest(t)
	for _, in := range []string{
		"May I come in?",
		"One of them left.",
		"The March on Rome.",
	} {
		ents, err := ex.Extract(context.Background(), in, analysis.EntityOptions{ReferenceTime: ref})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.Type >= analysis.EntityDate {
				t.Errorf("Extract(%q) = %v, want no date or number", in, summarize(ents))
			}
		}
	}
}
