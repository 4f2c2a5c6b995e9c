package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// echoServer answers AnalyzeDocument with the document's id.
type echoServer struct {
	docsiftv1.UnimplementedDocumentServiceServer
}

func (echoServer) AnalyzeDocument(_ context.Context, req *docsiftv1.AnalyzeDocumentRequest) (*docsiftv1.AnalyzeDocumentResponse, error) {
	return &docsiftv1.AnalyzeDocumentResponse{DocumentId: req.GetDocument().GetId()}, nil
}

// startTLSServer serves echoServer over TLS with a self-signed certificate
// for "docsift.test" and returns its address and the certificate (PEM).
func startTLSServer(t *testing.T) (addr, caFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "docsift.test"}, DNSNames: []string{"docsift.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	srv := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}})))
	docsiftv1.RegisterDocumentServiceServer(srv, echoServer{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return lis.Addr().String(), caFile
}

func TestAnalyzeTLS(t *testing.T) {
	addr, ca := startTLSServer(t)
	doc := filepath.Join(t.TempDir(), "doc.txt")
	os.WriteFile(doc, []byte("Tokyo and Moscow held talks."), 0o600)
	for _, tc := range []struct {
		name  string
		flags []string
		ok    bool
	}{
		{"ca and server name", []string{"--tls-ca", ca, "--tls-server-name", "docsift.test"}, true},
		{"skip verify", []string{"--tls-insecure-skip-verify"}, true},
		{"ca but the wrong name", []string{"--tls-ca", ca}, false}, // the certificate is for docsift.test, not 127.0.0.1
		{"system roots", []string{"--tls"}, false},
		{"plaintext", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"--server", addr, "--timeout", "3s"}, tc.flags...)
			err := runAnalyze(context.Background(), append(args, doc), nil, &stdout, &stderr)
			if tc.ok && (err != nil || !strings.Contains(stdout.String(), "doc.txt")) {
				t.Errorf("analyze %v = %v, stdout %q, stderr %q; want the response", tc.flags, err, stdout.String(), stderr.String())
			}
			if !tc.ok && err == nil {
				t.Errorf("analyze %v succeeded; want it to fail", tc.flags)
			}
		})
	}
}

func TestAnalyzeInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "latin1.txt")
	os.WriteFile(bad, []byte("caf\xe9 au lait"), 0o600)
	var stdout, stderr bytes.Buffer
	// No server is needed: the file is refused before any call.
	err := runAnalyze(context.Background(), []string{"--server", "127.0.0.1:1", bad}, nil, &stdout, &stderr)
	if !errors.Is(err, errUsage) {
		t.Errorf("analyze of a Latin-1 file = %v; want a usage error", err)
	}
	if msg := stderr.String(); !strings.Contains(msg, "invalid argument: not valid UTF-8 (first bad byte at offset 3)") || strings.Contains(msg, "Internal") {
		t.Errorf("stderr = %q; want it to name the invalid UTF-8 and its offset", msg)
	}
}

func TestTLSFlagErrors(t *testing.T) {
	for _, flags := range [][]string{
		{"--tls-ca", "/nonexistent/ca.pem"},
		{"--tls-cert", "c.pem"},
	} {
		err := runAnalyze(context.Background(), append(flags, "x.txt"), nil, &bytes.Buffer{}, &bytes.Buffer{})
		if !errors.Is(err, errUsage) {
			t.Errorf("analyze %v = %v; want a usage error", flags, err)
		}
	}
}

func TestPlaceText(t *testing.T) {
	tests := []struct {
		name string
		in   *docsiftv1.Place
		want string
	}{
		{"none", nil, ""},
		{"not found", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_NOT_FOUND}, " -> not in gazetteer"},
		{"city", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_RESOLVED, Name: "Paris", Kind: docsiftv1.PlaceKind_PLACE_KIND_CITY,
			CountryCode: "US", DivisionName: "Texas", Latitude: 33.66, Longitude: -95.55, GeonamesId: 4717560, Confidence: 0.93},
			" -> Paris, Texas, US (city, 33.66, -95.55, geonames 4717560, 0.93)"},
		{"country demonym", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_RESOLVED, Name: "Japan", Kind: docsiftv1.PlaceKind_PLACE_KIND_COUNTRY,
			CountryCode: "JP", Latitude: 36.25, Longitude: 135.75, GeonamesId: 1861060, Confidence: 1, Demonym: true},
			" -> demonym: Japan (country, 36.25, 135.75, geonames 1861060, 1.00)"},
		{"ambiguous", &docsiftv1.Place{Status: docsiftv1.PlaceStatus_PLACE_STATUS_AMBIGUOUS, Name: "Springfield", Kind: docsiftv1.PlaceKind_PLACE_KIND_CITY,
			CountryCode: "US", DivisionName: "Missouri", Latitude: 37.22, Longitude: -93.3, GeonamesId: 4409896, Confidence: 0.31},
			" -> ambiguous: Springfield, Missouri, US (city, 37.22, -93.30, geonames 4409896, 0.31)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := placeText(tc.in); got != tc.want {
				t.Errorf("placeText = %q, want %q", got, tc.want)
			}
		})
	}
}
