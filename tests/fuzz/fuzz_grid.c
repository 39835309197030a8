/* Fuzz the grid interpreter on grids built straight from the input (no parser in front, so
 * shapes no parser would make are tried too).  Input: a first line of options, then one line
 * per row with cells separated by '|' (or tab).  Option bytes: 'h' row 0 is header, 'c' first
 * column is header, 'l' line locators, 'L' long format, 's' merge equal neighbours as a span;
 * text after ':' in the first line becomes the grid context.  Blocks after a blank line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/rules.h"
#include "parsers/grid.h"
#include "parsers/sniff.h"
#include "util/str.h"

static foi_arena *rules_arena;
static const foi_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rules_arena = foi_arena_new();
    foi_diag_vec errs = {0};
    rules = foi_rules_load(rules_arena, NULL, &errs);
    if (!rules) abort();
    return 0;
}

enum { MAX_ROWS = 64, MAX_COLS = 32 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules) LLVMFuzzerInitialize(NULL, NULL);
    foi_arena *a = foi_arena_new();
    if (!a) return 0;
    /* cells are cleaned UTF-8 in every real grid: decode like the pipeline does */
    foi_decoded dec = foi_sniff_decode(a, data, size, "grid.txt");
    if (!dec.text) {
        foi_arena_free(a);
        return 0;
    }
    size_t nl;
    char **lines = foi_split_lines(a, dec.text, &nl);
    if (nl == 0) {
        foi_arena_free(a);
        return 0;
    }
    const char *opt = lines[0];
    const char *ctx_text = strchr(opt, ':');
    size_t first = 1, end = first;
    while (end < nl && *lines[end] && end - first < MAX_ROWS)
        end++;
    int nrows = (int)(end - first), ncols = 1;
    for (size_t i = first; i < end; i++) {
        int k = 1;
        for (const char *p = lines[i]; *p; p++)
            k += *p == '|' || *p == '\t';
        if (k > ncols) ncols = k;
    }
    if (ncols > MAX_COLS) ncols = MAX_COLS;
    foi_doc *d = foi_doc_new(a);
    if (nrows > 0) {
        foi_grid *g = foi_doc_add_grid(d, nrows, ncols);
        bool head = strchr(opt, 'h'), colhead = strchr(opt, 'c'), span = strchr(opt, 's');
        g->line_locators = strchr(opt, 'l');
        g->long_format = strchr(opt, 'L');
        if (ctx_text) g->context = foi_clean(a, ctx_text + 1);
        if (g->line_locators) {
            g->row_line = foi_alloc(a, (size_t)nrows * sizeof *g->row_line);
            for (int r = 0; r < nrows; r++)
                g->row_line[r] = (int)first + r + 1;
        }
        for (int r = 0; r < nrows; r++) {
            char *save = NULL, *row = foi_strdup(a, lines[first + (size_t)r]);
            int c = 0;
            for (char *t = strtok_r(row, "|\t", &save); t && c < ncols;
                 t = strtok_r(NULL, "|\t", &save))
                foi_grid_at(g, r, c++)->text = foi_clean(a, t);
            for (c = 0; c < ncols; c++) {
                foi_cell *cell = foi_grid_at(g, r, c);
                cell->header = (head && r == 0) || (colhead && c == 0);
                if (span && c > 0 && !strcmp(cell->text, foi_grid_at(g, r, c - 1)->text) &&
                    *cell->text) {
                    cell->copy = true;
                    cell->span_id = foi_grid_at(g, r, c - 1)->span_id;
                }
            }
        }
    }
    for (size_t i = end; i < nl; i++)
        foi_doc_add_block(d, (foi_block_kind)(i % 4), lines[i], (int)i + 1);
    foi_doc_finish(d);

    foi_raw_vec raws = {0};
    foi_diag_vec diags = {0};
    foi_suppress sup = {0};
    foi_grid_ctx ctx = {.rules = rules,
                        .suppress = &sup,
                        .reply_date = strchr(opt, 'd') ? "2024-06-30" : "",
                        .out = &raws,
                        .diags = &diags};
    foi_grid_interpret(a, d, &ctx);
    for (size_t i = 0; i < raws.n; i++)
        if (!raws.v[i].value || !raws.v[i].where) abort();
    for (size_t i = 0; i < diags.n; i++)
        if (!diags.v[i].kind) abort();
    foi_arena_free(a);
    return 0;
}
