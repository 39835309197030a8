#!/usr/bin/python3
"""Compare a workbook's unzipped XML parts with the golden parts, element by element.

usage: compare.py WORKBOOK GOLDENDIR

The only volatile part is docProps/core.xml's created/modified times (normalised); every other
part must match.  Exit 0 when equal, 1 with one line per difference on stderr.
"""
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

VOLATILE = {
    "docProps/core.xml": {
        "{http://purl.org/dc/terms/}created",
        "{http://purl.org/dc/terms/}modified",
    }
}
MAX_REPORT = 20


def normalise(part, root):
    for tag in VOLATILE.get(part, ()):
        for el in root.iter(tag):
            el.text = "(time)"
    return root


def where(path, el):
    return f"{path}/{el.tag.rsplit('}', 1)[-1]}"


def diff(part, a, b, path, out):
    p = where(path, a)
    if a.tag != b.tag:
        out.append(f"{part}: {p}: element {b.tag} expected {a.tag}")
        return
    if a.attrib != b.attrib:
        out.append(f"{part}: {p}: attributes {b.attrib} expected {a.attrib}")
    if (a.text or "").strip() != (b.text or "").strip():
        out.append(f"{part}: {p}: text {b.text!r} expected {a.text!r}")
    if (a.tail or "").strip() != (b.tail or "").strip():
        out.append(f"{part}: {p}: tail {b.tail!r} expected {a.tail!r}")
    ka, kb = list(a), list(b)
    if len(ka) != len(kb):
        out.append(f"{part}: {p}: {len(kb)} children, expected {len(ka)}")
    for i, (x, y) in enumerate(zip(ka, kb)):
        diff(part, x, y, f"{p}[{i}]", out)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    book, gold = argv[1], argv[2]
    want = set()
    for d, _, files in os.walk(gold):
        for f in files:
            rel = os.path.relpath(os.path.join(d, f), gold).replace(os.sep, "/")
            if rel.startswith(("xl/", "docProps/", "_rels/")) or rel == "[Content_Types].xml":
                want.add(rel)
    out = []
    with zipfile.ZipFile(book) as z:
        got = set(z.namelist())
        for name in sorted(want - got):
            out.append(f"{name}: missing from the workbook")
        for name in sorted(got - want):
            out.append(f"{name}: not in the golden parts (run tests/golden/update.sh?)")
        for name in sorted(want & got):
            with open(os.path.join(gold, name), "rb") as f:
                expected = f.read()
            actual = z.read(name)
            if not name.endswith((".xml", ".rels")):
                if expected != actual:
                    out.append(f"{name}: bytes differ")
                continue
            try:
                a = normalise(name, ET.fromstring(expected))
                b = normalise(name, ET.fromstring(actual))
            except ET.ParseError as e:
                out.append(f"{name}: not well-formed XML: {e}")
                continue
            diff(name, a, b, "", out)
    for line in out[:MAX_REPORT]:
        print(f"golden: {line}", file=sys.stderr)
    if len(out) > MAX_REPORT:
        print(f"golden: ... {len(out) - MAX_REPORT} more differences", file=sys.stderr)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
