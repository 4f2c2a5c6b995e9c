package languagedata

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/docsift/docsift/internal/analysis"
)

// Kinds of text, the shapes of news on which language detectors fail. A
// line is given the first kind that fits, in this order.
const (
	// KindHeadline is a line mostly in capitals ("TENNIS - RESULTS AT
	// HAMLET CUP .").
	KindHeadline = "capitals"
	// KindDateline is a short line with a date ("LONDON 1996-08-30",
	// "Tuesday, 4 March 2024").
	KindDateline = "dateline"
	// KindTable is a score line, a table row or standings: at least a
	// quarter of its tokens are numbers ("Portsmouth 1 Queens Park
	// Rangers 2").
	KindTable = "table/scores"
	// KindList is a list item ("- MIDEAST GULF / RED SEA", "1. Jesper
	// Ronnback ( Sweden )").
	KindList = "list"
	// KindNames is a line where most words are capitalised (names).
	KindNames = "names"
	// KindShort is any other line under 100 letters: a short sentence.
	KindShort = "short"
	// KindProse is any other line: running text.
	KindProse = "prose"
	// KindDocument is a whole document as sent.
	KindDocument = "document"
)

// Kinds lists the kinds in report order.
var Kinds = []string{KindDocument, KindProse, KindShort, KindNames, KindList, KindTable, KindDateline, KindHeadline}

var (
	dateRe     = regexp.MustCompile(`\b(1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|(?i)\b\d{1,2}\.? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b`)
	listItemRe = regexp.MustCompile(`^\s*([-*•–·]|\d{1,3}[.)])\s`)
)

// KindOf sorts one line of text into a kind (not KindDocument).
func KindOf(line string) string {
	letters, upper := 0, 0
	for _, r := range line {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	words := strings.Fields(line)
	numbers, capital, wordsWithLetters := 0, 0, 0
	for _, w := range words {
		r := []rune(w)
		switch {
		case unicode.IsDigit(r[0]):
			numbers++
		case unicode.IsLetter(r[0]):
			wordsWithLetters++
			if unicode.IsUpper(r[0]) {
				capital++
			}
		}
	}
	switch {
	case letters >= 8 && upper*10 >= letters*6:
		return KindHeadline
	case len(words) <= 8 && dateRe.MatchString(line):
		return KindDateline
	case numbers*4 >= len(words):
		return KindTable
	case listItemRe.MatchString(line):
		return KindList
	case wordsWithLetters >= 3 && capital*2 > wordsWithLetters:
		return KindNames
	case letters < 100:
		return KindShort
	}
	return KindProse
}

// Unit is one text the detector is scored on: a whole document or one of
// its lines.
type Unit struct {
	Set, Name, Lang, Kind, Text string
}

// minUnitLetters is the fewest letters a line needs to be scored: lines of
// only numbers or punctuation say nothing of a language and a client never
// sends them alone.
const minUnitLetters = 3

// Units returns each document as a unit of KindDocument, and each of its
// lines with at least minUnitLetters letters as a unit of its kind.
func Units(docs []Doc) []Unit {
	var out []Unit
	for _, d := range docs {
		out = append(out, Unit{Set: d.Set, Name: d.Name, Lang: d.Lang, Kind: KindDocument, Text: d.Text})
		for line := range strings.SplitSeq(d.Text, "\n") {
			line = strings.TrimSpace(line)
			n := 0
			for _, r := range line {
				if unicode.IsLetter(r) {
					n++
				}
			}
			if n < minUnitLetters {
				continue
			}
			out = append(out, Unit{Set: d.Set, Name: d.Name, Lang: d.Lang, Kind: KindOf(line), Text: line})
		}
	}
	return out
}

// Outcome is what the served path does with one text for an English-only
// model: detect, then gate.
type Outcome struct {
	Code       string
	Confidence float64
	// Refused means the stage is withheld; Flagged that it runs with a
	// LANGUAGE_UNCERTAIN warning.
	Refused, Flagged bool
}

// Judge detects text's language with d and applies the pipeline's gate for
// a model that supports English only, as the served path does when the
// client gives no languageCode.
func Judge(d analysis.LanguageDetector, text string) Outcome {
	code, conf := d.Detect(text)
	run, w := analysis.GateLanguage(analysis.StageEntities, analysis.ModelInfo{Name: "en-only", Languages: []string{"en"}}, code, conf, text)
	return Outcome{Code: code, Confidence: conf, Refused: !run, Flagged: run && w != nil}
}

// Tally counts outcomes for one group of units.
type Tally struct {
	N, Correct, Refused, Flagged, Silent int
	// MaxWrong is the highest confidence of a wrong guess: for English,
	// how close the set came to losing a stage (refusal at 0.5).
	MaxWrong float64
}

// Add counts one outcome for a unit in language lang. Silent counts units
// run with no warning although they are not English: the gate's misses.
func (t *Tally) Add(lang string, o Outcome) {
	t.N++
	if o.Code == lang {
		t.Correct++
	} else {
		t.MaxWrong = max(t.MaxWrong, o.Confidence)
	}
	switch {
	case o.Refused:
		t.Refused++
	case o.Flagged:
		t.Flagged++
	case lang != "en":
		t.Silent++
	}
}

// Accuracy is the share of units detected as their language.
func (t Tally) Accuracy() float64 {
	if t.N == 0 {
		return 0
	}
	return float64(t.Correct) / float64(t.N)
}

// Report scores units: per set and per kind, English and the other
// languages apart.
type Report struct {
	// BySet is keyed by set and language group ("en", "other"), documents only.
	BySet map[[2]string]*Tally
	// ByKind is keyed by kind and language group.
	ByKind map[[2]string]*Tally
	// Lost lists the English documents that lost a stage, and Missed the
	// non-English documents that ran silently, as "set/lang: text start".
	Lost, Missed []string
}

// Evaluate judges every unit with d.
func Evaluate(d analysis.LanguageDetector, units []Unit) *Report {
	r := &Report{BySet: map[[2]string]*Tally{}, ByKind: map[[2]string]*Tally{}}
	get := func(m map[[2]string]*Tally, k [2]string) *Tally {
		t := m[k]
		if t == nil {
			t = &Tally{}
			m[k] = t
		}
		return t
	}
	for _, u := range units {
		o := Judge(d, u.Text)
		group := "en"
		if u.Lang != "en" {
			group = "other"
		}
		get(r.ByKind, [2]string{u.Kind, group}).Add(u.Lang, o)
		if u.Kind != KindDocument {
			continue
		}
		get(r.BySet, [2]string{u.Set, group}).Add(u.Lang, o)
		head := strings.Join(strings.Fields(u.Text), " ")
		if len([]rune(head)) > 70 {
			head = string([]rune(head)[:70]) + "..."
		}
		switch {
		case u.Lang == "en" && o.Refused:
			r.Lost = append(r.Lost, fmt.Sprintf("%s %s (%s) as %s %.2f: %s", u.Set, u.Name, u.Lang, o.Code, o.Confidence, head))
		case u.Lang != "en" && !o.Refused && !o.Flagged:
			r.Missed = append(r.Missed, fmt.Sprintf("%s %s (%s) as %s %.2f: %s", u.Set, u.Name, u.Lang, o.Code, o.Confidence, head))
		}
	}
	return r
}

// Write prints the report as two tables.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintln(w, "Documents per set (gate for an English-only model; client sends no languageCode):")
	fmt.Fprintf(w, "%-18s %-6s %6s %9s %8s %8s %7s %9s\n", "set", "lang", "docs", "detected", "refused", "flagged", "silent", "max wrong")
	keys := make([][2]string, 0, len(r.BySet))
	for k := range r.BySet {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][1] != keys[j][1] {
			return keys[i][1] < keys[j][1]
		}
		return keys[i][0] < keys[j][0]
	})
	for _, k := range keys {
		t := r.BySet[k]
		fmt.Fprintf(w, "%-18s %-6s %6d %8.1f%% %8d %8d %7d %9.2f\n", k[0], k[1], t.N, 100*t.Accuracy(), t.Refused, t.Flagged, t.Silent, t.MaxWrong)
	}
	fmt.Fprintln(w, "\nDetection per kind of text (detected = guessed as its own language):")
	fmt.Fprintf(w, "%-14s %-6s %7s %9s %8s %8s %7s %9s\n", "kind", "lang", "texts", "detected", "refused", "flagged", "silent", "max wrong")
	for _, g := range []string{"en", "other"} {
		for _, kind := range Kinds {
			t := r.ByKind[[2]string{kind, g}]
			if t == nil {
				continue
			}
			fmt.Fprintf(w, "%-14s %-6s %7d %8.1f%% %8d %8d %7d %9.2f\n", kind, g, t.N, 100*t.Accuracy(), t.Refused, t.Flagged, t.Silent, t.MaxWrong)
		}
	}
	fmt.Fprintf(w, "\nEnglish documents that lost a stage: %d\n", len(r.Lost))
	for _, s := range r.Lost {
		fmt.Fprintln(w, "  ", s)
	}
	fmt.Fprintf(w, "Non-English documents run with no warning: %d\n", len(r.Missed))
	for _, s := range r.Missed {
		fmt.Fprintln(w, "  ", s)
	}
}
