#include "pipeline/state.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bump when the tables or the blob encoding change: an older store is then replaced. */
#define STATE_SCHEMA "foitab-state-1"
#define BLOB_MAGIC "FOIR1"

struct foi_state {
    sqlite3 *db;
    sqlite3_stmt *put_file, *put_content, *load, *set;
    char err[256];
    bool in_txn;
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, key TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS files_content ON files(sha256, key);"
    "CREATE TABLE IF NOT EXISTS contents(sha256 TEXT NOT NULL, key TEXT NOT NULL,"
    " result BLOB NOT NULL, PRIMARY KEY(sha256, key));";

static void set_err(foi_state *s, const char *what)
{
    snprintf(s->err, sizeof s->err, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no store");
}

const char *foi_state_error(foi_state *s)
{
    return s ? s->err : "no state store";
}

static void finalize_all(foi_state *s)
{
    sqlite3_finalize(s->put_file);
    sqlite3_finalize(s->put_content);
    sqlite3_finalize(s->load);
    sqlite3_finalize(s->set);
    s->put_file = s->put_content = s->load = s->set = NULL;
}

/* 0 ok, else the SQLite code of the first failure. */
static int setup(foi_state *s)
{
    int rc = sqlite3_exec(s->db, "PRAGMA busy_timeout=5000; PRAGMA synchronous=FULL;", 0, 0, 0);
    if (rc != SQLITE_OK) return rc;
    /* an existing store of another schema: start again rather than misread it */
    sqlite3_stmt *q = NULL;
    rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key='schema'", -1, &q, NULL);
    bool ok = false;
    if (rc == SQLITE_OK) {
        int r = sqlite3_step(q);
        ok = r == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(q, 0), STATE_SCHEMA);
        if (r != SQLITE_ROW && r != SQLITE_DONE) rc = r;
    } else if (rc == SQLITE_ERROR) {
        rc = SQLITE_OK; /* no meta table yet */
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK) return rc;
    if (!ok) {
        rc = sqlite3_exec(s->db,
                          "BEGIN IMMEDIATE; DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS files;"
                          "DROP TABLE IF EXISTS contents;",
                          0, 0, 0);
        if (rc == SQLITE_OK) rc = sqlite3_exec(s->db, schema_sql, 0, 0, 0);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(
                s->db, "INSERT INTO meta VALUES('schema','" STATE_SCHEMA "'); COMMIT;", 0, 0, 0);
        if (rc != SQLITE_OK) {
            sqlite3_exec(s->db, "ROLLBACK", 0, 0, 0);
            return rc;
        }
    }
    static const char *const sql[] = {
        "INSERT OR REPLACE INTO files VALUES(?,?,?,?,?)",
        "INSERT OR REPLACE INTO contents VALUES(?,?,?)",
        "SELECT result FROM contents WHERE sha256=? AND key=?",
        "INSERT OR REPLACE INTO meta VALUES(?,?)",
    };
    sqlite3_stmt **st[] = {&s->put_file, &s->put_content, &s->load, &s->set};
    for (int i = 0; i < 4; i++) {
        rc = sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, st[i], NULL);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

static bool damaged(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT || rc == SQLITE_FORMAT;
}

foi_state *foi_state_open(const char *path, foi_arena *a, const char **err)
{
    foi_state *s = foi_mem_malloc(sizeof *s);
    if (!s) {
        *err = "out of memory";
        return NULL;
    }
    memset(s, 0, sizeof *s);
    for (int attempt = 0; attempt < 2; attempt++) {
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
        if (rc == SQLITE_OK) rc = setup(s);
        if (rc == SQLITE_OK) return s;
        *err = foi_sprintf(a, "%s", s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        finalize_all(s);
        sqlite3_close(s->db);
        s->db = NULL;
        if (!damaged(rc) || attempt) break;
        /* not a store we can read: it only caches work, so start a new one */
        if (unlink(path) != 0 && errno != ENOENT) break;
        unlink(foi_sprintf(a, "%s-journal", path));
    }
    foi_mem_free(s);
    return NULL;
}

void foi_state_close(foi_state *s)
{
    if (!s) return;
    if (s->in_txn) foi_state_rollback(s);
    finalize_all(s);
    sqlite3_close(s->db);
    foi_mem_free(s);
}

static const char *col_str(foi_arena *a, sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return foi_strdup(a, t ? (const char *)t : "");
}

const char *foi_state_get(foi_state *s, foi_arena *a, const char *key)
{
    sqlite3_stmt *q = NULL;
    const char *v = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key=?", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) v = col_str(a, q, 0);
    }
    sqlite3_finalize(q);
    return v;
}

foi_state_file *foi_state_files(foi_state *s, foi_arena *a, size_t *n)
{
    FOI_VEC(foi_state_file) v = {0};
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT path, size, mtime_ns, sha256, key FROM files ORDER BY path", -1,
                           &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            foi_state_file f = {col_str(a, q, 0), sqlite3_column_int64(q, 1),
                                sqlite3_column_int64(q, 2), col_str(a, q, 3), col_str(a, q, 4)};
            FOI_VEC_PUSH(a, v, f);
        }
    }
    sqlite3_finalize(q);
    *n = v.n;
    return v.v;
}

size_t foi_state_keys(foi_state *s, foi_arena *a, const char ***sha256, const char ***key)
{
    FOI_VEC(const char *) hs = {0};
    FOI_VEC(const char *) ks = {0};
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT sha256, key FROM contents", -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            FOI_VEC_PUSH(a, hs, col_str(a, q, 0));
            FOI_VEC_PUSH(a, ks, col_str(a, q, 1));
        }
    }
    sqlite3_finalize(q);
    *sha256 = hs.v;
    *key = ks.v;
    return hs.n;
}

unsigned char *foi_state_load(foi_state *s, const char *sha256, const char *key, size_t *n)
{
    sqlite3_stmt *q = s->load;
    unsigned char *out = NULL;
    *n = 0;
    sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        int len = sqlite3_column_bytes(q, 0);
        const void *b = sqlite3_column_blob(q, 0);
        out = foi_mem_malloc((size_t)len + 1);
        if (out) {
            if (len) memcpy(out, b, (size_t)len);
            *n = (size_t)len;
        }
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return out;
}

static int run(foi_state *s, const char *sql, const char *what)
{
    if (sqlite3_exec(s->db, sql, 0, 0, 0) == SQLITE_OK) return 0;
    set_err(s, what);
    return -1;
}

int foi_state_begin(foi_state *s, bool clear_contents)
{
    if (run(s, "BEGIN IMMEDIATE", "cannot start the state update") != 0) return -1;
    s->in_txn = true;
    if (run(s, "DELETE FROM files", "cannot update the state") != 0 ||
        (clear_contents && run(s, "DELETE FROM contents", "cannot update the state") != 0)) {
        foi_state_rollback(s);
        return -1;
    }
    return 0;
}

/* Step a prepared write; on failure roll back the whole transaction. */
static int step_write(foi_state *s, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc == SQLITE_DONE) return 0;
    set_err(s, what);
    foi_state_rollback(s);
    return -1;
}

int foi_state_put_file(foi_state *s, const foi_state_file *f)
{
    sqlite3_stmt *q = s->put_file;
    sqlite3_bind_text(q, 1, f->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, f->size);
    sqlite3_bind_int64(q, 3, f->mtime_ns);
    sqlite3_bind_text(q, 4, f->sha256 ? f->sha256 : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, f->key ? f->key : "", -1, SQLITE_STATIC);
    return step_write(s, q, "cannot store a file");
}

int foi_state_put_content(foi_state *s, const char *sha256, const char *key, const void *blob,
                          size_t n)
{
    sqlite3_stmt *q = s->put_content;
    sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(q, 3, blob, n, SQLITE_STATIC);
    return step_write(s, q, "cannot store a result");
}

int foi_state_set(foi_state *s, const char *key, const char *value)
{
    sqlite3_stmt *q = s->set;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value ? value : "", -1, SQLITE_STATIC);
    return step_write(s, q, "cannot store a fact");
}

int foi_state_commit(foi_state *s)
{
    if (run(s,
            "DELETE FROM contents WHERE NOT EXISTS (SELECT 1 FROM files f WHERE"
            " f.sha256=contents.sha256 AND f.key=contents.key)",
            "cannot update the state") != 0 ||
        run(s, "COMMIT", "cannot commit the state") != 0) {
        foi_state_rollback(s);
        return -1;
    }
    s->in_txn = false;
    return 0;
}

void foi_state_rollback(foi_state *s)
{
    if (!s->in_txn) return;
    sqlite3_exec(s->db, "ROLLBACK", 0, 0, 0);
    s->in_txn = false;
}

/* ---- one file's result as a blob --------------------------------------------------------
 * Every field is a NUL-terminated string, numbers in decimal: the magic, the source fields,
 * the two counts, then per record its fields and per review item its four. */

typedef struct enc {
    unsigned char *p;
    size_t n, cap;
    bool oom;
} enc;

static void put(enc *e, const char *s)
{
    if (!s) s = "";
    size_t k = strlen(s) + 1;
    if (e->oom) return;
    if (e->n + k > e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 4096;
        while (nc < e->n + k)
            nc *= 2;
        unsigned char *q = foi_mem_realloc(e->p, nc);
        if (!q) {
            e->oom = true;
            return;
        }
        e->p = q;
        e->cap = nc;
    }
    memcpy(e->p + e->n, s, k);
    e->n += k;
}

static void put_num(enc *e, long long v)
{
    char b[24];
    snprintf(b, sizeof b, "%lld", v);
    put(e, b);
}

#define REC_STRS(X)                                                                                \
    X(file);                                                                                       \
    X(force_code);                                                                                 \
    X(force);                                                                                      \
    X(platform);                                                                                   \
    X(period_start);                                                                               \
    X(period_end);                                                                                 \
    X(period);                                                                                     \
    X(offence_code);                                                                               \
    X(offence_subcode);                                                                            \
    X(offence);                                                                                    \
    X(offence_raw);                                                                                \
    X(outcome_code);                                                                               \
    X(outcome);                                                                                    \
    X(outcome_raw);                                                                                \
    X(value);                                                                                      \
    X(where);                                                                                      \
    X(offence_rule);                                                                               \
    X(outcome_rule);

unsigned char *foi_state_encode(const foi_state_result *r, size_t *n)
{
    enc e = {0};
    put(&e, BLOB_MAGIC);
    const char *head[] = {r->rel,        r->sha256, r->format,     r->encoding,  r->status,
                          r->force_code, r->force,  r->reply_date, r->reference, r->refusal};
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        put(&e, head[i]);
    put_num(&e, (long long)r->nrecords);
    put_num(&e, (long long)r->ndiags);
    for (size_t i = 0; i < r->nrecords; i++) {
        const foi_record *x = &r->records[i];
#define PUT_FIELD(f) put(&e, x->f)
        REC_STRS(PUT_FIELD)
#undef PUT_FIELD
        put_num(&e, x->exact);
        put_num(&e, x->count);
        put_num(&e, x->count_min);
        put_num(&e, x->count_max);
    }
    for (size_t i = 0; i < r->ndiags; i++) {
        const foi_diag *g = &r->diags[i];
        put(&e, g->where);
        put(&e, g->kind);
        put(&e, g->detail);
        put(&e, g->suggestion);
    }
    if (e.oom) {
        foi_mem_free(e.p);
        return NULL;
    }
    *n = e.n;
    return e.p;
}

typedef struct dec {
    const char *p, *end;
    bool bad;
} dec;

static const char *get(dec *d)
{
    if (d->bad || d->p >= d->end) {
        d->bad = true;
        return "";
    }
    const char *z = memchr(d->p, 0, (size_t)(d->end - d->p));
    if (!z) {
        d->bad = true;
        return "";
    }
    const char *s = d->p;
    d->p = z + 1;
    return s;
}

static long long get_num(dec *d)
{
    const char *s = get(d);
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno) d->bad = true;
    return v;
}

bool foi_state_decode(foi_arena *a, const void *blob, size_t n, foi_state_result *out)
{
    memset(out, 0, sizeof *out);
    dec d = {blob, (const char *)blob + n, false};
    if (!blob || strcmp(get(&d), BLOB_MAGIC) != 0) return false;
    const char **head[] = {&out->rel,       &out->sha256,     &out->format, &out->encoding,
                           &out->status,    &out->force_code, &out->force,  &out->reply_date,
                           &out->reference, &out->refusal};
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        *head[i] = get(&d);
    long long nr = get_num(&d), nd = get_num(&d);
    /* each record takes at least 22 bytes and each item 4: bounds the allocation */
    if (d.bad || nr < 0 || nd < 0 || (unsigned long long)nr > n / 22 ||
        (unsigned long long)nd > n / 4)
        return false;
    foi_record *recs = foi_alloc(a, ((size_t)nr + 1) * sizeof *recs);
    for (long long i = 0; i < nr && !d.bad; i++) {
        foi_record *x = &recs[i];
#define GET_FIELD(f) x->f = get(&d)
        REC_STRS(GET_FIELD)
#undef GET_FIELD
        x->exact = get_num(&d) != 0;
        x->count = (long)get_num(&d);
        x->count_min = (long)get_num(&d);
        x->count_max = (long)get_num(&d);
    }
    foi_diag *diags = foi_alloc(a, ((size_t)nd + 1) * sizeof *diags);
    for (long long i = 0; i < nd && !d.bad; i++) {
        diags[i].where = (char *)get(&d);
        diags[i].kind = (char *)get(&d);
        diags[i].detail = (char *)get(&d);
        diags[i].suggestion = (char *)get(&d);
    }
    if (d.bad || d.p != d.end) return false;
    out->records = recs;
    out->nrecords = (size_t)nr;
    out->diags = diags;
    out->ndiags = (size_t)nd;
    return true;
}
