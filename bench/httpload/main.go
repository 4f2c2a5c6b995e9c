// Command httpload is a minimal HTTP load generator for docsift's JSON
// gateway: -c workers send the same request (GET, or POST with -body) for -d
// or until -n requests, and it prints the count, req/s, latency percentiles
// and the status-code distribution (text, or one JSON object with -json).
//
//	go run ./bench/httpload -url http://127.0.0.1:8080/v1/documents:analyze -body req.json -c 16 -d 10s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

type result struct {
	Count     int            `json:"count"`
	Errors    int            `json:"errors"` // transport errors and non-2xx
	Seconds   float64        `json:"seconds"`
	RPS       float64        `json:"rps"`
	P50ms     float64        `json:"p50_ms"`
	P90ms     float64        `json:"p90_ms"`
	P99ms     float64        `json:"p99_ms"`
	MaxMs     float64        `json:"max_ms"`
	Statuses  map[string]int `json:"statuses"`
	FirstErrs []string       `json:"first_errors,omitempty"`
}

func main() {
	url := flag.String("url", "", "URL to call (required)")
	bodyPath := flag.String("body", "", "file holding a JSON request body: POST it (default: GET)")
	c := flag.Int("c", 16, "concurrent workers")
	n := flag.Int("n", 0, "total requests (0: run for -d)")
	d := flag.Duration("d", 10*time.Second, "how long to run when -n is 0")
	timeout := flag.Duration("timeout", 20*time.Second, "per-request timeout")
	asJSON := flag.Bool("json", false, "print one JSON object")
	flag.Parse()
	if *url == "" || *c < 1 {
		flag.Usage()
		os.Exit(2)
	}
	var body []byte
	if *bodyPath != "" {
		var err error
		if body, err = os.ReadFile(*bodyPath); err != nil {
			fmt.Fprintln(os.Stderr, "httpload:", err)
			os.Exit(1)
		}
	}
	tr := &http.Transport{MaxIdleConns: *c, MaxIdleConnsPerHost: *c, MaxConnsPerHost: *c}
	client := &http.Client{Transport: tr, Timeout: *timeout}

	ctx := context.Background()
	var cancel context.CancelFunc = func() {}
	if *n == 0 {
		ctx, cancel = context.WithTimeout(ctx, *d)
	}
	defer cancel()

	var (
		issued   atomic.Int64
		mu       sync.Mutex
		lats     []time.Duration
		statuses = map[string]int{}
		errs     []string
		nerr     int
	)
	start := time.Now()
	var wg sync.WaitGroup
	for range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			localStatus := map[string]int{}
			var localErrs []string
			localNerr := 0
			for ctx.Err() == nil {
				if *n > 0 && issued.Add(1) > int64(*n) {
					break
				}
				method := http.MethodGet
				var rd io.Reader
				if body != nil {
					method, rd = http.MethodPost, bytes.NewReader(body)
				}
				req, _ := http.NewRequest(method, *url, rd) // not ctx: a request in flight at the end completes
				if body != nil {
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat := time.Since(t0)
				local = append(local, lat)
				switch {
				case err != nil:
					localStatus["transport-error"]++
					localNerr++
					if len(localErrs) < 3 {
						localErrs = append(localErrs, err.Error())
					}
				default:
					localStatus[strconv.Itoa(resp.StatusCode)]++
					if resp.StatusCode/100 != 2 {
						localNerr++
					}
				}
			}
			mu.Lock()
			lats = append(lats, local...)
			for k, v := range localStatus {
				statuses[k] += v
			}
			errs = append(errs, localErrs...)
			nerr += localNerr
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lats)
	pct := func(p float64) float64 {
		if len(lats) == 0 {
			return 0
		}
		i := int(float64(len(lats))*p/100+0.5) - 1
		i = max(0, min(i, len(lats)-1))
		return float64(lats[i].Microseconds()) / 1000
	}
	r := result{
		Count: len(lats), Errors: nerr, Seconds: elapsed.Seconds(),
		RPS:   float64(len(lats)) / elapsed.Seconds(),
		P50ms: pct(50), P90ms: pct(90), P99ms: pct(99), MaxMs: pct(100),
		Statuses: statuses, FirstErrs: errs,
	}
	if len(errs) > 3 {
		r.FirstErrs = errs[:3]
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	fmt.Printf("requests %d in %.1fs: %.1f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d\n",
		r.Count, r.Seconds, r.RPS, r.P50ms, r.P90ms, r.P99ms, r.MaxMs, r.Errors)
	keys := make([]string, 0, len(statuses))
	for k := range statuses {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("  %s: %d\n", k, statuses[k])
	}
	for _, e := range r.FirstErrs {
		fmt.Println("  error:", e)
	}
}
