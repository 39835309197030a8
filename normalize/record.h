/* normalize/record: a raw figure + the reply's metadata -> one canonical record (DESIGN.md
 * records.csv), and the validation of a reply's records (duplicates, conflicts, totals).
 * Records and their strings are owned by the arena given.
 */
#ifndef FOI_NORMALIZE_RECORD_H
#define FOI_NORMALIZE_RECORD_H

#include <stdbool.h>

#include "normalize/meta.h"
#include "normalize/rules.h"
#include "parsers/doc.h"

typedef struct foi_record {
    const char *file;
    const char *force_code, *force, *platform;
    const char *period_start, *period_end, *period;
    const char *offence_code, *offence_subcode, *offence, *offence_raw;
    const char *outcome_code, *outcome, *outcome_raw;
    const char *value;
    bool exact;                       /* count valid */
    long count, count_min, count_max; /* count_max -1 = unknown */
    const char *where;
    int grid; /* the table it came from (0 = prose), for validation */
    /* how the codes were decided, for `foitab inspect` */
    const char *offence_rule, *outcome_rule;
} foi_record;

typedef FOI_VEC(foi_record) foi_record_vec;

/* Normalise one raw figure.  Returns false (and adds a diagnostic when useful) when the raw
 * figure gives no record: a blank or "n/a" value, an unreadable period. */
bool foi_record_make(const foi_rules *r, foi_arena *a, const foi_meta *m, const char *file,
                     const foi_raw *raw, foi_record *out, foi_diag_vec *diags);

/* Validate one reply's records in place: merge figures stated twice with the same value
 * (keep the first), flag different values (conflicting_values), check each table's stated
 * totals against its parts (total_mismatch: exact when all parts are exact, within bounds when
 * some are suppressed) and periods that overlap within one table (overlapping_periods).
 * Order is kept. */
void foi_records_validate(foi_arena *a, foi_record_vec *recs, foi_diag_vec *diags);

#endif
