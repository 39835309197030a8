/* util/sha256: SHA-256 (FIPS 180-4) for file identity and rule-table versions. */
#ifndef FOI_UTIL_SHA256_H
#define FOI_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct foi_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t fill;
} foi_sha256;

void foi_sha256_init(foi_sha256 *s);
void foi_sha256_update(foi_sha256 *s, const void *data, size_t n);
/* Writes 64 lower-case hex digits and a NUL into out. */
void foi_sha256_final_hex(foi_sha256 *s, char out[65]);
/* One-shot convenience. */
void foi_sha256_hex(const void *data, size_t n, char out[65]);

#endif
