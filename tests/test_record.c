/* normalize/record: raw figure -> record, and per-reply validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "normalize/record.h"

static foi_arena *A;
static foi_rules *R;
static foi_meta M;

static int setup(void **state)
{
    (void)state;
    A = foi_arena_new();
    foi_diag_vec errs = {0};
    R = foi_rules_load(A, NULL, &errs);
    M = (foi_meta){.force_code = "E23000032",
                   .force = "Kent Police",
                   .reply_date = "2024-06-30",
                   .reference = "FOI 1",
                   .platform = "TikTok",
                   .refusal = ""};
    M.suppress.threshold = 5;
    return R ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(A);
    return 0;
}

static bool make(const char *period, const char *offence, const char *outcome, const char *value,
                 foi_record *out, foi_diag_vec *diags)
{
    foi_raw raw = {.period = (char *)period,
                   .offence = (char *)offence,
                   .outcome = (char *)outcome,
                   .value = (char *)value,
                   .where = "line 1"};
    return foi_record_make(R, A, &M, "kent/r.txt", &raw, out, diags);
}

static void exact_and_suppressed_values(void **state)
{
    (void)state;
    foi_diag_vec d = {0};
    foi_record r;
    assert_true(make("2021/22", "8R - Malicious Communications", NULL, "1,234", &r, &d));
    assert_string_equal(r.period_start, "2021-04-01");
    assert_string_equal(r.period_end, "2022-03-31");
    assert_string_equal(r.offence_code, "8R");
    assert_string_equal(r.outcome_code, "ALL");
    assert_string_equal(r.platform, "TikTok");
    assert_true(r.exact);
    assert_int_equal(r.count, 1234);
    assert_int_equal(r.count_min, 1234);
    assert_true(make("2021", NULL, "Outcome 15", "<5", &r, &d));
    assert_false(r.exact);
    assert_int_equal(r.count_min, 1);
    assert_int_equal(r.count_max, 4);
    assert_string_equal(r.offence_code, "ALL");
    assert_string_equal(r.outcome_code, "15");
    assert_true(make("2024 to date", NULL, NULL, "-", &r, &d));
    assert_string_equal(r.period_end, "2024-06-30");
    assert_int_equal(r.count, 0);
    assert_int_equal(d.n, 0);
}

static void no_record_cases(void **state)
{
    (void)state;
    foi_diag_vec d = {0};
    foi_record r;
    assert_false(make("2021", "Stalking", NULL, "n/a", &r, &d));
    assert_false(make("2021", "Stalking", NULL, "", &r, &d));
    assert_int_equal(d.n, 0);
    assert_false(make("sometime", "Stalking", NULL, "3", &r, &d));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].kind, "ambiguous_period");
}

static void unmapped_wording_goes_to_review(void **state)
{
    (void)state;
    foi_diag_vec d = {0};
    foi_record r;
    assert_true(make("2021", "Zorblax frobnication", NULL, "3", &r, &d));
    assert_string_equal(r.offence_code, "");
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].kind, "unmapped_offence");
}

static void duplicates_merge_and_conflicts_are_flagged(void **state)
{
    (void)state;
    foi_diag_vec d = {0};
    foi_record_vec v = {0};
    foi_record r;
    assert_true(make("2021", NULL, NULL, "39", &r, &d));
    r.where = "table 1, row 6, col 2";
    FOI_VEC_PUSH(A, v, r);
    assert_true(make("2021", "Stalking", NULL, "4", &r, &d));
    FOI_VEC_PUSH(A, v, r);
    assert_true(make("2021", NULL, NULL, "39", &r, &d)); /* same total again: merged */
    r.where = "table 2, row 9, col 2";
    FOI_VEC_PUSH(A, v, r);
    assert_true(make("2021", NULL, NULL, "40", &r, &d)); /* a different value: both kept */
    r.where = "line 40";
    FOI_VEC_PUSH(A, v, r);
    foi_records_validate(A, &v, &d);
    assert_int_equal(v.n, 3);
    assert_string_equal(v.v[0].where, "table 1, row 6, col 2");
    assert_string_equal(v.v[2].where, "line 40");
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].kind, "conflicting_values");
    assert_non_null(strstr(d.v[0].detail, "table 1, row 6, col 2"));
    assert_non_null(strstr(d.v[0].detail, "line 40"));
}

static void extraction_date_closes_open_periods(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } t[] = {
        {"A search was made. Data was extracted on 14/08/2023.", "2023-08-14"},
        {"Figures correct as at 1 May 2024; they may change.", "2024-05-01"},
        {"Date of extraction: 2024-12-30\nNext line", "2024-12-30"},
        {"The data were extracted from Niche.", NULL},
        {"No dates here at all.", NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *got = foi_extraction_date(A, t[i].text);
        if (t[i].want)
            assert_string_equal(got, t[i].want);
        else
            assert_null(got);
    }
    foi_diag_vec d = {0};
    foi_record r;
    /* no reply date: the extraction date fixes a period that names its end month ... */
    M.reply_date = "";
    M.period_close = "";
    M.extracted = "2023-08-14";
    assert_true(make("Apr 2023 - Aug 2023 (to date)", NULL, NULL, "11", &r, &d));
    assert_string_equal(r.period_end, "2023-08-14");
    /* ... but not one that does not ("2023 to date" stays open, DESIGN.md) */
    assert_true(make("2023 (to date)", NULL, NULL, "11", &r, &d));
    assert_string_equal(r.period_end, "");
    M.reply_date = "2024-06-30";
    M.period_close = NULL;
    M.extracted = NULL;
}

static void push(foi_record_vec *v, const char *period, const char *offence, const char *value,
                 int grid)
{
    foi_diag_vec d = {0};
    foi_record r;
    assert_true(make(period, offence, NULL, value, &r, &d));
    r.grid = grid;
    r.where = foi_sprintf(A, "table %d, %s, %s", grid, offence ? offence : "Total", value);
    FOI_VEC_PUSH(A, *v, r);
}

static void totals_are_checked_against_parts(void **state)
{
    (void)state;
    foi_diag_vec d = {0};
    foi_record_vec v = {0};
    push(&v, "2021", "Stalking", "3", 1);
    push(&v, "2021", "Harassment", "4", 1);
    push(&v, "2021", NULL, "10", 1); /* 3 + 4 is not 10 */
    push(&v, "2022", "Stalking", "<5", 1);
    push(&v, "2022", "Harassment", "4", 1);
    push(&v, "2022", NULL, "6", 1); /* 1..4 + 4 = 5..8: fine */
    push(&v, "2023", "Stalking", "<5", 1);
    push(&v, "2023", "Harassment", "4", 1);
    push(&v, "2023", NULL, "20", 1); /* above 8 */
    foi_records_validate(A, &v, &d);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0].kind, "total_mismatch");
    assert_non_null(strstr(d.v[0].detail, "add up to 7"));
    assert_string_equal(d.v[1].kind, "total_mismatch");
    assert_non_null(strstr(d.v[1].detail, "5-8"));
}

static void overlapping_periods_in_one_table(void **state)
{
    (void)state;
    foi_diag_vec d = {0};
    foi_record_vec v = {0};
    push(&v, "2021", "Stalking", "3", 2);
    push(&v, "2021/22", "Stalking", "4", 2);
    push(&v, "2020", "Stalking", "4", 3); /* another table: no finding */
    foi_records_validate(A, &v, &d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0].kind, "overlapping_periods");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_and_suppressed_values),
        cmocka_unit_test(no_record_cases),
        cmocka_unit_test(unmapped_wording_goes_to_review),
        cmocka_unit_test(duplicates_merge_and_conflicts_are_flagged),
        cmocka_unit_test(extraction_date_closes_open_periods),
        cmocka_unit_test(totals_are_checked_against_parts),
        cmocka_unit_test(overlapping_periods_in_one_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
