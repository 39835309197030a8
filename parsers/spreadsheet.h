/* parsers/spreadsheet: XLSX (Office Open XML) and ODS (OpenDocument) workbooks -> foi_doc.
 *
 * XLSX (Office Open XML) and ODS (OpenDocument) workbooks: every sheet becomes a grid,
 * in workbook order, label "sheet N" (N = 1-based sheet position), caption = sheet name,
 * hidden sheets read and flagged.  NULL and *fail for broken/encrypted/over-limit files.
 *
 * A sheet is read as a page: rows holding one piece of text (a title, a note, a paragraph)
 * become text blocks with line = the sheet row, and runs of rows with two or more cells become
 * grids, as parsers/csv.c and parsers/html.c do, so that a reply converted to a workbook gives
 * the same grids and blocks as its HTML original.  A grid that does not start at A1 (or whose
 * layout-only columns, pure copies of merged cells, were dropped) is labelled with its cell
 * range: "sheet 1 A10:I12".  A sheet's default name ("Sheet1") is not used as a caption.
 * Everything returned is owned by the arena; library handles are released even when an arena
 * allocation jumps to the trap.
 */
#ifndef FOI_PARSERS_SPREADSHEET_H
#define FOI_PARSERS_SPREADSHEET_H

#include <stddef.h>

#include "parsers/doc.h"
#include "util/mem.h"

enum {
    FOI_SHEET_MAX_SHEETS = 256,      /* more sheets than any reply has; the rest is ignored */
    FOI_SHEET_MAX_ROWS = 65536,      /* the old Excel row limit; later rows are dropped */
    FOI_SHEET_MAX_COLS = 1024,       /* four times the old Excel width */
    FOI_SHEET_MAX_CELLS = 2000000,   /* non-empty cells in one workbook */
    FOI_SHEET_MAX_AREA = 4000000,    /* positions materialised for one sheet's used range */
    FOI_SHEET_MAX_STRINGS = 2000000, /* shared strings kept */
    FOI_SHEET_MAX_MERGES = 100000,   /* merged ranges honoured per sheet */
    FOI_SHEET_MAX_CELL_TEXT = 32767, /* Excel's own limit on the text of one cell */
    FOI_SHEET_MAX_STYLES = 65536,    /* cell formats / fonts / numFmts read from styles */
};

/* bytes need not outlive the call: the doc copies what it keeps. */
foi_doc *foi_xlsx_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);
foi_doc *foi_ods_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);

/* How an XLSX number with format code fmt (NULL = General) reads on screen: dates per the
 * format (numeric day/month formats as dd/mm/yyyy), "#,##0" with commas, percentages, and
 * general numbers as the shortest text that reads back the same.  Arena-owned.  Exposed for
 * tests. */
char *foi_sheet_number_text(foi_arena *a, double v, const char *fmt, int builtin_id, int date1904);

#endif
