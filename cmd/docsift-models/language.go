package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/docsift/docsift/internal/datadir"
	"github.com/docsift/docsift/internal/language"
	"github.com/docsift/docsift/internal/language/languagedata"
)

func init() {
	register("eval language", "measure language detection and the pipeline's language gate per set and per kind of text", runEvalLanguage)
}

// runEvalLanguage scores the detector and the gate on every labelled set:
// English documents (CoNLL rebuilt as plain text, GUM, BBC, masakhane,
// wikigold, the seeds, the English boilerplate pages) must never lose a
// stage; the other pages must be refused or flagged. See
// internal/language/README.md.
func runEvalLanguage(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("eval language", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := datadir.Flag(fs)
	seeds := fs.String("seeds", "seeds", "folder of the seed documents")
	sets := fs.String("sets", "", "comma-separated sets to score (default all; conll-eng.train is the one choices are made on)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: eval language takes no arguments", errUsage)
	}
	dir, err := dataDir(*data, e, "ner")
	if err != nil {
		return err
	}
	docs, err := languagedata.LoadAll(ctx, dir, *seeds)
	if err != nil {
		return err
	}
	if *sets != "" {
		keep := strings.Split(*sets, ",")
		docs = slices.DeleteFunc(docs, func(d languagedata.Doc) bool { return !slices.Contains(keep, d.Set) })
	}
	fmt.Fprintf(e.stdout, "data: %s; %d documents\n\n", dir, len(docs))
	languagedata.Evaluate(language.New(), languagedata.Units(docs)).Write(e.stdout)
	return nil
}
