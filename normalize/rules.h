/* normalize/rules: the rule tables (the TSV files in normalize/rules/), compiled into the binary
 * and optionally extended or overridden by a folder of TSV files at run time (--rules DIR).
 *
 * A foi_rules and everything reachable from it is owned by the arena given to foi_rules_load.
 * Tables are read-only after loading and may be shared by threads.
 */
#ifndef FOI_NORMALIZE_RULES_H
#define FOI_NORMALIZE_RULES_H

#include <stddef.h>

#include "parsers/doc.h"
#include "util/mem.h"

typedef struct foi_offence_def {
    char *code;     /* "8R", "88A", or a sub-code "071/17" (zero-padded) */
    char *name;     /* canonical name */
    char *group;    /* offence_group */
    char *subgroup; /* offence_subgroup */
    char *parent;   /* for a sub-code: its classification code ("88A"); else NULL */
    char **aliases; /* NULL-terminated */
} foi_offence_def;

typedef struct foi_outcome_def {
    char *code; /* "1".."22", "1A", "0" (type 0 = PENDING) */
    char *name;
    char *short_name;
    char *group;
} foi_outcome_def;

typedef struct foi_force_def {
    char *code; /* ONS code, "" for BTP */
    char *name; /* canonical name, e.g. "Kent Police" */
    char *short_name;
    char **aliases; /* NULL-terminated; includes slugs such as "avon-and-somerset" */
} foi_force_def;

typedef struct foi_rules foi_rules;

/* Built-in tables, then every *.tsv in dir (may be NULL) added on top: a row of an override
 * file replaces a built-in row with the same key.  Problems go to errors as
 * diagnostics: where = "file:line", kind = "rules", detail = the message (print them as
 * "file:line: message").  Returns NULL only when a table could not be read at all (a built-in
 * table missing, dir or a file in it unreadable).  Owned by a. */
foi_rules *foi_rules_load(foi_arena *a, const char *dir, foi_diag_vec *errors);

/* Hex SHA-256 over the effective tables: changes when any rule changes. */
const char *foi_rules_hash(const foi_rules *r);
/* "offences.tsv 177 rows, ..." one line per table, for the About sheet. */
const char *foi_rules_summary(const foi_rules *r);

const foi_offence_def *foi_rules_offences(const foi_rules *r, size_t *n);
const foi_outcome_def *foi_rules_outcomes(const foi_rules *r, size_t *n);
const foi_force_def *foi_rules_forces(const foi_rules *r, size_t *n);

/* Lookups by exact code (case-insensitive, zero-padding ignored for sub-codes); NULL if none. */
const foi_offence_def *foi_rules_offence(const foi_rules *r, const char *code);
const foi_outcome_def *foi_rules_outcome(const foi_rules *r, const char *code);
const foi_force_def *foi_rules_force(const foi_rules *r, const char *code);

/* Generic access for the modules that own a table's meaning (offence.c, outcome.c, ...):
 * rows of table `name` ("offence_aliases", "offence_keywords", ...), each a NULL-terminated
 * array of fields.  NULL and *n = 0 when the table is absent. */
char ***foi_rules_table(const foi_rules *r, const char *name, size_t *n);
/* Index of a named column of table `name` (header row), -1 when absent.  Rows always have one
 * field per header column (missing trailing fields are ""). */
int foi_rules_column(const foi_rules *r, const char *name, const char *column);
/* Where row i of table `name` was read: "offences.tsv:12" or "DIR/offences.tsv:3". */
const char *foi_rules_where(const foi_rules *r, const char *name, size_t i);

/* Indexes the mapping modules build once at load time (compiled patterns, alias maps), so a
 * loaded foi_rules is read-only and can be shared by threads. */
typedef enum foi_rules_ix {
    FOI_RULES_IX_OFFENCE,
    FOI_RULES_IX_OUTCOME,
    FOI_RULES_NIX
} foi_rules_ix;
void *foi_rules_index(const foi_rules *r, foi_rules_ix which);

/* Canonical spelling of an offence code: "08L" -> "8L", "71/17" -> "071/17", "4/1" stays;
 * NULL when s is not shaped like an offence code.  Arena copy. */
char *foi_offence_code_norm(foi_arena *a, const char *s);

#endif
