/* Fuzz the XML parser (records, SpreadsheetML, escaped HTML; DTD/entity refusal).  The input is
 * decoded by sniff first, as the pipeline does (the parser's contract is UTF-8), but handed to this
 * parser whatever format was sniffed; the document must then be finishable and every cell must have
 * text. */
#include <stdint.h>
#include <stdlib.h>

#include "parsers/sniff.h"
#include "parsers/xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    foi_arena *a = foi_arena_new();
    if (!a) return 0;
    foi_decoded d = foi_sniff_decode(a, data, size, "reply.xml");
    if (d.text) {
        const char *why = NULL;
        (void)why;
        foi_doc *doc = foi_xml_parse(a, d.text, d.len, &why);
        if (doc) {
            foi_doc_finish(doc);
            if (!doc->text) abort();
            for (size_t g = 0; g < doc->grids.n; g++) {
                const foi_grid *gr = doc->grids.v[g];
                if (gr->nrows < 0 || gr->ncols < 0) abort();
                for (int r = 0; r < gr->nrows; r++)
                    for (int c = 0; c < gr->ncols; c++)
                        if (!foi_grid_at(gr, r, c)->text) abort();
            }
            for (size_t b = 0; b < doc->blocks.n; b++)
                if (!doc->blocks.v[b].text) abort();
        }
    }
    foi_arena_free(a);
    return 0;
}
