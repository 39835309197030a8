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
