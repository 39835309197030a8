/* parsers/eml: RFC 5322 / MIME messages.  Work is linear in the input per nesting level, every
 * loop advances through the bytes, and all output is bounded by the input (decoding never
 * grows data; charset conversion at most quadruples a capped amount). */
#include "parsers/eml.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

/* ---------------------------------------------------------------- small helpers */

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char *lowerdup(foi_arena *a, const char *s, size_t n)
{
    char *r = foi_strndup(a, s, n);
    for (char *p = r; *p; p++)
        *p = lower(*p);
    return r;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Next line of [p, end): returns its length without CR/LF; *next gets the start of the next. */
static size_t line_at(const char *p, const char *end, const char **next)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    size_t n = (size_t)(e - p);
    if (n && p[n - 1] == '\r') n--;
    return n;
}

static void note(foi_arena *a, foi_eml *m, const char *s)
{
    for (size_t i = 0; i < m->notes.n; i++)
        if (!strcmp(m->notes.v[i], s)) return;
    FOI_VEC_PUSH(a, m->notes, foi_strdup(a, s));
}

/* ---------------------------------------------------------------- decoders */

unsigned char *foi_eml_base64(foi_arena *a, const char *s, size_t n, size_t *out_len)
{
    unsigned char *out = foi_alloc(a, n / 4 * 3 + 4);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else {
            /* padding ends a quantum: leftover bits are dropped, so concatenated base64
             * chunks still decode */
            if (c == '=') bits = 0, acc = 0;
            continue; /* line breaks and junk */
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

unsigned char *foi_eml_qp(foi_arena *a, const char *s, size_t n, size_t *out_len)
{
    unsigned char *out = foi_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '=') {
            if (i + 2 < n + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
                out[o++] = (unsigned char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
                i += 3;
                continue;
            }
            if (i + 2 == n && hexval(s[i + 1]) >= 0) {
                out[o++] = '=';
                i++;
                continue;
            }
            /* soft line break: "=" then optional white space then the line end */
            size_t j = i + 1;
            while (j < n && is_ws(s[j]))
                j++;
            if (j < n && s[j] == '\r') j++;
            if (j >= n || s[j] == '\n') {
                i = j < n ? j + 1 : j;
                continue;
            }
            out[o++] = '='; /* a stray "=": kept as written */
            i++;
            continue;
        }
        if (is_ws(c)) {
            /* trailing white space on a line is transport padding */
            size_t j = i;
            while (j < n && is_ws(s[j]))
                j++;
            if (j >= n || s[j] == '\n' || (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n')) {
                i = j;
                continue;
            }
        }
        out[o++] = (unsigned char)c;
        i++;
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

/* Windows-1252; the five undefined bytes map to the C1 code points, as WHATWG does. */
static size_t put_1252(char *o, unsigned char b)
{
    unsigned cp = foi_cp1252(b);
    return foi_utf8_put(o, cp ? cp : b);
}

/* UTF-8 where valid, Windows-1252 for the other bytes (utf8 false: every byte is 1252). */
static char *mixed_to_utf8(foi_arena *a, const unsigned char *s, size_t n, bool utf8)
{
    char *out = foi_alloc(a, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (!s[i]) {
            i++;
            continue;
        }
        if (s[i] < 0x80) {
            out[o++] = (char)s[i++];
            continue;
        }
        size_t k = utf8 ? foi_utf8_seq(s + i, n - i) : 0;
        if (k) {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        } else {
            o += put_1252(out + o, s[i++]);
        }
    }
    out[o] = 0;
    return out;
}

static bool charset_is(const char *cs, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(cs, names[i])) return true;
    return false;
}

char *foi_eml_to_utf8(foi_arena *a, const char *charset, const unsigned char *s, size_t n,
                      bool *unknown)
{
    static const char *const utf8ish[] = {
        "utf-8", "utf8", "us-ascii", "ascii", "x-unknown", "unknown-8bit", "unknown", "", NULL};
    static const char *const w1252[] = {"windows-1252", "cp1252",     "iso-8859-1", "iso8859-1",
                                        "latin1",       "iso_8859-1", "latin-1",    "x-cp1252",
                                        "l1",           "ibm819",     "cp819",      NULL};
    if (unknown) *unknown = false;
    char cs[64] = "";
    if (charset) {
        size_t j = 0;
        for (const char *p = charset; *p && j + 1 < sizeof cs; p++)
            if (*p != '"' && *p != '\'' && !is_ws(*p)) cs[j++] = lower(*p);
        cs[j] = 0;
    }
    if (charset_is(cs, utf8ish)) return mixed_to_utf8(a, s, n, true);
    if (charset_is(cs, w1252)) return mixed_to_utf8(a, s, n, false);
    /* room for the worst case first: no arena allocation (and so no jump) while iconv is open */
    size_t cap = n * 4 + 16;
    char *out = foi_alloc(a, cap);
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1) {
        if (unknown) *unknown = true;
        return mixed_to_utf8(a, s, n, true);
    }
    char *in = (char *)s, *op = out;
    size_t inl = n, outl = cap - 1;
    while (inl > 0) {
        size_t r = iconv(cd, &in, &inl, &op, &outl);
        if (r != (size_t)-1) break;
        if (errno == E2BIG || outl < 4) break;
        /* invalid or cut-short input: U+FFFD for one byte, then go on */
        op += foi_utf8_put(op, 0xFFFD);
        outl -= 3;
        in++;
        inl--;
    }
    iconv_close(cd);
    *op = 0;
    /* drop NUL bytes (UTF-16 text of NULs, stray padding) */
    size_t len = (size_t)(op - out), o = 0;
    for (size_t i = 0; i < len; i++)
        if (out[i]) out[o++] = out[i];
    out[o] = 0;
    return out;
}

/* ---------------------------------------------------------------- RFC 2047 */

/* One encoded word at s: "=?charset?B?text?=".  On success fills the parts and returns the
 * length of the word. */
static size_t encoded_word(const char *s, const char **cs, size_t *csn, char *enc, const char **txt,
                           size_t *txtn)
{
    if (s[0] != '=' || s[1] != '?') return 0;
    const char *p = s + 2, *q = p;
    while (*q && *q != '?' && !is_ws(*q) && q - p < 40)
        q++;
    if (*q != '?' || q == p) return 0;
    *cs = p;
    *csn = (size_t)(q - p);
    const char *star = memchr(p, '*', *csn); /* RFC 2231 language suffix */
    if (star) *csn = (size_t)(star - p);
    char e = lower(q[1]);
    if ((e != 'b' && e != 'q') || q[2] != '?') return 0;
    const char *t = q + 3, *u = t;
    while (*u && !(u[0] == '?' && u[1] == '=') && !is_ws(*u) && *u != '\r' && *u != '\n')
        u++;
    if (u[0] != '?' || u[1] != '=') return 0;
    *enc = e;
    *txt = t;
    *txtn = (size_t)(u - t);
    return (size_t)(u + 2 - s);
}

static void flush_words(foi_arena *a, foi_buf *out, foi_buf *pend, char *pcs)
{
    if (!pend->len) return;
    foi_buf_puts(out, foi_eml_to_utf8(a, pcs, (const unsigned char *)pend->s, pend->len, NULL));
    pend->len = 0;
    pend->s[0] = 0;
}

char *foi_eml_decode_words(foi_arena *a, const char *s)
{
    if (!s) return NULL;
    foi_buf out, pend;
    foi_buf_init(&out, a);
    foi_buf_init(&pend, a);
    char pcs[64] = "";
    const char *p = s;
    bool last_word = false;
    while (*p) {
        const char *cs, *txt;
        size_t csn, txtn;
        char enc;
        size_t w = encoded_word(p, &cs, &csn, &enc, &txt, &txtn);
        if (w) {
            char wcs[64];
            size_t k = csn < sizeof wcs - 1 ? csn : sizeof wcs - 1;
            for (size_t i = 0; i < k; i++)
                wcs[i] = lower(cs[i]);
            wcs[k] = 0;
            /* bytes of adjacent words in one charset are converted together: a multi-byte
             * character may be split across words */
            if (strcmp(wcs, pcs)) {
                flush_words(a, &out, &pend, pcs);
                memcpy(pcs, wcs, k + 1);
            }
            if (enc == 'b') {
                size_t dn;
                unsigned char *d = foi_eml_base64(a, txt, txtn, &dn);
                foi_buf_add(&pend, (const char *)d, dn);
            } else {
                for (size_t i = 0; i < txtn; i++) {
                    if (txt[i] == '_')
                        foi_buf_putc(&pend, ' ');
                    else if (txt[i] == '=' && i + 2 < txtn + 1 && hexval(txt[i + 1]) >= 0 &&
                             i + 2 < txtn && hexval(txt[i + 2]) >= 0) {
                        foi_buf_putc(&pend, (char)(hexval(txt[i + 1]) * 16 + hexval(txt[i + 2])));
                        i += 2;
                    } else
                        foi_buf_putc(&pend, txt[i]);
                }
            }
            p += w;
            last_word = true;
            continue;
        }
        if (is_ws(*p) || *p == '\r' || *p == '\n') {
            /* white space between two encoded words is not text */
            const char *q = p;
            while (is_ws(*q) || *q == '\r' || *q == '\n')
                q++;
            const char *d1, *d2;
            size_t d3, d4;
            char d5;
            if (last_word && encoded_word(q, &d1, &d3, &d5, &d2, &d4)) {
                p = q;
                continue;
            }
            flush_words(a, &out, &pend, pcs);
            foi_buf_putc(&out, ' ');
            p = q;
            last_word = false;
            continue;
        }
        flush_words(a, &out, &pend, pcs);
        const char *q = p;
        while (*q && !is_ws(*q) && *q != '\r' && *q != '\n' && !(q[0] == '=' && q[1] == '?'))
            q++;
        if (q == p) q++; /* "=?" that is not a word */
        foi_buf_puts(&out, mixed_to_utf8(a, (const unsigned char *)p, (size_t)(q - p), true));
        p = q;
        last_word = false;
    }
    flush_words(a, &out, &pend, pcs);
    /* control characters (tabs, stray line ends) read as spaces; runs of space collapse */
    size_t o = 0;
    for (size_t i = 0; i < out.len; i++) {
        char ch = (unsigned char)out.s[i] < 0x20 ? ' ' : out.s[i];
        if (ch == ' ' && (o == 0 || out.s[o - 1] == ' ')) continue;
        out.s[o++] = ch;
    }
    while (o && out.s[o - 1] == ' ')
        o--;
    out.s[o] = 0;
    return out.s;
}

/* ---------------------------------------------------------------- header blocks */

typedef struct field {
    char *name, *value; /* value unfolded, not decoded */
} field;

typedef FOI_VEC(field) fields;

static bool field_name(const char *p, size_t n, size_t *colon)
{
    size_t i = 0;
    while (i < n && i < 76 && p[i] != ':' && (unsigned char)p[i] > 32 && (unsigned char)p[i] < 127)
        i++;
    if (i == 0 || i >= n || p[i] != ':') return false;
    *colon = i;
    return true;
}

/* Reads the header block at [p, end) into f; returns where the body starts.  A line that is
 * neither a field nor a continuation ends the block (lenient: some writers omit the blank
 * line). */
static const char *read_headers(foi_arena *a, foi_eml *m, const char *p, const char *end, fields *f)
{
    foi_buf cur;
    foi_buf_init(&cur, a);
    char *name = NULL;
    bool capped = false;
    while (p < end) {
        const char *next;
        size_t n = line_at(p, end, &next);
        if (n == 0) {
            p = next;
            break;
        }
        size_t colon;
        if (is_ws(p[0]) && name) {
            if (cur.len + n <= FOI_EML_MAX_FIELD_BYTES) foi_buf_add(&cur, p, n);
            p = next;
            continue;
        }
        if (!field_name(p, n, &colon)) break;
        if (name && !capped) FOI_VEC_PUSH(a, *f, ((field){name, foi_strdup(a, cur.s)}));
        if (f->n >= FOI_EML_MAX_FIELDS) {
            if (!capped) note(a, m, "A header block has too many fields; the rest were skipped.");
            capped = true;
        }
        name = lowerdup(a, p, colon);
        foi_buf_init(&cur, a);
        const char *v = p + colon + 1;
        size_t vn = n - colon - 1;
        while (vn && is_ws(*v))
            v++, vn--;
        foi_buf_add(&cur, v, vn < FOI_EML_MAX_FIELD_BYTES ? vn : FOI_EML_MAX_FIELD_BYTES);
        p = next;
    }
    if (name && !capped) FOI_VEC_PUSH(a, *f, ((field){name, foi_strdup(a, cur.s)}));
    return p;
}

static const char *get(const fields *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->v[i].name, name)) return f->v[i].value;
    return NULL;
}

/* ---------------------------------------------------------------- structured values */

typedef struct param {
    char *name, *value; /* name lower-case; value unquoted */
} param;

typedef FOI_VEC(param) params;

/* "text/plain; charset="utf-8"; name*0*=..." -> lower-case token before ';' and the params. */
static char *parse_structured(foi_arena *a, const char *v, params *ps)
{
    const char *p = v;
    while (is_ws(*p))
        p++;
    const char *t = p;
    while (*p && *p != ';')
        p++;
    const char *te = p;
    while (te > t && is_ws(te[-1]))
        te--;
    char *token = lowerdup(a, t, (size_t)(te - t));
    while (*p == ';' && ps->n < 64) {
        p++;
        while (is_ws(*p) || *p == '\r' || *p == '\n')
            p++;
        const char *ns = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        if (*p != '=') continue;
        const char *ne = p;
        while (ne > ns && is_ws(ne[-1]))
            ne--;
        p++;
        while (is_ws(*p))
            p++;
        foi_buf val;
        foi_buf_init(&val, a);
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1]) p++;
                foi_buf_putc(&val, *p++);
            }
            if (*p == '"') p++;
            while (*p && *p != ';')
                p++;
        } else {
            const char *vs = p;
            while (*p && *p != ';')
                p++;
            const char *ve = p;
            while (ve > vs && is_ws(ve[-1]))
                ve--;
            foi_buf_add(&val, vs, (size_t)(ve - vs));
        }
        FOI_VEC_PUSH(a, *ps, ((param){lowerdup(a, ns, (size_t)(ne - ns)), val.s}));
    }
    return token;
}

static const char *param_get(const params *ps, const char *name)
{
    for (size_t i = 0; i < ps->n; i++)
        if (!strcmp(ps->v[i].name, name)) return ps->v[i].value;
    return NULL;
}

static void pct_decode(foi_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
            foi_buf_putc(b, (char)(hexval(s[1]) * 16 + hexval(s[2])));
            s += 2;
        } else
            foi_buf_putc(b, *s);
    }
}

/* Parameter `name` with RFC 2231 (name*=, name*0*=, name*1=...) and, as mail clients write
 * them against the rules, RFC 2047 words inside a quoted value. */
static char *param_value(foi_arena *a, const params *ps, const char *name)
{
    char key[80];
    snprintf(key, sizeof key, "%s*", name);
    const char *ext = param_get(ps, key);
    foi_buf raw;
    foi_buf_init(&raw, a);
    char cs[64] = "";
    if (ext) {
        const char *q1 = strchr(ext, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
        if (q2) {
            size_t k = (size_t)(q1 - ext) < sizeof cs - 1 ? (size_t)(q1 - ext) : sizeof cs - 1;
            memcpy(cs, ext, k);
            cs[k] = 0;
            pct_decode(&raw, q2 + 1);
        } else
            pct_decode(&raw, ext);
    } else {
        bool any = false;
        for (int i = 0; i < 64; i++) {
            snprintf(key, sizeof key, "%s*%d*", name, i);
            const char *seg = param_get(ps, key);
            bool encoded = seg != NULL;
            if (!seg) {
                snprintf(key, sizeof key, "%s*%d", name, i);
                seg = param_get(ps, key);
            }
            if (!seg) break;
            any = true;
            if (encoded) {
                if (i == 0) {
                    const char *q1 = strchr(seg, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
                    if (q2) {
                        size_t k =
                            (size_t)(q1 - seg) < sizeof cs - 1 ? (size_t)(q1 - seg) : sizeof cs - 1;
                        memcpy(cs, seg, k);
                        cs[k] = 0;
                        seg = q2 + 1;
                    }
                }
                pct_decode(&raw, seg);
            } else
                foi_buf_puts(&raw, seg);
        }
        if (!any) {
            const char *plain = param_get(ps, name);
            if (!plain) return NULL;
            return foi_eml_decode_words(a, plain);
        }
    }
    char *u = foi_eml_to_utf8(a, cs, (const unsigned char *)raw.s, raw.len, NULL);
    return foi_eml_decode_words(a, u);
}

/* ---------------------------------------------------------------- MIME tree */

typedef struct node node;
struct node {
    int leaf; /* index into parts, -1 for a multipart */
    bool alternative;
    FOI_VEC(node *) kids;
};

typedef struct ctx {
    foi_arena *a;
    foi_eml *m;
    size_t entities; /* every entity read, multiparts included */
    size_t decoded;  /* sum of decoded bytes */
} ctx;

/* charset named in an HTML head (<meta charset=...> or http-equiv content=...charset=). */
static char *html_meta_charset(foi_arena *a, const unsigned char *s, size_t n)
{
    size_t lim = n < 4096 ? n : 4096;
    char *head = foi_strndup(a, (const char *)s, lim);
    const char *p = foi_strcasestr(head, "charset=");
    if (!p) return NULL;
    p += 8;
    while (*p == '"' || *p == '\'' || is_ws(*p))
        p++;
    const char *e = p;
    while (*e && *e != '"' && *e != '\'' && *e != ';' && *e != '>' && !is_ws(*e) && e - p < 40)
        e++;
    return e > p ? lowerdup(a, p, (size_t)(e - p)) : NULL;
}

static node *entity(ctx *c, const char *p, const char *end, int depth, const char *deftype,
                    bool in_related);

static node *leaf(ctx *c, const fields *f, const char *type, const params *tps, const char *body,
                  const char *end, bool in_related)
{
    foi_arena *a = c->a;
    if (c->m->parts.n >= FOI_EML_MAX_PARTS) {
        note(a, c->m, "The message has too many parts; the rest were skipped.");
        return NULL;
    }
    foi_mime_part pt = {0};
    pt.type = foi_strdup(a, type);
    const char *cs = param_get(tps, "charset");
    pt.charset = cs && *cs ? lowerdup(a, cs, strlen(cs)) : NULL;
    params dps = {0};
    const char *dv = get(f, "content-disposition");
    char *disp = dv ? parse_structured(a, dv, &dps) : NULL;
    pt.filename = param_value(a, &dps, "filename");
    if (!pt.filename || !*pt.filename) pt.filename = param_value(a, tps, "name");
    if (pt.filename && !*pt.filename) pt.filename = NULL;
    bool textual = !strcmp(type, "text/plain") || !strcmp(type, "text/html");
    pt.attachment = (disp && !strcmp(disp, "attachment")) || (pt.filename && !textual) ||
                    !strcmp(type, "message/rfc822");
    pt.embedded = !textual && ((disp && !strcmp(disp, "inline")) ||
                               (in_related && get(f, "content-id") && !(disp && *disp)));

    size_t n = (size_t)(end - body);
    const char *cte = get(f, "content-transfer-encoding");
    params dummy = {0};
    char *enc = cte ? parse_structured(a, cte, &dummy) : NULL;
    if (enc && !strcmp(enc, "base64"))
        pt.bytes = foi_eml_base64(a, body, n, &pt.len);
    else if (enc && !strcmp(enc, "quoted-printable"))
        pt.bytes = foi_eml_qp(a, body, n, &pt.len);
    else {
        pt.bytes = (unsigned char *)foi_strndup(a, body, n);
        pt.len = n;
    }
    c->decoded += pt.len;
    if (c->decoded > FOI_EML_MAX_DECODED) {
        note(a, c->m, "The message decodes to more than the size limit; the rest was skipped.");
        return NULL;
    }
    if (textual) {
        size_t tn = pt.len;
        if (tn > FOI_EML_MAX_TEXT) {
            tn = FOI_EML_MAX_TEXT;
            note(a, c->m, "A text part is over the size limit and was cut short.");
        }
        const char *tcs = pt.charset;
        if (!tcs && !strcmp(type, "text/html")) tcs = html_meta_charset(a, pt.bytes, tn);
        bool unknown = false;
        pt.text = foi_eml_to_utf8(a, tcs, pt.bytes, tn, &unknown);
        if (unknown)
            note(a, c->m,
                 foi_sprintf(a,
                             "The charset \"%s\" is not known; the text was read as UTF-8 or "
                             "Windows-1252.",
                             tcs));
    }
    FOI_VEC_PUSH(a, c->m->parts, pt);
    node *nd = foi_alloc(a, sizeof *nd);
    nd->leaf = (int)c->m->parts.n - 1;
    return nd;
}

/* True when the line [p, p+n) is "--boundary" (*close: "--boundary--"). */
static bool delimiter(const char *p, size_t n, const char *b, size_t bn, bool *close)
{
    if (n < bn + 2 || p[0] != '-' || p[1] != '-' || memcmp(p + 2, b, bn)) return false;
    const char *r = p + 2 + bn, *e = p + n;
    *close = e - r >= 2 && r[0] == '-' && r[1] == '-';
    if (*close) return true;
    for (; r < e; r++)
        if (!is_ws(*r)) return false;
    return true;
}

static void multipart(ctx *c, node *nd, const char *boundary, const char *body, const char *end,
                      int depth, const char *subtype)
{
    foi_arena *a = c->a;
    size_t bn = strlen(boundary);
    const char *deftype = !strcmp(subtype, "digest") ? "message/rfc822" : "text/plain";
    bool related = !strcmp(subtype, "related");
    const char *start = NULL; /* current part's first byte */
    bool closed = false;
    for (const char *p = body; p < end;) {
        const char *next;
        size_t n = line_at(p, end, &next);
        bool close;
        if (n >= 2 && p[0] == '-' && p[1] == '-' && delimiter(p, n, boundary, bn, &close)) {
            if (start) {
                /* the line end before a delimiter belongs to the delimiter */
                const char *e = p;
                if (e > start && e[-1] == '\n') e--;
                if (e > start && e[-1] == '\r') e--;
                node *k = entity(c, start, e, depth + 1, deftype, related);
                if (k) FOI_VEC_PUSH(a, nd->kids, k);
            }
            if (close) {
                closed = true;
                start = NULL;
                break;
            }
            start = next;
            if (c->m->parts.n >= FOI_EML_MAX_PARTS || c->entities > (size_t)FOI_EML_MAX_PARTS * 4) {
                note(a, c->m, "The message has too many parts; the rest were skipped.");
                return;
            }
        }
        p = next;
    }
    if (start && start < end) {
        node *k = entity(c, start, end, depth + 1, deftype, related);
        if (k) FOI_VEC_PUSH(a, nd->kids, k);
    }
    if (!closed)
        note(a, c->m,
             "The message ends before its last MIME boundary (truncated?); what was there was "
             "read.");
}

/* An entity whose header block is already read. */
static node *entity_body(ctx *c, const fields *f, const char *body, const char *end, int depth,
                         const char *deftype, bool in_related)
{
    foi_arena *a = c->a;
    params tps = {0};
    const char *ct = get(f, "content-type");
    char *type = ct ? parse_structured(a, ct, &tps) : NULL;
    if (!type || !strchr(type, '/')) {
        type = foi_strdup(a, deftype);
        tps.n = 0;
    }
    if (!strncmp(type, "multipart/", 10)) {
        const char *b = param_get(&tps, "boundary");
        if (b && *b && strlen(b) <= 200) {
            node *nd = foi_alloc(a, sizeof *nd);
            nd->leaf = -1;
            nd->alternative = !strcmp(type + 10, "alternative");
            multipart(c, nd, b, body, end, depth, type + 10);
            return nd;
        }
        note(a, c->m, "A multipart part has no boundary; it was read as plain text.");
        type = "text/plain";
        tps.n = 0;
    }
    return leaf(c, f, type, &tps, body, end, in_related);
}

static node *entity(ctx *c, const char *p, const char *end, int depth, const char *deftype,
                    bool in_related)
{
    foi_arena *a = c->a;
    if (++c->entities > (size_t)FOI_EML_MAX_PARTS * 4) {
        note(a, c->m, "The message has too many parts; the rest were skipped.");
        return NULL;
    }
    if (depth > FOI_EML_MAX_DEPTH) {
        note(a, c->m, "MIME parts are nested too deeply; the inner ones were skipped.");
        return NULL;
    }
    fields f = {0};
    const char *body = read_headers(a, c->m, p, end, &f);
    return entity_body(c, &f, body, end, depth, deftype, in_related);
}

/* ---------------------------------------------------------------- body choice */

typedef struct bodies {
    FOI_VEC(int) plain;
    FOI_VEC(int) html;
} bodies;

static bool body_part(const foi_mime_part *pt, const char *type)
{
    return !pt->attachment && !strcmp(pt->type, type) && pt->text;
}

static bool has_body(const foi_eml *m, const node *nd, const char *type, int depth)
{
    if (!nd || depth > FOI_EML_MAX_DEPTH + 2) return false;
    if (nd->leaf >= 0) return body_part(&m->parts.v[nd->leaf], type);
    for (size_t i = 0; i < nd->kids.n; i++)
        if (has_body(m, nd->kids.v[i], type, depth + 1)) return true;
    return false;
}

static void collect(foi_arena *a, const foi_eml *m, const node *nd, bodies *b, int depth)
{
    if (!nd || depth > FOI_EML_MAX_DEPTH + 2) return;
    if (nd->leaf >= 0) {
        const foi_mime_part *pt = &m->parts.v[nd->leaf];
        if (body_part(pt, "text/plain")) FOI_VEC_PUSH(a, b->plain, nd->leaf);
        if (body_part(pt, "text/html")) FOI_VEC_PUSH(a, b->html, nd->leaf);
        return;
    }
    if (nd->alternative) {
        /* one representation: the plain one, else the richest (last) one with a body */
        const node *pick = NULL;
        for (size_t i = 0; i < nd->kids.n && !pick; i++)
            if (has_body(m, nd->kids.v[i], "text/plain", depth + 1)) pick = nd->kids.v[i];
        for (size_t i = nd->kids.n; i-- > 0 && !pick;)
            if (has_body(m, nd->kids.v[i], "text/html", depth + 1)) pick = nd->kids.v[i];
        collect(a, m, pick, b, depth + 1);
        return;
    }
    for (size_t i = 0; i < nd->kids.n; i++)
        collect(a, m, nd->kids.v[i], b, depth + 1);
}

/* ---------------------------------------------------------------- quoted original */

static const char *skip_ws(const char *s)
{
    while (is_ws(*s))
        s++;
    return s;
}

static bool ends_with_ci(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    while (n && (is_ws(s[n - 1]) || s[n - 1] == '\r'))
        n--;
    return n >= k && !strncasecmp(s + n - k, suf, k);
}

typedef struct lspan {
    const char *s;
    size_t n;
} lspan;

static bool starts_ci(lspan l, const char *w)
{
    const char *s = skip_ws(l.s);
    size_t k = strlen(w), n = l.n - (size_t)(s - l.s);
    return n >= k && !strncasecmp(s, w, k);
}

/* A header line of a quoted message within lines [i, i+span). */
static bool field_within(const lspan *L, size_t nl, size_t i, size_t span, const char *w)
{
    for (size_t k = i; k < nl && k < i + span; k++)
        if (starts_ci(L[k], w)) return true;
    return false;
}

/* True when line i starts the original message: a separator or a reply header. */
static bool separator(const lspan *L, size_t nl, size_t i)
{
    lspan l = L[i];
    const char *s = skip_ws(l.s);
    size_t n = l.n - (size_t)(s - l.s);
    if (n > 300) return false;
    if (n >= 2 && s[0] == '-' && s[1] == '-') {
        char buf[320];
        memcpy(buf, s, n);
        buf[n] = 0;
        if (foi_strcasestr(buf, "original message")) return true;
    }
    size_t us = 0;
    while (us < n && s[us] == '_')
        us++;
    if (us >= 8 && us == n) {
        size_t k = i + 1;
        while (k < nl && L[k].n == 0)
            k++;
        return k < nl && k <= i + 3 && starts_ci(L[k], "from:") &&
               (field_within(L, nl, k + 1, 4, "sent:") || field_within(L, nl, k + 1, 4, "date:"));
    }
    /* Outlook's reply header with no rule above it */
    if (starts_ci(l, "from:") && i > 0 && L[i - 1].n == 0 &&
        (field_within(L, nl, i + 1, 3, "sent:") || field_within(L, nl, i + 1, 3, "date:")) &&
        field_within(L, nl, i + 1, 6, "subject:"))
        return true;
    /* "On Tue, 3 Sep 2024 at 10:12, Jane <jane@x> wrote:", maybe wrapped once */
    if (starts_ci(l, "on ") &&
        (ends_with_ci(l.s, l.n, " wrote:") ||
         (i + 1 < nl && L[i + 1].n && ends_with_ci(L[i + 1].s, L[i + 1].n, "wrote:"))))
        return true;
    return false;
}

static bool forwarded(const char *subject)
{
    if (!subject) return false;
    const char *s = skip_ws(subject);
    return !strncasecmp(s, "fw:", 3) || !strncasecmp(s, "fwd:", 4) || !strncasecmp(s, "fw :", 4);
}

static void split_quoted(foi_arena *a, foi_eml *m)
{
    char *t = m->body_text;
    FOI_VEC(lspan) L = {0};
    for (const char *p = t, *end = t + strlen(t); p < end;) {
        const char *next;
        size_t n = line_at(p, end, &next);
        FOI_VEC_PUSH(a, L, ((lspan){p, n}));
        p = next;
    }
    /* in a forward the first trail is the message forwarded (the data); a trail inside it is
     * the quote */
    int skip = forwarded(m->subject) ? 1 : 0;
    for (size_t i = 0; i < L.n; i++) {
        if (!separator(L.v, L.n, i)) continue;
        if (skip-- > 0) continue;
        size_t off = (size_t)(L.v[i].s - t);
        m->quoted = foi_strdup(a, t + off);
        m->quoted_line = (int)i + 1;
        t[off] = 0;
        size_t n = off;
        while (n && (t[n - 1] == '\n' || t[n - 1] == '\r' || is_ws(t[n - 1])))
            t[--n] = 0;
        return;
    }
}

/* ---------------------------------------------------------------- headers as a reader sees */

static char *unquote_addr(foi_arena *a, const char *s)
{
    if (!s) return NULL;
    char *r = foi_strdup(a, s), *o = r;
    for (const char *p = s; *p; p++) {
        if (*p == '"') continue;
        if (*p == '\\' && p[1]) p++;
        *o++ = *p;
    }
    *o = 0;
    return r;
}

/* "Thu, 10 Oct 2024 13:21:05 +0100" -> "10 October 2024 13:21"; NULL when it does not parse. */
static char *display_date(foi_arena *a, const char *v)
{
    static const char *const mon[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
    const char *p = skip_ws(v);
    const char *comma = strchr(p, ',');
    if (comma && comma - p <= 12) p = skip_ws(comma + 1);
    int day = 0, year = 0, hh = -1, mm = -1, k = 0;
    while (*p >= '0' && *p <= '9' && k < 2)
        day = day * 10 + (*p++ - '0'), k++;
    if (!k || day < 1 || day > 31) return NULL;
    p = skip_ws(p);
    int mi = -1;
    for (int i = 0; i < 12; i++)
        if (!strncasecmp(p, mon[i], 3)) mi = i;
    if (mi < 0) return NULL;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
        p++;
    p = skip_ws(p);
    k = 0;
    while (*p >= '0' && *p <= '9' && k < 4)
        year = year * 10 + (*p++ - '0'), k++;
    if (k == 2)
        year += year < 50 ? 2000 : 1900;
    else if (k != 4)
        return NULL;
    p = skip_ws(p);
    if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] == ':' && p[3] >= '0' &&
        p[3] <= '9' && p[4] >= '0' && p[4] <= '9') {
        hh = (p[0] - '0') * 10 + (p[1] - '0');
        mm = (p[3] - '0') * 10 + (p[4] - '0');
    }
    if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60)
        return foi_sprintf(a, "%d %s %d %02d:%02d", day, mon[mi], year, hh, mm);
    return foi_sprintf(a, "%d %s %d", day, mon[mi], year);
}

static char *headers_text(foi_arena *a, const foi_eml *m, const fields *f)
{
    foi_buf b;
    foi_buf_init(&b, a);
    if (m->from) foi_buf_printf(&b, "From: %s\n", unquote_addr(a, m->from));
    if (m->date) {
        char *d = display_date(a, m->date);
        foi_buf_printf(&b, "Sent: %s\n", d ? d : m->date);
    }
    if (m->to) foi_buf_printf(&b, "To: %s\n", unquote_addr(a, m->to));
    const char *cc = get(f, "cc");
    if (cc) foi_buf_printf(&b, "Cc: %s\n", unquote_addr(a, foi_eml_decode_words(a, cc)));
    if (m->subject) foi_buf_printf(&b, "Subject: %s\n", m->subject);
    return b.s ? b.s : foi_strdup(a, "");
}

/* ---------------------------------------------------------------- entry points */

static const char *skip_envelope(const char *p, const char *end)
{
    if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) p += 3;
    /* an mbox "From " line */
    if (end - p >= 5 && !memcmp(p, "From ", 5)) {
        const char *next;
        line_at(p, end, &next);
        p = next;
    }
    return p;
}

bool foi_eml_sniff(const unsigned char *bytes, size_t n)
{
    if (!bytes || !n) return false;
    const char *p = skip_envelope((const char *)bytes, (const char *)bytes + n);
    const char *end = (const char *)bytes + (n < 65536 ? n : 65536);
    bool mime = false, msg = false;
    int fieldsn = 0;
    while (p < end) {
        const char *next;
        size_t len = line_at(p, end, &next);
        if (len == 0) break;
        size_t colon;
        if (is_ws(p[0])) {
            if (!fieldsn) return false;
        } else if (field_name(p, len, &colon)) {
            fieldsn++;
            if ((colon == 12 && !strncasecmp(p, "mime-version", 12)) ||
                (colon == 12 && !strncasecmp(p, "content-type", 12)))
                mime = true;
            if ((colon == 4 && !strncasecmp(p, "from", 4)) ||
                (colon == 4 && !strncasecmp(p, "date", 4)) ||
                (colon == 7 && !strncasecmp(p, "subject", 7)))
                msg = true;
        } else
            return false;
        p = next;
    }
    return fieldsn >= 2 && mime && msg;
}

foi_eml *foi_eml_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    static foi_fail none;
    if (!fail) fail = &none;
    if (!bytes || !n) {
        *fail = (foi_fail){"unreadable", "The e-mail file is empty."};
        return NULL;
    }
    if (n > FOI_EML_MAX_BYTES) {
        *fail = (foi_fail){"unreadable", "The e-mail is larger than foitab's size limit."};
        return NULL;
    }
    const char *start = skip_envelope((const char *)bytes, (const char *)bytes + n);
    const char *end = (const char *)bytes + n;
    foi_eml *m = foi_alloc(a, sizeof *m);
    fields f = {0};
    const char *body = read_headers(a, m, start, end, &f);
    static const char *const known[] = {"from",         "to",           "subject",  "date",
                                        "mime-version", "content-type", "received", "message-id",
                                        "return-path",  "sender",       "reply-to", "cc",
                                        "delivered-to", "x-mailer",     NULL};
    bool ok = false;
    for (size_t i = 0; i < f.n && !ok; i++)
        for (int k = 0; known[k]; k++)
            if (!strcmp(f.v[i].name, known[k])) ok = true;
    if (!ok) {
        *fail = (foi_fail){"unreadable",
                           "The file is not an e-mail message: it does not start with header "
                           "lines such as From:, Date: and Subject:."};
        return NULL;
    }
    m->subject = foi_eml_decode_words(a, get(&f, "subject"));
    m->from = foi_eml_decode_words(a, get(&f, "from"));
    m->to = foi_eml_decode_words(a, get(&f, "to"));
    m->date = foi_eml_decode_words(a, get(&f, "date"));
    m->headers_text = headers_text(a, m, &f);

    ctx c = {.a = a, .m = m};
    c.entities = 1;
    node *root = entity_body(&c, &f, body, end, 0, "text/plain", false);
    bodies b = {0};
    collect(a, m, root, &b, 0);
    if (b.plain.n) {
        foi_buf t;
        foi_buf_init(&t, a);
        for (size_t i = 0; i < b.plain.n; i++) {
            if (i) foi_buf_putc(&t, '\n');
            foi_buf_puts(&t, m->parts.v[b.plain.v[i]].text);
        }
        m->body_text = t.s ? t.s : foi_strdup(a, "");
        split_quoted(a, m);
    } else if (b.html.n) {
        m->body_text = m->parts.v[b.html.v[0]].text;
        m->body_is_html = true;
    } else
        m->body_text = foi_strdup(a, "");
    return m;
}
