#!/usr/bin/python3
"""Multi-label baseline for docsift's custom training: scikit-learn TF-IDF +
one-vs-rest LinearSVC.

Reads the splits that `docsift-models eval topics --longtail --write-splits DIR`
writes (DIR/<benchmark>/fold0.{train,test}.jsonl, one {"text", "labels": [...]}
object a line; or any DIR/<name>/ holding such a pair, e.g. your own
train/test files) and prints, per benchmark and configuration, micro and macro
F1 over thresholded predictions, defined as docsift's `eval topics --longtail`
defines them: micro over every gold and predicted label; macro the mean F1 of
the labels with test documents, a label unseen in training counting 0.

  default:  TfidfVectorizer() + OneVsRestClassifier(LinearSVC())
  bigrams:  TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) + OneVsRestClassifier(LinearSVC())

Usage: /usr/bin/python3 internal/topics/scripts/sklearn_multilabel.py DIR [--json]
(Debian: apt-get install python3-sklearn).
"""
import json
import os
import sys
import warnings

from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sklearn_topics import CONFIGS, emit  # the same two vectorizer configurations, the same output


def read(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                texts.append(d["text"])
                labels.append(d.get("labels") or ([d["label"]] if d.get("label") else []))
    return texts, labels


def scores(gold, pred):
    tp, fp, fn = {}, {}, {}
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        for l in g & p:
            tp[l] = tp.get(l, 0) + 1
        for l in p - g:
            fp[l] = fp.get(l, 0) + 1
        for l in g - p:
            fn[l] = fn.get(l, 0) + 1
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro = 2 * T / (2 * T + F + N) if T else 0.0
    support = {l for g in gold for l in g}
    f1 = [2 * tp.get(l, 0) / (2 * tp.get(l, 0) + fp.get(l, 0) + fn.get(l, 0)) for l in support]
    return micro, sum(f1) / len(f1), len(support)


def main():
    root = sys.argv[1]
    as_json = "--json" in sys.argv[2:]
    out = []
    for bench in sorted(os.listdir(root)):
        d = os.path.join(root, bench)
        tr, te = os.path.join(d, "fold0.train.jsonl"), os.path.join(d, "fold0.test.jsonl")
        if not (os.path.exists(tr) and os.path.exists(te)):
            continue
        xtr, ytr = read(tr)
        xte, yte = read(te)
        mlb = MultiLabelBinarizer()
        Y = mlb.fit_transform(ytr)
        for name, vec in CONFIGS.items():
            v = vec()
            clf = OneVsRestClassifier(LinearSVC())
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                clf.fit(v.fit_transform(xtr), Y)
            pred = mlb.inverse_transform(clf.predict(v.transform(xte)))
            micro, macro, n = scores(yte, pred)
            out.append({"name": bench, "config": name, "documents": len(yte), "labels": n, "micro_f1": micro, "macro_f1": macro})
    emit(out, as_json, lambda r: f"labels {r['labels']:>3}  micro F1 {r['micro_f1']:.4f}  macro F1 {r['macro_f1']:.4f}")


if __name__ == "__main__":
    main()
