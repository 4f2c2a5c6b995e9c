package entities

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Gazetteer categories (bits of a gazetteer value); gazPrefix marks a phrase
// that is the prefix of a longer entry.
const (
	gazCity    = 1
	gazCountry = 2
	// Names seen in the training data, by type (gazPER << typeIndex).
	gazPER    = 4
	gazPrefix = 0x80
	gazMaxLen = 6
)

// addWords adds a pre-tokenised name to gaz.
func addWords(gaz map[uint64]uint8, words []string, cat uint8) {
	if len(words) == 0 || len(words) > gazMaxLen {
		return
	}
	h := uint64(fnvOffset)
	for i, w := range words {
		h = phraseStep(h, hashLower(w))
		if i < len(words)-1 {
			gaz[h] |= gazPrefix
		}
	}
	gaz[h] |= cat
}

// addTrainingNames adds the names of docs (by type) to gaz.
func addTrainingNames(gaz map[uint64]uint8, docs []Doc) {
	for _, d := range docs {
		for _, s := range d.Sentences {
			for _, c := range chunksIOB(s.Labels) {
				addWords(gaz, s.Words[c.Begin:c.End], gazPER<<typeIndex(c.Type))
			}
		}
	}
}

func phraseStep(h, tok uint64) uint64 { return (h^tok)*0x100000001b3 + 0x9E3779B97F4A7C15 }

// addPhrase adds a name (tokenised as the tagger tokenises) to gaz.
func addPhrase(gaz map[uint64]uint8, name string, cat uint8, toks []Token) []Token {
	toks = Tokenize(name, toks)
	if len(toks) == 0 || len(toks) > gazMaxLen {
		return toks
	}
	h := uint64(fnvOffset)
	for i, t := range toks {
		h = phraseStep(h, hashLower(t.Text))
		if i < len(toks)-1 {
			gaz[h] |= gazPrefix
		}
	}
	gaz[h] |= cat
	return toks
}

// BuildGazetteer reads GeoNames' cities15000.zip and countryInfo.tsv from dir.
func BuildGazetteer(dir string) (map[uint64]uint8, error) {
	gaz := map[uint64]uint8{}
	var toks []Token
	zr, err := zip.OpenReader(filepath.Join(dir, "cities15000.zip"))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".txt") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %w", err)
		}
		toks, err = readCities(rc, gaz, toks)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	cf, err := os.Open(filepath.Join(dir, "countryInfo.tsv"))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer cf.Close()
	sc := bufio.NewScanner(cf)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 6 {
			continue
		}
		toks = addPhrase(gaz, f[4], gazCountry, toks)
		if f[5] != "" {
			toks = addPhrase(gaz, f[5], gazCity, toks)
		}
	}
	return gaz, sc.Err()
}

func readCities(r io.Reader, gaz map[uint64]uint8, toks []Token) ([]Token, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 {
			continue
		}
		toks = addPhrase(gaz, f[1], gazCity, toks)
		if f[2] != f[1] {
			toks = addPhrase(gaz, f[2], gazCity, toks)
		}
	}
	if err := sc.Err(); err != nil {
		return toks, fmt.Errorf("gazetteer: cities: %w", err)
	}
	return toks, nil
}

// markGazetteer sets tokInfo.gaz for the longest gazetteer matches that start
// with a capitalised word.
func markGazetteer(gaz map[uint64]uint8, s []tokInfo) {
	for i := 0; i < len(s); {
		if !s[i].capital {
			i++
			continue
		}
		h := uint64(fnvOffset)
		best, bestCat := 0, uint8(0)
		for j := i; j < len(s) && j-i < gazMaxLen; j++ {
			h = phraseStep(h, s[j].lower)
			v, ok := gaz[h]
			if !ok {
				break
			}
			if c := v &^ gazPrefix; c != 0 {
				best, bestCat = j-i+1, c
			}
			if v&gazPrefix == 0 {
				break
			}
		}
		if best == 0 {
			i++
			continue
		}
		for k := 0; k < best; k++ {
			pos := posI
			switch {
			case best == 1:
				pos = posU
			case k == 0:
				pos = posB
			case k == best-1:
				pos = posL
			}
			s[i+k].gaz = uint16(bestCat)<<2 | uint16(pos) + 1
		}
		i += best
	}
}
