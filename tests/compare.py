#!/usr/bin/python3
"""Compare foitab's CSV export with an expected folder, as multisets of rows over the
columns the expected files hold.  Prints every difference; exit 1 when any."""
import csv
import sys
from collections import Counter

RECORDS_HEADER = ("file,force_code,force,platform,period_start,period_end,period,offence_code,"
                  "offence_subcode,offence,offence_raw,outcome_code,outcome,outcome_raw,value,"
                  "count,count_min,count_max,where").split(",")
SOURCES_HEADER = ("file,sha256,format,encoding,force_code,force,reply_date,reference,status,"
                  "refusal,records,review_items").split(",")
REVIEW_HEADER = "file,where,kind,detail,suggestion".split(",")


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        return header, [dict(zip(header, row)) for row in r]


def compare(name, got_path, want_path, want_header):
    got_header, got = load(got_path)
    bad = 0
    if got_header != want_header:
        print(f"{name}: header is {got_header}, expected {want_header}")
        bad += 1
    exp_header, want = load(want_path)
    key = lambda row: tuple(row.get(c, "") for c in exp_header)
    g, w = Counter(map(key, got)), Counter(map(key, want))
    for row in sorted((w - g).elements()):
        print(f"{name}: missing  {dict(zip(exp_header, row))}")
        bad += 1
    for row in sorted((g - w).elements()):
        print(f"{name}: extra    {dict(zip(exp_header, row))}")
        bad += 1
    return bad


def main():
    got, want = sys.argv[1], sys.argv[2]
    bad = compare("records", f"{got}/records.csv", f"{want}/records.csv", RECORDS_HEADER)
    bad += compare("sources", f"{got}/sources.csv", f"{want}/sources.csv", SOURCES_HEADER)
    h, _ = load(f"{got}/review.csv")
    if h != REVIEW_HEADER:
        print(f"review: header is {h}")
        bad += 1
    print(f"compare: {bad} difference(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
