#include "normalize/record.h"

#include <string.h>

#include "normalize/offence.h"
#include "normalize/outcome.h"
#include "normalize/period.h"
#include "normalize/platform.h"
#include "normalize/value.h"
#include "util/map.h"
#include "util/str.h"

static const char *suggestions(foi_arena *a, const char *const s[3])
{
    foi_buf b;
    foi_buf_init(&b, a);
    for (int i = 0; i < 3; i++) {
        if (!s[i]) break;
        if (b.len) foi_buf_puts(&b, "; ");
        foi_buf_puts(&b, s[i]);
    }
    return b.s;
}

/* A star, lettered or superscript note after a year ("2019(a)", "2024**") that no footnote
 * explains: the period's real bounds are stated somewhere we did not tie to it. */
static bool unexplained_note(const char *label, const foi_meta *m)
{
    size_t n = label ? strlen(label) : 0, ml = 0;
    if (n >= 4 && label[n - 1] == ')' && label[n - 3] == '(' &&
        ((label[n - 2] >= 'a' && label[n - 2] <= 'e') ||
         (label[n - 2] >= '1' && label[n - 2] <= '9'))) {
        size_t b = n - 3;
        while (b > 0 && label[b - 1] == ' ')
            b--;
        if (b > 0 && label[b - 1] >= '0' && label[b - 1] <= '9') ml = 3;
    } else if (n >= 2 && label[n - 1] == '*') {
        while (ml < n && label[n - 1 - ml] == '*')
            ml++;
        if (ml == n || label[n - 1 - ml] < '0' || label[n - 1 - ml] > '9') ml = 0;
    } else if (n >= 2 && (unsigned char)label[n - 2] == 0xC2 &&
               ((unsigned char)label[n - 1] == 0xB9 || (unsigned char)label[n - 1] == 0xB2 ||
                (unsigned char)label[n - 1] == 0xB3)) {
        ml = 2;
    }
    if (!ml) return false;
    for (size_t i = 0; i < m->nfn; i++)
        if (strlen(m->fn_marker[i]) == ml && !memcmp(m->fn_marker[i], label + n - ml, ml))
            return false;
    return true;
}

bool foi_record_make(const foi_rules *r, foi_arena *a, const foi_meta *m, const char *file,
                     const foi_raw *raw, foi_record *out, foi_diag_vec *diags)
{
    memset(out, 0, sizeof *out);
    foi_value v = foi_value_parse(raw->value, &m->suppress);
    if (v.kind != FOI_VALUE_EXACT && v.kind != FOI_VALUE_BOUNDS) return false;

    out->file = file;
    out->force_code = m->force_code ? m->force_code : "";
    out->force = m->force ? m->force : "";
    const char *plat = raw->platform ? foi_platform_of_label(raw->platform) : NULL;
    out->platform = plat ? plat : (m->platform ? m->platform : "");

    out->period = raw->period ? foi_clean(a, raw->period) : "";
    if (raw->flags & FOI_RAW_PERIOD_SPAN) {
        out->period_start = raw->period_start;
        out->period_end = raw->period_end ? raw->period_end : "";
    } else {
        foi_period p;
        if (!raw->period ||
            !foi_period_parse(raw->period, m->period_close ? m->period_close : m->reply_date, &p)) {
            foi_diag_add(a, diags, raw->where, "ambiguous_period",
                         foi_sprintf(a, "figure %s: period \"%s\" not understood", raw->value,
                                     raw->period ? raw->period : ""),
                         "");
            return false;
        }
        if (!(m->reply_date && *m->reply_date)) foi_period_close_by(raw->period, m->extracted, &p);
        if (!foi_period_footnote(raw->period, m->fn_marker, m->fn_text, m->nfn, &p) &&
            unexplained_note(raw->period, m)) {
            foi_diag_add(
                a, diags, raw->where, "ambiguous_period",
                foi_sprintf(a, "figure %s: period \"%s\" has a note marker no footnote explains",
                            raw->value, raw->period),
                "");
            return false;
        }
        out->period_start = foi_strdup(a, p.start);
        out->period_end = foi_strdup(a, p.end);
    }

    if (raw->offence_total || !raw->offence || !*raw->offence) {
        out->offence_code = "ALL";
        out->offence_subcode = "";
        out->offence = "All offences";
        out->offence_raw = raw->offence && !raw->offence_total ? raw->offence : "";
        out->offence_rule = raw->offence_total ? "total row" : "not broken down";
    } else {
        foi_offence_match om;
        foi_offence_map(r, a, raw->offence, &om);
        out->offence_code = om.code ? om.code : "";
        out->offence_subcode = om.subcode ? om.subcode : "";
        out->offence = om.name ? om.name : "";
        out->offence_raw = foi_clean(a, raw->offence);
        out->offence_rule =
            foi_sprintf(a, "%s: %s", foi_map_method_name(om.method), om.rule ? om.rule : "");
        if (!*out->offence_code)
            foi_diag_add(a, diags, raw->where, "unmapped_offence",
                         foi_sprintf(a, "offence \"%s\" not mapped", out->offence_raw),
                         suggestions(a, om.suggest));
        else if (om.group_level)
            foi_diag_add(a, diags, raw->where, "group_level_offence",
                         foi_sprintf(a, "\"%s\" is an offence group (%s), not a classification",
                                     out->offence_raw, out->offence_code),
                         "");
    }

    if (raw->outcome_total || !raw->outcome || !*raw->outcome) {
        out->outcome_code = "ALL";
        out->outcome = "All outcomes";
        out->outcome_raw = "";
        out->outcome_rule = raw->outcome_total ? "total column" : "not broken down";
    } else {
        foi_outcome_match oc;
        foi_outcome_map(r, a, raw->outcome, &oc);
        out->outcome_code = oc.code ? oc.code : "";
        out->outcome = oc.name ? oc.name : "";
        out->outcome_raw = foi_clean(a, raw->outcome);
        out->outcome_rule =
            foi_sprintf(a, "%s: %s", foi_map_method_name(oc.method), oc.rule ? oc.rule : "");
        if (!*out->outcome_code)
            foi_diag_add(a, diags, raw->where, "unmapped_outcome",
                         foi_sprintf(a, "outcome \"%s\" not mapped", out->outcome_raw),
                         suggestions(a, oc.suggest));
    }

    out->value = foi_clean(a, raw->value);
    out->exact = v.kind == FOI_VALUE_EXACT;
    out->count = v.kind == FOI_VALUE_EXACT ? v.count : 0;
    out->count_min = v.min;
    out->count_max = v.max;
    out->where = raw->where;
    out->grid = raw->grid;
    return true;
}

/* Identity of a figure: the same five dimensions and the same wording. */
static char *figure_key(foi_arena *a, const foi_record *x)
{
    return foi_sprintf(a, "%s|%s|%s|%s|%s|%s|%s", x->platform, x->period_start, x->period_end,
                       x->offence_code, foi_fold(a, x->offence_raw), x->outcome_code,
                       foi_fold(a, x->outcome_raw));
}

/* Stated totals against their parts, along one dimension: `is_total` picks the ALL records;
 * `line_key` names the line of the table a record lies on (every other dimension), so a
 * total and its parts share it.  One pass to sum the parts of each line, one to check. */
typedef bool (*rec_pred)(const foi_record *);
typedef char *(*rec_key)(foi_arena *, const foi_record *);

static bool offence_all(const foi_record *r)
{
    return !strcmp(r->offence_code, "ALL");
}

static bool outcome_all(const foi_record *r)
{
    return !strcmp(r->outcome_code, "ALL");
}

static char *line_but_offence(foi_arena *a, const foi_record *r)
{
    return foi_sprintf(a, "%d|%s|%s|%s|%s", r->grid, r->platform, r->period_start, r->period_end,
                       r->outcome_code);
}

static char *line_but_outcome(foi_arena *a, const foi_record *r)
{
    return foi_sprintf(a, "%d|%s|%s|%s|%s|%s", r->grid, r->platform, r->period_start, r->period_end,
                       r->offence_code, r->offence_raw);
}

typedef struct part_sum {
    long lo, hi;
    bool hi_known;
    int parts;
} part_sum;

static void check_totals(foi_arena *a, const foi_record_vec *recs, rec_pred is_total,
                         rec_key line_key, const char *what, foi_diag_vec *diags)
{
    foi_map sums = {0};
    char **keys = foi_alloc(a, (recs->n ? recs->n : 1) * sizeof *keys);
    for (size_t j = 0; j < recs->n; j++) {
        const foi_record *p = &recs->v[j];
        if (p->grid == 0) continue;
        keys[j] = line_key(a, p);
        if (is_total(p)) continue;
        part_sum *s = foi_map_get(&sums, keys[j]);
        if (!s) {
            s = foi_alloc(a, sizeof *s);
            s->hi_known = true;
            foi_map_put(a, &sums, keys[j], s);
        }
        s->parts++;
        s->lo += p->count_min;
        if (p->count_max < 0)
            s->hi_known = false;
        else
            s->hi += p->count_max;
    }
    for (size_t i = 0; i < recs->n; i++) {
        const foi_record *t = &recs->v[i];
        if (t->grid == 0 || !is_total(t)) continue;
        const part_sum *s = foi_map_get(&sums, keys[i]);
        if (!s || s->parts < 2) continue;
        bool bad = t->count_max >= 0 && t->count_max < s->lo;
        if (s->hi_known && t->count_min > s->hi) bad = true;
        if (!bad) continue;
        const char *range = s->lo == s->hi && s->hi_known ? foi_sprintf(a, "%ld", s->lo)
                            : s->hi_known                 ? foi_sprintf(a, "%ld-%ld", s->lo, s->hi)
                                                          : foi_sprintf(a, "at least %ld", s->lo);
        foi_diag_add(a, diags, t->where, "total_mismatch",
                     foi_sprintf(a, "stated total %s (%s %s) but its %d %s parts add up to %s",
                                 t->value, t->period, t->period_start, s->parts, what, range),
                     "");
    }
}

/* Two different periods of one table that overlap ("2021" beside "2021/22").  Compared over
 * the distinct periods of each table, which are few. */
static void check_overlaps(foi_arena *a, const foi_record_vec *recs, foi_diag_vec *diags)
{
    foi_map seen = {0};
    FOI_VEC(const foi_record *) distinct = {0};
    for (size_t i = 0; i < recs->n; i++) {
        const foi_record *x = &recs->v[i];
        if (!x->grid || !*x->period_end) continue;
        char *k = foi_sprintf(a, "%d|%s|%s", x->grid, x->period_start, x->period_end);
        if (foi_map_get(&seen, k)) continue;
        foi_map_put(a, &seen, k, (void *)x);
        FOI_VEC_PUSH(a, distinct, x);
    }
    if (distinct.n > 2000) return; /* a table of thousands of periods is reviewed as a whole */
    for (size_t i = 0; i < distinct.n; i++) {
        const foi_record *x = distinct.v[i];
        for (size_t j = i + 1; j < distinct.n; j++) {
            const foi_record *y = distinct.v[j];
            if (y->grid != x->grid) continue;
            /* a span that contains the other is a Total across periods: expected */
            bool contains = (strcmp(x->period_start, y->period_start) <= 0 &&
                             strcmp(x->period_end, y->period_end) >= 0) ||
                            (strcmp(y->period_start, x->period_start) <= 0 &&
                             strcmp(y->period_end, x->period_end) >= 0);
            bool overlap = strcmp(x->period_start, y->period_end) <= 0 &&
                           strcmp(y->period_start, x->period_end) <= 0;
            if (overlap && !contains) {
                foi_diag_add(a, diags, y->where, "overlapping_periods",
                             foi_sprintf(a, "\"%s\" (%s..%s) overlaps \"%s\" (%s..%s) in table %d",
                                         y->period, y->period_start, y->period_end, x->period,
                                         x->period_start, x->period_end, x->grid),
                             "");
                return; /* one line per reply is enough to send a person to look */
            }
        }
    }
}

typedef struct figure_group {
    size_t first;           /* the first place the figure is stated */
    FOI_VEC(size_t) values; /* one kept record per distinct value */
} figure_group;

void foi_records_validate(foi_arena *a, foi_record_vec *recs, foi_diag_vec *diags)
{
    size_t n = recs->n;
    if (n < 2) return;
    bool *drop = foi_alloc(a, n);
    foi_map groups = {0};
    for (size_t j = 0; j < n; j++) {
        const foi_record *y = &recs->v[j];
        char *key = figure_key(a, y);
        figure_group *g = foi_map_get(&groups, key);
        if (!g) {
            g = foi_alloc(a, sizeof *g);
            g->first = j;
            FOI_VEC_PUSH(a, g->values, j);
            foi_map_put(a, &groups, key, g);
            continue;
        }
        /* stated again with the same value: one record, at the first place */
        for (size_t k = 0; k < g->values.n && !drop[j]; k++) {
            const foi_record *x = &recs->v[g->values.v[k]];
            if (x->count_min == y->count_min && x->count_max == y->count_max &&
                x->exact == y->exact)
                drop[j] = true;
        }
        if (drop[j]) continue;
        /* a different value: both stay, one line per figure against the first place */
        const foi_record *x = &recs->v[g->first];
        foi_diag_add(
            a, diags, y->where, "conflicting_values",
            foi_sprintf(a, "%s at %s but %s at %s", x->value, x->where, y->value, y->where), "");
        FOI_VEC_PUSH(a, g->values, j);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!drop[i]) recs->v[k++] = recs->v[i];
    recs->n = k;
    check_totals(a, recs, offence_all, line_but_offence, "offence", diags);
    check_totals(a, recs, outcome_all, line_but_outcome, "outcome", diags);
    check_overlaps(a, recs, diags);
}
