#!/bin/sh
# Rewrite the golden workbook parts (tests/golden/parts/) from fixtures/replies, like libxml2's
# runtest rewrite flag.  Run from the repository root after a deliberate workbook change, then
# review `git diff tests/golden`.  usage: [FOITAB=./foitab] tests/golden/update.sh
cd "$(dirname "$0")/../.." || exit 1
. tests/golden/make-workbook.sh
rm -rf tests/golden/parts
mkdir -p tests/golden/parts
(cd tests/golden/parts && /usr/bin/python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(".")' "$tmp/out.xlsx") || exit 1
echo "golden: rewrote tests/golden/parts from fixtures/replies"
