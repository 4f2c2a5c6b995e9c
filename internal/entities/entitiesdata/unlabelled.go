package entitiesdata

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/docsift/docsift/internal/entities"
)

// ReadUnlabelled reads the news text the lexicon learns from: BBC articles,
// the Masakhane BBC set and AG News snippets under dataDir/topics, in that
// order. A set that is missing is left out (and not named in Sources).
func ReadUnlabelled(dataDir string) (*entities.Unlabelled, error) {
	u := new(entities.Unlabelled)
	bbc := filepath.Join(dataDir, "topics", "bbc")
	var files []string
	err := filepath.WalkDir(bbc, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".txt") && !strings.HasSuffix(p, "README.TXT") {
			files = append(files, p)
		}
		return nil
	})
	if err == nil {
		sort.Strings(files)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			u.Texts = append(u.Texts, string(b))
		}
		u.Sources = append(u.Sources, "topics/bbc")
	}
	for _, src := range []struct {
		path  string
		comma rune
		cols  []int
	}{
		{"topics/masakhane/dev.tsv", '\t', []int{1, 2}},
		{"topics/ag_news/dev.csv", ',', []int{1}},
	} {
		f, err := os.Open(filepath.Join(dataDir, src.path))
		if err != nil {
			continue
		}
		r := csv.NewReader(f)
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = src.comma, true, -1
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("lexicon: %s: %w", src.path, err)
		}
		for _, rec := range recs {
			for _, col := range src.cols {
				if col < len(rec) {
					u.Texts = append(u.Texts, rec[col])
				}
			}
		}
		u.Sources = append(u.Sources, src.path)
	}
	return u, nil
}
