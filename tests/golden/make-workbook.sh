# Sourced by check.sh and update.sh: writes $tmp/out.xlsx from a copy of fixtures/replies, so the
# relative links to the replies ("replies/...") do not depend on where the repository is.
: "${FOITAB:=./foitab}"
tmp=$(mktemp -d /tmp/foitab-golden.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -R fixtures/replies "$tmp/replies"
"$FOITAB" run "$tmp/replies" -o "$tmp/out.xlsx" --created 2026-01-01T00:00:00 -q
rc=$?
if [ $rc -gt 1 ] || [ ! -s "$tmp/out.xlsx" ]; then
    echo "golden: $FOITAB failed (exit $rc)" >&2
    exit 1
fi
