/* parsers/text: plain-text and e-mail replies -> foi_doc.  Tables laid out with aligned
 * spaces, tabs, pipes/markdown or ASCII boxes become grids (with line locators); "Period:"
 * sections of "label: value" lines become one grid per section with the period as context;
 * everything else becomes text blocks (one per line, with its line number) for the prose
 * extractor.  Quoted request lines ("> ...", "You asked:") become FOI_BLOCK_QUOTE.
 */
#ifndef FOI_PARSERS_TEXT_H
#define FOI_PARSERS_TEXT_H

#include "parsers/doc.h"

foi_doc *foi_text_parse(foi_arena *a, const char *utf8, size_t len);

#endif
