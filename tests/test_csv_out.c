/* CSV and JSON exports: exact bytes for a hand-built result (quoting, UTF-8, missing values),
 * directory creation, temporary files, and error paths. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "output/csv.h"
#include "output/json.h"
#include "tests/helpers.h"

static char tmpdir[256];

static int setup(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/foi_csv_XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    (void)state;
    return 0;
}

static int teardown(void **state)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    (void)state;
    return system(cmd) == 0 ? 0 : -1;
}

static void assert_file(const char *dir, const char *name, const char *want)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *got = (char *)slurp(path, NULL);
    assert_non_null(got);
    if (strcmp(got, want) != 0) fprintf(stderr, "--- %s got:\n%s--- want:\n%s", name, got, want);
    assert_string_equal(got, want);
    free(got);
    snprintf(path, sizeof path, "%s/%s.tmp", dir, name);
    assert_int_not_equal(access(path, F_OK), 0); /* no temporary left behind */
}

static foi_record rec(const char *file, const char *offence_raw, const char *value, bool exact,
                      long count, long min, long max, const char *where)
{
    foi_record r = {0};
    r.file = file;
    r.force_code = "E23000032";
    r.force = "Kent Police";
    r.platform = "TikTok";
    r.period_start = "2021-04-01";
    r.period_end = "2022-03-31";
    r.period = "2021/22";
    r.offence_code = "8R";
    r.offence_subcode = "008/72";
    r.offence = "Malicious communications";
    r.offence_raw = offence_raw;
    r.outcome_code = "ALL";
    r.outcome = "All outcomes";
    r.outcome_raw = NULL;
    r.value = value;
    r.exact = exact;
    r.count = count;
    r.count_min = min;
    r.count_max = max;
    r.where = where;
    return r;
}

/* A small result: plain row, quotes/commas/newlines, UTF-8, suppressed and unknown bounds,
 * NULL strings, an empty result section. */
static foi_result *build(foi_arena *a)
{
    foi_result *res = foi_alloc(a, sizeof *res);
    res->a = a;
    res->created = "2026-01-01T00:00:00";
    res->version = "0.1.0";
    FOI_VEC_PUSH(a, res->records,
                 rec("kent/foi-1.html", "Malicious Communications", "22", true, 22, 22, 22,
                     "table 1, row 2, col 2"));
    FOI_VEC_PUSH(a, res->records,
                 rec("kent/foi, \"2\".html", "Harassment, \"stalking\"\nand threats", "1,234", true,
                     1234, 1234, 1234, "table 2, row 4, col 3"));
    foi_record r = rec("kent/Öffentlich – café.txt", "Communications – “grossly offensive”", "<5",
                       false, 0, 1, 4, "line 37");
    r.offence_subcode = NULL;
    r.period_end = NULL;
    r.period = "2024 to date";
    FOI_VEC_PUSH(a, res->records, r);
    r = rec("kent/x.csv", NULL, "*", false, 0, 1, -1, "line 5");
    r.force_code = "";
    r.offence_code = "";
    r.offence = NULL;
    r.outcome_raw = "Charged\r\nsummonsed";
    FOI_VEC_PUSH(a, res->records, r);

    foi_source s = {.file = "kent/foi-1.html",
                    .sha256 = "ab12",
                    .format = "html",
                    .encoding = "utf-8",
                    .force_code = "E23000032",
                    .force = "Kent Police",
                    .reply_date = "2024-11-26",
                    .reference = "FOI 2024/0123",
                    .status = "data",
                    .refusal = "",
                    .records = 1,
                    .review_items = 0};
    FOI_VEC_PUSH(a, res->sources, s);
    s = (foi_source){.file = "kent/foi, \"2\".html",
                     .format = "html",
                     .encoding = "windows-1252",
                     .status = "refused",
                     .refusal = "s12+s40",
                     .records = 0,
                     .review_items = 2};
    FOI_VEC_PUSH(a, res->sources, s);

    foi_review v = {"kent/x.csv", "line 5", "unmapped_offence", "\"Online, other\" not mapped",
                    NULL};
    FOI_VEC_PUSH(a, res->review, v);
    return res;
}

static const char *want_records =
    "file,force_code,force,platform,period_start,period_end,period,offence_code,"
    "offence_subcode,offence,offence_raw,outcome_code,outcome,outcome_raw,value,count,"
    "count_min,count_max,where\n"
    "kent/foi-1.html,E23000032,Kent Police,TikTok,2021-04-01,2022-03-31,2021/22,8R,008/72,"
    "Malicious communications,Malicious Communications,ALL,All outcomes,,22,22,22,22,"
    "\"table 1, row 2, col 2\"\n"
    "\"kent/foi, \"\"2\"\".html\",E23000032,Kent Police,TikTok,2021-04-01,2022-03-31,2021/22,"
    "8R,008/72,Malicious communications,\"Harassment, \"\"stalking\"\"\nand threats\",ALL,"
    "All outcomes,,\"1,234\",1234,1234,1234,\"table 2, row 4, col 3\"\n"
    "kent/Öffentlich – café.txt,E23000032,Kent Police,TikTok,2021-04-01,,2024 to date,8R,,"
    "Malicious communications,Communications – “grossly offensive”,ALL,All outcomes,,<5,,1,4,"
    "line 37\n"
    "kent/x.csv,,Kent Police,TikTok,2021-04-01,2022-03-31,2021/22,,008/72,,,ALL,All outcomes,"
    "\"Charged\r\nsummonsed\",*,,1,,line 5\n";

static const char *want_sources =
    "file,sha256,format,encoding,force_code,force,reply_date,reference,status,refusal,records,"
    "review_items\n"
    "kent/foi-1.html,ab12,html,utf-8,E23000032,Kent Police,2024-11-26,FOI 2024/0123,data,,1,0\n"
    "\"kent/foi, \"\"2\"\".html\",,html,windows-1252,,,,,refused,s12+s40,0,2\n";

static const char *want_review = "file,where,kind,detail,suggestion\n"
                                 "kent/x.csv,line 5,unmapped_offence,"
                                 "\"\"\"Online, other\"\" not mapped\",\n";

static void test_csv_exact(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = build(a);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/out/nested/csv", tmpdir); /* created on the way */
    assert_int_equal(foi_csv_write_dir(res, dir), 0);
    assert_file(dir, "records.csv", want_records);
    assert_file(dir, "sources.csv", want_sources);
    assert_file(dir, "review.csv", want_review);
    /* a second write into the existing folder replaces the files */
    res->review.n = 0;
    strcat(dir, "/");
    assert_int_equal(foi_csv_write_dir(res, dir), 0);
    dir[strlen(dir) - 1] = '\0';
    assert_file(dir, "review.csv", "file,where,kind,detail,suggestion\n");
    foi_arena_free(a);
}

static void test_csv_empty(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = foi_alloc(a, sizeof *res);
    res->a = a;
    assert_int_equal(foi_csv_write_dir(res, tmpdir), 0);
    assert_file(tmpdir, "records.csv",
                "file,force_code,force,platform,period_start,period_end,period,offence_code,"
                "offence_subcode,offence,offence_raw,outcome_code,outcome,outcome_raw,value,"
                "count,count_min,count_max,where\n");
    assert_file(tmpdir, "sources.csv",
                "file,sha256,format,encoding,force_code,force,reply_date,reference,status,"
                "refusal,records,review_items\n");
    foi_arena_free(a);
}

static void test_csv_field_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } t[] = {
        {"plain", "plain"},
        {"", ""},
        {NULL, ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"cr\ronly", "\"cr\ronly\""},
        {"crlf\r\n", "\"crlf\r\n\""},
        {"<5", "<5"},
        {"  spaced  ", "  spaced  "},
        {"=SUM(A1)", "=SUM(A1)"},
        {"tab\there", "tab\there"},
        {"‘quoted’ – ok", "‘quoted’ – ok"},
        {"semi;colon", "semi;colon"},
        {"bad\xFFname.html", "bad\xEF\xBF\xBDname.html"}, /* not UTF-8: U+FFFD */
        {"x\xC3", "x\xEF\xBF\xBD"},                       /* cut short */
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);
        foi_csv_field(f, t[i].in);
        fclose(f);
        assert_string_equal(buf, t[i].out);
        free(buf);
    }
}

static void test_csv_errors(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = build(a);
    char path[512];
    /* the folder is a regular file */
    snprintf(path, sizeof path, "%s/plainfile", tmpdir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    errno = 0;
    assert_int_equal(foi_csv_write_dir(res, path), -1);
    assert_int_equal(errno, ENOTDIR);
    /* a folder below a regular file */
    strcat(path, "/sub");
    errno = 0;
    assert_int_equal(foi_csv_write_dir(res, path), -1);
    assert_int_not_equal(errno, 0);
    /* bad arguments */
    errno = 0;
    assert_int_equal(foi_csv_write_dir(res, ""), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(foi_csv_write_dir(NULL, tmpdir), -1);
    /* an unwritable folder (skipped as root, who can write anywhere) */
    if (geteuid() != 0) {
        snprintf(path, sizeof path, "%s/ro", tmpdir);
        assert_int_equal(mkdir(path, 0555), 0);
        assert_int_equal(foi_csv_write_dir(res, path), -1);
        assert_int_equal(errno, EACCES);
    }
    foi_arena_free(a);
}

static const char *want_json =
    "{\"records\":[\n"
    "{\"file\":\"kent/foi-1.html\",\"force_code\":\"E23000032\",\"force\":\"Kent Police\","
    "\"platform\":\"TikTok\",\"period_start\":\"2021-04-01\",\"period_end\":\"2022-03-31\","
    "\"period\":\"2021/22\",\"offence_code\":\"8R\",\"offence_subcode\":\"008/72\","
    "\"offence\":\"Malicious communications\",\"offence_raw\":\"Malicious Communications\","
    "\"outcome_code\":\"ALL\",\"outcome\":\"All outcomes\",\"outcome_raw\":\"\","
    "\"value\":\"22\",\"count\":22,\"count_min\":22,\"count_max\":22,"
    "\"where\":\"table 1, row 2, col 2\"},\n"
    "{\"file\":\"kent/foi, \\\"2\\\".html\",\"force_code\":\"E23000032\",\"force\":\"Kent "
    "Police\",\"platform\":\"TikTok\",\"period_start\":\"2021-04-01\",\"period_end\":"
    "\"2022-03-31\",\"period\":\"2021/22\",\"offence_code\":\"8R\",\"offence_subcode\":"
    "\"008/72\",\"offence\":\"Malicious communications\",\"offence_raw\":\"Harassment, "
    "\\\"stalking\\\"\\nand threats\",\"outcome_code\":\"ALL\",\"outcome\":\"All outcomes\","
    "\"outcome_raw\":\"\",\"value\":\"1,234\",\"count\":1234,\"count_min\":1234,"
    "\"count_max\":1234,\"where\":\"table 2, row 4, col 3\"},\n"
    "{\"file\":\"kent/Öffentlich – café.txt\",\"force_code\":\"E23000032\",\"force\":\"Kent "
    "Police\",\"platform\":\"TikTok\",\"period_start\":\"2021-04-01\",\"period_end\":\"\","
    "\"period\":\"2024 to date\",\"offence_code\":\"8R\",\"offence_subcode\":\"\","
    "\"offence\":\"Malicious communications\",\"offence_raw\":\"Communications – “grossly "
    "offensive”\",\"outcome_code\":\"ALL\",\"outcome\":\"All outcomes\",\"outcome_raw\":\"\","
    "\"value\":\"<5\",\"count\":null,\"count_min\":1,\"count_max\":4,\"where\":\"line 37\"},\n"
    "{\"file\":\"kent/x.csv\",\"force_code\":\"\",\"force\":\"Kent Police\",\"platform\":"
    "\"TikTok\",\"period_start\":\"2021-04-01\",\"period_end\":\"2022-03-31\",\"period\":"
    "\"2021/22\",\"offence_code\":\"\",\"offence_subcode\":\"008/72\",\"offence\":\"\","
    "\"offence_raw\":\"\",\"outcome_code\":\"ALL\",\"outcome\":\"All outcomes\","
    "\"outcome_raw\":\"Charged\\r\\nsummonsed\",\"value\":\"*\",\"count\":null,"
    "\"count_min\":1,\"count_max\":null,\"where\":\"line 5\"}],\n"
    "\"sources\":[\n"
    "{\"file\":\"kent/foi-1.html\",\"sha256\":\"ab12\",\"format\":\"html\",\"encoding\":"
    "\"utf-8\",\"force_code\":\"E23000032\",\"force\":\"Kent Police\",\"reply_date\":"
    "\"2024-11-26\",\"reference\":\"FOI 2024/0123\",\"status\":\"data\",\"refusal\":\"\","
    "\"records\":1,\"review_items\":0},\n"
    "{\"file\":\"kent/foi, \\\"2\\\".html\",\"sha256\":\"\",\"format\":\"html\",\"encoding\":"
    "\"windows-1252\",\"force_code\":\"\",\"force\":\"\",\"reply_date\":\"\",\"reference\":"
    "\"\",\"status\":\"refused\",\"refusal\":\"s12+s40\",\"records\":0,\"review_items\":2}],\n"
    "\"review\":[\n"
    "{\"file\":\"kent/x.csv\",\"where\":\"line 5\",\"kind\":\"unmapped_offence\",\"detail\":"
    "\"\\\"Online, other\\\" not mapped\",\"suggestion\":\"\"}]}\n";

static void test_json_exact(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = build(a);
    char path[512];
    snprintf(path, sizeof path, "%s/out.json", tmpdir);
    assert_int_equal(foi_json_write(res, path), 0);
    assert_file(tmpdir, "out.json", want_json);
    foi_arena_free(a);
}

static void test_json_empty_and_errors(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_result *res = foi_alloc(a, sizeof *res);
    res->a = a;
    char path[512];
    snprintf(path, sizeof path, "%s/empty.json", tmpdir);
    assert_int_equal(foi_json_write(res, path), 0);
    assert_file(tmpdir, "empty.json", "{\"records\":[],\n\"sources\":[],\n\"review\":[]}\n");
    snprintf(path, sizeof path, "%s/no/such/dir/x.json", tmpdir);
    errno = 0;
    assert_int_equal(foi_json_write(res, path), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(foi_json_write(res, ""), -1);
    assert_int_equal(errno, EINVAL);
    foi_arena_free(a);
}

static void test_json_string_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } t[] = {
        {"plain", "\"plain\""},
        {NULL, "\"\""},
        {"", "\"\""},
        {"q\"b\\s/", "\"q\\\"b\\\\s/\""},
        {"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
        {"\b\f", "\"\\b\\f\""},
        {"\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\""},
        {"café – “x” €", "\"café – “x” €\""},
        {"emoji \xf0\x9f\x98\x80", "\"emoji \xf0\x9f\x98\x80\""},
        {"latin1 \xe9t\xe9", "\"latin1 \\ufffdt\\ufffd\""}, /* Windows-1252 leak */
        {"overlong \xc0\xaf", "\"overlong \\ufffd\\ufffd\""},
        {"surrogate \xed\xa0\x80", "\"surrogate \\ufffd\\ufffd\\ufffd\""},
        {"cut \xe2\x80", "\"cut \\ufffd\\ufffd\""},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);
        foi_json_string(f, t[i].in);
        fclose(f);
        if (strcmp(buf, t[i].out) != 0)
            fprintf(stderr, "case %zu: got %s want %s\n", i, buf, t[i].out);
        assert_string_equal(buf, t[i].out);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_empty, setup, teardown),
        cmocka_unit_test(test_csv_field_table),
        cmocka_unit_test_setup_teardown(test_csv_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_empty_and_errors, setup, teardown),
        cmocka_unit_test(test_json_string_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
