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

/* The memo maps this thread is using.  A handful is plenty: one file's work uses one arena. */
enum { MEMO_SLOTS = 8 };
typedef struct memo_slot {
    foi_arena *a;
    const void *tag;
    foi_map *m;
} memo_slot;
static _Thread_local memo_slot memo_slots[MEMO_SLOTS];
static _Thread_local unsigned memo_next;

typedef struct memo_token {
    memo_slot *slots; /* the owning thread's slots */
    foi_arena *a;
} memo_token;

/* At foi_arena_free: forget the arena's maps before its memory goes. */
static void memo_forget(void *p)
{
    const memo_token *t = p;
    for (int i = 0; i < MEMO_SLOTS; i++)
        if (t->slots[i].a == t->a) t->slots[i] = (memo_slot){0};
}

foi_map *foi_map_memo(foi_arena *a, const void *tag)
{
    for (int i = 0; i < MEMO_SLOTS; i++)
        if (memo_slots[i].a == a && memo_slots[i].tag == tag) return memo_slots[i].m;
    memo_token *t = foi_alloc(a, sizeof *t);
    t->slots = memo_slots;
    t->a = a;
    foi_map *m = foi_alloc(a, sizeof *m);
    foi_map_init(a, m, 64);
    foi_arena_defer(a, memo_forget, t);
    memo_slots[memo_next++ % MEMO_SLOTS] = (memo_slot){a, tag, m};
    return m;
}
