package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// BenchmarkGateway compares three ways to put the JSON gateway in front of
// the service, over real loopback HTTP:
//
//   - memconn: the gateway calls the gRPC server over an in-memory
//     connection (what docsift does): every interceptor runs.
//   - tcp: the gateway dials the public gRPC port: every interceptor runs.
//   - direct: RegisterDocumentServiceHandlerServer calls the handlers
//     directly: no interceptors (no auth, limits, logging, metrics,
//     recovery), no streaming, no message size limit.
//
// go test ./server -run '^$' -bench Gateway -benchtime 3s
func BenchmarkGateway(b *testing.B) {
	ts := startServer(b, "--log-level", "error")
	seed := `{"document": {"text": ` + jsonString(seedText(b)) + `}}`
	directMux := runtime.NewServeMux()
	if err := docsiftv1.RegisterDocumentServiceHandlerServer(context.Background(), directMux, ts.app.docs); err != nil {
		b.Fatal(err)
	}
	tcpMux := runtime.NewServeMux()
	tcpConn, err := grpc.NewClient(ts.app.grpcAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	defer tcpConn.Close()
	if err := docsiftv1.RegisterDocumentServiceHandler(context.Background(), tcpMux, tcpConn); err != nil {
		b.Fatal(err)
	}
	for _, gw := range []struct {
		name string
		url  string
	}{
		{"memconn", ts.http},
		{"tcp", serveHTTP(b, tcpMux)},
		{"direct", serveHTTP(b, directMux)},
	} {
		for _, call := range []struct{ name, method, path, body string }{
			{"GetCapabilities", "GET", "/v1/capabilities", ""},
			{"AnalyzeDocument", "POST", "/v1/documents:analyze", seed},
		} {
			b.Run(gw.name+"/"+call.name, func(b *testing.B) {
				hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
				b.ReportAllocs()
				b.SetParallelism(8)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						req, _ := http.NewRequest(call.method, gw.url+call.path, strings.NewReader(call.body))
						resp, err := hc.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							b.Errorf("%s %s = %d", call.method, call.path, resp.StatusCode)
							return
						}
					}
				})
			})
		}
	}
}

func serveHTTP(b *testing.B, h http.Handler) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(lis)
	b.Cleanup(func() { srv.Close() })
	return "http://" + lis.Addr().String()
}
