/* normalize/reply_notes: footnotes that explain a period's note marker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "normalize/meta.h"
#include "normalize/period.h"
#include "parsers/doc.h"
#include "util/str.h"

static foi_arena *A;

static int setup(void **state)
{
    (void)state;
    A = foi_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(A);
    return 0;
}

/* The bounds a labelled period gets from the reply's notes: "start..end", or "-" when no
 * note explains its marker. */
static char *bounds(const char *const *blocks, const char *label, const char *reply_date)
{
    foi_doc *d = foi_doc_new(A);
    for (int i = 0; blocks[i]; i++)
        foi_doc_add_block(d,
                          i == 0 && !strncmp(blocks[i], "> ", 2) ? FOI_BLOCK_QUOTE : FOI_BLOCK_PARA,
                          blocks[i], i + 1);
    foi_meta m = {0};
    foi_meta_footnotes(A, d, &m);
    foi_period p;
    if (!foi_period_parse(label, reply_date, &p)) return "unparsed";
    if (!foi_period_footnote(label, m.fn_marker, m.fn_text, m.nfn, &p)) return "-";
    return foi_sprintf(A, "%s..%s", p.start, p.end);
}

static void notes_explain_markers(void **state)
{
    (void)state;
    static const char *const lead[] = {
        "* Niche was introduced to the force on 7 May 2019, so 2019 figures run from that date.",
        "** 2023 figures are up to and including 8 October 2023.", NULL};
    static const char *const shared[] = {
        "Athena was introduced to the force on 20 July 2021, so information is only held from "
        "then until 22 March 2023 (* and ** in the table).",
        NULL};
    static const char *const sup[] = {
        "Connect went live on 3 February 2020 and data run to 9 May 2023 (\xC2\xB9 and "
        "\xC2\xB2 above).",
        NULL};
    static const char *const letters[] = {
        "The system was implemented on 4 April 2018; figures are held until 30 June 2022 ((a) "
        "and (b) in the table).",
        NULL};
    static const char *const prose_paren[] = {
        "Figures run from 20 July 2021 until 22 March 2023 (see the attached * file for detail).",
        NULL};
    static const char *const quoted[] = {
        "> Please give figures from 20 July 2021 until 22 March 2023 (* and ** in the table).",
        NULL};
    struct {
        const char *const *blocks;
        const char *label, *reply_date, *want;
    } cases[] = {
        {lead, "2019*", "2023-10-20", "2019-05-07..2019-12-31"},
        {lead, "2023**", "2023-10-20", "2023-01-01..2023-10-08"},
        {lead, "2021", "2023-10-20", "-"},
        /* one note names both markers at its end */
        {shared, "2021*", "2023-03-30", "2021-07-20..2021-12-31"},
        {shared, "2023**", "2023-03-30", "2023-01-01..2023-03-22"},
        {shared, "2022", "2023-03-30", "-"},
        {sup, "2020\xC2\xB9", "2023-05-20", "2020-02-03..2020-12-31"},
        {sup, "2023\xC2\xB2", "2023-05-20", "2023-01-01..2023-05-09"},
        {letters, "2018(a)", "2022-07-10", "2018-04-04..2018-12-31"},
        {letters, "2022 (b)", "2022-07-10", "2022-01-01..2022-06-30"},
        /* a parenthesis with other words, or in the restated request, explains nothing */
        {prose_paren, "2021*", "2023-03-30", "-"},
        {quoted, "2021*", "2023-03-30", "-"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = bounds(cases[i].blocks, cases[i].label, cases[i].reply_date);
        if (strcmp(got, cases[i].want))
            fail_msg("case %zu (%s): got %s, want %s", i, cases[i].label, got, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notes_explain_markers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
