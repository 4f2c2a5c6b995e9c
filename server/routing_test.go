package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// httpDo sends one request and returns its status, headers and body.
func httpDo(t *testing.T, method, url, contentType, auth, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// checkJSONError fails unless body is the JSON error body of every error
// (a google.rpc.Status with a message).
func checkJSONError(t *testing.T, what string, h http.Header, body []byte) {
	t.Helper()
	var st struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q, want application/json", what, ct)
	}
	if err := json.Unmarshal(body, &st); err != nil || st.Message == "" || st.Code == 0 {
		t.Errorf("%s: body is not a JSON error (%v): %s", what, err, body)
	}
}

// TestHTTPRouting checks every path of the HTTP port: a wrong method on a
// known path is 405 with Allow, an unknown path 404, both with the JSON
// error body.
func TestHTTPRouting(t *testing.T) {
	ts := startServer(t)
	for _, tc := range []struct {
		method, path, contentType string
		want                      int
		allow                     string // for 405
	}{
		{"POST", "/v1/capabilities", "application/x-www-form-urlencoded", 405, "GET"},
		{"POST", "/v1/capabilities", "application/json", 405, "GET"},
		{"HEAD", "/v1/capabilities", "", 405, "GET"},
		{"GET", "/v1/documents:analyze", "", 405, "POST"},
		{"PUT", "/v1/documents:batchAnalyze", "application/json", 405, "POST"},
		{"DELETE", "/v1/documents:classify", "", 405, "POST"},
		{"POST", "/healthz", "application/json", 405, "GET"},
		{"POST", "/openapi.json", "application/json", 405, "GET, HEAD"},
		{"POST", "/metrics", "application/x-www-form-urlencoded", 405, "GET, HEAD"},
		{"DELETE", "/", "", 405, "GET, HEAD"},
		{"POST", "/v2/documents:analyze", "application/json", 404, ""},
		{"POST", "/v1/documents:summarize", "application/json", 404, ""},
		{"GET", "/v1/", "", 404, ""},
		{"GET", "/nope", "", 404, ""},
		{"GET", "/openapi.json/", "", 404, ""},
		{"GET", "/v1/capabilities", "", 200, ""},
		{"GET", "/healthz", "", 200, ""},
		{"GET", "/openapi.json", "", 200, ""},
		{"HEAD", "/openapi.json", "", 200, ""},
		{"GET", "/metrics", "", 200, ""},
		{"GET", "/", "", 200, ""},
		{"HEAD", "/", "", 200, ""},
	} {
		what := tc.method + " " + tc.path
		t.Run(what, func(t *testing.T) {
			code, h, body := httpDo(t, tc.method, ts.http+tc.path, tc.contentType, "", "")
			if code != tc.want {
				t.Errorf("%s = %d, want %d: %s", what, code, tc.want, body)
			}
			if code >= 400 && tc.method != "HEAD" {
				checkJSONError(t, what, h, body)
			}
			if got := h.Get("Allow"); got != tc.allow {
				t.Errorf("%s: Allow %q, want %q", what, got, tc.allow)
			}
		})
	}
}

// TestHTTPAuth checks which HTTP endpoints need the API key when keys are
// set: every one but /healthz; the Bearer scheme in any case.
func TestHTTPAuth(t *testing.T) {
	ts := startServer(t, "--api-keys", testKey)
	for _, tc := range []struct {
		method, path, auth string
		want               int
	}{
		{"GET", "/healthz", "", 200},
		{"GET", "/metrics", "", 401},
		{"GET", "/openapi.json", "", 401},
		{"HEAD", "/openapi.json", "", 401},
		{"GET", "/", "", 401},
		{"GET", "/v1/capabilities", "", 401},
		{"POST", "/v1/documents:analyze", "", 401},
		{"GET", "/metrics", "Bearer " + testKey, 200},
		{"GET", "/openapi.json", "Bearer " + testKey, 200},
		{"GET", "/", "Bearer " + testKey, 200},
		{"GET", "/v1/capabilities", "Bearer " + testKey, 200},
		{"GET", "/metrics", "bearer " + testKey, 200},
		{"GET", "/v1/capabilities", "bearer " + testKey, 200},
		{"GET", "/v1/capabilities", "BEARER " + testKey, 200},
		{"GET", "/openapi.json", "bEaReR  " + testKey, 200},
		{"GET", "/metrics", "Bearer wrong-key-0123456789", 401},
		{"GET", "/metrics", "Basic " + testKey, 401},
		{"GET", "/v1/capabilities", "Basic " + testKey, 401},
		{"GET", "/metrics", testKey, 401},
		{"GET", "/metrics", "Bearer", 401},
	} {
		what := tc.method + " " + tc.path + " auth=" + strings.ReplaceAll(tc.auth, testKey, "<key>")
		t.Run(what, func(t *testing.T) {
			body := ""
			ct := ""
			if tc.method == "POST" {
				body, ct = `{"document": {"text": "Tokyo"}}`, "application/json"
			}
			code, h, b := httpDo(t, tc.method, ts.http+tc.path, ct, tc.auth, body)
			if code != tc.want {
				t.Errorf("%s = %d, want %d: %s", what, code, tc.want, b)
			}
			if code == 401 && tc.method != "HEAD" {
				checkJSONError(t, what, h, b)
			}
		})
	}
}

// TestMetricsListener checks --metrics-addr: /metrics moves to its own
// listener, which needs no key, and leaves the HTTP port.
func TestMetricsListener(t *testing.T) {
	ts := startServer(t, "--api-keys", testKey, "--metrics-addr", "127.0.0.1:0")
	code, _, body := httpDo(t, "GET", "http://"+ts.app.metricsLis.Addr().String()+"/metrics", "", "", "")
	if code != 200 || !strings.Contains(string(body), "docsift_admitted_calls") {
		t.Errorf("GET /metrics on the metrics listener = %d, want 200 with the metrics:\n%.300s", code, body)
	}
	if code, _, _ := httpDo(t, "GET", ts.http+"/metrics", "", "Bearer "+testKey, ""); code != 404 {
		t.Errorf("GET /metrics on the HTTP port with --metrics-addr = %d, want 404", code)
	}
}

func TestReadableDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{205123456 * time.Nanosecond, "205.12ms"},
		{1503456789 * time.Nanosecond, "1.503s"},
		{1234567 * time.Nanosecond, "1.23ms"},
		{4567 * time.Nanosecond, "5µs"},
		{0, "0s"},
		{95 * time.Second, "1m35s"},
	} {
		if got := readableDuration(tc.d); got != tc.want {
			t.Errorf("readableDuration(%d) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
