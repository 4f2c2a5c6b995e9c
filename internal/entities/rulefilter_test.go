package entities

import (
	"reflect"
	"testing"
	"time"
)

// TestRuleFilterExact: skipping the tokens that mayStartRule rejects finds
// exactly what trying the rules at every token finds, on sentences with
// every kind of rule and on the seed.
func TestRuleFilterExact(t *testing.T) {
	texts := []string{
		"It costs $ 1.5 million, US$ 20, USD 20, 20 euros, 5 cents, 3bn yen, £ 12, € 4.5, HK$ 3.",
		"Twenty-five people, two hundred thousand, a million, a dozen, one, 12 percent, 4 per cent, 7 pct, 9 %.",
		"On Mondays and last Tuesday, next week, this weekend, last summer, mid-May, mid- 2020, in 1961, the 1990s.",
		"At 10:30 a.m., 3 pm, noon, midnight, 7 o'clock GMT, 2022-03-10, 3 March 2021, March 3, 2021, three days ago.",
		"Earlier this month and later this year, early March, late 2002, today, tonight, yesterday, tomorrow.",
	}
	checkRuleFilter(t, append(texts, readTexts(t, "../../seeds/*.txt")...))
}

// checkRuleFilter compares the filtered and the unfiltered scan of texts,
// with and without a reference time.
func checkRuleFilter(t *testing.T, texts []string) {
	t.Helper()
	var filtered, all ruleScanner
	all.noFilter = true
	n := 0
	for _, ref := range []time.Time{{}, ref} {
		for _, text := range texts {
			toks := Tokenize(text, nil)
			for a := 0; a < len(toks); {
				b := a + 1
				for b < len(toks) && !toks[b].SentStart {
					b++
				}
				got := append([]ruleMention(nil), filtered.scan(toks[a:b], ref)...)
				want := all.scan(toks[a:b], ref)
				if (len(got) > 0 || len(want) > 0) && !reflect.DeepEqual(got, want) {
					t.Fatalf("sentence %q: filtered %+v, all tokens %+v", text[toks[a].Begin:toks[b-1].End], got, want)
				}
				n += len(want)
				a = b
			}
		}
	}
	if n == 0 {
		t.Fatal("no rule mention found at all")
	}
	t.Logf("%d texts, %d rule mentions, all equal", len(texts), n)
}
