#include "parsers/sniff.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parsers/eml.h"
#include "util/str.h"

const char *foi_format_name(foi_format f)
{
    switch (f) {
    case FOI_FMT_EMPTY:
        return "empty";
    case FOI_FMT_BINARY:
        return "binary";
    case FOI_FMT_HTML:
        return "html";
    case FOI_FMT_XML:
        return "xml";
    case FOI_FMT_TEXT:
        return "text";
    case FOI_FMT_CSV:
        return "csv";
    case FOI_FMT_ARCHIVE:
        return "archive";
    case FOI_FMT_PDF:
        return "pdf";
    case FOI_FMT_ZIP:
        return "zip";
    case FOI_FMT_OLE:
        return "ole";
    case FOI_FMT_EML:
        return "eml";
    default:
        return "unknown";
    }
}

static bool valid_utf8(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = foi_utf8_seq(p + i, n - i);
        if (!k) return false;
        i += k;
    }
    return true;
}

/* Copy, dropping NUL bytes (reported) so C strings stay whole. */
static char *copy_text(foi_arena *a, const unsigned char *p, size_t n, foi_decoded *out)
{
    char *d = foi_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0) {
            out->had_nul = true;
            continue;
        }
        d[j++] = (char)p[i];
    }
    d[j] = 0;
    out->len = j;
    return d;
}

static char *from_cp1252(foi_arena *a, const unsigned char *p, size_t n, foi_decoded *out)
{
    char *d = foi_alloc(a, n * 3 + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        if (c == 0) {
            out->had_nul = true;
            continue;
        }
        c = foi_cp1252((unsigned char)c);
        j += foi_utf8_put(d + j, c ? c : 0xFFFD); /* the undefined bytes: U+FFFD */
    }
    d[j] = 0;
    out->len = j;
    return d;
}

static char *from_utf16(foi_arena *a, const unsigned char *p, size_t n, bool be, foi_decoded *out)
{
    char *d = foi_alloc(a, n * 2 + 4);
    size_t j = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned u = be ? (unsigned)(p[i] << 8 | p[i + 1]) : (unsigned)(p[i + 1] << 8 | p[i]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
            unsigned lo =
                be ? (unsigned)(p[i + 2] << 8 | p[i + 3]) : (unsigned)(p[i + 3] << 8 | p[i + 2]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xD800 && u < 0xE000) {
            u = 0xFFFD;
        }
        if (u == 0) {
            out->had_nul = true;
            continue;
        }
        j += foi_utf8_put(d + j, u);
    }
    d[j] = 0;
    out->len = j;
    return d;
}

/* UTF-16 without a BOM: ASCII text leaves every other byte zero. */
static int utf16_guess(const unsigned char *p, size_t n)
{
    size_t m = n < 4096 ? n : 4096;
    if (m < 8) return 0;
    size_t even0 = 0, odd0 = 0;
    for (size_t i = 0; i + 1 < m; i += 2) {
        even0 += p[i] == 0;
        odd0 += p[i + 1] == 0;
    }
    size_t pairs = m / 2;
    if (odd0 * 10 >= pairs * 9 && even0 * 10 < pairs) return 1; /* LE */
    if (even0 * 10 >= pairs * 9 && odd0 * 10 < pairs) return 2; /* BE */
    return 0;
}

static bool magic(const unsigned char *p, size_t n, const char *m, size_t mlen)
{
    return n >= mlen && memcmp(p, m, mlen) == 0;
}

static bool looks_binary(const unsigned char *p, size_t n)
{
    size_t m = n < 8192 ? n : 8192, ctrl = 0;
    for (size_t i = 0; i < m; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f') ||
            p[i] == 0x7F)
            ctrl++;
    return ctrl * 20 > m; /* more than 5% control bytes */
}

/* The charset an HTML meta tag or XML declaration names, lower-cased into buf. */
static bool declared_charset(const unsigned char *p, size_t n, char *buf, size_t cap)
{
    size_t m = n < 4096 ? n : 4096;
    char *head = memcpy((char[4097]){0}, p, m);
    for (size_t i = 0; i < m; i++)
        if (!head[i]) head[i] = ' ';
    const char *s = foi_strcasestr(head, "charset=");
    size_t skip = 8;
    if (!s) {
        s = foi_strcasestr(head, "encoding=");
        skip = 9;
        if (!s || !foi_strcasestr(head, "<?xml")) return false;
    }
    s += skip;
    while (*s == '"' || *s == '\'' || *s == ' ')
        s++;
    size_t k = 0;
    while (k + 1 < cap && (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_')) {
        buf[k] = (char)tolower((unsigned char)s[k]);
        k++;
    }
    buf[k] = 0;
    return k > 0;
}

static const char *ext_of(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    const char *slash = name ? strrchr(name, '/') : NULL;
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* Count fields of one CSV line (quotes respected); -1 if a quote is left open. */
static int csv_fields(const char *s, const char *e, char delim)
{
    int f = 1;
    bool q = false;
    for (; s < e; s++) {
        if (*s == '"')
            q = !q;
        else if (*s == delim && !q)
            f++;
    }
    return q ? -1 : f;
}

/* A CSV when most non-empty lines split into the same number (>= 2) of fields on one
 * delimiter (comma or semicolon; tab-separated text is left to the text parser, which also
 * reads tab blocks inside e-mails). */
static bool looks_csv_on(const char *t, bool csv_ext, char delim)
{
    int counts[64] = {0}, lines = 0, prose = 0;
    const char *p = t;
    while (*p && lines < 200) {
        const char *e = p;
        while (*e && *e != '\n' && *e != '\r')
            e++;
        if (e > p) {
            int f = csv_fields(p, e, delim);
            lines++;
            if (f >= 2 && f < 64)
                counts[f]++;
            else
                prose++;
        }
        p = *e ? e + 1 : e;
    }
    if (!lines) return false;
    int best = 0;
    for (int i = 2; i < 64; i++)
        if (counts[i] > best) best = counts[i];
    if (csv_ext) return best >= 2;
    return best >= 3 && best * 10 >= lines * 7 && prose * 4 <= lines;
}

static bool looks_csv(const char *t, bool csv_ext)
{
    return looks_csv_on(t, csv_ext, ',') || looks_csv_on(t, csv_ext, ';');
}

static foi_format sniff_markup(const char *t, const char *ext)
{
    const char *p = t;
    while (*p && isspace((unsigned char)*p))
        p++;
    if (*p != '<') {
        /* HTML fragments without a leading tag are still HTML when tags abound */
        if ((foi_strcasestr(t, "<table") || foi_strcasestr(t, "<p>") ||
             foi_strcasestr(t, "<html")) &&
            (!strcasecmp(ext, "html") || !strcasecmp(ext, "htm")))
            return FOI_FMT_HTML;
        return FOI_FMT_UNKNOWN;
    }
    char head[2048];
    size_t n = strnlen(p, sizeof head - 1);
    memcpy(head, p, n);
    head[n] = 0;
    if (foi_startswith_ci(p, "<!doctype html") || foi_strcasestr(head, "<html") ||
        foi_startswith_ci(p, "<body") || foi_startswith_ci(p, "<table") ||
        foi_startswith_ci(p, "<div") || foi_startswith_ci(p, "<p>") ||
        foi_startswith_ci(p, "<p ") || foi_startswith_ci(p, "<meta") ||
        foi_startswith_ci(p, "<head"))
        return FOI_FMT_HTML;
    if (foi_startswith_ci(p, "<?xml") || foi_startswith_ci(p, "<!--") || p[1] == '!' ||
        isalpha((unsigned char)p[1]) || p[1] == '_')
        return FOI_FMT_XML;
    return FOI_FMT_UNKNOWN;
}

foi_decoded foi_sniff_decode(foi_arena *a, const unsigned char *p, size_t n, const char *name)
{
    foi_decoded out = {.format = FOI_FMT_UNKNOWN, .encoding = "utf-8"};
    const char *ext = ext_of(name);
    size_t k = 0;
    while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n' || p[k] == '\r'))
        k++;
    if (n == 0 || k == n) {
        out.format = FOI_FMT_EMPTY;
        out.encoding = "";
        return out;
    }
    if (magic(p, n, "%PDF", 4)) {
        out.format = FOI_FMT_PDF;
        out.encoding = "";
        return out;
    }
    if (magic(p, n, "PK\3\4", 4) || magic(p, n, "PK\5\6", 4)) {
        out.format = FOI_FMT_ZIP;
        out.encoding = "";
        return out;
    }
    if (magic(p, n, "\xD0\xCF\x11\xE0", 4)) {
        out.format = FOI_FMT_OLE;
        out.encoding = "";
        return out;
    }
    if (foi_eml_sniff(p, n)) {
        out.format = FOI_FMT_EML;
        out.encoding = "";
        return out;
    }
    if (magic(p, n, "\x1F\x8B", 2) || magic(p, n, "Rar!", 4) || magic(p, n, "7z\xBC\xAF", 4)) {
        out.format = FOI_FMT_ARCHIVE;
        out.encoding = "";
        return out;
    }
    if (magic(p, n, "\xEF\xBB\xBF", 3)) {
        out.encoding = "utf-8-bom";
        p += 3;
        n -= 3;
        out.text = valid_utf8(p, n) ? copy_text(a, p, n, &out) : from_cp1252(a, p, n, &out);
    } else if (magic(p, n, "\xFF\xFE", 2) || magic(p, n, "\xFE\xFF", 2)) {
        bool be = p[0] == 0xFE;
        out.encoding = be ? "utf-16be" : "utf-16le";
        out.text = from_utf16(a, p + 2, n - 2, be, &out);
    } else if (utf16_guess(p, n)) {
        bool be = utf16_guess(p, n) == 2;
        out.encoding = be ? "utf-16be" : "utf-16le";
        out.text = from_utf16(a, p, n, be, &out);
    } else if (magic(p, n, "\x89PNG", 4) || magic(p, n, "GIF8", 4) ||
               magic(p, n, "\xFF\xD8\xFF", 3) || looks_binary(p, n)) {
        out.format = FOI_FMT_BINARY;
        out.encoding = "";
        return out;
    } else if (valid_utf8(p, n)) {
        out.text = copy_text(a, p, n, &out);
    } else {
        char cs[32];
        bool decl = declared_charset(p, n, cs, sizeof cs);
        out.encoding = "windows-1252";
        if (decl && (strstr(cs, "8859") || strstr(cs, "latin"))) out.encoding = "iso-8859-1";
        out.text = from_cp1252(a, p, n, &out);
    }
    out.format = sniff_markup(out.text, ext);
    if (out.format == FOI_FMT_UNKNOWN) {
        bool csv_ext = !strcasecmp(ext, "csv");
        out.format = looks_csv(out.text, csv_ext) ? FOI_FMT_CSV : FOI_FMT_TEXT;
    }
    /* a decoded file that is mostly replacement characters is junk, not text */
    if (out.format == FOI_FMT_TEXT && out.len > 0) {
        size_t bad = 0, chars = 0;
        for (const unsigned char *q = (const unsigned char *)out.text; *q; q++) {
            if ((*q & 0xC0) != 0x80) chars++;
            if (q[0] == 0xEF && q[1] == 0xBF && q[2] == 0xBD) bad++;
        }
        if (bad * 10 > chars) {
            out.format = FOI_FMT_BINARY;
            out.text = NULL;
        }
    }
    return out;
}
