/* output/csv: the three CSV exports (DESIGN.md columns, RFC 4180). */
#include "output/csv.h"

#include "util/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/mem.h"

/* Bytes that are not UTF-8 (a file name from another system) become U+FFFD, so the CSV stays
 * valid UTF-8 as DESIGN.md promises.  Valid text goes out in runs, not a write per character
 * (a big run writes millions of fields); quotes are doubled inside quotes. */
static void put_utf8(FILE *f, const char *s, bool quote)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        size_t k = foi_utf8_seq(p, 4);
        if (k && !(quote && *p == '"')) {
            p += k;
            continue;
        }
        fwrite_unlocked(run, 1, (size_t)(p - run), f);
        fputs_unlocked(k ? "\"\"" : "\xEF\xBF\xBD", f);
        p++;
        run = p;
    }
    fwrite_unlocked(run, 1, (size_t)(p - run), f);
}

void foi_csv_field(FILE *f, const char *s)
{
    if (!s) return;
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) fputc('"', f);
    put_utf8(f, s, quote);
    if (quote) fputc('"', f);
}

static void put_long(FILE *f, long v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%ld", v);
    fwrite_unlocked(buf, 1, (size_t)n, f);
}

/* Fields are separated by the writer, so each row function writes its fields in order. */
static void sep(FILE *f)
{
    putc_unlocked(',', f);
}

static void write_records(FILE *f, const foi_result *res)
{
    fputs("file,force_code,force,platform,period_start,period_end,period,offence_code,"
          "offence_subcode,offence,offence_raw,outcome_code,outcome,outcome_raw,value,count,"
          "count_min,count_max,where\n",
          f);
    for (size_t i = 0; i < res->records.n; i++) {
        const foi_record *r = &res->records.v[i];
        const char *str1[] = {
            r->file,        r->force_code,   r->force,        r->platform,        r->period_start,
            r->period_end,  r->period,       r->offence_code, r->offence_subcode, r->offence,
            r->offence_raw, r->outcome_code, r->outcome,      r->outcome_raw,     r->value};
        for (size_t k = 0; k < sizeof str1 / sizeof *str1; k++) {
            if (k) sep(f);
            foi_csv_field(f, str1[k]);
        }
        sep(f);
        if (r->exact) put_long(f, r->count);
        sep(f);
        put_long(f, r->count_min);
        sep(f);
        if (r->count_max >= 0) put_long(f, r->count_max);
        sep(f);
        foi_csv_field(f, r->where);
        fputc('\n', f);
    }
}

static void write_sources(FILE *f, const foi_result *res)
{
    fputs("file,sha256,format,encoding,force_code,force,reply_date,reference,status,refusal,"
          "records,review_items\n",
          f);
    for (size_t i = 0; i < res->sources.n; i++) {
        const foi_source *s = &res->sources.v[i];
        const char *str[] = {s->file,  s->sha256,     s->format,    s->encoding, s->force_code,
                             s->force, s->reply_date, s->reference, s->status,   s->refusal};
        for (size_t k = 0; k < sizeof str / sizeof *str; k++) {
            if (k) sep(f);
            foi_csv_field(f, str[k]);
        }
        sep(f);
        put_long(f, s->records);
        sep(f);
        put_long(f, s->review_items);
        fputc('\n', f);
    }
}

static void write_review(FILE *f, const foi_result *res)
{
    fputs("file,where,kind,detail,suggestion\n", f);
    for (size_t i = 0; i < res->review.n; i++) {
        const foi_review *v = &res->review.v[i];
        const char *str[] = {v->file, v->where, v->kind, v->detail, v->suggestion};
        for (size_t k = 0; k < sizeof str / sizeof *str; k++) {
            if (k) sep(f);
            foi_csv_field(f, str[k]);
        }
        fputc('\n', f);
    }
}

/* mkdir -p; an existing directory is fine. */
static int make_dirs(const char *dir)
{
    size_t n = strlen(dir);
    char *p = foi_mem_malloc(n + 1);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(p, dir, n + 1);
    int rc = 0;
    for (size_t i = 1; i <= n && rc == 0; i++) {
        if (p[i] != '/' && p[i] != '\0') continue;
        char c = p[i];
        p[i] = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0) {
            if (errno != EEXIST || stat(p, &st) != 0)
                rc = -1;
            else if (!S_ISDIR(st.st_mode)) {
                errno = ENOTDIR;
                rc = -1;
            }
        }
        p[i] = c;
    }
    foi_mem_free(p);
    return rc;
}

typedef void (*writer_fn)(FILE *f, const foi_result *res);

/* dir/name.tmp, then rename onto dir/name so readers never see half a file. */
static int write_one(const foi_result *res, const char *dir, const char *name, writer_fn fn)
{
    size_t n = strlen(dir) + strlen(name) + 8;
    char *path = foi_mem_malloc(n), *tmp = foi_mem_malloc(n);
    int rc = -1, saved = ENOMEM;
    if (!path || !tmp) goto out;
    snprintf(path, n, "%s/%s", dir, name);
    snprintf(tmp, n, "%s/%s.tmp", dir, name);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        saved = errno;
        goto out;
    }
    fn(f, res);
    bool bad = ferror(f) != 0;
    saved = errno ? errno : EIO;
    if (fclose(f) != 0 && !bad) {
        bad = true;
        saved = errno;
    }
    if (bad) {
        remove(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        saved = errno;
        remove(tmp);
        goto out;
    }
    rc = 0;
out:
    foi_mem_free(path);
    foi_mem_free(tmp);
    if (rc != 0) errno = saved;
    return rc;
}

int foi_csv_write_dir(const foi_result *res, const char *dir)
{
    if (!res || !dir || !*dir) {
        errno = EINVAL;
        return -1;
    }
    errno = 0;
    if (make_dirs(dir) != 0) return -1;
    if (write_one(res, dir, "records.csv", write_records) != 0 ||
        write_one(res, dir, "sources.csv", write_sources) != 0 ||
        write_one(res, dir, "review.csv", write_review) != 0)
        return -1;
    return 0;
}
