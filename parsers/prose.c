/* parsers/prose: figures stated in sentences and in list items / "label: value" lines.
 *
 * Text blocks are read in order with a running context (the period and the kind of list set by
 * the nearest preceding heading, list intro or question).  Consecutive PARA lines that break a
 * sentence are joined, paragraphs are cut into sentences, and each number of a sentence is
 * first tested as noise (dates, periods, references, sections, phones, costs, ages, units) and
 * then read as a count ("42 crimes", "12 offences of stalking"), a total ("a total of 106"), a
 * continuation ("..., 90 in 2024", "In 2023 there were 46" after a counting sentence) or a part
 * of a stated total ("Of the 44 crimes, 17 were harassment", "5 resulted in a charge"; a part
 * takes its total's period, the one before when the sentence refers back).  Anything else in a
 * data-like sentence is a diagnostic.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "parsers/prose.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/offence.h"
#include "normalize/outcome.h"
#include "normalize/period.h"
#include "normalize/platform.h"
#include "normalize/value.h"
#include "util/str.h"

/* ---------------------------------------------------------------- regexes (compiled once) */

/* A figure as a list value: digits, suppression markers, nil words, a dash. */
#define VALUE_ALT                                                                                  \
    "(?:[<>]=?\\s?\\d+|\xe2\x89\xa4\\s?\\d+|\\d{1,3}(?:,\\s?\\d{3})+|\\d+|\\d{1,3}\\s?-\\s?\\d{1," \
    "3}"                                                                                           \
    "|\\*+|-|nil|none|zero|n/a|(?:fewer|less) than \\d+|redacted|suppressed)"
/* A value after a space only: "Youth caution 0", "Caution - adults -" (a dash is nil). */
#define VALUE_SP_ALT "(?:[<>]=?\\s?\\d+|\\d{1,3}(?:,\\d{3})+|\\d+|\\*+|nil|none|-)"

enum {
    RE_LV_SEP,   /* "Harassment: 12", "Stalking - S2A ... 1997 - 4" */
    RE_LV_PAREN, /* "Malicious Communications (5)" */
    RE_LV_SPACE, /* "Charged/Summonsed 3" (inside a list sentence) */
    RE_LV_OCNUM, /* "Outcome 21 6" */
    RE_NUMBERING,
    RE_DATE,
    RE_VALUE,
    RE_GENERIC,
    RE_COUNT
};

static const char *const PATTERNS[RE_COUNT] = {
    [RE_LV_SEP] = "^(.*\\S)\\s*(?::|(?<=\\s)-|-(?=\\s))\\s*(" VALUE_ALT ")\\s*[.;]?$",
    [RE_LV_PAREN] = "^(.*\\S)\\s+\\((" VALUE_ALT ")\\)\\s*[.;]?$",
    [RE_LV_SPACE] = "^(.*[A-Za-z)])\\s+(" VALUE_SP_ALT ")\\s*[.;]?$",
    [RE_LV_OCNUM] =
        "^((?:.*\\s)?(?:outcome|oc|type)s?\\s?\\d{1,2}[a-z]?)\\s+(" VALUE_SP_ALT ")\\s*[.;]?$",
    [RE_NUMBERING] =
        "^(?:(?:Q(?:uestion)?|Response|Answer|Part)\\s?\\d{1,2}[a-z]?\\s*[.):\\]-]?"
        "|\\d{1,2}[a-z]?\\s*[.)\\]]|\\(?[a-h]\\)|\\(?[ivx]{1,4}\\))(?:\\s+|(?-i)(?=[A-Z]))",
    [RE_DATE] = "\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                "oct|nov|dec)[a-z]*\\.?(?:,?\\s+\\d{2,4})?\\b"
                "|\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}"
                "(?:st|nd|rd|th)?(?=\\s*(?:,|-|to\\b|\\d{4}|$))(?:,?\\s+\\d{4})?",
    [RE_VALUE] = "^" VALUE_ALT "$",
    [RE_GENERIC] = "^(?:the\\s+)?(?:total\\s+)?(?:number\\s+of\\s+)?(?:recorded\\s+|reported\\s+)?"
                   "(?:crimes?|offen[cs]es?|incidents?|cases?|reports?|occurrences?)"
                   "(?:\\s+(?:recorded|reported|logged))?(?:\\s+(?:to date|so far|in total))?$",
};

static pcre2_code *g_re[RE_COUNT];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    for (int i = 0; i < RE_COUNT; i++) {
        int err;
        PCRE2_SIZE off;
        g_re[i] = pcre2_compile((PCRE2_SPTR)PATTERNS[i], PCRE2_ZERO_TERMINATED, PCRE2_CASELESS,
                                &err, &off, NULL);
        if (g_re[i]) pcre2_jit_compile(g_re[i], PCRE2_JIT_COMPLETE);
    }
}

/* Match re against s[0..len); fills ov (pairs) with up to n groups.  True on a match. */
static bool re_match(int re, const char *s, size_t len, size_t start, PCRE2_SIZE *ov, int n)
{
    pcre2_code *c = g_re[re];
    if (!c) return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    if (!md) return false;
    int rc = pcre2_match(c, (PCRE2_SPTR)s, len, start, 0, md, NULL);
    if (rc > 0 && ov) {
        PCRE2_SIZE *v = pcre2_get_ovector_pointer(md);
        int m = rc < n ? rc : n;
        for (int i = 0; i < 2 * n; i++)
            ov[i] = i < 2 * m ? v[i] : PCRE2_UNSET;
    }
    pcre2_match_data_free(md);
    return rc > 0;
}

/* ---------------------------------------------------------------- small text helpers */

static bool in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0) return true;
    return false;
}

static char *sub(foi_arena *a, const char *t, int s, int e)
{
    while (s < e && isspace((unsigned char)t[s]))
        s++;
    while (e > s && isspace((unsigned char)t[e - 1]))
        e--;
    return foi_strndup(a, t + s, (size_t)(e - s));
}

static bool has_alpha(const char *s)
{
    for (; *s; s++)
        if (isalpha((unsigned char)*s)) return true;
    return false;
}

/* Lower-cased word [A-Za-z][A-Za-z'-]* starting at or after i (spaces skipped); returns its end
 * or -1 when the next thing is not a word. */
static int word_at(const char *t, int i, char *w, size_t wn, int *ws)
{
    while (t[i] == ' ')
        i++;
    if (!isalpha((unsigned char)t[i])) return -1;
    int s = i;
    size_t k = 0;
    while (isalnum((unsigned char)t[i]) || t[i] == '\'' ||
           (t[i] == '-' && isalpha((unsigned char)t[i + 1]))) {
        if (k + 1 < wn) w[k++] = (char)tolower((unsigned char)t[i]);
        i++;
    }
    w[k] = '\0';
    if (ws) *ws = s;
    return i;
}

/* The word ending just before position i (spaces and "(" / ":" skipped), lower-cased. */
static void word_before(const char *t, int i, char *w, size_t wn)
{
    w[0] = '\0';
    int e = i;
    while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '(' || t[e - 1] == ':'))
        e--;
    int s = e;
    while (s > 0 && (isalnum((unsigned char)t[s - 1]) || t[s - 1] == '.' || t[s - 1] == '&' ||
                     (unsigned char)t[s - 1] >= 0x80))
        s--;
    while (s < e && t[s] == '.')
        s++;
    size_t k = 0;
    for (int j = s; j < e && k + 1 < wn; j++)
        if (t[j] != '.') w[k++] = (char)tolower((unsigned char)t[j]);
    w[k] = '\0';
}

/* ---------------------------------------------------------------- classification of labels */

enum { HINT_NONE, HINT_OFFENCE, HINT_OUTCOME };

enum label_kind { K_NONE, K_OFFENCE, K_OUTCOME, K_TOTAL, K_PERIOD, K_PLATFORM, K_ALL };

/* Labels that name a reference, a contact detail or a date: never a figure's subject. */
static bool label_blacklisted(foi_arena *a, const char *label)
{
    static const char *const bad[] = {"ref",
                                      "reference",
                                      "request",
                                      "our ref",
                                      "your ref",
                                      "tel",
                                      "telephone",
                                      "phone",
                                      "mobile",
                                      "fax",
                                      "ext",
                                      "extension",
                                      "version",
                                      "page",
                                      "postcode",
                                      "email",
                                      "e mail",
                                      "foi",
                                      "question",
                                      "response",
                                      "answer",
                                      "urn",
                                      "id",
                                      "crime number",
                                      "case number",
                                      "occurrence number",
                                      "incident number",
                                      "isbn",
                                      "website",
                                      "address",
                                      "po box",
                                      "note",
                                      "notes",
                                      NULL};
    static const char *const lead[] = {"date", "sent", "received", NULL};
    char *f = foi_fold(a, label);
    for (int i = 0; bad[i]; i++)
        if (foi_has_word(f, bad[i])) return true;
    for (int i = 0; lead[i]; i++) /* "Date of response", but not "Offences to date" */
        if (foi_startswith_ci(f, lead[i])) return true;
    return strchr(label, '@') != NULL || foi_strcasestr(label, "www.") != NULL;
}

static int hint_of(const char *text)
{
    const char *oc = foi_strcasestr(text, "outcome");
    if (!oc) oc = foi_strcasestr(text, "result");
    if (!oc) oc = foi_strcasestr(text, "action taken");
    if (!oc) oc = foi_strcasestr(text, "disposal");
    const char *of = foi_strcasestr(text, "offence");
    if (!of) of = foi_strcasestr(text, "crime");
    if (oc && of && of < oc) return HINT_NONE; /* "offences and outcomes" */
    if (oc) return HINT_OUTCOME;
    if (of || foi_strcasestr(text, "nature") || foi_strcasestr(text, "type") ||
        foi_strcasestr(text, "categor"))
        return HINT_OFFENCE;
    return HINT_NONE;
}

/* Strip "Period:", "Year:" and a trailing colon; true when what is left is one period. */
static bool period_line(foi_arena *a, const char *text, const char *rd, char **ptext, foi_period *p)
{
    char *s = foi_clean(a, text);
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ':' || s[n - 1] == ' '))
        s[--n] = '\0';
    static const char *const pre[] = {"period:", "time period:", "reporting period:", NULL};
    for (int i = 0; pre[i]; i++)
        if (foi_startswith_ci(s, pre[i])) {
            s += strlen(pre[i]);
            while (*s == ' ')
                s++;
        }
    if (!*s || !foi_period_parse(s, rd, p)) return false;
    *ptext = s;
    return true;
}

static bool is_generic_count(const char *label)
{
    return re_match(RE_GENERIC, label, strlen(label), 0, NULL, 0);
}

/* What a list label names.  hint breaks ties and admits labels the rules do not know. */
static enum label_kind classify_label(foi_arena *a, const foi_grid_ctx *ctx, const char *label,
                                      int hint, bool loose)
{
    if (!has_alpha(label)) return K_NONE;
    if (foi_is_total_label(label)) return K_TOTAL;
    if (label_blacklisted(a, label)) return K_NONE;
    if (foi_platform_of_label(label)) return K_PLATFORM;
    if (is_generic_count(label)) return K_ALL;
    bool oc = ctx->rules && foi_outcome_like(ctx->rules, a, label);
    bool of = ctx->rules && foi_offence_like(ctx->rules, a, label);
    if (oc && !of) return K_OUTCOME;
    if (of && !oc) return K_OFFENCE;
    if (of && oc) return hint == HINT_OUTCOME ? K_OUTCOME : K_OFFENCE;
    if (!loose) return K_NONE;
    if (hint == HINT_OUTCOME) return K_OUTCOME;
    return K_OFFENCE;
}

/* ---------------------------------------------------------------- state */

typedef struct prose {
    foi_arena *a;
    const foi_doc *doc;
    foi_grid_ctx *ctx;
    /* context from the nearest heading / intro / question */
    char *period; /* NULL: none */
    foi_period per;
    bool ambiguous; /* the nearest context named several periods */
    int hint;
    char *label; /* an offence or outcome heading above a list of periods */
    int label_kind;
    bool list_run; /* the previous block was a list intro or an accepted item */
    /* the current list section: totals are offence totals unless the list is of outcomes */
    int sec_off, sec_oc;
    FOI_VEC(size_t) sec_totals;
    /* the previous sentence counted crimes ("In 2022, 38 crimes ... In 2023 there were 46"):
     * prev_* are set by a sentence, cont_ok/cont_off are what the next one may lean on */
    bool prev_count, cont_ok;
    char *prev_off, *cont_off;
} prose;

static char *where_of(prose *P, int bi)
{
    return foi_block_where(P->a, P->doc, (size_t)bi);
}

static void section_close(prose *P)
{
    if (P->sec_oc > P->sec_off) {
        for (size_t i = 0; i < P->sec_totals.n; i++) {
            foi_raw *r = &P->ctx->out->v[P->sec_totals.v[i]];
            r->outcome = r->offence;
            r->outcome_total = true;
            r->offence = NULL;
            r->offence_total = false;
        }
    }
    P->sec_totals.n = 0;
    P->sec_off = P->sec_oc = 0;
}

static void set_context(prose *P, char *ptext, const foi_period *p, bool ambiguous)
{
    section_close(P);
    P->period = ptext;
    if (p) P->per = *p;
    P->ambiguous = ambiguous;
}

static size_t emit(prose *P, const char *ptext, const foi_period *per, const char *offence,
                   const char *outcome, const char *platform, const char *value, char *where)
{
    foi_raw r;
    memset(&r, 0, sizeof r);
    r.period = foi_strdup(P->a, ptext);
    foi_period chk;
    if (!foi_period_parse(ptext, P->ctx->reply_date, &chk) || strcmp(chk.start, per->start) ||
        strcmp(chk.end, per->end)) {
        /* a phrase from running text ("so far in 2024"): keep the dates it was read as */
        r.period_start = foi_strdup(P->a, per->start);
        r.period_end = foi_strdup(P->a, per->end);
        r.flags |= FOI_RAW_PERIOD_SPAN;
    }
    r.offence = foi_strdup(P->a, offence);
    r.outcome = foi_strdup(P->a, outcome);
    r.platform = foi_strdup(P->a, platform);
    r.value = foi_strdup(P->a, value);
    r.where = where;
    r.grid = 0;
    r.order = P->ctx->order++;
    FOI_VEC_PUSH(P->a, *P->ctx->out, r);
    return P->ctx->out->n - 1;
}

static void diag(prose *P, char *where, const char *kind, const char *value, const char *text)
{
    char snippet[200];
    size_t n = strlen(text);
    if (n >= sizeof snippet) {
        memcpy(snippet, text, sizeof snippet - 4);
        memcpy(snippet + sizeof snippet - 4, "...", 4);
    } else {
        memcpy(snippet, text, n + 1);
    }
    const char *detail, *sugg;
    if (strcmp(kind, "ambiguous_period") == 0) {
        detail = foi_sprintf(P->a, "figure %s: no period stated for it in \"%s\"", value, snippet);
        sugg = "read the period from the reply and add the figure by hand";
    } else {
        detail = foi_sprintf(P->a, "figure %s: subject not understood in \"%s\"", value, snippet);
        sugg = "check whether this number is a figure and what it counts";
    }
    foi_diag_add(P->a, P->ctx->diags, where, kind, detail, sugg);
}

/* ---------------------------------------------------------------- label: value items */

typedef struct lv {
    char *label, *value;
} lv;

static char *strip_numbering(foi_arena *a, const char *s)
{
    PCRE2_SIZE ov[2];
    if (re_match(RE_NUMBERING, s, strlen(s), 0, ov, 1) && ov[1] < strlen(s))
        return foi_strdup(a, s + ov[1]);
    return foi_strdup(a, s);
}

/* Words after which a trailing number belongs to the label ("Outcome 21", "aged 13").
 * "outcome" only counts when it is the whole label: "Awaiting outcome 10" is a value. */
static bool label_ends_with_number_word(const char *label)
{
    static const char *const w[] = {
        "type",     "types",      "section", "s",        "sec",   "code", "class",
        "act",      "aged",       "age",     "under",    "over",  "and",  "to",
        "or",       "no",         "number",  "page",     "the",   "of",   "from",
        "between",  "in",         "since",   "before",   "after", "than", "part",
        "schedule", "regulation", "article", "category", NULL};
    static const char *const alone[] = {"outcome", "outcomes", "oc",       "q",      "question",
                                        "year",    "years",    "response", "answer", NULL};
    char last[24];
    size_t n = strlen(label);
    word_before(label, (int)n, last, sizeof last);
    if (in_list(last, w) || label[n - 1] == '&') return true;
    return in_list(last, alone) && strlen(last) + 1 >= n;
}

static bool abbrev_before(const char *t, int i);
static bool label_has_count(const char *l);

/* Split "label SEP value".  space_ok admits "Youth caution 0" (inside list sentences). */
static bool split_lv(foi_arena *a, const char *text, bool space_ok, lv *out)
{
    size_t n = strlen(text);
    PCRE2_SIZE ov[6];
    int which = -1;
    if (re_match(RE_LV_SEP, text, n, 0, ov, 3))
        which = RE_LV_SEP;
    else if (re_match(RE_LV_PAREN, text, n, 0, ov, 3))
        which = RE_LV_PAREN;
    else if (space_ok && re_match(RE_LV_SPACE, text, n, 0, ov, 3))
        which = RE_LV_SPACE;
    else if (space_ok && re_match(RE_LV_OCNUM, text, n, 0, ov, 3))
        which = RE_LV_OCNUM;
    if (which < 0 || ov[2] == PCRE2_UNSET) return false;
    out->label = sub(a, text, (int)ov[2], (int)ov[3]);
    out->value = sub(a, text, (int)ov[4], (int)ov[5]);
    /* a label is a name, not prose: no sentence break inside, not a paragraph long */
    if (strlen(out->label) > 160) return false;
    for (const char *q = out->label; (q = strstr(q, ". ")) != NULL; q++)
        if (isupper((unsigned char)q[2]) && !abbrev_before(out->label, (int)(q - out->label)))
            return false;
    if (which == RE_LV_SPACE && label_ends_with_number_word(out->label)) return false;
    if (label_has_count(out->label)) return false;
    if (which == RE_LV_PAREN && label_ends_with_number_word(out->label)) return false;
    /* a year is a label or a date, never a value in a list */
    const char *v = out->value;
    if (strlen(v) == 4 && isdigit((unsigned char)v[0]) && atoi(v) >= 1900 && atoi(v) <= 2099)
        return false;
    if (v[0] == '0' && isdigit((unsigned char)v[1])) return false; /* phone-like */
    return true;
}

static bool value_ok(prose *P, const char *value, bool *none)
{
    foi_value v = foi_value_parse(value, P->ctx->suppress);
    *none = v.kind == FOI_VALUE_NONE;
    return v.kind == FOI_VALUE_EXACT || v.kind == FOI_VALUE_BOUNDS;
}

/* Emit one list item.  loose: the item sits in a list whose intro says what it counts.
 * Returns true when the item was understood (record, diagnostic or a deliberate n/a). */
static bool do_item(prose *P, const lv *it, int bi, bool loose, const char *fulltext)
{
    foi_arena *a = P->a;
    bool none = false;
    if (!value_ok(P, it->value, &none)) return none;

    char *label = it->label;
    /* a period written into the label: "Crimes recorded in 2022: 42", "2021 - 17" */
    char *ptext = NULL;
    foi_period per;
    enum label_kind k;
    if (period_line(a, label, P->ctx->reply_date, &ptext, &per)) {
        k = K_PERIOD;
    } else {
        foi_period fp;
        int ms, ml;
        if (foi_period_find(label, P->ctx->reply_date, &fp, &ms, &ml) && ml > 0) {
            char *rest = foi_sprintf(a, "%.*s %s", ms, label, label + ms + ml);
            rest = foi_clean(a, rest);
            size_t rn = strlen(rest);
            while (rn > 0 && strchr(" ,:-", rest[rn - 1]))
                rest[--rn] = '\0';
            static const char *const tails[] = {" in",      " during", " for", " from",
                                                " between", " since",  NULL};
            for (int i = 0; tails[i]; i++) {
                size_t tn = strlen(tails[i]);
                if (rn >= tn && foi_streq_ci(rest + rn - tn, tails[i])) {
                    rest[rn - tn] = '\0';
                    rn -= tn;
                }
            }
            if (!*rest || is_generic_count(rest) || foi_is_total_label(rest)) {
                ptext = sub(a, label, ms, ms + ml);
                per = fp;
                k = K_ALL;
                label = rest;
            } else {
                k = classify_label(a, P->ctx, label, P->hint, loose);
            }
        } else {
            k = classify_label(a, P->ctx, label, P->hint, loose);
        }
    }
    if (k == K_NONE) return false;

    if (!ptext) {
        if (!P->period || P->ambiguous) {
            diag(P, where_of(P, bi), "ambiguous_period", it->value, fulltext);
            return true;
        }
        ptext = P->period;
        per = P->per;
    }
    const char *off = NULL, *oc = NULL, *plat = NULL;
    bool total = false;
    switch (k) {
    case K_OFFENCE:
        off = label;
        P->sec_off++;
        break;
    case K_OUTCOME:
        oc = label;
        P->sec_oc++;
        if (P->label && P->label_kind == K_OFFENCE) off = P->label;
        break;
    case K_TOTAL:
        off = label;
        total = true;
        break;
    case K_PLATFORM:
        plat = label;
        break;
    case K_PERIOD:
        if (P->label && P->label_kind == K_OFFENCE) off = P->label;
        if (P->label && P->label_kind == K_OUTCOME) oc = P->label;
        break;
    default:
        break;
    }
    size_t idx = emit(P, ptext, &per, off, oc, plat, it->value, where_of(P, bi));
    if (total) {
        P->ctx->out->v[idx].offence_total = true;
        if (P->hint == HINT_OUTCOME) {
            P->ctx->out->v[idx].outcome = P->ctx->out->v[idx].offence;
            P->ctx->out->v[idx].offence = NULL;
            P->ctx->out->v[idx].offence_total = false;
            P->ctx->out->v[idx].outcome_total = true;
        } else if (P->hint == HINT_NONE) {
            FOI_VEC_PUSH(a, P->sec_totals, idx);
        }
    }
    return true;
}

/* ---------------------------------------------------------------- sentences */

/* Sentences that restate the request, explain a refusal's cost or define suppression. */
static bool sentence_is_request(const char *t)
{
    static const char *const k[] = {"you asked",          "i would like", "please provide",
                                    "please give",        "please break", "please tell",
                                    "could you",          "can you",      "how many",
                                    "would like to know", "you seek",     "you requested",
                                    "your request asked", "i request",    NULL};
    if (t[0] == '"') return true;
    for (int i = 0; k[i]; i++)
        if (foi_strcasestr(t, k[i])) return true;
    return false;
}

static bool sentence_is_noise(const char *t)
{
    static const char *const k[] = {
        "\xc2\xa3",      "cost",          "appropriate limit", "exceed",
        "would need to", "would have to", "interrogat",        "manually",
        "working day",   "fees",          "replaced",          "suppress",
        "redact",        "denote",        "represent",         "indicates",
        "rounded",       "footnote",      "fewer than",        "less than",
        "review",        "complain",      "commissioner",      NULL};
    for (int i = 0; k[i]; i++)
        if (foi_strcasestr(t, k[i])) return true;
    return false;
}

static bool sentence_is_datalike(const char *t)
{
    static const char *const k[] = {"crime",   "offence",  "recorded", "outcome",
                                    "charged", "incident", "total",    "arrest",
                                    "cases",   "reports",  NULL};
    for (int i = 0; k[i]; i++)
        if (foi_strcasestr(t, k[i])) return true;
    return false;
}

typedef struct pph {
    int s, e;
    foi_period p;
    bool use;  /* false: a statute's year ("Act 2003", "(PHA 1997)") */
    int owner; /* figure index, -1 none */
} pph;

#define MAXP 24
#define MAXF 128

/* A bare year right after "Act" or an upper-case abbreviation is a statute, not a period. */
static bool statute_year(const char *t, int s, int e)
{
    int n = e - s;
    if (n != 4) return false;
    for (int i = s; i < e; i++)
        if (!isdigit((unsigned char)t[i])) return false;
    int j = s;
    while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == ','))
        j--;
    int k = j;
    while (k > 0 && isalpha((unsigned char)t[k - 1]))
        k--;
    if (j - k == 3 && strncmp(t + k, "Act", 3) == 0) return true;
    if (j - k >= 2 && j - k <= 6) {
        for (int i = k; i < j; i++)
            if (!isupper((unsigned char)t[i])) return false;
        return true;
    }
    char w[16];
    word_before(t, s, w, sizeof w);
    return strcmp(w, "act") == 0 || strcmp(w, "order") == 0 || strcmp(w, "regulations") == 0;
}

static int find_periods(const char *t, const char *rd, pph *out)
{
    int n = 0, pos = 0, len = (int)strlen(t);
    while (pos < len && n < MAXP) {
        foi_period p;
        int ms, ml;
        if (!foi_period_find(t + pos, rd, &p, &ms, &ml) || ml <= 0) break;
        out[n].s = pos + ms;
        out[n].e = pos + ms + ml;
        out[n].p = p;
        out[n].use = !statute_year(t, out[n].s, out[n].e);
        out[n].owner = -1;
        pos = out[n].e;
        n++;
    }
    return n;
}

static int distinct_periods(const pph *ph, int n, int *first)
{
    int d = 0;
    *first = -1;
    for (int i = 0; i < n; i++) {
        if (!ph[i].use) continue;
        bool seen = false;
        for (int j = 0; j < i; j++)
            if (ph[j].use && !strcmp(ph[j].p.start, ph[i].p.start) &&
                !strcmp(ph[j].p.end, ph[i].p.end))
                seen = true;
        if (!seen) {
            if (*first < 0) *first = i;
            d++;
        }
    }
    return d;
}

/* F_BRK: a part of a stated total ("17 were harassment", "5 resulted in a charge"). */
enum fig_kind { F_NOISE, F_CAND, F_NOUN, F_TOTAL, F_CONT, F_BRK };

typedef struct fig {
    int s, e;
    enum fig_kind kind;
    int after;     /* index of the end of the count noun (or e) */
    char *offence; /* wording or NULL */
    char *outcome; /* F_BRK of outcomes: the outcome wording */
    int period;    /* index into pph, -1 none */
    int total;     /* F_BRK: the figure it is a part of, -1 none */
    bool restated; /* "5 of the 44 crimes": 44 restates a total, it is not a part */
} fig;

static const char *const COUNT_NOUNS[] = {
    "crime",      "crimes",      "offence",  "offences",  "offense", "offenses", "incident",
    "incidents",  "case",        "cases",    "report",    "reports", "count",    "counts",
    "occurrence", "occurrences", "instance", "instances", NULL};

static const char *const STOP[] = {
    "in",    "of",  "for",   "to",     "were",    "was", "and",  "or",    "the",   "a",     "an",
    "with",  "by",  "on",    "at",     "from",    "had", "have", "has",   "been",  "which", "that",
    "where", "per", "than",  "is",     "are",     "be",  "this", "these", "those", "it",    "as",
    "so",    "far", "since", "during", "between", "out", "x",    NULL};

static const char *const ADJ_DROP[] = {
    "recorded",   "reported", "alleged",   "notifiable", "separate", "further",  "more",
    "additional", "total",    "such",      "related",    "linked",   "distinct", "different",
    "individual", "new",      "confirmed", "logged",     "relevant", "specific", NULL};

/* Number words right before a figure that make it something else ("Section 12", "aged 13"). */
static const char *const PREFIX_NOISE[] = {
    "section",   "sections", "s",          "sec",         "ss",        "act",      "code",
    "codes",     "class",    "outcome",    "outcomes",    "type",      "types",    "oc",
    "q",         "question", "questions",  "ref",         "reference", "no",       "number",
    "page",      "pages",    "version",    "tel",         "telephone", "phone",    "ext",
    "extension", "fax",      "call",       "dial",        "aged",      "age",      "ages",
    "under",     "over",     "below",      "above",       "than",      "least",    "paragraph",
    "para",      "item",     "regulation", "regulations", "rule",      "chapter",  "part",
    "schedule",  "article",  "room",       "box",         "floor",     "step",     "level",
    "grade",     "phase",    "stage",      "option",      "appendix",  "annex",    "table",
    "figure",    "tier",     "category",   "year",        "years",     "response", "answer",
    "foi",       "pub",      "request",    "ext.",        "tranche",   "batch",    "list",
    "point",     "points",   "wave",       "n",           "vs",        "v",        "top",
    "first",     "last",     "past",       "previous",    "next",      "ages",     "within",
    "every",     "each",     "subject",    "re",          "fw",        "fwd",      "ho",
    NULL};

/* Words right after a number that make it a unit or effort, never a count of crimes. */
static const char *const SUFFIX_NOISE[] = {
    "hour",       "hours",  "hr",      "hrs",      "minute",    "minutes",    "min",
    "mins",       "second", "seconds", "day",      "days",      "working",    "week",
    "weeks",      "month",  "months",  "calendar", "year",      "years",      "yr",
    "yrs",        "old",    "percent", "per",      "record",    "records",    "page",
    "pages",      "file",   "files",   "document", "documents", "attachment", "attachments",
    "hit",        "hits",   "times",   "x",        "officer",   "officers",   "staff",
    "people",     "person", "persons", "am",       "pm",        "to",         "and",
    "or",         "miles",  "mile",    "metres",   "km",        "pounds",     "gbp",
    "characters", "words",  "digit",   "digits",   "weekdays",  "line",       "lines",
    NULL};

static bool is_year(const char *t, int s, int e)
{
    if (e - s != 4) return false;
    int v = atoi(t + s);
    return v >= 1900 && v <= 2099;
}

/* Numbers glued to letters, slashes, dots, currency and the like are codes, dates, refs. */
static bool attached(const char *t, int s, int e)
{
    unsigned char b = s > 0 ? (unsigned char)t[s - 1] : ' ';
    if (isalnum(b) || b >= 0x80 || strchr("/.#_@\\'$+", b)) return true;
    if (b == '-' && s > 1 && t[s - 2] != ' ') return true;
    if (b == '(' && s > 1 && isalnum((unsigned char)t[s - 2])) return true;
    unsigned char c = (unsigned char)t[e];
    unsigned char d = c ? (unsigned char)t[e + 1] : 0;
    if (isalpha(c) || c >= 0x80 || strchr("/%+_@", c) != NULL) return c != 0;
    if ((c == '.' || c == ',' || c == '-' || c == ':') && isdigit(d)) return true;
    if (c == '(' && d && d != ' ') return true;
    return false;
}

/* "24 related to 35 - BLACKMAIL", "11 were 86: Indecent images": a bare Home Office code that
 * opens a part's wording (a figure, the part's verb, then the code and its name). */
static bool code_opens_part(const char *t, int s, int e)
{
    int k;
    if (t[e] == ':' && t[e + 1] == ' ')
        k = e + 2;
    else if (t[e] == ' ' && t[e + 1] == '-' && t[e + 2] == ' ')
        k = e + 3;
    else if (t[e] == ' ') /* "7 were 35 Blackmail - Theft Act 1968" */
        k = e + 1;
    else
        return false;
    if (e - s > 3 || !isalpha((unsigned char)t[k])) return false;
    static const char *const verbs[] = {
        "to", "related",  "relating",  "were",     "was",        "are",     "is",
        "as", "involved", "concerned", "recorded", "classified", "classed", NULL};
    int i = s, nw = 0;
    for (;;) {
        while (i > 0 && t[i - 1] == ' ')
            i--;
        int j = i;
        while (j > 0 && isalpha((unsigned char)t[j - 1]))
            j--;
        if (j == i) break;
        char w[16];
        if (i - j >= (int)sizeof w) return false;
        for (int q = j; q < i; q++)
            w[q - j] = (char)tolower((unsigned char)t[q]);
        w[i - j] = '\0';
        if (!in_list(w, verbs) || ++nw > 3) return false;
        i = j;
    }
    if (nw == 0 || i == 0 || !isdigit((unsigned char)t[i - 1])) return false;
    /* the figure before the verb, not a year ("the crimes recorded in 2022 were 35 ...") */
    int d = i;
    while (d > 0 && (isdigit((unsigned char)t[d - 1]) || t[d - 1] == ','))
        d--;
    return i - d <= 3 || memchr(t + d, ',', (size_t)(i - d)) != NULL;
}

/* "8 were take, make or distribute indecent photographs of children (86).": a bracketed
 * code closing a part's wording, in a clause that already has its figure and verb. */
static bool code_closes_part(const char *t, int s, int e)
{
    if (s < 3 || t[s - 1] != '(' || t[e] != ')' || t[s - 2] != ' ' ||
        !isalpha((unsigned char)t[s - 3]) || e - s > 3)
        return false;
    char c = t[e + 1];
    if (c && !strchr(".,;", c) && strncmp(t + e + 1, " and ", 5) != 0) return false;
    /* the nearest "N were" / "N related to" before it, within the clause (labels may hold
     * commas, so only ';' ends the search) */
    static const char *const verbs[] = {
        " were ", " was ", " related to ", " relating to ", " involved ", " concerned ", NULL};
    for (int i = s - 3; i > 0 && t[i] != ';'; i--) {
        if (!isdigit((unsigned char)t[i - 1]) || isdigit((unsigned char)t[i])) continue;
        int d = i;
        while (d > 0 && isdigit((unsigned char)t[d - 1]))
            d--;
        if (attached(t, d, i)) continue;
        for (int v = 0; verbs[v]; v++)
            if (!strncmp(t + i, verbs[v], strlen(verbs[v]))) return true;
    }
    return false;
}

/* The end of the double-quoted span opening at q, or -1 when t[q] does not open one (a
 * closing quote of a span that started on an earlier line) or it does not close. */
static int quote_end(const char *t, int q, int len)
{
    if ((q > 0 && t[q - 1] != ' ' && t[q - 1] != '(') || q + 1 >= len || t[q + 1] == ' ') return -1;
    for (int i = q + 1; i < len; i++)
        if (t[i] == '"' && !isalnum((unsigned char)t[i + 1])) return i;
    return -1;
}

/* t without its quoted labels (a label may say "evidential difficulties" or "review"). */
static char *unquoted(foi_arena *a, const char *t)
{
    char *r = foi_strdup(a, t);
    int len = (int)strlen(r);
    for (int i = 1; i < len; i++) {
        if (r[i] != '"') continue;
        int q = quote_end(r, i, len);
        if (q < 0) continue;
        memset(r + i, ' ', (size_t)(q - i + 1));
        i = q;
    }
    return r;
}

typedef struct sent {
    const char *t; /* the sentence (cleaned) */
    int base;      /* offset of t in the paragraph */
    int len;
} sent;

typedef struct para {
    char *text;
    int nseg;
    int *seg_start; /* offset of each block's text in text */
    int *seg_block;
} para;

static int block_at(const para *pa, int off)
{
    int b = pa->seg_block[0];
    for (int i = 0; i < pa->nseg; i++)
        if (pa->seg_start[i] <= off) b = pa->seg_block[i];
    return b;
}

/* Trim an offence wording read after "of"/"under": quotes, punctuation, dangling words. */
static char *trim_offence(foi_arena *a, const char *t, int s, int e)
{
    static const char *const tail[] = {
        "and",  "or",   "in",   "during",   "between",  "from",       "since", "for",
        "so",   "far",  "over", "across",   "within",   "throughout", "to",    "the",
        "with", "were", "was",  "recorded", "reported", "logged",     NULL};
    for (;;) {
        while (e > s && (strchr(" ,;:.\"'", t[e - 1]) != NULL))
            e--;
        int k = e;
        while (k > s && isalpha((unsigned char)t[k - 1]))
            k--;
        if (k < e && (k == s || t[k - 1] == ' ')) {
            char w[16];
            int n = e - k;
            if (n < (int)sizeof w) {
                for (int i = 0; i < n; i++)
                    w[i] = (char)tolower((unsigned char)t[k + i]);
                w[n] = '\0';
                if (in_list(w, tail)) {
                    e = k;
                    continue;
                }
            }
        }
        break;
    }
    while (s < e && strchr(" \"'(", t[s]))
        s++;
    if (e <= s) return NULL;
    /* a closing bracket without its opening one belongs to the sentence, not the wording */
    char *r = foi_strndup(a, t + s, (size_t)(e - s));
    int depth = 0;
    for (char *q = r; *q; q++) {
        if (*q == '(') depth++;
        if (*q == ')') {
            if (depth == 0) {
                *q = '\0';
                break;
            }
            depth--;
        }
    }
    r = foi_clean(a, r);
    return *r ? r : NULL;
}

/* "involving TikTok", "on Snapchat": a platform is not an offence. */
static char *drop_platform(foi_arena *a, char *x)
{
    if (!x) return NULL;
    if (foi_platform_of_label(x)) return NULL;
    static const char *const conn[] = {
        " on ",        " via ",         " using ",      " through ", " over ", " linked to ",
        " involving ", " relating to ", " related to ", " where ",   NULL};
    for (int i = 0; conn[i]; i++) {
        const char *p = foi_strcasestr(x, conn[i]);
        if (p && foi_platform_of_text(p + strlen(conn[i]))) {
            x[p - x] = '\0';
            break;
        }
    }
    x = foi_clean(a, x);
    if (!*x || foi_platform_of_label(x)) return NULL;
    return x;
}

/* The offence named from position j on ("of X", "under X", "relating to X"), before bound,
 * the next period phrase or a clause that starts anew.  NULL when none is named. */
static char *subject_after(foi_arena *a, const char *t, int j, int bound, const pph *ph, int np)
{
    for (int p = 0; p < np; p++)
        if (ph[p].s >= j && ph[p].s < bound) {
            bound = ph[p].s;
            break;
        }
    const char *semi = strchr(t + j, ';');
    if (semi && semi - t < bound) bound = (int)(semi - t);
    char w[32];
    int ws;
    int we = word_at(t, j, w, sizeof w, &ws);
    if (we < 0 || we > bound) return NULL;
    int xs = -1;
    if (!strcmp(w, "of") || !strcmp(w, "under") || !strcmp(w, "for") || !strcmp(w, "involving") ||
        !strcmp(w, "namely")) {
        xs = we;
        char w2[16];
        static const char *const pron[] = {"which", "these", "them", "those", "this",
                                           "whom",  "all",   "it",   "the",   NULL};
        if (!strcmp(w, "of") && word_at(t, we, w2, sizeof w2, NULL) >= 0 && in_list(w2, pron))
            return NULL;
    } else if (!strcmp(w, "relating") || !strcmp(w, "related") || !strcmp(w, "contrary")) {
        char w2[8];
        int we2 = word_at(t, we, w2, sizeof w2, NULL);
        if (we2 >= 0 && !strcmp(w2, "to")) xs = we2;
    } else if (!strcmp(w, "in")) {
        char w2[12], w3[8];
        int we2 = word_at(t, we, w2, sizeof w2, NULL);
        int we3 = we2 >= 0 ? word_at(t, we2, w3, sizeof w3, NULL) : -1;
        if (we3 >= 0 && !strcmp(w2, "relation") && !strcmp(w3, "to")) xs = we3;
    }
    if (xs < 0 || xs >= bound) return NULL;
    /* stop at words that start a new clause */
    static const char *const term[] = {" which ",    " where ",     " that ",      " were ",
                                       " was ",      " is ",        " have been ", " had ",
                                       " has been ", " resulting ", " of which ",  " whilst ",
                                       " while ",    " there ",     NULL};
    int xe = bound;
    char *seg = foi_strndup(a, t + xs, (size_t)(bound - xs));
    for (int q = 0; term[q]; q++) {
        const char *p = foi_strcasestr(seg, term[q]);
        if (p && xs + (int)(p - seg) < xe) xe = xs + (int)(p - seg);
    }
    char *x = drop_platform(a, trim_offence(a, t, xs, xe));
    if (x && is_generic_count(x)) x = NULL;
    return x;
}

/* "Number of offences recorded under code 71/17 in 2024 - Total Count 52", "The total number
 * of crimes of stalking recorded in 2022 was 42": the subject stated before the figure.
 * *number_of: the lead-in says "number of <crimes>". */
static char *lead_subject(foi_arena *a, const char *t, int upto, const pph *ph, int np,
                          bool *number_of)
{
    *number_of = false;
    char w[32], prev[32] = "", prev2[32] = "";
    int i = 0, ws;
    while (i < upto) {
        int we = word_at(t, i, w, sizeof w, &ws);
        if (we < 0) {
            i++;
            continue;
        }
        if (we > upto) break;
        if (in_list(w, COUNT_NOUNS)) {
            if (!strcmp(prev, "of") &&
                (!strcmp(prev2, "number") || !strcmp(prev2, "total") || !strcmp(prev2, "count")))
                *number_of = true;
            int j = we;
            char w2[16];
            int we2;
            while ((we2 = word_at(t, j, w2, sizeof w2, NULL)) >= 0 && we2 <= upto &&
                   (!strcmp(w2, "recorded") || !strcmp(w2, "reported") || !strcmp(w2, "logged")))
                j = we2;
            return subject_after(a, t, j, upto, ph, np);
        }
        memcpy(prev2, prev, sizeof prev);
        memcpy(prev, w, sizeof prev);
        i = we;
    }
    return NULL;
}

/* Read the count noun after a figure and the offence it names ("12 stalking offences",
 * "16 offences of pursue a course of conduct ...", "39 offences recorded under s15A ...").
 * bound: where the wording must stop (next figure, period phrase, sentence end). */
static bool read_noun(foi_arena *a, const char *t, fig *f, const pph *ph, int np, int next_fig)
{
    char w[32];
    int i = f->e, ws;
    foi_buf mb;
    foi_buf_init(&mb, a);
    int noun_end = -1;
    for (int k = 0; k < 5; k++) {
        int we = word_at(t, i, w, sizeof w, &ws);
        if (we < 0) break;
        if (in_list(w, COUNT_NOUNS)) {
            noun_end = we;
            break;
        }
        if (in_list(w, STOP)) break;
        if (!in_list(w, ADJ_DROP) && !foi_platform_of_label(w) && !strstr(w, "-related") &&
            !strstr(w, "-linked")) {
            if (mb.len) foi_buf_putc(&mb, ' ');
            foi_buf_add(&mb, t + ws, (size_t)(we - ws));
        }
        i = we;
    }
    if (noun_end < 0) return false;
    /* "crime reports", "offences recorded" */
    int j = noun_end;
    int we;
    static const char *const skip[] = {"recorded", "reported", "logged", "were",  "was",
                                       "have",     "has",      "been",   "being", "reports",
                                       "in",       "total",    NULL};
    for (;;) {
        we = word_at(t, j, w, sizeof w, &ws);
        if (we < 0 || !in_list(w, skip)) break;
        /* "in" only as "in total" */
        if (!strcmp(w, "in")) {
            char w2[16];
            int we2 = word_at(t, we, w2, sizeof w2, NULL);
            if (we2 < 0 || strcmp(w2, "total")) break;
            we = we2;
        }
        j = we;
    }
    f->after = noun_end;
    char *x = subject_after(a, t, j, next_fig, ph, np);
    if (!x && mb.len) x = drop_platform(a, foi_clean(a, mb.s));
    if (x && is_generic_count(x)) x = NULL;
    f->offence = x;
    return true;
}

/* True when only connective words separate position i from period phrase p. */
static bool gap_to_phrase(const char *t, int i, int ps)
{
    static const char *const ok[] = {"in",   "during", "between",  "from",     "for",  "so",
                                     "far",  "over",   "the",      "since",    "more", "further",
                                     "were", "was",    "recorded", "reported", "then", "have",
                                     "has",  "had",    "been",     NULL};
    char w[16];
    while (i < ps) {
        if (t[i] == ' ') {
            i++;
            continue;
        }
        int ws;
        int we = word_at(t, i, w, sizeof w, &ws);
        if (we < 0 || we > ps || !in_list(w, ok)) return false;
        i = we;
    }
    return true;
}

/* True when nothing but the end of a clause follows a figure ("... there were 42." / ", "). */
static bool clause_ends(const char *t, int e)
{
    char w[8];
    int we = word_at(t, e, w, sizeof w, NULL);
    if (we >= 0) return !strcmp(w, "and") || !strcmp(w, "while") || !strcmp(w, "but");
    while (t[e] == ' ')
        e++;
    return !t[e] || strchr(".,;)", t[e]) != NULL;
}

/* True when only filler words separate a period phrase ending at pe from a figure at fs. */
static bool gap_from_phrase(const char *t, int pe, int fs)
{
    static const char *const ok[] = {
        "there",    "were",     "was",   "have", "has", "been", "a",   "further", "another", "more",
        "recorded", "reported", "total", "of",   "we",  "it",   "the", "force",   "had",     NULL};
    char w[16];
    int i = pe;
    while (i < fs) {
        if (t[i] == ' ' || t[i] == ',') {
            i++;
            continue;
        }
        int ws;
        int we = word_at(t, i, w, sizeof w, &ws);
        if (we < 0 || we > fs || !in_list(w, ok)) return false;
        i = we;
    }
    return true;
}

static bool clause_break(const char *t, int s, int e)
{
    for (int i = s; i < e; i++) {
        if (t[i] == ',' || t[i] == ';') return true;
        if (i + 5 <= e && !strncmp(t + i, " and ", 5)) return true;
        if (i + 7 <= e && !strncmp(t + i, " while ", 7)) return true;
        if (i + 5 <= e && !strncmp(t + i, " but ", 5)) return true;
    }
    return false;
}

/* ---------------------------------------------------------------- breakdowns of a total */

/* The words of phrase (lower case, single spaces) at t[i..]; returns their end or -1. */
static int match_words(const char *t, int i, const char *phrase)
{
    char w[32];
    const char *p = phrase;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        int we = word_at(t, i, w, sizeof w, NULL);
        if (we < 0 || strlen(w) != n || strncmp(w, p, n) != 0) return -1;
        i = we;
        p += n;
        while (*p == ' ')
            p++;
    }
    return i;
}

/* The longest phrase of list matching at i: its end, or -1. */
static int match_any(const char *t, int i, const char *const *list, int *which)
{
    int best = -1;
    for (int k = 0; list[k]; k++) {
        int e = match_words(t, i, list[k]);
        if (e > best) {
            best = e;
            if (which) *which = k;
        }
    }
    return best;
}

/* "were", "have been", "remain": the figure's verb when what follows names the part. */
static const char *const BRK_AUX[] = {"have been", "has been", "had been", "were", "was",
                                      "are",       "is",       "have",     "has",  "had",
                                      "remain",    "remains",  "remained", NULL};
static const char *const BRK_ADVERB[] = {"still", "subsequently", "ultimately", "then",
                                         "later", "since",        "currently",  "now",
                                         "also",  "all",          NULL};
/* Verbs whose complement is an outcome ("resulted in a charge", "were closed with ..."). */
static const char *const BRK_OC_VERBS[] = {"resulted in",
                                           "result in",
                                           "resulting in",
                                           "led to",
                                           "lead to",
                                           "leading to",
                                           "ended in",
                                           "ended with",
                                           "received",
                                           "receive",
                                           "given",
                                           "issued with",
                                           "dealt with by means of",
                                           "dealt with by way of",
                                           "dealt with by",
                                           "dealt with via",
                                           "dealt with through",
                                           "dealt with under",
                                           "dealt with as",
                                           "finalised with",
                                           "finalised as",
                                           "finalised by",
                                           "finalised under",
                                           "finalised via",
                                           "finalized with",
                                           "finalized as",
                                           "finalized by",
                                           "closed with",
                                           "closed as",
                                           "closed by",
                                           "closed under",
                                           "closed via",
                                           "closed due to",
                                           "finalised due to",
                                           "filed due to",
                                           "filed as",
                                           "filed with",
                                           "filed under",
                                           "disposed of by",
                                           "disposed of via",
                                           "disposed of as",
                                           "outcomed as",
                                           "an outcome of",
                                           "assigned an outcome of",
                                           "given an outcome of",
                                           "recorded with an outcome of",
                                           "with an outcome of",
                                           NULL};
/* Verbs whose complement is an offence ("related to harassment", "were recorded as ..."). */
static const char *const BRK_OF_VERBS[] = {"related to",
                                           "relate to",
                                           "relating to",
                                           "in relation to",
                                           "involved",
                                           "involve",
                                           "concerned",
                                           "concern",
                                           "recorded as",
                                           "classified as",
                                           "classed as",
                                           "categorised as",
                                           "categorized as",
                                           "recorded under",
                                           "offences of",
                                           "crimes of",
                                           "cases of",
                                           "for",
                                           NULL};

/* "had the outcome "Charged"", "resulted in the outcome ...", "where the outcome was ...": the
 * reply names what follows as the outcome.  An optional lead verb, then the outcome noun. */
static const char *const BRK_OCN_LEAD[] = {"resulted in",
                                           "result in",
                                           "resulting in",
                                           "ended with",
                                           "ended in",
                                           "given",
                                           "assigned",
                                           "received",
                                           "receive",
                                           "with",
                                           "closed with",
                                           "finalised with",
                                           "finalized with",
                                           "recorded with",
                                           "where",
                                           "for which",
                                           "in which",
                                           "whose",
                                           NULL};
static const char *const BRK_OCN[] = {"the outcome",
                                      "the outcome of",
                                      "the outcome was",
                                      "the outcome is",
                                      "the outcome type",
                                      "the outcome recorded was",
                                      "the final outcome",
                                      "the final outcome of",
                                      "the final outcome was",
                                      "the recorded outcome",
                                      "the recorded outcome was",
                                      "an outcome",
                                      "an outcome of",
                                      "outcome",
                                      "outcome of",
                                      "outcome was",
                                      "outcome type",
                                      NULL};

/* V_OCN: a wording named as the outcome; V_OCQ: the same, quoted. */
enum { V_NONE, V_COP, V_OC, V_OF, V_OCN, V_OCQ };

/* The words after a number make it the start of a part ("2 as outcome 16", "12 have been
 * recorded", "5 resulted in"): it is a figure, not the end of a range. */
static bool starts_part(const char *t, int e)
{
    static const char *const w[] = {"as",       "were",    "was",      "are",      "is",
                                    "have",     "has",     "had",      "resulted", "led",
                                    "received", "related", "involved", "remain",   "remained",
                                    "remains",  NULL};
    char x[16];
    return word_at(t, e, x, sizeof x, NULL) >= 0 && in_list(x, w);
}

/* "of them", "of which", "of these offences", "of the 44 crimes", "out of the 44 crimes"
 * after a figure: the total it is a part of.  Returns where the verb may start (i when there
 * is no such reference). */
/* Past a period phrase that starts at i (spaces skipped), else i. */
static int skip_phrase_at(const char *t, int i, const pph *ph, int np)
{
    int k = i;
    while (t[k] == ' ')
        k++;
    for (int p = 0; p < np; p++)
        if (ph[p].use && ph[p].s == k) return ph[p].e;
    return i;
}

static int skip_part_of(const char *t, int i, const pph *ph, int np)
{
    int j = match_words(t, i, "out of");
    bool out_of = j >= 0;
    if (j < 0) j = match_words(t, i, "of");
    if (j < 0) return i;
    static const char *const pron[] = {"them", "these", "those", "which", "this", "that", NULL};
    char w[24];
    /* "3 out of 5 [offences]", "12 of 44 crimes": the second figure is the whole */
    int d = j;
    while (t[d] == ' ')
        d++;
    if (isdigit((unsigned char)t[d])) {
        int de = d;
        while (isdigit((unsigned char)t[de]) || (t[de] == ',' && isdigit((unsigned char)t[de + 1])))
            de++;
        int k = de;
        for (int n = 0; n < 3; n++) {
            int ke = word_at(t, k, w, sizeof w, NULL);
            if (ke < 0) break;
            if (in_list(w, COUNT_NOUNS)) {
                int e2 =
                    match_any(t, ke, (const char *const[]){"recorded", "reported", NULL}, NULL);
                return skip_phrase_at(t, e2 > 0 ? e2 : ke, ph, np);
            }
            if (!in_list(w, ADJ_DROP) && !foi_platform_of_label(w) && !strstr(w, "-related") &&
                !strstr(w, "-linked"))
                break;
            k = ke;
        }
        return out_of ? de : i;
    }
    int we = word_at(t, j, w, sizeof w, NULL);
    if (we < 0) return i;
    if (in_list(w, pron)) {
        char w2[24];
        int we2 = word_at(t, we, w2, sizeof w2, NULL);
        if (we2 >= 0 && (in_list(w2, COUNT_NOUNS) || !strcmp(w2, "total") || !strcmp(w2, "number")))
            return we2;
        return we;
    }
    if (strcmp(w, "the") != 0) return i;
    /* "of the [44] [recorded] crimes [recorded]", "of the total" */
    int k = we;
    for (int n = 0; n < 4; n++) {
        while (t[k] == ' ')
            k++;
        if (isdigit((unsigned char)t[k])) {
            while (isdigit((unsigned char)t[k]) || t[k] == ',')
                k++;
            continue;
        }
        int ke = word_at(t, k, w, sizeof w, NULL);
        if (ke < 0) return i;
        if (in_list(w, COUNT_NOUNS) || !strcmp(w, "total")) {
            int e2 = match_any(t, ke, (const char *const[]){"recorded", "reported", NULL}, NULL);
            return skip_phrase_at(t, e2 > 0 ? e2 : ke, ph, np);
        }
        if (!in_list(w, ADJ_DROP) && !foi_platform_of_label(w) && !strstr(w, "-related") &&
            !strstr(w, "-linked"))
            return i;
        k = ke;
    }
    return i;
}

/* The wording of a part from s on, cut at bound, a clause that starts anew and the
 * connective words before the next part ("..., and the remaining"). */
static char *part_wording(foi_arena *a, const char *t, int s, int bound)
{
    static const char *const starter[] = {"as",       "which",   "while", "whilst",    "where",
                                          "although", "though",  "but",   "according", "including",
                                          "this",     "these",   "those", "with",      "at",
                                          "pending",  "however", NULL};
    static const char *const tail[] = {
        "and",     "or",      "the",    "remaining", "rest",    "a",      "further",
        "another", "while",   "whilst", "but",       "with",    "of",     "which",
        "these",   "those",   "them",   "then",      "finally", "lastly", "also",
        "more",    "whereas", "where",  "final",     "last",    "other",  NULL};
    while (s < bound && t[s] == ' ')
        s++;
    int e = bound;
    bool quoted = false; /* 'Evidential difficulties: suspect identified; victim ...' is one */
    for (int i = s; i < e; i++) {
        if (t[i] == '\'' || t[i] == '"') {
            if (!quoted && (i == s || t[i - 1] == ' '))
                quoted = true;
            else if (quoted && !isalnum((unsigned char)t[i + 1]))
                quoted = false;
            continue;
        }
        if (quoted) continue;
        if (t[i] == ';') {
            e = i;
            break;
        }
        if (t[i] == ',' && t[i + 1] == ' ') {
            char w[16];
            if (word_at(t, i + 1, w, sizeof w, NULL) >= 0 && in_list(w, starter)) {
                e = i;
                break;
            }
        }
    }
    for (;;) {
        while (e > s && strchr(" ,.:\"'", t[e - 1]))
            e--;
        int k = e;
        while (k > s && isalpha((unsigned char)t[k - 1]))
            k--;
        if (k <= s || t[k - 1] != ' ') break; /* keep the first word ("other") */
        char w[16];
        int n = e - k;
        if (n >= (int)sizeof w) break;
        for (int i = 0; i < n; i++)
            w[i] = (char)tolower((unsigned char)t[k + i]);
        w[n] = '\0';
        if (!in_list(w, tail)) break;
        /* "theft - other", "criminal damage, other": "other" is the name's last word */
        int b = k;
        while (b > s && t[b - 1] == ' ')
            b--;
        if (!strcmp(w, "other") && b > s && strchr("-,(/", t[b - 1])) break;
        e = k;
    }
    if (e <= s || e - s > 160) return NULL;
    char *r = foi_strndup(a, t + s, (size_t)(e - s));
    /* an unbalanced ")" closes the sentence's bracket, not the wording's */
    int depth = 0;
    for (char *q = r; *q; q++) {
        if (*q == '(') depth++;
        if (*q == ')' && depth-- == 0) {
            *q = '\0';
            break;
        }
    }
    r = foi_clean(a, r);
    return *r && has_alpha(r) ? r : NULL;
}

/* What a part's wording names given the verb that introduced it: K_OFFENCE, K_OUTCOME or
 * K_NONE.  The wording must read as one or the other to the rules (or name the state of an
 * investigation): anything else stays a diagnostic, never a guessed record. */
static int classify_part(prose *P, const char *w, int verb, int hint)
{
    foi_arena *a = P->a;
    const foi_rules *r = P->ctx->rules;
    if (!r || !w) return K_NONE;
    if (foi_platform_of_label(w) || foi_is_total_label(w) || is_generic_count(w)) return K_NONE;
    /* "were recorded in which ...": the verb of a count, not a part (and cheap to tell) */
    static const char *const count_verbs[] = {"recorded", "reported", "logged",
                                              "made",     "received", "identified",
                                              "found",    "flagged",  NULL};
    char first[24];
    if (word_at(w, 0, first, sizeof first, NULL) >= 0 && in_list(first, count_verbs)) return K_NONE;
    bool of = foi_offence_like(r, a, w);
    bool oc = foi_outcome_like(r, a, w);
    /* a residual ("other offences", "all other outcomes") reads as neither on its own */
    if (!of && !oc && foi_strcasestr(w, "other")) {
        foi_offence_match om;
        foi_outcome_match cm;
        foi_offence_map(r, a, w, &om);
        foi_outcome_map(r, a, w, &cm);
        of = !strcmp(om.code, "OTHER");
        oc = !strcmp(cm.code, "OTHER");
    }
    switch (verb) {
    case V_OCN:
        return oc ? K_OUTCOME : K_NONE;
    case V_OCQ: /* the reply's own label: an outcome unless it reads only as an offence */
        return oc || !of ? K_OUTCOME : K_NONE;
    case V_OC:
        return oc && !of ? K_OUTCOME : K_NONE;
    case V_OF:
        if (of && oc) {
            /* "related to pursue ... Sec 1 (1) which amounts to stalking": a bracketed
             * number reads as an outcome code, the named offence wins after an offence verb */
            foi_offence_match om;
            foi_outcome_match cm;
            foi_offence_map(r, a, w, &om);
            foi_outcome_map(r, a, w, &cm);
            if (cm.method == FOI_MAP_CODE && om.method != FOI_MAP_CODE) oc = false;
        }
        return of && !oc ? K_OFFENCE : K_NONE;
    default:
        /* the state of an investigation is an outcome even where the rules lack the wording */
        if (!of && (foi_startswith_ci(w, "still ") || foi_startswith_ci(w, "being investigated") ||
                    foi_startswith_ci(w, "awaiting") || foi_startswith_ci(w, "ongoing") ||
                    foi_startswith_ci(w, "open") || foi_startswith_ci(w, "outstanding")))
            return K_OUTCOME;
        if (of && !oc) return K_OFFENCE;
        if (oc && !of) return K_OUTCOME;
        if (of && oc && hint == HINT_OUTCOME) return K_OUTCOME;
        if (of && oc && hint == HINT_OFFENCE) return K_OFFENCE;
        return K_NONE;
    }
}

/* A part stated from position i: "[of them] were harassment", "resulted in a charge",
 * "are still under investigation", "related to stalking".  elliptic: no verb needed
 * ("..., 12 harassment").  Fills *kind and *wording; *ref_end is where "of the 44 crimes"
 * ended (i when none). */
static bool read_part(prose *P, const char *t, int i, int bound, const pph *ph, int np,
                      bool elliptic, int hint, int *kind, char **wording, int *ref_end)
{
    /* "17 (39%) were ...": a share in brackets belongs to the figure */
    {
        int k = i;
        while (t[k] == ' ')
            k++;
        const char *cl = t[k] == '(' ? strchr(t + k, ')') : NULL;
        if (cl && cl - (t + k) < 16 && memchr(t + k, '%', (size_t)(cl - (t + k))))
            i = (int)(cl - t) + 1;
    }
    int j = skip_part_of(t, i, ph, np);
    *ref_end = j;
    int aux = -1, auxk = -1;
    int e = match_any(t, j, BRK_AUX, &auxk);
    if (e > 0) {
        aux = auxk;
        j = e;
    }
    int ws = j; /* the copula's complement starts here, adverbs such as "still" kept */
    for (;;) {
        int ae = match_any(t, j, BRK_ADVERB, NULL);
        if (ae < 0) break;
        j = ae;
    }
    int verb = V_NONE, vk = -1;
    int le = match_any(t, j, BRK_OCN_LEAD, NULL);
    int ne = le > 0 ? match_any(t, le, BRK_OCN, NULL) : -1;
    if (ne < 0) ne = match_any(t, j, BRK_OCN, NULL);
    if (ne > 0) {
        int k = ne;
        while (t[k] == ' ' || t[k] == ':')
            k++;
        if (isdigit((unsigned char)t[k])) {
            /* "had outcome 15 - ...": the number belongs to the outcome's name */
            const char *o = NULL;
            for (const char *x = t + j; (x = foi_strcasestr(x, "outcome")) && x < t + ne; x++)
                o = x;
            k = o ? (int)(o - t) : ne;
        }
        if (k >= bound) return false;
        char *w = NULL;
        int q = t[k] == '"' ? quote_end(t, k, (int)strlen(t)) : -1;
        if (q > k) {
            w = foi_clean(P->a, foi_strndup(P->a, t + k + 1, (size_t)(q - k - 1)));
            verb = V_OCQ;
        } else {
            w = part_wording(P->a, t, k, bound);
            verb = V_OCN;
        }
        if (!w || !*w || !has_alpha(w) || strlen(w) > 160) return false;
        int kk = classify_part(P, w, verb, hint);
        if (kk == K_NONE) return false;
        *kind = kk;
        *wording = w;
        return true;
    }
    if ((e = match_any(t, j, BRK_OC_VERBS, &vk)) > 0) {
        verb = V_OC;
    } else if ((e = match_any(t, j, BRK_OF_VERBS, &vk)) > 0 &&
               (aux >= 0 || strcmp(BRK_OF_VERBS[vk], "for") != 0)) {
        verb = V_OF;
    } else if (aux >= 0 &&
               !in_list(BRK_AUX[aux], (const char *const[]){"have", "has", "had", NULL})) {
        /* a copula ("were", "have been", "remain"): "still" belongs to the outcome's name */
        verb = V_COP;
        e = match_words(t, ws, "still") > 0 ? ws : j;
    } else if (elliptic && aux < 0) {
        /* "..., 4 were finalised as outcome 15 and 2 as outcome 16" */
        int pe =
            match_any(t, j, (const char *const[]){"as", "with", "by", "via", "for", NULL}, NULL);
        verb = V_COP;
        e = pe > 0 ? pe : j;
    }
    if (verb == V_NONE || e > bound) return false;
    char *w = part_wording(P->a, t, e, bound);
    /* an elliptic part is a name: "5 suspects were charged" is not one */
    if (w && elliptic && aux < 0) {
        char *f = foi_fold(P->a, w);
        for (int k = 0; BRK_AUX[k]; k++)
            if (foi_has_word(f, BRK_AUX[k])) return false;
    }
    int k = classify_part(P, w, verb, hint);
    if (k == K_NONE) return false;
    *kind = k;
    *wording = w;
    return true;
}

/* People and things other than crimes: "Of the 3 suspects identified, 2 were charged" counts
 * suspects, so its parts are not crime outcomes. */
static bool names_other_subject(const char *t, int s, int e)
{
    static const char *const w[] = {
        "suspect",  "suspects",    "victim",       "victims",    "offender",    "offenders",
        "person",   "persons",     "people",       "individual", "individuals", "arrest",
        "arrests",  "child",       "children",     "male",       "males",       "female",
        "females",  "perpetrator", "perpetrators", "defendant",  "defendants",  "account",
        "accounts", "user",        "users",        "officer",    "officers",    "staff",
        "request",  "requests",    "complaint",    "complaints", "call",        "calls",
        NULL};
    char x[24];
    for (int i = s; i < e;) {
        int ws;
        int we = word_at(t, i, x, sizeof x, &ws);
        if (we < 0 || we > e) {
            i++;
            continue;
        }
        if (in_list(x, w)) return true;
        i = we;
    }
    return false;
}

/* The sentence refers back to a total stated before it ("Of those 44 crimes, ..."). */
static bool sentence_refers_back(const char *t)
{
    static const char *const lead[] = {"of these",     "of those",   "of them", "of which",
                                       "of this",      "of that",    "of the",  "out of these",
                                       "out of those", "out of the", NULL};
    for (int i = 0; lead[i]; i++)
        if (foi_startswith_ci(t, lead[i]) && !isalpha((unsigned char)t[strlen(lead[i])]))
            return true;
    static const char *const any[] = {" of them ",      " of these ",     " of those ",
                                      " of which ",     "these crimes",   "those crimes",
                                      "these offences", "those offences", NULL};
    for (int i = 0; any[i]; i++)
        if (foi_strcasestr(t, any[i])) return true;
    return false;
}

/* Where the wording of a part read from position from must stop: the next figure (not
 * one inside the part's own "of the 44 crimes"), the next period phrase, the sentence end. */
static int part_bound(const fig *F, int nf, int f, int from, const pph *ph, int np, int len)
{
    int b = len;
    for (int g = f + 1; g < nf; g++)
        if (F[g].s >= from && !F[g].restated) {
            b = F[g].s;
            break;
        }
    for (int p = 0; p < np; p++)
        if (ph[p].use && ph[p].s >= from && ph[p].s < b) b = ph[p].s;
    return b;
}

/* Count prose: "Kent Police recorded 22 offences in 2021, 42 in 2022 and 42 so far in 2023". */
static void do_count_sentence(prose *P, const para *pa, const sent *S, const pph *ph0, int np)
{
    foi_arena *a = P->a;
    const char *t = S->t;
    pph ph[MAXP];
    memcpy(ph, ph0, sizeof(pph) * (size_t)np);

    bool quiet = sentence_is_noise(unquoted(a, t));
    /* numbers right after a count that refer back to it are about crimes too */
    bool datalike = sentence_is_datalike(t) || (P->cont_ok && sentence_refers_back(t));

    /* mask: periods, dates */
    int len = S->len;
    char *mask = foi_alloc(a, (size_t)len + 1);
    for (int p = 0; p < np; p++)
        memset(mask + ph[p].s, 1, (size_t)(ph[p].e - ph[p].s));
    {
        size_t pos = 0;
        PCRE2_SIZE ov[2];
        while (pos < (size_t)len && re_match(RE_DATE, t, (size_t)len, pos, ov, 1)) {
            memset(mask + ov[0], 1, ov[1] - ov[0]);
            pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
    }
    /* a quoted label ("Outcome 14 - ...", "Caution (outcomes 2 & 3)") holds no figure */
    for (int i = 1; i < len; i++) {
        if (t[i] != '"') continue;
        int q = quote_end(t, i, len);
        if (q < 0) continue;
        memset(mask + i, 1, (size_t)(q - i + 1));
        i = q;
    }

    fig F[MAXF];
    int nf = 0;
    int prev_noise_end = -10;
    bool chainable = false;    /* the last noise number starts a range or a phone number */
    bool prev_between = false; /* ... and is "between N and M": M ends it whatever follows */
    for (int i = 0; i < len && nf < MAXF;) {
        if (!isdigit((unsigned char)t[i])) {
            i++;
            continue;
        }
        int s = i;
        while (isdigit((unsigned char)t[i]))
            i++;
        while (t[i] == ',' && isdigit((unsigned char)t[i + 1]) &&
               isdigit((unsigned char)t[i + 2]) && isdigit((unsigned char)t[i + 3]) &&
               !isdigit((unsigned char)t[i + 4]))
            i += 4;
        int e = i;
        /* a digit run glued to letters etc.: skip the whole token */
        bool masked = mask[s] || is_year(t, s, e);
        bool glued = attached(t, s, e);
        bool noise = masked || glued || (t[s] == '0' && e - s > 1) ||
                     (e - s == 4 && statute_year(t, s, e)) || code_opens_part(t, s, e) ||
                     code_closes_part(t, s, e);
        /* "Sec 1 (1)": a subsection after a section number */
        if (!noise && s >= 2 && t[s - 1] == '(' && t[e] == ')' && t[s - 2] == ' ' &&
            s - 2 == prev_noise_end)
            noise = true;
        /* "section 127(1)(a) and (3)": a subsection listed after another */
        if (!noise && s >= 7 && t[s - 1] == '(' && t[e] == ')' &&
            (!strncmp(t + s - 7, ") and (", 7) || !strncmp(t + s - 6, ") or (", 6)))
            noise = true;
        char w[24];
        if (!noise) {
            word_before(t, s, w, sizeof w);
            if (in_list(w, PREFIX_NOISE)) noise = true;
            /* "12 offences of 86 - Take, make ...": a code opening the offence wording */
            if (!noise && !strcmp(w, "of")) {
                int k = s;
                while (k > 0 && t[k - 1] == ' ')
                    k--;
                char w2[24];
                word_before(t, k - 2 > 0 ? k - 2 : 0, w2, sizeof w2);
                char nw2[24];
                /* "86 - Take", "35: Blackmail", "8 Harassment": a name follows the code */
                int ne = e;
                if (t[ne] == ':') ne++;
                bool named =
                    t[ne] == ' ' && (t[ne + 1] == '-' || isupper((unsigned char)t[ne + 1]) ||
                                     (ne > e && isalpha((unsigned char)t[ne + 1])));
                if (named && in_list(w2, COUNT_NOUNS) &&
                    !(word_at(t, e, nw2, sizeof nw2, NULL) >= 0 && in_list(nw2, COUNT_NOUNS)))
                    noise = true;
            }
            /* ranges and phone numbers: "13 to 15", "0303 123 1113" */
            bool range = in_list(w, (const char *const[]){"to", "and", "&", "or", NULL});
            bool spaced = s - prev_noise_end <= 2 && t[s - 1] == ' ' &&
                          (s - prev_noise_end == 1 || t[s - 2] == ' ');
            char nw[24];
            bool counts = (word_at(t, e, nw, sizeof nw, NULL) >= 0 && in_list(nw, COUNT_NOUNS)) ||
                          (starts_part(t, e) && !prev_between);
            if (!noise && chainable && !counts && (range || spaced)) {
                int k = s;
                while (k > 0 && !isdigit((unsigned char)t[k - 1]) && s - k < 6)
                    k--;
                if (k > 0 && isdigit((unsigned char)t[k - 1]) && k - 1 <= prev_noise_end)
                    noise = true;
            }
        }
        if (!noise) {
            int we = word_at(t, e, w, sizeof w, NULL);
            if (we >= 0 && in_list(w, SUFFIX_NOISE)) noise = true;
            /* "13 and 15" is a range, "31 and in 2023 ..." or "31 and 12 have been ..." a list */
            if (noise && (!strcmp(w, "and") || !strcmp(w, "or"))) {
                int k = we;
                while (t[k] == ' ')
                    k++;
                int ke = k;
                while (isdigit((unsigned char)t[ke]))
                    ke++;
                char wb[16];
                word_before(t, s, wb, sizeof wb);
                if ((ke == k || starts_part(t, ke)) && strcmp(wb, "between") != 0) noise = false;
            }
            if (t[e] == ' ' && t[e + 1] == '%') noise = true;
        }
        if (noise) {
            prev_noise_end = e;
            chainable = !masked && !glued;
            char wb[16];
            word_before(t, s, wb, sizeof wb);
            prev_between = !strcmp(wb, "between");
            continue;
        }
        /* "<5 were charged": the marker is part of the value (a bound, not 5) */
        if (s > 0 && (t[s - 1] == '<' || t[s - 1] == '>'))
            s--;
        else if (s > 2 && !memcmp(t + s - 3, "\xe2\x89\xa4", 3))
            s -= 3;
        F[nf].s = s;
        F[nf].e = e;
        F[nf].kind = F_CAND;
        F[nf].after = e;
        F[nf].offence = NULL;
        F[nf].outcome = NULL;
        F[nf].period = -1;
        F[nf].total = -1;
        F[nf].restated = false;
        nf++;
    }
    if (nf == 0) return;
    if (quiet) return;

    /* what each figure counts */
    bool counted = false;
    char *last_off = NULL;
    int hint = hint_of(t);
    int last_total = -1; /* the figure later parts break down */
    bool parts = false;
    for (int f = 0; f < nf; f++) {
        int next = f + 1 < nf ? F[f + 1].s : len;
        char pre[24], pre2[24];
        word_before(t, F[f].s, pre, sizeof pre);
        int k = F[f].s;
        while (k > 0 && t[k - 1] == ' ')
            k--;
        k -= (int)strlen(pre);
        word_before(t, k > 0 ? k : 0, pre2, sizeof pre2);
        bool total = !strcmp(pre, "totalling") || !strcmp(pre, "totaling") ||
                     (!strcmp(pre, "of") && !strcmp(pre2, "total")) || !strcmp(pre, "total") ||
                     (!strcmp(pre, "count") && !strcmp(pre2, "total"));
        bool number_of = false;
        char *lead = f == 0 || F[f - 1].kind == F_CAND
                         ? lead_subject(a, t, F[f].s, ph, np, &number_of)
                         : NULL;
        int pk;
        char *pw;
        int ref_end;
        /* parts of something other than crimes are not crime figures */
        char nw0[24];
        int nwe = word_at(t, F[f].e, nw0, sizeof nw0, NULL);
        bool may_part = !(!parts && names_other_subject(t, 0, F[f].s)) &&
                        !(nwe >= 0 && names_other_subject(t, F[f].e, nwe));
        if (read_noun(a, t, &F[f], ph, np, next)) {
            F[f].kind = total ? F_TOTAL : F_NOUN;
            if (!F[f].offence && total) F[f].offence = lead;
            /* "5 offences resulted in a charge", "12 stalking offences were charged": the
             * noun names what the part is of, the verb says it is a part */
            int at = F[f].after;
            if (F[f].offence) {
                const char *o = foi_strcasestr(t + at, F[f].offence);
                if (o && o - t < next) at = (int)(o - t) + (int)strlen(F[f].offence);
            }
            if (!total && !F[f].restated && may_part &&
                read_part(P, t, at, part_bound(F, nf, f, at, ph, np, len), ph, np, false, hint, &pk,
                          &pw, &ref_end) &&
                (pk == K_OUTCOME || !F[f].offence)) {
                F[f].kind = F_BRK;
                F[f].total = -1;
                if (pk == K_OUTCOME)
                    F[f].outcome = pw;
                else
                    F[f].offence = pw;
                parts = true;
                continue;
            }
            counted = true;
            last_off = F[f].offence;
            last_total = f;
            continue;
        }
        if (total) {
            F[f].kind = F_TOTAL;
            F[f].offence = lead;
            counted = true;
            last_total = f;
            continue;
        }
        /* "The number of crimes of stalking recorded in 2022 was 42" */
        static const char *const verbs[] = {"was",     "were", "is", "totalled",
                                            "totaled", "at",   "to", NULL};
        int pc = F[f].s;
        while (pc > 0 && t[pc - 1] == ' ')
            pc--;
        if (number_of && (in_list(pre, verbs) || (pc > 0 && t[pc - 1] == ':'))) {
            F[f].kind = F_NOUN;
            F[f].offence = lead;
            counted = true;
            last_off = lead;
            last_total = f;
            continue;
        }
        /* "17 were harassment", "12 of which resulted in a charge", "the remaining 9 were
         * other offences", and after such a part the elliptic "..., 12 harassment" */
        int from = skip_part_of(t, F[f].e, ph, np);
        if (!F[f].restated && may_part &&
            read_part(P, t, F[f].e, part_bound(F, nf, f, from, ph, np, len), ph, np, parts, hint,
                      &pk, &pw, &ref_end)) {
            F[f].kind = F_BRK;
            F[f].total = last_total;
            if (pk == K_OUTCOME)
                F[f].outcome = pw;
            else
                F[f].offence = pw;
            /* "5 of the 44 crimes ...": 44 restates the total */
            for (int g = f + 1; g < nf && F[g].s < ref_end; g++) {
                F[g].restated = true;
                if (F[f].total < f) F[f].total = g;
            }
            parts = true;
            continue;
        }
        /* "12 offences of stalking, 4 of harassment" */
        if (counted) {
            char *x = subject_after(a, t, F[f].e, next, ph, np);
            char w0[8];
            if (x && word_at(t, F[f].e, w0, sizeof w0, NULL) >= 0 && !strcmp(w0, "of")) {
                F[f].kind = F_NOUN;
                F[f].offence = x;
                last_off = x;
                continue;
            }
        }
        /* "..., 90 in 2024": a continuation of a count */
        bool has_phrase = false;
        for (int p = 0; p < np; p++)
            if (ph[p].use && ph[p].s >= F[f].e && ph[p].s < next &&
                gap_to_phrase(t, F[f].e, ph[p].s))
                has_phrase = true;
        /* "... and in 2022 there were 42" */
        int prev_end = f > 0 ? F[f - 1].e : 0;
        for (int p = 0; p < np && !has_phrase; p++)
            if (ph[p].use && ph[p].s >= prev_end && ph[p].e <= F[f].s &&
                gap_from_phrase(t, ph[p].e, F[f].s) && clause_ends(t, F[f].e))
                has_phrase = true;
        /* "In 2023 there were 46": elliptic after a sentence that counted crimes */
        if (has_phrase &&
            (counted || P->cont_ok || foi_strcasestr(t, "crime") || foi_strcasestr(t, "offence"))) {
            F[f].kind = F_CONT;
            F[f].offence = counted ? last_off : P->cont_ok ? P->cont_off : NULL;
            last_total = f;
        }
    }

    /* which period phrase belongs to which figure */
    for (int p = 0; p < np; p++) {
        if (!ph[p].use) continue;
        int before = -1; /* last figure before the phrase */
        for (int f = 0; f < nf; f++)
            if (F[f].kind != F_CAND && F[f].e <= ph[p].s) before = f;
        if (before < 0) continue; /* lead-in phrase */
        int nxt = -1;
        for (int f = before + 1; f < nf; f++)
            if (F[f].kind != F_CAND) {
                nxt = f;
                break;
            }
        bool to_next = false;
        if (nxt >= 0 && clause_break(t, F[before].after, ph[p].s)) {
            /* the next figure takes it unless it has a phrase of its own after it */
            bool own = false;
            int lim = len;
            for (int f = nxt + 1; f < nf; f++)
                if (F[f].kind != F_CAND) {
                    lim = F[f].s;
                    break;
                }
            for (int q = 0; q < np; q++)
                if (ph[q].use && ph[q].s >= F[nxt].e && ph[q].s < lim) own = true;
            to_next = !own;
        }
        int owner = to_next ? nxt : before;
        if (F[owner].period < 0) F[owner].period = p;
    }
    /* "recorded 5 offences of X, 4 of Y and 1 of Z in 2023": a phrase closing the sentence
     * is shared when no figure has a phrase of its own */
    {
        int last = -1, owned = 0;
        for (int f = 0; f < nf; f++)
            if (F[f].kind != F_CAND) {
                last = f;
                owned += F[f].period >= 0;
            }
        if (last > 0 && owned == 1 && F[last].period >= 0) {
            const pph *q = &ph[F[last].period];
            int k = q->e;
            while (k < len && strchr(" .;)", t[k]))
                k++;
            bool lead_in = false;
            for (int p = 0; p < np; p++)
                if (ph[p].use && ph[p].e <= F[0].s) lead_in = true;
            if (k == len && !lead_in)
                for (int f = 0; f < last; f++)
                    if (F[f].kind != F_CAND) F[f].period = F[last].period;
        }
    }
    if (parts) datalike = true;
    /* figures without a phrase of their own take the lead-in phrase, when there is one */
    int lead = -1, nlead = 0;
    for (int p = 0; p < np; p++) {
        if (!ph[p].use) continue;
        bool before_all = true;
        for (int f = 0; f < nf; f++)
            if (F[f].kind != F_CAND && F[f].e <= ph[p].s) before_all = false;
        if (before_all) {
            if (lead < 0 || strcmp(ph[lead].p.start, ph[p].p.start) ||
                strcmp(ph[lead].p.end, ph[p].p.end))
                nlead++;
            lead = p;
        }
    }

    for (int f = 0; f < nf; f++)
        if (F[f].kind != F_CAND && F[f].kind != F_BRK && F[f].period < 0 && nlead == 1)
            F[f].period = lead;
    /* a part takes the period of the total it breaks down (and, for outcomes, its offence) */
    for (int f = 0; f < nf; f++) {
        if (F[f].kind != F_BRK) continue;
        int g = F[f].total;
        if (F[f].period < 0) F[f].period = g >= 0 ? F[g].period : nlead == 1 ? lead : -1;
        if (F[f].outcome && !F[f].offence) {
            if (g >= 0)
                F[f].offence = F[g].offence;
            else if (P->cont_ok)
                F[f].offence = P->cont_off;
        }
    }
    /* "Of those 44 crimes, 5 ...", "12 were charged" after "In 2022 we recorded 106": a
     * sentence without a period of its own leans on the one before */
    bool back = sentence_refers_back(t);

    int counts = 0;
    char *off1 = NULL;
    bool off_same = true;
    for (int f = 0; f < nf; f++) {
        char *val = foi_strndup(a, t + F[f].s, (size_t)(F[f].e - F[f].s));
        int bi = block_at(pa, S->base + F[f].s);
        if (F[f].kind == F_CAND) {
            if (datalike) diag(P, where_of(P, bi), "unparsed_prose", val, t);
            continue;
        }
        int p = F[f].period;
        char *ptext;
        foi_period per;
        if (p >= 0) {
            ptext = sub(a, t, ph[p].s, ph[p].e);
            per = ph[p].p;
        } else if ((back || (F[f].kind == F_BRK && P->cont_ok)) && P->period && !P->ambiguous) {
            ptext = P->period;
            per = P->per;
        } else {
            diag(P, where_of(P, bi), "ambiguous_period", val, t);
            continue;
        }
        emit(P, ptext, &per, F[f].offence, F[f].outcome, NULL, val, where_of(P, bi));
        if (F[f].kind != F_BRK) {
            if (counts++ > 0 &&
                (off1 ? !F[f].offence || strcmp(off1, F[f].offence) : !!F[f].offence))
                off_same = false;
            off1 = F[f].offence;
        }
    }
    /* what the next sentence may continue: a count, of one offence when only one was named */
    P->prev_count = counts > 0;
    P->prev_off = counts > 0 && off_same ? off1 : NULL;
}

/* "15 related to 8R: MALICIOUS COMMUNICATIONS": the colon after a code that opens a part's
 * wording, not a list intro's. */
static bool code_colon(const char *t, int i)
{
    int k = i;
    while (k > 0 && isalnum((unsigned char)t[k - 1]))
        k--;
    if (k == i || !isdigit((unsigned char)t[k]) || i - k > 4) return false;
    bool letter = false;
    for (int q = k; q < i; q++)
        letter |= isalpha((unsigned char)t[q]) != 0;
    if (!letter && i - k > 3) return false; /* "In 2023: ..." */
    char w[16];
    word_before(t, k, w, sizeof w);
    return in_list(w, (const char *const[]){"were", "was", "to", "as", "of", "is", "are", NULL});
}

/* A list label holding a count of its own ("MALICIOUS COMMUNICATIONS, 10 related to ...") is
 * a sentence, not a label. */
static bool label_has_count(const char *l)
{
    int n = (int)strlen(l);
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)l[i]) || (i > 0 && isdigit((unsigned char)l[i - 1]))) continue;
        int e = i;
        while (isdigit((unsigned char)l[e]))
            e++;
        char w[24];
        if (!attached(l, i, e) &&
            ((word_at(l, e, w, sizeof w, NULL) >= 0 && in_list(w, COUNT_NOUNS)) ||
             starts_part(l, e)))
            return true;
        i = e;
    }
    return false;
}

/* A list inside a sentence: "Outcomes for 2024 were as follows: Charged 3; Youth caution 0; ..."
 * Returns true when the sentence was read as a list. */
static bool do_list_sentence(prose *P, const para *pa, const sent *S, const pph *ph, int np)
{
    foi_arena *a = P->a;
    const char *t = S->t;
    /* the intro's colon, not one inside a quoted label */
    const char *colon = NULL;
    for (int i = 0; t[i] && !colon; i++) {
        if (t[i] == '"' && i > 0) {
            int q = quote_end(t, i, S->len);
            if (q > 0) i = q;
        } else if (t[i] == ':' && t[i + 1] == ' ' && !code_colon(t, i)) {
            colon = t + i;
        }
    }
    if (!colon) return false;
    int cpos = (int)(colon - t);
    char *intro = foi_strndup(a, t, (size_t)cpos);
    int hint = hint_of(intro);
    bool listy = hint != HINT_NONE || foi_strcasestr(intro, "as follows") ||
                 foi_strcasestr(intro, "breakdown") || foi_strcasestr(intro, "following");
    int first, nd = 0;
    pph iph[MAXP];
    int ni = 0;
    for (int i = 0; i < np; i++)
        if (ph[i].e <= cpos) iph[ni++] = ph[i];
    nd = distinct_periods(iph, ni, &first);
    if (!listy && nd == 0) return false;
    int words = 1;
    for (const char *q = intro; *q; q++)
        words += *q == ' ';
    if (words <= 3 && label_blacklisted(a, intro)) return false; /* "Tel: 101", "Ref: 4" */

    /* chunks: split on ';' (or ',' when there is none), merging pieces without a value */
    const char *rest = colon + 2;
    char sepc = strchr(rest, ';') ? ';' : ',';
    typedef struct chunk {
        int s, e;
    } chunk;
    chunk ch[128];
    int nc = 0;
    int cs = (int)(rest - t);
    int len = S->len;
    for (int i = cs; i <= len && nc < 128; i++) {
        bool and_ = i + 5 <= len && !strncmp(t + i, " and ", 5);
        if (i == len || t[i] == sepc || and_) {
            ch[nc].s = cs;
            ch[nc].e = i;
            nc++;
            cs = and_ ? i + 5 : i + 1;
            if (and_) i += 4;
        }
    }
    lv items[128];
    int itb[128];
    int nitems = 0;
    int start = -1;
    for (int c = 0; c < nc; c++) {
        if (start < 0) start = ch[c].s;
        char *piece = sub(a, t, start, ch[c].e);
        /* "... and Awaiting outcome 10" */
        lv it;
        if (split_lv(a, piece, true, &it)) {
            bool none;
            if (value_ok(P, it.value, &none) || none) {
                if (foi_startswith_ci(it.label, "and ")) it.label += 4;
                items[nitems] = it;
                itb[nitems] = block_at(pa, S->base + ch[c].e - 1);
                nitems++;
                start = -1;
                continue;
            }
        }
    }
    if (nitems == 0) return false;

    /* the intro is the context for its items and for what follows */
    if (nd == 1) {
        set_context(P, sub(a, t, iph[first].s, iph[first].e), &iph[first].p, false);
    } else if (nd > 1) {
        set_context(P, NULL, NULL, true);
    } else {
        section_close(P);
    }
    P->hint = hint;
    for (int i = 0; i < nitems; i++)
        if (!do_item(P, &items[i], itb[i], true, t)) {
            if (sentence_is_datalike(t))
                diag(P, where_of(P, itb[i]), "unparsed_prose", items[i].value, t);
        }
    section_close(P);
    return true;
}

static void heading_context(prose *P, const char *text);

/* Context from a sentence: its period(s) and, for an intro or a question, the kind of list. */
static void sentence_context(prose *P, const sent *S, const pph *ph, int np)
{
    int first;
    int nd = distinct_periods(ph, np, &first);
    const char *t = S->t;
    size_t n = strlen(t);
    bool intro = (n > 0 && (t[n - 1] == ':' || t[n - 1] == '?')) ||
                 foi_strcasestr(t, "as follows") || foi_strcasestr(t, "breakdown");
    if (nd == 1)
        set_context(P, sub(P->a, t, ph[first].s, ph[first].e), &ph[first].p, false);
    else if (nd > 1)
        set_context(P, NULL, NULL, true);
    if (intro) {
        if (nd == 0) section_close(P);
        P->hint = hint_of(t);
        P->label = NULL;
        P->list_run = true;
        if (nd == 0 && n < 80 && !strpbrk(t, "0123456789")) heading_context(P, t);
    }
}

static bool abbrev_before(const char *t, int i)
{
    static const char *const ab[] = {"s",    "no",   "nos", "sec",    "etc",      "eg",     "ie",
                                     "mr",   "mrs",  "ms",  "dr",     "st",       "approx", "ext",
                                     "tel",  "vs",   "v",   "ref",    "para",     "ss",     "cf",
                                     "incl", "dept", "op",  "insuff", "investig", "int",    NULL};
    int k = i;
    while (k > 0 && (isalpha((unsigned char)t[k - 1]) || t[k - 1] == '.'))
        k--;
    char w[16];
    size_t n = 0;
    for (int j = k; j < i && n + 1 < sizeof w; j++)
        if (t[j] != '.') w[n++] = (char)tolower((unsigned char)t[j]);
    w[n] = '\0';
    return n == 1 || in_list(w, ab);
}

static void do_paragraph(prose *P, para *pa)
{
    foi_arena *a = P->a;
    const char *t = pa->text;
    int len = (int)strlen(t);
    int s = 0;
    for (int i = 0; i <= len; i++) {
        bool cut = i == len;
        if (!cut && (t[i] == '.' || t[i] == '!' || t[i] == '?') && t[i + 1] == ' ') {
            unsigned char n = (unsigned char)t[i + 2];
            if (t[i] == '?' || ((isupper(n) || isdigit(n) || n == '"') && !abbrev_before(t, i)))
                cut = true;
            /* not inside a quoted label that closes soon ("Insuff. Evidence") */
            if (cut && t[s] != '"') {
                int nq = 0;
                for (int k = s; k < i; k++)
                    nq += t[k] == '"';
                const char *cl = nq % 2 ? strchr(t + i, '"') : NULL;
                if (cl && cl - (t + i) < 120) cut = false;
            }
        }
        if (!cut) continue;
        int e = i < len ? i + 1 : len;
        while (s < e && t[s] == ' ')
            s++;
        if (e > s) {
            sent S = {foi_strndup(a, t + s, (size_t)(e - s)), s, e - s};
            P->cont_ok = P->prev_count;
            P->cont_off = P->prev_off;
            P->prev_count = false;
            P->prev_off = NULL;
            if (sentence_is_request(S.t)) {
                s = e;
                continue;
            }
            pph ph[MAXP];
            int np = find_periods(S.t, P->ctx->reply_date, ph);
            size_t n = strlen(S.t);
            bool question = n > 0 && S.t[n - 1] == '?';
            if (!question && !do_list_sentence(P, pa, &S, ph, np)) {
                sentence_context(P, &S, ph, np);
                do_count_sentence(P, pa, &S, ph, np);
            } else if (question) {
                sentence_context(P, &S, ph, np);
            } else {
                P->list_run = false;
            }
        }
        s = e;
    }
}

/* ---------------------------------------------------------------- blocks */

static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == ')'))
        n--;
    return n == 0 || strchr(".!?:;", s[n - 1]) != NULL;
}

/* "..., 28 were 88A:": a line ending with a code whose name is on the next line. */
static bool ends_code_colon(const char *bt)
{
    size_t n = strlen(bt);
    if (n < 3 || bt[n - 1] != ':') return false;
    size_t c = n - 1;
    while (c > 0 && isalnum((unsigned char)bt[c - 1]))
        c--;
    return isdigit((unsigned char)bt[c]) && isupper((unsigned char)bt[n - 2]) &&
           (c == 0 || bt[c - 1] == ' ');
}

/* A line cut inside a phrase: it ends with a day ("... and 8th") or a word that needs what
 * follows ("between", "and", "of", "to", "under"), so the next line goes on with it. */
static bool cut_mid_phrase(const char *bt)
{
    size_t n = strlen(bt);
    size_t k = n;
    while (k > 0 && isalnum((unsigned char)bt[k - 1]))
        k--;
    if (k == n || (k > 0 && bt[k - 1] != ' ')) return false;
    const char *w = bt + k;
    size_t d = 0;
    while (isdigit((unsigned char)w[d]))
        d++;
    if (d >= 1 && d <= 2 &&
        (!strcasecmp(w + d, "st") || !strcasecmp(w + d, "nd") || !strcasecmp(w + d, "rd") ||
         !strcasecmp(w + d, "th")))
        return true;
    static const char *const join[] = {"between", "and", "of", "to", "under", "from", "the", NULL};
    for (int i = 0; join[i]; i++)
        if (!strcasecmp(w, join[i])) return true;
    return false;
}

/* True when the next line nt (of kind k) continues the sentence of line bt, hard-wrapped. */
static bool wraps_on(const char *bt, foi_block_kind k, const char *nt, bool in_quote)
{
    size_t n = strlen(bt);
    /* "... between 1st April 2023 and 8th" / "June 2023 - Total Count 1" */
    if (k != FOI_BLOCK_QUOTE && !ends_sentence(bt) && cut_mid_phrase(bt)) return true;
    if (ends_sentence(bt)) {
        /* '... had the outcome "Named Suspect Identified:' / 'Victim Supports ..."' */
        bool cont = in_quote && k != FOI_BLOCK_QUOTE;
        /* "... Obscene Publications Etc." / "and 8 were ...": an abbreviation, not an end */
        if (n > 1 && bt[n - 1] == '.' && abbrev_before(bt, (int)n - 1) &&
            islower((unsigned char)nt[0]))
            cont = true;
        /* '... had the outcome "Charged";' / '1 had the outcome ...': one sentence */
        if (bt[n - 1] == ';' && (islower((unsigned char)nt[0]) || isdigit((unsigned char)nt[0])))
            cont = true;
        /* "..., 28 were 88A:" / "Engage in sexual communication ...": a code and its name */
        cont = cont || ends_code_colon(bt);
        if (!cont) return false;
    }
    /* a line the text parser took for a heading ("2023, 29 were 08R: MALICIOUS ...:") or a
     * list item ("(9A) and 46 were ...", "- Other offences ...") inside a wrapped sentence */
    if (k == FOI_BLOCK_HEADING) return n >= 40 && strlen(nt) >= 30;
    if (k == FOI_BLOCK_ITEM)
        return n >= 40 && strlen(nt) >= 20 && isalnum((unsigned char)bt[n - 1]) &&
               !foi_strcasestr(bt, "follow");
    if (k != FOI_BLOCK_PARA) return false;
    if (nt[0] != '"') return true;
    /* a quoted label carried over ('... had the outcome' / '"Charged"; ...'); a quoted
     * request after an intro does not follow such a word */
    static const char *const comp[] = {"outcome", "outcomes", "as",   "of", "was",
                                       "were",    "is",       "type", NULL};
    char w[16];
    word_before(bt, (int)n, w, sizeof w);
    return in_list(w, comp);
}

/* "Outcomes", "Offences by type", "Breakdown of crimes": says what a list holds, names none. */
static bool is_generic_heading(foi_arena *a, const char *s)
{
    static const char *const gen[] = {
        "outcome",      "outcomes",     "offence",    "offences", "crime",       "crimes",
        "type",         "types",        "of",         "the",      "by",          "and",
        "breakdown",    "recorded",     "all",        "number",   "numbers",     "figures",
        "result",       "results",      "categories", "category", "nature",      "crime type",
        "offence type", "outcome type", "response",   "data",     "information", "for",
        "in",           "tiktok",       NULL};
    char *f = foi_fold(a, s);
    char *save = NULL;
    for (char *w = strtok_r(f, " ", &save); w; w = strtok_r(NULL, " ", &save))
        if (!in_list(w, gen) && !foi_platform_of_label(w)) return false;
    return true;
}

/* A heading or a line that is only an offence / outcome name sets the list's subject. */
static void heading_context(prose *P, const char *text)
{
    foi_arena *a = P->a;
    char *s = foi_clean(a, text);
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ':' || s[n - 1] == ' '))
        s[--n] = '\0';
    s = strip_numbering(a, s);
    int hint = hint_of(s);
    if (hint != HINT_NONE && strlen(s) < 60) P->hint = hint;
    if (is_generic_heading(a, s)) return;
    bool oc = P->ctx->rules && foi_outcome_like(P->ctx->rules, a, s);
    bool of = P->ctx->rules && foi_offence_like(P->ctx->rules, a, s);
    if ((oc || of) && !foi_is_total_label(s) && strlen(s) < 120) {
        P->label = s;
        P->label_kind = oc && !of ? K_OUTCOME : K_OFFENCE;
    }
}

/* "Subject: 2287 - TikTok related crime": e-mail headers carry references, not figures. */
static bool mail_header(const char *t)
{
    static const char *const h[] = {
        "from:",       "sent:",        "to:", "cc:", "bcc:", "subject:", "date:",
        "importance:", "attachments:", "re:", "fw:", "fwd:", NULL};
    for (int i = 0; h[i]; i++)
        if (foi_startswith_ci(t, h[i])) return true;
    return false;
}

/* ---------------------------------------------------------------- numbered answers */

/* The number a question or an answer opens with: "1.", "1a.", "2)", "Q3.", "Response 3:",
 * "Answer 4:".  key gets "1a" (lower case); returns the length of the marker, 0 if none.
 * answer: also the "Response N"/"Answer N" forms. */
static size_t qa_marker(const char *s, bool answer, char key[8])
{
    const char *p = s;
    static const char *const words[] = {"response", "answer", "question", "request", NULL};
    bool word = false;
    for (int i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (!strncasecmp(p, words[i], n) && (p[n] == ' ' || isdigit((unsigned char)p[n]))) {
            if (!answer && i < 2) return 0;
            p += n;
            word = true;
            break;
        }
    }
    if (!word && (*p == 'Q' || *p == 'q') && isdigit((unsigned char)p[1])) p++, word = true;
    while (*p == ' ')
        p++;
    const char *d = p;
    while (isdigit((unsigned char)*p))
        p++;
    if (p == d || p - d > 2) return 0;
    if (isalpha((unsigned char)*p) && !isalpha((unsigned char)p[1])) p++;
    size_t kl = (size_t)(p - d);
    bool sep = *p == '.' || *p == ')' || *p == ':';
    if (sep) p++;
    if (!sep && !word) return 0;
    if (*p && *p != ' ') return 0;
    while (*p == ' ')
        p++;
    for (size_t i = 0; i < kl; i++)
        key[i] = (char)tolower((unsigned char)d[i]);
    key[kl] = 0;
    return (size_t)(p - s);
}

typedef struct qa_q {
    char key[8];
    const char *text; /* the question without its number */
    size_t block;
} qa_q;

/* The question numbered key asked last before block bi (a reply may restate the request's
 * questions and then number its own). */
static const qa_q *qa_find(const qa_q *q, int nq, const char *key, size_t bi)
{
    const qa_q *best = NULL;
    for (int i = 0; i < nq; i++)
        if (q[i].block < bi && !strcmp(q[i].key, key)) best = &q[i];
    return best;
}

/* A period heading between a question and a numbered line ("Calendar year 2020", then
 * "1. Charged/Summonsed - 1"): the line is an item of that heading's list, not an answer. */
static bool period_heading_between(prose *P, size_t from, size_t to)
{
    for (size_t i = from + 1; i < to && i < P->doc->blocks.n; i++) {
        const foi_block *b = &P->doc->blocks.v[i];
        char *pt;
        foi_period per;
        if (b->kind == FOI_BLOCK_HEADING &&
            period_line(P->a, b->text, P->ctx->reply_date, &pt, &per))
            return true;
    }
    return false;
}

/* The period a numbered question asks about: its own, else the question it refers back to
 * ("1a. Of these, ...", "2. Of the crimes in question 1, ..."). */
static bool qa_period(prose *P, const qa_q *qs, int nq, const qa_q *q, char **ptext,
                      foi_period *per)
{
    for (int hop = 0; q && hop < 3; hop++) {
        pph ph[MAXP];
        int np = find_periods(q->text, P->ctx->reply_date, ph);
        int first;
        int nd = distinct_periods(ph, np, &first);
        if (nd > 1) return false;
        if (nd == 1) {
            *ptext = sub(P->a, q->text, ph[first].s, ph[first].e);
            *per = ph[first].p;
            return true;
        }
        char parent[8] = "";
        const char *r = foi_strcasestr(q->text, "question ");
        if (r && isdigit((unsigned char)r[9])) {
            size_t k = 0;
            for (const char *c = r + 9; isalnum((unsigned char)*c) && k < 7; c++)
                parent[k++] = (char)tolower((unsigned char)*c);
            parent[k] = 0;
        } else if (foi_startswith_ci(q->text, "of these") ||
                   foi_startswith_ci(q->text, "of those")) {
            size_t k = 0;
            while (isdigit((unsigned char)q->key[k]))
                k++;
            if (!q->key[k]) return false;
            memcpy(parent, q->key, k);
            parent[k] = 0;
        }
        if (!*parent || !strcmp(parent, q->key)) return false;
        q = qa_find(qs, nq, parent, q->block);
    }
    return false;
}

/* "How many crimes were recorded in 2024 ...?" answered "33": the statement the answer makes
 * ("33 crimes were recorded in 2024 ..."), or NULL when the question asks no count. */
static char *qa_statement(foi_arena *a, const char *question, const char *value)
{
    const char *h = foi_strcasestr(question, "how many ");
    if (!h) return NULL;
    char *after = foi_strdup(a, h + 9);
    size_t n = strlen(after);
    while (n && (after[n - 1] == '?' || after[n - 1] == ' '))
        after[--n] = 0;
    return foi_sprintf(a, "%.*s%s %s.", (int)(h - question), question, value, after);
}

void foi_prose_extract(foi_arena *a, const foi_doc *doc, foi_grid_ctx *ctx)
{
    if (!doc || !ctx || !ctx->out) return;
    pthread_once(&g_once, compile_all);
    prose P;
    memset(&P, 0, sizeof P);
    P.a = a;
    P.doc = doc;
    P.ctx = ctx;

    size_t nb = doc->blocks.n;
    /* numbered questions anywhere in the reply (mostly the restated request): a terse
     * numbered answer takes its meaning from them */
    FOI_VEC(qa_q) qs = {0};
    for (size_t bi = 0; bi < nb; bi++) {
        const foi_block *b = &doc->blocks.v[bi];
        if (!b->text) continue;
        char *t = foi_clean(a, b->text);
        size_t tn = strlen(t);
        while (tn && (t[tn - 1] == '"' || t[tn - 1] == ' '))
            t[--tn] = 0;
        if (t[0] == '"') t++;
        qa_q q;
        size_t m = qa_marker(t, false, q.key);
        if (!m || !tn || t[strlen(t) - 1] != '?') continue;
        q.text = t + m;
        q.block = bi;
        FOI_VEC_PUSH(a, qs, q);
    }
    const qa_q *pending = NULL; /* "Answer 3:" on its own: the figure follows */
    int pending_left = 0;
    /* the last "How many ...?" asked before a block, and whether the block before it was a
     * period on its own line: "2. How many were filed?" / "1 April 2021 - ..." / "12" */
    const char *ask = NULL;
    size_t ask_block = 0;
    bool after_period_line = false;

    bool in_quote = false;
    int prev_line = 0, quote_left = 0;
    for (size_t bi = 0; bi < nb; bi++) {
        const foi_block *b = &doc->blocks.v[bi];
        if (b->kind == FOI_BLOCK_QUOTE || !b->text) continue;
        char *text = foi_clean(a, b->text);
        if (!*text) continue;
        bool prev_period_line = after_period_line;
        after_period_line = false;
        {
            size_t tn0 = strlen(text);
            if (tn0 && text[tn0 - 1] == '?' && foi_strcasestr(text, "how many ")) {
                char key[8];
                ask = text + qa_marker(text, false, key);
                ask_block = bi;
            }
        }
        char *ytext;
        foi_period yper;
        /* "2022" under the "2021" section: the next period line, not a figure */
        if (prev_period_line && P.period && !P.ambiguous &&
            re_match(RE_VALUE, text, strlen(text), 0, NULL, 0) &&
            !period_line(a, text, ctx->reply_date, &ytext, &yper)) {
            bool none;
            char *st = ask && bi - ask_block <= 12 ? qa_statement(a, ask, text) : NULL;
            if (st) {
                /* the period line above is the statement's period */
                size_t sl = strlen(st);
                st = foi_sprintf(a, "%.*s in %s.", (int)(sl - 1), st, P.period);
                pph ph[MAXP];
                int first;
                if (distinct_periods(ph, find_periods(st, ctx->reply_date, ph), &first) != 1)
                    st = NULL;
            }
            if (st && (value_ok(&P, text, &none) || none)) {
                para pa;
                int seg0 = 0, segb = (int)bi;
                pa.text = st;
                pa.nseg = 1;
                pa.seg_start = &seg0;
                pa.seg_block = &segb;
                P.prev_count = false;
                do_paragraph(&P, &pa);
                after_period_line = false;
                continue;
            }
            if (value_ok(&P, text, &none)) {
                foi_diag_add(a, ctx->diags, where_of(&P, (int)bi), "unparsed_prose",
                             foi_sprintf(a, "figure %s under \"%s\": what it counts is not stated",
                                         text, P.period),
                             "check what this number counts");
                continue;
            }
        }
        if (qs.n) {
            char key[8];
            size_t m = qa_marker(text, true, key);
            const qa_q *q = m ? qa_find(qs.v, (int)qs.n, key, bi) : NULL;
            if (q && period_heading_between(&P, q->block, bi)) q = NULL;
            const char *rest = q ? text + m : text;
            if (!q && pending && pending_left-- > 0) q = pending;
            if (q) {
                char *pt;
                foi_period per;
                bool none;
                bool bare = re_match(RE_VALUE, rest, strlen(rest), 0, NULL, 0) &&
                            (value_ok(&P, rest, &none) || none);
                if (m && !*rest) {
                    pending = q;
                    pending_left = 3;
                    continue;
                }
                if (m || bare) {
                    pending = NULL;
                    if (qa_period(&P, qs.v, (int)qs.n, q, &pt, &per))
                        set_context(&P, pt, &per, false);
                    else
                        set_context(&P, NULL, NULL, false);
                    P.hint = HINT_NONE;
                    P.label = NULL;
                    P.list_run = false;
                    char *st = bare ? qa_statement(a, q->text, rest) : NULL;
                    if (st) {
                        para pa;
                        int seg0 = 0, segb = (int)bi;
                        pa.text = st;
                        pa.nseg = 1;
                        pa.seg_start = &seg0;
                        pa.seg_block = &segb;
                        P.prev_count = false;
                        do_paragraph(&P, &pa);
                        continue;
                    }
                    if (bare) {
                        foi_diag_add(a, ctx->diags, where_of(&P, (int)bi), "unparsed_prose",
                                     foi_sprintf(a,
                                                 "figure %s answers question %s, which asks "
                                                 "no count",
                                                 rest, q->key),
                                     "check what this number counts");
                        continue;
                    }
                }
            }
        }
        size_t tn = strlen(text);
        /* a restated request in quotation marks, possibly over several blocks */
        if (in_quote) {
            bool adjacent = b->line == 0 || prev_line == 0 || b->line == prev_line + 1;
            prev_line = b->line;
            if (adjacent && quote_left-- > 0) {
                if (text[tn - 1] == '"') in_quote = false;
                continue;
            }
            in_quote = false;
        }
        if (text[0] == '"') {
            /* only a request runs on over several blocks until its closing quote */
            in_quote = !(tn > 1 && strchr(text + 1, '"')) &&
                       (sentence_is_request(text + 1) || strchr(text, '?'));
            prev_line = b->line;
            quote_left = 12;
            continue;
        }
        if (mail_header(text)) continue;
        /* only a sentence right after a counting sentence may continue it */
        bool prev_count = P.prev_count;
        P.prev_count = false;

        char *body = strip_numbering(a, text);
        char *ptext;
        foi_period per;
        if (period_line(a, body, ctx->reply_date, &ptext, &per)) {
            after_period_line = true;
            set_context(&P, ptext, &per, false);
            P.hint = HINT_NONE; /* a new section says again what it lists */
            P.list_run = true;
            continue;
        }

        lv it;
        bool is_lv = split_lv(a, body, b->kind == FOI_BLOCK_ITEM, &it);
        if (is_lv && b->kind != FOI_BLOCK_HEADING) {
            bool none;
            bool loose = b->kind == FOI_BLOCK_ITEM || P.list_run;
            if ((value_ok(&P, it.value, &none) || none) && do_item(&P, &it, (int)bi, loose, text)) {
                P.list_run = true;
                continue;
            }
        }

        /* a sentence the text parser took for a heading as its line ends inside a quoted
         * label ('Of the same crimes, 6 had the outcome "Named Suspect Identified:') or
         * with a code whose name follows ("..., 19 were 88A:") */
        int nquote = 0;
        for (const char *q = text; *q; q++)
            nquote += *q == '"';
        bool prose_head =
            b->kind == FOI_BLOCK_HEADING && tn >= 40 && (nquote % 2 == 1 || ends_code_colon(text));
        if (b->kind == FOI_BLOCK_HEADING && !prose_head) {
            if (is_lv && do_item(&P, &it, (int)bi, false, text)) continue;
            pph ph[MAXP];
            int np = find_periods(text, ctx->reply_date, ph);
            int first;
            int nd = distinct_periods(ph, np, &first);
            if (nd == 1)
                set_context(&P, sub(a, text, ph[first].s, ph[first].e), &ph[first].p, false);
            else if (nd > 1)
                set_context(&P, NULL, NULL, true);
            P.label = NULL;
            heading_context(&P, text);
            P.list_run = true;
            continue;
        }

        /* prose: join the lines of one sentence */
        para pa;
        foi_buf buf;
        foi_buf_init(&buf, a);
        int cap = 8;
        pa.seg_start = foi_alloc(a, sizeof(int) * (size_t)cap);
        pa.seg_block = foi_alloc(a, sizeof(int) * (size_t)cap);
        pa.nseg = 0;
        size_t bj = bi;
        for (;;) {
            if (pa.nseg == cap) {
                pa.seg_start = foi_grow(a, pa.seg_start, sizeof(int) * (size_t)cap,
                                        sizeof(int) * (size_t)cap * 2);
                pa.seg_block = foi_grow(a, pa.seg_block, sizeof(int) * (size_t)cap,
                                        sizeof(int) * (size_t)cap * 2);
                cap *= 2;
            }
            if (buf.len) foi_buf_putc(&buf, ' ');
            pa.seg_start[pa.nseg] = (int)buf.len;
            pa.seg_block[pa.nseg] = (int)bj;
            pa.nseg++;
            const char *bt = bj == bi ? body : foi_clean(a, doc->blocks.v[bj].text);
            foi_buf_puts(&buf, bt);
            if ((b->kind != FOI_BLOCK_PARA && !prose_head) || bj + 1 >= nb) break;
            const foi_block *nx = &doc->blocks.v[bj + 1];
            if (!nx->text) break;
            char *nt = foi_clean(a, nx->text);
            int nq = 0;
            for (const char *q = buf.s; *q; q++)
                nq += *q == '"';
            if (!*nt || !wraps_on(bt, nx->kind, nt, nq % 2 == 1)) break;
            bool adjacent = nx->line > 0 && doc->blocks.v[bj].line > 0
                                ? nx->line == doc->blocks.v[bj].line + 1
                                : islower((unsigned char)nt[0]) != 0;
            if (!adjacent) break;
            lv it2;
            char *pt2;
            foi_period per2;
            /* "... 8 were take, make or" / "distribute ... children (86).": a lower-case
             * start after an unfinished line continues it, whatever it looks like */
            bool carried =
                (islower((unsigned char)nt[0]) || cut_mid_phrase(bt)) && !ends_sentence(bt);
            if (!carried && (split_lv(a, nt, nx->kind == FOI_BLOCK_ITEM, &it2) ||
                             period_line(a, nt, ctx->reply_date, &pt2, &per2)))
                break;
            bj++;
        }
        pa.text = buf.s;
        P.list_run = false;
        P.prev_count = prev_count;
        do_paragraph(&P, &pa);
        bi = bj;
    }
    section_close(&P);
}
