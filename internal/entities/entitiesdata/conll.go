package entitiesdata

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"strings"

	"github.com/docsift/docsift/internal/entities"
)

// nameTypes are the CoNLL name types the tagger learns; a label of another
// type is a format error.
var nameTypes = map[string]bool{"PER": true, "ORG": true, "LOC": true, "MISC": true}

// ReadCoNLL reads a CoNLL file: one token per line, the word first and the
// NER label last, blank lines between sentences, -DOCSTART- between
// documents. A file without -DOCSTART- is one document.
func ReadCoNLL(r io.Reader) ([]entities.Doc, error) {
	var docs []entities.Doc
	var cur entities.Doc
	var sent entities.Sentence
	flushSent := func() {
		if len(sent.Words) > 0 {
			cur.Sentences = append(cur.Sentences, sent)
		}
		sent = entities.Sentence{}
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sentences) > 0 {
			docs = append(docs, cur)
		}
		cur = entities.Doc{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			flushSent()
			continue
		}
		if f[0] == "-DOCSTART-" {
			flushDoc()
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("conll: line %d: want word and label, got %q", line, sc.Text())
		}
		lab := f[len(f)-1]
		if lab != "O" && (len(lab) < 3 || lab[1] != '-' || !nameTypes[lab[2:]]) {
			return nil, fmt.Errorf("conll: line %d: bad label %q", line, lab)
		}
		sent.Words = append(sent.Words, f[0])
		sent.Labels = append(sent.Labels, lab)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll: %w", err)
	}
	flushDoc()
	return docs, nil
}

// ReadCoNLLFile reads a CoNLL file from disk.
func ReadCoNLLFile(path string) ([]entities.Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCoNLL(f)
}
