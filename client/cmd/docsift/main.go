// Command docsift is the docsift command-line client: it sends documents to
// a docsift server (analyze). It imports no stage: training and evaluation
// are cmd/docsift-models.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// errUsage marks a usage error: exit status 2.
var errUsage = errors.New("usage error")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "docsift:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "docsift:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) >= 1 {
		switch args[0] {
		case "analyze":
			return runAnalyze(ctx, args[1:], stdin, stdout, stderr)
		case "help", "-h", "--help":
			usage(stdout)
			return nil
		}
	}
	usage(stderr)
	if len(args) == 0 {
		return fmt.Errorf("%w: no command given", errUsage)
	}
	return fmt.Errorf("%w: unknown command %q (training and evaluation moved to cmd/docsift-models)", errUsage, args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: docsift analyze [flags] FILE... (or - for stdin)\n\nanalyze  analyse files on a docsift server\n\nRun 'docsift analyze -h' for its flags.")
}
