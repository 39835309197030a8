/* normalize/value: a figure as written -> exact count, bounds, no record, or not a figure.
 *
 * The text is first folded into a small local buffer (Unicode dashes, "≤", non-breaking
 * spaces and footnote glyphs made ASCII or tagged, lower-cased, spaces collapsed), then read
 * by hand.  Decisions the contract leaves open:
 *   - "1 234" (plain space) is INVALID: in a cell it is as likely two figures run together as
 *     a thousands separator.  Thin or narrow no-break spaces ("1 234") are separators.
 *   - a trailing footnote reference ("12*", "12 (a)", "12¹", "12 [1]") leaves an exact 12;
 *     a marker on its own is suppression.
 *   - ranges ("1-4", "1 to 4") are suppression bands only when they start at 0 or 1 and end
 *     by 20: "12-15" is an age band, "645-24" a reference.
 *   - ">5", "5+", negative and decimal numbers are INVALID (to Review).
 */
#include "normalize/value.h"

#include <ctype.h>
#include <string.h>

#define FOLD_MAX 160
#define THIN '\x01'     /* thin / narrow no-break space: a thousands separator */
#define FOOTNOTE '\x02' /* dagger, superscript digit */

static void put(char *b, size_t *n, char c)
{
    if (*n + 1 < FOLD_MAX) b[(*n)++] = c;
}

static void puts_(char *b, size_t *n, const char *s)
{
    while (*s)
        put(b, n, *s++);
}

/* Fold text into b; false when it is too long to be a figure. */
static bool fold(const char *text, char b[FOLD_MAX])
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 0;
    if (strlen(text) >= FOLD_MAX) return false;
    while (*s) {
        if (s[0] == 0xC2 && s[1] == 0xA0) {
            put(b, &n, ' ');
            s += 2;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x89 || s[2] == 0xAF)) {
            put(b, &n, THIN);
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8B) {
            put(b, &n, ' ');
            s += 3;
        } else if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
            s += 3;
        } else if ((s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95) ||
                   (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)) {
            put(b, &n, '-');
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x89 && s[2] == 0xA4) { /* ≤ */
            puts_(b, &n, "<=");
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x89 && s[2] == 0xA5) { /* ≥ */
            puts_(b, &n, ">=");
            s += 3;
        } else if ((s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA0 || s[2] == 0xA1)) ||
                   (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xB0 && s[2] <= 0xB9)) {
            put(b, &n, FOOTNOTE);
            s += 3;
        } else if (s[0] == 0xC2 && (s[1] == 0xB9 || s[1] == 0xB2 || s[1] == 0xB3)) {
            put(b, &n, FOOTNOTE);
            s += 2;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA6) { /* … */
            puts_(b, &n, "..");
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99)) {
            put(b, &n, '\'');
            s += 3;
        } else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9C || s[2] == 0x9D)) {
            put(b, &n, '"');
            s += 3;
        } else if (strncmp((const char *)s, "&lt;", 4) == 0) {
            put(b, &n, '<');
            s += 4;
        } else if (strncmp((const char *)s, "&le;", 4) == 0) {
            puts_(b, &n, "<=");
            s += 4;
        } else if (strncmp((const char *)s, "&nbsp;", 6) == 0) {
            put(b, &n, ' ');
            s += 6;
        } else if (isspace(*s)) {
            put(b, &n, ' ');
            s++;
        } else {
            put(b, &n, (char)tolower(*s));
            s++;
        }
    }
    b[n] = 0;
    /* collapse spaces, trim */
    char *w = b;
    for (char *r = b; *r; r++) {
        if (*r == ' ' && (w == b || w[-1] == ' ')) continue;
        *w++ = *r;
    }
    while (w > b && w[-1] == ' ')
        w--;
    *w = 0;
    /* a wrapping pair of quotes is not part of the value */
    size_t len = strlen(b);
    if (len >= 2 && b[0] == '"' && b[len - 1] == '"') {
        memmove(b, b + 1, len - 2);
        b[len - 2] = 0;
    }
    return true;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0) return true;
    return false;
}

static const char *const zero_words[] = {
    "0",         "nil",         "none",    "zero",    "nil return", "none recorded", "nil recorded",
    "no crimes", "no offences", "0 (nil)", "nil (0)", "none (0)",   "0 (zero)",      NULL};

static const char *const none_words[] = {"n/a",
                                         "na",
                                         "n.a.",
                                         "n.a",
                                         "not applicable",
                                         "not recorded",
                                         "not available",
                                         "unknown",
                                         "not known",
                                         "n/k",
                                         "nk",
                                         "no data",
                                         "not held",
                                         "..",
                                         "...",
                                         "[z]",
                                         "null",
                                         "not collated",
                                         "no record",
                                         "no records",
                                         "data not available",
                                         "information not held",
                                         "not captured",
                                         "not provided",
                                         "no figure",
                                         "no figures",
                                         NULL};

static const char *const redact_words[] = {"redacted",
                                           "suppressed",
                                           "withheld",
                                           "not disclosed",
                                           "exempt",
                                           "supp",
                                           "supp.",
                                           "small number",
                                           "small numbers",
                                           "low number",
                                           "low numbers",
                                           "redacted*",
                                           "suppressed*",
                                           "c",
                                           "[c]",
                                           "[x]",
                                           "x",
                                           "~",
                                           "#",
                                           NULL};

static bool is_marker_chars(const char *s)
{
    if (!*s) return false;
    char c = *s;
    if (!strchr("*~#^", c) && c != FOOTNOTE) return false;
    for (; *s; s++)
        if (*s != c) return false;
    return true;
}

static const char *const num_words[] = {
    "zero",    "one",       "two",      "three",    "four",   "five",     "six",      "seven",
    "eight",   "nine",      "ten",      "eleven",   "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty", NULL};

/* Plain digits "12", "1,234", "77, 686", "1 234"; *end set past it.  -1 if none. */
static long read_number(const char *s, const char **end)
{
    const char *p = s;
    if (!isdigit((unsigned char)*p)) {
        for (int i = 0; num_words[i]; i++) {
            size_t n = strlen(num_words[i]);
            if (strncmp(p, num_words[i], n) == 0 && !isalnum((unsigned char)p[n])) {
                *end = p + n;
                return i;
            }
        }
        return -1;
    }
    long v = 0;
    int nd = 0, first = 0;
    while (isdigit((unsigned char)*p)) {
        if (++nd > 15) return -1;
        v = v * 10 + (*p++ - '0');
    }
    first = nd;
    for (;;) {
        const char *q = p;
        if (*q == ',') {
            q++;
            if (*q == ' ') q++;
        } else if (*q == THIN) {
            q++;
        } else {
            break;
        }
        if (!(isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) &&
              isdigit((unsigned char)q[2]) && !isdigit((unsigned char)q[3])))
            break;
        if (first > 3 || (first > 1 && s[0] == '0'))
            return -1; /* "1234,567" or "012,345": not a thousands grouping */
        for (int i = 0; i < 3; i++)
            v = v * 10 + (q[i] - '0');
        nd += 3;
        if (nd > 15) return -1;
        p = q + 3;
    }
    *end = p;
    return v;
}

/* A footnote reference after a figure: "*", " (a)", "[1]", "¹", or nothing. */
static bool footnote_tail(const char *s)
{
    while (*s == ' ')
        s++;
    if (!*s) return true;
    if (is_marker_chars(s)) return true;
    char open = s[0], close = open == '(' ? ')' : open == '[' ? ']' : 0;
    if (close) {
        const char *p = s + 1;
        if (isalpha((unsigned char)p[0]) && p[1] == close && !p[2]) return true;
        if (isdigit((unsigned char)p[0])) {
            while (isdigit((unsigned char)*p))
                p++;
            return *p == close && !p[1] && p - s <= 3;
        }
    }
    return false;
}

static foi_value mk(foi_value_kind k, long count, long min, long max)
{
    foi_value v = {k, count, min, max};
    return v;
}

static foi_value exact(long n)
{
    return mk(FOI_VALUE_EXACT, n, n, n);
}

static foi_value invalid(void)
{
    return mk(FOI_VALUE_INVALID, -1, -1, -1);
}

/* Bounds for a suppression marker with nothing but the reply's footnote to go on. */
static foi_value marker_bounds(const foi_suppress *sup, bool defined_marker)
{
    if (sup && defined_marker && sup->max > 0 && sup->min <= sup->max && sup->min >= 0)
        return mk(FOI_VALUE_BOUNDS, -1, sup->min, sup->max);
    if (sup && sup->threshold > 1) return mk(FOI_VALUE_BOUNDS, -1, 1, sup->threshold - 1);
    return mk(FOI_VALUE_BOUNDS, -1, 1, -1);
}

/* "<5", "< 5", "<=3", "less than 3", "fewer than five", "under 5". */
static bool upper_bound(const char *s, foi_value *out)
{
    bool inclusive = false;
    if (strncmp(s, "<=", 2) == 0) {
        inclusive = true;
        s += 2;
    } else if (*s == '<') {
        s++;
    } else {
        static const char *const lt[] = {"less than", "fewer than", "under",
                                         "below",     "lower than", NULL};
        static const char *const le[] = {"up to", "no more than", "not more than", "at most", NULL};
        bool hit = false;
        for (int i = 0; lt[i] && !hit; i++) {
            size_t n = strlen(lt[i]);
            if (strncmp(s, lt[i], n) == 0 && s[n] == ' ') {
                s += n;
                hit = true;
            }
        }
        for (int i = 0; le[i] && !hit; i++) {
            size_t n = strlen(le[i]);
            if (strncmp(s, le[i], n) == 0 && s[n] == ' ') {
                s += n;
                hit = inclusive = true;
            }
        }
        if (!hit) return false;
    }
    while (*s == ' ')
        s++;
    const char *end;
    long n = read_number(s, &end);
    if (n < 0 || !footnote_tail(end)) return false;
    long max = inclusive ? n : n - 1;
    if (max < 1) return false;
    *out = mk(FOI_VALUE_BOUNDS, -1, 1, max);
    return true;
}

/* "1-4", "1 - 4", "1 to 4", "between 1 and 4". */
static bool band(const char *s, foi_value *out)
{
    bool between = strncmp(s, "between ", 8) == 0;
    if (between) s += 8;
    if (!isdigit((unsigned char)*s)) return false;
    const char *end;
    long lo = read_number(s, &end);
    if (lo < 0 || end - s > 2) return false;
    s = end;
    while (*s == ' ')
        s++;
    if (between ? strncmp(s, "and", 3) == 0 : *s == '-')
        s += between ? 3 : 1;
    else if (strncmp(s, "to", 2) == 0)
        s += 2;
    else
        return false;
    while (*s == ' ')
        s++;
    if (!isdigit((unsigned char)*s)) return false;
    long hi = read_number(s, &end);
    if (hi < 0 || !footnote_tail(end)) return false;
    if (lo > 1 || hi <= lo || hi > 20) return false;
    *out = mk(FOI_VALUE_BOUNDS, -1, lo, hi);
    return true;
}

foi_value foi_value_parse(const char *text, const foi_suppress *sup)
{
    char b[FOLD_MAX];
    if (!text) return mk(FOI_VALUE_NONE, -1, -1, -1);
    if (!fold(text, b)) return invalid();
    if (!b[0]) return sup && sup->blank_is_zero ? exact(0) : mk(FOI_VALUE_NONE, -1, -1, -1);

    /* the reply's own marker first: it may be a letter or a dash */
    if (sup && sup->marker[0]) {
        char m[FOLD_MAX];
        if (fold(sup->marker, m) && m[0] && strcmp(b, m) == 0) return marker_bounds(sup, true);
    }
    bool dash = b[0] == '-' && (!b[1] || (b[1] == '-' && !b[2]));
    if (dash) return sup && sup->dash_is_suppressed ? marker_bounds(sup, true) : exact(0);
    if (in_list(b, zero_words)) return exact(0);
    if (in_list(b, none_words)) return mk(FOI_VALUE_NONE, -1, -1, -1);

    /* a bare marker, or a word saying the figure is withheld, possibly bracketed */
    char inner[FOLD_MAX];
    size_t len = strlen(b);
    if (len >= 3 && ((b[0] == '[' && b[len - 1] == ']') || (b[0] == '(' && b[len - 1] == ')'))) {
        memcpy(inner, b + 1, len - 2);
        inner[len - 2] = 0;
    } else {
        memcpy(inner, b, len + 1);
    }
    bool bracketed = strcmp(inner, b) != 0;
    /* the ONS/GSS shorthand: [c] confidential (suppressed), [x] not available, [z] not
     * applicable */
    if (bracketed && (!strcmp(inner, "x") || !strcmp(inner, "z")))
        return mk(FOI_VALUE_NONE, -1, -1, -1);
    if (is_marker_chars(b) || in_list(b, redact_words) || in_list(inner, redact_words) ||
        (bracketed && (!strcmp(inner, "c") || !strcmp(inner, "low")))) {
        bool defined = sup && sup->marker[0] == 0; /* a stated marker differs from this one */
        return marker_bounds(sup, defined);
    }

    foi_value v;
    if (upper_bound(b, &v) || band(b, &v)) return v;

    if (isdigit((unsigned char)b[0])) {
        const char *end;
        long n = read_number(b, &end);
        if (n >= 0 && footnote_tail(end)) return exact(n);
    }
    return invalid();
}

bool foi_value_is_figure(const char *text, const foi_suppress *sup)
{
    foi_value v = foi_value_parse(text, sup);
    return v.kind == FOI_VALUE_EXACT || v.kind == FOI_VALUE_BOUNDS;
}
