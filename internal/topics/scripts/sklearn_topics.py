#!/usr/bin/python3
"""Baseline for docsift's topic benchmarks: scikit-learn TF-IDF + LinearSVC.

Reads the splits that `docsift-models eval topics --benchmarks --write-splits DIR`
writes (DIR/<benchmark>/fold<i>.{train,test}.jsonl, one {"text", "labels"}
object a line, single-label, with an optional training "weight", default 1,
passed to LinearSVC as sample_weight) and prints, per benchmark, the accuracy pooled
over its folds and the mean macro F1, for two standard configurations:

  default:  TfidfVectorizer() + LinearSVC()
  bigrams:  TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) + LinearSVC()

Usage: /usr/bin/python3 internal/topics/scripts/sklearn_topics.py DIR [--json]
(Debian: apt-get install python3-sklearn).
"""
import json
import os
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

CONFIGS = {
    "default": lambda: TfidfVectorizer(),
    "bigrams": lambda: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
}


def read(path):
    texts, labels, weights = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                texts.append(d["text"])
                labels.append(d["labels"][0])
                weights.append(d.get("weight", 1.0))
    return texts, labels, weights


def main():
    root = sys.argv[1]
    as_json = "--json" in sys.argv[2:]
    out = []
    for bench in sorted(os.listdir(root)):
        d = os.path.join(root, bench)
        folds = sorted(f[: -len(".train.jsonl")] for f in os.listdir(d) if f.endswith(".train.jsonl"))
        for name, vec in CONFIGS.items():
            correct = n = 0
            macro = 0.0
            for fold in folds:
                xtr, ytr, wtr = read(os.path.join(d, fold + ".train.jsonl"))
                xte, yte, _ = read(os.path.join(d, fold + ".test.jsonl"))
                v = vec()
                clf = LinearSVC()
                clf.fit(v.fit_transform(xtr), ytr, sample_weight=wtr)
                pred = clf.predict(v.transform(xte))
                correct += sum(p == y for p, y in zip(pred, yte))
                n += len(yte)
                macro += f1_score(yte, pred, average="macro") / len(folds)
            out.append({"name": bench, "config": name, "documents": n, "accuracy": correct / n, "macro_f1": macro})
    emit(out, as_json, lambda r: f"accuracy {r['accuracy']:.4f}  macro F1 {r['macro_f1']:.4f}")


def emit(out, as_json, figures):
    """Prints the results as JSON, or a line each: name, config, documents, then figures(r)."""
    if as_json:
        json.dump(out, sys.stdout, indent=1)
        print()
        return
    for r in out:
        print(f"{r['name']:<20} sklearn-{r['config']:<8} docs {r['documents']:>5}  {figures(r)}")


if __name__ == "__main__":
    main()
