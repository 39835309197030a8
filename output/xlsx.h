/* output/xlsx: the workbook (libxlsxwriter), written to FILE.tmp and renamed to FILE.
 * Returns 0, or -1 with a message in *err (static string).
 */
#ifndef FOI_OUTPUT_XLSX_H
#define FOI_OUTPUT_XLSX_H

#include "output/result.h"

int foi_xlsx_write(const foi_result *res, const char *path, const char **err);

#endif
