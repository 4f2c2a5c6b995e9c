package main

import (
	"net/http"
	"sync"

	"github.com/docsift/docsift/server/web"
)

// playground renders the page at "/" once: it is static but for the version.
var playground = sync.OnceValues(func() (*web.Page, error) { return web.Render(version) })

// index serves the playground (server/web): a page that analyses an article
// through the JSON API and shows the result, and links to /openapi.json,
// /v1/capabilities and /healthz.
func (a *app) index(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	page, err := playground()
	if err != nil {
		a.log.Error("playground page", "err", err)
		http.Error(w, "the playground page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", page.CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(page.HTML)
}
