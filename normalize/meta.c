/* normalize/meta: force, reply date, reference, status flags, refusal sections, platform and
 * suppression conventions of one reply, read from its own wording.
 *
 * The reply is read line by line (doc->text).  Lines of the restated request (QUOTE blocks,
 * quoted paragraphs, "Request" fields) are skipped for everything but the force vote, since a
 * request's wording ("section 12", "no crimes", "attached") says nothing about the reply.
 */
#include "normalize/meta.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/period.h"
#include "normalize/platform.h"
#include "util/str.h"

/* ---- regexes, compiled once ---------------------------------------------------------------- */

enum {
    RX_SECTION,   /* an FOIA-style section citation: "Section 40(2)", "s.12", "S 1 (1) (a)" */
    RX_SECT_MORE, /* a further number in a list: ", 31(3)", " and 40" */
    RX_NCND,      /* neither confirm nor deny */
    RX_COST,      /* the cost limit without a section number */
    RX_VEXATIOUS,
    RX_ACCESSIBLE, /* reasonably accessible by other means (s21) */
    RX_REFUSE_CTX, /* wording that applies an exemption */
    RX_NEGATED,    /* "no exemptions have been applied" */
    RX_PARTIAL,    /* partial disclosure */
    RX_WHOLE,      /* "Full refusal", "Refusal notice" status lines */
    RX_NOT_HELD,
    RX_NIL,
    RX_FOOTNOTE, /* a key to table symbols ("A dash (-) indicates that no crimes ...") */
    RX_ATTACHED,
    RX_REF_LABEL,
    RX_DATE_LABEL,
    RX_BOUND_BETWEEN, /* "between 1 and 4", "values of 1 to 4" */
    RX_BOUND_BELOW,   /* "fewer than 5", "below 3", "under 5" */
    RX_BOUND_ORLESS,  /* "4 or fewer" */
    RX_BOUND_PAREN,   /* "(1-4)" */
    RX_MARKER_LEAD,   /* "x = ...", "[c] denotes ...": the symbol a footnote explains */
    RX_MARKER_SHOWN,  /* "... shown as [c]", "replaced with ~" */
    RX_COUNT
};

static const char *const rx_src[RX_COUNT] = {
    [RX_SECTION] = "(?<![A-Za-z0-9])(?:sections?|secs?\\.?|ss?\\.?)\\s*(\\d{1,3})(?![0-9A-Za-z])"
                   "((?:\\s*\\(\\s*[0-9a-z]{1,3}\\s*\\))*)",
    [RX_SECT_MORE] = "\\G\\s*(?:,|and|&|/|or)\\s*(?:(?:sections?|secs?\\.?|s\\.?)\\s*)?"
                     "(\\d{1,3})(?![0-9A-Za-z])((?:\\s*\\(\\s*[0-9a-z]{1,3}\\s*\\))*)",
    [RX_NCND] = "neither\\s+confirms?\\s+n?or\\s+den(?:y|ies)|(?-i:\\bNCND\\b)|"
                "(?:unable|not\\s+able|cannot|can\\s+not|will\\s+not|won't|neither)\\s+(?:to\\s+)?"
                "confirm\\s+(?:or|nor)\\s+(?:deny|not)|duty\\s+to\\s+confirm\\s+or\\s+deny\\s+"
                "(?:does\\s+not|doesn't|shall\\s+not)\\s+(?:apply|arise)",
    [RX_COST] = "exceed\\w*\\s+(?:the\\s+)?(?:\\S+\\s+){0,2}?(?:\\x{a3}\\s?450|18\\s+hours)|"
                "(?:exceed\\w*|beyond|over|outside)\\s+(?:the\\s+)?(?:appropriate|cost|fees?|time)"
                "(?:\\s+(?:and|&)\\s+cost)?\\s+limits?|\\bcost\\s+limit\\s+(?:would|will)\\s+be\\s+"
                "exceeded",
    [RX_VEXATIOUS] = "request\\s+(?:\\w+\\s+){0,3}?vexatious|vexatious\\s+request|"
                     "(?:is|as|be|been)\\s+(?:considered\\s+|deemed\\s+)?vexatious",
    [RX_ACCESSIBLE] = "reasonably\\s+accessible\\s+(?:to\\s+(?:you|the\\s+applicant)\\s+)?"
                      "(?:by|through)\\s+other\\s+means",
    [RX_REFUSE_CTX] = "exempt|refus|withh[oe]ld|by\\s+virtue|reli(?:ed|es|ance)|\\brely|"
                      "\\bappl(?:y|ies|ied)\\b|engaged|neither\\s+confirm|cost\\s+limit|"
                      "appropriate\\s+limit|vexatious|reasonably\\s+accessible|"
                      "law\\s+enforcement|personal\\s+(?:information|data)|national\\s+security|"
                      "investigations|health\\s+and\\s+safety|prohibitions?\\s+on\\s+disclosure|"
                      "security\\s+matters|redact|not\\s+(?:be\\s+)?disclosed|cannot\\s+be\\s+"
                      "disclosed",
    [RX_NEGATED] = "\\bno\\s+exemptions?\\b|not\\s+(?:been\\s+)?(?:applied|engaged|relied)|"
                   "without\\s+(?:applying|any)\\s+exemption",
    [RX_PARTIAL] = "\\bpart(?:ial|ially)?\\s+(?:disclosure|refusal|release|disclosed)|"
                   "for\\s+(?:that|this)\\s+part\\b|\\b(?:parts?|remainder|rest)\\s+of\\s+"
                   "(?:your|the|this)\\s+(?:request|question)|holds?\\s+some\\s+of\\s+the\\s+"
                   "information|some\\s+of\\s+the\\s+(?:requested\\s+)?information",
    [RX_WHOLE] = "^\\W*(?:(?:decision|outcome|status|response)\\s*[:\\-]?\\s*)?(?:full\\s+refusal|"
                 "refusal(?:\\s+notice)?|(?:request\\s+)?refused|not\\s+disclosed|"
                 "information\\s+withheld|withheld)\\W*$",
    [RX_NOT_HELD] =
        "information\\s+(?:\\w+\\s+){0,4}?(?:is|was|are)\\s+not\\s+held|\\binformation\\s+not\\s+"
        "held|"
        "(?:does|do|did)\\s+not\\s+hold\\s+(?:the|any|this|that|such|recorded|requested|"
        "information)|no\\s+(?:recorded\\s+|relevant\\s+)?information\\s+(?:is\\s+|was\\s+)?held|"
        "holds?\\s+no\\s+(?:recorded\\s+|relevant\\s+)?information|\\bnot\\s+held\\s+by\\b|"
        "^\\W*(?:(?:decision|outcome|status)\\s*[:\\-]?\\s*)?not\\s+held\\W*$",
    [RX_NIL] =
        "\\bnil\\s+(?:return|response)\\b|"
        "\\bno\\s+(?:record|trace)s?\\s+of\\s+(?:any\\s+)?(?:crimes?|offences?|incidents?|"
        "reports?)\\b|\\b(?:zero|0)\\s+(?:crimes?|offences?|incidents?)\\s+(?:were|was|"
        "have\\s+been|had\\s+been|has\\s+been)\\s+(?:recorded|reported|identified)|"
        "\\b(?:did|do|does|could)\\s+not\\s+(?:identify|find|locate|return|reveal)\\s+any\\s+"
        "(?:\\w+\\s+)?(?:crimes?|offences?|records?|results?|incidents?|reports?)\\b|"
        "\\banswer\\s+(?:to\\s+(?:your|the)\\s+(?:request|question)\\s+)?is\\s+"
        "(?:therefore\\s+)?(?:nil|zero|none|0)\\b|"
        "\\b(?:found|returned|identified|located|produced|revealed)\\s+no\\s+(?:\\w+\\s+)?"
        "(?:crimes?|offences?|records?|results?|incidents?|reports?|matches|trace)\\b|"
        "\\bno\\s+(?:\\w+\\s+)?(?:crimes?|offences?|incidents?|records?|results?|reports?|"
        "occurrences?)\\b(?:\\s+\\S+){0,6}?\\s+(?:recorded|found|identified|located|returned|"
        "logged|reported|traced)\\b|"
        "\\bthere\\s+(?:were|have\\s+been|are|was|has\\s+been|had\\s+been)\\s+no\\s+"
        "(?:\\w+\\s+){0,3}?(?:crimes?|offences?|incidents?|records?|reports?|occurrences?)\\b|"
        "\\b(?:figure|total|number|count|answer|result)\\s+(?:is|was)\\s+(?:nil|zero)\\b|"
        "^\\W*(?:answer|response|result|total)s?\\s*[:\\-]\\s*(?:nil|none|zero|0)\\W*$",
    [RX_FOOTNOTE] = "indicat|denot|represent|\\bmeans?\\b|\\bdash\\b|\\bblank|\\bcells?\\b|\\(-\\)|"
                    "\\bwhere\\s+no\\b|\\bif\\s+no\\b|\\bunless\\b|\\bshown\\s+as\\b|=",
    [RX_ATTACHED] = "please\\s+(?:find|see)\\s+(?:\\S+\\s+){0,8}?attached|\\bsee\\s+(?:the\\s+)?"
                    "attached|\\b(?:in|within|on)\\s+the\\s+attached|\\bas\\s+attached|"
                    "\\b(?:is|are|has\\s+been|have\\s+been)\\s+attached|\\battached\\s+(?:file|"
                    "document|spreadsheet|sheet|pdf|excel|table|response|workbook)|"
                    "^\\W*attached\\s+(?:is|are|please)\\b|"
                    "\\bI\\s+attach\\b|\\bwe\\s+(?:have\\s+)?attach(?:ed)?\\b|"
                    "\\b(?:have|has)\\s+attached\\b|\\brefer\\s+to\\s+the\\s+attach(?:ed|ment)|"
                    "\\bsee\\s+(?:the\\s+)?attachments?\\b|please\\s+find\\s+enclosed|"
                    "\\benclosed\\s+(?:is|are|file|document|spreadsheet)",
    /* group 1: "your" (someone else's reference) */
    [RX_REF_LABEL] =
        "(?<![A-Za-z])(?:(your\\s+)(?:ref(?:erence)?\\b\\.?)|"
        "(?:freedom\\s+of\\s+information|foia?)(?:\\s+\\(foi\\))?(?:\\s+act)?(?:\\s+request)?"
        "\\s+(?:ref(?:erence)?\\b\\.?|number|no\\b\\.?)|"
        "(?:enquiry|request|case|our|publication|disclosure|foi|foia|reference)\\s+"
        "(?:ref(?:erence)?\\b\\.?|number|no\\b\\.?|id\\b)|"
        "ref(?:erence)?\\b\\.?|"
        "freedom\\s+of\\s+information\\s+(?:\\(foi\\)\\s+)?request(?=\\s+[A-Z0-9][A-Z0-9./ "
        "-]{0,8}\\d))"
        "(?:\\s*(?:n\\s?o\\b\\.?|number|num\\b\\.?|id\\b))?\\s*(?::|#|\\t|,|-\\s|\\x{2013})?\\s*",
    /* groups: 1 response-specific, 2 generic, 3 "Sent", 4 publication */
    [RX_DATE_LABEL] =
        "^[\\W_]{0,3}(?:(date\\s+(?:of\\s+)?(?:response|reply|responded|replied|released|release|"
        "issued|sent|decision|disclosure|letter|issue|completed|answered)|(?:response|reply|"
        "release|decision|issue|disclosure|letter)\\s+date|(?:date\\s+)?response\\s+sent|"
        "responded|replied|released|issued)|(version\\s+date|date|dated|pubdate)|(sent)|"
        "(date\\s+(?:of\\s+)?publi(?:cation|shed)|published))"
        "(?:\\s*(?::|\\t|,|-\\s|\\x{2013})\\s*|\\s+)",
    [RX_BOUND_BETWEEN] =
        "(?:between|from|values?\\s+of|figures?\\s+of|numbers?\\s+of|counts?\\s+of)"
        "\\s+(\\d+|one|two|three|four|five|six|seven|eight|nine|ten)\\s*"
        "(?:and|&|to|-)\\s*(\\d+|one|two|three|four|five|six|seven|eight|nine|"
        "ten)\\b",
    [RX_BOUND_BELOW] = "(?:fewer|less|lower|smaller)\\s+than\\s+(\\d+|one|two|three|four|five|six|"
                       "seven|eight|nine|ten)\\b|\\b(?:below|under)\\s+(\\d+|one|two|three|four|"
                       "five|six|seven|eight|nine|ten)\\b|<\\s*(\\d+)",
    [RX_BOUND_PAREN] = "\\(\\s*(\\d+)\\s*(?:-|\\x{2013}|to)\\s*(\\d+)\\s*\\)",
    [RX_MARKER_LEAD] =
        "^[\\s\"\\x{201c}]*(<\\d{1,2}|\\[[A-Za-z0-9]{1,2}\\]|[^\\sA-Za-z0-9\"]{1,3}|[A-Za-z])\\s*"
        "(?:=|:|denotes?\\b|indicates?\\b|represents?\\b|means\\b|signifies\\b|is\\s+used)",
    [RX_MARKER_SHOWN] =
        "(?:shown|replaced|represented|marked|denoted|indicated|displayed|presented)\\s+"
        "(?:as|with|by)\\s+(?:an?\\s+)?[\"\'\\x{2018}\\x{201c}]?(<\\d{1,2}|\\[[A-Za-z0-9]{1,2}\\]|"
        "[^\\sA-Za-z0-9\"\'\\x{2018}\\x{2019}\\x{201c}\\x{201d}.,;()]{1,3}|"
        "[A-Za-z](?=[\"\'\\x{2019}\\x{201d}]))",
    [RX_BOUND_ORLESS] = "\\b(\\d+|one|two|three|four|five|six|seven|eight|nine|ten)\\s+or\\s+"
                        "(?:fewer|less|lower|below|under)\\b",
};

static pcre2_code *rx_code[RX_COUNT];
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;

static void rx_compile(void)
{
    for (int i = 0; i < RX_COUNT; i++) {
        int err;
        PCRE2_SIZE off;
        uint32_t opts = PCRE2_UTF | PCRE2_UCP;
        opts |= PCRE2_CASELESS;
        rx_code[i] =
            pcre2_compile((PCRE2_SPTR)rx_src[i], PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL);
        if (rx_code[i]) pcre2_jit_compile(rx_code[i], PCRE2_JIT_COMPLETE);
    }
}

typedef struct rmatch {
    size_t s, e;
    size_t g[4][2]; /* groups 1..4; SIZE_MAX when unset */
} rmatch;

/* Find regex id in subj from offset from. */
static bool rx_find(int id, const char *subj, size_t from, rmatch *m)
{
    pthread_once(&rx_once, rx_compile);
    pcre2_code *re = rx_code[id];
    if (!re || !subj) return false;
    size_t len = strlen(subj);
    if (from > len) return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md) return false;
    int rc = pcre2_match(re, (PCRE2_SPTR)subj, len, from, PCRE2_NO_UTF_CHECK, md, NULL);
    bool ok = rc > 0;
    if (ok && m) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        uint32_t n = pcre2_get_ovector_count(md);
        m->s = ov[0];
        m->e = ov[1];
        for (uint32_t i = 0; i < 4; i++) {
            bool set = i + 1 < n && (int)(i + 1) < rc && ov[2 * (i + 1)] != PCRE2_UNSET;
            m->g[i][0] = set ? ov[2 * (i + 1)] : SIZE_MAX;
            m->g[i][1] = set ? ov[2 * (i + 1) + 1] : SIZE_MAX;
        }
    }
    pcre2_match_data_free(md);
    return ok;
}

static bool rx_has(int id, const char *subj)
{
    return rx_find(id, subj, 0, NULL);
}

static bool group_set(const rmatch *m, int g)
{
    return m->g[g - 1][0] != SIZE_MAX;
}

/* ---- the reply as lines ------------------------------------------------------------------- */

typedef struct mline {
    char *text;  /* foi_clean'd */
    char *fold;  /* foi_fold'd */
    bool quoted; /* part of the restated request */
    bool head;   /* before the salutation or the request: letterhead, title, header fields */
    int no;      /* 1-based line in doc->text */
} mline;

typedef FOI_VEC(mline) mline_vec;

static bool starts_quote(const char *s)
{
    return *s == '"' || !strncmp(s, "\xe2\x80\x9c", 3);
}

static bool has_close_quote(const char *s)
{
    return strchr(s, '"') || strstr(s, "\xe2\x80\x9d");
}

static bool ends_quote(const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    if (n && s[n - 1] == '"') return true;
    return n >= 3 && !memcmp(s + n - 3, "\xe2\x80\x9d", 3);
}

/* Lines naming the request itself ("Request,Could you tell me ...", "<query>...") */
static bool is_request_field(const char *s)
{
    static const char *const keys[] = {"request", "query", "question", "you asked", "the request"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t n = strlen(keys[i]);
        if (foi_startswith_ci(s, keys[i]) && (s[n] == ':' || s[n] == '\t' || s[n] == ','))
            return true;
    }
    return false;
}

/* A line in quotes whose inner text is one of the doc's ordinary (non-QUOTE) blocks: the
 * parser knows it is not the request (CSV quoting: "* indicates a figure of fewer than 3").
 * Replaces the line's text with the inner text. */
static bool plain_block(const foi_doc *d, foi_arena *a, mline *l)
{
    size_t n = strlen(l->text);
    size_t open = *l->text == '"' ? 1 : 3;
    if (n <= open + 1) return false;
    foi_buf b;
    foi_buf_init(&b, a);
    const char *end = l->text + n;
    if (end[-1] == '"')
        end--;
    else if (n >= 3 && !memcmp(end - 3, "\xe2\x80\x9d", 3))
        end -= 3;
    for (const char *p = l->text + open; p < end; p++) {
        foi_buf_putc(&b, *p);
        if (*p == '"' && p + 1 < end && p[1] == '"') p++; /* CSV "" */
    }
    char *inner = foi_clean(a, b.s);
    for (size_t i = 0; i < d->blocks.n; i++)
        if (d->blocks.v[i].kind != FOI_BLOCK_QUOTE && !strcmp(d->blocks.v[i].text, inner)) {
            l->text = inner;
            l->fold = foi_fold(a, inner);
            return true;
        }
    return false;
}

enum { MAX_META_LINE = 16 * 1024 };

static void build_lines(foi_arena *a, const foi_doc *d, mline_vec *out)
{
    const char *text = d->text;
    if (!text) {
        foi_buf b;
        foi_buf_init(&b, a);
        if (d->title) foi_buf_printf(&b, "%s\n", d->title);
        for (size_t i = 0; i < d->blocks.n; i++)
            foi_buf_printf(&b, "%s\n", d->blocks.v[i].text);
        for (size_t gi = 0; gi < d->grids.n; gi++) {
            const foi_grid *g = d->grids.v[gi];
            for (int r = 0; r < g->nrows; r++) {
                for (int c = 0; c < g->ncols; c++)
                    foi_buf_printf(&b, "%s%s", c ? "\t" : "", foi_grid_at(g, r, c)->text);
                foi_buf_putc(&b, '\n');
            }
        }
        text = b.s;
    }
    size_t n = 0;
    char **raw = foi_split_lines(a, text, &n);
    bool seen_body = false, history = false;
    int in_quote = 0; /* lines left in an open "..." paragraph */
    for (size_t i = 0; i < n; i++) {
        mline l = {.no = (int)i + 1};
        /* letterheads, dates, references and refusals sit on ordinary lines: a line of tens of
         * kilobytes is data or junk, and scanning it with every rule would cost seconds */
        if (strlen(raw[i]) > MAX_META_LINE) continue;
        /* keep tabs (cell and key/value separators); clean each part */
        l.text = foi_clean(a, raw[i]);
        if (strchr(raw[i], '\t')) {
            foi_buf b;
            foi_buf_init(&b, a);
            size_t pn = 0;
            const char *p = raw[i];
            while (p) {
                const char *t = strchr(p, '\t');
                char *part = foi_clean(a, t ? foi_strndup(a, p, (size_t)(t - p)) : p);
                foi_buf_printf(&b, "%s%s", pn++ ? "\t" : "", part);
                p = t ? t + 1 : NULL;
            }
            l.text = b.s;
        }
        if (!l.text || !*l.text) continue;
        l.fold = foi_fold(a, l.text);
        /* an e-mail thread below the reply (the request as sent) counts as quoted */
        if (!history && (strstr(l.fold, "original message") ||
                         (foi_startswith_ci(l.text, "on ") && strlen(l.text) > 8 &&
                          !strcmp(l.text + strlen(l.text) - 6, "wrote:")) ||
                         (seen_body && foi_startswith_ci(l.text, "from:") && i + 1 < n &&
                          foi_startswith_ci(foi_clean(a, raw[i + 1]), "sent:"))))
            history = true;
        /* quoted request: QUOTE blocks, "..." paragraphs, request fields */
        if (history) {
            l.quoted = true;
        } else if (in_quote) {
            l.quoted = true;
            in_quote = ends_quote(l.text) ? 0 : in_quote - 1;
        } else if (*l.text == '>') {
            l.quoted = true;
        } else if (starts_quote(l.text) && plain_block(d, a, &l)) {
            /* a CSV-quoted note that the parser read as an ordinary paragraph */
        } else if (starts_quote(l.text)) {
            /* a quoted paragraph, possibly over several lines; "Harassment",7,10 is a CSV row */
            const char *rest = l.text + (*l.text == '"' ? 1 : 3);
            if (ends_quote(rest) && *rest) {
                l.quoted = true;
            } else if (!has_close_quote(rest)) {
                l.quoted = true;
                in_quote = 20;
            }
        } else if (is_request_field(l.text)) {
            l.quoted = true;
        } else {
            for (size_t b = 0; b < d->blocks.n; b++) {
                const foi_block *bl = &d->blocks.v[b];
                if (bl->kind != FOI_BLOCK_QUOTE) continue;
                if (!strcmp(bl->text, l.text) ||
                    (strlen(l.text) > 24 && strstr(bl->text, l.text))) {
                    l.quoted = true;
                    break;
                }
            }
        }
        if (!seen_body &&
            (foi_startswith_ci(l.text, "dear ") || l.quoted ||
             foi_strcasestr(l.text, "request for information") ||
             foi_strcasestr(l.text, "received a request") || foi_strcasestr(l.text, "you asked")))
            seen_body = true;
        l.head = !seen_body;
        FOI_VEC_PUSH(a, *out, l);
    }
}

/* Sentences of a line: split after ". " / "? " / "! " followed by an upper-case letter or digit,
 * and at "; ".  Returns arena copies. */
static char **sentences(foi_arena *a, const char *s, size_t *n)
{
    FOI_VEC(char *) v = {0};
    const char *start = s;
    for (const char *p = s; *p; p++) {
        bool cut = false;
        /* the next sentence may open with a footnote marker: "[c] indicates", "* denotes" */
        if ((*p == '.' || *p == '?' || *p == '!') && p[1] == ' ' &&
            (isupper((unsigned char)p[2]) || isdigit((unsigned char)p[2]) ||
             strchr("[*~#<\"(", p[2])))
            cut = true;
        if (cut) {
            FOI_VEC_PUSH(a, v, foi_strndup(a, start, (size_t)(p + 1 - start)));
            start = p + 2;
        }
    }
    if (*start) FOI_VEC_PUSH(a, v, foi_strdup(a, start));
    *n = v.n;
    return v.v;
}

/* ---- meta keys ---------------------------------------------------------------------------- */

/* "dc:creator" -> "creator", "Date Of Response" -> "dateofresponse". */
static char *meta_key(foi_arena *a, const char *kv, const char **value)
{
    const char *tab = strchr(kv, '\t');
    *value = tab ? tab + 1 : "";
    size_t kn = tab ? (size_t)(tab - kv) : strlen(kv);
    const char *k = kv;
    for (size_t i = 0; i < kn; i++)
        if (kv[i] == ':' || kv[i] == '/' || kv[i] == '@' || kv[i] == '.') k = kv + i + 1;
    char *out = foi_alloc(a, kn + 1);
    size_t j = 0;
    for (const char *p = k; p < kv + kn; p++)
        if (isalnum((unsigned char)*p)) out[j++] = (char)tolower((unsigned char)*p);
    out[j] = 0;
    return out;
}

static bool key_in(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(key, *list)) return true;
    return false;
}

static const char *const force_keys[] = {
    "organisation", "organization",    "force",      "forcename",
    "policeforce",  "creator",         "publisher",  "authority",
    "author",       "publicauthority", "respondent", "from",
    "sender",       "agency",          "owner",      NULL};
static const char *const ref_keys[] = {"reference",
                                       "foireference",
                                       "ref",
                                       "refno",
                                       "referenceno",
                                       "referencenumber",
                                       "requestnumber",
                                       "requestno",
                                       "requestref",
                                       "requestreference",
                                       "requestid",
                                       "identifier",
                                       "foinumber",
                                       "foino",
                                       "foiref",
                                       "caseref",
                                       "casereference",
                                       "casenumber",
                                       "enquiryreference",
                                       "enquiryref",
                                       "ourref",
                                       "ourreference",
                                       "foirequestnumber",
                                       "foirequestreference",
                                       NULL};
static const char *const date_keys[] = {"dateofresponse", "responsedate",
                                        "replydate",      "dateofreply",
                                        "dateresponded",  "datereleased",
                                        "releasedate",    "daterelease",
                                        "responded",      "pubdate",
                                        "issued",         "dateissued",
                                        "versiondate",    "date",
                                        "datesent",       "sent",
                                        "responsesent",   "lettersdate",
                                        "letterdate",     "decisiondate",
                                        "dateofdecision", NULL};
static const char *const late_date_keys[] = {
    "generated", "created", "datecreated", "published", "datepublished", "modified", NULL};

/* ---- force -------------------------------------------------------------------------------- */

typedef struct fkey {
    const foi_force_def *f;
    char *fold;  /* folded name for word search */
    char *exact; /* an abbreviation matched case-sensitively ("GMP", "Met"), else NULL */
    bool strong; /* names the police body ("... Police", "Constabulary", "Heddlu ...") */
} fkey;

typedef FOI_VEC(fkey) fkey_vec;

static bool is_slug(const char *s)
{
    for (const char *p = s; *p; p++)
        if (isupper((unsigned char)*p) || *p == ' ') return false;
    return true;
}

static bool is_abbrev(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 5) return false;
    int up = 0;
    for (const char *p = s; *p; p++) {
        if (!isalpha((unsigned char)*p)) return false;
        if (isupper((unsigned char)*p)) up++;
    }
    return up >= 1 && isupper((unsigned char)s[0]);
}

static bool fold_strong(const char *fold)
{
    return foi_has_word(fold, "police") || foi_has_word(fold, "constabulary") ||
           foi_has_word(fold, "heddlu");
}

static void add_key(foi_arena *a, fkey_vec *v, const foi_force_def *f, const char *name)
{
    if (!name || !*name || strchr(name, ',')) return;
    fkey k = {.f = f};
    if (is_abbrev(name) && !strchr(name, ' ')) {
        k.exact = foi_strdup(a, name);
        k.fold = foi_fold(a, name);
        k.strong = false;
    } else {
        k.fold = foi_fold(a, name);
        if (!k.fold || !*k.fold) return;
        k.strong = fold_strong(k.fold);
    }
    /* one force's keys are added together: only the tail can hold a duplicate */
    for (size_t i = v->n; i-- > 0 && v->v[i].f == f;)
        if (!strcmp(v->v[i].fold, k.fold) && !v->v[i].exact == !k.exact) return;
    FOI_VEC_PUSH(a, *v, k);
}

static void force_keys_build(const foi_rules *r, foi_arena *a, fkey_vec *v)
{
    size_t n = 0;
    const foi_force_def *fs = r ? foi_rules_forces(r, &n) : NULL;
    for (size_t i = 0; i < n; i++) {
        const foi_force_def *f = &fs[i];
        add_key(a, v, f, f->name);
        if (f->short_name && !strchr(f->short_name, ',')) {
            add_key(a, v, f, foi_sprintf(a, "%s Police", f->short_name));
            add_key(a, v, f, foi_sprintf(a, "%s Constabulary", f->short_name));
        }
        for (char **al = f->aliases; al && *al; al++)
            if (!is_slug(*al)) add_key(a, v, f, *al);
    }
}

/* Whole-word occurrence of needle (folded) in hay (folded). */
static bool fold_has(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n) return false;
    for (const char *p = hay; (p = strstr(p, needle)); p++) {
        bool left = p == hay || p[-1] == ' ';
        bool right = p[n] == 0 || p[n] == ' ';
        if (left && right) return true;
    }
    return false;
}

/* Case-sensitive whole-word occurrence. */
static bool exact_has(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p++) {
        bool left = p == hay || !isalnum((unsigned char)p[-1]);
        bool right = !isalnum((unsigned char)p[n]);
        if (left && right) return true;
    }
    return false;
}

/* Which forces a line names: best key per force.  Longer keys shadow keys they contain
 * ("West Midlands Police" does not also count as a mention of "Midlands"). */
typedef struct fhit {
    const foi_force_def *f;
    bool strong;
    size_t len; /* folded length of the matching key */
} fhit;

/* Bit of a word's first two letters ("ke" of "kent"; a one-letter word has 0 as its second):
 * a key can only occur whole where a word of the line starts the same way. */
static uint64_t word_start_bit(const char *w)
{
    unsigned c0 = (unsigned char)w[0], c1 = (unsigned char)w[1];
    if (c1 == ' ') c1 = 0;
    return (uint64_t)1 << ((c0 * 31u + c1) & 63u);
}

static size_t line_hits(const fkey_vec *keys, const char *text, const char *fold, fhit *hits,
                        size_t max)
{
    /* every line is tried against some 200 force names: a bitmask of its word starts rules
     * most of them out before the substring search */
    uint64_t starts = 0;
    for (const char *p = fold; *p; p++)
        if (p == fold || p[-1] == ' ') starts |= word_start_bit(p);
    size_t n = 0;
    for (size_t i = 0; i < keys->n; i++) {
        const fkey *k = &keys->v[i];
        bool hit = k->exact                              ? exact_has(text, k->exact)
                   : !(starts & word_start_bit(k->fold)) ? false
                                                         : fold_has(fold, k->fold);
        if (!hit) continue;
        size_t len = strlen(k->fold);
        size_t j = 0;
        while (j < n && hits[j].f != k->f)
            j++;
        if (j < n) {
            if (k->strong && !hits[j].strong) hits[j].strong = true;
            if (len > hits[j].len) hits[j].len = len;
        } else if (n < max) {
            hits[n++] = (fhit){k->f, k->strong, len};
        }
    }
    /* a hit whose key is contained in a longer hit of another force is shadowed */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        bool shadow = false;
        for (size_t j = 0; j < n && !shadow; j++)
            if (j != i && hits[j].len > hits[i].len && hits[j].strong && !hits[i].strong)
                shadow = true;
        if (!shadow) hits[m++] = hits[i];
    }
    return m;
}

/* "foi@devonandcornwall.police.uk" -> a force whose squashed name is "devonandcornwall". */
static const foi_force_def *force_of_domain(const fkey_vec *keys, foi_arena *a, const char *text)
{
    const char *at = strchr(text, '@');
    if (!at) return NULL;
    const char *dom = at + 1;
    const char *end = dom;
    while (isalnum((unsigned char)*end) || *end == '-' || *end == '.')
        end++;
    char *d = foi_strndup(a, dom, (size_t)(end - dom));
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    char *pol = strstr(d, ".police.uk");
    if (!pol) pol = strstr(d, ".pnn.police.uk");
    if (!pol) return NULL;
    char *dot = strchr(d, '.');
    if (dot) *dot = 0;
    for (size_t i = 0; i < keys->n; i++) {
        const char *f = keys->v[i].fold;
        char sq[128];
        size_t j = 0;
        for (const char *p = f; *p && j + 1 < sizeof sq; p++)
            if (*p != ' ') sq[j++] = *p;
        sq[j] = 0;
        size_t n = strlen(sq);
        if (!strcmp(sq, d)) return keys->v[i].f;
        /* "kentpolice" / "kentconstabulary" */
        static const char *const tails[] = {"police", "constabulary"};
        for (int t = 0; t < 2; t++) {
            size_t tn = strlen(tails[t]);
            if (n > tn && !strcmp(sq + n - tn, tails[t]) && strlen(d) == n - tn &&
                !strncmp(sq, d, n - tn))
                return keys->v[i].f;
        }
    }
    return NULL;
}

typedef struct fvote {
    const foi_force_def *f;
    double score;
    int first;
} fvote;

static void vote(fvote *v, size_t *nv, size_t max, const foi_force_def *f, double w, int order)
{
    for (size_t i = 0; i < *nv; i++)
        if (v[i].f == f) {
            v[i].score += w;
            return;
        }
    if (*nv < max) v[(*nv)++] = (fvote){f, w, order};
}

static size_t fold_words(const char *fold)
{
    size_t n = 0;
    bool in = false;
    for (const char *p = fold; *p; p++) {
        if (*p != ' ' && !in) n++;
        in = *p != ' ';
    }
    return n;
}

static const foi_force_def *pick(const fvote *v, size_t nv)
{
    const fvote *best = NULL;
    for (size_t i = 0; i < nv; i++)
        if (!best || v[i].score > best->score ||
            (v[i].score == best->score && v[i].first < best->first))
            best = &v[i];
    return best && best->score > 0 ? best->f : NULL;
}

#define MAX_HITS 16
#define MAX_VOTES 64

static void vote_line(const fkey_vec *keys, fvote *v, size_t *nv, const char *text,
                      const char *fold, double base_strong, double base_weak,
                      double standalone_bonus, int order)
{
    fhit hits[MAX_HITS];
    size_t nh = line_hits(keys, text, fold, hits, MAX_HITS);
    size_t words = fold_words(fold);
    for (size_t i = 0; i < nh; i++) {
        double w = hits[i].strong ? base_strong : base_weak;
        /* the line is little more than the name: letterhead, signature, site header */
        if (standalone_bonus > 0 && nh == 1 && words <= 6 && strlen(text) < 60)
            w += standalone_bonus;
        vote(v, nv, MAX_VOTES, hits[i].f, w, order);
    }
}

/* Verbs that say the named force is the one replying ("X Police holds", "received by X"). */
static bool speaks_as_force(const char *fold)
{
    static const char *const cues[] = {"has received",     "have received",
                                       "received by",      "holds",
                                       "does hold",        "do hold",
                                       "can confirm",      "can neither",
                                       "recorded",         "has a nil",
                                       "therefore has",    "within",
                                       "is held by",       "not held by",
                                       "complaint with",   "publishes",
                                       "information from", "on behalf of",
                                       "can advise",       "does not hold",
                                       "considers",        NULL};
    for (const char *const *c = cues; *c; c++)
        if (strstr(fold, *c)) return true;
    return false;
}

static const foi_force_def *force_vote(const fkey_vec *keys, foi_arena *a, const foi_doc *d,
                                       const mline_vec *lines)
{
    fvote v[MAX_VOTES];
    size_t nv = 0;
    int order = 0;
    for (size_t i = 0; i < d->meta.n; i++) {
        const char *val;
        char *k = meta_key(a, d->meta.v[i], &val);
        if (!key_in(k, force_keys)) continue;
        vote_line(keys, v, &nv, val, foi_fold(a, val), 100, 60, 0, order++);
    }
    if (d->title) vote_line(keys, v, &nv, d->title, foi_fold(a, d->title), 40, 20, 0, order++);
    for (size_t i = 0; i < lines->n; i++) {
        const mline *l = &lines->v[i];
        if (l->quoted) {
            vote_line(keys, v, &nv, l->text, l->fold, 1, 0.25, 0, order++);
            continue;
        }
        double s = 3, w = 1, bonus = 20;
        if (l->head) s += 5, w += 2;
        if (speaks_as_force(l->fold)) s += 5, w += 2;
        if (foi_startswith_ci(l->text, "force") || foi_startswith_ci(l->text, "organisation"))
            s += 40, w += 30;
        vote_line(keys, v, &nv, l->text, l->fold, s, w, bonus, order++);
        if (strchr(l->text, '@')) {
            const foi_force_def *f = force_of_domain(keys, a, l->text);
            if (f) vote(v, &nv, MAX_VOTES, f, 5, order++);
        }
    }
    return pick(v, nv);
}

const foi_force_def *foi_force_in_text(const foi_rules *r, foi_arena *a, const char *text)
{
    if (!text) return NULL;
    fkey_vec keys = {0};
    force_keys_build(r, a, &keys);
    foi_doc d = {.a = a, .text = (char *)text};
    mline_vec lines = {0};
    build_lines(a, &d, &lines);
    return force_vote(&keys, a, &d, &lines);
}

/* The first byte of foi_fold(s) without folding it: 0 when the fold is empty, -1 when a
 * byte >= 0x80 comes first (foi_clean may map it). */
static int fold_first(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) return -1;
        if (isalnum(*p)) return tolower(*p);
        if (*p == '&') return 'a'; /* "and" */
    }
    return 0;
}

/* A path part ("devon-and-cornwall", "Kent Police", "kent-foi-123") -> force. */
static const foi_force_def *force_of_part(const foi_rules *r, foi_arena *a, const char *part,
                                          bool whole_only)
{
    char *fold = foi_fold(a, part);
    if (!fold || !*fold) return NULL;
    size_t n = 0;
    const foi_force_def *fs = r ? foi_rules_forces(r, &n) : NULL;
    const foi_force_def *best = NULL;
    size_t best_len = 0;
    /* A name can only match where a word of the part starts with the name's first folded
     * letter (at the start, for a whole part): a test that spares folding every name of every
     * force for every path. */
    bool starts[256] = {false};
    for (const char *p = fold; *p; p++)
        if ((p == fold || p[-1] == ' ') && (!whole_only || p == fold))
            starts[(unsigned char)*p] = true;
    for (size_t i = 0; i < n; i++) {
        const foi_force_def *f = &fs[i];
        const char *names[64];
        size_t nn = 0;
        names[nn++] = f->name;
        if (f->short_name) names[nn++] = f->short_name;
        for (char **al = f->aliases; al && *al && nn < 64; al++)
            names[nn++] = *al;
        for (size_t j = 0; j < nn; j++) {
            if (!names[j] || strchr(names[j], ',')) continue;
            int c0 = fold_first(names[j]);
            if (c0 >= 0 && !starts[c0]) continue;
            char *k = foi_fold(a, names[j]);
            if (!k || !*k) continue;
            size_t kl = strlen(k);
            bool hit;
            if (whole_only) {
                /* the part is the name, or the name without "Police"/"Constabulary" */
                size_t fl = strlen(fold);
                hit = !strncmp(k, fold, fl) &&
                      (!k[fl] || !strcmp(k + fl, " police") || !strcmp(k + fl, " constabulary"));
            } else {
                /* in a file name: a full word sequence; abbreviations only at the start */
                if (kl <= 3)
                    hit = !strncmp(fold, k, kl) && (fold[kl] == ' ' || !fold[kl]);
                else
                    hit = fold_has(fold, k);
            }
            if (hit && kl > best_len) {
                best = f;
                best_len = kl;
            }
        }
    }
    return best;
}

const foi_force_def *foi_force_in_path(const foi_rules *r, foi_arena *a, const char *path)
{
    if (!path || !*path) return NULL;
    /* folders, deepest first, then the file name without its extension */
    const char *slash = strrchr(path, '/');
    const char *file = slash ? slash + 1 : path;
    if (slash) {
        char *dirs = foi_strndup(a, path, (size_t)(slash - path));
        for (;;) {
            char *s = strrchr(dirs, '/');
            const char *part = s ? s + 1 : dirs;
            const foi_force_def *f = force_of_part(r, a, part, true);
            if (f) return f;
            if (!s) break;
            *s = 0;
        }
    }
    char *name = foi_strdup(a, file);
    char *dot = strrchr(name, '.');
    if (dot && dot != name) *dot = 0;
    return force_of_part(r, a, name, false);
}

/* ---- reference ---------------------------------------------------------------------------- */

static bool ref_char(char c)
{
    return isalnum((unsigned char)c) || c == '/' || c == '.' || c == '-' || c == '_';
}

/* A reference as printed at the start of s ("FOI 2024/0123", "645- 24", "01/FIN/24/2153"),
 * or NULL. */
static char *ref_value(foi_arena *a, const char *s)
{
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *start = p;
    /* an upper-case prefix word: "FOI 2024/0123", "PUB 1254", "FOI: 38-25" */
    const char *q = p;
    while (isalpha((unsigned char)*q))
        q++;
    size_t wl = (size_t)(q - p);
    if (wl >= 2 && wl <= 5) {
        bool upper = true;
        for (const char *c = p; c < q; c++)
            if (!isupper((unsigned char)*c)) upper = false;
        const char *r = q;
        if (*r == ':' || *r == '.') r++;
        if (upper && *r == ' ' && isdigit((unsigned char)r[1]))
            p = r + 1;
        else if (upper && *r == ' ' && r[1] == ' ' && isdigit((unsigned char)r[2]))
            p = r + 2;
    }
    if (!isalnum((unsigned char)*p)) return NULL;
    const char *e = p;
    while (ref_char(*e))
        e++;
    /* "645- 24", "1024 - 24": a year part after a spaced hyphen */
    for (;;) {
        const char *t = e;
        while (*t == ' ')
            t++;
        if (*t == '-' || (*t == '/' && t > e)) {
            const char *u = t + 1;
            while (*u == ' ')
                u++;
            const char *dg = u;
            while (isdigit((unsigned char)*u))
                u++;
            if (u > dg && u - dg <= 4 && !isalpha((unsigned char)*u) && (t > e || u > t + 1) &&
                (t > e || *(t + 1) == ' ')) {
                e = u;
                continue;
            }
        }
        if (e > p && e[-1] == '-' && *e == ' ' && isdigit((unsigned char)e[1])) {
            const char *u = e + 1;
            while (isdigit((unsigned char)*u))
                u++;
            if (!isalpha((unsigned char)*u)) {
                e = u;
                continue;
            }
        }
        break;
    }
    while (e > p && (e[-1] == '.' || e[-1] == '-' || e[-1] == '/' || e[-1] == '_'))
        e--;
    if (e <= p) return NULL;
    bool digit = false;
    for (const char *c = p; c < e; c++)
        if (isdigit((unsigned char)*c)) digit = true;
    if (!digit || e - start > 40) return NULL;
    char *v = foi_strndup(a, start, (size_t)(e - start));
    /* a date is not a reference */
    char tmp[11];
    if (foi_date_parse(v, tmp)) return NULL;
    return v;
}

static bool other_request_line(const char *s)
{
    static const char *const cues[] = {"previous", "earlier",  "related", "refers", "see also",
                                       "similar",  "your ref", "prior",   NULL};
    for (const char *const *c = cues; *c; c++)
        if (foi_strcasestr(s, *c)) return true;
    return false;
}

/* "Reference: X" anywhere in a line; next is the following line (label and value on two). */
static char *ref_in_line(foi_arena *a, const char *s, const char *next)
{
    if (other_request_line(s)) return NULL;
    size_t from = 0;
    rmatch m;
    while (rx_find(RX_REF_LABEL, s, from, &m)) {
        from = m.e > m.s ? m.e : m.s + 1;
        if (group_set(&m, 1)) continue; /* "Your ref" */
        /* the label must start the line or follow a separator */
        if (m.s > 0) {
            char c = s[m.s - 1];
            bool sep = c == ' ' || c == '\t' || c == '|' || c == '(' || c == '[' || c == ',';
            if (!sep) continue;
        }
        char *v = ref_value(a, s + m.e);
        if (v) return v;
        if (!s[m.e] && next && !other_request_line(next)) {
            v = ref_value(a, next);
            if (v) return v;
        }
    }
    return NULL;
}

/* A reference leading a subject or title: "711-24 - Tiktok related crime",
 * "RE: FOI 2024/0123 ...", "Freedom of Information request FOI 904383/25 | Norfolk". */
static char *ref_leading(foi_arena *a, const char *s)
{
    if (!s) return NULL;
    const char *p = s;
    for (;;) {
        while (*p == ' ')
            p++;
        if (foi_startswith_ci(p, "re:") || foi_startswith_ci(p, "fw:"))
            p += 3;
        else if (foi_startswith_ci(p, "fwd:"))
            p += 4;
        else if (foi_startswith_ci(p, "subject:"))
            p += 8;
        else if (foi_startswith_ci(p, "freedom of information request"))
            p += 31;
        else if (foi_startswith_ci(p, "foi request"))
            p += 11;
        else
            break;
    }
    char *v = ref_value(a, p);
    if (!v) return NULL;
    /* a heading such as "2023 figures" or "Q1 answers" is not a reference: want a separator,
     * a prefix word, or a long number */
    size_t n = strlen(v), digits = 0;
    bool sep = strchr(v, ' ') || strchr(v, '/') || strchr(v, '-') || strchr(v, '.');
    for (const char *c = v; *c; c++)
        digits += isdigit((unsigned char)*c) != 0;
    if (n < 4 || digits < 3 || (!sep && digits < 5)) return NULL;
    return v;
}

/* ---- date --------------------------------------------------------------------------------- */

/* The date that makes up value (optionally followed by a time), into out. */
static bool date_value(const char *value, char out[11])
{
    char buf[96];
    size_t n = strlen(value);
    if (n == 0 || n >= sizeof buf) return false;
    memcpy(buf, value, n + 1);
    /* strip a trailing "(...)" note and punctuation */
    char *par = strchr(buf, '(');
    if (par && par > buf) *par = 0;
    n = strlen(buf);
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '.' || buf[n - 1] == ','))
        buf[--n] = 0;
    if (foi_date_parse(buf, out)) return true;
    /* "05-Mar-2024": hyphens between a day, a month name and a year */
    bool alpha = false;
    for (char *p = buf; *p; p++)
        alpha |= isalpha((unsigned char)*p) != 0;
    if (alpha && strchr(buf, '-')) {
        char tmp[96];
        memcpy(tmp, buf, n + 1);
        for (char *p = tmp; *p; p++)
            if (*p == '-') *p = ' ';
        if (foi_date_parse(tmp, out)) return true;
    }
    /* "Tue 05/03/2024": a weekday before a numeric date */
    static const char *const wd[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (size_t i = 0; i < 7; i++)
        if (!strncasecmp(buf, wd[i], 3)) {
            const char *p = buf;
            while (isalpha((unsigned char)*p))
                p++;
            while (*p == ',' || *p == ' ')
                p++;
            return p > buf + 2 && isdigit((unsigned char)*p) && foi_date_parse(p, out);
        }
    return false;
}

/* ---- suppression -------------------------------------------------------------------------- */

static long num_word(const char *s, size_t n)
{
    static const char *const w[] = {"zero", "one",   "two",   "three", "four", "five",
                                    "six",  "seven", "eight", "nine",  "ten"};
    if (n && isdigit((unsigned char)*s)) return strtol(s, NULL, 10);
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (strlen(w[i]) == n && !strncasecmp(s, w[i], n)) return (long)i;
    return -1;
}

static long group_num(const char *s, const rmatch *m, int g)
{
    if (!group_set(m, g)) return -1;
    return num_word(s + m->g[g - 1][0], m->g[g - 1][1] - m->g[g - 1][0]);
}

static bool defines_symbol(const char *s)
{
    static const char *const cues[] = {"=",        "denote",   "indicat",   "represent", "mean",
                                       "shown as", "replaced", "used",      "signif",    "suppress",
                                       "redact",   "marked",   "where the", NULL};
    for (const char *const *c = cues; *c; c++)
        if (foi_strcasestr(s, *c)) return true;
    return false;
}

static bool says_zero(const char *s)
{
    static const char *const cues[] = {"no crimes", "no offences",  "no records", "no incidents",
                                       "no cases",  "zero",         "nil",        "none",
                                       "no data",   "not recorded", "nothing",    NULL};
    for (const char *const *c = cues; *c; c++)
        if (foi_strcasestr(s, *c)) return true;
    return exact_has(s, "0");
}

static bool says_suppressed(const char *s)
{
    static const char *const cues[] = {"suppress", "redact",     "withh",        "protect",
                                       "fewer",    "less than",  "lower than",   "below",
                                       "under ",   "between",    "small number", "low number",
                                       "identif",  "disclosure", "values of",    "figures of",
                                       NULL};
    for (const char *const *c = cues; *c; c++)
        if (foi_strcasestr(s, *c)) return true;
    return false;
}

static void suppress_line(const char *s, foi_suppress *sup)
{
    if (!defines_symbol(s)) return;
    /* which symbol the line explains */
    char marker[8] = "";
    bool dash = false, blank = false;
    const char *lt = strchr(s, '<');
    rmatch m;
    if (rx_find(RX_MARKER_LEAD, s, 0, &m) || rx_find(RX_MARKER_SHOWN, s, 0, &m)) {
        size_t k = m.g[0][1] - m.g[0][0];
        const char *tok = s + m.g[0][0];
        if (k == 3 && tok[0] == '(' && tok[2] == ')') tok++, k = 1; /* "(*)", "(-)" */
        if (k < sizeof marker) memcpy(marker, tok, k);
    }
    if (*marker) {
        /* named above */
    } else if (strchr(s, '*') || foi_strcasestr(s, "asterisk")) {
        strcpy(marker, "*");
    } else if (lt && isdigit((unsigned char)lt[1])) {
        size_t k = 1;
        while (k < 4 && isdigit((unsigned char)lt[k]))
            k++;
        memcpy(marker, lt, k);
        marker[k] = 0;
    } else if (foi_has_word(s, "dash") || foi_has_word(s, "hyphen") || strstr(s, "(-)") ||
               strstr(s, "\"-\"") || !strncmp(s, "- ", 2) || strstr(s, "'-'")) {
        dash = true;
    } else if (foi_strcasestr(s, "blank") || foi_strcasestr(s, "empty cell")) {
        blank = true;
    } else {
        return;
    }
    if (!strcmp(marker, "-")) {
        dash = true;
        *marker = 0;
    }
    bool supp = says_suppressed(s);
    bool zero = says_zero(s) && !supp;
    if (blank) {
        if (zero) sup->blank_is_zero = true;
        return;
    }
    if (dash) {
        if (!supp) return; /* "A dash (-) indicates that no crimes were recorded": zero */
        sup->dash_is_suppressed = true;
        if (*sup->marker) return;
        strcpy(marker, "-");
    }
    if (!supp || *sup->marker) return;
    long min = -1, max = -1, thr = -1;
    if (rx_find(RX_BOUND_BETWEEN, s, 0, &m)) {
        min = group_num(s, &m, 1);
        max = group_num(s, &m, 2);
        if (min < 0 || max < min) min = max = -1;
    }
    if (max < 0 && rx_find(RX_BOUND_PAREN, s, 0, &m)) {
        min = group_num(s, &m, 1);
        max = group_num(s, &m, 2);
        if (min < 0 || max < min) min = max = -1;
    }
    if (max < 0 && rx_find(RX_BOUND_ORLESS, s, 0, &m)) {
        max = group_num(s, &m, 1);
        if (max >= 0) thr = max + 1;
    }
    if (max < 0) {
        size_t from = 0;
        while (rx_find(RX_BOUND_BELOW, s, from, &m)) {
            from = m.e;
            for (int g = 1; g <= 3 && thr < 0; g++)
                thr = group_num(s, &m, g);
            if (thr > 0) break;
        }
    }
    if (max < 0 && thr > 0) max = thr - 1;
    if (thr < 0 && max >= 0) thr = max + 1;
    if (min < 0 && max >= 0) min = max >= 1 ? 1 : 0;
    if (marker[0] == '<' && thr < 0) {
        thr = strtol(marker + 1, NULL, 10);
        max = thr - 1;
        min = 1;
    }
    strcpy(sup->marker, marker);
    if (max >= 0) {
        sup->min = min;
        sup->max = max;
        sup->threshold = thr;
    }
}

/* ---- refusal sections ---------------------------------------------------------------------- */

static bool exemption_number(int n)
{
    return n == 12 || n == 14 || (n >= 21 && n <= 44);
}

static bool boilerplate(const char *s)
{
    static const char *const cues[] = {"places two duties",
                                       "where exemptions are relied",
                                       "requires that we provide",
                                       "information commissioner",
                                       "internal review",
                                       "dissatisfied",
                                       "right of complaint",
                                       "complaint rights",
                                       "duty to assist",
                                       "when refusing",
                                       NULL};
    for (const char *const *c = cues; *c; c++)
        if (foi_strcasestr(s, *c)) return true;
    return false;
}

static bool suppression_note(const char *s)
{
    static const char *const cues[] = {"suppress",  "replaced with", "shown as",       "denote",
                                       "= a value", "asterisk",      "represented by", NULL};
    for (const char *const *c = cues; *c; c++)
        if (foi_strcasestr(s, *c)) return true;
    return false;
}

/* True when the citation at s[ms..me) is of another Act ("Theft Act 1968 Sec 21",
 * "Section 30 of the Sexual Offences Act"). */
static bool other_act(const char *s, size_t ms, size_t me)
{
    /* after: "of the X Act" up to the sentence end */
    const char *p = s + me;
    const char *act = NULL;
    for (const char *q = p; *q && *q != '.' && *q != ';' && q - p < 80; q++)
        if (!strncmp(q, "Act", 3) && !isalpha((unsigned char)q[3]) &&
            (q == s || !isalpha((unsigned char)q[-1]))) {
            act = q;
            break;
        }
    if (act) {
        char between[96];
        size_t n = (size_t)(act - p) < sizeof between - 1 ? (size_t)(act - p) : sizeof between - 1;
        memcpy(between, p, n);
        between[n] = 0;
        if (!foi_strcasestr(between, "freedom of information")) {
            /* "of the Act", "of this Act": FOIA itself */
            const char *b = between;
            while (*b == ' ' || *b == ',')
                b++;
            bool own = !*b || foi_startswith_ci(b, "of the ") || foi_startswith_ci(b, "of this ");
            if (own) {
                const char *w = b + 7;
                while (*w == ' ')
                    w++;
                if (*w && *b) own = false; /* "of the Theft Act" */
            }
            if (!own && !foi_strcasestr(between, "foi")) return true;
        }
    }
    /* abbreviated Acts straight after */
    static const char *const abbr[] = {"SOA",
                                       "PHA",
                                       "POA",
                                       "MCA",
                                       "CJA",
                                       "CJCA",
                                       "OAPA",
                                       "CDA",
                                       "SCA",
                                       "SOCPA",
                                       "CA 2003",
                                       "CA03",
                                       "Theft",
                                       "Sexual",
                                       "Public Order",
                                       "Protection from",
                                       "Criminal",
                                       "Communications",
                                       "Malicious",
                                       "Offences against",
                                       "Serious Crime",
                                       "Misuse of Drugs",
                                       "Firearms",
                                       "Road Traffic",
                                       "Computer Misuse",
                                       "Children",
                                       "Online Safety",
                                       "Modern Slavery",
                                       "Domestic Abuse",
                                       NULL};
    const char *r = p;
    while (*r == ' ' || *r == ',')
        r++;
    if (foi_startswith_ci(r, "of ")) r += 3;
    if (foi_startswith_ci(r, "the ")) r += 4;
    for (const char *const *a = abbr; *a; a++)
        if (foi_startswith_ci(r, *a) && !isalpha((unsigned char)r[strlen(*a)])) return true;
    /* before: "Theft Act 1968 Sec 21" */
    size_t from = ms > 40 ? ms - 40 : 0;
    char before[48];
    memcpy(before, s + from, ms - from);
    before[ms - from] = 0;
    size_t bl = strlen(before);
    while (bl && (before[bl - 1] == ' ' || before[bl - 1] == ',' || before[bl - 1] == '-' ||
                  before[bl - 1] == '('))
        before[--bl] = 0;
    while (bl && isdigit((unsigned char)before[bl - 1]))
        before[--bl] = 0;
    while (bl && before[bl - 1] == ' ')
        before[--bl] = 0;
    if (bl >= 3 && !strcmp(before + bl - 3, "Act") && !foi_strcasestr(before, "information") &&
        !foi_strcasestr(before, "FOI"))
        return true;
    return false;
}

typedef struct refusal_acc {
    bool sect[100];
    bool ncnd;
    bool applied; /* some exemption applied */
    bool partial;
    bool whole;
} refusal_acc;

static void sections_in(const char *s, bool list_ctx, refusal_acc *acc)
{
    size_t from = 0;
    rmatch m;
    bool ctx = list_ctx || rx_has(RX_REFUSE_CTX, s);
    if (!ctx || rx_has(RX_NEGATED, s) || boilerplate(s) || suppression_note(s)) return;
    while (rx_find(RX_SECTION, s, from, &m)) {
        from = m.e;
        /* subsections are not used: forces cite NCND subsections (31(3), 44(2)) loosely, so
         * NCND is read from the wording instead */
        int nums[8];
        size_t nn = 0;
        nums[nn++] = (int)strtol(s + m.g[0][0], NULL, 10);
        rmatch m2;
        size_t at = m.e;
        while (nn < 8 && rx_find(RX_SECT_MORE, s, at, &m2) && m2.s == at) {
            nums[nn++] = (int)strtol(s + m2.g[0][0], NULL, 10);
            at = m2.e;
        }
        from = at;
        if (other_act(s, m.s, at)) continue;
        for (size_t i = 0; i < nn; i++)
            if (exemption_number(nums[i])) {
                acc->sect[nums[i]] = true;
                acc->applied = true;
            }
    }
}

static char *refusal_string(foi_arena *a, const refusal_acc *acc)
{
    foi_buf b;
    foi_buf_init(&b, a);
    if (acc->ncnd) foi_buf_puts(&b, "NCND");
    for (int i = 0; i < 100; i++)
        if (acc->sect[i]) foi_buf_printf(&b, "%ss%d", b.len ? "+" : "", i);
    return b.s;
}

/* ---- status ------------------------------------------------------------------------------- */

/* RX_NIL, after a cheap test: each of its alternatives has "no" (none, not), "nil", "zero"
 * or "0" in it. */
static bool says_nil(const char *s)
{
    if (!strchr(s, '0') && !foi_strcasestr(s, "no") && !foi_strcasestr(s, "nil") &&
        !foi_strcasestr(s, "zero"))
        return false;
    return rx_has(RX_NIL, s);
}

static bool attachment_line(const char *s)
{
    /* every alternative of RX_ATTACHED names "attach..." or "enclo...": a cheap test first,
     * as most sentences say neither */
    if (!foi_strcasestr(s, "attach") && !foi_strcasestr(s, "enclo")) return false;
    if (!rx_has(RX_ATTACHED, s)) return false;
    static const char *const skip[] = {"complaint", "right of",       "rights", "review",
                                       "appeal",    "no attachments", NULL};
    for (const char *const *c = skip; *c; c++)
        if (foi_strcasestr(s, *c)) return false;
    return true;
}

static bool doc_has_numeric_grid(const foi_doc *d)
{
    for (size_t gi = 0; gi < d->grids.n; gi++) {
        const foi_grid *g = d->grids.v[gi];
        for (int r = 0; r < g->nrows; r++)
            for (int c = 0; c < g->ncols; c++) {
                const foi_cell *cell = foi_grid_at(g, r, c);
                if (cell->header) continue;
                const char *t = cell->text;
                if (!*t) continue;
                bool num = true;
                for (const char *p = t; *p; p++)
                    if (!isdigit((unsigned char)*p) && *p != ',' && *p != ' ') num = false;
                if (num && !(r == 0 && strlen(t) == 4)) return true;
            }
    }
    return false;
}

/* ---- entry point -------------------------------------------------------------------------- */

void foi_meta_read(const foi_rules *r, foi_arena *a, const foi_doc *doc, const char *path,
                   foi_meta *out, foi_diag_vec *diags)
{
    memset(out, 0, sizeof *out);
    out->force_code = out->force = out->reply_date = out->reference = out->platform = "";
    out->refusal = "";
    if (!doc) return;

    mline_vec lines = {0};
    build_lines(a, doc, &lines);

    /* force */
    fkey_vec keys = {0};
    force_keys_build(r, a, &keys);
    const foi_force_def *ft = force_vote(&keys, a, doc, &lines);
    const foi_force_def *fp = foi_force_in_path(r, a, path);
    const foi_force_def *f = ft ? ft : fp;
    if (ft && fp && ft != fp)
        foi_diag_add(a, diags, "", "force_conflict",
                     foi_sprintf(a, "the reply names %s but its path (%s) names %s", ft->name,
                                 path ? path : "", fp->name),
                     foi_sprintf(a, "check which force sent it; the text's %s is used", ft->name));
    if (!f)
        foi_diag_add(a, diags, "", "unknown_force",
                     "no police force named in the reply, its metadata or its path",
                     "file it under a folder named after the force (e.g. kent/)");
    if (f) {
        out->force_code = f->code ? f->code : "";
        out->force = f->name ? f->name : "";
        out->force_known = true;
    }

    /* metadata pairs: reference and date */
    const char *ref = NULL, *date = NULL, *late_date = NULL;
    char dbuf[11];
    for (size_t i = 0; i < doc->meta.n; i++) {
        const char *val;
        char *k = meta_key(a, doc->meta.v[i], &val);
        char *cv = foi_clean(a, val);
        if (!ref && key_in(k, ref_keys) && *cv) {
            char *v = ref_value(a, cv);
            if (v) ref = v;
        }
        if (!date && key_in(k, date_keys) && date_value(cv, dbuf)) date = foi_strdup(a, dbuf);
        if (!late_date && key_in(k, late_date_keys) && date_value(cv, dbuf))
            late_date = foi_strdup(a, dbuf);
    }

    /* text: labelled reference and dates; status; refusal; suppression */
    const char *label_date = NULL, *plain_date = NULL, *sent_date = NULL, *bare_date = NULL,
               *pub_date = NULL;
    const char *label_ref = NULL, *subject_ref = NULL;
    refusal_acc acc = {0};
    bool exempt_list = false, attached = false;
    for (size_t i = 0; i < lines.n; i++) {
        const mline *l = &lines.v[i];
        const char *s = l->text;
        const char *next = i + 1 < lines.n ? lines.v[i + 1].text : NULL;
        if (l->quoted) {
            exempt_list = false;
            continue;
        }
        /* a subject line echoes the request's wording; the letter's own label comes first */
        bool subject = foi_startswith_ci(s, "subject:");
        if (!label_ref && !subject) label_ref = ref_in_line(a, s, next);
        if (!subject_ref && subject) {
            subject_ref = ref_leading(a, s + 8);
            if (!subject_ref) subject_ref = ref_in_line(a, s, next);
        }

        rmatch m;
        if (rx_find(RX_DATE_LABEL, s, 0, &m)) {
            const char *v = s + m.e;
            bool ok = date_value(v, dbuf);
            if (!ok && !*v && next) ok = date_value(next, dbuf);
            if (ok) {
                if (group_set(&m, 1) && !label_date)
                    label_date = foi_strdup(a, dbuf);
                else if (group_set(&m, 2) && !plain_date)
                    plain_date = foi_strdup(a, dbuf);
                else if (group_set(&m, 3) && !sent_date)
                    sent_date = foi_strdup(a, dbuf);
                else if (group_set(&m, 4) && !pub_date)
                    pub_date = foi_strdup(a, dbuf);
            }
        } else if (!bare_date && (l->head || i < 12) && date_value(s, dbuf)) {
            bare_date = foi_strdup(a, dbuf);
        }

        /* status and refusal, sentence by sentence; the Section 1 duties paragraph is skipped */
        if (rx_has(RX_WHOLE, s)) acc.whole = true;
        if (foi_strcasestr(s, "places two duties")) continue;
        size_t ns = 0;
        char **ss = sentences(a, s, &ns);
        bool list_line = exempt_list && rx_find(RX_SECTION, s, 0, &m) && m.s < 4;
        for (size_t k = 0; k < ns; k++) {
            const char *t = ss[k];
            if (boilerplate(t)) continue;
            sections_in(t, list_line, &acc);
            if (rx_has(RX_NCND, t)) acc.ncnd = acc.applied = true;
            if (rx_has(RX_COST, t) && !rx_has(RX_NEGATED, t)) acc.sect[12] = acc.applied = true;
            if (rx_has(RX_VEXATIOUS, t) && !foi_strcasestr(t, "not vexatious"))
                acc.sect[14] = acc.applied = true;
            if (rx_has(RX_ACCESSIBLE, t)) acc.sect[21] = acc.applied = true;
            if (rx_has(RX_PARTIAL, t)) acc.partial = true;
            /* each alternative of RX_NOT_HELD says "held" or "hold": a cheap test first */
            if ((foi_strcasestr(t, "held") || foi_strcasestr(t, "hold")) &&
                rx_has(RX_NOT_HELD, t) && !foi_strcasestr(t, "does not hold all") &&
                !foi_strcasestr(t, "in a format"))
                out->not_held = true;
            if (says_nil(t) && !rx_has(RX_FOOTNOTE, t)) out->nil = true;
            if (attachment_line(t)) attached = true;
        }
        /* a footnote may be one sentence of a longer note ("... change. [c] indicates a figure
         * between 1 and 4 ...") */
        for (size_t k = 0; k < ns; k++)
            suppress_line(ss[k], &out->suppress);
        suppress_line(s, &out->suppress);
        /* "by virtue of the following exemption(s):" introduces a list of sections */
        size_t sl = strlen(s);
        if (sl && s[sl - 1] == ':' &&
            (foi_strcasestr(s, "exempt") || foi_strcasestr(s, "following")))
            exempt_list = true;
        else if (!list_line)
            exempt_list = false;
    }

    /* reference: metadata, then a labelled one, then a subject or title */
    if (!ref) ref = label_ref;
    if (!ref) ref = subject_ref;
    if (!ref && doc->title) ref = ref_leading(a, doc->title);
    out->reference = ref ? ref : "";

    if (!date) date = label_date;
    if (!date) date = plain_date;
    if (!date) date = sent_date;
    if (!date) date = bare_date;
    if (!date) date = late_date;
    if (!date) date = pub_date;
    out->reply_date = date ? date : "";

    if (acc.applied) {
        out->refusal = refusal_string(a, &acc);
        out->refused = !acc.partial || acc.whole;
    } else if (acc.whole) {
        out->refused = true; /* "Full refusal" with no section we could read */
    }
    out->attachment_only = attached && !doc_has_numeric_grid(doc);

    /* platform */
    foi_buf pb;
    foi_buf_init(&pb, a);
    if (doc->title) foi_buf_printf(&pb, "%s\n", doc->title);
    for (size_t i = 0; i < lines.n; i++)
        foi_buf_printf(&pb, "%s\n", lines.v[i].text);
    const char *pl = foi_platform_of_text(pb.s);
    /* a reply that never names its platform: the file name may ("FOI 782-23 TikTok.html"),
     * as a folder names the force */
    if (!pl && path) {
        const char *base = strrchr(path, '/');
        pl = foi_platform_of_text(base ? base + 1 : path);
    }
    out->platform = pl ? pl : "";
}
