package entities

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/docsift/docsift/internal/analysis"
)

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

// matchDate matches a date starting at token i; future says the sentence is
// in the future tense (a month-day without a year then lies ahead). Its
// steps are tried in order; each either answers (done) or leaves the token
// to the next.
func (rs *ruleScanner) matchDate(i int, future bool) (ruleMention, bool) {
	w := rs.lw(i)
	if m, ok := rs.isoDate(i, w); ok {
		return m, true
	}
	qual, k, m, ok := rs.periodQualifier(i, w)
	if ok {
		return m, true
	}
	if strings.HasPrefix(w, "mid-") && len(w) > 4 {
		if mo, ok := months[w[4:]]; ok && isCap(rs.toks[i].Text[4:]) {
			return rs.monthPeriod(i, i+1, mo, "mid", future)
		}
	}
	if mo, ok := months[rs.lw(k)]; ok && isCap(rs.toks[k].Text) {
		return rs.monthDate(i, k, mo, qual, future)
	}
	if qual == "" {
		if m, ok, done := rs.dayMonthDate(i, w, future); done {
			return m, ok
		}
	}
	if wd, ok := weekdays[strings.TrimSuffix(w, "s")]; ok && isCap(rs.toks[i].Text) {
		return rs.weekdayDate(i, wd, future)
	}
	if qual == "" {
		if m, ok, done := rs.relativeDate(i, w); done {
			return m, ok
		}
	}
	return rs.yearDate(i, k, w, qual)
}

// dateMention is a date mention of tokens [i, j) with value v (nil when
// there is no reference time to resolve it against).
func dateMention(i, j int, v *analysis.Value) (ruleMention, bool) {
	return ruleMention{i: i, j: j, typ: analysis.EntityDate, value: v}, true
}

// isoDate matches "2022-03-10".
func (rs *ruleScanner) isoDate(i int, w string) (ruleMention, bool) {
	if len(w) == 10 && w[4] == '-' && w[7] == '-' {
		y, ok1 := yearNum(w[:4])
		mo, ok2 := atoiSmall(w[5:7], 2)
		d, ok3 := atoiSmall(w[8:], 2)
		if ok1 && ok2 && ok3 && mo >= 1 && mo <= 12 && d >= 1 && d <= monthEnd(y, time.Month(mo)) {
			return dateMention(i, i+1, dateValue(y, time.Month(mo), d))
		}
	}
	return ruleMention{}, false
}

// periodQualifier reads a period qualifier at token i ("early March",
// "late 2002", "mid-May"): qual, and k the token it qualifies (i when there
// is none). "Earlier this month" and "later this year" are whole dates:
// they are returned as m, ok.
func (rs *ruleScanner) periodQualifier(i int, w string) (qual string, k int, m ruleMention, ok bool) {
	k = i
	switch w {
	case "early", "mid", "late", "mid-":
		qual, k = w, i+1
	case "earlier", "later":
		if rs.lw(i+1) == "this" {
			if u := rs.lw(i + 2); u == "month" || u == "year" || u == "week" {
				if rs.ref.IsZero() {
					m, ok = dateMention(i, i+3, nil)
					return qual, k, m, ok
				}
				start, end := periodOf(rs.ref, u, 0)
				r := refDay(rs.ref)
				if w == "earlier" {
					m, ok = dateMention(i, i+3, rangeValue(start, r))
				} else {
					m, ok = dateMention(i, i+3, rangeValue(r, end))
				}
				return qual, k, m, ok
			}
		}
	}
	return qual, k, ruleMention{}, false
}

// monthDate matches what starts with month mo at token k (after the
// qualifier qual at i, if any): Month day [, year], Month year, or the month
// alone where the context makes it a date.
func (rs *ruleScanner) monthDate(i, k int, mo time.Month, qual string, future bool) (ruleMention, bool) {
	ref := rs.ref
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
			if ref.IsZero() {
				return dateMention(i, j, nil)
			}
			y = pickYear(ref, mo, d, future)
		}
		if d > monthEnd(y, mo) {
			return ruleMention{}, false
		}
		return dateMention(i, j, dateValue(y, mo, d))
	}
	if y, ok := yearNum(rs.lw(k + 1)); ok {
		if qual != "" {
			return rs.periodValue(i, k+2, y, mo, qual)
		}
		return dateMention(i, k+2, &analysis.Value{Text: fmt.Sprintf("%04d-%02d", y, mo)})
	}
	prev := rs.lw(i - 1)
	if qual != "" || yearPreps[prev] || prev == "last" || prev == "next" || prev == "this" || prev == "of" {
		if rs.lw(i) == "may" && qual == "" && (prev == "and" || prev == "to") {
			return ruleMention{}, false
		}
		return rs.monthPeriod(i, k+1, mo, qual, future && prev != "last" || prev == "next")
	}
	return ruleMention{}, false
}

// dayMonthDate matches Day Month [year]: "10 May 2022". done reports that
// token i starts such a date, matched or (a day past the month's end) not.
func (rs *ruleScanner) dayMonthDate(i int, w string, future bool) (m ruleMention, ok, done bool) {
	d, ok := dayNum(w)
	if !ok {
		return ruleMention{}, false, false
	}
	mo, ok := months[rs.lw(i+1)]
	if !ok || !isCap(rs.toks[i+1].Text) {
		return ruleMention{}, false, false
	}
	j := i + 2
	y := 0
	if yy, ok := yearNum(rs.lw(j)); ok {
		y, j = yy, j+1
	} else if !rs.ref.IsZero() {
		y = pickYear(rs.ref, mo, d, future)
	} else {
		m, ok = dateMention(i, j, nil)
		return m, ok, true
	}
	if d > monthEnd(y, mo) {
		return ruleMention{}, false, true
	}
	m, ok = dateMention(i, j, dateValue(y, mo, d))
	return m, ok, true
}

// weekdayDate resolves weekday wd at token i, after "last"/"next"/"this"
// or by the tense.
func (rs *ruleScanner) weekdayDate(i int, wd time.Weekday, future bool) (ruleMention, bool) {
	if rs.ref.IsZero() {
		return dateMention(i, i+1, nil)
	}
	fut := future
	if p := rs.lw(i - 1); p == "next" {
		fut = true
	} else if p == "last" {
		fut = false
	}
	r := refDay(rs.ref)
	delta := int(wd - r.Weekday())
	if fut {
		if delta < 0 {
			delta += 7
		}
	} else if delta > 0 {
		delta -= 7
	}
	d := r.AddDate(0, 0, delta)
	return dateMention(i, i+1, dateValue(d.Year(), d.Month(), d.Day()))
}

// relativeDate matches dates relative to the reference: "today",
// "last month", "this weekend", "next summer", "three days ago". done
// reports an answer, a match or a refusal ("past year" is not a date).
func (rs *ruleScanner) relativeDate(i int, w string) (m ruleMention, ok, done bool) {
	ref := rs.ref
	has := !ref.IsZero()
	mk := func(j int, v *analysis.Value) (ruleMention, bool, bool) {
		m, ok := dateMention(i, j, v)
		return m, ok, true
	}
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
				return ruleMention{}, false, true
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
			return ruleMention{}, false, true
		}
		return mk(i+3, dateValue(d.Year(), d.Month(), d.Day()))
	}
	return ruleMention{}, false, false
}

// yearDate matches years ("in 1961", "early 2002": the year at token k,
// after the qualifier qual at i) and decades ("the 1990s").
func (rs *ruleScanner) yearDate(i, k int, w, qual string) (ruleMention, bool) {
	if y, ok := yearNum(rs.lw(k)); ok {
		prev := rs.lw(i - 1)
		if qual != "" {
			return rs.periodValue(i, k+1, y, 0, qual)
		}
		if yearPreps[prev] || prev == "," && rs.isDateTok(i-2) {
			if y >= 1800 && y <= 2100 {
				return dateMention(i, k+1, &analysis.Value{Text: strconv.Itoa(y), Number: float64(y), HasNumber: true})
			}
		}
	}
	if len(w) == 5 && w[4] == 's' {
		if y, ok := yearNum(w[:4]); ok && y%10 == 0 && y >= 1800 {
			return dateMention(i, i+1, &analysis.Value{Text: fmt.Sprintf("%04d/%04d", y, y+9)})
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
