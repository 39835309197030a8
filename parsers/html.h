/* parsers/html: HTML (and XHTML) -> foi_doc, with libxml2's HTML parser, network off and no
 * entity loading.  Tables become grids with colspan/rowspan expanded; headings, paragraphs and
 * list items become text blocks; site chrome (nav, header, footer, aside, cookie banners) is
 * dropped.  In an e-mail body, the quoted thread below a reply separator (Outlook's
 * divRplyFwdMsg or From/Sent header block, gmail_quote, blockquote type=cite, "-----Original
 * Message-----") becomes QUOTE blocks, its tables included, unless the reply only forwards it.
 * Owned by the arena.
 */
#ifndef FOI_PARSERS_HTML_H
#define FOI_PARSERS_HTML_H

#include "parsers/doc.h"

/* NULL when libxml2 could not build a tree at all. */
foi_doc *foi_html_parse(foi_arena *a, const char *utf8, size_t len);

#endif
