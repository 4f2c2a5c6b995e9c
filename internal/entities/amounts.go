package entities

import (
	"strconv"
	"strings"

	"github.com/docsift/docsift/internal/analysis"
)

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
