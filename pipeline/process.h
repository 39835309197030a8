/* pipeline/process: one reply file through every stage (decode, parse, interpret,
 * normalise, validate), into a foi_file_result.  The result and everything it points to are
 * owned by the arena passed in; the caller copies what it keeps and frees the arena.
 */
#ifndef FOI_PIPELINE_PROCESS_H
#define FOI_PIPELINE_PROCESS_H

#include <stdio.h>

#include "normalize/meta.h"
#include "normalize/record.h"
#include "parsers/doc.h"
#include "parsers/sniff.h"

typedef struct foi_file_result {
    const char *rel; /* path relative to its input folder */
    const char *sha256;
    const char *format; /* foi_format_name */
    const char *encoding;
    const char *status; /* data, nil, not_held, refused, no_figures, unreadable, ... */
    foi_meta meta;
    foi_doc *doc; /* NULL when unreadable */
    foi_raw_vec raws;
    foi_record_vec records;
    foi_diag_vec diags;
    FOI_VEC(char *) trace; /* how grids were read, for `foitab inspect` */
} foi_file_result;

/* Longest paragraph read as prose; longer ones are reported. */
#define FOI_MAX_PROSE_BYTES (16u * 1024u)

/* Largest file foitab reads; bigger ones are reported, not read. */
#define FOI_MAX_FILE_BYTES (64u * 1024u * 1024u)

/* Process bytes already read from a file.  Never fails: problems become a status and
 * diagnostics.  Out-of-memory unwinds through the arena's trap and is reported as such. */
void foi_process_bytes(const foi_rules *rules, foi_arena *a, const char *rel,
                       const unsigned char *bytes, size_t n, foi_file_result *out);

/* Read path (at most FOI_MAX_FILE_BYTES) and process it; a read error becomes status
 * unreadable with a diagnostic. */
void foi_process_file(const foi_rules *rules, foi_arena *a, const char *path, const char *rel,
                      foi_file_result *out);

#endif
