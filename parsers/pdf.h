/* parsers/pdf: text PDFs -> foi_doc, with poppler-glib.
 *
 * Text PDFs: words with their boxes, clustered into lines and columns; column-aligned runs of
 * lines become grids, the rest become text blocks.  Returns NULL and fills *fail for an
 * encrypted, broken or scanned (no text layer) PDF.  The doc is owned by the arena.
 *
 * Grids are labelled "page P, table T"; a table continued on the next page with the same
 * columns is one grid (a repeated header is dropped).  Lines repeated at the same height on
 * several pages (letterhead, "Page 2 of 3") are kept once.  Safe to call from several threads
 * on different inputs.
 *
 * A table whose layout cannot be rebuilt with certainty (text clipped at the page edge, wrapped
 * cells that fit two rows equally well) gets kind "pdf:uncertain": its figures go to Review.
 */
#ifndef FOI_PARSERS_PDF_H
#define FOI_PARSERS_PDF_H

#include "parsers/doc.h"

/* A reply is a letter: pages beyond this are not read (meta "pdf_truncated\t<n> pages"). */
#define FOI_PDF_MAX_PAGES 300
/* Characters read over the whole document, so a hostile text layer stays bounded in memory. */
#define FOI_PDF_MAX_CHARS 2000000
/* Input size poppler is given at all (a reply letter is far below this). */
#define FOI_PDF_MAX_BYTES ((size_t)256 << 20)

foi_doc *foi_pdf_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);

#endif
