/* output/json: JSON export of records, sources and review items. */
#include "output/json.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/mem.h"
#include "util/str.h"

/* Plain text goes out in runs (one write per run, not per character); escapes one by one. */
void foi_json_string(FILE *f, const char *s)
{
    putc_unlocked('"', f);
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *run = p;
    while (*p) {
        unsigned c = *p;
        size_t n = c >= 0x80 ? foi_utf8_seq(p, 4) : 1;
        bool plain = c >= 0x80 ? n > 0 : (c >= 0x20 && c != 0x7F && c != '"' && c != '\\');
        if (plain) {
            p += n;
            continue;
        }
        fwrite_unlocked(run, 1, (size_t)(p - run), f);
        switch (c) {
        case '"':
            fputs_unlocked("\\\"", f);
            break;
        case '\\':
            fputs_unlocked("\\\\", f);
            break;
        case '\n':
            fputs_unlocked("\\n", f);
            break;
        case '\r':
            fputs_unlocked("\\r", f);
            break;
        case '\t':
            fputs_unlocked("\\t", f);
            break;
        case '\b':
            fputs_unlocked("\\b", f);
            break;
        case '\f':
            fputs_unlocked("\\f", f);
            break;
        default:
            if (c >= 0x80)
                fputs_unlocked("\\ufffd", f); /* not UTF-8 */
            else
                fprintf(f, "\\u%04x", c);
        }
        p++;
        run = p;
    }
    fwrite_unlocked(run, 1, (size_t)(p - run), f);
    putc_unlocked('"', f);
}

static void key_str(FILE *f, int *first, const char *key, const char *val)
{
    fputs(*first ? "{" : ",", f);
    *first = 0;
    foi_json_string(f, key);
    fputc(':', f);
    foi_json_string(f, val);
}

static void key_long(FILE *f, int *first, const char *key, long v, int present)
{
    fputs(*first ? "{" : ",", f);
    *first = 0;
    foi_json_string(f, key);
    if (present)
        fprintf(f, ":%ld", v);
    else
        fputs(":null", f);
}

static void write_record(FILE *f, const foi_record *r)
{
    int first = 1;
    key_str(f, &first, "file", r->file);
    key_str(f, &first, "force_code", r->force_code);
    key_str(f, &first, "force", r->force);
    key_str(f, &first, "platform", r->platform);
    key_str(f, &first, "period_start", r->period_start);
    key_str(f, &first, "period_end", r->period_end);
    key_str(f, &first, "period", r->period);
    key_str(f, &first, "offence_code", r->offence_code);
    key_str(f, &first, "offence_subcode", r->offence_subcode);
    key_str(f, &first, "offence", r->offence);
    key_str(f, &first, "offence_raw", r->offence_raw);
    key_str(f, &first, "outcome_code", r->outcome_code);
    key_str(f, &first, "outcome", r->outcome);
    key_str(f, &first, "outcome_raw", r->outcome_raw);
    key_str(f, &first, "value", r->value);
    key_long(f, &first, "count", r->count, r->exact);
    key_long(f, &first, "count_min", r->count_min, 1);
    key_long(f, &first, "count_max", r->count_max, r->count_max >= 0);
    key_str(f, &first, "where", r->where);
    fputc('}', f);
}

static void write_source(FILE *f, const foi_source *s)
{
    int first = 1;
    key_str(f, &first, "file", s->file);
    key_str(f, &first, "sha256", s->sha256);
    key_str(f, &first, "format", s->format);
    key_str(f, &first, "encoding", s->encoding);
    key_str(f, &first, "force_code", s->force_code);
    key_str(f, &first, "force", s->force);
    key_str(f, &first, "reply_date", s->reply_date);
    key_str(f, &first, "reference", s->reference);
    key_str(f, &first, "status", s->status);
    key_str(f, &first, "refusal", s->refusal);
    key_long(f, &first, "records", s->records, 1);
    key_long(f, &first, "review_items", s->review_items, 1);
    fputc('}', f);
}

static void write_review(FILE *f, const foi_review *v)
{
    int first = 1;
    key_str(f, &first, "file", v->file);
    key_str(f, &first, "where", v->where);
    key_str(f, &first, "kind", v->kind);
    key_str(f, &first, "detail", v->detail);
    key_str(f, &first, "suggestion", v->suggestion);
    fputc('}', f);
}

static void write_all(FILE *f, const foi_result *res)
{
    fputs("{\"records\":[", f);
    for (size_t i = 0; i < res->records.n; i++) {
        fputs(i ? ",\n" : "\n", f);
        write_record(f, &res->records.v[i]);
    }
    fputs("],\n\"sources\":[", f);
    for (size_t i = 0; i < res->sources.n; i++) {
        fputs(i ? ",\n" : "\n", f);
        write_source(f, &res->sources.v[i]);
    }
    fputs("],\n\"review\":[", f);
    for (size_t i = 0; i < res->review.n; i++) {
        fputs(i ? ",\n" : "\n", f);
        write_review(f, &res->review.v[i]);
    }
    fputs("]}\n", f);
}

int foi_json_write(const foi_result *res, const char *path)
{
    if (!res || !path || !*path) {
        errno = EINVAL;
        return -1;
    }
    size_t n = strlen(path) + 5;
    char *tmp = foi_mem_malloc(n);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, n, "%s.tmp", path);
    int rc = -1, saved = 0;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        saved = errno;
        goto out;
    }
    errno = 0;
    write_all(f, res);
    int bad = ferror(f);
    saved = errno ? errno : EIO;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad && rename(tmp, path) == 0)
        rc = 0;
    else {
        if (!bad) saved = errno;
        remove(tmp);
    }
out:
    foi_mem_free(tmp);
    if (rc != 0) errno = saved;
    return rc;
}
