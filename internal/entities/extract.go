package entities

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/docsift/docsift/internal/analysis"
)

//go:embed model/conll-perceptron.bin
var defaultModel []byte

// Extractor finds entities. It implements analysis.EntityExtractor and is
// safe for concurrent use.
type Extractor struct {
	model *Model
	pool  sync.Pool
}

var _ analysis.EntityExtractor = (*Extractor)(nil)

// LoadDefault loads the embedded model. Each call decodes it afresh (~35 ms,
// ~13 MB); load once and share the Extractor.
func LoadDefault() (*Extractor, error) {
	return Load(defaultModel)
}

// LoadFile loads a model file written by Train (docsift-models train entities).
func LoadFile(path string) (*Extractor, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("entities: load model: %w", err)
	}
	return Load(b)
}

// Load loads a model file's bytes (as written by Train). A corrupt file is an
// error wrapping ErrBadModel.
func Load(data []byte) (*Extractor, error) {
	m, err := decodeModel(data)
	if err != nil {
		return nil, fmt.Errorf("entities: load model: %w", err)
	}
	e := &Extractor{model: m}
	e.pool.New = func() any { return newTagState() }
	return e, nil
}

// Model returns the loaded model.
func (e *Extractor) Model() *Model { return e.model }

// Info describes the model.
func (e *Extractor) Info() analysis.ModelInfo {
	return analysis.ModelInfo{
		Stage:       analysis.StageEntities,
		Name:        e.model.Meta.Name,
		Version:     e.model.Meta.Name + "-" + e.model.version,
		Description: e.model.Meta.Description,
		Languages:   []string{"en"},
	}
}

// TagCoNLL tags pre-tokenised CoNLL documents and scores them (conlleval).
func (e *Extractor) TagCoNLL(docs []Doc) *Counts { return e.model.TagCoNLL(docs) }

// extract is Extract on text in NFC (see normalize.go).
func (e *Extractor) extract(ctx context.Context, text string, opts analysis.EntityOptions) ([]analysis.Entity, error) {
	st := e.pool.Get().(*tagState)
	defer e.pool.Put(st)
	st.resetDoc()
	st.late = st.late[:0]
	var err error
	st.toks, err = tokenize(ctx, text, st.toks, scanner{hasAt: strings.IndexByte(text, '@') >= 0})
	if err != nil {
		return nil, err
	}
	toks := st.toks
	for a, n := 0, 0; a < len(toks); n++ {
		if n%checkSentences == checkSentences-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		b := a + 1
		for b < len(toks) && !toks[b].SentStart {
			b++
		}
		st.words = st.words[:0]
		for _, t := range toks[a:b] {
			st.words = append(st.words, t.Text)
		}
		st.readSentence(st.words, e.model.lex)
		st.late = append(st.late, lateLine(st.words))
		a = b
	}
	// The mentions' slice is the pooled state's: groupMentions copies
	// what it keeps.
	ms := st.ms[:0]
	defer func() { clear(ms); st.ms = ms[:0] }()
	// Lines without words in lower case (headlines in capitals, table
	// rows) are tagged after the others, as in training (sentenceOrder).
	anyLate := slices.Contains(st.late, true)
	for pass := 0; pass < 2; pass++ {
		for a, k := 0, 0; a < len(toks); k++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			b := a + 1
			for b < len(toks) && !toks[b].SentStart {
				b++
			}
			if st.late[k] == (pass == 1) {
				ms = e.sentence(st, toks, a, b, opts, ms)
			}
			a = b
		}
		if !anyLate {
			break
		}
	}
	if anyLate {
		slices.SortStableFunc(ms, byBegin)
	}
	ms = mergeOf(toks, ms)
	ms, aliases := definitions(toks, ms)
	if len(ms) == 0 {
		return nil, nil
	}
	return groupMentions(ctx, text, ms, aliases)
}

// checkSentences is how many sentences (of at most maxSentence tokens) the
// first pass over a document reads between checks of ctx; the tagging pass
// checks before every sentence.
const checkSentences = 256

// sentence tags tokens [a, b) and appends their mentions to ms.
func (e *Extractor) sentence(st *tagState, toks []Token, a, b int, opts analysis.EntityOptions, ms []mention) []mention {
	st.words = st.words[:0]
	for _, t := range toks[a:b] {
		st.words = append(st.words, t.Text)
	}
	e.model.tag(st, st.words)
	first := len(ms)
	for i := 0; i < len(st.tags); {
		t := st.tags[i]
		if t == tagO {
			i++
			continue
		}
		j := i + 1
		if tagPos(t) == posB {
			for j < len(st.tags) && tagPos(st.tags[j]) == posI && st.tags[j] != tagO {
				j++
			}
			if j < len(st.tags) && st.tags[j] != tagO && tagPos(st.tags[j]) == posL {
				j++
			}
		}
		var p float64
		for k := i; k < j; k++ {
			p += float64(st.probs[k])
		}
		ms = append(ms, mention{begin: toks[a+i].Begin, end: toks[a+j-1].End, ti: a + i, tj: a + j,
			typ: nameEntityTypes[tagType(t)], score: p / float64(j-i)})
		i = j
	}
	ms = splitTitles(toks, a, st.infos, ms, first)
	nameEnd := len(ms)
	for _, r := range st.rules.scan(toks[a:b], opts.ReferenceTime) {
		ri, rj := a+r.i, a+r.j
		overlap := false
		for k := first; k < nameEnd; k++ {
			if ms[k].ti < rj && ms[k].tj > ri && ms[k].typ != analysis.EntityUnspecified {
				if r.typ == analysis.EntityMoney && ms[k].ti == ri && ms[k].tj == ri+1 && ms[k].typ == analysis.EntityMisc && strings.HasSuffix(toks[ri].Text, "$") {
					// "C$ 50 million": the dollar's country is a MISC
					// name (CoNLL's) and begins the MONEY amount; the
					// one place where two entities' mentions overlap.
					continue
				}
				overlap = true
			}
		}
		if overlap {
			if r.typ == analysis.EntityNumber {
				continue
			}
			// Dates and amounts win over the tagger's names.
			for k := first; k < nameEnd; k++ {
				if ms[k].ti < rj && ms[k].tj > ri {
					ms[k].typ = analysis.EntityUnspecified
				}
			}
		}
		ms = append(ms, mention{begin: toks[ri].Begin, end: toks[rj-1].End, ti: ri, tj: rj, typ: r.typ, score: 1, value: r.value})
	}
	// Drop overridden names and restore position order.
	kept := ms[:first]
	for _, m := range ms[first:] {
		if m.typ != analysis.EntityUnspecified {
			kept = append(kept, m)
		}
	}
	tail := kept[first:]
	if !slices.IsSortedFunc(tail, byBegin) {
		slices.SortStableFunc(tail, byBegin)
	}
	return kept
}

// orgHeads end organisation names that the tagger, trained on Reuters,
// sometimes takes for people ("Jiji Press").
var orgHeads = map[string]bool{
	"press": true, "agency": true, "corp": true, "corp.": true, "inc": true, "inc.": true, "ltd": true,
	"ltd.": true, "group": true, "bank": true, "university": true, "ministry": true, "institute": true,
	"council": true, "committee": true, "party": true, "association": true, "news": true, "times": true,
	"airlines": true, "airways": true, "company": true, "foundation": true, "commission": true,
	"court": true, "police": true, "army": true, "club": true, "fund": true, "office": true,
}

// institutions are never a person's whole name.
var institutions = map[string]bool{
	"institute": true, "ministry": true, "university": true, "council": true, "committee": true,
	"commission": true, "agency": true, "association": true, "foundation": true, "parliament": true,
}

// mergeOf joins "Institute of the Ministry" + "of" + "Justice" style splits:
// an organisation that ends in a word of ofHeads, "of" (or "of the"), then
// an organisation or place, with nothing else between, is one organisation
// ("Benfica of Portugal" stays two names, as in CoNLL). It also retypes person names
// that end in an organisation head word, joins "X's Office" possessives,
// and drops a Roman numeral tagged alone as a name.
func mergeOf(toks []Token, ms []mention) []mention {
	out := ms[:0]
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if m.typ == analysis.EntityPerson {
			last := strings.ToLower(toks[m.tj-1].Text)
			if m.tj-m.ti >= 2 && orgHeads[last] || m.tj-m.ti == 1 && institutions[last] {
				m.typ = analysis.EntityOrganization
			}
		}
		// "the Attorney General's Office": a name, a possessive, then an
		// organisation head alone is one organisation ("Rupert Murdoch's
		// News Corp Ltd" stays two).
		if (m.typ == analysis.EntityOrganization || m.typ == analysis.EntityPerson) && i+1 < len(ms) {
			n := ms[i+1]
			if gap := toks[m.tj:n.ti]; n.typ == analysis.EntityOrganization && len(gap) == 1 &&
				isPossessive(gap[0].Text) && !toks[n.ti].SentStart && n.tj-n.ti == 1 && orgHeads[strings.ToLower(toks[n.ti].Text)] {
				m.typ = analysis.EntityOrganization
				m.end, m.tj = n.end, n.tj
				m.score = (m.score + n.score) / 2
				i++
			}
		}
		// A Roman numeral alone ("World War II") names nothing.
		if m.tj-m.ti == 1 && isRomanNumeral(toks[m.ti].Text) {
			continue
		}
		for i+1 < len(ms) && m.typ == analysis.EntityOrganization {
			n := ms[i+1]
			if n.typ != analysis.EntityOrganization && n.typ != analysis.EntityLocation {
				break
			}
			gap := toks[m.tj:n.ti]
			ok := len(gap) == 1 && strings.EqualFold(gap[0].Text, "of") ||
				len(gap) == 2 && strings.EqualFold(gap[0].Text, "of") && strings.EqualFold(gap[1].Text, "the")
			if !ok || toks[n.ti].SentStart {
				break
			}
			if !ofHeads[strings.ToLower(toks[m.tj-1].Text)] {
				break
			}
			m.end, m.tj = n.end, n.tj
			m.score = (m.score + n.score) / 2
			i++
		}
		out = append(out, m)
	}
	return out
}

func isPossessive(s string) bool { return s == "'s" || s == "’s" || s == "'S" || s == "’S" }

// isRomanNumeral reports whether s is a Roman numeral from II to XXXIX
// ("World War II", "Henry VIII"); single letters and numerals with C, D, L
// or M ("ICC", "DC", "MD") are left alone.
func isRomanNumeral(s string) bool {
	return len(s) >= 2 && romanNumeral.MatchString(s)
}

var romanNumeral = regexp.MustCompile(`^X{0,3}(IX|IV|V?I{0,3})$`)

func byBegin(a, b mention) int { return a.begin - b.begin }

// ofHeads end the organisations whose name goes on with "of" and a place or
// another organisation ("Ministry of Justice", "University of Texas",
// "Patriotic Union of Kurdistan"); after other names "of" introduces where
// they are from ("Benfica of Portugal", "Bestop Inc of Boulder").
var ofHeads = map[string]bool{
	"ministry": true, "department": true, "institute": true, "university": true, "bank": true,
	"council": true, "commission": true, "court": true, "office": true, "committee": true,
	"union": true, "association": true, "party": true, "academy": true, "chamber": true,
	"federation": true, "league": true, "organisation": true, "organization": true, "agency": true,
	"board": true, "society": true, "school": true, "college": true, "museum": true, "church": true,
	"front": true, "movement": true, "assembly": true, "parliament": true, "congress": true,
	"bureau": true, "authority": true, "secretariat": true, "foundation": true, "center": true,
	"centre": true, "service": true, "services": true, "corporation": true, "house": true,
	"army": true, "police": true, "government": true, "state": true, "states": true, "republic": true,
	"kingdom": true, "federal": true, "fund": true, "exchange": true, "division": true,
}

// titleWords are the job titles that stand between an organisation or a
// place and a person's name ("EU Farm Commissioner Franz Fischler", "FBI
// Director Louis Freeh"); CoNLL's names leave the title out.
var titleWords = map[string]bool{
	"minister": true, "commissioner": true, "chairman": true, "chairwoman": true, "president": true,
	"secretary": true, "director": true, "executive": true, "governor": true, "ambassador": true,
	"spokesman": true, "spokeswoman": true, "chancellor": true, "premier": true, "coach": true,
	"manager": true, "leader": true, "chief": true, "envoy": true, "mayor": true, "senator": true,
	"judge": true, "prosecutor": true, "captain": true, "treasurer": true, "ceo": true,
}

// splitTitles splits the names of ms[first:] (tokens from a, infos of the
// sentence) that run an organisation, a title and a person's name together:
// the words after the last title word, one to four capitalised words, are a
// person; the words before the title phrase (the title word and the words
// before it that are mostly written in lower case, "Farm Commissioner") keep
// the name's type.
func splitTitles(toks []Token, a int, infos []tokInfo, ms []mention, first int) []mention {
	n := len(ms)
	for x := first; x < n; x++ {
		m := ms[x]
		k := -1
		for t := m.tj - 2; t > m.ti; t-- {
			if titleWords[strings.ToLower(toks[t].Text)] {
				k = t
				break
			}
		}
		if k < 0 || m.tj-k-1 > 4 {
			continue
		}
		ok := true
		for t := k + 1; t < m.tj; t++ {
			if !isCap(toks[t].Text) || isFunctionWord(toks[t].Text) || titleWords[strings.ToLower(toks[t].Text)] {
				ok = false
			}
		}
		if !ok {
			continue
		}
		end := k
		for end > m.ti && (infos[end-1-a].caps == capsLower || titleWords[strings.ToLower(toks[end-1].Text)] || isFunctionWord(toks[end-1].Text)) {
			end--
		}
		person := mention{begin: toks[k+1].Begin, end: toks[m.tj-1].End, ti: k + 1, tj: m.tj, typ: analysis.EntityPerson, score: m.score}
		if end > m.ti {
			typ := m.typ
			if typ == analysis.EntityPerson {
				typ = analysis.EntityOrganization
			}
			ms[x] = mention{begin: m.begin, end: toks[end-1].End, ti: m.ti, tj: end, typ: typ, score: m.score}
			ms = append(ms, person)
		} else {
			ms[x] = person
		}
	}
	if len(ms) > n {
		tail := ms[first:]
		slices.SortStableFunc(tail, byBegin)
	}
	return ms
}
