/* Shared body of the parser harnesses: decode with sniff as the pipeline does (the parsers'
 * contract is UTF-8), hand the text to one parser whatever format was sniffed, and abort unless
 * the document can be finished and every cell and block has text. */
#ifndef FOI_FUZZ_DOC_CHECK_H
#define FOI_FUZZ_DOC_CHECK_H

#include <stdint.h>
#include <stdlib.h>

#include "parsers/doc.h"
#include "parsers/sniff.h"

typedef foi_doc *(*fuzz_parse_fn)(foi_arena *a, const char *utf8, size_t len);

static inline void fuzz_check_doc(foi_doc *doc)
{
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

static inline int fuzz_parser(const uint8_t *data, size_t size, const char *name,
                              fuzz_parse_fn parse)
{
    foi_arena *a = foi_arena_new();
    if (!a) return 0;
    foi_decoded d = foi_sniff_decode(a, data, size, name);
    if (d.text) {
        foi_doc *doc = parse(a, d.text, d.len);
        if (doc) fuzz_check_doc(doc);
    }
    foi_arena_free(a);
    return 0;
}

#endif
