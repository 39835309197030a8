/* parsers/prose: figures in sentences and list items ("In 2022, 42 crimes were recorded",
 * "22 offences in 2021, 42 in 2022 and 42 so far in 2023", "Stalking - 2") -> raw records.
 * Never takes a reference, date, phone number, postcode, statute section, cost or the
 * restated request for a figure.  A figure whose period or subject it cannot read becomes a
 * diagnostic, not a record.  Owned by the arena.
 */
#ifndef FOI_PARSERS_PROSE_H
#define FOI_PARSERS_PROSE_H

#include "parsers/grid.h"

/* Extract from the document's text blocks (not FOI_BLOCK_QUOTE).  Uses ctx like the grid
 * interpreter (records appended to ctx->out, diagnostics to ctx->diags). */
void foi_prose_extract(foi_arena *a, const foi_doc *doc, foi_grid_ctx *ctx);

#endif
