package placesdata

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/places"
)

// MasakhaneFile is the BBC news set the hand annotations refer to, under the
// data folder.
const MasakhaneFile = "topics/masakhane/dev.tsv"

// HandSetRows is how many leading rows of MasakhaneFile were annotated
// (decided before scoring: the first 12, any category).
const HandSetRows = 12

// LoadHandSet reads the hand annotations (testdata/handset.tsv format) and
// the texts they refer to: the first HandSetRows rows of the masakhane file
// (headline, blank line, body; URL on bbc.co.uk) and the seed article.
func LoadHandSet(annotations io.Reader, masakhane io.Reader, seed string, x *places.Index) ([]GoldDoc, error) {
	cr := csv.NewReader(masakhane)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("placesdata: masakhane: %w", err)
	}
	if len(rows) < HandSetRows+1 {
		return nil, fmt.Errorf("placesdata: masakhane: %d rows, want %d", len(rows), HandSetRows+1)
	}
	docs := map[string]*GoldDoc{}
	var order []string
	for i := 0; i < HandSetRows; i++ {
		r := rows[i+1]
		if len(r) < 4 {
			return nil, fmt.Errorf("placesdata: masakhane row %d: %d fields", i, len(r))
		}
		k := strconv.Itoa(i)
		docs[k] = &GoldDoc{Name: "masakhane-" + k, Text: r[1] + "\n\n" + r[2], URL: "https://www.bbc.co.uk" + r[3]}
		order = append(order, k)
	}
	docs["seed"] = &GoldDoc{Name: "seed", Text: seed}
	order = append(order, "seed")

	err = scanTSV(annotations, "handset", 5, func(f []string) error {
		d := docs[f[0]]
		id, err := strconv.ParseInt(f[2], 10, 64)
		if d == nil || err != nil || (f[3] != "in" && f[3] != "near") {
			return fmt.Errorf("bad doc, id or where in %q", f)
		}
		pi := x.FindID(id)
		if pi < 0 {
			return fmt.Errorf("GeoNames id %d not in the index", id)
		}
		var except []string
		if f[4] != "" {
			except = strings.Split(f[4], ";")
		}
		spans := occurrences(d.Text, f[1], except)
		if len(spans) == 0 {
			return fmt.Errorf("%q does not occur in doc %s", f[1], f[0])
		}
		for _, sp := range spans {
			g := GoldToponym{Span: sp, Text: f[1], Type: analysis.EntityLocation, Place: pi, Near: -1, Link: f[2]}
			if f[3] == "near" {
				g.Place, g.Near = -1, pi
			}
			d.Toponyms = append(d.Toponyms, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]GoldDoc, 0, len(order))
	for _, k := range order {
		out = append(out, *docs[k])
	}
	return out, nil
}

// occurrences returns the whole-word occurrences of s in text that are not
// inside one of the except phrases.
func occurrences(text, s string, except []string) []analysis.Span {
	var out []analysis.Span
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return out
		}
		b, e := i+j, i+j+len(s)
		i = b + 1
		if r, _ := utf8.DecodeLastRuneInString(text[:b]); b > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[e:]); e < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		inside := false
		for _, x := range except {
			for k := max(0, e-len(x)); k <= b && k+len(x) <= len(text); k++ {
				if text[k:k+len(x)] == x {
					inside = true
					break
				}
			}
		}
		if !inside {
			out = append(out, analysis.Span{Begin: b, End: e})
		}
	}
}

// OpenHandSet loads the hand-annotated set from the data folder, the
// annotation file and the seed file.
func OpenHandSet(dataDir, annotationsPath, seedPath string, x *places.Index) ([]GoldDoc, error) {
	a, err := os.Open(annotationsPath)
	if err != nil {
		return nil, fmt.Errorf("placesdata: %w", err)
	}
	defer a.Close()
	m, err := os.Open(dataDir + "/" + MasakhaneFile)
	if err != nil {
		return nil, fmt.Errorf("placesdata: %w", err)
	}
	defer m.Close()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		return nil, fmt.Errorf("placesdata: %w", err)
	}
	return LoadHandSet(a, m, string(seed), x)
}
