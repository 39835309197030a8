/* util/str: string buffers and the text folding every stage shares.
 *
 * All results are allocated from the arena passed in and owned by it.  Text is UTF-8.
 */
#ifndef FOI_UTIL_STR_H
#define FOI_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/mem.h"

/* Growable byte buffer in an arena; s is always NUL-terminated. */
typedef struct foi_buf {
    foi_arena *a;
    char *s;
    size_t len, cap;
} foi_buf;

void foi_buf_init(foi_buf *b, foi_arena *a);
void foi_buf_add(foi_buf *b, const char *s, size_t n);
void foi_buf_puts(foi_buf *b, const char *s);
void foi_buf_putc(foi_buf *b, char c);
void foi_buf_printf(foi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copy of s with Unicode dashes/quotes/nbsp made ASCII, runs of white space collapsed to one
 * space, and leading/trailing space removed. */
char *foi_clean(foi_arena *a, const char *s);
/* foi_clean, then ASCII lower-case; every non-alphanumeric run becomes one space;
 * "&" becomes "and".  The key for alias tables. */
char *foi_fold(foi_arena *a, const char *s);
/* OpenRefine fingerprint: foi_fold, split into words, sort, de-duplicate, join with spaces. */
char *foi_fingerprint(foi_arena *a, const char *s);

bool foi_streq_ci(const char *a, const char *b);
bool foi_startswith_ci(const char *s, const char *prefix);
/* Case-insensitive substring search; returns pointer into s or NULL. */
const char *foi_strcasestr(const char *s, const char *needle);
/* True when needle occurs in s as whole word(s) (case-insensitive, word = [A-Za-z0-9]). */
bool foi_has_word(const char *s, const char *needle);

/* Split s into lines (LF, CRLF or lone CR).  *n gets the count; lines are arena copies. */
char **foi_split_lines(foi_arena *a, const char *s, size_t *n);

/* Length of the valid UTF-8 sequence at p, reading at most n bytes (a NUL-terminated string
 * may pass 4: the NUL ends any sequence), or 0 when the bytes are not valid UTF-8 (overlong,
 * surrogate, beyond U+10FFFF, cut short). */
size_t foi_utf8_seq(const unsigned char *p, size_t n);

/* Write code point cp (below 0x110000) as UTF-8 at d, which has room for 4 bytes; returns the
 * number of bytes written. */
size_t foi_utf8_put(char *d, unsigned cp);
/* The Unicode code point of Windows-1252 byte b; 0 for the five bytes 1252 leaves undefined. */
unsigned foi_cp1252(unsigned char b);

/* True when s (after foi_clean) is empty. */
bool foi_blank(const char *s);

#endif
