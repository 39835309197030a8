/* util/zip: bounded reading of zip containers held in memory (XLSX, DOCX, ODS, ODT).
 *
 * A reply's zip is hostile until proven otherwise: entries are read with hard caps on their
 * decompressed size, on the whole archive's decompressed total and on the compression ratio
 * (zip bombs), encrypted entries are refused, and a broken central directory is an error, not
 * a guess.  The archive and every entry read are owned by the arena (libzip's handle is closed
 * at foi_arena_free, or earlier by foi_zip_close).
 */
#ifndef FOI_UTIL_ZIP_H
#define FOI_UTIL_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/doc.h"
#include "util/mem.h"

enum {
    FOI_ZIP_MAX_ENTRIES = 20000,           /* more parts than any office document has */
    FOI_ZIP_MAX_ENTRY = 64 * 1024 * 1024,  /* one sheet/document part, decompressed */
    FOI_ZIP_MAX_TOTAL = 256 * 1024 * 1024, /* all parts read from one archive */
    FOI_ZIP_MAX_RATIO = 250,               /* decompressed/compressed beyond this is a bomb */
    FOI_ZIP_RATIO_FLOOR = 4 * 1024 * 1024, /* ...once past this size (small parts compress well) */
};

typedef struct foi_zip foi_zip;

/* Opens the archive in bytes (which must outlive it).  NULL and *fail ("unreadable": not a
 * zip, broken directory, too many entries) on failure. */
foi_zip *foi_zip_open(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);
void foi_zip_close(foi_zip *z);

size_t foi_zip_count(const foi_zip *z);
/* Name of entry i (arena-owned), NULL when i is out of range. */
const char *foi_zip_name(const foi_zip *z, size_t i);
bool foi_zip_has(const foi_zip *z, const char *name);

/* Decompressed content of the entry called name, NUL-terminated, arena-owned; *len (may be
 * NULL) gets its length.  NULL and *fail when absent ("unreadable"), encrypted
 * ("unsupported"), over a cap or corrupt ("unreadable"). */
char *foi_zip_read(foi_zip *z, const char *name, size_t *len, foi_fail *fail);

/* What the container holds, from its parts: "xlsx", "docx", "ods", "odt", "pptx", "odp" or
 * "zip" (anything else).  Static string. */
const char *foi_zip_kind(foi_zip *z);

#endif
