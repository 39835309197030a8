/* normalize/outcome: outcome wording -> Home Office outcome type ("1".."22", "15+16",
 * "PENDING", "ALL", "OTHER", "" when unmapped).  Results point into rules or the arena.
 */
#ifndef FOI_NORMALIZE_OUTCOME_H
#define FOI_NORMALIZE_OUTCOME_H

#include <stdbool.h>

#include "normalize/offence.h"
#include "normalize/rules.h"

typedef struct foi_outcome_match {
    const char *code;
    const char *name;
    foi_map_method method;
    const char *rule;
    const char *suggest[3];
} foi_outcome_match;

void foi_outcome_map(const foi_rules *r, foi_arena *a, const char *label, foi_outcome_match *out);

/* True when the label reads as an outcome ("Outcome 14", "Charged/summonsed", "OC15 - ...",
 * "Pending", "Evidential difficulties ..."); used to tell outcome axes from offence axes. */
bool foi_outcome_like(const foi_rules *r, foi_arena *a, const char *label);

/* Built by foi_rules_load from outcomes.tsv and outcome_aliases.tsv, outcome_keywords.tsv. */
void *foi_outcome_index_build(foi_arena *a, const foi_rules *r, foi_diag_vec *errors);

#endif
