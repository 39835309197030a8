/* Values: table-driven, each row a cell or phrase as police FOI replies print it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "normalize/value.h"

enum { E = FOI_VALUE_EXACT, B = FOI_VALUE_BOUNDS, N = FOI_VALUE_NONE, I = FOI_VALUE_INVALID };

typedef struct value_case {
    const char *text;
    int sup; /* index into sups */
    int kind;
    long min, max;
} value_case;

static const foi_suppress sups[] = {
    {"", 0, 0, 0, false, false},  /* 0: the reply says nothing */
    {"*", 1, 4, 0, false, false}, /* 1: "* = a value between 1 and 4" */
    {"*", 0, 0, 3, false, false}, /* 2: "* indicates fewer than 3" */
    {"", 0, 0, 5, false, false},  /* 3: "figures below 5 are suppressed" */
    {"~", 1, 2, 0, false, false}, /* 4: "~ = 1 or 2" */
    {"x", 1, 9, 0, false, false}, /* 5: "x = fewer than 10" */
    {"", 0, 0, 0, true, false},   /* 6: "blank cells represent zero" */
    {"", 1, 4, 5, false, true},   /* 7: "- denotes a suppressed value (1-4)" */
    {"#", 0, 0, 0, false, false}, /* 8: "# suppressed", no bounds */
};

static const value_case cases[] = {
    /* exact */
    {"22", 0, E, 22, 22},
    {"0", 0, E, 0, 0},
    {"1", 0, E, 1, 1},
    {"007", 0, E, 7, 7},
    {" 22 ", 0, E, 22, 22},
    {"\t15\r\n", 0, E, 15, 15},
    {"\xc2\xa0"
     "9\xc2\xa0",
     0, E, 9, 9},
    {"1,234", 0, E, 1234, 1234},
    {"12,345", 0, E, 12345, 12345},
    {"1,234,567", 0, E, 1234567, 1234567},
    {"77, 686", 0, E, 77686, 77686},
    {"1\xe2\x80\xaf"
     "234",
     0, E, 1234, 1234},
    {"1\xe2\x80\x89"
     "234",
     0, E, 1234, 1234},
    {"\"42\"", 0, E, 42, 42},
    {"12*", 0, E, 12, 12},
    {"12 *", 0, E, 12, 12},
    {"12**", 0, E, 12, 12},
    {"12*", 1, E, 12, 12},
    {"12 (a)", 0, E, 12, 12},
    {"12(1)", 0, E, 12, 12},
    {"12 [2]", 0, E, 12, 12},
    {"12\xc2\xb9", 0, E, 12, 12},
    {"12\xe2\x80\xa0", 0, E, 12, 12},
    {"1,234*", 0, E, 1234, 1234},
    {"nil", 0, E, 0, 0},
    {"Nil", 0, E, 0, 0},
    {"NIL", 0, E, 0, 0},
    {"none", 0, E, 0, 0},
    {"None", 0, E, 0, 0},
    {"zero", 0, E, 0, 0},
    {"Nil return", 0, E, 0, 0},
    {"None recorded", 0, E, 0, 0},
    {"0 (nil)", 0, E, 0, 0},
    {"-", 0, E, 0, 0},
    {" - ", 0, E, 0, 0},
    {"--", 0, E, 0, 0},
    {"\xe2\x80\x93", 0, E, 0, 0},
    {"\xe2\x80\x94", 0, E, 0, 0},
    {"\xe2\x88\x92", 0, E, 0, 0},
    {"-", 1, E, 0, 0},
    /* suppressed */
    {"<5", 0, B, 1, 4},
    {"< 5", 0, B, 1, 4},
    {"&lt;5", 0, B, 1, 4},
    {"<3", 0, B, 1, 2},
    {"<10", 0, B, 1, 9},
    {"<5*", 0, B, 1, 4},
    {"<=3", 0, B, 1, 3},
    {"<= 3", 0, B, 1, 3},
    {"\xe2\x89\xa4"
     "3",
     0, B, 1, 3},
    {"\xe2\x89\xa4 3", 0, B, 1, 3},
    {"&le;3", 0, B, 1, 3},
    {"1-4", 0, B, 1, 4},
    {"1 - 4", 0, B, 1, 4},
    {"1\xe2\x80\x93"
     "4",
     0, B, 1, 4},
    {"0-4", 0, B, 0, 4},
    {"1 to 4", 0, B, 1, 4},
    {"between 1 and 4", 0, B, 1, 4},
    {"Between 1 and 9", 0, B, 1, 9},
    {"fewer than 5", 0, B, 1, 4},
    {"Fewer than 5", 0, B, 1, 4},
    {"fewer than five", 0, B, 1, 4},
    {"less than 3", 0, B, 1, 2},
    {"Less than 10", 0, B, 1, 9},
    {"under 5", 0, B, 1, 4},
    {"below 5", 0, B, 1, 4},
    {"up to 4", 0, B, 1, 4},
    {"*", 0, B, 1, -1},
    {"[c]", 0, B, 1, -1},  /* ONS shorthand: confidential */
    {"[x]", 0, N, -1, -1}, /* not available: no record */
    {"[z]", 0, N, -1, -1},
    {"*", 1, B, 1, 4},
    {"*", 2, B, 1, 2},
    {"*", 3, B, 1, 4},
    {"**", 0, B, 1, -1},
    {"**", 1, B, 1, -1}, /* a different marker than the one defined */
    {"***", 3, B, 1, 4},
    {"~", 0, B, 1, -1},
    {"~", 4, B, 1, 2},
    {"x", 0, B, 1, -1},
    {"X", 5, B, 1, 9},
    {"x", 3, B, 1, 4},
    {"#", 8, B, 1, -1},
    {"c", 0, B, 1, -1},
    {"[c]", 3, B, 1, 4},
    {"redacted", 0, B, 1, -1},
    {"Redacted", 3, B, 1, 4},
    {"[redacted]", 0, B, 1, -1},
    {"[Redacted]", 1, B, 1, -1}, /* the reply defined "*", not this */
    {"(redacted)", 0, B, 1, -1},
    {"suppressed", 0, B, 1, -1},
    {"Suppressed", 2, B, 1, 2},
    {"withheld", 0, B, 1, -1},
    {"Not disclosed", 0, B, 1, -1},
    {"-", 7, B, 1, 4},
    {"\xe2\x80\x93", 7, B, 1, 4},
    /* no record */
    {"", 0, N, -1, -1},
    {"   ", 0, N, -1, -1},
    {"\xc2\xa0", 0, N, -1, -1},
    {"n/a", 0, N, -1, -1},
    {"N/A", 0, N, -1, -1},
    {"NA", 0, N, -1, -1},
    {"not applicable", 0, N, -1, -1},
    {"not recorded", 0, N, -1, -1},
    {"Not Recorded", 0, N, -1, -1},
    {"not available", 0, N, -1, -1},
    {"unknown", 0, N, -1, -1},
    {"Unknown", 0, N, -1, -1},
    {"not known", 0, N, -1, -1},
    {"no data", 0, N, -1, -1},
    {"..", 0, N, -1, -1},
    {"\xe2\x80\xa6", 0, N, -1, -1},
    {"[z]", 0, N, -1, -1},
    {"", 6, E, 0, 0},
    {"  ", 6, E, 0, 0},
    /* not figures */
    {"Harassment", 0, I, -1, -1},
    {"2021/22", 0, I, -1, -1},
    {"\xc2\xa3"
     "450",
     0, I, -1, -1},
    {"18 hours", 0, I, -1, -1},
    {"12.5", 0, I, -1, -1},
    {"15%", 0, I, -1, -1},
    {"1 234", 0, I, -1, -1},
    {"1.234", 0, I, -1, -1},
    {"1,23", 0, I, -1, -1},
    {"1,2345", 0, I, -1, -1},
    {"1234,567", 0, I, -1, -1},
    {"12-15", 0, I, -1, -1},
    {"645-24", 0, I, -1, -1},
    {"1-25", 0, I, -1, -1},
    {"4-1", 0, I, -1, -1},
    {"13+", 0, I, -1, -1},
    {">5", 0, I, -1, -1},
    {"-5", 0, I, -1, -1},
    {"+5", 0, I, -1, -1},
    {"<1", 0, I, -1, -1},
    {"<0", 0, I, -1, -1},
    {"<=0", 0, I, -1, -1},
    {"<", 0, I, -1, -1},
    {"fewer than", 0, I, -1, -1},
    {"Total", 0, I, -1, -1},
    {"8L", 0, I, -1, -1},
    {"71/17", 0, I, -1, -1},
    {"s40", 0, I, -1, -1},
    {"Section 12", 0, I, -1, -1},
    {"01/FIN/24/2153", 0, I, -1, -1},
    {"FOI 2024/0123", 0, I, -1, -1},
    {"05/07/2024", 0, I, -1, -1},
    {"0300 123 1113", 0, I, -1, -1},
    {"12 (abc)", 0, I, -1, -1},
    {"12 crimes", 0, I, -1, -1},
    {"1234567890123456", 0, I, -1, -1},
    {"one", 0, I, -1, -1},
    {"?", 0, I, -1, -1},
    {"**5", 0, I, -1, -1},
    {"12 12", 0, I, -1, -1},
};

static void test_value_table(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const value_case *c = &cases[i];
        foi_value v = foi_value_parse(c->text, &sups[c->sup]);
        bool good = (int)v.kind == c->kind;
        if (good && (c->kind == E || c->kind == B)) good = v.min == c->min && v.max == c->max;
        if (good && c->kind == E) good = v.count == c->min;
        if (good && c->kind == B) good = v.count == -1;
        if (good)
            good = foi_value_is_figure(c->text, &sups[c->sup]) == (c->kind == E || c->kind == B);
        if (!good) {
            fprintf(stderr, "value [%s] sup %d want %d %ld..%ld got %d %ld..%ld\n", c->text, c->sup,
                    c->kind, c->min, c->max, v.kind, v.min, v.max);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void test_value_null_sup(void **state)
{
    (void)state;
    foi_value v = foi_value_parse("<5", NULL);
    assert_int_equal(v.kind, FOI_VALUE_BOUNDS);
    assert_int_equal(v.min, 1);
    assert_int_equal(v.max, 4);
    v = foi_value_parse("*", NULL);
    assert_int_equal(v.kind, FOI_VALUE_BOUNDS);
    assert_int_equal(v.max, -1);
    v = foi_value_parse("-", NULL);
    assert_int_equal(v.kind, FOI_VALUE_EXACT);
    assert_int_equal(v.count, 0);
    assert_int_equal(foi_value_parse("", NULL).kind, FOI_VALUE_NONE);
    assert_int_equal(foi_value_parse(NULL, NULL).kind, FOI_VALUE_NONE);
    assert_false(foi_value_is_figure(NULL, NULL));
    assert_true(foi_value_is_figure("1,234", NULL));
    /* too long to be a figure */
    char big[400];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(foi_value_parse(big, NULL).kind, FOI_VALUE_INVALID);
}

/* Arbitrary bytes never crash; figures always have sane bounds (run under ASan). */
static void test_value_garbage(void **state)
{
    (void)state;
    unsigned long r = 777;
    const char alphabet[] = "0123456789,<=-* ~x()[]nilonea/\xe2\x89\xa4\xc2\xa0\xe2\x80";
    for (int it = 0; it < 20000; it++) {
        char buf[40];
        int n = (int)(r % 39);
        for (int i = 0; i < n; i++) {
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            buf[i] = (r >> 40) & 1 ? alphabet[(r >> 33) % (sizeof alphabet - 1)]
                                   : (char)((r >> 24) & 0xff ? (r >> 24) & 0xff : 1);
        }
        buf[n] = 0;
        r = r * 6364136223846793005UL + 1442695040888963407UL;
        foi_value v = foi_value_parse(buf, &sups[it % (sizeof sups / sizeof *sups)]);
        if (v.kind == FOI_VALUE_EXACT)
            assert_true(v.count >= 0 && v.min == v.count && v.max == v.count);
        if (v.kind == FOI_VALUE_BOUNDS)
            assert_true(v.min >= 0 && (v.max == -1 || v.max >= v.min) && v.count == -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_table),
        cmocka_unit_test(test_value_null_sup),
        cmocka_unit_test(test_value_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
