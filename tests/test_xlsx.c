/* XLSX export: writes a workbook from a hand-built result, checks it with tests/xlsx_check.py
 * (sheet names, headers, rows and numbers against the CSV exports, pivot cells) when Debian's
 * python3-openpyxl is installed, byte-identical output for equal inputs, and error paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "output/csv.h"
#include "output/xlsx.h"
#include "tests/helpers.h"

#ifndef PY
#define PY "/usr/bin/python3" /* Debian python with python3-openpyxl */
#endif
#define CHECKER "tests/xlsx_check.py"

static char tmpdir[256];

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/foi_xlsx_XXXXXX");
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    (void)state;
    return system(cmd) == 0 ? 0 : -1;
}

static foi_record fig(const char *file, const char *force, const char *code, const char *start,
                      const char *end, const char *period, const char *off, const char *sub,
                      const char *out, const char *value, long min, long max, const char *where)
{
    foi_record r = {0};
    r.file = file;
    r.force = force;
    r.force_code = code;
    r.platform = "TikTok";
    r.period_start = start;
    r.period_end = end;
    r.period = period;
    r.offence_code = off;
    r.offence_subcode = sub;
    r.offence = strcmp(off, "ALL") == 0 ? "All offences" : "Some offence";
    r.offence_raw = strcmp(off, "ALL") == 0 ? NULL : "Offence as \"written\", here";
    r.outcome_code = out;
    r.outcome = strcmp(out, "ALL") == 0 ? "All outcomes" : "Some outcome";
    r.value = value;
    r.exact = min == max;
    r.count = r.exact ? min : 0;
    r.count_min = min;
    r.count_max = max;
    r.where = where;
    return r;
}

#define Y(y) y "-01-01", y "-12-31", y

static foi_result *build(foi_arena *a)
{
    foi_result *res = foi_alloc(a, sizeof *res);
    res->a = a;
    res->created = "2026-01-01T00:00:00";
    res->version = "0.1.0";
    res->rules_summary = "offences.tsv 177 rows\noutcomes.tsv 40 rows";
    res->rules_hash = "0123abcd";
    const char *K = "Kent Police", *KC = "E23000032", *E = "Essex Police", *EC = "E23000008";
    const char *ka = "kent/foi-a.html", *kb = "kent/foi-b.html", *es = "essex/reply.txt";
    foi_record r[] = {
        /* Kent, first reply: stated totals and an offence row */
        fig(ka, K, KC, Y("2021"), "ALL", NULL, "ALL", "10", 10, 10, "table 1, row 2, col 2"),
        fig(ka, K, KC, Y("2022"), "ALL", NULL, "ALL", "12", 12, 12, "table 1, row 3, col 2"),
        fig(ka, K, KC, Y("2021"), "8R", "", "ALL", "10", 10, 10, "table 2, row 2, col 2"),
        /* Kent, later reply: 2022 restated (the later figure wins), 2023 suppressed */
        fig(kb, K, KC, Y("2022"), "ALL", NULL, "ALL", "13", 13, 13, "line 12"),
        fig(kb, K, KC, Y("2023"), "ALL", NULL, "ALL", "<5", 1, 4, "line 13"),
        /* a financial year and a multi-year total (listed apart, below the charts) */
        fig(kb, K, KC, "2022-04-01", "2023-03-31", "2022/23", "ALL", NULL, "ALL", "7", 7, 7,
            "line 14"),
        fig(kb, K, KC, "2021-01-01", "2023-12-31", "Total", "ALL", NULL, "ALL", "30", 30, 30,
            "line 15"),
        /* Essex: no stated total, offence rows only (sub-code row is part of 88A) */
        fig(es, E, EC, Y("2021"), "8R", "", "ALL", "5", 5, 5, "line 20"),
        fig(es, E, EC, Y("2021"), "8Q", "", "ALL", "3", 3, 3, "line 21"),
        fig(es, E, EC, Y("2021"), "88A", "", "ALL", "4", 4, 4, "line 22"),
        fig(es, E, EC, Y("2021"), "88A", "071/17", "ALL", "2", 2, 2, "line 23"),
        fig(es, E, EC, Y("2022"), "8R", "", "ALL", "<5", 1, 4, "line 30"),
        fig(es, E, EC, Y("2022"), "8Q", "", "ALL", "6", 6, 6, "line 31"),
        /* BTP: outcomes only, financial year */
        fig("btp/r.xml", "British Transport Police", "", "2021-04-01", "2022-03-31", "2021/22",
            "ALL", NULL, "1", "2", 2, 2, "table 1, row 2, col 2"),
        fig("btp/r.xml", "British Transport Police", "", "2021-04-01", "2022-03-31", "2021/22",
            "ALL", NULL, "PENDING", "3", 3, 3, "table 1, row 3, col 2"),
        /* an unmapped outcome wording with a newline and unknown upper bound */
        fig(es, E, EC, "2021-04-01", "2022-03-31", "2021-22", "ALL", NULL, "", "*", 1, -1,
            "line 40"),
    };
    for (size_t i = 0; i < sizeof r / sizeof *r; i++)
        FOI_VEC_PUSH(a, res->records, r[i]);
    res->records.v[res->records.n - 1].outcome_raw = "Charged,\nsummonsed";

    foi_source s[] = {
        {ka, "aa", "html", "utf-8", KC, K, "2023-06-01", "FOI 2023/1", "data", "", 3, 0},
        {kb, "bb", "text", "utf-8", KC, K, "2024-11-26", "FOI 2024/9", "data", "s40", 2, 1},
        {es, "cc", "text", "windows-1252", EC, E, "2024-01-05", "", "data", "", 7, 1},
        {"btp/r.xml", "dd", "xml", "utf-8", "", "British Transport Police", "", "", "data", "", 2,
         0},
        {"surrey/refusal.html", "ee", "html", "utf-8", "E23000031", "Surrey Police", "2024-02-02",
         "FOI-77", "refused", "s12", 0, 0},
        {"misc/blob.bin", "ff", "unknown", "", "", "", "", "", "unreadable", "", 0, 1},
    };
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        FOI_VEC_PUSH(a, res->sources, s[i]);

    foi_review v[] = {
        {es, "line 40", "unmapped_offence", "\"Online\" not mapped", "add an alias"},
        {"misc/blob.bin", "", "unreadable", "not a reply", NULL},
        {kb, "line 12", "conflicting_values", "13 here, 12 in kent/foi-a.html", ""},
        {es, "line 41", "unmapped_outcome", "Charged,\nsummonsed", NULL},
        {"btp/r.xml", "", "unknown_force", "no force named", NULL},
        {"aaa/first.txt", "line 1", "unmapped_offence", "sorts before essex", NULL},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        FOI_VEC_PUSH(a, res->review, v[i]);
    return res;
}

static void assert_same_bytes(const char *p1, const char *p2)
{
    size_t n1 = 0, n2 = 0;
    unsigned char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(n1 > 1000);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
}

static bool have_openpyxl(void)
{
    if (access(PY, X_OK) != 0 || access(CHECKER, R_OK) != 0) return false;
    int rc = system(PY " -c 'import openpyxl' 2>/dev/null");
    return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

/* Run the checker; returns its exit status. */
static int run_checker(const char *xlsx, const char *csvdir, const char *extra)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, PY " " CHECKER " '%s' '%s' %s", xlsx, csvdir, extra);
    int rc = system(cmd);
    return rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void write_both(const foi_result *res, const char *xlsx, const char *csvdir)
{
    const char *err = "unset";
    int rc = foi_xlsx_write(res, xlsx, &err);
    if (rc != 0) fprintf(stderr, "foi_xlsx_write: %s\n", err);
    assert_int_equal(rc, 0);
    assert_null(err);
    assert_int_equal(foi_csv_write_dir(res, csvdir), 0);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", xlsx);
    assert_int_not_equal(access(tmp, F_OK), 0);
}

static void test_workbook(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = build(a);
    char x1[512], x2[512], csv[512];
    snprintf(x1, sizeof x1, "%s/one.xlsx", tmpdir);
    snprintf(x2, sizeof x2, "%s/two.xlsx", tmpdir);
    snprintf(csv, sizeof csv, "%s/csv", tmpdir);
    write_both(res, x1, csv);
    write_both(res, x2, csv);
    assert_same_bytes(x1, x2);
    /* overwriting an existing workbook works too */
    write_both(res, x1, csv);
    assert_same_bytes(x1, x2);

    if (!have_openpyxl()) {
        fprintf(stderr, "test_xlsx: /usr/bin/python3 has no openpyxl; content checks skipped "
                        "(install python3-openpyxl)\n");
        foi_arena_free(a);
        skip();
    }
    /* Summary: header on row 5, periods 2021, 2022, 2023 from column E; Essex (derived)
     * before Kent (stated, later reply wins for 2022); national bounds rows below. */
    const char *cells =
        "--chart-kinds line=2,column=1,stacked=1 --cell 'Summary!H5=2022/23' --cell 'Summary!H7=7' "
        "--cell 'Summary!H9=7' "
        "--cell 'Summary!I5=' --cell 'Summary!A32=Force' --cell 'Summary!A33=Kent Police' "
        "--cell 'Summary!D33=2021-01-01 to 2023-12-31' --cell 'Summary!E33=stated' "
        "--cell 'Summary!F33=30' --cell 'Summary!A34=' "
        /* ranked: the latest complete year is 2023, where only Kent (suppressed) has a
         * figure; stacked: calendar years, code rows only (no sub-code), Essex + Kent */
        "--cell 'Summary!A36=Force' --cell 'Summary!A37=Kent Police' --cell 'Summary!C37=stated' "
        "--cell 'Summary!D37=1' --cell 'Summary!E37=4' --cell 'Summary!A38=' "
        "--cell 'Summary!A40=Offence code' --cell 'Summary!C40=2021' --cell 'Summary!E40=2023' "
        "--cell 'Summary!A41=8Q' --cell 'Summary!C41=3' --cell 'Summary!D41=6' "
        "--cell 'Summary!A42=8R' --cell 'Summary!C42=15' --cell 'Summary!D42=1' "
        "--cell 'Summary!A43=88A' --cell 'Summary!C43=4' --cell 'Summary!D43=' "
        "--cell 'Summary!A44=' "
        "--cell 'Summary!A5=Force' --cell 'Summary!E5=2021' --cell 'Summary!G5=2023' "
        "--cell 'Summary!A6=Essex Police' --cell 'Summary!D6=derived' "
        "--cell 'Summary!E6=12' --cell 'Summary!F6=7\xe2\x80\x93"
        "10' --cell 'Summary!G6=' "
        "--cell 'Summary!A7=Kent Police' --cell 'Summary!D7=stated' "
        "--cell 'Summary!E7=10' --cell 'Summary!F7=13' --cell 'Summary!G7=<5' "
        "--cell 'Summary!E9=22' --cell 'Summary!F9=20' --cell 'Summary!G9=1' "
        "--cell 'Summary!E10=22' --cell 'Summary!F10=23' --cell 'Summary!G10=4' "
        "--cell 'Summary!E11=2' --cell 'Summary!G11=1' "
        /* Offences: natural code order, sub-code row apart; periods 2021, 2022 */
        "--cell 'Offences!D4=2021' --cell 'Offences!E4=2022' "
        "--cell 'Offences!A5=8Q' --cell 'Offences!D5=3' --cell 'Offences!E5=6' "
        "--cell 'Offences!A6=8R' --cell 'Offences!D6=15' --cell 'Offences!E6=1\xe2\x80\x93"
        "4' "
        "--cell 'Offences!A7=88A' --cell 'Offences!B7=' --cell 'Offences!D7=4' "
        "--cell 'Offences!A8=88A' --cell 'Offences!B8=071/17' --cell 'Offences!D8=2' "
        "--cell 'Offences!A9=' "
        /* Outcomes: 1, PENDING, then unmapped; one financial-year column */
        "--cell 'Outcomes!A5=1' --cell 'Outcomes!C4=2021/22' --cell 'Outcomes!C5=2' "
        "--cell 'Outcomes!A6=PENDING' --cell 'Outcomes!C6=3' "
        "--cell 'Outcomes!A7=(unmapped)' --cell 'Outcomes!C7=\xe2\x89\xa5"
        "1' "
        /* Coverage: forces by name, unknown last; Kent has two replies */
        "--cell 'Coverage!A2=British Transport Police' --cell 'Coverage!A4=Kent Police' "
        "--cell 'Coverage!F4=2' --cell 'Coverage!G4=5' --cell 'Coverage!I4=2024-11-26' "
        "--cell 'Coverage!E4=s40' --cell 'Coverage!J4=FOI 2023/1; FOI 2024/9' "
        "--cell 'Coverage!A5=Surrey Police' --cell 'Coverage!C5=refused' "
        "--cell 'Coverage!E5=s12' --cell 'Coverage!A6=(unknown force)' "
        /* Review: sorted by kind, then file */
        "--cell 'Review!C2=conflicting_values' --cell 'Review!C3=unknown_force' "
        "--cell 'Review!A4=aaa/first.txt' --cell 'Review!A5=essex/reply.txt' "
        "--cell 'Review!C6=unmapped_outcome' --cell 'Review!C7=unreadable' "
        /* About */
        "--cell 'About!B3=foitab 0.1.0' --cell 'About!B4=2026-01-01T00:00:00'";
    assert_int_equal(run_checker(x1, csv, cells), 0);
    /* the checker really fails on a wrong expectation */
    assert_int_equal(run_checker(x1, csv, "--cell 'Summary!F7=12' 2>/dev/null"), 1);
    foi_arena_free(a);
}

static void test_empty_workbook(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = foi_alloc(a, sizeof *res);
    res->a = a; /* no created time, no version: still writes, still reproducible */
    char x1[512], x2[512], csv[512];
    snprintf(x1, sizeof x1, "%s/e1.xlsx", tmpdir);
    snprintf(x2, sizeof x2, "%s/e2.xlsx", tmpdir);
    snprintf(csv, sizeof csv, "%s/ecsv", tmpdir);
    write_both(res, x1, csv);
    write_both(res, x2, csv);
    assert_same_bytes(x1, x2);
    if (have_openpyxl()) assert_int_equal(run_checker(x1, csv, "--chart-kinds line=0"), 0);
    foi_arena_free(a);
}

/* Enough records to switch to constant_memory streaming. */
static void test_large_workbook(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = build(a);
    char where[32];
    for (int i = 0; i < 21000; i++) {
        snprintf(where, sizeof where, "line %d", i + 100);
        char year[8];
        snprintf(year, sizeof year, "%d", 2015 + i % 10);
        foi_record r =
            fig("essex/big.csv", "Essex Police", "E23000008", foi_sprintf(a, "%s-01-01", year),
                foi_sprintf(a, "%s-12-31", year), foi_strdup(a, year), i % 2 ? "8R" : "8Q", "",
                "ALL", foi_sprintf(a, "%d", i), i, i, foi_strdup(a, where));
        FOI_VEC_PUSH(a, res->records, r);
    }
    foi_record snap = fig("essex/snap.txt", "Essex Police", "E23000008", Y("2015"), "ALL", NULL,
                          "ALL", "3", 3, 3, "line 1");
    snap.platform = "Snapchat";
    FOI_VEC_PUSH(a, res->records, snap);
    char x1[512], x2[512], csv[512];
    snprintf(x1, sizeof x1, "%s/big1.xlsx", tmpdir);
    snprintf(x2, sizeof x2, "%s/big2.xlsx", tmpdir);
    snprintf(csv, sizeof csv, "%s/bigcsv", tmpdir);
    write_both(res, x1, csv);
    write_both(res, x2, csv);
    assert_same_bytes(x1, x2);
    /* Essex 2015 = sum of i for i % 10 == 0, derived from big.csv's offence rows.  Rows:
     * Essex Snapchat, Essex TikTok, Kent TikTok; national blocks per platform from row 10,
     * where a period with no figure stays blank (not 0). */
    if (have_openpyxl())
        assert_int_equal(
            run_checker(x1, csv,
                        "--chart-kinds line=2,column=1,stacked=1 --cell 'Summary!E5=2015' "
                        "--cell 'Summary!N5=2024' "
                        "--cell 'Summary!A6=Essex Police' --cell 'Summary!C6=Snapchat' "
                        "--cell 'Summary!D6=stated' --cell 'Summary!E6=3' "
                        "--cell 'Summary!C7=TikTok' --cell 'Summary!D7=derived' "
                        "--cell 'Summary!E7=22039500' "
                        "--cell 'Summary!A10=National total (lower bound)' "
                        "--cell 'Summary!C10=Snapchat' --cell 'Summary!E10=3' "
                        "--cell 'Summary!F10=' --cell 'Summary!F11=' "
                        "--cell 'Summary!F12=0' --cell 'Summary!C13=TikTok' "
                        "--cell 'Summary!E13=22039500' --cell 'Summary!E15=1' "
                        "--cell 'Summary!K15=2'"),
            0);
    foi_arena_free(a);
}

/* Bytes that are not UTF-8 (a Windows-1252 leak) become U+FFFD, so the XML stays valid:
 * the workbook of the bad text equals the CSV of the replaced text. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = foi_alloc(a, sizeof *res);
    res->a = a;
    res->created = "2026-01-01T00:00:00";
    foi_record r = fig("x/caf\xe9.txt", "Kent Police", "E23000032", Y("2021"), "8R", "", "ALL", "2",
                       2, 2, "line 1");
    r.offence_raw = "Malicious \x93"
                    "comms\x94 \xc0\xaf end \xe2\x80";
    FOI_VEC_PUSH(a, res->records, r);
    char x1[512], csv[512];
    snprintf(x1, sizeof x1, "%s/bad.xlsx", tmpdir);
    snprintf(csv, sizeof csv, "%s/badcsv", tmpdir);
    const char *err = NULL;
    assert_int_equal(foi_xlsx_write(res, x1, &err), 0);
    res->records.v[0].file = "x/caf\xef\xbf\xbd.txt";
    res->records.v[0].offence_raw = "Malicious \xef\xbf\xbd"
                                    "comms\xef\xbf\xbd "
                                    "\xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd\xef\xbf\xbd";
    assert_int_equal(foi_csv_write_dir(res, csv), 0);
    if (have_openpyxl())
        assert_int_equal(run_checker(x1, csv, "--chart-kinds line=1,column=1,stacked=1"), 0);
    foi_arena_free(a);
}

static void test_errors(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = build(a);
    char path[512];
    const char *err = NULL;
    snprintf(path, sizeof path, "%s/no/such/dir/out.xlsx", tmpdir);
    assert_int_equal(foi_xlsx_write(res, path, &err), -1);
    assert_non_null(err);
    assert_int_equal(foi_xlsx_write(res, path, NULL), -1); /* err may be NULL */
    assert_int_not_equal(access(path, F_OK), 0);
    err = NULL;
    assert_int_equal(foi_xlsx_write(NULL, path, &err), -1);
    assert_non_null(err);
    err = NULL;
    assert_int_equal(foi_xlsx_write(res, "", &err), -1);
    assert_non_null(err);
    /* the target is a folder: the rename fails and the temporary file is removed */
    snprintf(path, sizeof path, "%s/adir", tmpdir);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/x", path);
    assert_int_equal(foi_csv_write_dir(res, sub), 0);
    err = NULL;
    assert_int_equal(foi_xlsx_write(res, path, &err), -1);
    assert_non_null(err);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_not_equal(access(tmp, F_OK), 0);
    foi_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_workbook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_workbook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_workbook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
