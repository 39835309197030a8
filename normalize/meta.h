/* normalize/meta: what a reply says about itself: force, reply date, reference, status,
 * refusal sections, the platform it is about and its suppression conventions.
 * Strings are owned by the arena given.
 */
#ifndef FOI_NORMALIZE_META_H
#define FOI_NORMALIZE_META_H

#include <stdbool.h>

#include "normalize/rules.h"
#include "normalize/value.h"
#include "parsers/doc.h"

typedef struct foi_meta {
    const char *force_code; /* ONS code, "" for BTP or unknown */
    const char *force;      /* canonical name, "" when unknown */
    bool force_known;
    const char *reply_date; /* YYYY-MM-DD or "" */
    const char *reference;  /* as written, label excluded, or "" */
    const char *platform;   /* the reply's platform (canonical) or "" */
    /* What the text says; the pipeline decides the final status from this and the records. */
    bool refused;         /* a refusal (exemption applied to the whole request) */
    bool not_held;        /* "information is not held" */
    bool nil;             /* "no crimes were recorded", "nil return" */
    bool attachment_only; /* "please find attached" with no figures here */
    const char *refusal;  /* "s12", "NCND+s31", "" */
    foi_suppress suppress;
    /* Closes open periods ("2024 to date"): the reply date or "" (DESIGN.md).  Set by the
     * pipeline after foi_meta_read. */
    const char *period_close;
    /* The date the reply says its data were extracted, or NULL: it fixes the end of an open
     * period whose label names the month it ends in ("Apr 2023 - Aug 2023 (to date)") when
     * the reply has no date of its own. */
    const char *extracted;
    /* Footnotes: marker ("*", "**") and text of each line that opens with a footnote marker;
     * they can state a period's real bounds (foi_period_footnote).  Set by the pipeline. */
    const char **fn_marker, **fn_text;
    size_t nfn;
} foi_meta;

/* Collect the footnotes of a reply (blocks that open with "*", "**", a dagger, "(a)" ...) into
 * m->fn_marker / m->fn_text.  Owned by a. */
void foi_meta_footnotes(foi_arena *a, const foi_doc *doc, foi_meta *m);

/* Read metadata from a parsed reply.  path is the file's path relative to the input folder
 * ("kent/foi-123.html"): its folder and name confirm or contradict the force in the text.
 * Disagreement adds a force_conflict diagnostic, none found adds unknown_force. */
void foi_meta_read(const foi_rules *r, foi_arena *a, const foi_doc *doc, const char *path,
                   foi_meta *out, foi_diag_vec *diags);

/* The data-extraction date a reply states ("extracted on 14/08/2023", "correct as at
 * 1 May 2024") as YYYY-MM-DD, or NULL.  Owned by a. */
const char *foi_extraction_date(foi_arena *a, const char *text);

/* Force named in text (letterhead, signature, "X Police has received"), or NULL. */
const foi_force_def *foi_force_in_text(const foi_rules *r, foi_arena *a, const char *text);
/* Force named by a path ("dyfed-powys/foo.txt", "kent-foi-123.html"), or NULL. */
const foi_force_def *foi_force_in_path(const foi_rules *r, foi_arena *a, const char *path);

#endif
