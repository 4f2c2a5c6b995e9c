package contentdata

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/docsift/docsift/internal/content"
)

// ReadabilityPage is one page of Mozilla Readability's test set.
type ReadabilityPage struct {
	Name string
	// Source is the page as served; Expected is the article's text, rendered
	// from expected.html with content.RenderText.
	Source, Expected string
	Meta             ReadabilityMeta
}

// ReadabilityMeta is a page's expected-metadata.json.
type ReadabilityMeta struct {
	Title         string `json:"title"`
	Byline        string `json:"byline"`
	Lang          string `json:"lang"`
	SiteName      string `json:"siteName"`
	PublishedTime string `json:"publishedTime"`
}

// LoadReadability reads every page of dir (data/boilerplate/readability),
// sorted by name.
func LoadReadability(dir string) ([]ReadabilityPage, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("contentdata: %w", err)
	}
	var pages []ReadabilityPage
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		d := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(filepath.Join(d, "source.html"))
		if err != nil {
			return nil, fmt.Errorf("contentdata: %w", err)
		}
		exp, err := os.ReadFile(filepath.Join(d, "expected.html"))
		if err != nil {
			return nil, fmt.Errorf("contentdata: %w", err)
		}
		p := ReadabilityPage{Name: e.Name(), Source: string(src), Expected: content.RenderText(string(exp))}
		if b, err := os.ReadFile(filepath.Join(d, "expected-metadata.json")); err == nil {
			if err := json.Unmarshal(b, &p.Meta); err != nil {
				return nil, fmt.Errorf("contentdata: %s: %w", e.Name(), err)
			}
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("contentdata: no pages in %s", dir)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Name < pages[j].Name })
	return pages, nil
}

// SnippetPage is one page of trafilatura's evaluation set.
type SnippetPage struct {
	// Name is the file name under eval/; URL the page's address.
	Name, URL string
	HTML      string
	// With must be kept, Without removed.
	With, Without []string
}

// Load reads both sets from a data folder (the one holding boilerplate/):
// the readability pages and the trafilatura pages, with the count of
// trafilatura entries that have no file.
func Load(dataDir string) (rp []ReadabilityPage, sp []SnippetPage, missing int, err error) {
	dir := filepath.Join(dataDir, "boilerplate")
	if rp, err = LoadReadability(filepath.Join(dir, "readability")); err != nil {
		return nil, nil, 0, err
	}
	if sp, missing, err = LoadTrafilatura(filepath.Join(dir, "trafilatura")); err != nil {
		return nil, nil, 0, err
	}
	return rp, sp, missing, nil
}

// LoadTrafilatura reads dir (data/boilerplate/trafilatura): evaldata.json and
// the pages of eval/ it names, sorted by name. Entries whose file is missing
// are skipped; their count is returned.
func LoadTrafilatura(dir string) (pages []SnippetPage, missing int, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return nil, 0, fmt.Errorf("contentdata: %w", err)
	}
	var raw map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, 0, fmt.Errorf("contentdata: evaldata.json: %w", err)
	}
	for url, e := range raw {
		h, err := os.ReadFile(filepath.Join(dir, "eval", e.File))
		if errors.Is(err, os.ErrNotExist) {
			missing++
			continue
		}
		if err != nil {
			return nil, 0, fmt.Errorf("contentdata: %w", err)
		}
		pages = append(pages, SnippetPage{Name: e.File, URL: url, HTML: string(h), With: e.With, Without: e.Without})
	}
	if len(pages) == 0 {
		return nil, missing, fmt.Errorf("contentdata: no pages in %s", dir)
	}
	sort.Slice(pages, func(i, j int) bool {
		return pages[i].Name < pages[j].Name || pages[i].Name == pages[j].Name && pages[i].URL < pages[j].URL
	})
	return pages, missing, nil
}

// HeldOut reports whether the page named name belongs to the held-out fifth
// that the text model never trains on (FNV-1a of the name, mod 5 == 0).
func HeldOut(name string) bool {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()%5 == 0
}

// Subsample keeps every k-th element (k >= 1), deterministically.
func Subsample[T any](xs []T, k int) []T {
	if k <= 1 {
		return xs
	}
	var out []T
	for i := 0; i < len(xs); i += k {
		out = append(out, xs[i])
	}
	return out
}

// Words splits s into lower-cased words (runs of letters and digits).
func Words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// WordPRF is the word-level precision, recall and F1 of pred against gold,
// counting words as multisets (the ScrapingHub article-extraction metric).
// An empty prediction of an empty gold is perfect; an empty prediction of a
// non-empty gold scores 0.
func WordPRF(pred, gold string) (p, r, f float64) {
	pw, gw := Words(pred), Words(gold)
	if len(pw) == 0 && len(gw) == 0 {
		return 1, 1, 1
	}
	if len(pw) == 0 || len(gw) == 0 {
		return 0, 0, 0
	}
	counts := make(map[string]int, len(gw))
	for _, w := range gw {
		counts[w]++
	}
	tp := 0
	for _, w := range pw {
		if counts[w] > 0 {
			counts[w]--
			tp++
		}
	}
	if tp == 0 {
		return 0, 0, 0
	}
	p = float64(tp) / float64(len(pw))
	r = float64(tp) / float64(len(gw))
	return p, r, 2 * p * r / (p + r)
}

// Counts are snippet counts the way trafilatura's evaluation counts them:
// a `with` snippet found is a true positive, missing a false negative; a
// `without` snippet found is a false positive, missing a true negative.
type Counts struct{ TP, FN, FP, TN int }

// Add adds the counts of result for one page.
func (c *Counts) Add(result string, with, without []string) {
	if result == "" {
		c.FN += len(with)
		c.TN += len(without)
		return
	}
	for _, s := range with {
		if strings.Contains(result, s) {
			c.TP++
		} else {
			c.FN++
		}
	}
	for _, s := range without {
		if strings.Contains(result, s) {
			c.FP++
		} else {
			c.TN++
		}
	}
}

// PRF returns precision, recall and F1 (2TP / (2TP+FP+FN)).
func (c Counts) PRF() (p, r, f float64) {
	tp, fp, fn := float64(c.TP), float64(c.FP), float64(c.FN)
	if tp == 0 {
		return 0, 0, 0
	}
	return tp / (tp + fp), tp / (tp + fn), 2 * tp / (2*tp + fp + fn)
}
