#include "pipeline/batch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "normalize/rules.h"
#include "output/csv.h"
#include "output/json.h"
#include "output/result.h"
#include "output/xlsx.h"
#include "pipeline/process.h"
#include "util/str.h"

#ifndef FOI_VERSION
#define FOI_VERSION "0.0.0"
#endif

typedef struct entry {
    char *path;   /* path to open */
    char *rel;    /* relative to its input folder, '/'-separated */
    char *problem; /* set when the entry cannot be read as a file (symlink, FIFO, ...) */
    time_t mtime;
} entry;

typedef FOI_VEC(entry) entry_vec;

static void discover(foi_arena *a, const char *root, const char *sub, entry_vec *out, int depth)
{
    char *dirpath = *sub ? foi_sprintf(a, "%s/%s", root, sub) : foi_strdup(a, root);
    DIR *d = opendir(dirpath);
    if (!d) {
        entry e = {.path = dirpath, .rel = foi_strdup(a, *sub ? sub : "."),
                   .problem = foi_sprintf(a, "cannot open folder: %s", strerror(errno))};
        FOI_VEC_PUSH(a, *out, e);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        if (name[0] == '.') continue; /* ., .., hidden files and editor lock files */
        char *rel = *sub ? foi_sprintf(a, "%s/%s", sub, name) : foi_strdup(a, name);
        char *path = foi_sprintf(a, "%s/%s", root, rel);
        struct stat st;
        entry e = {.path = path, .rel = rel};
        if (lstat(path, &st) != 0) {
            e.problem = foi_sprintf(a, "cannot stat: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < 32) discover(a, root, rel, out, depth + 1);
            continue;
        } else if (S_ISLNK(st.st_mode)) {
            e.problem = "symbolic link: not followed";
        } else if (!S_ISREG(st.st_mode)) {
            e.problem = "not a regular file (FIFO, device or socket)";
        }
        if (!e.problem) e.mtime = st.st_mtime;
        FOI_VEC_PUSH(a, *out, e);
    }
    closedir(d);
}

static int cmp_entry(const void *x, const void *y)
{
    return strcmp(((const entry *)x)->rel, ((const entry *)y)->rel);
}

/* Deep copies into the result arena: the per-file arena is freed after each file. */
static const char *dup_s(foi_arena *ra, const char *s)
{
    return foi_strdup(ra, s ? s : "");
}

static void keep_file(foi_result *res, const foi_file_result *fr, const char *status,
                      const foi_source *orig)
{
    foi_arena *ra = res->a;
    bool dup = orig != NULL;
    size_t first_review = res->review.n;
    if (!dup) {
        for (size_t i = 0; i < fr->records.n; i++) {
            const foi_record *s = &fr->records.v[i];
            foi_record d = *s;
            d.file = dup_s(ra, s->file);
            d.force_code = dup_s(ra, s->force_code);
            d.force = dup_s(ra, s->force);
            d.platform = dup_s(ra, s->platform);
            d.period_start = dup_s(ra, s->period_start);
            d.period_end = dup_s(ra, s->period_end);
            d.period = dup_s(ra, s->period);
            d.offence_code = dup_s(ra, s->offence_code);
            d.offence_subcode = dup_s(ra, s->offence_subcode);
            d.offence = dup_s(ra, s->offence);
            d.offence_raw = dup_s(ra, s->offence_raw);
            d.outcome_code = dup_s(ra, s->outcome_code);
            d.outcome = dup_s(ra, s->outcome);
            d.outcome_raw = dup_s(ra, s->outcome_raw);
            d.value = dup_s(ra, s->value);
            d.where = dup_s(ra, s->where);
            d.offence_rule = dup_s(ra, s->offence_rule);
            d.outcome_rule = dup_s(ra, s->outcome_rule);
            FOI_VEC_PUSH(ra, res->records, d);
        }
        for (size_t i = 0; i < fr->diags.n; i++) {
            const foi_diag *g = &fr->diags.v[i];
            foi_review rv = {dup_s(ra, fr->rel), dup_s(ra, g->where), dup_s(ra, g->kind),
                             dup_s(ra, g->detail), dup_s(ra, g->suggestion)};
            FOI_VEC_PUSH(ra, res->review, rv);
        }
    }
    foi_source s = {
        .file = dup_s(ra, fr->rel),
        .sha256 = dup_s(ra, fr->sha256),
        .format = dup_s(ra, fr->format),
        .encoding = dup_s(ra, fr->encoding),
        .force_code = dup ? orig->force_code : dup_s(ra, fr->meta.force_code),
        .force = dup ? orig->force : dup_s(ra, fr->meta.force),
        .reply_date = dup ? orig->reply_date : dup_s(ra, fr->meta.reply_date),
        .reference = dup ? orig->reference : dup_s(ra, fr->meta.reference),
        .status = dup_s(ra, status),
        .refusal = dup ? orig->refusal : dup_s(ra, fr->meta.refusal),
        .records = dup ? 0 : (long)fr->records.n,
        .review_items = (long)(res->review.n - first_review),
    };
    FOI_VEC_PUSH(ra, res->sources, s);
}

static void problem_file(foi_result *res, const entry *e)
{
    foi_arena *ra = res->a;
    foi_review rv = {dup_s(ra, e->rel), "", "unreadable", dup_s(ra, e->problem), ""};
    FOI_VEC_PUSH(ra, res->review, rv);
    foi_source s = {.file = dup_s(ra, e->rel), .sha256 = "", .format = "unknown",
                    .encoding = "", .force_code = "", .force = "", .reply_date = "",
                    .reference = "", .status = "unreadable", .refusal = "", .records = 0,
                    .review_items = 1};
    FOI_VEC_PUSH(ra, res->sources, s);
}

static const char *iso_time(foi_arena *a, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return foi_strdup(a, buf);
}

/* The input folder as seen from the workbook's folder ("../replies"), or NULL. */
static const char *link_base(foi_arena *a, const char *xlsx, const char *input)
{
    char wb[PATH_MAX], in[PATH_MAX];
    char *dir = foi_strdup(a, xlsx);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    if (!realpath(slash ? (*dir ? dir : "/") : ".", wb) || !realpath(input, in)) return NULL;
    /* common prefix on whole path components */
    size_t k = 0, last = 0;
    while (wb[k] && wb[k] == in[k]) {
        if (wb[k] == '/') last = k;
        k++;
    }
    if (!wb[k] && (in[k] == '/' || !in[k])) last = k;
    foi_buf b;
    foi_buf_init(&b, a);
    for (const char *p = wb + last; *p; p++)
        if (*p == '/') foi_buf_puts(&b, b.len ? "/.." : "..");
    const char *rest = in + last + (in[last] == '/');
    if (*rest) {
        if (b.len) foi_buf_putc(&b, '/');
        foi_buf_puts(&b, rest);
    }
    return b.s;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int foi_run(const foi_run_opts *o, FILE *msg)
{
    foi_arena *ra = foi_arena_new();
    if (!ra) {
        fputs("foitab: out of memory\n", msg);
        return FOI_EXIT_USAGE;
    }
    foi_diag_vec rule_errs = {0};
    foi_rules *rules = foi_rules_load(ra, o->rules_dir, &rule_errs);
    if (!rules || rule_errs.n) {
        for (size_t i = 0; i < rule_errs.n; i++)
            fprintf(msg, "foitab: %s: %s\n", rule_errs.v[i].where, rule_errs.v[i].detail);
        if (!rules) {
            foi_arena_free(ra);
            return FOI_EXIT_USAGE;
        }
    }

    entry_vec files = {0};
    for (int i = 0; i < o->ndirs; i++) {
        const char *root = o->dirs[i];
        size_t before = files.n;
        if (is_dir(root)) {
            char *r = foi_strdup(ra, root);
            size_t L = strlen(r);
            while (L > 1 && r[L - 1] == '/') r[--L] = 0;
            discover(ra, r, "", &files, 0);
        } else if (access(root, F_OK) == 0) {
            const char *base = strrchr(root, '/');
            entry e = {.path = foi_strdup(ra, root), .rel = foi_strdup(ra, base ? base + 1 : root)};
            struct stat st;
            if (stat(root, &st) == 0) e.mtime = st.st_mtime;
            FOI_VEC_PUSH(ra, files, e);
        } else {
            fprintf(msg, "foitab: %s: %s\n", root, strerror(errno));
            foi_arena_free(ra);
            return FOI_EXIT_USAGE;
        }
        qsort(files.v + before, files.n - before, sizeof *files.v, cmp_entry);
    }

    foi_result res = {.a = ra, .version = FOI_VERSION};
    res.rules_hash = foi_rules_hash(rules);
    res.rules_summary = foi_rules_summary(rules);
    size_t nf;
    const foi_force_def *fd = foi_rules_forces(rules, &nf);
    foi_force_ref *refs = foi_alloc(ra, (nf ? nf : 1) * sizeof *refs);
    for (size_t i = 0; i < nf; i++) refs[i] = (foi_force_ref){fd[i].name, fd[i].code};
    res.forces = refs;
    res.nforces = nf;
    if (o->ndirs == 1 && is_dir(o->dirs[0])) res.link_base = link_base(ra, o->xlsx, o->dirs[0]);
    time_t newest = 0;

    /* sha256 -> index of the source that holds the content */
    FOI_VEC(const char *) seen_hash = {0};
    FOI_VEC(size_t) seen_src = {0};
    int needs_review = 0;
    for (size_t i = 0; i < files.n; i++) {
        const entry *e = &files.v[i];
        if (e->mtime > newest) newest = e->mtime;
        if (e->problem) {
            problem_file(&res, e);
            needs_review++;
            continue;
        }
        foi_arena *fa = foi_arena_new();
        if (!fa) {
            entry bad = *e;
            bad.problem = "out of memory";
            problem_file(&res, &bad);
            needs_review++;
            continue;
        }
        foi_file_result fr;
        if (FOI_ARENA_TRY(fa)) {
            foi_process_file(rules, fa, e->path, e->rel, &fr);
            foi_arena_untrap(fa);
        } else {
            foi_arena_untrap(fa);
            foi_arena_free(fa);
            entry bad = *e;
            bad.problem = "out of memory while reading this file";
            problem_file(&res, &bad);
            needs_review++;
            continue;
        }
        const foi_source *orig = NULL;
        if (*fr.sha256 && strcmp(fr.status, "unreadable") != 0) {
            for (size_t k = 0; k < seen_hash.n; k++)
                if (!strcmp(seen_hash.v[k], fr.sha256)) orig = &res.sources.v[seen_src.v[k]];
        }
        if (orig) {
            keep_file(&res, &fr, "duplicate", orig);
        } else {
            if (*fr.sha256 && strcmp(fr.status, "unreadable") != 0) {
                FOI_VEC_PUSH(ra, seen_hash, foi_strdup(ra, fr.sha256));
                FOI_VEC_PUSH(ra, seen_src, res.sources.n);
            }
            keep_file(&res, &fr, fr.status, NULL);
        }
        if (res.sources.v[res.sources.n - 1].review_items > 0) needs_review++;
        foi_arena_free(fa);
        if (!o->quiet && o->verbose)
            fprintf(msg, "foitab: %s: %s\n", e->rel, res.sources.v[res.sources.n - 1].status);
    }
    res.created = o->created ? o->created : iso_time(ra, newest);

    int rc = needs_review ? FOI_EXIT_REVIEW : FOI_EXIT_OK;
    if (o->csv_dir && foi_csv_write_dir(&res, o->csv_dir) != 0) {
        fprintf(msg, "foitab: %s: %s\n", o->csv_dir, strerror(errno));
        rc = FOI_EXIT_USAGE;
    }
    if (o->json && foi_json_write(&res, o->json) != 0) {
        fprintf(msg, "foitab: %s: %s\n", o->json, strerror(errno));
        rc = FOI_EXIT_USAGE;
    }
    const char *err = NULL;
    if (o->xlsx && foi_xlsx_write(&res, o->xlsx, &err) != 0) {
        fprintf(msg, "foitab: %s: %s\n", o->xlsx, err ? err : "cannot write workbook");
        rc = FOI_EXIT_USAGE;
    }
    if (!o->quiet) {
        int by[8] = {0};
        static const char *const st[] = {"data",       "nil",        "not_held",  "refused",
                                         "no_figures", "unreadable", "duplicate", "unsupported"};
        for (size_t i = 0; i < res.sources.n; i++)
            for (int k = 0; k < 8; k++)
                if (!strcmp(res.sources.v[i].status, st[k])) by[k]++;
        fprintf(msg, "foitab: %zu files (", res.sources.n);
        bool first = true;
        for (int k = 0; k < 8; k++)
            if (by[k]) {
                fprintf(msg, "%s%d %s", first ? "" : ", ", by[k], st[k]);
                first = false;
            }
        fprintf(msg, "), %zu figures, %zu review items\n", res.records.n, res.review.n);
    }
    foi_arena_free(ra);
    return rc;
}

static const char *kind_name(foi_block_kind k)
{
    static const char *const n[] = {"para", "heading", "item", "quote"};
    return n[k];
}

int foi_inspect(const char *path, const char *rules_dir, FILE *out, FILE *msg)
{
    foi_arena *a = foi_arena_new();
    if (!a) return FOI_EXIT_USAGE;
    foi_diag_vec errs = {0};
    foi_rules *rules = foi_rules_load(a, rules_dir, &errs);
    if (!rules) {
        fputs("foitab: cannot load rules\n", msg);
        foi_arena_free(a);
        return FOI_EXIT_USAGE;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(msg, "foitab: %s: %s\n", path, strerror(errno));
        foi_arena_free(a);
        return FOI_EXIT_USAGE;
    }
    foi_file_result fr;
    foi_process_file(rules, a, path, path, &fr);
    fprintf(out, "file: %s\nsha256: %s\nformat: %s\nencoding: %s\nstatus: %s\n", path, fr.sha256,
            fr.format, fr.encoding, fr.status);
    fprintf(out, "force: %s (%s)\nreply_date: %s\nreference: %s\nplatform: %s\nrefusal: %s\n",
            fr.meta.force, fr.meta.force_code, fr.meta.reply_date, fr.meta.reference,
            fr.meta.platform, fr.meta.refusal);
    if (fr.meta.suppress.marker[0] || fr.meta.suppress.threshold)
        fprintf(out, "suppression: marker '%s' bounds %ld..%ld threshold %ld\n",
                fr.meta.suppress.marker, fr.meta.suppress.min, fr.meta.suppress.max,
                fr.meta.suppress.threshold);
    if (fr.doc) {
        const foi_doc *d = fr.doc;
        for (size_t i = 0; i < d->meta.n; i++) fprintf(out, "meta: %s\n", d->meta.v[i]);
        for (size_t gi = 0; gi < d->grids.n; gi++) {
            const foi_grid *g = d->grids.v[gi];
            fprintf(out, "\n== grid %d: %d x %d%s%s%s%s\n", g->index, g->nrows, g->ncols,
                    g->caption ? " caption: " : "", g->caption ? g->caption : "",
                    g->context ? " context: " : "", g->context ? g->context : "");
            for (int r = 0; r < g->nrows; r++) {
                fprintf(out, "  %3d |", r + 1);
                for (int c = 0; c < g->ncols; c++) {
                    const foi_cell *fc = foi_grid_at(g, r, c);
                    fprintf(out, " %s%s%s |", fc->header ? "*" : "", fc->copy ? "^" : "",
                            fc->text);
                }
                fputc('\n', out);
            }
        }
        fputs("\n== blocks\n", out);
        for (size_t i = 0; i < d->blocks.n; i++)
            fprintf(out, "  %4d %-7s %s\n", d->blocks.v[i].line, kind_name(d->blocks.v[i].kind),
                    d->blocks.v[i].text);
    }
    fputs("\n== how grids were read\n", out);
    for (size_t i = 0; i < fr.trace.n; i++) fprintf(out, "  %s\n", fr.trace.v[i]);
    fputs("\n== records (value | period | offence -> code | outcome -> code | where)\n", out);
    for (size_t i = 0; i < fr.records.n; i++) {
        const foi_record *r = &fr.records.v[i];
        fprintf(out, "  %s | %s [%s..%s] | %s -> %s%s%s (%s) | %s -> %s (%s) | %s | %s\n",
                r->value, r->period, r->period_start, r->period_end, r->offence_raw,
                r->offence_code, *r->offence_subcode ? " " : "", r->offence_subcode,
                r->offence_rule, r->outcome_raw, r->outcome_code, r->outcome_rule, r->platform,
                r->where);
    }
    fputs("\n== review\n", out);
    for (size_t i = 0; i < fr.diags.n; i++)
        fprintf(out, "  %s | %s | %s | %s\n", fr.diags.v[i].where, fr.diags.v[i].kind,
                fr.diags.v[i].detail, fr.diags.v[i].suggestion);
    foi_arena_free(a);
    return FOI_EXIT_OK;
}

int foi_rules_check(const char *dir, FILE *out)
{
    foi_arena *a = foi_arena_new();
    if (!a) return FOI_EXIT_USAGE;
    foi_diag_vec errs = {0};
    foi_rules *rules = foi_rules_load(a, dir, &errs);
    for (size_t i = 0; i < errs.n; i++)
        fprintf(out, "%s: %s\n", errs.v[i].where, errs.v[i].detail);
    int rc = rules && errs.n == 0 ? FOI_EXIT_OK : FOI_EXIT_REVIEW;
    if (rc == FOI_EXIT_OK) fprintf(out, "rules ok: %s\n", foi_rules_summary(rules));
    foi_arena_free(a);
    return rc;
}
