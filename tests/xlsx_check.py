#!/usr/bin/python3
"""Check a foitab workbook against the CSV exports written from the same result.

usage: xlsx_check.py WORKBOOK CSVDIR [--cell 'Sheet!A1=value' ...] [--charts N]
                     [--chart-kinds line=N,column=N,stacked=N]

--charts N: at least N charts.  --chart-kinds: exactly these many charts of each kind (line,
column, bar, stacked; kinds not named must be absent).

Run with Debian's /usr/bin/python3 (python3-openpyxl).  Exit 0 when every check passes,
1 with one line per failure on stderr, 77 when openpyxl is missing (the caller skips).
"""
import csv
import os
import sys
import zipfile

try:
    import openpyxl
except ImportError:
    print("xlsx_check: openpyxl not available", file=sys.stderr)
    sys.exit(77)

SHEETS = ["Summary", "Records", "Offences", "Outcomes", "Coverage", "Review", "Sources", "About"]
NUMERIC = {
    "Records": {"count", "count_min", "count_max"},
    "Sources": {"records", "review_items"},
    "Review": set(),
}

failures = []


def fail(msg):
    failures.append(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def norm_text(s):
    # XML turns a literal CR into LF on reading; compare line breaks loosely.
    return s.replace("\r\n", "\n").replace("\r", "\n")


def sheet_rows(ws, ncols):
    out = []
    for row in ws.iter_rows(min_row=1, max_col=ncols, values_only=True):
        out.append(list(row) + [None] * (ncols - len(row)))
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


def compare_table(wb, sheet, header, rows):
    ws = wb[sheet]
    got = sheet_rows(ws, len(header))
    if not got:
        fail(f"{sheet}: empty sheet")
        return
    if [v or "" for v in got[0]] != header:
        fail(f"{sheet}: header {got[0]} != {header}")
    body = got[1:]
    if len(body) != len(rows):
        fail(f"{sheet}: {len(body)} data rows, CSV has {len(rows)}")
    numeric = NUMERIC[sheet]
    for i, (g, w) in enumerate(zip(body, rows), start=2):
        for col, gv, wv in zip(header, g, w):
            where = f"{sheet}!{col} row {i}"
            if col in numeric:
                if wv == "":
                    if gv is not None:
                        fail(f"{where}: expected empty, got {gv!r}")
                elif not isinstance(gv, (int, float)) or isinstance(gv, bool):
                    fail(f"{where}: expected number {wv}, got {gv!r}")
                elif gv != int(wv):
                    fail(f"{where}: {gv} != {wv}")
            else:
                if wv == "":
                    if gv not in (None, ""):
                        fail(f"{where}: expected empty, got {gv!r}")
                elif not isinstance(gv, str) or norm_text(gv) != norm_text(wv):
                    fail(f"{where}: {gv!r} != {wv!r}")
    if ws.freeze_panes is None or not ws.freeze_panes.endswith("2"):
        fail(f"{sheet}: header row not frozen ({ws.freeze_panes})")
    if not ws.auto_filter.ref:
        fail(f"{sheet}: no autofilter")


def check_cell(wb, spec):
    ref, _, want = spec.partition("=")
    sheet, _, addr = ref.partition("!")
    if sheet not in wb.sheetnames:
        fail(f"--cell {spec}: no sheet {sheet}")
        return
    got = wb[sheet][addr].value
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        try:
            ok = got == float(want)
        except ValueError:
            ok = False
    else:
        ok = (got if got is not None else "") == want
    if not ok:
        fail(f"{ref}: got {got!r}, want {want!r}")


def chart_kinds(path):
    """Count the workbook's charts by kind: line, column, bar, stacked."""
    import xml.etree.ElementTree as ET

    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    got = {}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if not name.startswith("xl/charts/chart"):
                continue
            root = ET.fromstring(z.read(name))
            if root.find(".//c:lineChart", ns) is not None:
                kind = "line"
            else:
                bar = root.find(".//c:barChart", ns)
                grouping = bar.find("c:grouping", ns) if bar is not None else None
                bardir = bar.find("c:barDir", ns) if bar is not None else None
                if grouping is not None and grouping.get("val") == "stacked":
                    kind = "stacked"
                elif bardir is not None:
                    kind = bardir.get("val") == "bar" and "bar" or "column"
                else:
                    kind = "other"
            got[kind] = got.get(kind, 0) + 1
    return got


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, csvdir = argv[1], argv[2]
    cells, charts, kinds = [], None, None
    i = 3
    while i < len(argv):
        if argv[i] == "--cell" and i + 1 < len(argv):
            cells.append(argv[i + 1])
            i += 2
        elif argv[i] == "--charts" and i + 1 < len(argv):
            charts = int(argv[i + 1])
            i += 2
        elif argv[i] == "--chart-kinds" and i + 1 < len(argv):
            kinds = {}
            for part in argv[i + 1].split(","):
                if part:
                    k, _, v = part.partition("=")
                    kinds[k] = int(v)
            i += 2
        else:
            print(f"xlsx_check: bad argument {argv[i]}", file=sys.stderr)
            return 2

    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != SHEETS:
        fail(f"sheets {wb.sheetnames} != {SHEETS}")

    rh, rrows = read_csv(os.path.join(csvdir, "records.csv"))
    sh, srows = read_csv(os.path.join(csvdir, "sources.csv"))
    vh, vrows = read_csv(os.path.join(csvdir, "review.csv"))
    if "Records" in wb.sheetnames:
        compare_table(wb, "Records", rh, rrows)
    if "Sources" in wb.sheetnames:
        compare_table(wb, "Sources", sh, srows)
    if "Review" in wb.sheetnames:
        ki, fi = vh.index("kind"), vh.index("file")
        compare_table(wb, "Review", vh, sorted(vrows, key=lambda r: (r[ki], r[fi])))

    if "Coverage" in wb.sheetnames:
        fo, fc = sh.index("force"), sh.index("force_code")
        forces = {(r[fo], r[fc]) for r in srows}
        ws = wb["Coverage"]
        body = [r for r in ws.iter_rows(min_row=2, max_col=3, values_only=True) if r[0]]
        replied = {(r[0], r[1] or "") for r in body if r[2] != "no reply yet"}
        named = {(f or "(unknown force)", c) for f, c in forces}
        if replied != named:
            fail(f"Coverage: forces with replies {sorted(replied)} != sources {sorted(named)}")
        rows = [(r[0], r[1] or "") for r in body]
        if len(rows) != len(set(rows)):
            fail("Coverage: a force is listed twice")

    if "About" in wb.sheetnames:
        text = " ".join(str(v) for row in wb["About"].iter_rows(values_only=True)
                        for v in row if v is not None)
        for word in ("ALL", "OTHER", "PENDING", "over-count", "Periods differ", "count_min"):
            if word not in text:
                fail(f"About: does not mention {word!r}")

    for spec in cells:
        check_cell(wb, spec)

    if charts is not None or kinds is not None:
        got = chart_kinds(path)
        n = sum(got.values())
        if charts is not None and n < charts:
            fail(f"{n} charts, expected at least {charts}")
        if kinds is not None and {k: v for k, v in kinds.items() if v} != got:
            fail(f"charts {got}, expected {kinds}")

    for f in failures:
        print(f"xlsx_check: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
