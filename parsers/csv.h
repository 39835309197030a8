/* parsers/csv: RFC 4180 CSV (delimiter sniffed: comma, semicolon, tab) -> foi_doc.  Preamble
 * lines before the header row ("Force,Cleveland Police") become doc->meta pairs and text
 * blocks; the table becomes one grid; notes after it become text blocks.
 */
#ifndef FOI_PARSERS_CSV_H
#define FOI_PARSERS_CSV_H

#include "parsers/doc.h"

foi_doc *foi_csv_parse(foi_arena *a, const char *utf8, size_t len);

#endif
