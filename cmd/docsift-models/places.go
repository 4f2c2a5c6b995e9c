package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/docsift/docsift/internal/datadir"
	"github.com/docsift/docsift/internal/entities"
	"github.com/docsift/docsift/internal/places"
	"github.com/docsift/docsift/internal/places/placesdata"
)

func init() {
	register("train places", "build the GeoNames place index (countries, divisions, cities 15,000+)", runTrainPlaces)
	register("eval places", "score place resolution on GUM news and the hand-annotated set, with the population baseline", runEvalPlaces)
}

func runTrainPlaces(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("train places", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := datadir.Flag(fs)
	out := fs.String("out", "internal/places/model/geonames.bin", "index file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: train places takes no arguments", errUsage)
	}
	d, err := dataDir(*data, e, placesdata.GeoNamesDir)
	if err != nil {
		return err
	}
	src, err := placesdata.LoadGeoNames(filepath.Join(d, placesdata.GeoNamesDir))
	if err != nil {
		return err
	}
	x, err := places.Build(src)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d places, %d name keys, %d bytes -> %s\n", x.Version, x.Len(), x.Keys(), b.Len(), *out)
	return nil
}

func runEvalPlaces(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("eval places", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := datadir.Flag(fs)
	annotations := fs.String("hand", "internal/places/placesdata/testdata/handset.tsv", "hand annotations")
	seed := fs.String("seed", "seeds/000_6d735a571148c0b2.txt", "the seed article (part of the hand set)")
	verbose := fs.Bool("v", false, "list every miss")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: eval places takes no arguments", errUsage)
	}
	d, err := dataDir(*data, e, placesdata.GUMDir)
	if err != nil {
		return err
	}
	r, err := places.Default()
	if err != nil {
		return err
	}
	ex, err := entities.LoadDefault()
	if err != nil {
		return err
	}
	var log = e.stderr
	if !*verbose {
		log = nil
	}
	res, err := placesdata.Evaluate(ctx, r, ex, d, *annotations, *seed, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "gazetteer: %s\n", r.Index().Version)
	placesdata.Print(e.stdout, res)
	return nil
}
