package languagedata

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/content/contentdata"
	"github.com/docsift/docsift/internal/entities/entitiesdata"
	"github.com/docsift/docsift/internal/topics/topicsdata"
)

// Doc is one labelled text: its set, a name within the set, its language
// (ISO 639-1) and the text a client would send (for web pages, the body the
// content stage extracts, as the pipeline sees it).
type Doc struct {
	Set, Name, Lang, Text string
}

// English set names. CoNLL's eng.train is where choices are made; eng.testa
// is kept for a final check.
const (
	SetCoNLLTrain  = "conll-eng.train"
	SetCoNLLTesta  = "conll-eng.testa"
	SetGUM         = "gum-news"
	SetBBC         = "bbc"
	SetMasakhane   = "masakhane"
	SetWikigold    = "wikigold"
	SetSeed        = "seed"
	SetReadability = "readability"
	SetTrafilatura = "trafilatura"
)

// LoadText reads the plain-text sets under dataDir (the shared data folder):
// CoNLL documents rebuilt as text (one sentence a line, as a client would
// send them), GUM, BBC, masakhane and wikigold. All are English.
func LoadText(dataDir string) ([]Doc, error) {
	var out []Doc
	for _, c := range []struct{ set, path string }{
		{SetCoNLLTrain, "ner/conll2003/eng.train"},
		{SetCoNLLTesta, "ner/conll2003/eng.testa"},
		{SetWikigold, "ner/wikigold/wikigold.conll.txt"},
	} {
		docs, err := entitiesdata.ReadCoNLLFile(filepath.Join(dataDir, c.path))
		if err != nil {
			return nil, fmt.Errorf("languagedata: %s: %w", c.set, err)
		}
		for i, d := range docs {
			out = append(out, Doc{Set: c.set, Name: fmt.Sprintf("doc%04d", i), Lang: "en", Text: d.Text()})
		}
	}
	gum, err := filepath.Glob(filepath.Join(dataDir, "ner/gum-news/*.tsv"))
	if err != nil {
		return nil, err
	}
	if len(gum) == 0 {
		return nil, fmt.Errorf("languagedata: no GUM files under %s", filepath.Join(dataDir, "ner/gum-news"))
	}
	sort.Strings(gum)
	for _, f := range gum {
		d, err := entitiesdata.ReadGUM(f)
		if err != nil {
			return nil, fmt.Errorf("languagedata: %w", err)
		}
		out = append(out, Doc{Set: SetGUM, Name: filepath.Base(f), Lang: "en", Text: d.Text})
	}
	bbc, err := topicsdata.LoadBBC(filepath.Join(dataDir, "topics/bbc"))
	if err != nil {
		return nil, err
	}
	for i, e := range bbc {
		out = append(out, Doc{Set: SetBBC, Name: fmt.Sprintf("doc%04d", i), Lang: "en", Text: e.Text})
	}
	mk, err := topicsdata.LoadMasakhane(filepath.Join(dataDir, "topics/masakhane"))
	if err != nil {
		return nil, err
	}
	for i, e := range mk {
		out = append(out, Doc{Set: SetMasakhane, Name: fmt.Sprintf("doc%04d", i), Lang: "en", Text: e.Text})
	}
	return out, nil
}

// LoadSeeds reads the project's own seed documents (English plain text).
func LoadSeeds(seedDir string) ([]Doc, error) {
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("languagedata: no seeds under %s", seedDir)
	}
	sort.Strings(files)
	var out []Doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, Doc{Set: SetSeed, Name: filepath.Base(f), Lang: "en", Text: string(b)})
	}
	return out, nil
}

// htmlLang finds the lang attribute of a page's <html> element.
var htmlLang = regexp.MustCompile(`(?is)<html\b[^>]*?\blang\s*=\s*["']?([a-z]{2,3})\b`)

// relabelled are pages whose <html lang> is wrong about the text the
// content stage extracts, with the language read off that text by hand
// ("" for a page in two languages, which is left out). They were found by
// reading every page where the detector and the attribute disagreed (so
// pages where both are wrong would not be found): mostly German and Spanish
// sites whose template says "en".
var relabelled = map[string]string{
	"liberation-1":                                  "fr",
	"100noticias.com-millones.html":                 "es",
	"24ora.com-internationalschol.html":             "pap",
	"ahlen.de.reparaturcafe.html":                   "de",
	"archive.org.dzs-clan.de.html":                  "de",
	"berkutschi.com-willingen.html":                 "de",
	"boxen1.com-ring-rückkehr.html":                 "de",
	"djz.de-amoklauf.html":                          "de",
	"elenacional.com-carta.html":                    "es",
	"elfaro.net-asamblea.html":                      "es",
	"feuerwehrtaucher-oldenburg.de.ausbildung.html": "de",
	"fischundfang.de-pop-ups.html":                  "de",
	"groove.de-Anti-A100-Aktivist.html":             "de",
	"harddecor.at.denkmaler.html":                   "de",
	"helge.at.mahu.html":                            "de",
	"hr-innovation.org.enterprise.html":             "de",
	"lexikon.huettenhilfe.de.banane.html":           "de",
	"linkedin.com.hoeltmann.html":                   "de",
	"lokalo.de-Weinbergsbahnen.html":                "de",
	"madame.lefigaro.fr.dintestin.html":             "fr",
	"mitvergnuegen.de.herbst.html":                  "de",
	"murdeltas.wordpress.com.politcamp.html":        "de",
	"presse-ausburg.de-Tarifverbund.html":           "de",
	"rueda.wikidot.com.enchufla.html":               "de",
	"spontis.de.jahrzehnt.html":                     "de",
	"springer.com-produkte.html":                    "de",
	"ukbdnews.com.23646.html":                       "bn",
	"ultimasnoticias.com.ve-ucraina.html":           "es",
	"vergleich.de.leasen.html":                      "de",
	"villagersandheroes.com.forums.patchnotes.html": "de",
	"volksblatt.at-Alkoholkonsum.html":              "de",
	"wildundhund.de-bonn.html":                      "de",
	"wolfgangschmale.eu.duchhardt.html":             "de",
	// English bodies on pages that say otherwise: PHP warnings, an English
	// film note, an English privacy policy; one page mixes both.
	"colours-of-the-soul.alhelm.net.html":    "en",
	"nextkabinett.wordpress.com.garden.html": "en",
	"sibenlab.blogspot.com.privacy.html":     "en",
	"pointofsail-kiel.de.wilson.html":        "",
}

// placeholder is the start of "Lorem ipsum" filler, (mangled) Latin: the
// Readability test pages made of it are not English whatever they declare.
const placeholder = "Lorem ipsum"

// PageLang returns the primary language subtag of a page's <html lang>, or
// "" when it has none. The boilerplate sets do not label languages; the
// attribute is the site's own statement (see relabelled for where it is
// wrong).
func PageLang(html string) string {
	m := htmlLang.FindStringSubmatch(html[:min(len(html), 64<<10)])
	if m == nil {
		return ""
	}
	return strings.ToLower(m[1])
}

// LoadPages reads the boilerplate sets' pages that declare a language and
// extracts each body with the served content stage. Language detection is
// left to the caller; the extractor's own detector result is discarded.
// Pages whose body is empty are skipped (no stage runs on them), and so are
// those keep (when not nil) rejects by set, name and language, before the
// (slow) extraction.
func LoadPages(ctx context.Context, dataDir string, keep func(set, name, lang string) bool) ([]Doc, error) {
	ex, err := content.New()
	if err != nil {
		return nil, err
	}
	rp, sp, _, err := contentdata.Load(dataDir)
	if err != nil {
		return nil, err
	}
	var out []Doc
	add := func(set, name, url, html string) error {
		lang := PageLang(html)
		if l, ok := relabelled[name]; ok {
			lang = l
		}
		if lang == "" || keep != nil && !keep(set, name, lang) {
			return nil
		}
		c, err := ex.Extract(ctx, analysis.Document{ID: name, URL: url, HTML: html})
		if err != nil {
			return fmt.Errorf("languagedata: %s %s: %w", set, name, err)
		}
		if strings.TrimSpace(c.Body) == "" {
			return nil
		}
		if strings.HasPrefix(strings.TrimSpace(c.Body), placeholder) {
			lang = "la"
		}
		out = append(out, Doc{Set: set, Name: name, Lang: lang, Text: c.Body})
		return nil
	}
	for _, p := range rp {
		if err := add(SetReadability, p.Name, "", p.Source); err != nil {
			return nil, err
		}
	}
	for _, p := range sp {
		if err := add(SetTrafilatura, p.Name, p.URL, p.HTML); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LoadAll reads every set: the plain-text sets under dataDir, the seeds
// under seedDir, and the boilerplate pages that declare a language.
func LoadAll(ctx context.Context, dataDir, seedDir string) ([]Doc, error) {
	docs, err := LoadText(dataDir)
	if err != nil {
		return nil, err
	}
	seeds, err := LoadSeeds(seedDir)
	if err != nil {
		return nil, err
	}
	pages, err := LoadPages(ctx, dataDir, nil)
	if err != nil {
		return nil, err
	}
	return append(append(docs, seeds...), pages...), nil
}
