/* normalize/value: a figure as written -> exact count or bounds (DESIGN.md "Values").
 *
 * Pure functions; no allocation.
 */
#ifndef FOI_NORMALIZE_VALUE_H
#define FOI_NORMALIZE_VALUE_H

#include <stdbool.h>

typedef enum foi_value_kind {
    FOI_VALUE_EXACT,   /* "22", "1,234", "77, 686", "0", "nil", "none", "-" */
    FOI_VALUE_BOUNDS,  /* "<5", "*", "1-4", "fewer than 5", "redacted", "<=3" */
    FOI_VALUE_NONE,    /* "n/a", blank, "not recorded": no record, not zero */
    FOI_VALUE_INVALID, /* not a figure at all ("Harassment", "2021/22") */
} foi_value_kind;

typedef struct foi_value {
    foi_value_kind kind;
    long count;    /* EXACT: the count; -1 otherwise */
    long min, max; /* EXACT: count, count; BOUNDS: the bounds (-1 max = unknown); else -1 */
} foi_value;

/* What the reply itself says about suppression and blanks (from normalize/meta). */
typedef struct foi_suppress {
    char marker[8];          /* the marker the reply defines ("*", "~", "x"), "" = none stated */
    long min, max;           /* bounds the footnote states for that marker; 0/0 = not stated */
    long threshold;          /* "fewer than 5" -> 5; 0 = not stated */
    bool blank_is_zero;      /* "blank cells represent zero" */
    bool dash_is_suppressed; /* "-" used for suppressed figures rather than zero */
} foi_suppress;

/* Parse a cell or phrase.  sup may be NULL.  Bounds: "<5" -> 1..4, "*" -> sup bounds, else
 * 1..threshold-1, else 1..-1 (max unknown).  A marker other than the one the reply defines
 * gets threshold or 1..-1, not the defined marker's bounds.  "12*", "12 (a)", "12¹" are an
 * exact 12 (footnote reference).  "1 234" (plain space), ">5", "5+", "12.5", "15%" and bands
 * not starting at 0 or 1 ("12-15") are INVALID. */
foi_value foi_value_parse(const char *text, const foi_suppress *sup);

/* True when text is a figure (EXACT or BOUNDS). */
bool foi_value_is_figure(const char *text, const foi_suppress *sup);

#endif
