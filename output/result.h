/* output/result: the whole result of a run (records, sources, review items) that every
 * output writer (CSV, XLSX, JSON) takes.  The pipeline fills it; writers only read it.
 * All strings are owned by the result's arena.
 */
#ifndef FOI_OUTPUT_RESULT_H
#define FOI_OUTPUT_RESULT_H

#include "normalize/record.h"

typedef struct foi_source {
    const char *file, *sha256, *format, *encoding, *force_code, *force, *reply_date, *reference,
        *status, *refusal;
    long records, review_items;
} foi_source;

typedef struct foi_review {
    const char *file, *where, *kind, *detail, *suggestion;
} foi_review;

/* A force the rules know, for the Coverage sheet's "no reply yet" rows. */
typedef struct foi_force_ref {
    const char *name, *code;
} foi_force_ref;

typedef struct foi_result {
    foi_arena *a;
    foi_record_vec records;      /* in file order, then reading order */
    FOI_VEC(foi_source) sources; /* in file order */
    FOI_VEC(foi_review) review;  /* in file order */
    const char *created;         /* ISO time the workbook states, e.g. 2026-01-01T00:00:00 */
    const char *version;         /* foitab version */
    const char *rules_summary;
    const char *rules_hash;
    const foi_force_ref *forces; /* every force in the rules (may be NULL) */
    size_t nforces;
    const char *link_base; /* input folder relative to the workbook's folder, for
                              links to the replies; NULL = no links */
} foi_result;

#endif
