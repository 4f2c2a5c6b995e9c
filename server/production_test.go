package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

const testKey = "test-key-0123456789abcdef"

func TestAPIKeys(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "keys")
	os.WriteFile(keyFile, []byte("# operators\n"+testKey+"\n"), 0o600)
	ts := startServer(t, "--api-keys-file", keyFile)
	ctx := context.Background()

	_, err := ts.client.GetCapabilities(ctx)
	if status.Code(err) != codes.Unauthenticated {
		t.Errorf("GetCapabilities without a key = %v, want Unauthenticated", err)
	}
	keyed, err := client.Dial(ctx, ts.app.grpcAddr(), client.WithAPIKey(testKey))
	if err != nil {
		t.Fatal(err)
	}
	defer keyed.Close()
	if _, err := keyed.GetCapabilities(ctx); err != nil {
		t.Errorf("GetCapabilities with the key: %v", err)
	}
	wrong, _ := client.Dial(ctx, ts.app.grpcAddr(), client.WithAPIKey("wrong-key-0123456789"))
	defer wrong.Close()
	if _, err := wrong.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{Document: client.Text("x")}); status.Code(err) != codes.Unauthenticated {
		t.Errorf("AnalyzeDocument with a wrong key = %v, want Unauthenticated", err)
	}
	// Health stays open for probes, on both ports.
	if _, err := healthpb.NewHealthClient(ts.conn).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("health without a key: %v", err)
	}
	if code, _ := ts.get(t, "/healthz"); code != 200 {
		t.Errorf("GET /healthz without a key = %d, want 200", code)
	}
	// HTTP: the same check through the gateway.
	for _, tc := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer nope-nope-nope-nope", 401}, {"Basic " + testKey, 401}, {"Bearer " + testKey, 200}} {
		req, _ := http.NewRequest("GET", ts.http+"/v1/capabilities", nil)
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET /v1/capabilities with Authorization %q = %d, want %d", tc.auth, resp.StatusCode, tc.want)
		}
	}
	// Reload: a new key file replaces the keys.
	os.WriteFile(keyFile, []byte("another-key-0123456789\n"), 0o600)
	ts.app.reload()
	if _, err := keyed.GetCapabilities(ctx); status.Code(err) != codes.Unauthenticated {
		t.Errorf("old key after reload = %v, want Unauthenticated", err)
	}
	// A broken key file keeps the keys in force.
	os.WriteFile(keyFile, []byte("# nothing\n"), 0o600)
	ts.app.reload()
	fresh, _ := client.Dial(ctx, ts.app.grpcAddr(), client.WithAPIKey("another-key-0123456789"))
	defer fresh.Close()
	if _, err := fresh.GetCapabilities(ctx); err != nil {
		t.Errorf("key in force after a failed reload: %v", err)
	}
}

func TestOverloadFastRejection(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	ts := startServerWith(t, func(a *app) { a.pipe.Content = &blocking{started: started, release: release} },
		"--max-concurrent-requests", "1")
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("held")})
		done <- err
	}()
	<-started
	start := time.Now()
	_, err := ts.client.ExtractContent(ctx, &docsiftv1.ExtractContentRequest{Document: client.Text("second")})
	if status.Code(err) != codes.ResourceExhausted {
		t.Errorf("request over the limit = %v, want ResourceExhausted", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("rejection took %v; want it fast", d)
	}
	code, _ := ts.post(t, "/v1/documents:extractContent", `{"document": {"text": "third"}}`)
	if code != http.StatusTooManyRequests {
		t.Errorf("HTTP request over the limit = %d, want 429", code)
	}
	// Capabilities and health are not limited.
	if _, err := ts.client.GetCapabilities(ctx); err != nil {
		t.Errorf("GetCapabilities at the limit: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("held request: %v", err)
	}
	// Recovers at once.
	if _, err := ts.client.ClassifyDocument(ctx, &docsiftv1.ClassifyDocumentRequest{Document: client.Text("Tokyo and Moscow talks")}); err != nil {
		t.Errorf("request after the overload: %v", err)
	}
}

func TestMetrics(t *testing.T) {
	ts := startServer(t)
	ts.client.AnalyzeDocument(context.Background(), &docsiftv1.AnalyzeDocumentRequest{Document: client.Text(seedText(t))})
	ts.get(t, "/v1/capabilities")
	resp, err := http.Get(ts.http + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(b)
	for _, want := range []string{
		`docsift_requests_total{code="OK",method="/docsift.v1.DocumentService/AnalyzeDocument",transport="grpc"} 1`,
		`docsift_requests_total{code="OK",method="/docsift.v1.DocumentService/GetCapabilities",transport="http"} 1`,
		`docsift_request_duration_seconds_bucket`,
		`docsift_requests_in_flight`,
		`docsift_document_bytes_bucket{kind="text"`,
		`docsift_stage_duration_seconds_bucket{stage="entities"`,
		`docsift_model_info{name="iptc",stage="topics"`,
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestTLSAndMutualTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newCA(t)
	writePEM(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", ca.Raw)
	srvCert := newLeaf(t, ca, caKey, "127.0.0.1", filepath.Join(dir, "srv"))
	cliCert := newLeaf(t, ca, caKey, "client", filepath.Join(dir, "cli"))
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	ts := startServer(t, "--tls-cert", srvCert+".crt", "--tls-key", srvCert+".key", "--tls-client-ca", filepath.Join(dir, "ca.pem"))
	ctx := context.Background()

	cliPair, err := tls.LoadX509KeyPair(cliCert+".crt", cliCert+".key")
	if err != nil {
		t.Fatal(err)
	}
	withCert, err := client.Dial(ctx, ts.app.grpcAddr(), client.WithTLS(&tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cliPair}}))
	if err != nil {
		t.Fatal(err)
	}
	defer withCert.Close()
	if _, err := withCert.GetCapabilities(ctx); err != nil {
		t.Errorf("mTLS gRPC call with a client certificate: %v", err)
	}
	noCert, _ := client.Dial(ctx, ts.app.grpcAddr(), client.WithTLS(&tls.Config{RootCAs: pool}))
	defer noCert.Close()
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := noCert.GetCapabilities(cctx); err == nil {
		t.Error("gRPC call without a client certificate succeeded; mTLS must refuse it")
	}
	plain, _ := grpc.NewClient(ts.app.grpcAddr(), grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{InsecureSkipVerify: true, Certificates: []tls.Certificate{cliPair}})))
	defer plain.Close()

	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cliPair}}}}
	resp, err := hc.Get("https://" + ts.app.httpAddr() + "/v1/capabilities")
	if err != nil {
		t.Fatalf("HTTPS with a client certificate: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("HTTPS /v1/capabilities = %d", resp.StatusCode)
	}
	hcNoCert := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if resp, err := hcNoCert.Get("https://" + ts.app.httpAddr() + "/v1/capabilities"); err == nil {
		resp.Body.Close()
		t.Error("HTTPS without a client certificate succeeded; mTLS must refuse it")
	}
}

func newCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "docsift test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	return ca, key
}

// newLeaf writes base.crt and base.key: a certificate for name signed by ca,
// good for both server and client authentication.
func newLeaf(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, name, base string) string {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	if ip := net.ParseIP(name); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, base+".crt", "CERTIFICATE", der)
	kb, _ := x509.MarshalECPrivateKey(key)
	writePEM(t, base+".key", "EC PRIVATE KEY", kb)
	return base
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestPprofOnlyWhenAsked(t *testing.T) {
	ts := startServer(t, "--pprof-addr", "127.0.0.1:0")
	resp, err := http.Get("http://" + ts.app.pprofLis.Addr().String() + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("pprof index = %d", resp.StatusCode)
	}
	resp, err = http.Get(ts.http + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Error("pprof is served on the public HTTP port")
	}
}
