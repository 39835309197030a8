/* parsers/text: plain-text and e-mail replies -> foi_doc.  Tables laid out with aligned
 * spaces, tabs, pipes/markdown or ASCII boxes become grids (with line locators); "Period:"
 * sections of "label: value" lines become one grid per section with the period as context;
 * everything else becomes text blocks (one per line, with its line number) for the prose
 * extractor.  Quoted request lines ("> ...", "You asked:") become FOI_BLOCK_QUOTE.
 */
#ifndef FOI_PARSERS_TEXT_H
#define FOI_PARSERS_TEXT_H

#include <stdbool.h>

#include "parsers/doc.h"

foi_doc *foi_text_parse(foi_arena *a, const char *utf8, size_t len);

/* Shared with parsers/csv.c. */
/* A cell that states a figure: "12", "1,234", "<5", "*", "-", "nil", "1-4". */
bool foi_text_is_figure(const char *cell);
/* A row whose cells after the first are labels or periods, never counts. */
bool foi_text_header_row(char *const *cells, int n);
/* Block kind of one line read alone (request/question -> QUOTE, "- item" -> ITEM, ...). */
foi_block_kind foi_text_line_kind(const char *line);

/* Tables with one cell per block (PDF text, scraped pages) become grids in place of their
 * blocks; parsers/html.c calls it too. */
void foi_text_unstack(foi_doc *d);

#endif
