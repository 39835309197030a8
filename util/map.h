/* util/map: a string -> pointer hash map (open addressing, FNV-1a) whose arrays live in an
 * arena.  Keys are not copied: they must outlive the map.  Growth leaves the old arrays in the
 * arena, which is fine for per-file and per-rules maps.
 */
#ifndef FOI_UTIL_MAP_H
#define FOI_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/mem.h"

typedef struct foi_map {
    size_t cap, n;
    const char **keys;
    void **vals;
} foi_map;

uint64_t foi_fnv1a(const char *s);
/* Room for about n keys before the first growth. */
void foi_map_init(foi_arena *a, foi_map *m, size_t n);
/* The value for k, or NULL (also for an uninitialised map). */
void *foi_map_get(const foi_map *m, const char *k);
/* Insert or replace. */
void foi_map_put(foi_arena *a, foi_map *m, const char *k, void *v);

/* A pure function of (ctx, key) answering into out; `full` asks for the complete answer (say,
 * with suggestions), which also serves a plain question. */
typedef void (*foi_memo_fn)(const void *ctx, foi_arena *a, const char *key, void *out, bool full);

/* fn(ctx, a, key, out, full), memoised for the life of arena a per (tag, ctx): out (sz bytes)
 * gets a copy of the first answer computed for key.  The cache lives in the arena. */
void foi_memo(foi_arena *a, const void *tag, const void *ctx, const char *key, void *out, size_t sz,
              bool full, foi_memo_fn fn);

#endif
