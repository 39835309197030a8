/* normalize/period: a small tokenizer and a hand-written parser over its tokens.
 *
 * Text is read in place (no allocation): Unicode dashes count as '-', non-breaking and thin
 * spaces as space.  Token offsets point into the original text so foi_period_find can report
 * the span it matched.  Dates are day-first.
 */
#include "normalize/period.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { T_NUM, T_WORD, T_PUNCT };

typedef struct tok {
    int type;
    int s, e;   /* byte span in the text */
    long num;   /* T_NUM value (saturated) */
    int nd;     /* T_NUM digit count */
    char w[16]; /* T_WORD lower-cased (truncated); T_PUNCT: w[0] */
    bool sp;    /* white space before this token */
    bool upper; /* T_WORD written in capitals */
} tok;

#define MAXTOK 64

typedef struct toks {
    const char *text;
    tok t[MAXTOK];
    int n;
    bool more; /* text continues beyond the window */
} toks;

/* Length of a UTF-8 sequence that reads as white space, else 0. */
static int utf8_space(const unsigned char *p)
{
    if (p[0] == 0xC2 && p[1] == 0xA0) return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8B) || p[2] == 0xAF)) return 3;
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) /* stray BOM */
        return 3;
    return 0;
}

/* Length of a UTF-8 dash (hyphen, en/em dash, minus), else 0. */
static int utf8_dash(const unsigned char *p)
{
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95) return 3;
    if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) return 3;
    return 0;
}

static int utf8_len(unsigned char c)
{
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

/* Tokenize from byte offset off; at most MAXTOK tokens. */
static void tokenize(const char *text, int off, toks *out)
{
    const unsigned char *s = (const unsigned char *)text;
    int i = off;
    out->text = text;
    out->n = 0;
    out->more = false;
    bool sp = (off == 0);
    for (;;) {
        int k;
        while (s[i]) {
            if (isspace(s[i]))
                i++;
            else if ((k = utf8_space(s + i)) > 0)
                i += k;
            else
                break;
            sp = true;
        }
        if (!s[i]) break;
        if (out->n == MAXTOK) {
            out->more = true;
            break;
        }
        tok *t = &out->t[out->n++];
        memset(t, 0, sizeof *t);
        t->s = i;
        t->sp = sp;
        sp = false;
        if (isdigit(s[i])) {
            t->type = T_NUM;
            while (isdigit(s[i])) {
                if (t->num < 100000000L) t->num = t->num * 10 + (s[i] - '0');
                t->nd++;
                i++;
            }
        } else if (isalpha(s[i])) {
            t->type = T_WORD;
            t->upper = true;
            int n = 0;
            while (isalpha(s[i])) {
                t->upper = t->upper && isupper(s[i]);
                if (n < (int)sizeof t->w - 1) t->w[n++] = (char)tolower(s[i]);
                i++;
            }
        } else if ((k = utf8_dash(s + i)) > 0) {
            t->type = T_PUNCT;
            t->w[0] = '-';
            i += k;
        } else if (s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x98 || s[i + 2] == 0x99)) {
            t->type = T_PUNCT;
            t->w[0] = '\'';
            i += 3;
        } else {
            t->type = T_PUNCT;
            int n = utf8_len(s[i]);
            t->w[0] = n == 1 ? (char)s[i] : '?';
            while (n-- > 0 && s[i])
                i++;
        }
        t->e = i;
    }
}

/* ---- token helpers ---- */

typedef struct P {
    const toks *k;
    int i;
} P;

static const tok *at(const P *p, int j)
{
    return j < p->k->n ? &p->k->t[j] : NULL;
}

static bool is_word(const tok *t, const char *w)
{
    /* the first letter decides most tries without a call: the parser tries every phrase at
     * every token */
    return t && t->type == T_WORD && t->w[0] == w[0] && strcmp(t->w, w) == 0;
}

static bool is_punct(const tok *t, char c)
{
    return t && t->type == T_PUNCT && t->w[0] == c;
}

static bool accept_word(P *p, const char *w)
{
    if (is_word(at(p, p->i), w)) {
        p->i++;
        return true;
    }
    return false;
}

static bool accept_punct(P *p, char c)
{
    if (is_punct(at(p, p->i), c)) {
        p->i++;
        return true;
    }
    return false;
}

/* Accept a sequence of words ("calendar year"); all or nothing.  Walks ws in place: this
 * runs for every phrase at every token, so no copy or strtok. */
static bool accept_words(P *p, const char *ws)
{
    int save = p->i;
    while (*ws) {
        const tok *t = at(p, p->i);
        size_t n = t && t->type == T_WORD && t->w[0] == *ws ? strcspn(ws, " ") : 0;
        /* t->w holds at most 15 letters, so strncmp stops before t->w[n] when n is longer */
        if (!n || strncmp(t->w, ws, n) != 0 || t->w[n] != 0) {
            p->i = save;
            return false;
        }
        p->i++;
        ws += n;
        while (*ws == ' ')
            ws++;
    }
    return true;
}

static int month_of(const char *w)
{
    static const char *const full[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
    size_t n = strlen(w);
    if (n < 3 || !strchr("adfjmnos", w[0])) return 0; /* no month starts otherwise */
    for (int m = 0; m < 12; m++)
        if (w[0] == full[m][0] && (n == 3 ? strncmp(w, full[m], 3) == 0 : strcmp(w, full[m]) == 0))
            return m + 1;
    if (strcmp(w, "sept") == 0) return 9;
    return 0;
}

/* A month name, with an optional abbreviation dot. */
static int accept_month(P *p)
{
    const tok *t = at(p, p->i);
    if (!t || t->type != T_WORD) return 0;
    int m = month_of(t->w);
    if (m) {
        p->i++;
        const tok *d = at(p, p->i);
        if (is_punct(d, '.') && !d->sp) p->i++;
    }
    return m;
}

static bool is_weekday(const char *w)
{
    static const char *const days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    size_t n = strlen(w);
    if (n < 3) return false;
    for (int i = 0; i < 7; i++)
        if (strncmp(w, days[i], n) == 0) return true;
    return false;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

static bool valid_date(int y, int m, int d)
{
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/* A year written with 4 digits (1990..2100) or, when two allowed, 2 digits -> 20xx. */
static int year_of(const tok *t, bool two)
{
    if (!t || t->type != T_NUM) return 0;
    if (t->nd == 4 && t->num >= 1990 && t->num <= 2100) return (int)t->num;
    if (two && t->nd == 2) return 2000 + (int)t->num;
    return 0;
}

static int accept_year(P *p, bool two)
{
    int y = year_of(at(p, p->i), two);
    if (y) p->i++;
    return y;
}

/* Day of month with optional ordinal suffix ("6th"). */
static int accept_day(P *p)
{
    const tok *t = at(p, p->i);
    if (!t || t->type != T_NUM || t->nd > 2 || t->num < 1 || t->num > 31) return 0;
    const tok *s = at(p, p->i + 1);
    p->i++;
    if (s && s->type == T_WORD && !s->sp &&
        (!strcmp(s->w, "st") || !strcmp(s->w, "nd") || !strcmp(s->w, "rd") || !strcmp(s->w, "th")))
        p->i++;
    return (int)t->num;
}

typedef struct ymd {
    int y, m, d;
} ymd;

/* A numeric date: 05/07/2024, 5.7.24, 05-07-2024, 2024-12-30.  No spaces inside. */
static bool p_numdate(P *p, ymd *out)
{
    int i = p->i;
    const tok *a = at(p, i), *s1 = at(p, i + 1), *b = at(p, i + 2), *s2 = at(p, i + 3),
              *c = at(p, i + 4);
    if (!a || !s1 || !b || !s2 || !c || a->type != T_NUM || b->type != T_NUM || c->type != T_NUM ||
        s1->type != T_PUNCT || s2->type != T_PUNCT || s1->w[0] != s2->w[0] ||
        !strchr("/.-", s1->w[0]) || s1->sp || b->sp || s2->sp || c->sp)
        return false;
    /* 1.2.3.4 or 01/02/2024/5 is something else */
    const tok *s3 = at(p, i + 5), *d = at(p, i + 6);
    if (s3 && !s3->sp && s3->type == T_PUNCT && s3->w[0] == s1->w[0] && d && d->type == T_NUM &&
        !d->sp)
        return false;
    ymd r;
    if (a->nd == 4 && b->nd <= 2 && c->nd <= 2 && s1->w[0] != '.') {
        r.y = (int)a->num;
        r.m = (int)b->num;
        r.d = (int)c->num;
    } else if (a->nd <= 2 && b->nd <= 2 && (c->nd == 4 || c->nd == 2)) {
        r.d = (int)a->num;
        r.m = (int)b->num;
        r.y = c->nd == 2 ? 2000 + (int)c->num : (int)c->num;
    } else {
        return false;
    }
    if (!valid_date(r.y, r.m, r.d)) return false;
    *out = r;
    p->i = i + 5;
    return true;
}

/* A written date: "[Friday,] 4th [of] August[,] 2023", "August 4, 2023".  With
 * year_optional, "1st April" gives y = 0 (the caller supplies the year). */
static bool p_textdate(P *p, ymd *out, bool year_optional)
{
    int save = p->i;
    const tok *t = at(p, p->i);
    if (t && t->type == T_WORD && is_weekday(t->w) && !month_of(t->w)) {
        p->i++;
        accept_punct(p, ',');
    }
    ymd r = {0, 0, 0};
    if ((r.d = accept_day(p)) != 0) {
        accept_word(p, "of");
        if (!(r.m = accept_month(p))) goto fail;
    } else if ((r.m = accept_month(p)) != 0) {
        if (!(r.d = accept_day(p))) goto fail;
    } else {
        goto fail;
    }
    int before_year = p->i;
    accept_punct(p, ',');
    if (!(r.y = accept_year(p, true))) {
        p->i = before_year;
        if (!year_optional) goto fail;
        if (r.d > mdays(2000, r.m)) /* 2000 is leap: 29 Feb allowed */
            goto fail;
    } else if (!valid_date(r.y, r.m, r.d)) {
        goto fail;
    }
    *out = r;
    return true;
fail:
    p->i = save;
    return false;
}

/* "05-Mar-2024", "5-Mar-24": a day, a month name and a year joined by dashes. */
static bool p_dashdate(P *p, ymd *out)
{
    int save = p->i;
    const tok *s1 = at(p, p->i + 1);
    ymd r;
    if (!(r.d = accept_day(p)) || !is_punct(s1, '-') || s1->sp) goto fail;
    p->i++;
    const tok *mt = at(p, p->i);
    if (!mt || mt->sp || !(r.m = accept_month(p))) goto fail;
    const tok *s2 = at(p, p->i), *yt = at(p, p->i + 1);
    if (!is_punct(s2, '-') || s2->sp || !yt || yt->sp) goto fail;
    p->i++;
    if (!(r.y = accept_year(p, true)) || !valid_date(r.y, r.m, r.d)) goto fail;
    *out = r;
    return true;
fail:
    p->i = save;
    return false;
}

static bool p_date(P *p, ymd *out, bool year_optional)
{
    if (p_numdate(p, out) || p_dashdate(p, out) || p_textdate(p, out, year_optional)) return true;
    /* "Tue 05/03/2024", "Tuesday, 05-Mar-2024" */
    int save = p->i;
    const tok *t = at(p, p->i);
    if (t && t->type == T_WORD && is_weekday(t->w) && !month_of(t->w)) {
        p->i++;
        accept_punct(p, ',');
        if (p_numdate(p, out) || p_dashdate(p, out)) return true;
    }
    p->i = save;
    return false;
}

/* Trailing time of day: "10:20", "16:22:05", "at 10.20am", "+0100", "GMT". */
static void p_time(P *p)
{
    int save = p->i;
    accept_word(p, "at");
    const tok *h = at(p, p->i), *c = at(p, p->i + 1), *m = at(p, p->i + 2);
    if (h && h->type == T_NUM && h->nd <= 2 && c && (is_punct(c, ':') || is_punct(c, '.')) && m &&
        m->type == T_NUM && m->nd == 2) {
        p->i += 3;
        if (is_punct(at(p, p->i), ':') && at(p, p->i + 1) && at(p, p->i + 1)->type == T_NUM)
            p->i += 2;
    } else if (h && h->type == T_NUM && h->nd <= 2 && at(p, p->i + 1) &&
               (is_word(at(p, p->i + 1), "am") || is_word(at(p, p->i + 1), "pm"))) {
        p->i += 1;
    } else {
        p->i = save;
        return;
    }
    if (!accept_word(p, "am")) accept_word(p, "pm");
    if (!accept_word(p, "gmt") && !accept_word(p, "bst") && !accept_word(p, "utc")) {
        const tok *sg = at(p, p->i), *z = at(p, p->i + 1);
        if ((is_punct(sg, '+') || is_punct(sg, '-')) && z && z->type == T_NUM && z->nd == 4)
            p->i += 2;
    }
}

static void fmt_date(char out[11], int y, int m, int d)
{
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
}

bool foi_date_parse(const char *text, char out[11])
{
    if (!text) return false;
    toks k;
    tokenize(text, 0, &k);
    if (k.more || k.n == 0) return false;
    P p = {&k, 0};
    ymd r;
    if (!p_date(&p, &r, false)) return false;
    p_time(&p);
    if (!accept_punct(&p, '.')) accept_punct(&p, ',');
    if (p.i != k.n) return false;
    fmt_date(out, r.y, r.m, r.d);
    return true;
}

/* ---- periods ---- */

enum { K_CAL, K_FY, K_MONTH, K_RANGE, K_SPAN };

typedef struct core {
    ymd s, e;
    int kind;
    bool open;    /* "... to date": end comes from the reply date */
    bool partial; /* footnote marker or a stated partial end */
} core;

static int cmp_ymd(ymd a, ymd b)
{
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    return a.d < b.d ? -1 : a.d > b.d;
}

static ymd mk(int y, int m, int d)
{
    return (ymd){y, m, d};
}

static ymd month_end(int y, int m)
{
    return mk(y, m, mdays(y, m));
}

/* Range separators: "-", "to", "until", "till", "through", "and" (after "between"). */
static bool accept_rangesep(P *p, bool between)
{
    int save = p->i;
    if (accept_punct(p, '-')) {
        accept_word(p, "to");
        return true;
    }
    if (accept_word(p, "to") || accept_word(p, "until") || accept_word(p, "till") ||
        accept_word(p, "through") || accept_word(p, "thru") || accept_words(p, "up to"))
        return true;
    if (between && accept_word(p, "and")) return true;
    p->i = save;
    return false;
}

/* "date", "present", "now", "today": the end is the reply date. */
static bool accept_openword(P *p)
{
    int save = p->i;
    accept_word(p, "the");
    if (accept_word(p, "date") || accept_word(p, "present") || accept_word(p, "now") ||
        accept_word(p, "today")) {
        accept_word(p, "day");
        return true;
    }
    p->i = save;
    return false;
}

/* A year after a month: "April 2021", "Apr-21", "Apr '21", "Apr 21" (two digits only when
 * the caller allows, as in a range or a whole label). */
static int accept_month_year(P *p, bool two_spaced)
{
    int save = p->i;
    const tok *t = at(p, p->i), *n = at(p, p->i + 1);
    if ((is_punct(t, '-') || is_punct(t, '\'') || is_punct(t, '/')) && n && !n->sp &&
        n->type == T_NUM) {
        p->i++;
        int y = accept_year(p, true);
        if (y) return y;
        p->i = save;
        return 0;
    }
    accept_punct(p, ',');
    int y = accept_year(p, false);
    if (!y && two_spaced) y = accept_year(p, true);
    if (!y) p->i = save;
    return y;
}

/* Explicit dates: "01/04/2022-31/03/2023", "6th Apr 2021 to 5th Apr 2022",
 * "1 Jan 2024 - present", "1st April to 30th June 2024". */
static bool p_daterange(P *p, bool between, core *c)
{
    int save = p->i;
    ymd a, b;
    if (!p_date(p, &a, true) || !accept_rangesep(p, between)) goto fail;
    if (a.y && accept_openword(p)) {
        c->s = a;
        c->open = true;
        c->kind = K_RANGE;
        return true;
    }
    if (!p_date(p, &b, false)) goto fail;
    if (!a.y) {
        a.y = b.y;
        if (cmp_ymd(a, b) > 0) a.y--;
        if (!valid_date(a.y, a.m, a.d)) goto fail;
    }
    if (cmp_ymd(a, b) > 0) goto fail;
    c->s = a;
    c->e = b;
    c->kind = K_RANGE;
    return true;
fail:
    p->i = save;
    return false;
}

/* Month ranges: "April 2021 to March 2022", "Apr-21 to Mar-22", "Jan-Dec 2021",
 * "Jan 2024 - present"; and a single month "January 2024". */
static bool p_months(P *p, bool between, bool whole, core *c)
{
    int save = p->i;
    int m1 = accept_month(p);
    if (!m1) return false;
    int y1 = accept_month_year(p, whole);
    int mid = p->i;
    if (accept_rangesep(p, between)) {
        if (y1 && accept_openword(p)) {
            c->s = mk(y1, m1, 1);
            c->open = true;
            c->kind = K_RANGE;
            return true;
        }
        int m2 = accept_month(p);
        int y2 = m2 ? accept_month_year(p, true) : 0;
        if (m2 && y2) {
            if (!y1) y1 = m1 <= m2 ? y2 : y2 - 1;
            c->s = mk(y1, m1, 1);
            c->e = month_end(y2, m2);
            if (cmp_ymd(c->s, c->e) > 0) goto fail;
            c->kind = K_RANGE;
            return true;
        }
        p->i = mid;
    }
    if (!y1) goto fail;
    c->s = mk(y1, m1, 1);
    c->e = month_end(y1, m1);
    c->kind = K_MONTH;
    return true;
fail:
    p->i = save;
    return false;
}

/* A financial year "2021/22", "2021-2022", "2023 - 2024"; with fy, also "21/22". */
static bool p_fy(P *p, bool fy, int *y)
{
    int save = p->i;
    const tok *a = at(p, p->i);
    int y1 = year_of(a, false);
    if (!y1 && fy && a && a->type == T_NUM && a->nd == 2) y1 = 2000 + (int)a->num;
    if (!y1) return false;
    p->i++;
    const tok *sep = at(p, p->i), *b = at(p, p->i + 1);
    if (!(is_punct(sep, '/') || is_punct(sep, '-')) || !b || b->type != T_NUM) goto fail;
    /* "2021/22" must be tight; two four-digit years may have spaces round the dash */
    if ((sep->sp || b->sp) && !(a->nd == 4 && b->nd == 4 && sep->w[0] == '-')) goto fail;
    if (!((b->nd == 2 && b->num == (y1 + 1) % 100) || (b->nd == 4 && b->num == y1 + 1))) goto fail;
    p->i += 2;
    /* "2021/22/23" or "2021-22-01" is something else */
    const tok *x = at(p, p->i), *xn = at(p, p->i + 1);
    if (x && !x->sp && (is_punct(x, '/') || is_punct(x, '-')) && xn && xn->type == T_NUM && !xn->sp)
        goto fail;
    *y = y1;
    return true;
fail:
    p->i = save;
    return false;
}

/* "Q1" / "Quarter 1" / "H1": returns 1..4 with *half set for halves. */
static int accept_qh(P *p, bool *half)
{
    int save = p->i;
    const tok *t = at(p, p->i), *n = at(p, p->i + 1);
    if ((is_word(t, "q") || is_word(t, "h")) && n && n->type == T_NUM && !n->sp) {
        *half = t->w[0] == 'h';
        if (n->num >= 1 && n->num <= (*half ? 2 : 4)) {
            p->i += 2;
            return (int)n->num;
        }
        return 0;
    }
    if (accept_word(p, "quarter")) {
        const tok *q = at(p, p->i);
        if (q && q->type == T_NUM && q->num >= 1 && q->num <= 4) {
            p->i++;
            *half = false;
            return (int)q->num;
        }
    }
    p->i = save;
    return 0;
}

static void set_qh(core *c, int y, bool fin, int q, bool half)
{
    int len = half ? 6 : 3;
    int m = (q - 1) * len + (fin ? 4 : 1);
    int ys = y + (m > 12), ms = (m - 1) % 12 + 1;
    int me = ms + len - 1, ye = ys + (me > 12);
    me = (me - 1) % 12 + 1;
    c->s = mk(ys, ms, 1);
    c->e = month_end(ye, me);
    c->kind = K_SPAN;
}

/* "Q1 2024", "2024 Q1", "Q1 2024/25" (financial quarters), "H1 2024". */
static bool p_quarter(P *p, bool fy, core *c)
{
    int save = p->i;
    bool half = false;
    int y;
    int q = accept_qh(p, &half);
    if (q) {
        accept_punct(p, '-');
        bool fin = fy && accept_word(p, "fy");
        if (!fin) fin = accept_word(p, "fy") || fy;
        if (p_fy(p, fin, &y)) {
            set_qh(c, y, true, q, half);
            return true;
        }
        if (!fin && (y = accept_year(p, false)) != 0) {
            set_qh(c, y, false, q, half);
            return true;
        }
        p->i = save;
        return false;
    }
    bool fin = p_fy(p, fy, &y);
    if (!fin && (fy || !(y = accept_year(p, false)))) goto fail;
    accept_punct(p, '-');
    accept_punct(p, ',');
    if (!(q = accept_qh(p, &half))) goto fail;
    set_qh(c, y, fin, q, half);
    return true;
fail:
    p->i = save;
    return false;
}

/* "year ending March 2023", "12 months to 31/03/2023". */
static bool p_year_ending(P *p, core *c)
{
    int save = p->i;
    const tok *n12 = at(p, p->i);
    if (n12 && n12->type == T_NUM && n12->num == 12 && is_word(at(p, p->i + 1), "months")) p->i++;
    if (!(accept_words(p, "year ending") || accept_words(p, "year end") ||
          accept_words(p, "year ended") || accept_words(p, "year to") ||
          accept_words(p, "months to") || accept_words(p, "months ending") ||
          accept_words(p, "months ended") || accept_words(p, "twelve months to") ||
          accept_words(p, "twelve months ending"))) {
        p->i = save;
        return false;
    }
    ymd e;
    if (p_date(p, &e, false)) {
        ymd s = e;
        s.y--;
        if (s.d == mdays(s.y, s.m) || (e.m == 2 && e.d == 29)) { /* end of month -> next 1st */
            s.m = s.m % 12 + 1;
            s.y += s.m == 1;
            s.d = 1;
        } else {
            s.d++;
        }
        c->s = s;
        c->e = e;
    } else {
        int m = accept_month(p);
        int y = m ? accept_month_year(p, false) : 0;
        if (!y) {
            p->i = save;
            return false;
        }
        c->e = month_end(y, m);
        c->s = m == 12 ? mk(y, 1, 1) : mk(y - 1, m + 1, 1);
    }
    c->kind = K_SPAN;
    return true;
}

/* The year for a day/month written without one inside period c ("2023 (to July)"). */
static bool resolve_in(const core *c, int m, int d, ymd *out)
{
    for (int y = c->s.y; y <= c->s.y + 1; y++) {
        ymd r = mk(y, m, d ? d : mdays(y, m));
        if (valid_date(y, r.m, r.d) && cmp_ymd(r, c->s) >= 0 && cmp_ymd(r, c->e) <= 0) {
            *out = r;
            return true;
        }
    }
    return false;
}

/* A partial end inside brackets or after "to": "July", "31 July", "31/07/2023", "end of July". */
static bool p_partial_end(P *p, core *c)
{
    int save = p->i;
    accept_words(p, "the end of");
    accept_words(p, "end of");
    ymd d;
    if (p_date(p, &d, true)) {
        if (!d.y && !resolve_in(c, d.m, d.d, &d)) goto fail;
    } else {
        int m = accept_month(p);
        if (!m) goto fail;
        int y = accept_month_year(p, false);
        if (y)
            d = month_end(y, m);
        else if (!resolve_in(c, m, 0, &d))
            goto fail;
    }
    if (cmp_ymd(d, c->s) < 0 || cmp_ymd(d, c->e) > 0) goto fail;
    c->e = d;
    c->partial = true;
    return true;
fail:
    p->i = save;
    return false;
}

/* "(Jan - Jul)", "(1 Jan - 30 Jun)" after a year: the part of it covered. */
static bool p_partial_range(P *p, core *c)
{
    int save = p->i;
    ymd a, b;
    int m1, m2;
    if (p_textdate(p, &a, true) && accept_rangesep(p, false) && p_textdate(p, &b, true)) {
        if (a.y || b.y) goto fail;
        if (!resolve_in(c, a.m, a.d, &a) || !resolve_in(c, b.m, b.d, &b)) goto fail;
    } else {
        p->i = save;
        if (!(m1 = accept_month(p)) || !accept_rangesep(p, false) || !(m2 = accept_month(p)))
            goto fail;
        if (!resolve_in(c, m1, 1, &a) || !resolve_in(c, m2, 0, &b)) goto fail;
    }
    if (cmp_ymd(a, b) > 0) goto fail;
    c->s = a;
    c->e = b;
    c->partial = true;
    return true;
fail:
    p->i = save;
    return false;
}

/* Dagger, double dagger, superscript digits: footnote references. */
static bool footnote_glyph(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA0 || u[2] == 0xA1)) return true;
    if (u[0] == 0xC2 && (u[1] == 0xB9 || u[1] == 0xB2 || u[1] == 0xB3)) return true;
    return u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xB0 && u[2] <= 0xB9;
}

/* Markers after a period: footnote stars, "(to date)", "YTD", "(so far)", "(to July)",
 * "FY", "(calendar year)".  Returns false on a marker contradicting the period. */
static bool p_suffixes(P *p, core *c)
{
    for (;;) {
        int save = p->i;
        const tok *t = at(p, p->i);
        if (!t) return true;
        if (t->type == T_PUNCT && strchr("*^+", t->w[0]) && !(t->w[0] == '+' && t->sp)) {
            p->i++;
            c->partial = true;
            continue;
        }
        if (t->type == T_PUNCT && t->w[0] == '?' && footnote_glyph(p->k->text + t->s)) {
            p->i++;
            c->partial = true;
            continue;
        }
        bool paren = accept_punct(p, '(') || accept_punct(p, '[');
        bool ok = false;
        /* a lettered note reference: "2019(a)" */
        if (paren && is_punct(at(p, p->i + 1), ')')) {
            const tok *n = at(p, p->i);
            if (n && ((n->type == T_WORD && n->w[0] >= 'a' && n->w[0] <= 'e' && !n->w[1]) ||
                      (n->type == T_NUM && n->nd == 1 && n->num >= 1))) {
                p->i += 2;
                c->partial = true;
                continue;
            }
        }
        if (accept_words(p, "to date") || accept_words(p, "year to date") ||
            accept_words(p, "so far") || accept_word(p, "ytd") || accept_word(p, "fytd") ||
            accept_words(p, "to present") || accept_words(p, "up to date") ||
            accept_words(p, "until present") || accept_words(p, "part year") ||
            accept_words(p, "partial year") || accept_word(p, "partial") ||
            accept_word(p, "incomplete") || accept_words(p, "up to present") ||
            accept_words(p, "until date")) {
            c->open = true;
            ok = true;
        } else if (accept_punct(p, '-') && (accept_word(p, "to"), accept_openword(p))) {
            c->open = true;
            ok = true;
        } else if ((accept_word(p, "fy") || accept_words(p, "financial year") ||
                    accept_words(p, "fiscal year"))) {
            ok = c->kind == K_FY;
            if (!ok) return false;
        } else if (accept_words(p, "calendar year")) {
            ok = c->kind == K_CAL;
            if (!ok) return false;
        } else if (accept_word(p, "inclusive")) {
            ok = true;
        } else if (paren && (c->kind == K_CAL || c->kind == K_FY)) {
            int in = p->i;
            if (accept_word(p, "to") || accept_words(p, "up to") || accept_word(p, "until") ||
                accept_word(p, "till"))
                ok = p_partial_end(p, c);
            if (!ok) {
                p->i = in;
                ok = p_partial_range(p, c);
            }
        } else if (!paren && (c->kind == K_CAL || c->kind == K_FY) &&
                   (accept_words(p, "up to") || accept_word(p, "until") ||
                    accept_word(p, "till"))) {
            ok = p_partial_end(p, c);
        }
        if (ok && paren) ok = accept_punct(p, ')') || accept_punct(p, ']');
        if (!ok) {
            p->i = save;
            return true;
        }
    }
}

/* Words before a period: kept in the match, they set what a bare number means. */
typedef struct pre {
    bool fy, cal, between, from, since, open;
} pre;

static void p_prefixes(P *p, pre *f)
{
    for (;;) {
        if (accept_words(p, "financial year") || accept_words(p, "fiscal year") ||
            accept_word(p, "fy") || accept_word(p, "financial") || accept_word(p, "fiscal")) {
            f->fy = true;
        } else if (accept_words(p, "calendar year") || accept_word(p, "cy") ||
                   accept_word(p, "calendar")) {
            f->cal = true;
        } else if (accept_words(p, "so far in") || accept_words(p, "to date in") ||
                   accept_words(p, "year to date") || accept_word(p, "ytd")) {
            f->open = true;
        } else if (accept_word(p, "between")) {
            f->between = true;
        } else if (accept_word(p, "from")) {
            f->from = true;
        } else if (accept_word(p, "since")) {
            f->since = true;
        } else if ((is_word(at(p, p->i), "year") &&
                    !(is_word(at(p, p->i + 1), "ending") || is_word(at(p, p->i + 1), "end") ||
                      is_word(at(p, p->i + 1), "ended") || is_word(at(p, p->i + 1), "to")) &&
                    accept_word(p, "year")) ||
                   accept_word(p, "years") || accept_word(p, "period") ||
                   accept_words(p, "reporting period") || accept_words(p, "time period") ||
                   accept_words(p, "date range") || accept_word(p, "dates") ||
                   accept_word(p, "in") || accept_word(p, "during") || accept_word(p, "for") ||
                   accept_word(p, "over") || accept_word(p, "throughout") ||
                   accept_word(p, "the")) {
        } else if (accept_punct(p, ':')) {
        } else {
            return;
        }
    }
}

/* One period at p->i.  whole: a label (two-digit years after month names allowed). */
static bool p_period1(P *p, bool whole, core *c)
{
    int save = p->i;
    pre f = {0};
    memset(c, 0, sizeof *c);
    if (p_year_ending(p, c)) goto suffixes;
    p_prefixes(p, &f);
    if (f.fy && f.cal) goto fail;
    int y;
    ymd d;
    if (f.since) {
        int m;
        if (p_date(p, &d, false)) {
            c->s = d;
        } else if ((m = accept_month(p)) != 0 && (y = accept_month_year(p, false)) != 0) {
            c->s = mk(y, m, 1);
        } else if ((y = accept_year(p, false)) != 0) {
            c->s = mk(y, 1, 1);
        } else {
            goto fail;
        }
        c->kind = K_RANGE;
        c->open = true;
        return true;
    }
    if (p_year_ending(p, c) || p_daterange(p, f.between, c) || p_quarter(p, f.fy, c) ||
        p_months(p, f.between, whole, c)) {
        if (f.fy && c->kind != K_SPAN &&
            !(c->kind == K_RANGE && c->s.m == 4 && c->s.d == 1 && c->e.y == c->s.y + 1))
            goto fail;
    } else if (p_fy(p, f.fy, &y)) {
        if (f.cal) goto fail;
        c->s = mk(y, 4, 1);
        c->e = mk(y + 1, 3, 31);
        c->kind = K_FY;
    } else if ((y = accept_year(p, false)) != 0) {
        int mid = p->i;
        int y2 = 0;
        /* "2021 to 2023", "between 2021 and 2023": whole calendar years */
        if (accept_rangesep(p, f.between) && !is_punct(at(p, mid), '-') &&
            (y2 = accept_year(p, false)) != 0 && y2 > y) {
            if (y2 == y + 1 && !(f.between || f.from || f.cal))
                goto fail; /* "2021 to 2022": a financial year or two years? */
            if (f.fy) goto fail;
            c->s = mk(y, 1, 1);
            c->e = mk(y2, 12, 31);
            c->kind = K_SPAN;
        } else {
            p->i = mid;
            if (f.fy) goto fail; /* "financial year 2021": which one? */
            c->s = mk(y, 1, 1);
            c->e = mk(y, 12, 31);
            c->kind = K_CAL;
        }
    } else {
        goto fail;
    }
suffixes:
    if (!p_suffixes(p, c)) goto fail;
    if (f.open) c->open = true;
    return true;
fail:
    p->i = save;
    return false;
}

/* A period, or a span of financial years: "2020-21 to 2022-23", "2022/2023 to 2024/2025
 * (so far)" - from the first year's start to the last one's end. */
static bool p_period(P *p, bool whole, core *c)
{
    if (!p_period1(p, whole, c)) return false;
    if (c->kind != K_FY || c->open) return true;
    int save = p->i;
    core c2;
    if (accept_rangesep(p, false) && p_period1(p, whole, &c2) && c2.kind == K_FY &&
        cmp_ymd(c2.s, c->s) > 0) {
        c->e = c2.e;
        c->open = c2.open;
        c->partial = c2.partial;
        c->kind = K_SPAN;
        return true;
    }
    p->i = save;
    return true;
}

static bool iso_date_ok(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
    return valid_date(y, m, d);
}

static void fill(const core *c, const char *reply_date, foi_period *out)
{
    memset(out, 0, sizeof *out);
    fmt_date(out->start, c->s.y, c->s.m, c->s.d);
    out->open = c->open;
    out->partial = c->partial;
    if (!c->open) {
        fmt_date(out->end, c->e.y, c->e.m, c->e.d);
        return;
    }
    char rd[11] = "";
    if (iso_date_ok(reply_date))
        memcpy(rd, reply_date, 11);
    else if (!reply_date || !foi_date_parse(reply_date, rd))
        rd[0] = 0;
    if (rd[0] && strcmp(rd, out->start) >= 0) memcpy(out->end, rd, 11);
}

bool foi_period_parse(const char *text, const char *reply_date, foi_period *out)
{
    if (!text || !out) return false;
    toks k;
    tokenize(text, 0, &k);
    if (k.more || k.n == 0) return false;
    P p = {&k, 0};
    core c;
    if (!p_period(&p, true, &c) || p.i != k.n) return false;
    fill(&c, reply_date, out);
    return true;
}

/* Words after which a year is a statute, a section or a reference, not a period. */
static bool non_period_before(const tok *t)
{
    static const char *const words[] = {
        "act",      "acts",     "regulations", "regulation", "order",     "bill",    "section",
        "s",        "sect",     "ref",         "reference",  "no",        "number",  "foi",
        "foia",     "code",     "page",        "para",       "paragraph", "rule",    "article",
        "schedule", "annex",    "appendix",    "version",    "v",         "table",   "figure",
        "item",     "form",     "tel",         "telephone",  "phone",     "ext",     "extension",
        "room",     "box",      "po",          "ss",         "sections",  "request", "case",
        "crime",    "incident", "log",         "urn",        "id",        "pub",     "disclosure"};
    if (!t || t->type != T_WORD) return false;
    /* statute abbreviations: "CA 2003", "SOA 2003", "PHA 1997", "FOIA 2000" */
    size_t n = strlen(t->w);
    if (t->upper && n >= 2 && n <= 5 && t->w[n - 1] == 'a') return true;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(t->w, words[i]) == 0) return true;
    return false;
}

/* A copyright line ("© Kent Police 2024") earlier in the sentence. */
static bool after_copyright(const toks *k, int a)
{
    for (int j = a - 1; j >= 0 && j >= a - 10; j--) {
        const tok *t = &k->t[j];
        const unsigned char *u = (const unsigned char *)k->text + t->s;
        if (is_word(t, "copyright") || (u[0] == 0xC2 && u[1] == 0xA9) ||
            (is_word(t, "copy") && j > 0 && is_punct(&k->t[j - 1], '&')))
            return true;
        if (is_punct(t, '.')) return false;
    }
    return false;
}

/* Does the match [a, b) stand on its own in running text? */
static bool standalone(const toks *k, int a, int b)
{
    const tok *prev = a > 0 ? &k->t[a - 1] : NULL;
    const tok *first = &k->t[a];
    const tok *next = b < k->n ? &k->t[b] : NULL;
    if (after_copyright(k, a)) return false;
    if (prev) {
        if (!first->sp && !(prev->type == T_PUNCT && strchr("([\"'", prev->w[0]))) return false;
        if (prev->type == T_NUM && first->type == T_NUM) /* phone: "0300 123 2021" */
            return false;
        if (non_period_before(prev)) return false;
        if (a > 1 && prev->type == T_PUNCT && strchr(".:", prev->w[0]) &&
            non_period_before(&k->t[a - 2]))
            return false;
    }
    if (next && !next->sp) {
        if (next->type != T_PUNCT) return false;
        const tok *nn = b + 1 < k->n ? &k->t[b + 1] : NULL;
        if (strchr("/-.,:", next->w[0]) && nn && nn->type == T_NUM && !nn->sp) return false;
        if (!strchr(")]\"',;.:!?", next->w[0])) return false;
    }
    if (next && next->sp && next->type == T_NUM && next->nd >= 3) return false;
    return true;
}

bool foi_period_find(const char *text, const char *reply_date, foi_period *out, int *match_start,
                     int *match_len)
{
    if (!text || !out) return false;
    toks k;
    int off = 0;
    for (;;) {
        tokenize(text, off, &k);
        if (off > 0 && k.n > 0) k.t[0].sp = isspace((unsigned char)text[off - 1]) != 0;
        int j = off > 0 ? 1 : 0;
        int lim = k.more ? k.n - 32 : k.n;
        for (; j < lim; j++) {
            P p = {&k, j};
            core c;
            if (p_period(&p, false, &c) && standalone(&k, j, p.i)) {
                fill(&c, reply_date, out);
                /* leading prepositions are part of the phrase, trailing space is not */
                if (match_start) *match_start = k.t[j].s;
                if (match_len) *match_len = k.t[p.i - 1].e - k.t[j].s;
                return true;
            }
            p.i = j;
            ymd d;
            if (p_date(&p, &d, false))
                j = p.i - 1; /* a lone date is not a period; do not re-read its month */
        }
        if (!k.more) return false;
        off = k.t[j - 1].s;
    }
}

void foi_period_close_by(const char *label, const char *date, foi_period *p)
{
    if (!label || !date || !p || *p->end || !p->open || strlen(date) != 10) return;
    /* the label without its open-ended words: "Apr 2023 - Aug 2023 (to date)" */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", label);
    char *paren = strchr(buf, '(');
    if (paren && (strstr(paren, "date") || strstr(paren, "far") || strstr(paren, "Date")))
        *paren = 0;
    static const char *const tails[] = {" to date", " To Date",   " YTD",        " ytd",
                                        " so far",  " - present", " to present", NULL};
    for (int i = 0; tails[i]; i++) {
        char *t = strstr(buf, tails[i]);
        if (t) *t = 0;
    }
    foi_period named;
    if (!foi_period_parse(buf, NULL, &named) || !*named.end) return;
    /* a bare year ("2024 YTD") names no end month, even when the date falls in December */
    bool whole_year = (!strcmp(named.start + 4, "-01-01") && !strcmp(named.end + 4, "-12-31") &&
                       !strncmp(named.start, named.end, 4)) ||
                      (!strcmp(named.start + 4, "-04-01") && !strcmp(named.end + 4, "-03-31"));
    if (whole_year) return;
    if (strncmp(named.end, date, 7) != 0 || strcmp(date, p->start) < 0) return;
    memcpy(p->end, date, 11);
}

static bool note_letter(char c)
{
    return (c >= 'a' && c <= 'e') || (c >= '1' && c <= '9');
}

/* The footnote marker a label ends with ("2023*" -> "*", "2024 \xE2\x80\xA0" -> dagger). */
static size_t marker_suffix(const char *label, const char **m)
{
    size_t n = strlen(label), k = n;
    while (k > 0 && label[k - 1] == '*')
        k--;
    if (k < n) {
        *m = label + k;
        return n - k;
    }
    static const char *const glyphs[] = {"\xE2\x80\xA0", "\xE2\x80\xA1", "\xC2\xB9",
                                         "\xC2\xB2",     "\xC2\xB3",     NULL};
    for (int i = 0; glyphs[i]; i++) {
        size_t g = strlen(glyphs[i]);
        if (n >= g && !strcmp(label + n - g, glyphs[i])) {
            *m = label + n - g;
            return g;
        }
    }
    /* a lettered note after a year: "2019(a)", "2024 (b)" */
    if (n >= 4 && label[n - 1] == ')' && label[n - 3] == '(' && note_letter(label[n - 2])) {
        size_t b = n - 3;
        while (b > 0 && label[b - 1] == ' ')
            b--;
        if (b > 0 && label[b - 1] >= '0' && label[b - 1] <= '9') {
            *m = label + n - 3;
            return 3;
        }
    }
    return 0;
}

bool foi_period_footnote(const char *label, const char *const *markers, const char *const *texts,
                         size_t n, foi_period *p)
{
    const char *m;
    size_t ml = label && p ? marker_suffix(label, &m) : 0;
    if (!ml) return false;
    const char *text = NULL;
    for (size_t i = 0; i < n && !text; i++)
        if (strlen(markers[i]) == ml && !strncmp(markers[i], m, ml)) text = texts[i];
    if (!text) return false;
    /* every date the footnote gives, with the word before it */
    char dates[8][11];
    bool start_cue[8];
    int nd = 0;
    toks k;
    tokenize(text, 0, &k);
    for (int j = 0; j < k.n && nd < 8; j++) {
        P q = {&k, j};
        ymd d;
        if (!p_date(&q, &d, false)) continue;
        fmt_date(dates[nd], d.y, d.m, d.d);
        /* the nearest cue word within a few words before the date decides: "introduced to
         * the force on 7 May 2019" starts the period, "up to and including 8 October" ends it */
        start_cue[nd] = false;
        for (int b = j - 1; b >= 0 && b >= j - 6; b--) {
            const tok *w = &k.t[b];
            if (is_word(w, "from") || is_word(w, "since") || is_word(w, "live") ||
                is_word(w, "began") || is_word(w, "start") || is_word(w, "starting") ||
                is_word(w, "introduced") || is_word(w, "commenced") || is_word(w, "implemented")) {
                start_cue[nd] = true;
                break;
            }
            if ((b >= j - 2 &&
                 (is_word(w, "to") || is_word(w, "until") || is_word(w, "till") ||
                  is_word(w, "including") || is_word(w, "end") || is_word(w, "ending") ||
                  is_word(w, "ended") || is_word(w, "by") || is_word(w, "at"))) ||
                (w->type == T_PUNCT && strchr(".;", w->w[0])))
                break;
        }
        nd++;
        j = q.i - 1;
    }
    const char *end = *p->end ? p->end : "9999-12-31";
    char lo[11] = "", hi[11] = "";
    int inside = 0;
    bool only_start = false;
    for (int i = 0; i < nd; i++) {
        if (strcmp(dates[i], p->start) < 0 || strcmp(dates[i], end) > 0) continue;
        if (!inside++) only_start = start_cue[i];
        if (!*lo || strcmp(dates[i], lo) < 0) memcpy(lo, dates[i], 11);
        if (!*hi || strcmp(dates[i], hi) > 0) memcpy(hi, dates[i], 11);
    }
    if (!inside) return false;
    if (inside == 1) {
        if (only_start)
            memcpy(p->start, lo, 11);
        else
            memcpy(p->end, hi, 11);
    } else {
        memcpy(p->start, lo, 11);
        memcpy(p->end, hi, 11);
    }
    p->partial = true;
    return true;
}
