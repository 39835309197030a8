#include "util/str.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void foi_buf_init(foi_buf *b, foi_arena *a)
{
    b->a = a;
    b->cap = 64;
    b->len = 0;
    b->s = foi_alloc(a, b->cap);
}

void foi_buf_add(foi_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap * 2;
        while (nc < b->len + n + 1)
            nc *= 2;
        b->s = foi_grow(b->a, b->s, b->len + 1, nc);
        b->cap = nc;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void foi_buf_puts(foi_buf *b, const char *s)
{
    foi_buf_add(b, s, strlen(s));
}

void foi_buf_putc(foi_buf *b, char c)
{
    foi_buf_add(b, &c, 1);
}

void foi_buf_printf(foi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = foi_vsprintf(b->a, fmt, ap);
    va_end(ap);
    foi_buf_puts(b, s);
}

/* Map a UTF-8 sequence at p (length *len) to an ASCII replacement, or NULL to keep it. */
static const char *ascii_for(const unsigned char *p, size_t *len)
{
    if (p[0] == 0xC2 && p[1] == 0xA0) {
        *len = 2;
        return " ";
    } /* nbsp */
    if (p[0] == 0xC2 && p[1] == 0xAD) {
        *len = 2;
        return "";
    } /* soft hyphen */
    if (p[0] == 0xE2 && p[1] == 0x80) {
        *len = 3;
        switch (p[2]) {
        case 0x90:
        case 0x91:
        case 0x92:
        case 0x93:
        case 0x94:
        case 0x95:
            return "-";
        case 0x98:
        case 0x99:
        case 0x9A:
        case 0x9B:
            return "'";
        case 0x9C:
        case 0x9D:
        case 0x9E:
        case 0x9F:
            return "\"";
        case 0x80:
        case 0x81:
        case 0x82:
        case 0x83:
        case 0x84:
        case 0x85:
        case 0x86:
        case 0x87:
        case 0x88:
        case 0x89:
        case 0x8A:
        case 0xAF:
            return " ";
        case 0x8B:
        case 0x8C:
        case 0x8D:
            return ""; /* zero-width */
        case 0xA6:
            return "...";
        default:
            return NULL;
        }
    }
    if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
        *len = 3;
        return "-";
    } /* minus */
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *len = 3;
        return "";
    } /* BOM */
    if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) {
        *len = 3;
        return " ";
    }
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
        *len = 3;
        return " ";
    }
    return NULL;
}

char *foi_clean(foi_arena *a, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *d = foi_alloc(a, n * 3 + 1);
    size_t j = 0;
    int space = 1; /* drop leading space */
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t len = 1;
        const char *rep = NULL;
        if (*p >= 0x80) rep = ascii_for(p, &len);
        if (rep) {
            for (const char *r = rep; *r; r++) {
                if (*r == ' ') {
                    if (!space) d[j++] = ' ';
                    space = 1;
                } else {
                    d[j++] = *r;
                    space = 0;
                }
            }
            p += len;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
            if (!space) d[j++] = ' ';
            space = 1;
        } else {
            d[j++] = (char)*p;
            space = 0;
        }
        p++;
    }
    while (j > 0 && d[j - 1] == ' ')
        j--;
    d[j] = 0;
    return d;
}

char *foi_fold(foi_arena *a, const char *s)
{
    if (!s) return NULL;
    /* ASCII text (nearly every call) folds in one pass: foi_clean only changes bytes >= 0x80
     * and white space, which the fold below turns into separators anyway. */
    size_t n = 0, amps = 0;
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
        if (*p >= 0x80) ascii = false;
        amps += *p == '&';
    }
    const char *c = ascii ? s : foi_clean(a, s);
    if (!ascii) {
        n = strlen(c);
        amps = n;
    }
    char *d = foi_alloc(a, n + amps * 4 + 1);
    size_t j = 0;
    int sep = 1;
    for (const unsigned char *p = (const unsigned char *)c; *p; p++) {
        if (isalnum(*p) || *p >= 0x80) {
            d[j++] = (char)tolower(*p);
            sep = 0;
        } else if (*p == '&') {
            if (!sep) d[j++] = ' ';
            memcpy(d + j, "and ", 4);
            j += 4;
            sep = 1;
        } else if (*p == '\'') {
            /* apostrophes join: "don't" -> "dont" */
        } else {
            if (!sep) d[j++] = ' ';
            sep = 1;
        }
    }
    while (j > 0 && d[j - 1] == ' ')
        j--;
    d[j] = 0;
    return d;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

char *foi_fingerprint(foi_arena *a, const char *s)
{
    char *f = foi_fold(a, s);
    if (!f) return NULL;
    size_t n = 0, cap = 8;
    char **w = foi_alloc(a, cap * sizeof *w);
    char *save = NULL;
    for (char *t = strtok_r(f, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        if (n == cap) {
            w = foi_grow(a, w, cap * sizeof *w, cap * 2 * sizeof *w);
            cap *= 2;
        }
        w[n++] = t;
    }
    qsort(w, n, sizeof *w, cmp_str);
    foi_buf b;
    foi_buf_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(w[i], w[i - 1]) == 0) continue;
        if (b.len) foi_buf_putc(&b, ' ');
        foi_buf_puts(&b, w[i]);
    }
    return b.s;
}

bool foi_streq_ci(const char *a, const char *b)
{
    if (!a || !b) return false;
    while (*a && *b) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
        a++;
        b++;
    }
    return *a == *b;
}

bool foi_startswith_ci(const char *s, const char *prefix)
{
    if (!s || !prefix) return false;
    while (*prefix) {
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix)) return false;
        s++;
        prefix++;
    }
    return true;
}

const char *foi_strcasestr(const char *s, const char *needle)
{
    if (!s || !needle) return NULL;
    size_t n = strlen(needle);
    if (n == 0) return s;
    /* scan for the first letter in either case before comparing the rest: this sits on the
     * hot path of every metadata and wording rule */
    char lo = (char)tolower((unsigned char)needle[0]), up = (char)toupper((unsigned char)needle[0]);
    /* strpbrk finds the candidates with SIMD; the second letter is checked inline, as
     * common first letters would make the call costly */
    const char set[3] = {lo, lo == up ? 0 : up, 0};
    int lo2 = n > 1 ? tolower((unsigned char)needle[1]) : 0;
    for (const char *p = s; (p = strpbrk(p, set)) != NULL; p++)
        if (n == 1 ||
            (tolower((unsigned char)p[1]) == lo2 && strncasecmp(p + 2, needle + 2, n - 2) == 0))
            return p;
    return NULL;
}

bool foi_has_word(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = s; (p = foi_strcasestr(p, needle)); p++) {
        bool left = p == s || !isalnum((unsigned char)p[-1]);
        bool right = !isalnum((unsigned char)p[n]);
        if (left && right) return true;
    }
    return false;
}

char **foi_split_lines(foi_arena *a, const char *s, size_t *n)
{
    size_t cap = 16, k = 0;
    char **v = foi_alloc(a, cap * sizeof *v);
    const char *p = s;
    while (*p) {
        const char *e = p;
        while (*e && *e != '\n' && *e != '\r')
            e++;
        if (k == cap) {
            v = foi_grow(a, v, cap * sizeof *v, cap * 2 * sizeof *v);
            cap *= 2;
        }
        v[k++] = foi_strndup(a, p, (size_t)(e - p));
        if (*e == '\r' && e[1] == '\n') e++;
        p = *e ? e + 1 : e;
    }
    *n = k;
    return v;
}

bool foi_blank(const char *s)
{
    if (!s) return true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') continue;
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            p++;
            continue;
        }
        return false;
    }
    return true;
}

size_t foi_utf8_seq(const unsigned char *p, size_t n)
{
    if (n == 0) return 0;
    if (p[0] < 0x80) return 1;
    size_t len;
    unsigned cp;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2, cp = p[0] & 0x1Fu;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3, cp = p[0] & 0x0Fu;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4, cp = p[0] & 0x07u;
    else
        return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

size_t foi_utf8_put(char *d, unsigned cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | cp >> 6);
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12);
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18);
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

unsigned foi_cp1252(unsigned char b)
{
    static const unsigned short hi[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    return b >= 0x80 && b < 0xA0 ? hi[b - 0x80] : b;
}
