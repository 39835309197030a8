/* Rule tables: built-in load, lookups by code in every spelling, --rules overrides (replace,
 * add, new tables), validation diagnostics as file:line, the hash, and unreadable folders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "normalize/offence.h"
#include "normalize/outcome.h"
#include "normalize/rules.h"

static char DIR_[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", DIR_, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void clean_dir(void)
{
    static const char *const names[] = {"offences.tsv", "offence_aliases.tsv",
                                        "outcomes.tsv", "offence_keywords.tsv",
                                        "my_table.tsv", "notes.txt"};
    char path[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", DIR_, names[i]);
        unlink(path);
    }
}

static int setup(void **state)
{
    (void)state;
    snprintf(DIR_, sizeof DIR_, "/tmp/foitab-rules-XXXXXX");
    return mkdtemp(DIR_) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    clean_dir();
    rmdir(DIR_);
    return 0;
}

static bool has_diag(const foi_diag_vec *v, const char *where_part, const char *detail_part)
{
    for (size_t i = 0; i < v->n; i++)
        if (strstr(v->v[i].where, where_part) && strstr(v->v[i].detail, detail_part) &&
            strcmp(v->v[i].kind, "rules") == 0)
            return true;
    return false;
}

static void test_builtin(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_diag_vec errs = {0};
    foi_rules *r = foi_rules_load(a, NULL, &errs);
    assert_non_null(r);
    for (size_t i = 0; i < errs.n; i++)
        fprintf(stderr, "%s: %s\n", errs.v[i].where, errs.v[i].detail);
    assert_int_equal(errs.n, 0);
    size_t n;
    foi_rules_offences(r, &n);
    assert_int_equal(n, 177);
    foi_rules_outcomes(r, &n);
    assert_int_equal(n, 26);
    foi_rules_forces(r, &n);
    assert_int_equal(n, 46);
    assert_non_null(strstr(foi_rules_summary(r), "offences.tsv 177 rows"));
    assert_non_null(strstr(foi_rules_summary(r), "statutes.tsv"));
    const char *h = foi_rules_hash(r);
    assert_int_equal(strlen(h), 64);
    /* the same tables give the same hash */
    foi_arena *b = foi_arena_new();
    foi_rules *r2 = foi_rules_load(b, NULL, NULL);
    assert_string_equal(foi_rules_hash(r2), h);
    foi_arena_free(b);

    /* generic access */
    char ***rows = foi_rules_table(r, "offence_aliases", &n);
    assert_non_null(rows);
    assert_true(n > 10);
    assert_int_equal(foi_rules_column(r, "offence_aliases.tsv", "code"), 1);
    assert_int_equal(foi_rules_column(r, "offence_aliases", "nope"), -1);
    assert_non_null(strstr(foi_rules_where(r, "offence_aliases", 0), "offence_aliases.tsv:"));
    assert_null(foi_rules_table(r, "no_such_table", &n));
    assert_int_equal(n, 0);
    assert_non_null(foi_rules_index(r, FOI_RULES_IX_OFFENCE));
    foi_arena_free(a);
}

typedef struct {
    const char *in, *want; /* want NULL: no such offence */
} lcase;

static void test_lookups(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_rules *r = foi_rules_load(a, NULL, NULL);
    static const lcase off[] = {
        {"8L", "8L"},        {"08L", "8L"},        {"8l", "8L"},       {"105A", "105A"},
        {"71/17", "071/17"}, {"071/17", "071/17"}, {"8/72", "008/72"}, {"008/72", "008/72"},
        {"125/9", "125/09"}, {"196/7", "196/07"},  {"4/1", "4.1"},     {"37/2", "37.2"},
        {"4.10", "4.10"},    {"88A", "88A"},       {"8Z", NULL},       {"999", NULL},
        {"S15A", NULL},      {"", NULL},           {"2021/22", NULL},
    };
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
        const foi_offence_def *d = foi_rules_offence(r, off[i].in);
        if (!off[i].want) {
            if (d) fail_msg("offence(\"%s\") = %s, want none", off[i].in, d->code);
        } else if (!d || strcmp(d->code, off[i].want) != 0) {
            fail_msg("offence(\"%s\") = %s, want %s", off[i].in, d ? d->code : "none", off[i].want);
        }
    }
    assert_string_equal(foi_rules_offence(r, "71/17")->parent, "88A");
    assert_string_equal(foi_rules_offence(r, "008/67")->parent, "8U");
    assert_string_equal(foi_rules_offence(r, "195/94")->parent, "8L");
    assert_null(foi_rules_offence(r, "196/07")->parent);
    assert_null(foi_rules_offence(r, "8L")->parent);
    assert_string_equal(foi_rules_outcome(r, "01")->code, "1");
    assert_string_equal(foi_rules_outcome(r, "1a")->code, "1A");
    assert_string_equal(foi_rules_outcome(r, "0")->code, "0");
    assert_null(foi_rules_outcome(r, "23"));
    assert_string_equal(foi_rules_force(r, "E23000001")->name, "Metropolitan Police Service");
    assert_null(foi_rules_force(r, ""));

    static const lcase norm[] = {{"08L", "8L"},  {"71/17", "071/17"}, {"8/65", "008/65"},
                                 {"4.1", "4.1"}, {"105a", "105A"},    {"12345", NULL},
                                 {"abc", NULL},  {"8LL", NULL},       {"", NULL}};
    for (size_t i = 0; i < sizeof norm / sizeof norm[0]; i++) {
        char *c = foi_offence_code_norm(a, norm[i].in);
        if ((c == NULL) != (norm[i].want == NULL) || (c && strcmp(c, norm[i].want) != 0))
            fail_msg("norm(\"%s\") = %s", norm[i].in, c ? c : "NULL");
    }
    foi_arena_free(a);
}

static void test_override(void **state)
{
    (void)state;
    clean_dir();
    /* replace 8L's name, add a new classification; columns in another order */
    write_file("offences.tsv", "# analyst overrides\n"
                               "name\tcode\toffence_group\toffence_subgroup\taliases\n"
                               "Harassment (renamed)\t08L\tViolence against the person\t"
                               "Stalking and harassment\tPestering\n"
                               "Brand new offence\tZZ9\tMisc\tMisc\t\n"
                               "Another new offence\t999Z\tMisc\tMisc\t\n");
    write_file("offence_aliases.tsv", "alias\tcode\tnote\n"
                                      "Online nastiness\t8R\tteam decision\n"
                                      "Malicious Communications\t8Q\tthe team's own reading\n");
    write_file("my_table.tsv", "key\tvalue\n\nk1\tv1\n");
    write_file("notes.txt", "not a table");
    foi_arena *a = foi_arena_new();
    foi_diag_vec errs = {0};
    foi_rules *base = foi_rules_load(a, NULL, NULL);
    foi_rules *r = foi_rules_load(a, DIR_, &errs);
    assert_non_null(r);
    for (size_t i = 0; i < errs.n; i++)
        fprintf(stderr, "%s: %s\n", errs.v[i].where, errs.v[i].detail);
    /* "ZZ9" is not shaped like a Home Office code: reported with its line, the rest loads */
    assert_true(has_diag(&errs, "offences.tsv:4", "ZZ9"));
    assert_int_equal(errs.n, 1);
    assert_string_equal(foi_rules_offence(r, "999z")->name, "Another new offence");
    assert_string_equal(foi_rules_offence(r, "8L")->name, "Harassment (renamed)");
    size_t n;
    foi_rules_offences(r, &n);
    assert_int_equal(n, 178);
    assert_string_not_equal(foi_rules_hash(r), foi_rules_hash(base));
    assert_non_null(strstr(foi_rules_summary(r), "offences.tsv 178 rows (1 replaced, 1 added"));
    assert_non_null(strstr(foi_rules_summary(r), "my_table.tsv 1 rows"));
    char ***rows = foi_rules_table(r, "my_table", &n);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0][1], "v1");
    foi_offence_match m;
    foi_offence_map(r, a, "Online nastiness", &m);
    assert_string_equal(m.code, "8R");
    foi_offence_map(r, a, "Pestering", &m);
    assert_string_equal(m.code, "8L");
    foi_offence_map(base, a, "Online nastiness", &m);
    assert_string_equal(m.code, "");
    /* an override beats a built-in alias of the same wording, without a conflict error */
    foi_offence_map(r, a, "Malicious communications", &m);
    assert_string_equal(m.code, "8Q");
    foi_offence_map(base, a, "Malicious communications", &m);
    assert_string_equal(m.code, "8R");
    foi_arena_free(a);
}

static void test_errors(void **state)
{
    (void)state;
    clean_dir();
    write_file("offence_aliases.tsv", "alias\tcode\tnote\n"
                                      "Something\tNOPE\t\n"
                                      "\t8L\t\n"
                                      "Too many\t8L\tx\ty\n"
                                      "Twice\t8L\t\n"
                                      "twice\t8Q\t\n");
    write_file("offence_keywords.tsv", "all_of\tcode\tnone_of\tnote\n"
                                       "broken (regex\t8L\t\t\n");
    write_file("outcomes.tsv", "code\tname\tshort_name\tgroup\n"
                               "XX\tBad\tBad\tBad\n");
    foi_arena *a = foi_arena_new();
    foi_diag_vec errs = {0};
    foi_rules *r = foi_rules_load(a, DIR_, &errs);
    assert_non_null(r);
    for (size_t i = 0; i < errs.n; i++)
        fprintf(stderr, "  %s: %s\n", errs.v[i].where, errs.v[i].detail);
    assert_true(has_diag(&errs, "offence_aliases.tsv:2", "NOPE"));
    assert_true(has_diag(&errs, "offence_aliases.tsv:3", "no key"));
    assert_true(has_diag(&errs, "offence_aliases.tsv:4", "fields"));
    assert_true(has_diag(&errs, "offence_aliases.tsv:6", "duplicate"));
    assert_true(has_diag(&errs, "offence_keywords.tsv:2", "bad pattern"));
    assert_true(has_diag(&errs, "outcomes.tsv:2", "XX"));
    /* the later duplicate wins */
    foi_offence_match m;
    foi_offence_map(r, a, "Twice", &m);
    assert_string_equal(m.code, "8Q");
    foi_arena_free(a);

    /* a folder that cannot be read: no rules at all */
    a = foi_arena_new();
    foi_diag_vec e2 = {0};
    assert_null(foi_rules_load(a, "/nonexistent/foitab-rules", &e2));
    assert_true(e2.n >= 1);
    assert_non_null(strstr(e2.v[0].where, "/nonexistent/foitab-rules"));
    foi_arena_free(a);
}

static void test_oom(void **state)
{
    (void)state;
    /* an allocation failure inside the load jumps to the arena's trap, never crashes */
    for (volatile long k = 1; k < 80; k += 3) {
        foi_arena *a = foi_arena_new();
        assert_non_null(a);
        volatile bool done = false;
        if (FOI_ARENA_TRY(a)) {
            foi_mem_fail_after(k);
            foi_rules *r = foi_rules_load(a, NULL, NULL);
            foi_mem_fail_after(0);
            assert_non_null(r);
            done = true;
        } else {
            foi_mem_fail_after(0);
        }
        foi_arena_untrap(a);
        foi_arena_free(a);
        (void)done;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin),  cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_override), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
