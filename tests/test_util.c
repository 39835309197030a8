/* util/: arena allocation and fault injection, string folding, SHA-256. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/map.h"
#include "util/mem.h"
#include "util/sha256.h"
#include "util/str.h"

static void arena_basics(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    assert_non_null(a);
    char *s = foi_strdup(a, "hello");
    assert_string_equal(s, "hello");
    assert_null(foi_strdup(a, NULL));
    assert_string_equal(foi_sprintf(a, "%d-%s", 42, "x"), "42-x");
    /* a block bigger than a chunk still works and is zeroed */
    unsigned char *big = foi_alloc(a, 1 << 20);
    for (size_t i = 0; i < 1 << 20; i += 4096)
        assert_int_equal(big[i], 0);
    int *g = foi_alloc(a, 4 * sizeof *g);
    g[3] = 7;
    g = foi_grow(a, g, 4 * sizeof *g, 8 * sizeof *g);
    assert_int_equal(g[3], 7);
    assert_int_equal(g[7], 0);
    FOI_VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        FOI_VEC_PUSH(a, v, i);
    assert_int_equal(v.n, 1000);
    assert_int_equal(v.v[999], 999);
    foi_arena_free(a);
}

static void arena_trap_on_failed_allocation(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    assert_non_null(a);
    volatile int reached = 0;
    if (FOI_ARENA_TRY(a)) {
        foi_mem_fail_after(1);
        foi_alloc(a, 1 << 20); /* needs a fresh chunk: fails */
        reached = 1;
    } else {
        reached = 2;
    }
    foi_arena_untrap(a);
    assert_int_equal(reached, 2);
    /* the arena is still usable and freeable after the failure */
    assert_non_null(foi_strdup(a, "after"));
    foi_arena_free(a);
}

static void plain_malloc_fault_injection(void **state)
{
    (void)state;
    foi_mem_fail_after(2);
    void *p1 = foi_mem_malloc(8);
    void *p2 = foi_mem_malloc(8);
    void *p3 = foi_mem_malloc(8);
    assert_non_null(p1);
    assert_null(p2);
    assert_non_null(p3);
    foi_mem_free(p1);
    foi_mem_free(p3);
}

static void clean_and_fold(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    static const struct {
        const char *in, *clean, *fold;
    } t[] = {
        {"  Sexual\tcomms \n with child ", "Sexual comms with child", "sexual comms with child"},
        {"Stalking \xE2\x80\x93 2", "Stalking - 2", "stalking 2"},
        {"\xE2\x80\x98TikTok\xE2\x80\x99", "'TikTok'", "tiktok"},
        {"Stalking & Harassment", "Stalking & Harassment", "stalking and harassment"},
        {"a\xC2\xA0\xC2\xA0"
         "b",
         "a b", "a b"},
        {"", "", ""},
        {"Don't", "Don't", "dont"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_string_equal(foi_clean(a, t[i].in), t[i].clean);
        assert_string_equal(foi_fold(a, t[i].in), t[i].fold);
    }
    assert_string_equal(foi_fingerprint(a, "Harassment, Stalking and harassment"),
                        "and harassment stalking");
    assert_true(foi_has_word("Outcome 14 - x", "outcome 14"));
    assert_false(foi_has_word("Outcome 145", "outcome 14"));
    assert_true(foi_startswith_ci("TOTAL crimes", "total"));
    size_t n;
    char **lines = foi_split_lines(a, "a\r\nb\rc\nd", &n);
    assert_int_equal(n, 4);
    assert_string_equal(lines[1], "b");
    assert_string_equal(lines[3], "d");
    assert_true(foi_blank(" \t\xC2\xA0\n"));
    assert_false(foi_blank(" x "));
    foi_arena_free(a);
}

/* The fast paths (ASCII fold in one pass, strpbrk-led search) agree with the slow ones. */
static void fold_and_search_fast_paths(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    static const struct {
        const char *in, *fold;
    } f[] = {
        {"&", "and"},
        {"&&", "and and"},
        {"A&B", "a and b"},
        {"  -Kent-  Police- ", "kent police"},
        {"x\x01y\x7fz", "x y z"},
        {"R&D \xE2\x80\x93 caf\xC3\xA9", "r and d caf\xC3\xA9"}, /* not ASCII: cleaned first */
        {"\xE2\x80\x98&\xE2\x80\x99", "and"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        assert_string_equal(foi_fold(a, f[i].in), f[i].fold);
    assert_null(foi_fold(a, NULL));
    static const struct {
        const char *s, *needle;
        int at; /* -1: not found */
    } c[] = {
        {"Information Commissioner", "commissioner", 12},
        {"x = 5", "=", 2},
        {"EEEe", "ee", 0},
        {"abc", "C", 2},
        {"ab", "abc", -1},
        {"a", "ab", -1},
        {"no attachMENTS", "attachments", 3},
        {"", "a", -1},
        {"anything", "", 0},
        {"Zero crimes", "zero", 0},
        {"dozen", "ze", 2},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        const char *r = foi_strcasestr(c[i].s, c[i].needle);
        if (c[i].at < 0)
            assert_null(r);
        else
            assert_ptr_equal(r, c[i].s + c[i].at);
    }
    foi_arena_free(a);
}

/* UTF-8 encoding at each length boundary, and Windows-1252's upper half. */
static void utf8_put_and_cp1252(void **state)
{
    (void)state;
    static const struct {
        unsigned cp;
        const char *utf8;
    } u[] = {{0x41, "A"},
             {0x7F, "\x7F"},
             {0x80, "\xC2\x80"},
             {0xA3, "\xC2\xA3"},
             {0x7FF, "\xDF\xBF"},
             {0x800, "\xE0\xA0\x80"},
             {0x2013, "\xE2\x80\x93"},
             {0xFFFD, "\xEF\xBF\xBD"},
             {0x10000, "\xF0\x90\x80\x80"},
             {0x10FFFF, "\xF4\x8F\xBF\xBF"}};
    for (size_t i = 0; i < sizeof u / sizeof *u; i++) {
        char d[5] = {0};
        size_t n = foi_utf8_put(d, u[i].cp);
        assert_int_equal(n, strlen(u[i].utf8));
        assert_memory_equal(d, u[i].utf8, n);
        assert_int_equal(foi_utf8_seq((const unsigned char *)d, n), n);
    }
    static const struct {
        unsigned char b;
        unsigned cp;
    } w[] = {{0x41, 0x41},   {0x80, 0x20AC}, {0x81, 0},    {0x96, 0x2013}, {0x9D, 0},
             {0x9F, 0x0178}, {0xA3, 0xA3},   {0xE9, 0xE9}, {0xFF, 0xFF}};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        assert_int_equal(foi_cp1252(w[i].b), w[i].cp);
}

/* Arena slots are one per key pair, NULL at first, and run out cleanly. */
static void arena_slots(void **state)
{
    (void)state;
    static const char k[FOI_ARENA_SLOTS + 1];
    foi_arena *a = foi_arena_new();
    void **s0 = foi_arena_slot(a, &k[0], NULL);
    assert_non_null(s0);
    assert_null(*s0);
    *s0 = (void *)"x";
    assert_ptr_equal(foi_arena_slot(a, &k[0], NULL), s0);
    assert_ptr_not_equal(foi_arena_slot(a, &k[0], &k[1]), s0);
    for (int i = 1; i < FOI_ARENA_SLOTS - 1; i++)
        assert_non_null(foi_arena_slot(a, &k[i], NULL));
    assert_null(foi_arena_slot(a, &k[FOI_ARENA_SLOTS], NULL)); /* all taken */
    assert_string_equal(*foi_arena_slot(a, &k[0], NULL), "x");
    foi_arena_free(a);
}

/* A memoised function runs once per key and question kind; a full answer serves a plain one. */
static int memo_calls;
static void memo_square(const void *ctx, foi_arena *a, const char *key, void *out, bool full)
{
    (void)a;
    memo_calls++;
    long v = key ? strtol(key, NULL, 10) : 0;
    *(long *)out = v * v * (full ? *(const long *)ctx : 1);
}

static void memo_runs_once(void **state)
{
    (void)state;
    static const char tag;
    long ten = 10, out = 0;
    foi_arena *a = foi_arena_new();
    memo_calls = 0;
    foi_memo(a, &tag, &ten, "3", &out, sizeof out, false, memo_square);
    assert_int_equal(out, 9);
    foi_memo(a, &tag, &ten, "3", &out, sizeof out, false, memo_square);
    assert_int_equal(memo_calls, 1);
    foi_memo(a, &tag, &ten, "3", &out, sizeof out, true, memo_square); /* a new question */
    assert_int_equal(out, 90);
    assert_int_equal(memo_calls, 2);
    foi_memo(a, &tag, &ten, "4", &out, sizeof out, true, memo_square);
    foi_memo(a, &tag, &ten, "4", &out, sizeof out, false, memo_square); /* served by full */
    assert_int_equal(out, 160);
    assert_int_equal(memo_calls, 3);
    long two = 2;
    foi_memo(a, &tag, &two, "4", &out, sizeof out, true, memo_square); /* another ctx */
    assert_int_equal(out, 32);
    foi_memo(a, &tag, &two, NULL, &out, sizeof out, true, memo_square); /* no key: no memo */
    assert_int_equal(memo_calls, 5);
    foi_arena_free(a);
    /* a new arena starts empty */
    foi_arena *b = foi_arena_new();
    foi_memo(b, &tag, &ten, "3", &out, sizeof out, false, memo_square);
    assert_int_equal(memo_calls, 6);
    foi_arena_free(b);
}

static void sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    foi_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    foi_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* streaming in odd pieces equals one shot */
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    foi_sha256 s;
    foi_sha256_init(&s);
    for (size_t i = 0; i < strlen(msg); i += 5)
        foi_sha256_update(&s, msg + i, strlen(msg) - i < 5 ? strlen(msg) - i : 5);
    foi_sha256_final_hex(&s, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_basics),
        cmocka_unit_test(arena_trap_on_failed_allocation),
        cmocka_unit_test(plain_malloc_fault_injection),
        cmocka_unit_test(clean_and_fold),
        cmocka_unit_test(fold_and_search_fast_paths),
        cmocka_unit_test(utf8_put_and_cp1252),
        cmocka_unit_test(arena_slots),
        cmocka_unit_test(memo_runs_once),
        cmocka_unit_test(sha256_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
