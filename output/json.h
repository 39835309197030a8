/* output/json: the whole result as one JSON document
 *     {"records":[{...}],"sources":[{...}],"review":[{...}]}
 * Objects use DESIGN.md's CSV column names in the same order.  Text fields are always strings
 * (NULL is written as ""); count is null when not exact, count_max null when unknown, other
 * numbers are numbers.  Strings are escaped per RFC 8259; invalid UTF-8 becomes U+FFFD.
 * Written to PATH.tmp and renamed to PATH.  Reads res only; allocates nothing it keeps.
 */
#ifndef FOI_OUTPUT_JSON_H
#define FOI_OUTPUT_JSON_H

#include <stdio.h>

#include "output/result.h"

/* Returns 0, or -1 with errno set (the temporary file is removed). */
int foi_json_write(const foi_result *res, const char *path);

/* Write s as one JSON string literal, quotes included (NULL as ""). */
void foi_json_string(FILE *f, const char *s);

#endif
