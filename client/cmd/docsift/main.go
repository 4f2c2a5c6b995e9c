// Command docsift is the docsift command-line tool: it sends documents to a
// docsift server (analyze), and trains and evaluates docsift's models locally
// (train, eval).
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
)

// command is one subcommand ("analyze", "eval content", "train topics").
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// commands is filled by each subcommand's file, so that the stages add their
// train and eval commands without touching this one.
var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error) {
	commands[name] = command{summary: summary, run: run}
}

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
	// Two-word commands ("eval content") take precedence over one-word ones.
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c.run(ctx, args[2:], stdin, stdout, stderr)
		}
	}
	if len(args) >= 1 {
		if c, ok := commands[args[0]]; ok {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			usage(stdout)
			return nil
		}
	}
	usage(stderr)
	if len(args) == 0 {
		return fmt.Errorf("%w: no command given", errUsage)
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, strings.Join(args[:min(2, len(args))], " "))
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: docsift <command> [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'docsift <command> -h' for a command's flags.")
}
