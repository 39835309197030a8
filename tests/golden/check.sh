#!/bin/sh
# Golden-workbook test: the workbook from fixtures/replies must equal tests/golden/parts, part by
# part, element by element (creation times normalised).  usage: FOITAB=build/foitab tests/golden/check.sh
cd "$(dirname "$0")/../.." || exit 1
. tests/golden/make-workbook.sh
if /usr/bin/python3 tests/golden/compare.py "$tmp/out.xlsx" tests/golden/parts; then
    echo "ok   golden workbook: every part equals tests/golden/parts"
else
    echo "FAIL golden workbook differs (tests/golden/update.sh rewrites it after a deliberate change)"
    exit 1
fi
