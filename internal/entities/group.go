package entities

import (
	"context"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

// mention is one found mention before grouping; ti, tj are token indices.
type mention struct {
	begin, end int
	ti, tj     int
	typ        analysis.EntityType
	score      float64
	value      *analysis.Value
}

func (m mention) named() bool { return m.typ >= analysis.EntityPerson && m.typ <= analysis.EntityMisc }

var nameEntityTypes = [...]analysis.EntityType{analysis.EntityPerson, analysis.EntityOrganization, analysis.EntityLocation, analysis.EntityMisc}

// functionWords may sit inside a long name ("Ministry of Justice").
var functionWords = map[string]bool{
	"of": true, "the": true, "for": true, "and": true, "on": true, "in": true, "&": true, "de": true,
	"du": true, "des": true, "la": true, "le": true, "to": true, "at": true, "der": true, "von": true,
}

// isFunctionWord reports whether w is one of functionWords in any case,
// without allocating for the usual short, ASCII word.
func isFunctionWord(w string) bool {
	if len(w) > 8 {
		return false
	}
	var buf [8]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return functionWords[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return functionWords[string(buf[:len(w)])]
}

// isAcronym reports whether s is written like "ICC" or "UNAFEI".
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '&' && r != '.' {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2 && n <= 10
}

func acronymLetters(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsUpper(r) {
			out = append(out, r)
		}
	}
	return out
}

// initials returns the initials of the capitalised words of toks (and of
// their hyphenated parts), skipping function words.
func initials(toks []Token) []rune {
	var out []rune
	for _, t := range toks {
		if isFunctionWord(t.Text) {
			continue
		}
		for part := range strings.SplitSeq(t.Text, "-") {
			r, _ := utf8.DecodeRuneInString(part)
			if unicode.IsUpper(r) {
				out = append(out, r)
			}
		}
	}
	return out
}

func isSubsequence(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
}

// definitions finds "Long Name (ABBR)" and "Long Name, or ABBR" and makes the
// long form one mention; it returns the mentions and the aliases
// (normalised abbreviation -> normalised long name). ms must be sorted by
// position; so is the result.
func definitions(toks []Token, ms []mention) ([]mention, map[string]string) {
	type def struct {
		start, end, abbr int
		typ              analysis.EntityType
	}
	var defs []def
	var aliases map[string]string
	for k := 1; k < len(toks); k++ {
		if !isAcronym(toks[k].Text) {
			continue
		}
		var e int // exclusive end of the long form
		switch {
		case toks[k-1].Text == "(" && k+1 < len(toks) && toks[k+1].Text == ")":
			e = k - 1
		case k >= 2 && strings.EqualFold(toks[k-1].Text, "or") && toks[k-2].Text == ",":
			e = k - 2
		default:
			continue
		}
		if e <= 0 || !isCap(toks[e-1].Text) {
			continue
		}
		lo := e - 1
		for lo > 0 && e-lo < 24 && !toks[lo].SentStart {
			p := toks[lo-1].Text
			if !isCap(p) && !isFunctionWord(p) {
				break
			}
			lo--
		}
		if len(defs) > 0 && lo <= defs[len(defs)-1].abbr {
			lo = defs[len(defs)-1].abbr + 1
		}
		abbr := acronymLetters(toks[k].Text)
		start := -1
		for s := lo; s < e; s++ {
			r, _ := utf8.DecodeRuneInString(toks[s].Text)
			if r != abbr[0] || isFunctionWord(toks[s].Text) {
				continue
			}
			if in := initials(toks[s:e]); isSubsequence(abbr, in) && len(in) <= 2*len(abbr)+4 {
				start = s
				break
			}
		}
		if start < 0 || e-start < 2 {
			continue
		}
		// The long form's type: the tagger's majority over it, else the
		// abbreviation's, else organisation.
		var votes [analysis.EntityNumber + 1]int
		abbrType := analysis.EntityUnspecified
		for i := sort.Search(len(ms), func(i int) bool { return ms[i].tj > start }); i < len(ms) && ms[i].ti <= k; i++ {
			m := ms[i]
			if !m.named() {
				continue
			}
			if m.ti < e {
				votes[m.typ] += m.tj - m.ti
			} else if m.ti == k {
				abbrType = m.typ
			}
		}
		typ := analysis.EntityOrganization
		best := 0
		for _, t := range nameEntityTypes {
			if votes[t] > best {
				typ, best = t, votes[t]
			}
		}
		if best == 0 && abbrType != analysis.EntityUnspecified {
			typ = abbrType
		}
		defs = append(defs, def{start, e, k, typ})
		if aliases == nil {
			aliases = map[string]string{}
		}
		aliases[normName(toks[k].Text)] = normName(joinToks(toks[start:e]))
	}
	if len(defs) == 0 {
		return ms, nil
	}
	out := make([]mention, 0, len(ms)+2*len(defs))
	d := 0
	for _, m := range ms {
		for d < len(defs) && toks[defs[d].start].Begin <= m.begin {
			out = appendDef(out, toks, ms, defs[d].start, defs[d].end, defs[d].abbr, defs[d].typ)
			d++
		}
		if d > 0 && m.named() && m.ti < defs[d-1].end && m.tj > defs[d-1].start {
			continue // replaced by the long form
		}
		if d < len(defs) && m.named() && m.ti < defs[d].end && m.tj > defs[d].start {
			continue
		}
		if len(out) > 0 && out[len(out)-1].ti == m.ti && out[len(out)-1].tj == m.tj {
			continue // the abbreviation added by appendDef
		}
		out = append(out, m)
	}
	for ; d < len(defs); d++ {
		out = appendDef(out, toks, ms, defs[d].start, defs[d].end, defs[d].abbr, defs[d].typ)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].begin < out[b].begin })
	return out, aliases
}

// appendDef appends a definition's long form, and its abbreviation when the
// tagger did not find it.
func appendDef(out []mention, toks []Token, ms []mention, start, end, k int, typ analysis.EntityType) []mention {
	out = append(out, mention{begin: toks[start].Begin, end: toks[end-1].End, ti: start, tj: end, typ: typ, score: 0.9})
	if !hasMention(ms, k) {
		out = append(out, mention{begin: toks[k].Begin, end: toks[k].End, ti: k, tj: k + 1, typ: typ, score: 0.9})
	}
	return out
}

func hasMention(ms []mention, k int) bool {
	i := sort.Search(len(ms), func(i int) bool { return ms[i].tj > k })
	return i < len(ms) && ms[i].ti == k && ms[i].tj == k+1
}

func joinToks(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// normName is a grouping key: lower case, typographic quotes normalised,
// single spaces, no leading article, no possessive.
func normName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(lowerRune(normRune(r)))
	}
	k := strings.TrimPrefix(b.String(), "the ")
	return strings.TrimSuffix(k, " 's")
}

func cleanName(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\t' || c == '\n' || c == '\r' || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

type group struct {
	index int // in creation order
	ms    []mention
	key   string
	name  string
	typ   analysis.EntityType
	votes [analysis.EntityNumber + 1]int
	alive bool
}

// buildGroups groups mentions by their key, a last name alone with the
// earliest person whose name ends with it.
func buildGroups(ctx context.Context, text string, ms []mention, aliases map[string]string) ([]*group, error) {
	var groups []*group
	byKey := map[string]*group{}
	// byLast: the first group (in creation order) with a person vote whose
	// key's last word is the map key; what a last name alone refers to.
	// Groups only gain votes, so the first one found stays first until an
	// earlier group gains its first person vote.
	byLast := map[string]*group{}
	for i, m := range ms {
		if i%checkMentions == checkMentions-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		raw := text[m.begin:m.end]
		var key, nk string
		if m.named() {
			nk = normName(raw)
			if long, ok := aliases[nk]; ok {
				nk = long
			}
			// Names are grouped by type as well: "Atlanta" the city (a
			// dateline) and "Atlanta" the team (the Braves) in one sports
			// story are two entities, and a group's type is no longer a
			// vote that overrides the tagger's type of each mention.
			key = m.typ.String() + "|" + nk
		} else if m.value != nil {
			key = m.typ.String() + "|" + m.value.Text
		} else {
			key = m.typ.String() + "|" + normName(raw)
		}
		g := byKey[key]
		if g == nil && m.named() && m.tj-m.ti == 1 && !isAcronym(raw) {
			// A last name refers to an earlier full person name.
			g = byLast[nk]
		}
		if g == nil {
			g = &group{key: key, alive: true, index: len(groups)}
			groups = append(groups, g)
			byKey[key] = g
		}
		g.ms = append(g.ms, m)
		g.votes[m.typ]++
		if m.typ == analysis.EntityPerson && g.votes[m.typ] == 1 {
			// A token holds no space, so " "+nk ends a key exactly when nk
			// is the key's last word.
			if sp := strings.LastIndexByte(g.key, ' '); sp >= 0 {
				if last := g.key[sp+1:]; byLast[last] == nil || byLast[last].index > g.index {
					byLast[last] = g
				}
			}
		}
	}
	return groups, nil
}

// checkMentions is how many mentions grouping handles between checks of
// its context.
const checkMentions = 4096

// groupMentions groups mentions into entities with canonical names and
// salience, sorted by salience (highest first), ties by first mention.
func groupMentions(ctx context.Context, text string, ms []mention, aliases map[string]string) ([]analysis.Entity, error) {
	groups, err := buildGroups(ctx, text, ms, aliases)
	if err != nil {
		return nil, err
	}
	// Acronyms used without a definition: "ICC" for an earlier or later
	// "International Criminal Court".
	byInitials := map[string]*group{}
	var toks []Token
	for i, h := range groups {
		if i%checkMentions == checkMentions-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		hm := h.ms[0]
		if !hm.named() || hm.tj-hm.ti < 2 {
			continue
		}
		toks = Tokenize(text[hm.begin:hm.end], toks)
		if in := string(initials(toks)); len(in) >= 2 && byInitials[in] == nil {
			byInitials[in] = h
		}
	}
	for _, g := range groups {
		first := text[g.ms[0].begin:g.ms[0].end]
		if !g.ms[0].named() || !isAcronym(first) {
			continue
		}
		h := byInitials[string(acronymLetters(first))]
		if h == nil || h == g || !h.alive {
			continue
		}
		h.ms = append(h.ms, g.ms...)
		for t, v := range g.votes {
			h.votes[t] += v
		}
		g.alive = false
	}
	out := make([]analysis.Entity, 0, len(groups))
	var total float64
	raws := make([]float64, 0, len(groups))
	n := float64(len(text))
	for i, g := range groups {
		if i%checkMentions == checkMentions-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !g.alive {
			continue
		}
		sort.Slice(g.ms, func(a, b int) bool { return g.ms[a].begin < g.ms[b].begin })
		typ := g.ms[0].typ
		if g.ms[0].named() {
			best := 0
			for _, t := range nameEntityTypes {
				if g.votes[t] > best {
					typ, best = t, g.votes[t]
				}
			}
		}
		e := analysis.Entity{Type: typ, Mentions: make([]analysis.Mention, 0, len(g.ms))}
		var raw float64
		bestAny, bestName := "", ""
		for _, m := range g.ms {
			t := text[m.begin:m.end]
			e.Mentions = append(e.Mentions, analysis.Mention{Text: t, Span: analysis.Span{Begin: m.begin, End: m.end}, Score: m.score})
			c := cleanName(t)
			if utf8.RuneCountInString(c) > utf8.RuneCountInString(bestAny) {
				bestAny = c
			}
			if !isAcronym(c) && utf8.RuneCountInString(c) > utf8.RuneCountInString(bestName) {
				bestName = c
			}
			// Early mentions (title, lead) count more.
			w := 1.0
			if float64(m.begin) < 0.1*n || m.begin < 400 {
				w = 2
			}
			raw += w
		}
		e.Name = bestName
		if e.Name == "" {
			e.Name = bestAny
		}
		switch typ {
		case analysis.EntityDate, analysis.EntityTime:
			raw *= 0.4
		case analysis.EntityNumber:
			raw *= 0.25
		case analysis.EntityMoney, analysis.EntityPercent:
			raw *= 0.5
		case analysis.EntityMisc:
			// Mostly nationalities ("Japanese"): less central than the names.
			raw *= 0.6
		}
		e.Value = g.ms[0].value
		out = append(out, e)
		raws = append(raws, raw)
		total += raw
	}
	for i := range out {
		out[i].Salience = raws[i] / total
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Salience != out[b].Salience {
			return out[a].Salience > out[b].Salience
		}
		return out[a].Mentions[0].Span.Begin < out[b].Mentions[0].Span.Begin
	})
	return out, nil
}
