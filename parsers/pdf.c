#include "parsers/pdf.h"

#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

/* Geometry tuning, in ems of the font size unless said otherwise. */
#define WORD_GAP 0.15        /* a wider gap between glyphs starts a new word */
#define CHUNK_GAP 0.45       /* a wider gap between words may be a cell boundary */
#define TEXT_GAP 0.45        /* widest gap between two words of one cell */
#define ROW_GAP 3.0          /* widest vertical gap between two rows of one table */
#define WRAP_GAP 0.35        /* widest vertical gap inside a wrapped cell or paragraph */
#define EDGE_FRAC 0.15       /* page headers/footers live in this top/bottom fraction of a page */
#define MAX_GAP_LINES 16     /* non-anchor lines between two rows searched exhaustively */
#define MAX_SPLIT_WORDS 2000 /* a column this wide in words is not searched for a bridge */
#define MAX_LINKS 2000   /* link areas looked at per page (each is checked against every word) */
#define AMBIG_GAP 0.6    /* rows read centred or top-aligned fit within this: ambiguous */
#define BASELINE_TOL 1.0 /* points: cells of one table row share a baseline to within this */
#define MIN_FLOW_LINES 3 /* lines of text on each side of a gutter that make two page columns */
#define CENTRE_TOL 2.5   /* points: a heading centred over columns is off their middle by less */
#define EDGE_LINES 3     /* lines starting at one x that make a column's left edge */
#define CELL_PAD 2.0     /* points: two rows' lines are apart by at least this more than a wrap */

typedef struct box {
    double x1, y1, x2, y2;
} box;

typedef struct word {
    char *text;
    box b;
    double size;
    bool bold;
    bool link;  /* inside a link's area: a web page's navigation when a whole line is links */
    bool cut;   /* a header cell boundary falls just before this word */
    bool split; /* a body cell boundary falls just before this word (narrow column) */
    int band;
} word;

typedef struct pline {
    word *w;
    int nw;
    word *w0; /* all its words, a leading bullet included */
    int nw0;
    int nchunks; /* runs of words separated by more than CHUNK_GAP */
    box b;
    double size;
    bool bold; /* every word bold */
    bool link; /* every word is link text */
    bool item; /* starts with a bullet or list number */
    bool drop; /* a repeated page header or footer */
    int page, no;
    double ph, pw;
    char *text;
} pline;

typedef FOI_VEC(word) word_vec;
typedef FOI_VEC(pline) pline_vec;

/* A table being built: cells over bands (columns). */
typedef struct tcell {
    char *text;
    box b;
    bool has, bold, header, copy;
    int span; /* local span identity, 0 = own */
} tcell;

typedef struct table {
    int nrows, ncols, nhead;
    tcell *c;
    double *bx1, *bx2;
    int page, first_line;
    bool uncertain; /* a layout read with doubt: its figures go to Review, not into records */
    char **lead;    /* per column: text above the first row, apart from it by a row gap */
    char *head;     /* the header lines' text, to know a header repeated on the next page */
} table;

typedef struct ctx {
    foi_arena *a;
    foi_doc *d;
    int span_seq;
    double body_size;
    /* the grid last emitted, for tables continued on the next page */
    foi_grid *last_grid;
    table *last_table;
    size_t blocks_at_last_grid;
    int last_grid_page;
    bool in_request;
    bool open_foot; /* the table being built runs to the foot of a page with more pages after */
    int npages;
    /* heading lines of a table at the foot of a page, read with the next page's lines */
    pline *carry;
    int ncarry;
} ctx;

static inline tcell *tc(table *t, int r, int c)
{
    return &t->c[(size_t)r * (size_t)t->ncols + (size_t)c];
}

static box box_union(box a, box b)
{
    box r = {fmin(a.x1, b.x1), fmin(a.y1, b.y1), fmax(a.x2, b.x2), fmax(a.y2, b.y2)};
    return r;
}

static double cy(box b)
{
    return (b.y1 + b.y2) / 2;
}

/* ---- one-time set-up ------------------------------------------------------------------- */

static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain, (void)level, (void)msg, (void)data;
}

/* A tiny valid PDF: opening it once creates poppler's global state before threads race. */
static const char warm_pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                               "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                               "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
                               "trailer<</Root 1 0 R>>\n%%EOF\n";

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void)
{
    g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, quiet,
                      NULL);
    GBytes *b = g_bytes_new_static(warm_pdf, sizeof warm_pdf - 1);
    PopplerDocument *d = poppler_document_new_from_bytes(b, NULL, NULL);
    if (d) g_object_unref(d);
    g_bytes_unref(b);
}

static void unref_obj(void *p)
{
    g_object_unref(p);
}
static void unref_bytes(void *p)
{
    g_bytes_unref(p);
}
static void free_g(void *p)
{
    g_free(p);
}
static void free_attrs(void *p)
{
    poppler_page_free_text_attributes(p);
}

static void free_links(void *p)
{
    poppler_page_free_link_mapping(p);
}

/* Words inside a link's area.  A web page printed to PDF keeps its links: a line that is all
 * links is the site's navigation or an archive list ("2023 (243)"), never a reply's figures. */
static void mark_links(ctx *x, PopplerPage *pg, word *w, size_t n)
{
    GList *links = poppler_page_get_link_mapping(pg);
    if (!links) return;
    foi_arena_defer(x->a, free_links, links);
    double pw = 0, ph = 0;
    poppler_page_get_size(pg, &pw, &ph);
    int k = 0;
    for (GList *l = links; l && k < MAX_LINKS; l = l->next, k++) {
        const PopplerRectangle *r = &((PopplerLinkMapping *)l->data)->area;
        /* link areas count y up from the page's foot; text boxes count down from its top */
        double x1 = fmin(r->x1, r->x2) - 1, x2 = fmax(r->x1, r->x2) + 1;
        double y1 = ph - fmax(r->y1, r->y2) - 1, y2 = ph - fmin(r->y1, r->y2) + 1;
        for (size_t i = 0; i < n; i++) {
            double cx = (w[i].b.x1 + w[i].b.x2) / 2, cyy = (w[i].b.y1 + w[i].b.y2) / 2;
            if (cx >= x1 && cx <= x2 && cyy >= y1 && cyy <= y2) w[i].link = true;
        }
    }
    foi_arena_release(x->a, links);
}

/* ---- characters -> words -> lines ---------------------------------------------------------- */

static bool bold_font(const char *name)
{
    if (!name) return false;
    static const char *const w[] = {"bold", "black", "heavy", "semibold", "demi", NULL};
    for (int i = 0; w[i]; i++)
        if (foi_strcasestr(name, w[i])) return true;
    return false;
}

typedef struct wordb {
    foi_buf t;
    box b;
    double size;
    int nbold, nchars;
    bool open;
} wordb;

static void word_flush(ctx *x, wordb *wb, word_vec *out)
{
    if (!wb->open) return;
    word w = {.text = foi_strdup(x->a, wb->t.s),
              .b = wb->b,
              .size = wb->size,
              .bold = wb->nbold * 2 > wb->nchars,
              .band = -1};
    FOI_VEC_PUSH(x->a, *out, w);
    wb->open = false;
    wb->t.len = 0;
    wb->t.s[0] = 0;
}

/* Words of one page, from poppler's per-character boxes.  *budget counts characters left. */
static void page_words(ctx *x, PopplerPage *pg, word_vec *out, long *budget)
{
    char *text = poppler_page_get_text(pg);
    if (!text) return;
    foi_arena_defer(x->a, free_g, text);
    PopplerRectangle *r = NULL;
    guint nr = 0;
    if (!poppler_page_get_text_layout(pg, &r, &nr)) r = NULL, nr = 0;
    if (r) foi_arena_defer(x->a, free_g, r);
    GList *attrs = poppler_page_get_text_attributes(pg);
    if (attrs) foi_arena_defer(x->a, free_attrs, attrs);

    wordb wb = {0};
    foi_buf_init(&wb.t, x->a);
    GList *al = attrs;
    const char *p = text;
    for (guint i = 0; *p && i < nr; i++, p = g_utf8_next_char(p)) {
        if (--*budget < 0) break;
        gunichar cp = g_utf8_get_char(p);
        while (al && ((PopplerTextAttributes *)al->data)->end_index < (int)i)
            al = al->next;
        PopplerTextAttributes *at = al ? al->data : NULL;
        if (at && at->start_index > (int)i) at = NULL;
        if (g_unichar_isspace(cp) || cp == 0xA0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
            cp == 0xFFFD) {
            word_flush(x, &wb, out);
            continue;
        }
        box b = {r[i].x1, r[i].y1, r[i].x2, r[i].y2};
        if (b.x2 < b.x1) {
            double t = b.x1;
            b.x1 = b.x2, b.x2 = t;
        }
        double h = b.y2 - b.y1;
        double size = at && at->font_size > 0 ? at->font_size : h * 0.77;
        if (wb.open) {
            double gap = b.x1 - wb.b.x2;
            double dy = fabs(cy(b) - cy(wb.b));
            if (gap > WORD_GAP * size || gap < -0.5 * size || dy > 0.4 * h) word_flush(x, &wb, out);
        }
        char u[8];
        int n = g_unichar_to_utf8(cp, u);
        if (!wb.open) {
            wb.open = true;
            wb.b = b;
            wb.size = size;
            wb.nbold = wb.nchars = 0;
        } else {
            wb.b = box_union(wb.b, b);
        }
        foi_buf_add(&wb.t, u, (size_t)n);
        wb.nchars++;
        wb.nbold += at && bold_font(at->font_name);
    }
    word_flush(x, &wb, out);
    if (attrs) foi_arena_release(x->a, attrs);
    if (r) foi_arena_release(x->a, r);
    foi_arena_release(x->a, text);
}

static int cmp_top(const void *pa, const void *pb)
{
    const word *a = pa, *b = pb;
    if (a->b.y1 != b->b.y1) return a->b.y1 < b->b.y1 ? -1 : 1;
    return a->b.x1 < b->b.x1 ? -1 : a->b.x1 > b->b.x1;
}

static int cmp_x(const void *pa, const void *pb)
{
    const word *a = pa, *b = pb;
    return a->b.x1 < b->b.x1 ? -1 : a->b.x1 > b->b.x1;
}

static bool is_bullet(const char *t)
{
    static const char *const bullets[] = {"\xC2\xB7",
                                          "\xE2\x80\xA2",
                                          "\xE2\x96\xAA",
                                          "\xE2\x97\xA6",
                                          "\xEF\x82\xB7",
                                          "\xEF\x82\xA7",
                                          "\xE2\x96\xA0",
                                          "\xE2\x97\x8F",
                                          "\xE2\x80\x93",
                                          "\xE2\x81\x83",
                                          "\xEE\x80\x8C",
                                          "\xEE\x80\x8B",
                                          "-",
                                          "o",
                                          NULL};
    /* a leading "*" is a footnote's marker ("* denotes a figure between 1 and 4"), kept */
    for (int i = 0; bullets[i]; i++)
        if (!strcmp(t, bullets[i])) return true;
    /* OpenSymbol and Wingdings bullets land in the private use area */
    const unsigned char *u = (const unsigned char *)t;
    return u[0] == 0xEF && (u[1] == 0x80 || u[1] == 0x81 || u[1] == 0x82) && u[2] && !u[3];
}

static bool is_list_number(const char *t)
{
    size_t n = strlen(t), i = 0;
    if (n < 2 || n > 5) return false;
    if (t[0] == '(') i++;
    size_t d = i;
    while (i < n && t[i] >= '0' && t[i] <= '9')
        i++;
    if (i == d) {
        if (i < n && t[i] >= 'a' && t[i] <= 'h')
            i++;
        else
            return false;
    }
    return i == n - 1 && (t[i] == '.' || t[i] == ')');
}

/* The line's text and its number of chunks (runs of words separated by a cell-sized gap). */
static void line_text(ctx *x, pline *l)
{
    l->nchunks = 1;
    foi_buf t;
    foi_buf_init(&t, x->a);
    for (int i = 0; i < l->nw; i++) {
        if (i) {
            double gap = l->w[i].b.x1 - l->w[i - 1].b.x2;
            if (gap > CHUNK_GAP * l->w[i].size) l->nchunks++;
            if (gap > WORD_GAP * 0.5 * l->w[i].size) foi_buf_putc(&t, ' ');
        }
        foi_buf_puts(&t, l->w[i].text);
    }
    if (l->item) l->nchunks = 1; /* list lines are never table rows */
    l->text = foi_clean(x->a, t.s);
}

static void make_line(ctx *x, pline_vec *out, word *w, int nw, int page, double ph, double pw)
{
    qsort(w, (size_t)nw, sizeof *w, cmp_x);
    pline l = {.w = w,
               .nw = nw,
               .w0 = w,
               .nw0 = nw,
               .page = page,
               .ph = ph,
               .pw = pw,
               .b = w[0].b,
               .bold = true};
    double size = 0;
    for (int i = 0; i < nw; i++) {
        l.b = box_union(l.b, w[i].b);
        size = fmax(size, w[i].size);
        l.bold &= w[i].bold;
    }
    l.size = size;
    if (nw >= 2 && (is_bullet(w[0].text) || is_list_number(w[0].text))) {
        l.item = true;
        if (is_bullet(w[0].text)) {
            l.w++, l.nw--;
            l.b = l.w[0].b;
            for (int i = 0; i < l.nw; i++)
                l.b = box_union(l.b, l.w[i].b);
        }
    }
    line_text(x, &l);
    /* a dash before cells of a table row ("- Sexual ... 12 11 6") ends a label wrapped at
     * " - ", not a list item: an item's text is one run of words */
    if (l.item && l.w != l.w0 && (!strcmp(w[0].text, "-") || !strcmp(w[0].text, "\xE2\x80\x93"))) {
        l.item = false;
        line_text(x, &l);
        if (l.nchunks >= 2) {
            l.w = w, l.nw = nw, l.b = w[0].b;
            for (int i = 0; i < nw; i++)
                l.b = box_union(l.b, w[i].b);
            line_text(x, &l);
        } else {
            l.item = true;
            line_text(x, &l);
        }
    }
    l.link = true;
    for (int i = 0; i < l.nw; i++)
        l.link &= l.w[i].link;
    FOI_VEC_PUSH(x->a, *out, l);
}

/* A dash at the start of a line inside a table is more often a label wrapped at " - "
 * ("Investigation complete" / "- no suspect (OC18)") than a list: read it as plain text. */
static bool dash_item(const pline *l)
{
    return l->item && l->w != l->w0 &&
           (!strcmp(l->w0[0].text, "-") || !strcmp(l->w0[0].text, "\xE2\x80\x93"));
}

static void unitem(ctx *x, pline *l)
{
    l->item = false;
    l->w = l->w0;
    l->nw = l->nw0;
    l->b = l->w[0].b;
    for (int i = 0; i < l->nw; i++)
        l->b = box_union(l->b, l->w[i].b);
    line_text(x, l);
}

/* Words of a page into lines: a word joins the current line when its middle is within half a
 * line height of the line's first word (baseline overlap). */
static void page_lines(ctx *x, word_vec *ws, int page, double ph, double pw, pline_vec *out)
{
    if (!ws->n) return;
    qsort(ws->v, ws->n, sizeof *ws->v, cmp_top);
    size_t start = 0;
    for (size_t i = 1; i <= ws->n; i++) {
        if (i < ws->n) {
            const word *ref = &ws->v[start], *w = &ws->v[i];
            double h = fmin(ref->b.y2 - ref->b.y1, w->b.y2 - w->b.y1);
            if (fabs(cy(w->b) - cy(ref->b)) <= 0.5 * h) continue;
        }
        make_line(x, out, &ws->v[start], (int)(i - start), page, ph, pw);
        start = i;
    }
}

/* A page laid out in two columns (a sidebar of links beside the reply): lines of the two
 * columns at their own heights merge into one line or alternate.  Finds a gutter x that no
 * word crosses over a run of lines, with text on both sides at baselines that do not line up
 * (a table's rows line up), and puts the left column's lines before the right column's. */
static bool figure(const char *t);

typedef struct flowrun {
    int s, e, score;
    double g;
} flowrun;

/* Plain running text: table headings (bold, centred in cells at their own heights) are not. */
static bool prose_part(const word *w, int nw)
{
    if (nw < 2) return false;
    bool bold = true;
    for (int k = 0; k < nw; k++) {
        if (figure(w[k].text)) return false;
        bold &= w[k].bold;
    }
    return !bold;
}

/* Figures of several columns: a row of a table, not a line of text with a number in it. */
static bool figure_part(const word *w, int nw)
{
    int f = 0;
    for (int k = 0; k < nw; k++)
        f += figure(w[k].text);
    return f >= 2 && f == nw;
}

static flowrun flow_run(const pline *P, int n, double g)
{
    flowrun best = {0, 0, 0, g};
    int s = 0;
    while (s < n) {
        int e = s, mis = 0, aligned = 0, lp = 0, rp = 0, switches = 0, last = 0, rowish = 0;
        int figs = 0; /* right-hand lines with figures since the last left-hand line */
        bool seen_left = false;
        for (; e < n; e++) {
            const pline *l = &P[e];
            int k = 0;
            bool cross = false;
            while (k < l->nw0 && l->w0[k].b.x2 <= g + 0.5)
                k++;
            for (int q = 0; q < l->nw0; q++)
                cross |= l->w0[q].b.x1 < g - 0.5 && l->w0[q].b.x2 > g + 0.5;
            for (int q = k; q < l->nw0 && !cross; q++)
                cross = l->w0[q].b.x1 < g - 0.5;
            if (cross) break;
            int side = k == l->nw0 ? -1 : k == 0 ? 1 : 0;
            if (side == 0) {
                double yl = 0, yr = 0, h = 1e18;
                for (int q = 0; q < l->nw0; q++) {
                    double *y = q < k ? &yl : &yr;
                    *y = fmax(*y, l->w0[q].b.y2);
                    h = fmin(h, l->w0[q].b.y2 - l->w0[q].b.y1);
                }
                bool fig = figure_part(l->w0 + k, l->nw0 - k);
                if (fabs(yl - yr) > BASELINE_TOL)
                    mis++, rowish += fig;
                else
                    aligned++;
                lp += prose_part(l->w0, k);
                rp += prose_part(l->w0 + k, l->nw0 - k);
            } else {
                if (last && side != last) switches++;
                last = side;
                /* figures beside wrapped labels, between them: a table's rows */
                bool fig = figure_part(l->w0, l->nw0);
                if (side < 0) {
                    lp += prose_part(l->w0, l->nw0);
                    if (seen_left) rowish += figs;
                    seen_left = true;
                    figs = 0;
                } else {
                    rp += prose_part(l->w0, l->nw0);
                    figs += fig;
                }
            }
        }
        int ev = mis + switches;
        if (ev >= MIN_FLOW_LINES && aligned * 3 <= ev && !rowish && lp >= MIN_FLOW_LINES &&
            rp >= MIN_FLOW_LINES && e - s > best.e - best.s)
            best = (flowrun){s, e, ev, g};
        s = e + 1;
    }
    return best;
}

static void page_flows(ctx *x, pline *P, int n, pline_vec *out)
{
    flowrun best = {0, 0, 0, 0};
    for (int i = 0; i < n && i < 400; i++)
        for (int k = 0; k < P[i].nw0; k++) {
            const word *w = &P[i].w0[k];
            if (k && w->b.x1 - P[i].w0[k - 1].b.x2 <= CHUNK_GAP * w->size) continue;
            if (w->b.x1 < P[i].pw * 0.15 || w->b.x1 > P[i].pw * 0.6) continue;
            flowrun r = flow_run(P, n, w->b.x1);
            if (r.e - r.s > best.e - best.s) best = r;
        }
    if (best.e <= best.s) {
        for (int i = 0; i < n; i++)
            FOI_VEC_PUSH(x->a, *out, P[i]);
        return;
    }
    for (int i = 0; i < best.s; i++)
        FOI_VEC_PUSH(x->a, *out, P[i]);
    for (int side = 0; side < 2; side++)
        for (int i = best.s; i < best.e; i++) {
            int k = 0;
            while (k < P[i].nw0 && P[i].w0[k].b.x2 <= best.g + 0.5)
                k++;
            word *w = side ? P[i].w0 + k : P[i].w0;
            int nw = side ? P[i].nw0 - k : k;
            if (nw == P[i].nw0)
                FOI_VEC_PUSH(x->a, *out, P[i]);
            else if (nw)
                make_line(x, out, w, nw, P[i].page, P[i].ph, P[i].pw);
        }
    for (int i = best.e; i < n; i++)
        FOI_VEC_PUSH(x->a, *out, P[i]);
}

/* Letterhead and "Page 2 of 3": the same text (digits aside) at the same height near the top or
 * bottom edge of two or more pages is kept on its first page only. */
static void drop_repeats(ctx *x, pline_vec *L)
{
    char **key = foi_alloc(x->a, (L->n ? L->n : 1) * sizeof *key);
    for (size_t i = 0; i < L->n; i++) {
        pline *l = &L->v[i];
        bool edge = l->b.y2 < l->ph * EDGE_FRAC || l->b.y1 > l->ph * (1 - EDGE_FRAC);
        if (!edge) continue;
        char *k = foi_sprintf(x->a, "%d|%s", (int)lround(l->b.y1 / 3), l->text);
        for (char *p = k; *p; p++)
            if (*p >= '0' && *p <= '9' && p > strchr(k, '|')) *p = '#';
        key[i] = k;
    }
    for (size_t i = 0; i < L->n; i++) {
        if (!key[i]) continue;
        for (size_t j = 0; j < i; j++)
            if (key[j] && L->v[j].page < L->v[i].page && !strcmp(key[i], key[j])) {
                L->v[i].drop = true;
                break;
            }
    }
}

/* ---- tables ------------------------------------------------------------------------------ */

/* A figure as tables hold them: "12", "1,204", "<5", "-", "*"; a year is not one. */
static bool figure(const char *t)
{
    if (!strcmp(t, "-") || !strcmp(t, "*") || !strcmp(t, "\xE2\x80\x93")) return true;
    const char *p = t;
    if (*p == '<' || *p == '>' || *p == '~') p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    int digits = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p != ',' && *p != '.' && *p != '%')
            return false;
    }
    size_t n = strlen(t);
    if (n == 4 && digits == 4 && (!strncmp(t, "19", 2) || !strncmp(t, "20", 2))) return false;
    return true;
}

/* Join two pieces of wrapped cell or paragraph text. */
static void join_text(foi_buf *b, const char *t)
{
    if (b->len && *t) {
        char last = b->s[b->len - 1];
        char prev = b->len >= 2 ? b->s[b->len - 2] : 0;
        bool glue = last == '/' || (last >= '0' && last <= '9' && *t >= '0' && *t <= '9') ||
                    (last == '-' && prev >= '0' && prev <= '9' && *t >= '0' && *t <= '9') ||
                    (last == '-' && b->len >= 2 && b->s[b->len - 2] >= 'a' &&
                     b->s[b->len - 2] <= 'z' && *t >= 'a' && *t <= 'z');
        if (!glue) foi_buf_putc(b, ' ');
    }
    foi_buf_puts(b, t);
}

typedef struct band {
    double x1, x2;
    int nfig, ntext;
    double cut; /* boundary with the next column's cells; 0 = midway between the bands */
} band;
typedef FOI_VEC(band) band_vec;

/* Where the cells of column i end and those of column i+1 begin. */
static double zone_cut(const band_vec *bv, size_t i)
{
    return bv->v[i].cut > 0 ? bv->v[i].cut : (bv->v[i].x2 + bv->v[i + 1].x1) / 2;
}

static int band_of(const band_vec *bv, box b)
{
    int best = -1;
    double bo = 0, bd = 1e18;
    for (size_t i = 0; i < bv->n; i++) {
        double o = fmin(b.x2, bv->v[i].x2) - fmax(b.x1, bv->v[i].x1);
        if (o > bo) bo = o, best = (int)i;
    }
    if (best >= 0) return best;
    /* no overlap: the column whose zone (up to the midpoints between columns) holds it */
    double c = (b.x1 + b.x2) / 2;
    for (size_t i = 0; i < bv->n; i++) {
        double lo = i ? zone_cut(bv, i - 1) : -1e18;
        double hi = i + 1 < bv->n ? zone_cut(bv, i) : 1e18;
        if (c >= lo && c < hi) return (int)i;
    }
    (void)bd;
    return 0;
}

/* A word with words at word spacing on both sides is part of a run of text ("under 13 by",
 * "19E - Rape"), not a figure of its own. */
static bool inside_run(const pline *l, int k)
{
    if (k + 1 >= l->nw) return false;
    const word *w = l->w;
    return (k == 0 || w[k].b.x1 - w[k - 1].b.x2 <= TEXT_GAP * w[k].size) &&
           w[k + 1].b.x1 - w[k].b.x2 <= TEXT_GAP * w[k].size;
}

/* Columns: the x-intervals covered by the words of body lines, with intervals joined where
 * every line crossing them reads as one run of text (a label's word spaces), never into a
 * column of figures. */
typedef struct span_iv {
    double x1, x2, size;
    int line;
} span_iv;

static int cmp_iv(const void *pa, const void *pb)
{
    const span_iv *a = pa, *b = pb;
    return a->x1 < b->x1 ? -1 : a->x1 > b->x1;
}

/* A column's cells flush left: lines starting at one x, apart from the text before by a gap
 * (narrow cells filled by their label leave no more than a word space between columns). */
static bool left_edge(const span_iv *iv, size_t i, size_t e, int skip, double prev_x2)
{
    if (iv[i].x1 - prev_x2 < 1.0) return false;
    int n = 0;
    for (size_t q = i; q < e && iv[q].x1 < iv[i].x1 + 0.5; q++)
        n += iv[q].line != skip;
    return n >= EDGE_LINES;
}

/* Merges word intervals iv[s..e) (sorted) into bands, leaving out line `skip`; returns how many
 * bands, each held by at least two lines and apart by more than a word space (else 0). */
static int merge_ivs(ctx *x, const span_iv *iv, size_t s, size_t e, int skip, band_vec *out)
{
    size_t start = out->n;
    int first = -1;
    bool two = false;
    for (size_t i = s; i < e; i++) {
        if (iv[i].line == skip) continue;
        band *t = out->n > start ? &out->v[out->n - 1] : NULL;
        if (t && iv[i].x1 <= t->x2 + 0.5) {
            t->x2 = fmax(t->x2, iv[i].x2);
            two |= iv[i].line != first;
        } else {
            if (t && (!two || (iv[i].x1 - t->x2 <= CHUNK_GAP * iv[i].size &&
                               !left_edge(iv, i, e, skip, t->x2))))
                return 0;
            band b = {iv[i].x1, iv[i].x2, 0, 0, 0};
            FOI_VEC_PUSH(x->a, *out, b);
            first = iv[i].line;
            two = false;
        }
    }
    return two ? (int)(out->n - start) : 0;
}

static void find_bands(ctx *x, pline *L, int n, band_vec *bv)
{
    FOI_VEC(span_iv) iv = {0};
    for (int i = 0; i < n; i++) {
        if (L[i].nchunks < 2) continue;
        for (int k = 0; k < L[i].nw; k++) {
            span_iv b = {L[i].w[k].b.x1, L[i].w[k].b.x2, L[i].w[k].size, i};
            FOI_VEC_PUSH(x->a, iv, b);
        }
    }
    if (!iv.n) return;
    qsort(iv.v, iv.n, sizeof *iv.v, cmp_iv);
    for (size_t s = 0; s < iv.n;) {
        size_t e = s + 1;
        double x2 = iv.v[s].x2;
        while (e < iv.n && iv.v[e].x1 <= x2 + 0.5)
            x2 = fmax(x2, iv.v[e++].x2);
        /* one line bridging two columns (a "Grand total" centred over two label columns)
         * does not merge them: it spans them */
        bool split = false;
        for (size_t q = s; q < e && !split && e - s > 4 && e - s <= MAX_SPLIT_WORDS; q++) {
            if (q > s && iv.v[q].line == iv.v[q - 1].line) continue;
            size_t at = bv->n;
            if (merge_ivs(x, iv.v, s, e, iv.v[q].line, bv) >= 2)
                split = true;
            else
                bv->n = at;
        }
        if (!split) {
            band b = {iv.v[s].x1, x2, 0, 0, 0};
            FOI_VEC_PUSH(x->a, *bv, b);
        }
        s = e;
    }
    /* count figures and text per band */
    for (int i = 0; i < n; i++)
        for (int k = 0; k < L[i].nw; k++) {
            int bi = band_of(bv, L[i].w[k].b);
            if (figure(L[i].w[k].text) && !inside_run(&L[i], k))
                bv->v[bi].nfig++;
            else
                bv->v[bi].ntext++;
        }
    /* join text bands split by word spaces that happen to line up */
    for (size_t j = 0; j + 1 < bv->n;) {
        band *a = &bv->v[j], *b = &bv->v[j + 1];
        /* a lone number at word spacing after a label ends the label ("under 16") */
        bool join = (b->nfig <= b->ntext || b->nfig + b->ntext == 1) && a->nfig <= a->ntext;
        int both = 0;
        for (int i = 0; join && i < n; i++) {
            const word *la = NULL, *fb = NULL;
            for (int k = 0; k < L[i].nw; k++) {
                const word *w = &L[i].w[k];
                double c = (w->b.x1 + w->b.x2) / 2;
                if (c >= a->x1 && c <= a->x2) la = w;
                if (c >= b->x1 && c <= b->x2 && !fb) fb = w;
            }
            if (la && fb) {
                both++;
                /* a change of weight is a cell boundary (bold group label, plain offence) */
                if (fb->b.x1 - la->b.x2 > TEXT_GAP * fb->size || fb->bold != la->bold) join = false;
            }
        }
        if (join && both) {
            a->x2 = b->x2;
            a->ntext += b->ntext;
            memmove(b, b + 1, (bv->n - j - 2) * sizeof *b);
            bv->n--;
        } else {
            j++;
        }
    }
}

/* Column boundaries from how the body cells align: figures flush left in their cells put the
 * boundary just before the next column's figures, flush right just after this column's; a
 * centred heading wrapped in a wide cell then stays in its own column however far its words
 * reach into the space between the bands. */
static void set_cuts(ctx *x, pline *L, int n, band_vec *bv)
{
    size_t nb = bv->n;
    if (nb < 2) return;
    double *x1lo = foi_alloc(x->a, nb * sizeof(double) * 4), *x1hi = x1lo + nb, *x2lo = x1hi + nb,
           *x2hi = x2lo + nb;
    int *cnt = foi_alloc(x->a, nb * sizeof *cnt);
    box *ub = foi_alloc(x->a, nb * sizeof *ub);
    bool *has = foi_alloc(x->a, nb);
    for (int i = 0; i < n; i++) {
        if (L[i].nchunks < 2) continue;
        memset(has, 0, nb);
        for (int k = 0; k < L[i].nw; k++) {
            int b = band_of(bv, L[i].w[k].b);
            ub[b] = has[b] ? box_union(ub[b], L[i].w[k].b) : L[i].w[k].b;
            has[b] = true;
        }
        for (size_t b = 0; b < nb; b++) {
            if (!has[b]) continue;
            if (!cnt[b]++) {
                x1lo[b] = x1hi[b] = ub[b].x1;
                x2lo[b] = x2hi[b] = ub[b].x2;
            }
            x1lo[b] = fmin(x1lo[b], ub[b].x1), x1hi[b] = fmax(x1hi[b], ub[b].x1);
            x2lo[b] = fmin(x2lo[b], ub[b].x2), x2hi[b] = fmax(x2hi[b], ub[b].x2);
        }
    }
    /* -1 flush left, 1 flush right, 0 centred or unknown */
    int *al = foi_alloc(x->a, nb * sizeof *al);
    int nl = 0, nr = 0;
    for (size_t b = 0; b < nb; b++) {
        if (cnt[b] < 2) continue;
        double s1 = x1hi[b] - x1lo[b], s2 = x2hi[b] - x2lo[b];
        if (s1 < 0.5 && s2 > 1.5)
            al[b] = -1;
        else if (s2 < 0.5 && s1 > 1.5)
            al[b] = 1;
        if (bv->v[b].nfig > bv->v[b].ntext) nl += al[b]<0, nr += al[b]> 0;
    }
    /* figure columns of one table share their alignment: one-digit columns take it */
    int dom = nl > 0 && !nr ? -1 : nr > 0 && !nl ? 1 : 0;
    for (size_t b = 0; b < nb; b++) {
        bool flat = cnt[b] >= 2 && x1hi[b] - x1lo[b] < 0.5 && x2hi[b] - x2lo[b] < 0.5;
        if (!al[b] && flat && bv->v[b].nfig > bv->v[b].ntext) al[b] = dom;
    }
    for (size_t b = 0; b + 1 < nb; b++) {
        double lo = bv->v[b].x2, hi = bv->v[b + 1].x1;
        if (hi - lo < 2) continue;
        if (al[b + 1] < 0 && al[b] <= 0)
            bv->v[b].cut = hi - 0.5;
        else if (al[b] > 0 && al[b + 1] >= 0)
            bv->v[b].cut = lo + 0.5;
    }
}

typedef struct piece {
    char *text;
    box b;
    bool bold;
    int lo, hi; /* bands covered */
    int line;   /* index of its line in the region */
} piece;
typedef FOI_VEC(piece) piece_vec;

/* Header cells of narrow columns filled to word spacing ("TIKTOK SnapChat Instagram"): the
 * words fall in consecutive columns, each column's words aligned with its figures in the same
 * way (all flush left, all centred or all flush right), which a heading spanning the columns
 * does not do. */
static bool aligned_cells(const word *w, int nw, const band_vec *bv, int lo, int hi)
{
    if (hi <= lo || nw < hi - lo + 1) return false;
    int left = 0, mid = 0, rightal = 0, groups = 0, s = 0;
    while (s < nw) {
        int b = band_of(bv, w[s].b), t = s + 1;
        box g = w[s].b;
        while (t < nw && band_of(bv, w[t].b) == b)
            g = box_union(g, w[t++].b);
        if (b != lo + groups) return false;
        const band *bd = &bv->v[b];
        left += fabs(g.x1 - bd->x1) <= 2;
        rightal += fabs(g.x2 - bd->x2) <= 2;
        mid += fabs((g.x1 + g.x2) / 2 - (bd->x1 + bd->x2) / 2) <= 2;
        groups++;
        s = t;
    }
    return groups == hi - lo + 1 && (left == groups || mid == groups || rightal == groups);
}

/* A heading centred over the columns it spans ("Apr 2020 - Mar 2021" over four platform
 * columns): the run of inner columns whose cells' extent holds it and whose middle is its
 * middle, when exactly one run fits that closely. */
static bool centred_range(const band_vec *bv, box cb, int *lo, int *hi)
{
    int nb = (int)bv->n, ba = -1, bb = -1;
    double best = 1e18, second = 1e18, mid = (cb.x1 + cb.x2) / 2;
    for (int a = 1; a < nb - 1; a++)
        for (int b = a + 1; b < nb - 1; b++) {
            double x1 = zone_cut(bv, (size_t)a - 1), x2 = zone_cut(bv, (size_t)b);
            if (cb.x1 < x1 - 1 || cb.x2 > x2 + 1) continue;
            double err = fabs((x1 + x2) / 2 - mid);
            if (err < best)
                second = best, best = err, ba = a, bb = b;
            else if (err < second)
                second = err;
        }
    if (ba < 0 || best > CENTRE_TOL || second < best + CENTRE_TOL) return false;
    *lo = ba, *hi = bb;
    return true;
}

/* Pieces of a line: runs of words in one band.  A header run over several bands stays one
 * spanning piece unless it has exactly one word per band ("2021 2022 2023 Total"). */
static void line_pieces(ctx *x, pline *l, int li, const band_vec *bv, bool header, piece_vec *out,
                        const pline *above, int nabove, int nbelow)
{
    int k = 0;
    while (k < l->nw) {
        int e = k + 1;
        while (e < l->nw && !(header && l->w[e].cut) && !l->w[e].split &&
               l->w[e].b.x1 - l->w[e - 1].b.x2 <= CHUNK_GAP * l->w[e].size)
            e++;
        if (header && e < l->nw && l->w[e].cut) {
            /* cells side by side, or one heading centred over several columns whose
             * sub-headings below leave wider gaps: the centring tells */
            int e2 = e;
            while (e2 < l->nw && !l->w[e2].split &&
                   l->w[e2].b.x1 - l->w[e2 - 1].b.x2 <= CHUNK_GAP * l->w[e2].size)
                e2++;
            box wb = l->w[k].b;
            for (int i = k; i < e2; i++)
                wb = box_union(wb, l->w[i].b);
            int a, b;
            if (centred_range(bv, wb, &a, &b)) e = e2;
        }
        /* chunk k..e */
        box cb = l->w[k].b;
        for (int i = k; i < e; i++)
            cb = box_union(cb, l->w[i].b);
        int lo = -1, hi = -1;
        for (size_t i = 0; i < bv->n; i++) {
            double o = fmin(cb.x2, bv->v[i].x2) - fmax(cb.x1, bv->v[i].x1);
            if (o > 0.5) {
                if (lo < 0) lo = (int)i;
                hi = (int)i;
            }
        }
        if (lo < 0) lo = hi = band_of(bv, cb);
        bool split = hi > lo;
        if (header && hi > lo) {
            /* one column heading per column ("2021 2022 2023 Total") splits; a run of words
             * over several columns ("Financial year") spans them */
            int digits = 0;
            for (int i = k; i < e; i++)
                digits += l->w[i].text[0] >= '0' && l->w[i].text[0] <= '9';
            split = e - k == hi - lo + 1 && digits >= e - k - 1;
            for (int i = k; split && i < e; i++)
                split = band_of(bv, l->w[i].b) == lo + (i - k);
            /* only under a heading over them: the lower row of a two-level header */
            bool parent = false;
            for (int q = 0; q < nabove && !parent; q++)
                for (int i = 0; i < above[q].nw && !parent; i++)
                    parent = fmin(above[q].w[i].b.x2, cb.x2) > fmax(above[q].w[i].b.x1, cb.x1);
            /* nor a heading with nothing under it: a header of one level */
            bool child = false;
            for (int q = nabove + 1; q <= nabove + nbelow && !child; q++)
                for (int i = 0; i < above[q].nw && !child; i++)
                    child = fmin(above[q].w[i].b.x2, cb.x2) > fmax(above[q].w[i].b.x1, cb.x1);
            if (!split && (parent || !child)) split = aligned_cells(l->w + k, e - k, bv, lo, hi);
            if (!split && centred_range(bv, cb, &lo, &hi)) {
            } else if (!split) {
                /* a centred spanning header reaches into the zones of the columns it covers */
                while (lo > 0 && cb.x1 < zone_cut(bv, (size_t)lo - 1) - 2)
                    lo--;
                while (hi + 1 < (int)bv->n && cb.x2 > zone_cut(bv, (size_t)hi) + 2)
                    hi++;
            }
        }
        if (split) {
            /* runs of words by band */
            int s = k;
            while (s < e) {
                int bs = band_of(bv, l->w[s].b), t = s + 1;
                while (t < e && band_of(bv, l->w[t].b) == bs)
                    t++;
                foi_buf b;
                foi_buf_init(&b, x->a);
                piece p = {.b = l->w[s].b, .bold = true, .lo = bs, .hi = bs, .line = li};
                for (int i = s; i < t; i++) {
                    if (i > s) foi_buf_putc(&b, ' ');
                    foi_buf_puts(&b, l->w[i].text);
                    p.b = box_union(p.b, l->w[i].b);
                    p.bold &= l->w[i].bold;
                }
                p.text = b.s;
                FOI_VEC_PUSH(x->a, *out, p);
                s = t;
            }
        } else {
            foi_buf b;
            foi_buf_init(&b, x->a);
            piece p = {.b = cb, .bold = true, .lo = lo, .hi = hi, .line = li};
            for (int i = k; i < e; i++) {
                if (i > k) foi_buf_putc(&b, ' ');
                foi_buf_puts(&b, l->w[i].text);
                p.bold &= l->w[i].bold;
            }
            p.text = b.s;
            FOI_VEC_PUSH(x->a, *out, p);
        }
        k = e;
    }
}

static void put(ctx *x, table *t, int r, const piece *p)
{
    for (int c = p->lo; c <= p->hi; c++) {
        tcell *cell = tc(t, r, c);
        foi_buf b;
        foi_buf_init(&b, x->a);
        if (cell->text) foi_buf_puts(&b, cell->text);
        join_text(&b, p->text);
        cell->text = b.s;
        cell->b = cell->has ? box_union(cell->b, p->b) : p->b;
        cell->bold = cell->has ? cell->bold && p->bold : p->bold;
        cell->has = true;
        if (c > p->lo) {
            cell->copy = true;
            cell->span = p->lo + 1 + r * t->ncols;
        }
    }
}

/* Vertical placement cost of one cell block against its row's reference (a figure of the row):
 * mode 0 = cells centred vertically, mode 1 = cells top-aligned. */
static double place_cost(box blk, box ref, int mode)
{
    return mode == 0 ? fabs(cy(blk) - cy(ref)) : fabs(blk.y1 - ref.y1);
}

typedef struct anchor {
    int line;
    box ref; /* the rightmost piece of the anchor pline */
} anchor;

/* Assigns each non-anchor piece of one band to a row: wrapped cell text goes with the row it
 * sits beside, found by the split that best fits the table's vertical alignment. */
static double assign_band(ctx *x, piece **ps, int nps, const anchor *an, int na, int mode,
                          int *row_of)
{
    /* gap index of each piece: g = number of anchors at or above it */
    int *g = foi_alloc(x->a, (size_t)(nps ? nps : 1) * sizeof *g);
    int *gs = foi_alloc(x->a, (size_t)(na + 1) * sizeof *gs); /* first piece of each gap */
    int *gn = foi_alloc(x->a, (size_t)(na + 1) * sizeof *gn);
    box *own = foi_alloc(x->a, (size_t)na * sizeof *own);
    bool *has = foi_alloc(x->a, (size_t)na);
    for (int i = 0; i < nps; i++) {
        int k = 0;
        while (k < na && an[k].line <= ps[i]->line)
            k++;
        g[i] = k;
        if (k > 0 && an[k - 1].line == ps[i]->line) {
            /* on the anchor line itself */
            own[k - 1] = has[k - 1] ? box_union(own[k - 1], ps[i]->b) : ps[i]->b;
            has[k - 1] = true;
            row_of[i] = k - 1;
            g[i] = -1;
            continue;
        }
        if (!gn[k]) gs[k] = i;
        gn[k]++;
    }
    /* gap 0 (above the first anchor) goes to row 0, gap na (below the last) to the last row */
    int W = MAX_GAP_LINES + 1;
    double *dp = foi_alloc(x->a, (size_t)na * (size_t)W * sizeof *dp);
    int *from = foi_alloc(x->a, (size_t)na * (size_t)W * sizeof *from);
    for (int k = 0; k < na; k++) {
        int nt = k + 1 < na ? gn[k + 1] : 0; /* pieces in the gap below row k */
        int nh = k > 0 ? gn[k] : 0;          /* pieces in the gap above row k */
        for (int t = 0; t < W; t++) {
            dp[k * W + t] = 1e18;
            if (t > nt || (nt > MAX_GAP_LINES && t != MAX_GAP_LINES)) continue;
            int tail = nt > MAX_GAP_LINES ? nt : t;
            for (int s = 0; s < W; s++) {
                if (k > 0 && (s > nh || dp[(k - 1) * W + s] >= 1e17)) continue;
                if (k == 0 && s) break;
                int head_from = k > 0 ? gs[k] + (nh > MAX_GAP_LINES ? nh : s) : 0;
                int head_n = k > 0 ? nh - (nh > MAX_GAP_LINES ? nh : s) : 0;
                box blk = own[k];
                bool any = has[k];
                for (int i = 0; i < head_n; i++) {
                    blk = any ? box_union(blk, ps[head_from + i]->b) : ps[head_from + i]->b;
                    any = true;
                }
                if (k == 0)
                    for (int i = 0; i < gn[0]; i++) {
                        blk = any ? box_union(blk, ps[gs[0] + i]->b) : ps[gs[0] + i]->b;
                        any = true;
                    }
                for (int i = 0; i < tail; i++) {
                    blk = any ? box_union(blk, ps[gs[k + 1] + i]->b) : ps[gs[k + 1] + i]->b;
                    any = true;
                }
                if (k == na - 1)
                    for (int i = 0; i < gn[na]; i++) {
                        blk = any ? box_union(blk, ps[gs[na] + i]->b) : ps[gs[na] + i]->b;
                        any = true;
                    }
                double c = (k > 0 ? dp[(k - 1) * W + s] : 0) +
                           (any ? place_cost(blk, an[k].ref, mode) : 0);
                /* a last row running on over the page break is centred lower than it shows */
                if (any && mode == 0 && k == na - 1 && x->open_foot)
                    c -= place_cost(blk, an[k].ref, mode) - fmax(0, cy(an[k].ref) - cy(blk));
                if (c < dp[k * W + t]) dp[k * W + t] = c, from[k * W + t] = s;
            }
        }
    }
    /* walk back */
    int t = 0;
    double best = 1e18;
    for (int i = 0; i < W; i++)
        if (dp[(na - 1) * W + i] < best) best = dp[(na - 1) * W + i], t = i;
    for (int k = na - 1; k >= 0; k--) {
        int nt = k + 1 < na ? gn[k + 1] : 0;
        int tail = nt > MAX_GAP_LINES ? nt : t;
        for (int i = 0; i < nt; i++)
            row_of[gs[k + 1] + i] = i < tail ? k : k + 1;
        t = from[k * W + t];
    }
    for (int i = 0; i < gn[0]; i++)
        row_of[gs[0] + i] = 0;
    for (int i = 0; na && i < gn[na]; i++)
        row_of[gs[na] + i] = na - 1;
    return best;
}

static bool total_word(const char *t)
{
    return t && (foi_startswith_ci(t, "total") || foi_startswith_ci(t, "grand total") ||
                 foi_startswith_ci(t, "overall total") || foi_streq_ci(t, "all") ||
                 foi_startswith_ci(t, "all offences"));
}

static bool same_text(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static bool band_overlap(const band_vec *bv, box b)
{
    for (size_t i = 0; i < bv->n; i++)
        if (fmin(b.x2, bv->v[i].x2) - fmax(b.x1, bv->v[i].x1) > 0.5) return true;
    return false;
}

/* Two header cells side by side at word spacing ("31 December 2022 2023 to date"): their
 * boundary shows as a wider gap in the header line above or below, which holds this gap. */
static void mark_cuts(pline *L, int nh, int i)
{
    pline *l = &L[i];
    for (int k = 1; k < l->nw; k++) {
        double g1 = l->w[k - 1].b.x2, g2 = l->w[k].b.x1;
        l->w[k].cut = false;
        if (g2 - g1 > CHUNK_GAP * l->w[k].size) continue;
        for (int d = -1; d <= 1; d += 2) {
            if (i + d < 0 || i + d >= nh) continue;
            const pline *o = &L[i + d];
            for (int q = 1; q < o->nw; q++) {
                double h1 = o->w[q - 1].b.x2, h2 = o->w[q].b.x1;
                if (h2 - h1 > CHUNK_GAP * o->w[q].size && h1 <= g1 && h2 >= g2) l->w[k].cut = true;
            }
        }
    }
}

/* Left and right edges of the cells of columns lo..hi. */
static double zone_x1(const band_vec *bv, int lo)
{
    return lo > 0 ? zone_cut(bv, (size_t)lo - 1) : bv->v[lo].x1;
}
static double zone_x2(const band_vec *bv, int hi)
{
    return hi + 1 < (int)bv->n ? zone_cut(bv, (size_t)hi) : bv->v[hi].x2;
}

/* The upper row of a two-level header whose heading is narrower than the column under its
 * middle ("2021/2022" over TikTok, FaceBook, Whats App): one column's heading, with a row gap
 * (not a wrap) down to the sub-heading below it, and beside it, at its height, nothing over
 * the neighbouring columns that have sub-headings.  It spans the run of those columns it is
 * centred over, when exactly one run fits. */
static void narrow_span(ctx *x, const band_vec *bv, piece_vec *hp, size_t i, double wrap)
{
    piece *p = &hp->v[i];
    int c = p->lo, nb = (int)bv->n;
    if (p->hi != c) return;
    double size = p->b.y2 - p->b.y1;
    /* per column: a heading below p (no vertical overlap), and anything at p's height */
    bool *below = foi_alloc(x->a, (size_t)nb), *level = foi_alloc(x->a, (size_t)nb);
    double gap = 1e18;
    for (size_t q = 0; q < hp->n; q++) {
        const piece *o = &hp->v[q];
        if (q == i) continue;
        bool under = o->b.y1 >= p->b.y2 - 0.5;
        bool over = o->b.y2 <= p->b.y1 + 0.5;
        for (int b = o->lo; b <= o->hi; b++) {
            if (under && o->lo == o->hi) below[b] = true;
            if (!under && !over) level[b] = true;
        }
        if (under && o->lo == c && o->hi == c) gap = fmin(gap, o->b.y1 - p->b.y2);
    }
    /* a wrapped heading continues at line spacing; a sub-heading starts a padded row below */
    int ba = -1, bb = -1;
    double best = 1e18, second = 1e18, mid = (p->b.x1 + p->b.x2) / 2;
    bool row_gap = wrap < 1e17 ? gap >= wrap + CELL_PAD : gap > WRAP_GAP * size;
    if (gap < 1e17 && row_gap)
        for (int a = c; a >= 0 && below[a] && !level[a]; a--)
            for (int b = c; b < nb && below[b] && !level[b]; b++) {
                if (a == b) continue;
                /* the last column's cells end at their widest text, a sub-heading's too */
                double x2 = zone_x2(bv, b);
                for (size_t q = 0; b == nb - 1 && q < hp->n; q++)
                    if (hp->v[q].lo == b && hp->v[q].hi == b) x2 = fmax(x2, hp->v[q].b.x2);
                double err = fabs((zone_x1(bv, a) + x2) / 2 - mid);
                if (err < best)
                    second = best, best = err, ba = a, bb = b;
                else if (err < second)
                    second = err;
            }
    if (ba < 0 || best > CENTRE_TOL || second < best + CENTRE_TOL) return;
    p->lo = ba, p->hi = bb;
}

/* How badly rows cut the body's wrapped cells: consecutive pieces of one column in one row
 * apart by more than a wrap, or in two rows at the wrap's spacing (cells are padded, so a row
 * boundary shows as a wider gap than a line wrap inside a cell). */
static int gap_score(ctx *x, const piece_vec *bp, int nb, const int *row)
{
    /* next[k]: the next piece of k's column */
    size_t *next = foi_alloc(x->a, (bp->n ? bp->n : 1) * sizeof *next);
    size_t *last = foi_alloc(x->a, (size_t)nb * sizeof *last);
    for (int c = 0; c < nb; c++)
        last[c] = bp->n;
    for (size_t k = bp->n; k-- > 0;) {
        int c = bp->v[k].lo;
        next[k] = last[c];
        last[c] = k;
    }
    double gmin = 1e18;
    for (size_t k = 0; k < bp->n; k++)
        if (next[k] < bp->n) gmin = fmin(gmin, bp->v[next[k]].b.y1 - bp->v[k].b.y2);
    int score = 0;
    for (size_t k = 0; k < bp->n; k++) {
        size_t q = next[k];
        if (q >= bp->n) continue;
        double g = bp->v[q].b.y1 - bp->v[k].b.y2;
        if (row[k] == row[q] && g > gmin + CELL_PAD)
            score++;
        else if (row[k] != row[q] && g < gmin + CELL_PAD / 2)
            score++;
    }
    return score;
}

/* Builds a table from a run of lines, or NULL when they do not form at least two columns. */
static table *build_table(ctx *x, pline *L, int n)
{
    /* header: the leading bold lines (figures of the body are not bold) */
    int nh = 0;
    while (nh < n && L[nh].bold)
        nh++;
    if (nh == n) nh = 0; /* all bold: no header to tell apart */
    band_vec bv = {0};
    find_bands(x, L + nh, n - nh, &bv);
    /* a bold body label (th) wrapped above its figures: trailing header lines with words in
     * the label columns only belong to the first body row */
    while (nh > 0 && bv.n >= 2) {
        int lab = 0;
        while (lab < (int)bv.n && bv.v[lab].nfig <= bv.v[lab].ntext / 4)
            lab++;
        if (lab == 0 || lab >= (int)bv.n) break;
        double edge = (bv.v[lab - 1].x2 + bv.v[lab].x1) / 2;
        if (L[nh - 1].b.x2 > edge) break;
        nh--;
        bv.n = 0;
        find_bands(x, L + nh, n - nh, &bv);
    }
    if (bv.n < 2) return NULL;
    set_cuts(x, L + nh, n - nh, &bv);
    int nb = (int)bv.n;
    /* text running off the page: LibreOffice clipped a table wider than the page.  Columns
     * reaching the right edge are partial (a heading cut to "Publ"), so they are left out and
     * the whole columns read; with too few of those, or clipped on the left, the table is
     * uncertain. */
    bool clipped = false, right = false;
    for (int i = 0; i < n; i++) {
        clipped |= L[i].pw > 0 && L[i].b.x1 < 0.5;
        right |= L[i].pw > 0 && L[i].b.x2 > L[i].pw - 0.5;
    }
    if (right && !clipped) {
        /* the first column holding clipped text, its heading's or its cells' */
        int cb = nb;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < L[i].nw; k++)
                if (L[i].w[k].b.x2 > L[i].pw - 0.5) {
                    int b = band_of(&bv, L[i].w[k].b);
                    for (int q = 0; q < nb; q++)
                        if (fmin(L[i].w[k].b.x2, bv.v[q].x2) > fmax(L[i].w[k].b.x1, bv.v[q].x1))
                            b = b < q ? b : q;
                    cb = cb < b ? cb : b;
                }
        if (cb >= 2 && cb == nb - 1) {
            double cut = (bv.v[cb - 1].x2 + bv.v[cb].x1) / 2;
            /* a heading word left of the clipped column's cells may end the column before */
            bool sure = true;
            for (int i = 0; i < n; i++)
                for (int k = 0; k < L[i].nw; k++)
                    if ((L[i].w[k].b.x1 + L[i].w[k].b.x2) / 2 >= cut &&
                        L[i].w[k].b.x1 < bv.v[cb].x1 - L[i].w[k].size)
                        sure = false;
            pline_vec kept = {0};
            for (int i = 0; i < n; i++) {
                word *w = foi_alloc(x->a, (size_t)L[i].nw * sizeof *w);
                int nw = 0;
                for (int k = 0; k < L[i].nw; k++)
                    if ((L[i].w[k].b.x1 + L[i].w[k].b.x2) / 2 < cut) w[nw++] = L[i].w[k];
                if (!nw) continue;
                make_line(x, &kept, w, nw, L[i].page, L[i].ph, L[i].pw);
                kept.v[kept.n - 1].no = L[i].no;
            }
            table *t = kept.n ? build_table(x, kept.v, (int)kept.n) : NULL;
            if (t && !sure) t->uncertain = true;
            return t;
        }
        clipped = true;
    }
    for (int i = 0; i < nh; i++)
        mark_cuts(L, nh, i);
    piece_vec hp = {0}, bp = {0};
    for (int i = 0; i < nh; i++)
        line_pieces(x, &L[i], i, &bv, true, &hp, L, i, nh - i - 1);
    for (int i = nh; i < n; i++)
        line_pieces(x, &L[i], i, &bv, false, &bp, NULL, 0, 0);
    /* a header line over no column (left-aligned heading over right-aligned figures) is part
     * of the heading cell it stands under or over */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < hp.n; i++) {
            if (band_overlap(&bv, hp.v[i].b)) continue;
            /* the nearest heading line above or below that it overlaps */
            size_t best = hp.n;
            double bd = 1e18;
            for (size_t q = 0; q < hp.n; q++) {
                if (hp.v[q].line == hp.v[i].line || !band_overlap(&bv, hp.v[q].b)) continue;
                if (fmin(hp.v[q].b.x2, hp.v[i].b.x2) - fmax(hp.v[q].b.x1, hp.v[i].b.x1) <= 0)
                    continue;
                double d = fabs(cy(hp.v[q].b) - cy(hp.v[i].b));
                if (d < bd) bd = d, best = q;
            }
            if (best == hp.n) continue;
            hp.v[i].lo = hp.v[best].lo, hp.v[i].hi = hp.v[best].hi;
            hp.v[i].b.x1 = fmax(hp.v[i].b.x1, hp.v[best].b.x1);
            hp.v[i].b.x2 = fmin(hp.v[i].b.x2, hp.v[best].b.x2);
        }

    /* the gap between two lines of one wrapped cell */
    double wrap = 1e18;
    for (int pass = 0; pass < 2; pass++) {
        const piece_vec *pv = pass ? &bp : &hp;
        for (size_t k = 0; k < pv->n; k++)
            for (size_t q = k + 1; q < pv->n; q++)
                if (pv->v[q].lo == pv->v[k].lo && pv->v[q].hi == pv->v[k].hi &&
                    pv->v[q].line > pv->v[k].line) {
                    wrap = fmin(wrap, pv->v[q].b.y1 - pv->v[k].b.y2);
                    break;
                }
    }
    for (size_t i = 0; i < hp.n; i++)
        narrow_span(x, &bv, &hp, i, wrap);

    /* header rows: one, or two when a piece spans columns (the spanning row above) */
    double ysplit = -1;
    for (size_t i = 0; i < hp.n; i++)
        if (hp.v[i].hi > hp.v[i].lo) ysplit = fmax(ysplit, hp.v[i].b.y2);
    int hrows = nh ? (ysplit >= 0 ? 2 : 1) : 0;
    if (hrows == 2) {
        bool below = false;
        for (size_t i = 0; i < hp.n; i++)
            below |= cy(hp.v[i].b) >= ysplit;
        if (!below) hrows = 1;
    }

    /* body rows: anchor lines hold pieces in two or more columns; a piece over half the
     * columns on a line of its own is a section row */
    /* label columns come before the first column holding figures */
    int lab = 0;
    while (lab < nb && bv.v[lab].nfig <= bv.v[lab].ntext / 4)
        lab++;
    anchor *an = foi_alloc(x->a, (size_t)(n + 1) * sizeof *an);
    int na = 0;
    for (int i = nh; i < n; i++) {
        int cols = 0, last = -1;
        box ref = {0};
        bool wide = false, fig = lab >= nb;
        for (size_t k = 0; k < bp.n; k++) {
            if (bp.v[k].line != i) continue;
            /* with figure columns, a row shows in them: lines of label columns only are
             * wrapped labels (a group label beside a wrapped offence) */
            fig |= bp.v[k].hi >= lab;
            if (bp.v[k].lo != last) cols++;
            last = bp.v[k].lo;
            ref = bp.v[k].b;
            wide |= bp.v[k].hi - bp.v[k].lo + 1 > nb / 2;
        }
        if ((cols >= 2 && fig) || wide) an[na++] = (anchor){i, ref};
    }
    if (na == 0) return NULL;
    table *t = foi_alloc(x->a, sizeof *t);
    t->ncols = nb;
    t->nhead = hrows;
    t->nrows = hrows + na;
    t->c = foi_alloc(x->a, (size_t)t->nrows * (size_t)nb * sizeof *t->c);
    t->bx1 = foi_alloc(x->a, (size_t)nb * sizeof(double));
    t->bx2 = foi_alloc(x->a, (size_t)nb * sizeof(double));
    for (int c = 0; c < nb; c++)
        t->bx1[c] = bv.v[c].x1, t->bx2[c] = bv.v[c].x2;
    t->page = L[0].page;
    t->first_line = L[0].no;
    foi_buf hb;
    foi_buf_init(&hb, x->a);
    for (int i = 0; i < nh; i++) {
        foi_buf_puts(&hb, L[i].text);
        foi_buf_putc(&hb, '\n');
    }
    t->head = hb.s;
    t->uncertain = clipped;

    /* header cells */
    for (size_t i = 0; i < hp.n; i++) {
        int r = hrows == 2 && cy(hp.v[i].b) >= ysplit ? 1 : 0;
        put(x, t, r, &hp.v[i]);
    }
    if (hrows == 2)
        for (int c = 0; c < nb; c++) {
            tcell *u = tc(t, 0, c), *d = tc(t, 1, c);
            if (u->has && !d->has && !u->copy) {
                *d = *u;
                d->copy = true;
                d->span = c + 1;
            } else if (!u->has && d->has && !d->copy) {
                *u = *d;
                d->copy = true;
                d->span = c + 1;
            }
        }
    for (int r = 0; r < hrows; r++)
        for (int c = 0; c < nb; c++)
            tc(t, r, c)->header = true;

    /* a row split by the page break: the lines of a column above the first row, apart from
     * that row's own text by a row gap rather than a wrap, finish the previous page's last row
     * (emit_table decides, knowing whether the table goes on from there) */
    bool *lead = foi_alloc(x->a, bp.n ? bp.n : 1);
    double gmin = 1e18;
    for (size_t k = 0; k < bp.n; k++)
        for (size_t q = k + 1; q < bp.n; q++)
            if (bp.v[q].lo == bp.v[k].lo && bp.v[q].line > bp.v[k].line) {
                gmin = fmin(gmin, bp.v[q].b.y1 - bp.v[k].b.y2);
                break;
            }
    for (int b = 0; b < nb && gmin < 1e17; b++) {
        size_t k = 0, end;
        while (k < bp.n && bp.v[k].lo != b)
            k++;
        if (k == bp.n || bp.v[k].line >= an[0].line) continue;
        size_t prev = k;
        for (end = k + 1; end < bp.n; end++) {
            if (bp.v[end].lo != b) continue;
            double g = bp.v[end].b.y1 - bp.v[prev].b.y2;
            if (g > gmin + CELL_PAD) break;
            if (g <= gmin + CELL_PAD / 2 && bp.v[end].line == an[0].line) {
                /* no row gap to tell, but the first row's text starts on its figures' line and
                 * has nothing below it: text above cannot be centred with it, nor top-aligned */
                int below = na > 1 ? an[1].line : n;
                bool more = false;
                for (size_t q = end + 1; q < bp.n && !more; q++)
                    more = bp.v[q].lo == b && bp.v[q].line < below;
                if (!more) break;
            }
            if (g > gmin + CELL_PAD / 2 || bp.v[end].line >= an[0].line) {
                end = bp.n;
                break;
            }
            prev = end;
        }
        if (end >= bp.n) continue;
        if (!t->lead) t->lead = foi_alloc(x->a, (size_t)nb * sizeof *t->lead);
        foi_buf lb;
        foi_buf_init(&lb, x->a);
        for (size_t q = k; q < end; q++)
            if (bp.v[q].lo == b) {
                join_text(&lb, bp.v[q].text);
                lead[q] = true;
            }
        t->lead[b] = lb.s;
    }
    /* body: pieces per band, each band placed in both alignment modes, the better kept */
    int *row0 = foi_alloc(x->a, (bp.n ? bp.n : 1) * sizeof *row0);
    int *row1 = foi_alloc(x->a, (bp.n ? bp.n : 1) * sizeof *row1);
    piece **ps = foi_alloc(x->a, (bp.n ? bp.n : 1) * sizeof *ps);
    size_t *idx = foi_alloc(x->a, (bp.n ? bp.n : 1) * sizeof *idx);
    double cost[2] = {0, 0};
    for (int mode = 0; mode < 2; mode++)
        for (int b = 0; b < nb; b++) {
            int np = 0;
            for (size_t k = 0; k < bp.n; k++)
                if (bp.v[k].lo == b && !lead[k]) idx[np] = k, ps[np++] = &bp.v[k];
            if (!np) continue;
            int *ro = foi_alloc(x->a, (size_t)np * sizeof *ro);
            /* reference per anchor: its rightmost piece outside this band */
            anchor *ab = foi_alloc(x->a, (size_t)na * sizeof *ab);
            for (int k = 0; k < na; k++) {
                ab[k] = an[k];
                for (size_t q = 0; q < bp.n; q++)
                    if (bp.v[q].line == an[k].line && bp.v[q].lo != b) ab[k].ref = bp.v[q].b;
            }
            cost[mode] += assign_band(x, ps, np, ab, na, mode, ro);
            for (int i = 0; i < np; i++)
                (mode ? row1 : row0)[idx[i]] = ro[i];
        }
    int *row = cost[1] < cost[0] ? row1 : row0;
    /* wrapped cells that read as well centred as top-aligned but land in other rows: the
     * layout does not say which row they belong to */
    int moved = 0;
    for (size_t k = 0; k < bp.n; k++)
        moved += row0[k] != row1[k];
    if (moved && fabs(cost[0] - cost[1]) < AMBIG_GAP * x->body_size) {
        /* the cell padding tells: lines of one cell are closer than lines of two rows */
        int s0 = gap_score(x, &bp, nb, row0), s1 = gap_score(x, &bp, nb, row1);
        if (s0 == s1)
            t->uncertain = true;
        else
            row = s0 < s1 ? row0 : row1;
    }
    for (size_t k = 0; k < bp.n; k++)
        if (!lead[k]) put(x, t, hrows + row[k], &bp.v[k]);

    if (lab >= 2) {
        /* a total row's label spans the label columns: it belongs to no group */
        for (int r = hrows; r < t->nrows; r++) {
            int c0 = 0;
            while (c0 < lab && !tc(t, r, c0)->has)
                c0++;
            if (c0 == lab || !total_word(tc(t, r, c0)->text)) continue;
            for (int c = 0; c < lab; c++) {
                if (c == c0) continue;
                tcell *e = tc(t, r, c);
                if (e->has) continue;
                *e = *tc(t, r, c0);
                e->copy = c > c0;
                e->span = r * nb + c0 + 1;
                if (c < c0) {
                    /* the first position holds the span's text */
                    *e = *tc(t, r, c0);
                    e->copy = false;
                    e->span = 0;
                    tc(t, r, c0)->copy = true;
                    tc(t, r, c0)->span = r * nb + c + 1;
                    c0 = c;
                }
            }
        }
        /* a group label (rowspan) stands beside the rows nearest to it; when every group
         * label starts at the top of its first row, it heads the rows down to the next */
        double *rtop = foi_alloc(x->a, (size_t)t->nrows * sizeof *rtop);
        for (int r = hrows; r < t->nrows; r++) {
            rtop[r] = 1e18;
            for (int c = lab; c < nb; c++)
                if (tc(t, r, c)->has) rtop[r] = fmin(rtop[r], tc(t, r, c)->b.y1);
            for (int c = lab - 1; c < lab; c++)
                if (tc(t, r, c)->has) rtop[r] = fmin(rtop[r], tc(t, r, c)->b.y1);
        }
        for (int c = 0; c < lab - 1; c++) {
            int labels = 0, tops = 0;
            for (int r = hrows; r < t->nrows; r++) {
                tcell *o = tc(t, r, c);
                if (!o->has || o->copy) continue;
                labels++;
                tops += fabs(o->b.y1 - rtop[r]) < 2;
            }
            bool top = labels >= 2 && tops == labels;
            for (int r = hrows; r < t->nrows; r++) {
                if (tc(t, r, c)->has) continue;
                double yr = cy(an[r - hrows].ref), bd = 1e18;
                int br = -1;
                for (int q = hrows; q < t->nrows; q++) {
                    tcell *o = tc(t, q, c);
                    /* a total's label belongs to its own row only */
                    if (!o->has || o->copy || total_word(o->text)) continue;
                    if (top && q > r) break;
                    double dd = top ? r - q : fabs(cy(o->b) - yr);
                    if (dd < bd) bd = dd, br = q;
                }
                if (br < 0) break;
                tcell *o = tc(t, br, c), *e = tc(t, r, c);
                *e = *o;
                e->copy = true;
                e->span = br * nb + c + 1;
            }
        }
        /* a label spanning the label columns of a row ("Total") */
        for (int r = hrows; r < t->nrows; r++)
            for (int c = 1; c < lab; c++) {
                tcell *e = tc(t, r, c), *l = tc(t, r, c - 1);
                if (e->has || !l->has || l->copy) continue;
                *e = *l;
                e->copy = true;
                e->span = r * nb + (c - 1) + 1;
            }
    }
    /* a body cell is a header when all its text is bold (th) */
    for (int r = hrows; r < t->nrows; r++)
        for (int c = 0; c < nb; c++)
            tc(t, r, c)->header = tc(t, r, c)->has && tc(t, r, c)->bold;
    return t;
}

/* ---- emitting ------------------------------------------------------------------------------ */

static void fill_rows(ctx *x, foi_grid *g, int at, table *t, int from)
{
    for (int r = from; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            tcell *s = tc(t, r, c);
            foi_cell *d = foi_grid_at(g, at + r - from, c);
            d->text = foi_clean(x->a, s->text ? s->text : "");
            d->header = s->header;
            d->copy = s->copy;
        }
    /* span identities: a copy shares the id of the cell it repeats */
    for (int r = from; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            tcell *s = tc(t, r, c);
            foi_cell *d = foi_grid_at(g, at + r - from, c);
            if (!s->copy) {
                d->span_id = ++x->span_seq;
                s->span = -d->span_id; /* remember */
            }
        }
    for (int r = from; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            tcell *s = tc(t, r, c);
            if (!s->copy) continue;
            int k = s->span - 1, sr = k / t->ncols, sc = k % t->ncols;
            foi_cell *d = foi_grid_at(g, at + r - from, c);
            if (k >= 0 && sr >= from && sr < t->nrows && tc(t, sr, sc)->span < 0)
                d->span_id = -tc(t, sr, sc)->span;
            else
                d->span_id = ++x->span_seq, d->copy = false;
        }
}

static bool continues(ctx *x, table *t)
{
    table *p = x->last_table;
    if (!p || !x->last_grid || x->blocks_at_last_grid != x->d->blocks.n) return false;
    if (t->page != x->last_grid_page + 1 || t->ncols != p->ncols) return false;
    for (int c = 0; c < t->ncols; c++)
        if (fmax(t->bx1[c], p->bx1[c]) > fmin(t->bx2[c], p->bx2[c]) + 6) return false;
    /* the same header lines: the same header, however its cells were read on each page */
    if (t->nhead && p->head && t->head && !strcmp(t->head, p->head)) return true;
    if (t->nhead && t->nhead != p->nhead) return false;
    for (int r = 0; r < t->nhead; r++)
        for (int c = 0; c < t->ncols; c++)
            if (!same_text(foi_clean(x->a, tc(t, r, c)->text ? tc(t, r, c)->text : ""),
                           foi_clean(x->a, tc(p, r, c)->text ? tc(p, r, c)->text : "")))
                return false;
    return true;
}

/* The tail of a row split by the page break, appended to the last row of grid g; false when
 * that row has no own text in the column to finish. */
static bool finish_last_row(ctx *x, foi_grid *g, table *t)
{
    for (int c = 0; c < t->ncols; c++) {
        if (!t->lead[c]) continue;
        foi_cell *cell = foi_grid_at(g, g->nrows - 1, c);
        if (cell->copy || !cell->text || !*cell->text || g->nrows <= 1) return false;
    }
    for (int c = 0; c < t->ncols; c++) {
        if (!t->lead[c]) continue;
        foi_cell *cell = foi_grid_at(g, g->nrows - 1, c);
        foi_buf b;
        foi_buf_init(&b, x->a);
        foi_buf_puts(&b, cell->text);
        join_text(&b, t->lead[c]);
        char *text = foi_clean(x->a, b.s);
        int id = cell->span_id;
        for (int r = 0; r < g->nrows; r++)
            for (int k = 0; k < g->ncols; k++)
                if (foi_grid_at(g, r, k)->span_id == id) foi_grid_at(g, r, k)->text = text;
    }
    return true;
}

static void emit_table(ctx *x, table *t, int *page_tables)
{
    bool cont = continues(x, t);
    if (t->lead && !(cont && finish_last_row(x, x->last_grid, t))) {
        /* no row above to finish: the text heads the first row after all */
        for (int c = 0; c < t->ncols; c++) {
            if (!t->lead[c]) continue;
            tcell *e = tc(t, t->nhead, c);
            foi_buf b;
            foi_buf_init(&b, x->a);
            foi_buf_puts(&b, t->lead[c]);
            if (e->text) join_text(&b, e->text);
            e->text = b.s;
            e->has = true;
        }
    }
    if (cont) {
        foi_grid *g = x->last_grid;
        int add = t->nrows - t->nhead;
        foi_cell *cells =
            foi_alloc(x->a, (size_t)(g->nrows + add) * (size_t)g->ncols * sizeof *cells);
        memcpy(cells, g->cells, (size_t)g->nrows * (size_t)g->ncols * sizeof *cells);
        g->cells = cells;
        int at = g->nrows;
        g->nrows += add;
        fill_rows(x, g, at, t, t->nhead);
        if (t->uncertain) g->kind = "pdf:uncertain";
        x->last_grid_page = t->page;
        return;
    }
    /* the same columns go on at the top of the next page under a heading that is not the
     * last one repeated: a row split by the page break has run into the heading, and neither
     * part can be read with certainty */
    table *p = x->last_table;
    if (p && x->last_grid && x->blocks_at_last_grid == x->d->blocks.n &&
        t->page == x->last_grid_page + 1 && t->ncols == p->ncols && t->nhead) {
        bool same = true;
        for (int c = 0; c < t->ncols && same; c++)
            same = fmax(t->bx1[c], p->bx1[c]) <= fmin(t->bx2[c], p->bx2[c]) + 6;
        if (same) {
            t->uncertain = true;
            x->last_grid->kind = "pdf:uncertain";
        }
    }
    char *ctxt = foi_doc_context(x->d, 0);
    foi_grid *g = foi_doc_add_grid(x->d, t->nrows, t->ncols);
    g->context = ctxt;
    g->first_line = t->first_line;
    g->label = foi_sprintf(x->a, "page %d, table %d", t->page, ++*page_tables);
    fill_rows(x, g, 0, t, 0);
    if (t->uncertain) g->kind = "pdf:uncertain";
    x->last_grid = g;
    x->last_table = t;
    x->last_grid_page = t->page;
    x->blocks_at_last_grid = x->d->blocks.n;
}

static void add_block(ctx *x, foi_block_kind kind, const char *text, int line, int page)
{
    if (kind == FOI_BLOCK_HEADING)
        x->in_request = foi_request_heading(text);
    else if (x->in_request)
        kind = FOI_BLOCK_QUOTE;
    size_t before = x->d->blocks.n;
    foi_doc_add_block(x->d, kind, text, line);
    if (x->d->blocks.n > before) x->d->blocks.v[before].page = page;
}

typedef struct para {
    foi_buf t;
    foi_block_kind kind;
    int line, page;
    const pline *last;
    double x1, lx1; /* text start, line start (before a list number) */
    bool open, quote_next, quoting;
} para;

static void para_flush(ctx *x, para *p)
{
    if (!p->open) return;
    foi_block_kind k = p->kind;
    if (p->quoting && k != FOI_BLOCK_HEADING) k = FOI_BLOCK_QUOTE;
    add_block(x, k, p->t.s, p->line, p->page);
    /* "You asked:" followed by an indented paragraph: the restated request */
    const char *s = p->t.s;
    size_t n = strlen(s);
    p->quote_next = k == FOI_BLOCK_PARA && n > 6 &&
                    (!strcmp(s + n - 6, "asked:") || !strcmp(s + n - 8, "request:") ||
                     (n > 10 && !strcmp(s + n - 10, "requested:")));
    p->open = false;
    p->t.len = 0;
    p->t.s[0] = 0;
}

static void prose_line(ctx *x, para *p, const pline *l, double right)
{
    if (l->link) { /* navigation: see mark_links */
        para_flush(x, p);
        return;
    }
    foi_block_kind kind = FOI_BLOCK_PARA;
    if (l->item)
        kind = FOI_BLOCK_ITEM;
    else if ((l->bold || l->size >= x->body_size * 1.15) && strlen(l->text) < 160)
        kind = FOI_BLOCK_HEADING;
    bool join = false;
    if (p->open && p->last->page == l->page && !l->item) {
        const pline *q = p->last;
        double gap = l->b.y1 - q->b.y2;
        bool same = fabs(l->size - q->size) < 1 && (kind == p->kind || p->kind == FOI_BLOCK_ITEM);
        /* the previous line ended early when the next line's first word would have fit */
        bool short_prev = q->b.x2 + 0.5 * l->size + (l->w[0].b.x2 - l->w[0].b.x1) < right - 2;
        if (p->kind == FOI_BLOCK_HEADING) short_prev = false;
        bool aligned = fabs(l->b.x1 - p->x1) < l->size || fabs(l->b.x1 - p->lx1) < l->size;
        join = same && gap < WRAP_GAP * l->size && !short_prev && aligned;
        if (p->kind == FOI_BLOCK_ITEM && kind == FOI_BLOCK_HEADING) join = false;
    }
    if (join) {
        join_text(&p->t, l->text);
        p->last = l;
        return;
    }
    bool quote_next = p->open ? false : p->quote_next;
    const pline *prev = p->last;
    para_flush(x, p);
    quote_next = quote_next || p->quote_next;
    if (p->quoting && !(prev && l->b.x1 > p->lx1 - 2 && kind != FOI_BLOCK_HEADING))
        p->quoting = false;
    if (quote_next && prev && l->b.x1 > prev->b.x1 + l->size && kind != FOI_BLOCK_HEADING)
        p->quoting = true;
    p->open = true;
    p->kind = kind;
    p->line = l->no;
    p->page = l->page;
    p->last = l;
    p->x1 = p->lx1 = l->b.x1;
    if (l->item && l->nw > 1 && is_list_number(l->w[0].text)) p->x1 = l->w[1].b.x1;
    join_text(&p->t, l->text);
}

/* Single-chunk line that sits inside one column of the multi-chunk line above it. */
static bool fits(const pline *ref, const pline *l)
{
    for (int k = 0; k + 1 < ref->nw; k++) {
        double g1 = ref->w[k].b.x2, g2 = ref->w[k + 1].b.x1;
        if (g2 - g1 <= CHUNK_GAP * ref->w[k + 1].size) continue;
        if (l->b.x1 < g1 && l->b.x2 > g2) return false;
    }
    return true;
}

/* A figure closer to the label before it than a cell gap (a label filling a narrow column):
 * where the row above has a cell boundary and the figure starts past it, the line has one
 * too. */
static void split_at_columns(const pline *ref, pline *l)
{
    /* a row: its label starts where the row above starts (or left of the header's first
     * heading, centred in its cell), figures only after it */
    if (l->item || l->w[0].b.x1 - ref->w[0].b.x1 > 1 ||
        (!ref->bold && ref->w[0].b.x1 - l->w[0].b.x1 > 1))
        return;
    int f = l->nw;
    while (f > 0 && figure(l->w[f - 1].text))
        f--;
    for (int k = f; k < l->nw; k++) {
        if (k == 0) continue;
        for (int q = 1; q < ref->nw; q++) {
            double g1 = ref->w[q - 1].b.x2, g2 = ref->w[q].b.x1;
            /* the row above is a body row (a figure there) or the header (bold headings) */
            if (g2 - g1 <= CHUNK_GAP * ref->w[q].size || !(figure(ref->w[q].text) || ref->bold))
                continue;
            /* under the figure or heading of the row above, its label ending before that */
            bool under = fmin(l->w[k].b.x2, ref->w[q].b.x2) > fmax(l->w[k].b.x1, ref->w[q].b.x1);
            if (under && l->w[k - 1].b.x2 < g2 && !l->w[k].split) {
                l->w[k].split = true;
                l->nchunks++;
            }
        }
    }
}

/* A line of narrow cells filled to word spacing ("without injury Offences against the"): it
 * crosses a cell gap of the row above only where one of its words starts exactly where the
 * row above's next cell starts (flush-left text), so it splits there. */
static bool split_at_edges(const pline *ref, pline *l)
{
    if (l->item || l->nw < 2) return false;
    bool *cut = calloc((size_t)l->nw, 1);
    if (!cut) return false;
    for (int q = 1; q < ref->nw; q++) {
        double g1 = ref->w[q - 1].b.x2, g2 = ref->w[q].b.x1;
        if (g2 - g1 <= CHUNK_GAP * ref->w[q].size) continue;
        for (int k = 1; k < l->nw; k++)
            if (fabs(l->w[k].b.x1 - g2) <= 0.5 && l->w[k - 1].b.x2 < g2 - 1) cut[k] = true;
    }
    /* every run between cuts inside one cell of the row above */
    bool ok = true;
    for (int k0 = 0; k0 < l->nw && ok;) {
        int k1 = k0 + 1;
        while (k1 < l->nw && !cut[k1])
            k1++;
        double x1 = l->w[k0].b.x1, x2 = l->w[k1 - 1].b.x2;
        for (int q = 1; q < ref->nw && ok; q++) {
            double g1 = ref->w[q - 1].b.x2, g2 = ref->w[q].b.x1;
            if (g2 - g1 > CHUNK_GAP * ref->w[q].size && x1 < g1 && x2 > g2) ok = false;
        }
        k0 = k1;
    }
    int n = 0;
    for (int k = 1; k < l->nw; k++)
        n += cut[k];
    if (ok && n)
        for (int k = 1; k < l->nw; k++)
            if (cut[k] && !l->w[k].split) l->w[k].split = true, l->nchunks++;
    free(cut);
    return ok && n;
}

/* A row split by a page break: lines at the top of the page inside one column of the table
 * that ended the last page, then a row gap (not a wrap) before the table goes on, finish the
 * last row's cell.  Returns how many lines were taken. */
static int split_row_tail(ctx *x, const pline *K, int m, double margin)
{
    table *t = x->last_table;
    foi_grid *g = x->last_grid;
    if (!t || !g || x->ncarry || x->blocks_at_last_grid != x->d->blocks.n || !m ||
        K[0].page != x->last_grid_page + 1 || g->nrows <= t->nhead)
        return 0;
    int f = 0, col = -1;
    while (f < m && f < 8 && K[f].nchunks == 1 && !K[f].item && K[f].b.x1 > margin + 0.8) {
        if (f && K[f].b.y1 - K[f - 1].b.y2 > WRAP_GAP * K[f].size) return 0;
        int c = -1;
        for (int k = 0; k < t->ncols; k++) {
            double lo = k ? t->bx2[k - 1] : -1e18, hi = k + 1 < t->ncols ? t->bx1[k + 1] : 1e18;
            if (K[f].b.x1 > lo && K[f].b.x2 < hi &&
                fmin(K[f].b.x2, t->bx2[k]) > fmax(K[f].b.x1, t->bx1[k]))
                c = k;
        }
        if (c < 0 || (col >= 0 && c != col)) return 0;
        col = c;
        f++;
    }
    if (!f || f >= m || K[f].nchunks < 2 || K[f].b.y1 - K[f - 1].b.y2 <= WRAP_GAP * K[f].size)
        return 0;
    /* the next line is a row of the same columns */
    for (int k = 0; k < K[f].nw; k++) {
        bool in = false;
        for (int c = 0; c < t->ncols && !in; c++)
            in = fmin(K[f].w[k].b.x2, t->bx2[c] + 6) > fmax(K[f].w[k].b.x1, t->bx1[c] - 6);
        if (!in) return 0;
    }
    foi_cell *cell = foi_grid_at(g, g->nrows - 1, col);
    if (cell->copy || !cell->text || !*cell->text) return 0;
    foi_buf b;
    foi_buf_init(&b, x->a);
    foi_buf_puts(&b, cell->text);
    for (int k = 0; k < f; k++)
        join_text(&b, K[k].text);
    /* every cell of the span shows the whole text */
    char *text = foi_clean(x->a, b.s);
    for (int r = 0; r < g->nrows; r++)
        for (int c = 0; c < g->ncols; c++)
            if (foi_grid_at(g, r, c)->span_id == cell->span_id) foi_grid_at(g, r, c)->text = text;
    return f;
}

/* A line starting at the text margin, left of a table's inset cell text: prose again. */
static bool at_margin(double left, double x1, double margin, double fm)
{
    return (left > margin + 0.8 && x1 < margin + 0.5) ||
           (left > fm + 0.8 && x1 < fm + 0.5 && x1 > fm - 0.5);
}

static void emit_page(ctx *x, pline *L, int n)
{
    int page_tables = 0;
    para p = {0};
    foi_buf_init(&p.t, x->a);
    double right = 0;
    for (int i = 0; i < n; i++)
        if (!L[i].drop && L[i].nchunks < 2) right = fmax(right, L[i].b.x2);
    /* keep the live lines of this page, after a table heading carried from the last page */
    pline *K = foi_alloc(x->a, (size_t)(n + x->ncarry + 1) * sizeof *K);
    int m = 0;
    if (x->ncarry) {
        const pline *first = NULL;
        for (int i = 0; i < n && !first; i++)
            if (!L[i].drop) first = &L[i];
        /* moved to just above this page's first line, so gaps read as within one table */
        double dy = first ? first->b.y1 - 1 - x->carry[x->ncarry - 1].b.y2 : 0;
        for (int c = 0; c < x->ncarry; c++) {
            pline l = x->carry[c];
            word *w = foi_alloc(x->a, (size_t)l.nw * sizeof *w);
            for (int k = 0; k < l.nw; k++) {
                w[k] = l.w[k];
                w[k].b.y1 += dy, w[k].b.y2 += dy;
            }
            l.w = w;
            l.b.y1 += dy, l.b.y2 += dy;
            K[m++] = l;
        }
        x->carry = NULL;
        x->ncarry = 0;
    }
    for (int i = 0; i < n; i++)
        if (!L[i].drop) K[m++] = L[i];
    /* the text margin: cell text is inset from it by the cell padding (LibreOffice), so a line
     * starting at the margin right under a table is prose again ("Kind regards") */
    double margin = 1e18;
    for (int i = 0; i < m; i++)
        margin = fmin(margin, K[i].b.x1);
    int i0 = split_row_tail(x, K, m, margin);
    for (int i = i0; i < m;) {
        if (K[i].nchunks >= 2) {
            int j = i + 1, multi = 1;
            const pline *ref = &K[i];
            double bottom = K[i].b.y2, left = K[i].b.x1;
            /* the margin of the text column the table stands in (beside a sidebar the page's
             * own margin is further left): the nearest line of running text above */
            double fm = margin;
            for (int q = i - 1; q >= 0 && q >= i - 6; q--)
                if (K[q].nchunks == 1 && !K[q].item && K[q].nw >= 3) {
                    fm = K[q].b.x1;
                    break;
                }
            bool head = K[i].bold; /* only bold lines so far: a header of wrapped cells */
            while (j < m) {
                double gap = K[j].b.y1 - bottom;
                if (K[j].nchunks == 1 && ref->nchunks >= 2 && gap <= ROW_GAP * K[j].size)
                    split_at_columns(ref, &K[j]);
                if (K[j].nchunks == 1 && ref->nchunks >= 2 && gap <= WRAP_GAP * K[j].size &&
                    !fits(ref, &K[j]))
                    split_at_edges(ref, &K[j]);
                if (K[j].nchunks >= 2 && gap <= ROW_GAP * K[j].size) {
                    multi++;
                    ref = &K[j];
                } else if (K[j].nchunks == 1 && gap <= WRAP_GAP * K[j].size &&
                           (!K[j].item || is_list_number(K[j].w[0].text) || dash_item(&K[j])) &&
                           (fits(ref, &K[j]) || (head && K[j].bold)) &&
                           !at_margin(left, K[j].b.x1, margin, fm)) {
                    if (dash_item(&K[j])) unitem(x, &K[j]);
                } else if (K[j].nchunks == 1 && (!K[j].item || dash_item(&K[j])) &&
                           gap <= ROW_GAP * K[j].size && fits(ref, &K[j]) &&
                           !at_margin(left, K[j].b.x1, margin, fm)) {
                    /* a new row whose label wraps above its figures: lines of it down to
                     * the line holding the figures */
                    int k = j + 1;
                    while (k < m && k - j < 8 && K[k].nchunks == 1 &&
                           (!K[k].item || dash_item(&K[k])) && fits(ref, &K[k]) &&
                           K[k].b.y1 - K[k - 1].b.y2 <= WRAP_GAP * K[k].size)
                        k++;
                    if (k >= m || K[k].nchunks < 2 ||
                        K[k].b.y1 - K[k - 1].b.y2 > WRAP_GAP * K[k].size)
                        break;
                    for (; j < k; j++) {
                        if (dash_item(&K[j])) unitem(x, &K[j]);
                        bottom = fmax(bottom, K[j].b.y2);
                        left = fmin(left, K[j].b.x1);
                        head &= K[j].bold;
                    }
                    continue;
                } else {
                    break;
                }
                bottom = fmax(bottom, K[j].b.y2);
                left = fmin(left, K[j].b.x1);
                head &= K[j].bold;
                j++;
            }
            int s = i;
            /* a table continued from the last page: the wrapped label lines above its first
             * row at the top of this page belong to it */
            bool cont = x->last_grid && x->last_grid_page == K[i].page - 1 &&
                        x->blocks_at_last_grid == x->d->blocks.n && p.open && i > 0 &&
                        K[i].b.y1 - K[i - 1].b.y2 <= WRAP_GAP * K[i].size;
            for (int q = 0; cont && q < i; q++)
                cont = K[q].nchunks == 1 && !K[q].item && fits(&K[i], &K[q]) &&
                       (q == 0 || K[q].b.y1 - K[q - 1].b.y2 <= WRAP_GAP * K[q].size);
            if (cont) {
                p.open = false;
                p.t.len = 0;
                p.t.s[0] = 0;
                s = 0;
            }
            /* a spanning header line just above ("Financial year" over the year columns) */
            if (!cont && s > 0 && K[s - 1].nchunks == 1 && K[s - 1].bold && !K[s - 1].item &&
                K[s].b.y1 - K[s - 1].b.y2 <= WRAP_GAP * K[s].size &&
                K[s - 1].b.x1 > K[s].w[0].b.x2 && p.open && p.last == &K[s - 1]) {
                p.open = false;
                p.t.len = 0;
                p.t.s[0] = 0;
                s--;
            }
            x->open_foot = j == m && K[m - 1].page < x->npages;
            table *t = multi >= 2 ? build_table(x, K + s, j - s) : NULL;
            x->open_foot = false;
            /* only the heading of a table at the foot of the page: read it with the next */
            bool foot = !t && n > 0 && j == m && K[m - 1].b.y2 > K[m - 1].ph * 0.8 &&
                        K[m - 1].page == K[s].page;
            for (int q = s; foot && q < j; q++)
                foot = K[q].bold;
            if (foot) {
                for (int q = i; q < s; q++)
                    prose_line(x, &p, &K[q], right);
                x->carry = K + s;
                x->ncarry = j - s;
                break;
            }
            if (t) {
                para_flush(x, &p);
                emit_table(x, t, &page_tables);
                i = j;
                continue;
            }
            /* not a table after all: give the lines taken above back */
            for (int q = s; q < i; q++)
                prose_line(x, &p, &K[q], right);
        }
        prose_line(x, &p, &K[i], right);
        i++;
    }
    para_flush(x, &p);
}

/* ---- document ------------------------------------------------------------------------------ */

static void set_fail(foi_fail *f, const char *status, const char *detail)
{
    if (f) f->status = status, f->detail = detail;
}

static bool has_eof_marker(const unsigned char *b, size_t n)
{
    size_t from = n > 2048 ? n - 2048 : 0;
    for (size_t i = from; i + 5 <= n; i++)
        if (!memcmp(b + i, "%%EOF", 5)) return true;
    return false;
}

foi_doc *foi_pdf_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    pthread_once(&init_once, init);
    if (!bytes || n == 0) {
        set_fail(fail, "unreadable", "empty PDF file");
        return NULL;
    }
    if (n > FOI_PDF_MAX_BYTES) {
        set_fail(fail, "unreadable", "PDF larger than foitab reads");
        return NULL;
    }
    if (n < 5 || memcmp(bytes, "%PDF", 4) != 0) {
        set_fail(fail, "unreadable", "not a PDF (no %PDF header)");
        return NULL;
    }
    if (!has_eof_marker(bytes, n)) {
        set_fail(fail, "unreadable", "truncated PDF (no end-of-file marker)");
        return NULL;
    }
    GBytes *gb = g_bytes_new_static(bytes, n);
    foi_arena_defer(a, unref_bytes, gb);
    GError *err = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(gb, NULL, &err);
    if (!pd) {
        bool enc = err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED;
        if (err) g_error_free(err);
        foi_arena_release(a, gb);
        if (enc)
            set_fail(fail, "unsupported", "encrypted PDF");
        else
            set_fail(fail, "unreadable", "damaged PDF: poppler could not open it");
        return NULL;
    }
    foi_arena_defer(a, unref_obj, pd);
    int np = poppler_document_get_n_pages(pd);
    if (np <= 0) {
        foi_arena_release(a, pd);
        foi_arena_release(a, gb);
        set_fail(fail, "unreadable", "PDF with no pages");
        return NULL;
    }
    ctx x = {.a = a, .d = foi_doc_new(a)};
    int read = np > FOI_PDF_MAX_PAGES ? FOI_PDF_MAX_PAGES : np;
    x.npages = read;
    long budget = FOI_PDF_MAX_CHARS;
    pline_vec L = {0};
    size_t nwords = 0;
    for (int pi = 0; pi < read && budget > 0; pi++) {
        PopplerPage *pg = poppler_document_get_page(pd, pi);
        if (!pg) continue;
        foi_arena_defer(a, unref_obj, pg);
        double pw = 0, ph = 0;
        poppler_page_get_size(pg, &pw, &ph);
        word_vec ws = {0};
        page_words(&x, pg, &ws, &budget);
        mark_links(&x, pg, ws.v, ws.n);
        nwords += ws.n;
        foi_arena_release(a, pg);
        pline_vec P = {0};
        page_lines(&x, &ws, pi + 1, ph, pw, &P);
        page_flows(&x, P.v, (int)P.n, &L);
    }
    if (budget <= 0) read = L.n ? L.v[L.n - 1].page : 0;
    char *title = poppler_document_get_title(pd);
    if (title) {
        char *t = foi_clean(a, title);
        g_free(title);
        if (t && *t) x.d->title = t;
    }
    foi_arena_release(a, pd);
    foi_arena_release(a, gb);
    if (!nwords) {
        set_fail(fail, "unsupported", "scanned PDF with no text layer: needs OCR");
        return NULL;
    }
    if (read < np || budget <= 0)
        foi_doc_add_meta(x.d, "pdf_truncated", foi_sprintf(a, "%d pages", read));

    drop_repeats(&x, &L);
    /* body text size: the size of most characters */
    double best = 0;
    for (size_t i = 0, bestn = 0; i < L.n; i++) {
        size_t cnt = 0;
        for (size_t j = 0; j < L.n; j++)
            if (fabs(L.v[j].size - L.v[i].size) < 0.5) cnt += strlen(L.v[j].text);
        if (cnt > bestn) bestn = cnt, best = L.v[i].size;
        if (i > 400) break; /* enough to know */
    }
    x.body_size = best > 0 ? best : 12;
    int no = 0;
    for (size_t i = 0; i < L.n; i++)
        if (!L.v[i].drop) L.v[i].no = ++no;
    for (size_t i = 0; i < L.n;) {
        size_t j = i;
        while (j < L.n && L.v[j].page == L.v[i].page)
            j++;
        emit_page(&x, &L.v[i], (int)(j - i));
        i = j;
    }
    if (x.ncarry) emit_page(&x, NULL, 0);
    foi_doc_finish(x.d);
    return x.d;
}
