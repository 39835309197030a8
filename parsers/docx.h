/* parsers/docx: word-processor replies.
 *
 * DOCX (WordprocessingML) and ODT (OpenDocument text): paragraphs become text blocks in
 * reading order (headings from heading styles/outline levels or bold-only paragraphs, list
 * paragraphs as items), tables become grids with spans.  Page-header text (letterhead) comes
 * first, footnotes/endnotes last.  Blocks are located as "paragraph N" (line 0), grids as
 * "table N, row R, col C".  NULL and *fail for broken/encrypted/over-limit files.  Owned by
 * the arena.
 */
#ifndef FOI_PARSERS_DOCX_H
#define FOI_PARSERS_DOCX_H

#include <stddef.h>

#include "parsers/doc.h"

enum {
    FOI_DOCX_MAX_XML = 32 * 1024 * 1024, /* one XML part: a reply's text is a few hundred KB */
    FOI_DOCX_MAX_BLOCKS = 50000,         /* paragraphs kept: a reply is a few pages */
    FOI_DOCX_MAX_TABLES = 500,           /* tables kept */
    FOI_DOCX_MAX_ROWS = 5000,            /* rows of one table */
    FOI_DOCX_MAX_COLS = 256,             /* columns of one table (Word itself stops at 63) */
    FOI_DOCX_MAX_CELLS = 200000,         /* cells of one table after spans */
    FOI_DOCX_MAX_DEPTH = 64,             /* element nesting we follow (nested tables, sdt) */
    FOI_DOCX_MAX_SPACES = 100,           /* ODT <text:s text:c=N>: runs of spaces collapse */
    FOI_DOCX_MAX_PARA = 256 * 1024,      /* bytes of one paragraph's text */
    FOI_DOCX_MAX_PARTS = 32,             /* header parts read for letterhead */
};

foi_doc *foi_docx_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);
foi_doc *foi_odt_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);

#endif
