/* tests/helpers.h: what several test files share.  Include after cmocka.h. */
#ifndef FOI_TESTS_HELPERS_H
#define FOI_TESTS_HELPERS_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file at path (tests run from the repository root), NUL-terminated; *n (may be
 * NULL) gets its length.  A missing or unreadable file fails the test: a fixture that is not
 * there must not pass as an empty one.  The caller frees. */
static inline unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (len < 0) fail_msg("cannot size %s", path);
    unsigned char *b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    b[len] = 0;
    if (n) *n = (size_t)len;
    return b;
}

#endif
