#include "util/map.h"

#include <string.h>

uint64_t foi_fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void foi_map_init(foi_arena *a, foi_map *m, size_t n)
{
    m->cap = 64;
    while (m->cap < n * 3)
        m->cap *= 2;
    m->n = 0;
    m->keys = foi_alloc(a, m->cap * sizeof *m->keys);
    m->vals = foi_alloc(a, m->cap * sizeof *m->vals);
}

static size_t slot(const foi_map *m, const char *k)
{
    size_t i = (size_t)foi_fnv1a(k) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], k) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *foi_map_get(const foi_map *m, const char *k)
{
    if (!m->cap || !k) return NULL;
    return m->vals[slot(m, k)];
}

void foi_map_put(foi_arena *a, foi_map *m, const char *k, void *v)
{
    if (!m->cap) foi_map_init(a, m, 16);
    if ((m->n + 1) * 2 > m->cap) {
        foi_map old = *m;
        foi_map_init(a, m, old.cap);
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) foi_map_put(a, m, old.keys[i], old.vals[i]);
    }
    size_t i = slot(m, k);
    if (!m->keys[i]) {
        m->keys[i] = k;
        m->n++;
    }
    m->vals[i] = v;
}

typedef struct memo {
    foi_map full, plain; /* answers to full questions serve plain ones too */
} memo;

void foi_memo(foi_arena *a, const void *tag, const void *ctx, const char *key, void *out, size_t sz,
              bool full, foi_memo_fn fn)
{
    void **slot = key ? foi_arena_slot(a, tag, ctx) : NULL;
    if (!slot) {
        fn(ctx, a, key, out, full);
        return;
    }
    memo *m = *slot;
    if (!m) {
        m = foi_alloc(a, sizeof *m);
        foi_map_init(a, &m->full, 64);
        foi_map_init(a, &m->plain, 64);
        *slot = m;
    }
    const void *seen = foi_map_get(&m->full, key);
    if (!seen && !full) seen = foi_map_get(&m->plain, key);
    if (seen) {
        memcpy(out, seen, sz);
        return;
    }
    fn(ctx, a, key, out, full);
    void *keep = foi_alloc(a, sz);
    memcpy(keep, out, sz);
    foi_map_put(a, full ? &m->full : &m->plain, foi_strdup(a, key), keep);
}
