/* pipeline/state: the incremental state store (one SQLite file) and the compact encoding of
 * one file's result that it keeps.
 *
 * The store remembers, per input path, the stat data and content key last seen, and per
 * content key (sha256 + what else the result depends on, chosen by the batch driver) the
 * encoded result, plus a few "key = value" facts about the last run.  Everything is written
 * in one transaction, so a killed run leaves the previous state.  Strings returned are owned
 * by the arena given; blobs by the caller (foi_mem_free).  A foi_state is used by one thread.
 */
#ifndef FOI_PIPELINE_STATE_H
#define FOI_PIPELINE_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "normalize/record.h"
#include "parsers/doc.h"
#include "util/mem.h"

typedef struct foi_state foi_state;

/* One input path as last seen. */
typedef struct foi_state_file {
    const char *path; /* the path opened (input folder + relative path) */
    long long size;
    long long mtime_ns; /* -1: not trusted (changed too recently), hash it on the next run */
    const char *sha256; /* "" when the file could not be read */
    const char *key;    /* content key of its result, "" when not stored */
} foi_state_file;

/* Open or create the store.  A file that is not a state store of this version (corrupt, an
 * older schema) is replaced by an empty one.  NULL on failure, with a message in *err
 * (owned by a). */
foi_state *foi_state_open(const char *path, foi_arena *a, const char **err);
void foi_state_close(foi_state *s);

/* A fact of the last run, or NULL when absent. */
const char *foi_state_get(foi_state *s, foi_arena *a, const char *key);

/* Every path of the last run, in path order. */
foi_state_file *foi_state_files(foi_state *s, foi_arena *a, size_t *n);

/* Every stored content key: sha256[i] with key[i]. */
size_t foi_state_keys(foi_state *s, foi_arena *a, const char ***sha256, const char ***key);

/* The stored result for a content key, malloc'd (foi_mem_free), or NULL when absent. */
unsigned char *foi_state_load(foi_state *s, const char *sha256, const char *key, size_t *n);

/* Writing.  begin forgets every path (the run puts back the ones it saw) and, with
 * clear_contents, every stored result; commit drops results no path refers to.
 * Each returns 0, or -1 (foi_state_error says why; the transaction is rolled back). */
int foi_state_begin(foi_state *s, bool clear_contents);
int foi_state_put_file(foi_state *s, const foi_state_file *f);
int foi_state_put_content(foi_state *s, const char *sha256, const char *key, const void *blob,
                          size_t n);
int foi_state_set(foi_state *s, const char *key, const char *value);
int foi_state_commit(foi_state *s);
void foi_state_rollback(foi_state *s);
const char *foi_state_error(foi_state *s);

/* What one file gave: its source row fields, records and review items. */
typedef struct foi_state_result {
    const char *rel, *sha256, *format, *encoding, *status;
    const char *force_code, *force, *reply_date, *reference, *refusal;
    const foi_record *records;
    size_t nrecords;
    const foi_diag *diags;
    size_t ndiags;
} foi_state_result;

/* Encode (NULL strings as ""); malloc'd (foi_mem_free), NULL when out of memory. */
unsigned char *foi_state_encode(const foi_state_result *r, size_t *n);

/* Decode a blob from foi_state_encode.  Strings point into blob, which must outlive out;
 * the arrays are allocated from a.  False when the blob is damaged. */
bool foi_state_decode(foi_arena *a, const void *blob, size_t n, foi_state_result *out);

#endif
