/* parsers/sniff: format from content and decoding to UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "parsers/sniff.h"

typedef struct {
    const char *bytes;
    size_t n; /* 0 = strlen */
    const char *name;
    foi_format format;
    const char *encoding;
    const char *text; /* expected decoded text, or NULL to skip */
} sniff_case;

static void formats_and_encodings(void **state)
{
    (void)state;
    static const sniff_case t[] = {
        {"", 0, "a.txt", FOI_FMT_EMPTY, "", NULL},
        {"  \n\r\n ", 0, "a.html", FOI_FMT_EMPTY, "", NULL},
        {"<!DOCTYPE html><html><body>x</body></html>", 0, "a.txt", FOI_FMT_HTML, "utf-8", NULL},
        {"<html><head><meta charset=\"utf-8\"></head></html>", 0, "r", FOI_FMT_HTML, "utf-8", NULL},
        {"<?xml version=\"1.0\"?><r><a>1</a></r>", 0, "a.html", FOI_FMT_XML, "utf-8", NULL},
        {"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", 0,
         "a.xml", FOI_FMT_HTML, "utf-8", NULL},
        {"<CrimeReturn><Offence/></CrimeReturn>", 0, "a.txt", FOI_FMT_XML, "utf-8", NULL},
        {"Dear Sir,\nIn 2022, 42 crimes were recorded.\n", 0, "a.txt", FOI_FMT_TEXT, "utf-8",
         "Dear Sir,\nIn 2022, 42 crimes were recorded.\n"},
        {"Year,Offence,Count\n2021,Harassment,3\n2022,Harassment,4\n2023,Stalking,1\n", 0,
         "export.dat", FOI_FMT_CSV, "utf-8", NULL},
        {"Force,Kent Police\n\nYear,Count\n2021,3\n", 0, "r.csv", FOI_FMT_CSV, "utf-8", NULL},
        {"Crime type;2021;2022\nStalking;3;4\nHarassment;<3;5\nTotal;9;11\n", 0, "reply.txt",
         FOI_FMT_CSV, "utf-8", NULL},
        {"Dear Sir; thank you.\nWe hold; some data; here.\n", 0, "r.txt", FOI_FMT_TEXT, "utf-8",
         NULL},
        {"\xEF\xBB\xBFStalking \xE2\x80\x93 2\n", 0, "a.txt", FOI_FMT_TEXT, "utf-8-bom",
         "Stalking \xE2\x80\x93 2\n"},
        {"Stalking \x96 2 \x93q\x94\n", 0, "a.txt", FOI_FMT_TEXT, "windows-1252",
         "Stalking \xE2\x80\x93 2 \xE2\x80\x9Cq\xE2\x80\x9D\n"},
        {"\xFF\xFE"
         "2\0000\0002\0002\000",
         10, "a.txt", FOI_FMT_TEXT, "utf-16le", "2022"},
        {"\xFE\xFF\0002\0000\0002\0002", 10, "a.txt", FOI_FMT_TEXT, "utf-16be", "2022"},
        {"H\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0", 22, "a.txt", FOI_FMT_TEXT, "utf-16le", "Hello world"},
        {"%PDF-1.7\n...", 0, "a.pdf", FOI_FMT_PDF, "", NULL},
        {"PK\003\004....", 8, "a.xlsx", FOI_FMT_ZIP, "", NULL},
        {"PK\005\006", 4, "empty.zip", FOI_FMT_ZIP, "", NULL},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "old.xls", FOI_FMT_OLE, "", NULL},
        {"\x1F\x8B\x08\0", 4, "replies.tar.gz", FOI_FMT_ARCHIVE, "", NULL},
        {"Rar!\x1A\x07", 6, "replies.rar", FOI_FMT_ARCHIVE, "", NULL},
        {"From: FOI <foi@kent.police.uk>\nSubject: RE: FOI 2024/1\nMIME-Version: 1.0\n"
         "Content-Type: text/plain\n\nIn 2022, 4 crimes.\n",
         0, "reply.eml", FOI_FMT_EML, "", NULL},
        /* an e-mail pasted as text, without MIME headers, is read by the text parser */
        {"From: FOI <foi@kent.police.uk>\nSent: 3 May 2024\nSubject: RE: FOI\n\nIn 2022, 4.\n", 0,
         "reply.txt", FOI_FMT_TEXT, "utf-8", NULL},
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "reply.html", FOI_FMT_BINARY, "", NULL},
        {"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12", 0, "r.txt", FOI_FMT_BINARY, "",
         NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        foi_arena *a = foi_arena_new();
        size_t n = t[i].n ? t[i].n : strlen(t[i].bytes);
        foi_decoded d = foi_sniff_decode(a, (const unsigned char *)t[i].bytes, n, t[i].name);
        if (d.format != t[i].format || strcmp(d.encoding, t[i].encoding) != 0)
            fail_msg("case %zu: got %s/%s, want %s/%s", i, foi_format_name(d.format), d.encoding,
                     foi_format_name(t[i].format), t[i].encoding);
        if (t[i].text) assert_string_equal(d.text, t[i].text);
        foi_arena_free(a);
    }
}

static void nul_bytes_are_removed_and_reported(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    static const char in[] = "In 2022, 4\0002 crimes were recorded in the county.\n";
    foi_decoded d = foi_sniff_decode(a, (const unsigned char *)in, sizeof in - 1, "r.txt");
    assert_int_equal(d.format, FOI_FMT_TEXT);
    assert_true(d.had_nul);
    assert_string_equal(d.text, "In 2022, 42 crimes were recorded in the county.\n");
    foi_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_and_encodings),
        cmocka_unit_test(nul_bytes_are_removed_and_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
