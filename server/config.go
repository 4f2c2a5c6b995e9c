package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/docsift/docsift/internal/analysis"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// config is the server's configuration. Every field has a flag; every flag
// can also be set with the environment variable DOCSIFT_<FLAG_NAME>
// (upper case, dashes as underscores), the flag winning.
type config struct {
	grpcAddr        string
	httpAddr        string
	limits          analysis.Limits
	maxRequestBytes int
	shutdownTimeout time.Duration
	topicModels     []string // name=path
	logLevel        slog.Level
	logFormat       string

	maxConcurrent     int     // document requests in flight; 0 = no limit
	maxMemoryInFlight int64   // MiB of estimated document memory being analysed; 0 = no limit
	streamRate        float64 // documents per second per stream; 0 = no limit
	apiKeysFile       string
	apiKeys           []string
	tlsCert           string
	tlsKey            string
	tlsClientCA       string
	metrics           bool
	metricsAddr       string
	pprofAddr         string
}

// defaultMaxMemoryInFlight is the memory budget's default in MiB, for a
// 1 GiB pod with GOMEMLIMIT=900MiB (deploy/k8s): 900 MiB less an idle
// replica's ~110 MiB and ~150 MiB for the messages of calls being received
// or refused (up to --max-concurrent-requests of them, ~20 MiB of RSS per
// 10 MiB page while it is decoded). It holds two of the costliest
// documents (2 MiB of tiny paragraphs, 256 MiB; a 10 MiB page, 280 MiB)
// or one of each (README, "Limits and memory").
const defaultMaxMemoryInFlight = 640

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{limits: analysis.DefaultLimits}
	fs := flag.NewFlagSet("docsift-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.grpcAddr, "grpc-addr", ":50051", "gRPC listen address (port 0 picks a free port)")
	fs.StringVar(&cfg.httpAddr, "http-addr", ":8080", "HTTP/JSON gateway listen address (port 0 picks a free port)")
	fs.IntVar(&cfg.limits.MaxTextBytes, "max-text-bytes", cfg.limits.MaxTextBytes, "largest document.text accepted, in bytes")
	fs.IntVar(&cfg.limits.MaxHTMLBytes, "max-html-bytes", cfg.limits.MaxHTMLBytes, "largest document.html accepted, in bytes")
	fs.IntVar(&cfg.limits.MaxBatchDocuments, "max-batch-documents", cfg.limits.MaxBatchDocuments, "most documents in one BatchAnalyzeDocuments call")
	fs.IntVar(&cfg.maxRequestBytes, "max-request-bytes", 0, "largest request message (gRPC) or body (HTTP), in bytes; 0 means max-html-bytes + 1 MiB")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 20*time.Second, "how long shutdown waits for in-flight requests before cutting them off")
	var topicModels listFlag
	fs.Var(&topicModels, "topic-model", "extra topic model as name=path (repeatable); reloaded on SIGHUP")
	fs.IntVar(&cfg.maxConcurrent, "max-concurrent-requests", 16, "document calls (and streams) in progress at once, counted from their arrival to the end of their analysis; more are refused at once with RESOURCE_EXHAUSTED, before their message is read (0: no limit)")
	fs.Int64Var(&cfg.maxMemoryInFlight, "max-memory-in-flight", defaultMaxMemoryInFlight, "MiB of memory the documents being analysed may take at once, estimated per document as text bytes x 128 plus html bytes x 28 (measured on the costliest shapes); at least the largest document's estimate. A call whose documents do not fit is refused at once with RESOURCE_EXHAUSTED. The default is sized for a 1 GiB pod with GOMEMLIMIT=900MiB; see README (0: no limit)")
	fs.Float64Var(&cfg.streamRate, "stream-max-docs-per-second", 0, "pace each StreamAnalyzeDocuments stream to this many documents per second (0: no limit)")
	fs.StringVar(&cfg.apiKeysFile, "api-keys-file", "", "file of API keys, one per line (# comments); when keys are set every call but health needs \"authorization: Bearer <key>\"; reread on SIGHUP")
	apiKeys := fs.String("api-keys", "", "comma-separated API keys (prefer DOCSIFT_API_KEYS or --api-keys-file: flags show in ps)")
	fs.StringVar(&cfg.tlsCert, "tls-cert", "", "TLS certificate file (PEM) for both ports")
	fs.StringVar(&cfg.tlsKey, "tls-key", "", "TLS private key file (PEM)")
	fs.StringVar(&cfg.tlsClientCA, "tls-client-ca", "", "CA bundle (PEM) for client certificates: enables mutual TLS, required on both ports")
	fs.BoolVar(&cfg.metrics, "metrics", true, "serve Prometheus metrics at /metrics: on the HTTP port (behind the API keys when they are set), or on --metrics-addr")
	fs.StringVar(&cfg.metricsAddr, "metrics-addr", "", "serve /metrics on this separate address instead of the HTTP port, without API keys or TLS (e.g. :9090, for a scraper on the pod network)")
	fs.StringVar(&cfg.pprofAddr, "pprof-addr", "", "serve net/http/pprof on this address (e.g. 127.0.0.1:6060); off when empty")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&cfg.logFormat, "log-format", "json", "log format: json or text")

	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		env := "DOCSIFT_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(env); v != "" && !set[f.Name] {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("%s=%q: %w", env, v, err))
			}
		}
	})
	if envErr != nil {
		return cfg, envErr
	}
	cfg.topicModels = topicModels
	for _, k := range strings.Split(*apiKeys, ",") {
		if k = strings.TrimSpace(k); k != "" {
			cfg.apiKeys = append(cfg.apiKeys, k)
		}
	}
	if (cfg.tlsCert == "") != (cfg.tlsKey == "") {
		return cfg, errors.New("--tls-cert and --tls-key go together")
	}
	if cfg.tlsClientCA != "" && cfg.tlsCert == "" {
		return cfg, errors.New("--tls-client-ca needs --tls-cert and --tls-key")
	}
	if err := cfg.logLevel.UnmarshalText([]byte(*logLevel)); err != nil {
		return cfg, fmt.Errorf("--log-level: %w", err)
	}
	if cfg.logFormat != "json" && cfg.logFormat != "text" {
		return cfg, fmt.Errorf("--log-format must be json or text, not %q", cfg.logFormat)
	}
	if cfg.limits.MaxTextBytes <= 0 || cfg.limits.MaxHTMLBytes <= 0 || cfg.limits.MaxBatchDocuments <= 0 {
		return cfg, errors.New("--max-text-bytes, --max-html-bytes and --max-batch-documents must be positive")
	}
	if cfg.maxRequestBytes == 0 {
		cfg.maxRequestBytes = max(cfg.limits.MaxHTMLBytes, cfg.limits.MaxTextBytes) + 1<<20
	}
	if cfg.maxMemoryInFlight < 0 {
		return cfg, errors.New("--max-memory-in-flight must be >= 0")
	}
	if largest := max(memoryCost(cfg.limits.MaxTextBytes, 0), memoryCost(0, cfg.limits.MaxHTMLBytes)); cfg.maxMemoryInFlight > 0 && cfg.maxMemoryInFlight<<20 < largest {
		// A document the size limits accept must fit in an idle server's
		// budget, else it would be refused as overload forever.
		return cfg, fmt.Errorf("--max-memory-in-flight (%d MiB) must be at least the estimate for the largest document the size limits accept (%d MiB: --max-text-bytes x %d, --max-html-bytes x %d)",
			cfg.maxMemoryInFlight, (largest+1<<20-1)>>20, textCostPerByte, htmlCostPerByte)
	}
	for _, m := range cfg.topicModels {
		if name, path, ok := strings.Cut(m, "="); !ok || name == "" || path == "" {
			return cfg, fmt.Errorf("--topic-model %q: want name=path", m)
		}
	}
	return cfg, nil
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := logOptions(cfg.logLevel)
	if cfg.logFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// logOptions are the options of the server's log handlers: every
// duration, whatever its key, is written as a person reads it ("205.12ms",
// "1.503s") rather than as integer nanoseconds.
func logOptions(level slog.Leveler) *slog.HandlerOptions {
	return &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Value.Kind() == slog.KindDuration {
			a.Value = slog.StringValue(readableDuration(a.Value.Duration()))
		}
		return a
	}}
}

// readableDuration rounds d to about four significant digits.
func readableDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		d = d.Round(time.Millisecond)
	case d >= time.Millisecond:
		d = d.Round(10 * time.Microsecond)
	default:
		d = d.Round(time.Microsecond)
	}
	return d.String()
}

// tlsConfig returns the TLS configuration for both ports, or nil for
// plaintext.
func (c config) tlsConfig() (*tls.Config, error) {
	if c.tlsCert == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(c.tlsCert, c.tlsKey)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"h2", "http/1.1"}}
	if c.tlsClientCA != "" {
		pem, err := os.ReadFile(c.tlsClientCA)
		if err != nil {
			return nil, fmt.Errorf("tls client CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls client CA: no certificate in %s", c.tlsClientCA)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}
