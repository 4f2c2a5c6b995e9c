package entities

import (
	"fmt"
	"math"
	"strconv"
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
	"a$": "AUD", "c$": "CAD", "hk$": "HKD", "s$": "SGD", "nz$": "NZD", "rs": "INR", "rs.": "INR",
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

// dayNum parses "10", "10th", "1st".
func dayNum(s string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(s, suf) {
			s = s[:len(s)-2]
			break
		}
	}
	d, ok := atoiSmall(s, 2)
	return d, ok && d >= 1 && d <= 31
}

func yearNum(s string) (int, bool) {
	y, ok := atoiSmall(s, 4)
	return y, ok && len(s) == 4 && y >= 1000 && y <= 2199
}

func dateValue(y int, m time.Month, d int) *analysis.Value {
	return &analysis.Value{Text: fmt.Sprintf("%04d-%02d-%02d", y, m, d)}
}

func rangeValue(a, b time.Time) *analysis.Value {
	return &analysis.Value{Text: a.Format("2006-01-02") + "/" + b.Format("2006-01-02")}
}

// pickYear chooses the year of a month-day without one: the occurrence
// nearest the reference, before it for past tense and after it for future.
func pickYear(ref time.Time, m time.Month, d int, future bool) int {
	best, bestDist := ref.Year(), math.MaxFloat64
	for y := ref.Year() - 1; y <= ref.Year()+1; y++ {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		diff := t.Sub(ref).Hours() / 24
		dist := math.Abs(diff)
		// Tense shifts the choice by a month's tolerance.
		if future && diff < -31 || !future && diff > 31 {
			dist += 400
		}
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

func refDay(ref time.Time) time.Time {
	return time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
}

func monthEnd(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func (rs *ruleScanner) matchDate(i int, future bool) (ruleMention, bool) {
	w := rs.lw(i)
	ref := rs.ref
	has := !ref.IsZero()
	mk := func(j int, v *analysis.Value) (ruleMention, bool) {
		return ruleMention{i: i, j: j, typ: analysis.EntityDate, value: v}, true
	}
	// ISO dates "2022-03-10".
	if len(w) == 10 && w[4] == '-' && w[7] == '-' {
		y, ok1 := yearNum(w[:4])
		mo, ok2 := atoiSmall(w[5:7], 2)
		d, ok3 := atoiSmall(w[8:], 2)
		if ok1 && ok2 && ok3 && mo >= 1 && mo <= 12 && d >= 1 && d <= monthEnd(y, time.Month(mo)) {
			return mk(i+1, dateValue(y, time.Month(mo), d))
		}
	}
	// Period qualifiers: "early March", "late 2002", "mid-May".
	qual := ""
	k := i
	switch w {
	case "early", "mid", "late", "mid-":
		qual, k = w, i+1
	case "earlier", "later":
		// "Earlier this month", "later this year".
		if rs.lw(i+1) == "this" {
			if u := rs.lw(i + 2); u == "month" || u == "year" || u == "week" {
				if !has {
					return mk(i+3, nil)
				}
				start, end := periodOf(ref, u, 0)
				r := refDay(ref)
				if w == "earlier" {
					return mk(i+3, rangeValue(start, r))
				}
				return mk(i+3, rangeValue(r, end))
			}
		}
	}
	if strings.HasPrefix(w, "mid-") && len(w) > 4 {
		if mo, ok := months[w[4:]]; ok && isCap(rs.toks[i].Text[4:]) {
			return rs.monthPeriod(i, i+1, mo, "mid", future)
		}
	}
	if mo, ok := months[rs.lw(k)]; ok && isCap(rs.toks[k].Text) {
		// Month day [, year] | Month year | Month alone in context.
		if d, ok := dayNum(rs.lw(k + 1)); ok && qual == "" {
			j := k + 2
			y, hasYear := 0, false
			if rs.lw(j) == "," {
				if yy, ok := yearNum(rs.lw(j + 1)); ok {
					y, hasYear, j = yy, true, j+2
				}
			} else if yy, ok := yearNum(rs.lw(j)); ok {
				y, hasYear, j = yy, true, j+1
			}
			if !hasYear {
				if !has {
					return mk(j, nil)
				}
				y = pickYear(ref, mo, d, future)
			}
			if d > monthEnd(y, mo) {
				return ruleMention{}, false
			}
			return mk(j, dateValue(y, mo, d))
		}
		if y, ok := yearNum(rs.lw(k + 1)); ok {
			if qual != "" {
				return rs.periodValue(i, k+2, y, mo, qual)
			}
			return mk(k+2, &analysis.Value{Text: fmt.Sprintf("%04d-%02d", y, mo)})
		}
		prev := rs.lw(i - 1)
		if qual != "" || yearPreps[prev] || prev == "last" || prev == "next" || prev == "this" || prev == "of" {
			if w == "may" && qual == "" && (prev == "and" || prev == "to") {
				return ruleMention{}, false
			}
			return rs.monthPeriod(i, k+1, mo, qual, future && prev != "last" || prev == "next")
		}
		return ruleMention{}, false
	}
	// Day Month [year]: "10 May 2022".
	if d, ok := dayNum(w); ok && qual == "" {
		if mo, ok := months[rs.lw(i+1)]; ok && isCap(rs.toks[i+1].Text) {
			j := i + 2
			y := 0
			if yy, ok := yearNum(rs.lw(j)); ok {
				y, j = yy, j+1
			} else if has {
				y = pickYear(ref, mo, d, future)
			} else {
				return mk(j, nil)
			}
			if d > monthEnd(y, mo) {
				return ruleMention{}, false
			}
			return mk(j, dateValue(y, mo, d))
		}
	}
	// Weekdays, with "last"/"next"/"this".
	if wd, ok := weekdays[strings.TrimSuffix(w, "s")]; ok && isCap(rs.toks[i].Text) {
		if !has {
			return mk(i+1, nil)
		}
		fut := future
		if p := rs.lw(i - 1); p == "next" {
			fut = true
		} else if p == "last" {
			fut = false
		}
		r := refDay(ref)
		delta := int(wd - r.Weekday())
		if fut {
			if delta < 0 {
				delta += 7
			}
		} else if delta > 0 {
			delta -= 7
		}
		d := r.AddDate(0, 0, delta)
		return mk(i+1, dateValue(d.Year(), d.Month(), d.Day()))
	}
	if qual == "" {
		// Relative days.
		switch w {
		case "today", "tonight", "yesterday", "tomorrow":
			if !has {
				return mk(i+1, nil)
			}
			off := map[string]int{"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
			d := refDay(ref).AddDate(0, 0, off)
			return mk(i+1, dateValue(d.Year(), d.Month(), d.Day()))
		case "this", "last", "next", "past":
			u := rs.lw(i + 1)
			if u == "month" || u == "year" || u == "week" {
				if w == "past" {
					return ruleMention{}, false
				}
				if !has {
					return mk(i+2, nil)
				}
				off := map[string]int{"this": 0, "last": -1, "next": 1}[w]
				start, end := periodOf(ref, u, off)
				switch u {
				case "month":
					return mk(i+2, &analysis.Value{Text: start.Format("2006-01")})
				case "year":
					return mk(i+2, &analysis.Value{Text: start.Format("2006"), Number: float64(start.Year()), HasNumber: true})
				}
				return mk(i+2, rangeValue(start, end))
			}
		}
		// "this weekend", "last summer".
		if w == "this" || w == "last" || w == "next" {
			u := rs.lw(i + 1)
			off := map[string]int{"this": 0, "last": -1, "next": 1}[w]
			if u == "weekend" {
				if !has {
					return mk(i+2, nil)
				}
				r := refDay(ref)
				sat := r.AddDate(0, 0, (6-int(r.Weekday())+7)%7+7*off)
				return mk(i+2, rangeValue(sat, sat.AddDate(0, 0, 1)))
			}
			if sm, ok := seasons[u]; ok {
				if !has {
					return mk(i+2, nil)
				}
				y := ref.Year() + off
				if off == 0 && w == "this" && ref.Month() < sm && u == "winter" {
					y--
				}
				a := time.Date(y, sm, 1, 0, 0, 0, 0, time.UTC)
				return mk(i+2, rangeValue(a, a.AddDate(0, 3, -1)))
			}
		}
		// "N days ago".
		if _, ok := rs.count(i); ok && rs.lw(i+2) == "ago" && !has {
			switch strings.TrimSuffix(rs.lw(i+1), "s") {
			case "day", "week", "month", "year":
				return mk(i+3, nil)
			}
		}
		if n, ok := rs.count(i); ok && rs.lw(i+2) == "ago" && has {
			u := strings.TrimSuffix(rs.lw(i+1), "s")
			d := refDay(ref)
			switch u {
			case "day":
				d = d.AddDate(0, 0, -int(n))
			case "week":
				d = d.AddDate(0, 0, -7*int(n))
			case "month":
				return mk(i+3, &analysis.Value{Text: d.AddDate(0, -int(n), 0).Format("2006-01")})
			case "year":
				y := d.AddDate(-int(n), 0, 0).Year()
				return mk(i+3, &analysis.Value{Text: strconv.Itoa(y), Number: float64(y), HasNumber: true})
			default:
				return ruleMention{}, false
			}
			return mk(i+3, dateValue(d.Year(), d.Month(), d.Day()))
		}
	}
	// Years: "in 1961", "early 2002", "the 1990s".
	if y, ok := yearNum(rs.lw(k)); ok {
		prev := rs.lw(i - 1)
		if qual != "" {
			return rs.periodValue(i, k+1, y, 0, qual)
		}
		if yearPreps[prev] || prev == "," && rs.isDateTok(i-2) {
			if y >= 1800 && y <= 2100 {
				return mk(k+1, &analysis.Value{Text: strconv.Itoa(y), Number: float64(y), HasNumber: true})
			}
		}
	}
	if len(w) == 5 && w[4] == 's' {
		if y, ok := yearNum(w[:4]); ok && y%10 == 0 && y >= 1800 {
			return mk(i+1, &analysis.Value{Text: fmt.Sprintf("%04d/%04d", y, y+9)})
		}
	}
	return ruleMention{}, false
}

func (rs *ruleScanner) isDateTok(i int) bool {
	w := rs.lw(i)
	_, ok := weekdays[w]
	_, ok2 := months[w]
	_, ok3 := dayNum(w)
	return ok || ok2 || ok3
}

// periodOf returns the first and last day of the week, month or year that
// is off periods from ref's.
func periodOf(ref time.Time, unit string, off int) (time.Time, time.Time) {
	r := refDay(ref)
	switch unit {
	case "week":
		start := r.AddDate(0, 0, -((int(r.Weekday())+6)%7)+7*off) // weeks start on Monday
		return start, start.AddDate(0, 0, 6)
	case "month":
		start := time.Date(r.Year(), r.Month()+time.Month(off), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 1, -1)
	}
	start := time.Date(r.Year()+off, 1, 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(1, 0, -1)
}

// monthPeriod is a month without a year ("in March", "early May").
func (rs *ruleScanner) monthPeriod(i, j int, mo time.Month, qual string, future bool) (ruleMention, bool) {
	if rs.ref.IsZero() {
		return ruleMention{i: i, j: j, typ: analysis.EntityDate}, true
	}
	y := pickYear(rs.ref, mo, 15, future)
	if qual == "" {
		return ruleMention{i: i, j: j, typ: analysis.EntityDate, value: &analysis.Value{Text: fmt.Sprintf("%04d-%02d", y, mo)}}, true
	}
	return rs.periodValue(i, j, y, mo, qual)
}

// periodValue is the range of "early/mid/late" a month (mo > 0) or year.
func (rs *ruleScanner) periodValue(i, j, y int, mo time.Month, qual string) (ruleMention, bool) {
	var a, b time.Time
	if mo > 0 {
		last := monthEnd(y, mo)
		switch qual {
		case "early":
			a, b = time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), time.Date(y, mo, 10, 0, 0, 0, 0, time.UTC)
		case "late":
			a, b = time.Date(y, mo, 21, 0, 0, 0, 0, time.UTC), time.Date(y, mo, last, 0, 0, 0, 0, time.UTC)
		default:
			a, b = time.Date(y, mo, 11, 0, 0, 0, 0, time.UTC), time.Date(y, mo, 20, 0, 0, 0, 0, time.UTC)
		}
	} else {
		switch qual {
		case "early":
			a, b = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 4, 30, 0, 0, 0, 0, time.UTC)
		case "late":
			a, b = time.Date(y, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		default:
			a, b = time.Date(y, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 8, 31, 0, 0, 0, 0, time.UTC)
		}
	}
	return ruleMention{i: i, j: j, typ: analysis.EntityDate, value: rangeValue(a, b)}, true
}

// matchTime finds "10:30", "10:30 a.m.", "3 pm", "noon", "midnight".
func (rs *ruleScanner) matchTime(i int) (ruleMention, bool) {
	w := rs.lw(i)
	mk := func(j, h, m int) (ruleMention, bool) {
		return ruleMention{i: i, j: j, typ: analysis.EntityTime, value: &analysis.Value{Text: fmt.Sprintf("T%02d:%02d", h, m)}}, true
	}
	switch w {
	case "noon", "midday":
		return mk(i+1, 12, 0)
	case "midnight":
		return mk(i+1, 0, 0)
	}
	h, m, ok := -1, 0, false
	num := w
	ampm := ""
	for _, s := range []string{"a.m.", "p.m.", "am", "pm"} {
		if strings.HasSuffix(num, s) && len(num) > len(s) {
			ampm, num = s, num[:len(num)-len(s)]
			break
		}
	}
	if c := strings.IndexByte(num, ':'); c > 0 {
		var ok1, ok2 bool
		h, ok1 = atoiSmall(num[:c], 2)
		m, ok2 = atoiSmall(num[c+1:], 2)
		ok = ok1 && ok2 && len(num[c+1:]) == 2 && h < 24 && m < 60
	} else if hh, ok1 := atoiSmall(num, 2); ok1 && hh >= 1 && hh <= 12 {
		h, ok = hh, true
	}
	if !ok {
		return ruleMention{}, false
	}
	j := i + 1
	if ampm == "" {
		switch rs.lw(j) {
		case "a.m.", "am", "a.m", "p.m.", "pm", "p.m":
			ampm = rs.lw(j)
			j++
		case "o'clock":
			j++
		default:
			if !strings.Contains(num, ":") {
				return ruleMention{}, false
			}
		}
	}
	if strings.HasPrefix(ampm, "p") && h < 12 {
		h += 12
	}
	if strings.HasPrefix(ampm, "a") && h == 12 {
		h = 0
	}
	switch rs.lw(j) {
	case "gmt", "utc", "est", "edt", "pst", "pdt", "cet", "bst", "jst":
		j++
	}
	return mk(j, h, m)
}

// parseNum parses "1,500", "3.2", "1.5bn" (returning the scale suffix).
func parseNum(s string) (float64, string, bool) {
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == ',' || s[end] == '.') {
		end++
	}
	if end == 0 || s[0] < '0' || s[0] > '9' || s[end-1] == ',' || s[end-1] == '.' {
		return 0, "", false
	}
	digits := strings.ReplaceAll(s[:end], ",", "")
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, "", false
	}
	return v, s[end:], true
}

// count parses a cardinal at token i (digits or a word number), one token.
func (rs *ruleScanner) count(i int) (float64, bool) {
	w := rs.lw(i)
	if v, ok := smallNumbers[w]; ok {
		return v, true
	}
	if v, rest, ok := parseNum(w); ok && rest == "" {
		return v, true
	}
	return 0, false
}

// number parses a number phrase at i: "1,500", "1.5 million", "3bn",
// "twenty-five", "two hundred thousand". It returns the value, the end
// token and whether it was written in words.
func (rs *ruleScanner) number(i int) (float64, int, bool, bool) {
	w := rs.lw(i)
	if v, rest, ok := parseNum(w); ok {
		if rest != "" {
			s, ok := scales[rest]
			if !ok {
				return 0, 0, false, false
			}
			return v * s, i + 1, false, true
		}
		j := i + 1
		for {
			s, ok := scales[rs.lw(j)]
			if !ok || len(rs.lw(j)) < 3 {
				break
			}
			v *= s
			j++
		}
		return v, j, false, true
	}
	// Words.
	total, cur := 0.0, 0.0
	j := i
	any := false
	for ; j < len(rs.low); j++ {
		t := rs.low[j]
		if v, ok := smallNumbers[t]; ok {
			cur += v
			any = true
			continue
		}
		if h := strings.IndexByte(t, '-'); h > 0 {
			a, ok1 := smallNumbers[t[:h]]
			b, ok2 := smallNumbers[t[h+1:]]
			if ok1 && ok2 && a >= 20 && b < 10 {
				cur += a + b
				any = true
				continue
			}
		}
		if s, ok := scales[t]; ok && any && len(t) >= 3 {
			if cur == 0 {
				cur = 1
			}
			if s == 100 {
				cur *= s
			} else {
				total += cur * s
				cur = 0
			}
			continue
		}
		if t == "and" && any && j+1 < len(rs.low) {
			if _, ok := smallNumbers[rs.low[j+1]]; ok && cur >= 100 {
				continue
			}
		}
		break
	}
	if !any {
		// "a million", "a dozen".
		if (w == "a" || w == "an") && (rs.lw(i+1) == "million" || rs.lw(i+1) == "billion" || rs.lw(i+1) == "dozen" || rs.lw(i+1) == "hundred" || rs.lw(i+1) == "thousand") {
			s := scales[rs.lw(i+1)]
			if rs.lw(i+1) == "dozen" {
				s = 12
			}
			return s, i + 2, true, true
		}
		return 0, 0, false, false
	}
	return total + cur, j, true, true
}

// matchAmount finds MONEY, PERCENT and NUMBER.
func (rs *ruleScanner) matchAmount(i int) (ruleMention, bool) {
	w := rs.lw(i)
	// Currency symbol or code first: "$ 1.5 million", "US $ 20", "USD 20".
	j := i
	cur := ""
	if c, ok := currencySymbols[w]; ok {
		cur, j = c, i+1
	} else if (w == "us" || w == "hk" || w == "a" || w == "c" || w == "s") && rs.lw(i+1) == "$" {
		cur = currencySymbols[w+"$"]
		if cur == "" {
			cur = "USD"
		}
		j = i + 2
	} else if c, ok := currencyWords[w]; ok && len(w) == 3 && rs.toks[i].Text == strings.ToUpper(w) {
		cur, j = c, i+1
	}
	if cur != "" {
		if v, e, _, ok := rs.number(j); ok {
			return moneyMention(i, e, v, cur), true
		}
		return ruleMention{}, false
	}
	v, e, words, ok := rs.number(i)
	if !ok {
		return ruleMention{}, false
	}
	next := rs.lw(e)
	if next == "%" || next == "percent" || next == "pct" || next == "per" && rs.lw(e+1) == "cent" {
		end := e + 1
		if next == "per" {
			end = e + 2
		}
		return ruleMention{i: i, j: end, typ: analysis.EntityPercent, value: &analysis.Value{
			Text: strconv.FormatFloat(v/100, 'f', -1, 64), Number: v, HasNumber: true}}, true
	}
	if c, ok := currencyWords[next]; ok {
		if next == "cents" {
			v /= 100
		}
		return moneyMention(i, e+1, v, c), true
	}
	// A bare "one" is more often a pronoun than a number.
	if words && e == i+1 && (w == "one" || w == "zero") {
		return ruleMention{}, false
	}
	return ruleMention{i: i, j: e, typ: analysis.EntityNumber, value: &analysis.Value{
		Text: strconv.FormatFloat(v, 'f', -1, 64), Number: v, HasNumber: true}}, true
}

func moneyMention(i, j int, v float64, cur string) ruleMention {
	return ruleMention{i: i, j: j, typ: analysis.EntityMoney, value: &analysis.Value{
		Text: cur + " " + strconv.FormatFloat(v, 'f', -1, 64), Number: v, HasNumber: true, Currency: cur}}
}
