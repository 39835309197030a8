/* util/mem: the one allocation function of foitab, and per-file arenas.
 *
 * Every allocation goes through foi_mem_malloc/foi_mem_realloc so that tests can make the k-th
 * allocation fail (foi_mem_fail_after).  Parsers and normalisers allocate from a foi_arena: the
 * arena owns everything allocated from it and foi_arena_free releases it all at once.  When an
 * arena allocation fails, control jumps to the arena's trap (set with FOI_ARENA_TRY) so one
 * file can be reported as out of memory while the batch goes on; with no trap set, it aborts.
 */
#ifndef FOI_UTIL_MEM_H
#define FOI_UTIL_MEM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

/* Plain allocation (NULL on failure).  Caller frees with foi_mem_free. */
void *foi_mem_malloc(size_t n);
void *foi_mem_realloc(void *p, size_t n);
void foi_mem_free(void *p);

/* Fault injection for tests: the k-th allocation from now fails (k >= 1); 0 turns it off. */
void foi_mem_fail_after(long k);
/* Number of allocations made since the process started (for choosing k in tests). */
long foi_mem_count(void);

typedef struct foi_arena foi_arena;

/* New arena, or NULL when out of memory.  Free with foi_arena_free. */
foi_arena *foi_arena_new(void);
void foi_arena_free(foi_arena *a);
/* Bytes handed out so far (for memory limits and benchmarks). */
size_t foi_arena_used(const foi_arena *a);

/* Zeroed memory owned by the arena; never returns NULL (jumps to the trap instead). */
void *foi_alloc(foi_arena *a, size_t n);
/* Jump to the arena's trap (or abort without one): for memory that a library or foi_mem_malloc
 * failed to give while working for this arena. */
_Noreturn void foi_arena_oom(foi_arena *a);
/* Grow an arena array: returns a new block of new_n bytes with the first old_n copied. */
void *foi_grow(foi_arena *a, void *p, size_t old_n, size_t new_n);
char *foi_strdup(foi_arena *a, const char *s); /* NULL in, NULL out */
char *foi_strndup(foi_arena *a, const char *s, size_t n);
char *foi_sprintf(foi_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *foi_vsprintf(foi_arena *a, const char *fmt, va_list ap);

/* The arena's out-of-memory trap.  Usage:
 *     if (FOI_ARENA_TRY(a)) { ...work... } else { ...out of memory... }
 *     foi_arena_untrap(a);
 */
jmp_buf *foi_arena_trap_slot(foi_arena *a);
void foi_arena_untrap(foi_arena *a);
#define FOI_ARENA_TRY(a) (setjmp(*foi_arena_trap_slot(a)) == 0)

/* Library handles (a zip archive, a PDF document) that must be closed even when an allocation
 * jumps to the trap: fn(p) runs at foi_arena_free, last registered first.  When registering
 * fails, fn(p) runs at once and control jumps to the trap.  foi_arena_release(a, p) runs the
 * cleanup of p now and forgets it (no-op when p is not registered). */
void foi_arena_defer(foi_arena *a, void (*fn)(void *), void *p);
void foi_arena_release(foi_arena *a, void *p);

/* A pointer slot that lives in the arena, one per (k1, k2) pair (NULL at first), for caches
 * that must last exactly as long as one file's work; NULL when the arena's FOI_ARENA_SLOTS are
 * all taken (the caller then does without). */
enum { FOI_ARENA_SLOTS = 8 };
void **foi_arena_slot(foi_arena *a, const void *k1, const void *k2);

/* Dynamic array of pointers or structs inside an arena. */
#define FOI_VEC(T)                                                                                 \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }
#define FOI_VEC_PUSH(a, vec, item)                                                                 \
    do {                                                                                           \
        if ((vec).n == (vec).cap) {                                                                \
            size_t nc_ = (vec).cap ? (vec).cap * 2 : 8;                                            \
            (vec).v = foi_grow((a), (vec).v, (vec).cap * sizeof *(vec).v, nc_ * sizeof *(vec).v);  \
            (vec).cap = nc_;                                                                       \
        }                                                                                          \
        (vec).v[(vec).n++] = (item);                                                               \
    } while (0)

#endif
