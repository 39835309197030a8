/* parsers/pdf: the office fixtures as PDF give the HTML original's tables and prose; broken,
 * encrypted and text-less PDFs give NULL with a reason; allocation faults unwind cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/html.h"
#include "parsers/pdf.h"
#include "parsers/sniff.h"
#include "util/str.h"
#include "tests/helpers.h"

static foi_doc *pdf_file(foi_arena *a, const char *path, foi_fail *fail)
{
    size_t n;
    unsigned char *b = slurp(path, &n);
    foi_doc *d = foi_pdf_parse(a, b, n, fail);
    free(b);
    return d;
}

static bool has_figure(const foi_grid *g)
{
    for (int r = 0; r < g->nrows; r++)
        for (int c = 0; c < g->ncols; c++) {
            const char *t = foi_grid_at(g, r, c)->text;
            if (*t >= '0' && *t <= '9' && strspn(t, "0123456789,") == strlen(t)) return true;
        }
    return false;
}

typedef struct fixture {
    const char *name;
    int grids;       /* data grids (holding figures) in the HTML original */
    int pages;       /* a grid continued across pages still counts once */
    const char *nav; /* an HTML paragraph made only of links: navigation, absent from the PDF */
} fixture;

static const fixture FIX[] = {
    {"cleveland-foi-1204-24-tiktok-outcomes", 2, 2, NULL},
    {"cumbria-disclosure-foi-0644-25", 0, 1, NULL},
    {"kent-foi-2025-0412-tiktok-offences", 1, 2, NULL},
    {"north-wales-disclosure-foi-871-24", 1, 1, NULL},
    {"staffordshire-FOI-11873-response", 1, 2, NULL},
    {"sussex-foi-1560-24-tiktok", 0, 1, "Sussex Police Freedom of information Contact"},
};

/* Every data grid of the HTML original is a PDF grid with the same rows, columns and cell
 * texts, in order; every HTML paragraph and heading text is found in the PDF's blocks. */
static void fixtures_match_html(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof FIX / sizeof *FIX; f++) {
        const fixture *fx = &FIX[f];
        char path[512];
        foi_arena *a = foi_arena_new();
        snprintf(path, sizeof path, "fixtures/office/src/%s.html", fx->name);
        size_t hn;
        unsigned char *hb = slurp(path, &hn);
        foi_decoded dec = foi_sniff_decode(a, hb, hn, path);
        free(hb);
        assert_non_null(dec.text);
        foi_doc *h = foi_html_parse(a, dec.text, dec.len);
        assert_non_null(h);
        snprintf(path, sizeof path, "fixtures/office/pdf/%s.pdf", fx->name);
        foi_fail fail = {0};
        foi_doc *p = pdf_file(a, path, &fail);
        if (!p) fail_msg("%s: %s %s", fx->name, fail.status, fail.detail);

        size_t pi = 0;
        int data = 0;
        for (size_t gi = 0; gi < h->grids.n; gi++) {
            const foi_grid *hg = h->grids.v[gi];
            if (!has_figure(hg)) continue; /* a layout table (letterhead) */
            data++;
            /* the PDF grid with the same figures: skip layout grids the PDF may add */
            int ncols = hg->ncols;
            const foi_grid *pg = NULL;
            while (pi < p->grids.n && !pg) {
                const foi_grid *c = p->grids.v[pi++];
                if (c->nrows == hg->nrows && c->ncols == ncols) pg = c;
            }
            if (!pg)
                fail_msg("%s: no PDF grid for HTML table %d (%dx%d)", fx->name, hg->index,
                         hg->nrows, hg->ncols);
            assert_non_null(pg->label);
            assert_true(foi_startswith_ci(pg->label, "page "));
            assert_true(pg->first_line > 0);
            for (int r = 0; r < hg->nrows; r++)
                for (int c = 0; c < ncols; c++) {
                    const char *want = foi_grid_at(hg, r, c)->text;
                    const char *got = foi_grid_at(pg, r, c)->text;
                    if (strcmp(want, got))
                        fail_msg("%s: table %d row %d col %d: want '%s' got '%s'", fx->name,
                                 hg->index, r + 1, c + 1, want, got);
                }
        }
        assert_int_equal(data, fx->grids);

        /* prose: all text of the PDF blocks, then look for each HTML block */
        foi_buf all;
        foi_buf_init(&all, a);
        int maxpage = 0;
        for (size_t i = 0; i < p->blocks.n; i++) {
            foi_buf_puts(&all, p->blocks.v[i].text);
            foi_buf_putc(&all, '\n');
            assert_true(p->blocks.v[i].page >= 1);
            if (p->blocks.v[i].page > maxpage) maxpage = p->blocks.v[i].page;
            if (i) assert_true(p->blocks.v[i].line > p->blocks.v[i - 1].line);
        }
        assert_int_equal(maxpage, fx->pages);
        for (size_t i = 0; i < h->blocks.n; i++) {
            const foi_block *b = &h->blocks.v[i];
            if (b->kind != FOI_BLOCK_PARA && b->kind != FOI_BLOCK_HEADING) continue;
            if (fx->nav && !strcmp(b->text, fx->nav)) {
                if (strstr(all.s, b->text))
                    fail_msg("%s: navigation read: '%s'", fx->name, fx->nav);
                continue;
            }
            if (!strstr(all.s, b->text))
                fail_msg("%s: HTML paragraph not in the PDF blocks: '%s'", fx->name, b->text);
        }
        foi_arena_free(a);
    }
}

/* Block kinds: bullets become items without the glyph, bold or large lines headings, the
 * restated request a quote. */
static void block_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *file, *text;
        foi_block_kind kind;
    } cases[] = {
        {"sussex-foi-1560-24-tiktok", "Harassment - 7", FOI_BLOCK_ITEM},
        {"sussex-foi-1560-24-tiktok", "Under investigation - 12", FOI_BLOCK_ITEM},
        {"sussex-foi-1560-24-tiktok", "Our response", FOI_BLOCK_HEADING},
        {"sussex-foi-1560-24-tiktok",
         "\"Please provide the number of crimes recorded since 1 January 2022 in which TikTok is "
         "mentioned, per calendar year, and for the current year a breakdown by offence and by "
         "outcome.\"",
         FOI_BLOCK_QUOTE},
        {"sussex-foi-1560-24-tiktok",
         "In 2022, 38 crimes were recorded in which TikTok was mentioned. In 2023 there were 46, "
         "and 29 have been recorded so far in 2024.",
         FOI_BLOCK_PARA},
        {"cleveland-foi-1204-24-tiktok-outcomes", "TikTok offences and outcomes",
         FOI_BLOCK_HEADING},
        {"cleveland-foi-1204-24-tiktok-outcomes",
         "1) How many crimes were recorded where TikTok was mentioned in the financial years "
         "2022/23 and 2023/24?",
         FOI_BLOCK_QUOTE},
        {"staffordshire-FOI-11873-response",
         "Figures for 2024 cover 1 January 2024 to the date "
         "of this letter.",
         FOI_BLOCK_PARA},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        char path[512];
        snprintf(path, sizeof path, "fixtures/office/pdf/%s.pdf", cases[i].file);
        foi_fail fail = {0};
        foi_doc *d = pdf_file(a, path, &fail);
        assert_non_null(d);
        bool found = false;
        for (size_t k = 0; k < d->blocks.n && !found; k++)
            if (!strcmp(d->blocks.v[k].text, cases[i].text)) {
                found = true;
                if (d->blocks.v[k].kind != cases[i].kind)
                    fail_msg("'%s': kind %d, want %d", cases[i].text, d->blocks.v[k].kind,
                             cases[i].kind);
            }
        if (!found) fail_msg("no block '%s' in %s", cases[i].text, cases[i].file);
        foi_arena_free(a);
    }
}

/* A table continued on the next page with its header repeated is one grid; the context of a
 * grid is the text before it; a table after the break is not split. */
static void continued_table_is_one_grid(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = pdf_file(a, "fixtures/office/pdf/kent-foi-2025-0412-tiktok-offences.pdf", &fail);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_int_equal(g->nrows, 8);
    assert_string_equal(g->label, "page 1, table 1");
    assert_string_equal(foi_grid_at(g, 7, 0)->text, "Total");
    assert_string_equal(foi_grid_at(g, 7, 4)->text, "151");
    assert_non_null(g->context);
    assert_non_null(strstr(g->context, "Crimes mentioning TikTok"));
    /* digits of neighbouring cells stay apart */
    for (int r = 1; r < g->nrows; r++)
        for (int c = 1; c < g->ncols; c++)
            assert_true(strlen(foi_grid_at(g, r, c)->text) <= 3);
    foi_arena_free(a);
}

/* A table wider than the page, its right columns clipped by LibreOffice: the columns from the
 * first clipped one on are left out, so no figure is read from a partial column. */
static void clipped_table(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = pdf_file(a, "tests/data/pdf/wide-table.pdf", &fail);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_int_equal(g->ncols, 6);
    assert_int_equal(g->nrows, 3);
    assert_string_equal(foi_grid_at(g, 1, 5)->text, "8");
    assert_string_equal(foi_grid_at(g, 2, 5)->text, "11");
    assert_string_equal(foi_grid_at(g, 0, 4)->text, "Making indecent images of children");
    for (int r = 0; r < g->nrows; r++)
        for (int c = 0; c < g->ncols; c++)
            assert_null(strstr(foi_grid_at(g, r, c)->text, "Order"));
    /* a table that fits the page is not */
    foi_doc *e = pdf_file(a, "tests/data/pdf/wrapped-labels.pdf", &fail);
    assert_non_null(e);
    assert_null(e->grids.v[0]->kind);
    foi_arena_free(a);
}

/* Layouts made by tests/data/pdf/make.sh from the HTML in src/: each cell as the HTML has it.
 * wrapped-labels: label word spaces that line up over few rows, a "-" inside a label, a year
 * header wrapped at its hyphen; group-labels: a bold group column beside a plain offence
 * column, a "Grand total" centred over both; wrapped-header: header cells side by side at word
 * spacing on their second line, bold body labels wrapped above their figures; dash-wrap: a
 * label wrapped before " - " whose second line starts with the dash (not a list item). */
static void layouts(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int rows, cols, r, c;
        const char *text;
    } cases[] = {
        {"dash-wrap", 5, 6, 2, 0, "Investigation complete - no suspect (OC18)"},
        {"dash-wrap", 5, 6, 2, 5, "5"},
        {"dash-wrap", 5, 6, 3, 0, "Evidential difficulties (15 & 16)"},
        {"dash-wrap", 5, 6, 4, 1, "1"},
        {"wrapped-labels", 4, 4, 1, 0,
         "19E - Rape of a female child under 13 by a male (S5 SOA 2003)"},
        {"wrapped-labels", 4, 4, 1, 1, "6"},
        {"wrapped-labels", 4, 4, 1, 3, "5"},
        {"wrapped-labels", 4, 4, 2, 0, "Engage in sexual communication with a child under 16"},
        {"wrapped-labels", 4, 4, 2, 2, "20"},
        {"wrapped-labels", 4, 4, 3, 0, "Total"},
        {"wrapped-labels", 4, 4, 3, 3, "22"},
        {"group-labels", 5, 4, 0, 0, "Category"},
        {"group-labels", 5, 4, 0, 1, "Offence"},
        {"group-labels", 5, 4, 1, 0, "Stalking and harassment"},
        {"group-labels", 5, 4, 1, 1, "Harassment (PHA 1997)"},
        {"group-labels", 5, 4, 2, 0, "Stalking and harassment"},
        {"group-labels", 5, 4, 2, 1,
         "Send letter / communication / article conveying indecent / offensive message"},
        {"group-labels", 5, 4, 2, 3, "9"},
        {"group-labels", 5, 4, 3, 0, "Violence with injury"},
        {"group-labels", 5, 4, 3, 1, "Assault occasioning actual bodily harm"},
        {"group-labels", 5, 4, 4, 0, "Grand total"},
        {"group-labels", 5, 4, 4, 1, "Grand total"},
        {"group-labels", 5, 4, 4, 2, "20"},
        {"wrapped-header", 4, 4, 0, 0, "Offence type"},
        {"wrapped-header", 4, 4, 0, 1, "1 January 2022 to 31 December 2022"},
        {"wrapped-header", 4, 4, 0, 2, "1 January 2023 to date"},
        {"wrapped-header", 4, 4, 0, 3, "Total"},
        {"wrapped-header", 4, 4, 1, 0, "Malicious Communications Act 1988 s1"},
        {"wrapped-header", 4, 4, 2, 0, "Public fear, alarm or distress"},
        {"wrapped-header", 4, 4, 2, 1, "5"},
        {"wrapped-header", 4, 4, 3, 3, "33"},
        /* bold row labels centred beside their figures: the cell padding, not the alignment
         * guess, says which row a wrapped line belongs to */
        {"centred-labels", 5, 4, 1, 0, "Voyeurism"},
        {"centred-labels", 5, 4, 2, 0,
         "Cause a child aged 13 to 15 to watch / look at an image of sexual activity"},
        {"centred-labels", 5, 4, 2, 1, "5"},
        {"centred-labels", 5, 4, 3, 0,
         "Pursue course of conduct amounting to harassment (PHA 1997 s2)"},
        {"centred-labels", 5, 4, 3, 3, "43"},
        {"centred-labels", 5, 4, 4, 0, "Malicious communication"},
        /* a label wrapped at "(1)" is not a list item that ends the table */
        {"footnote-label", 4, 4, 2, 0,
         "Pursue course of conduct in breach of Sec 1 (1) which amounts to stalking"},
        {"footnote-label", 4, 4, 2, 3, "8"},
        {"footnote-label", 4, 4, 3, 1, "7"},
        /* a centred heading wrapped in a wide cell over flush-left figures: its words reach
         * past the midpoint between the figure bands but stay in their column */
        {"wrapped-amp-left", 4, 7, 0, 3, "Evidential difficulties (15 & 16)"},
        {"wrapped-amp-left", 4, 7, 0, 4, "Outcome 18"},
        {"wrapped-amp-left", 4, 7, 0, 5, "Under investigation"},
        {"wrapped-amp-left", 4, 7, 1, 3, "8"},
        {"wrapped-amp-left", 4, 7, 3, 6, "31"},
        {"wrapped-amp-right", 4, 7, 0, 3, "Outcome 18"},
        {"wrapped-amp-right", 4, 7, 0, 4, "Evidential difficulties: victim withdrew (14 & 16)"},
        {"wrapped-amp-right", 4, 7, 2, 4, "6"},
        /* a sidebar of links beside the reply: its lines run at their own heights and are
         * read as their own text, not as a label column of the table beside them */
        {"sidebar", 6, 2, 0, 0, "Offence"},
        {"sidebar", 6, 2, 1, 0, "Other criminal damage"},
        /* a label filling its narrow column, its figure closer than a cell gap */
        {"sidebar", 6, 2, 2, 0, "Malicious Communications"},
        {"sidebar", 6, 2, 2, 1, "12"},
        {"sidebar", 6, 2, 5, 0, "Total"},
        {"sidebar", 6, 2, 5, 1, "29"},
        /* a label split by the page break: its tail under the repeated heading finishes the
         * last row of the page before, not the first row of the next */
        {"split-row", 13, 2, 8, 0, "Stalking - S2A Protection from Harassment Act 1997"},
        {"split-row", 13, 2, 8, 1, "8"},
        {"split-row", 13, 2, 9, 0, "Theft (other)"},
        {"split-row", 13, 2, 9, 1, "4"},
        {"split-row", 13, 2, 12, 1, "71"},
        /* a period centred over four narrow platform columns whose headings fill their cells
         * to word spacing; a group label column closer to the offences than a word space */
        /* periods narrower than the platform column under their middle: each spans the
         * three columns it is centred over; a label wrapped before " - " whose dash line
         * holds the row's figures */
        {"narrow-periods", 6, 8, 0, 2, "2021"},
        {"narrow-periods", 6, 8, 0, 4, "2021"},
        {"narrow-periods", 6, 8, 0, 5, "2022"},
        {"narrow-periods", 6, 8, 0, 7, "2022"},
        {"narrow-periods", 6, 8, 1, 3, "FaceBook"},
        {"narrow-periods", 6, 8, 1, 7, "Whats App"},
        {"narrow-periods", 6, 8, 2, 1, "Stalking - S2A Protection from Harassment Act 1997"},
        {"narrow-periods", 6, 8, 3, 0, "Other sexual offences"},
        {"narrow-periods", 6, 8, 3, 1, "s15A SOA 2003 - Sexual communication with a child"},
        {"narrow-periods", 6, 8, 3, 2, "12"},
        {"narrow-periods", 6, 8, 3, 7, "8"},
        {"narrow-periods", 6, 8, 5, 0, "Total"},
        {"narrow-periods", 6, 8, 5, 6, "25"},
        /* a one-level header: headings filled to word spacing are cells of their own, and a
         * heading wrapped over three lines is no period spanning its neighbours */
        {"tall-heading", 4, 6, 0, 1, "TikTok"},
        {"tall-heading", 4, 6, 0, 2, "Facebook"},
        {"tall-heading", 4, 6, 0, 3, "Number of crimes recorded in total"},
        {"tall-heading", 4, 6, 0, 4, "Snapchat"},
        {"tall-heading", 4, 6, 1, 3, "6"},
        {"tall-heading", 4, 6, 3, 5, "1"},
        /* a period label filling its column, its figure closer than a cell gap, under a
         * header whose headings are centred in their cells */
        {"period-table", 4, 2, 0, 1, "Crimes"},
        {"period-table", 4, 2, 1, 0, "6th Apr 2021 to 5th Apr 2022"},
        {"period-table", 4, 2, 1, 1, "39"},
        {"period-table", 4, 2, 3, 0, "6th Apr 2023 to 5th Apr 2024"},
        {"period-table", 4, 2, 3, 1, "73"},
        {"platform-periods", 6, 7, 0, 2, "Apr 2021 - Mar 2022"},
        {"platform-periods", 6, 7, 0, 5, "Apr 2021 - Mar 2022"},
        {"platform-periods", 6, 7, 0, 6, "Total"},
        {"platform-periods", 6, 7, 1, 2, "TIKTOK"},
        {"platform-periods", 6, 7, 1, 3, "SnapChat"},
        {"platform-periods", 6, 7, 1, 5, "Facebook"},
        {"platform-periods", 6, 7, 2, 1, "Stalking - S2A Protection from Harassment Act 1997"},
        {"platform-periods", 6, 7, 2, 2, "6"},
        {"platform-periods", 6, 7, 3, 1, "Harassment - put in fear of violence"},
        {"platform-periods", 6, 7, 4, 1,
         "Threats to Kill - Offences against the Person Act 1861 Sec 16"},
        {"platform-periods", 6, 7, 4, 5, "11"},
        {"platform-periods", 6, 7, 5, 0, "Total"},
        {"platform-periods", 6, 7, 5, 6, "26"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        char path[512];
        snprintf(path, sizeof path, "tests/data/pdf/%s.pdf", cases[i].file);
        foi_fail fail = {0};
        foi_doc *d = pdf_file(a, path, &fail);
        assert_non_null(d);
        if (d->grids.n != 1) fail_msg("%s: %zu grids", cases[i].file, d->grids.n);
        const foi_grid *g = d->grids.v[0];
        if (g->nrows != cases[i].rows || g->ncols != cases[i].cols)
            fail_msg("%s: %dx%d, want %dx%d", cases[i].file, g->nrows, g->ncols, cases[i].rows,
                     cases[i].cols);
        const foi_cell *cell = foi_grid_at(g, cases[i].r, cases[i].c);
        if (strcmp(cell->text, cases[i].text))
            fail_msg("%s row %d col %d: '%s', want '%s'", cases[i].file, cases[i].r + 1,
                     cases[i].c + 1, cell->text, cases[i].text);
        /* "Kind regards" after the table stays prose; a footnote keeps its leading "*" */
        bool prose = false, star = strcmp(cases[i].file, "platform-periods") != 0;
        for (size_t k = 0; k < d->blocks.n; k++) {
            prose |= !strcmp(d->blocks.v[k].text, "Kind regards");
            if (!strncmp(d->blocks.v[k].text, "* denotes a figure", 18))
                star |= d->blocks.v[k].kind != FOI_BLOCK_ITEM;
        }
        assert_true(prose);
        if (!star) fail_msg("%s: the footnote read as a list item", cases[i].file);
        foi_arena_free(a);
    }
}

static void error_paths(void **state)
{
    (void)state;
    size_t n;
    unsigned char *real = slurp("fixtures/office/pdf/sussex-foi-1560-24-tiktok.pdf", &n);
    static const char junk[] = "%PDF-1.7\nthis is not a pdf at all \x01\x02\x03\n%%EOF\n";
    static const char notpdf[] = "<html><body>hello</body></html>";
    const struct {
        const char *what;
        const unsigned char *b;
        size_t n;
        const char *status, *detail_has;
    } cases[] = {
        {"empty", (const unsigned char *)"", 0, "unreadable", "empty"},
        {"half", real, n / 2, "unreadable", "truncated"},
        {"junk", (const unsigned char *)junk, sizeof junk - 1, "unreadable", "damaged"},
        {"not a pdf", (const unsigned char *)notpdf, sizeof notpdf - 1, "unreadable", "not a PDF"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        foi_fail fail = {0};
        foi_doc *d = foi_pdf_parse(a, cases[i].b, cases[i].n, &fail);
        if (d) fail_msg("%s: parsed", cases[i].what);
        assert_string_equal(fail.status, cases[i].status);
        if (!strstr(fail.detail, cases[i].detail_has))
            fail_msg("%s: detail '%s'", cases[i].what, fail.detail);
        foi_arena_free(a);
    }
    free(real);
    const struct {
        const char *path, *status, *detail;
    } files[] = {
        {"tests/data/pdf/encrypted.pdf", "unsupported", "encrypted PDF"},
        {"tests/data/pdf/no-text.pdf", "unsupported", "scanned PDF with no text layer: needs OCR"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        foi_arena *a = foi_arena_new();
        foi_fail fail = {0};
        assert_null(pdf_file(a, files[i].path, &fail));
        assert_string_equal(fail.status, files[i].status);
        assert_string_equal(fail.detail, files[i].detail);
        foi_arena_free(a);
    }
}

/* The k-th allocation fails for every k of one parse: the parse unwinds through the arena's
 * trap (poppler's objects are released by the arena) or finishes; nothing leaks. */
static void allocation_faults(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp("fixtures/office/pdf/north-wales-disclosure-foi-871-24.pdf", &n);
    foi_arena *a = foi_arena_new();
    long before = foi_mem_count();
    foi_fail fail = {0};
    assert_non_null(foi_pdf_parse(a, b, n, &fail));
    long total = foi_mem_count() - before;
    foi_arena_free(a);
    assert_true(total >= 1);
    int trapped = 0;
    for (long k = 1; k <= total + 1; k++) {
        foi_arena *fa = foi_arena_new();
        assert_non_null(fa);
        foi_mem_fail_after(k);
        volatile bool done = false;
        if (FOI_ARENA_TRY(fa)) {
            foi_doc *d = foi_pdf_parse(fa, b, n, &fail);
            done = d != NULL;
        } else {
            trapped++;
        }
        foi_arena_untrap(fa);
        foi_mem_fail_after(0);
        foi_arena_free(fa);
        (void)done;
    }
    assert_true(trapped > 0);
    free(b);
}

/* Beside a sidebar the reply's paragraphs read whole, in order, and the sidebar's lines apart. */
static void sidebar_prose(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = pdf_file(a, "tests/data/pdf/sidebar.pdf", &fail);
    assert_non_null(d);
    static const char *const want[] = {
        "Related requests",
        "I write in connection with your request for information which was received on 25 "
        "April 2023. You asked for the number of crimes recorded since 1 January 2022 where the "
        "platform was an element in the offence, broken down by year and by offence type.",
        "A keyword search only indicates the presence of the word and not its relevance.",
    };
    size_t at = 0;
    for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
        while (at < d->blocks.n && strcmp(d->blocks.v[at].text, want[w]))
            at++;
        if (at == d->blocks.n) fail_msg("no block '%s' (in order)", want[w]);
    }
    for (size_t k = 0; k < d->blocks.n; k++)
        assert_null(strstr(d->blocks.v[k].text, "Published 7 I write"));
    foi_arena_free(a);
}

/* A web page printed to PDF keeps its links: lines that are all link text (an archive list
 * "2023 (243)") are navigation, not figures; a sentence with a link in it, and lists without
 * links, stay. */
static void link_lines_are_navigation(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = pdf_file(a, "tests/data/pdf/nav-links.pdf", &fail);
    assert_non_null(d);
    static const struct {
        const char *text;
        bool present;
    } cases[] = {
        {"2023 (243)", false},
        {"2022 (411)", false},
        {"Disclosure log archive", true},
        {"In 2023, 12 crimes were recorded (see our help page).", true},
        {"2022 (9)", true},
        {"2021 (7)", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool found = false;
        for (size_t b = 0; b < d->blocks.n; b++)
            found |= !strcmp(d->blocks.v[b].text, cases[i].text);
        if (found != cases[i].present)
            fail_msg("\"%s\" %s", cases[i].text, found ? "read as text" : "missing");
    }
    foi_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_match_html),
        cmocka_unit_test(block_kinds),
        cmocka_unit_test(continued_table_is_one_grid),
        cmocka_unit_test(layouts),
        cmocka_unit_test(sidebar_prose),
        cmocka_unit_test(link_lines_are_navigation),
        cmocka_unit_test(clipped_table),
        cmocka_unit_test(error_paths),
        cmocka_unit_test(allocation_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
