package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/docsift/docsift/internal/language"
	"github.com/docsift/docsift/internal/language/languagedata"
)

func init() {
	register("eval language", "measure language detection and the language gate per set and per kind of text", runEvalLanguage)
}

func runEvalLanguage(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval language", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", os.Getenv("DOCSIFT_DATA"), "data folder (default $DOCSIFT_DATA)")
	seeds := fs.String("seeds", "seeds", "folder of the seed documents")
	sets := fs.String("sets", "", "comma-separated sets to score (default all; e.g. conll-eng.train to make choices on)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: eval language takes no arguments", errUsage)
	}
	if *data == "" {
		return fmt.Errorf("%w: no data folder: pass --data or set DOCSIFT_DATA", errUsage)
	}
	docs, err := languagedata.LoadAll(ctx, *data, *seeds)
	if err != nil {
		return err
	}
	if *sets != "" {
		keep := strings.Split(*sets, ",")
		docs = slices.DeleteFunc(docs, func(d languagedata.Doc) bool { return !slices.Contains(keep, d.Set) })
	}
	fmt.Fprintf(stdout, "data: %s; %d documents\n\n", *data, len(docs))
	languagedata.Evaluate(language.New(), languagedata.Units(docs)).Write(stdout)
	return nil
}
