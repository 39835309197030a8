/* util/: arena allocation and fault injection, string folding, SHA-256. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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

/* A memo map is one per (arena, tag) on a thread, and goes with its arena. */
static void memo_maps(void **state)
{
    (void)state;
    static const char tag1, tag2;
    foi_arena *a = foi_arena_new(), *b = foi_arena_new();
    foi_map *m1 = foi_map_memo(a, &tag1);
    assert_ptr_equal(foi_map_memo(a, &tag1), m1);
    assert_ptr_not_equal(foi_map_memo(a, &tag2), m1);
    assert_ptr_not_equal(foi_map_memo(b, &tag1), m1);
    foi_map_put(a, m1, "k", (void *)"v");
    assert_string_equal(foi_map_get(foi_map_memo(a, &tag1), "k"), "v");
    foi_arena_free(a);
    /* a new arena (maybe at the same address) starts empty */
    foi_arena *c = foi_arena_new();
    assert_null(foi_map_get(foi_map_memo(c, &tag1), "k"));
    /* more users than slots: evicted maps are rebuilt, never mixed up */
    static const char tags[12] = {0};
    for (int i = 0; i < 12; i++)
        foi_map_put(c, foi_map_memo(c, &tags[i]), "i", (void *)&tags[i]);
    for (int i = 0; i < 12; i++) {
        void *v = foi_map_get(foi_map_memo(c, &tags[i]), "i");
        assert_true(v == NULL || v == &tags[i]);
    }
    foi_arena_free(c);
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
        cmocka_unit_test(memo_maps),
        cmocka_unit_test(sha256_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
