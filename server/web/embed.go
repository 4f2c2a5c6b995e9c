// Package web is the playground page served at "/" on the HTTP port: paste
// an article, analyse it through the public JSON API, and see the cleaned
// body with its entities, the topics, the removed boilerplate, the metadata
// and timings. Plain HTML, CSS and JavaScript, embedded in the binary; the
// page loads nothing from anywhere else, so it works offline.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"html/template"
)

// Assets holds the page template, its style and script, and a copy of the
// project's seed article (seeds/000_6d735a571148c0b2.txt) for the "Load the
// seed article" button.
//
//go:embed index.html playground.css playground.js seed.txt
var Assets embed.FS

// Page is the rendered playground: one self-contained HTML document.
type Page struct {
	HTML []byte
	// CSP is a Content-Security-Policy admitting exactly the page's own
	// inline style and script (by hash) and requests to its own origin.
	CSP string
}

// Render builds the page for a server version. The style and script are
// inlined, and the seed article is embedded as a JSON data block, so that
// the page is one request and needs no other route.
func Render(version string) (*Page, error) {
	read := func(name string) (string, error) {
		b, err := Assets.ReadFile(name)
		return string(b), err
	}
	tmplText, err := read("index.html")
	if err != nil {
		return nil, err
	}
	style, err := read("playground.css")
	if err != nil {
		return nil, err
	}
	script, err := read("playground.js")
	if err != nil {
		return nil, err
	}
	seed, err := read("seed.txt")
	if err != nil {
		return nil, err
	}
	// json.Marshal escapes <, > and &, so the seed cannot end its <script>.
	seedJSON, err := json.Marshal(seed)
	if err != nil {
		return nil, err
	}
	t, err := template.New("index.html").Parse(tmplText)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, struct {
		Version string
		Style   template.CSS
		Script  template.JS
		Seed    template.JS
	}{version, template.CSS(style), template.JS(script), template.JS(seedJSON)})
	if err != nil {
		return nil, err
	}
	csp := "default-src 'none'; connect-src 'self'; img-src 'self' data:; " +
		"style-src " + hash(style) + "; script-src " + hash(script) + "; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	return &Page{HTML: buf.Bytes(), CSP: csp}, nil
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
