#include "pipeline/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "normalize/rules.h"
#include "output/csv.h"
#include "output/json.h"
#include "output/result.h"
#include "output/xlsx.h"
#include "pipeline/process.h"
#include "pipeline/state.h"
#include "util/sha256.h"
#include "util/str.h"

#ifndef FOI_VERSION
#define FOI_VERSION "0.0.0"
#endif

/* A file whose mtime is this close to the scan may still be changing within one timestamp
 * tick: its stat data are not trusted next time (it is hashed again, not re-parsed). */
#define RACY_NS 2000000000LL

/* ---- string map (open addressing; arrays malloc'd so growth leaves no arena garbage) ---- */

typedef struct strmap {
    const char **k;
    size_t *v;
    size_t cap, n;
    bool oom;
} strmap;

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static size_t sm_slot(const strmap *m, const char *key)
{
    size_t i = (size_t)str_hash(key) & (m->cap - 1);
    while (m->k[i] && strcmp(m->k[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static const char *sm_get(const strmap *m, const char *key, size_t *v)
{
    if (!m->cap) return NULL;
    size_t i = sm_slot(m, key);
    if (m->k[i] && v) *v = m->v[i];
    return m->k[i];
}

/* Insert (key must outlive the map); an existing key keeps its value. */
static void sm_put(strmap *m, const char *key, size_t v)
{
    if (m->oom) return;
    if ((m->n + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 1024;
        strmap g = {foi_mem_malloc(nc * sizeof *g.k), foi_mem_malloc(nc * sizeof *g.v), nc, 0,
                    false};
        if (!g.k || !g.v) {
            foi_mem_free(g.k);
            foi_mem_free(g.v);
            m->oom = true;
            return;
        }
        memset(g.k, 0, nc * sizeof *g.k);
        for (size_t i = 0; i < m->cap; i++)
            if (m->k[i]) {
                size_t j = sm_slot(&g, m->k[i]);
                g.k[j] = m->k[i];
                g.v[j] = m->v[i];
            }
        g.n = m->n;
        foi_mem_free(m->k);
        foi_mem_free(m->v);
        *m = g;
    }
    size_t i = sm_slot(m, key);
    if (m->k[i]) return;
    m->k[i] = key;
    m->v[i] = v;
    m->n++;
}

static void sm_free(strmap *m)
{
    foi_mem_free(m->k);
    foi_mem_free(m->v);
    memset(m, 0, sizeof *m);
}

/* ---- discovery ------------------------------------------------------------------------- */

typedef struct entry {
    char *path;    /* path to open */
    char *rel;     /* relative to its input folder, '/'-separated */
    char *problem; /* set when the entry cannot be read as a file (symlink, FIFO, ...) */
    time_t mtime;
    long long size, mtime_ns;
} entry;

typedef FOI_VEC(entry) entry_vec;

/* foitab's own outputs, by real folder and name, so that a workbook or state written inside
 * an input folder is not read back as a reply. */
typedef struct own_file {
    char *dir, *name;
} own_file;
typedef FOI_VEC(own_file) own_vec;

static void own_add(foi_arena *a, own_vec *own, const char *path)
{
    if (!path || !*path) return;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? foi_strndup(a, path, (size_t)(slash - path)) : ".";
    char real[PATH_MAX];
    if (!realpath(*dir ? dir : "/", real)) return;
    own_file f = {foi_strdup(a, real), foi_strdup(a, slash ? slash + 1 : path)};
    FOI_VEC_PUSH(a, *own, f);
}

static void set_stat(entry *e, const struct stat *st)
{
    e->mtime = st->st_mtime;
    e->size = (long long)st->st_size;
    e->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static void discover(foi_arena *a, const char *root, const char *sub, entry_vec *out, int depth,
                     const own_vec *own)
{
    char *dirpath = *sub ? foi_sprintf(a, "%s/%s", root, sub) : foi_strdup(a, root);
    DIR *d = opendir(dirpath);
    if (!d) {
        entry e = {.path = dirpath,
                   .rel = foi_strdup(a, *sub ? sub : "."),
                   .problem = foi_sprintf(a, "cannot open folder: %s", strerror(errno))};
        FOI_VEC_PUSH(a, *out, e);
        return;
    }
    char real[PATH_MAX];
    bool check_own = own->n && realpath(dirpath, real);
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        if (name[0] == '.') continue; /* ., .., hidden files and editor lock files */
        bool mine = false;
        for (size_t i = 0; check_own && i < own->n && !mine; i++)
            mine = !strcmp(own->v[i].name, name) && !strcmp(own->v[i].dir, real);
        if (mine) continue;
        char *rel = *sub ? foi_sprintf(a, "%s/%s", sub, name) : foi_strdup(a, name);
        char *path = foi_sprintf(a, "%s/%s", root, rel);
        struct stat st;
        entry e = {.path = path, .rel = rel};
        if (lstat(path, &st) != 0) {
            e.problem = foi_sprintf(a, "cannot stat: %s", strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < 32) discover(a, root, rel, out, depth + 1, own);
            continue;
        } else if (S_ISLNK(st.st_mode)) {
            e.problem = "symbolic link: not followed";
        } else if (!S_ISREG(st.st_mode)) {
            e.problem = "not a regular file (FIFO, device or socket)";
        }
        if (!e.problem) set_stat(&e, &st);
        FOI_VEC_PUSH(a, *out, e);
    }
    closedir(d);
}

static int cmp_entry(const void *x, const void *y)
{
    return strcmp(((const entry *)x)->rel, ((const entry *)y)->rel);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- one file: read, hash, reuse or process (runs on worker threads) --------------------- */

enum { JOB_PROBLEM, JOB_CACHED, JOB_WORK };

typedef struct job {
    const entry *e;
    int kind;
    char sha256[65];
    char *key;           /* content key, malloc'd ("" when not storable) */
    unsigned char *blob; /* encoded result, malloc'd; NULL: load (sha256, key) from the state */
    size_t blen;
    bool cached;         /* the result is in the state under (sha256, key) */
    bool store;          /* a new result for the state */
    const char *problem; /* out of memory (static text) */
    atomic_bool done;
} job;

typedef struct run_ctx {
    const foi_rules *rules;
    const strmap *stored_keys; /* "sha256\tkey" of every stored result */
    job *jobs;
    size_t *work; /* indices of JOB_WORK jobs, in path order */
    size_t nwork;
    atomic_size_t next;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} run_ctx;

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = foi_mem_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* What a file's result depends on besides its bytes: the file name's extension (a sniffing
 * tie-break) and the force its path names (confirms or contradicts the text). */
static const char *content_key(const foi_rules *rules, foi_arena *a, const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    const char *dot = strrchr(base, '.');
    char *ext = foi_strdup(a, dot && dot != base ? dot + 1 : "");
    for (char *p = ext; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    const foi_force_def *f = foi_force_in_path(rules, a, rel);
    return foi_sprintf(a, "ext=%s;force=%s", ext, f && f->name ? f->name : "");
}

static bool mentions(const char *s, const char *rel)
{
    return s && strstr(s, rel);
}

/* True when nothing but the file fields names the path: the result can then be reused for
 * the same bytes under another name with the same content key. */
static bool portable(const foi_file_result *fr)
{
    const char *rel = fr->rel;
    const foi_meta *m = &fr->meta;
    if (mentions(m->force, rel) || mentions(m->reference, rel) || mentions(m->refusal, rel))
        return false;
    for (size_t i = 0; i < fr->records.n; i++) {
        const foi_record *r = &fr->records.v[i];
        const char *s[] = {r->period,  r->offence_raw,  r->outcome_raw,  r->value,
                           r->where,   r->offence_rule, r->outcome_rule, r->offence,
                           r->outcome, r->platform};
        for (size_t k = 0; k < sizeof s / sizeof *s; k++)
            if (mentions(s[k], rel)) return false;
    }
    for (size_t i = 0; i < fr->diags.n; i++) {
        const foi_diag *g = &fr->diags.v[i];
        if (mentions(g->where, rel) || mentions(g->detail, rel) || mentions(g->suggestion, rel))
            return false;
    }
    return true;
}

static unsigned char *encode_result(const foi_file_result *fr, size_t *n)
{
    foi_state_result r = {.rel = fr->rel,
                          .sha256 = fr->sha256,
                          .format = fr->format,
                          .encoding = fr->encoding,
                          .status = fr->status,
                          .force_code = fr->meta.force_code,
                          .force = fr->meta.force,
                          .reply_date = fr->meta.reply_date,
                          .reference = fr->meta.reference,
                          .refusal = fr->meta.refusal,
                          .records = fr->records.v,
                          .nrecords = fr->records.n,
                          .diags = fr->diags.v,
                          .ndiags = fr->diags.n};
    return foi_state_encode(&r, n);
}

/* Read like foi_process_file does; NULL when it cannot (then foi_process_file reports it). */
static unsigned char *read_all(foi_arena *a, const char *path, size_t *n)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    unsigned char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (unsigned long long)st.st_size <= FOI_MAX_FILE_BYTES) {
        size_t cap = (size_t)st.st_size + 1;
        buf = foi_alloc(a, cap);
        *n = 0;
        while (*n < cap - 1) {
            ssize_t k = read(fd, buf + *n, cap - 1 - *n);
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) {
                buf = NULL;
                break;
            }
            if (k == 0) break;
            *n += (size_t)k;
        }
    }
    close(fd);
    return buf;
}

static void work_one(const run_ctx *c, job *j, bool use_state)
{
    const entry *e = j->e;
    foi_arena *fa = foi_arena_new();
    if (!fa) {
        j->problem = "out of memory";
        return;
    }
    if (FOI_ARENA_TRY(fa)) {
        size_t n = 0;
        unsigned char *bytes = read_all(fa, e->path, &n);
        foi_file_result fr;
        if (!bytes) {
            foi_process_file(c->rules, fa, e->path, e->rel, &fr);
            j->blob = encode_result(&fr, &j->blen);
            j->key = xstrdup("");
        } else {
            foi_sha256_hex(bytes, n, j->sha256);
            const char *key = content_key(c->rules, fa, e->rel);
            const char *key_here = foi_sprintf(fa, "%s;path=%s", key, e->rel);
            const char *hit = NULL;
            if (use_state && c->stored_keys) {
                if (sm_get(c->stored_keys, foi_sprintf(fa, "%s\t%s", j->sha256, key), NULL))
                    hit = key;
                else if (sm_get(c->stored_keys, foi_sprintf(fa, "%s\t%s", j->sha256, key_here),
                                NULL))
                    hit = key_here;
            }
            if (hit) {
                j->key = xstrdup(hit); /* same content seen before: no parsing */
                j->cached = true;
            } else {
                foi_process_bytes(c->rules, fa, e->rel, bytes, n, &fr);
                j->blob = encode_result(&fr, &j->blen);
                j->key = xstrdup(portable(&fr) ? key : key_here);
                j->store = true;
            }
        }
        if (!j->key || (!j->blob && !j->cached)) j->problem = "out of memory";
    } else {
        j->problem = "out of memory while reading this file";
    }
    foi_arena_untrap(fa);
    foi_arena_free(fa);
}

static void *worker(void *arg)
{
    run_ctx *c = arg;
    for (;;) {
        size_t k = atomic_fetch_add(&c->next, 1);
        if (k >= c->nwork) break;
        job *j = &c->jobs[c->work[k]];
        work_one(c, j, true);
        pthread_mutex_lock(&c->mu);
        atomic_store(&j->done, true);
        pthread_cond_broadcast(&c->cv);
        pthread_mutex_unlock(&c->mu);
    }
    return NULL;
}

/* ---- merging results in path order ------------------------------------------------------ */

typedef struct merger {
    foi_result *res;
    strmap strings; /* interned strings: records repeat forces, codes, periods, locators */
    strmap hashes;  /* sha256 -> index of the source that holds that content */
    size_t rec_cap;
    int needs_review;
    bool oom;
} merger;

static const char *intern(merger *m, const char *s)
{
    if (!s || !*s) return "";
    const char *k = sm_get(&m->strings, s, NULL);
    if (k) return k;
    char *d = foi_strdup(m->res->a, s);
    sm_put(&m->strings, d, 0);
    return d;
}

static void push_record(merger *m, const foi_record *r)
{
    foi_result *res = m->res;
    if (res->records.n == m->rec_cap) {
        size_t nc = m->rec_cap ? m->rec_cap * 2 : 4096;
        foi_record *v = foi_mem_realloc(res->records.v, nc * sizeof *v);
        if (!v) {
            m->oom = true;
            return;
        }
        res->records.v = v;
        m->rec_cap = nc;
    }
    res->records.v[res->records.n++] = *r;
}

static void problem_file(merger *m, const entry *e, const char *problem)
{
    foi_result *res = m->res;
    foi_arena *ra = res->a;
    foi_review rv = {intern(m, e->rel), "", "unreadable", intern(m, problem), ""};
    FOI_VEC_PUSH(ra, res->review, rv);
    foi_source s = {.file = intern(m, e->rel),
                    .sha256 = "",
                    .format = "unknown",
                    .encoding = "",
                    .force_code = "",
                    .force = "",
                    .reply_date = "",
                    .reference = "",
                    .status = "unreadable",
                    .refusal = "",
                    .records = 0,
                    .review_items = 1};
    FOI_VEC_PUSH(ra, res->sources, s);
    m->needs_review++;
}

/* One file's decoded result into the run's result; of byte-identical files the first in path
 * order holds the records, the others are duplicates with none of their own. */
static void keep_file(merger *m, const foi_state_result *r, const char *rel)
{
    foi_result *res = m->res;
    foi_arena *ra = res->a;
    const foi_source *orig = NULL;
    bool hashed = *r->sha256 && strcmp(r->status, "unreadable") != 0;
    size_t at;
    if (hashed && sm_get(&m->hashes, r->sha256, &at)) orig = &res->sources.v[at];
    const char *file = intern(m, rel);
    size_t first_review = res->review.n;
    if (!orig) {
        for (size_t i = 0; i < r->nrecords; i++) {
            const foi_record *s = &r->records[i];
            foi_record d = *s;
            d.file = !strcmp(s->file, r->rel) ? file : intern(m, s->file);
#define INTERN_FIELD(f) d.f = intern(m, s->f)
            INTERN_FIELD(force_code);
            INTERN_FIELD(force);
            INTERN_FIELD(platform);
            INTERN_FIELD(period_start);
            INTERN_FIELD(period_end);
            INTERN_FIELD(period);
            INTERN_FIELD(offence_code);
            INTERN_FIELD(offence_subcode);
            INTERN_FIELD(offence);
            INTERN_FIELD(offence_raw);
            INTERN_FIELD(outcome_code);
            INTERN_FIELD(outcome);
            INTERN_FIELD(outcome_raw);
            INTERN_FIELD(value);
            INTERN_FIELD(where);
            INTERN_FIELD(offence_rule);
            INTERN_FIELD(outcome_rule);
#undef INTERN_FIELD
            push_record(m, &d);
        }
        for (size_t i = 0; i < r->ndiags; i++) {
            const foi_diag *g = &r->diags[i];
            foi_review rv = {file, intern(m, g->where), intern(m, g->kind), intern(m, g->detail),
                             intern(m, g->suggestion)};
            FOI_VEC_PUSH(ra, res->review, rv);
        }
        if (hashed) sm_put(&m->hashes, intern(m, r->sha256), res->sources.n);
    }
    bool dup = orig != NULL;
    foi_source s = {
        .file = file,
        .sha256 = intern(m, r->sha256),
        .format = intern(m, r->format),
        .encoding = intern(m, r->encoding),
        .force_code = dup ? orig->force_code : intern(m, r->force_code),
        .force = dup ? orig->force : intern(m, r->force),
        .reply_date = dup ? orig->reply_date : intern(m, r->reply_date),
        .reference = dup ? orig->reference : intern(m, r->reference),
        .status = dup ? "duplicate" : intern(m, r->status),
        .refusal = dup ? orig->refusal : intern(m, r->refusal),
        .records = dup ? 0 : (long)r->nrecords,
        .review_items = (long)(res->review.n - first_review),
    };
    FOI_VEC_PUSH(ra, res->sources, s);
    if (s.review_items > 0) m->needs_review++;
}

/* ---- the run ---------------------------------------------------------------------------- */

/* records.csv & co. and the JSON document, with their errors (errno is per thread). */
typedef struct exports {
    const foi_result *res;
    const foi_run_opts *o;
    int csv_rc, csv_errno, json_rc, json_errno;
} exports;

static void *exports_run(void *arg)
{
    exports *ex = arg;
    if (ex->o->csv_dir) {
        ex->csv_rc = foi_csv_write_dir(ex->res, ex->o->csv_dir);
        ex->csv_errno = errno;
    }
    if (ex->o->json) {
        ex->json_rc = foi_json_write(ex->res, ex->o->json);
        ex->json_errno = errno;
    }
    return NULL;
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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void digest_str(foi_sha256 *h, const char *s)
{
    s = s ? s : "";
    foi_sha256_update(h, s, strlen(s) + 1);
}

/* One file's part of the run digest: the outputs are a function of these and the options. */
static void digest_job(foi_sha256 *h, const job *j)
{
    digest_str(h, j->e->rel);
    digest_str(h, j->problem ? j->problem : "");
    digest_str(h, j->sha256);
    digest_str(h, j->key ? j->key : "");
}

static bool decode_blob(foi_arena *da, const job *j, foi_state_result *r)
{
    volatile bool ok = false;
    if (FOI_ARENA_TRY(da)) ok = foi_state_decode(da, j->blob, j->blen, r);
    foi_arena_untrap(da);
    return ok;
}

/* Size and mtime of every output, to notice one deleted or edited since the last run. */
static const char *outputs_stamp(foi_arena *a, const foi_run_opts *o)
{
    const char *paths[] = {o->xlsx, o->json,
                           o->csv_dir ? foi_sprintf(a, "%s/records.csv", o->csv_dir) : NULL,
                           o->csv_dir ? foi_sprintf(a, "%s/sources.csv", o->csv_dir) : NULL,
                           o->csv_dir ? foi_sprintf(a, "%s/review.csv", o->csv_dir) : NULL};
    foi_buf b;
    foi_buf_init(&b, a);
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        if (!paths[i]) continue;
        struct stat st;
        if (stat(paths[i], &st) != 0) return "missing";
        foi_buf_puts(&b, foi_sprintf(a, "%s %lld %lld.%09ld;", paths[i], (long long)st.st_size,
                                     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec));
    }
    return b.s ? b.s : "";
}

typedef struct progress {
    bool on;
    double t0, last;
    size_t total;
} progress;

static void fmt_eta(char *buf, size_t n, double s)
{
    if (s < 60)
        snprintf(buf, n, "%.0fs", s);
    else if (s < 3600)
        snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else
        snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
}

static void progress_show(progress *p, FILE *msg, size_t done, bool force)
{
    if (!p->on) return;
    double t = now_s();
    if (!force && t - p->last < 0.2) return;
    p->last = t;
    double el = t - p->t0, rate = el > 0 ? (double)done / el : 0;
    char eta[32] = "?";
    if (rate > 0) fmt_eta(eta, sizeof eta, (double)(p->total - done) / rate);
    fprintf(msg, "\rfoitab: %zu/%zu files, %.0f/s, ETA %s\033[K", done, p->total, rate, eta);
    fflush(msg);
}

static void progress_clear(progress *p, FILE *msg)
{
    if (p->on) fputs("\r\033[K", msg);
}

static const char *summary_line(foi_arena *a, const foi_result *res)
{
    int by[8] = {0};
    static const char *const st[] = {"data",       "nil",        "not_held",  "refused",
                                     "no_figures", "unreadable", "duplicate", "unsupported"};
    for (size_t i = 0; i < res->sources.n; i++)
        for (int k = 0; k < 8; k++)
            if (!strcmp(res->sources.v[i].status, st[k])) by[k]++;
    foi_buf b;
    foi_buf_init(&b, a);
    foi_buf_puts(&b, foi_sprintf(a, "%zu files (", res->sources.n));
    bool first = true;
    for (int k = 0; k < 8; k++)
        if (by[k]) {
            foi_buf_puts(&b, foi_sprintf(a, "%s%d %s", first ? "" : ", ", by[k], st[k]));
            first = false;
        }
    foi_buf_puts(&b,
                 foi_sprintf(a, "), %zu figures, %zu review items", res->records.n, res->review.n));
    return b.s;
}

static int n_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int foi_run(const foi_run_opts *o, FILE *msg)
{
    double t0 = now_s();
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
    const char *state_path = o->state  ? o->state
                             : o->xlsx ? foi_sprintf(ra, "%s.state.db", o->xlsx)
                                       : NULL;

    own_vec own = {0};
    const char *outs[] = {o->xlsx, o->json, state_path};
    for (size_t i = 0; i < 3; i++)
        if (outs[i]) {
            own_add(ra, &own, outs[i]);
            own_add(ra, &own, foi_sprintf(ra, "%s.tmp", outs[i]));
        }
    if (state_path) own_add(ra, &own, foi_sprintf(ra, "%s-journal", state_path));
    if (o->csv_dir) {
        static const char *const csvs[] = {"records.csv", "sources.csv", "review.csv"};
        for (int i = 0; i < 3; i++) {
            own_add(ra, &own, foi_sprintf(ra, "%s/%s", o->csv_dir, csvs[i]));
            own_add(ra, &own, foi_sprintf(ra, "%s/%s.tmp", o->csv_dir, csvs[i]));
        }
    }

    entry_vec files = {0};
    for (int i = 0; i < o->ndirs; i++) {
        const char *root = o->dirs[i];
        size_t before = files.n;
        if (is_dir(root)) {
            char *r = foi_strdup(ra, root);
            size_t L = strlen(r);
            while (L > 1 && r[L - 1] == '/')
                r[--L] = 0;
            discover(ra, r, "", &files, 0, &own);
        } else if (access(root, F_OK) == 0) {
            const char *base = strrchr(root, '/');
            entry e = {.path = foi_strdup(ra, root), .rel = foi_strdup(ra, base ? base + 1 : root)};
            struct stat st;
            if (stat(root, &st) == 0) set_stat(&e, &st);
            FOI_VEC_PUSH(ra, files, e);
        } else {
            fprintf(msg, "foitab: %s: %s\n", root, strerror(errno));
            foi_arena_free(ra);
            return FOI_EXIT_USAGE;
        }
        qsort(files.v + before, files.n - before, sizeof *files.v, cmp_entry);
    }
    struct timespec scan;
    clock_gettime(CLOCK_REALTIME, &scan);
    long long scan_ns = (long long)scan.tv_sec * 1000000000LL + scan.tv_nsec;

    foi_result res = {.a = ra, .version = FOI_VERSION};
    res.rules_hash = foi_rules_hash(rules);
    res.rules_summary = foi_rules_summary(rules);
    size_t nf;
    const foi_force_def *fd = foi_rules_forces(rules, &nf);
    foi_force_ref *refs = foi_alloc(ra, (nf ? nf : 1) * sizeof *refs);
    for (size_t i = 0; i < nf; i++)
        refs[i] = (foi_force_ref){fd[i].name, fd[i].code};
    res.forces = refs;
    res.nforces = nf;
    if (o->ndirs == 1 && is_dir(o->dirs[0])) res.link_base = link_base(ra, o->xlsx, o->dirs[0]);
    time_t newest = 0;
    for (size_t i = 0; i < files.n; i++)
        if (files.v[i].mtime > newest) newest = files.v[i].mtime;
    res.created = o->created ? o->created : iso_time(ra, newest);

    /* ---- the state: what the last run saw ---- */
    const char *serr = NULL;
    foi_state *st = state_path ? foi_state_open(state_path, ra, &serr) : NULL;
    if (state_path && !st && !o->quiet)
        fprintf(msg, "foitab: %s: cannot use the state store (%s); reading every file\n",
                state_path, serr ? serr : "unknown error");
    bool reuse = st && !o->full;
    if (reuse) {
        const char *h = foi_state_get(st, ra, "rules_hash");
        reuse = h && !strcmp(h, res.rules_hash); /* rules changed: every file is read again */
    }
    strmap stored_files = {0}, stored_keys = {0};
    foi_state_file *sf = NULL;
    if (reuse) {
        size_t nsf;
        sf = foi_state_files(st, ra, &nsf);
        for (size_t i = 0; i < nsf; i++)
            sm_put(&stored_files, sf[i].path, i);
    }

    /* plan: a file whose size and mtime are as stored keeps its stored result unread */
    size_t n = files.n;
    job *jobs = foi_alloc(ra, (n ? n : 1) * sizeof *jobs);
    size_t *work = foi_alloc(ra, (n ? n : 1) * sizeof *work);
    size_t nwork = 0;
    for (size_t i = 0; i < n; i++) {
        job *j = &jobs[i];
        j->e = &files.v[i];
        size_t k;
        if (j->e->problem) {
            j->kind = JOB_PROBLEM;
            j->problem = j->e->problem;
        } else if (reuse && sm_get(&stored_files, j->e->path, &k) && sf[k].size == j->e->size &&
                   sf[k].mtime_ns == j->e->mtime_ns && sf[k].mtime_ns >= 0 && *sf[k].sha256 &&
                   *sf[k].key) {
            j->kind = JOB_CACHED;
            j->cached = true;
            memcpy(j->sha256, sf[k].sha256, 65);
            j->key = (char *)sf[k].key;
        } else {
            j->kind = JOB_WORK;
            work[nwork++] = i;
        }
        if (j->kind != JOB_WORK) atomic_store(&j->done, true);
    }
    sm_free(&stored_files);

    /* What the outputs are a function of: options, rules and each file's content key. */
    foi_sha256 dh;
    foi_sha256_init(&dh);
    const char *opts[] = {FOI_VERSION, res.rules_hash, o->xlsx,      o->csv_dir,
                          o->json,     res.created,    res.link_base};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        digest_str(&dh, opts[i]);
    const char *last_digest = reuse ? foi_state_get(st, ra, "digest") : NULL;
    const char *last_rc = reuse ? foi_state_get(st, ra, "rc") : NULL;
    const char *last_summary = reuse ? foi_state_get(st, ra, "summary") : NULL;
    const char *last_outputs = reuse ? foi_state_get(st, ra, "outputs") : NULL;

    if (nwork == 0 && last_digest && last_rc && last_summary && last_outputs) {
        foi_sha256 h = dh;
        for (size_t i = 0; i < n; i++)
            digest_job(&h, &jobs[i]);
        char hex[65];
        foi_sha256_final_hex(&h, hex);
        if (!strcmp(hex, last_digest) && !strcmp(outputs_stamp(ra, o), last_outputs)) {
            if (!o->quiet)
                fprintf(msg, "foitab: %s; nothing changed, outputs kept (%.2f s)\n", last_summary,
                        now_s() - t0);
            int rc = atoi(last_rc);
            foi_state_close(st);
            foi_arena_free(ra);
            return rc;
        }
    }

    if (reuse) {
        const char **hs, **ks;
        size_t nk = foi_state_keys(st, ra, &hs, &ks);
        for (size_t i = 0; i < nk; i++)
            sm_put(&stored_keys, foi_sprintf(ra, "%s\t%s", hs[i], ks[i]), 0);
    }
    /* new results go in as they come; the transaction commits after the outputs are in place */
    bool st_ok = st && foi_state_begin(st, !reuse) == 0;
    if (st && !st_ok && !o->quiet)
        fprintf(msg, "foitab: %s: %s\n", state_path, foi_state_error(st));

    /* ---- parse what is new, in parallel; merge in path order ---- */
    run_ctx ctx = {.rules = rules,
                   .stored_keys = reuse ? &stored_keys : NULL,
                   .jobs = jobs,
                   .work = work,
                   .nwork = nwork};
    pthread_mutex_init(&ctx.mu, NULL);
    pthread_cond_init(&ctx.cv, NULL);
    int nthreads = o->jobs > 0 ? o->jobs : n_cores();
    if ((size_t)nthreads > nwork) nthreads = (int)nwork;
    pthread_t *tids = NULL;
    int started = 0;
    if (nthreads > 1) {
        xmlInitParser(); /* libxml2: once, before any thread parses */
        tids = foi_alloc(ra, (size_t)nthreads * sizeof *tids);
        for (int t = 0; t < nthreads; t++)
            if (pthread_create(&tids[t], NULL, worker, &ctx) == 0) started++;
    }
    double t_parse = now_s();
    progress pg = {.on = !o->quiet && isatty(fileno(msg)), .t0 = t_parse, .total = n};
    merger m = {.res = &res};
    size_t parsed = 0, reused = 0;
    for (size_t i = 0; i < n; i++) {
        job *j = &jobs[i];
        if (j->kind == JOB_WORK) {
            if (!started) {
                work_one(&ctx, j, true);
            } else if (!atomic_load(&j->done)) {
                pthread_mutex_lock(&ctx.mu);
                while (!atomic_load(&j->done)) {
                    struct timespec ts;
                    clock_gettime(CLOCK_REALTIME, &ts);
                    ts.tv_nsec += 200000000L;
                    if (ts.tv_nsec >= 1000000000L) {
                        ts.tv_sec++;
                        ts.tv_nsec -= 1000000000L;
                    }
                    pthread_cond_timedwait(&ctx.cv, &ctx.mu, &ts);
                    pthread_mutex_unlock(&ctx.mu);
                    progress_show(&pg, msg, i, false);
                    pthread_mutex_lock(&ctx.mu);
                }
                pthread_mutex_unlock(&ctx.mu);
            }
        }
        if (j->problem) {
            problem_file(&m, j->e, j->problem);
        } else {
            if (!j->blob && j->cached && st)
                j->blob = foi_state_load(st, j->sha256, j->key, &j->blen);
            foi_arena *da = foi_arena_new();
            foi_state_result r;
            bool ok = da && j->blob && decode_blob(da, j, &r);
            if (!ok && da && j->cached) {
                /* a stored result that is missing or damaged: read the file again */
                foi_mem_free(j->blob);
                if (j->kind == JOB_WORK) foi_mem_free(j->key);
                j->blob = NULL;
                j->key = NULL;
                j->cached = false;
                j->kind = JOB_WORK;
                work_one(&ctx, j, false);
                ok = !j->problem && j->blob && decode_blob(da, j, &r);
            }
            if (ok) {
                if (j->key && !*j->key) /* a read error: its text stands for its content */
                    foi_sha256_hex(j->blob, j->blen, j->sha256);
                keep_file(&m, &r, j->e->rel);
                if (j->store) parsed++;
                if (j->cached) reused++;
                if (j->store && st_ok && *j->sha256 && *j->key &&
                    foi_state_put_content(st, j->sha256, j->key, j->blob, j->blen) != 0)
                    st_ok = false;
            } else {
                if (!j->problem) j->problem = "out of memory";
                problem_file(&m, j->e, j->problem);
            }
            foi_arena_free(da);
        }
        foi_mem_free(j->blob);
        j->blob = NULL;
        if (o->verbose && !o->quiet) {
            progress_clear(&pg, msg);
            fprintf(msg, "foitab: %s: %s\n", j->e->rel, res.sources.v[res.sources.n - 1].status);
        }
        progress_show(&pg, msg, i + 1, false);
    }
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    pthread_mutex_destroy(&ctx.mu);
    pthread_cond_destroy(&ctx.cv);
    progress_clear(&pg, msg);
    sm_free(&stored_keys);
    t_parse = now_s() - t_parse;

    int rc = m.needs_review ? FOI_EXIT_REVIEW : FOI_EXIT_OK;
    if (m.oom || m.strings.oom || m.hashes.oom) {
        fputs("foitab: out of memory\n", msg);
        rc = FOI_EXIT_USAGE;
    }
    /* the merge is done: its maps would only add to the peak of writing the workbook */
    sm_free(&m.strings);
    sm_free(&m.hashes);

    /* the outputs are a function of this digest: when it is as last time, keep them */
    for (size_t i = 0; i < n; i++)
        digest_job(&dh, &jobs[i]);
    char digest[65];
    foi_sha256_final_hex(&dh, digest);
    bool same = !o->full && rc != FOI_EXIT_USAGE && last_digest && !strcmp(digest, last_digest) &&
                last_outputs && !strcmp(outputs_stamp(ra, o), last_outputs);
    bool written_ok = rc != FOI_EXIT_USAGE;
    double t_write = now_s();
    if (!same && rc != FOI_EXIT_USAGE) {
        /* the exports only read the result: unless -j 1 keeps the run on one core, they are
         * written on another while this thread writes the workbook (the longest part) */
        exports ex = {.res = &res, .o = o};
        pthread_t ext;
        bool ex_thread = o->jobs != 1 && n_cores() > 1 && o->xlsx && (o->csv_dir || o->json) &&
                         pthread_create(&ext, NULL, exports_run, &ex) == 0;
        const char *err = NULL;
        int xrc = o->xlsx ? foi_xlsx_write(&res, o->xlsx, &err) : 0;
        if (ex_thread)
            pthread_join(ext, NULL);
        else
            exports_run(&ex);
        if (ex.csv_rc != 0) {
            fprintf(msg, "foitab: %s: %s\n", o->csv_dir, strerror(ex.csv_errno));
            rc = FOI_EXIT_USAGE;
        }
        if (ex.json_rc != 0) {
            fprintf(msg, "foitab: %s: %s\n", o->json, strerror(ex.json_errno));
            rc = FOI_EXIT_USAGE;
        }
        if (xrc != 0) {
            fprintf(msg, "foitab: %s: %s\n", o->xlsx, err ? err : "cannot write workbook");
            rc = FOI_EXIT_USAGE;
        }
        written_ok = rc != FOI_EXIT_USAGE;
    }
    t_write = now_s() - t_write;
    const char *summary = summary_line(ra, &res);

    /* ---- the state, in one transaction, after the outputs are in place ---- */
    if (st_ok) {
        for (size_t i = 0; i < n && st_ok; i++) {
            const job *j = &jobs[i];
            if (j->kind == JOB_PROBLEM || j->problem || !j->key || !*j->key) continue;
            const entry *e = j->e;
            foi_state_file f = {e->path, e->size,
                                e->mtime_ns > scan_ns - RACY_NS ? -1 : e->mtime_ns, j->sha256,
                                j->key};
            st_ok = foi_state_put_file(st, &f) == 0;
        }
        char rcs[8];
        snprintf(rcs, sizeof rcs, "%d", rc);
        st_ok = st_ok && foi_state_set(st, "rules_hash", res.rules_hash) == 0 &&
                foi_state_set(st, "digest", written_ok ? digest : "") == 0 &&
                foi_state_set(st, "rc", rcs) == 0 && foi_state_set(st, "summary", summary) == 0 &&
                foi_state_set(st, "outputs", outputs_stamp(ra, o)) == 0 &&
                foi_state_commit(st) == 0;
        if (!st_ok && !o->quiet) fprintf(msg, "foitab: %s: %s\n", state_path, foi_state_error(st));
    }
    if (!o->quiet)
        fprintf(msg,
                "foitab: %s; %zu read, %zu from the state%s (%.2f s: parse %.2f s, output "
                "%.2f s)\n",
                summary, parsed, reused, same ? ", outputs unchanged" : "", now_s() - t0, t_parse,
                t_write);
    for (size_t i = 0; i < n; i++)
        if (jobs[i].kind == JOB_WORK) foi_mem_free(jobs[i].key);
    foi_mem_free(res.records.v);
    foi_state_close(st);
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
        for (size_t i = 0; i < d->meta.n; i++)
            fprintf(out, "meta: %s\n", d->meta.v[i]);
        for (size_t gi = 0; gi < d->grids.n; gi++) {
            const foi_grid *g = d->grids.v[gi];
            fprintf(out, "\n== grid %d: %d x %d%s%s%s%s\n", g->index, g->nrows, g->ncols,
                    g->caption ? " caption: " : "", g->caption ? g->caption : "",
                    g->context ? " context: " : "", g->context ? g->context : "");
            for (int r = 0; r < g->nrows; r++) {
                fprintf(out, "  %3d |", r + 1);
                for (int c = 0; c < g->ncols; c++) {
                    const foi_cell *fc = foi_grid_at(g, r, c);
                    fprintf(out, " %s%s%s |", fc->header ? "*" : "", fc->copy ? "^" : "", fc->text);
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
    for (size_t i = 0; i < fr.trace.n; i++)
        fprintf(out, "  %s\n", fr.trace.v[i]);
    fputs("\n== records (value | period | offence -> code | outcome -> code | where)\n", out);
    for (size_t i = 0; i < fr.records.n; i++) {
        const foi_record *r = &fr.records.v[i];
        fprintf(out, "  %s | %s [%s..%s] | %s -> %s%s%s (%s) | %s -> %s (%s) | %s | %s\n", r->value,
                r->period, r->period_start, r->period_end, r->offence_raw, r->offence_code,
                *r->offence_subcode ? " " : "", r->offence_subcode, r->offence_rule, r->outcome_raw,
                r->outcome_code, r->outcome_rule, r->platform, r->where);
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
