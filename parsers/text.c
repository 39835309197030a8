#include "parsers/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/offence.h"
#include "normalize/period.h"
#include "util/str.h"

/* Lines longer than this are prose or junk: never scanned for table structure. */
enum { MAX_TABLE_LINE = 8192, MAX_QUOTE_SPAN = 60, MAX_HEADER_LINES = 3, MAX_WRAP_LINES = 4 };

typedef struct tline {
    const char *s; /* raw line, NUL bytes replaced, no line end */
    size_t len;
    int no;      /* 1-based source line */
    char *clean; /* foi_clean(s), made on demand */
    bool blank;
    bool quote;    /* part of the restated request */
    bool question; /* a question outside the request section */
} tline;

typedef struct tctx {
    foi_arena *a;
    foi_doc *d;
    tline *L;
    int n;
    int last_text;     /* last non-blank line emitted as a block (-1 = none) */
    int last_question; /* last question line outside the request section (-1 = none) */
    int last_grid_end; /* first line after the last grid */
    int pipe_skip;     /* lines before this were already found not to be a pipe table */
} tctx;

/* ---------------------------------------------------------------- small helpers */

static const char *cl(tctx *t, int i)
{
    if (!t->L[i].clean) t->L[i].clean = foi_clean(t->a, t->L[i].s);
    return t->L[i].clean;
}

static bool is_sp(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static char *trimdup(foi_arena *a, const char *s, size_t n)
{
    while (n && is_sp(*s))
        s++, n--;
    while (n && is_sp(s[n - 1]))
        n--;
    return foi_strndup(a, s, n);
}

static bool ends_with_ci(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* A 4-digit year a reply would cover (not a count). */
static bool year_like(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 || !isdigit((unsigned char)s[0])) return false;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    int y = atoi(s);
    return y >= 1990 && y <= 2039;
}

/* Digits with optional thousands groups ("1,234", "77, 686"); *end set past them. */
static bool number_at(const char *p, const char **end)
{
    if (!isdigit((unsigned char)*p)) return false;
    const char *q = p;
    int lead = 0;
    while (isdigit((unsigned char)*q))
        q++, lead++;
    if (lead <= 3) {
        for (;;) {
            const char *r = q;
            if (*r != ',') break;
            r++;
            if (*r == ' ' && isdigit((unsigned char)r[1])) r++;
            if (!(isdigit((unsigned char)r[0]) && isdigit((unsigned char)r[1]) &&
                  isdigit((unsigned char)r[2]) && !isdigit((unsigned char)r[3])))
                break;
            q = r + 3;
        }
    }
    *end = q;
    return true;
}

bool foi_text_is_figure(const char *cell)
{
    if (!cell) return false;
    while (is_sp(*cell))
        cell++;
    size_t n = strlen(cell);
    while (n && is_sp(cell[n - 1]))
        n--;
    if (!n) return false;
    char buf[64];
    if (n >= sizeof buf) return false;
    memcpy(buf, cell, n);
    buf[n] = 0;
    /* markers that stand for a figure */
    static const char *const words[] = {
        "*",   "**",  "-", "--", "nil",      "none",       "n/a",          "x",
        "[c]", "[x]", "~", "..", "redacted", "suppressed", "\xe2\x80\x93", NULL};
    for (int i = 0; words[i]; i++)
        if (strcasecmp(buf, words[i]) == 0) return true;
    const char *p = buf;
    if (!strncasecmp(p, "fewer than ", 11))
        p += 11;
    else if (!strncasecmp(p, "less than ", 10))
        p += 10;
    else if (!strncmp(p, "<=", 2))
        p += 2;
    else if (!strncmp(p, "\xe2\x89\xa4", 3))
        p += 3; /* ≤ */
    else if (*p == '<' || *p == '>')
        p++;
    while (*p == ' ')
        p++;
    const char *e;
    if (!number_at(p, &e)) return false;
    if (*e == 0) return true;
    /* a suppression range "1-4", "1 - 4", "1 to 4" */
    const char *r = e;
    while (*r == ' ')
        r++;
    if (*r == '-')
        r++;
    else if (!strncasecmp(r, "to ", 3))
        r += 2;
    else
        return false;
    while (*r == ' ')
        r++;
    const char *e2;
    return number_at(r, &e2) && *e2 == 0 && (e - p) <= 2 && (e2 - r) <= 2;
}

/* A figure that is not a year: what makes a row data rather than header. */
static bool count_like(const char *cell)
{
    if (!foi_text_is_figure(cell)) return false;
    while (is_sp(*cell))
        cell++;
    char buf[8];
    size_t n = strlen(cell);
    while (n && is_sp(cell[n - 1]))
        n--;
    if (n == 4) {
        memcpy(buf, cell, 4);
        buf[4] = 0;
        if (year_like(buf)) return false;
    }
    return true;
}

bool foi_text_header_row(char *const *cells, int n)
{
    int texts = 0;
    for (int c = 1; c < n; c++) {
        if (!cells[c] || foi_blank(cells[c])) continue;
        if (count_like(cells[c])) return false;
        texts++;
    }
    return texts > 0;
}

/* ---------------------------------------------------------------- lines */

static tline *split_lines(foi_arena *a, const char *s, size_t len, int *count)
{
    size_t cap = 64, k = 0;
    tline *v = foi_alloc(a, cap * sizeof *v);
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) i = 3;
    while (i < len) {
        size_t j = i;
        bool nul = false;
        while (j < len && s[j] != '\n' && s[j] != '\r') {
            if (!s[j]) nul = true;
            j++;
        }
        if (k == cap) {
            v = foi_grow(a, v, cap * sizeof *v, cap * 2 * sizeof *v);
            cap *= 2;
        }
        char *line = foi_strndup(a, s + i, j - i);
        if (nul)
            for (size_t q = 0; q < j - i; q++)
                if (!line[q]) line[q] = ' ';
        tline *t = &v[k];
        memset(t, 0, sizeof *t);
        t->s = line;
        t->len = j - i;
        t->no = (int)k + 1;
        t->blank = foi_blank(line);
        k++;
        if (j < len && s[j] == '\r') {
            /* CRLF, and CR CR LF (a CRLF file converted again) are one line end */
            size_t q = j;
            while (q < len && s[q] == '\r')
                q++;
            if (q < len && s[q] == '\n') j = q;
        }
        i = j + 1;
    }
    *count = (int)k;
    return v;
}

/* "-----", "=====", "+----+----+", "|---|:---:|", "--- | ---" */
static bool is_rule(const tline *l)
{
    if (l->blank || l->len > MAX_TABLE_LINE) return false;
    int marks = 0;
    for (size_t i = 0; i < l->len; i++) {
        char c = l->s[i];
        if (c == '-' || c == '=' || c == '_')
            marks++;
        else if (!(c == '+' || c == '|' || c == ':' || c == '~' || is_sp(c)))
            return false;
    }
    return marks >= 3;
}

static int count_char(const tline *l, char ch)
{
    int k = 0;
    for (size_t i = 0; i < l->len; i++)
        k += l->s[i] == ch;
    return k;
}

/* ---------------------------------------------------------------- grids */

typedef struct row {
    char **cells;
    int n;
    int line;
    bool header;
    bool cont;  /* a label-only line: part of a wrapped label (resolved by join_wrapped) */
    int indent; /* display column where the label starts, -1 when unknown */
} row;

typedef FOI_VEC(row) row_vec;

/* A question asked just above keeps its answer's tables ("Request 2: ... in 2023?"). */
static void add_question(tctx *t, foi_grid *g, int first, int k)
{
    int q = t->last_question;
    if (q >= 0 && q != k && q >= t->last_grid_end && first - q <= 15) {
        const char *qs = cl(t, q);
        g->context =
            g->context ? foi_sprintf(t->a, "%s\n%s", qs, g->context) : foi_strdup(t->a, qs);
    }
}

static void set_context(tctx *t, foi_grid *g, int first)
{
    /* nearest non-blank text line before the table */
    int k = first - 1;
    while (k >= 0 && t->L[k].blank)
        k--;
    if (k >= 0 && k >= t->last_grid_end) {
        const char *c = cl(t, k);
        if (*c) g->context = foi_strdup(t->a, c);
        /* a title line right above the table, or a "Table 2: ..." line */
        if ((k == first - 1 && strlen(c) <= 80 && !ends_with_ci(c, ".")) ||
            foi_startswith_ci(c, "table "))
            g->caption = foi_strdup(t->a, c);
    } else if (k >= 0 && t->d->grids.n >= 2) {
        /* tables back to back share what introduced the first (g is the last grid) */
        const foi_grid *prev = t->d->grids.v[t->d->grids.n - 2];
        g->context = prev->context;
    }
    add_question(t, g, first, k);
}

static foi_grid *emit_grid(tctx *t, row *rows, int nr, int first, int last_line_idx)
{
    int nc = 0;
    for (int r = 0; r < nr; r++)
        if (rows[r].n > nc) nc = rows[r].n;
    if (nr == 0 || nc == 0) return NULL;
    foi_grid *g = foi_doc_add_grid(t->d, nr, nc);
    g->line_locators = true;
    g->row_line = foi_alloc(t->a, (size_t)nr * sizeof *g->row_line);
    for (int r = 0; r < nr; r++) {
        g->row_line[r] = rows[r].line;
        for (int c = 0; c < rows[r].n; c++) {
            foi_cell *cell = foi_grid_at(g, r, c);
            const char *txt = rows[r].cells[c];
            cell->text = txt ? foi_clean(t->a, txt) : "";
            cell->header = rows[r].header;
        }
        if (rows[r].header)
            for (int c = rows[r].n; c < nc; c++)
                foi_grid_at(g, r, c)->header = true;
    }
    g->first_line = rows[0].line;
    set_context(t, g, first);
    t->last_grid_end = last_line_idx + 1;
    return g;
}

/* Header rows: leading rows that carry no counts (at most MAX_HEADER_LINES). */
static void mark_headers(row *rows, int nr)
{
    for (int r = 0; r < nr - 1 && r < MAX_HEADER_LINES; r++) {
        if (!foi_text_header_row(rows[r].cells, rows[r].n)) break;
        rows[r].header = true;
        /* a second header row only when the first clearly was one too */
        if (r == 0 && !foi_text_header_row(rows[1].cells, rows[1].n)) break;
    }
}

/* Does the row carry a count outside its label column? */
static bool row_has_figure(const row *r)
{
    for (int c = 1; c < r->n; c++)
        if (r->cells[c] && foi_text_is_figure(r->cells[c])) return true;
    return false;
}

/* ---------------------------------------------------------------- wrapped labels */

static bool lower_start(const char *s)
{
    while (is_sp(*s))
        s++;
    return islower((unsigned char)*s) || *s == '(' || *s == '&' || *s == '/' || *s == '-';
}

static bool connector_end(const char *s)
{
    size_t n = strlen(s);
    while (n && is_sp(s[n - 1]))
        n--;
    if (!n) return false;
    if (strchr("-/,&(", s[n - 1])) return true;
    static const char *const w[] = {" of",   " and",     " or",      " a",    " the", " to",
                                    " with", " in",      " on",      " by",   " for", " an",
                                    " from", " against", " without", " into", " at",  " under",
                                    " than", " via",     NULL};
    for (int i = 0; w[i]; i++) {
        size_t m = strlen(w[i]);
        if (n > m && !strncasecmp(s + n - m, w[i], m)) return true;
    }
    return false;
}

static bool total_label(const char *s)
{
    while (is_sp(*s))
        s++;
    return foi_startswith_ci(s, "total") || foi_startswith_ci(s, "grand total") ||
           foi_startswith_ci(s, "overall total");
}

/* Cell-wise append of b to a (a continuation line's text goes after the row's). */
static void append_row(foi_arena *a, row *to, const row *from)
{
    for (int c = 0; c < from->n && c < to->n; c++)
        if (*from->cells[c])
            to->cells[c] = *to->cells[c] ? foi_sprintf(a, "%s %s", to->cells[c], from->cells[c])
                                         : from->cells[c];
}

/* A wrapped label's first lines go before the row that carries its figures. */
static void prepend_label(foi_arena *a, row *to, const row *from)
{
    for (int c = 0; c < from->n && c < to->n; c++)
        if (*from->cells[c])
            to->cells[c] = *to->cells[c] ? foi_sprintf(a, "%s %s", from->cells[c], to->cells[c])
                                         : from->cells[c];
}

/* Resolve label-only lines (r->cont) in body rows.  A wrapped label puts its figures on its
 * first line (the lines after continue the row above) or on its last line (the lines before
 * belong to the row below).  Each run of such lines is judged by its own evidence: a line
 * that starts lower-case or follows a label ending in "of", "and", "-", ... continues; a
 * deeper indent continues.  A run with no evidence either way follows the table's majority;
 * with no majority it stays a row of its own (a group heading, say).  Returns the new count. */
static int join_wrapped(foi_arena *a, row *rows, int n)
{
    enum { J_NONE, J_PREV, J_NEXT };
    int votes_prev = 0, votes_next = 0;
    /* pass 0 counts the table's votes, pass 1 joins */
    for (int pass = 0; pass < 2; pass++) {
        for (int s = 0; s < n;) {
            if (!rows[s].cont || rows[s].header) {
                s++;
                continue;
            }
            int e = s;
            while (e < n && rows[e].cont && !rows[e].header)
                e++;
            row *prev = s > 0 && !rows[s - 1].header && !rows[s - 1].cont &&
                                !total_label(rows[s - 1].cells[0])
                            ? &rows[s - 1]
                            : NULL;
            /* a line above a header-like row titles the next table */
            bool title = e < n && !rows[e].header && foi_text_header_row(rows[e].cells, rows[e].n);
            row *next = e < n && !rows[e].header && !title && !total_label(rows[e].cells[0])
                            ? &rows[e]
                            : NULL;
            const row *c1 = &rows[s], *ck = &rows[e - 1];
            bool pe = prev && (lower_start(c1->cells[0]) || connector_end(prev->cells[0]) ||
                               (c1->indent >= 0 && prev->indent >= 0 && c1->indent > prev->indent));
            bool ne = next && (!*next->cells[0] || lower_start(next->cells[0]) ||
                               connector_end(ck->cells[0]));
            /* a line ending in ':' or with deeper-indented rows under it heads a group */
            size_t kl = strlen(ck->cells[0]);
            bool group = (kl && ck->cells[0][kl - 1] == ':') ||
                         (!pe && !ne && next && next->indent >= 0 && ck->indent >= 0 &&
                          next->indent > ck->indent);
            if (pass == 0) {
                /* a run with a row on one side only shows the table's style too */
                bool vp = pe || (prev && !next), vn = ne || (next && !prev);
                votes_prev += vp && !vn && !group;
                votes_next += vn && !vp && !group;
                s = e;
                continue;
            }
            int style = votes_prev > votes_next   ? J_PREV
                        : votes_next > votes_prev ? J_NEXT
                                                  : J_NONE;
            int how = J_NONE;
            if (group)
                how = J_NONE;
            else if (pe && !ne)
                how = J_PREV;
            else if (ne && !pe)
                how = J_NEXT;
            else if (pe && ne)
                how = style == J_NEXT ? J_NEXT : J_PREV;
            else if (((style == J_PREV && prev) || (style == J_NEXT && next)) && !title)
                how = style;
            if (how == J_PREV) {
                for (int k = s; k < e; k++)
                    append_row(a, prev, &rows[k]);
            } else if (how == J_NEXT) {
                for (int k = e - 1; k >= s; k--)
                    prepend_label(a, next, &rows[k]);
            }
            if (how != J_NONE)
                for (int k = s; k < e; k++)
                    rows[k].n = -1; /* dropped below */
            s = e;
        }
    }
    int w = 0;
    for (int r = 0; r < n; r++) {
        if (rows[r].n < 0) continue;
        rows[r].cont = false;
        rows[w++] = rows[r];
    }
    return w;
}

/* Emit rows as one or more grids: a header-looking row after data rows starts a new table. */
static void emit_tables(tctx *t, row *rows, int nr, int first_idx, int last_idx)
{
    int s = 0;
    while (s < nr) {
        int e = s + 1;
        bool seen_data = row_has_figure(&rows[s]);
        while (e < nr) {
            if (seen_data && !rows[e].header && foi_text_header_row(rows[e].cells, rows[e].n) &&
                e + 1 < nr && row_has_figure(&rows[e + 1])) {
                int texts = 0;
                for (int c = 1; c < rows[e].n; c++)
                    texts += !foi_blank(rows[e].cells[c]);
                if (texts >= 2 || rows[e].n == 2) break;
            }
            if (rows[e].header && seen_data) break; /* a marked header of the next table */
            seen_data |= row_has_figure(&rows[e]);
            e++;
        }
        bool any_header = false;
        for (int r = s; r < e; r++)
            any_header |= rows[r].header;
        if (!any_header) mark_headers(rows + s, e - s);
        emit_grid(t, rows + s, e - s, first_idx, last_idx);
        s = e;
    }
}

/* ---------------------------------------------------------------- blocks */

static bool meta_label(const char *label);

static bool word_prefix(const char *s, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(s, w, n) == 0 && !isalnum((unsigned char)s[n]);
}

/* "Q1.", "Q2a)", "Question 3", "1a)" at the start of a line: length of the marker. */
static size_t question_marker(const char *s)
{
    const char *p = s;
    if (word_prefix(p, "question"))
        p += 8;
    else if ((*p == 'Q' || *p == 'q') && isdigit((unsigned char)p[1]))
        p++;
    else
        return 0;
    while (*p == ' ')
        p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p))
        p++;
    if (isalpha((unsigned char)*p) && !isalpha((unsigned char)p[1])) p++;
    if (*p == '.' || *p == ')' || *p == ':' || *p == '-') p++;
    if (*p && *p != ' ') return 0;
    return (size_t)(p - s);
}

static bool is_bullet(const char *s, size_t *skip)
{
    static const char *const marks[] = {
        "- ", "\xe2\x80\xa2 ", "\xc2\xb7 ", "\xe2\x96\xaa ", "\xe2\x97\x8f ", "o ", "* ", NULL};
    for (int i = 0; marks[i]; i++) {
        size_t n = strlen(marks[i]);
        if (!strncmp(s, marks[i], n)) {
            if (skip) *skip = n;
            return true;
        }
    }
    /* "1. ", "2) ", "1a) ", "a) ", "(i) " */
    const char *p = s;
    if (*p == '(') p++;
    if (isdigit((unsigned char)*p)) {
        int k = 0;
        while (isdigit((unsigned char)*p) && k < 3)
            p++, k++;
        if (isalpha((unsigned char)*p) && (p[1] == '.' || p[1] == ')')) p++;
    } else if (isalpha((unsigned char)*p) && (p[1] == '.' || p[1] == ')') && p[2] == ' ') {
        p++;
    } else {
        return false;
    }
    if ((*p == '.' || *p == ')') && p[1] == ' ') {
        if (skip) *skip = (size_t)(p + 2 - s);
        return true;
    }
    return false;
}

static bool has_year(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((p == s || !isalnum((unsigned char)p[-1])) && (p[0] == '1' || p[0] == '2') &&
            (p[1] == '9' || p[1] == '0') && isdigit((unsigned char)p[2]) &&
            isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]))
            return true;
    return false;
}

/* One date on its own ("14 September 2023", "Friday, 4 August 2023", "22/05/2024"): a letter
 * date, not a period heading. */
static bool single_date(const char *c)
{
    if (strstr(c, " - ") || foi_strcasestr(c, " to ") || foi_strcasestr(c, "present")) return false;
    int slashes = 0, digits = 0;
    for (const char *p = c; *p; p++) {
        slashes += *p == '/' || *p == '.';
        digits += isdigit((unsigned char)*p) != 0;
    }
    if (slashes == 2 && digits >= 6 && digits <= 8) return true;
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec", NULL};
    for (const char *p = c; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > c && isdigit((unsigned char)p[-1]))) continue;
        const char *q = p;
        while (isdigit((unsigned char)*q))
            q++;
        if (q - p > 2) continue;
        if (!strncasecmp(q, "st", 2) || !strncasecmp(q, "nd", 2) || !strncasecmp(q, "rd", 2) ||
            !strncasecmp(q, "th", 2))
            q += 2;
        if (*q != ' ') continue;
        q++;
        for (int m = 0; months[m]; m++)
            if (!strncasecmp(q, months[m], 3)) return true;
    }
    return false;
}

static bool request_label(const char *c, size_t *after)
{
    static const char *const labels[] = {"you asked",
                                         "your request",
                                         "the request",
                                         "original request",
                                         "your original request",
                                         "request details",
                                         "details of request",
                                         "details of your request",
                                         "information requested",
                                         "requested information",
                                         "request for information",
                                         "foi request",
                                         "you requested",
                                         "request",
                                         NULL};
    for (int i = 0; labels[i]; i++) {
        size_t n = strlen(labels[i]);
        if (strncasecmp(c, labels[i], n)) continue;
        const char *p = c + n;
        while (*p == ' ')
            p++;
        if (*p == ':') {
            p++;
            while (*p == ' ')
                p++;
            if (after) *after = (size_t)(p - c);
            return true;
        }
        if (!*p) {
            if (after) *after = (size_t)(p - c);
            return true;
        }
    }
    return false;
}

foi_block_kind foi_text_line_kind(const char *c)
{
    if (!c) return FOI_BLOCK_PARA;
    while (is_sp(*c))
        c++;
    size_t n = strlen(c);
    if (*c == '>') return FOI_BLOCK_QUOTE;
    size_t after = 0;
    if (request_label(c, &after)) return c[after] ? FOI_BLOCK_QUOTE : FOI_BLOCK_HEADING;
    size_t qm = question_marker(c);
    if (qm) {
        const char *rest = c + qm;
        while (*rest == ' ')
            rest++;
        return *rest ? FOI_BLOCK_QUOTE : FOI_BLOCK_HEADING;
    }
    if (n && c[n - 1] == '?') return FOI_BLOCK_QUOTE;
    if (is_bullet(c, NULL) && strncmp(c, "* ", 2)) return FOI_BLOCK_ITEM;
    if (n && n <= 80 && c[n - 1] == ':' && !strstr(c, ". ")) return FOI_BLOCK_HEADING;
    if (n && n <= 60) {
        static const char *const heads[] = {"table",    "response", "answer",  "part",
                                            "appendix", "annex",    "section", NULL};
        for (int i = 0; heads[i]; i++) {
            size_t m = strlen(heads[i]);
            if (!strncasecmp(c, heads[i], m) && c[m] == ' ' && isdigit((unsigned char)c[m + 1]))
                return FOI_BLOCK_HEADING;
        }
        /* a period on its own: "2021", "FY 2021/22", "01/04/2021 - 31/03/2022" */
        const char *colon = strchr(c, ':');
        bool keyed = false;
        if (colon && colon[1] && colon - c < 64) {
            char key[64];
            memcpy(key, c, (size_t)(colon - c));
            key[colon - c] = 0;
            keyed = meta_label(key) || foi_strcasestr(key, "date");
        }
        if (has_year(c) && n <= 40 && !strchr(c, '@') && c[n - 1] != '.' && !keyed &&
            !single_date(c)) {
            int letters = 0;
            for (const char *p = c; *p; p++)
                letters += isalpha((unsigned char)*p) != 0;
            if (letters <= 16) return FOI_BLOCK_HEADING;
        }
    }
    return FOI_BLOCK_PARA;
}

/* Block kind with the layout around the line (blank lines before and after). */
static foi_block_kind block_kind(tctx *t, int i)
{
    const char *c = cl(t, i);
    if (t->L[i].quote) return FOI_BLOCK_QUOTE;
    foi_block_kind k = foi_text_line_kind(c);
    if (k != FOI_BLOCK_PARA) return k;
    size_t n = strlen(c);
    bool before = i == 0 || t->L[i - 1].blank, after = i + 1 >= t->n || t->L[i + 1].blank;
    if (before && after && n <= 60 && isupper((unsigned char)c[0]) && !strchr(c, '@') &&
        !strstr(c, ". ") && !strchr(".,;", c[n - 1])) {
        int words = 1;
        for (const char *p = c; *p; p++)
            words += *p == ' ';
        if (words <= 8) return FOI_BLOCK_HEADING;
    }
    return FOI_BLOCK_PARA;
}

static void emit_block(tctx *t, int i)
{
    const char *c = cl(t, i);
    if (!*c) return;
    foi_doc_add_block(t->d, block_kind(t, i), c, t->L[i].no);
    t->last_text = i;
}

/* E-mail header lines: blocks, meta, and the subject as the title. */
static bool email_header(tctx *t, int i)
{
    static const char *const keys[] = {"From",    "Sent", "To",         "Cc",          "Bcc",
                                       "Subject", "Date", "Importance", "Attachments", NULL};
    const char *c = cl(t, i);
    for (int k = 0; keys[k]; k++) {
        size_t n = strlen(keys[k]);
        if (strncasecmp(c, keys[k], n) || c[n] != ':') continue;
        const char *v = c + n + 1;
        while (*v == ' ')
            v++;
        if (!strcasecmp(keys[k], "Date") && i > 12) return false; /* a "Date:" in the body */
        foi_doc_add_meta(t->d, keys[k], v);
        if (!strcasecmp(keys[k], "Subject") && !t->d->title && *v)
            t->d->title = foi_strdup(t->a, v);
        foi_doc_add_block(t->d, FOI_BLOCK_PARA, c, t->L[i].no);
        t->last_text = i;
        return true;
    }
    return false;
}

/* ---------------------------------------------------------------- restated request */

static bool starts_quote_char(const char *c)
{
    return *c == '"' || !strncmp(c, "\xe2\x80\x9c", 3) || !strncmp(c, "\xe2\x80\x98", 3) ||
           *c == '\'';
}

static bool ends_quote_char(const char *raw)
{
    size_t n = strlen(raw);
    while (n && is_sp(raw[n - 1]))
        n--;
    if (!n) return false;
    if (raw[n - 1] == '"' || raw[n - 1] == '\'') return true;
    if (n >= 3 &&
        (!strncmp(raw + n - 3, "\xe2\x80\x9d", 3) || !strncmp(raw + n - 3, "\xe2\x80\x99", 3)))
        return true;
    /* a closing quote followed by a full stop */
    return n >= 2 && raw[n - 1] == '.' && (raw[n - 2] == '"' || raw[n - 2] == '\'');
}

static bool table_line(const tline *l)
{
    if (l->blank) return false;
    if (count_char(l, '|') >= 2 || count_char(l, '\t') >= 1) return true;
    return false;
}

static bool response_marker(const char *c)
{
    static const char *const m[] = {"response",
                                    "our response",
                                    "answer",
                                    "reply",
                                    "decision",
                                    "disclosure",
                                    "i can confirm",
                                    "we can confirm",
                                    "under section 1",
                                    "having located",
                                    "please see",
                                    "please find",
                                    "in response",
                                    "information disclosed",
                                    NULL};
    for (int i = 0; m[i]; i++)
        if (word_prefix(c, m[i])) return true;
    return false;
}

/* Quote the paragraph starting at line j (to the closing quote, or the next blank line). */
static int quote_paragraph(tctx *t, int j)
{
    while (j < t->n && t->L[j].blank)
        j++;
    if (j >= t->n) return j;
    const char *c = cl(t, j);
    bool quoted = starts_quote_char(c);
    int lim = j + MAX_QUOTE_SPAN;
    if (quoted) {
        for (int k = j; k < t->n && k < lim; k++) {
            if (table_line(&t->L[k])) return j;
            if (ends_quote_char(t->L[k].s) && (k > j || strlen(cl(t, k)) > 1)) {
                for (int q = j; q <= k; q++)
                    t->L[q].quote = true;
                return k + 1;
            }
        }
    }
    int k = j;
    while (k < t->n && k < lim && !t->L[k].blank && !table_line(&t->L[k])) {
        t->L[k].quote = true;
        k++;
    }
    return k;
}

static void mark_quotes(tctx *t)
{
    for (int i = 0; i < t->n; i++) {
        tline *l = &t->L[i];
        if (l->blank || l->len > MAX_TABLE_LINE * 4) continue;
        const char *c = cl(t, i);
        /* the trail of an e-mail answered: the requester's own message */
        if ((foi_startswith_ci(c, "-----original message") ||
             foi_startswith_ci(c, "----- original message") ||
             (foi_startswith_ci(c, "on ") && ends_with_ci(c, " wrote:")))) {
            for (int k = i; k < t->n; k++)
                t->L[k].quote = true;
            return;
        }
        if (l->s[0] == '>') {
            l->quote = true;
            continue;
        }
        size_t after = 0;
        if (request_label(c, &after)) {
            l->quote = c[after] != 0;
            if (c[after]) {
                /* "Request: text" inline: the text and its paragraph */
                int k = i + 1;
                while (k < t->n && k < i + MAX_QUOTE_SPAN && !t->L[k].blank &&
                       !table_line(&t->L[k]) && !response_marker(cl(t, k)))
                    t->L[k++].quote = true;
                i = k - 1;
                continue;
            }
            /* "Request" heading: up to the response */
            int end = -1;
            for (int k = i + 1; k < t->n && k <= i + MAX_QUOTE_SPAN; k++) {
                if (t->L[k].blank) continue;
                if (response_marker(cl(t, k)) || table_line(&t->L[k])) {
                    end = k;
                    break;
                }
            }
            if (end < 0) {
                i = quote_paragraph(t, i + 1) - 1;
                continue;
            }
            for (int k = i + 1; k < end; k++)
                t->L[k].quote = !t->L[k].blank;
            i = end - 1;
            continue;
        }
        size_t n = strlen(c);
        if (n && c[n - 1] == ':') {
            bool asks = foi_has_word(c, "asked") || foi_strcasestr(c, "seek access") ||
                        foi_strcasestr(c, "you requested") || foi_strcasestr(c, "request was") ||
                        foi_strcasestr(c, "request read") || foi_strcasestr(c, "you wrote") ||
                        foi_strcasestr(c, "following request") ||
                        foi_strcasestr(c, "requested the following") ||
                        (foi_strcasestr(c, "request") && foi_has_word(c, "received"));
            int j = i + 1;
            while (j < t->n && t->L[j].blank)
                j++;
            bool next_quoted = j < t->n && starts_quote_char(cl(t, j));
            if (asks || (next_quoted && foi_strcasestr(c, "request"))) {
                i = quote_paragraph(t, i + 1) - 1;
                continue;
            }
        }
        /* a question restated in the reply: never data, but its answer's context */
        if (question_marker(c) || (n && c[n - 1] == '?')) {
            l->quote = true;
            l->question = true;
        }
    }
}

/* ---------------------------------------------------------------- "label: value" lines */

static bool meta_label(const char *label)
{
    char low[64];
    size_t n = strlen(label);
    if (n >= sizeof low) return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)label[i]);
    static const char *const first[] = {
        "tel",      "telephone", "phone",   "mobile",   "fax",         "email",     "e-mail",
        "sent",     "received",  "date",    "dated",    "ref",         "reference", "our ref",
        "your ref", "page",      "version", "ext",      "extension",   "call",      "textphone",
        "minicom",  "po box",    "room",    "postcode", "direct dial", NULL};
    for (int i = 0; first[i]; i++)
        if (word_prefix(low, first[i])) return true;
    static const char *const last[] = {
        "reference",        "ref",         "ref no",     "ref. no",    "request number",
        "reference number", "case number", "request no", "foi number", "incident number",
        "crime number",     "telephone",   "phone",      "tel",        NULL};
    for (int i = 0; last[i]; i++)
        if (ends_with_ci(low, last[i]) &&
            (n == strlen(last[i]) || !isalnum((unsigned char)low[n - strlen(last[i]) - 1])))
            return true;
    return false;
}

static bool period_keyword(const char *label)
{
    static const char *const k[] = {"period",
                                    "year",
                                    "years",
                                    "financial year",
                                    "calendar year",
                                    "fy",
                                    "time period",
                                    "reporting period",
                                    "date range",
                                    "quarter",
                                    "month",
                                    "year ending",
                                    NULL};
    for (int i = 0; k[i]; i++)
        if (!strcasecmp(label, k[i])) return true;
    return false;
}

static bool answer_marker(const char *label)
{
    const char *p = label;
    if (word_prefix(p, "answer"))
        p += 6;
    else if (word_prefix(p, "response"))
        p += 8;
    else if (word_prefix(p, "question"))
        p += 8;
    else if (*p == 'A' || *p == 'Q' || *p == 'a' || *p == 'q')
        p++;
    else
        return false;
    while (*p == ' ')
        p++;
    if (!isdigit((unsigned char)*p)) return p[0] == 0 && p != label + 1;
    while (isalnum((unsigned char)*p))
        p++;
    return *p == 0;
}

typedef enum { KV_NONE, KV_ENTRY, KV_HEADING } kv_kind;

/* "label: value", "label - value", "label = value", "label (value)"; the value is the last
 * thing on the line and a figure, the separator the last one before it. */
static kv_kind kv_parse(foi_arena *a, const char *c, char **label, char **value)
{
    size_t skip = 0;
    if (is_bullet(c, &skip)) c += skip;
    size_t n = strlen(c);
    if (n < 3 || n > 300) return KV_NONE;
    size_t vs = 0, le = 0;
    char sep = 0;
    if (c[n - 1] == ')') {
        const char *open = strrchr(c, '(');
        if (open && open > c + 1 && open[-1] == ' ') {
            char *inner = trimdup(a, open + 1, (size_t)(c + n - 1 - open - 1));
            const char *w = open - 1;
            while (w > c && w[-1] == ' ')
                w--;
            const char *ws = w;
            while (ws > c && isalpha((unsigned char)ws[-1]))
                ws--;
            char word[16] = {0};
            size_t wl = (size_t)(w - ws);
            if (wl < sizeof word) memcpy(word, ws, wl);
            static const char *const legal[] = {
                "s",     "sec",  "section", "act",     "schedule", "para", "regulation",
                "reg",   "rule", "article", "outcome", "outcomes", "type", "types",
                "class", "code", "ext",     "page",    "part",     "no",   NULL};
            bool legalword = false;
            for (int i = 0; legal[i]; i++)
                legalword |= !strcasecmp(word, legal[i]);
            if (foi_text_is_figure(inner) && wl > 0 && !legalword && strcmp(inner, "-") &&
                strcmp(inner, "x")) {
                *label = trimdup(a, c, (size_t)(open - c));
                *value = inner;
                return **label ? KV_ENTRY : KV_NONE;
            }
        }
    }
    for (size_t p = n; p-- > 0;) {
        char ch = c[p];
        bool is_sep =
            ch == ':' || ch == '=' || (ch == '-' && p > 0 && c[p - 1] == ' ' && c[p + 1] == ' ');
        if (!is_sep) continue;
        if (ch == ':' && p > 0 && isdigit((unsigned char)c[p - 1]) &&
            isdigit((unsigned char)c[p + 1]))
            return KV_NONE; /* a time, 09:12 */
        sep = ch;
        vs = p + 1;
        le = p;
        break;
    }
    if (!sep) return KV_NONE;
    char *v = trimdup(a, c + vs, n - vs);
    if (!foi_text_is_figure(v)) return KV_NONE;
    char *l = trimdup(a, c, le);
    if (!*l) return KV_NONE;
    size_t ln = strlen(l);
    if (sep == '-' && !strcmp(v, "-")) return KV_NONE;
    /* "2021 - 2022" is a range, not a figure */
    if (sep == '-' && year_like(v) && isdigit((unsigned char)l[ln - 1])) return KV_NONE;
    if (period_keyword(l)) return KV_HEADING;
    if (meta_label(l) || answer_marker(l)) return KV_NONE;
    bool alnum = false;
    for (const char *p = l; *p; p++)
        alnum |= isalnum((unsigned char)*p) != 0;
    if (!alnum || ln > 150) return KV_NONE;
    *label = l;
    *value = v;
    return KV_ENTRY;
}

/* A line that can head a section of entries: short, not a sentence. */
static bool heading_like(const char *c)
{
    size_t n = strlen(c);
    if (!n || n > 100) return false;
    if (c[n - 1] == '.' || c[n - 1] == ',' || c[n - 1] == ';') return false;
    return true;
}

/* The "1a." a line opens with, when a question in the reply opens with it too: a numbered
 * answer, read with its question (by the prose reader), not as a "label - value" table. */
static bool numbered_answer(tctx *t, int i)
{
    const char *c = cl(t, i);
    size_t d = 0;
    while (isdigit((unsigned char)c[d]))
        d++;
    if (d < 1 || d > 2) return false;
    size_t k = d + (isalpha((unsigned char)c[d]) && !isalpha((unsigned char)c[d + 1]));
    if (c[k] != '.' && c[k] != ')') return false;
    for (int j = 0; j < t->n; j++) {
        if (j == i || t->L[j].blank) continue;
        const char *q = cl(t, j);
        if (*q == '"') q++;
        size_t n = strlen(q);
        while (n && (q[n - 1] == '"' || q[n - 1] == ' '))
            n--;
        if (n > k + 1 && q[n - 1] == '?' && !strncasecmp(q, c, k + 1) &&
            !isalnum((unsigned char)q[k + 1]))
            return true;
    }
    return false;
}

static int try_kv(tctx *t, int i)
{
    char *lab, *val;
    if (t->L[i].quote || t->L[i].len > 400) return i;
    if (numbered_answer(t, i)) return i;
    if (kv_parse(t->a, cl(t, i), &lab, &val) != KV_ENTRY) return i;
    row_vec rows = {0};
    int j = i, last = i;
    while (j < t->n) {
        if (t->L[j].blank) {
            /* one blank line may separate entries of one section */
            if (j + 1 < t->n && !t->L[j + 1].blank && !t->L[j + 1].quote &&
                kv_parse(t->a, cl(t, j + 1), &lab, &val) == KV_ENTRY) {
                j++;
                continue;
            }
            break;
        }
        if (t->L[j].quote || t->L[j].len > 400) break;
        if (kv_parse(t->a, cl(t, j), &lab, &val) != KV_ENTRY) break;
        row r = {.n = 2, .line = t->L[j].no};
        r.cells = foi_alloc(t->a, 2 * sizeof *r.cells);
        r.cells[0] = lab;
        r.cells[1] = val;
        FOI_VEC_PUSH(t->a, rows, r);
        last = j;
        j++;
    }
    int k = i - 1;
    while (k >= 0 && t->L[k].blank && k >= i - 2)
        k--;
    bool heading = k >= 0 && !t->L[k].blank && k == t->last_text && heading_like(cl(t, k));
    if (rows.n < 2 && !heading) return i;
    int gend = t->last_grid_end;
    foi_grid *g = emit_grid(t, rows.v, (int)rows.n, i, last);
    if (g && heading) {
        g->context = foi_strdup(t->a, cl(t, k));
        g->caption = NULL;
        /* "Answer 2:" says nothing of the period: the question above it does */
        int saved = t->last_grid_end;
        t->last_grid_end = gend;
        add_question(t, g, i, k);
        t->last_grid_end = saved;
    }
    return last + 1;
}

/* ---------------------------------------------------------------- pipe and box tables */

/* lead_outer: the block's lines open with a pipe, so a leading pipe is a border; in a block whose
 * rows open with their label, a leading pipe opens an empty first cell (a blank corner). */
static char **pipe_cells_x(foi_arena *a, const tline *l, int *nc, bool lead_outer)
{
    const char *s = l->s, *e = l->s + l->len;
    while (s < e && is_sp(*s))
        s++;
    while (e > s && is_sp(e[-1]))
        e--;
    if (lead_outer && s < e && *s == '|') s++;
    if (e > s && e[-1] == '|' && !(e - 1 > s && e[-2] == '\\')) e--;
    int cap = 8, k = 0;
    char **v = foi_alloc(a, (size_t)cap * sizeof *v);
    const char *p = s;
    for (;;) {
        const char *q = p;
        while (q < e && !(*q == '|' && (q == p || q[-1] != '\\')))
            q++;
        if (k == cap) {
            v = foi_grow(a, v, (size_t)cap * sizeof *v, (size_t)cap * 2 * sizeof *v);
            cap *= 2;
        }
        v[k++] = trimdup(a, p, (size_t)(q - p));
        if (q >= e) break;
        p = q + 1;
    }
    *nc = k;
    return v;
}

static char **pipe_cells(foi_arena *a, const tline *l, int *nc)
{
    return pipe_cells_x(a, l, nc, true);
}

static bool pipe_line(const tline *l)
{
    if (l->blank || l->len > MAX_TABLE_LINE) return false;
    return memchr(l->s, '|', l->len) != NULL || (is_rule(l) && memchr(l->s, '+', l->len));
}

/* Body lines [k0, k1) of an ASCII box between two rules.  A line with figures of its own is a
 * row; label-only lines are continuations (join_wrapped places them).  When rules separate
 * the rows and the segment has at most one line of figures, the segment is that one row. */
static void box_segment(tctx *t, row_vec *rows, int k0, int k1, bool seg_rows)
{
    int n = k1 - k0, figs = 0;
    row *rs = foi_alloc(t->a, (size_t)n * sizeof *rs);
    for (int k = 0; k < n; k++) {
        rs[k].cells = pipe_cells(t->a, &t->L[k0 + k], &rs[k].n);
        rs[k].line = t->L[k0 + k].no;
        rs[k].indent = -1;
        figs += row_has_figure(&rs[k]);
    }
    if (figs == 1 || (figs == 0 && seg_rows)) {
        row cur = rs[0];
        for (int k = 1; k < n; k++) {
            if (row_has_figure(&rs[k])) cur.line = rs[k].line;
            append_row(t->a, &cur, &rs[k]);
        }
        FOI_VEC_PUSH(t->a, *rows, cur);
        return;
    }
    for (int k = 0; k < n; k++) {
        bool text = false;
        for (int c = 0; c < rs[k].n; c++)
            text |= *rs[k].cells[c] != 0;
        if (!text) continue;
        rs[k].cont = figs > 0 && !row_has_figure(&rs[k]);
        FOI_VEC_PUSH(t->a, *rows, rs[k]);
    }
}

static int try_pipe(tctx *t, int i)
{
    if (i < t->pipe_skip || !pipe_line(&t->L[i]) || t->L[i].quote) return i;
    int j = i;
    while (j < t->n && pipe_line(&t->L[j]) && !t->L[j].quote)
        j++;
    t->pipe_skip = j; /* a failed run is not scanned again from each of its lines */
    int lead = 0, rules = 0, box = 0, content_lead = 0;
    for (int k = i; k < j; k++) {
        const char *s = t->L[k].s;
        while (is_sp(*s))
            s++;
        lead += *s == '|';
        if (is_rule(&t->L[k])) {
            rules++;
            box += *s == '+';
        } else {
            content_lead += *s == '|';
        }
    }
    int content = j - i - rules;
    bool lead_outer = box || 2 * content_lead > content;
    if (content < 2 || (rules == 0 && lead < 2)) return i;
    /* every content line but rules must split into 2+ cells */
    for (int k = i; k < j; k++) {
        if (is_rule(&t->L[k])) continue;
        int nc;
        pipe_cells_x(t->a, &t->L[k], &nc, lead_outer);
        if (nc < 2) return i;
    }
    row_vec rows = {0};
    if (box) {
        int seg_rules = 0, first_rule_after = -1, last_content = -1;
        for (int k = i; k < j; k++) {
            if (!is_rule(&t->L[k])) {
                last_content = k;
                continue;
            }
            if (k > i && first_rule_after < 0) first_rule_after = k;
            if (k > i && k < j - 1) seg_rules++;
        }
        /* rules between row groups: a segment of lines is one row unless its lines carry
         * figures of their own (box_segment) */
        bool seg_rows = seg_rules >= 2;
        /* the header ends at the first rule with body lines after it */
        int hdr_end =
            first_rule_after >= 0 && first_rule_after < last_content ? first_rule_after : i;
        row cur = {0};
        for (int k = i; k < hdr_end; k++) {
            if (is_rule(&t->L[k])) continue;
            int nc;
            char **cells = pipe_cells(t->a, &t->L[k], &nc);
            if (cur.n && seg_rows) {
                row r = {.cells = cells, .n = nc};
                append_row(t->a, &cur, &r);
                continue;
            }
            if (cur.n) FOI_VEC_PUSH(t->a, rows, cur);
            cur = (row){.cells = cells, .n = nc, .line = t->L[k].no, .header = true, .indent = -1};
        }
        if (cur.n) FOI_VEC_PUSH(t->a, rows, cur);
        int header_rows = (int)rows.n;
        for (int k = hdr_end; k < j;) {
            if (is_rule(&t->L[k])) {
                k++;
                continue;
            }
            int e = k;
            while (e < j && !is_rule(&t->L[e]))
                e++;
            box_segment(t, &rows, k, e, seg_rows);
            k = e;
        }
        int body = (int)rows.n - header_rows;
        body = join_wrapped(t->a, rows.v + header_rows, body);
        rows.n = (size_t)(header_rows + body);
        if (rows.n) emit_tables(t, rows.v, (int)rows.n, i, j - 1);
        return j;
    }
    /* markdown: a rule after a row makes that row a header and starts a table */
    int start = 0;
    for (int k = i; k < j; k++) {
        if (is_rule(&t->L[k])) {
            if (rows.n > 0) {
                if (rows.n - 1 > (size_t)start) {
                    /* rows before the header row belong to the previous table */
                    emit_tables(t, rows.v + start, (int)rows.n - 1 - start, i, k - 2);
                    start = (int)rows.n - 1;
                }
                rows.v[rows.n - 1].header = true;
            }
            continue;
        }
        int nc;
        char **cells = pipe_cells_x(t->a, &t->L[k], &nc, lead_outer);
        row r = {.cells = cells, .n = nc, .line = t->L[k].no};
        FOI_VEC_PUSH(t->a, rows, r);
    }
    if ((int)rows.n > start) emit_tables(t, rows.v + start, (int)rows.n - start, i, j - 1);
    return j;
}

/* ---------------------------------------------------------------- tab-separated */

static char **tab_cells(foi_arena *a, const tline *l, int *nc, int *nonempty)
{
    int cap = 8, k = 0, ne = 0;
    char **v = foi_alloc(a, (size_t)cap * sizeof *v);
    const char *p = l->s, *e = l->s + l->len;
    for (;;) {
        const char *q = memchr(p, '\t', (size_t)(e - p));
        if (!q) q = e;
        if (k == cap) {
            v = foi_grow(a, v, (size_t)cap * sizeof *v, (size_t)cap * 2 * sizeof *v);
            cap *= 2;
        }
        v[k] = trimdup(a, p, (size_t)(q - p));
        ne += *v[k] != 0;
        k++;
        if (q >= e) break;
        p = q + 1;
    }
    /* trailing empty fields are layout, not cells */
    while (k > 1 && !*v[k - 1])
        k--;
    *nc = k;
    if (nonempty) *nonempty = ne;
    return v;
}

static bool tab_line(foi_arena *a, const tline *l)
{
    if (l->blank || l->len > MAX_TABLE_LINE * 8 || !memchr(l->s, '\t', l->len)) return false;
    int nc, ne;
    tab_cells(a, l, &nc, &ne);
    return ne >= 2;
}

static void emit_meta_row(tctx *t, int i, const char *key, const char *val)
{
    size_t kl = strlen(key);
    char *k = foi_strdup(t->a, key);
    if (kl && k[kl - 1] == ':') k[kl - 1] = 0;
    foi_doc_add_meta(t->d, k, val);
    char *text = foi_sprintf(t->a, "%s: %s", k, val);
    size_t after = 0;
    foi_block_kind kind =
        request_label(k, &after) || t->L[i].quote ? FOI_BLOCK_QUOTE : foi_text_line_kind(text);
    if (kind == FOI_BLOCK_HEADING) kind = FOI_BLOCK_PARA;
    foi_doc_add_block(t->d, kind, text, t->L[i].no);
    t->last_text = i;
}

static int try_tab(tctx *t, int i)
{
    if (t->L[i].quote || !tab_line(t->a, &t->L[i])) return i;
    int j = i;
    for (;;) {
        while (j < t->n && tab_line(t->a, &t->L[j]))
            j++;
        /* "Prosecution time limit expired<TAB>": a row whose cells are all blank */
        if (j + 1 < t->n && !t->L[j].blank && !t->L[j].quote &&
            memchr(t->L[j].s, '\t', t->L[j].len) && !is_sp(t->L[j].s[0]) &&
            tab_line(t->a, &t->L[j + 1])) {
            j++;
            continue;
        }
        break;
    }
    int nr = j - i;
    row *rows = foi_alloc(t->a, (size_t)nr * sizeof *rows);
    int maxc = 0;
    for (int k = 0; k < nr; k++) {
        rows[k].cells = tab_cells(t->a, &t->L[i + k], &rows[k].n, NULL);
        rows[k].line = t->L[i + k].no;
        if (rows[k].n > maxc) maxc = rows[k].n;
    }
    /* leading "Key<TAB>value" lines are metadata */
    int s = 0;
    if (maxc > 2) {
        while (s < nr && rows[s].n <= 2)
            s++;
    } else {
        int fr = 0;
        while (fr < nr && !foi_text_is_figure(rows[fr].cells[1]))
            fr++;
        s = fr > 0 ? fr - 1 : 0; /* the row above the first figure is the header */
        if (fr == nr) s = nr;    /* no figures at all: all metadata */
    }
    for (int k = 0; k < s; k++)
        emit_meta_row(t, i + k, rows[k].cells[0], rows[k].n > 1 ? rows[k].cells[1] : "");
    if (nr - s >= 2)
        emit_tables(t, rows + s, nr - s, i + s, j - 1);
    else
        for (int k = s; k < nr; k++)
            emit_block(t, i + k);
    return j;
}

/* ---------------------------------------------------------------- space-aligned tables */

typedef struct tok {
    int c0, c1;    /* display columns [c0, c1) */
    size_t b0, b1; /* bytes [b0, b1) */
} tok;

/* Split on runs of two or more spaces (or a tab); columns count code points. */
static int tokenize(foi_arena *a, const tline *l, tok **out)
{
    int cap = 8, k = 0;
    tok *v = foi_alloc(a, (size_t)cap * sizeof *v);
    int col = 0, spaces = 2; /* space columns since the last ink */
    const unsigned char *s = (const unsigned char *)l->s;
    size_t b = 0;
    while (b < l->len) {
        unsigned ch = s[b];
        if (ch == ' ' || ch == '\t' || ch == '\f' || ch == '\v' ||
            (ch == 0xC2 && b + 1 < l->len && s[b + 1] == 0xA0)) {
            if (ch == '\t') {
                spaces += 2;
                col = (col / 8 + 1) * 8;
            } else {
                spaces++;
                col++;
            }
            b += ch == 0xC2 ? 2 : 1;
            continue;
        }
        size_t w = 1;
        while (b + w < l->len && (s[b + w] & 0xC0) == 0x80)
            w++;
        if (spaces >= 2 || k == 0) {
            if (k == cap) {
                v = foi_grow(a, v, (size_t)cap * sizeof *v, (size_t)cap * 2 * sizeof *v);
                cap *= 2;
            }
            v[k].c0 = col;
            v[k].b0 = b;
            k++;
        }
        v[k - 1].c1 = col + 1;
        v[k - 1].b1 = b + w;
        spaces = 0;
        col++;
        b += w;
    }
    *out = v;
    return k;
}

typedef struct aline {
    tok *t;
    int nt;
    bool rule, data, cont;
    bool coderow;  /* an HO code alone: a row with no figures */
    char **hcells; /* a single-spaced header line split into the table's columns */
} aline;

/* An HO code standing alone as a row label ("8R", "19E", "88A", "49"). */
static bool code_label(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    if (d < 1 || d > 3) return false;
    if (d < n && s[d] == '/') { /* "196/07" */
        size_t e = d + 1;
        while (e < n && isdigit((unsigned char)s[e]))
            e++;
        return e == n && e - d - 1 >= 1 && e - d - 1 <= 3;
    }
    size_t l = d;
    while (l < n && isalpha((unsigned char)s[l]))
        l++;
    return l == n && l - d <= 1;
}

/* A header line whose period labels are separated by single spaces ("Home Office Code
 * 1 January 2021 to 31 December 2021 1 January 2022 to ..."): split it into a label and nvals
 * periods of the same number of words each, every one a period on its own.  The lead has no
 * digits.  NULL when no such split exists. */
static char **split_period_header(foi_arena *a, const char *s, int nvals)
{
    if (nvals < 1) return NULL;
    char *txt = foi_clean(a, s);
    FOI_VEC(char *) w = {0};
    for (char *p = txt; *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        FOI_VEC_PUSH(a, w, foi_strndup(a, p, (size_t)(e - p)));
        p = e;
    }
    int nw = (int)w.n;
    for (int lead = 0; lead < nw; lead++) {
        bool digit = false;
        for (const char *p = lead ? w.v[lead - 1] : ""; *p; p++)
            digit |= isdigit((unsigned char)*p) != 0;
        if (digit) return NULL;
        int rest = nw - lead;
        if (rest < nvals || rest % nvals) continue;
        int k = rest / nvals;
        char **cells = foi_alloc(a, (size_t)(nvals + 1) * sizeof *cells);
        bool ok = true;
        for (int v = 0; v < nvals && ok; v++) {
            foi_buf b;
            foi_buf_init(&b, a);
            for (int q = 0; q < k; q++)
                foi_buf_printf(&b, "%s%s", q ? " " : "", w.v[lead + v * k + q]);
            cells[v + 1] = b.s;
            foi_period p;
            ok = foi_period_parse(cells[v + 1], NULL, &p);
        }
        if (!ok) continue;
        foi_buf b;
        foi_buf_init(&b, a);
        for (int q = 0; q < lead; q++)
            foi_buf_printf(&b, "%s%s", q ? " " : "", w.v[q]);
        cells[0] = b.s;
        return cells;
    }
    return NULL;
}

static bool tok_figure(tctx *t, const tline *l, const tok *k)
{
    char *s = foi_strndup(t->a, l->s + k->b0, k->b1 - k->b0);
    return foi_text_is_figure(s);
}

/* A data row: a label and then only figures (at least one). */
static bool aligned_data(tctx *t, const tline *l, const aline *al)
{
    if (al->nt < 2) return false;
    for (int k = 1; k < al->nt; k++)
        if (!tok_figure(t, l, &al->t[k])) return false;
    return true;
}

/* A header line: short cells, not a sentence. */
static bool header_line(tctx *t, const tline *l, const aline *al)
{
    for (int k = 0; k < al->nt; k++)
        if (al->t[k].c1 - al->t[k].c0 > 80) return false;
    const char *c = cl(t, l->no - 1);
    size_t n = strlen(c);
    return n && c[n - 1] != '.';
}

static int try_aligned(tctx *t, int i)
{
    if (t->L[i].quote || t->L[i].len > MAX_TABLE_LINE) return i;
    /* gather the run of candidate lines */
    int cap = 16, m = 0;
    aline *al = foi_alloc(t->a, (size_t)cap * sizeof *al);
    int j = i;
    for (; j < t->n; j++) {
        tline *l = &t->L[j];
        if (l->blank || l->quote || l->len > MAX_TABLE_LINE) break;
        if (j > i && (pipe_line(l) || tab_line(t->a, l))) break;
        if (m == cap) {
            al = foi_grow(t->a, al, (size_t)cap * sizeof *al, (size_t)cap * 2 * sizeof *al);
            cap *= 2;
        }
        aline *a = &al[m];
        memset(a, 0, sizeof *a);
        a->rule = is_rule(l);
        if (!a->rule) a->nt = tokenize(t->a, l, &a->t);
        if (!a->rule && a->nt < 2) {
            /* a wrapped label: single-token lines before a table line, or one that continues */
            if (m == 0) break;
            bool next_cand = lower_start(l->s);
            for (int q = j + 1; !next_cand && q < t->n && q <= j + MAX_WRAP_LINES; q++) {
                const tline *nl = &t->L[q];
                if (nl->blank || nl->quote || nl->len > MAX_TABLE_LINE || is_rule(nl)) break;
                tok *nt;
                if (tokenize(t->a, nl, &nt) >= 2) {
                    next_cand = true;
                    break;
                }
            }
            if (!next_cand) break;
            a->cont = true;
        }
        a->data = !a->rule && aligned_data(t, l, a);
        m++;
    }
    /* trim: the table ends at the last data row plus its wrapped label lines */
    int last_data = -1, first_data = -1;
    for (int k = 0; k < m; k++)
        if (al[k].data) {
            last_data = k;
            if (first_data < 0) first_data = k;
        }
    if (first_data < 0) {
        /* no figures: plain text (all of the run, so long runs are scanned once) */
        for (int k = 0; k < m; k++)
            emit_block(t, i + k);
        return i + m;
    }
    /* a code-labelled table shows an offence with no figures as its code alone: a row, not
     * a wrapped label */
    {
        int codes = 0, words = 0;
        for (int k = 0; k <= last_data; k++) {
            if (!(al[k].data || (al[k].cont && al[k].nt == 1))) continue;
            const char *ls = t->L[i + k].s + al[k].t[0].b0;
            size_t ln = al[k].t[0].b1 - al[k].t[0].b0;
            if (code_label(ls, ln))
                codes++;
            else if (!total_label(trimdup(t->a, ls, ln)))
                words++;
        }
        if (codes >= 2 && codes > 2 * words)
            for (int k = 0; k < last_data; k++)
                if (al[k].cont && al[k].nt == 1 &&
                    code_label(t->L[i + k].s + al[k].t[0].b0, al[k].t[0].b1 - al[k].t[0].b0)) {
                    al[k].cont = false;
                    al[k].coderow = true;
                }
    }
    int end = last_data + 1;
    while (end < m && al[end].cont) {
        /* lines after the last row continue its label only when they show it */
        const tline *pl = &t->L[i + end - 1];
        const aline *pa = &al[end - 1];
        char *plab = pa->nt ? trimdup(t->a, pl->s + pa->t[0].b0, pa->t[0].b1 - pa->t[0].b0) : "";
        if (!(lower_start(t->L[i + end].s) || connector_end(plab) ||
              (pa->nt && al[end].t[0].c0 > pa->t[0].c0)))
            break;
        end++;
    }
    /* header: up to MAX_HEADER_LINES multi-token lines just above the first data row (and
     * above the first row's wrapped label lines, when its figures sit on its last line) */
    int hs = first_data, hl = 0;
    {
        int w = first_data;
        while (w > 0 && (al[w - 1].cont || al[w - 1].coderow))
            w--;
        if (w < first_data && w > 0 &&
            (al[w - 1].rule || header_line(t, &t->L[i + w - 1], &al[w - 1])))
            hs = w;
    }
    while (hs > 0 && (al[hs - 1].rule || (!al[hs - 1].cont && hl < MAX_HEADER_LINES &&
                                          header_line(t, &t->L[i + hs - 1], &al[hs - 1])))) {
        if (!al[hs - 1].rule) hl++;
        hs--;
    }
    while (hs < first_data && al[hs].rule)
        hs++;
    int ndata = 0, nrows = 0;
    for (int k = hs; k < end; k++) {
        ndata += al[k].data;
        nrows += !al[k].rule && !al[k].cont;
    }
    if (nrows < 2 || ndata < 1) return i;
    /* lines before the header start are ordinary text */
    for (int k = 0; k < hs; k++)
        emit_block(t, i + k);

    /* column boundaries: gaps of 2+ columns where no table line has ink */
    int width = 0;
    for (int k = hs; k < end; k++)
        if (!al[k].rule && !al[k].cont && al[k].nt && al[k].t[al[k].nt - 1].c1 > width)
            width = al[k].t[al[k].nt - 1].c1;
    int *ink = foi_alloc(t->a, (size_t)(width + 1) * sizeof *ink);
    for (int k = hs; k < end; k++) {
        if (al[k].rule || al[k].cont) continue;
        for (int q = 0; q < al[k].nt; q++)
            for (int c = al[k].t[q].c0; c < al[k].t[q].c1; c++)
                ink[c]++;
    }
    int left = 0;
    while (left < width && !ink[left])
        left++;
    /* column c spans [cs[c], ce[c]) */
    int ncol = 0, ccap = 8;
    int *cs = foi_alloc(t->a, (size_t)ccap * sizeof *cs),
        *ce = foi_alloc(t->a, (size_t)ccap * sizeof *ce);
    int c = left;
    while (c < width) {
        int s0 = c;
        while (c < width) {
            if (!ink[c]) {
                int g = c;
                while (g < width && !ink[g])
                    g++;
                if (g - c >= 2 || g == width) break;
                c = g;
            } else {
                c++;
            }
        }
        if (ncol == ccap) {
            cs = foi_grow(t->a, cs, (size_t)ccap * sizeof *cs, (size_t)ccap * 2 * sizeof *cs);
            ce = foi_grow(t->a, ce, (size_t)ccap * sizeof *ce, (size_t)ccap * 2 * sizeof *ce);
            ccap *= 2;
        }
        cs[ncol] = s0;
        ce[ncol] = c;
        ncol++;
        while (c < width && !ink[c])
            c++;
    }
    /* a row with two tokens in one column means a long label ate a gap: take the columns from
     * the rows with the usual number of tokens instead */
    int modal = 0;
    {
        int counts[64] = {0};
        for (int k = hs; k < end; k++)
            if (al[k].data && al[k].nt < 64) counts[al[k].nt]++;
        for (int q = 2; q < 64; q++)
            if (counts[q] > counts[modal]) modal = q;
    }
    if (modal > ncol) {
        int *ns = foi_alloc(t->a, (size_t)modal * sizeof *ns),
            *ne = foi_alloc(t->a, (size_t)modal * sizeof *ne);
        for (int q = 0; q < modal; q++)
            ns[q] = 1 << 30, ne[q] = -1;
        for (int k = hs; k < end; k++) {
            if (!al[k].data || al[k].nt != modal) continue;
            for (int q = 0; q < modal; q++) {
                if (al[k].t[q].c0 < ns[q]) ns[q] = al[k].t[q].c0;
                if (al[k].t[q].c1 > ne[q]) ne[q] = al[k].t[q].c1;
            }
        }
        bool ok = true;
        for (int q = 1; q < modal; q++)
            ok &= ns[q] >= ne[q - 1];
        if (ok) {
            cs = ns;
            ce = ne;
            ncol = modal;
        }
    }
    if (ncol < 2) {
        for (int k = hs; k < m; k++)
            emit_block(t, i + k);
        return i + m;
    }
    /* a header line with single spaces between its period labels cannot be cut by ink:
     * split it by its periods, one per value column */
    for (int k = hs; k < first_data; k++) {
        if (!al[k].cont) continue;
        const tline *l = &t->L[i + k];
        char **hc = split_period_header(t->a, foi_strndup(t->a, l->s, l->len), ncol - 1);
        if (hc) {
            al[k].cont = false;
            al[k].hcells = hc;
        }
    }
    /* cells: each token goes to the column it overlaps most, or the nearest one */
    row_vec rows = {0};
    int header_end = -1; /* rows above a rule line under the header */
    for (int k = hs; k < end; k++) {
        if (al[k].rule) {
            if (k < first_data && header_end < 0) header_end = (int)rows.n;
            continue;
        }
        const tline *l = &t->L[i + k];
        row r = {.n = ncol, .line = l->no, .indent = -1};
        r.cells = foi_alloc(t->a, (size_t)ncol * sizeof *r.cells);
        for (int q = 0; q < ncol; q++)
            r.cells[q] = "";
        if (al[k].cont) {
            /* a label-only line: join_wrapped decides which row it belongs to */
            r.cells[0] = trimdup(t->a, l->s, l->len);
            r.cont = true;
            r.indent = al[k].t[0].c0;
            FOI_VEC_PUSH(t->a, rows, r);
            continue;
        }
        if (al[k].hcells) {
            r.cells = al[k].hcells;
            FOI_VEC_PUSH(t->a, rows, r);
            continue;
        }
        tok *tk = al[k].t;
        int nt = al[k].nt;
        for (int q = 0; q < nt; q++) {
            int best = 0, bestov = -1, bestd = 1 << 30;
            for (int cc = 0; cc < ncol; cc++) {
                int ov = (tk[q].c1 < ce[cc] ? tk[q].c1 : ce[cc]) -
                         (tk[q].c0 > cs[cc] ? tk[q].c0 : cs[cc]);
                int d = tk[q].c1 <= cs[cc] ? cs[cc] - tk[q].c1 : tk[q].c0 - ce[cc];
                if (d < 0) d = 0;
                if (ov > bestov || (ov == bestov && ov <= 0 && d < bestd)) {
                    best = cc;
                    bestov = ov;
                    bestd = d;
                }
            }
            /* a label that ran into the first figure column stays a label */
            if (q == 0 && nt > 1 && tk[0].c0 < ce[0]) best = 0;
            if (q == 0 && best == 0) r.indent = tk[0].c0;
            char *txt = trimdup(t->a, l->s + tk[q].b0, tk[q].b1 - tk[q].b0);
            r.cells[best] = *r.cells[best] ? foi_sprintf(t->a, "%s %s", r.cells[best], txt) : txt;
        }
        FOI_VEC_PUSH(t->a, rows, r);
    }
    /* header rows */
    int nh = header_end >= 0 ? header_end : 0;
    if (header_end < 0) {
        int fd = 0;
        for (int k = hs; k < first_data; k++)
            if (!al[k].rule && !al[k].cont) {
                if (al[k].coderow) break;
                fd++;
            }
        nh = fd;
    }
    for (int r = 0; r < nh && r < (int)rows.n; r++)
        rows.v[r].header = true;
    /* a header wrapped over two lines with the same value columns reads as one */
    if (nh == 2 && rows.n > 2) {
        bool same = true;
        int filled = 0;
        for (int q = 1; q < ncol; q++) {
            same &= (*rows.v[0].cells[q] != 0) == (*rows.v[1].cells[q] != 0);
            filled += *rows.v[0].cells[q] != 0;
        }
        if (same && filled >= 1) {
            for (int q = 0; q < ncol; q++)
                if (*rows.v[1].cells[q])
                    rows.v[0].cells[q] =
                        *rows.v[0].cells[q]
                            ? foi_sprintf(t->a, "%s %s", rows.v[0].cells[q], rows.v[1].cells[q])
                            : rows.v[1].cells[q];
            memmove(&rows.v[1], &rows.v[2], (rows.n - 2) * sizeof rows.v[0]);
            rows.n--;
        }
    }
    rows.n = (size_t)join_wrapped(t->a, rows.v, (int)rows.n);
    if (rows.n >= 2) emit_tables(t, rows.v, (int)rows.n, i + hs, i + end - 1);
    return i + end;
}

/* ---------------------------------------------------------------- code lists */

/* "OC15 - Sus/Insuff.Evidence 36", "8L - Harassment: 12", "Sum: 245": a label with letters,
 * one space, and a figure as the last word.  *lab gets the label (a trailing ':' dropped). */
static bool label_figure_line(tctx *t, const tline *l, char **lab, char **val)
{
    if (l->blank || l->quote || l->len > 120) return false;
    char *c = foi_clean(t->a, foi_strndup(t->a, l->s, l->len));
    char *sp = strrchr(c, ' ');
    if (!sp || !foi_text_is_figure(sp + 1) || year_like(sp + 1)) return false;
    *sp = 0;
    size_t n = strlen(c);
    while (n && (c[n - 1] == ':' || c[n - 1] == ' ' || c[n - 1] == '-' || c[n - 1] == '='))
        c[--n] = 0;
    bool alpha = false;
    for (const char *p = c; *p; p++)
        alpha |= isalpha((unsigned char)*p) != 0;
    if (!alpha || n > 90 || c[n - 1] == '.') return false;
    /* "Response 2", "Q3", "Answer 1": the reply's scaffolding, not a label and its figure */
    char *whole = foi_sprintf(t->a, "%s %s", c, sp + 1);
    if (answer_marker(whole)) return false;
    *lab = c;
    *val = sp + 1;
    return true;
}

/* A label led by a code and a separator: "OC15 - ...", "Outcome 8: ...", "8L - ...". */
static bool code_led(const char *s)
{
    const char *p = s;
    if (foi_startswith_ci(p, "oc"))
        p += 2;
    else if (foi_startswith_ci(p, "outcome "))
        p += 8;
    const char *q = p;
    while (isdigit((unsigned char)*p))
        p++;
    if (p == q || p - q > 3) return false;
    if (p == s + (p - q) && isalpha((unsigned char)*p)) p++; /* bare "8L" */
    while (*p == ' ')
        p++;
    return *p == '-' || *p == ':';
}

/* Lines of "code - description figure", one per line with no column gaps, read as a
 * two-column table: at least three lines, two of them led by a code. */
static int try_codelist(tctx *t, int i)
{
    row_vec rows = {0};
    int coded = 0, j = i;
    for (; j < t->n; j++) {
        char *lab, *val;
        if (!label_figure_line(t, &t->L[j], &lab, &val)) break;
        coded += code_led(lab);
        row r = {.n = 2, .line = t->L[j].no, .indent = -1};
        r.cells = foi_alloc(t->a, 2 * sizeof *r.cells);
        r.cells[0] = lab;
        r.cells[1] = val;
        FOI_VEC_PUSH(t->a, rows, r);
    }
    if (rows.n < 3 || coded < 2 || coded * 2 < (int)rows.n) return i;
    int prev_end = t->last_grid_end;
    foi_grid *g = emit_grid(t, rows.v, (int)rows.n, i, j - 1);
    /* the period is often stated a line or two above the list's title ("In 2022/23 there
     * were 70 crimes ... The outcomes are as follows:") */
    if (g && g->context) {
        foi_period p;
        int ms, ml;
        if (!foi_period_find(g->context, NULL, &p, &ms, &ml)) {
            int seen = 0;
            for (int k = i - 1; k >= prev_end && seen < 4; k--) {
                if (t->L[k].blank) continue;
                if (t->L[k].quote) break;
                seen++;
                const char *c = cl(t, k);
                /* "1a)In 2022 ...": the item number may run into the sentence */
                const char *q = c;
                while (isdigit((unsigned char)*q))
                    q++;
                if (q > c && q - c <= 2 && isalpha((unsigned char)*q) && q[1] == ')') q++;
                if (q > c && (*q == ')' || *q == '.')) c = q + 1;
                while (*c == ' ')
                    c++;
                if (foi_period_find(c, NULL, &p, &ms, &ml)) {
                    g->context = foi_sprintf(t->a, "%s | %s", c, g->context);
                    break;
                }
            }
        }
    }
    return j;
}

/* ---------------------------------------------------------------- flattened tables */

static bool plain_count(const char *w)
{
    size_t n = 0;
    for (; w[n]; n++)
        if (!isdigit((unsigned char)w[n]) && !(w[n] == ',' && n > 0 && w[n + 1])) return false;
    return n > 0 && n <= 7 && !year_like(w);
}

/* A one-column table squashed onto one line ("Q1 Offence Count Harassment 12 Stalking 3
 * Grand Total 15"): a header naming the dimension and the measure, label-count pairs, and a
 * Total that is the sum of the counts (else it is left as text). */
static int try_flat(tctx *t, int i)
{
    const tline *l = &t->L[i];
    if (l->len < 20 || l->len > 2000) return i;
    char *c = foi_clean(t->a, foi_strndup(t->a, l->s, l->len));
    FOI_VEC(char *) w = {0};
    for (char *save = NULL, *wd = strtok_r(c, " ", &save); wd; wd = strtok_r(NULL, " ", &save))
        FOI_VEC_PUSH(t->a, w, wd);
    int nw = (int)w.n, k = 0;
    if (nw < 8 || !plain_count(w.v[nw - 1])) return i;
    /* "Q1", "Q1.", "Table 1:" */
    if ((w.v[0][0] == 'Q' || w.v[0][0] == 'q') && isdigit((unsigned char)w.v[0][1])) k = 1;
    static const char *const dims[] = {"offence",  "offences", "crime",          "outcome",
                                       "outcomes", "category", "classification", NULL};
    static const char *const measures[] = {"count", "number", "crimes", "offences",
                                           "total", "volume", NULL};
    bool dim = false;
    for (int d = 0; dims[d]; d++)
        dim |= foi_streq_ci(w.v[k], dims[d]);
    if (!dim) return i;
    /* the header runs to its measure word ("Count", "Number of Crimes") */
    int h = k + 1;
    while (h < nw && h <= k + 3) {
        bool m = false;
        for (int d = 0; measures[d]; d++)
            m |= foi_streq_ci(w.v[h], measures[d]);
        if (m) break;
        h++;
    }
    if (h >= nw || h > k + 3) return i;
    if (foi_streq_ci(w.v[h], "number") && h + 2 < nw && foi_streq_ci(w.v[h + 1], "of")) h += 2;
    row_vec rows = {0};
    foi_buf hd, ms;
    foi_buf_init(&hd, t->a);
    foi_buf_init(&ms, t->a);
    for (int q = k; q < nw && q <= h; q++) {
        bool in_dim = q < h && !(foi_streq_ci(w.v[q], "number") && q + 1 < nw &&
                                 foi_streq_ci(w.v[q + 1], "of"));
        if (q > k && foi_streq_ci(w.v[q - 1], "number")) in_dim = false;
        if (q > k + 1 && foi_streq_ci(w.v[q - 2], "number")) in_dim = false;
        foi_buf *b = in_dim ? &hd : &ms;
        foi_buf_printf(b, "%s%s", b->len ? " " : "", w.v[q]);
    }
    row hr = {.n = 2, .line = l->no, .indent = -1, .header = true};
    hr.cells = foi_alloc(t->a, 2 * sizeof *hr.cells);
    hr.cells[0] = hd.s;
    hr.cells[1] = ms.s;
    FOI_VEC_PUSH(t->a, rows, hr);
    long sum = 0, total = -1;
    foi_buf lab;
    foi_buf_init(&lab, t->a);
    static const char *const lead[] = {"under",    "over", "aged",    "section", "s", "sec",
                                       "schedule", "part", "outcome", "type",    NULL};
    int range_from = -1; /* a number of the label ("aged 13"): "to 15" after it is the label's */
    for (int q = h + 1; q < nw; q++) {
        /* "... child under 13 by a male ...": a number after such a word is the label's */
        bool label_num = false;
        for (int d = 0; lead[d] && q < nw - 1; d++)
            label_num |= foi_streq_ci(w.v[q - 1], lead[d]);
        label_num |= q < nw - 1 && range_from == q - 2 &&
                     (foi_streq_ci(w.v[q - 1], "to") || foi_streq_ci(w.v[q - 1], "and"));
        if (label_num && plain_count(w.v[q])) range_from = q;
        if (!plain_count(w.v[q]) || label_num) {
            foi_buf_printf(&lab, "%s%s", lab.len ? " " : "", w.v[q]);
            continue;
        }
        if (!lab.len) return i; /* two counts in a row: not label-count pairs */
        long v = 0;
        for (const char *p = w.v[q]; *p; p++)
            if (isdigit((unsigned char)*p)) v = v * 10 + (*p - '0');
        row r = {.n = 2, .line = l->no, .indent = -1};
        r.cells = foi_alloc(t->a, 2 * sizeof *r.cells);
        r.cells[0] = lab.s;
        r.cells[1] = w.v[q];
        FOI_VEC_PUSH(t->a, rows, r);
        if (q == nw - 1) {
            if (!total_label(lab.s)) return i;
            total = v;
        } else {
            if (total_label(lab.s)) return i;
            sum += v;
        }
        foi_buf_init(&lab, t->a);
    }
    if (rows.n < 4 || total != sum) return i;
    emit_grid(t, rows.v, (int)rows.n, i, i);
    return i + 1;
}

/* ---------------------------------------------------------------- driver */

/* ---------------------------------------------------------------- one cell per line */

/* PDF text and scraped tables put every cell on its own line: "Year / Total / 2021 / 126 / ...
 * / Total / 778" (periods as rows) or "Offence / 2021 / 2022 / Stalking / 3 / 4 / ..." (periods
 * as columns).  A row is read only when it has exactly as many counts as there are columns:
 * when blank cells were dropped nobody can tell which column a count belongs to. */

#define STACK_CELL_MAX 120

static bool stk_fits(const foi_block *b, const foi_block *first)
{
    return b->kind != FOI_BLOCK_QUOTE && strlen(b->text) <= STACK_CELL_MAX &&
           b->after_grid == first->after_grid && b->source == first->source &&
           b->page == first->page && !b->label;
}

static bool stk_period(const char *s)
{
    if (count_like(s) || strlen(s) > 40 || strchr(s, ':')) return false;
    foi_period p;
    return has_year(s) || foi_period_parse(s, NULL, &p);
}

/* A label or column name: words, no figure, no year, not a sentence or a "Key: value". */
static bool stk_word(const char *s)
{
    if (foi_text_is_figure(s) || stk_period(s) || strchr(s, ':')) return false;
    int words = 0;
    bool alpha = false;
    for (const char *p = s; *p; p++) {
        if (isalpha((unsigned char)*p)) alpha = true;
        if (*p == ' ' && p[1] && p[1] != ' ') words++;
    }
    return alpha && words < 20;
}

static bool stk_period_head(const char *s)
{
    static const char *const w[] = {"year", "period", "financial year", "calendar year", "month",
                                    "date", NULL};
    for (int i = 0; w[i]; i++)
        if (!strcasecmp(s, w[i])) return true;
    return false;
}

typedef struct stk_row {
    size_t at; /* block of the row label */
    bool full; /* exactly k counts followed */
} stk_row;

/* Counts after block at (within [at+1, n)), all fitting the run. */
static int stk_counts(const foi_doc *d, size_t at, size_t n)
{
    int f = 0;
    const foi_block *first = &d->blocks.v[at];
    while (at + 1 + (size_t)f < n && stk_fits(&d->blocks.v[at + 1 + f], first) &&
           count_like(d->blocks.v[at + 1 + f].text))
        f++;
    return f;
}

/* Rows of a run starting at block i; returns the block after the table, or i when none. */
static size_t stk_scan(const foi_doc *d, size_t i, int *k_out, stk_row **rows_out, int *nr_out)
{
    size_t n = d->blocks.n;
    const foi_block *first = &d->blocks.v[i];
    if (!stk_fits(first, first) || !stk_word(first->text)) return i;
    bool by_row = stk_period_head(first->text); /* periods as rows */
    size_t j = i + 1;
    int k = 0;
    while (j < n && k < 16 && stk_fits(&d->blocks.v[j], first) &&
           (by_row ? stk_word(d->blocks.v[j].text) : stk_period(d->blocks.v[j].text)))
        j++, k++;
    if (k == 0) return i;
    stk_row *rows = foi_alloc(d->a, (n - j + 1) * sizeof *rows);
    int nr = 0, full = 0;
    while (j < n && stk_fits(&d->blocks.v[j], first)) {
        const char *lab = d->blocks.v[j].text;
        bool tot = total_label(lab);
        if (by_row ? !(stk_period(lab) || tot) : !stk_word(lab)) break;
        int f = stk_counts(d, j, n);
        if (f == 0 || f > k) break;
        /* with periods as labels a dropped cell shifts everything after it */
        if (f < k && by_row) break;
        rows[nr++] = (stk_row){.at = j, .full = f == k};
        full += f == k;
        j += 1 + (size_t)f;
    }
    if (full < 1) return i;
    *k_out = k;
    *rows_out = rows;
    *nr_out = nr;
    return j;
}

/* Put grid g (the last one) at position gi of d->grids; blocks from `from` on follow it. */
static void stk_place(foi_doc *d, foi_grid *g, size_t gi, size_t from)
{
    size_t n = d->grids.n;
    memmove(&d->grids.v[gi + 1], &d->grids.v[gi], (n - 1 - gi) * sizeof *d->grids.v);
    d->grids.v[gi] = g;
    for (size_t x = 0; x < n; x++)
        d->grids.v[x]->index = (int)x + 1;
    for (size_t b = from; b < d->blocks.n; b++)
        d->blocks.v[b].after_grid++;
}

void foi_text_unstack(foi_doc *d)
{
    for (size_t i = 0; i < d->blocks.n; i++) {
        int k = 0, nr = 0;
        stk_row *rows = NULL;
        size_t end = stk_scan(d, i, &k, &rows, &nr);
        if (end == i) continue;
        const foi_block *b0 = &d->blocks.v[i];
        int full = 0;
        for (int r = 0; r < nr; r++)
            full += rows[r].full;
        size_t gi = (size_t)b0->after_grid;
        /* what introduced it: the one or two blocks before, since the previous table */
        foi_buf ctx;
        foi_buf_init(&ctx, d->a);
        for (size_t x = i >= 2 ? i - 2 : 0; x < i; x++)
            if (d->blocks.v[x].after_grid == b0->after_grid &&
                d->blocks.v[x].kind != FOI_BLOCK_QUOTE) {
                if (ctx.len) foi_buf_puts(&ctx, " | ");
                foi_buf_puts(&ctx, d->blocks.v[x].text);
            }
        foi_grid *g = foi_doc_add_grid(d, 1 + full, 1 + k);
        g->context = ctx.len ? ctx.s : NULL;
        g->source = b0->source;
        g->first_line = b0->line;
        g->line_locators = b0->line > 0;
        g->row_line = foi_alloc(d->a, (size_t)(1 + full) * sizeof *g->row_line);
        g->row_line[0] = b0->line;
        for (int c = 0; c <= k; c++) {
            foi_cell *cell = foi_grid_at(g, 0, c);
            cell->text = d->blocks.v[i + (size_t)c].text;
            cell->header = true;
        }
        int r = 1;
        for (int x = 0; x < nr; x++) {
            if (!rows[x].full) continue;
            g->row_line[r] = d->blocks.v[rows[x].at].line;
            for (int c = 0; c <= k; c++)
                foi_grid_at(g, r, c)->text = d->blocks.v[rows[x].at + (size_t)c].text;
            r++;
        }
        stk_place(d, g, gi, end);
        /* the cells are the table now (a short row's counts cannot be placed: dropped too) */
        memmove(&d->blocks.v[i], &d->blocks.v[end], (d->blocks.n - end) * sizeof *d->blocks.v);
        d->blocks.n -= end - i;
    }
}

foi_doc *foi_text_parse(foi_arena *a, const char *utf8, size_t len)
{
    foi_doc *d = foi_doc_new(a);
    if (!utf8) utf8 = "";
    tctx t = {.a = a, .d = d, .last_text = -1, .last_question = -1};
    t.L = split_lines(a, utf8, len, &t.n);
    mark_quotes(&t);

    for (int i = 0; i < t.n;) {
        tline *l = &t.L[i];
        if (l->blank) {
            i++;
            continue;
        }
        if (l->question) t.last_question = i;
        if (i < 40 && !l->quote && l->len < 1000 && email_header(&t, i)) {
            i++;
            continue;
        }
        if (try_flat(&t, i) > i) {
            i++;
            continue;
        }
        if (l->quote) {
            emit_block(&t, i);
            i++;
            continue;
        }
        int next = try_pipe(&t, i);
        if (next == i) next = try_tab(&t, i);
        if (next == i) next = try_codelist(&t, i);
        if (next == i) next = try_kv(&t, i);
        if (next == i) next = try_aligned(&t, i);
        if (next == i) {
            emit_block(&t, i);
            next = i + 1;
        }
        i = next;
    }

    /* the whole text, line ends made LF, for metadata search; Markdown emphasis and
     * heading marks dropped so "**Date:** 18 December 2024" reads as a labelled date */
    foi_buf b;
    foi_buf_init(&b, a);
    for (int i = 0; i < t.n; i++) {
        const char *s = t.L[i].s;
        size_t n = t.L[i].len, k = 0;
        while (k < n && s[k] == '#')
            k++;
        if (k && k < n && s[k] == ' ') s += k + 1, n -= k + 1;
        for (size_t j = 0; j < n; j++) {
            if (j + 1 < n && (s[j] == '*' || s[j] == '_') && s[j + 1] == s[j]) {
                j++;
                continue;
            }
            foi_buf_putc(&b, s[j]);
        }
        foi_buf_putc(&b, '\n');
    }
    d->text = b.s;
    foi_text_unstack(d);
    return d;
}
