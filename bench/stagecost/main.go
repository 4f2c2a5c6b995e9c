// Command stagecost measures one analysis stage on one generated input: wall
// time, CPU time, the process's peak RSS, and, with -deadline, the CPU the
// call still used after its context was done. Each case runs in a process of
// its own so that peak RSS is the case's.
//
//	go run ./bench/stagecost -stage content -kind html -shape article -size 10MB
//	go run ./bench/stagecost -stage content -kind text -shape short-lines -size 2MB -deadline 100ms
//	go run ./bench/stagecost -table -stage content -kind html -sizes 1MB,5MB,10MB
//
// Shapes are those of internal/shapes (-list prints them); -file reads a
// page or text instead, repeated up to -size.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/docsift/docsift/internal/analysis"
	"github.com/docsift/docsift/internal/content"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/language"
	"github.com/docsift/docsift/internal/shapes"
	"github.com/docsift/docsift/internal/topics"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "stagecost:", err)
		os.Exit(1)
	}
}

type config struct {
	stage, kind, shape, file string
	size                     int
	deadline                 time.Duration
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("stagecost", flag.ContinueOnError)
	var c config
	var sizeS, sizesS string
	var table, list bool
	fs.StringVar(&c.stage, "stage", "content", "content, entities, topics or language")
	fs.StringVar(&c.kind, "kind", "text", "text or html")
	fs.StringVar(&c.shape, "shape", "", "input shape (see -list); with -table, empty means all of -kind")
	fs.StringVar(&c.file, "file", "", "read the input from this file, repeated up to -size (shape \"file\")")
	fs.StringVar(&sizeS, "size", "1MB", "input size (bytes, KB, MB)")
	fs.StringVar(&sizesS, "sizes", "1MB,5MB,10MB", "sizes for -table")
	fs.DurationVar(&c.deadline, "deadline", 0, "cancel the call after this long and report the CPU it used afterwards")
	fs.BoolVar(&table, "table", false, "run every shape (or -shape) at every -sizes in a child process each and print a table")
	fs.BoolVar(&list, "list", false, "list the shapes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if list {
		for _, s := range shapes.Text {
			fmt.Fprintln(out, "text", s.Name)
		}
		for _, s := range shapes.HTML {
			fmt.Fprintln(out, "html", s.Name)
		}
		return nil
	}
	if table {
		return runTable(c, sizesS, out)
	}
	n, err := parseSize(sizeS)
	if err != nil {
		return err
	}
	c.size = n
	return runOne(c, out)
}

func parseSize(s string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(s, "MB"):
		mult, s = 1<<20, strings.TrimSuffix(s, "MB")
	case strings.HasSuffix(s, "KB"):
		mult, s = 1<<10, strings.TrimSuffix(s, "KB")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return int(v * float64(mult)), nil
}

func input(c config) (string, error) {
	if c.file != "" {
		b, err := os.ReadFile(c.file)
		if err != nil {
			return "", err
		}
		if len(b) == 0 {
			return "", errors.New("empty file")
		}
		s := string(b)
		if c.kind == "html" {
			// Repeat the page's body inside one page: a long page of the
			// same markup.
			i := strings.Index(strings.ToLower(s), "</body")
			if i < 0 {
				i = len(s)
			}
			head, tail := s[:i], s[i:]
			var b strings.Builder
			b.WriteString(head)
			for b.Len()+len(head)+len(tail) <= c.size {
				b.WriteString(head)
			}
			b.WriteString(tail)
			return b.String(), nil
		}
		return strings.Repeat(s, max(1, c.size/len(s))), nil
	}
	set := shapes.Text
	if c.kind == "html" {
		set = shapes.HTML
	}
	sh, ok := shapes.Find(set, c.shape)
	if !ok {
		return "", fmt.Errorf("no %s shape %q (see -list)", c.kind, c.shape)
	}
	return sh.Make(c.size), nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func maxRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss << 10
}

func currentRSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	v, _ := strconv.ParseInt(f[1], 10, 64)
	return v * int64(os.Getpagesize())
}

// runOne runs one case in this process and prints one line:
// stage kind shape bytes wall cpu baseRSS peakRSS [cpuAfterDeadline] result.
func runOne(c config, out io.Writer) error {
	in, err := input(c)
	if err != nil {
		return err
	}
	call, err := stageCall(c.stage)
	if err != nil {
		return err
	}
	doc := analysis.Document{Text: in}
	if c.kind == "html" {
		doc = analysis.Document{HTML: in}
	}
	// Warm up (first-call costs, word caches) on a small document.
	call(context.Background(), analysis.Document{Text: shapes.Article()})
	runtime.GC()
	base := currentRSS()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cpuAtDeadline time.Duration
	fired := make(chan struct{})
	if c.deadline > 0 {
		var cancelT context.CancelFunc
		ctx, cancelT = context.WithTimeout(ctx, c.deadline)
		defer cancelT()
		go func() {
			<-ctx.Done()
			cpuAtDeadline = cpuTime()
			close(fired)
		}()
	}
	cpu0, t0 := cpuTime(), time.Now()
	res, err := call(ctx, doc)
	wall, cpu := time.Since(t0), cpuTime()
	line := fmt.Sprintf("%-9s %-5s %-18s %9d  wall %8.3fs  cpu %8.3fs  rss %4d MB -> peak %4d MB",
		c.stage, c.kind, c.shape+c.file, len(in), wall.Seconds(), (cpu - cpu0).Seconds(), base>>20, maxRSS()>>20)
	if c.deadline > 0 {
		cancel()
		<-fired
		after := cpu - cpuAtDeadline
		if cpuAtDeadline == 0 || after < 0 {
			after = 0
		}
		line += fmt.Sprintf("  cpu-after-deadline %.3fs", after.Seconds())
	}
	if err != nil {
		line += "  error: " + err.Error()
	} else {
		line += "  " + res
	}
	fmt.Fprintln(out, line)
	return nil
}

type callFunc func(ctx context.Context, doc analysis.Document) (string, error)

func stageCall(stage string) (callFunc, error) {
	switch stage {
	case "content":
		e, err := content.New()
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, doc analysis.Document) (string, error) {
			c, err := e.Extract(ctx, doc)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("body %d bytes, %d blocks", len(c.Body), len(c.Blocks)), nil
		}, nil
	case "entities":
		e, err := entities.LoadDefault()
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, doc analysis.Document) (string, error) {
			ents, err := e.Extract(ctx, doc.Text, analysis.EntityOptions{})
			return fmt.Sprintf("%d entities", len(ents)), err
		}, nil
	case "topics":
		r, err := topics.LoadDefault()
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, doc analysis.Document) (string, error) {
			ts, _, err := r.Classify(ctx, doc.Text, analysis.TopicOptions{Explain: true})
			return fmt.Sprintf("%d topics", len(ts)), err
		}, nil
	case "language":
		d := language.New()
		return func(ctx context.Context, doc analysis.Document) (string, error) {
			code, _ := d.Detect(doc.Text)
			return "language " + code, nil
		}, nil
	}
	return nil, fmt.Errorf("unknown stage %q", stage)
}

// runTable runs each case in a child process (for its own peak RSS).
func runTable(c config, sizesS string, out io.Writer) error {
	var names []string
	switch {
	case c.file != "":
		names = []string{""}
	case c.shape != "":
		names = []string{c.shape}
	default:
		set := shapes.Text
		if c.kind == "html" {
			set = shapes.HTML
		}
		for _, s := range set {
			names = append(names, s.Name)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	for _, name := range names {
		for _, size := range strings.Split(sizesS, ",") {
			args := []string{"-stage", c.stage, "-kind", c.kind, "-shape", name, "-file", c.file, "-size", size}
			if c.deadline > 0 {
				args = append(args, "-deadline", c.deadline.String())
			}
			cmd := exec.Command(self, args...)
			cmd.Stdout, cmd.Stderr = out, os.Stderr
			if err := cmd.Run(); err != nil {
				fmt.Fprintf(out, "%s %s %s: %v\n", c.stage, name, size, err)
			}
		}
	}
	return nil
}
