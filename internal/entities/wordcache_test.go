package entities

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
)

// tagSentenceRef is the tagger without the word cache: every feature of
// staticFeatures and dynFeatures looked up one by one, as in training.
func (m *Model) tagSentenceRef(st *tagState, words []string) ([]int, []float32) {
	st.prepareDoc(words, m.gaz, m.lex, st.docCaps)
	n := len(words)
	tags, probs := make([]int, n), make([]float32, n)
	sent := sentenceInfo(words)
	markRuns(st.infos, words, sent.line)
	sent.ctx = st.docCtx
	fc := -1
	if isTableLine(sent.line) {
		fc = firstCapital(st.infos)
	}
	p1, p2 := startTag, startTag
	for i := 0; i < n; i++ {
		info := &st.infos[i]
		feats := staticFeatures(nil, st.infos, i, sent)
		feats = dynFeatures(feats, info, p1, p2, st.docMem, nextLower(st.infos, i))
		if i == fc {
			feats = append(feats, lineMemFeature(st.docMem.lineType(sent.line), info.shape))
		}
		var scores [numTags]int32
		m.sum(&scores, feats)
		t := bestValid(&scores, p1)
		if i == n-1 && t != tagO && (tagPos(t) == posB || tagPos(t) == posI) {
			t = closeTag(&scores, p1, t)
		}
		tags[i], probs[i] = t, 1
		if t != tagO {
			var z float64
			for k := 0; k < numTags; k++ {
				z += math.Exp(float64(scores[k]-scores[t]) * float64(m.scale))
			}
			probs[i] = float32(1 / z)
			if info.capital {
				st.docMem.record(info, tagType(t))
			}
		}
		p2, p1 = p1, t
	}
	if fc >= 0 {
		st.docMem.recordLine(sent.line, tags[fc])
	}
	return tags, probs
}

// TestWordCacheExact: the cached tagger gives exactly the tags and
// probabilities of the feature-by-feature reference, with room in the cache
// and with a full one (words computed per use), on the seed and on a
// shuffle of its words that puts them in new contexts.
func TestWordCacheExact(t *testing.T) {
	text := readTexts(t, "../../seeds/*.txt")[0]
	words := strings.Fields(text)
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 3; k++ {
		rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		text += "\n\n" + strings.Join(words, " ") + "."
	}
	text += "\nMEDIA STOCKS RALLY AS U.S. FED HOLDS RATES\n“Quoted” Ünïcödé wörds — and 12,000 yen."
	for _, full := range []bool{false, true} {
		ex, err := LoadDefault()
		if err != nil {
			t.Fatal(err)
		}
		m := ex.Model()
		if full {
			// Fill every shard so that no word gets an entry of its own.
			st := newTagState()
			for i := 0; !allFull(m.cache); i++ {
				m.entry("filler"+strconv.Itoa(i), st)
			}
		}
		cached, ref := newTagState(), newTagState()
		cached.exact = true
		toks := Tokenize(text, nil)
		var sents [][]string
		for a := 0; a < len(toks); {
			b := a + 1
			for b < len(toks) && !toks[b].SentStart {
				b++
			}
			var ws []string
			for _, tk := range toks[a:b] {
				ws = append(ws, tk.Text)
			}
			sents = append(sents, ws)
			a = b
		}
		// The document's capitalisation and context aggregation, as
		// Extract reads them before tagging.
		for _, st := range []*tagState{cached, ref} {
			for _, ws := range sents {
				st.readSentence(ws, m.lex)
			}
		}
		for _, ws := range sents {
			m.tagSentence(cached, ws)
			tags, probs := m.tagSentenceRef(ref, ws)
			if !slices.Equal(cached.tags, tags) || !slices.Equal(cached.probs, probs) {
				t.Fatalf("full=%v: sentence %q: cached tags %v probs %v, reference %v %v", full, ws, cached.tags, cached.probs, tags, probs)
			}
		}
	}
}

func allFull(c *wordCache) bool {
	for i := range c.shards {
		if len(c.shards[i].m) < wordCacheMax/wordCacheShards {
			return false
		}
	}
	return true
}

// TestWordCacheConcurrent: extractions running at once on one model (and
// so filling its cache at once) give what they give one at a time.
// Run with -race in CI.
func TestWordCacheConcurrent(t *testing.T) {
	texts := []string{
		"Prime Minister Fumio Kishida met Joe Biden in Tokyo on Monday.",
		"Siemens AG and the European Commission agreed in Brussels on a 2 billion euro deal.",
		"Moscow said on Wednesday it would expel eight Japanese diplomats.",
		"Shares of Toyota Motor Corp rose 3 percent in Osaka after the Bank of Japan spoke.",
	}
	seq, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(texts))
	for i, s := range texts {
		ents, err := seq.Extract(context.Background(), s, analysis.EntityOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = summarize(ents)
	}
	ex, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 20; r++ {
				i := (g + r) % len(texts)
				ents, err := ex.Extract(context.Background(), texts[i], analysis.EntityOptions{})
				if err != nil {
					errs <- err.Error()
					return
				}
				if got := summarize(ents); got != want[i] {
					errs <- "text " + strconv.Itoa(i) + ": got " + got + ", want " + want[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestWordCacheBound: however many distinct words arrive, the cache keeps
// at most wordCacheMax entries, and words past it still tag.
func TestWordCacheBound(t *testing.T) {
	ex, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	m := ex.Model()
	st := newTagState()
	for i := 0; i < wordCacheMax+wordCacheMax/2; i++ {
		m.entry("w"+strconv.Itoa(i), st)
	}
	n := 0
	for i := range m.cache.shards {
		n += len(m.cache.shards[i].m)
	}
	if n > wordCacheMax {
		t.Errorf("cache holds %d entries, want at most %d", n, wordCacheMax)
	}
	if !allFull(m.cache) {
		t.Errorf("cache not full after %d distinct words", wordCacheMax+wordCacheMax/2)
	}
	ents, err := ex.Extract(context.Background(), "Fumio Kishida visited Zyxwvutland on Monday.", analysis.EntityOptions{})
	if err != nil || len(ents) == 0 {
		t.Errorf("Extract with a full cache = %v, %v; want entities", ents, err)
	}
}
