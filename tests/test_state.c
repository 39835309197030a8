/* pipeline/state: the result encoding (round trip, damaged blobs) and the SQLite store
 * (paths, results, facts, one transaction, pruning, damaged or foreign files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/state.h"

/* ---- encoding ---- */

static const foi_record RECS[] = {
    {.file = "kent/a.html",
     .force_code = "E23000032",
     .force = "Kent Police",
     .platform = "TikTok",
     .period_start = "2023-04-01",
     .period_end = "2024-03-31",
     .period = "2023/24",
     .offence_code = "8R",
     .offence_subcode = "",
     .offence = "Malicious communications",
     .offence_raw = "Mal comms",
     .outcome_code = "ALL",
     .outcome = "All outcomes",
     .outcome_raw = "",
     .value = "1,234",
     .exact = true,
     .count = 1234,
     .count_min = 1234,
     .count_max = 1234,
     .where = "table 2, row 4, col 3",
     .offence_rule = "alias",
     .outcome_rule = "implicit"},
    /* suppressed: count empty, bounds kept; unknown max */
    {.file = "kent/a.html",
     .force = "Kent Police",
     .period = "2024 to date",
     .period_start = "2024-01-01",
     .period_end = "",
     .offence_code = "",
     .value = "<5",
     .exact = false,
     .count = 0,
     .count_min = 1,
     .count_max = 4,
     .where = "line 37"},
    {.file = "kent/a.html",
     .value = "*",
     .exact = false,
     .count = 0,
     .count_min = 1,
     .count_max = -1,
     .where = "line 38"},
    /* NULL fields become "", text with tabs, newlines, quotes and UTF-8 survives */
    {.file = "kent/a.html",
     .offence_raw = "Stalking \u2013 \"fear\"\tof\nviolence",
     .value = "0",
     .exact = true,
     .where = "table 1, row 2, col 2"},
    /* a record whose file is not the reply's own path (kept as written) */
    {.file = "other.txt", .value = "-", .exact = true, .where = "line 1"},
};

static const foi_diag DIAGS[] = {
    {"table 1, row 3, col 2", "unmapped_offence", "\"Zorblax\" not mapped", "add an alias"},
    {"", "force_conflict", "the reply names Kent Police but its path (essex/a.html) names Essex",
     ""},
};

static void roundtrip(void **st)
{
    (void)st;
    foi_state_result r = {.rel = "kent/a.html",
                          .sha256 = "ab12",
                          .format = "html",
                          .encoding = "windows-1252",
                          .status = "data",
                          .force_code = "E23000032",
                          .force = "Kent Police",
                          .reply_date = "2024-05-01",
                          .reference = "FOI 2024/0123",
                          .refusal = "s40",
                          .records = RECS,
                          .nrecords = sizeof RECS / sizeof *RECS,
                          .diags = DIAGS,
                          .ndiags = sizeof DIAGS / sizeof *DIAGS};
    size_t n = 0;
    unsigned char *blob = foi_state_encode(&r, &n);
    assert_non_null(blob);
    foi_arena *a = foi_arena_new();
    foi_state_result d;
    assert_true(foi_state_decode(a, blob, n, &d));
    assert_string_equal(d.rel, "kent/a.html");
    assert_string_equal(d.encoding, "windows-1252");
    assert_string_equal(d.reference, "FOI 2024/0123");
    assert_string_equal(d.refusal, "s40");
    assert_int_equal(d.nrecords, r.nrecords);
    for (size_t i = 0; i < r.nrecords; i++) {
        const foi_record *x = &RECS[i], *y = &d.records[i];
#define SAME(f) assert_string_equal(y->f, x->f ? x->f : "")
        SAME(file);
        SAME(force_code);
        SAME(force);
        SAME(platform);
        SAME(period_start);
        SAME(period_end);
        SAME(period);
        SAME(offence_code);
        SAME(offence_subcode);
        SAME(offence);
        SAME(offence_raw);
        SAME(outcome_code);
        SAME(outcome);
        SAME(outcome_raw);
        SAME(value);
        SAME(where);
        SAME(offence_rule);
        SAME(outcome_rule);
#undef SAME
        assert_int_equal(y->exact, x->exact);
        assert_int_equal(y->count, x->count);
        assert_int_equal(y->count_min, x->count_min);
        assert_int_equal(y->count_max, x->count_max);
    }
    assert_int_equal(d.ndiags, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(d.diags[i].where, DIAGS[i].where);
        assert_string_equal(d.diags[i].kind, DIAGS[i].kind);
        assert_string_equal(d.diags[i].detail, DIAGS[i].detail);
        assert_string_equal(d.diags[i].suggestion, DIAGS[i].suggestion);
    }

    /* every truncation and a trailing byte are damage, never a crash or a short result */
    for (size_t k = 0; k < n; k++)
        assert_false(foi_state_decode(a, blob, k, &d));
    unsigned char *longer = malloc(n + 1);
    memcpy(longer, blob, n);
    longer[n] = 'x';
    assert_false(foi_state_decode(a, longer, n + 1, &d));
    free(longer);
    foi_mem_free(blob);
    foi_arena_free(a);
}

static void empty_result(void **st)
{
    (void)st;
    foi_state_result r = {.rel = "x.txt", .status = "unreadable"}; /* NULL strings, no rows */
    size_t n;
    unsigned char *blob = foi_state_encode(&r, &n);
    assert_non_null(blob);
    foi_arena *a = foi_arena_new();
    foi_state_result d;
    assert_true(foi_state_decode(a, blob, n, &d));
    assert_string_equal(d.sha256, "");
    assert_string_equal(d.status, "unreadable");
    assert_int_equal(d.nrecords, 0);
    assert_int_equal(d.ndiags, 0);
    foi_mem_free(blob);
    foi_arena_free(a);
}

/* hand-made blobs: fields separated by NULs */
#define HEAD "FOIR1\0r\0s\0f\0e\0st\0fc\0f\0d\0ref\0rf\0"
/* a literal's size counts its final NUL, which the encoding has too */
#define BLOB(what, lit)                                                                            \
    {                                                                                              \
        what, lit, sizeof(lit)                                                                     \
    }
static const struct {
    const char *what;
    const char *bytes;
    size_t n;
} BAD[] = {
    BLOB("wrong magic", "FOIR9\0r\0s\0f\0e\0st\0fc\0f\0d\0ref\0rf\0"
                        "0\0"
                        "0"),
    BLOB("counts not numbers", HEAD "x\0"
                                    "y"),
    BLOB("negative count", HEAD "-1\0"
                                "0"),
    BLOB("count beyond the blob", HEAD "99999999\0"
                                       "0"),
    BLOB("huge count", HEAD "9223372036854775807\0"
                            "0"),
    BLOB("overflowing count", HEAD "99999999999999999999999\0"
                                   "0"),
    BLOB("a field missing", HEAD "0"),
    BLOB("fewer records than counted", HEAD "1\0"
                                            "0\0"
                                            "a\0b"),
    BLOB("fewer items than counted", HEAD "0\0"
                                          "1\0"
                                          "w\0k\0d"),
    BLOB("record count not a number", HEAD "1x\0"
                                           "0"),
    {"no NUL at the end",
     HEAD "0\0"
          "0",
     sizeof(HEAD "0\0"
                 "0") -
         1},
    {"empty", "", 0},
};

static void damaged_blobs(void **st)
{
    (void)st;
    foi_arena *a = foi_arena_new();
    foi_state_result d;
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        if (foi_state_decode(a, BAD[i].bytes, BAD[i].n, &d)) fail_msg("accepted: %s", BAD[i].what);
    }
    assert_false(foi_state_decode(a, NULL, 0, &d));
    /* the well-formed version of the same hand-made blob is accepted */
    assert_true(foi_state_decode(a,
                                 HEAD "0\0"
                                      "0",
                                 sizeof(HEAD "0\0"
                                             "0"),
                                 &d));
    assert_string_equal(d.reference, "ref");
    foi_arena_free(a);
}

static void encode_out_of_memory(void **st)
{
    (void)st;
    foi_state_result r = {.rel = "a", .records = RECS, .nrecords = 5};
    foi_mem_fail_after(1);
    size_t n;
    assert_null(foi_state_encode(&r, &n));
    foi_mem_fail_after(0);
}

/* ---- the store ---- */

static char *tmp_path(const char *name)
{
    static char buf[4][256];
    static int k;
    char *p = buf[k++ % 4];
    snprintf(p, 256, "%s/foitab-test-state-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    return p;
}

static void rm_db(const char *p)
{
    char j[300];
    snprintf(j, sizeof j, "%s-journal", p);
    unlink(p);
    unlink(j);
}

static void store_round_trip(void **st)
{
    (void)st;
    const char *p = tmp_path("rt.db");
    rm_db(p);
    foi_arena *a = foi_arena_new();
    const char *err = NULL;
    foi_state *s = foi_state_open(p, a, &err);
    assert_non_null(s);
    size_t n = 99;
    assert_null(foi_state_get(s, a, "digest"));
    assert_null(foi_state_files(s, a, &n));
    assert_int_equal(n, 0);

    assert_int_equal(foi_state_begin(s, false), 0);
    foi_state_file f1 = {"in/b.html", 120, 1700000000123456789LL, "h1", "ext=html;force=Kent"};
    foi_state_file f2 = {"in/a.txt", 0, -1, "h2", "ext=txt;force="};
    foi_state_file f3 = {"in/c.html", 120, 5, "h1", "ext=html;force=Kent"}; /* same content */
    assert_int_equal(foi_state_put_file(s, &f1), 0);
    assert_int_equal(foi_state_put_file(s, &f2), 0);
    assert_int_equal(foi_state_put_file(s, &f3), 0);
    assert_int_equal(foi_state_put_content(s, "h1", "ext=html;force=Kent", "B1\0x", 4), 0);
    assert_int_equal(foi_state_put_content(s, "h2", "ext=txt;force=", "", 0), 0);
    assert_int_equal(foi_state_put_content(s, "h3", "gone", "old", 3), 0); /* no file */
    assert_int_equal(foi_state_set(s, "digest", "d1"), 0);
    assert_int_equal(foi_state_set(s, "digest", "d2"), 0); /* replaced */
    assert_int_equal(foi_state_commit(s), 0);
    foi_state_close(s);

    s = foi_state_open(p, a, &err);
    assert_non_null(s);
    assert_string_equal(foi_state_get(s, a, "digest"), "d2");
    foi_state_file *fs = foi_state_files(s, a, &n);
    assert_int_equal(n, 3);
    assert_string_equal(fs[0].path, "in/a.txt"); /* path order */
    assert_int_equal(fs[0].mtime_ns, -1);
    assert_string_equal(fs[1].path, "in/b.html");
    assert_int_equal(fs[1].size, 120);
    assert_true(fs[1].mtime_ns == 1700000000123456789LL);
    assert_string_equal(fs[1].key, "ext=html;force=Kent");
    const char **hs, **ks;
    size_t nk = foi_state_keys(s, a, &hs, &ks);
    assert_int_equal(nk, 2); /* the result no path refers to was dropped */
    size_t bn;
    unsigned char *b = foi_state_load(s, "h1", "ext=html;force=Kent", &bn);
    assert_non_null(b);
    assert_int_equal(bn, 4);
    assert_memory_equal(b, "B1\0x", 4);
    foi_mem_free(b);
    b = foi_state_load(s, "h2", "ext=txt;force=", &bn);
    assert_non_null(b); /* an empty result is still a result */
    assert_int_equal(bn, 0);
    foi_mem_free(b);
    assert_null(foi_state_load(s, "h3", "gone", &bn));
    assert_null(foi_state_load(s, "h1", "ext=txt;force=", &bn)); /* key is part of identity */

    /* a run that sees only a.txt: the rest is forgotten */
    assert_int_equal(foi_state_begin(s, false), 0);
    assert_int_equal(foi_state_put_file(s, &f2), 0);
    assert_int_equal(foi_state_commit(s), 0);
    fs = foi_state_files(s, a, &n);
    assert_int_equal(n, 1);
    assert_int_equal(foi_state_keys(s, a, &hs, &ks), 1);
    assert_string_equal(hs[0], "h2");

    /* clear_contents forgets every result even if a path still names it */
    assert_int_equal(foi_state_begin(s, true), 0);
    assert_int_equal(foi_state_put_file(s, &f2), 0);
    assert_int_equal(foi_state_commit(s), 0);
    assert_int_equal(foi_state_keys(s, a, &hs, &ks), 0);
    foi_state_close(s);
    rm_db(p);
    foi_arena_free(a);
}

/* a killed or failed run leaves the previous state */
static void rollback_keeps_previous(void **st)
{
    (void)st;
    const char *p = tmp_path("rb.db");
    rm_db(p);
    foi_arena *a = foi_arena_new();
    const char *err;
    foi_state *s = foi_state_open(p, a, &err);
    assert_non_null(s);
    foi_state_file f = {"in/a.txt", 1, 2, "h", "k"};
    assert_int_equal(foi_state_begin(s, false), 0);
    assert_int_equal(foi_state_put_file(s, &f), 0);
    assert_int_equal(foi_state_put_content(s, "h", "k", "r", 1), 0);
    assert_int_equal(foi_state_set(s, "rc", "1"), 0);
    assert_int_equal(foi_state_commit(s), 0);

    assert_int_equal(foi_state_begin(s, true), 0);
    assert_int_equal(foi_state_set(s, "rc", "0"), 0);
    foi_state_rollback(s);
    size_t n;
    foi_state_files(s, a, &n);
    assert_int_equal(n, 1);
    assert_string_equal(foi_state_get(s, a, "rc"), "1");

    /* closing in the middle of a transaction (as a kill would) also keeps it */
    assert_int_equal(foi_state_begin(s, true), 0);
    assert_int_equal(foi_state_set(s, "rc", "0"), 0);
    foi_state_close(s);
    s = foi_state_open(p, a, &err);
    assert_non_null(s);
    assert_string_equal(foi_state_get(s, a, "rc"), "1");
    size_t bn;
    unsigned char *b = foi_state_load(s, "h", "k", &bn);
    assert_non_null(b);
    foi_mem_free(b);
    foi_state_close(s);
    rm_db(p);
    foi_arena_free(a);
}

static void write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* not a store, another program's database, a store of another schema: replaced */
static void foreign_files_replaced(void **st)
{
    (void)st;
    foi_arena *a = foi_arena_new();
    const char *err;
    const char *p = tmp_path("junk.db");
    static const char *const junk[] = {"this is not a database at all, just text\n",
                                       "SQLite format 3\0garbage", ""};
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        rm_db(p);
        write_file(p, junk[i]);
        foi_state *s = foi_state_open(p, a, &err);
        assert_non_null(s);
        size_t n;
        foi_state_files(s, a, &n);
        assert_int_equal(n, 0);
        assert_null(foi_state_get(s, a, "digest"));
        foi_state_close(s);
    }

    /* a real SQLite database with other tables: the store starts afresh beside them */
    rm_db(p);
    foi_state *s = foi_state_open(p, a, &err);
    assert_non_null(s);
    assert_int_equal(foi_state_begin(s, false), 0);
    assert_int_equal(foi_state_set(s, "schema", "foitab-state-0"), 0); /* an older layout */
    assert_int_equal(foi_state_set(s, "digest", "old"), 0);
    assert_int_equal(foi_state_commit(s), 0);
    foi_state_close(s);
    s = foi_state_open(p, a, &err);
    assert_non_null(s);
    assert_null(foi_state_get(s, a, "digest"));
    foi_state_close(s);
    rm_db(p);
    foi_arena_free(a);
}

static void unopenable(void **st)
{
    (void)st;
    foi_arena *a = foi_arena_new();
    const char *err = NULL;
    assert_null(foi_state_open("/nonexistent-dir-foitab/x/state.db", a, &err));
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    foi_state_close(NULL); /* harmless */
    foi_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roundtrip),
        cmocka_unit_test(empty_result),
        cmocka_unit_test(damaged_blobs),
        cmocka_unit_test(encode_out_of_memory),
        cmocka_unit_test(store_round_trip),
        cmocka_unit_test(rollback_keeps_previous),
        cmocka_unit_test(foreign_files_replaced),
        cmocka_unit_test(unopenable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
