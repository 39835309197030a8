#include "parsers/doc.h"

#include <string.h>

#include "util/str.h"

foi_doc *foi_doc_new(foi_arena *a)
{
    foi_doc *d = foi_alloc(a, sizeof *d);
    d->a = a;
    return d;
}

foi_grid *foi_doc_add_grid(foi_doc *d, int nrows, int ncols)
{
    foi_grid *g = foi_alloc(d->a, sizeof *g);
    g->index = (int)d->grids.n + 1;
    g->nrows = nrows;
    g->ncols = ncols;
    g->cells = foi_alloc(d->a, (size_t)(nrows > 0 ? nrows : 1) * (size_t)(ncols > 0 ? ncols : 1) *
                                   sizeof *g->cells);
    int id = 0;
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < ncols; c++) {
            foi_cell *cell = foi_grid_at(g, r, c);
            cell->text = "";
            cell->span_id = ++id;
        }
    FOI_VEC_PUSH(d->a, d->grids, g);
    return g;
}

void foi_doc_add_block(foi_doc *d, foi_block_kind kind, const char *text, int line)
{
    foi_block b = {
        .kind = kind, .text = foi_clean(d->a, text), .line = line, .after_grid = (int)d->grids.n};
    if (!b.text || !*b.text) return;
    FOI_VEC_PUSH(d->a, d->blocks, b);
}

void foi_doc_add_meta(foi_doc *d, const char *key, const char *value)
{
    char *kv = foi_sprintf(d->a, "%s\t%s", key ? key : "", value ? value : "");
    FOI_VEC_PUSH(d->a, d->meta, kv);
}

void foi_doc_merge(foi_doc *into, foi_doc *from, int line_shift)
{
    size_t base = into->grids.n;
    for (size_t i = 0; i < from->blocks.n; i++) {
        foi_block b = from->blocks.v[i];
        b.after_grid += (int)base;
        if (b.line > 0) b.line += line_shift;
        FOI_VEC_PUSH(into->a, into->blocks, b);
    }
    for (size_t i = 0; i < from->grids.n; i++) {
        foi_grid *g = from->grids.v[i];
        g->index = (int)into->grids.n + 1;
        if (g->first_line > 0) g->first_line += line_shift;
        if (g->row_line)
            for (int r = 0; r < g->nrows; r++)
                if (g->row_line[r] > 0) g->row_line[r] += line_shift;
        FOI_VEC_PUSH(into->a, into->grids, g);
    }
    for (size_t i = 0; i < from->meta.n; i++)
        FOI_VEC_PUSH(into->a, into->meta, from->meta.v[i]);
    if (!into->title && from->title) into->title = from->title;
}

void foi_doc_finish(foi_doc *d)
{
    if (d->text) return;
    foi_buf b;
    foi_buf_init(&b, d->a);
    if (d->title) {
        foi_buf_puts(&b, d->title);
        foi_buf_putc(&b, '\n');
    }
    for (size_t i = 0; i < d->meta.n; i++) {
        foi_buf_puts(&b, d->meta.v[i]);
        foi_buf_putc(&b, '\n');
    }
    size_t bi = 0;
    for (size_t gi = 0; gi <= d->grids.n; gi++) {
        while (bi < d->blocks.n && (size_t)d->blocks.v[bi].after_grid <= gi) {
            foi_buf_puts(&b, d->blocks.v[bi].text);
            foi_buf_putc(&b, '\n');
            bi++;
        }
        if (gi == d->grids.n) break;
        const foi_grid *g = d->grids.v[gi];
        for (int r = 0; r < g->nrows; r++) {
            for (int c = 0; c < g->ncols; c++) {
                if (c) foi_buf_putc(&b, '\t');
                foi_buf_puts(&b, foi_grid_at(g, r, c)->text);
            }
            foi_buf_putc(&b, '\n');
        }
    }
    d->text = b.s;
}

static const char *prefix(foi_arena *a, const char *source)
{
    return source && *source ? foi_sprintf(a, "%s \xe2\x80\xba " /* › */, source) : "";
}

char *foi_grid_where(foi_arena *a, const foi_grid *g, int r, int c)
{
    const char *pre = prefix(a, g->source);
    if (g->line_locators && g->row_line && g->row_line[r] > 0)
        return foi_sprintf(a, "%sline %d", pre, g->row_line[r]);
    if (g->label)
        return foi_sprintf(a, "%s%s, row %d, col %d", pre, g->label,
                           g->src_row ? g->src_row[r] : r + 1, g->src_col ? g->src_col[c] : c + 1);
    return foi_sprintf(a, "%stable %d, row %d, col %d", pre, g->index, r + 1, c + 1);
}

char *foi_block_where(foi_arena *a, const foi_doc *d, size_t bi)
{
    const foi_block *b = &d->blocks.v[bi];
    const char *pre = prefix(a, b->source);
    if (b->line > 0 && b->label) return foi_sprintf(a, "%s%s, row %d", pre, b->label, b->line);
    if (b->line > 0 && b->page > 0)
        return foi_sprintf(a, "%spage %d, line %d", pre, b->page, b->line);
    if (b->line > 0) return foi_sprintf(a, "%sline %d", pre, b->line);
    return foi_sprintf(a, "%sparagraph %zu", pre, bi + 1);
}

void foi_doc_set_source(foi_doc *d, const char *source)
{
    char *s = foi_strdup(d->a, source);
    for (size_t i = 0; i < d->grids.n; i++)
        d->grids.v[i]->source = s;
    for (size_t i = 0; i < d->blocks.n; i++)
        d->blocks.v[i].source = s;
}

void foi_diag_add(foi_arena *a, foi_diag_vec *v, const char *where, const char *kind,
                  const char *detail, const char *suggestion)
{
    foi_diag d = {.where = foi_strdup(a, where ? where : ""),
                  .kind = foi_strdup(a, kind),
                  .detail = foi_strdup(a, detail ? detail : ""),
                  .suggestion = foi_strdup(a, suggestion ? suggestion : "")};
    FOI_VEC_PUSH(a, *v, d);
}

char *foi_doc_context(const foi_doc *d, size_t first_block)
{
    size_t n = d->blocks.n;
    if (n <= first_block) return NULL;
    foi_buf b;
    foi_buf_init(&b, d->a);
    size_t start = n >= first_block + 2 ? n - 2 : first_block;
    for (size_t i = start; i < n; i++) {
        const foi_block *bl = &d->blocks.v[i];
        if (bl->after_grid != (int)d->grids.n) continue; /* stop at the previous table */
        if (b.len) foi_buf_puts(&b, " | ");
        foi_buf_puts(&b, bl->text);
    }
    return b.len ? b.s : NULL;
}

bool foi_request_heading(const char *t)
{
    static const char *const w[] = {"request",     "your request",     "you asked",
                                    "the request", "original request", "information requested",
                                    NULL};
    if (strlen(t) > 40) return false;
    for (int i = 0; w[i]; i++)
        if (foi_startswith_ci(t, w[i])) return true;
    return false;
}

size_t foi_bullet_len(const char *t)
{
    static const char *const bullets[] = {
        "\xC2\xB7",     "\xE2\x80\xA2", "\xE2\x96\xAA", "\xE2\x97\xA6", "\xEF\x82\xB7",
        "\xEF\x82\xA7", "\xC2\xA7",     "\xE2\x96\xA0", "\xE2\x97\x8F", NULL};
    for (int i = 0; bullets[i]; i++) {
        size_t n = strlen(bullets[i]);
        if (!strncmp(t, bullets[i], n) && t[n] == ' ') return n + 1;
    }
    return 0;
}
