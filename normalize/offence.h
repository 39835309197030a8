/* normalize/offence: offence wording -> Home Office offence classification (issue 5 order:
 * code in label, statute, folded alias, keyword rules, residual OTHER, else unmapped with
 * suggestions).  Results point into the rules or the arena given; never freed separately.
 */
#ifndef FOI_NORMALIZE_OFFENCE_H
#define FOI_NORMALIZE_OFFENCE_H

#include <stdbool.h>

#include "normalize/rules.h"

typedef enum foi_map_method {
    FOI_MAP_NONE = 0, /* unmapped */
    FOI_MAP_CODE,     /* a code written in the label */
    FOI_MAP_STATUTE,  /* a statute reference */
    FOI_MAP_ALIAS,    /* folded alias or fingerprint */
    FOI_MAP_KEYWORD,  /* keyword rule */
    FOI_MAP_RESIDUAL, /* "Other", "All other offences" -> OTHER */
    FOI_MAP_TOTAL,    /* "Total", "All offences" -> ALL */
    FOI_MAP_GROUP,    /* an offence group name, mapped to the group's code */
} foi_map_method;

const char *foi_map_method_name(foi_map_method m);

typedef struct foi_offence_match {
    const char *code;    /* "8R", "ALL", "OTHER", "" when unmapped */
    const char *subcode; /* "071/17" or "" */
    const char *name;    /* canonical name or "" */
    foi_map_method method;
    const char *rule;       /* what matched, for `foitab inspect` ("alias: mal comms") */
    bool group_level;       /* the label names a group, not a classification */
    const char *suggest[3]; /* for unmapped: up to three "CODE name" suggestions, NULL-padded */
} foi_offence_match;

/* Map one label.  Strings in *out live in r or in a. */
void foi_offence_map(const foi_rules *r, foi_arena *a, const char *label, foi_offence_match *out);

/* True when the label reads as an offence (a code, statute, alias or keyword hit):
 * used by the grid interpreter to decide which axis holds offences. */
bool foi_offence_like(const foi_rules *r, foi_arena *a, const char *label);

/* True for "Total", "Grand total", "All offences", "Sum", "Overall total", ... */
bool foi_is_total_label(const char *label);

/* Built by foi_rules_load: compiled patterns and alias maps from offences.tsv and the
 * offence_*.tsv, statutes.tsv, acts.tsv, spellings.tsv tables; problems go to errors. */
void *foi_offence_index_build(foi_arena *a, const foi_rules *r, foi_diag_vec *errors);

/* foi_fold plus the spelling table (British spellings: "offense" -> "offence"). */
char *foi_offence_fold(const foi_rules *r, foi_arena *a, const char *label);

#endif
