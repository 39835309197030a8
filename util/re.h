/* util/re: PCRE2 helpers shared by the normalisers.  Patterns compile with JIT; a match uses
 * its own match data (plain malloc), so one compiled pattern can serve several threads.
 */
#ifndef FOI_UTIL_RE_H
#define FOI_UTIL_RE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/mem.h"

/* Compile pat with flags (and cc, may be NULL) and JIT it.  NULL on error, with
 * "message at offset N" in err (errn bytes) when err is given.  Free with pcre2_code_free. */
pcre2_code *foi_re_compile(const char *pat, uint32_t flags, char *err, size_t errn,
                           pcre2_compile_context *cc);

/* Match at or after start; fills ov[0..2n) with group offsets (PCRE2_UNSET for groups that did
 * not take part) when ov is given.  False on no match, NULL pattern or no memory. */
bool foi_re_find(const pcre2_code *re, const char *s, size_t start, size_t *ov, int n);

/* A keyword rule as one regex: "a;b|c" (all of; each term a regex on the folded label) and
 * "x;y" (none of) -> "^(?=.*\\b(?:a))(?=.*\\b(?:b|c))(?!.*\\b(?:x))...".  Owned by a. */
char *foi_re_all_none(foi_arena *a, const char *all, const char *none);

#endif
