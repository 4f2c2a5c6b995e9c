// Command server runs docsift: the DocumentService over gRPC and, through
// grpc-gateway, over JSON/HTTP, with its default models embedded.
//
// This package is wiring only: flags, listeners, interceptors, the gateway and
// shutdown. The handlers adapt proto messages to the analysis domain and back;
// errors.go maps domain errors to gRPC statuses in one place.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "docsift:", err)
		stop()
		os.Exit(1)
	}
}

// run starts the server and blocks until ctx is done, then shuts down
// gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	a, err := newApp(cfg, logger)
	if err != nil {
		return err
	}
	if err := a.listen(); err != nil {
		return err
	}
	attrs := []any{"grpc", a.grpcAddr(), "http", a.httpAddr(), "version", version}
	if a.metricsLis != nil {
		attrs = append(attrs, "metrics", a.metricsLis.Addr().String())
	}
	logger.Info("docsift listening", attrs...)
	return a.serve(ctx)
}
