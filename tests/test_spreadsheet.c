/* XLSX and ODS workbooks: the LibreOffice conversions of fixtures/office/src give the same
 * records as their HTML originals; formats, merges, header rows, hidden sheets and padding of
 * small hand-made workbooks (tests/data/spreadsheet/make.py); hostile files give NULL and a
 * reason, bounded; allocation failures unwind cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "normalize/meta.h"
#include "normalize/record.h"
#include "normalize/rules.h"
#include "parsers/grid.h"
#include "parsers/html.h"
#include "parsers/prose.h"
#include "parsers/sniff.h"
#include "parsers/spreadsheet.h"
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

typedef foi_doc *(*parse_fn)(foi_arena *, const unsigned char *, size_t, foi_fail *);

static foi_doc *parse_path(foi_arena *a, const char *path)
{
    size_t n;
    unsigned char *b = slurp(path, &n);
    foi_doc *d;
    const char *ext = strrchr(path, '.');
    if (!strcmp(ext, ".html")) {
        foi_decoded dec = foi_sniff_decode(a, b, n, path);
        d = foi_html_parse(a, dec.text, dec.len);
    } else {
        foi_fail fail = {0};
        d = (!strcmp(ext, ".ods") ? foi_ods_parse : foi_xlsx_parse)(a, b, n, &fail);
        if (!d) fail_msg("%s: %s: %s", path, fail.status, fail.detail);
    }
    free(b);
    assert_non_null(d);
    foi_doc_finish(d);
    return d;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The records of a doc, one sorted line each, locators left out. */
static char **records_of(foi_arena *a, foi_doc *doc, const char *path, size_t *count)
{
    foi_meta meta = {0};
    foi_diag_vec diags = {0};
    foi_raw_vec raws = {0};
    foi_record_vec recs = {0};
    meta.force_code = meta.force = meta.reply_date = meta.reference = "";
    meta.platform = meta.refusal = "";
    foi_meta_read(R, a, doc, path, &meta, &diags);
    meta.period_close = meta.reply_date;
    meta.extracted = foi_extraction_date(a, doc->text);
    foi_meta_footnotes(a, doc, &meta);
    foi_grid_ctx ctx = {.rules = R,
                        .suppress = &meta.suppress,
                        .reply_date = meta.reply_date,
                        .extracted = meta.extracted,
                        .meta = &meta,
                        .out = &raws,
                        .diags = &diags};
    foi_grid_interpret(a, doc, &ctx);
    foi_prose_extract(a, doc, &ctx);
    for (size_t i = 0; i < raws.n; i++) {
        foi_record rec;
        if (foi_record_make(R, a, &meta, path, &raws.v[i], &rec, &diags))
            FOI_VEC_PUSH(a, recs, rec);
    }
    foi_records_validate(a, &recs, &diags);
    char **out = foi_alloc(a, (recs.n + 1) * sizeof *out);
    out[0] = foi_sprintf(a, "meta %s|%s|%s|%s", meta.force_code, meta.reply_date, meta.reference,
                         meta.platform);
    for (size_t i = 0; i < recs.n; i++) {
        const foi_record *x = &recs.v[i];
        out[i + 1] =
            foi_sprintf(a, "%s|%s|%s|%s|%s|%s|%s|%s", x->platform, x->period_start, x->period_end,
                        x->offence_code, x->offence_subcode ? x->offence_subcode : "",
                        x->outcome_code, x->outcome_raw ? x->outcome_raw : "", x->value);
    }
    *count = recs.n + 1;
    qsort(out, *count, sizeof *out, cmp_str);
    return out;
}

static bool contains(char **v, size_t n, const char *s)
{
    return bsearch(&s, v, n, sizeof *v, cmp_str) != NULL;
}

/* A row of an HTML table appears, cell for cell, as a row of some grid of the workbook. */
static bool row_found(const foi_doc *d, const foi_grid *h, int r)
{
    for (size_t gi = 0; gi < d->grids.n; gi++) {
        const foi_grid *g = d->grids.v[gi];
        if (g->ncols != h->ncols) continue;
        for (int gr = 0; gr < g->nrows; gr++) {
            bool same = true;
            for (int c = 0; c < h->ncols && same; c++)
                same = !strcmp(foi_grid_at(g, gr, c)->text, foi_grid_at(h, r, c)->text) &&
                       foi_grid_at(g, gr, c)->copy == foi_grid_at(h, r, c)->copy;
            if (same) return true;
        }
    }
    return false;
}

static const char *const FIXTURES[] = {
    "cleveland-foi-1204-24-tiktok-outcomes", "cumbria-disclosure-foi-0644-25",
    "kent-foi-2025-0412-tiktok-offences",    "north-wales-disclosure-foi-871-24",
    "staffordshire-FOI-11873-response",      "sussex-foi-1560-24-tiktok",
};

static void test_fixtures_equal_html(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof FIXTURES / sizeof *FIXTURES; f++) {
        foi_arena *a = foi_arena_new();
        char path[256];
        snprintf(path, sizeof path, "fixtures/office/src/%s.html", FIXTURES[f]);
        foi_doc *html = parse_path(a, path);
        size_t nh;
        char **hr = records_of(a, html, path, &nh);
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "fixtures/office/%s/%s.%s", k ? "ods" : "xlsx", FIXTURES[f],
                     k ? "ods" : "xlsx");
            foi_doc *d = parse_path(a, path);
            assert_non_null(d->title);
            size_t ns;
            char **sr = records_of(a, d, path, &ns);
            for (size_t i = 0; i < ns; i++)
                if (!contains(hr, nh, sr[i])) fail_msg("%s: record not in HTML: %s", path, sr[i]);
            for (size_t i = 0; i < nh; i++)
                if (!contains(sr, ns, hr[i])) fail_msg("%s: record missing: %s", path, hr[i]);
            /* the HTML tables' rows, cell for cell (header rows may carry a caption) */
            for (size_t gi = 0; gi < html->grids.n; gi++) {
                const foi_grid *h = html->grids.v[gi];
                for (int r = 0; r < h->nrows; r++) {
                    if (foi_grid_at(h, r, 0)->header && r == 0) continue;
                    if (!row_found(d, h, r))
                        fail_msg("%s: row %d of HTML table %d not found", path, r + 1, h->index);
                }
            }
            for (size_t gi = 0; gi < d->grids.n; gi++) {
                assert_non_null(d->grids.v[gi]->label);
                assert_true(!strncmp(d->grids.v[gi]->label, "sheet 1", 7));
            }
        }
        foi_arena_free(a);
    }
}

static void test_number_formats(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *fmt;
        int id;
        int d1904;
        const char *want;
    } cases[] = {
        {44227, NULL, 14, 0, "31/01/2021"},
        {44227, NULL, 15, 0, "31-Jan-21"},
        {44227, NULL, 17, 0, "Jan-21"},
        {44227, NULL, 22, 0, "31/01/2021 00:00"},
        {44227.5, NULL, 22, 0, "31/01/2021 12:00"},
        {44227, "mmm\\-yy", 164, 0, "Jan-21"},
        {44227, "mmmm yyyy", 164, 0, "January 2021"},
        {44227, "mmm yyyy", 164, 0, "Jan 2021"},
        {44227, "d mmmm yyyy", 164, 0, "31 January 2021"},
        {44227, "dddd d mmmm yyyy", 164, 0, "Sunday 31 January 2021"},
        {44227, "m/d/yyyy", 164, 0, "31/01/2021"},
        {44227, "dd/mm/yy", 164, 0, "31/01/2021"},
        {44227, "[$-809]dd/mm/yyyy;@", 164, 0, "31/01/2021"},
        {44227, "yyyy-mm-dd", 164, 0, "2021-01-31"},
        {44227, "yyyy", 164, 0, "2021"},
        {44227, "mm/yyyy", 164, 0, "01/2021"},
        {42765, NULL, 14, 1, "31/01/2021"},
        {60, NULL, 14, 0, "29/02/1900"},
        {59, NULL, 14, 0, "28/02/1900"},
        {61, NULL, 14, 0, "01/03/1900"},
        {1, NULL, 14, 0, "01/01/1900"},
        {0.75, NULL, 20, 0, "18:00"},
        {0.75, NULL, 18, 0, "6:00 PM"},
        {1.5, "[h]:mm", 164, 0, "36:00"},
        {1234567, NULL, 3, 0, "1,234,567"},
        {1234567.891, NULL, 4, 0, "1,234,567.89"},
        {-1234, "#,##0;(#,##0)", 164, 0, "-1,234"},
        {999, NULL, 3, 0, "999"},
        {0.125, "0.0%", 164, 0, "12.5%"},
        {0.5, NULL, 9, 0, "50%"},
        {3.14159, NULL, 2, 0, "3.14"},
        {12, NULL, 1, 0, "12"},
        {1234.5, "\"\xc2\xa3\"#,##0.00", 164, 0,
         "\xc2\xa3"
         "1,234.50"},
        {1234.5, "[$\xc2\xa3-809]#,##0", 164, 0,
         "\xc2\xa3"
         "1,235"},
        {42, NULL, 0, 0, "42"},
        {42, "General", 164, 0, "42"},
        {0.1, NULL, 0, 0, "0.1"},
        {1.0 / 3, NULL, 0, 0, "0.3333333333333333"},
        {1234567.891, NULL, 0, 0, "1234567.891"},
        {-2.5, NULL, 0, 0, "-2.5"},
        {0.0001, NULL, 0, 0, "0.0001"},
        {123456789012345, NULL, 0, 0, "123456789012345"},
        {2021, "@", 49, 0, "2021"},
        {1e20, NULL, 0, 0, "1e+20"},
        {-1, NULL, 14, 0, "-1"}, /* not a date: before the epoch */
        {1e9, NULL, 14, 0, "1000000000"},
    };
    foi_arena *a = foi_arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = foi_sheet_number_text(a, cases[i].v, cases[i].fmt, cases[i].id, cases[i].d1904);
        if (strcmp(got, cases[i].want))
            fail_msg("case %zu (%g, %s/%d): want \"%s\", got \"%s\"", i, cases[i].v,
                     cases[i].fmt ? cases[i].fmt : "-", cases[i].id, cases[i].want, got);
    }
    foi_arena_free(a);
}

static const char *cell(const foi_grid *g, int r, int c)
{
    return foi_grid_at(g, r, c)->text;
}

static void test_reply_workbook(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse_path(a, "tests/data/spreadsheet/reply.xlsx");
    assert_string_equal(d->title, "Test workbook");
    assert_int_equal(d->grids.n, 3);
    const foi_grid *g = d->grids.v[0];
    /* title and note rows are text before the table, the footnote after it */
    assert_int_equal(d->blocks.n, 3);
    assert_string_equal(d->blocks.v[0].text, "Crimes mentioning TikTok");
    assert_int_equal(d->blocks.v[0].kind, FOI_BLOCK_HEADING);
    assert_int_equal(d->blocks.v[0].line, 1);
    assert_string_equal(d->blocks.v[1].text, "Figures taken on 1 March 2024");
    assert_int_equal(d->blocks.v[1].after_grid, 0);
    assert_string_equal(d->blocks.v[2].text, "* figures under 5 are suppressed");
    assert_int_equal(d->blocks.v[2].after_grid, 1);
    assert_int_equal(d->blocks.v[2].line, 10);
    assert_string_equal(g->label, "sheet 1");
    /* locators name the sheet's own rows and columns: the table starts at A4 */
    assert_string_equal(foi_grid_where(a, g, 0, 0), "sheet 1, row 4, col 1");
    assert_string_equal(foi_grid_where(a, g, 4, 3), "sheet 1, row 8, col 4");
    assert_string_equal(foi_block_where(a, d, 2), "sheet 1, row 10");
    assert_null(g->caption); /* "Sheet1" says nothing */
    assert_non_null(g->context);
    assert_int_equal(g->nrows, 5);
    assert_int_equal(g->ncols, 4);
    /* merged header band B4:D4 and A4:A5 */
    assert_string_equal(cell(g, 0, 1), "Year");
    assert_string_equal(cell(g, 0, 3), "Year");
    assert_false(foi_grid_at(g, 0, 1)->copy);
    assert_true(foi_grid_at(g, 0, 2)->copy);
    assert_int_equal(foi_grid_at(g, 0, 1)->span_id, foi_grid_at(g, 0, 3)->span_id);
    assert_string_equal(cell(g, 1, 0), "Offence");
    assert_true(foi_grid_at(g, 1, 0)->copy);
    assert_true(foi_grid_at(g, 0, 0)->header && foi_grid_at(g, 1, 2)->header);
    /* shared string with rich runs, phonetic run left out; numbers as shown */
    assert_string_equal(cell(g, 2, 0), "Malicious Communications");
    assert_false(foi_grid_at(g, 2, 0)->header);
    assert_string_equal(cell(g, 1, 1), "2021");
    assert_string_equal(cell(g, 2, 2), "1,234");
    assert_string_equal(cell(g, 3, 2), "*");
    assert_string_equal(cell(g, 4, 1), "23"); /* a formula's cached value */
    assert_true(foi_grid_at(g, 4, 0)->header);
    /* hidden second sheet: read and flagged; third sheet whole from A1 */
    assert_true(d->grids.v[1]->hidden);
    assert_string_equal(d->grids.v[1]->caption, "Lists");
    assert_string_equal(d->grids.v[1]->label, "sheet 2");
    assert_false(d->grids.v[2]->hidden);
    assert_string_equal(d->grids.v[2]->label, "sheet 3");
    assert_string_equal(d->grids.v[2]->caption, "By platform");
    assert_string_equal(cell(d->grids.v[2], 1, 1), "7");
    char *where = foi_grid_where(a, d->grids.v[2], 1, 1);
    assert_string_equal(where, "sheet 3, row 2, col 2");
    foi_arena_free(a);
}

static void test_dates_workbook(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse_path(a, "tests/data/spreadsheet/dates.xlsx");
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(g->caption, "Formats");
    static const char *const want[] = {
        "31/01/2021",  "Jan-21", "January 2021", "1,234,567",  "12.5%",     "31/01/2021",
        "2021-01-31",  "18:00",  "31-Jan-21",    "3.14",       "0.1",       "42",
        "1234567.891", "1e+20",  "-2.5",         "29/02/1900", "28/02/1900"};
    assert_int_equal(g->nrows, (int)(sizeof want / sizeof *want));
    for (int r = 0; r < g->nrows; r++)
        assert_string_equal(cell(g, r, 1), want[r]);
    d = parse_path(a, "tests/data/spreadsheet/dates1904.xlsx");
    assert_string_equal(cell(d->grids.v[0], 0, 1), "31/01/2021");
    foi_arena_free(a);
}

static void test_ods_padding(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    size_t before = foi_arena_used(a);
    foi_doc *d = parse_path(a, "tests/data/spreadsheet/padding.ods");
    assert_true(foi_arena_used(a) - before < 4 * 1024 * 1024); /* padding not materialised */
    assert_string_equal(d->title, "ODS test");
    assert_int_equal(d->grids.n, 2);
    assert_int_equal(d->blocks.n, 1);
    assert_string_equal(d->blocks.v[0].text, "Crimes mentioning TikTok");
    assert_int_equal(d->blocks.v[0].kind, FOI_BLOCK_HEADING);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(g->caption, "Crimes");
    assert_int_equal(g->nrows, 3);
    assert_int_equal(g->ncols, 4);
    assert_true(foi_grid_at(g, 0, 0)->header); /* table-header-rows */
    assert_false(foi_grid_at(g, 1, 0)->header);
    assert_string_equal(cell(g, 0, 2), "2021 and 2022");
    assert_true(foi_grid_at(g, 0, 2)->copy);
    assert_string_equal(cell(g, 2, 2), "1,234"); /* the displayed text */
    assert_string_equal(cell(g, 2, 3), "1,243");
    assert_true(d->grids.v[1]->hidden);
    assert_string_equal(d->grids.v[1]->label, "sheet 2");
    foi_arena_free(a);
}

static void test_huge_dimension(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse_path(a, "tests/data/spreadsheet/huge.xlsx");
    assert_true(foi_arena_used(a) < 4 * 1024 * 1024);
    assert_int_equal(d->grids.n, 1);
    assert_string_equal(cell(d->grids.v[0], 0, 1), "5");
    bool noted = false;
    for (size_t i = 0; i < d->meta.n; i++)
        noted |= !strncmp(d->meta.v[i], "truncated\t", 10);
    assert_true(noted);
    foi_arena_free(a);
}

/* ---- hostile input */

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16));
}

/* A one-entry zip (deflated) built by hand: name, data produced by gen(chunk index). */
typedef struct zbuf {
    unsigned char *p;
    size_t n, cap;
} zbuf;

static void zput(zbuf *z, const void *d, size_t n)
{
    if (z->n + n > z->cap) {
        z->cap = (z->n + n) * 2;
        z->p = realloc(z->p, z->cap);
        assert_non_null(z->p);
    }
    memcpy(z->p + z->n, d, n);
    z->n += n;
}

/* Zip of the parts name[i] whose content is head[i] + fill[i] x reps[i] zero bytes. */
static unsigned char *make_zip(int parts, const char *const *names, const char *const *heads,
                               const size_t *zeros, size_t *outn)
{
    zbuf z = {0};
    zbuf cd = {0};
    for (int i = 0; i < parts; i++) {
        size_t off = z.n;
        unsigned char lh[30] = {0};
        put32(lh, 0x04034b50);
        put16(lh + 4, 20);
        put16(lh + 8, 8);
        put16(lh + 26, (unsigned)strlen(names[i]));
        zput(&z, lh, 30);
        zput(&z, names[i], strlen(names[i]));
        size_t data_at = z.n;
        z_stream s = {0};
        assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
        static unsigned char zero[1 << 20];
        unsigned char out[1 << 16];
        unsigned long crc = crc32(0, NULL, 0), total = 0;
        size_t left = zeros[i];
        bool head = true;
        for (;;) {
            const unsigned char *in;
            size_t inn;
            int flush;
            if (head) {
                in = (const unsigned char *)heads[i];
                inn = strlen(heads[i]);
                head = false;
                flush = left ? Z_NO_FLUSH : Z_FINISH;
            } else {
                inn = left < sizeof zero ? left : sizeof zero;
                in = zero;
                left -= inn;
                flush = left ? Z_NO_FLUSH : Z_FINISH;
            }
            crc = crc32(crc, in, (uInt)inn);
            total += inn;
            s.next_in = (unsigned char *)in;
            s.avail_in = (uInt)inn;
            do {
                s.next_out = out;
                s.avail_out = sizeof out;
                deflate(&s, flush);
                zput(&z, out, sizeof out - s.avail_out);
            } while (s.avail_out == 0 || (flush == Z_FINISH && s.avail_in));
            if (flush == Z_FINISH) break;
        }
        deflateEnd(&s);
        size_t comp = z.n - data_at;
        put32(z.p + off + 14, crc);
        put32(z.p + off + 18, comp);
        put32(z.p + off + 22, total);
        unsigned char ch[46] = {0};
        put32(ch, 0x02014b50);
        put16(ch + 4, 20);
        put16(ch + 6, 20);
        put16(ch + 10, 8);
        put32(ch + 16, crc);
        put32(ch + 20, comp);
        put32(ch + 24, total);
        put16(ch + 28, (unsigned)strlen(names[i]));
        put32(ch + 42, off);
        zput(&cd, ch, 46);
        zput(&cd, names[i], strlen(names[i]));
    }
    size_t cd_at = z.n;
    zput(&z, cd.p, cd.n);
    unsigned char eo[22] = {0};
    put32(eo, 0x06054b50);
    put16(eo + 8, (unsigned)parts);
    put16(eo + 10, (unsigned)parts);
    put32(eo + 12, cd.n);
    put32(eo + 16, cd_at);
    zput(&z, eo, 22);
    free(cd.p);
    *outn = z.n;
    return z.p;
}

static const char *const WB_NAMES[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                       "xl/worksheets/sheet1.xml"};
static const char WB[] = "<workbook><sheets><sheet name=\"S\" r:id=\"r1\" "
                         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                         "relationships\"/></sheets></workbook>";
static const char RELS[] = "<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" "
                           "Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void expect_fail(const unsigned char *b, size_t n, parse_fn fn, const char *status,
                        const char *detail_part)
{
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = fn(a, b, n, &fail);
    if (d) fail_msg("expected failure (%s)", status);
    assert_non_null(fail.status);
    assert_string_equal(fail.status, status);
    if (detail_part && !strstr(fail.detail, detail_part))
        fail_msg("detail \"%s\" lacks \"%s\"", fail.detail, detail_part);
    foi_arena_free(a);
}

static void test_zip_bomb(void **state)
{
    (void)state;
    const char *heads[] = {WB, RELS, "<worksheet><sheetData><row><c><v>1</v></c></row>"};
    size_t zeros[] = {0, 0, (size_t)1 << 30}; /* a 1 GB run of zeros in sheet1.xml */
    size_t n;
    unsigned char *z = make_zip(3, WB_NAMES, heads, zeros, &n);
    assert_true(n < 4 * 1024 * 1024);
    expect_fail(z, n, foi_xlsx_parse, "unreadable", "sheet1.xml");
    free(z);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *deep = malloc(depth * 3 + 64);
    strcpy(deep, "<worksheet>");
    char *p = deep + strlen(deep);
    for (size_t i = 0; i < depth; i++, p += 3)
        memcpy(p, "<x>", 3);
    *p = 0;
    const char *heads[] = {WB, RELS, deep};
    size_t zeros[] = {0, 0, 0}, n;
    unsigned char *z = make_zip(3, WB_NAMES, heads, zeros, &n);
    expect_fail(z, n, foi_xlsx_parse, "unreadable", "not well-formed");
    free(z);
    free(deep);
}

static void test_minimal_handmade(void **state)
{
    (void)state;
    /* a workbook with no _rels/.rels, no styles, no shared strings: still read */
    const char *heads[] = {WB, RELS,
                           "<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>"
                           "Year</t></is></c><c t=\"inlineStr\"><is><t>Crimes</t></is></c></row>"
                           "<row><c r=\"B3\"><v>2021</v></c><c><v>12</v></c></row>"
                           "</sheetData></worksheet>"};
    size_t zeros[] = {0, 0, 0}, n;
    unsigned char *z = make_zip(3, WB_NAMES, heads, zeros, &n);
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = foi_xlsx_parse(a, z, n, &fail);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(g->label, "sheet 1");
    assert_string_equal(foi_grid_where(a, g, 1, 1), "sheet 1, row 3, col 3");
    assert_string_equal(cell(g, 0, 1), "Crimes");
    assert_string_equal(cell(g, 1, 0), "2021");
    assert_string_equal(cell(g, 1, 1), "12");
    foi_arena_free(a);
    free(z);
}

/* A one-sheet workbook from rows written "A|B|C" ("" = blank row, "|x" = x in column B);
 * cells of digits are numbers, the rest inline strings.  Caller frees the doc's arena. */
static foi_doc *sheet_of(foi_arena *a, const char *const *rows, int nrows)
{
    foi_buf x;
    foi_buf_init(&x, a);
    foi_buf_puts(&x, "<worksheet><sheetData>");
    for (int r = 0; r < nrows; r++) {
        foi_buf_printf(&x, "<row r=\"%d\">", r + 1);
        const char *p = rows[r];
        for (int c = 0; *rows[r]; c++) {
            const char *e = strchr(p, '|');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (n) {
                char ref[16];
                snprintf(ref, sizeof ref, "%c%d", 'A' + c, r + 1);
                bool num = strspn(p, "0123456789") == n;
                if (num)
                    foi_buf_printf(&x, "<c r=\"%s\"><v>%.*s</v></c>", ref, (int)n, p);
                else
                    foi_buf_printf(&x, "<c r=\"%s\" t=\"inlineStr\"><is><t>%.*s</t></is></c>", ref,
                                   (int)n, p);
            }
            if (!e) break;
            p = e + 1;
        }
        foi_buf_puts(&x, "</row>");
    }
    foi_buf_puts(&x, "</sheetData></worksheet>");
    const char *heads[] = {WB, RELS, x.s};
    size_t zeros[] = {0, 0, 0}, n;
    unsigned char *z = make_zip(3, WB_NAMES, heads, zeros, &n);
    foi_fail fail = {0};
    foi_doc *d = foi_xlsx_parse(a, z, n, &fail);
    free(z);
    if (!d) fail_msg("%s: %s", fail.status, fail.detail);
    return d;
}

/* How rows between figures are read: rows whose figures are all blank (Excel leaves zero
 * rows empty) and short section rows stay inside the table; sentences, far-off text and
 * blank gaps past GAP_ROWS end it.  want_rows: rows of each grid, in order. */
static void test_rows_inside_tables(void **state)
{
    (void)state;
    static const char LONG_LABEL[] =
        "8U - Engage in controlling / coercive behaviour in an intimate / family relationship";
    static const char SENTENCE[] = "Figures for the current year are provisional and are "
                                   "likely to change as investigations progress.";
    static const struct {
        const char *rows[8];
        int want_rows[3];
    } cases[] = {
        /* a long offence label with every figure blank, then the total */
        {{"Offence|2021|2022", "8L Harassment|5|3", "8R Malicious comms|2|7", LONG_LABEL,
          "Total|12|20"},
         {5}},
        /* two such rows together */
        {{"Offence|2021|2022", "8L Harassment|5|3", LONG_LABEL,
          "86 Take, make or distribute indecent photographs or pseudo-photographs of children",
          "Total|12|20"},
         {5}},
        /* a short section row */
        {{"Offence|2021|2022", "8L Harassment|5|3", "Sexual offences", "19D Rape|1|0"}, {4}},
        /* a sentence between two tables ends the first */
        {{"Offence|2021|2022", "8L Harassment|5|3", SENTENCE, "8R Malicious comms|2|7"}, {2, 1}},
        /* a long label that sits away from the label column is not a row of the table */
        {{"Offence|2021|2022", "8L Harassment|5|3",
          "||A note written in the third column of "
          "this sheet, well away from the labels",
          "8R Malicious comms|2|7"},
         {2, 1}},
        /* one blank row inside a table, and a header row after a blank row starts anew */
        {{"Offence|2021|2022", "8L Harassment|5|3", "", "8R Malicious comms|2|7", "",
          "Outcome|2021|2022", "Charge|1|0"},
         {4, 2}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        int nrows = 0;
        while (nrows < 8 && cases[i].rows[nrows])
            nrows++;
        foi_doc *d = sheet_of(a, cases[i].rows, nrows);
        size_t want = 0;
        while (want < 3 && cases[i].want_rows[want])
            want++;
        if (d->grids.n != want) fail_msg("case %zu: %zu grids, want %zu", i, d->grids.n, want);
        for (size_t g = 0; g < want; g++)
            if (d->grids.v[g]->nrows != cases[i].want_rows[g])
                fail_msg("case %zu grid %zu: %d rows, want %d", i, g, d->grids.v[g]->nrows,
                         cases[i].want_rows[g]);
        foi_arena_free(a);
    }
}

/* List items as Calc writes an HTML list into cells: "· text"; the glyph goes, as html.c
 * drops it, so the item reads the same whatever the format. */
static void test_bullet_items(void **state)
{
    (void)state;
    static const struct {
        const char *cell;
        foi_block_kind kind;
        const char *text;
    } cases[] = {
        {"\xC2\xB7 2024 YTD - 12", FOI_BLOCK_ITEM, "2024 YTD - 12"},
        {"\xE2\x80\xA2 HO 8R Malicious communications - 6", FOI_BLOCK_ITEM,
         "HO 8R Malicious communications - 6"},
        {"\xEF\x82\xB7 Stalking (8Q) - 2", FOI_BLOCK_ITEM, "Stalking (8Q) - 2"},
        {"\xE2\x96\xAA Harassment: 4", FOI_BLOCK_ITEM, "Harassment: 4"},
        {"\xE2\x97\x8F 2021 - 11", FOI_BLOCK_ITEM, "2021 - 11"},
        /* no space after the glyph: left as written */
        {"\xC2\xB7"
         "Crimes were few in the period.",
         FOI_BLOCK_PARA,
         "\xC2\xB7"
         "Crimes were few in the period."},
        {"Harassment accounted for most of these crimes.", FOI_BLOCK_PARA,
         "Harassment accounted for most of these crimes."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        const char *rows[] = {cases[i].cell};
        foi_doc *d = sheet_of(a, rows, 1);
        assert_int_equal(d->blocks.n, 1);
        if (strcmp(d->blocks.v[0].text, cases[i].text) || d->blocks.v[0].kind != cases[i].kind)
            fail_msg("case %zu: got %d \"%s\"", i, (int)d->blocks.v[0].kind, d->blocks.v[0].text);
        foi_arena_free(a);
    }
}

static void test_broken_files(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp("tests/data/spreadsheet/encrypted.xlsx", &n);
    expect_fail(b, n, foi_xlsx_parse, "unsupported", "encrypted");
    free(b);
    b = slurp("tests/data/spreadsheet/noworkbook.xlsx", &n);
    expect_fail(b, n, foi_xlsx_parse, "unreadable", "workbook");
    free(b);
    b = slurp("tests/data/spreadsheet/reply.xlsx", &n);
    for (size_t cut = 0; cut < n; cut += n / 7 + 1)
        expect_fail(b, cut, foi_xlsx_parse, "unreadable", NULL); /* truncated */
    /* an XLSX given to the ODS reader */
    expect_fail(b, n, foi_ods_parse, "unreadable", "content.xml");
    free(b);
    b = slurp("tests/data/spreadsheet/padding.ods", &n);
    expect_fail(b, n / 2, foi_ods_parse, "unreadable", NULL);
    expect_fail(b, n, foi_xlsx_parse, "unreadable", "workbook");
    free(b);
    unsigned char junk[4096];
    srand(7);
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)rand();
    expect_fail(junk, sizeof junk, foi_xlsx_parse, "unreadable", NULL);
    expect_fail(junk, sizeof junk, foi_ods_parse, "unreadable", NULL);
    expect_fail((const unsigned char *)"", 0, foi_xlsx_parse, "unreadable", NULL);
    /* OLE compound files: a password-protected package, a legacy .xls */
    unsigned char ole[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    expect_fail(ole, sizeof ole, foi_xlsx_parse, "unsupported", "legacy");
    const char *name = "EncryptedPackage";
    for (size_t i = 0; name[i]; i++)
        ole[600 + 2 * i] = (unsigned char)name[i];
    expect_fail(ole, sizeof ole, foi_xlsx_parse, "unsupported", "encrypted");
}

/* ---- fault injection: every allocation of one parse fails in turn */

static void sweep(const char *path, parse_fn fn)
{
    size_t n;
    unsigned char *b = slurp(path, &n);
    long allocs = 0;
    {
        foi_arena *a = foi_arena_new();
        long before = foi_mem_count();
        foi_fail fail = {0};
        assert_non_null(fn(a, b, n, &fail));
        allocs = foi_mem_count() - before;
        foi_arena_free(a);
    }
    int trapped = 0, done = 0;
    for (long k = 1; k <= allocs; k++) {
        foi_arena *a = foi_arena_new();
        assert_non_null(a);
        foi_mem_fail_after(k);
        foi_fail fail = {0};
        if (FOI_ARENA_TRY(a)) {
            foi_doc *volatile d = fn(a, b, n, &fail);
            (void)d;
            done++;
        } else {
            trapped++;
        }
        foi_arena_untrap(a);
        foi_mem_fail_after(0);
        foi_arena_free(a);
    }
    assert_true(trapped > 0);
    assert_int_equal(trapped + done, allocs);
    free(b);
}

static void test_faults(void **state)
{
    (void)state;
    sweep("tests/data/spreadsheet/reply.xlsx", foi_xlsx_parse);
    sweep("tests/data/spreadsheet/padding.ods", foi_ods_parse);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_formats),   cmocka_unit_test(test_reply_workbook),
        cmocka_unit_test(test_dates_workbook),   cmocka_unit_test(test_ods_padding),
        cmocka_unit_test(test_huge_dimension),   cmocka_unit_test(test_fixtures_equal_html),
        cmocka_unit_test(test_zip_bomb),         cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_minimal_handmade), cmocka_unit_test(test_broken_files),
        cmocka_unit_test(test_faults),           cmocka_unit_test(test_rows_inside_tables),
        cmocka_unit_test(test_bullet_items),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
