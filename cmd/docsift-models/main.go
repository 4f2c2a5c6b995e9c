// Command docsift-models trains and evaluates docsift's models offline, on
// the public data sets of the data folder (--data, else $DOCSIFT_DATA: see
// internal/datadir):
//
//	go run ./cmd/docsift-models train content|topics|entities [flags]
//	go run ./cmd/docsift-models eval content|topics|entities|language [flags]
//
// It is the one home of offline commands; the server never runs this code,
// and client/cmd/docsift only talks to a server. Training is deterministic:
// the same data, flags and seed write the same bytes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/docsift/docsift/internal/datadir"
)

// env is what a command reads besides its arguments.
type env struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand ("train topics", "eval content").
type command struct {
	summary string
	run     func(ctx context.Context, args []string, e env) error
}

// commands is filled by each stage's file, so that a stage adds its train
// and eval commands without touching this one.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string, e env) error) {
	commands[name] = command{summary: summary, run: run}
}

// errUsage marks a usage error: exit status 2.
var errUsage = errors.New("usage error")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "docsift-models:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "docsift-models:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c.run(ctx, args[2:], e)
		}
	}
	if len(args) >= 1 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
		usage(stdout)
		return nil
	}
	usage(stderr)
	if len(args) == 0 {
		return fmt.Errorf("%w: no command given", errUsage)
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, strings.Join(args[:min(2, len(args))], " "))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: docsift-models train|eval <stage> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nThe data folder is --data, else $DOCSIFT_DATA. Run 'docsift-models <command> -h' for a command's flags.")
}

// dataDir resolves a command's data folder by internal/datadir's rule; sub
// must exist under it. No folder given is a usage error.
func dataDir(flagValue string, e env, sub string) (string, error) {
	d, err := datadir.Resolve(flagValue, e.getenv, sub)
	if errors.Is(err, datadir.ErrNotSet) {
		return "", fmt.Errorf("%w: %w", errUsage, err)
	}
	return d, err
}
