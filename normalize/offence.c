/* normalize/offence: offence wording -> Home Office classification.
 *
 * Stages, first hit wins: a code written in the label, a statute reference, an offence group
 * name, a folded alias or fingerprint, a keyword rule, the residual "Other"; else unmapped with
 * suggestions (similarity only ever suggests).  When every stage misses, the label is tried
 * once more with misspelt words corrected against the alias vocabulary ("Harrassment").
 * Everything the stages need is compiled once by foi_offence_index_build at load time.
 */
#include "normalize/offence.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalize/outcome.h"
#include "util/map.h"
#include "util/re.h"
#include "util/str.h"

const char *foi_map_method_name(foi_map_method m)
{
    switch (m) {
    case FOI_MAP_NONE:
        return "none";
    case FOI_MAP_CODE:
        return "code";
    case FOI_MAP_STATUTE:
        return "statute";
    case FOI_MAP_ALIAS:
        return "alias";
    case FOI_MAP_KEYWORD:
        return "keyword";
    case FOI_MAP_RESIDUAL:
        return "residual";
    case FOI_MAP_TOTAL:
        return "total";
    case FOI_MAP_GROUP:
        return "group";
    }
    return "none";
}

/* ---- PCRE2 ---- */

static bool re_match(const pcre2_code *re, const char *s)
{
    return foi_re_find(re, s, 0, NULL, 0);
}

/* Patterns that are part of the code, not of the tables. */
static pcre2_code *RE_CODELIST, *RE_CODEWORD, *RE_PARENCODE, *RE_PADDED, *RE_SECTION, *RE_RESIDUAL,
    *RE_RACIAL, *RE_NFIB, *RE_EXPIRED;
static pthread_once_t static_once = PTHREAD_ONCE_INIT;

static void static_init(void)
{
    const uint32_t ci = PCRE2_CASELESS;
    /* "HO code 88A", "Home Office code 71/17", "(Class 70)", "classification code 125/09" */
    RE_CODEWORD = foi_re_compile("\\b(?:code|class|classification)\\s*(?:no\\.?\\s*)?[:\\-]?\\s*"
                                 "(\\d{1,3}(?:/\\d{1,3}|\\.\\d{1,2}|[a-z])?)(?![\\w/])",
                                 ci, NULL, 0, NULL);
    /* several lettered codes at the start: "8L/8M Harassment", "8L, 8M and 8Q" */
    RE_CODELIST =
        foi_re_compile("^\\s*(\\d{1,3}[a-z])\\s*(?:/|,|&|\\+|and|or)\\s*(\\d{1,3}[a-z])(?![\\w/])",
                       ci, NULL, 0, NULL);
    /* "Stalking (8Q)", "(71/17)" */
    RE_PARENCODE = foi_re_compile("\\(\\s*(\\d{1,3}(?:/\\d{1,3}|[a-z]))\\s*\\)", ci, NULL, 0, NULL);
    /* a zero-padded sub-code anywhere: "086/02", "008/71" */
    RE_PADDED =
        foi_re_compile("(?<![\\w/.])(0\\d\\d/\\d{1,3}|\\d{3}/\\d{2})(?![\\w/])", ci, NULL, 0, NULL);
    /* "s.15A", "S4A", "Section 1", "Sec. 4A", "ss 1 & 6", "section 127(1)(a)" */
    RE_SECTION = foi_re_compile("(?<![a-z])(?:sections?|secs?|ss?)\\.?\\s*(\\d{1,3}[a-z]{0,2})"
                                "(?![\\w/])",
                                ci, NULL, 0, NULL);
    RE_RESIDUAL = foi_re_compile(
        "^(?:all |any )?(?:other|others|remaining)"
        "(?: (?:offences?|crimes?|crime types?|offence types?|types?|categories|category|"
        "classifications?|crime categories|offence categories|recorded crimes?))?"
        "(?: (?:not )?(?:listed|shown|specified|included|elsewhere|above|stated|covered)\\b.*)?$",
        ci, NULL, 0, NULL);
    RE_RACIAL = foi_re_compile("\\b(?:racial(?:ly)?|religious(?:ly)?|race)\\b.*\\baggravated\\b|"
                               "\\baggravated\\b.*\\b(?:racial(?:ly)?|religious(?:ly)?)\\b",
                               ci, NULL, 0, NULL);
    RE_NFIB = foi_re_compile("\\bnfib\\s*\\d", ci, NULL, 0, NULL);
    RE_EXPIRED = foi_re_compile("\\bexpired\\b.*\\bnot for use\\b", ci, NULL, 0, NULL);
}

/* ---- a small string map in the rules arena ---- */

/* ---- the index ---- */

typedef struct alias_ent {
    const foi_offence_def *def; /* a classification or a sub-code row */
    const char *code;           /* printed sub-code when def is its parent ("022/24"), or NULL */
    const char *text;           /* the alias as written */
    bool mine;                  /* from offence_aliases.tsv (beats the reference aliases) */
    bool ambiguous;             /* two classifications claim it: never maps */
    bool local;                 /* from a --rules DIR file: overrides the built-in tables */
} alias_ent;

typedef struct kw_rule {
    pcre2_code *re;
    const foi_offence_def *def;
    const char *text;
} kw_rule;

typedef struct act_def {
    const char *id;
    pcre2_code *re;
} act_def;

typedef struct statute {
    const char *act, *section, *ref;
    pcre2_code *also;
    const foi_offence_def *def;
} statute;

typedef struct sub_rule {
    pcre2_code *re;
    const foi_offence_def *parent, *sub;
    const char *text;
} sub_rule;

typedef struct group_ent {
    const char *name;
    FOI_VEC(const foi_offence_def *) codes;
} group_ent;

typedef struct sugg_ent {
    const foi_offence_def *def; /* classification */
    const char *fold;
} sugg_ent;

typedef struct off_index {
    foi_map alias, finger, codealias, groups, spell, vocab;
    FOI_VEC(kw_rule) kw;
    FOI_VEC(act_def) acts;
    FOI_VEC(statute) statutes;
    FOI_VEC(sub_rule) subs;
    FOI_VEC(sugg_ent) sugg;
    FOI_VEC(const char *) vocab_words;
    FOI_VEC(size_t) vocab_lens; /* strlen of each vocab word: spell_fix tries them all */
    const foi_offence_def **agg_base, **agg_to;
    size_t nagg;
} off_index;

static const off_index *IX(const foi_rules *r)
{
    return foi_rules_index(r, FOI_RULES_IX_OFFENCE);
}

/* The classification a definition counts under, and its sub-code row (or NULL). */
static const foi_offence_def *cls_of(const foi_rules *r, const foi_offence_def *d)
{
    if (!d) return NULL;
    if (d->parent) {
        const foi_offence_def *p = foi_rules_offence(r, d->parent);
        if (p) return p;
    }
    return d;
}

static bool is_sub(const foi_offence_def *d)
{
    return d && strchr(d->code, '/') != NULL;
}

/* The fingerprint without strtok (tables are shared by threads). */
static char *fingerprint(foi_arena *a, const char *fold)
{
    size_t n = 0;
    for (const char *p = fold; *p; p++)
        if (*p == ' ') n++;
    const char **w = foi_alloc(a, (n + 2) * sizeof *w);
    char *copy = foi_strdup(a, fold);
    size_t k = 0;
    char *p = copy;
    while (*p) {
        w[k++] = p;
        char *sp = strchr(p, ' ');
        if (!sp) break;
        *sp = 0;
        p = sp + 1;
    }
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && strcmp(w[j - 1], w[j]) > 0; j--) {
            const char *t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
    foi_buf b;
    foi_buf_init(&b, a);
    foi_buf_puts(&b, "");
    for (size_t i = 0; i < k; i++) {
        if (i && strcmp(w[i], w[i - 1]) == 0) continue;
        if (b.len) foi_buf_putc(&b, ' ');
        foi_buf_puts(&b, w[i]);
    }
    return b.s;
}

static char *apply_spelling(const off_index *ix, foi_arena *a, const char *fold)
{
    if (!ix || !ix->spell.n) return (char *)fold;
    foi_buf b;
    foi_buf_init(&b, a);
    foi_buf_puts(&b, "");
    const char *p = fold;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *w = foi_strndup(a, p, n);
        const char *rep = foi_map_get(&ix->spell, w);
        if (b.len) foi_buf_putc(&b, ' ');
        foi_buf_puts(&b, rep ? rep : w);
        p += n;
        if (*p) p++;
    }
    return b.s;
}

char *foi_offence_fold(const foi_rules *r, foi_arena *a, const char *label)
{
    char *f = foi_fold(a, label ? label : "");
    return apply_spelling(r ? IX(r) : NULL, a, f);
}

static void vocab_add(foi_arena *a, off_index *ix, const char *fold)
{
    const char *p = fold;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n >= 5) {
            char *w = foi_strndup(a, p, n);
            if (!foi_map_get(&ix->vocab, w)) {
                foi_map_put(a, &ix->vocab, w, w);
                FOI_VEC_PUSH(a, ix->vocab_words, w);
                FOI_VEC_PUSH(a, ix->vocab_lens, n);
            }
        }
        p += n;
        if (*p) p++;
    }
}

/* Rows of a --rules DIR file carry "DIR/name.tsv:line"; built-in rows only "name.tsv:line". */
static bool from_override(const char *where)
{
    return where && strchr(where, '/') != NULL;
}

static void alias_put(foi_arena *a, const foi_rules *r, foi_map *m, const char *key,
                      const foi_offence_def *def, const char *code, const char *text, bool mine,
                      const char *where, bool report, foi_diag_vec *errors)
{
    if (!key || !*key) return;
    alias_ent *old = foi_map_get(m, key);
    alias_ent *e = foi_alloc(a, sizeof *e);
    *e = (alias_ent){def, code, text, mine, false, from_override(where)};
    if (!old) {
        foi_map_put(a, m, key, e);
        return;
    }
    /* an analyst's --rules row overrides whatever the built-in tables say */
    if (e->local != old->local) {
        if (e->local) foi_map_put(a, m, key, e);
        return;
    }
    if (old->ambiguous) return;
    if (cls_of(r, old->def) == cls_of(r, def)) {
        /* the same classification: the broader row wins, so only wording that names a
         * sub-code alone identifies it */
        if (mine && !old->mine)
            foi_map_put(a, m, key, e);
        else if (is_sub(old->def) && !is_sub(def) && mine == old->mine)
            foi_map_put(a, m, key, e);
        return;
    }
    if (mine != old->mine) {
        if (mine) foi_map_put(a, m, key, e);
        return;
    }
    if (mine && where && report)
        foi_diag_add(a, errors, (char *)where, "rules",
                     foi_sprintf(a, "alias \"%s\" maps to both %s and %s", text,
                                 cls_of(r, old->def)->code, cls_of(r, def)->code),
                     NULL);
    old->ambiguous = true;
}

static void add_alias_text(foi_arena *a, const foi_rules *r, off_index *ix, const char *text,
                           const foi_offence_def *def, bool mine, const char *where,
                           foi_diag_vec *errors)
{
    char *code = foi_offence_code_norm(a, text);
    if (code) {
        /* code-shaped aliases ("8/72", "022/24", "4/1") are spellings of codes */
        if (!foi_map_get(&ix->codealias, code)) foi_map_put(a, &ix->codealias, code, (void *)def);
        return;
    }
    char *fold = foi_fold(a, text);
    fold = apply_spelling(ix, a, fold);
    if (!*fold) return;
    alias_put(a, r, &ix->alias, fold, def, NULL, text, mine, where, true, errors);
    alias_put(a, r, &ix->finger, fingerprint(a, fold), def, NULL, text, mine, where, false, errors);
    vocab_add(a, ix, fold);
    const foi_offence_def *c = cls_of(r, def);
    sugg_ent s = {c, fold};
    FOI_VEC_PUSH(a, ix->sugg, s);
}

/* Strip "(SOA 2003 s15A; in force 3 Apr 2017)" from a sub-code's long name. */
static char *name_core(foi_arena *a, const char *name)
{
    char *s = foi_strdup(a, name);
    char *o = strrchr(s, '(');
    if (o && o > s) {
        *o = 0;
        size_t n = strlen(s);
        while (n && s[n - 1] == ' ')
            s[--n] = 0;
    }
    return s;
}

/* Patterns of the tables live in the rules arena with everything else loaded from them. */
static void *arena_malloc(PCRE2_SIZE n, void *data)
{
    return foi_alloc(data, n);
}

static void arena_free(void *p, void *data)
{
    (void)p;
    (void)data;
}

static pcre2_compile_context *arena_context(foi_arena *a)
{
    pcre2_general_context *g = pcre2_general_context_create(arena_malloc, arena_free, a);
    return pcre2_compile_context_create(g);
}

static pcre2_code *compile_rule(pcre2_compile_context *cc, foi_arena *a, const char *pat,
                                const char *where, foi_diag_vec *errors)
{
    char err[200];
    pcre2_code *re = foi_re_compile(pat, PCRE2_CASELESS, err, sizeof err, cc);
    if (!re)
        foi_diag_add(a, errors, (char *)where, "rules",
                     foi_sprintf(a, "bad pattern \"%s\": %s", pat, err), NULL);
    return re;
}

static const foi_offence_def *code_ref(foi_arena *a, const foi_rules *r, const char *code,
                                       const char *where, const char *table, foi_diag_vec *errors)
{
    const foi_offence_def *d = foi_rules_offence(r, code);
    if (!d)
        foi_diag_add(a, errors, (char *)where, "rules",
                     foi_sprintf(a, "%s: unknown offence code \"%s\"", table, code), NULL);
    return d;
}

static void groups_build(foi_arena *a, const foi_rules *r, off_index *ix)
{
    size_t n;
    const foi_offence_def *defs = foi_rules_offences(r, &n);
    foi_map_init(a, &ix->groups, 64);
    for (size_t i = 0; i < n; i++) {
        const foi_offence_def *d = &defs[i];
        if (is_sub(d)) continue;
        const char *names[2] = {d->group, d->subgroup};
        for (int k = 0; k < 2; k++) {
            const char *g = names[k];
            if (!g || !*g || strchr(g, '?') || strchr(g, '(') || foi_startswith_ci(g, "non-") ||
                foi_startswith_ci(g, "not "))
                continue;
            char *f = foi_fold(a, g);
            group_ent *e = foi_map_get(&ix->groups, f);
            if (!e) {
                e = foi_alloc(a, sizeof *e);
                e->name = g;
                foi_map_put(a, &ix->groups, f, e);
            }
            size_t j = 0;
            while (j < e->codes.n && e->codes.v[j] != d)
                j++;
            if (j == e->codes.n) FOI_VEC_PUSH(a, e->codes, d);
        }
    }
}

void *foi_offence_index_build(foi_arena *a, const foi_rules *r, foi_diag_vec *errors)
{
    pthread_once(&static_once, static_init);
    off_index *ix = foi_alloc(a, sizeof *ix);
    foi_diag_vec sink = {0}; /* errors may be NULL */
    if (!errors) errors = &sink;
    pcre2_compile_context *pc = arena_context(a);
    size_t n;
    const foi_offence_def *defs = foi_rules_offences(r, &n);
    foi_map_init(a, &ix->alias, n * 8);
    foi_map_init(a, &ix->finger, n * 8);
    foi_map_init(a, &ix->codealias, n);
    foi_map_init(a, &ix->spell, 64);
    foi_map_init(a, &ix->vocab, 1024);

    size_t nr;
    char ***rows = foi_rules_table(r, "spellings", &nr);
    for (size_t i = 0; i < nr; i++) {
        char *from = foi_fold(a, rows[i][0]), *to = foi_fold(a, rows[i][1] ? rows[i][1] : "");
        if (!*from || !*to || strchr(from, ' ')) {
            foi_diag_add(a, errors, (char *)foi_rules_where(r, "spellings", i), "rules",
                         "spellings.tsv: want one word and its spelling", NULL);
            continue;
        }
        foi_map_put(a, &ix->spell, from, to);
    }

    /* my aliases first so that their conflicts are reported */
    rows = foi_rules_table(r, "offence_aliases", &nr);
    int cc = foi_rules_column(r, "offence_aliases", "code");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *w = foi_rules_where(r, "offence_aliases", i);
        const foi_offence_def *d = code_ref(a, r, rows[i][cc], w, "offence_aliases", errors);
        if (d) add_alias_text(a, r, ix, rows[i][0], d, true, w, errors);
    }
    for (size_t i = 0; i < n; i++) {
        const foi_offence_def *d = &defs[i];
        add_alias_text(a, r, ix, is_sub(d) ? name_core(a, d->name) : d->name, d, false, NULL,
                       errors);
        for (char **al = d->aliases; al && *al; al++)
            add_alias_text(a, r, ix, *al, d, false, NULL, errors);
    }

    rows = foi_rules_table(r, "offence_keywords", &nr);
    cc = foi_rules_column(r, "offence_keywords", "code");
    int cn = foi_rules_column(r, "offence_keywords", "none_of");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *w = foi_rules_where(r, "offence_keywords", i);
        const foi_offence_def *d = code_ref(a, r, rows[i][cc], w, "offence_keywords", errors);
        pcre2_code *re = compile_rule(
            pc, a, foi_re_all_none(a, rows[i][0], cn >= 0 ? rows[i][cn] : ""), w, errors);
        if (d && re) FOI_VEC_PUSH(a, ix->kw, ((kw_rule){re, d, rows[i][0]}));
    }

    rows = foi_rules_table(r, "acts", &nr);
    cc = foi_rules_column(r, "acts", "pattern");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        pcre2_code *re = compile_rule(pc, a, rows[i][cc], foi_rules_where(r, "acts", i), errors);
        if (re) FOI_VEC_PUSH(a, ix->acts, ((act_def){rows[i][0], re}));
    }

    rows = foi_rules_table(r, "statutes", &nr);
    cc = foi_rules_column(r, "statutes", "code");
    int ca = foi_rules_column(r, "statutes", "also");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *w = foi_rules_where(r, "statutes", i);
        char *ref = foi_strdup(a, rows[i][0]);
        char *sp = strchr(ref, ' ');
        char *hash = strchr(ref, '#');
        if (hash) *hash = 0;
        if (!sp) {
            foi_diag_add(a, errors, (char *)w, "rules",
                         foi_sprintf(a, "statutes.tsv: \"%s\" is not \"ACT SECTION\"", rows[i][0]),
                         NULL);
            continue;
        }
        *sp = 0;
        const char *section = sp + 1;
        size_t k = 0;
        while (k < ix->acts.n && strcasecmp(ix->acts.v[k].id, ref) != 0)
            k++;
        if (k == ix->acts.n) {
            foi_diag_add(a, errors, (char *)w, "rules",
                         foi_sprintf(a, "statutes.tsv: act \"%s\" is not in acts.tsv", ref), NULL);
            continue;
        }
        const foi_offence_def *d = code_ref(a, r, rows[i][cc], w, "statutes", errors);
        pcre2_code *also = NULL;
        if (ca >= 0 && rows[i][ca][0]) {
            also = compile_rule(pc, a, foi_re_all_none(a, rows[i][ca], ""), w, errors);
            if (!also) continue;
        }
        if (d) FOI_VEC_PUSH(a, ix->statutes, ((statute){ref, section, rows[i][0], also, d}));
    }

    rows = foi_rules_table(r, "offence_subcodes", &nr);
    cc = foi_rules_column(r, "offence_subcodes", "subcode");
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *w = foi_rules_where(r, "offence_subcodes", i);
        const foi_offence_def *s = code_ref(a, r, rows[i][cc], w, "offence_subcodes", errors);
        if (!s) continue;
        if (!is_sub(s)) {
            foi_diag_add(a, errors, (char *)w, "rules",
                         foi_sprintf(a, "offence_subcodes.tsv: %s is not a sub-code", s->code),
                         NULL);
            continue;
        }
        pcre2_code *re = compile_rule(pc, a, foi_re_all_none(a, rows[i][0], ""), w, errors);
        if (re) FOI_VEC_PUSH(a, ix->subs, ((sub_rule){re, cls_of(r, s), s, rows[i][0]}));
    }

    rows = foi_rules_table(r, "offence_aggravated", &nr);
    cc = foi_rules_column(r, "offence_aggravated", "aggravated");
    ix->agg_base = foi_alloc(a, (nr + 1) * sizeof *ix->agg_base);
    ix->agg_to = foi_alloc(a, (nr + 1) * sizeof *ix->agg_to);
    for (size_t i = 0; i < nr && cc >= 0; i++) {
        const char *w = foi_rules_where(r, "offence_aggravated", i);
        const foi_offence_def *b = code_ref(a, r, rows[i][0], w, "offence_aggravated", errors);
        const foi_offence_def *t = code_ref(a, r, rows[i][cc], w, "offence_aggravated", errors);
        if (b && t) {
            ix->agg_base[ix->nagg] = b;
            ix->agg_to[ix->nagg++] = t;
        }
    }
    groups_build(a, r, ix);
    for (size_t i = 0; i < ix->groups.cap; i++)
        if (ix->groups.keys[i]) vocab_add(a, ix, ix->groups.keys[i]);
    return ix;
}

/* ---- mapping ---- */

typedef struct hit {
    const foi_offence_def *def; /* what matched: classification or sub-code row */
    const char *printed_sub;    /* a sub-code printed in the label, canonical */
    foi_map_method method;
    const char *rule;
    bool group_level;
    bool conflict; /* several codes that disagree */
} hit;

static void fill(const foi_rules *r, foi_arena *a, const hit *h, foi_offence_match *out)
{
    const foi_offence_def *c = cls_of(r, h->def);
    out->code = c->code;
    out->name = c->name;
    out->subcode = "";
    if (is_sub(h->def))
        out->subcode = h->def->code;
    else if (h->printed_sub)
        out->subcode = h->printed_sub;
    out->method = h->method;
    out->rule = h->rule;
    out->group_level = h->group_level;
    (void)a;
}

/* A printed code -> definition: a row, or a code-shaped alias of a row ("022/24" -> 22B). */
static const foi_offence_def *lookup_code(const foi_rules *r, foi_arena *a, const char *tok,
                                          const char **printed_sub)
{
    *printed_sub = NULL;
    char *norm = foi_offence_code_norm(a, tok);
    if (!norm) return NULL;
    const foi_offence_def *d = foi_rules_offence(r, norm);
    if (d) return d;
    d = foi_map_get(&IX(r)->codealias, norm);
    /* "4/1" and "37/2" spell the classifications 4.1 and 37.2, not sub-codes */
    if (d && strchr(norm, '/') && !strchr(d->code, '.')) *printed_sub = norm;
    return d;
}

typedef enum { TOK_NONE, TOK_LETTER, TOK_SLASH, TOK_NUMBER } tok_kind;

static bool word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(p, w, n) == 0 && !isalnum((unsigned char)p[n]);
}

/* A code at the start of a cleaned label: "8L - Harassment", "08/65", "HO code 88A: ...".
 * *explicit is set when a "code" word introduces it; *rest points past the separators. */
static tok_kind lead_code(const char *s, char *tok, size_t cap, bool *explicit, const char **rest)
{
    *explicit = false;
    const char *p = s;
    static const char *const prefixes[] = {"home office offence code",
                                           "home office crime code",
                                           "home office code",
                                           "ho offence code",
                                           "ho crime code",
                                           "h.o. code",
                                           "ho code",
                                           "offence code",
                                           "crime code",
                                           "code",
                                           "class"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (word_at(p, prefixes[i])) {
            p += strlen(prefixes[i]);
            while (*p == ' ' || *p == ':' || *p == '-')
                p++;
            *explicit = true;
            break;
        }
    const char *t = p;
    size_t d = 0;
    while (isdigit((unsigned char)p[d]))
        d++;
    if (d == 0 || d > 3) return TOK_NONE;
    p += d;
    tok_kind k = TOK_NUMBER;
    if (*p == '/' && isdigit((unsigned char)p[1])) {
        size_t e = 1;
        while (isdigit((unsigned char)p[e]))
            e++;
        if (e - 1 > 3) return TOK_NONE;
        p += e;
        k = TOK_SLASH;
    } else if (*p == '.' && isdigit((unsigned char)p[1])) {
        size_t e = 1;
        while (isdigit((unsigned char)p[e]))
            e++;
        if (e - 1 > 2) return TOK_NONE;
        p += e;
    } else if (isalpha((unsigned char)*p) && !isalnum((unsigned char)p[1])) {
        p++;
        k = TOK_LETTER;
    }
    if (*p && !strchr(" -:,;()[].|", *p)) return TOK_NONE;
    if (*p == ')' || (*p == '.' && k == TOK_LETTER)) return TOK_NONE; /* "1a)", "3b." */
    if ((size_t)(p - t) >= cap) return TOK_NONE;
    memcpy(tok, t, (size_t)(p - t));
    tok[p - t] = 0;
    while (*p && strchr(" -:,;.|", *p))
        p++;
    *rest = p;
    return k;
}

/* Words that make a leading number a quantity or an age, not a code. */
static bool quantity_rest(const char *rest)
{
    if (!*rest) return true;
    if (isdigit((unsigned char)*rest) || strchr("+%<>=", *rest)) return true;
    static const char *const w[] = {
        "to",        "and",    "or",      "x",       "years",    "year",  "yrs",
        "yr",        "plus",   "over",    "under",   "of",       "per",   "months",
        "days",      "hours",  "minutes", "crimes",  "offences", "cases", "records",
        "incidents", "people", "persons", "victims", "suspects", "times", "in"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (word_at(rest, w[i])) return true;
    return false;
}

static bool fy_like(const char *tok)
{
    const char *sl = strchr(tok, '/');
    if (!sl || sl - tok != 2 || strlen(sl + 1) != 2) return false;
    long x = strtol(tok, NULL, 10), y = strtol(sl + 1, NULL, 10);
    return y == (x + 1) % 100;
}

static bool share_word(foi_arena *a, const char *fold, const foi_offence_def *d)
{
    static const char *const stop[] = {"offence", "offences", "other", "with",   "without",
                                       "against", "person",   "crime", "crimes", "etc"};
    const char *names[64];
    size_t nn = 0;
    names[nn++] = d->name;
    for (char **al = d->aliases; al && *al && nn < 63; al++)
        names[nn++] = *al;
    const char *p = fold;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool skip = n < 4;
        for (size_t i = 0; !skip && i < sizeof stop / sizeof stop[0]; i++)
            if (strlen(stop[i]) == n && strncmp(stop[i], p, n) == 0) skip = true;
        if (!skip) {
            char *w = foi_strndup(a, p, n);
            for (size_t i = 0; i < nn; i++)
                if (foi_has_word(names[i], w)) return true;
        }
        p += n;
        if (*p) p++;
    }
    return false;
}

static bool map_words(const foi_rules *r, foi_arena *a, const char *label, hit *h, bool typo);

static bool stage_code(const foi_rules *r, foi_arena *a, const char *clean, hit *h)
{
    const char *found[8];
    const char *subs[8];
    const char *toks[8];
    size_t nf = 0;
    char tok[16];
    bool explicit;
    const char *rest = NULL;
    tok_kind k = lead_code(clean, tok, sizeof tok, &explicit, &rest);
    if (k != TOK_NONE) {
        const char *ps;
        const foi_offence_def *d = lookup_code(r, a, tok, &ps);
        bool ok = d != NULL;
        if (ok && !explicit) {
            if (k == TOK_SLASH && fy_like(tok)) ok = false;
            if (k == TOK_NUMBER && quantity_rest(rest)) ok = false;
            if (ok && *rest) {
                /* what the rest of the label says must not contradict the code */
                hit rh = {0};
                char *rf = foi_offence_fold(r, a, rest);
                if (map_words(r, a, rest, &rh, true) && rh.def) {
                    if (cls_of(r, rh.def) != cls_of(r, d)) ok = false;
                } else if (foi_outcome_like(r, a, rest)) {
                    ok = false;
                } else if (k == TOK_NUMBER && !share_word(a, rf, cls_of(r, d))) {
                    ok = false;
                }
            }
        }
        if (ok) {
            found[nf] = (const char *)d;
            subs[nf] = ps;
            toks[nf++] = foi_strdup(a, tok);
        }
    }
    static pcre2_code *const *const res[] = {&RE_CODELIST, &RE_CODEWORD, &RE_PARENCODE, &RE_PADDED};
    for (size_t q = 0; q < 4; q++) {
        size_t start = 0, ov[4];
        while (nf < 8 && foi_re_find(*res[q], clean, start, ov, 2)) {
            char *t = foi_strndup(a, clean + ov[2], ov[3] - ov[2]);
            const char *ps;
            const foi_offence_def *d = lookup_code(r, a, t, &ps);
            if (d) {
                found[nf] = (const char *)d;
                subs[nf] = ps;
                toks[nf++] = t;
            }
            if (q == 0 && nf < 8) {
                /* the list's second code */
                size_t o2[6];
                foi_re_find(RE_CODELIST, clean, 0, o2, 3);
                char *t2 = foi_strndup(a, clean + o2[4], o2[5] - o2[4]);
                const foi_offence_def *d2 = lookup_code(r, a, t2, &ps);
                if (d2) {
                    found[nf] = (const char *)d2;
                    subs[nf] = ps;
                    toks[nf++] = t2;
                }
            }
            start = ov[1] > start ? ov[1] : start + 1;
        }
    }
    if (!nf) return false;
    const foi_offence_def *first = (const foi_offence_def *)found[0];
    const foi_offence_def *c = cls_of(r, first);
    const foi_offence_def *sub = is_sub(first) ? first : NULL;
    const char *psub = subs[0];
    for (size_t i = 1; i < nf; i++) {
        const foi_offence_def *d = (const foi_offence_def *)found[i];
        if (cls_of(r, d) != c) {
            h->conflict = true;
            h->rule = foi_sprintf(a, "codes disagree: %s, %s", toks[0], toks[i]);
            return true;
        }
        const char *s = is_sub(d) ? d->code : subs[i];
        const char *have = sub ? sub->code : psub;
        if (s && (!have || strcmp(s, have) != 0)) {
            if (have)
                sub = NULL, psub = NULL; /* several sub-codes: the classification only */
            else if (is_sub(d))
                sub = d;
            else
                psub = s;
        }
    }
    h->def = sub ? sub : c;
    h->printed_sub = sub ? NULL : psub;
    h->method = FOI_MAP_CODE;
    h->rule = foi_sprintf(a, "code: %s", toks[0]);
    return true;
}

static bool stage_statute(const foi_rules *r, foi_arena *a, const char *clean, const char *fold,
                          hit *h)
{
    const off_index *ix = IX(r);
    if (!ix->statutes.n) return false;
    /* acts named in the label, with where they are */
    size_t act_at[16];
    const act_def *acts[16];
    size_t na = 0;
    for (size_t i = 0; i < ix->acts.n && na < 16; i++) {
        size_t ov[2];
        if (foi_re_find(ix->acts.v[i].re, clean, 0, ov, 1)) {
            acts[na] = &ix->acts.v[i];
            act_at[na++] = ov[0];
        }
    }
    if (!na) return false;
    const statute *best = NULL;
    size_t best_dist = SIZE_MAX;
    size_t start = 0, ov[4];
    while (foi_re_find(RE_SECTION, clean, start, ov, 2)) {
        char *sec = foi_strndup(a, clean + ov[2], ov[3] - ov[2]);
        for (size_t k = 0; k < na; k++) {
            size_t dist = act_at[k] > ov[0] ? act_at[k] - ov[0] : ov[0] - act_at[k];
            for (size_t s = 0; s < ix->statutes.n; s++) {
                const statute *st = &ix->statutes.v[s];
                if (strcasecmp(st->act, acts[k]->id) != 0 || strcasecmp(st->section, sec) != 0)
                    continue;
                if (st->also && !re_match(st->also, fold)) continue;
                if (dist < best_dist) {
                    best = st;
                    best_dist = dist;
                }
                break;
            }
        }
        start = ov[1] > start ? ov[1] : start + 1;
    }
    if (!best) {
        /* an act whose only offence is implied: "Malicious Communications Act 1988" */
        for (size_t k = 0; k < na && !best; k++)
            for (size_t s = 0; s < ix->statutes.n; s++) {
                const statute *st = &ix->statutes.v[s];
                if (strcmp(st->section, "*") == 0 && strcasecmp(st->act, acts[k]->id) == 0 &&
                    (!st->also || re_match(st->also, fold))) {
                    best = st;
                    break;
                }
            }
    }
    if (!best) return false;
    h->def = best->def;
    h->method = FOI_MAP_STATUTE;
    h->rule = foi_sprintf(a, "statute: %s", best->ref);
    return true;
}

/* The label without bracketed parts: "Blackmail (sextortion)" -> "Blackmail". */
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

static bool try_alias(const off_index *ix, foi_arena *a, const char *fold, const char *how, hit *h)
{
    if (!*fold) return false;
    const alias_ent *e = foi_map_get(&ix->alias, fold);
    const char *kind = "alias";
    if (!e) {
        e = foi_map_get(&ix->finger, fingerprint(a, fold));
        kind = "fingerprint";
    }
    if (!e || e->ambiguous) return false;
    h->def = e->def;
    h->method = FOI_MAP_ALIAS;
    h->rule = foi_sprintf(a, "%s%s: %s", kind, how, e->text);
    return true;
}

static bool stage_alias(const foi_rules *r, foi_arena *a, const char *clean, const char *fold,
                        const char *how, hit *h)
{
    const off_index *ix = IX(r);
    if (try_alias(ix, a, fold, how, h)) return true;
    char *np = foi_offence_fold(r, a, no_parens(a, clean));
    if (strcmp(np, fold) != 0 && try_alias(ix, a, np, how, h)) return true;
    /* "Harassment - S2 PHA 1997", "Voyeurism: recording" -> the part before the separator */
    const char *sep = strstr(clean, " - ");
    if (!sep) sep = strchr(clean, ':');
    if (sep && sep > clean) {
        char *head =
            foi_offence_fold(r, a, no_parens(a, foi_strndup(a, clean, (size_t)(sep - clean))));
        if (try_alias(ix, a, head, how, h)) return true;
    }
    /* "Offences of stalking", "Stalking offences" */
    static const char *const tails[] = {" offences", " offence", " crimes",   " crime",
                                        " cases",    " only",    " recorded", " etc"};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t n = strlen(np), t = strlen(tails[i]);
        if (n > t && strcmp(np + n - t, tails[i]) == 0) {
            char *cut = foi_strndup(a, np, n - t);
            if (try_alias(ix, a, cut, how, h)) return true;
        }
    }
    return false;
}

static bool stage_keyword(const foi_rules *r, foi_arena *a, const char *fold, const char *how,
                          hit *h)
{
    const off_index *ix = IX(r);
    for (size_t i = 0; i < ix->kw.n; i++)
        if (re_match(ix->kw.v[i].re, fold)) {
            h->def = ix->kw.v[i].def;
            h->method = FOI_MAP_KEYWORD;
            h->rule = foi_sprintf(a, "keyword%s: %s", how, ix->kw.v[i].text);
            return true;
        }
    return false;
}

/* Correct words the vocabulary does not know that are one edit from exactly one word it
 * does know ("harrassment", "stalkng", "malicous"); returns NULL when nothing changed. */
static bool one_edit(const char *x, size_t nx, const char *y, size_t ny)
{
    if (nx > ny + 1 || ny > nx + 1) return false;
    size_t i = 0;
    while (i < nx && i < ny && x[i] == y[i])
        i++;
    if (i == nx && i == ny) return false;
    if (nx == ny) {
        if (strncmp(x + i + 1, y + i + 1, nx - i - 1) == 0) return true; /* substitution */
        return i + 1 < nx && x[i] == y[i + 1] && x[i + 1] == y[i] &&
               strncmp(x + i + 2, y + i + 2, nx - i - 2) == 0; /* transposition */
    }
    if (nx > ny) return strncmp(x + i + 1, y + i, nx - i - 1) == 0;
    return strncmp(x + i, y + i + 1, ny - i - 1) == 0;
}

static char *spell_fix(const off_index *ix, foi_arena *a, const char *fold)
{
    foi_buf b;
    foi_buf_init(&b, a);
    foi_buf_puts(&b, "");
    bool changed = false;
    const char *p = fold;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *w = foi_strndup(a, p, n);
        const char *rep = NULL;
        if (n >= 6 && !foi_map_get(&ix->vocab, w)) {
            int cnt = 0;
            for (size_t i = 0; i < ix->vocab_words.n && cnt < 2; i++) {
                size_t vn = ix->vocab_lens.v[i];
                if (vn + 1 < n || vn > n + 1) continue; /* more than one edit apart */
                const char *v = ix->vocab_words.v[i];
                /* one edit leaves the first letter, or moves the second into its place */
                if (v[0] != w[0] && v[1] != w[1] && v[0] != w[1] && v[1] != w[0]) continue;
                if (one_edit(w, n, v, vn)) {
                    if (!rep || strcmp(rep, v) != 0) cnt++;
                    rep = v;
                }
            }
            if (cnt != 1) rep = NULL;
        }
        if (b.len) foi_buf_putc(&b, ' ');
        foi_buf_puts(&b, rep ? rep : w);
        changed |= rep != NULL;
        p += n;
        if (*p) p++;
    }
    return changed ? b.s : NULL;
}

/* Stages 2-5 on wording (no code stage): used for the label and for the rest after a code. */
static bool map_words(const foi_rules *r, foi_arena *a, const char *label, hit *h, bool typo)
{
    const off_index *ix = IX(r);
    char *clean = foi_clean(a, label);
    char *fold = foi_offence_fold(r, a, clean);
    if (!*fold) return false;
    if (stage_statute(r, a, clean, fold, h)) return true;
    /* the whole label, brackets included: "Criminal damage (other)" is not the group */
    group_ent *g = foi_map_get(&ix->groups, fold);
    if (g && g->codes.n > 1) {
        h->def = NULL;
        h->group_level = true;
        h->method = FOI_MAP_GROUP;
        h->rule = foi_sprintf(a, "group: %s (%zu classifications)", g->name, g->codes.n);
        return true;
    }
    if (stage_alias(r, a, clean, fold, "", h)) return true;
    if (g && g->codes.n == 1) {
        h->def = g->codes.v[0];
        h->group_level = true;
        h->method = FOI_MAP_GROUP;
        h->rule = foi_sprintf(a, "group: %s", g->name);
        return true;
    }
    if (stage_keyword(r, a, fold, "", h)) return true;
    if (re_match(RE_RESIDUAL, fold)) {
        h->def = NULL;
        h->method = FOI_MAP_RESIDUAL;
        h->rule = "residual";
        return true;
    }
    if (typo) {
        char *fixed = spell_fix(ix, a, fold);
        if (fixed) {
            if (stage_alias(r, a, fixed, fixed, " (spelling)", h)) return true;
            if (stage_keyword(r, a, fixed, " (spelling)", h)) return true;
        }
    }
    return false;
}

static void finish_sub(const foi_rules *r, foi_arena *a, const char *fold, foi_offence_match *m)
{
    if (m->subcode[0] || !m->code[0]) return;
    const off_index *ix = IX(r);
    const foi_offence_def *c = foi_rules_offence(r, m->code);
    for (size_t i = 0; i < ix->subs.n; i++)
        if (ix->subs.v[i].parent == c && re_match(ix->subs.v[i].re, fold)) {
            m->subcode = ix->subs.v[i].sub->code;
            m->rule = foi_sprintf(a, "%s; sub-code: %s", m->rule, ix->subs.v[i].text);
            return;
        }
}

static void aggravate(const foi_rules *r, foi_arena *a, const char *fold, foi_offence_match *m)
{
    if (!m->code[0] || !re_match(RE_RACIAL, fold)) return;
    const off_index *ix = IX(r);
    for (size_t i = 0; i < ix->nagg; i++)
        if (strcmp(ix->agg_base[i]->code, m->code) == 0) {
            m->code = ix->agg_to[i]->code;
            m->name = ix->agg_to[i]->name;
            m->subcode = "";
            m->rule = foi_sprintf(a, "%s; racially or religiously aggravated", m->rule);
            return;
        }
}

/* Similarity for suggestions: the better of word overlap (Dice) and character trigrams. */
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
    double tri = 2.0 * common / (double)((nx - 2) + (ny - 2));
    int wc = 0, wx = 0, wy = 0;
    for (const char *p = x; *p;) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n >= 3) {
            wx++;
            for (const char *q = y; *q;) {
                const char *f = strchr(q, ' ');
                size_t m = f ? (size_t)(f - q) : strlen(q);
                if (m == n && strncmp(p, q, n) == 0) {
                    wc++;
                    break;
                }
                q += m;
                if (*q) q++;
            }
        }
        p += n;
        if (*p) p++;
    }
    for (const char *q = y; *q;) {
        const char *f = strchr(q, ' ');
        size_t m = f ? (size_t)(f - q) : strlen(q);
        if (m >= 3) wy++;
        q += m;
        if (*q) q++;
    }
    double dice = wx + wy ? 2.0 * wc / (wx + wy) : 0;
    return dice > tri ? dice : tri;
}

/* Labels longer than this get no suggestions: they are sentences, not offence names, and
 * comparing them with every table row costs more than it tells. */
enum { MAX_SUGGEST_LABEL = 200 };

static void suggest(const foi_rules *r, foi_arena *a, const char *fold, foi_offence_match *m)
{
    const off_index *ix = IX(r);
    if (strlen(fold) > MAX_SUGGEST_LABEL) return;
    const foi_offence_def *best[3] = {0};
    double score[3] = {0};
    for (size_t i = 0; i < ix->sugg.n; i++) {
        const sugg_ent *s = &ix->sugg.v[i];
        double sc = similarity(fold, s->fold);
        if (sc < 0.3) continue;
        int have = -1;
        for (int k = 0; k < 3; k++)
            if (best[k] == s->def) have = k;
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
                best[k] = s->def;
                score[k] = sc;
                break;
            }
    }
    for (int k = 0; k < 3; k++)
        m->suggest[k] = best[k] ? foi_sprintf(a, "%s %s", best[k]->code, best[k]->name) : NULL;
}

static void map_full(const foi_rules *r, foi_arena *a, const char *label, foi_offence_match *out,
                     bool want_suggest)
{
    memset(out, 0, sizeof *out);
    out->code = out->subcode = out->name = out->rule = "";
    if (!r || !label || foi_blank(label)) return;
    pthread_once(&static_once, static_init);
    if (foi_is_total_label(label)) {
        out->code = "ALL";
        out->name = "All offences";
        out->method = FOI_MAP_TOTAL;
        out->rule = "total";
        return;
    }
    char *clean = foi_clean(a, label);
    char *fold = foi_offence_fold(r, a, clean);
    if (re_match(RE_NFIB, clean)) {
        out->rule = "NFIB fraud code: not a Home Office classification";
        return;
    }
    if (re_match(RE_EXPIRED, clean)) {
        out->rule = "expired force code: kept as written";
        if (want_suggest) suggest(r, a, fold, out);
        return;
    }
    hit h = {0};
    bool ok = stage_code(r, a, clean, &h) || map_words(r, a, clean, &h, true);
    if (ok && h.conflict) {
        out->rule = h.rule;
        if (want_suggest) suggest(r, a, fold, out);
        return;
    }
    if (ok && h.method == FOI_MAP_RESIDUAL) {
        out->code = "OTHER";
        out->name = "Other offences";
        out->method = FOI_MAP_RESIDUAL;
        out->rule = h.rule;
        return;
    }
    if (ok && h.def) {
        fill(r, a, &h, out);
        if (h.method != FOI_MAP_CODE) aggravate(r, a, fold, out);
        finish_sub(r, a, fold, out);
        return;
    }
    if (ok && h.group_level) {
        /* a group with several classifications: Review, suggesting its members */
        out->group_level = true;
        out->method = FOI_MAP_NONE;
        out->rule = h.rule;
        group_ent *g = foi_map_get(&IX(r)->groups, fold);
        for (size_t k = 0; g && k < 3 && k < g->codes.n; k++)
            out->suggest[k] = foi_sprintf(a, "%s %s", g->codes.v[k]->code, g->codes.v[k]->name);
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

static void map_memo(const foi_rules *r, foi_arena *a, const char *label, foi_offence_match *out,
                     bool want_suggest)
{
    static const char tag = 0;
    foi_memo(a, &tag, r, label, out, sizeof *out, want_suggest, map_full_fn);
}

void foi_offence_map(const foi_rules *r, foi_arena *a, const char *label, foi_offence_match *out)
{
    map_memo(r, a, label, out, true);
}

bool foi_offence_like(const foi_rules *r, foi_arena *a, const char *label)
{
    foi_offence_match m;
    map_memo(r, a, label, &m, false);
    switch (m.method) {
    case FOI_MAP_CODE:
    case FOI_MAP_STATUTE:
    case FOI_MAP_ALIAS:
    case FOI_MAP_KEYWORD:
    case FOI_MAP_GROUP:
        return true;
    default:
        return m.group_level;
    }
}

/* Words that may follow "Total"/"All" in a totals label without making it a part. */
static bool total_filler(const char *w, size_t n)
{
    static const char *const f[] = {"all",       "crimes",   "crime",      "offences", "offence",
                                    "offenses",  "recorded", "outcomes",   "outcome",  "count",
                                    "number",    "of",       "the",        "for",      "figure",
                                    "figures",   "types",    "categories", "overall",  "cases",
                                    "incidents", "reported", "notifiable", "records",  "volume",
                                    "year",      "years",    "period",     "periods",  "months"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strlen(f[i]) == n && strncmp(f[i], w, n) == 0) return true;
    return false;
}

bool foi_is_total_label(const char *label)
{
    if (!label) return false;
    char buf[256];
    size_t j = 0;
    bool sep = true;
    /* fold into a fixed buffer: labels of totals are short */
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        if (j >= sizeof buf - 2) return false;
        if (isalnum(*p)) {
            buf[j++] = (char)tolower(*p);
            sep = false;
        } else if (!sep) {
            buf[j++] = ' ';
            sep = true;
        }
    }
    while (j && buf[j - 1] == ' ')
        j--;
    buf[j] = 0;
    const char *p = buf;
    if (strcmp(p, "alloffences") == 0 || strcmp(p, "allcrimes") == 0 ||
        strcmp(p, "grandtotal") == 0)
        return true;
    bool head = false;
    static const char *const heads[] = {"grand total", "overall total", "total",
                                        "totals",      "sum",           "all"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        size_t n = strlen(heads[i]);
        if (strncmp(p, heads[i], n) == 0 && (p[n] == ' ' || !p[n])) {
            head = true;
            p += n;
            break;
        }
    }
    if (!head) return false;
    bool any = false;
    while (*p == ' ')
        p++;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (!total_filler(p, n)) return false;
        any = true;
        p += n;
        while (*p == ' ')
            p++;
    }
    /* "All" alone is a total; "All other ..." was refused above by the filler test */
    (void)any;
    return true;
}
