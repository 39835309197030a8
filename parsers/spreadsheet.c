#include "parsers/spreadsheet.h"

#include <ctype.h>
#include <limits.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/text.h"
#include "util/str.h"
#include "util/zip.h"

enum {
    XML_OPTS = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT,
    MERGE_WORK = 4,   /* merge fill work allowed, as a multiple of the sheet's area */
    GAP_ROWS = 2,     /* blank rows a table may hold before more figures */
    LABEL_ROWS = 3,   /* section or all-blank rows in a row a table may hold */
    LABEL_TEXT = 160, /* longest row label kept inside a table (offence wordings run long) */
};

/* ------------------------------------------------------------------ sheet model */

typedef struct scell {
    int r, c;  /* 0-based */
    int seq;   /* reading order, so the later of two cells at one position wins */
    char *raw; /* text as stored (line breaks kept) */
    char *text;
    bool bold;
    bool head; /* in ODS table-header-rows */
} scell;

typedef struct smerge {
    int r0, c0, r1, c1;
} smerge;

typedef struct sheet {
    char *name;
    bool hidden;
    int index; /* 1-based position in the workbook */
    FOI_VEC(scell) cells;
    FOI_VEC(smerge) merges;
    bool truncated;
} sheet;

typedef struct book {
    foi_arena *a;
    foi_doc *d;
    size_t ncells;
    bool cells_capped;
    bool in_request; /* text blocks under a "Request" heading are the quoted request */
} book;

/* ------------------------------------------------------------------ XML reading */

static void free_reader(void *p)
{
    xmlFreeTextReader(p);
}

/* A reader over part (NUL-terminated, len bytes), freed at foi_arena_free or by done(). */
static xmlTextReaderPtr reader_new(foi_arena *a, const char *part, size_t len)
{
    if (len > 0x7fffffff) return NULL;
    xmlTextReaderPtr rd = xmlReaderForMemory(part, (int)len, NULL, NULL, XML_OPTS);
    if (!rd) foi_arena_oom(a);
    foi_arena_defer(a, free_reader, rd);
    return rd;
}

static const char *lname(xmlTextReaderPtr rd)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd);
    return n ? (const char *)n : "";
}

static bool is_el(xmlTextReaderPtr rd, const char *name)
{
    return xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && !strcmp(lname(rd), name);
}

static bool is_end(xmlTextReaderPtr rd, const char *name)
{
    return xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT && !strcmp(lname(rd), name);
}

/* Attribute by local name (prefixes vary between writers), copied into the arena. */
static char *rattr(foi_arena *a, xmlTextReaderPtr rd, const char *name)
{
    char *out = NULL;
    if (xmlTextReaderMoveToFirstAttribute(rd) != 1) return NULL;
    do {
        if (!strcmp(lname(rd), name)) {
            const xmlChar *v = xmlTextReaderConstValue(rd);
            out = foi_strdup(a, v ? (const char *)v : "");
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(rd) == 1);
    xmlTextReaderMoveToElement(rd);
    return out;
}

static long rattr_long(foi_arena *a, xmlTextReaderPtr rd, const char *name, long dflt)
{
    char *v = rattr(a, rd, name);
    if (!v || !*v) return dflt;
    char *end;
    long k = strtol(v, &end, 10);
    return end == v ? dflt : k;
}

static bool text_node(xmlTextReaderPtr rd)
{
    int t = xmlTextReaderNodeType(rd);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE;
}

static void add_value(foi_buf *b, xmlTextReaderPtr rd)
{
    const xmlChar *v = xmlTextReaderConstValue(rd);
    if (!v) return;
    size_t n = strlen((const char *)v);
    if (b->len + n > FOI_SHEET_MAX_CELL_TEXT)
        n = b->len < FOI_SHEET_MAX_CELL_TEXT ? FOI_SHEET_MAX_CELL_TEXT - b->len : 0;
    foi_buf_add(b, (const char *)v, n);
}

static bool bool_attr(const char *v)
{
    return !v || !*v || !strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "on");
}

/* ------------------------------------------------------------------ numbers and dates */

static const char *builtin_fmt(int id)
{
    switch (id) {
    case 1:
        return "0";
    case 2:
        return "0.00";
    case 3:
    case 5:
    case 6:
    case 37:
    case 38:
    case 41:
    case 42:
        return "#,##0";
    case 4:
    case 7:
    case 8:
    case 39:
    case 40:
    case 43:
    case 44:
        return "#,##0.00";
    case 9:
        return "0%";
    case 10:
        return "0.00%";
    case 11:
    case 48:
        return "0.00E+00";
    case 15:
        return "d-mmm-yy";
    case 16:
        return "d-mmm";
    case 17:
        return "mmm-yy";
    case 18:
        return "h:mm AM/PM";
    case 19:
        return "h:mm:ss AM/PM";
    case 20:
        return "h:mm";
    case 21:
        return "h:mm:ss";
    case 22:
        return "dd/mm/yyyy hh:mm";
    case 45:
        return "mm:ss";
    case 46:
        return "[h]:mm:ss";
    case 47:
        return "mm:ss.0";
    case 49:
        return "@";
    default:
        /* 14 is the locale's short date; 27-36 and 50-58 are East Asian date formats */
        if (id == 14 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return "dd/mm/yyyy";
        return NULL;
    }
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), and back (H. Hinnant's algorithms). */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

typedef struct when {
    int y, mo, d, wd; /* wd: 0 = Sunday */
    long h, mi, s;    /* h may exceed 23 for elapsed [h] formats */
    double serial;
} when;

/* Serial to calendar: Excel's 1900 system counts the 29 February 1900 that never was. */
static bool serial_when(double v, bool d1904, when *w)
{
    if (!(v >= 0 && v < 2958466)) return false; /* 9999-12-31 is Excel's last day */
    long days = (long)floor(v);
    long secs = lround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    *w = (when){.serial = v};
    long z;
    if (d1904) {
        z = days_from_civil(1904, 1, 1) + days;
    } else if (days == 60) {
        w->y = 1900, w->mo = 2, w->d = 29, w->wd = 3;
        z = LONG_MIN;
    } else {
        z = days_from_civil(1899, 12, days < 60 ? 31 : 30) + days;
    }
    if (z != LONG_MIN) {
        civil_from_days(z, &w->y, &w->mo, &w->d);
        w->wd = (int)(((z % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
    }
    w->h = secs / 3600;
    w->mi = secs / 60 % 60;
    w->s = secs % 60;
    return true;
}

static const char *const MONTHS[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
static const char *const DAYS[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                   "Thursday", "Friday", "Saturday"};

/* The first section of a format code (positive numbers), without colour/condition brackets
 * that are not elapsed-time or currency. */
static size_t first_section(const char *f)
{
    bool q = false;
    int br = 0;
    size_t i = 0;
    for (; f[i]; i++) {
        if (f[i] == '\\' && f[i + 1]) {
            i++;
            continue;
        }
        if (f[i] == '"') q = !q;
        if (q) continue;
        if (f[i] == '[') br++;
        if (f[i] == ']' && br) br--;
        if (f[i] == ';' && !br) break;
    }
    return i;
}

typedef struct fmt_kind {
    bool date, general, percent, sci, text;
    bool day_num, month_num, month_name, time, ampm, year_first;
} fmt_kind;

enum { NOT_LITERAL = -1 };

/* Format tokens that print text as it is, alike in date and number formats: "quoted text",
 * \c, _c (a space as wide as c) and *c (a fill: nothing here).  When f[i] starts one, its
 * text goes to b (unless b is NULL: skipping) and the index of its last byte is returned;
 * else NOT_LITERAL. */
static size_t fmt_literal(foi_buf *b, const char *f, size_t n, size_t i)
{
    if (f[i] == '"') {
        size_t j = i + 1;
        while (j < n && f[j] != '"')
            j++;
        if (b) foi_buf_add(b, f + i + 1, j - i - 1);
        return j;
    }
    if (i + 1 >= n) return (size_t)NOT_LITERAL;
    if (f[i] == '\\') {
        if (b) foi_buf_putc(b, f[i + 1]);
        return i + 1;
    }
    if (f[i] == '_') {
        if (b) foi_buf_putc(b, ' ');
        return i + 1;
    }
    if (f[i] == '*') return i + 1;
    return (size_t)NOT_LITERAL;
}

/* What the section f[0..n) shows.  m is a month unless it follows h or precedes s. */
static fmt_kind classify(const char *f, size_t n)
{
    fmt_kind k = {0};
    char prev = 0; /* the last date/time letter seen */
    for (size_t i = 0; i < n; i++) {
        char c = f[i];
        size_t lit = fmt_literal(NULL, f, n, i);
        if (lit != (size_t)NOT_LITERAL) {
            i = lit;
            continue;
        }
        if (c == '[') {
            size_t j = i + 1;
            if (j < n && strchr("hHmMsS", f[j])) k.time = k.date = true;
            while (i < n && f[i] != ']')
                i++;
            continue;
        }
        if (!strncasecmp(f + i, "general", 7)) {
            k.general = true;
            i += 6;
            continue;
        }
        if (!strncasecmp(f + i, "am/pm", 5) || !strncasecmp(f + i, "a/p", 3)) {
            k.ampm = true;
            i += f[i + 1] == '/' ? 2 : 4;
            continue;
        }
        char l = (char)tolower((unsigned char)c);
        size_t run = 1;
        while (i + run < n && tolower((unsigned char)f[i + run]) == l)
            run++;
        if (l == 'y' || l == 'd' || l == 'm' || l == 'h' || l == 's') {
            if (!prev && l == 'y') k.year_first = true;
            k.date = true;
            if (l == 'd' && run <= 2) k.day_num = true;
            if (l == 'h' || l == 's') k.time = true;
            if (l == 'm') {
                /* minutes after an hour or before seconds */
                size_t j = i + run;
                while (j < n && !isalpha((unsigned char)f[j]))
                    j++;
                bool minutes = prev == 'h' || (j < n && tolower((unsigned char)f[j]) == 's');
                if (minutes)
                    k.time = true;
                else if (run <= 2)
                    k.month_num = true;
                else
                    k.month_name = true;
            }
            prev = l;
            i += run - 1;
            continue;
        }
        if (c == '%') k.percent = true;
        if ((c == 'E' || c == 'e') && i + 1 < n && (f[i + 1] == '+' || f[i + 1] == '-'))
            k.sci = true;
        if (c == '@') k.text = true;
    }
    return k;
}

/* Shortest decimal text that reads back as v, without an exponent for ordinary sizes. */
static char *general_text(foi_arena *a, double v)
{
    if (!isfinite(v)) return foi_strdup(a, "#NUM!");
    if (v == 0) return foi_strdup(a, "0");
    if (v == floor(v) && fabs(v) < 1e15) return foi_sprintf(a, "%.0f", v);
    char buf[64];
    int p = 1;
    for (; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, v);
        if (strtod(buf, NULL) == v) break;
    }
    if (p > 17) p = 17;
    double av = fabs(v);
    if (strchr(buf, 'e') && av >= 1e-5 && av < 1e15) {
        int mag = (int)floor(log10(av));
        int dec = p - 1 - mag;
        if (dec < 0) dec = 0;
        if (dec > 30) dec = 30;
        snprintf(buf, sizeof buf, "%.*f", dec, v);
        char *dot = strchr(buf, '.');
        if (dot) {
            char *e = buf + strlen(buf) - 1;
            while (e > dot && *e == '0')
                *e-- = 0;
            if (e == dot) *e = 0;
        }
    }
    return foi_strdup(a, buf);
}

static void put2(foi_buf *b, long v)
{
    foi_buf_printf(b, "%02ld", v);
}

/* A date/time rendered through the tokens of the section. */
static char *date_text(foi_arena *a, const when *w, const char *f, size_t n, fmt_kind k)
{
    foi_buf b;
    foi_buf_init(&b, a);
    if (k.day_num && k.month_num && !k.year_first) {
        /* numeric day and month: the UK order an HTML reply would show, whatever the
         * workbook's locale (the serial is exact, so nothing is guessed) */
        foi_buf_printf(&b, "%02d/%02d/%04d", w->d, w->mo, w->y);
        if (k.time) foi_buf_printf(&b, " %02ld:%02ld", w->h, w->mi);
        return b.s;
    }
    long h12 = w->h % 12 ? w->h % 12 : 12;
    char prev = 0;
    for (size_t i = 0; i < n; i++) {
        char c = f[i];
        size_t lit = fmt_literal(&b, f, n, i);
        if (lit != (size_t)NOT_LITERAL) {
            i = lit;
            continue;
        }
        if (c == '[') {
            size_t j = i + 1;
            while (j < n && f[j] != ']')
                j++;
            char l = (char)tolower((unsigned char)(i + 1 < n ? f[i + 1] : 0));
            long secs = lround(w->serial * 86400.0);
            if (l == 'h') foi_buf_printf(&b, "%ld", secs / 3600), prev = 'h';
            if (l == 'm') foi_buf_printf(&b, "%ld", secs / 60), prev = 'm';
            if (l == 's') foi_buf_printf(&b, "%ld", secs), prev = 's';
            i = j;
            continue;
        }
        if (!strncasecmp(f + i, "am/pm", 5)) {
            foi_buf_puts(&b, w->h < 12 ? "AM" : "PM");
            i += 4;
            continue;
        }
        if (!strncasecmp(f + i, "a/p", 3)) {
            foi_buf_putc(&b, w->h < 12 ? 'A' : 'P');
            i += 2;
            continue;
        }
        char l = (char)tolower((unsigned char)c);
        size_t run = 1;
        while (i + run < n && tolower((unsigned char)f[i + run]) == l)
            run++;
        switch (l) {
        case 'y':
            if (run <= 2)
                put2(&b, w->y % 100);
            else
                foi_buf_printf(&b, "%04d", w->y);
            break;
        case 'd':
            if (run == 1)
                foi_buf_printf(&b, "%d", w->d);
            else if (run == 2)
                put2(&b, w->d);
            else if (run == 3)
                foi_buf_add(&b, DAYS[w->wd], 3);
            else
                foi_buf_puts(&b, DAYS[w->wd]);
            break;
        case 'm': {
            size_t j = i + run;
            while (j < n && !isalpha((unsigned char)f[j]))
                j++;
            bool minutes = prev == 'h' || (j < n && tolower((unsigned char)f[j]) == 's');
            if (minutes && run <= 2) {
                if (run == 1)
                    foi_buf_printf(&b, "%ld", w->mi);
                else
                    put2(&b, w->mi);
            } else if (run == 1) {
                foi_buf_printf(&b, "%d", w->mo);
            } else if (run == 2) {
                put2(&b, w->mo);
            } else if (run == 3) {
                foi_buf_add(&b, MONTHS[w->mo - 1], 3);
            } else if (run == 4) {
                foi_buf_puts(&b, MONTHS[w->mo - 1]);
            } else {
                foi_buf_putc(&b, MONTHS[w->mo - 1][0]);
            }
            break;
        }
        case 'h':
            if (run == 1)
                foi_buf_printf(&b, "%ld", k.ampm ? h12 : w->h);
            else
                put2(&b, k.ampm ? h12 : w->h);
            break;
        case 's':
            if (run == 1)
                foi_buf_printf(&b, "%ld", w->s);
            else
                put2(&b, w->s);
            break;
        case '0':
        case '#':
            break; /* fractions of a second: not shown */
        case '.':
            if (i + 1 < n && f[i + 1] == '0') break;
            foi_buf_add(&b, f + i, run);
            break;
        default:
            if (isalpha((unsigned char)c)) break; /* a letter Excel would not show literally */
            foi_buf_add(&b, f + i, run);
            break;
        }
        if (strchr("ydmhs", l)) prev = l;
        i += run - 1;
    }
    return b.s;
}

/* Commas every three digits of the integer part of digits. */
static void put_grouped(foi_buf *b, const char *digits)
{
    const char *dot = strchr(digits, '.');
    size_t ilen = dot ? (size_t)(dot - digits) : strlen(digits);
    for (size_t i = 0; i < ilen; i++) {
        if (i && (ilen - i) % 3 == 0) foi_buf_putc(b, ',');
        foi_buf_putc(b, digits[i]);
    }
    if (dot) foi_buf_puts(b, dot);
}

/* A number through a numeric format: one run of digit placeholders, literals around it. */
static char *number_text(foi_arena *a, double v, const char *f, size_t n, fmt_kind k)
{
    if (k.percent) v *= 100;
    int decimals = 0;
    bool thousands = false, seen_digits = false, emitted = false;
    /* the placeholder run: decimals and grouping */
    for (size_t i = 0; i < n; i++) {
        char c = f[i];
        size_t lit = fmt_literal(NULL, f, n, i);
        if (lit != (size_t)NOT_LITERAL) {
            i = lit;
            continue;
        }
        if (c == '[') {
            while (i < n && f[i] != ']')
                i++;
            continue;
        }
        if (c == '0' || c == '#' || c == '?') {
            seen_digits = true;
        } else if (c == ',' && seen_digits && i + 1 < n && strchr("0#?", f[i + 1])) {
            thousands = true;
        } else if (c == '.' && seen_digits) {
            size_t j = i + 1;
            while (j < n && strchr("0#?", f[j]))
                j++;
            decimals = (int)(j - i - 1);
            break;
        }
    }
    if (decimals > 15) decimals = 15;
    char digits[400];
    if (!(fabs(v) < 1e300)) return general_text(a, v);
    /* half away from zero, as Excel rounds (printf rounds half to even) */
    double scale = pow(10, decimals), scaled = fabs(v) * scale;
    double rounded = floor(scaled + 0.5 + scaled * 1e-15);
    snprintf(digits, sizeof digits, "%.*f", decimals, rounded / scale);
    bool neg = v < 0 && strspn(digits, "0.") != strlen(digits);
    foi_buf b;
    foi_buf_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        char c = f[i];
        size_t lit = fmt_literal(&b, f, n, i);
        if (lit != (size_t)NOT_LITERAL) {
            i = lit;
            continue;
        }
        if (c == '[') {
            /* [$£-809]: a currency symbol; [Red], [>100]: not shown */
            size_t j = i + 1;
            while (j < n && f[j] != ']')
                j++;
            if (f[i + 1] == '$') {
                size_t s = i + 2, e = s;
                while (e < j && f[e] != '-')
                    e++;
                foi_buf_add(&b, f + s, e - s);
            }
            i = j;
            continue;
        }
        if (c == '0' || c == '#' || c == '?') {
            if (!emitted) {
                if (neg) foi_buf_putc(&b, '-');
                if (thousands)
                    put_grouped(&b, digits);
                else
                    foi_buf_puts(&b, digits);
                emitted = true;
            }
            continue;
        }
        /* separators inside the placeholder run are part of the number */
        if ((c == ',' || c == '.') &&
            ((i > 0 && strchr("0#?", f[i - 1])) || (i + 1 < n && strchr("0#?", f[i + 1]))))
            continue;
        foi_buf_putc(&b, c);
    }
    if (!emitted) {
        /* a format with no placeholder ("-" for zero, "\"nil\""): what it says */
        if (!b.len) return general_text(a, v);
    }
    return b.s;
}

char *foi_sheet_number_text(foi_arena *a, double v, const char *fmt, int builtin_id, int date1904)
{
    if (!fmt) fmt = builtin_fmt(builtin_id);
    if (!fmt || !*fmt) return general_text(a, v);
    /* negative numbers use the second section when there is one; we show a minus sign */
    size_t n = first_section(fmt);
    fmt_kind k = classify(fmt, n);
    if (k.date) {
        when w;
        if (!serial_when(v, date1904 != 0, &w)) return general_text(a, v);
        return date_text(a, &w, fmt, n, k);
    }
    if (k.general || k.sci || k.text) return general_text(a, v);
    return number_text(a, v, fmt, n, k);
}

/* ------------------------------------------------------------------ sheet -> grids and blocks */

static int cell_cmp(const void *x, const void *y)
{
    const scell *p = x, *q = y;
    if (p->r != q->r) return p->r < q->r ? -1 : 1;
    if (p->c != q->c) return p->c < q->c ? -1 : 1;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

/* Adds a cell of sheet s unless over the workbook's caps. */
static void put_cell(book *b, sheet *s, int r, int c, const char *raw, bool bold, bool head)
{
    if (r < 0 || c < 0) return;
    if (r >= FOI_SHEET_MAX_ROWS || c >= FOI_SHEET_MAX_COLS) {
        s->truncated = true;
        return;
    }
    if (b->ncells >= FOI_SHEET_MAX_CELLS) {
        b->cells_capped = true;
        return;
    }
    char *text = foi_clean(b->a, raw);
    if (!*text) return;
    scell x = {.r = r,
               .c = c,
               .seq = (int)s->cells.n,
               .raw = (char *)raw,
               .text = text,
               .bold = bold,
               .head = head};
    FOI_VEC_PUSH(b->a, s->cells, x);
    b->ncells++;
}

static void put_merge(book *b, sheet *s, int r0, int c0, int r1, int c1)
{
    (void)b;
    if (r1 < r0 || c1 < c0 || (r0 == r1 && c0 == c1) || r0 < 0 || c0 < 0) return;
    if (s->merges.n >= FOI_SHEET_MAX_MERGES) {
        s->truncated = true;
        return;
    }
    smerge m = {r0, c0, r1, c1};
    FOI_VEC_PUSH(b->a, s->merges, m);
}

/* The materialised used range of one sheet: each position knows its source cell. */
typedef struct plane {
    int nr, nc;
    int *org;   /* position (r * nc + c) of the cell whose text this position shows */
    int *cell;  /* index into sheet cells at each origin position, -1 when empty */
    int *spans; /* per row: distinct non-empty cells */
    const sheet *s;
} plane;

static const scell *at(const plane *p, int r, int c)
{
    int o = p->org[(size_t)r * p->nc + c];
    int i = p->cell[o];
    return i >= 0 ? &p->s->cells.v[i] : NULL;
}

static const char *text_at(const plane *p, int r, int c)
{
    const scell *x = at(p, r, c);
    return x ? x->text : "";
}

static bool is_copy(const plane *p, int r, int c)
{
    size_t i = (size_t)r * p->nc + c;
    return p->org[i] != (int)i;
}

/* A plausible year ("2021"): a period label, not a count, in a row of headers. */
static bool year_like(const char *t)
{
    return strlen(t) == 4 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
           isdigit((unsigned char)t[2]) && isdigit((unsigned char)t[3]) &&
           (t[0] == '1' || t[0] == '2');
}

/* A row of figures (not a header row of years): a table goes on through it. */
static bool data_row(const plane *p, int r)
{
    bool label = false;
    for (int c = 0; c < p->nc; c++) {
        const char *t = text_at(p, r, c);
        if (!*t || (c && is_copy(p, r, c) &&
                    p->org[(size_t)r * p->nc + c] == p->org[(size_t)r * p->nc + c - 1]))
            continue;
        if (foi_text_is_figure(t) && !year_like(t)) {
            if (label) return true;
        } else {
            label = true;
        }
    }
    return false;
}

/* Leftmost column holding text in row r: where the table's row labels are. */
static int lead_col(const plane *p, int r)
{
    int c = 0;
    while (c < p->nc && !*text_at(p, r, c))
        c++;
    return c;
}

/* A one-cell row that belongs inside the table around it: a short section row ("Sexual
 * offences"), or a row label whose figures are all blank (Excel leaves zero rows empty),
 * which sits unmerged in the table's label column and does not read as a sentence. */
static bool inner_row(const plane *p, int r, int lead)
{
    int c = lead_col(p, r);
    if (c >= p->nc) return false;
    const char *t = text_at(p, r, c);
    size_t n = strlen(t);
    if (n <= 60) return true;
    if (c != lead || n > LABEL_TEXT || is_copy(p, r, c)) return false;
    if (c + 1 < p->nc && p->org[(size_t)r * p->nc + c + 1] == r * p->nc + c) return false;
    return t[n - 1] != '.' && t[n - 1] != ':' && !strstr(t, ". ");
}

static bool default_name(const char *name)
{
    static const char *const words[] = {"sheet",    "tabelle", "feuil", "hoja", "blad",
                                        "foglio",   "arkusz",  "ark",   "lapa", "planilha",
                                        "taulukko", "munka",   NULL};
    if (!name || !*name) return true;
    size_t n = strlen(name);
    while (n && (isdigit((unsigned char)name[n - 1]) || name[n - 1] == ' '))
        n--;
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncasecmp(name, words[i], n)) return true;
    return false;
}

/* One text row: a block per line of its cell, kinds as parsers/html.c gives them. */
static void text_row(book *b, const sheet *s, const scell *x, int row)
{
    char *label = foi_sprintf(b->a, "sheet %d", s->index);
    size_t n = 0;
    char **lines = foi_split_lines(b->a, x->raw, &n);
    for (size_t i = 0; i < n; i++) {
        char *t = foi_clean(b->a, lines[i]);
        if (!*t) continue;
        foi_block_kind k;
        size_t bl = foi_bullet_len(t);
        if (bl && t[bl]) {
            t += bl;
            k = FOI_BLOCK_ITEM;
        } else if (x->bold && strlen(t) < 120 && !strchr(t, ':'))
            k = FOI_BLOCK_HEADING;
        else
            k = foi_text_line_kind(t);
        if (k == FOI_BLOCK_HEADING)
            b->in_request = foi_request_heading(t);
        else if (b->in_request)
            k = FOI_BLOCK_QUOTE;
        size_t before = b->d->blocks.n;
        foi_doc_add_block(b->d, k, t, row + 1);
        if (b->d->blocks.n > before) b->d->blocks.v[before].label = label;
    }
}

static void emit_grid(book *b, const plane *p, const sheet *s, int r0, int r1, size_t first_block)
{
    /* columns: those with a cell of their own somewhere in the rows (pure copies of a merged
     * cell to their left are layout, as are empty columns) */
    int *cols = foi_alloc(b->a, (size_t)p->nc * sizeof *cols);
    int nc = 0;
    for (int c = 0; c < p->nc; c++) {
        bool own = false;
        for (int r = r0; r < r1 && !own; r++) {
            if (!*text_at(p, r, c)) continue;
            size_t i = (size_t)r * p->nc + c;
            own = c == 0 || p->org[i] != p->org[i - 1];
        }
        if (own) cols[nc++] = c;
    }
    if (!nc) return;
    int nr = r1 - r0;
    if ((size_t)nr * (size_t)nc > FOI_SHEET_MAX_AREA) return; /* cannot happen: within plane */
    char *ctx = foi_doc_context(b->d, first_block);
    foi_grid *g = foi_doc_add_grid(b->d, nr, nc);
    g->context = ctx;
    g->caption = default_name(s->name) ? NULL : foi_strdup(b->a, s->name);
    g->hidden = s->hidden;
    g->first_line = r0 + 1;
    /* locators name the sheet's own rows and columns, whatever was trimmed */
    g->label = foi_sprintf(b->a, "sheet %d", s->index);
    g->src_row = foi_alloc(b->a, (size_t)nr * sizeof *g->src_row);
    g->src_col = foi_alloc(b->a, (size_t)nc * sizeof *g->src_col);
    for (int r = 0; r < nr; r++)
        g->src_row[r] = r0 + r + 1;
    for (int k = 0; k < nc; k++)
        g->src_col[k] = cols[k] + 1;
    for (int r = 0; r < nr; r++)
        for (int k = 0; k < nc; k++) {
            int sr = r0 + r, sc = cols[k];
            size_t i = (size_t)sr * p->nc + sc;
            const scell *x = at(p, sr, sc);
            foi_cell *fc = foi_grid_at(g, r, k);
            fc->text = x ? x->text : "";
            fc->header = x && (x->bold || x->head);
            fc->span_id = p->org[i] + 1;
            /* a merge that starts above the table: its first position here is not a copy */
            int orow = p->org[i] / p->nc;
            fc->copy = p->org[i] != (int)i &&
                       !(orow < r0 && r == 0 &&
                         (k == 0 || foi_grid_at(g, r, k - 1)->span_id != fc->span_id));
        }
}

static void emit_sheet(book *b, sheet *s)
{
    foi_arena *a = b->a;
    if (s->truncated)
        foi_doc_add_meta(b->d, "truncated",
                         foi_sprintf(a,
                                     "sheet %d (%s) has more rows, columns or merged cells "
                                     "than foitab reads; only the first part was read",
                                     s->index, s->name ? s->name : ""));
    if (!s->cells.n) return;
    qsort(s->cells.v, s->cells.n, sizeof *s->cells.v, cell_cmp);
    /* one cell per position: the later one */
    size_t w = 0;
    for (size_t i = 0; i < s->cells.n; i++) {
        if (w && s->cells.v[w - 1].r == s->cells.v[i].r && s->cells.v[w - 1].c == s->cells.v[i].c)
            w--;
        s->cells.v[w++] = s->cells.v[i];
    }
    s->cells.n = w;
    int nr = 0, nc = 0;
    for (size_t i = 0; i < s->cells.n; i++) {
        if (s->cells.v[i].r + 1 > nr) nr = s->cells.v[i].r + 1;
        if (s->cells.v[i].c + 1 > nc) nc = s->cells.v[i].c + 1;
    }
    if ((size_t)nr * (size_t)nc > FOI_SHEET_MAX_AREA) {
        nr = (int)(FOI_SHEET_MAX_AREA / (size_t)nc);
        foi_doc_add_meta(b->d, "truncated",
                         foi_sprintf(a, "sheet %d (%s): only the first %d rows were read", s->index,
                                     s->name ? s->name : "", nr));
    }
    size_t area = (size_t)nr * (size_t)nc;
    plane p = {.nr = nr, .nc = nc, .s = s};
    p.org = foi_alloc(a, area * sizeof *p.org);
    p.cell = foi_alloc(a, area * sizeof *p.cell);
    for (size_t i = 0; i < area; i++) {
        p.org[i] = (int)i;
        p.cell[i] = -1;
    }
    for (size_t i = 0; i < s->cells.n; i++) {
        const scell *x = &s->cells.v[i];
        if (x->r < nr) p.cell[(size_t)x->r * nc + x->c] = (int)i;
    }
    size_t work = 0;
    for (size_t m = 0; m < s->merges.n; m++) {
        smerge g = s->merges.v[m];
        if (g.r0 >= nr || g.c0 >= nc) continue;
        if (g.r1 >= nr) g.r1 = nr - 1;
        if (g.c1 >= nc) g.c1 = nc - 1;
        size_t cells = (size_t)(g.r1 - g.r0 + 1) * (size_t)(g.c1 - g.c0 + 1);
        if (work + cells > MERGE_WORK * area) break;
        work += cells;
        int o = g.r0 * nc + g.c0;
        for (int r = g.r0; r <= g.r1; r++)
            for (int c = g.c0; c <= g.c1; c++)
                p.org[(size_t)r * nc + c] = o;
    }
    p.spans = foi_alloc(a, (size_t)nr * sizeof *p.spans);
    for (int r = 0; r < nr; r++)
        for (int c = 0; c < nc; c++) {
            size_t i = (size_t)r * nc + c;
            if (*text_at(&p, r, c) && (c == 0 || p.org[i] != p.org[i - 1])) p.spans[r]++;
        }

    size_t first_block = b->d->blocks.n;
    b->in_request = false;
    for (int r = 0; r < nr;) {
        if (p.spans[r] == 0) {
            r++;
            continue;
        }
        if (p.spans[r] == 1) {
            int c = 0;
            while (c < nc && !*text_at(&p, r, c))
                c++;
            /* text of a merge that began on an earlier row was given there */
            if (!is_copy(&p, r, c) || p.org[(size_t)r * nc + c] / nc == r)
                if (!s->hidden) text_row(b, s, at(&p, r, c), r);
            r++;
            continue;
        }
        int end = r + 1;
        for (;;) {
            while (end < nr && p.spans[end] >= 2)
                end++;
            /* a gap of blank rows, or a few section rows or rows whose figures are all
             * blank, followed by more figures */
            int k = end, blanks = 0;
            while (k < nr && p.spans[k] == 0 && blanks < GAP_ROWS)
                k++, blanks++;
            for (int held = 0; k < nr && !blanks && held < LABEL_ROWS && p.spans[k] == 1; held++) {
                if (!inner_row(&p, k, lead_col(&p, r))) break;
                k++;
            }
            if (k > end && k < nr && p.spans[k] >= 2 && data_row(&p, k)) {
                end = k;
                continue;
            }
            break;
        }
        emit_grid(b, &p, s, r, end, first_block);
        r = end;
    }
}

/* ------------------------------------------------------------------ XLSX */

typedef struct xf {
    int numfmt, font;
} xf;

typedef struct xbook {
    book b;
    foi_zip *z;
    foi_fail *fail;
    bool date1904;
    FOI_VEC(char *) sst;
    FOI_VEC(xf) xfs;
    FOI_VEC(bool) font_bold;
    FOI_VEC(int) fmt_ids;
    FOI_VEC(char *) fmt_codes;
} xbook;

/* "B12" -> row 11, col 1; false when ref is not a cell reference. */
static bool parse_ref(const char *ref, int *r, int *c)
{
    if (!ref) return false;
    const char *p = ref;
    while (*p == '$')
        p++;
    long col = 0;
    int letters = 0;
    while (isalpha((unsigned char)*p)) {
        col = col * 26 + (toupper((unsigned char)*p) - 'A' + 1);
        if (++letters > 3) return false;
        p++;
    }
    while (*p == '$')
        p++;
    if (!isdigit((unsigned char)*p)) {
        if (!letters) return false;
        *c = (int)col - 1;
        *r = -1;
        return true;
    }
    long row = strtol(p, NULL, 10);
    if (row < 1 || row > 1048576 || (letters && col > 16384)) return false;
    *r = (int)row - 1;
    *c = letters ? (int)col - 1 : -1;
    return true;
}

/* Part path of target relative to the part base (a rels Target). */
static char *resolve(foi_arena *a, const char *base, const char *target)
{
    if (target[0] == '/') return foi_strdup(a, target + 1);
    const char *slash = strrchr(base, '/');
    foi_buf b;
    foi_buf_init(&b, a);
    if (slash) foi_buf_add(&b, base, (size_t)(slash - base) + 1);
    foi_buf_puts(&b, target);
    /* fold "dir/../" */
    char *s = b.s, *q;
    while ((q = strstr(s, "/../"))) {
        char *st = q;
        while (st > s && st[-1] != '/')
            st--;
        memmove(st, q + 4, strlen(q + 4) + 1);
    }
    while (!strncmp(s, "./", 2))
        memmove(s, s + 2, strlen(s + 2) + 1);
    return s;
}

static char *read_part(xbook *x, const char *name, size_t *len, bool required)
{
    foi_fail f = {0};
    char *p = foi_zip_read(x->z, name, len, &f);
    if (!p && (required || strcmp(f.status, "unreadable") || !strstr(f.detail, "has no part")))
        *x->fail = f;
    return p;
}

typedef struct rel {
    char *id, *type, *target;
} rel;
typedef FOI_VEC(rel) rel_vec;

static bool read_rels(xbook *x, const char *name, rel_vec *out)
{
    size_t len;
    char *part = read_part(x, name, &len, false);
    if (!part) return !x->fail->status;
    xmlTextReaderPtr rd = reader_new(x->b.a, part, len);
    int ret;
    while ((ret = xmlTextReaderRead(rd)) == 1) {
        if (!is_el(rd, "Relationship")) continue;
        char *mode = rattr(x->b.a, rd, "TargetMode");
        if (mode && !strcasecmp(mode, "External")) continue;
        rel r = {rattr(x->b.a, rd, "Id"), rattr(x->b.a, rd, "Type"), rattr(x->b.a, rd, "Target")};
        if (r.id && r.type && r.target && out->n < FOI_ZIP_MAX_ENTRIES)
            FOI_VEC_PUSH(x->b.a, *out, r);
    }
    foi_arena_release(x->b.a, rd);
    return true;
}

static const char *rel_by_type(const rel_vec *v, const char *suffix)
{
    size_t n = strlen(suffix);
    for (size_t i = 0; i < v->n; i++) {
        size_t t = strlen(v->v[i].type);
        if (t >= n && !strcmp(v->v[i].type + t - n, suffix)) return v->v[i].target;
    }
    return NULL;
}

static void read_styles(xbook *x, const char *name)
{
    size_t len;
    char *part = read_part(x, name, &len, false);
    if (!part) return;
    foi_arena *a = x->b.a;
    xmlTextReaderPtr rd = reader_new(a, part, len);
    bool in_fonts = false, in_xfs = false, in_font = false;
    while (xmlTextReaderRead(rd) == 1) {
        if (is_el(rd, "fonts"))
            in_fonts = !xmlTextReaderIsEmptyElement(rd);
        else if (is_end(rd, "fonts"))
            in_fonts = false;
        else if (is_el(rd, "cellXfs"))
            in_xfs = !xmlTextReaderIsEmptyElement(rd);
        else if (is_end(rd, "cellXfs"))
            in_xfs = false;
        else if (is_el(rd, "numFmt") && x->fmt_ids.n < FOI_SHEET_MAX_STYLES) {
            char *code = rattr(a, rd, "formatCode");
            long id = rattr_long(a, rd, "numFmtId", -1);
            if (code && id >= 0) {
                FOI_VEC_PUSH(a, x->fmt_ids, (int)id);
                FOI_VEC_PUSH(a, x->fmt_codes, code);
            }
        } else if (in_fonts && is_el(rd, "font") && x->font_bold.n < FOI_SHEET_MAX_STYLES) {
            FOI_VEC_PUSH(a, x->font_bold, false);
            in_font = !xmlTextReaderIsEmptyElement(rd);
        } else if (in_fonts && is_end(rd, "font")) {
            in_font = false;
        } else if (in_font && is_el(rd, "b") && x->font_bold.n) {
            x->font_bold.v[x->font_bold.n - 1] = bool_attr(rattr(a, rd, "val"));
        } else if (in_xfs && is_el(rd, "xf") && x->xfs.n < FOI_SHEET_MAX_STYLES) {
            xf f = {(int)rattr_long(a, rd, "numFmtId", 0), (int)rattr_long(a, rd, "fontId", 0)};
            FOI_VEC_PUSH(a, x->xfs, f);
        }
    }
    foi_arena_release(a, rd);
}

static void read_sst(xbook *x, const char *name)
{
    size_t len;
    char *part = read_part(x, name, &len, false);
    if (!part) return;
    foi_arena *a = x->b.a;
    xmlTextReaderPtr rd = reader_new(a, part, len);
    foi_buf b;
    foi_buf_init(&b, a);
    int rph = 0, in_t = 0;
    bool in_si = false;
    while (xmlTextReaderRead(rd) == 1) {
        if (is_el(rd, "si")) {
            in_si = true;
            b.len = 0;
            b.s[0] = 0;
            if (xmlTextReaderIsEmptyElement(rd)) goto end_si;
        } else if (is_end(rd, "si")) {
        end_si:
            in_si = false;
            if (x->sst.n >= FOI_SHEET_MAX_STRINGS) break;
            FOI_VEC_PUSH(a, x->sst, foi_strndup(a, b.s, b.len));
        } else if (is_el(rd, "rPh") && !xmlTextReaderIsEmptyElement(rd)) {
            rph++;
        } else if (is_end(rd, "rPh")) {
            if (rph) rph--;
        } else if (is_el(rd, "t") && !xmlTextReaderIsEmptyElement(rd)) {
            in_t++;
        } else if (is_end(rd, "t")) {
            if (in_t) in_t--;
        } else if (in_si && in_t && !rph && text_node(rd)) {
            add_value(&b, rd);
        }
    }
    foi_arena_release(a, rd);
}

static const char *fmt_code(const xbook *x, int style, int *id)
{
    *id = 0;
    if (style < 0 || (size_t)style >= x->xfs.n) return NULL;
    *id = x->xfs.v[style].numfmt;
    for (size_t i = 0; i < x->fmt_ids.n; i++)
        if (x->fmt_ids.v[i] == *id) return x->fmt_codes.v[i];
    return NULL;
}

static bool style_bold(const xbook *x, int style)
{
    if (style < 0 || (size_t)style >= x->xfs.n) return false;
    int f = x->xfs.v[style].font;
    return f >= 0 && (size_t)f < x->font_bold.n && x->font_bold.v[f];
}

/* The text a reader sees in one cell. */
static char *xlsx_cell_text(xbook *x, const char *t, int style, const char *v, const char *inl)
{
    foi_arena *a = x->b.a;
    /* v and inl are the reader's buffers, reused for the next cell: copies go out */
    if ((t && !strcmp(t, "inlineStr")) || !*v) return foi_strdup(a, inl);
    if (t && !strcmp(t, "s")) {
        char *end;
        long i = strtol(v, &end, 10);
        return i >= 0 && (size_t)i < x->sst.n && end != v ? x->sst.v[i] : "";
    }
    if (t && !strcmp(t, "b")) return foi_strdup(a, atoi(v) ? "TRUE" : "FALSE");
    if (t && !strcmp(t, "d")) {
        int y, mo, d;
        if (sscanf(v, "%4d-%2d-%2d", &y, &mo, &d) == 3)
            return foi_sprintf(a, "%02d/%02d/%04d", d, mo, y);
        return foi_strdup(a, v);
    }
    if (t && (!strcmp(t, "str") || !strcmp(t, "e"))) return foi_strdup(a, v);
    char *end;
    double num = strtod(v, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (end == v || *end) return foi_strdup(a, v);
    int id;
    const char *code = fmt_code(x, style, &id);
    return foi_sheet_number_text(a, num, code, id, x->date1904);
}

static bool read_sheet(xbook *x, sheet *s, const char *name)
{
    size_t len;
    char *part = read_part(x, name, &len, true);
    if (!part) return false;
    foi_arena *a = x->b.a;
    xmlTextReaderPtr rd = reader_new(a, part, len);
    foi_buf v, inl;
    foi_buf_init(&v, a);
    foi_buf_init(&inl, a);
    int row = -1, col = -1, style = 0, rph = 0;
    char *type = NULL;
    enum { NONE, IN_V, IN_T } where = NONE;
    bool in_cell = false, in_data = false;
    int ret;
    while ((ret = xmlTextReaderRead(rd)) == 1) {
        int nt = xmlTextReaderNodeType(rd);
        if (nt == XML_READER_TYPE_ELEMENT) {
            const char *n = lname(rd);
            bool empty = xmlTextReaderIsEmptyElement(rd);
            if (!strcmp(n, "sheetData")) {
                in_data = !empty;
            } else if (in_data && !strcmp(n, "row")) {
                long r = rattr_long(a, rd, "r", row + 2);
                row = r >= 1 && r <= 1048576 ? (int)r - 1 : row + 1;
                col = -1;
            } else if (in_data && !strcmp(n, "c")) {
                int rr, cc;
                char *ref = rattr(a, rd, "r");
                if (parse_ref(ref, &rr, &cc) && cc >= 0) {
                    col = cc;
                    if (rr >= 0) row = rr;
                } else {
                    col++;
                }
                if (row < 0) row = 0;
                type = rattr(a, rd, "t");
                style = (int)rattr_long(a, rd, "s", 0);
                v.len = inl.len = 0;
                v.s[0] = inl.s[0] = 0;
                in_cell = !empty;
                rph = 0;
            } else if (in_cell && !strcmp(n, "v") && !empty) {
                where = IN_V;
            } else if (in_cell && !strcmp(n, "t") && !empty) {
                where = IN_T;
            } else if (in_cell && !strcmp(n, "rPh") && !empty) {
                rph++;
            } else if (!strcmp(n, "mergeCell")) {
                char *ref = rattr(a, rd, "ref");
                char *colon = ref ? strchr(ref, ':') : NULL;
                int r0, c0, r1, c1;
                if (colon) {
                    *colon = 0;
                    if (parse_ref(ref, &r0, &c0) && parse_ref(colon + 1, &r1, &c1) && r0 >= 0 &&
                        c0 >= 0 && r1 >= 0 && c1 >= 0)
                        put_merge(&x->b, s, r0, c0, r1, c1);
                }
            }
        } else if (nt == XML_READER_TYPE_END_ELEMENT) {
            const char *n = lname(rd);
            if (!strcmp(n, "v") || !strcmp(n, "t")) {
                where = NONE;
            } else if (!strcmp(n, "rPh")) {
                if (rph) rph--;
            } else if (!strcmp(n, "sheetData")) {
                in_data = false;
            } else if (in_cell && !strcmp(n, "c")) {
                in_cell = false;
                char *t = xlsx_cell_text(x, type, style, v.s, inl.s);
                if (t && *t) put_cell(&x->b, s, row, col, t, style_bold(x, style), false);
            }
        } else if (in_cell && text_node(rd)) {
            if (where == IN_V) add_value(&v, rd);
            if (where == IN_T && !rph) add_value(&inl, rd);
        }
    }
    foi_arena_release(a, rd);
    if (ret < 0) {
        *x->fail = (foi_fail){"unreadable", foi_sprintf(a, "part %s is not well-formed XML", name)};
        return false;
    }
    return true;
}

/* dc:title of a core/meta properties part. */
static char *doc_title(foi_arena *a, foi_zip *z, const char *name)
{
    if (!foi_zip_has(z, name)) return NULL;
    foi_fail f;
    size_t len;
    char *part = foi_zip_read(z, name, &len, &f);
    if (!part) return NULL;
    xmlTextReaderPtr rd = reader_new(a, part, len);
    foi_buf b;
    foi_buf_init(&b, a);
    bool in = false;
    while (xmlTextReaderRead(rd) == 1) {
        if (is_el(rd, "title") && !xmlTextReaderIsEmptyElement(rd))
            in = true;
        else if (is_end(rd, "title"))
            break;
        else if (in && text_node(rd))
            add_value(&b, rd);
    }
    foi_arena_release(a, rd);
    char *t = foi_clean(a, b.s);
    return *t ? t : NULL;
}

/* An OLE compound file: a password-protected OOXML package or a legacy .xls. */
static bool ole_file(const unsigned char *p, size_t n, foi_fail *fail)
{
    static const unsigned char magic[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n < sizeof magic || memcmp(p, magic, sizeof magic)) return false;
    static const char enc[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    bool encrypted = false;
    for (size_t i = 0; i + sizeof enc - 1 <= n && !encrypted; i++)
        encrypted = p[i] == 'E' && !memcmp(p + i, enc, sizeof enc - 1);
    *fail = encrypted ? (foi_fail){"unsupported", "encrypted (password-protected) workbook"}
                      : (foi_fail){"unsupported", "legacy binary Office file (.xls/.doc): save it "
                                                  "as .xlsx or .csv to read it"};
    return true;
}

static foi_doc *finish(book *b)
{
    if (b->cells_capped)
        foi_doc_add_meta(b->d, "truncated",
                         "the workbook has more cells than foitab reads; only the first were read");
    foi_doc_finish(b->d);
    return b->d;
}

foi_doc *foi_xlsx_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    *fail = (foi_fail){0};
    if (ole_file(bytes, n, fail)) return NULL;
    foi_zip *z = foi_zip_open(a, bytes, n, fail);
    if (!z) return NULL;
    xbook x = {.b = {.a = a, .d = foi_doc_new(a)}, .z = z, .fail = fail};
    foi_doc *result = NULL;
    rel_vec root = {0}, wrels = {0};
    if (!read_rels(&x, "_rels/.rels", &root)) goto out;
    const char *wt = rel_by_type(&root, "/officeDocument");
    char *wb = wt ? resolve(a, "", wt) : "xl/workbook.xml";
    if (!foi_zip_has(z, wb)) wb = "xl/workbook.xml";
    if (!foi_zip_has(z, wb)) {
        *fail = (foi_fail){"unreadable", "not a workbook: the archive has no xl/workbook.xml"};
        goto out;
    }
    const char *slash = strrchr(wb, '/');
    char *rels_name = slash ? foi_sprintf(a, "%.*s/_rels/%s.rels", (int)(slash - wb), wb, slash + 1)
                            : foi_sprintf(a, "_rels/%s.rels", wb);
    if (!read_rels(&x, rels_name, &wrels)) goto out;
    const char *t;
    read_styles(&x, (t = rel_by_type(&wrels, "/styles")) ? resolve(a, wb, t)
                                                         : resolve(a, wb, "styles.xml"));
    if (fail->status) goto out;
    read_sst(&x, (t = rel_by_type(&wrels, "/sharedStrings")) ? resolve(a, wb, t)
                                                             : resolve(a, wb, "sharedStrings.xml"));
    if (fail->status) goto out;

    /* the sheet list */
    size_t len;
    char *part = read_part(&x, wb, &len, true);
    if (!part) goto out;
    typedef struct sref {
        char *name, *rid;
        bool hidden;
    } sref;
    FOI_VEC(sref) refs = {0};
    xmlTextReaderPtr rd = reader_new(a, part, len);
    int ret;
    while ((ret = xmlTextReaderRead(rd)) == 1) {
        if (is_el(rd, "workbookPr")) {
            char *d = rattr(a, rd, "date1904");
            x.date1904 = d && bool_attr(d);
        } else if (is_el(rd, "sheet") && refs.n < FOI_SHEET_MAX_SHEETS) {
            char *state = rattr(a, rd, "state");
            sref r = {rattr(a, rd, "name"), rattr(a, rd, "id"),
                      state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden"))};
            FOI_VEC_PUSH(a, refs, r);
        }
    }
    foi_arena_release(a, rd);
    if (ret < 0) {
        *fail = (foi_fail){"unreadable", "the workbook part is not well-formed XML"};
        goto out;
    }
    x.b.d->title = doc_title(a, z, "docProps/core.xml");
    for (size_t i = 0; i < refs.n; i++) {
        const char *target = NULL;
        for (size_t k = 0; k < wrels.n && refs.v[i].rid; k++)
            if (!strcmp(wrels.v[k].id, refs.v[i].rid)) target = wrels.v[k].target;
        if (!target) continue; /* a chart sheet or a broken reference: nothing to read */
        sheet s = {.name = refs.v[i].name, .hidden = refs.v[i].hidden, .index = (int)i + 1};
        char *pn = resolve(a, wb, target);
        if (!foi_zip_has(z, pn)) continue;
        if (!read_sheet(&x, &s, pn)) goto out;
        emit_sheet(&x.b, &s);
    }
    result = finish(&x.b);
out:
    foi_zip_close(z);
    return result;
}

/* ------------------------------------------------------------------ ODS */

typedef struct ostyle {
    char *name, *parent;
    int bold; /* -1: not said, else 0/1 */
    bool hidden_table;
} ostyle;

typedef FOI_VEC(ostyle) ostyle_vec;

typedef struct ocell {
    int c, cs, rs;
    char *text;
    bool bold;
} ocell;

static int weight_bold(const char *w)
{
    if (!w) return -1;
    if (!strcmp(w, "bold")) return 1;
    if (isdigit((unsigned char)*w)) return atoi(w) >= 600;
    return 0;
}

/* style:style entries of a styles part (automatic and named styles alike). */
static void ods_styles(foi_arena *a, xmlTextReaderPtr rd, ostyle_vec *v, bool stop_at_body)
{
    ostyle *cur = NULL;
    while (xmlTextReaderRead(rd) == 1) {
        if (stop_at_body && is_el(rd, "body")) return;
        if (is_el(rd, "style") && v->n < FOI_SHEET_MAX_STYLES) {
            ostyle s = {rattr(a, rd, "name"), rattr(a, rd, "parent-style-name"), -1, false};
            FOI_VEC_PUSH(a, *v, s);
            cur = xmlTextReaderIsEmptyElement(rd) ? NULL : &v->v[v->n - 1];
        } else if (is_end(rd, "style")) {
            cur = NULL;
        } else if (cur && is_el(rd, "text-properties")) {
            int b = weight_bold(rattr(a, rd, "font-weight"));
            if (b >= 0) cur->bold = b;
        } else if (cur && is_el(rd, "table-properties")) {
            char *d = rattr(a, rd, "display");
            if (d && !strcmp(d, "false")) cur->hidden_table = true;
        }
    }
}

static const ostyle *ods_style(const ostyle_vec *v, const char *name)
{
    if (!name) return NULL;
    for (size_t i = v->n; i-- > 0;) /* automatic styles come last and win */
        if (v->v[i].name && !strcmp(v->v[i].name, name)) return &v->v[i];
    return NULL;
}

static bool ods_bold(const ostyle_vec *v, const char *name)
{
    for (int depth = 0; depth < 16 && name; depth++) {
        const ostyle *s = ods_style(v, name);
        if (!s) return false;
        if (s->bold >= 0) return s->bold;
        name = s->parent;
    }
    return false;
}

/* The displayed text of a cell: its paragraphs, or its value when it has none. */
static char *ods_cell_text(foi_arena *a, xmlTextReaderPtr rd, int *ret)
{
    char *vtype = rattr(a, rd, "value-type");
    char *value = rattr(a, rd, "value");
    char *date = rattr(a, rd, "date-value");
    char *bval = rattr(a, rd, "boolean-value");
    foi_buf b;
    foi_buf_init(&b, a);
    int paras = 0, depth = xmlTextReaderDepth(rd);
    bool in_p = false;
    *ret = 1;
    if (!xmlTextReaderIsEmptyElement(rd)) {
        bool skip_read = false;
        for (;;) {
            if (!skip_read) *ret = xmlTextReaderRead(rd);
            skip_read = false;
            if (*ret != 1) break;
            int nt = xmlTextReaderNodeType(rd);
            if (nt == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(rd) == depth) break;
            const char *n = lname(rd);
            if (nt == XML_READER_TYPE_ELEMENT) {
                if (!strcmp(n, "annotation") || !strcmp(n, "table") || !strcmp(n, "frame") ||
                    !strcmp(n, "note-body") || !strcmp(n, "custom-shape")) {
                    /* comments, sub-tables and shapes are not the cell's text */
                    *ret = xmlTextReaderNext(rd);
                    skip_read = true;
                    continue;
                }
                if (!strcmp(n, "p") || !strcmp(n, "h")) {
                    if (paras++) foi_buf_putc(&b, '\n');
                    in_p = !xmlTextReaderIsEmptyElement(rd);
                } else if (in_p && !strcmp(n, "s")) {
                    char *c = rattr(a, rd, "c");
                    long k = c ? strtol(c, NULL, 10) : 1;
                    if (k < 1) k = 1;
                    for (long i = 0; i < k && b.len < FOI_SHEET_MAX_CELL_TEXT; i++)
                        foi_buf_putc(&b, ' ');
                } else if (in_p && !strcmp(n, "tab")) {
                    foi_buf_putc(&b, '\t');
                } else if (in_p && !strcmp(n, "line-break")) {
                    foi_buf_putc(&b, '\n');
                }
            } else if (nt == XML_READER_TYPE_END_ELEMENT && (!strcmp(n, "p") || !strcmp(n, "h"))) {
                in_p = false;
            } else if (in_p && text_node(rd)) {
                add_value(&b, rd);
            }
        }
    }
    if (paras) return b.s;
    if (!vtype) return "";
    if (!strcmp(vtype, "boolean") && bval) return strcmp(bval, "true") ? "FALSE" : "TRUE";
    if (!strcmp(vtype, "date") && date) {
        int y, mo, d;
        if (sscanf(date, "%4d-%2d-%2d", &y, &mo, &d) == 3)
            return foi_sprintf(a, "%02d/%02d/%04d", d, mo, y);
        return date;
    }
    if (value) {
        char *end;
        double num = strtod(value, &end);
        if (end == value) return value;
        if (!strcmp(vtype, "percentage")) return foi_sprintf(a, "%s%%", general_text(a, num * 100));
        return general_text(a, num);
    }
    return "";
}

static long clamp_count(long k, long max)
{
    return k < 1 ? 1 : k > max ? max : k;
}

foi_doc *foi_ods_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    *fail = (foi_fail){0};
    if (ole_file(bytes, n, fail)) return NULL;
    foi_zip *z = foi_zip_open(a, bytes, n, fail);
    if (!z) return NULL;
    foi_doc *result = NULL;
    book b = {.a = a, .d = foi_doc_new(a)};
    ostyle_vec styles = {0};
    size_t len;
    if (!foi_zip_has(z, "content.xml")) {
        *fail = (foi_fail){"unreadable", "not a spreadsheet: the archive has no content.xml"};
        goto out;
    }
    if (foi_zip_has(z, "styles.xml")) {
        char *sp = foi_zip_read(z, "styles.xml", &len, fail);
        if (!sp) goto out;
        xmlTextReaderPtr rd = reader_new(a, sp, len);
        ods_styles(a, rd, &styles, false);
        foi_arena_release(a, rd);
    }
    char *part = foi_zip_read(z, "content.xml", &len, fail);
    if (!part) goto out;
    b.d->title = doc_title(a, z, "meta.xml");
    /* automatic styles come before the body: a first pass over them */
    xmlTextReaderPtr rd = reader_new(a, part, len);
    ods_styles(a, rd, &styles, true);
    foi_arena_release(a, rd);

    rd = reader_new(a, part, len);
    sheet *s = NULL;
    int nsheets = 0;
    long row = 0;
    int col = 0;
    bool in_header = false;
    FOI_VEC(ocell) rc = {0}; /* the cells of the current row */
    FOI_VEC(char *) colstyle = {0};
    char *row_style = NULL;
    long row_rep = 1;
    int ret = 1;
    bool skip_read = false;
    for (;;) {
        if (!skip_read) ret = xmlTextReaderRead(rd);
        skip_read = false;
        if (ret != 1) break;
        int nt = xmlTextReaderNodeType(rd);
        const char *nm = lname(rd);
        if (nt == XML_READER_TYPE_ELEMENT && !strcmp(nm, "table")) {
            if (s) { /* a table inside a table (not in a cell): not a sheet */
                ret = xmlTextReaderNext(rd);
                skip_read = true;
                continue;
            }
            if (nsheets >= FOI_SHEET_MAX_SHEETS) {
                ret = xmlTextReaderNext(rd);
                skip_read = true;
                continue;
            }
            s = foi_alloc(a, sizeof *s);
            s->name = rattr(a, rd, "name");
            s->index = ++nsheets;
            const ostyle *ts = ods_style(&styles, rattr(a, rd, "style-name"));
            s->hidden = ts && ts->hidden_table;
            row = 0;
            colstyle.n = 0;
            in_header = false;
            if (xmlTextReaderIsEmptyElement(rd)) {
                emit_sheet(&b, s);
                s = NULL;
            }
        } else if (nt == XML_READER_TYPE_END_ELEMENT && !strcmp(nm, "table") && s) {
            emit_sheet(&b, s);
            s = NULL;
        } else if (!s) {
            continue;
        } else if (!strcmp(nm, "table-header-rows")) {
            in_header = nt == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(rd);
        } else if (nt == XML_READER_TYPE_ELEMENT && !strcmp(nm, "table-column")) {
            long k =
                clamp_count(rattr_long(a, rd, "number-columns-repeated", 1), FOI_SHEET_MAX_COLS);
            char *st = rattr(a, rd, "default-cell-style-name");
            for (long i = 0; i < k && colstyle.n < FOI_SHEET_MAX_COLS; i++)
                FOI_VEC_PUSH(a, colstyle, st);
        } else if (nt == XML_READER_TYPE_ELEMENT && !strcmp(nm, "table-row")) {
            row_rep = clamp_count(rattr_long(a, rd, "number-rows-repeated", 1), 1048576);
            row_style = rattr(a, rd, "default-cell-style-name");
            rc.n = 0;
            col = 0;
            if (xmlTextReaderIsEmptyElement(rd)) row += row_rep;
        } else if (nt == XML_READER_TYPE_END_ELEMENT && !strcmp(nm, "table-row")) {
            /* a repeated row is materialised only when it holds something */
            if (rc.n)
                for (long k = 0; k < row_rep && !b.cells_capped; k++) {
                    if (row + k >= FOI_SHEET_MAX_ROWS) {
                        s->truncated = true;
                        break;
                    }
                    for (size_t i = 0; i < rc.n; i++) {
                        const ocell *o = &rc.v[i];
                        put_cell(&b, s, (int)(row + k), o->c, o->text, o->bold, in_header);
                        if (o->cs > 1 || o->rs > 1)
                            put_merge(&b, s, (int)(row + k), o->c, (int)(row + k) + o->rs - 1,
                                      o->c + o->cs - 1);
                    }
                }
            row += row_rep;
            if (row > 0x7fffffffL) row = 0x7fffffffL;
        } else if (nt == XML_READER_TYPE_ELEMENT &&
                   (!strcmp(nm, "table-cell") || !strcmp(nm, "covered-table-cell"))) {
            long rep = clamp_count(rattr_long(a, rd, "number-columns-repeated", 1), 16384);
            if (!strcmp(nm, "covered-table-cell")) {
                col = (int)(col + rep > 0x7fffffffL ? 0x7fffffffL : col + rep);
                if (!xmlTextReaderIsEmptyElement(rd)) {
                    ret = xmlTextReaderNext(rd);
                    skip_read = true;
                }
                continue;
            }
            int cs = (int)clamp_count(rattr_long(a, rd, "number-columns-spanned", 1), 16384);
            int rs = (int)clamp_count(rattr_long(a, rd, "number-rows-spanned", 1), 1048576);
            char *st = rattr(a, rd, "style-name");
            if (!st) st = row_style;
            if (!st && col < (int)colstyle.n) st = colstyle.v[col];
            bool bold = ods_bold(&styles, st);
            char *text = ods_cell_text(a, rd, &ret);
            if (ret < 0) break;
            if (!foi_blank(text)) {
                for (long k = 0; k < rep; k++) {
                    if (col + k >= FOI_SHEET_MAX_COLS) {
                        s->truncated = true;
                        break;
                    }
                    ocell o = {(int)(col + k), cs, rs, text, bold};
                    FOI_VEC_PUSH(a, rc, o);
                }
            } else if (cs > 1 || rs > 1) {
                ocell o = {col, cs, rs, "", bold}; /* an empty merged cell still spans */
                if (col < FOI_SHEET_MAX_COLS) FOI_VEC_PUSH(a, rc, o);
            }
            col = (int)(col + rep > 0x7fffffffL ? 0x7fffffffL : col + rep);
        }
    }
    foi_arena_release(a, rd);
    if (ret < 0) {
        *fail = (foi_fail){"unreadable", "content.xml is not well-formed XML"};
        goto out;
    }
    result = finish(&b);
out:
    foi_zip_close(z);
    return result;
}
