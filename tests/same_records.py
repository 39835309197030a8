#!/usr/bin/python3
"""Do two CSV exports of the same replies in different formats hold the same records?

    same_records.py [--present] [--skip COLUMN]... BASE_CSV_DIR OTHER_CSV_DIR

Records are compared as multisets over every column except `file` (the extension differs)
and `where` (locators differ by format: "table 2, row 4" against "sheet 1, row 9" or
"page 1, table 2"); the reply is matched by its file name without extension.  Sources are
compared on force, reply date, reference, status, refusal and record count.  Exit 1 and a
line per difference when they differ.  --present: only the replies both hold; --skip: a sources column not to compare."""
import csv
import os
import sys
from collections import Counter


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    args, skipped, present = sys.argv[1:], set(), False
    while args and args[0].startswith("--"):
        if args[0] == "--present":
            present, args = True, args[1:]
        else:
            skipped.add(args[1])
            args = args[2:]
    base, other = args
    bad = 0
    # a byte-identical copy is a duplicate in BASE; converted copies differ in bytes
    dups = {stem(r["file"]) for r in rows(os.path.join(base, "sources.csv"))
            if r["status"] == "duplicate"}
    keep = lambda r: stem(r["file"]) not in dups
    if present:
        stems = {stem(r["file"]) for r in rows(os.path.join(other, "sources.csv"))}
        stems &= {stem(r["file"]) for r in rows(os.path.join(base, "sources.csv"))}
        keep = lambda r: stem(r["file"]) in stems - dups
    skip = {"file", "where"}
    key = lambda r: (stem(r["file"]),) + tuple(v for k, v in r.items() if k not in skip)
    want = Counter(map(key, filter(keep, rows(os.path.join(base, "records.csv")))))
    got = Counter(map(key, filter(keep, rows(os.path.join(other, "records.csv")))))
    for r in sorted((want - got).elements()):
        print("missing ", r)
        bad += 1
    for r in sorted((got - want).elements()):
        print("extra   ", r)
        bad += 1
    cols = ("force_code", "force", "reply_date", "reference", "status", "refusal", "records")
    cols = tuple(c for c in cols if c not in skipped)
    skey = lambda r: (stem(r["file"]),) + tuple(r[c] for c in cols)
    ws = Counter(map(skey, filter(keep, rows(os.path.join(base, "sources.csv")))))
    gs = Counter(map(skey, filter(keep, rows(os.path.join(other, "sources.csv")))))
    for r in sorted((ws - gs).elements()):
        print("source differs: want", r)
        bad += 1
    for r in sorted((gs - ws).elements()):
        print("source differs: got ", r)
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
