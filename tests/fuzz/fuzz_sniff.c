/* Fuzz sniff/decode: any bytes under any name give a format, and text (when any) that is
 * NUL-terminated, NUL-free, of the stated length and valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/sniff.h"

static const char *const names[] = {"reply.html", "reply.xml", "reply.txt", "reply.csv",
                                    "reply.xlsx", "reply",     "reply.eml", "reply.pdf"};

static int utf8_ok(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (!k || i + k > n) return 0;
        unsigned cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
        for (size_t j = 1; j < k; j++) {
            if ((p[i + j] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (p[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *name = size ? names[data[0] % 8] : "reply.txt";
    if (size) data++, size--;
    foi_arena *a = foi_arena_new();
    if (!a) return 0;
    foi_decoded d = foi_sniff_decode(a, data, size, name);
    if (!foi_format_name(d.format) || !d.encoding) abort();
    if (d.text) {
        if (d.text[d.len] != 0 || strlen(d.text) != d.len) abort();
        if (!utf8_ok((const unsigned char *)d.text, d.len)) abort();
    }
    foi_arena_free(a);
    return 0;
}
