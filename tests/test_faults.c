/* Fault injection (SQLite's habit): fail the k-th allocation while a reply goes through
 * foi_process_bytes inside an arena trap, for every k up to the number of allocations the
 * reply needs.  Each run must either finish with the same result as a run without faults or
 * unwind through the trap; no crash, no leak (LeakSanitizer checks at exit), and the next
 * reply must be processed normally. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/process.h"
#include "util/str.h"
#include "tests/helpers.h"

static foi_arena *RA;
static foi_rules *R;

static int setup(void **state)
{
    (void)state;
    RA = foi_arena_new();
    foi_diag_vec errs = {0};
    R = foi_rules_load(RA, NULL, &errs);
    return R ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(RA);
    return 0;
}

/* A summary of everything a run produced, in a malloc'd string: runs compare equal when the
 * summaries do. */
static char *summary(const foi_file_result *r)
{
    foi_arena *a = foi_arena_new();
    assert_non_null(a);
    foi_buf b;
    foi_buf_init(&b, a);
    foi_buf_printf(&b, "%s|%s|%s|%s|%s|%s|%s\n", r->status, r->format, r->encoding,
                   r->meta.force_code, r->meta.reply_date, r->meta.reference, r->meta.refusal);
    for (size_t i = 0; i < r->records.n; i++) {
        const foi_record *x = &r->records.v[i];
        foi_buf_printf(&b, "R %s|%s|%s|%s|%s|%s|%s|%s|%s|%ld|%ld|%ld|%s\n", x->platform,
                       x->period_start, x->period_end, x->period, x->offence_code,
                       x->offence_subcode, x->offence_raw, x->outcome_code, x->value, x->count,
                       x->count_min, x->count_max, x->where);
    }
    for (size_t i = 0; i < r->diags.n; i++)
        foi_buf_printf(&b, "D %s|%s|%s\n", r->diags.v[i].where, r->diags.v[i].kind,
                       r->diags.v[i].detail);
    char *s = strdup(b.s);
    foi_arena_free(a);
    return s;
}

typedef struct outcome {
    int trapped; /* out of memory reached the trap */
    char *sum;   /* summary when it finished, else NULL */
    long allocs; /* allocations the run made */
} outcome;

/* One run with the k-th allocation failing (k = 0: no fault). */
static outcome run_once(const char *name, const unsigned char *bytes, size_t n, long k)
{
    outcome o = {0};
    foi_arena *a = foi_arena_new();
    assert_non_null(a);
    long before = foi_mem_count();
    foi_mem_fail_after(k);
    foi_file_result fr;
    if (FOI_ARENA_TRY(a)) {
        foi_process_bytes(R, a, name, bytes, n, &fr);
        foi_arena_untrap(a);
        foi_mem_fail_after(0);
        o.allocs = foi_mem_count() - before;
        o.sum = summary(&fr);
    } else {
        foi_arena_untrap(a);
        foi_mem_fail_after(0);
        o.trapped = 1;
    }
    if (o.trapped) o.allocs = foi_mem_count() - before;
    foi_arena_free(a);
    return o;
}

typedef struct fault_stats {
    long total, trapped, same, reported, differed;
} fault_stats;

static fault_stats sweep(const char *name, const unsigned char *bytes, size_t n)
{
    fault_stats st = {0};
    outcome base = run_once(name, bytes, n, 0);
    assert_non_null(base.sum);
    outcome again = run_once(name, bytes, n, 0);
    assert_int_equal(base.allocs, again.allocs);
    assert_string_equal(base.sum, again.sum);
    free(again.sum);
    long allocs = base.allocs;
    for (long k = 1; k <= allocs; k++) {
        outcome o = run_once(name, bytes, n, k);
        st.total++;
        if (o.trapped) {
            st.trapped++;
        } else if (!strcmp(o.sum, base.sum)) {
            st.same++;
        } else if (!strncmp(o.sum, "unreadable|", 11) && strstr(o.sum, "out of memory")) {
            st.reported++; /* a parser caught it and the file is reported as such */
        } else {
            /* an allocation failure absorbed silently that changed the result */
            st.differed++;
            fprintf(stderr,
                    "%s: fault at allocation %ld changed the result:\n--- want\n%s--- got\n%s",
                    name, k, base.sum, o.sum);
        }
        free(o.sum);
        /* the next reply is unharmed (checked now and then: each run costs) */
        if (k % 4 && k != allocs) continue;
        outcome next = run_once(name, bytes, n, 0);
        assert_false(next.trapped);
        assert_string_equal(next.sum, base.sum);
        free(next.sum);
    }
    free(base.sum);
    return st;
}

/* Real replies of every format from fixtures/replies (tests run from the repository root). */
static void every_fixture_format(void **state)
{
    (void)state;
    static const char *const files[] = {
        "fixtures/replies/kent/foi-2025-0412-tiktok-offences.html",
        "fixtures/replies/cleveland/foi-1204-24-tiktok-outcomes.html",
        "fixtures/replies/west-mercia/foi-1187-24-refusal.html",
        "fixtures/replies/northumbria/disclosure-1311-24.xml",
        "fixtures/replies/nottinghamshire/foi-005127-24.xml",
        "fixtures/replies/gloucestershire/response_1402-24.csv",
        "fixtures/replies/north-yorkshire/foi-0317-2024-25.txt",
        "fixtures/replies/inbox/foi-004512-24.txt",
        "fixtures/replies/hertfordshire/foi2024-61220.md",
    };
    long total = 0, differed = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t n = 0;
        unsigned char *b = slurp(files[i], &n);
        fault_stats st = sweep(files[i], b, n);
        fprintf(stderr, "%-60s %4ld faults: %ld trapped, %ld same, %ld differed\n", files[i],
                st.total, st.trapped, st.same, st.differed);
        assert_true(st.total > 0);
        total += st.total;
        differed += st.differed;
        free(b);
    }
    assert_true(total > 0);
    assert_int_equal(differed, 0);
}

/* Small replies in memory, including the paths a real folder rarely takes: empty, binary,
 * refused XML with a DTD, UTF-16, NUL bytes, prose only. */
static void inline_replies(void **state)
{
    (void)state;
    static const struct {
        const char *name, *bytes;
        size_t n; /* 0 = strlen */
    } t[] = {
        {"empty.txt", "", 0},
        {"junk.bin", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16},
        {"nul.txt", "Kent Police\nIn 2022, 4\0002 crimes were recorded.\n", 47},
        {"xxe.xml",
         "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
         "<r><Count>&x;</Count></r>",
         0},
        {"utf16.txt", "I\0n\0 \0002\0000\0002\0002\0,\0 \0004\0 \0c\0r\0i\0m\0e\0s\0.\0\n\0", 38},
        {"prose.eml",
         "From: foi@kent.police.uk\nSubject: FOI 2024/0123\nDate: 5 July 2024\n\n"
         "Kent Police received your request. In 2022, 42 crimes linked to TikTok were recorded"
         " and in 2023 (to July) fewer than 5. Of these, 3 resulted in a charge.\n",
         0},
        {"grid.html",
         "<html><body><h2>TikTok offences</h2><table><tr><th>Offence</th><th>2021</th>"
         "<th>2022</th><th>Total</th></tr><tr><td>Harassment</td><td>12</td><td>&lt;5</td>"
         "<td>15</td></tr><tr><td colspan=2>Stalking</td><td>*</td><td>4</td></tr></table>"
         "<p>* fewer than 5</p></body></html>",
         0},
        {"x.csv",
         "Force,Cumbria Constabulary\n\nYear,Offence,Outcome,Count\n2021,Stalking,"
         "Charge,3\n2022/23,Malicious communications,NFA,\"1,204\"\n",
         0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        size_t n = t[i].n ? t[i].n : strlen(t[i].bytes);
        fault_stats st = sweep(t[i].name, (const unsigned char *)t[i].bytes, n);
        fprintf(stderr, "%-20s %4ld faults: %ld trapped, %ld same, %ld differed\n", t[i].name,
                st.total, st.trapped, st.same, st.differed);
        assert_int_equal(st.differed, 0);
    }
}

/* Replies big enough that every stage needs several arena chunks, so faults land inside the
 * parsers (with libxml2's tree alive), the interpreter and validation. */
enum { ROWS = 250 };

static char *big_reply(int fmt)
{
    foi_arena *a = foi_arena_new();
    foi_buf b;
    foi_buf_init(&b, a);
    static const char *const off[] = {"Harassment", "Stalking", "Malicious communications",
                                      "Sexual communication with a child", "Other offences"};
    if (fmt == 0) {
        foi_buf_puts(&b, "<html><head><title>Kent Police FOI 2024/0123</title></head><body>"
                         "<p>Kent Police received your request about TikTok.</p><table><tr>"
                         "<th>Offence</th><th>2021</th><th>2022/23</th><th>Total</th></tr>");
        for (int i = 0; i < ROWS; i++)
            foi_buf_printf(&b, "<tr><td>%s %d</td><td>%d</td><td>%s</td><td>%d</td></tr>",
                           off[i % 5], i, i, i % 7 ? "3" : "&lt;5", i + 3);
        foi_buf_puts(&b, "</table><p>In 2022, 42 crimes were recorded.</p></body></html>");
    } else if (fmt == 1) {
        foi_buf_puts(&b, "<?xml version=\"1.0\"?><FOIResponse><Force>Kent Police</Force>"
                         "<Reference>FOI 2024/0123</Reference><Records>");
        for (int i = 0; i < ROWS; i++)
            foi_buf_printf(&b,
                           "<Record><Year>%d</Year><Offence>%s</Offence><Outcome>Charge"
                           "</Outcome><Count>%d</Count></Record>",
                           2019 + i % 5, off[i % 5], i);
        foi_buf_puts(&b, "</Records></FOIResponse>");
    } else if (fmt == 2) {
        foi_buf_puts(&b, "From: foi@kent.police.uk\nSubject: FOI 2024/0123 TikTok\n\n"
                         "Offence                         2021    2022\n");
        for (int i = 0; i < ROWS; i++)
            foi_buf_printf(&b, "%-24s %5d    %4d    %4d\n", off[i % 5], i, i % 9, i % 4);
        for (int i = 0; i < ROWS / 5; i++)
            foi_buf_printf(&b, "In %d, %d crimes of %s were recorded.\n", 2019 + i % 5, i,
                           off[i % 5]);
    } else {
        foi_buf_puts(&b, "Force,Kent Police\n\nYear,Offence,Outcome,Count\n");
        for (int i = 0; i < ROWS; i++)
            foi_buf_printf(&b, "%d/%02d,%s %d,Charge,%d\n", 2019 + i % 5, 20 + i % 5, off[i % 5], i,
                           i);
    }
    char *s = strdup(b.s);
    foi_arena_free(a);
    return s;
}

static void big_replies(void **state)
{
    (void)state;
    static const char *const names[] = {"big.html", "big.xml", "big.txt", "big.csv"};
    for (int f = 0; f < 4; f++) {
        char *s = big_reply(f);
        fault_stats st = sweep(names[f], (const unsigned char *)s, strlen(s));
        free(s);
        fprintf(stderr, "%-20s %4ld faults: %ld trapped, %ld reported, %ld same, %ld differed\n",
                names[f], st.total, st.trapped, st.reported, st.same, st.differed);
        assert_true(st.total > 4);
        assert_int_equal(st.differed, 0);
    }
}

/* A fault in foi_arena_new itself is a NULL, not a jump. */
static void arena_new_fails(void **state)
{
    (void)state;
    foi_mem_fail_after(1);
    foi_arena *a = foi_arena_new();
    foi_mem_fail_after(0);
    assert_null(a);
    a = foi_arena_new();
    assert_non_null(a);
    foi_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_new_fails),
        cmocka_unit_test(inline_replies),
        cmocka_unit_test(every_fixture_format),
        cmocka_unit_test(big_replies),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
