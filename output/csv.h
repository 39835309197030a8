/* output/csv: records.csv, sources.csv and review.csv with exactly DESIGN.md's columns
 * (UTF-8, RFC 4180 quoting, header row, LF line ends).  Each file is written to a temporary
 * name and renamed.  Returns 0, or -1 with errno set.
 */
#ifndef FOI_OUTPUT_CSV_H
#define FOI_OUTPUT_CSV_H

#include <stdio.h>

#include "output/result.h"

int foi_csv_write_dir(const foi_result *res, const char *dir);

/* Write one RFC 4180 field (quoted when it holds a comma, quote, CR or LF). */
void foi_csv_field(FILE *f, const char *s);

#endif
