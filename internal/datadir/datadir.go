// Package datadir is the one rule for finding docsift's data folder (the
// public training and evaluation sets, /work/shared/data in development):
// the --data flag when given, else $DOCSIFT_DATA, else an error that says
// how to give it. Every offline command uses it, and so does
// internal/datatest for the tests.
//
// It imports only the standard library.
package datadir

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// Env is the environment variable that names the data folder.
const Env = "DOCSIFT_DATA"

// ErrNotSet is returned when neither the flag nor Env names a folder.
var ErrNotSet = errors.New("no data folder: pass --data or set " + Env)

// Flag defines the --data flag on fs.
func Flag(fs *flag.FlagSet) *string {
	return fs.String("data", "", "data folder (the public data sets; default $"+Env+")")
}

// Resolve returns the data folder: flagValue when not empty, else the
// value of Env read through getenv. sub, when not empty, must exist under
// it ("topics", "boilerplate", "ner"). A relative folder is returned as
// given (relative to the working directory).
func Resolve(flagValue string, getenv func(string) string, sub string) (string, error) {
	dir, err := Lookup(flagValue, getenv)
	if err != nil {
		return "", err
	}
	from := "--data"
	if flagValue == "" {
		from = "$" + Env
	}
	if _, err := os.Stat(filepath.Join(dir, sub)); err != nil {
		return "", fmt.Errorf("data folder %q (from %s) is missing %s: %w", dir, from, sub, err)
	}
	return dir, nil
}

// Lookup returns flagValue when not empty, else the value of Env read
// through getenv, else ErrNotSet; it does not look at the folder.
func Lookup(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := getenv(Env); v != "" {
		return v, nil
	}
	return "", ErrNotSet
}
