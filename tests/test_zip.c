/* util/zip: bounded reading of zip archives; hostile archives are built here, in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/zip.h"

/* A minimal zip writer: enough to make the archives real tools make and the ones they must
 * refuse (lying sizes, encrypted flags, bombs). */
typedef struct entry {
    const char *name;
    const unsigned char *data;
    size_t len;
    int deflate;   /* compress with raw deflate */
    int encrypted; /* set the "encrypted" general-purpose flag */
    long claim;    /* >= 0: the uncompressed size to claim instead of the real one */
} entry;

typedef struct out {
    unsigned char *p;
    size_t n, cap;
} out;

static void put(out *o, const void *d, size_t n)
{
    if (o->n + n > o->cap) {
        o->cap = (o->n + n) * 2;
        o->p = realloc(o->p, o->cap);
        assert_non_null(o->p);
    }
    memcpy(o->p + o->n, d, n);
    o->n += n;
}
static void u16(out *o, unsigned v)
{
    unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    put(o, b, 2);
}
static void u32(out *o, unsigned long v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    put(o, b, 4);
}

static unsigned char *deflate_raw(const unsigned char *d, size_t n, size_t *outn)
{
    z_stream s = {0};
    assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&s, n);
    unsigned char *o = malloc(cap);
    s.next_in = (unsigned char *)d;
    s.avail_in = (uInt)n;
    s.next_out = o;
    s.avail_out = (uInt)cap;
    assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
    *outn = s.total_out;
    deflateEnd(&s);
    return o;
}

static out make_zip(const entry *e, int count)
{
    out o = {0};
    unsigned long *offs = calloc((size_t)count, sizeof *offs);
    unsigned char **comp = calloc((size_t)count, sizeof *comp);
    size_t *clen = calloc((size_t)count, sizeof *clen);
    for (int i = 0; i < count; i++) {
        offs[i] = o.n;
        if (e[i].deflate)
            comp[i] = deflate_raw(e[i].data, e[i].len, &clen[i]);
        else {
            comp[i] = malloc(e[i].len + 1);
            memcpy(comp[i], e[i].data, e[i].len);
            clen[i] = e[i].len;
        }
        unsigned long crc = crc32(0, e[i].data, (uInt)e[i].len);
        unsigned long size = e[i].claim >= 0 ? (unsigned long)e[i].claim : e[i].len;
        u32(&o, 0x04034b50);
        u16(&o, 20);
        u16(&o, e[i].encrypted ? 1 : 0);
        u16(&o, e[i].deflate ? 8 : 0);
        u16(&o, 0);
        u16(&o, 0x21);
        u32(&o, crc);
        u32(&o, clen[i]);
        u32(&o, size);
        u16(&o, (unsigned)strlen(e[i].name));
        u16(&o, 0);
        put(&o, e[i].name, strlen(e[i].name));
        put(&o, comp[i], clen[i]);
    }
    unsigned long cd = o.n;
    for (int i = 0; i < count; i++) {
        unsigned long size = e[i].claim >= 0 ? (unsigned long)e[i].claim : e[i].len;
        u32(&o, 0x02014b50);
        u16(&o, 20);
        u16(&o, 20);
        u16(&o, e[i].encrypted ? 1 : 0);
        u16(&o, e[i].deflate ? 8 : 0);
        u16(&o, 0);
        u16(&o, 0x21);
        u32(&o, crc32(0, e[i].data, (uInt)e[i].len));
        u32(&o, clen[i]);
        u32(&o, size);
        u16(&o, (unsigned)strlen(e[i].name));
        u16(&o, 0);
        u16(&o, 0);
        u16(&o, 0);
        u16(&o, 0);
        u32(&o, 0);
        u32(&o, offs[i]);
        put(&o, e[i].name, strlen(e[i].name));
        free(comp[i]);
    }
    unsigned long cdlen = o.n - cd;
    u32(&o, 0x06054b50);
    u16(&o, 0);
    u16(&o, 0);
    u16(&o, (unsigned)count);
    u16(&o, (unsigned)count);
    u32(&o, cdlen);
    u32(&o, cd);
    u16(&o, 0);
    free(offs);
    free(comp);
    free(clen);
    return o;
}

#define TXT(s) (const unsigned char *)(s), sizeof(s) - 1

static void reads_parts_and_kinds(void **state)
{
    (void)state;
    static const struct {
        entry e[3];
        int n;
        const char *kind;
    } cases[] = {
        {{{"[Content_Types].xml", TXT("<Types/>"), 0, 0, -1},
          {"xl/workbook.xml", TXT("<workbook/>"), 1, 0, -1}},
         2,
         "xlsx"},
        {{{"word/document.xml", TXT("<w:document/>"), 1, 0, -1}}, 1, "docx"},
        {{{"mimetype", TXT("application/vnd.oasis.opendocument.spreadsheet"), 0, 0, -1},
          {"content.xml", TXT("<office:document-content/>"), 1, 0, -1}},
         2,
         "ods"},
        {{{"mimetype", TXT("application/vnd.oasis.opendocument.text"), 0, 0, -1}}, 1, "odt"},
        {{{"ppt/presentation.xml", TXT("<p/>"), 1, 0, -1}}, 1, "pptx"},
        {{{"readme.txt", TXT("hello"), 0, 0, -1}}, 1, "zip"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        out o = make_zip(cases[i].e, cases[i].n);
        foi_arena *a = foi_arena_new();
        foi_fail f = {0};
        foi_zip *z = foi_zip_open(a, o.p, o.n, &f);
        assert_non_null(z);
        assert_string_equal(foi_zip_kind(z), cases[i].kind);
        assert_int_equal(foi_zip_count(z), (size_t)cases[i].n);
        for (int k = 0; k < cases[i].n; k++) {
            const entry *e = &cases[i].e[k];
            assert_string_equal(foi_zip_name(z, (size_t)k), e->name);
            assert_true(foi_zip_has(z, e->name));
            size_t len = 0;
            char *s = foi_zip_read(z, e->name, &len, &f);
            assert_non_null(s);
            assert_int_equal(len, e->len);
            assert_memory_equal(s, e->data, len);
            assert_int_equal(s[len], 0);
        }
        assert_null(foi_zip_name(z, 99));
        assert_false(foi_zip_has(z, "nope.xml"));
        assert_null(foi_zip_read(z, "nope.xml", NULL, &f));
        assert_string_equal(f.status, "unreadable");
        foi_zip_close(z);
        foi_zip_close(z); /* closing twice is harmless */
        assert_int_equal(foi_zip_count(z), 0);
        foi_arena_free(a);
        free(o.p);
    }
}

static void refuses_hostile_archives(void **state)
{
    (void)state;
    /* a bomb: 300 MB of zeros deflate to about 300 KB */
    size_t bomb_n = (size_t)300 << 20;
    unsigned char *zeros = calloc(bomb_n, 1);
    assert_non_null(zeros);
    size_t big_n = (size_t)70 << 20; /* over the per-part cap, honestly declared */
    static const unsigned char doc[] = "<w:document/>";
    struct {
        entry e;
        const char *status, *detail;
    } cases[] = {
        {{"word/document.xml", doc, sizeof doc - 1, 1, 1, -1}, "unsupported", "encrypted"},
        {{"word/document.xml", zeros, bomb_n, 1, 0, 100}, "unreadable", "bomb"},
        {{"word/document.xml", zeros, big_n, 1, 0, -1}, "unreadable", "too large"},
        {{"word/document.xml", zeros, bomb_n, 1, 0, -1}, "unreadable", "too large"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        out o = make_zip(&cases[i].e, 1);
        foi_arena *a = foi_arena_new();
        foi_fail f = {0};
        foi_zip *z = foi_zip_open(a, o.p, o.n, &f);
        assert_non_null(z);
        assert_null(foi_zip_read(z, "word/document.xml", NULL, &f));
        assert_string_equal(f.status, cases[i].status);
        if (!strstr(f.detail, cases[i].detail)) fail_msg("case %zu: %s", i, f.detail);
        foi_arena_free(a); /* the handle is closed by the arena */
        free(o.p);
    }
    free(zeros);
}

static void refuses_broken_archives(void **state)
{
    (void)state;
    entry e = {"xl/workbook.xml", TXT("<workbook>data</workbook>"), 1, 0, -1};
    out o = make_zip(&e, 1);
    static const char junk[] = "PK\3\4 this is not a zip at all";
    struct {
        const unsigned char *p;
        size_t n;
    } cases[] = {
        {(const unsigned char *)junk, sizeof junk - 1},
        {o.p, o.n / 2}, /* truncated: no central directory */
        {o.p, o.n - 1}, /* end record cut */
        {o.p, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        foi_fail f = {0};
        if (foi_zip_open(a, cases[i].p, cases[i].n, &f)) fail_msg("broken case %zu opened", i);
        assert_string_equal(f.status, "unreadable");
        foi_arena_free(a);
    }
    /* a corrupt deflate stream behind a sound directory: the read fails, cleanly */
    out c = make_zip(&e, 1);
    c.p[30 + strlen(e.name) + 2] ^= 0xFF;
    foi_arena *a = foi_arena_new();
    foi_fail f = {0};
    foi_zip *z = foi_zip_open(a, c.p, c.n, &f);
    if (z) {
        char *s = foi_zip_read(z, "xl/workbook.xml", NULL, &f);
        if (!s)
            assert_string_equal(f.status, "unreadable");
        else
            assert_memory_not_equal(s, "<workbook>data</workbook>", 25);
    }
    foi_arena_free(a);
    free(c.p);
    free(o.p);
}

static void every_failed_allocation_is_clean(void **state)
{
    (void)state;
    entry e[] = {
        {"mimetype", TXT("application/vnd.oasis.opendocument.text"), 0, 0, -1},
        {"content.xml", TXT("<office:document-content>text</office:document-content>"), 1, 0, -1}};
    out o = make_zip(e, 2);
    for (long k = 1; k < 200; k++) {
        foi_arena *a = foi_arena_new();
        assert_non_null(a);
        volatile int done = 0;
        if (FOI_ARENA_TRY(a)) {
            foi_mem_fail_after(k);
            foi_fail f = {0};
            foi_zip *z = foi_zip_open(a, o.p, o.n, &f);
            if (z) {
                (void)foi_zip_kind(z);
                (void)foi_zip_read(z, "content.xml", NULL, &f);
            }
            done = 1;
        }
        foi_mem_fail_after(0);
        foi_arena_untrap(a);
        foi_arena_free(a);
        if (done && k > 20) break; /* past the last allocation */
    }
    free(o.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_parts_and_kinds),
        cmocka_unit_test(refuses_hostile_archives),
        cmocka_unit_test(refuses_broken_archives),
        cmocka_unit_test(every_failed_allocation_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
