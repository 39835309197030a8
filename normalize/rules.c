/* normalize/rules: load the TSV rule tables (built in, then --rules DIR on top), type the three
 * reference tables, validate, hash, and let offence.c/outcome.c build their indexes once.
 */
#include "normalize/rules.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalize/offence.h"
#include "normalize/outcome.h"
#include "util/sha256.h"
#include "util/str.h"

struct foi_embedded_rule {
    const char *name;
    const char *text;
};
extern const struct foi_embedded_rule foi_embedded_rules[];

typedef struct tsv_table {
    char *name; /* "offences" */
    char *file; /* "offences.tsv" */
    char **header;
    size_t ncols;
    FOI_VEC(char **) rows;
    FOI_VEC(char *) where;
    size_t replaced, added; /* by override files */
} tsv_table;

struct foi_rules {
    foi_arena *a;
    FOI_VEC(tsv_table *) tables;
    foi_offence_def *off;
    size_t noff;
    foi_outcome_def *out;
    size_t nout;
    foi_force_def *frc;
    size_t nfrc;
    char hash[65];
    char *summary;
    void *index[FOI_RULES_NIX];
};

static void rule_error(foi_arena *a, foi_diag_vec *errors, const char *file, int line,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void rule_error(foi_arena *a, foi_diag_vec *errors, const char *file, int line,
                       const char *fmt, ...)
{
    if (!errors) return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = foi_vsprintf(a, fmt, ap);
    va_end(ap);
    char *where = line > 0 ? foi_sprintf(a, "%s:%d", file, line) : foi_strdup(a, file);
    foi_diag_add(a, errors, where, "rules", msg, NULL);
}

/* ---- codes ---- */

static bool all_digits(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

char *foi_offence_code_norm(foi_arena *a, const char *s)
{
    if (!s) return NULL;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n == 0 || n > 9) return NULL;
    const char *slash = memchr(s, '/', n), *dot = memchr(s, '.', n);
    if (slash || dot) {
        const char *sep = slash ? slash : dot;
        size_t l1 = (size_t)(sep - s), l2 = n - l1 - 1;
        if (!all_digits(s, l1) || !all_digits(sep + 1, l2) || l1 > 3 || l2 > 3) return NULL;
        long c = strtol(s, NULL, 10), sub = strtol(sep + 1, NULL, 10);
        if (slash) return foi_sprintf(a, "%03ld/%02ld", c, sub);
        /* "4.1", "4.10": the open-data spelling keeps the sub-number as written, minus zeros
         * on the left of the class */
        return foi_sprintf(a, "%ld.%.*s", c, (int)l2, sep + 1);
    }
    size_t d = 0;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    if (d == 0 || d > 3) return NULL;
    size_t rest = n - d;
    if (rest > 1 || (rest == 1 && !isalpha((unsigned char)s[d]))) return NULL;
    long c = strtol(s, NULL, 10);
    if (rest) return foi_sprintf(a, "%ld%c", c, toupper((unsigned char)s[d]));
    return foi_sprintf(a, "%ld", c);
}

/* Outcome codes: "01" -> "1", "1a" -> "1A"; NULL when not shaped like one. */
static char *outcome_code_norm(foi_arena *a, const char *s)
{
    size_t n = strlen(s), d = 0;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    if (d == 0 || d > 2 || n - d > 1 || (n > d && !isalpha((unsigned char)s[d]))) return NULL;
    long c = strtol(s, NULL, 10);
    if (n > d) return foi_sprintf(a, "%ld%c", c, toupper((unsigned char)s[d]));
    return foi_sprintf(a, "%ld", c);
}

/* ---- TSV ---- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static char **split_tabs(foi_arena *a, char *line, size_t *n)
{
    size_t cnt = 1;
    for (char *p = line; *p; p++)
        if (*p == '\t') cnt++;
    char **f = foi_alloc(a, (cnt + 1) * sizeof *f);
    size_t i = 0;
    char *p = line;
    for (;;) {
        char *t = strchr(p, '\t');
        if (t) *t = 0;
        f[i++] = trim(p);
        if (!t) break;
        p = t + 1;
    }
    *n = i;
    return f;
}

static tsv_table *find_table(const foi_rules *r, const char *name)
{
    if (!r || !name) return NULL;
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".tsv") == 0) n -= 4;
    for (size_t i = 0; i < r->tables.n; i++) {
        tsv_table *t = r->tables.v[i];
        if (strlen(t->name) == n && strncmp(t->name, name, n) == 0) return t;
    }
    return NULL;
}

/* The key of a row is its first field; forces without an ONS code (BTP) go by name. */
static const char *row_key(const tsv_table *t, char **row)
{
    if (t->ncols > 0 && row[0][0]) return row[0];
    if (t->ncols > 1 && strcmp(t->name, "forces") == 0) return row[1];
    return "";
}

/* Put codes of the reference tables and code columns of my tables in canonical spelling, so
 * that override keys meet built-in keys ("71/17" replaces "071/17"). */
static int col(const tsv_table *t, const char *name);

static bool canon_row(foi_arena *a, const tsv_table *t, char **row, const char *file, int line,
                      foi_diag_vec *errors)
{
    int cc = col(t, strcmp(t->name, "forces") == 0 ? "ons_code" : "code");
    int cn = col(t, "name");
    if (cc < 0) return true; /* a table of another shape: checked when typed */
    char *code = row[cc];
    const char *name = cn >= 0 ? row[cn] : "x";
    if (strcmp(t->name, "offences") == 0) {
        char *c = foi_offence_code_norm(a, code);
        if (!c) {
            rule_error(a, errors, file, line, "offence code \"%s\" is not a Home Office code",
                       code);
            return false;
        }
        row[cc] = c;
        if (!name[0]) {
            rule_error(a, errors, file, line, "offence %s has no name", c);
            return false;
        }
    } else if (strcmp(t->name, "outcomes") == 0) {
        char *c = outcome_code_norm(a, code);
        if (!c) {
            rule_error(a, errors, file, line, "outcome code \"%s\" is not an outcome type", code);
            return false;
        }
        row[cc] = c;
    } else if (strcmp(t->name, "forces") == 0) {
        const char *c = code;
        if (c[0] && !((c[0] == 'E' || c[0] == 'W') && strlen(c) == 9 && all_digits(c + 1, 8))) {
            rule_error(a, errors, file, line, "force code \"%s\" is not an ONS code", c);
            return false;
        }
        if (!name[0]) {
            rule_error(a, errors, file, line, "force has no name");
            return false;
        }
    }
    return true;
}

/* Parse one TSV text into rows laid out as `into` (NULL: a new table, header from the file). */
static tsv_table *parse_tsv(foi_arena *a, const char *file, const char *base, const char *text,
                            foi_diag_vec *errors)
{
    tsv_table *t = foi_alloc(a, sizeof *t);
    t->file = foi_strdup(a, base);
    size_t bl = strlen(base);
    t->name = foi_strndup(a, base, bl > 4 ? bl - 4 : bl);
    char *copy = foi_strdup(a, text);
    int line = 0;
    char *p = copy;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        line++;
        char *l = p;
        p = nl ? nl + 1 : NULL;
        size_t len = strlen(l);
        if (len && l[len - 1] == '\r') l[--len] = 0;
        char *lt = l;
        while (*lt == ' ' || *lt == '\t')
            lt++;
        if (!*lt || *lt == '#') continue;
        size_t nf;
        char **f = split_tabs(a, l, &nf);
        if (!t->header) {
            t->header = f;
            t->ncols = nf;
            for (size_t i = 0; i < nf; i++)
                if (!f[i][0]) rule_error(a, errors, file, line, "empty column name %zu", i + 1);
            continue;
        }
        if (nf > t->ncols) {
            rule_error(a, errors, file, line, "%zu fields, the header has %zu", nf, t->ncols);
            continue;
        }
        char **row = foi_alloc(a, (t->ncols + 1) * sizeof *row);
        for (size_t i = 0; i < t->ncols; i++)
            row[i] = i < nf ? f[i] : (char *)"";
        if (!row_key(t, row)[0]) {
            rule_error(a, errors, file, line, "row has no key");
            continue;
        }
        if (!canon_row(a, t, row, file, line, errors)) continue;
        FOI_VEC_PUSH(a, t->rows, row);
        FOI_VEC_PUSH(a, t->where, foi_sprintf(a, "%s:%d", file, line));
    }
    if (!t->header) {
        rule_error(a, errors, file, 0, "no header row");
        return NULL;
    }
    /* duplicate keys inside one file: the later row wins */
    for (size_t i = 0; i < t->rows.n; i++) {
        const char *k = row_key(t, t->rows.v[i]);
        for (size_t j = i + 1; j < t->rows.n; j++) {
            if (!foi_streq_ci(k, row_key(t, t->rows.v[j]))) continue;
            rule_error(a, errors, t->where.v[j], 0, "duplicate key \"%s\" (also %s); this row wins",
                       k, t->where.v[i]);
            memmove(&t->rows.v[i], &t->rows.v[i + 1], (t->rows.n - i - 1) * sizeof t->rows.v[0]);
            memmove(&t->where.v[i], &t->where.v[i + 1],
                    (t->where.n - i - 1) * sizeof t->where.v[0]);
            t->rows.n--;
            t->where.n--;
            i--;
            break;
        }
    }
    return t;
}

/* Lay an override table over a built-in one: columns by name, same key replaces. */
static void merge_table(foi_arena *a, tsv_table *base, const tsv_table *over, foi_diag_vec *errors)
{
    int *map = foi_alloc(a, over->ncols * sizeof *map);
    for (size_t c = 0; c < over->ncols; c++) {
        map[c] = -1;
        for (size_t b = 0; b < base->ncols; b++)
            if (foi_streq_ci(over->header[c], base->header[b])) map[c] = (int)b;
        if (map[c] < 0)
            rule_error(a, errors, over->file, 0, "unknown column \"%s\" for %s (ignored)",
                       over->header[c], base->file);
    }
    for (size_t i = 0; i < over->rows.n; i++) {
        char **row = foi_alloc(a, (base->ncols + 1) * sizeof *row);
        for (size_t b = 0; b < base->ncols; b++)
            row[b] = (char *)"";
        for (size_t c = 0; c < over->ncols; c++)
            if (map[c] >= 0) row[map[c]] = over->rows.v[i][c];
        const char *k = row_key(base, row);
        if (!k[0]) {
            rule_error(a, errors, over->where.v[i], 0, "row has no key in %s's columns",
                       base->file);
            continue;
        }
        size_t j = 0;
        while (j < base->rows.n && !foi_streq_ci(k, row_key(base, base->rows.v[j])))
            j++;
        if (j < base->rows.n) {
            base->rows.v[j] = row;
            base->where.v[j] = over->where.v[i];
            base->replaced++;
        } else {
            FOI_VEC_PUSH(a, base->rows, row);
            FOI_VEC_PUSH(a, base->where, over->where.v[i]);
            base->added++;
        }
    }
}

static void add_table(foi_arena *a, foi_rules *r, tsv_table *t, bool from_dir, foi_diag_vec *errors)
{
    tsv_table *base = find_table(r, t->name);
    if (!base) {
        if (from_dir) t->added = t->rows.n;
        FOI_VEC_PUSH(a, r->tables, t);
        return;
    }
    merge_table(a, base, t, errors);
}

static char *read_file(foi_arena *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    foi_buf b;
    foi_buf_init(&b, a);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        foi_buf_add(&b, chunk, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad) return NULL;
    if (!b.s) foi_buf_puts(&b, "");
    /* a UTF-8 BOM from a spreadsheet export */
    if ((unsigned char)b.s[0] == 0xEF && (unsigned char)b.s[1] == 0xBB &&
        (unsigned char)b.s[2] == 0xBF)
        return b.s + 3;
    return b.s;
}

static int cmp_cstr(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool load_dir(foi_arena *a, foi_rules *r, const char *dir, foi_diag_vec *errors)
{
    DIR *d = opendir(dir);
    if (!d) {
        rule_error(a, errors, dir, 0, "cannot open rules folder");
        return false;
    }
    FOI_VEC(char *) names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".tsv") == 0 && e->d_name[0] != '.')
            FOI_VEC_PUSH(a, names, foi_strdup(a, e->d_name));
    }
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_cstr);
    for (size_t i = 0; i < names.n; i++) {
        char *path = foi_sprintf(a, "%s/%s", dir, names.v[i]);
        char *text = read_file(a, path);
        if (!text) {
            rule_error(a, errors, path, 0, "cannot read");
            return false;
        }
        tsv_table *t = parse_tsv(a, path, names.v[i], text, errors);
        if (t) add_table(a, r, t, true, errors);
    }
    return true;
}

/* ---- typed tables ---- */

static int col(const tsv_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (foi_streq_ci(t->header[i], name)) return (int)i;
    return -1;
}

static char *field(char **row, int c)
{
    return c >= 0 ? row[c] : (char *)"";
}

static char **split_bar(foi_arena *a, const char *s)
{
    size_t cnt = 1;
    for (const char *p = s; *p; p++)
        if (*p == '|') cnt++;
    char **v = foi_alloc(a, (cnt + 1) * sizeof *v);
    size_t n = 0;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *item = trim(foi_strndup(a, p, len));
        if (*item) v[n++] = item;
        if (!e) break;
        p = e + 1;
    }
    v[n] = NULL;
    return v;
}

static bool need_columns(foi_arena *a, const tsv_table *t, const char *const *cols,
                         foi_diag_vec *errors)
{
    bool ok = true;
    for (size_t i = 0; cols[i]; i++)
        if (col(t, cols[i]) < 0) {
            rule_error(a, errors, t->file, 1, "missing column \"%s\"", cols[i]);
            ok = false;
        }
    return ok;
}

/* The classification a sub-code rolls up to, from its subgroup "Other sexual offences (88A)";
 * "(8U?)" means inferred, "(?)" unknown. */
static char *parent_of(foi_arena *a, const char *subgroup)
{
    const char *o = strrchr(subgroup, '(');
    if (!o) return NULL;
    const char *c = strchr(o, ')');
    if (!c) return NULL;
    char *in = foi_strndup(a, o + 1, (size_t)(c - o - 1));
    size_t n = strlen(in);
    while (n && in[n - 1] == '?')
        in[--n] = 0;
    return n ? foi_offence_code_norm(a, in) : NULL;
}

static bool type_tables(foi_arena *a, foi_rules *r, foi_diag_vec *errors)
{
    tsv_table *t = find_table(r, "offences");
    static const char *const ocols[] = {"code",    "name", "offence_group", "offence_subgroup",
                                        "aliases", NULL};
    if (!t || !need_columns(a, t, ocols, errors)) return false;
    int cc = col(t, "code"), cn = col(t, "name"), cg = col(t, "offence_group"),
        cs = col(t, "offence_subgroup"), ca = col(t, "aliases");
    r->noff = t->rows.n;
    r->off = foi_alloc(a, (r->noff + 1) * sizeof *r->off);
    for (size_t i = 0; i < t->rows.n; i++) {
        char **row = t->rows.v[i];
        foi_offence_def *d = &r->off[i];
        d->code = field(row, cc);
        d->name = field(row, cn);
        d->group = field(row, cg);
        d->subgroup = field(row, cs);
        d->aliases = split_bar(a, field(row, ca));
        d->parent = strchr(d->code, '/') ? parent_of(a, d->subgroup) : NULL;
    }
    for (size_t i = 0; i < r->noff; i++) {
        foi_offence_def *d = &r->off[i];
        if (!d->parent) continue;
        const foi_offence_def *p = foi_rules_offence(r, d->parent);
        if (!p || p->parent || strchr(p->code, '/')) {
            rule_error(a, errors, t->where.v[i], 0,
                       "sub-code %s: parent \"%s\" is not a classification in offences.tsv",
                       d->code, d->parent);
            d->parent = NULL;
        }
    }

    t = find_table(r, "outcomes");
    static const char *const ucols[] = {"code", "name", "short_name", "group", NULL};
    if (!t || !need_columns(a, t, ucols, errors)) return false;
    cc = col(t, "code"), cn = col(t, "name"), cs = col(t, "short_name"), cg = col(t, "group");
    r->nout = t->rows.n;
    r->out = foi_alloc(a, (r->nout + 1) * sizeof *r->out);
    for (size_t i = 0; i < t->rows.n; i++) {
        char **row = t->rows.v[i];
        r->out[i] =
            (foi_outcome_def){field(row, cc), field(row, cn), field(row, cs), field(row, cg)};
    }

    t = find_table(r, "forces");
    static const char *const fcols[] = {"ons_code", "name", "short_name", "aliases", NULL};
    if (!t || !need_columns(a, t, fcols, errors)) return false;
    cc = col(t, "ons_code"), cn = col(t, "name"), cs = col(t, "short_name"), ca = col(t, "aliases");
    r->nfrc = t->rows.n;
    r->frc = foi_alloc(a, (r->nfrc + 1) * sizeof *r->frc);
    for (size_t i = 0; i < t->rows.n; i++) {
        char **row = t->rows.v[i];
        r->frc[i] = (foi_force_def){field(row, cc), field(row, cn), field(row, cs),
                                    split_bar(a, field(row, ca))};
    }
    return true;
}

static int cmp_table(const void *x, const void *y)
{
    return strcmp((*(tsv_table *const *)x)->name, (*(tsv_table *const *)y)->name);
}

static void hash_and_summary(foi_arena *a, foi_rules *r)
{
    if (r->tables.n) qsort(r->tables.v, r->tables.n, sizeof *r->tables.v, cmp_table);
    foi_sha256 h;
    foi_sha256_init(&h);
    foi_buf sum;
    foi_buf_init(&sum, a);
    for (size_t i = 0; i < r->tables.n; i++) {
        const tsv_table *t = r->tables.v[i];
        foi_sha256_update(&h, t->file, strlen(t->file) + 1);
        for (size_t c = 0; c < t->ncols; c++)
            foi_sha256_update(&h, t->header[c], strlen(t->header[c]) + 1);
        for (size_t j = 0; j < t->rows.n; j++) {
            for (size_t c = 0; c < t->ncols; c++)
                foi_sha256_update(&h, t->rows.v[j][c], strlen(t->rows.v[j][c]) + 1);
            foi_sha256_update(&h, "\n", 1);
        }
        foi_buf_printf(&sum, "%s%s %zu rows", i ? "\n" : "", t->file, t->rows.n);
        if (t->replaced || t->added)
            foi_buf_printf(&sum, " (%zu replaced, %zu added by --rules)", t->replaced, t->added);
    }
    foi_sha256_final_hex(&h, r->hash);
    r->summary = sum.s ? sum.s : foi_strdup(a, "");
}

foi_rules *foi_rules_load(foi_arena *a, const char *dir, foi_diag_vec *errors)
{
    foi_rules *r = foi_alloc(a, sizeof *r);
    r->a = a;
    for (const struct foi_embedded_rule *e = foi_embedded_rules; e->name; e++) {
        tsv_table *t = parse_tsv(a, e->name, e->name, e->text, errors);
        if (t) add_table(a, r, t, false, errors);
    }
    if (dir && *dir && !load_dir(a, r, dir, errors)) return NULL;
    if (!type_tables(a, r, errors)) return NULL;
    hash_and_summary(a, r);
    r->index[FOI_RULES_IX_OFFENCE] = foi_offence_index_build(a, r, errors);
    r->index[FOI_RULES_IX_OUTCOME] = foi_outcome_index_build(a, r, errors);
    return r;
}

const char *foi_rules_hash(const foi_rules *r)
{
    return r ? r->hash : "";
}

const char *foi_rules_summary(const foi_rules *r)
{
    return r ? r->summary : "";
}

const foi_offence_def *foi_rules_offences(const foi_rules *r, size_t *n)
{
    *n = r ? r->noff : 0;
    return r ? r->off : NULL;
}

const foi_outcome_def *foi_rules_outcomes(const foi_rules *r, size_t *n)
{
    *n = r ? r->nout : 0;
    return r ? r->out : NULL;
}

const foi_force_def *foi_rules_forces(const foi_rules *r, size_t *n)
{
    *n = r ? r->nfrc : 0;
    return r ? r->frc : NULL;
}

/* Codes compare without zero padding and case: small fixed buffers, no allocation. */
static bool offence_code_eq(const char *canon, const char *in)
{
    char buf[24];
    size_t n = strlen(in);
    if (n >= sizeof buf) return false;
    /* trim and normalise into buf */
    while (*in == ' ')
        in++, n--;
    while (n && in[n - 1] == ' ')
        n--;
    const char *slash = memchr(in, '/', n);
    if (slash) {
        size_t l1 = (size_t)(slash - in);
        if (!all_digits(in, l1) || !all_digits(slash + 1, n - l1 - 1) || l1 > 3 || n - l1 - 1 > 3)
            return false;
        snprintf(buf, sizeof buf, "%03ld/%02ld", strtol(in, NULL, 10), strtol(slash + 1, NULL, 10));
        return strcmp(buf, canon) == 0;
    }
    while (n > 1 && *in == '0' && isdigit((unsigned char)in[1]))
        in++, n--;
    return strlen(canon) == n && strncasecmp(canon, in, n) == 0;
}

const foi_offence_def *foi_rules_offence(const foi_rules *r, const char *code)
{
    if (!r || !code) return NULL;
    for (size_t i = 0; i < r->noff; i++)
        if (offence_code_eq(r->off[i].code, code)) return &r->off[i];
    /* "4/1", "37/2": the HOCR spelling of the open data's "4.1", "37.2" */
    const char *slash = strchr(code, '/');
    if (slash && strlen(code) < 16) {
        char dotted[16];
        snprintf(dotted, sizeof dotted, "%s", code);
        dotted[slash - code] = '.';
        char *p = dotted;
        while (*p == '0' && p[1] != '.')
            p++;
        for (size_t i = 0; i < r->noff; i++)
            if (!strchr(r->off[i].code, '/') && strcasecmp(r->off[i].code, p) == 0)
                return &r->off[i];
    }
    return NULL;
}

const foi_outcome_def *foi_rules_outcome(const foi_rules *r, const char *code)
{
    if (!r || !code) return NULL;
    while (*code == ' ')
        code++;
    while (code[0] == '0' && isdigit((unsigned char)code[1]))
        code++;
    for (size_t i = 0; i < r->nout; i++)
        if (strcasecmp(r->out[i].code, code) == 0) return &r->out[i];
    return NULL;
}

const foi_force_def *foi_rules_force(const foi_rules *r, const char *code)
{
    if (!r || !code || !*code) return NULL;
    for (size_t i = 0; i < r->nfrc; i++)
        if (strcasecmp(r->frc[i].code, code) == 0) return &r->frc[i];
    return NULL;
}

char ***foi_rules_table(const foi_rules *r, const char *name, size_t *n)
{
    const tsv_table *t = find_table(r, name);
    *n = t ? t->rows.n : 0;
    return t && t->rows.n ? t->rows.v : NULL;
}

int foi_rules_column(const foi_rules *r, const char *name, const char *column)
{
    const tsv_table *t = find_table(r, name);
    return t ? col(t, column) : -1;
}

const char *foi_rules_where(const foi_rules *r, const char *name, size_t i)
{
    const tsv_table *t = find_table(r, name);
    return t && i < t->where.n ? t->where.v[i] : "";
}

void *foi_rules_index(const foi_rules *r, foi_rules_ix which)
{
    return r && which < FOI_RULES_NIX ? r->index[which] : NULL;
}
