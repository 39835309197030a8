/* util/map: a string -> pointer hash map (open addressing, FNV-1a) whose arrays live in an
 * arena.  Keys are not copied: they must outlive the map.  Growth leaves the old arrays in the
 * arena, which is fine for per-file and per-rules maps.
 */
#ifndef FOI_UTIL_MAP_H
#define FOI_UTIL_MAP_H

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

/* A map living in arena a for memoising a pure function of strings during one file's work
 * (tag tells the users apart).  The calling thread gets the same map back for the same (a, tag)
 * until a is freed; free a on the thread that used it. */
foi_map *foi_map_memo(foi_arena *a, const void *tag);

#endif
