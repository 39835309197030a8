/* normalize/outcome: outcome wording -> Home Office outcome type.
 *
 * Stages, first hit wins: totals; outcome numbers written in the label ("OC15", "Outcome 21",
 * "outcome type 14", "1A", "(outcomes 2 & 3)" -> "2+3"); pending statuses; folded aliases
 * (outcomes.tsv names, short names, HO group names, outcome_aliases.tsv); keyword rules
 * (outcome_keywords.tsv); the residual "Other"; else unmapped with suggestions.
 * A group name that spans several types maps to all of them ("Out-of-court (informal)" ->
 * "7+8"), as a label naming several types does.
 */
#include "normalize/outcome.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/map.h"
#include "util/re.h"
#include "util/str.h"

static pcre2_code *foi_re_compile_ci(const char *pat, char *err, size_t errn,
                                     pcre2_compile_context *cc)
{
    return foi_re_compile(pat, PCRE2_CASELESS, err, errn, cc);
}

static bool re_match(const pcre2_code *re, const char *s)
{
    return foi_re_find(re, s, 0, NULL, 0);
}

static pcre2_code *RE_LIST, *RE_PARENLIST, *RE_LEAD, *RE_PENDING, *RE_RESIDUAL;
static pthread_once_t static_once = PTHREAD_ONCE_INIT;

/* outcome numbers take only the A/B variants ("1A", "15B"); "(8Q)" is an offence code */
#define NUM "0?\\d{1,2}[ab]?"
#define JOIN "\\s*(?:&|and|/|\\+|,|or)\\s*(?:oc\\s*|outcome\\s*)?"

static void static_init(void)
{
    /* "OC15", "Outcome 21", "outcome type 14", "outcomes 15 and 16", "types 2/3" */
    RE_LIST =
        foi_re_compile_ci("\\b(?:oc|ho outcome|outcomes?(?:\\s*types?)?|types?|outcome code)"
                          "\\s*(?:no\\.?\\s*)?[:#\\-]?\\s*(" NUM "(?:" JOIN NUM ")*)(?![\\w/])",
                          NULL, 0, NULL);
    /* "(15 & 16)", "(2/3)", "(14/16)" */
    /* bare numbers only: a bracketed "(9A)" or "(8L)" is an offence code */
    RE_PARENLIST =
        foi_re_compile_ci("\\(\\s*(0?\\d{1,2}(?:" JOIN "0?\\d{1,2})*)\\s*\\)", NULL, 0, NULL);
    /* "1A", "15B", "1 - Charged", "01: Charge" */
    RE_LEAD = foi_re_compile_ci("^\\s*(\\d{1,2})([ab])?(?:\\s*$|\\s*[-:.)]\\s*(.*)$|\\s+(.*)$)",
                                NULL, 0, NULL);
    RE_PENDING = foi_re_compile_ci(
        "\\bunder investigation\\b|\\bawaiting (?:an? )?(?:outcome|result|decision|finali[sz])|"
        "\\bpending\\b|\\bnot yet (?:been )?(?:assigned|allocated|finali[sz]ed|recorded)|"
        "\\boutcome not yet\\b|\\bno outcome(?: yet)?(?: assigned| recorded)?$|"
        "\\binvestigation (?:is )?(?:ongoing|continuing|open|live)\\b|\\bongoing\\b|"
        "\\boutstanding\\b|\\bopen (?:investigation|case|crime)s?\\b|\\bstill open\\b|"
        "\\bstatus update unavailable\\b|\\bin progress\\b|\\bnot finali[sz]ed\\b|"
        "\\breleased under investigation\\b|\\bundetermined\\b",
        NULL, 0, NULL);
    RE_RESIDUAL = foi_re_compile_ci(
        "^(?:all |any )?(?:other|others)(?: (?:outcomes?|outcome types?|disposals?|"
        "results?|types?|categories))?(?: (?:not )?(?:listed|shown|specified|"
        "above|elsewhere)\\b.*)?$",
        NULL, 0, NULL);
}

/* ---- index ---- */

static void *arena_malloc(PCRE2_SIZE n, void *data)
{
    return foi_alloc(data, n);
}

static void arena_free(void *p, void *data)
{
    (void)p;
    (void)data;
}

typedef struct alias_ent {
    const char *code; /* "15", "2+3" */
    const char *text;
} alias_ent;

typedef struct kw_rule {
    pcre2_code *re;
    const char *code;
    const char *text;
} kw_rule;

typedef struct sugg_ent {
    const char *code;
    const char *fold;
} sugg_ent;

typedef struct out_index {
    FOI_VEC(const char *) keys;
    FOI_VEC(alias_ent) vals;
    FOI_VEC(kw_rule) kw;
    FOI_VEC(sugg_ent) sugg;
} out_index;

static const out_index *IX(const foi_rules *r)
{
    return foi_rules_index(r, FOI_RULES_IX_OUTCOME);
}

static const alias_ent *alias_get(const out_index *ix, const char *fold)
{
    for (size_t i = 0; i < ix->keys.n; i++)
        if (strcmp(ix->keys.v[i], fold) == 0) return &ix->vals.v[i];
    return NULL;
}

/* "1A" counts as 1 (alternate offence), "15B" as 15, "0" is PENDING. */
static const char *base_code(const foi_rules *r, foi_arena *a, const char *code)
{
    long n = strtol(code, NULL, 10);
    if (n == 0) return "PENDING";
    char *c = foi_sprintf(a, "%ld", n);
    return foi_rules_outcome(r, c) ? c : NULL;
}

static int cmp_long(const void *x, const void *y)
{
    long a = *(const long *)x, b = *(const long *)y;
    return (a > b) - (a < b);
}

/* A list of outcome numbers -> "15", "15+16"; NULL when one is not an outcome type. */
static const char *join_codes(const foi_rules *r, foi_arena *a, const char *list)
{
    long v[24];
    int n = 0;
    for (const char *p = list; *p && n < 24;) {
        if (isdigit((unsigned char)*p)) {
            char *e;
            long x = strtol(p, &e, 10);
            char tmp[8];
            snprintf(tmp, sizeof tmp, "%ld", x);
            const char *b = base_code(r, a, tmp);
            if (!b) return NULL;
            if (strcmp(b, "PENDING") == 0) {
                if (n == 0 && !strpbrk(e, "0123456789")) return "PENDING";
                return NULL;
            }
            int k = 0;
            while (k < n && v[k] != x)
                k++;
            if (k == n) v[n++] = x;
            p = e;
        } else {
            p++;
        }
    }
    if (!n) return NULL;
    qsort(v, (size_t)n, sizeof v[0], cmp_long);
    foi_buf b;
    foi_buf_init(&b, a);
    for (int i = 0; i < n; i++)
        foi_buf_printf(&b, "%s%ld", i ? "+" : "", v[i]);
    return b.s;
}

static void alias_add(foi_arena *a, out_index *ix, const char *text, const char *code)
{
    char *f = foi_fold(a, text);
    if (!*f || !code) return;
    for (size_t i = 0; i < ix->keys.n; i++)
        if (strcmp(ix->keys.v[i], f) == 0) {
            /* two codes claim one wording: drop it */
            if (strcmp(ix->vals.v[i].code, code) != 0) ix->vals.v[i].code = "";
            return;
        }
    FOI_VEC_PUSH(a, ix->keys, f);
    FOI_VEC_PUSH(a, ix->vals, ((alias_ent){code, text}));
    if (strchr(code, '+') == NULL) FOI_VEC_PUSH(a, ix->sugg, ((sugg_ent){code, f}));
}

/* A code column value: "15", "15+16", "PENDING", "OTHER"; NULL (with a diagnostic) if bad. */
static const char *code_value(const foi_rules *r, foi_arena *a, const char *v, const char *where,
                              const char *table, foi_diag_vec *errors)
{
    if (strcasecmp(v, "PENDING") == 0) return "PENDING";
    if (strcasecmp(v, "OTHER") == 0) return "OTHER";
    const char *j = v[0] ? join_codes(r, a, v) : NULL;
    if (!j)
        foi_diag_add(a, errors, (char *)where, "rules",
                     foi_sprintf(a, "%s: \"%s\" is not an outcome type", table, v), NULL);
    return j;
}

void *foi_outcome_index_build(foi_arena *a, const foi_rules *r, foi_diag_vec *errors)
{
    pthread_once(&static_once, static_init);
    out_index *ix = foi_alloc(a, sizeof *ix);
    foi_diag_vec sink = {0}; /* errors may be NULL */
    if (!errors) errors = &sink;
    /* patterns of the tables live in the rules arena */
    pcre2_compile_context *pc =
        pcre2_compile_context_create(pcre2_general_context_create(arena_malloc, arena_free, a));
    size_t nr;
    char ***rows = foi_rules_table(r, "outcome_aliases", &nr);
    int cc = foi_rules_column(r, "outcome_aliases", "code");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *c = code_value(r, a, rows[i][cc], foi_rules_where(r, "outcome_aliases", i),
                                   "outcome_aliases", errors);
        if (c) alias_add(a, ix, rows[i][0], c);
    }
    size_t n;
    const foi_outcome_def *defs = foi_rules_outcomes(r, &n);
    for (size_t i = 0; i < n; i++) {
        const char *c = base_code(r, a, defs[i].code);
        if (!c) continue;
        alias_add(a, ix, defs[i].name, c);
        alias_add(a, ix, defs[i].short_name, c);
    }
    /* HO group names: every type in the group */
    for (size_t i = 0; i < n; i++) {
        const char *g = defs[i].group;
        if (!g || !*g || strchr(g, '?')) continue;
        foi_buf b;
        foi_buf_init(&b, a);
        for (size_t j = 0; j < n; j++)
            if (strcmp(defs[j].group, g) == 0) foi_buf_printf(&b, "%s,", defs[j].code);
        const char *c = join_codes(r, a, b.s);
        if (c) alias_add(a, ix, g, c);
    }
    rows = foi_rules_table(r, "outcome_keywords", &nr);
    cc = foi_rules_column(r, "outcome_keywords", "code");
    int cn = foi_rules_column(r, "outcome_keywords", "none_of");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *w = foi_rules_where(r, "outcome_keywords", i);
        const char *c = code_value(r, a, rows[i][cc], w, "outcome_keywords", errors);
        char err[200];
        pcre2_code *re = foi_re_compile_ci(
            foi_re_all_none(a, rows[i][0], cn >= 0 ? rows[i][cn] : ""), err, sizeof err, pc);
        if (!re)
            foi_diag_add(a, errors, (char *)w, "rules",
                         foi_sprintf(a, "bad pattern \"%s\": %s", rows[i][0], err), NULL);
        if (c && re) FOI_VEC_PUSH(a, ix->kw, ((kw_rule){re, c, rows[i][0]}));
    }
    return ix;
}

/* ---- mapping ---- */

static void set(const foi_rules *r, foi_outcome_match *m, const char *code, foi_map_method how,
                const char *rule)
{
    m->code = code;
    m->method = how;
    m->rule = rule;
    if (strcmp(code, "PENDING") == 0)
        m->name = "Not yet assigned an outcome";
    else if (strcmp(code, "OTHER") == 0)
        m->name = "Other outcomes";
    else if (strcmp(code, "ALL") == 0)
        m->name = "All outcomes";
    else {
        const foi_outcome_def *d = strchr(code, '+') ? NULL : foi_rules_outcome(r, code);
        m->name = d ? d->name : "";
    }
}

/* Wording only: pending, aliases, keywords, residual. */
static bool map_words(const foi_rules *r, foi_arena *a, const char *fold, foi_outcome_match *m)
{
    const out_index *ix = IX(r);
    if (!*fold) return false;
    const alias_ent *e = alias_get(ix, fold);
    if (e && e->code[0]) {
        set(r, m, e->code, FOI_MAP_ALIAS, foi_sprintf(a, "alias: %s", e->text));
        return true;
    }
    if (re_match(RE_PENDING, fold)) {
        set(r, m, "PENDING", FOI_MAP_KEYWORD, "pending status");
        return true;
    }
    for (size_t i = 0; i < ix->kw.n; i++)
        if (re_match(ix->kw.v[i].re, fold)) {
            set(r, m, ix->kw.v[i].code, FOI_MAP_KEYWORD,
                foi_sprintf(a, "keyword: %s", ix->kw.v[i].text));
            return true;
        }
    if (re_match(RE_RESIDUAL, fold)) {
        set(r, m, "OTHER", FOI_MAP_RESIDUAL, "residual");
        return true;
    }
    return false;
}

static char *no_parens(foi_arena *a, const char *s)
{
    char *d = foi_alloc(a, strlen(s) + 1);
    size_t j = 0;
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '(' || *p == '[')
            depth++;
        else if ((*p == ')' || *p == ']') && depth)
            depth--;
        else if (!depth)
            d[j++] = *p;
    }
    d[j] = 0;
    return d;
}

static double similarity(const char *x, const char *y)
{
    size_t nx = strlen(x), ny = strlen(y);
    if (nx < 3 || ny < 3) return 0;
    int common = 0;
    for (size_t i = 0; i + 3 <= nx; i++)
        for (size_t j = 0; j + 3 <= ny; j++)
            if (memcmp(x + i, y + j, 3) == 0) {
                common++;
                break;
            }
    return 2.0 * common / (double)((nx - 2) + (ny - 2));
}

static void suggest(const foi_rules *r, foi_arena *a, const char *fold, foi_outcome_match *m)
{
    const out_index *ix = IX(r);
    const char *best[3] = {0};
    double score[3] = {0};
    for (size_t i = 0; i < ix->sugg.n; i++) {
        double sc = similarity(fold, ix->sugg.v[i].fold);
        const char *c = ix->sugg.v[i].code;
        if (sc < 0.3) continue;
        int have = -1;
        for (int k = 0; k < 3; k++)
            if (best[k] && strcmp(best[k], c) == 0) have = k;
        if (have >= 0) {
            if (sc <= score[have]) continue;
            for (int k = have; k < 2; k++)
                best[k] = best[k + 1], score[k] = score[k + 1];
            best[2] = NULL, score[2] = 0;
        }
        for (int k = 0; k < 3; k++)
            if (!best[k] || sc > score[k]) {
                for (int j = 2; j > k; j--)
                    best[j] = best[j - 1], score[j] = score[j - 1];
                best[k] = c;
                score[k] = sc;
                break;
            }
    }
    for (int k = 0; k < 3; k++) {
        const foi_outcome_def *d = best[k] ? foi_rules_outcome(r, best[k]) : NULL;
        m->suggest[k] = d ? foi_sprintf(a, "%s %s", d->code, d->short_name) : NULL;
    }
}

/* Outcome numbers written in the label, or NULL. */
static const char *stated_codes(const foi_rules *r, foi_arena *a, const char *clean,
                                const char **rule)
{
    size_t ov[4];
    if (foi_re_find(RE_LIST, clean, 0, ov, 2) || foi_re_find(RE_PARENLIST, clean, 0, ov, 2)) {
        char *list = foi_strndup(a, clean + ov[2], ov[3] - ov[2]);
        const char *c = join_codes(r, a, list);
        if (c) *rule = foi_sprintf(a, "code: %s", foi_strndup(a, clean + ov[0], ov[1] - ov[0]));
        return c;
    }
    return NULL;
}

static void map_full(const foi_rules *r, foi_arena *a, const char *label, foi_outcome_match *out,
                     bool want_suggest)
{
    memset(out, 0, sizeof *out);
    out->code = out->name = out->rule = "";
    if (!r || !label || foi_blank(label)) return;
    pthread_once(&static_once, static_init);
    if (foi_is_total_label(label)) {
        set(r, out, "ALL", FOI_MAP_TOTAL, "total");
        return;
    }
    char *clean = foi_clean(a, label);
    const char *rule = NULL;
    const char *c = stated_codes(r, a, clean, &rule);
    if (c) {
        set(r, out, c, FOI_MAP_CODE, rule);
        return;
    }
    char *fold = foi_fold(a, clean);
    size_t ov[10];
    if (foi_re_find(RE_LEAD, clean, 0, ov, 5)) {
        /* a leading number: "1A", "15B", "1 - Charge/Summons"; a plain number is a figure */
        char *num = foi_strndup(a, clean + ov[2], ov[3] - ov[2]);
        bool letter = ov[4] != PCRE2_UNSET;
        size_t rs = ov[6] != PCRE2_UNSET ? ov[6] : ov[8];
        const char *rest = rs != PCRE2_UNSET ? clean + rs : "";
        const char *b = base_code(r, a, num);
        /* "13-15", "12 15": numbers after a number are an age band or a range, not wording */
        bool numeric_rest = *rest && strspn(rest, "0123456789 -") == strlen(rest);
        if (b && (letter || *rest) && !numeric_rest) {
            foi_outcome_match rm;
            memset(&rm, 0, sizeof rm);
            rm.code = "";
            char *rf = foi_fold(a, rest);
            bool words =
                map_words(r, a, rf, &rm) || map_words(r, a, foi_fold(a, no_parens(a, rest)), &rm);
            bool agree = words && strcmp(rm.code, b) == 0;
            bool offence = !words && *rest && foi_offence_like(r, a, rest);
            if (agree || (!words && !offence && (letter || *rest))) {
                set(r, out, b, FOI_MAP_CODE, foi_sprintf(a, "code: %s", num));
                return;
            }
            if (words && !agree && strcmp(rm.code, "OTHER") != 0) {
                out->rule = foi_sprintf(a, "code %s disagrees with its wording", num);
                if (want_suggest) suggest(r, a, fold, out);
                return;
            }
        }
    }
    /* A named outcome with a note in brackets ("Community resolution (informal out-of-court)")
     * is the named outcome: an exact alias of the label without brackets beats a keyword
     * rule that the note's group words trigger. */
    char *np = foi_fold(a, no_parens(a, clean));
    foi_outcome_match whole, bare;
    memset(&whole, 0, sizeof whole);
    memset(&bare, 0, sizeof bare);
    whole.code = whole.name = whole.rule = bare.code = bare.name = bare.rule = "";
    bool ok_whole = map_words(r, a, fold, &whole);
    bool ok_bare = strcmp(np, fold) != 0 && map_words(r, a, np, &bare);
    if (ok_bare && bare.method == FOI_MAP_ALIAS && (!ok_whole || whole.method != FOI_MAP_ALIAS)) {
        *out = bare;
        return;
    }
    if (ok_whole) {
        *out = whole;
        return;
    }
    if (ok_bare) {
        *out = bare;
        return;
    }
    if (want_suggest) suggest(r, a, fold, out);
}

/* A reply asks about the same labels several times (the grid reads each label's dimension,
 * then every record maps it): map_full is a pure function of (rules, label), so its answers are
 * memoised for the arena's life. */
static void map_full_fn(const void *r, foi_arena *a, const char *label, void *out, bool full)
{
    map_full(r, a, label, out, full);
}

static void map_memo(const foi_rules *r, foi_arena *a, const char *label, foi_outcome_match *out,
                     bool want_suggest)
{
    static const char tag = 0;
    foi_memo(a, &tag, r, label, out, sizeof *out, want_suggest, map_full_fn);
}

void foi_outcome_map(const foi_rules *r, foi_arena *a, const char *label, foi_outcome_match *out)
{
    map_memo(r, a, label, out, true);
}

bool foi_outcome_like(const foi_rules *r, foi_arena *a, const char *label)
{
    foi_outcome_match m;
    map_memo(r, a, label, &m, false);
    return m.method == FOI_MAP_CODE || m.method == FOI_MAP_ALIAS || m.method == FOI_MAP_KEYWORD;
}
