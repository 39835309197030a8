#include "parsers/csv.h"

#include <ctype.h>
#include <string.h>

#include "parsers/text.h"
#include "util/str.h"

/* The delimiter is sniffed from this much of the file. */
enum { SNIFF_BYTES = 64 * 1024, MAX_HEADER_ROWS = 3 };

typedef struct rec {
    char **f;
    int n;
    int line;      /* 1-based source line where the record starts */
    size_t b0, b1; /* source bytes of the record, line end excluded */
} rec;

typedef FOI_VEC(rec) rec_vec;
typedef FOI_VEC(char *) str_vec;

static char *copy_field(foi_arena *a, const char *s, size_t n)
{
    char *f = foi_strndup(a, s, n);
    for (size_t i = 0; i < n; i++)
        if (!f[i]) f[i] = ' ';
    return f;
}

/* RFC 4180 records.  Returns false when a quoted field runs to the end of the input (the
 * caller then parses again with lenient set: a quote cannot cross a line end). */
static bool parse(foi_arena *a, const char *s, size_t len, char delim, bool lenient, rec_vec *out)
{
    size_t i = 0;
    int line = 1;
    if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) i = 3;
    while (i < len) {
        rec r = {.line = line, .b0 = i};
        str_vec fields = {0};
        for (;;) {
            char *field;
            if (i < len && s[i] == '"') {
                foi_buf b;
                foi_buf_init(&b, a);
                size_t j = i + 1, run = j;
                bool closed = false;
                while (j < len) {
                    char c = s[j];
                    if (c == '"') {
                        foi_buf_add(&b, s + run, j - run);
                        if (j + 1 < len && s[j + 1] == '"') {
                            foi_buf_putc(&b, '"');
                            j += 2;
                            run = j;
                            continue;
                        }
                        closed = true;
                        j++;
                        break;
                    }
                    if (c == '\r' || c == '\n') {
                        if (lenient) break;
                        if (c == '\r' && j + 1 < len && s[j + 1] == '\n') j++;
                        line++;
                    }
                    j++;
                }
                if (!closed && !lenient) return false;
                if (!closed) {
                    /* a stray quote: the field reads as unquoted text after it */
                    size_t k = i + 1;
                    while (k < len && s[k] != delim && s[k] != '\r' && s[k] != '\n')
                        k++;
                    field = copy_field(a, s + i + 1, k - i - 1);
                    i = k;
                    goto pushed;
                }
                /* text after the closing quote belongs to the field */
                size_t k = j;
                while (k < len && s[k] != delim && s[k] != '\r' && s[k] != '\n')
                    k++;
                foi_buf_add(&b, s + j, k - j);
                for (size_t q = 0; q < b.len; q++)
                    if (!b.s[q]) b.s[q] = ' ';
                field = b.s;
                i = k;
            } else {
                size_t j = i;
                while (j < len && s[j] != delim && s[j] != '\r' && s[j] != '\n')
                    j++;
                field = copy_field(a, s + i, j - i);
                i = j;
            }
        pushed:
            FOI_VEC_PUSH(a, fields, field);
            if (i < len && s[i] == delim) {
                i++;
                if (i == len) FOI_VEC_PUSH(a, fields, (char *)"");
                continue;
            }
            r.b1 = i;
            if (i < len) {
                if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') i++;
                i++;
                line++;
            }
            break;
        }
        r.f = fields.v;
        r.n = (int)fields.n;
        FOI_VEC_PUSH(a, *out, r);
    }
    return true;
}

static bool rec_blank(const rec *r)
{
    for (int i = 0; i < r->n; i++)
        if (!foi_blank(r->f[i])) return false;
    return true;
}

/* Longest run of consecutive records with the same field count >= 2. */
static int longest_run(const rec_vec *v)
{
    int best = 0, cur = 0, prev = -1;
    for (size_t i = 0; i < v->n; i++) {
        int n = v->v[i].n;
        if (n >= 2 && n == prev)
            cur++;
        else
            cur = n >= 2 ? 1 : 0;
        prev = n;
        if (cur > best) best = cur;
    }
    return best;
}

static char sniff_delim(foi_arena *a, const char *s, size_t len)
{
    static const char cands[] = {',', '\t', ';'};
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    char best = ',';
    int best_score = -1;
    for (int k = 0; k < 3; k++) {
        rec_vec v = {0};
        parse(a, s, n, cands[k], true, &v);
        int score = longest_run(&v);
        if (score > best_score) {
            best_score = score;
            best = cands[k];
        }
    }
    return best;
}

/* ---------------------------------------------------------------- structure */

static bool meta_key(const char *k)
{
    static const char *const keys[] = {
        "force",         "police force",   "organisation",   "reference",   "foi reference",
        "ref",           "our ref",        "request number", "date",        "date of response",
        "response date", "date responded", "description",    "request",     "method",
        "source",        "data source",    "caveat",         "caveats",     "note",
        "notes",         "title",          "subject",        "prepared by", "contact",
        "extracted",     "date extracted", "platform",       "published",   NULL};
    for (int i = 0; keys[i]; i++)
        if (foi_streq_ci(k, keys[i])) return true;
    return false;
}

typedef struct cctx {
    foi_arena *a;
    foi_doc *d;
    rec_vec *R;
    const char *src;
    int last_text;     /* index of the last record emitted as text (-1 = none) */
    int last_grid_end; /* index of the record after the last grid */
    bool seen_table;
} cctx;

static const char *rec_text(cctx *c, int i)
{
    const rec *r = &c->R->v[i];
    if (r->n == 1) return foi_clean(c->a, r->f[0]);
    /* a line that only split on commas in prose: the source text */
    return foi_clean(c->a, copy_field(c->a, c->src + r->b0, r->b1 - r->b0));
}

static void text_block(cctx *c, int i)
{
    const rec *r = &c->R->v[i];
    const char *t = rec_text(c, i);
    if (!*t) return;
    foi_block_kind k = foi_text_line_kind(t);
    foi_doc_add_block(c->d, k, t, r->line);
    c->last_text = i;
    /* "Date of response: 29 September 2025" before the table is metadata too */
    if (!c->seen_table && r->n == 1) {
        const char *colon = strchr(t, ':');
        if (colon && colon > t && colon - t <= 30 && colon[1]) {
            int words = 1;
            for (const char *p = t; p < colon; p++)
                words += *p == ' ';
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            if (words <= 4 && *v)
                foi_doc_add_meta(c->d, foi_strndup(c->a, t, (size_t)(colon - t)), v);
        }
        if (!c->d->title && strlen(t) <= 120 && !strchr(t, ':') && t[strlen(t) - 1] != '.')
            c->d->title = foi_strdup(c->a, t);
    }
}

static void meta_row(cctx *c, int i)
{
    const rec *r = &c->R->v[i];
    char *k = foi_clean(c->a, r->f[0]);
    size_t kl = strlen(k);
    if (kl && k[kl - 1] == ':') k[kl - 1] = 0;
    char *v = foi_clean(c->a, r->n > 1 ? r->f[1] : "");
    foi_doc_add_meta(c->d, k, v);
    char *t = foi_sprintf(c->a, "%s: %s", k, v);
    foi_block_kind kind = foi_text_line_kind(t);
    if (kind == FOI_BLOCK_HEADING || kind == FOI_BLOCK_ITEM) kind = FOI_BLOCK_PARA;
    foi_doc_add_block(c->d, kind, t, r->line);
    c->last_text = i;
}

static bool is_measure(const char *h)
{
    static const char *const m[] = {
        "count",       "crimes", "number",           "total",       "offences",
        "volume",      "value",  "figure",           "incidents",   "n",
        "no",          "no.",    "number of crimes", "crime count", "number of offences",
        "occurrences", NULL};
    for (int i = 0; m[i]; i++)
        if (foi_streq_ci(h, m[i])) return true;
    return false;
}

static void emit_grid(cctx *c, int s, int e)
{
    rec *R = c->R->v;
    int nr = e - s, nc = 0;
    for (int i = s; i < e; i++) {
        int n = R[i].n;
        while (n > 1 && foi_blank(R[i].f[n - 1]))
            n--; /* trailing empties: layout */
        if (n > nc) nc = n;
    }
    foi_grid *g = foi_doc_add_grid(c->d, nr, nc);
    g->line_locators = true;
    g->row_line = foi_alloc(c->a, (size_t)nr * sizeof *g->row_line);
    g->first_line = R[s].line;
    int nh = 0;
    for (int r = 0; r < nr - 1 && r < MAX_HEADER_ROWS; r++) {
        if (!foi_text_header_row(R[s + r].f, R[s + r].n < nc ? R[s + r].n : nc)) break;
        nh++;
        if (r == 0 && !foi_text_header_row(R[s + 1].f, R[s + 1].n < nc ? R[s + 1].n : nc)) break;
    }
    for (int r = 0; r < nr; r++) {
        g->row_line[r] = R[s + r].line;
        for (int col = 0; col < nc; col++) {
            foi_cell *cell = foi_grid_at(g, r, col);
            cell->text = col < R[s + r].n ? foi_clean(c->a, R[s + r].f[col]) : "";
            cell->header = r < nh;
        }
    }
    /* long format: fields named in row 0, one figure per row in the last column */
    if (nh == 1 && nc >= 3 && is_measure(foi_grid_at(g, 0, nc - 1)->text)) {
        int ok = 0;
        for (int r = 1; r < nr; r++) {
            int figs = 0;
            for (int col = 1; col < nc - 1; col++)
                figs += foi_text_is_figure(foi_grid_at(g, r, col)->text) &&
                        !foi_blank(foi_grid_at(g, r, col)->text);
            ok += figs == 0 && foi_text_is_figure(foi_grid_at(g, r, nc - 1)->text);
        }
        g->long_format = ok * 5 >= (nr - 1) * 4;
    }
    /* context: the nearest text before the table */
    int k = s - 1;
    while (k >= 0 && rec_blank(&R[k]))
        k--;
    if (k >= 0 && k >= c->last_grid_end) {
        const char *t = R[k].n == 2 ? foi_sprintf(c->a, "%s: %s", foi_clean(c->a, R[k].f[0]),
                                                  foi_clean(c->a, R[k].f[1]))
                                    : rec_text(c, k);
        if (*t) g->context = foi_strdup(c->a, t);
        size_t tl = strlen(t);
        if (k == s - 1 && R[k].n == 1 && tl && tl <= 80 && t[tl - 1] != '.')
            g->caption = foi_strdup(c->a, t);
    } else if (c->d->grids.n >= 2) {
        g->context = c->d->grids.v[c->d->grids.n - 2]->context;
    }
    c->last_grid_end = e;
    c->seen_table = true;
}

/* The first field of r, without a trailing colon, is a metadata key ("Reference:"). */
static bool meta_key_of(cctx *c, const rec *r)
{
    char *k = foi_clean(c->a, r->f[0]);
    size_t kl = strlen(k);
    if (kl && k[kl - 1] == ':') k[kl - 1] = 0;
    return meta_key(k);
}

static bool has_figure_body(const rec *R, int s, int e)
{
    for (int i = s + 1; i < e; i++)
        for (int k = 1; k < R[i].n; k++)
            if (foi_text_is_figure(R[i].f[k])) return true;
    return false;
}

static void run(cctx *c, int s, int e)
{
    rec *R = c->R->v;
    int nc = R[s].n;
    if (nc == 2) {
        /* key,value lines ("Force,Cleveland Police") then maybe a two-column table */
        int fr = s;
        while (fr < e && (!foi_text_is_figure(R[fr].f[1]) || meta_key_of(c, &R[fr])))
            fr++; /* "Reference;37283" is metadata, not a first figure */
        if (fr == e) {
            for (int i = s; i < e; i++)
                meta_row(c, i);
            return;
        }
        int hdr = fr;
        if (fr > s) {
            char *k = foi_clean(c->a, R[fr - 1].f[0]);
            size_t kl = strlen(k);
            if (kl && k[kl - 1] == ':') k[kl - 1] = 0;
            hdr = meta_key(k) ? fr : fr - 1;
        }
        for (int i = s; i < hdr; i++)
            meta_row(c, i);
        s = hdr;
        if (e - s < 2 && !(e - s == 1 && hdr == fr)) {
            for (int i = s; i < e; i++)
                text_block(c, i);
            return;
        }
    }
    if (e - s >= 2 && has_figure_body(R, s, e)) {
        emit_grid(c, s, e);
        return;
    }
    if (e - s == 1 && nc == 2 && foi_text_is_figure(R[s].f[1]) && !foi_text_header_row(R[s].f, 2)) {
        emit_grid(c, s, e);
        return;
    }
    for (int i = s; i < e; i++)
        text_block(c, i);
}

/* The whole text, line ends made LF, one line per source line.  A record whose quoted field
 * spans lines is written whole on its first line (fields re-joined, line breaks as spaces)
 * and its other lines left empty: line numbers stay, and a label such as "Stalking - S2A<LF>
 * Protection ..." does not read as an open quotation running over the notes below it. */
static char *doc_text(foi_arena *a, const char *utf8, size_t len, const rec_vec *R, char delim)
{
    foi_buf b;
    foi_buf_init(&b, a);
    size_t i = (len >= 3 && !memcmp(utf8, "\xef\xbb\xbf", 3)) ? 3 : 0, st = i;
    size_t next_rec = 0;
    int line = 1, skip_to = 0; /* lines before skip_to belong to a record already written */
    for (;; i++) {
        if (i < len && utf8[i] != '\r' && utf8[i] != '\n') continue;
        while (next_rec < R->n && R->v[next_rec].line < line)
            next_rec++;
        const rec *r = next_rec < R->n && R->v[next_rec].line == line ? &R->v[next_rec] : NULL;
        int span = 1;
        if (r)
            for (size_t q = r->b0; q < r->b1 && q < len; q++)
                span +=
                    utf8[q] == '\n' || (utf8[q] == '\r' && (q + 1 >= len || utf8[q + 1] != '\n'));
        if (line < skip_to) {
            /* inside a record written whole */
        } else if (r && span > 1) {
            for (int f = 0; f < r->n; f++) {
                char *v = foi_strdup(a, r->f[f]);
                for (char *p = v; *p; p++)
                    if (*p == '\r' || *p == '\n') *p = ' ';
                bool q = strchr(v, delim) || strchr(v, '"');
                if (f) foi_buf_putc(&b, delim);
                if (q) {
                    foi_buf_putc(&b, '"');
                    for (const char *p = v; *p; p++) {
                        if (*p == '"') foi_buf_putc(&b, '"');
                        foi_buf_putc(&b, *p);
                    }
                    foi_buf_putc(&b, '"');
                } else {
                    foi_buf_add(&b, v, strlen(v));
                }
            }
            skip_to = line + span;
        } else {
            for (size_t q = st; q < i; q++)
                foi_buf_putc(&b, utf8[q] ? utf8[q] : ' ');
        }
        if (i >= len) break;
        foi_buf_putc(&b, '\n');
        if (utf8[i] == '\r' && i + 1 < len && utf8[i + 1] == '\n') i++;
        st = i + 1;
        line++;
    }
    return b.s;
}

foi_doc *foi_csv_parse(foi_arena *a, const char *utf8, size_t len)
{
    foi_doc *d = foi_doc_new(a);
    if (!utf8) utf8 = "";
    char delim = sniff_delim(a, utf8, len);
    rec_vec R = {0};
    if (!parse(a, utf8, len, delim, false, &R)) {
        R.n = 0;
        parse(a, utf8, len, delim, true, &R);
    }
    cctx c = {.a = a, .d = d, .R = &R, .src = utf8, .last_text = -1};
    int N = (int)R.n;
    for (int k = 0; k < N;) {
        if (rec_blank(&R.v[k])) {
            k++;
            continue;
        }
        int nc = R.v[k].n;
        if (nc < 2) {
            text_block(&c, k);
            k++;
            continue;
        }
        int j = k + 1;
        while (j < N && !rec_blank(&R.v[j])) {
            int n = R.v[j].n;
            if (n == nc || (n >= 2 && n < nc)) {
                j++;
                continue;
            }
            if (n > nc) {
                bool empty = true;
                for (int q = nc; q < n; q++)
                    empty &= foi_blank(R.v[j].f[q]);
                if (empty) {
                    j++;
                    continue;
                }
            }
            break;
        }
        run(&c, k, j);
        k = j;
    }
    d->text = doc_text(a, utf8, len, &R, delim);
    return d;
}
