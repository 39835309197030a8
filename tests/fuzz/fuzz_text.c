/* Fuzz the plain-text/e-mail parser (aligned, pipe, boxed tables; key: value sections).  The input
 * is decoded by sniff first, as the pipeline does (the parser's contract is UTF-8), but handed to
 * this parser whatever format was sniffed; the document must then be finishable and every cell must
 * have text. */
#include <stdint.h>

#include "parsers/text.h"
#include "tests/fuzz/doc_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parser(data, size, "reply.text", foi_text_parse);
}
