#!/bin/sh
# End-to-end tests: run the foitab binary ($FOITAB) on fixtures/ and on hostile folders, and
# check exports, statuses, exit codes and determinism.
set -u
FOITAB=${FOITAB:-./foitab}
export LC_ALL=C ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

# CLI contract
check "--help exits 0 and prints usage" '"$FOITAB" --help | grep -q "Usage: foitab run"'
check "--version exits 0" '"$FOITAB" --version | grep -q "^foitab [0-9]"'
"$FOITAB" >/dev/null 2>&1; check "no arguments exits 2" '[ $? -eq 2 ]'
"$FOITAB" run fixtures/replies >/dev/null 2>&1; check "run without -o exits 2" '[ $? -eq 2 ]'
"$FOITAB" run "$tmp/nowhere" -o "$tmp/x.xlsx" >/dev/null 2>&1
check "missing input folder exits 2" '[ $? -eq 2 ]'
"$FOITAB" frobnicate >/dev/null 2>&1; check "unknown command exits 2" '[ $? -eq 2 ]'

# the fixtures against their expected output
"$FOITAB" run fixtures/replies -o "$tmp/f.xlsx" --csv "$tmp/csv" --json "$tmp/f.json" \
    --created 2026-01-01T00:00:00 -q
rc=$?
check "fixtures run exits 0 or 1 (got $rc)" '[ $rc -le 1 ]'
check "workbook written" '[ -s "$tmp/f.xlsx" ]'
check "json written" '[ -s "$tmp/f.json" ]'
if /usr/bin/python3 tests/compare.py "$tmp/csv" fixtures/expected >"$tmp/cmp.txt"; then
    ok "fixtures: records and sources equal the expected files"
else
    no "fixtures: records and sources equal the expected files"
    cat "$tmp/cmp.txt"
fi
/usr/bin/python3 tests/xlsx_check.py "$tmp/f.xlsx" "$tmp/csv" --chart-kinds line=2,column=1,stacked=1 >"$tmp/xc.txt" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
    echo "skip workbook read-back (openpyxl missing)"
else
    check "workbook sheets, headers and rows equal the CSV exports" '[ $rc -eq 0 ]' || cat "$tmp/xc.txt"
fi
"$FOITAB" run fixtures/families/replies -o "$tmp/fam.xlsx" --csv "$tmp/famcsv" -q
if /usr/bin/python3 tests/compare.py "$tmp/famcsv" fixtures/families/expected >"$tmp/fcmp.txt"; then
    ok "families: 100 generated replies of shapes the shared sample lacks equal their expected records"
else
    no "families: 100 generated replies of shapes the shared sample lacks equal their expected records"
    cat "$tmp/fcmp.txt"
fi
"$FOITAB" run fixtures/replies -o "$tmp/g.xlsx" --created 2026-01-01T00:00:00 -q
check "same inputs give a byte-identical workbook" 'cmp -s "$tmp/f.xlsx" "$tmp/g.xlsx"'

# bad input: each gets a status and a review line; the good file's figures are unharmed
good=$(find fixtures/replies -name '*.html' | sort | head -n 1)
mkdir -p "$tmp/bad" "$tmp/alone"
cp "$good" "$tmp/bad/good.html"
cp "$good" "$tmp/alone/good.html"
: >"$tmp/bad/empty.txt"
head -c 4096 /dev/urandom >"$tmp/bad/junk.html"
printf '<html><body><table><tr><td>Harassment</td><td>1' >"$tmp/bad/truncated.html"
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<r>&c;</r>\n' >"$tmp/bad/laughs.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r><Count>&x;</Count></r>\n' >"$tmp/bad/xxe.xml"
printf 'PK\003\004binary zip-like' >"$tmp/bad/reply.xlsx"
ln -s /etc/passwd "$tmp/bad/link.txt"
mkfifo "$tmp/bad/fifo.txt" 2>/dev/null || true
"$FOITAB" run "$tmp/bad" -o "$tmp/bad.xlsx" --csv "$tmp/badcsv" -q
rc=$?
check "hostile folder finishes with exit 1 (got $rc)" '[ $rc -eq 1 ]'
for f in empty.txt junk.html truncated.html laughs.xml xxe.xml reply.xlsx link.txt; do
    check "$f has a status" 'grep -q "^$f," "$tmp/badcsv/sources.csv"'
    check "$f has a review line" 'grep -q "^$f," "$tmp/badcsv/review.csv"'
done
check "empty file is unreadable" 'grep -q "^empty.txt,.*,unreadable," "$tmp/badcsv/sources.csv"'
check "entity file is unreadable" 'grep -q "^laughs.xml,.*,unreadable," "$tmp/badcsv/sources.csv"'
check "no /etc/passwd content leaked" '! grep -rq "root:x:0" "$tmp/badcsv"'
"$FOITAB" run "$tmp/alone" -o "$tmp/alone.xlsx" --csv "$tmp/alonecsv" -q
grep '^good.html,' "$tmp/badcsv/records.csv" >"$tmp/r1"
grep '^good.html,' "$tmp/alonecsv/records.csv" >"$tmp/r2"
check "good file's figures unchanged beside bad files" '[ -s "$tmp/r1" ] && cmp -s "$tmp/r1" "$tmp/r2"'

# rules as data: an analyst's alias file changes the mapping without recompiling
mkdir -p "$tmp/rules" "$tmp/rr"
printf '<html><body><p>Reference: FOI 1/25</p><p>Kent Police</p><table><tr><th>Offence</th><th>2024</th></tr><tr><td>Zorblax frobnication</td><td>3</td></tr></table></body></html>\n' >"$tmp/rr/kent-r.html"
"$FOITAB" run "$tmp/rr" -o "$tmp/rr.xlsx" --csv "$tmp/rrc" -q
check "unknown wording is unmapped and reviewed" 'grep -q ",unmapped_offence," "$tmp/rrc/review.csv"'
printf 'alias\tcode\tnote\nZorblax frobnication\t8R\tfixture\n' >"$tmp/rules/offence_aliases.tsv"
"$FOITAB" run "$tmp/rr" -o "$tmp/rr.xlsx" --csv "$tmp/rrc" --rules "$tmp/rules" -q
check "--rules alias maps the wording" 'grep -q "^kent-r.html,.*,8R,.*Zorblax" "$tmp/rrc/records.csv"'
check "rules check accepts the alias file" '"$FOITAB" rules check "$tmp/rules" >/dev/null'
printf 'alias\tcode\tnote\nSomething\tNOTACODE\tbad\n' >"$tmp/rules/offence_aliases.tsv"
"$FOITAB" rules check "$tmp/rules" >"$tmp/rc.txt" 2>&1
check "rules check rejects a bad code with file:line" '[ $? -ne 0 ] && grep -q "offence_aliases.tsv:2" "$tmp/rc.txt"'

# --watch: a reply dropped into the folder is picked up without being asked
mkdir -p "$tmp/w/kent"
cp "$good" "$tmp/w/kent/first.html"
: >"$tmp/w.log"
"$FOITAB" run "$tmp/w" -o "$tmp/w.xlsx" --csv "$tmp/wc" --watch 2>"$tmp/w.log" &
wpid=$!
runs() { n=$(grep -c 'files' "$tmp/w.log" 2>/dev/null); echo "${n:-0}"; }
i=0
while [ $i -lt 150 ] && [ "$(runs)" -lt 1 ]; do
    sleep 0.2
    i=$((i + 1))
done
cp "$good" "$tmp/w/kent/second-copy.html"
i=0
while [ $i -lt 150 ] && [ "$(runs)" -lt 2 ]; do
    sleep 0.2
    i=$((i + 1))
done
kill -TERM $wpid 2>/dev/null
wait $wpid 2>/dev/null
check "--watch re-runs when a reply arrives" '[ "$(grep -c "files" "$tmp/w.log")" -ge 2 ]'
check "--watch output includes the new file" 'grep -q "^kent/second-copy.html," "$tmp/wc/sources.csv"'

# inspect
check "inspect prints grids and records" '"$FOITAB" inspect "$good" | grep -q "== records"'
check "rules check passes on the built-in rules" '"$FOITAB" rules check >/dev/null'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
