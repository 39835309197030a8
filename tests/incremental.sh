#!/bin/sh
# Incremental re-runs and parallel batches: after every change to the input folder, a re-run
# with the state store gives byte-for-byte the outputs of a --full run, reads only what is new
# or changed, keeps the outputs when nothing changed, survives kill -9, and -j 1 equals -j 4.
set -u
FOITAB=${FOITAB:-./foitab}
export LC_ALL=C ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

in="$tmp/in"
cp -R fixtures/replies "$in"
# old enough that their stat data are trusted (a file changed within 2 s of a run is hashed again)
find "$in" -type f -exec touch -d '2025-01-01 00:00:00' {} +
created=2026-01-01T00:00:00

# inc: the incremental run (default state next to the workbook); its summary line in $tmp/log
inc() {
    "$FOITAB" run "$in" -o "$tmp/inc.xlsx" --csv "$tmp/inc" --created $created -j 2 "$@" \
        2>"$tmp/log"
    rc=$?
}
# same_as_full NAME [args]: a --full run with its own state gives identical outputs
same_as_full() {
    name=$1
    shift
    rm -rf "$tmp/full" "$tmp/full.xlsx" "$tmp/full.db"
    "$FOITAB" run "$in" -o "$tmp/full.xlsx" --csv "$tmp/full" --state "$tmp/full.db" --full \
        --created $created -q -j 1 "$@"
    frc=$?
    if cmp -s "$tmp/inc/records.csv" "$tmp/full/records.csv" &&
        cmp -s "$tmp/inc/sources.csv" "$tmp/full/sources.csv" &&
        cmp -s "$tmp/inc/review.csv" "$tmp/full/review.csv" &&
        cmp -s "$tmp/inc.xlsx" "$tmp/full.xlsx" && [ "$rc" -eq "$frc" ]; then
        ok "$name: outputs and exit code equal a --full run"
    else
        no "$name: outputs and exit code equal a --full run (rc $rc vs $frc)"
        diff "$tmp/inc/records.csv" "$tmp/full/records.csv" | head -5
        diff "$tmp/inc/sources.csv" "$tmp/full/sources.csv" | head -5
    fi
}
read_count() { sed -n 's/.*; \([0-9]*\) read, .*/\1/p' "$tmp/log"; }
inode() { ls -i "$1" | cut -d' ' -f1; }

# first run: everything is read, the state is made next to the workbook
inc
check "first run exits 0 or 1 (got $rc)" '[ $rc -le 1 ]'
check "first run reads every file" '[ "$(read_count)" = "$(find "$in" -type f | wc -l | tr -d " ")" ]'
check "default state is FILE.xlsx.state.db" '[ -s "$tmp/inc.xlsx.state.db" ]'
same_as_full "first run"
first_rc=$rc

# nothing changed: outputs kept (same inode), same exit code
ino=$(inode "$tmp/inc.xlsx")
cino=$(inode "$tmp/inc/records.csv")
inc
check "no change: exit code as last time" '[ $rc -eq $first_rc ]'
check "no change: says so" 'grep -q "nothing changed, outputs kept" "$tmp/log"'
check "no change: workbook not rewritten" '[ "$(inode "$tmp/inc.xlsx")" = "$ino" ]'
check "no change: CSV not rewritten" '[ "$(inode "$tmp/inc/records.csv")" = "$cino" ]'

# a deleted output is written again
rm "$tmp/inc/review.csv"
inc
check "deleted output: written again" '[ -s "$tmp/inc/review.csv" ]'
check "deleted output: nothing re-read" '[ "$(read_count)" = 0 ]'

# touched file (mtime only): hashed, not parsed
some=$(find "$in" -name '*.html' | sort | head -n 1)
touch -d '2025-06-01 12:00:00' "$some"
inc
check "touched file: nothing re-read" '[ "$(read_count)" = 0 ]'
same_as_full "touched file"

# new file
src=$(find "$in" -name '*.txt' | sort | head -n 1)
sed 's/[0-9]\{1,\}/7&/' "$src" >"$(dirname "$src")/new-reply.txt"
inc
check "new file: exactly one file read" '[ "$(read_count)" = 1 ]'
check "new file: its figures are in" 'grep -q "new-reply.txt," "$tmp/inc/records.csv"'
same_as_full "new file"

# changed file (same size is the hard case: only the content hash tells)
cp "$src" "$tmp/orig.txt"
sed 's/[1-8]/9/' "$src" >"$tmp/chg.txt"
cat "$tmp/chg.txt" >"$src"
touch -d '2025-06-02 12:00:00' "$src"
inc
check "changed file: exactly one file read" '[ "$(read_count)" = 1 ]'
same_as_full "changed file"

# removed file
rm "$(dirname "$src")/new-reply.txt"
inc
check "removed file: nothing read" '[ "$(read_count)" = 0 ]'
check "removed file: its records are gone" '! grep -q "new-reply.txt," "$tmp/inc/records.csv"'
same_as_full "removed file"

# renamed file, same folder and extension: not parsed again
dir=$(dirname "$some")
mv "$some" "$dir/renamed-reply.html"
inc
check "renamed file: nothing read" '[ "$(read_count)" = 0 ]'
check "renamed file: figures under the new name" 'grep -q "renamed-reply.html," "$tmp/inc/records.csv"'
same_as_full "renamed file"

# moved under another force's folder: the path now contradicts the text, so it is read
mkdir -p "$in/dyfed-powys"
mv "$dir/renamed-reply.html" "$in/dyfed-powys/moved.html"
inc
check "moved to another force's folder: read again" '[ "$(read_count)" = 1 ]'
same_as_full "moved to another force's folder"
mv "$in/dyfed-powys/moved.html" "$some"
rmdir "$in/dyfed-powys"
inc
same_as_full "moved back"

# duplicates: a copy is a duplicate; remove the original and the copy holds the records
cp -p "$some" "$dir/zz-copy.html"
inc
check "copy is a duplicate" 'grep -q "/zz-copy.html,.*,duplicate," "$tmp/inc/sources.csv"'
check "copy in the same folder: nothing read" '[ "$(read_count)" = 0 ]'
same_as_full "duplicate added"
mv "$some" "$tmp/held.html"
inc
check "original removed: the copy holds the records" 'grep -q "/zz-copy.html," "$tmp/inc/records.csv"'
same_as_full "original of a duplicate removed"
mv "$tmp/held.html" "$some"
inc
same_as_full "original back"

# rule change: an override that changes a code re-reads every file and applies it
wording=$(awk -F, 'NR > 1 && $8 == "8R" && $11 ~ /^[A-Za-z ]+$/ { print $11; exit }' \
    "$tmp/inc/records.csv")
mkdir -p "$tmp/rules"
printf 'alias\tcode\tnote\n%s\t8Q\ttest override\n' "$wording" >"$tmp/rules/offence_aliases.tsv"
inc --rules "$tmp/rules"
check "rule change: every file read again" '[ "$(read_count)" = "$(find "$in" -type f | wc -l | tr -d " ")" ]'
check "rule change: the new code is applied" '[ -n "$wording" ] && grep -q ",8Q,.*,$wording," "$tmp/inc/records.csv"'
same_as_full "rule change" --rules "$tmp/rules"
inc
same_as_full "rules back to built-in"

# a damaged state file is replaced, not trusted
printf 'this is not a database' >"$tmp/inc.xlsx.state.db"
inc
check "damaged state: run succeeds (rc $rc)" '[ $rc -le 1 ]'
same_as_full "damaged state"

# --state elsewhere
inc --state "$tmp/elsewhere.db"
check "--state FILE is used" '[ -s "$tmp/elsewhere.db" ]'

# outputs inside the input folder are not read back as replies
"$FOITAB" run "$in" -o "$in/out.xlsx" --csv "$in/csv" --created $created -q
"$FOITAB" run "$in" -o "$in/out.xlsx" --csv "$in/csv" --created $created 2>"$tmp/log"
check "own outputs in the input folder are not inputs" '! grep -q "^out.xlsx\|^csv/\|state.db" "$in/csv/sources.csv"'
check "own outputs in the input folder: nothing changed" 'grep -q "nothing changed" "$tmp/log"'
rm -rf "$in/out.xlsx" "$in/out.xlsx.state.db" "$in/csv"

# a bigger folder for parallel runs and kill -9: the fixtures ten times, each copy distinct
big="$tmp/big"
for k in 0 1 2 3 4 5 6 7 8 9; do
    mkdir -p "$big/r$k"
    cp -R "$in"/. "$big/r$k/"
    find "$big/r$k" -type f | while IFS= read -r f; do printf '\n%*s\n' "$k" "" >>"$f"; done
done
"$FOITAB" run "$big" -o "$tmp/j1.xlsx" --csv "$tmp/j1" --created $created --full -q -j 1
"$FOITAB" run "$big" -o "$tmp/j4.xlsx" --csv "$tmp/j4" --created $created --full -q -j 4
for f in records sources review; do
    check "-j 1 and -j 4 give the same $f.csv" 'cmp -s "$tmp/j1/$f.csv" "$tmp/j4/$f.csv"'
done
check "-j 1 and -j 4 give the same workbook" 'cmp -s "$tmp/j1.xlsx" "$tmp/j4.xlsx"'

# kill -9 at several moments of a run, then a re-run: the last good workbook stays in place,
# and the next run continues from the state to the same outputs as a full run
in="$big"
inc -q
cp "$tmp/inc.xlsx" "$tmp/good.xlsx"
find "$big" -type f -name '*.txt' | head -n 20 | while IFS= read -r f; do printf 'x\n' >>"$f"; done
killed=0
for d in 0.05 0.2 0.5 1 2; do
    "$FOITAB" run "$big" -o "$tmp/inc.xlsx" --csv "$tmp/inc" --created $created -q -j 2 &
    pid=$!
    sleep $d
    kill -9 $pid 2>/dev/null && killed=$((killed + 1))
    wait $pid 2>/dev/null
    if cmp -s "$tmp/inc.xlsx" "$tmp/good.xlsx"; then
        :
    else
        cp "$tmp/inc.xlsx" "$tmp/good.xlsx" # that run finished: its workbook is the good one
    fi
    check "after kill -9 at ${d}s the workbook is whole" \
        'python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$tmp/inc.xlsx" 2>/dev/null || unzip -tq "$tmp/inc.xlsx" >/dev/null 2>&1'
    find "$big" -type f -name '*.csv' | head -n 3 | while IFS= read -r f; do printf '\n' >>"$f"; done
done
check "at least one run was killed mid-way ($killed)" '[ $killed -ge 1 ]'
inc -q
same_as_full "re-run after kill -9"

echo "incremental: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
