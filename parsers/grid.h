/* parsers/grid: the one grid interpreter every format shares.  Finds the axes of a table
 * (period, offence, outcome, platform; rows or columns; header bands), the totals and the
 * value cells, and emits raw records.  Tables it cannot read get an unparsed_table or
 * unsupported_breakdown diagnostic.  Records and diagnostics are owned by the arena.
 */
#ifndef FOI_PARSERS_GRID_H
#define FOI_PARSERS_GRID_H

#include "normalize/meta.h"
#include "normalize/rules.h"
#include "normalize/value.h"
#include "parsers/doc.h"

typedef struct foi_grid_ctx {
    const foi_rules *rules;
    const foi_suppress *suppress;
    const char *reply_date;
    const char *extracted; /* data-extraction date or NULL (see foi_period_close_by) */
    const foi_meta *meta;  /* the reply's footnotes (may be NULL) */
    foi_raw_vec *out;
    foi_diag_vec *diags;
    int order;             /* running reading-order counter */
    FOI_VEC(char *) trace; /* lines describing how each grid was read (foitab inspect) */
} foi_grid_ctx;

/* Interpret every grid of the document. */
void foi_grid_interpret(foi_arena *a, const foi_doc *doc, foi_grid_ctx *ctx);

#endif
