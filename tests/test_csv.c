/* parsers/csv: RFC 4180 quoting, delimiter sniffing, preamble metadata, tables, notes, line
 * ends, and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/csv.h"
#include "util/str.h"

typedef struct cell_want {
    int grid, r, c;
    const char *text;
    int header; /* -1 = don't check */
} cell_want;

typedef struct csv_case {
    const char *name;
    const char *in;
    int ngrids;
    int rows, cols;      /* grid 1 */
    int line_r, line;    /* grid 1 row line_r starts at source line `line` */
    bool long_format;    /* grid 1 */
    const char *meta[4]; /* "key\tvalue" expected in doc->meta */
    cell_want cells[6];
    int quote_line;      /* a FOI_BLOCK_QUOTE block at this line (0 = skip) */
    const char *context; /* substring of grid 1's context */
} csv_case;

#define END_CELLS                                                                                  \
    {                                                                                              \
        0, 0, 0, NULL, -1                                                                          \
    }

static const csv_case cases[] = {
    {"preamble, blank line, table, notes",
     "Force,Cleveland Police\n"
     "FOI reference,729-23\n"
     "Date,04/04/2023\n"
     "Request,\"How many crimes, by year?\"\n"
     "\n"
     "Offence,2021/22,2022/23\n"
     "\"9A - Public fear, alarm or distress\",4,3\n"
     "8R Malicious Communications,*,10\n"
     "\n"
     "Figures below 3 have been replaced with * to protect individuals.\n"
     "\"Request: Could you tell me how many crimes, please?\"\n",
     1,
     3,
     3,
     1,
     7,
     false,
     {"Force\tCleveland Police", "FOI reference\t729-23", "Date\t04/04/2023", NULL},
     {{1, 0, 1, "2021/22", 1},
      {1, 1, 0, "9A - Public fear, alarm or distress", 0},
      {1, 2, 1, "*", 0},
      END_CELLS},
     11,
     "Request"},
    {"long format with a measure column",
     "Year,Offence,Outcome,Count\r\n"
     "2021,Stalking,Outcome 1 - Charge/Summons,1\r\n"
     "2021,Stalking,Caution (outcomes 2 & 3),2\r\n"
     "2022,Threats to Kill,New \xe2\x80\x93 Under Investigation,3\r\n",
     1,
     4,
     4,
     3,
     4,
     true,
     {NULL},
     {{1, 3, 2, "New - Under Investigation", 0}, {1, 0, 3, "Count", 1}, END_CELLS},
     0,
     NULL},
    {"semicolon delimiter",
     "Offence;2021;2022\nStalking;5;6\nHarassment;1,234;7\n",
     1,
     3,
     3,
     2,
     3,
     false,
     {NULL},
     {{1, 2, 1, "1,234", 0}, END_CELLS},
     0,
     NULL},
    {"tab delimiter with metadata",
     "Force\tEssex Police\nReference\tPUB 1297\nOffence\tFY 2020/21\tFY 2021/22\n"
     "8L HARASSMENT\t12\t14\n9A Public Fear, Alarm Or Distress\t8\t8\n",
     1,
     3,
     3,
     2,
     5,
     false,
     {"Force\tEssex Police", "Reference\tPUB 1297", NULL},
     {{1, 2, 0, "9A Public Fear, Alarm Or Distress", 0}, END_CELLS},
     0,
     NULL},
    {"quoted newline and doubled quotes; row lines follow the source",
     "Offence,2021,2022\n"
     "\"Send letter \"\"indecent\"\"\nmessage\",3,4\n"
     "Stalking,5,6\n",
     1,
     3,
     3,
     2,
     4,
     false,
     {NULL},
     {{1, 1, 0, "Send letter \"indecent\" message", 0}, {1, 2, 2, "6", 0}, END_CELLS},
     0,
     NULL},
    {"two tables separated by a blank line, title lines before",
     "Kent Police - Freedom of Information Request 24/04/156\r"
     "Tik Tok related offences by year\r"
     "Date of response: 08/05/2024\r"
     "\r"
     "Offence,Jan-Dec 2021,Jan-Dec 2022\r"
     "Harassment,17,18\r"
     "Total,68,88\r"
     "\r"
     "Outcome,Jan-Dec 2021,Jan-Dec 2022\r"
     "Charge / summons,7,7\r",
     2,
     3,
     3,
     2,
     7,
     false,
     {"Date of response\t08/05/2024", NULL},
     {{2, 0, 0, "Outcome", 1}, {2, 1, 2, "7", 0}, END_CELLS},
     0,
     "Date of response"},
    {"blank cells and trailing empty fields",
     "Offence Description,2020,2021,2022\n"
     "Causing or inciting a child under 16,3,,5\n"
     "Criminal damage - other,,3,\n"
     "Total,3,3,5\n",
     1,
     4,
     4,
     3,
     4,
     false,
     {NULL},
     {{1, 1, 2, "", 0}, {1, 2, 3, "", 0}, {1, 3, 3, "5", 0}, END_CELLS},
     0,
     NULL},
    {"two-column table after key,value lines",
     "Force,Kent Police\nYear,Crimes\n2021,5\n2022,7\n",
     1,
     3,
     2,
     1,
     3,
     false,
     {"Force\tKent Police", NULL},
     {{1, 0, 0, "Year", 1}, {1, 2, 1, "7", 0}, END_CELLS},
     0,
     NULL},
    {"prose with commas is not a table",
     "Dear Sir, thank you, for your request\nWe hold, the information, as follows\n"
     "Please see, below, today\n",
     0,
     0,
     0,
     0,
     0,
     false,
     {NULL},
     {END_CELLS},
     0,
     NULL},
    {"unterminated quote does not swallow the file",
     "Offence,2021,2022\n\"Stalking,5,6\nHarassment,1,2\nTotal,6,8\n",
     1,
     4,
     3,
     3,
     4,
     false,
     {NULL},
     {{1, 1, 0, "Stalking", 0}, {1, 2, 1, "1", 0}, {1, 3, 2, "8", 0}, END_CELLS},
     0,
     NULL},
    {"semicolons: metadata with figure-like values, quoted labels over lines, notes",
     "Staffordshire Police;Freedom of Information\n"
     "Reference;37283\n"
     "Date;07/06/2024\n"
     "Subject;\"Crimes where TIK TOK was mentioned; request received 14/05/2024\"\n"
     "\n"
     "Crime type;Jan-Dec 2022;Jan-Dec 2023\n"
     "\"Stalking involving serious\nalarm/distress\";<3;4\n"
     "\"Threats to Kill -\nOffences against the\nPerson Act 1861 Sec 16\";0;2\n"
     "Total;5;6\n"
     "\n"
     "Notes\n"
     "<3 indicates a figure between 1 and 2.\n"
     "\"Extracted from Niche on 03/06/2024; 1 record may relate to more than 1 victim.\"\n",
     1,
     4,
     3,
     2,
     9,
     false,
     {"Reference\t37283", "Date\t07/06/2024", NULL},
     {{1, 0, 1, "Jan-Dec 2022", 1},
      {1, 1, 0, "Stalking involving serious alarm/distress", 0},
      {1, 1, 1, "<3", 0},
      {1, 2, 0, "Threats to Kill - Offences against the Person Act 1861 Sec 16", 0},
      {1, 3, 2, "6", 0},
      END_CELLS},
     0,
     "Subject"},
    {"empty input", "", 0, 0, 0, 0, 0, false, {NULL}, {END_CELLS}, 0, NULL},
    {"BOM and a single header row",
     "\xef\xbb\xbfOffence,2021\n",
     0,
     0,
     0,
     0,
     0,
     false,
     {NULL},
     {END_CELLS},
     0,
     NULL},
};

static bool has_meta(const foi_doc *d, const char *kv)
{
    for (size_t i = 0; i < d->meta.n; i++)
        if (!strcmp(d->meta.v[i], kv)) return true;
    return false;
}

#define BAD(...)                                                                                   \
    do {                                                                                           \
        print_error(__VA_ARGS__);                                                                  \
        print_error("\n");                                                                         \
        bad++;                                                                                     \
    } while (0)

static int check_case(const csv_case *tc)
{
    int bad = 0;
    foi_arena *a = foi_arena_new();
    foi_doc *d = foi_csv_parse(a, tc->in, strlen(tc->in));
    if ((int)d->grids.n != tc->ngrids) {
        BAD("%s: %zu grids, want %d", tc->name, d->grids.n, tc->ngrids);
        goto out;
    }
    if (tc->rows) {
        const foi_grid *g = d->grids.v[0];
        if (g->nrows != tc->rows || g->ncols != tc->cols) {
            BAD("%s: grid %dx%d, want %dx%d", tc->name, g->nrows, g->ncols, tc->rows, tc->cols);
            goto out;
        }
        if (!g->line_locators || g->row_line[tc->line_r] != tc->line)
            BAD("%s: row %d at line %d, want %d", tc->name, tc->line_r, g->row_line[tc->line_r],
                tc->line);
        if (g->long_format != tc->long_format) BAD("%s: long_format %d", tc->name, g->long_format);
        if (tc->context && (!g->context || !strstr(g->context, tc->context)))
            BAD("%s: context [%s]", tc->name, g->context ? g->context : "");
    }
    for (int i = 0; i < 4 && tc->meta[i]; i++)
        if (!has_meta(d, tc->meta[i])) BAD("%s: no meta [%s]", tc->name, tc->meta[i]);
    for (const cell_want *w = tc->cells; w->text; w++) {
        const foi_grid *g = d->grids.v[w->grid - 1];
        if (w->r >= g->nrows || w->c >= g->ncols) {
            BAD("%s: no cell (%d,%d)", tc->name, w->r, w->c);
            continue;
        }
        const foi_cell *c = foi_grid_at(g, w->r, w->c);
        if (strcmp(c->text, w->text))
            BAD("%s: cell (%d,%d) [%s], want [%s]", tc->name, w->r, w->c, c->text, w->text);
        if (w->header >= 0 && c->header != (w->header == 1))
            BAD("%s: cell (%d,%d) header %d", tc->name, w->r, w->c, c->header);
    }
    if (tc->quote_line) {
        bool found = false;
        for (size_t i = 0; i < d->blocks.n; i++)
            found |=
                d->blocks.v[i].line == tc->quote_line && d->blocks.v[i].kind == FOI_BLOCK_QUOTE;
        if (!found) BAD("%s: no quote block at line %d", tc->name, tc->quote_line);
    }
    if (!d->text) BAD("%s: no text", tc->name);
out:
    foi_arena_free(a);
    return bad;
}

static void test_cases(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        bad += check_case(&cases[i]);
    assert_int_equal(bad, 0);
}

/* Notes after the table are blocks, not rows; preamble lines are blocks too. */
static void test_blocks(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    const char *in = "Title line\nForce,Gwent Police\n\nOffence,2021\nStalking,4\n\nNotes:\n"
                     "A dash (-) indicates that no crimes were recorded.\n";
    foi_doc *d = foi_csv_parse(a, in, strlen(in));
    assert_int_equal(d->grids.n, 1);
    assert_int_equal(d->blocks.n, 4);
    assert_string_equal(d->blocks.v[0].text, "Title line");
    assert_int_equal(d->blocks.v[0].after_grid, 0);
    assert_string_equal(d->blocks.v[1].text, "Force: Gwent Police");
    assert_int_equal(d->blocks.v[3].line, 8);
    assert_int_equal(d->blocks.v[3].after_grid, 1);
    assert_string_equal(d->title, "Title line");
    foi_arena_free(a);
}

/* A record whose quoted label spans lines is one line of doc->text (at its first line, the
 * others left empty), so no open quotation runs over the notes; other lines are as written. */
static void test_text_lines(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    const char *in =
        "Staffordshire Police;Freedom of Information\n"
        "Reference;37283\n"
        "Date;07/06/2024\n"
        "Subject;\"Crimes where TIK TOK was mentioned; request received 14/05/2024\"\n"
        "\n"
        "Crime type;Jan-Dec 2022;Jan-Dec 2023\n"
        "\"Stalking involving serious\nalarm/distress\";<3;4\n"
        "\"Threats to Kill -\nOffences against the\nPerson Act 1861 Sec 16\";0;2\n"
        "Total;5;6\n"
        "\n"
        "Notes\n"
        "<3 indicates a figure between 1 and 2.\n"
        "\"Extracted from Niche on 03/06/2024; 1 record may relate to more than 1 victim.\"\n";
    foi_doc *d = foi_csv_parse(a, in, strlen(in));
    assert_int_equal(d->grids.n, 1);
    size_t n = 0;
    char **l = foi_split_lines(a, d->text, &n);
    assert_true(n >= 16);
    assert_string_equal(l[1], "Reference;37283");
    assert_string_equal(l[6], "Stalking involving serious alarm/distress;<3;4");
    assert_string_equal(l[7], "");
    assert_string_equal(l[8], "Threats to Kill - Offences against the Person Act 1861 Sec 16;0;2");
    assert_string_equal(l[9], "");
    assert_string_equal(l[10], "");
    assert_string_equal(l[11], "Total;5;6");
    assert_string_equal(l[14], "<3 indicates a figure between 1 and 2.");
    /* notes after the table are blocks at their own lines */
    bool note = false;
    for (size_t i = 0; i < d->blocks.n; i++)
        note |= d->blocks.v[i].line == 15 && strstr(d->blocks.v[i].text, "between 1 and 2");
    assert_true(note);
    foi_arena_free(a);
}

static void test_hostile(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    /* NUL bytes */
    const char nul[] = "Offence,2021\nStal\0king,5\nHarassment,7\n";
    foi_doc *d = foi_csv_parse(a, nul, sizeof nul - 1);
    assert_int_equal(d->grids.n, 1);
    assert_string_equal(foi_grid_at(d->grids.v[0], 1, 0)->text, "Stal king");
    /* a 50 MB single line */
    size_t n = 50u << 20;
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    d = foi_csv_parse(a, big, n);
    assert_int_equal(d->grids.n, 0);
    /* 10,000 columns */
    foi_buf b;
    foi_buf_init(&b, a);
    for (int r = 0; r < 3; r++) {
        foi_buf_puts(&b, r ? "Row" : "Offence");
        for (int c = 0; c < 10000; c++)
            foi_buf_printf(&b, ",%d", r ? c % 10 : 2000 + c % 30);
        foi_buf_putc(&b, '\n');
    }
    d = foi_csv_parse(a, b.s, b.len);
    assert_int_equal(d->grids.n, 1);
    assert_int_equal(d->grids.v[0]->ncols, 10001);
    /* many unterminated quotes: still linear */
    foi_buf_init(&b, a);
    for (int r = 0; r < 100000; r++)
        foi_buf_puts(&b, "\"a,b\n");
    d = foi_csv_parse(a, b.s, b.len);
    assert_non_null(d->text);
    free(big);
    foi_arena_free(a);
}

static void test_oom(void **state)
{
    (void)state;
    const char *in = cases[0].in;
    volatile int trapped = 0;
    for (volatile long k = 1; k < 300; k += 5) {
        foi_arena *a = foi_arena_new();
        assert_non_null(a);
        if (FOI_ARENA_TRY(a)) {
            foi_mem_fail_after(k);
            foi_csv_parse(a, in, strlen(in));
        } else {
            trapped++;
        }
        foi_mem_fail_after(0);
        foi_arena_untrap(a);
        foi_arena_free(a);
    }
    assert_true(trapped > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),      cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_text_lines), cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
