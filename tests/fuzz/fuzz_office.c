/* Fuzz the container parsers: XLSX, ODS, DOCX, ODT, PDF and e-mail.  The first byte picks the
 * parser (whatever the bytes are: each must refuse what is not its format); the document, when
 * there is one, must be finishable and every cell and block must have text. */
#include <stdint.h>

#include "parsers/docx.h"
#include "parsers/eml.h"
#include "parsers/pdf.h"
#include "parsers/spreadsheet.h"
#include "tests/fuzz/doc_check.h"

typedef foi_doc *(*container_fn)(foi_arena *a, const unsigned char *b, size_t n, foi_fail *f);

static foi_doc *eml_doc(foi_arena *a, const unsigned char *b, size_t n, foi_fail *f)
{
    foi_eml *m = foi_eml_parse(a, b, n, f);
    if (!m) return NULL;
    for (size_t i = 0; i < m->parts.n; i++)
        if (!m->parts.v[i].type || (m->parts.v[i].len && !m->parts.v[i].bytes)) abort();
    foi_doc *d = foi_doc_new(a);
    foi_doc_add_block(d, FOI_BLOCK_PARA, m->body_text ? m->body_text : "", 1);
    return d;
}

static const container_fn parsers[] = {foi_xlsx_parse, foi_ods_parse, foi_docx_parse,
                                       foi_odt_parse,  foi_pdf_parse, eml_doc};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    foi_arena *a = foi_arena_new();
    if (!a) return 0;
    foi_fail fail = {0};
    foi_doc *doc = parsers[data[0] % 6](a, data + 1, size - 1, &fail);
    if (doc)
        fuzz_check_doc(doc);
    else if (!fail.status || !fail.detail)
        abort();
    foi_arena_free(a);
    return 0;
}
