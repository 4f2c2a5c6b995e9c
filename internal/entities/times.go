package entities

import (
	"fmt"
	"strings"

	"github.com/docsift/docsift/internal/analysis"
)

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
