/* parsers/grid: the shared interpreter, on grids built by hand (no parser involved). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "normalize/rules.h"
#include "parsers/grid.h"
#include "util/str.h"

static foi_arena *A;
static foi_rules *R;

static int setup(void **state)
{
    (void)state;
    A = foi_arena_new();
    foi_diag_vec errs = {0};
    R = foi_rules_load(A, NULL, &errs);
    return R ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(A);
    return 0;
}

/* Rows given as strings with cells separated by '|'; row 0 cells are headers when head. */
static foi_doc *doc_of(const char *const *rows, int nrows, bool head, const char *context)
{
    foi_doc *d = foi_doc_new(A);
    int ncols = 1;
    for (const char *p = rows[0]; *p; p++)
        ncols += *p == '|';
    foi_grid *g = foi_doc_add_grid(d, nrows, ncols);
    g->context = context ? foi_strdup(A, context) : NULL;
    for (int r = 0; r < nrows; r++) {
        char *copy = foi_strdup(A, rows[r]), *save = NULL;
        int c = 0;
        for (char *t = strtok_r(copy, "|", &save); t && c < ncols; t = strtok_r(NULL, "|", &save))
            foi_grid_at(g, r, c++)->text = foi_clean(A, strcmp(t, "_") ? t : "");
        for (c = 0; c < ncols; c++)
            foi_grid_at(g, r, c)->header = head && r == 0;
    }
    return d;
}

typedef struct {
    foi_raw_vec out;
    foi_diag_vec diags;
} result;

static result run_dated(foi_doc *d, const char *reply_date)
{
    result res = {0};
    foi_suppress sup = {0};
    foi_grid_ctx ctx = {.rules = R,
                        .suppress = &sup,
                        .reply_date = reply_date,
                        .out = &res.out,
                        .diags = &res.diags};
    foi_grid_interpret(A, d, &ctx);
    return res;
}

static result run(foi_doc *d)
{
    return run_dated(d, "2024-06-30");
}

/* "period|offence|outcome|value|where" with "-" for NULL and "TOTAL" for a period span */
static char *describe(const foi_raw *r)
{
    const char *period = r->flags & FOI_RAW_PERIOD_SPAN
                             ? foi_sprintf(A, "%s..%s", r->period_start, r->period_end)
                             : r->period;
    return foi_sprintf(A, "%s|%s|%s|%s|%s", period ? period : "-",
                       r->offence_total ? "ALL"
                       : r->offence     ? r->offence
                                        : "-",
                       r->outcome_total ? "ALL"
                       : r->outcome     ? r->outcome
                                        : "-",
                       r->value, r->where);
}

static void expect(result *res, const char *const *want, size_t n)
{
    if (res->out.n != n) {
        for (size_t i = 0; i < res->out.n; i++)
            print_message("got %s\n", describe(&res->out.v[i]));
        fail_msg("got %zu records, want %zu", res->out.n, n);
    }
    for (size_t i = 0; i < n; i++)
        assert_string_equal(describe(&res->out.v[i]), want[i]);
}

static void offences_by_year_with_totals(void **state)
{
    (void)state;
    const char *rows[] = {"Offence type|2021|2022|Total", "Malicious Communications|3|4|7",
                          "Stalking|_|2|2", "Total|3|6|9"};
    result res = run(doc_of(rows, 4, true, NULL));
    const char *want[] = {
        "2021|Malicious Communications|-|3|table 1, row 2, col 2",
        "2022|Malicious Communications|-|4|table 1, row 2, col 3",
        "2021-01-01..2022-12-31|Malicious Communications|-|7|table 1, row 2, col 4",
        "2022|Stalking|-|2|table 1, row 3, col 3",
        "2021-01-01..2022-12-31|Stalking|-|2|table 1, row 3, col 4",
        "2021|ALL|-|3|table 1, row 4, col 2",
        "2022|ALL|-|6|table 1, row 4, col 3",
        "2021-01-01..2022-12-31|ALL|-|9|table 1, row 4, col 4",
    };
    expect(&res, want, 8);
}

static void periods_as_rows(void **state)
{
    (void)state;
    const char *rows[] = {"Year|Crimes", "2021/22|19", "2022/23|34", "Total|53"};
    result res = run(doc_of(rows, 4, true, NULL));
    const char *want[] = {"2021/22|-|-|19|table 1, row 2, col 2",
                          "2022/23|-|-|34|table 1, row 3, col 2",
                          "2021-04-01..2023-03-31|-|-|53|table 1, row 4, col 2"};
    expect(&res, want, 3);
}

static void outcome_table_for_a_period_in_context(void **state)
{
    (void)state;
    const char *rows[] = {"Outcome|Count", "Charged/summonsed|5", "Outcome 15|<5", "Total|12"};
    result res = run(doc_of(rows, 4, true, "1b) What were the outcomes for 2023/24 only?"));
    const char *want[] = {"for 2023/24|-|Charged/summonsed|5|table 1, row 2, col 2",
                          "for 2023/24|-|Outcome 15|<5|table 1, row 3, col 2",
                          "for 2023/24|-|ALL|12|table 1, row 4, col 2"};
    expect(&res, want, 3);
}

static void offence_by_outcome_cross_table(void **state)
{
    (void)state;
    const char *rows[] = {"Offence|Charged/summonsed|Outcome 16|Total", "Stalking|1|2|3",
                          "Harassment|0|4|4"};
    result res = run(doc_of(rows, 3, true, "Table 3 - 2022"));
    const char *want[] = {"2022|Stalking|Charged/summonsed|1|table 1, row 2, col 2",
                          "2022|Stalking|Outcome 16|2|table 1, row 2, col 3",
                          "2022|Stalking|ALL|3|table 1, row 2, col 4",
                          "2022|Harassment|Charged/summonsed|0|table 1, row 3, col 2",
                          "2022|Harassment|Outcome 16|4|table 1, row 3, col 3",
                          "2022|Harassment|ALL|4|table 1, row 3, col 4"};
    expect(&res, want, 6);
}

static void long_format_rows(void **state)
{
    (void)state;
    const char *rows[] = {"Period|offenceCode|offenceDescription|Outcome|Count",
                          "2021|105A|Common assault|Outcome 8|2",
                          "2022|86|Obscene publications|Pending|*"};
    result res = run(doc_of(rows, 3, true, NULL));
    const char *want[] = {"2021|105A - Common assault|Outcome 8|2|table 1, row 2, col 5",
                          "2022|86 - Obscene publications|Pending|*|table 1, row 3, col 5"};
    expect(&res, want, 2);
}

static void section_rows_carry_the_period(void **state)
{
    (void)state;
    const char *rows[] = {"Offence|Count", "2021|_", "Stalking|2", "2022|_", "Stalking|5"};
    result res = run(doc_of(rows, 5, true, NULL));
    const char *want[] = {"2021|Stalking|-|2|table 1, row 3, col 2",
                          "2022|Stalking|-|5|table 1, row 5, col 2"};
    expect(&res, want, 2);
}

static void unsupported_breakdown_keeps_only_the_total(void **state)
{
    (void)state;
    const char *rows[] = {"Gender|2023", "Male|4", "Female|6", "Total|10"};
    result res = run(doc_of(rows, 4, true, NULL));
    const char *want[] = {"2023|ALL|-|10|table 1, row 4, col 2"};
    expect(&res, want, 1);
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0].kind, "unsupported_breakdown");
}

static void no_period_anywhere_goes_to_review(void **state)
{
    (void)state;
    const char *rows[] = {"Offence|Count", "Stalking|2", "Harassment|3"};
    result res = run(doc_of(rows, 3, true, "The figures are below."));
    assert_int_equal(res.out.n, 0);
    assert_int_equal(res.diags.n, 1);
    assert_string_equal(res.diags.v[0].kind, "ambiguous_period");
}

static void single_period_column_table(void **state)
{
    (void)state;
    const char *rows[] = {"2022/2023", "31"};
    result res = run(doc_of(rows, 2, false, NULL));
    const char *want[] = {"2022/2023|-|-|31|table 1, row 2, col 1"};
    expect(&res, want, 1);
}

static void platform_from_a_short_heading(void **state)
{
    (void)state;
    const char *rows[] = {"Offence|2022", "Stalking|2"};
    result res = run(doc_of(rows, 2, true, "Snapchat"));
    assert_int_equal(res.out.n, 1);
    assert_string_equal(res.out.v[0].platform, "Snapchat");
    /* a long sentence naming platforms in passing does not set one */
    res = run(doc_of(rows, 2, true,
                     "We searched crime summaries for mentions of Snapchat and "
                     "other platforms, and the figures for 2022 are below."));
    assert_int_equal(res.out.n, 1);
    assert_null(res.out.v[0].platform);
    /* a sentence that introduces the table names its platform, colon or not */
    res = run(doc_of(rows, 2, true,
                     "The table below shows the equivalent figures for Facebook/Messenger."));
    assert_int_equal(res.out.n, 1);
    assert_string_equal(res.out.v[0].platform, "Facebook");
}

static void rate_and_share_columns_are_not_counts(void **state)
{
    (void)state;
    const char *rows[] = {"Offence|2022|% of total|Change", "Stalking|2|40|+1",
                          "Harassment|3|60|-2"};
    result res = run(doc_of(rows, 3, true, NULL));
    const char *want[] = {"2022|Stalking|-|2|table 1, row 2, col 2",
                          "2022|Harassment|-|3|table 1, row 3, col 2"};
    expect(&res, want, 2);
}

static void residual_offence_column(void **state)
{
    (void)state;
    const char *rows[] = {"Calendar year|Stalking|All other offences", "2021|3|14"};
    result res = run(doc_of(rows, 2, true, NULL));
    const char *want[] = {"2021|Stalking|-|3|table 1, row 2, col 2",
                          "2021|All other offences|-|14|table 1, row 2, col 3"};
    expect(&res, want, 2);
}

/* An outcome in the corner titles the whole table; a bare number under "HO code" is the code. */
static void corner_outcome_and_numeric_codes(void **state)
{
    (void)state;
    const char *rows[] = {"Charges*|Year|_", "Home Office Code|2021|2022", "49|_|1", "8L|2|_",
                          "Total|2|1"};
    result res = run(doc_of(rows, 5, true, NULL));
    const char *want[] = {"2022|HO code 49|Charges*|1|table 1, row 3, col 3",
                          "2021|8L|Charges*|2|table 1, row 4, col 2",
                          "2021|ALL|Charges*|2|table 1, row 5, col 2",
                          "2022|ALL|Charges*|1|table 1, row 5, col 3"};
    expect(&res, want, 4);
}

/* A measure or dimension name in the corner is no outcome. */
static void corner_names_are_not_outcomes(void **state)
{
    (void)state;
    const char *cases[][4] = {
        {"Crimes|Year|_", "Home Office Code|2021|2022", "8L|2|1",
         "2021|8L|-|2|table 1, row 3, col 2"},
        {"Outcome|Year|_", "Home Office Code|2021|2022", "8L|2|1",
         "2021|8L|-|2|table 1, row 3, col 2"},
        {"Offence|Year|_", "Crime type|2021|2022", "Stalking|2|1",
         "2021|Stalking|-|2|table 1, row 3, col 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        result res = run(doc_of(cases[i], 3, true, NULL));
        assert_true(res.out.n == 2);
        assert_string_equal(describe(&res.out.v[0]), cases[i][3]);
    }
}

/* A blank first cell on every row (with or without a header row) is no data column. */
static void empty_lead_column(void **state)
{
    (void)state;
    const char *rows[] = {"_|Period|Count", "_|2021|4", "_|2022|19", "_|Grand total|23"};
    result res = run(doc_of(rows, 4, true, NULL));
    const char *want[] = {"2021|-|-|4|table 1, row 2, col 3", "2022|-|-|19|table 1, row 3, col 3",
                          "2021-01-01..2022-12-31|-|-|23|table 1, row 4, col 3"};
    expect(&res, want, 3);
    const char *bare[] = {"_|2021|6", "_|2022|8", "_|Grand total|14"};
    result res2 = run(doc_of(bare, 3, false, NULL));
    const char *want2[] = {"2021|-|-|6|table 1, row 1, col 3", "2022|-|-|8|table 1, row 2, col 3",
                           "2021-01-01..2022-12-31|-|-|14|table 1, row 3, col 3"};
    expect(&res2, want2, 3);
    assert_string_equal(res2.out.v[2].period, "Grand total");
}

/* Several tables in one document, each "rows separated by ';'", with a heading before it. */
static foi_doc *doc_of_tables(const char *const (*tables)[2], int n)
{
    foi_doc *d = foi_doc_new(A);
    for (int t = 0; t < n; t++) {
        char *copy = foi_strdup(A, tables[t][1]), *save = NULL;
        const char *rows[16];
        int nrows = 0;
        for (char *r = strtok_r(copy, ";", &save); r && nrows < 16; r = strtok_r(NULL, ";", &save))
            rows[nrows++] = r;
        int ncols = 1;
        for (const char *p = rows[0]; *p; p++)
            ncols += *p == '|';
        foi_grid *g = foi_doc_add_grid(d, nrows, ncols);
        g->context = *tables[t][0] ? foi_strdup(A, tables[t][0]) : NULL;
        for (int r = 0; r < nrows; r++) {
            char *cells = foi_strdup(A, rows[r]), *s2 = NULL;
            int c = 0;
            for (char *x = strtok_r(cells, "|", &s2); x && c < ncols; x = strtok_r(NULL, "|", &s2))
                foi_grid_at(g, r, c++)->text = foi_clean(A, strcmp(x, "_") ? x : "");
            for (c = 0; c < ncols; c++) {
                if (!foi_grid_at(g, r, c)->text) foi_grid_at(g, r, c)->text = "";
                foi_grid_at(g, r, c)->header = r == 0;
            }
        }
    }
    return d;
}

/* The records of the Total column (period spans) and the ambiguous_period diagnostics. */
static char *spans_of(result *res)
{
    foi_buf b;
    foi_buf_init(&b, A);
    for (size_t i = 0; i < res->out.n; i++)
        if (res->out.v[i].flags & FOI_RAW_PERIOD_SPAN)
            foi_buf_printf(&b, "%s%s..%s=%s", b.len ? " " : "", res->out.v[i].period_start,
                           res->out.v[i].period_end, res->out.v[i].value);
    int review = 0;
    for (size_t i = 0; i < res->diags.n; i++)
        review += !strcmp(res->diags.v[i].kind, "ambiguous_period");
    foi_buf_printf(&b, "%sreview %d", b.len ? " " : "", review);
    return b.s;
}

/* A wide table split into parts: a Total column in a later part spans every part when the
 * reply says so or the rows repeat and the periods carry on; otherwise it goes to Review. */
static void split_tables_total_spans_all_parts(void **state)
{
    (void)state;
    static const char *const p1 = "Outcome|2019|2020;Charge|0|_;Caution|2|1";
    static const char *const p1_fy = "Outcome|2019/20|2020/21;Charge|0|_;Caution|2|1";
    struct {
        const char *h1, *t1, *h2, *t2, *want;
    } cases[] = {
        /* headings say part 1 / part 2; the Total is the sum of both parts */
        {"Table 2 (part 1 of 2)", p1, "Table 2 (part 2 of 2)",
         "Outcome|2021|2022|Total;Charge|3|4|7;Caution|_|1|4",
         "2019-01-01..2022-12-31=7 2019-01-01..2022-12-31=4 review 0"},
        {"Outcomes by year", p1, "Outcomes by year (continued)",
         "Outcome|2021|2022|Grand Total;Charge|3|4|7;Caution|0|0|3",
         "2019-01-01..2022-12-31=7 2019-01-01..2022-12-31=3 review 0"},
        {"Table 2a", p1, "Table 2b", "Outcome|2021|2022|Total;Charge|3|4|7;Caution|0|1|4",
         "2019-01-01..2022-12-31=7 2019-01-01..2022-12-31=4 review 0"},
        {"Outcomes", p1, "Outcomes (cont.)", "Outcome|2021|2022|Total;Charge|3|4|7;Caution|0|1|4",
         "2019-01-01..2022-12-31=7 2019-01-01..2022-12-31=4 review 0"},
        /* no heading: the same rows and the years carry straight on */
        {"", p1, "", "Outcome|2021|2022|Total;Charge|3|4|7;Caution|_|1|4",
         "2019-01-01..2022-12-31=7 2019-01-01..2022-12-31=4 review 0"},
        {"", p1_fy, "", "Outcome|2021/22|2022/23|Total;Charge|3|4|7;Caution|_|1|4",
         "2019-04-01..2023-03-31=7 2019-04-01..2023-03-31=4 review 0"},
        /* the Total fits its own table only and the parts' sum too: zeros in part 1 */
        {"Part 1", "Outcome|2019|2020;Charge|0|0;Caution|0|0", "Part 2",
         "Outcome|2021|2022|Total;Charge|3|4|7;Caution|1|1|2",
         "2019-01-01..2022-12-31=7 2019-01-01..2022-12-31=2 review 0"},
        /* a part's Total that is not the sum of the parts */
        {"Table 2 (part 1 of 2)", p1, "Table 2 (part 2 of 2)",
         "Outcome|2021|2022|Total;Charge|3|4|7;Caution|0|1|1", "2019-01-01..2022-12-31=7 review 1"},
        /* "continued" but the rows differ: foitab cannot tell what the Total covers */
        {"Table 2", p1, "Table 2 (continued)",
         "Outcome|2021|2022|Total;Charge|3|4|7;Community resolution|0|1|1", "review 2"},
        /* the same rows, the years carry on after a gap and no heading says so */
        {"", p1, "", "Outcome|2022|2023|Total;Charge|3|4|7;Caution|_|1|4", "review 2"},
        /* ... unless the Total is the sum of its own table and not of both (Caution); Charge's
         * blank in part 1 leaves both readings open */
        {"", p1, "", "Outcome|2022|2023|Total;Charge|3|4|7;Caution|0|1|1",
         "2022-01-01..2023-12-31=1 review 1"},
        /* separate tables: different rows, the same years, or a first part with its own Total */
        {"Offences", "Offence|2019|2020;Stalking|1|2", "Outcomes",
         "Outcome|2021|2022|Total;Charge|3|4|7", "2021-01-01..2022-12-31=7 review 0"},
        {"Snapchat", p1, "Instagram", "Outcome|2019|2020|Total;Charge|3|4|7;Caution|_|1|1",
         "2019-01-01..2020-12-31=7 2019-01-01..2020-12-31=1 review 0"},
        {"", "Outcome|2019|2020|Total;Charge|0|1|1;Caution|2|1|3", "",
         "Outcome|2021|2022|Total;Charge|3|4|7;Caution|_|1|1",
         "2019-01-01..2020-12-31=1 2019-01-01..2020-12-31=3 2021-01-01..2022-12-31=7 "
         "2021-01-01..2022-12-31=1 review 0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *const tables[2][2] = {{cases[i].h1, cases[i].t1}, {cases[i].h2, cases[i].t2}};
        result res = run(doc_of_tables(tables, 2));
        char *got = spans_of(&res);
        if (strcmp(got, cases[i].want))
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
    }
    /* three parts: the Total in the last spans all three */
    const char *const three[3][2] = {{"Part 1 of 3", "Outcome|2018|2019;Charge|1|1"},
                                     {"Part 2 of 3", "Outcome|2020|2021;Charge|1|1"},
                                     {"Part 3 of 3", "Outcome|2022|2023|Total;Charge|1|1|6"}};
    result res = run(doc_of_tables(three, 3));
    assert_string_equal(spans_of(&res), "2018-01-01..2023-12-31=6 review 0");
}

/* A two-line corner header joined into one cell: the outcome title before the column name. */
/* An open period column with no reply date to end it: the periods of the table are still
 * recorded for the next table (a copy of an empty end, within bounds), and nothing spans. */
static void open_period_without_reply_date(void **state)
{
    (void)state;
    const char *rows[] = {"Offence|2023|2024 to date", "Stalking|4|2", "Harassment|7|5"};
    result res = run_dated(doc_of(rows, 3, true, NULL), NULL);
    const char *want[] = {"2023|Stalking|-|4|table 1, row 2, col 2",
                          "2024 to date|Stalking|-|2|table 1, row 2, col 3",
                          "2023|Harassment|-|7|table 1, row 3, col 2",
                          "2024 to date|Harassment|-|5|table 1, row 3, col 3"};
    expect(&res, want, 4);
}

static void corner_title_joined_with_the_column_name(void **state)
{
    (void)state;
    struct {
        const char *corner, *want;
    } cases[] = {
        {"Charges\xE2\x80\xA0 Home Office Code", "Charges\xE2\x80\xA0"},
        {"Charged/Summonsed HO code", "Charged/Summonsed"},
        {"Community resolution Offence code", "Community resolution"},
        {"Crimes Home Office Code", "-"}, /* a measure, not an outcome */
        {"Recorded crime Offence", "-"},
        {"Home Office Code", "-"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *rows[] = {foi_sprintf(A, "%s|Year 2022", cases[i].corner), "8R|4", "88A|_"};
        result res = run(doc_of(rows, 3, true, NULL));
        assert_int_equal(res.out.n, 1);
        const char *got = res.out.v[0].outcome ? res.out.v[0].outcome : "-";
        if (strcmp(got, cases[i].want))
            fail_msg("case %zu: got %s, want %s", i, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offences_by_year_with_totals),
        cmocka_unit_test(open_period_without_reply_date),
        cmocka_unit_test(periods_as_rows),
        cmocka_unit_test(outcome_table_for_a_period_in_context),
        cmocka_unit_test(offence_by_outcome_cross_table),
        cmocka_unit_test(long_format_rows),
        cmocka_unit_test(section_rows_carry_the_period),
        cmocka_unit_test(unsupported_breakdown_keeps_only_the_total),
        cmocka_unit_test(no_period_anywhere_goes_to_review),
        cmocka_unit_test(single_period_column_table),
        cmocka_unit_test(platform_from_a_short_heading),
        cmocka_unit_test(rate_and_share_columns_are_not_counts),
        cmocka_unit_test(residual_offence_column),
        cmocka_unit_test(corner_outcome_and_numeric_codes),
        cmocka_unit_test(corner_names_are_not_outcomes),
        cmocka_unit_test(empty_lead_column),
        cmocka_unit_test(split_tables_total_spans_all_parts),
        cmocka_unit_test(corner_title_joined_with_the_column_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
