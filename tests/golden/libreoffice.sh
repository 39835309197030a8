#!/bin/sh
# LibreOffice must open the workbook: convert it headless to csv and ods and check both exist
# and are non-empty.  usage: tests/golden/libreoffice.sh [WORKBOOK]  (default: the workbook
# written from fixtures/replies by $FOITAB, default ./foitab)
cd "$(dirname "$0")/../.." || exit 1
if ! command -v soffice >/dev/null 2>&1; then
    echo "skip: LibreOffice not installed"
    exit 0
fi
if [ $# -ge 1 ]; then
    lotmp=$(mktemp -d /tmp/lo-XXXXXX)
    trap 'rm -rf "$lotmp"' EXIT
    cp "$1" "$lotmp/out.xlsx" || exit 1
else
    . tests/golden/make-workbook.sh
    lotmp=$tmp
fi
mkdir -p "$lotmp/profile" "$lotmp/conv"
fail=0
for fmt in csv ods; do
    timeout 120 soffice --headless --norestore "-env:UserInstallation=file://$lotmp/profile" \
        --convert-to "$fmt" --outdir "$lotmp/conv" "$lotmp/out.xlsx" >"$lotmp/lo-$fmt.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && [ -s "$lotmp/conv/out.$fmt" ]; then
        echo "ok   LibreOffice converts the workbook to $fmt"
    else
        echo "FAIL LibreOffice converting the workbook to $fmt (exit $rc)"
        cat "$lotmp/lo-$fmt.log"
        fail=1
    fi
done
exit $fail
