/* parsers/doc: the format-independent document every parser produces.
 *
 * A reply becomes grids (tables: cells with text, header flag and span identity, spans already
 * expanded) and text blocks (lines of prose or of text the parser did not turn into a grid), in
 * reading order.  The grid interpreter and the prose extractor turn them into raw records.
 * Everything in a foi_doc, and every foi_raw, is owned by the arena it was made in.
 */
#ifndef FOI_PARSERS_DOC_H
#define FOI_PARSERS_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/mem.h"

typedef struct foi_cell {
    char *text;  /* cleaned UTF-8 text, "" for an empty cell (never NULL) */
    bool header; /* <th>, bold first row/column, thead, or a parser's own judgement */
    bool copy;   /* a repeat of a spanning cell (not its first position) */
    int span_id; /* identity of the source cell: equal for all positions of one span */
} foi_cell;

typedef struct foi_grid {
    int index; /* 1-based table number in the reply, as used in locators */
    int nrows, ncols;
    foi_cell *cells;    /* nrows * ncols, row-major */
    char *caption;      /* <caption>, sheet name or NULL */
    char *context;      /* the heading/paragraph text just before the table (NULL if none) */
    int first_line;     /* source line of the first row, 0 when unknown */
    bool line_locators; /* locate cells by source line ("line 37") rather than table/row/col */
    int *row_line;      /* when line_locators: source line of each row */
    bool long_format;   /* a parser's hint: row 0 names fields, each further row is one record */
    char *kind;         /* a parser's hint about what the table holds, e.g. "xml:Offence" or NULL */
    char *label;        /* locator stem instead of "table N": "sheet 2", "page 3, table 1"; NULL */
    char *source;       /* the part of a container it came from ("data.xlsx" in an e-mail), NULL */
    bool hidden;        /* a hidden sheet: read, and noted in Review */
    int *src_row;       /* with label: the 1-based sheet row/column of each grid row/column, */
    int *src_col;       /* so locators match the spreadsheet ("sheet 1, row 26, col 2"); NULL */
} foi_grid;

static inline foi_cell *foi_grid_at(const foi_grid *g, int r, int c)
{
    return &g->cells[(size_t)r * (size_t)g->ncols + (size_t)c];
}

typedef enum foi_block_kind {
    FOI_BLOCK_PARA,    /* a paragraph or line of prose */
    FOI_BLOCK_HEADING, /* h1..h6, a bold-only line, "Question 3" */
    FOI_BLOCK_ITEM,    /* a list item (<li>, "- Stalking: 2") */
    FOI_BLOCK_QUOTE,   /* the restated request (blockquote, "> ..."): never data */
} foi_block_kind;

typedef struct foi_block {
    foi_block_kind kind;
    char *text;     /* cleaned UTF-8 */
    int line;       /* 1-based source line, 0 when unknown */
    int after_grid; /* number of grids that precede this block in reading order */
    char *source;   /* as foi_grid.source; NULL for the reply itself */
    int page;       /* 1-based page (PDF) when known, else 0 */
    char *label;    /* "sheet 2": the block is that sheet's row `line` ("sheet 2, row 14") */
} foi_block;

typedef struct foi_doc {
    foi_arena *a;
    FOI_VEC(foi_grid *) grids;
    FOI_VEC(foi_block) blocks;
    char *title; /* <title> or subject line, may be NULL */
    char *text;  /* all visible text in reading order, one line per block or row */
    FOI_VEC(char *)
    meta; /* "key\tvalue" pairs a parser found (XML metadata elements, CSV
             preamble "Force,Cleveland Police"); used for force/date/reference */
} foi_doc;

foi_doc *foi_doc_new(foi_arena *a);
/* A new grid of nrows x ncols empty cells, appended to doc with the next index. */
foi_grid *foi_doc_add_grid(foi_doc *d, int nrows, int ncols);
void foi_doc_add_block(foi_doc *d, foi_block_kind kind, const char *text, int line);
void foi_doc_add_meta(foi_doc *d, const char *key, const char *value);
/* Append everything of `from` (blocks, grids renumbered after into's, meta pairs, the title
 * when into has none) to `into`, shifting source lines by line_shift.  Both docs must live in
 * the same arena; `from` is consumed. */
void foi_doc_merge(foi_doc *into, foi_doc *from, int line_shift);

/* What a table is about: the text of the last one or two blocks before the next grid (since the
 * previous grid, and from block first_block on), joined with " | "; NULL when none.
 * Arena-owned.  Every parser sets foi_grid.context with it, so formats agree. */
char *foi_doc_context(const foi_doc *d, size_t first_block);
/* A heading that introduces the restated request ("Your request", "You asked"): what follows
 * it is quote, not data. */
bool foi_request_heading(const char *t);
/* Length of a list bullet glyph and its space at the start of t ("\u00b7 ", "\u2022 ", Word's
 * Symbol-font bullet), or 0. */
size_t foi_bullet_len(const char *t);

/* Builds d->text from grids and blocks when a parser did not set it. */
void foi_doc_finish(foi_doc *d);

/* Locator of a grid cell: "table 2, row 4, col 3" (1-based), "line 37", "sheet 1, row 4, col 3",
 * prefixed with the grid's source ("data.xlsx › sheet 1, row 4, col 3").  Arena-owned. */
char *foi_grid_where(foi_arena *a, const foi_grid *g, int r, int c);
/* Locator of block bi of d: "line 37", "page 2, line 37", "sheet 1, row 4" or "paragraph 5",
 * with its source prefix.  Arena-owned. */
char *foi_block_where(foi_arena *a, const foi_doc *d, size_t bi);
/* Mark everything in d as coming from source (a container's part name), for locators. */
void foi_doc_set_source(foi_doc *d, const char *source);

/* Why a container format (PDF, Office, e-mail) gave no document.  status is "unsupported"
 * (readable in principle but not by foitab: scanned PDF, encrypted, legacy binary format) or
 * "unreadable" (broken: bad zip directory, truncated, over a size limit); detail is one
 * sentence for the Review sheet.  Both static or arena-owned. */
typedef struct foi_fail {
    const char *status;
    const char *detail;
} foi_fail;

/* One figure as the reply states it, before normalisation. */
enum {
    FOI_RAW_PERIOD_SPAN = 1 << 0, /* period_start/end set by the interpreter (a Total column) */
};

typedef struct foi_raw {
    char *period;       /* period as written (cell, heading or phrase), NULL if none */
    char *period_start; /* YYYY-MM-DD when the interpreter computed the span, else NULL */
    char *period_end;
    char *offence;      /* offence wording; NULL = not broken down (ALL); "Total" words kept */
    char *outcome;      /* outcome wording; NULL = ALL */
    char *platform;     /* platform wording; NULL = the reply's platform */
    char *value;        /* the figure as written ("22", "<5", "*", "-") */
    char *where;        /* locator */
    bool offence_total; /* the offence label is a Total/All row: offence ALL, raw kept */
    bool outcome_total;
    unsigned flags;
    int grid;  /* grid index (0 for prose) */
    int order; /* reading order, for "first place it appears" */
} foi_raw;

typedef FOI_VEC(foi_raw) foi_raw_vec;

/* A Review item (libxml2's xmlError idea: a diagnostic is data). */
typedef struct foi_diag {
    char *where;
    char *kind; /* unmapped_offence, unparsed_table, ... (DESIGN.md) */
    char *detail;
    char *suggestion;
} foi_diag;

typedef FOI_VEC(foi_diag) foi_diag_vec;

void foi_diag_add(foi_arena *a, foi_diag_vec *v, const char *where, const char *kind,
                  const char *detail, const char *suggestion);

#endif
