/* output/xlsx: the consolidated workbook.
 *
 * Sheets: Summary, Records, Offences, Outcomes, Coverage, Review, Sources, About.  Pivots use
 * one figure per (force, platform, period, offence, outcome) key: when several replies state
 * it, the latest reply (by reply date, then file order) wins, so repeated requests are not
 * counted twice.  Derived figures (sums the tool computes) are labelled and never mixed up
 * with stated ones.
 */
#include "output/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "util/mem.h"
#include "util/str.h"

/* Above this many records the workbook is streamed row by row (constant_memory). */
#define FOI_XLSX_STREAM_ROWS 20000
/* Excel's limit on the characters in one cell. */
#define FOI_XLSX_CELL_MAX 32767

/* Calendar and financial years are the comparable periods the pivots tabulate; anything else
 * (multi-year totals, to-date, part-year) is listed apart. */
enum { PERIOD_CALENDAR, PERIOD_FINANCIAL, PERIOD_OTHER };

typedef struct period {
    const char *start, *end, *label;
    int kind;
} period;

typedef struct period_vec {
    period *v;
    size_t n, cap;
    size_t ncal, nstd; /* calendar years come first, then financial years, then the rest */
} period_vec;

/* A pivot cell: stated figures and the sum of derived parts, as bounds. */
typedef struct cell {
    const foi_record *stated;
    bool conflict;   /* two stated figures with different values */
    long smin, smax; /* sum of parts (max -1 = unknown) */
    int nparts;
} cell;

typedef struct ctx {
    foi_arena *a;
    const foi_result *res;
    lxw_workbook *wb;
    lxw_format *title, *note, *hdr, *num, *der_num, *der_txt, *wrap, *bold;
    long *rank;       /* per record: rank of its reply (higher = newer) */
    bool *use;        /* per record: the figure the pivots use */
    bool records_cut; /* more records than Excel has rows */
    lxw_format *link_fmt;
    long links; /* hyperlinks written so far */
} ctx;

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Valid UTF-8 (invalid bytes become U+FFFD) within Excel's cell limit (libxlsxwriter refuses
 * longer strings). */
static const char *fit(ctx *c, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = 0, l;
    while (u[k] && (l = foi_utf8_seq(u + k, 4)) != 0)
        k += l;
    if (u[k]) {
        foi_buf b;
        foi_buf_init(&b, c->a);
        for (k = 0; u[k];) {
            l = foi_utf8_seq(u + k, 4);
            if (l) {
                foi_buf_add(&b, s + k, l);
                k += l;
            } else {
                foi_buf_puts(&b, "\xef\xbf\xbd");
                k++;
            }
        }
        s = b.s;
    }
    size_t n = strlen(s);
    if (n <= FOI_XLSX_CELL_MAX) return s;
    size_t chars = 0, i = 0;
    for (; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == FOI_XLSX_CELL_MAX) break;
            chars++;
        }
    }
    return i == n ? s : foi_strndup(c->a, s, i);
}

static void put_str(ctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const char *s,
                    lxw_format *f)
{
    if (!s || !*s) {
        if (f) worksheet_write_blank(ws, r, col, f);
        return;
    }
    worksheet_write_string(ws, r, col, fit(c, s), f);
}

enum { RECORD_LINKS_MAX = 20000 }; /* rows of Records that all get links (memory, below) */

/* The reply's file name as a relative link, so one click opens it.  Excel caps a URL at 255
 * characters and a sheet at 65,530 links: past those the name is plain text. */
static bool put_link(ctx *c, lxw_worksheet *ws, lxw_row_t r, const char *file)
{
    if (!c->res->link_base || !file || !*file || c->links >= 65000) return false;
    const char *base = c->res->link_base;
    char *url = *base ? foi_sprintf(c->a, "external:%s/%s", base, file)
                      : foi_sprintf(c->a, "external:%s", file);
    if (strlen(url) > 250 || strchr(file, '#')) return false;
    if (worksheet_write_url_opt(ws, r, 0, url, c->link_fmt, fit(c, file), NULL) != LXW_NO_ERROR)
        return false;
    /* libxlsxwriter turns '/' into '\\' in the shown text too; the link keeps Windows
     * separators (what Excel writes), the cell shows the path as records.csv has it */
    worksheet_write_string(ws, r, 0, fit(c, file), c->link_fmt);
    c->links++;
    return true;
}

static void put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, long v, lxw_format *f)
{
    worksheet_write_number(ws, r, col, (double)v, f);
}

/* Bounds as a number when exact, else as text ("1–4", "≥3"). */
static void put_bounds(ctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, long lo, long hi,
                       lxw_format *fnum, lxw_format *ftxt)
{
    if (lo == hi)
        put_num(ws, r, col, lo, fnum);
    else if (hi < 0)
        put_str(c, ws, r, col, foi_sprintf(c->a, "\xe2\x89\xa5%ld", lo), ftxt);
    else
        put_str(c, ws, r, col, foi_sprintf(c->a, "%ld\xe2\x80\x93%ld", lo, hi), ftxt);
}

static void header_row(ctx *c, lxw_worksheet *ws, lxw_row_t r, const char *const *names,
                       const double *widths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_str(c, ws, r, (lxw_col_t)i, names[i], c->hdr);
        if (widths) worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
    }
}

/* Freeze the header and put an autofilter over header + data. */
static void table_finish(lxw_worksheet *ws, lxw_row_t hdr, size_t nrows, size_t ncols,
                         lxw_col_t freeze_cols)
{
    worksheet_freeze_panes(ws, hdr + 1, freeze_cols);
    if (ncols) worksheet_autofilter(ws, hdr, 0, (lxw_row_t)(hdr + nrows), (lxw_col_t)(ncols - 1));
}

/* ---- reply ranks and the figures the pivots use ---- */

typedef struct src_ref {
    const char *file;
    long rank;
} src_ref;

static int src_ref_cmp(const void *x, const void *y)
{
    return strcmp(((const src_ref *)x)->file, ((const src_ref *)y)->file);
}

static int src_date_cmp(const void *x, const void *y, void *arg)
{
    const foi_result *sort_res = arg;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int d = strcmp(nz(sort_res->sources.v[i].reply_date), nz(sort_res->sources.v[j].reply_date));
    if (d) return d;
    return (i > j) - (i < j);
}

static int force_cmp(const foi_record *x, const foi_record *y)
{
    int d = strcmp(nz(x->force), nz(y->force));
    return d ? d : strcmp(nz(x->force_code), nz(y->force_code));
}

/* The dimensions of a figure: records equal here state the same figure. */
static int dims_cmp(const foi_record *x, const foi_record *y)
{
    int d = force_cmp(x, y);
    if (!d) d = strcmp(nz(x->platform), nz(y->platform));
    if (!d) d = strcmp(nz(x->period_start), nz(y->period_start));
    if (!d) d = strcmp(nz(x->period_end), nz(y->period_end));
    if (!d) d = strcmp(nz(x->offence_code), nz(y->offence_code));
    if (!d) d = strcmp(nz(x->offence_subcode), nz(y->offence_subcode));
    if (!d) d = strcmp(nz(x->outcome_code), nz(y->outcome_code));
    return d;
}

static int dims_idx_cmp(const void *x, const void *y, void *arg)
{
    const foi_result *sort_res = arg;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int d = dims_cmp(&sort_res->records.v[i], &sort_res->records.v[j]);
    return d ? d : (i > j) - (i < j);
}

static void choose_figures(ctx *c)
{
    const foi_result *res = c->res;
    size_t ns = res->sources.n, nr = res->records.n;
    size_t *ord = foi_alloc(c->a, (ns + 1) * sizeof *ord);
    for (size_t i = 0; i < ns; i++)
        ord[i] = i;
    qsort_r(ord, ns, sizeof *ord, src_date_cmp, (void *)res);
    src_ref *refs = foi_alloc(c->a, (ns + 1) * sizeof *refs);
    for (size_t k = 0; k < ns; k++)
        refs[k] = (src_ref){nz(res->sources.v[ord[k]].file), (long)k};
    qsort(refs, ns, sizeof *refs, src_ref_cmp);

    c->rank = foi_alloc(c->a, (nr + 1) * sizeof *c->rank);
    c->use = foi_alloc(c->a, (nr + 1) * sizeof *c->use);
    size_t *idx = foi_alloc(c->a, (nr + 1) * sizeof *idx);
    for (size_t i = 0; i < nr; i++) {
        src_ref key = {nz(res->records.v[i].file), 0};
        const src_ref *hit = ns ? bsearch(&key, refs, ns, sizeof *refs, src_ref_cmp) : NULL;
        c->rank[i] = hit ? hit->rank : -1;
        idx[i] = i;
    }
    qsort_r(idx, nr, sizeof *idx, dims_idx_cmp, (void *)res);
    for (size_t g = 0; g < nr;) {
        size_t e = g + 1;
        while (e < nr && dims_cmp(&res->records.v[idx[g]], &res->records.v[idx[e]]) == 0)
            e++;
        long best = -2;
        const char *best_file = NULL;
        for (size_t k = g; k < e; k++) {
            if (c->rank[idx[k]] > best) {
                best = c->rank[idx[k]];
                best_file = nz(res->records.v[idx[k]].file);
            }
        }
        /* Unknown files share rank -1: keep only the first of them, by file name. */
        for (size_t k = g; k < e; k++)
            c->use[idx[k]] =
                c->rank[idx[k]] == best && strcmp(nz(res->records.v[idx[k]].file), best_file) == 0;
        g = e;
    }
}

/* ---- periods ---- */

static int year_of(const char *date)
{
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (date[i] < '0' || date[i] > '9') return -1;
        y = y * 10 + (date[i] - '0');
    }
    return y;
}

static int period_kind(const char *s, const char *e)
{
    if (strlen(s) != 10 || strlen(e) != 10) return PERIOD_OTHER;
    int y1 = year_of(s), y2 = year_of(e);
    if (y1 < 0 || y2 < 0) return PERIOD_OTHER;
    if (y1 == y2 && !strcmp(s + 4, "-01-01") && !strcmp(e + 4, "-12-31")) return PERIOD_CALENDAR;
    if (y2 == y1 + 1 && !strcmp(s + 4, "-04-01") && !strcmp(e + 4, "-03-31"))
        return PERIOD_FINANCIAL;
    return PERIOD_OTHER;
}

static int period_cmp(const void *x, const void *y)
{
    const period *p = x, *q = y;
    if (p->kind != q->kind) return p->kind < q->kind ? -1 : 1;
    int d = strcmp(p->start, q->start);
    if (d) return d;
    /* open-ended (no end) after closed ones with the same start */
    if (!*p->end != !*q->end) return *p->end ? -1 : 1;
    return strcmp(p->end, q->end);
}

static const char *period_label(ctx *c, const char *s, const char *e)
{
    int y1, m1, d1, y2, m2, d2;
    bool has1 = sscanf(s, "%4d-%2d-%2d", &y1, &m1, &d1) == 3;
    bool has2 = sscanf(e, "%4d-%2d-%2d", &y2, &m2, &d2) == 3;
    if (!has1) return *s ? s : "(no period)";
    if (has2 && y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31)
        return foi_sprintf(c->a, "%d", y1);
    if (has2 && y2 == y1 + 1 && m1 == 4 && d1 == 1 && m2 == 3 && d2 == 31)
        return foi_sprintf(c->a, "%d/%02d", y1, y2 % 100);
    if (!*e) return foi_sprintf(c->a, "%s to date", s);
    return foi_sprintf(c->a, "%s to %s", s, e);
}

static void periods_add(ctx *c, period_vec *pv, const foi_record *r)
{
    period p = {nz(r->period_start), nz(r->period_end), NULL, 0};
    p.kind = period_kind(p.start, p.end);
    FOI_VEC_PUSH(c->a, *pv, p);
}

static void periods_finish(ctx *c, period_vec *pv)
{
    if (!pv->n) return;
    qsort(pv->v, pv->n, sizeof *pv->v, period_cmp);
    size_t w = 0;
    for (size_t i = 0; i < pv->n; i++)
        if (w == 0 || period_cmp(&pv->v[w - 1], &pv->v[i]) != 0) pv->v[w++] = pv->v[i];
    pv->n = w;
    for (size_t i = 0; i < w; i++) {
        pv->v[i].label = period_label(c, pv->v[i].start, pv->v[i].end);
        pv->ncal += pv->v[i].kind == PERIOD_CALENDAR;
        pv->nstd += pv->v[i].kind != PERIOD_OTHER;
    }
}

static size_t period_find(const period_vec *pv, const foi_record *r)
{
    period key = {nz(r->period_start), nz(r->period_end), NULL, 0};
    key.kind = period_kind(key.start, key.end);
    const period *p = bsearch(&key, pv->v, pv->n, sizeof *pv->v, period_cmp);
    return (size_t)(p - pv->v);
}

/* ---- generic pivot: rows by a comparator, columns by period ---- */

typedef int (*row_cmp_fn)(const foi_record *x, const foi_record *y);

typedef struct pivot {
    period_vec per;
    FOI_VEC(const foi_record *) rows; /* one representative per row */
    cell *cells;                      /* rows.n * per.n */
} pivot;

static int rec_ptr_cmp(const void *x, const void *y, void *arg)
{
    row_cmp_fn sort_row_cmp = *(row_cmp_fn *)arg;
    const foi_record *p = *(const foi_record *const *)x, *q = *(const foi_record *const *)y;
    int d = sort_row_cmp(p, q);
    return d ? d : (p > q) - (p < q);
}

static size_t row_find(const pivot *pv, row_cmp_fn cmp, const foi_record *r)
{
    size_t lo = 0, hi = pv->rows.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int d = cmp(pv->rows.v[mid], r);
        if (d == 0) return mid;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

/* Rows and periods from the records that pass keep(). */
static void pivot_init(ctx *c, pivot *pv, row_cmp_fn cmp, bool (*keep)(const foi_record *))
{
    memset(pv, 0, sizeof *pv);
    FOI_VEC(const foi_record *) all = {0};
    for (size_t i = 0; i < c->res->records.n; i++) {
        const foi_record *r = &c->res->records.v[i];
        if (!c->use[i] || !keep(r)) continue;
        FOI_VEC_PUSH(c->a, all, r);
        periods_add(c, &pv->per, r);
    }
    periods_finish(c, &pv->per);
    if (all.n) qsort_r(all.v, all.n, sizeof *all.v, rec_ptr_cmp, &cmp);
    for (size_t i = 0; i < all.n; i++)
        if (pv->rows.n == 0 || cmp(pv->rows.v[pv->rows.n - 1], all.v[i]) != 0)
            FOI_VEC_PUSH(c->a, pv->rows, all.v[i]);
    pv->cells = foi_alloc(c->a, (pv->rows.n * pv->per.n + 1) * sizeof *pv->cells);
}

static cell *pivot_cell(pivot *pv, row_cmp_fn cmp, const foi_record *r)
{
    size_t row = row_find(pv, cmp, r);
    if (row == SIZE_MAX) return NULL;
    return &pv->cells[row * pv->per.n + period_find(&pv->per, r)];
}

static void cell_add_part(cell *x, const foi_record *r)
{
    if (x->nparts == 0) {
        x->smin = 0;
        x->smax = 0;
    }
    x->nparts++;
    x->smin += r->count_min;
    if (x->smax >= 0) x->smax = r->count_max >= 0 ? x->smax + r->count_max : -1;
}

static void period_header(ctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t first,
                          const period_vec *pv, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        put_str(c, ws, r, (lxw_col_t)(first + p), pv->v[p].label, c->hdr);
        worksheet_set_column(ws, (lxw_col_t)(first + p), (lxw_col_t)(first + p), 13, NULL);
    }
}

/* ---- Summary ---- */

static bool is_all(const char *code)
{
    return code && strcmp(code, "ALL") == 0;
}

static bool keep_summary(const foi_record *r)
{
    return is_all(r->outcome_code);
}

static int summary_row_cmp(const foi_record *x, const foi_record *y)
{
    int d = force_cmp(x, y);
    return d ? d : strcmp(nz(x->platform), nz(y->platform));
}

/* A sub-code row is part of its code's row: skip it when the code's own row is there. */
typedef struct code_key {
    size_t cell;
    const char *code;
} code_key;

static int code_key_cmp(const void *x, const void *y)
{
    const code_key *p = x, *q = y;
    if (p->cell != q->cell) return p->cell < q->cell ? -1 : 1;
    return strcmp(p->code, q->code);
}

static int str_ptr_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Write one Summary cell.  Returns 1 stated, 2 derived, -1 conflict, 0 empty; *lo and *hi get
 * the figure's bounds when it is one. */
/* A Summary cell's figure without writing it: 1 stated, 2 derived, -1 conflict, 0 empty. */
static int cell_value(const cell *x, long *lo, long *hi)
{
    if (x->conflict) return -1;
    if (x->stated) {
        *lo = x->stated->count_min;
        *hi = x->stated->count_max;
        return 1;
    }
    if (x->nparts) {
        *lo = x->smin;
        *hi = x->smax;
        return 2;
    }
    return 0;
}

static int summary_put(ctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const cell *x,
                       long *lo, long *hi)
{
    if (x->conflict) {
        put_str(c, ws, r, col, "conflict: see Review", c->der_txt);
        return -1;
    }
    if (x->stated) {
        *lo = x->stated->count_min;
        *hi = x->stated->count_max;
        if (x->stated->exact)
            put_num(ws, r, col, x->stated->count, c->num);
        else
            put_str(c, ws, r, col, x->stated->value, NULL);
        return 1;
    }
    if (x->nparts) {
        *lo = x->smin;
        *hi = x->smax;
        put_bounds(c, ws, r, col, *lo, *hi, c->der_num, c->der_txt);
        return 2;
    }
    return 0;
}

/* ---- Summary charts beyond the trend: forces ranked, offences stacked ---- */

static int natural_cmp(const char *x, const char *y);
static bool keep_offence(const foi_record *r);

typedef struct rank_item {
    const foi_record *rep;
    long lo, hi;
    int kind; /* 1 stated, 2 derived */
} rank_item;

static int rank_item_cmp(const void *x, const void *y)
{
    const rank_item *p = x, *q = y;
    if (p->lo != q->lo) return p->lo > q->lo ? -1 : 1;
    return force_cmp(p->rep, q->rep);
}

/* National offence sums for one platform and one kind of year (sub-codes and unmapped
 * wordings left out: they are parts of, or unknown to, the code rows). */
typedef struct stack_row {
    const foi_record *rep;
    long *lo;  /* per period in the block */
    bool *has; /* per period: some force gave a figure */
} stack_row;

static int stack_rep_cmp(const void *x, const void *y)
{
    const foi_record *p = *(const foi_record *const *)x, *q = *(const foi_record *const *)y;
    return natural_cmp(p->offence_code, q->offence_code);
}

/* A full year is complete once it ended before the workbook's creation day. */
static bool period_complete(const ctx *c, const period *p)
{
    if (p->kind == PERIOD_OTHER || !*p->end) return false;
    const char *made = c->res->created;
    if (foi_blank(made) || strlen(made) < 10) return true;
    return strncmp(p->end, made, 10) < 0;
}

static void write_summary(ctx *c, lxw_worksheet *ws)
{
    pivot pv;
    pivot_init(c, &pv, summary_row_cmp, keep_summary);
    size_t np = pv.per.n, nstd = pv.per.nstd, nrow = pv.rows.n;

    FOI_VEC(code_key) plain = {0};
    for (size_t i = 0; i < c->res->records.n; i++) {
        const foi_record *r = &c->res->records.v[i];
        if (!c->use[i] || !keep_summary(r) || is_all(r->offence_code) ||
            !foi_blank(r->offence_subcode))
            continue;
        cell *x = pivot_cell(&pv, summary_row_cmp, r);
        code_key k = {(size_t)(x - pv.cells), nz(r->offence_code)};
        FOI_VEC_PUSH(c->a, plain, k);
    }
    if (plain.n) qsort(plain.v, plain.n, sizeof *plain.v, code_key_cmp);
    for (size_t i = 0; i < c->res->records.n; i++) {
        const foi_record *r = &c->res->records.v[i];
        if (!c->use[i] || !keep_summary(r)) continue;
        cell *x = pivot_cell(&pv, summary_row_cmp, r);
        if (is_all(r->offence_code)) {
            if (!x->stated)
                x->stated = r;
            else if (x->stated->count_min != r->count_min || x->stated->count_max != r->count_max)
                x->conflict = true;
            continue;
        }
        if (!foi_blank(r->offence_subcode)) {
            code_key k = {(size_t)(x - pv.cells), nz(r->offence_code)};
            if (plain.n && bsearch(&k, plain.v, plain.n, sizeof *plain.v, code_key_cmp)) continue;
        }
        cell_add_part(x, r);
    }

    put_str(c, ws, 0, 0, "Headline figure: offence ALL and outcome ALL, by force and period",
            c->title);
    put_str(c, ws, 1, 0,
            "Plain numbers are totals the force stated. Italic grey = derived: the sum of the "
            "force's offence rows, computed by foitab because the force stated no total. Text "
            "is a suppressed figure as written or a range of bounds.",
            c->note);
    put_str(c, ws, 2, 0,
            "Calendar years, then financial years (April to March); other periods are listed "
            "below the chart. Where several replies give the same figure, the latest reply is "
            "used.",
            c->note);
    const lxw_row_t hr = 4;
    static const char *const heads[] = {"Force", "Force code", "Platform", "Basis"};
    static const double widths[] = {34, 12, 12, 12};
    header_row(c, ws, hr, heads, widths, 4);
    period_header(c, ws, hr, 4, &pv.per, nstd);

    /* National totals are per platform: crimes linked to different platforms do not add up
     * to one meaningful figure. */
    FOI_VEC(const char *) plats = {0};
    for (size_t row = 0; row < nrow; row++)
        FOI_VEC_PUSH(c->a, plats, nz(pv.rows.v[row]->platform));
    if (plats.n) qsort(plats.v, plats.n, sizeof *plats.v, str_ptr_cmp);
    size_t npl = 0;
    for (size_t i = 0; i < plats.n; i++)
        if (npl == 0 || strcmp(plats.v[npl - 1], plats.v[i]) != 0) plats.v[npl++] = plats.v[i];
    plats.n = npl;
    size_t nat_sz = npl * nstd + 1;
    long *nat_min = foi_alloc(c->a, nat_sz * sizeof *nat_min);
    long *nat_max = foi_alloc(c->a, nat_sz * sizeof *nat_max);
    int *nat_n = foi_alloc(c->a, nat_sz * sizeof *nat_n);
    for (size_t row = 0; row < nrow; row++) {
        const foi_record *rep = pv.rows.v[row];
        lxw_row_t r = (lxw_row_t)(hr + 1 + row);
        put_str(c, ws, r, 0, foi_blank(rep->force) ? "(unknown force)" : rep->force, NULL);
        put_str(c, ws, r, 1, rep->force_code, NULL);
        put_str(c, ws, r, 2, rep->platform, NULL);
        const char *const *pl = bsearch(&(const char *){nz(rep->platform)}, plats.v, plats.n,
                                        sizeof *plats.v, str_ptr_cmp);
        size_t base = (size_t)(pl - plats.v) * nstd;
        int nstated = 0, nderived = 0;
        for (size_t p = 0; p < nstd; p++) {
            long lo, hi;
            int k = summary_put(c, ws, r, (lxw_col_t)(4 + p), &pv.cells[row * np + p], &lo, &hi);
            if (k <= 0) continue;
            nstated += k == 1;
            nderived += k == 2;
            nat_n[base + p]++;
            nat_min[base + p] += lo;
            if (nat_max[base + p] >= 0) nat_max[base + p] = hi >= 0 ? nat_max[base + p] + hi : -1;
        }
        put_str(c, ws, r, 3,
                nderived  ? (nstated ? "mixed" : "derived")
                : nstated ? "stated"
                          : "other periods",
                NULL);
    }
    table_finish(ws, hr, nrow, 4 + nstd, 1);

    /* per platform: lower bound, upper bound, forces contributing */
    lxw_row_t nr = (lxw_row_t)(hr + 1 + nrow + 1);
    for (size_t k = 0; k < npl; k++) {
        lxw_row_t r0 = (lxw_row_t)(nr + 3 * k);
        const char *pn = *plats.v[k] ? plats.v[k] : "(no platform)";
        static const char *const what[] = {"National total (lower bound)",
                                           "National total (upper bound)", "Forces contributing"};
        /* row by row: constant_memory mode drops writes to rows already left */
        for (lxw_row_t line = 0; line < 3; line++) {
            put_str(c, ws, r0 + line, 0, what[line], c->bold);
            put_str(c, ws, r0 + line, 2, pn, c->bold);
            for (size_t p = 0; p < nstd; p++) {
                size_t i = k * nstd + p;
                lxw_col_t col = (lxw_col_t)(4 + p);
                if (line == 2)
                    put_num(ws, r0 + 2, col, nat_n[i], NULL);
                else if (nat_n[i] == 0)
                    continue; /* no figure is not zero */
                else if (line == 0)
                    put_num(ws, r0, col, nat_min[i], c->num);
                else if (nat_max[i] >= 0)
                    put_num(ws, r0 + 1, col, nat_max[i], c->num);
                else
                    put_str(c, ws, r0 + 1, col, "unknown", NULL);
            }
        }
    }
    lxw_row_t after = (lxw_row_t)(nr + 3 * npl);
    put_str(c, ws, after, 0,
            "National totals, per platform, add stated and derived figures; forces that did not "
            "reply or gave no figure for a period are not in that period's total.",
            c->note);

    /* The platform most figures are about carries the ranked and stacked charts: figures
     * for different platforms are not one series. */
    size_t mp = SIZE_MAX;
    int mp_n = 0;
    for (size_t k = 0; k < npl; k++) {
        int n = 0;
        for (size_t p = 0; p < nstd; p++)
            n += nat_n[k * nstd + p];
        if (n > mp_n) {
            mp_n = n;
            mp = k;
        }
    }
    const char *mpn = mp == SIZE_MAX ? "" : *plats.v[mp] ? plats.v[mp] : "(no platform)";

    /* Forces ranked for the latest complete year with a figure. */
    size_t lp = SIZE_MAX;
    for (size_t p = 0; mp != SIZE_MAX && p < nstd; p++)
        if (nat_n[mp * nstd + p] && period_complete(c, &pv.per.v[p]) &&
            (lp == SIZE_MAX || strcmp(pv.per.v[p].end, pv.per.v[lp].end) > 0))
            lp = p;
    FOI_VEC(rank_item) ranked = {0};
    bool rank_ranged = false;
    for (size_t row = 0; lp != SIZE_MAX && row < nrow; row++) {
        const foi_record *rep = pv.rows.v[row];
        if (foi_blank(rep->force) || strcmp(nz(rep->platform), plats.v[mp]) != 0) continue;
        rank_item it = {rep, 0, 0, 0};
        it.kind = cell_value(&pv.cells[row * np + lp], &it.lo, &it.hi);
        if (it.kind <= 0) continue;
        rank_ranged = rank_ranged || it.hi != it.lo;
        FOI_VEC_PUSH(c->a, ranked, it);
    }
    if (ranked.n) qsort(ranked.v, ranked.n, sizeof *ranked.v, rank_item_cmp);

    /* Offences stacked: the kind of year with more periods (calendar on a tie). */
    size_t sp0 = 0, sp1 = pv.per.ncal;
    if (nstd - pv.per.ncal > pv.per.ncal) {
        sp0 = pv.per.ncal;
        sp1 = nstd;
    }
    size_t sn = sp1 - sp0;
    FOI_VEC(const foi_record *) codes = {0};
    for (size_t i = 0; mp != SIZE_MAX && sn && i < c->res->records.n; i++) {
        const foi_record *r = &c->res->records.v[i];
        if (!c->use[i] || !keep_offence(r) || foi_blank(r->offence_code) ||
            !foi_blank(r->offence_subcode) || strcmp(nz(r->platform), plats.v[mp]) != 0)
            continue;
        size_t p = period_find(&pv.per, r);
        if (p < sp0 || p >= sp1) continue;
        FOI_VEC_PUSH(c->a, codes, r);
    }
    if (codes.n) qsort(codes.v, codes.n, sizeof *codes.v, stack_rep_cmp);
    FOI_VEC(stack_row) stack = {0};
    for (size_t i = 0; i < codes.n; i++) {
        const foi_record *r = codes.v[i];
        if (!stack.n || natural_cmp(stack.v[stack.n - 1].rep->offence_code, r->offence_code)) {
            stack_row sr = {r, foi_alloc(c->a, sn * sizeof(long)), foi_alloc(c->a, sn)};
            memset(sr.lo, 0, sn * sizeof(long));
            memset(sr.has, 0, sn);
            FOI_VEC_PUSH(c->a, stack, sr);
        }
        size_t p = period_find(&pv.per, r) - sp0;
        stack.v[stack.n - 1].lo[p] += r->count_min;
        stack.v[stack.n - 1].has[p] = true;
    }
    /* Excel's limit on series in one chart. */
    if (stack.n > 255) stack.n = 255;

    /* One trend chart per kind of year: calendar and financial years do not share an axis.
     * One line per platform (its lower bound: equal to the total when nothing is suppressed).
     * The ranked and stacked charts sit beside them; their data is listed at the end. */
    lxw_row_t next = after + 2;
    const lxw_row_t band = next;
    size_t blocks[2][2] = {{0, pv.per.ncal}, {pv.per.ncal, nstd}};
    static const char *const titles[] = {"National trend, calendar years",
                                         "National trend, financial years"};
    lxw_col_t chart_col = 0;
    for (int b = 0; b < 2; b++) {
        size_t p0 = blocks[b][0], p1 = blocks[b][1];
        if (p0 >= p1 || npl == 0) continue;
        lxw_chart *ch = workbook_add_chart(c->wb, LXW_CHART_LINE);
        if (!ch) continue;
        lxw_col_t c0 = (lxw_col_t)(4 + p0), c1 = (lxw_col_t)(4 + p1 - 1);
        for (size_t k = 0; k < npl && k < 12; k++) {
            bool ranged = false;
            for (size_t p = p0; p < p1; p++)
                ranged = ranged || nat_max[k * nstd + p] != nat_min[k * nstd + p];
            lxw_row_t r0 = (lxw_row_t)(nr + 3 * k);
            lxw_chart_series *sr = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(sr, "Summary", hr, c0, hr, c1);
            chart_series_set_values(sr, "Summary", r0, c0, r0, c1);
            const char *pn = *plats.v[k] ? plats.v[k] : "(no platform)";
            chart_series_set_name(sr, ranged ? foi_sprintf(c->a, "%s (lower bound)", pn) : pn);
        }
        chart_title_set_name(ch, titles[b]);
        chart_axis_set_name(ch->y_axis, "Crimes recorded");
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
        worksheet_insert_chart(ws, next, chart_col, ch);
        chart_col = (lxw_col_t)(chart_col + 8);
    }
    lxw_col_t rank_col = chart_col;
    if (ranked.n) chart_col = (lxw_col_t)(chart_col + 12);
    lxw_col_t stack_col = chart_col;
    if (stack.n) chart_col = (lxw_col_t)(chart_col + 10);
    if (chart_col) next += 17;

    if (np != nstd) {
        put_str(c, ws, next++, 0,
                "Other periods: multi-year totals, to-date and part-year figures (not comparable "
                "across forces)",
                c->title);
        static const char *const oheads[] = {"Force",  "Force code", "Platform",
                                             "Period", "Basis",      "Figure"};
        for (size_t k = 0; k < 6; k++)
            put_str(c, ws, next, (lxw_col_t)k, oheads[k], c->hdr);
        next++;
        for (size_t row = 0; row < nrow; row++) {
            const foi_record *rep = pv.rows.v[row];
            for (size_t p = nstd; p < np; p++) {
                cell *x = &pv.cells[row * np + p];
                if (!x->stated && !x->nparts && !x->conflict) continue;
                long lo, hi;
                int k = summary_put(c, ws, next, 5, x, &lo, &hi);
                put_str(c, ws, next, 0, foi_blank(rep->force) ? "(unknown force)" : rep->force,
                        NULL);
                put_str(c, ws, next, 1, rep->force_code, NULL);
                put_str(c, ws, next, 2, rep->platform, NULL);
                put_str(c, ws, next, 3, pv.per.v[p].label, NULL);
                put_str(c, ws, next, 4, k == 1 ? "stated" : k == 2 ? "derived" : "conflict", NULL);
                next++;
            }
        }
        next++;
    }

    if (ranked.n) {
        const char *pl = pv.per.v[lp].label;
        put_str(c, ws, next++, 0,
                foi_sprintf(c->a, "Forces ranked, %s (%s): the latest complete year", pl, mpn),
                c->title);
        static const char *const rheads[] = {"Force", "Force code", "Basis", "Lower bound",
                                             "Upper bound"};
        lxw_row_t rh = next++;
        for (size_t k = 0; k < 5; k++)
            put_str(c, ws, rh, (lxw_col_t)k, rheads[k], c->hdr);
        for (size_t i = 0; i < ranked.n; i++, next++) {
            const rank_item *it = &ranked.v[i];
            put_str(c, ws, next, 0, it->rep->force, NULL);
            put_str(c, ws, next, 1, it->rep->force_code, NULL);
            put_str(c, ws, next, 2, it->kind == 1 ? "stated" : "derived", NULL);
            lxw_format *f = it->kind == 1 ? c->num : c->der_num;
            put_num(ws, next, 3, it->lo, f);
            if (it->hi >= 0)
                put_num(ws, next, 4, it->hi, f);
            else
                put_str(c, ws, next, 4, "unknown", NULL);
        }
        lxw_chart *ch = workbook_add_chart(c->wb, LXW_CHART_COLUMN);
        if (ch) {
            lxw_chart_series *sr = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(sr, "Summary", rh + 1, 0, (lxw_row_t)(rh + ranked.n), 0);
            chart_series_set_values(sr, "Summary", rh + 1, 3, (lxw_row_t)(rh + ranked.n), 3);
            chart_series_set_name(sr,
                                  rank_ranged ? foi_sprintf(c->a, "%s (lower bound)", mpn) : mpn);
            chart_title_set_name(ch, foi_sprintf(c->a, "Forces ranked, %s", pl));
            chart_axis_set_name(ch->y_axis, "Crimes recorded");
            chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
            lxw_chart_options opt = {.x_scale = 1.5, .y_scale = 1};
            worksheet_insert_chart_opt(ws, band, rank_col, ch, &opt);
        }
        next++;
    }

    if (stack.n) {
        put_str(c, ws, next++, 0,
                foi_sprintf(c->a,
                            "Offences by period, all forces (%s, %s years): sums of the forces' "
                            "code rows, lower bounds; sub-codes and unmapped wordings left out",
                            mpn, sp0 == 0 ? "calendar" : "financial"),
                c->title);
        lxw_row_t sh = next++;
        put_str(c, ws, sh, 0, "Offence code", c->hdr);
        put_str(c, ws, sh, 1, "Offence", c->hdr);
        for (size_t p = 0; p < sn; p++)
            put_str(c, ws, sh, (lxw_col_t)(2 + p), pv.per.v[sp0 + p].label, c->hdr);
        lxw_chart *ch = workbook_add_chart(c->wb, LXW_CHART_COLUMN_STACKED);
        for (size_t i = 0; i < stack.n; i++, next++) {
            const stack_row *sr = &stack.v[i];
            put_str(c, ws, next, 0, sr->rep->offence_code, NULL);
            put_str(c, ws, next, 1, sr->rep->offence, NULL);
            for (size_t p = 0; p < sn; p++)
                if (sr->has[p]) put_num(ws, next, (lxw_col_t)(2 + p), sr->lo[p], c->num);
            if (!ch) continue;
            lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(se, "Summary", sh, 2, sh, (lxw_col_t)(2 + sn - 1));
            chart_series_set_values(se, "Summary", next, 2, next, (lxw_col_t)(2 + sn - 1));
            chart_series_set_name_range(se, "Summary", next, 0);
        }
        if (ch) {
            chart_title_set_name(ch, foi_sprintf(c->a, "Offences by period (%s)", mpn));
            chart_axis_set_name(ch->y_axis, "Crimes recorded (lower bound)");
            chart_legend_set_position(ch, LXW_CHART_LEGEND_RIGHT);
            worksheet_insert_chart(ws, band, stack_col, ch);
        }
    }
}

/* ---- Offences and Outcomes (national pivots) ---- */

/* Codes in natural order ("8Q" < "86" < "88A"); OTHER, then unmapped, last. */
static int code_rank(const char *s)
{
    if (!s || !*s) return 3;
    if (strcmp(s, "OTHER") == 0) return 2;
    if (strcmp(s, "PENDING") == 0) return 1;
    return 0;
}

static int natural_cmp(const char *x, const char *y)
{
    int d = code_rank(x) - code_rank(y);
    if (d) return d;
    x = nz(x);
    y = nz(y);
    long nx = strtol(x, NULL, 10), ny = strtol(y, NULL, 10);
    if (nx != ny) return nx < ny ? -1 : 1;
    return strcmp(x, y);
}

static bool std_period(const foi_record *r)
{
    return period_kind(nz(r->period_start), nz(r->period_end)) != PERIOD_OTHER;
}

/* National pivots tabulate calendar and financial years only. */
static bool keep_offence(const foi_record *r)
{
    return is_all(r->outcome_code) && !is_all(r->offence_code) && std_period(r);
}

static int offence_row_cmp(const foi_record *x, const foi_record *y)
{
    int d = natural_cmp(x->offence_code, y->offence_code);
    if (!d) d = strcmp(nz(x->offence_subcode), nz(y->offence_subcode));
    /* unmapped wordings each get their own row */
    if (!d && foi_blank(x->offence_code)) d = strcmp(nz(x->offence_raw), nz(y->offence_raw));
    return d;
}

static bool keep_outcome(const foi_record *r)
{
    return is_all(r->offence_code) && !is_all(r->outcome_code) && std_period(r);
}

static int outcome_row_cmp(const foi_record *x, const foi_record *y)
{
    int d = natural_cmp(x->outcome_code, y->outcome_code);
    if (!d && foi_blank(x->outcome_code)) d = strcmp(nz(x->outcome_raw), nz(y->outcome_raw));
    return d;
}

static void write_national(ctx *c, lxw_worksheet *ws, bool offences)
{
    row_cmp_fn cmp = offences ? offence_row_cmp : outcome_row_cmp;
    pivot pv;
    pivot_init(c, &pv, cmp, offences ? keep_offence : keep_outcome);
    size_t np = pv.per.n;
    for (size_t i = 0; i < c->res->records.n; i++) {
        const foi_record *r = &c->res->records.v[i];
        if (!c->use[i] || !(offences ? keep_offence(r) : keep_outcome(r))) continue;
        cell *x = pivot_cell(&pv, cmp, r);
        cell_add_part(x, r);
    }

    put_str(c, ws, 0, 0,
            offences ? "Offences by period, all forces (outcome ALL figures)"
                     : "Outcomes by period, all forces (offence ALL figures)",
            c->title);
    put_str(c, ws, 1, 0,
            offences ? "Sums of the forces' stated figures. A sub-code row is part of its code's "
                       "row; do not add them. Ranges come from suppressed figures."
                     : "Sums of the forces' stated figures. Ranges come from suppressed figures.",
            c->note);
    put_str(c, ws, 2, 0,
            "Calendar years, then financial years (April to March). Figures for other periods "
            "(multi-year totals, to-date, part-year) are on Records only.",
            c->note);
    const lxw_row_t hr = 3;
    lxw_col_t first;
    if (offences) {
        static const char *const heads[] = {"Offence code", "Sub-code", "Offence"};
        static const double widths[] = {12, 10, 48};
        header_row(c, ws, hr, heads, widths, 3);
        first = 3;
    } else {
        static const char *const heads[] = {"Outcome code", "Outcome"};
        static const double widths[] = {12, 48};
        header_row(c, ws, hr, heads, widths, 2);
        first = 2;
    }
    period_header(c, ws, hr, first, &pv.per, np);
    for (size_t row = 0; row < pv.rows.n; row++) {
        const foi_record *rep = pv.rows.v[row];
        lxw_row_t r = (lxw_row_t)(hr + 1 + row);
        if (offences) {
            put_str(c, ws, r, 0, foi_blank(rep->offence_code) ? "(unmapped)" : rep->offence_code,
                    NULL);
            put_str(c, ws, r, 1, rep->offence_subcode, NULL);
            put_str(c, ws, r, 2, foi_blank(rep->offence_code) ? rep->offence_raw : rep->offence,
                    NULL);
        } else {
            put_str(c, ws, r, 0, foi_blank(rep->outcome_code) ? "(unmapped)" : rep->outcome_code,
                    NULL);
            const char *name = rep->outcome;
            if (foi_blank(rep->outcome_code))
                name = rep->outcome_raw;
            else if (foi_blank(name) && strchr(rep->outcome_code, '+'))
                name = foi_sprintf(c->a, "Outcome types %s (stated as one category)",
                                   rep->outcome_code);
            put_str(c, ws, r, 1, name, NULL);
        }
        for (size_t p = 0; p < np; p++) {
            cell *x = &pv.cells[row * np + p];
            if (x->nparts)
                put_bounds(c, ws, r, (lxw_col_t)(first + p), x->smin, x->smax, c->num, NULL);
        }
    }
    table_finish(ws, hr, pv.rows.n, first + np, first);
}

/* ---- Records ---- */

static void write_records(ctx *c, lxw_worksheet *ws)
{
    static const char *const heads[] = {
        "file",    "force_code",   "force",           "platform", "period_start", "period_end",
        "period",  "offence_code", "offence_subcode", "offence",  "offence_raw",  "outcome_code",
        "outcome", "outcome_raw",  "value",           "count",    "count_min",    "count_max",
        "where"};
    static const double widths[] = {40, 11, 26, 11, 12, 12, 14, 12, 14, 34,
                                    34, 12, 30, 30, 8,  8,  10, 10, 22};
    header_row(c, ws, 0, heads, widths, 19);
    size_t n = c->res->records.n;
    /* Excel's row limit; records.csv always has every record */
    if (n > LXW_ROW_MAX - 1) {
        n = LXW_ROW_MAX - 1;
        c->records_cut = true;
    }
    /* A link costs libxlsxwriter about 2 KB until the workbook is packaged: a big run links
     * each reply once, on its first figure, rather than every row. */
    bool link_every_row = n <= RECORD_LINKS_MAX;
    const char *linked = NULL;
    for (size_t i = 0; i < n; i++) {
        const foi_record *r = &c->res->records.v[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        bool link = link_every_row || !linked || strcmp(linked, r->file) != 0;
        if (link) linked = r->file;
        const char *s[] = {
            r->file,        r->force_code,   r->force,        r->platform,        r->period_start,
            r->period_end,  r->period,       r->offence_code, r->offence_subcode, r->offence,
            r->offence_raw, r->outcome_code, r->outcome,      r->outcome_raw,     r->value};
        for (size_t k = 0; k < 15; k++)
            if (k || !link || !put_link(c, ws, row, r->file))
                put_str(c, ws, row, (lxw_col_t)k, s[k], NULL);
        if (r->exact) put_num(ws, row, 15, r->count, c->num);
        put_num(ws, row, 16, r->count_min, c->num);
        if (r->count_max >= 0) put_num(ws, row, 17, r->count_max, c->num);
        put_str(c, ws, row, 18, r->where, NULL);
    }
    table_finish(ws, 0, n, 19, 1);
}

/* ---- Coverage (one row per force seen in sources) ---- */

static int status_rank(const char *s)
{
    static const char *const order[] = {"data",       "nil",        "not_held",    "refused",
                                        "no_figures", "unreadable", "unsupported", "duplicate"};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (s && strcmp(s, order[i]) == 0) return (int)i;
    return (int)(sizeof order / sizeof *order);
}

static int src_force_cmp(const void *x, const void *y, void *arg)
{
    const foi_result *sort_res = arg;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const foi_source *p = &sort_res->sources.v[i], *q = &sort_res->sources.v[j];
    /* unknown force last */
    int d = foi_blank(p->force) - foi_blank(q->force);
    if (!d) d = strcmp(nz(p->force), nz(q->force));
    if (!d) d = strcmp(nz(p->force_code), nz(q->force_code));
    return d ? d : (i > j) - (i < j);
}

/* Append s to a "+"- or "; "-joined list unless already there. */
static void join_add(foi_buf *b, const char *s, const char *sep)
{
    if (foi_blank(s)) return;
    const char *p = b->s ? b->s : "";
    size_t n = strlen(s), sl = strlen(sep);
    for (const char *q = p; *q;) {
        const char *e = strstr(q, sep);
        size_t len = e ? (size_t)(e - q) : strlen(q);
        if (len == n && memcmp(q, s, n) == 0) return;
        q = e ? e + sl : q + len;
    }
    if (b->len) foi_buf_puts(b, sep);
    foi_buf_puts(b, s);
}

static const char *status_text(const char *status)
{
    static const struct {
        const char *k, *v;
    } t[] = {{"data", "replied with figures"},
             {"nil", "nil return"},
             {"not_held", "information not held"},
             {"refused", "refused"},
             {"no_figures", "replied, no figures found (review)"},
             {"unreadable", "unreadable reply (review)"},
             {"unsupported", "unsupported format (review)"},
             {"duplicate", "duplicate file"}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (status && strcmp(status, t[i].k) == 0) return t[i].v;
    return nz(status);
}

static void write_coverage(ctx *c, lxw_worksheet *ws)
{
    const foi_result *res = c->res;
    size_t ns = res->sources.n;
    size_t *ord = foi_alloc(c->a, (ns + 1) * sizeof *ord);
    for (size_t i = 0; i < ns; i++)
        ord[i] = i;
    qsort_r(ord, ns, sizeof *ord, src_force_cmp, (void *)res);

    static const char *const heads[] = {
        "Force",   "Force code",   "Coverage",          "Status",     "Refusal", "Replies",
        "Records", "Review items", "Latest reply date", "References", "Files"};
    static const double widths[] = {34, 12, 30, 14, 12, 8, 9, 12, 16, 30, 50};
    header_row(c, ws, 0, heads, widths, 11);
    size_t row = 0;
    for (size_t g = 0; g < ns;) {
        const foi_source *s0 = &res->sources.v[ord[g]];
        size_t e = g + 1;
        while (e < ns) {
            const foi_source *s = &res->sources.v[ord[e]];
            if (strcmp(nz(s->force), nz(s0->force)) ||
                strcmp(nz(s->force_code), nz(s0->force_code)))
                break;
            e++;
        }
        const char *best = NULL, *date = "";
        long recs = 0, revs = 0, replies = 0;
        foi_buf refusal, refs, files, statuses;
        foi_buf_init(&refusal, c->a);
        foi_buf_init(&refs, c->a);
        foi_buf_init(&files, c->a);
        foi_buf_init(&statuses, c->a);
        for (size_t k = g; k < e; k++) {
            const foi_source *s = &res->sources.v[ord[k]];
            if (!best || status_rank(s->status) < status_rank(best)) best = s->status;
            if (strcmp(nz(s->status), "duplicate") != 0) replies++;
            join_add(&statuses, s->status, "+");
            recs += s->records;
            revs += s->review_items;
            if (strcmp(nz(s->reply_date), date) > 0) date = s->reply_date;
            const char *refusal_list = nz(s->refusal);
            /* refusal is itself "+"-joined: add its parts one by one */
            while (*refusal_list) {
                const char *plus = strchr(refusal_list, '+');
                size_t len = plus ? (size_t)(plus - refusal_list) : strlen(refusal_list);
                join_add(&refusal, foi_strndup(c->a, refusal_list, len), "+");
                refusal_list += len + (plus ? 1 : 0);
            }
            join_add(&refs, s->reference, "; ");
            join_add(&files, s->file, "; ");
        }
        lxw_row_t r = (lxw_row_t)(row + 1);
        put_str(c, ws, r, 0, foi_blank(s0->force) ? "(unknown force)" : s0->force, NULL);
        put_str(c, ws, r, 1, s0->force_code, NULL);
        put_str(c, ws, r, 2, status_text(best), NULL);
        put_str(c, ws, r, 3, statuses.s, NULL);
        put_str(c, ws, r, 4, refusal.s, NULL);
        put_num(ws, r, 5, replies, NULL);
        put_num(ws, r, 6, recs, NULL);
        put_num(ws, r, 7, revs, NULL);
        put_str(c, ws, r, 8, date, NULL);
        put_str(c, ws, r, 9, refs.s, NULL);
        put_str(c, ws, r, 10, files.s, NULL);
        row++;
        g = e;
    }
    /* every force the rules know that sent nothing: the ones to chase */
    for (size_t f = 0; f < res->nforces; f++) {
        const foi_force_ref *fr = &res->forces[f];
        bool seen = false;
        for (size_t i = 0; i < ns && !seen; i++)
            seen = !strcmp(nz(res->sources.v[i].force), nz(fr->name)) &&
                   !strcmp(nz(res->sources.v[i].force_code), nz(fr->code));
        if (seen) continue;
        lxw_row_t r = (lxw_row_t)(row + 1);
        put_str(c, ws, r, 0, fr->name, NULL);
        put_str(c, ws, r, 1, fr->code, NULL);
        put_str(c, ws, r, 2, "no reply yet", NULL);
        put_num(ws, r, 5, 0, NULL);
        put_num(ws, r, 6, 0, NULL);
        put_num(ws, r, 7, 0, NULL);
        row++;
    }
    table_finish(ws, 0, row, 11, 1);
}

/* ---- Review (sorted by kind, then file) ---- */

static int review_cmp(const void *x, const void *y, void *arg)
{
    const foi_result *sort_res = arg;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    const foi_review *p = &sort_res->review.v[i], *q = &sort_res->review.v[j];
    int d = strcmp(nz(p->kind), nz(q->kind));
    if (!d) d = strcmp(nz(p->file), nz(q->file));
    return d ? d : (i > j) - (i < j);
}

static void write_review(ctx *c, lxw_worksheet *ws)
{
    const foi_result *res = c->res;
    size_t n = res->review.n;
    size_t *ord = foi_alloc(c->a, (n + 1) * sizeof *ord);
    for (size_t i = 0; i < n; i++)
        ord[i] = i;
    qsort_r(ord, n, sizeof *ord, review_cmp, (void *)res);
    static const char *const heads[] = {"file", "where", "kind", "detail", "suggestion"};
    static const double widths[] = {40, 22, 22, 70, 50};
    header_row(c, ws, 0, heads, widths, 5);
    for (size_t i = 0; i < n; i++) {
        const foi_review *v = &res->review.v[ord[i]];
        const char *s[] = {v->file, v->where, v->kind, v->detail, v->suggestion};
        for (size_t k = 0; k < 5; k++)
            put_str(c, ws, (lxw_row_t)(i + 1), (lxw_col_t)k, s[k], NULL);
    }
    table_finish(ws, 0, n, 5, 0);
}

/* ---- Sources ---- */

static void write_sources(ctx *c, lxw_worksheet *ws)
{
    static const char *const heads[] = {"file",       "sha256",  "format",     "encoding",
                                        "force_code", "force",   "reply_date", "reference",
                                        "status",     "refusal", "records",    "review_items"};
    static const double widths[] = {40, 18, 8, 12, 11, 26, 12, 18, 11, 10, 8, 12};
    header_row(c, ws, 0, heads, widths, 12);
    for (size_t i = 0; i < c->res->sources.n; i++) {
        const foi_source *s = &c->res->sources.v[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        const char *t[] = {s->file,  s->sha256,     s->format,    s->encoding, s->force_code,
                           s->force, s->reply_date, s->reference, s->status,   s->refusal};
        for (size_t k = 0; k < 10; k++)
            put_str(c, ws, r, (lxw_col_t)k, t[k], NULL);
        put_num(ws, r, 10, s->records, NULL);
        put_num(ws, r, 11, s->review_items, NULL);
    }
    table_finish(ws, 0, c->res->sources.n, 12, 1);
}

/* ---- About ---- */

static void write_about(ctx *c, lxw_worksheet *ws)
{
    const foi_result *res = c->res;
    worksheet_set_column(ws, 0, 0, 26, NULL);
    worksheet_set_column(ws, 1, 1, 110, c->wrap);
    lxw_row_t r = 0;
    put_str(c, ws, r++, 0, "About this workbook", c->title);
    r++;
#define ROW(k, v)                                                                                  \
    do {                                                                                           \
        put_str(c, ws, r, 0, (k), c->bold);                                                        \
        put_str(c, ws, r, 1, (v), c->wrap);                                                        \
        r++;                                                                                       \
    } while (0)
    ROW("Tool", foi_sprintf(c->a, "foitab %s", nz(res->version)));
    ROW("Created", nz(res->created));
    ROW("Rule tables", nz(res->rules_summary));
    ROW("Rules hash (SHA-256)", nz(res->rules_hash));
    ROW("Replies read", foi_sprintf(c->a, "%zu files, %zu records, %zu review items",
                                    res->sources.n, res->records.n, res->review.n));
    if (c->records_cut)
        ROW("Records sheet", "Truncated at Excel's row limit: records.csv has every record.");
    r++;
    put_str(c, ws, r++, 0, "Definitions", c->hdr);
    ROW("Record", "One figure from one reply, with five dimensions: force, platform, period, "
                  "offence, outcome. Records lists every figure with a locator (table/row/col or "
                  "line) into the reply it came from.");
    ROW("ALL", "The figure is not broken down by that dimension: a figure in an offences-by-year "
               "table has outcome ALL; a stated Total row has offence ALL.");
    ROW("OTHER", "A residual category the reply itself states (\"Other\", \"All other "
                 "offences\"); not a sum computed by foitab.");
    ROW("PENDING", "Outcome not yet assigned: Home Office outcome type 0, \"under "
                   "investigation\", \"awaiting outcome\".");
    ROW("Empty code", "Wording the rules could not place; listed on the Review sheet.");
    ROW("Offence codes", "Home Office offence classification at the level of the recorded-crime "
                         "tables (8Q, 8R, 88A); offence_subcode is the Counting Rules "
                         "class/sub-class (071/17) and always rolls up to offence_code.");
    ROW("Outcome codes", "Home Office crime outcomes framework types 1 to 22 (1A/2A/3A count as "
                         "1/2/3); 15+16 for a category that spans several types.");
    ROW("Derived", "A sum computed by foitab (Summary: the force's offence rows when it stated "
                   "no total; national totals). Derived figures are never records.");
    r++;
    put_str(c, ws, r++, 0, "Suppressed figures", c->hdr);
    ROW("Bounds", "Suppressed values (<5, *, 1-4, fewer than 5, redacted) are shown as written "
                  "with count empty and their bounds in count_min and count_max: <5 gives 1 and "
                  "4; * gives the bounds the reply's footnote states, else 1 and its threshold "
                  "minus one. An empty count_max means the upper bound is unknown.");
    ROW("Sums", "Sums that include suppressed figures are ranges (lower to upper bound); a "
                "range with an unknown upper bound is shown as \xe2\x89\xa5 the lower bound.");
    r++;
    put_str(c, ws, r++, 0, "Caveats", c->hdr);
    ROW("Keyword searches", "Forces usually find platform-linked crimes by searching free text "
                            "for the platform's name; such searches over-count (a mention is "
                            "not a use) and under-count (misspellings, no mention). Methods "
                            "differ between forces.");
    ROW("Periods", "Periods differ between forces: calendar years, financial years (April to "
                   "March), and to-date periods ending on the reply date. Only compare figures "
                   "for the same period.");
    ROW("Repeated replies", "When several replies state the same figure, summary sheets use the "
                            "latest reply (by reply date); Records keeps every figure.");
    ROW("Coverage", "Coverage lists every force the rule tables know: those that replied (with "
                    "their statuses) and, marked \"no reply yet\", those to chase.");
    ROW("Links", "The file column names the reply relative to the input folder and links to "
                 "it relative to the workbook: keep the workbook beside the replies' folder.");
#undef ROW
}

/* ---- workbook ---- */

static time_t created_time(const char *iso)
{
    struct tm tm = {0};
    if (iso && sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &tm.tm_hour, &tm.tm_min, &tm.tm_sec) >= 3) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        time_t t = timegm(&tm);
        if (t > 0) return t;
    }
    return 946684800; /* 2000-01-01: fixed, never "now", so output stays reproducible */
}

static void make_formats(ctx *c)
{
    c->title = workbook_add_format(c->wb);
    format_set_bold(c->title);
    format_set_font_size(c->title, 13);
    c->note = workbook_add_format(c->wb);
    format_set_italic(c->note);
    format_set_font_color(c->note, LXW_COLOR_GRAY);
    c->hdr = workbook_add_format(c->wb);
    format_set_bold(c->hdr);
    format_set_bg_color(c->hdr, 0xDDEBF7);
    format_set_bottom(c->hdr, LXW_BORDER_THIN);
    c->num = workbook_add_format(c->wb);
    format_set_num_format(c->num, "#,##0");
    c->der_num = workbook_add_format(c->wb);
    format_set_num_format(c->der_num, "#,##0");
    format_set_italic(c->der_num);
    format_set_font_color(c->der_num, LXW_COLOR_GRAY);
    c->der_txt = workbook_add_format(c->wb);
    format_set_italic(c->der_txt);
    format_set_font_color(c->der_txt, LXW_COLOR_GRAY);
    format_set_align(c->der_txt, LXW_ALIGN_RIGHT);
    c->wrap = workbook_add_format(c->wb);
    format_set_text_wrap(c->wrap);
    format_set_align(c->wrap, LXW_ALIGN_VERTICAL_TOP);
    c->bold = workbook_add_format(c->wb);
    format_set_bold(c->bold);
    format_set_align(c->bold, LXW_ALIGN_VERTICAL_TOP);
    c->link_fmt = workbook_add_format(c->wb);
    format_set_underline(c->link_fmt, LXW_UNDERLINE_SINGLE);
    format_set_font_color(c->link_fmt, LXW_COLOR_BLUE);
}

static void write_sheets(ctx *c)
{
    static const char *const names[] = {"Summary",  "Records", "Offences", "Outcomes",
                                        "Coverage", "Review",  "Sources",  "About"};
    lxw_worksheet *ws[8];
    for (size_t i = 0; i < 8; i++)
        ws[i] = workbook_add_worksheet(c->wb, names[i]);
    make_formats(c);
    choose_figures(c);
    write_summary(c, ws[0]);
    write_records(c, ws[1]);
    write_national(c, ws[2], true);
    write_national(c, ws[3], false);
    write_coverage(c, ws[4]);
    write_review(c, ws[5]);
    write_sources(c, ws[6]);
    write_about(c, ws[7]);
}

static int write_workbook(const foi_result *res, const char *path, const char **err)
{
    /* tmp outlives the arena, which goes before workbook_close (below) */
    size_t pn = strlen(path);
    char *tmp = foi_mem_malloc(pn + sizeof ".tmp");
    foi_arena *volatile a = tmp ? foi_arena_new() : NULL;
    if (!a) {
        foi_mem_free(tmp);
        *err = "out of memory";
        return -1;
    }
    memcpy(tmp, path, pn);
    memcpy(tmp + pn, ".tmp", sizeof ".tmp");
    lxw_workbook *volatile wb = NULL;
    volatile int rc = -1;
    if (FOI_ARENA_TRY(a)) {
        lxw_workbook_options opt = {0};
        opt.constant_memory = res->records.n > FOI_XLSX_STREAM_ROWS;
        /* libxlsxwriter prints its own errors; find the common one (no such folder, no
         * permission) first so the library stays quiet. */
        FILE *probe = fopen(tmp, "wb");
        if (probe) fclose(probe);
        wb = probe ? workbook_new_opt(tmp, &opt) : NULL;
        if (!probe) {
            *err = "cannot create the workbook's temporary file";
        } else if (!wb) {
            *err = "cannot start the workbook (out of memory)";
        } else {
            lxw_doc_properties props = {0};
            props.title = "FOI replies, consolidated";
            props.author = "foitab";
            props.comments = "Generated by foitab from police FOI replies";
            props.created = created_time(res->created);
            workbook_set_properties(wb, &props);
            ctx c = {.a = a, .res = res, .wb = wb};
            write_sheets(&c);
            /* libxlsxwriter keeps copies of what it was given: the pivots and scratch strings
             * can go before workbook_close, whose packaging (a relationship per hyperlink) is
             * the run's peak of memory */
            foi_arena_untrap(a);
            foi_arena_free(a);
            a = NULL;
            lxw_workbook *w = wb;
            wb = NULL;
            lxw_error e = workbook_close(w);
            if (e != LXW_NO_ERROR)
                *err = lxw_strerror(e);
            else if (rename(tmp, path) != 0)
                *err = "cannot rename the temporary workbook into place";
            else
                rc = 0;
        }
    } else {
        *err = "out of memory";
        if (wb) workbook_close(wb);
        wb = NULL;
    }
    if (a) {
        foi_arena_untrap(a);
        foi_arena_free(a);
    }
    if (rc != 0) remove(tmp);
    foi_mem_free(tmp);
    return rc;
}

int foi_xlsx_write(const foi_result *res, const char *path, const char **err)
{
    const char *dummy;
    if (!err) err = &dummy;
    *err = NULL;
    if (!res || !path || !*path) {
        *err = "no result or output path";
        return -1;
    }
    return write_workbook(res, path, err);
}
