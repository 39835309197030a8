#include "util/mem.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long fail_at; /* allocation number that fails; 0 = never */
static _Atomic long n_allocs;

void foi_mem_fail_after(long k)
{
    fail_at = k > 0 ? n_allocs + k : 0;
}

long foi_mem_count(void)
{
    return n_allocs;
}

static int should_fail(void)
{
    long k = atomic_fetch_add(&n_allocs, 1) + 1;
    long f = atomic_load(&fail_at);
    /* only the thread that takes the k-th allocation clears the trigger */
    return f && k == f && atomic_compare_exchange_strong(&fail_at, &f, 0);
}

void *foi_mem_malloc(size_t n)
{
    if (should_fail()) return NULL;
    return malloc(n ? n : 1);
}

void *foi_mem_realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    return realloc(p, n ? n : 1);
}

void foi_mem_free(void *p)
{
    free(p);
}

/* Chunks are chained; big requests get a chunk of their own so waste stays bounded. */
typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    max_align_t data[];
} chunk;

typedef struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *p;
} deferred;

struct foi_arena {
    chunk *head;
    deferred *defer;
    struct {
        const void *k1, *k2;
        void *p;
    } slots[FOI_ARENA_SLOTS];
    int nslots;
    size_t used;
    jmp_buf trap;
    int trapped;
};

enum { CHUNK_SIZE = 64 * 1024 };

foi_arena *foi_arena_new(void)
{
    foi_arena *a = foi_mem_malloc(sizeof *a);
    if (!a) return NULL;
    memset(a, 0, sizeof *a);
    return a;
}

void foi_arena_free(foi_arena *a)
{
    if (!a) return;
    while (a->defer) {
        deferred *d = a->defer;
        a->defer = d->next;
        d->fn(d->p);
        foi_mem_free(d);
    }
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        foi_mem_free(c);
        c = n;
    }
    foi_mem_free(a);
}

size_t foi_arena_used(const foi_arena *a)
{
    return a->used;
}

jmp_buf *foi_arena_trap_slot(foi_arena *a)
{
    a->trapped = 1;
    return &a->trap;
}

void foi_arena_untrap(foi_arena *a)
{
    a->trapped = 0;
}

_Noreturn void foi_arena_oom(foi_arena *a)
{
    if (a->trapped) longjmp(a->trap, 1);
    fputs("foitab: out of memory\n", stderr);
    abort();
}

void *foi_alloc(foi_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0) n = align;
    chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
        chunk *nc = foi_mem_malloc(sizeof *nc + size);
        if (!nc) foi_arena_oom(a);
        nc->size = size;
        nc->used = 0;
        if (c && size != CHUNK_SIZE) {
            /* keep filling the current chunk; the big block goes behind it */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

void **foi_arena_slot(foi_arena *a, const void *k1, const void *k2)
{
    for (int i = 0; i < a->nslots; i++)
        if (a->slots[i].k1 == k1 && a->slots[i].k2 == k2) return &a->slots[i].p;
    if (a->nslots == FOI_ARENA_SLOTS) return NULL;
    a->slots[a->nslots].k1 = k1;
    a->slots[a->nslots].k2 = k2;
    a->slots[a->nslots].p = NULL;
    return &a->slots[a->nslots++].p;
}

void foi_arena_defer(foi_arena *a, void (*fn)(void *), void *p)
{
    deferred *d = foi_mem_malloc(sizeof *d);
    if (!d) {
        fn(p);
        foi_arena_oom(a);
    }
    *d = (deferred){.next = a->defer, .fn = fn, .p = p};
    a->defer = d;
}

void foi_arena_release(foi_arena *a, void *p)
{
    for (deferred **pp = &a->defer; *pp; pp = &(*pp)->next) {
        if ((*pp)->p != p) continue;
        deferred *d = *pp;
        *pp = d->next;
        d->fn(d->p);
        foi_mem_free(d);
        return;
    }
}

void *foi_grow(foi_arena *a, void *p, size_t old_n, size_t new_n)
{
    void *q = foi_alloc(a, new_n);
    if (p && old_n) memcpy(q, p, old_n < new_n ? old_n : new_n);
    return q;
}

char *foi_strndup(foi_arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    char *d = foi_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *foi_strdup(foi_arena *a, const char *s)
{
    return s ? foi_strndup(a, s, strlen(s)) : NULL;
}

char *foi_vsprintf(foi_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) n = 0;
    char *d = foi_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *foi_sprintf(foi_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = foi_vsprintf(a, fmt, ap);
    va_end(ap);
    return d;
}
