/* parsers/sniff: format from content, and decoding to UTF-8.
 *
 * Formats are told by content first (the extension only breaks ties).  Text is decoded from
 * UTF-8 (with or without BOM), UTF-16LE/BE (BOM), an HTML meta charset or XML declaration,
 * and Windows-1252 when the bytes are not valid UTF-8.  NUL bytes and line ends are handled.
 */
#ifndef FOI_PARSERS_SNIFF_H
#define FOI_PARSERS_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/mem.h"

typedef enum foi_format {
    FOI_FMT_UNKNOWN = 0,
    FOI_FMT_EMPTY,
    FOI_FMT_BINARY,
    FOI_FMT_HTML,
    FOI_FMT_XML,
    FOI_FMT_TEXT,
    FOI_FMT_CSV,     /* comma/semicolon/tab-delimited data with a header row */
    FOI_FMT_ARCHIVE, /* gzip, rar, 7z: containers foitab does not open */
    FOI_FMT_PDF,
    FOI_FMT_ZIP, /* a zip: XLSX, DOCX, ODS, ODT (told apart by util/zip's foi_zip_kind) */
    FOI_FMT_OLE, /* OLE2 compound file: legacy .doc/.xls/.msg, or an encrypted OOXML file */
    FOI_FMT_EML, /* an RFC 5322 message with MIME parts (parsers/eml) */
} foi_format;

const char *foi_format_name(foi_format f); /* "html", "xml", ... (static) */

typedef struct foi_decoded {
    foi_format format;
    const char *encoding; /* "utf-8", "utf-8-bom", "windows-1252", "utf-16le", ... (static) */
    char *text;           /* NUL-terminated UTF-8, owned by the arena; NULL for binary */
    size_t len;
    bool had_nul; /* NUL bytes were removed */
} foi_decoded;

/* Sniff and decode.  name is the file name (for tie-breaks only).  Never fails: binary and
 * empty input get FOI_FMT_BINARY / FOI_FMT_EMPTY with text NULL. */
foi_decoded foi_sniff_decode(foi_arena *a, const unsigned char *bytes, size_t n, const char *name);

#endif
