package entities

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

// ruleMention is a DATE, TIME, MONEY, PERCENT or NUMBER found by the rules,
// over tokens [i, j) of a sentence.
type ruleMention struct {
	i, j  int
	typ   analysis.EntityType
	value *analysis.Value
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
	"sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
}

var smallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}

var scales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mln": 1e6, "bln": 1e9, "bn": 1e9, "m": 1e6, "k": 1e3, "tn": 1e12,
}

var currencyWords = map[string]string{
	"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR",
	"pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY",
	"yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rupee": "INR", "rupees": "INR", "inr": "INR",
	"franc": "CHF", "francs": "CHF", "chf": "CHF", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
	"rubles": "RUB", "rub": "RUB", "won": "KRW", "krw": "KRW", "cents": "USD", "cad": "CAD", "aud": "AUD",
}

var currencySymbols = map[string]string{
	"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW",
	"a$": "AUD", "c$": "CAD", "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "nt$": "TWD", "r$": "BRL",
	"rs": "INR", "rs.": "INR",
}

// yearPreps precede a bare year ("in 1961").
var yearPreps = map[string]bool{
	"in": true, "since": true, "by": true, "until": true, "till": true, "from": true, "of": true,
	"before": true, "after": true, "during": true, "through": true, "to": true, "and": true,
	"early": true, "late": true, "mid": true, "mid-": true, "year": true, "between": true, "circa": true,
	"throughout": true, "in-": true, "fiscal": true, "around": true,
}

// seasons start (northern hemisphere, meteorological) in these months.
var seasons = map[string]time.Month{"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

var futureCues = map[string]bool{
	"will": true, "'ll": true, "shall": true, "going": true, "scheduled": true, "expected": true,
	"plans": true, "plan": true, "planned": true, "upcoming": true, "due": true, "next": true, "wo": true,
}

// lowerTok returns the normalised lower-case form of a token, using buf.
func lowerTok(buf []byte, s string) []byte {
	for _, r := range s {
		buf = utf8.AppendRune(buf, lowerRune(normRune(r)))
	}
	return buf
}

// ruleStarts holds every lower-cased token other than numerals that can
// start a rule (matchDate, matchTime, matchAmount): most tokens are none
// of them and skip the rules after one lookup. TestRuleFilterExact checks
// the filter against the unfiltered scan.
var ruleStarts = func() map[string]bool {
	m := map[string]bool{}
	for w := range months {
		m[w] = true
	}
	for w := range weekdays {
		m[w], m[w+"s"] = true, true
	}
	for w := range smallNumbers {
		m[w] = true
	}
	for w := range currencySymbols {
		m[w] = true
	}
	for w := range currencyWords {
		m[w] = true
	}
	for _, w := range []string{"early", "mid", "late", "mid-", "earlier", "later", "today", "tonight",
		"yesterday", "tomorrow", "this", "last", "next", "past", "noon", "midday", "midnight",
		"us", "hk", "a", "an", "c", "s"} {
		m[w] = true
	}
	return m
}()

// mayStartRule reports whether a rule can match at a token (lower-cased).
func mayStartRule(w string) bool {
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' || ruleStarts[w] {
		return true
	}
	if strings.HasPrefix(w, "mid-") {
		return true
	}
	// "twenty-five".
	if h := strings.IndexByte(w, '-'); h > 0 && ruleStarts[w[:h]] {
		return true
	}
	return false
}

// ruleScanner holds what the rules need for one sentence.
type ruleScanner struct {
	noFilter bool // tests: try every token
	toks     []Token
	low      []string // lower-cased token texts
	ref      time.Time
	out      []ruleMention
	lbuf     []byte
	offs     []int
}

func (rs *ruleScanner) lw(i int) string {
	if i < 0 || i >= len(rs.low) {
		return ""
	}
	return rs.low[i]
}

// scanRules finds rule mentions in one sentence's tokens.
func (rs *ruleScanner) scan(toks []Token, ref time.Time) []ruleMention {
	rs.toks, rs.ref, rs.out = toks, ref, rs.out[:0]
	// One string per sentence holds every lower-cased token, so that the
	// rules can slice it without an allocation per token.
	rs.lbuf = rs.lbuf[:0]
	rs.offs = rs.offs[:0]
	for _, t := range toks {
		rs.lbuf = lowerTok(rs.lbuf, t.Text)
		rs.offs = append(rs.offs, len(rs.lbuf))
	}
	all := string(rs.lbuf)
	rs.low = rs.low[:0]
	prev := 0
	for _, o := range rs.offs {
		rs.low = append(rs.low, all[prev:o])
		prev = o
	}
	future := false
	for i := 0; i < len(toks); {
		if futureCues[rs.low[i]] {
			future = true
		}
		if !rs.noFilter && !mayStartRule(rs.low[i]) {
			i++
			continue
		}
		m, ok := rs.match(i, future)
		if !ok {
			i++
			continue
		}
		// "will ... on Thursday" needs the cue before the date only.
		rs.out = append(rs.out, m)
		i = m.j
	}
	return rs.out
}

func (rs *ruleScanner) match(i int, future bool) (ruleMention, bool) {
	if m, ok := rs.matchDate(i, future); ok {
		return m, true
	}
	if m, ok := rs.matchTime(i); ok {
		return m, true
	}
	if m, ok := rs.matchAmount(i); ok {
		return m, true
	}
	return ruleMention{}, false
}

func isCap(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func atoiSmall(s string, maxLen int) (int, bool) {
	if len(s) == 0 || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
