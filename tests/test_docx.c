/* DOCX and ODT: the LibreOffice conversions of the HTML fixtures (fixtures/office/src) give the
 * HTML's grids and blocks; hand-made documents (tests/data/docx/make.py) cover Word's structures;
 * hostile and broken files give NULL and a reason; allocation failures unwind without leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "parsers/docx.h"
#include "parsers/html.h"
#include "parsers/sniff.h"
#include "util/str.h"
#include "tests/helpers.h"

typedef foi_doc *(*parse_fn)(foi_arena *, const unsigned char *, size_t, foi_fail *);

static foi_doc *parse_file(foi_arena *a, parse_fn fn, const char *path, foi_fail *fail)
{
    size_t n;
    unsigned char *b = slurp(path, &n);
    foi_doc *d = fn(a, b, n, fail);
    free(b);
    return d;
}

/* ---- same content as the HTML original ------------------------------------------------------ */

static const char *const FIXTURES[] = {
    "cleveland-foi-1204-24-tiktok-outcomes", "cumbria-disclosure-foi-0644-25",
    "kent-foi-2025-0412-tiktok-offences",    "north-wales-disclosure-foi-871-24",
    "staffordshire-FOI-11873-response",      "sussex-foi-1560-24-tiktok",
};

static void same_grids(const foi_doc *h, const foi_doc *d, const char *what)
{
    if (h->grids.n != d->grids.n) fail_msg("%s: %zu grids, html %zu", what, d->grids.n, h->grids.n);
    for (size_t gi = 0; gi < h->grids.n; gi++) {
        const foi_grid *x = h->grids.v[gi], *y = d->grids.v[gi];
        if (x->nrows != y->nrows || x->ncols != y->ncols)
            fail_msg("%s grid %zu: %dx%d, html %dx%d", what, gi + 1, y->nrows, y->ncols, x->nrows,
                     x->ncols);
        assert_string_equal(x->caption ? x->caption : "", y->caption ? y->caption : "");
        for (int r = 0; r < x->nrows; r++)
            for (int c = 0; c < x->ncols; c++) {
                const foi_cell *p = foi_grid_at(x, r, c), *q = foi_grid_at(y, r, c);
                if (strcmp(p->text, q->text) || p->header != q->header || p->copy != q->copy)
                    fail_msg("%s grid %zu r%d c%d: [%s]%d%d vs html [%s]%d%d", what, gi + 1, r, c,
                             q->text, q->header, q->copy, p->text, p->header, p->copy);
                /* span identity: same neighbours share an id */
                if (c) {
                    bool hx = p->span_id == foi_grid_at(x, r, c - 1)->span_id;
                    bool hy = q->span_id == foi_grid_at(y, r, c - 1)->span_id;
                    if (hx != hy)
                        fail_msg("%s grid %zu r%d c%d: horizontal span", what, gi + 1, r, c);
                }
                if (r) {
                    bool vx = p->span_id == foi_grid_at(x, r - 1, c)->span_id;
                    bool vy = q->span_id == foi_grid_at(y, r - 1, c)->span_id;
                    if (vx != vy)
                        fail_msg("%s grid %zu r%d c%d: vertical span", what, gi + 1, r, c);
                }
            }
    }
}

/* Every HTML block appears in the document, in order, with its kind and its place among the
 * grids.  The document may hold more: LibreOffice keeps the page chrome (menus, footer) that
 * html.c drops.  A bold-only line may be a heading where html.c missed the bold (Word's
 * <span><b>..</b><o:p></o:p></span>). */
static void same_blocks(const foi_doc *h, const foi_doc *d, const char *what)
{
    size_t j = 0;
    for (size_t i = 0; i < h->blocks.n; i++) {
        const foi_block *x = &h->blocks.v[i];
        while (j < d->blocks.n) {
            const foi_block *y = &d->blocks.v[j];
            bool kind_ok =
                x->kind == y->kind || (x->kind == FOI_BLOCK_PARA && y->kind == FOI_BLOCK_HEADING);
            if (kind_ok && !strcmp(y->text, x->text)) break;
            j++;
        }
        if (j == d->blocks.n)
            fail_msg("%s: block \"%s\" (kind %d) missing or out of order", what, x->text, x->kind);
        const foi_block *y = &d->blocks.v[j];
        assert_int_equal(x->after_grid, y->after_grid);
        assert_int_equal(y->line, 0);
        j++;
    }
}

static void test_fixtures_match_html(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof FIXTURES / sizeof *FIXTURES; i++) {
        foi_arena *a = foi_arena_new();
        char path[512];
        snprintf(path, sizeof path, "fixtures/office/src/%s.html", FIXTURES[i]);
        size_t n;
        unsigned char *b = slurp(path, &n);
        foi_decoded dec = foi_sniff_decode(a, b, n, path);
        free(b);
        foi_doc *h = foi_html_parse(a, dec.text, dec.len);
        assert_non_null(h);
        const char *dirs[] = {"docx", "odt"};
        parse_fn fns[] = {foi_docx_parse, foi_odt_parse};
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "fixtures/office/%s/%s.%s", dirs[k], FIXTURES[i], dirs[k]);
            foi_fail fail = {0};
            foi_doc *d = parse_file(a, fns[k], path, &fail);
            if (!d) fail_msg("%s: %s", path, fail.detail);
            same_grids(h, d, path);
            same_blocks(h, d, path);
            assert_string_equal(h->title ? h->title : "", d->title ? d->title : "");
            assert_non_null(d->text);
            char *where = foi_block_where(a, d, 0);
            assert_string_equal(where, "paragraph 1");
        }
        foi_arena_free(a);
    }
}

/* ---- hand-made documents -------------------------------------------------------------------- */

typedef struct want_block {
    const char *text;
    foi_block_kind kind;
    int after_grid;
} want_block;

static void expect_blocks(const foi_doc *d, const want_block *w, size_t n)
{
    if (d->blocks.n != n) {
        for (size_t i = 0; i < d->blocks.n; i++)
            print_message("  %d %s\n", d->blocks.v[i].kind, d->blocks.v[i].text);
        fail_msg("%zu blocks, want %zu", d->blocks.n, n);
    }
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(d->blocks.v[i].text, w[i].text);
        if (d->blocks.v[i].kind != w[i].kind)
            fail_msg("\"%s\": kind %d, want %d", w[i].text, d->blocks.v[i].kind, w[i].kind);
        assert_int_equal(d->blocks.v[i].after_grid, w[i].after_grid);
    }
}

/* rows of "|"-joined cells; a leading '*' marks a header, '~' a copy of a span */
static void expect_grid(const foi_grid *g, const char *const *rows, int nrows)
{
    assert_int_equal(g->nrows, nrows);
    for (int r = 0; r < nrows; r++) {
        const char *s = rows[r];
        for (int c = 0; c < g->ncols; c++) {
            const char *e = strchr(s, '|');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            bool head = len && *s == '*';
            if (head) s++, len--;
            bool copy = len && *s == '~';
            if (copy) s++, len--;
            const foi_cell *fc = foi_grid_at(g, r, c);
            if (strlen(fc->text) != len || strncmp(fc->text, s, len) || fc->header != head ||
                fc->copy != copy)
                fail_msg("r%d c%d: [%s] h%d c%d, want [%.*s] h%d c%d", r, c, fc->text, fc->header,
                         fc->copy, (int)len, s, head, copy);
            if (!e && c + 1 < g->ncols) fail_msg("row %d: %d cols, want %d", r, g->ncols, c + 1);
            s = e ? e + 1 : s + len;
        }
    }
}

static void test_letter_docx(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = parse_file(a, foi_docx_parse, "tests/data/docx/letter.docx", &fail);
    assert_non_null(d);
    assert_string_equal(d->title, "FOI 2024/123 reply");
    static const want_block want[] = {
        /* letterhead from two header parts, repeated line once; its table read as text */
        {"Kent Police", FOI_BLOCK_PARA, 0},
        {"Freedom of Information Unit", FOI_BLOCK_PARA, 0},
        {"Sutton Road, Maidstone", FOI_BLOCK_PARA, 0},
        {"Freedom of Information Request 2024/123", FOI_BLOCK_HEADING, 0},
        {"Loop styles do not hang", FOI_BLOCK_PARA, 0},
        {"Question 1", FOI_BLOCK_HEADING, 0},   /* bold runs */
        {"Your request", FOI_BLOCK_HEADING, 0}, /* bold character style */
        {"How many crimes mentioned Snapchat?", FOI_BLOCK_QUOTE, 0},
        {"Response", FOI_BLOCK_HEADING, 0}, /* outline level of a non-English style name */
        /* deletion, field code, hidden text dropped; insertion kept */
        {"There were 14 crimes.", FOI_BLOCK_PARA, 0},
        {"Stalking: 3", FOI_BLOCK_PARA, 0}, /* w:br splits, w:tab is a space */
        {"Harassment: 5", FOI_BLOCK_PARA, 0},
        {"Linked text", FOI_BLOCK_PARA, 0},
        {"Malicious Communications: 4", FOI_BLOCK_ITEM, 0}, /* numPr */
        {"Stalking: 2", FOI_BLOCK_ITEM, 0},                 /* List Paragraph */
        {"Blackmail: 1", FOI_BLOCK_ITEM, 0},                /* Symbol bullet via w:sym */
        {"The original wording continues here", FOI_BLOCK_QUOTE, 0},
        {"Inside a content control", FOI_BLOCK_PARA, 0},
        {"Between tables", FOI_BLOCK_PARA, 1},
        {"Layout cell text", FOI_BLOCK_PARA, 2}, /* a table holding a table is layout */
        {"Yours sincerely", FOI_BLOCK_PARA, 3},
        {"Figures under 5 are suppressed.", FOI_BLOCK_PARA, 3}, /* footnote, at the end */
    };
    expect_blocks(d, want, sizeof want / sizeof *want);
    assert_int_equal(d->grids.n, 3);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(g->caption, "Table 1: Crimes by year");
    static const char *const g1[] = {
        "*Offence|*Year|*~Year", "*~Offence|*2022|*2023", "Stalking|3|4",
        "~Stalking|5|6",         "Total|~Total|~Total",
    };
    expect_grid(g, g1, 5);
    assert_int_equal(foi_grid_at(g, 0, 1)->span_id, foi_grid_at(g, 0, 2)->span_id);
    assert_int_equal(foi_grid_at(g, 2, 0)->span_id, foi_grid_at(g, 3, 0)->span_id);
    assert_int_not_equal(foi_grid_at(g, 2, 1)->span_id, foi_grid_at(g, 3, 1)->span_id);
    static const char *const g2[] = {"*Year|*Crimes", "2021|7"};
    expect_grid(d->grids.v[1], g2, 2);
    assert_string_equal(d->grids.v[1]->context, "Between tables");
    static const char *const g3[] = {"Outcome|Count", "Charged|2"};
    expect_grid(d->grids.v[2], g3, 2);
    assert_string_equal(foi_grid_where(a, g, 3, 2), "table 1, row 4, col 3");
    assert_string_equal(foi_block_where(a, d, 9), "paragraph 10");
    foi_arena_free(a);
}

static void test_reply_odt(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = parse_file(a, foi_odt_parse, "tests/data/docx/reply.odt", &fail);
    assert_non_null(d);
    assert_string_equal(d->title, "ODT reply");
    static const want_block want[] = {
        {"Sussex Police", FOI_BLOCK_PARA, 0}, /* master page header, first-page copy dropped */
        {"Information Access", FOI_BLOCK_PARA, 0},
        {"Freedom of Information Request 1560/24", FOI_BLOCK_HEADING, 0},
        {"Question 2", FOI_BLOCK_HEADING, 0},         /* bold span */
        {"There were 14 crimes.", FOI_BLOCK_PARA, 0}, /* tracked deletion not read */
        {"Line one", FOI_BLOCK_PARA, 0},
        {"Line two end", FOI_BLOCK_PARA, 0},
        {"Stalking: 2", FOI_BLOCK_ITEM, 0},
        {"Nested item", FOI_BLOCK_ITEM, 0},
        {"Quoted request", FOI_BLOCK_QUOTE, 0}, /* style inherits Quotations */
        {"The end", FOI_BLOCK_PARA, 2},
        {"Small numbers are suppressed.", FOI_BLOCK_PARA, 2}, /* note body at the end */
    };
    expect_blocks(d, want, sizeof want / sizeof *want);
    assert_int_equal(d->grids.n, 2);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(g->caption, "Crimes by year"); /* centred line before the table */
    static const char *const g1[] = {"*Offence|*Year|*~Year", "*~Offence|*2022|*2023",
                                     "Stalking|3|3", "||"};
    expect_grid(g, g1, 4); /* a million repeated empty rows/columns: one row, trimmed */
    /* a million claimed columns and rows of text: capped, and said so */
    const foi_grid *big = d->grids.v[1];
    assert_true(big->ncols <= FOI_DOCX_MAX_COLS);
    assert_true((size_t)big->nrows * (size_t)big->ncols <= FOI_DOCX_MAX_CELLS);
    bool noted = false;
    for (size_t i = 0; i < d->meta.n; i++)
        if (!strncmp(d->meta.v[i], "truncated\t", 10)) noted = true;
    assert_true(noted);
    foi_arena_free(a);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    /* content controls nested past our depth: bounded, the rest of the body still read */
    foi_doc *d = parse_file(a, foi_docx_parse, "tests/data/docx/deep.docx", &fail);
    assert_non_null(d);
    assert_true(d->blocks.n >= 1);
    assert_string_equal(d->blocks.v[d->blocks.n - 1].text, "after");
    foi_arena_free(a);
}

/* ---- broken and hostile files --------------------------------------------------------------- */

typedef struct bad_case {
    const char *path;
    parse_fn fn;
    const char *status;
    const char *detail_has;
} bad_case;

static void test_broken_files(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"tests/data/docx/no-document.docx", foi_docx_parse, "unreadable", "word/document.xml"},
        {"tests/data/docx/bad-xml.docx", foi_docx_parse, "unreadable", "not well-formed"},
        {"tests/data/docx/too-deep.docx", foi_docx_parse, "unreadable", "not well-formed"},
        {"tests/data/docx/encrypted.docx", foi_docx_parse, "unsupported", "password"},
        {"tests/data/docx/encrypted.odt", foi_odt_parse, "unsupported", "encrypted"},
        {"tests/data/docx/not-text.odt", foi_odt_parse, "unreadable", "text body"},
        {"tests/data/docx/letter.docx", foi_odt_parse, "unreadable", "content.xml"},
        {"tests/data/docx/reply.odt", foi_docx_parse, "unreadable", "word/document.xml"},
        {"fixtures/office/src/kent-foi-2025-0412-tiktok-offences.html", foi_docx_parse,
         "unreadable", "zip"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        foi_fail fail = {0};
        foi_doc *d = parse_file(a, cases[i].fn, cases[i].path, &fail);
        if (d) fail_msg("%s: parsed", cases[i].path);
        assert_non_null(fail.status);
        assert_string_equal(fail.status, cases[i].status);
        if (!foi_strcasestr(fail.detail, cases[i].detail_has))
            fail_msg("%s: detail \"%s\"", cases[i].path, fail.detail);
        foi_arena_free(a);
    }
}

static void test_truncated_and_junk(void **state)
{
    (void)state;
    const char *paths[] = {"tests/data/docx/letter.docx",
                           "fixtures/office/odt/kent-foi-2025-0412-tiktok-offences.odt"};
    parse_fn fns[] = {foi_docx_parse, foi_odt_parse};
    for (int k = 0; k < 2; k++) {
        size_t n;
        unsigned char *b = slurp(paths[k], &n);
        size_t cuts[] = {0, 1, 4, 22, 100, n / 3, n / 2, n - 22, n - 1};
        for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
            foi_arena *a = foi_arena_new();
            foi_fail fail = {0};
            foi_doc *d = fns[k](a, b, cuts[i], &fail);
            if (d) fail_msg("%s cut at %zu: parsed", paths[k], cuts[i]);
            assert_string_equal(fail.status, "unreadable");
            foi_arena_free(a);
        }
        /* flipped bytes in the middle: NULL or a document, never a crash */
        for (size_t pos = 30; pos < n; pos += n / 17 + 1) {
            unsigned char *c = malloc(n);
            memcpy(c, b, n);
            c[pos] ^= 0x5a;
            foi_arena *a = foi_arena_new();
            foi_fail fail = {0};
            foi_doc *d = fns[k](a, c, n, &fail);
            if (!d) assert_non_null(fail.status);
            foi_arena_free(a);
            free(c);
        }
        free(b);
    }
    unsigned char junk[4096];
    unsigned s = 12345;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)((s = s * 1103515245u + 12345u) >> 16);
    memcpy(junk, "PK\x03\x04", 4);
    for (int k = 0; k < 2; k++) {
        foi_arena *a = foi_arena_new();
        foi_fail fail = {0};
        assert_null(fns[k](a, junk, sizeof junk, &fail));
        assert_string_equal(fail.status, "unreadable");
        foi_arena_free(a);
    }
}

/* A zip written at test time with libzip: entries (name, data, len), optionally encrypted. */
static unsigned char *make_zip(const char *const *names, const char *const *data,
                               const size_t *lens, int n, bool encrypt, size_t *out_len)
{
    char path[] = "/tmp/foitab-docx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (int i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, data[i], lens[i], 0);
        assert_non_null(src);
        zip_int64_t idx = zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        if (encrypt)
            assert_int_equal(
                zip_file_set_encryption(z, (zip_uint64_t)idx, ZIP_EM_AES_256, "secret"), 0);
    }
    assert_int_equal(zip_close(z), 0);
    unsigned char *b = slurp(path, out_len);
    unlink(path);
    return b;
}

static void test_zip_bomb(void **state)
{
    (void)state;
    /* 80 MB of spaces inside a valid document compresses to well under 1 MB */
    const char *head = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                       "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>";
    size_t big = 80u * 1024 * 1024;
    char *doc = malloc(big);
    assert_non_null(doc);
    memset(doc, ' ', big);
    memcpy(doc, head, strlen(head));
    const char *names[] = {"word/document.xml"};
    const char *data[] = {doc};
    size_t lens[] = {big};
    size_t n;
    unsigned char *zipb = make_zip(names, data, lens, 1, false, &n);
    free(doc);
    assert_true(n < 1024 * 1024);
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    assert_null(foi_docx_parse(a, zipb, n, &fail));
    assert_string_equal(fail.status, "unreadable");
    assert_true(foi_arena_used(a) < 64u * 1024 * 1024);
    foi_arena_free(a);
    free(zipb);
}

static void test_encrypted_entry(void **state)
{
    (void)state;
    const char *doc =
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
        "2006/main\"><w:body><w:p><w:r><w:t>42</w:t></w:r></w:p></w:body></w:document>";
    const char *names[] = {"word/document.xml", "content.xml"};
    const char *data[] = {doc, doc};
    size_t lens[] = {strlen(doc), strlen(doc)};
    size_t n;
    unsigned char *zipb = make_zip(names, data, lens, 2, true, &n);
    parse_fn fns[] = {foi_docx_parse, foi_odt_parse};
    for (int k = 0; k < 2; k++) {
        foi_arena *a = foi_arena_new();
        foi_fail fail = {0};
        assert_null(fns[k](a, zipb, n, &fail));
        assert_string_equal(fail.status, "unsupported");
        foi_arena_free(a);
    }
    free(zipb);
    /* the same entry unencrypted reads */
    zipb = make_zip(names, data, lens, 1, false, &n);
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    foi_doc *d = foi_docx_parse(a, zipb, n, &fail);
    assert_non_null(d);
    assert_int_equal(d->blocks.n, 1);
    assert_string_equal(d->blocks.v[0].text, "42");
    foi_arena_free(a);
    free(zipb);
}

/* ---- navigation columns of saved web pages --------------------------------------------------- */

static bool has_block(const foi_doc *d, const char *text)
{
    for (size_t i = 0; i < d->blocks.n; i++)
        if (!strcmp(d->blocks.v[i].text, text)) return true;
    return false;
}

/* A layout table (one row: a side cell, then the reply with its data table) as LibreOffice
 * saves a web page.  A side cell of link paragraphs and short headings is the site's
 * navigation and is dropped (its "2023 (285)" are link counts); any other side cell is read. */
static void test_navigation_column(void **state)
{
    (void)state;
#define WP(x) "<w:p><w:r><w:t>" x "</w:t></w:r></w:p>"
#define WL(x) "<w:p><w:hyperlink r:id=\"l\"><w:r><w:t>" x "</w:t></w:r></w:hyperlink></w:p>"
#define OP(x) "<text:p>" x "</text:p>"
#define OL(x) "<text:p><text:a xlink:href=\"/x\">" x "</text:a></text:p>"
    static const struct {
        bool odt;
        const char *side;
        bool kept; /* "2023 (285)" read as a block */
    } cases[] = {
        {false, WP("Disclosure log archive") WL("2023 (285)") WL("2022 (600)"), false},
        {false, WL("2023 (285)") WL("2022 (600)") WL("FOI 1152/22 - Sexting offences"), false},
        /* the same words without links: text of the reply, kept */
        {false, WP("Disclosure log archive") WP("2023 (285)") WP("2022 (600)"), true},
        /* one link is not a menu */
        {false, WP("Crimes by year") WL("2023 (285)") WP("2022 (600)"), true},
        /* a sentence without a link: the cell is prose, kept */
        {false,
         WL("2023 (285)") WL("2022 (600)")
             WP("Crimes recorded in 2023 are shown against the year of the report."),
         true},
        {true, OP("Disclosure log archive") OL("2023 (285)") OL("2022 (600)"), false},
        {true, OP("Disclosure log archive") OP("2023 (285)") OP("2022 (600)"), true},
    };
    static const char DOCX_HEAD[] =
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<w:body><w:tbl><w:tr><w:tc>";
    static const char
        DOCX_TAIL[] = "</w:tc><w:tc>" WP("Tiktok related offences") "<w:tbl><w:tr><w:tc>" WP("Year") "</w:tc><w:tc>" WP(
            "Crimes") "</w:tc></w:tr><w:tr><w:tc>" WP("2021") "</w:tc><w:tc>" WP("12") "</w:tc></"
                                                                                       "w:tr></"
                                                                                       "w:tbl></"
                                                                                       "w:tc></"
                                                                                       "w:tr></"
                                                                                       "w:tbl></"
                                                                                       "w:body>"
                                                                                       "</"
                                                                                       "w:"
                                                                                       "document>";
    static const char ODT_HEAD[] =
        "<office:document-content "
        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
        "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
        "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><office:body><office:text>"
        "<table:table><table:table-row><table:table-cell>";
    static const char ODT_TAIL[] = "</table:table-cell><table:table-cell>" OP(
        "Tiktok related offences") "<table:table><table:table-row><table:table-"
                                   "cell>" OP(
                                       "Year") "</"
                                               "table:table-cell><table:table-"
                                               "cell>" OP(
                                                   "Crimes") "</"
                                                             "table:"
                                                             "table-cell>"
                                                             "</"
                                                             "table:"
                                                             "table-row><"
                                                             "table:"
                                                             "table-row><"
                                                             "table:"
                                                             "table-"
                                                             "cell>" OP("2021") "</"
                                                                                "table:table-cell><"
                                                                                "table:table-"
                                                                                "cell>" OP(
                                                                                    "12") "</"
                                                                                          "table:"
                                                                                          "table-"
                                                                                          "cell></"
                                                                                          "table:"
                                                                                          "table-"
                                                                                          "row></"
                                                                                          "table:"
                                                                                          "table></"
                                                                                          "table:"
                                                                                          "table-"
                                                                                          "cell>"
                                                                                          "</"
                                                                                          "table:"
                                                                                          "table-"
                                                                                          "row></"
                                                                                          "table:"
                                                                                          "table></"
                                                                                          "office:"
                                                                                          "text></"
                                                                                          "office:"
                                                                                          "body></"
                                                                                          "office:"
                                                                                          "document"
                                                                                          "-content"
                                                                                          ">";
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char doc[4096];
        snprintf(doc, sizeof doc, "%s%s%s", cases[i].odt ? ODT_HEAD : DOCX_HEAD, cases[i].side,
                 cases[i].odt ? ODT_TAIL : DOCX_TAIL);
        const char *names[] = {cases[i].odt ? "content.xml" : "word/document.xml"};
        const char *data[] = {doc};
        size_t lens[] = {strlen(doc)};
        size_t n;
        unsigned char *zipb = make_zip(names, data, lens, 1, false, &n);
        foi_arena *a = foi_arena_new();
        foi_fail fail = {0};
        foi_doc *d = (cases[i].odt ? foi_odt_parse : foi_docx_parse)(a, zipb, n, &fail);
        if (!d) fail_msg("case %zu: %s: %s", i, fail.status, fail.detail);
        if (has_block(d, "2023 (285)") != cases[i].kept)
            fail_msg("case %zu: side cell %s", i, cases[i].kept ? "dropped" : "kept");
        /* the reply beside it is read whatever happens to the side cell */
        assert_true(has_block(d, "Tiktok related offences"));
        assert_int_equal(d->grids.n, 1);
        assert_string_equal(foi_grid_at(d->grids.v[0], 1, 1)->text, "12");
        foi_arena_free(a);
        free(zipb);
    }
#undef WP
#undef WL
#undef OP
#undef OL
}

/* ---- allocation failures -------------------------------------------------------------------- */

static void sweep(const char *path, parse_fn fn)
{
    size_t n;
    unsigned char *b = slurp(path, &n);
    long before = foi_mem_count();
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    assert_non_null(fn(a, b, n, &fail));
    foi_arena_free(a);
    long allocs = foi_mem_count() - before;
    int trapped = 0, done = 0;
    for (long k = 1; k <= allocs + 1; k++) {
        a = foi_arena_new();
        assert_non_null(a);
        foi_mem_fail_after(k);
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
    assert_true(done > 0);
    free(b);
}

static void test_faults(void **state)
{
    (void)state;
    sweep("tests/data/docx/letter.docx", foi_docx_parse);
    sweep("tests/data/docx/reply.odt", foi_odt_parse);
    sweep("fixtures/office/docx/north-wales-disclosure-foi-871-24.docx", foi_docx_parse);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_match_html),
        cmocka_unit_test(test_letter_docx),
        cmocka_unit_test(test_reply_odt),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_broken_files),
        cmocka_unit_test(test_truncated_and_junk),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_encrypted_entry),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_navigation_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
