/* Fuzz the XML parser (records, SpreadsheetML, escaped HTML; DTD/entity refusal).  The input is
 * decoded by sniff first, as the pipeline does (the parser's contract is UTF-8), but handed to this
 * parser whatever format was sniffed; the document must then be finishable and every cell must have
 * text. */
#include <stdint.h>

#include "parsers/xml.h"
#include "tests/fuzz/doc_check.h"

/* the XML parser's reason for refusing a document is not checked here */
static foi_doc *parse_xml(foi_arena *a, const char *utf8, size_t len)
{
    const char *why = NULL;
    return foi_xml_parse(a, utf8, len, &why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parser(data, size, "reply.xml", parse_xml);
}
