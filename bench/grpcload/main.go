// Command grpcload is a lean gRPC load generator for docsift, for the runs
// where ghz itself is the bottleneck: on a 2-core machine ghz spends more
// CPU decoding responses (dynamic messages, from server reflection) than
// the server spends answering them, so -c 64 in ghz puts only a few calls
// in the server's hands at once. grpcload marshals the request once and
// neither decodes nor retries responses (raw-bytes codec, no service
// config), so -c N means N calls in flight at the server and every status
// (RESOURCE_EXHAUSTED included) is seen as the server sent it.
//
//	go run ./bench/grpcload -addr 127.0.0.1:50051 -method AnalyzeDocument -data req.json -c 32 -d 20s
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// rawCodec sends and receives already-encoded protobuf bytes.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }
func (rawCodec) Marshal(v any) ([]byte, error) {
	return *(v.(*[]byte)), nil
}
func (rawCodec) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = data
	return nil
}

type result struct {
	Count   int            `json:"count"`
	Errors  int            `json:"errors"`
	Seconds float64        `json:"seconds"`
	RPS     float64        `json:"rps"`
	P50ms   float64        `json:"p50_ms"`
	P90ms   float64        `json:"p90_ms"`
	P99ms   float64        `json:"p99_ms"`
	MaxMs   float64        `json:"max_ms"`
	Codes   map[string]int `json:"codes"`
	// Latency of failed calls alone (how fast rejections are).
	ErrP50ms float64  `json:"error_p50_ms"`
	ErrP99ms float64  `json:"error_p99_ms"`
	FirstErr []string `json:"first_errors,omitempty"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server gRPC address")
	method := flag.String("method", "AnalyzeDocument", "DocumentService method: AnalyzeDocument, ClassifyDocument, ExtractEntities, ExtractContent, GetCapabilities")
	data := flag.String("data", "", "request as JSON (protojson) file; empty: an empty request")
	c := flag.Int("c", 16, "calls in flight")
	conns := flag.Int("connections", 1, "HTTP/2 connections (calls are spread over them)")
	n := flag.Int("n", 0, "total calls (0: run for -d)")
	d := flag.Duration("d", 10*time.Second, "how long to run when -n is 0")
	timeout := flag.Duration("timeout", 10*time.Second, "per-call deadline")
	asJSON := flag.Bool("json", false, "print one JSON object")
	flag.Parse()

	reqs := map[string]proto.Message{
		"AnalyzeDocument":  &docsiftv1.AnalyzeDocumentRequest{},
		"ClassifyDocument": &docsiftv1.ClassifyDocumentRequest{},
		"ExtractEntities":  &docsiftv1.ExtractEntitiesRequest{},
		"ExtractContent":   &docsiftv1.ExtractContentRequest{},
		"GetCapabilities":  &docsiftv1.GetCapabilitiesRequest{},
	}
	req, ok := reqs[*method]
	if !ok {
		fatal(fmt.Errorf("unknown method %q", *method))
	}
	if *data != "" {
		b, err := os.ReadFile(*data)
		if err != nil {
			fatal(err)
		}
		if err := protojson.Unmarshal(b, req); err != nil {
			fatal(fmt.Errorf("%s: %w", *data, err))
		}
	}
	payload, err := proto.Marshal(req)
	if err != nil {
		fatal(err)
	}
	fullMethod := "/" + docsiftv1.DocumentService_ServiceDesc.ServiceName + "/" + *method

	var cc []*grpc.ClientConn
	for range max(1, *conns) {
		conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallRecvMsgSize(512<<20)))
		if err != nil {
			fatal(err)
		}
		defer conn.Close()
		conn.Connect()
		cc = append(cc, conn)
	}

	ctx := context.Background()
	cancel := context.CancelFunc(func() {})
	if *n == 0 {
		ctx, cancel = context.WithTimeout(ctx, *d)
	}
	defer cancel()
	var (
		mu      sync.Mutex
		lats    []time.Duration
		errLats []time.Duration
		codes   = map[string]int{}
		errs    []string
		issued  int
	)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn := cc[w%len(cc)]
			for ctx.Err() == nil {
				if *n > 0 {
					mu.Lock()
					issued++
					over := issued > *n
					mu.Unlock()
					if over {
						return
					}
				}
				cctx, ccancel := context.WithTimeout(context.Background(), *timeout) // a call in flight at the end completes
				in, out := payload, []byte(nil)
				t0 := time.Now()
				err := conn.Invoke(cctx, fullMethod, &in, &out)
				lat := time.Since(t0)
				ccancel()
				code := status.Code(err).String()
				mu.Lock()
				lats = append(lats, lat)
				codes[code]++
				if err != nil {
					errLats = append(errLats, lat)
					if len(errs) < 3 {
						errs = append(errs, err.Error())
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	r := result{
		Count: len(lats), Errors: len(errLats), Seconds: elapsed.Seconds(),
		RPS:   float64(len(lats)) / elapsed.Seconds(),
		P50ms: pct(lats, 50), P90ms: pct(lats, 90), P99ms: pct(lats, 99), MaxMs: pct(lats, 100),
		ErrP50ms: pct(errLats, 50), ErrP99ms: pct(errLats, 99),
		Codes: codes, FirstErr: errs,
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	fmt.Printf("calls %d in %.1fs: %.1f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		r.Count, r.Seconds, r.RPS, r.P50ms, r.P90ms, r.P99ms, r.MaxMs)
	keys := make([]string, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("  %s: %d\n", k, codes[k])
	}
	if r.Errors > 0 {
		fmt.Printf("  failed calls: p50 %.2f ms, p99 %.2f ms\n", r.ErrP50ms, r.ErrP99ms)
	}
	for _, e := range errs {
		fmt.Println("  error:", e)
	}
}

func pct(lats []time.Duration, p float64) float64 {
	if len(lats) == 0 {
		return 0
	}
	s := slices.Clone(lats)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	i = max(0, min(i, len(s)-1))
	return float64(s[i].Microseconds()) / 1000
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "grpcload:", err)
	os.Exit(1)
}
