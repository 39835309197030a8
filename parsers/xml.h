/* parsers/xml: any XML reply -> foi_doc, with no configuration: the repeating record element
 * becomes a long-format grid (fields from child elements or attributes), wide records whose
 * field names carry periods become cross grids, SpreadsheetML worksheets become grids, HTML
 * escaped in a text node is parsed as HTML, metadata elements become doc->meta pairs.
 * libxml2 with XML_PARSE_NONET, no DTD loading, no entity substitution.  Owned by the arena.
 */
#ifndef FOI_PARSERS_XML_H
#define FOI_PARSERS_XML_H

#include "parsers/doc.h"

/* NULL when the XML is not well-formed or uses entities/DTDs we refuse; *why gets a short
 * reason (static string) in that case. */
foi_doc *foi_xml_parse(foi_arena *a, const char *utf8, size_t len, const char **why);

#endif
