package main

import (
	"html/template"
	"net/http"
)

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>docsift</title></head>
<body>
<h1>docsift {{.Version}}</h1>
<p>Reads news articles: the cleaned content, topic labels and entities, over gRPC and JSON.</p>
<ul>
<li><a href="/v1/capabilities">/v1/capabilities</a>: models, versions, labels, entity types, limits</li>
<li><a href="/openapi.json">/openapi.json</a>: the OpenAPI (Swagger 2.0) spec of the JSON API</li>
<li><a href="/healthz">/healthz</a>: health</li>
</ul>
<p>Try: <code>curl -s localhost:8080/v1/documents:analyze -d '{"document":{"text":"..."}}'</code></p>
</body></html>
`))

func (a *app) index(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	indexPage.Execute(w, struct{ Version string }{version})
}
