package topicsdata

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docsift/docsift/internal/topics"
)

// Concept is one IPTC Media Topic.
type Concept struct {
	QCode      string // "medtop:11000000"
	Name       string // "politics"
	Definition string
	Broader    string // parent qcode; empty for the 17 top-level topics
	Retired    bool
}

// LoadIPTC reads the IPTC Media Topics taxonomy (cptall-en-US.json).
func LoadIPTC(path string) ([]Concept, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("topics: iptc: %w", err)
	}
	var doc struct {
		ConceptSet []struct {
			QCode      string            `json:"qcode"`
			PrefLabel  map[string]string `json:"prefLabel"`
			Definition map[string]string `json:"definition"`
			Broader    []string          `json:"broader"`
			Retired    string            `json:"retired"`
		} `json:"conceptSet"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("topics: iptc: %w", err)
	}
	const uriPrefix = "http://cv.iptc.org/newscodes/mediatopic/"
	var out []Concept
	for _, c := range doc.ConceptSet {
		k := Concept{QCode: c.QCode, Name: c.PrefLabel["en-US"], Definition: c.Definition["en-US"], Retired: c.Retired != ""}
		if len(c.Broader) > 0 {
			k.Broader = "medtop:" + strings.TrimPrefix(c.Broader[0], uriPrefix)
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("topics: iptc: no concepts in %s", path)
	}
	return out, nil
}

// The 17 top-level IPTC Media Topics used by the default model.
const (
	iptcArts        = "medtop:01000000"
	iptcCrime       = "medtop:02000000"
	iptcDisaster    = "medtop:03000000"
	iptcEconomy     = "medtop:04000000"
	iptcEducation   = "medtop:05000000"
	iptcEnvironment = "medtop:06000000"
	iptcHealth      = "medtop:07000000"
	iptcHuman       = "medtop:08000000"
	iptcLabour      = "medtop:09000000"
	iptcLifestyle   = "medtop:10000000"
	iptcPolitics    = "medtop:11000000"
	iptcReligion    = "medtop:12000000"
	iptcScience     = "medtop:13000000"
	iptcSociety     = "medtop:14000000"
	iptcSport       = "medtop:15000000"
	iptcConflict    = "medtop:16000000"
	iptcWeather     = "medtop:17000000"
)

// IPTCMapping maps each dataset's labels onto IPTC Media Topics; the model
// card prints it. A label mapped to nothing is left out of training.
var IPTCMapping = map[string]map[string][]string{
	"bbc": {
		"business": {iptcEconomy}, "entertainment": {iptcArts}, "politics": {iptcPolitics},
		"sport": {iptcSport}, "tech": {iptcScience},
	},
	"ag_news": {
		"World": {iptcPolitics}, "Sports": {iptcSport}, "Business": {iptcEconomy}, "Sci/Tech": {iptcScience},
	},
	"masakhane": {
		"business": {iptcEconomy}, "entertainment": {iptcArts}, "health": {iptcHealth},
		"politics": {iptcPolitics}, "sports": {iptcSport}, "technology": {iptcScience},
	},
	"huffpost": {
		"POLITICS": {iptcPolitics}, "WORLD NEWS": {iptcPolitics}, "WORLDPOST": {iptcPolitics}, "THE WORLDPOST": {iptcPolitics},
		"WELLNESS": {iptcHealth}, "HEALTHY LIVING": {iptcHealth},
		"ENTERTAINMENT": {iptcArts}, "COMEDY": {iptcArts}, "MEDIA": {iptcArts}, "ARTS": {iptcArts},
		"ARTS & CULTURE": {iptcArts}, "CULTURE & ARTS": {iptcArts},
		"TRAVEL": {iptcLifestyle}, "STYLE & BEAUTY": {iptcLifestyle}, "STYLE": {iptcLifestyle},
		"FOOD & DRINK": {iptcLifestyle}, "TASTE": {iptcLifestyle}, "HOME & LIVING": {iptcLifestyle},
		"PARENTING": {iptcSociety}, "PARENTS": {iptcSociety}, "WEDDINGS": {iptcSociety}, "DIVORCE": {iptcSociety},
		"QUEER VOICES": {iptcSociety}, "BLACK VOICES": {iptcSociety}, "LATINO VOICES": {iptcSociety},
		"WOMEN": {iptcSociety}, "IMPACT": {iptcSociety},
		"BUSINESS": {iptcEconomy}, "MONEY": {iptcEconomy},
		"SPORTS":     {iptcSport},
		"CRIME":      {iptcCrime},
		"WEIRD NEWS": {iptcHuman}, "GOOD NEWS": {iptcHuman},
		"GREEN": {iptcEnvironment}, "ENVIRONMENT": {iptcEnvironment},
		"RELIGION": {iptcReligion},
		"SCIENCE":  {iptcScience}, "TECH": {iptcScience},
		"COLLEGE": {iptcEducation}, "EDUCATION": {iptcEducation},
		"FIFTY": nil, // lifestyle of the over-fifties: no single IPTC topic
	},
}

// MapToIPTC maps a dataset's examples onto IPTC codes (mapLabels with
// IPTCMapping[set]).
func MapToIPTC(set string, examples []topics.Example) []topics.Example {
	return mapLabels(examples, IPTCMapping[set], 0)
}

// mapLabels maps examples' labels through m (each label to any number of
// new ones), setting Known to every label m can give and Weight to w.
// Examples whose labels map to nothing are dropped.
func mapLabels(examples []topics.Example, m map[string][]string, w float64) []topics.Example {
	var known []string
	for _, codes := range m {
		for _, c := range codes {
			if !slices.Contains(known, c) {
				known = append(known, c)
			}
		}
	}
	slices.Sort(known)
	var out []topics.Example
	for _, e := range examples {
		var labels []string
		for _, l := range e.Labels {
			for _, c := range m[l] {
				if !slices.Contains(labels, c) {
					labels = append(labels, c)
				}
			}
		}
		if len(labels) == 0 {
			continue
		}
		slices.Sort(labels)
		out = append(out, topics.Example{Text: e.Text, Labels: labels, Known: known, Weight: w})
	}
	return out
}

// IPTCData is the default model's data: its training examples and the
// held-out examples that measure it, both mapped onto IPTC codes.
type IPTCData struct {
	Concepts []Concept
	Train    []topics.Example
	// HeldOut are, per dataset, the examples held out of Train (AG News,
	// masakhane and HuffPost: HeldOutFrac of each, the same splits as the
	// quality benchmarks). BBC trains whole: its figure is cross-validated.
	// Both carry the silver labels of the weakly supervised topics.
	HeldOut map[string][]topics.Example
}

// LoadIPTCData loads and maps the DOCSIFT topic data under dataDir.
func LoadIPTCData(dataDir string) (*IPTCData, error) {
	dir := filepath.Join(dataDir, "topics")
	concepts, err := LoadIPTC(filepath.Join(dir, "iptc", "cptall-en-US.json"))
	if err != nil {
		return nil, err
	}
	bbc, err := LoadBBC(filepath.Join(dir, "bbc"))
	if err != nil {
		return nil, err
	}
	d := &IPTCData{Concepts: concepts, HeldOut: map[string][]topics.Example{}}
	d.Train = append(d.Train, MapToIPTC("bbc", bbc)...)
	for _, name := range heldOutSets {
		tr, te, err := loadIPTCSplit(dir, name)
		if err != nil {
			return nil, err
		}
		d.Train = append(d.Train, tr...)
		d.HeldOut[name] = te
	}
	weakLabelAll(concepts, d.Train)
	for _, ex := range d.HeldOut {
		weakLabelAll(concepts, ex)
	}
	return d, nil
}

// heldOutSets are the sets split into training and held-out parts, in
// training order.
var heldOutSets = []string{"ag_news", "masakhane", "huffpost"}

// LoadIPTCHeldOut returns one set's held-out examples ("ag_news",
// "masakhane" or "huffpost") exactly as LoadIPTCData's HeldOut holds them
// (same split, mapping and weak labels), without loading the other sets.
func LoadIPTCHeldOut(dataDir, set string) ([]topics.Example, error) {
	if !slices.Contains(heldOutSets, set) {
		return nil, fmt.Errorf("topics: %q is not a held-out set (%s)", set, strings.Join(heldOutSets, ", "))
	}
	dir := filepath.Join(dataDir, "topics")
	concepts, err := LoadIPTC(filepath.Join(dir, "iptc", "cptall-en-US.json"))
	if err != nil {
		return nil, err
	}
	_, te, err := loadIPTCSplit(dir, set)
	if err != nil {
		return nil, err
	}
	weakLabelAll(concepts, te)
	return te, nil
}

// loadIPTCSplit loads one set from the topics folder dir and splits it
// (HeldOutFrac, QualitySeed), both parts mapped onto IPTC.
func loadIPTCSplit(dir, set string) (train, test []topics.Example, err error) {
	var ex []topics.Example
	switch set {
	case "ag_news":
		ex, err = LoadAGNews(filepath.Join(dir, "ag_news"))
	case "masakhane":
		ex, err = LoadMasakhane(filepath.Join(dir, "masakhane"))
	case "huffpost":
		ex, err = LoadHuffPost(filepath.Join(dir, "huffpost"))
	}
	if err != nil {
		return nil, nil, err
	}
	tr, te := topics.Split(ex, HeldOutFrac, QualitySeed)
	return MapToIPTC(set, tr), MapToIPTC(set, te), nil
}

// weakLabelAll adds the silver labels of every weakly supervised topic.
func weakLabelAll(concepts []Concept, examples []topics.Example) {
	for _, code := range weakTopics {
		weakLabel(examples, seedPhrases(concepts, code), code)
	}
}

// iptcLabels returns the label definitions for codes, named from the
// taxonomy, in code order.
func iptcLabels(concepts []Concept, codes []string) ([]topics.LabelDef, error) {
	names := map[string]string{}
	for _, c := range concepts {
		names[c.QCode] = c.Name
	}
	codes = slices.Clone(codes)
	slices.Sort(codes)
	var out []topics.LabelDef
	for _, c := range codes {
		n, ok := names[c]
		if !ok {
			return nil, fmt.Errorf("topics: iptc: %s not in the taxonomy", c)
		}
		out = append(out, topics.LabelDef{ID: c, Name: n})
	}
	return out, nil
}

// Labels returns the label definitions of the codes d.Train uses, named from
// the taxonomy, in code order: the labels the default model is trained with.
func (d *IPTCData) Labels() ([]topics.LabelDef, error) {
	var codes []string
	for _, e := range d.Train {
		for _, l := range e.Labels {
			if !slices.Contains(codes, l) {
				codes = append(codes, l)
			}
		}
	}
	return iptcLabels(d.Concepts, codes)
}
