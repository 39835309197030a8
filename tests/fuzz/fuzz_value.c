/* Fuzz value parsing: foi_value_parse and foi_value_is_figure on any NUL-terminated bytes,
 * with a suppression context taken from the first bytes.  Results must be consistent: exact
 * figures are non-negative with min = max = count; bounds have count -1 and min <= max. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    foi_suppress sup = {0};
    const foi_suppress *sp = NULL;
    if (size >= 4 && data[0] & 1) {
        static const char *const markers[] = {"*", "~", "x", "-", "", "#", "**", "\xe2\x80\xa0"};
        strcpy(sup.marker, markers[(data[0] >> 1) & 7]);
        sup.min = data[1] & 4 ? data[1] % 4 : 0; /* 0/0 = not stated */
        sup.max = data[1] & 4 ? sup.min + data[2] % 10 : 0;
        sup.threshold = data[2] & 0x80 ? 2 + data[3] % 10 : 0;
        sup.blank_is_zero = data[3] & 0x40;
        sup.dash_is_suppressed = data[3] & 0x80;
        sp = &sup;
        data += 4;
        size -= 4;
    }
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    foi_value v = foi_value_parse(s, sp);
    switch (v.kind) {
    case FOI_VALUE_EXACT:
        if (v.count < 0 || v.min != v.count || v.max != v.count) abort();
        break;
    case FOI_VALUE_BOUNDS:
        if (v.count != -1 || v.min < 0 || (v.max != -1 && v.max < v.min)) abort();
        break;
    case FOI_VALUE_NONE:
    case FOI_VALUE_INVALID:
        break;
    default:
        abort();
    }
    bool fig = foi_value_is_figure(s, sp);
    if (fig != (v.kind == FOI_VALUE_EXACT || v.kind == FOI_VALUE_BOUNDS)) abort();
    free(s);
    return 0;
}
