#!/bin/sh
# Hostile and broken input (issue 8): build a folder holding every kind of bad file the issue
# lists next to good replies, run foitab ($FOITAB) on it and check: exit 1, every file has a
# status and a review line, the good files' figures equal a run without the bad ones, nothing
# outside the folder is read, nothing is written into it, no sanitizer report.  Big files are
# generated in a temporary folder (HOSTILE_LINE_MB sets the one-line file, default 50).
set -u
FOITAB=${FOITAB:-./foitab}
LINE_MB=${HOSTILE_LINE_MB:-50}
export LC_ALL=C ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1
tmp=$(mktemp -d)
writer=""
cleanup() {
    [ -n "$writer" ] && kill "$writer" 2>/dev/null
    chmod -R u+rwx "$tmp" 2>/dev/null
    if [ -n "${HOSTILE_KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1"; }
skip() { echo "skip $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
FOITAB=$(cd "$(dirname "$FOITAB")" && pwd)/$(basename "$FOITAB")

in="$tmp/in"       # the hostile folder
clean="$tmp/clean" # the same good replies alone
out="$tmp/out"
outside="$tmp/outside" # must never be read
mkdir -p "$in/good" "$clean/good" "$out" "$outside/dir"

# good replies: one per format from the fixtures, under their own names
for f in $(find fixtures/replies -type f \( -name '*.html' -o -name '*.xml' -o -name '*.csv' \
    -o -name '*.txt' \) | sort | awk -F. '!seen[$NF]++'); do
    b=$(basename "$f")
    cp "$f" "$in/good/$b"
    cp "$f" "$clean/good/$b"
done

# and one attachment format each (issue 9)
for f in fixtures/office/xlsx/cleveland-*.xlsx fixtures/office/docx/kent-*.docx \
    fixtures/office/pdf/north-wales-*.pdf; do
    cp "$f" "$in/good/"
    cp "$f" "$clean/good/"
done

# what lies outside: a secret, a reply that must not be read through a link, a FIFO whose
# opening we would notice
secret="SECRET-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$secret" >"$outside/secret.txt"
printf '<!ENTITY leak "%s">\n' "$secret" >"$outside/ext.dtd"
cp "$(find fixtures/replies -name '*.html' | sort | head -n 1)" "$outside/dir/elsewhere.html"
mkfifo "$outside/trap.fifo"
(
    # opening the FIFO for writing blocks until someone opens it for reading
    exec 3>"$outside/trap.fifo" && echo opened >"$outside/trap.opened"
) 2>/dev/null &
writer=$!

B="$in/bad"
mkdir -p "$B"
: >"$B/empty.txt"
head -c 65536 /dev/urandom >"$B/junk.html"
printf 'Kent Police\nIn 2022, 4\0002 crimes were\000 recorded.\n' >"$B/nul-bytes.txt"
printf 'Cumbria Constabulary\nStalking \303\050 4\n\200\201\376 2021\n' >"$B/invalid-utf8.txt"
printf 'Dear requester,\nIn 2022, 42 crimes linked to TikTok were recorded.\n' |
    iconv -f UTF-8 -t UTF-16LE >"$B/utf16-no-bom.txt"
truncate -s 200M "$B/huge-200mb.txt"
head -c $((LINE_MB * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$B/one-line.txt"
python3 - "$B" <<'EOF'
import sys
b = sys.argv[1]
n = 100000
open(f"{b}/nested.xml", "w").write('<?xml version="1.0"?>' + "<a>" * n + "1" + "</a>" * n)
open(f"{b}/nested.html", "w").write("<html><body>" + "<div>" * n + "2" + "</div>" * n)
cols = 10000
open(f"{b}/wide.html", "w").write(
    "<table><tr>" + "".join(f"<th>{2000 + i % 25}</th>" for i in range(cols)) + "</tr><tr>"
    + "".join(f"<td>{i}</td>" for i in range(cols)) + "</tr></table>")
open(f"{b}/wide.csv", "w").write(
    ",".join(f"Year {2000 + i % 25}" for i in range(cols)) + "\n"
    + ",".join(str(i) for i in range(cols)) + "\n")
laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
open(f"{b}/billion-laughs.xml", "w").write(
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY l0 "lol">' + laughs + "]>\n<r>&l9;</r>\n")
open(f"{b}/quadratic.xml", "w").write(
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "' + "x" * 50000 + '">]>\n<r>'
    + "&a;" * 50000 + "</r>\n")
EOF
# attachments gone wrong (issue 9): a zip bomb, a broken zip directory, an encrypted and a
# legacy Office file, PDFs that are junk, scanned or loop in their own structure, an e-mail bomb
python3 - "$B" fixtures/office/docx/kent-foi-2025-0412-tiktok-offences.docx <<'EOF'
import sys, zipfile
b, docx = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(f"{b}/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("_rels/.rels", '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", b"<" + b"\0" * (100 << 20))
raw = open(docx, "rb").read()
open(f"{b}/broken-directory.docx", "wb").write(raw[: len(raw) * 2 // 3])
open(f"{b}/legacy.xls", "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
enc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le")
open(f"{b}/encrypted.docx", "wb").write(enc + bytes(1024))
open(f"{b}/junk.pdf", "wb").write(b"%PDF-1.7\n" + bytes(range(256)) * 64)
def pdf(objs, root=1):
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o)
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, x, x)
    return bytes(out)
page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
open(f"{b}/scanned.pdf", "wb").write(pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
    b"<< /Length 0 >>\nstream\n\nendstream"]))
# a page tree whose kid is its own parent, and an xref whose /Prev is itself
open(f"{b}/loop.pdf", "wb").write(pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000000 >>", page,
    b"<< /Length 0 >>\nstream\n\nendstream"]))
n = 5000
body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(n))
open(f"{b}/bomb.eml", "w").write("From: a@b.police.uk\nSubject: RE: FOI\nMIME-Version: 1.0\n" + body)
EOF
cat >"$B/xxe.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file://$outside/secret.txt"><!ENTITY f SYSTEM "$outside/trap.fifo">]>
<r><Record><Year>2022</Year><Offence>&x;</Offence><Count>&f;</Count></Record></r>
EOF
cat >"$B/external-dtd.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "$outside/ext.dtd">
<r><Record><Year>2022</Year><Offence>&leak;</Offence><Count>3</Count></Record></r>
EOF
cat >"$B/xinclude.xml" <<EOF
<?xml version="1.0"?>
<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="$outside/secret.txt" parse="text"/></r>
EOF
ln -s "$outside/secret.txt" "$B/link-outside.txt"
ln -s "$outside/dir" "$B/link-to-dir"
ln -s loop-b "$B/loop-a"
ln -s loop-a "$B/loop-b"
ln -s self "$B/self"
mkfifo "$B/fifo.txt"
if mknod "$B/device.txt" c 1 3 2>/dev/null; then :; else skip "device file (mknod not permitted)"; fi
# good content under awkward names
g1=$(find fixtures/replies -name '*.txt' | sort | tail -n 1)
g2=$(find fixtures/replies -name '*.html' | sort | tail -n 1)
cp "$g1" "$B/name with spaces.txt"
cp "$g2" "$B/name
with newline.html"
cp "$g2" "$(printf '%s/latin1-\351t\351.html' "$B")"
printf 'x\n' >"$(printf '%s/bad\377\376name.txt' "$B")"
# removed and truncated during the run: named to be read last
cp "$g1" "$in/zz-removed.txt"
cp "$g1" "$in/zz-truncated.txt"

listing() { (cd "$1" && find . -print | grep -v zz-removed | LC_ALL=C sort | od -c | md5sum); }
before=$(listing "$in")
chmod -R a-w "$in" 2>/dev/null # a read-only input folder

# the clean run
"$FOITAB" run "$clean" -o "$out/clean.xlsx" --csv "$out/clean" --state "$out/clean.db" \
    --created 2026-01-01T00:00:00 -q 2>"$out/clean.err"
rc=$?
check "clean run exits 0 or 1 (got $rc)" '[ $rc -le 1 ]'

# the hostile run, watched for the mid-run removal
(
    # once files are being read (discovery is over), remove one and truncate another
    for _ in $(seq 1 6000); do
        pid=$(pgrep -n -f "$out/hostile.xlsx" 2>/dev/null || true)
        for p in $pid; do
            r=$(awk '/^rchar/ {print $2}' "/proc/$p/io" 2>/dev/null || echo 0)
            if [ "${r:-0}" -gt 1048576 ]; then
                # root may remove from the read-only folder; others cannot, which is fine
                rm -f "$in/zz-removed.txt" 2>/dev/null
                chmod u+w "$in/zz-truncated.txt" 2>/dev/null
                : >"$in/zz-truncated.txt" 2>/dev/null
                [ -e "$in/zz-removed.txt" ] || echo done >"$out/mutated"
                exit 0
            fi
        done
        sleep 0.05
    done
) &
mutator=$!
t0=$(date +%s)
timeout "${HOSTILE_TIMEOUT:-1200}" "$FOITAB" run "$in" -o "$out/hostile.xlsx" --csv "$out/hostile" --json "$out/h.json" \
    --state "$out/hostile.db" --created 2026-01-01T00:00:00 -q 2>"$out/hostile.err"
rc=$?
echo "hostile run: $(($(date +%s) - t0)) s"
kill "$mutator" 2>/dev/null
wait "$mutator" 2>/dev/null
check "hostile folder finishes with exit 1 (got $rc)" '[ $rc -eq 1 ]'
check "no sanitizer report" \
    '! grep -qE "AddressSanitizer|LeakSanitizer|runtime error|UndefinedBehaviorSanitizer" "$out/hostile.err" "$out/clean.err"'
grep -E -A12 "ERROR|runtime error" "$out/hostile.err" "$out/clean.err" | head -n 30

# The files that point outside, again under strace (LeakSanitizer cannot run under ptrace):
# no open() may name a path outside the folder.
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
    mkdir -p "$tmp/esc"
    for f in xxe.xml external-dtd.xml xinclude.xml link-outside.txt link-to-dir loop-a self; do
        cp -P "$B/$f" "$tmp/esc/"
    done
    ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat,openat2,creat,execve \
        -o "$out/trace" "$FOITAB" run "$tmp/esc" -o "$out/esc.xlsx" --state "$out/esc.db" \
        -q 2>"$out/esc.err"
fi

# what the input folder held at discovery: everything we created (bytes of names kept)
python3 - "$in" "$out" "$secret" "$outside" "$([ -f "$out/mutated" ] && echo 1)" <<'EOF' \
    >"$out/checks.txt"
import csv, io, os, sys
inp, out, secret, outside, mutated = sys.argv[1:6]
res = []
def check(name, cond, extra=""):
    res.append(("ok  " if cond else "FAIL") + " " + name + (f" ({extra})" if extra and not cond else ""))

def read_csv(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
        check(f"{os.path.basename(path)} is valid UTF-8", True)
    except UnicodeDecodeError as e:
        check(f"{os.path.basename(path)} is valid UTF-8", False, str(e))
        text = raw.decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    width = len(rows[0])
    check(f"{os.path.basename(path)} rows all have {width} fields",
          all(len(r) == width for r in rows), str([r for r in rows if len(r) != width][:2]))
    return [dict(zip(rows[0], r)) for r in rows[1:]]

src = read_csv(f"{out}/hostile/sources.csv")
rev = read_csv(f"{out}/hostile/review.csv")
recs = read_csv(f"{out}/hostile/records.csv")
clean_recs = read_csv(f"{out}/clean/records.csv")

# every entry of the folder (files, links, FIFOs, devices; not the folders themselves)
want = []
for root, dirs, files in os.walk(os.fsencode(inp)):
    for d in list(dirs):
        if os.path.islink(os.path.join(root, d)):
            files.append(d)
    dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
    for f in files:
        want.append(os.path.relpath(os.path.join(root, f), os.fsencode(inp)))
if mutated:
    want.append(b"zz-removed.txt")
status = {}
for s in src:
    status[s["file"]] = s
def csv_name(b):
    # the name as the CSV should hold it: UTF-8, invalid bytes replaced
    return b.decode("utf-8", "replace")
for w in sorted(set(want)):
    name = csv_name(w)
    s = status.get(name)
    check(f"{name!r} has a status", s is not None and s["status"] != "")
    if s is None:
        continue
    # a reply read in full (data, nil, not held, refused) needs no review; a problem does
    if s["status"] in ("unreadable", "unsupported", "no_figures"):
        check(f"{name!r} has a review line", any(r["file"] == name for r in rev))
check("sources.csv has one row per file", len(src) == len(set(want)),
      f"{len(src)} rows, {len(set(want))} files")

expect = {
    "bad/empty.txt": "unreadable", "bad/junk.html": "unreadable",
    "bad/huge-200mb.txt": "unreadable", "bad/fifo.txt": "unreadable",
    "bad/link-outside.txt": "unreadable", "bad/link-to-dir": "unreadable",
    "bad/loop-a": "unreadable", "bad/self": "unreadable", "bad/billion-laughs.xml": "unreadable",
    "bad/quadratic.xml": "unreadable", "bad/xxe.xml": "unreadable",
    "bad/external-dtd.xml": "unreadable",
    "bad/bomb.xlsx": "unreadable", "bad/broken-directory.docx": "unreadable",
    "bad/legacy.xls": "unsupported", "bad/encrypted.docx": "unsupported",
    "bad/junk.pdf": "unreadable", "bad/scanned.pdf": "unsupported", "bad/loop.pdf": "unreadable",
    "bad/bomb.eml": "no_figures",
}
if os.path.exists(f"{inp}/bad/device.txt"):
    expect["bad/device.txt"] = "unreadable"
if mutated:
    expect["zz-removed.txt"] = "unreadable"
for f, st in expect.items():
    got = status.get(f, {}).get("status")
    check(f"{f} is {st}", got == st, f"got {got}")
scan = [r for r in rev if r["file"] == "bad/scanned.pdf"]
check("the scanned PDF is said to need OCR", any("OCR" in r["detail"] for r in scan))
huge = [r for r in rev if r["file"] == "bad/huge-200mb.txt"]
check("the 200 MB file is reported as too large", any("too large" in r["detail"] for r in huge))
if mutated:
    t = status.get("zz-truncated.txt", {})
    check("the file truncated during the run has a status", t.get("status", "") != "")
    check("the truncated file gives no figures", not any(r["file"] == "zz-truncated.txt" for r in recs))

# the good files' figures equal those of a run without the bad ones
def key(r):
    return tuple(sorted(r.items()))
good = sorted(key(r) for r in recs if r["file"].startswith("good/"))
base = sorted(key(r) for r in clean_recs)
check("good files' figures equal the clean run", good == base,
      f"{len(good)} vs {len(base)} records")
check("the clean run has figures", len(base) > 0)

# nothing from outside the folder
blob = b""
for root, _, files in os.walk(out):
    for f in files:
        if f.endswith((".csv", ".json", ".xlsx")):
            blob += open(os.path.join(root, f), "rb").read()
check("no secret from outside the folder in the outputs", secret.encode() not in blob)
check("the FIFO outside the folder was never opened",
      not os.path.exists(f"{outside}/trap.opened"))
check("nothing from the folder linked to was read",
      not any("elsewhere" in r["file"] for r in src))
tr = f"{out}/trace"
if os.path.exists(tr):
    bad = [l.strip() for l in open(tr, errors="replace") if outside in l]
    check("no open() of a path outside the folder", not bad, "; ".join(bad[:3]))
print("\n".join(res))
EOF
cat "$out/checks.txt"
pass=$((pass + $(grep -c '^ok' "$out/checks.txt")))
fail=$((fail + $(grep -c '^FAIL' "$out/checks.txt")))
[ -f "$out/mutated" ] || skip "removal/truncation during the run (the run ended before the watcher saw it reading)"
[ -f "$out/trace" ] || skip "strace check of opened paths (strace not usable)"
check "nothing was written into the input folder" '[ "$(listing "$in")" = "$before" ]'

# a file without read permission: root reads anything, so run that part as nobody when root
mkdir -p "$tmp/perm/in" "$tmp/perm/out"
cp "$g1" "$tmp/perm/in/readable.txt"
cp "$g2" "$tmp/perm/in/no-permission.html"
chmod 000 "$tmp/perm/in/no-permission.html"
as=""
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
        as="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
        chmod 755 "$tmp" "$tmp/perm" "$tmp/perm/in"
        chmod 777 "$tmp/perm/out"
        chmod 644 "$tmp/perm/in/readable.txt"
    fi
fi
if [ "$(id -u)" -eq 0 ] && [ -z "$as" ]; then
    skip "file without read permission (running as root, no setpriv to drop privileges)"
else
    # shellcheck disable=SC2086
    $as "$FOITAB" run "$tmp/perm/in" -o "$tmp/perm/out/p.xlsx" --csv "$tmp/perm/out/csv" \
        --state "$tmp/perm/out/p.db" -q 2>"$tmp/perm/out/err"
    rc=$?
    check "unreadable-permission folder exits 1 (got $rc)" '[ $rc -eq 1 ]'
    check "file without read permission is unreadable" \
        'grep -q "^no-permission.html,.*,unreadable," "$tmp/perm/out/csv/sources.csv"'
    check "... with a review line saying why" \
        'grep -qi "^no-permission.html,.*permission" "$tmp/perm/out/csv/review.csv"'
    check "the readable file next to it is read" \
        'grep -q "^readable.txt,.*,data," "$tmp/perm/out/csv/sources.csv"'
fi

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
