#include "util/re.h"

#include "util/str.h"

#include <stdio.h>
#include <string.h>

pcre2_code *foi_re_compile(const char *pat, uint32_t flags, char *err, size_t errn,
                           pcre2_compile_context *cc)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, flags, &ec, &eo, cc);
    if (!re) {
        if (err) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            snprintf(err, errn, "%s at offset %zu", (char *)msg, (size_t)eo);
        }
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

bool foi_re_find(const pcre2_code *re, const char *s, size_t start, size_t *ov, int n)
{
    if (!re || !s) return false;
    /* plain malloc, not the pattern's allocator: patterns of the rule tables live in the
     * rules arena, which threads share */
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    if (!md) return false;
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), start, 0, md, NULL);
    if (rc > 0 && ov) {
        PCRE2_SIZE *o = pcre2_get_ovector_pointer(md);
        uint32_t cnt = pcre2_get_ovector_count(md);
        for (int i = 0; i < 2 * n; i++)
            ov[i] = i / 2 < rc && (uint32_t)(i / 2) < cnt ? o[i] : PCRE2_UNSET;
    }
    pcre2_match_data_free(md);
    return rc > 0;
}

char *foi_re_all_none(foi_arena *a, const char *all, const char *none)
{
    foi_buf b;
    foi_buf_init(&b, a);
    foi_buf_puts(&b, "^");
    for (int pass = 0; pass < 2; pass++) {
        const char *p = pass ? none : all;
        while (p && *p) {
            const char *e = strchr(p, ';');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char *t = foi_strndup(a, p, n);
            while (*t == ' ')
                t++;
            size_t tl = strlen(t);
            while (tl && t[tl - 1] == ' ')
                t[--tl] = 0;
            if (*t) foi_buf_printf(&b, "(?%s.*\\b(?:%s))", pass ? "!" : "=", t);
            p += n;
            if (*p) p++;
        }
    }
    return b.s;
}
