package entities

// Gazetteer categories (bits of a gazetteer value); gazPrefix marks a phrase
// that is the prefix of a longer entry.
const (
	gazCity    = 1
	gazCountry = 2
	// gazRegion: a first-level division (state, province, region).
	gazRegion = 0x40
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

// addTrainingNames adds the names of docs (by type) to gaz, and the roles
// their words play in them (roleKey).
func addTrainingNames(gaz map[uint64]uint8, docs []Doc) {
	for _, d := range docs {
		for _, s := range d.Sentences {
			for _, c := range chunksIOB(s.Labels) {
				addWords(gaz, s.Words[c.Begin:c.End], gazPER<<typeIndex(c.Type))
				addRoles(gaz, s.Words, s.Labels, c)
			}
		}
	}
}

// Roles of a word in the training data's names (bits of a gazetteer
// value under roleKey): the first and the last word of a name of two or
// more words, by type (the first word of a person's name, "Franz"; the
// head of an organisation's, "Telecom", "Bank"; of an event's, "Cup"),
// and a capitalised word just before a person that is no part of a name
// (a title: "Commissioner", "Patriarch"). Learnt 5-fold like the names,
// so that the tagger sees them as it will on new text: they carry what
// one name says about the boundaries of another ("EU Farm Commissioner
// Franz Fischler", "Maccabi Tel Aviv").
const (
	roleFirstPER = 1 << iota
	roleLastPER
	roleFirstORG
	roleLastORG
	roleFirstOther // LOC or MISC
	roleLastOther
	roleTitle
)

// roleKey is the gazetteer key of the roles of a word with lower-case
// hash h; no phrase key (phraseStep) is expected to meet it.
func roleKey(h uint64) uint64 { return (h ^ 0x726f6c65) * 0x9E3779B97F4A7C15 }

// addRoles adds the roles of the words of name c in words (labelled
// labels) to gaz.
func addRoles(gaz map[uint64]uint8, words, labels []string, c chunk) {
	if c.Begin > 1 && c.Type == "PER" && labels[c.Begin-1] == "O" && isCap(words[c.Begin-1]) {
		gaz[roleKey(hashLower(words[c.Begin-1]))] |= roleTitle
	}
	if c.End-c.Begin < 2 {
		return
	}
	first, last := uint8(roleFirstOther), uint8(roleLastOther)
	switch c.Type {
	case "PER":
		first, last = roleFirstPER, roleLastPER
	case "ORG":
		first, last = roleFirstORG, roleLastORG
	}
	gaz[roleKey(hashLower(words[c.Begin]))] |= first
	gaz[roleKey(hashLower(words[c.End-1]))] |= last
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

// Places are the place names of the gazetteer (GeoNames: cities with at
// least 15,000 people and their ASCII spellings, countries and capitals;
// entitiesdata.ReadGeoNames reads them).
type Places struct {
	Cities    []string
	Countries []string
	// Regions are first-level divisions: states, provinces, regions
	// (GeoNames admin1).
	Regions []string
}

// buildGazetteer hashes p's names into a gazetteer.
func buildGazetteer(p *Places) map[uint64]uint8 {
	gaz := map[uint64]uint8{}
	if p == nil {
		return gaz
	}
	var toks []Token
	for _, n := range p.Cities {
		toks = addPhrase(gaz, n, gazCity, toks)
	}
	for _, n := range p.Countries {
		toks = addPhrase(gaz, n, gazCountry, toks)
	}
	for _, n := range p.Regions {
		toks = addPhrase(gaz, n, gazRegion, toks)
	}
	return gaz
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
