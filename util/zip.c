#include "util/zip.h"

#include <string.h>
#include <zip.h>

struct foi_zip {
    foi_arena *a;
    zip_t *z;
    size_t total; /* decompressed bytes read so far */
};

static void close_handle(void *p)
{
    zip_discard(p); /* read-only: nothing to write back */
}

foi_zip *foi_zip_open(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    if (n < 22) { /* shorter than an end-of-directory record; libzip takes "" as empty */
        *fail = (foi_fail){"unreadable", "not a readable zip archive (broken or truncated)"};
        return NULL;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(bytes, n, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : NULL;
    zip_error_fini(&err);
    if (!z) {
        if (src) zip_source_free(src);
        *fail = (foi_fail){"unreadable", "not a readable zip archive (broken or truncated)"};
        return NULL;
    }
    foi_arena_defer(a, close_handle, z);
    zip_int64_t count = zip_get_num_entries(z, 0);
    if (count < 0 || count > FOI_ZIP_MAX_ENTRIES) {
        foi_arena_release(a, z);
        *fail = (foi_fail){"unreadable", "zip archive with too many entries"};
        return NULL;
    }
    foi_zip *zz = foi_alloc(a, sizeof *zz);
    *zz = (foi_zip){.a = a, .z = z};
    return zz;
}

void foi_zip_close(foi_zip *z)
{
    if (z && z->z) {
        foi_arena_release(z->a, z->z);
        z->z = NULL;
    }
}

size_t foi_zip_count(const foi_zip *z)
{
    zip_int64_t n = z->z ? zip_get_num_entries(z->z, 0) : 0;
    return n > 0 ? (size_t)n : 0;
}

const char *foi_zip_name(const foi_zip *z, size_t i)
{
    if (!z->z || i >= foi_zip_count(z)) return NULL;
    const char *s = zip_get_name(z->z, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
    return s ? foi_strdup(z->a, s) : NULL;
}

bool foi_zip_has(const foi_zip *z, const char *name)
{
    return z->z && zip_name_locate(z->z, name, 0) >= 0;
}

char *foi_zip_read(foi_zip *z, const char *name, size_t *len, foi_fail *fail)
{
    if (len) *len = 0;
    zip_int64_t i = z->z ? zip_name_locate(z->z, name, 0) : -1;
    zip_stat_t st;
    if (i < 0 || zip_stat_index(z->z, (zip_uint64_t)i, 0, &st) != 0) {
        *fail = (foi_fail){"unreadable", foi_sprintf(z->a, "the archive has no part %s", name)};
        return NULL;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        *fail = (foi_fail){"unsupported", "encrypted (password-protected) document"};
        return NULL;
    }
    /* The directory's size is only a hint (it can lie); the caps are enforced while reading. */
    size_t cap = FOI_ZIP_MAX_ENTRY;
    if (FOI_ZIP_MAX_TOTAL - z->total < cap) cap = FOI_ZIP_MAX_TOTAL - z->total;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) {
        *fail = (foi_fail){"unreadable", foi_sprintf(z->a, "part %s is too large (%llu bytes)",
                                                     name, (unsigned long long)st.size)};
        return NULL;
    }
    size_t want = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size : 65536;
    zip_file_t *f = zip_fopen_index(z->z, (zip_uint64_t)i, 0);
    if (!f) {
        *fail = (foi_fail){"unreadable", foi_sprintf(z->a, "part %s cannot be opened", name)};
        return NULL;
    }
    size_t size = want + 1, n = 0;
    char *buf = foi_mem_malloc(size);
    const char *why = NULL;
    while (buf) {
        if (n + 1 == size) {
            if (size - 1 >= cap) {
                /* one byte more than allowed decides it: over the cap */
                char probe;
                if (zip_fread(f, &probe, 1) > 0) why = "is too large";
                break;
            }
            size_t ns = size * 2 > cap + 1 ? cap + 1 : size * 2;
            char *nb = foi_mem_realloc(buf, ns);
            if (!nb) {
                foi_mem_free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            size = ns;
        }
        zip_int64_t k = zip_fread(f, buf + n, size - 1 - n);
        if (k < 0) {
            why = "is corrupt";
            break;
        }
        if (k == 0) break;
        n += (size_t)k;
        if ((st.valid & ZIP_STAT_SIZE) && n > st.size) {
            why = "decompresses beyond its declared size (a zip bomb)";
            break;
        }
        size_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
        if (n > FOI_ZIP_RATIO_FLOOR && n / (comp + 1) > FOI_ZIP_MAX_RATIO) {
            why = "decompresses far beyond its size (a zip bomb)";
            break;
        }
    }
    zip_fclose(f);
    if (!buf) foi_arena_oom(z->a);
    if (why) {
        foi_mem_free(buf);
        *fail = (foi_fail){"unreadable", foi_sprintf(z->a, "part %s %s", name, why)};
        return NULL;
    }
    z->total += n;
    char *out = foi_alloc(z->a, n + 1);
    memcpy(out, buf, n);
    foi_mem_free(buf);
    if (len) *len = n;
    return out;
}

const char *foi_zip_kind(foi_zip *z)
{
    if (foi_zip_has(z, "xl/workbook.xml")) return "xlsx";
    if (foi_zip_has(z, "word/document.xml")) return "docx";
    if (foi_zip_has(z, "ppt/presentation.xml")) return "pptx";
    if (foi_zip_has(z, "mimetype")) {
        foi_fail f;
        size_t n;
        char *m = foi_zip_read(z, "mimetype", &n, &f);
        if (m && n < 200) {
            if (!strcmp(m, "application/vnd.oasis.opendocument.spreadsheet")) return "ods";
            if (!strcmp(m, "application/vnd.oasis.opendocument.text")) return "odt";
            if (!strcmp(m, "application/vnd.oasis.opendocument.presentation")) return "odp";
        }
    }
    return "zip";
}
