package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/docsift/docsift/client"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

func runAnalyze(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", envOr("DOCSIFT_SERVER", "localhost:50051"), "server address (host:port, dns:///host:port, or a comma-separated list)")
	format := fs.String("format", "json", "output: json (one response per line) or text (a readable summary)")
	apiKey := fs.String("api-key", os.Getenv("DOCSIFT_API_KEY"), "API key, if the server requires one")
	timeout := fs.Duration("timeout", time.Minute, "per-document deadline")
	model := fs.String("topic-model", "", "topic model name (default: the server's default)")
	explain := fs.Bool("explain", false, "ask for the terms behind each topic")
	useTLS := fs.Bool("tls", false, "connect with TLS, verifying the server against the system roots (or --tls-ca)")
	tlsCA := fs.String("tls-ca", "", "CA bundle (PEM) to verify the server with; implies --tls")
	tlsName := fs.String("tls-server-name", "", "name to verify the server's certificate against (default: the host in --server); implies --tls")
	tlsCert := fs.String("tls-cert", "", "client certificate (PEM) for a server that requires mutual TLS; implies --tls")
	tlsKey := fs.String("tls-key", "", "client certificate's private key (PEM)")
	tlsSkip := fs.Bool("tls-insecure-skip-verify", false, "TLS without verifying the server's certificate: for testing only, never in production; implies --tls")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docsift analyze [flags] FILE... (or - for stdin)\n\nHTML is detected from the content; anything else is sent as text.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no input files", errUsage)
	}
	if *format != "json" && *format != "text" {
		return fmt.Errorf("%w: --format must be json or text", errUsage)
	}
	var opts []client.Option
	if *apiKey != "" {
		opts = append(opts, client.WithAPIKey(*apiKey))
	}
	if *useTLS || *tlsCA != "" || *tlsName != "" || *tlsCert != "" || *tlsSkip {
		cfg, err := clientTLS(*tlsCA, *tlsName, *tlsCert, *tlsKey, *tlsSkip)
		if err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		opts = append(opts, client.WithTLS(cfg))
	}
	c, err := client.Dial(ctx, *server, opts...)
	if err != nil {
		return err
	}
	defer c.Close()

	var failed, notUTF8 int
	for _, name := range fs.Args() {
		data, err := readInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			failed++
			continue
		}
		if !utf8.Valid(data) {
			// Protobuf strings must be UTF-8: sent as is, the call would
			// fail in the client's encoder with a misleading Internal.
			fmt.Fprintf(stderr, "%s: invalid argument: not valid UTF-8 (first bad byte at offset %d); convert it first, e.g. iconv -f latin1 -t utf-8\n", name, firstInvalidUTF8(data))
			failed++
			notUTF8++
			continue
		}
		doc := client.Text(string(data))
		if looksLikeHTML(data) {
			doc = client.HTML(string(data), "")
		}
		doc.Id = name
		cctx, cancel := context.WithTimeout(ctx, *timeout)
		resp, err := c.AnalyzeDocument(cctx, &docsiftv1.AnalyzeDocumentRequest{
			Document:     doc,
			TopicOptions: &docsiftv1.TopicOptions{Model: *model, Explain: *explain},
		})
		cancel()
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			failed++
			continue
		}
		if *format == "text" {
			printSummary(stdout, resp)
			continue
		}
		b, err := protojson.Marshal(resp)
		if err != nil {
			return err
		}
		stdout.Write(append(b, '\n'))
	}
	if failed > 0 && failed == notUTF8 {
		return fmt.Errorf("%w: %d of %d files are not valid UTF-8", errUsage, notUTF8, fs.NArg())
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d documents failed", failed, fs.NArg())
	}
	return nil
}

// clientTLS is the TLS configuration the --tls flags describe.
func clientTLS(caFile, serverName, certFile, keyFile string, skipVerify bool) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: serverName, InsecureSkipVerify: skipVerify}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("--tls-ca: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--tls-ca: no PEM certificate in %s", caFile)
		}
	}
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("--tls-cert: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

// looksLikeHTML sniffs the start of data for markup.
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p ", "<meta", "<?xml"} {
		if bytes.Contains(head, []byte(p)) {
			return true
		}
	}
	return false
}

func printSummary(w io.Writer, r *docsiftv1.AnalyzeDocumentResponse) {
	c := r.GetContent()
	fmt.Fprintf(w, "== %s\n", r.GetDocumentId())
	fmt.Fprintf(w, "title:    %s\n", c.GetTitle())
	if c.GetByline() != "" {
		fmt.Fprintf(w, "byline:   %s\n", c.GetByline())
	}
	if c.GetPublishedTime() != nil {
		fmt.Fprintf(w, "published: %s\n", c.GetPublishedTime().AsTime().Format(time.RFC3339))
	}
	fmt.Fprintf(w, "language: %s\n", r.GetLanguageCode())
	fmt.Fprintf(w, "body:     %d paragraphs, %d bytes (%d blocks removed)\n", strings.Count(c.GetBody(), "\n\n")+1, len(c.GetBody()), len(c.GetRemoved()))
	fmt.Fprintln(w, "topics:")
	for _, t := range r.GetTopics() {
		fmt.Fprintf(w, "  %.2f  %s (%s)\n", t.GetScore(), t.GetName(), t.GetId())
	}
	fmt.Fprintln(w, "entities:")
	for _, e := range r.GetEntities() {
		typ := strings.TrimPrefix(e.GetType().String(), "ENTITY_TYPE_")
		val := ""
		if e.GetValue() != nil {
			val = " = " + e.GetValue().GetText()
		}
		fmt.Fprintf(w, "  %-12s %.2f  %s%s (%d mentions)%s\n", typ, e.GetSalience(), e.GetName(), val, len(e.GetMentions()), placeText(e.GetPlace()))
	}
	for _, wn := range r.GetWarnings() {
		fmt.Fprintf(w, "warning:  %s: %s\n", wn.GetStage(), wn.GetMessage())
	}
}

// placeText formats an entity's place for the summary: " -> Paris, Texas,
// US (city, 33.66, -95.56, geonames 4717560, 0.93)", with "ambiguous" or
// "not in gazetteer" when it was not resolved; "" when there is none.
func placeText(p *docsiftv1.Place) string {
	if p == nil {
		return ""
	}
	switch p.GetStatus() {
	case docsiftv1.PlaceStatus_PLACE_STATUS_NOT_FOUND:
		return " -> not in gazetteer"
	case docsiftv1.PlaceStatus_PLACE_STATUS_UNSPECIFIED:
		return ""
	}
	name := p.GetName()
	if d := p.GetDivisionName(); d != "" && d != name {
		name += ", " + d
	}
	if p.GetCountryCode() != "" && p.GetKind() != docsiftv1.PlaceKind_PLACE_KIND_COUNTRY {
		name += ", " + p.GetCountryCode()
	}
	kind := strings.ToLower(strings.TrimPrefix(p.GetKind().String(), "PLACE_KIND_"))
	note := ""
	switch {
	case p.GetStatus() == docsiftv1.PlaceStatus_PLACE_STATUS_AMBIGUOUS:
		note = " ambiguous:"
	case p.GetDemonym():
		note = " demonym:"
	case p.GetPartial():
		note = " in name:"
	}
	return fmt.Sprintf(" ->%s %s (%s, %.2f, %.2f, geonames %d, %.2f)", note, name, kind, p.GetLatitude(), p.GetLongitude(), p.GetGeonamesId(), p.GetConfidence())
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
