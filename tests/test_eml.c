/* parsers/eml: decoders, sniffing, MIME structure, body choice, the quoted original, hostile
 * messages, the e-mail fixtures and allocation faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/eml.h"
#include "util/str.h"
#include "tests/helpers.h"

static foi_eml *parse_str(foi_arena *a, const char *s, foi_fail *fail)
{
    return foi_eml_parse(a, (const unsigned char *)s, strlen(s), fail);
}

/* ---------------------------------------------------------------- decoders */

typedef struct dec_case {
    const char *in;
    const char *want; /* decoded bytes */
    size_t want_len;  /* 0: strlen(want) */
} dec_case;

static void test_base64(void **state)
{
    (void)state;
    static const dec_case cases[] = {
        {"SGVsbG8sIHdvcmxkIQ==", "Hello, world!", 0},
        {"SGVs\r\nbG8s\r\nIHdv\r\ncmxk\r\nIQ==\r\n", "Hello, world!", 0},
        {"SGVsbG8sIHdvcmxkIQ", "Hello, world!", 0},           /* padding missing */
        {"  SGVs bG8s*IHdv!cmxk IQ==  ", "Hello, world!", 0}, /* junk between */
        {"SGk=SGk=", "HiHi", 0},                              /* chunks concatenated */
        {"", "", 0},
        {"====", "", 0},
        {"AAEC/w==", "\x00\x01\x02\xff", 4},
        {"A", "", 0}, /* six bits make no byte */
        {"wqM=", "\xc2\xa3", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        size_t n;
        unsigned char *d = foi_eml_base64(a, cases[i].in, strlen(cases[i].in), &n);
        size_t wl = cases[i].want_len ? cases[i].want_len : strlen(cases[i].want);
        assert_int_equal(n, wl);
        assert_memory_equal(d, cases[i].want, wl);
        assert_int_equal(d[n], 0);
        foi_arena_free(a);
    }
}

static void test_qp(void **state)
{
    (void)state;
    static const dec_case cases[] = {
        {"caf=E9", "caf\xe9", 0},
        {"caf=e9", "caf\xe9", 0},                               /* lower-case hex */
        {"long line =\r\ncontinued", "long line continued", 0}, /* soft break CRLF */
        {"long line =\ncontinued", "long line continued", 0},   /* soft break LF */
        {"soft with space =  \r\nnext", "soft with space next", 0},
        {"a=3Db", "a=b", 0},
        {"100% =ZZ sure", "100% =ZZ sure", 0}, /* stray "=" kept */
        {"trailing   \r\nnext", "trailing\r\nnext", 0},
        {"ends with =", "ends with ", 0},
        {"x=4", "x=4", 0},
        {"=A3450 =96 fee",
         "\xa3"
         "450 \x96 fee",
         0},
        {"", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        size_t n;
        unsigned char *d = foi_eml_qp(a, cases[i].in, strlen(cases[i].in), &n);
        size_t wl = cases[i].want_len ? cases[i].want_len : strlen(cases[i].want);
        assert_int_equal(n, wl);
        assert_memory_equal(d, cases[i].want, wl);
        foi_arena_free(a);
    }
}

typedef struct cs_case {
    const char *charset;
    const char *in;
    size_t in_len; /* 0: strlen */
    const char *want;
    bool unknown;
} cs_case;

static void test_charsets(void **state)
{
    (void)state;
    static const cs_case cases[] = {
        {"windows-1252",
         "\xa3"
         "450 \x96 \x93quoted\x94",
         0,
         "\xc2\xa3"
         "450 \xe2\x80\x93 \xe2\x80\x9cquoted\xe2\x80\x9d",
         false},
        {"Windows-1252", "\x80", 0, "\xe2\x82\xac", false},
        {"\"ISO-8859-1\"", "\xa3\x96", 0, "\xc2\xa3\xe2\x80\x93", false}, /* read as 1252 */
        {"utf-8",
         "\xc2\xa3"
         "5",
         0,
         "\xc2\xa3"
         "5",
         false},
        {"utf-8",
         "\xa3"
         "5 mislabelled",
         0,
         "\xc2\xa3"
         "5 mislabelled",
         false},
        {NULL, "plain ascii", 0, "plain ascii", false},
        {"us-ascii", "8bit \xa3", 0, "8bit \xc2\xa3", false},
        {"iso-8859-15", "\xa4", 0, "\xe2\x82\xac", false}, /* via iconv */
        {"koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 0,
         "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", false},
        {"utf-16le", "h\0i\0", 4, "hi", false},
        {"x-no-such-charset", "caf\xe9", 0, "caf\xc3\xa9", true},
        {"utf-8", "nul\0byte", 8, "nulbyte", false},
        {"shift_jis", "\x82\xa0", 0, "\xe3\x81\x82", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        bool unknown = !cases[i].unknown;
        size_t n = cases[i].in_len ? cases[i].in_len : strlen(cases[i].in);
        char *u =
            foi_eml_to_utf8(a, cases[i].charset, (const unsigned char *)cases[i].in, n, &unknown);
        assert_string_equal(u, cases[i].want);
        assert_int_equal(unknown, cases[i].unknown);
        foi_arena_free(a);
    }
}

static void test_encoded_words(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"=?UTF-8?B?UkU6IEZyZWVkb20gb2YgSW5mb3JtYXRpb24=?=", "RE: Freedom of Information"},
        {"=?Windows-1252?Q?RE:_FOI_2024-0881_=96_TikTok?=",
         "RE: FOI 2024-0881 \xe2\x80\x93 TikTok"},
        {"=?iso-8859-1?q?=A3450?= limit", "\xc2\xa3"
                                          "450 limit"},
        /* white space between adjacent words is dropped */
        {"=?UTF-8?Q?Freedom_of?= =?UTF-8?Q?_Information?=", "Freedom of Information"},
        {"=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=", "ab"},
        /* a character split across two words */
        {"=?UTF-8?B?wg==?= =?UTF-8?B?ow==?=", "\xc2\xa3"},
        {"Plain subject", "Plain subject"},
        {"RE: =?utf-8?Q?Caf=C3=A9?= request", "RE: Caf\xc3\xa9 request"},
        {"=?UTF-8*en?Q?lang_tag?=", "lang tag"},
        {"=?broken", "=?broken"},
        {"=?UTF-8?X?unknown_encoding?=", "=?UTF-8?X?unknown_encoding?="},
        {"=??Q?no_charset?=", "=??Q?no_charset?="},
        {"Folded\r\n\tsubject  line", "Folded subject line"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        assert_string_equal(foi_eml_decode_words(a, cases[i][0]), cases[i][1]);
        foi_arena_free(a);
    }
    assert_null(foi_eml_decode_words(NULL, NULL));
}

/* ---------------------------------------------------------------- sniffing */

static void test_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool want;
    } cases[] = {
        {"From: a@b\r\nSubject: x\r\nMIME-Version: 1.0\r\n\r\nbody", true},
        {"Date: Mon, 21 Oct 2024 14:05:09 +0100\nContent-Type: text/plain\n\nbody", true},
        {"From someone@example.org Mon Oct 21 14:05:09 2024\nFrom: a@b\nMIME-Version: 1.0\n\nx",
         true},
        {"Received: from x\n\tby y\nFrom: a@b\nContent-Type: text/plain;\n charset=utf-8\n\nx",
         true},
        /* plain RFC 822 and pasted e-mails: the text parser's */
        {"From: Freedom of Information <foi@x.police.uk>\nSent: 21 October 2024\nSubject: RE: "
         "FOI\n\nDear requester",
         false},
        {"From: a@b\nDate: Mon, 21 Oct 2024\nSubject: x\n\nno MIME headers", false},
        {"Content-Type: text/plain\nX-Other: 1\n\nno From, Date or Subject", false},
        {"<html><body>From: a</body></html>", false},
        {"Offence,2021,2022\nHarassment,1,2\n", false},
        {"\x89PNG\r\n\x1a\n", false},
        {"Subject: x\nMIME-Version: 1.0\nthis line is not a header\n\n", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(foi_eml_sniff((const unsigned char *)cases[i].in, strlen(cases[i].in)),
                         cases[i].want);
    assert_false(foi_eml_sniff(NULL, 0));
}

/* ---------------------------------------------------------------- messages */

typedef struct part_want {
    int i; /* part index; -1 ends the list */
    const char *type;
    const char *filename;
    int attachment;
    const char *bytes; /* decoded bytes (NUL-terminated), or NULL */
    const char *text;  /* substring of part text, or NULL */
    int embedded;      /* -1: don't check */
} part_want;

typedef struct msg_case {
    const char *name;
    const char *in;
    bool ok;
    const char *subject;
    int nparts;
    bool html;
    const char *body_has[3];
    const char *body_lacks[2];
    const char *quoted_has; /* NULL: quoted must be NULL */
    const char *note_has;   /* substring of one note, NULL: no notes */
    part_want parts[4];
} msg_case;

#define PEND                                                                                       \
    {                                                                                              \
        -1, NULL, NULL, 0, NULL, NULL, -1                                                          \
    }

static const msg_case msgs[] = {
    {"Outlook alternative (plain + html) with a base64 PDF attachment",
     "From: \"Freedom of Information\" <foi@dyfed-powys.police.uk>\r\n"
     "To: requester@example.org\r\n"
     "Subject: RE: Freedom of Information request 2024-0881\r\n"
     "Date: Tue, 5 Nov 2024 10:20:00 +0000\r\n"
     "MIME-Version: 1.0\r\n"
     "Content-Type: multipart/mixed;\r\n\tboundary=\"_004_AM0PR_\"\r\n"
     "\r\n"
     "This is a multi-part message in MIME format.\r\n"
     "--_004_AM0PR_\r\n"
     "Content-Type: multipart/alternative;\r\n\tboundary=\"_000_AM0PR_\"\r\n"
     "\r\n"
     "--_000_AM0PR_\r\n"
     "Content-Type: text/plain; charset=\"us-ascii\"\r\n"
     "Content-Transfer-Encoding: quoted-printable\r\n"
     "\r\n"
     "Please find our response attached.=\r\n"
     "\r\n"
     "--_000_AM0PR_\r\n"
     "Content-Type: text/html; charset=\"us-ascii\"\r\n"
     "\r\n"
     "<p>Please find our response attached.</p>\r\n"
     "--_000_AM0PR_--\r\n"
     "\r\n"
     "--_004_AM0PR_\r\n"
     "Content-Type: application/pdf; name=\"FOI 2024-0881.pdf\"\r\n"
     "Content-Description: FOI 2024-0881.pdf\r\n"
     "Content-Disposition: attachment; filename=\"FOI 2024-0881.pdf\"; size=19;\r\n"
     "\tcreation-date=\"Tue, 05 Nov 2024 10:19:00 GMT\"\r\n"
     "Content-Transfer-Encoding: base64\r\n"
     "\r\n"
     "JVBERi0xLjQKJeLjz9MK\r\n"
     "\r\n"
     "--_004_AM0PR_--\r\n",
     true,
     "RE: Freedom of Information request 2024-0881",
     3,
     false,
     {"Please find our response attached."},
     {"<p>", "=\r"},
     NULL,
     NULL,
     {{0, "text/plain", NULL, 0, "Please find our response attached.", NULL, -1},
      {1, "text/html", NULL, 0, NULL, "<p>Please find", -1},
      {2, "application/pdf", "FOI 2024-0881.pdf", 1, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", NULL, 0},
      PEND}},

    {"quoted-printable Windows-1252 body with pound and en dash",
     "From: foi@gwent.police.uk\nSubject: FOI\nMIME-Version: 1.0\n"
     "Content-Type: text/plain; charset=windows-1252\n"
     "Content-Transfer-Encoding: quoted-printable\n\n"
     "The appropriate limit is =A3450 =96 about 18 hours of work.=0A"
     "Offence          2023\nStalking           4\n",
     true,
     "FOI",
     1,
     false,
     {"limit is \xc2\xa3"
      "450 \xe2\x80\x93 about 18 hours",
      "\nStalking           4"},
     {"=A3"},
     NULL,
     NULL,
     {{0, "text/plain", NULL, 0, NULL,
       "\xc2\xa3"
       "450",
       -1},
      PEND}},

    {"encoded-word subject and RFC 2231 filename with charset and continuations",
     "From: =?UTF-8?Q?Heddlu_Dyfed-Powys?= <foi@dyfed-powys.police.uk>\n"
     "Subject: =?UTF-8?B?UkU6IENhaXM=?= =?UTF-8?Q?_Rhyddid_Gwybodaeth_=E2=80=93_0881?=\n"
     "MIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=b1\n\n"
     "--b1\nContent-Type: text/plain\n\nSee attached.\n"
     "--b1\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\n"
     "Content-Disposition: attachment;\n filename*0*=UTF-8''Ymateb%20%E2%80%93%20;\n"
     " filename*1*=0881%20caf%C3%A9;\n filename*2=\".xlsx\"\n"
     "Content-Transfer-Encoding: base64\n\nUEsDBA==\n--b1--\n",
     true,
     "RE: Cais Rhyddid Gwybodaeth \xe2\x80\x93 0881",
     2,
     false,
     {"See attached."},
     {NULL},
     NULL,
     NULL,
     {{1, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "Ymateb \xe2\x80\x93 0881 caf\xc3\xa9.xlsx", 1, "PK\x03\x04", NULL, 0},
      PEND}},

    {"RFC 2231 single value and an Outlook encoded word in a quoted name",
     "From: a@b\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"x y\"\n\n"
     "--x y\nContent-Type: text/csv; name=\"=?utf-8?Q?Ymateb_=E2=80=93_2024.csv?=\"\n\n"
     "Offence,2023\nStalking,4\n"
     "--x y\nContent-Type: application/pdf\nContent-Disposition: attachment; "
     "filename*=iso-8859-1'en'r%E9ponse.pdf\n\n%PDF\n--x y--\n",
     true,
     "s",
     2,
     false,
     {NULL},
     {NULL},
     NULL,
     NULL,
     {{0, "text/csv", "Ymateb \xe2\x80\x93 2024.csv", 1, "Offence,2023\nStalking,4", NULL, -1},
      {1, "application/pdf", "r\xc3\xa9ponse.pdf", 1, "%PDF", NULL, -1},
      PEND}},

    {"nested mixed > alternative > related with an inline logo",
     "From: foi@kent.police.uk\nSubject: RE: FOI\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
     "--outer\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n"
     "--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain version [cid:image001.png]\n"
     "--alt\nContent-Type: multipart/related; boundary=\"rel\"; type=\"text/html\"\n\n"
     "--rel\nContent-Type: text/html; charset=utf-8\n\n<p>HTML version <img "
     "src=cid:image001.png></p>\n"
     "--rel\nContent-Type: image/png; name=\"image001.png\"\nContent-ID: <image001.png>\n"
     "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--rel--\n"
     "--alt--\n"
     "--outer\nContent-Type: application/pdf; name=\"reply.pdf\"\n"
     "Content-Disposition: attachment; filename=\"reply.pdf\"\n\n%PDF-1.7\n"
     "--outer--\n",
     true,
     "RE: FOI",
     4,
     false,
     {"Plain version"},
     {"HTML version"},
     NULL,
     NULL,
     {{1, "text/html", NULL, 0, NULL, "HTML version", -1},
      {2, "image/png", "image001.png", 1, "\x89PNG\r\n\x1a\n", NULL, 1},
      {3, "application/pdf", "reply.pdf", 1, "%PDF-1.7", NULL, 0},
      PEND}},

    {"HTML only body",
     "From: foi@surrey.police.uk\nSubject: FOI 1234\nMIME-Version: 1.0\n"
     "Content-Type: text/html\nContent-Transfer-Encoding: base64\n\n"
     "PGh0bWw+PGhlYWQ+PG1ldGEgY2hhcnNldD0id2luZG93cy0xMjUyIj48L2hlYWQ+PGJvZHk+o"
     "zQ1MDwvYm9keT48L2h0bWw+\n",
     true,
     "FOI 1234",
     1,
     true,
     {"<body>\xc2\xa3"
      "450</body>"},
     {NULL},
     NULL,
     NULL,
     {{0, "text/html", NULL, 0, NULL,
       "\xc2\xa3"
       "450",
       -1},
      PEND}},

    {"forwarded message/rfc822 kept as one part",
     "From: colleague@example.org\nSubject: FW: RE: FOI 2024-0881\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=fw\n\n"
     "--fw\nContent-Type: text/plain\n\nFYI, the reply from Gwent.\n"
     "--fw\nContent-Type: message/rfc822\n\n"
     "From: foi@gwent.police.uk\nSubject: RE: FOI 2024-0881\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=inner\n\n"
     "--inner\nContent-Type: text/plain\n\nStalking 4\n--inner--\n"
     "--fw--\n",
     true,
     "FW: RE: FOI 2024-0881",
     2,
     false,
     {"FYI, the reply from Gwent."},
     {"Stalking"},
     NULL,
     NULL,
     {{1, "message/rfc822", NULL, 1, NULL, NULL, 0}, PEND}},

    {"truncated: no final boundary, base64 cut short",
     "From: foi@x.police.uk\nSubject: cut\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=zz\n\n"
     "--zz\nContent-Type: text/plain\n\nBody survives.\n"
     "--zz\nContent-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\n"
     "JVBERi0xLjQKJeLj",
     true,
     "cut",
     2,
     false,
     {"Body survives."},
     {NULL},
     NULL,
     "truncated",
     {{1, "application/pdf", "a.pdf", 1, "%PDF-1.4\n%\xe2\xe3", NULL, -1}, PEND}},

    {"truncated inside a header block",
     "From: foi@x.police.uk\nSubject: cut\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/pl",
     true,
     "cut",
     1,
     false,
     {""},
     {NULL},
     NULL,
     "truncated",
     {PEND}},

    {"plain RFC 822 without MIME headers",
     "From: foi@x.police.uk\nDate: Mon, 21 Oct 2024 14:05:09 +0100\nSubject: RE: FOI\n\n"
     "Harassment 7\n",
     true,
     "RE: FOI",
     1,
     false,
     {"Harassment 7"},
     {NULL},
     NULL,
     NULL,
     {{0, "text/plain", NULL, 0, "Harassment 7\n", NULL, -1}, PEND}},

    {"LF line ends, no blank line before the boundary, a multipart without boundary",
     "From: a@b\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\nJust text\n",
     true,
     "s",
     1,
     false,
     {"Just text"},
     {NULL},
     NULL,
     "no boundary",
     {PEND}},

    {"Outlook reply: rule of underscores then From:/Sent:",
     "From: foi@x.police.uk\nSubject: RE: FOI\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
     "Stalking 4\n\nRegards\n\n________________________________\nFrom: Requester "
     "<r@example.org>\nSent: 01 October 2024 10:00\nTo: FOI\nSubject: FOI\n\nHow many in "
     "2023?\n",
     true,
     "RE: FOI",
     1,
     false,
     {"Stalking 4\n\nRegards"},
     {"How many", "____"},
     "How many in 2023?",
     NULL,
     {PEND}},

    {"Outlook reply header without a rule, and '>' lines kept",
     "From: foi@x.police.uk\nSubject: RE: FOI\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
     "> You asked for 2023\nStalking 4\n\nFrom: Requester <r@example.org>\nSent: 01 October "
     "2024\nTo: FOI\nSubject: FOI request\n\nOriginal text\n",
     true,
     "RE: FOI",
     1,
     false,
     {"> You asked for 2023\nStalking 4"},
     {"Original text"},
     "From: Requester",
     NULL,
     {PEND}},

    {"Gmail reply: 'On ... wrote:' wrapped over two lines",
     "From: foi@x.police.uk\nSubject: Re: FOI\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
     "Harassment 7\n\nOn Mon, 3 Jun 2024 at 10:12, Jane Doe <\njane@example.org> wrote:\n> How "
     "many?\n",
     true,
     "Re: FOI",
     1,
     false,
     {"Harassment 7"},
     {"wrote", "How many"},
     "> How many?",
     NULL,
     {PEND}},

    {"forward: the first trail is the reply forwarded, the second is the quote",
     "From: me@example.org\nSubject: Fwd: RE: FOI\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
     "See below.\n\n-----Original Message-----\nFrom: foi@x.police.uk\nSent: 2 June 2024\n\n"
     "Harassment 7\n\n-----Original Message-----\nFrom: me@example.org\n\nHow many?\n",
     true,
     "Fwd: RE: FOI",
     1,
     false,
     {"See below.", "Harassment 7"},
     {"How many?"},
     "How many?",
     NULL,
     {PEND}},

    {"part headers claiming a huge size are ignored",
     "From: a@b\nSubject: s\nMIME-Version: 1.0\nContent-Length: 99999999999999999999\n"
     "Content-Type: multipart/mixed; boundary=q\n\n"
     "--q\nContent-Type: application/octet-stream; name=big.bin\n"
     "Content-Disposition: attachment; filename=big.bin; size=18446744073709551615\n"
     "Content-Length: 18446744073709551615\n\nsmall\n--q--\n",
     true,
     "s",
     1,
     false,
     {""},
     {NULL},
     NULL,
     NULL,
     {{0, "application/octet-stream", "big.bin", 1, "small", NULL, -1}, PEND}},

    {"junk is not a message",
     "\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
     false,
     NULL,
     0,
     false,
     {NULL},
     {NULL},
     NULL,
     NULL,
     {PEND}},
    {"prose is not a message",
     "Dear requester,\nThank you.\n",
     false,
     NULL,
     0,
     false,
     {NULL},
     {NULL},
     NULL,
     NULL,
     {PEND}},
    {"unknown header names only",
     "X-Foo: 1\nX-Bar: 2\n\nbody",
     false,
     NULL,
     0,
     false,
     {NULL},
     {NULL},
     NULL,
     NULL,
     {PEND}},
};

static void check_msg(const msg_case *c)
{
    foi_arena *a = foi_arena_new();
    foi_fail fail = {0};
    size_t len = strlen(c->in);
    if (!strncmp(c->name, "junk", 4)) len = 16;
    foi_eml *m = foi_eml_parse(a, (const unsigned char *)c->in, len, &fail);
    if (!c->ok) {
        assert_null(m);
        assert_string_equal(fail.status, "unreadable");
        assert_non_null(fail.detail);
        foi_arena_free(a);
        return;
    }
    if (!m) fail_msg("%s: no message (%s)", c->name, fail.detail);
    if (c->subject) assert_string_equal(m->subject, c->subject);
    if ((int)m->parts.n != c->nparts)
        fail_msg("%s: %zu parts, want %d", c->name, m->parts.n, c->nparts);
    assert_int_equal(m->body_is_html, c->html);
    assert_non_null(m->body_text);
    for (int i = 0; i < 3 && c->body_has[i]; i++)
        if (!strstr(m->body_text, c->body_has[i]))
            fail_msg("%s: body lacks \"%s\":\n%s", c->name, c->body_has[i], m->body_text);
    for (int i = 0; i < 2 && c->body_lacks[i]; i++)
        if (strstr(m->body_text, c->body_lacks[i]))
            fail_msg("%s: body has \"%s\":\n%s", c->name, c->body_lacks[i], m->body_text);
    if (c->quoted_has) {
        if (!m->quoted || !strstr(m->quoted, c->quoted_has))
            fail_msg("%s: quoted lacks \"%s\": %s", c->name, c->quoted_has,
                     m->quoted ? m->quoted : "(null)");
        assert_true(m->quoted_line > 0);
    } else if (m->quoted)
        fail_msg("%s: unexpected quoted: %s", c->name, m->quoted);
    bool found = c->note_has == NULL && m->notes.n == 0;
    for (size_t i = 0; i < m->notes.n && c->note_has; i++)
        if (strstr(m->notes.v[i], c->note_has)) found = true;
    if (!found)
        fail_msg("%s: notes (%zu) do not match \"%s\"%s%s", c->name, m->notes.n,
                 c->note_has ? c->note_has : "(none)", m->notes.n ? ": " : "",
                 m->notes.n ? m->notes.v[0] : "");
    for (int k = 0; k < 4 && c->parts[k].i >= 0; k++) {
        const part_want *w = &c->parts[k];
        assert_true((size_t)w->i < m->parts.n);
        const foi_mime_part *p = &m->parts.v[w->i];
        assert_string_equal(p->type, w->type);
        if (w->filename)
            assert_string_equal(p->filename, w->filename);
        else
            assert_null(p->filename);
        assert_int_equal(p->attachment, w->attachment);
        if (w->bytes) {
            assert_int_equal(p->len, strlen(w->bytes));
            assert_memory_equal(p->bytes, w->bytes, p->len);
        }
        if (w->text) {
            assert_non_null(p->text);
            assert_non_null(strstr(p->text, w->text));
        }
        if (w->embedded >= 0) assert_int_equal(p->embedded, w->embedded);
    }
    foi_arena_free(a);
}

static void test_messages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++)
        check_msg(&msgs[i]);
}

static void test_forward_reparsed(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_fail fail;
    const msg_case *c = NULL;
    for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++)
        if (strstr(msgs[i].name, "rfc822")) c = &msgs[i];
    assert_non_null(c);
    foi_eml *m = parse_str(a, c->in, &fail);
    assert_non_null(m);
    foi_eml *in = foi_eml_parse(a, m->parts.v[1].bytes, m->parts.v[1].len, &fail);
    assert_non_null(in);
    assert_string_equal(in->subject, "RE: FOI 2024-0881");
    assert_string_equal(in->body_text, "Stalking 4");
    foi_arena_free(a);
}

static void test_headers_text(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"From: \"Freedom of Information\" <foi@kent.police.uk>\nTo: \"Byrne, Alex\" "
         "<a@example.net>\nDate: Fri, 14 Mar 2025 11:02:47 +0000\nSubject: RE: FOI\n"
         "MIME-Version: 1.0\n\nx",
         "From: Freedom of Information <foi@kent.police.uk>\nSent: 14 March 2025 11:02\n"
         "To: Byrne, Alex <a@example.net>\nSubject: RE: FOI\n"},
        {"Subject: only\nDate: 3 Sep 24 09:05 GMT\nMIME-Version: 1.0\n\nx",
         "Sent: 3 September 2024 09:05\nSubject: only\n"},
        {"From: a@b\nDate: sometime last week\nCc: =?utf-8?Q?Ma=C3=AFa?= <m@x>\nMIME-Version: "
         "1.0\n\nx",
         "From: a@b\nSent: sometime last week\nCc: Ma\xc3\xaf"
         "a <m@x>\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        foi_fail fail;
        foi_eml *m = parse_str(a, cases[i].in, &fail);
        assert_non_null(m);
        assert_string_equal(m->headers_text, cases[i].want);
        foi_arena_free(a);
    }
}

/* ---------------------------------------------------------------- hostile input */

static void test_hostile(void **state)
{
    (void)state;
    foi_fail fail;
    /* a nesting bomb: 5000 multiparts inside each other */
    foi_arena *scratch = foi_arena_new();
    foi_buf b;
    foi_buf_init(&b, scratch);
    foi_buf_puts(&b, "From: a@b\nSubject: bomb\nMIME-Version: 1.0\n");
    for (int i = 0; i < 5000; i++)
        foi_buf_printf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
    foi_buf_puts(&b, "Content-Type: text/plain\n\ndeep\n");
    foi_arena *a = foi_arena_new();
    foi_eml *m = foi_eml_parse(a, (const unsigned char *)b.s, b.len, &fail);
    assert_non_null(m);
    assert_int_equal(m->parts.n, 0);
    bool deep = false;
    for (size_t i = 0; i < m->notes.n; i++)
        if (strstr(m->notes.v[i], "nested too deeply")) deep = true;
    assert_true(deep);
    foi_arena_free(a);

    /* 20000 parts: only FOI_EML_MAX_PARTS are kept */
    foi_buf_init(&b, scratch);
    foi_buf_puts(&b, "From: a@b\nSubject: many\nMIME-Version: 1.0\n"
                     "Content-Type: multipart/mixed; boundary=p\n\n");
    for (int i = 0; i < 20000; i++)
        foi_buf_puts(&b, "--p\n\nx\n");
    a = foi_arena_new();
    m = foi_eml_parse(a, (const unsigned char *)b.s, b.len, &fail);
    assert_non_null(m);
    assert_int_equal(m->parts.n, FOI_EML_MAX_PARTS);
    assert_true(m->notes.n >= 1);
    foi_arena_free(a);

    /* empty multiparts nested and repeated: bounded by the entity count */
    foi_buf_init(&b, scratch);
    foi_buf_puts(&b, "From: a@b\nSubject: empty\nMIME-Version: 1.0\n"
                     "Content-Type: multipart/mixed; boundary=p\n\n");
    for (int i = 0; i < 20000; i++)
        foi_buf_puts(&b, "--p\nContent-Type: multipart/mixed; boundary=e\n\n--e--\n");
    a = foi_arena_new();
    m = foi_eml_parse(a, (const unsigned char *)b.s, b.len, &fail);
    assert_non_null(m);
    assert_int_equal(m->parts.n, 0);
    foi_arena_free(a);

    /* a header block of 100000 fields and one field of 1 MB */
    foi_buf_init(&b, scratch);
    foi_buf_puts(&b, "From: a@b\nSubject: hdr\nMIME-Version: 1.0\n");
    for (int i = 0; i < 100000; i++)
        foi_buf_puts(&b, "X-Junk: 1\n");
    foi_buf_puts(&b, "X-Long: ");
    for (int i = 0; i < 100000; i++)
        foi_buf_puts(&b, "0123456789\n ");
    foi_buf_puts(&b, "\n\nbody\n");
    a = foi_arena_new();
    m = foi_eml_parse(a, (const unsigned char *)b.s, b.len, &fail);
    assert_non_null(m);
    assert_string_equal(m->body_text, "body\n");
    assert_true(foi_arena_used(a) < (size_t)64 << 20);
    foi_arena_free(a);

    /* over the size limit: refused before any work */
    a = foi_arena_new();
    m = foi_eml_parse(a, (const unsigned char *)"From: a", FOI_EML_MAX_BYTES + 1, &fail);
    assert_null(m);
    assert_string_equal(fail.status, "unreadable");
    m = foi_eml_parse(a, NULL, 0, &fail);
    assert_null(m);
    foi_arena_free(a);

    /* every byte value after a header: no crash, something sane */
    foi_buf_init(&b, scratch);
    foi_buf_puts(&b, "From: a@b\nSubject: =?x?B?////?= =?utf-8?Q?=\nMIME-Version: 1.0\n"
                     "Content-Type: text/plain; charset=\"\"\"\n"
                     "Content-Transfer-Encoding: quoted-printable\n\n");
    for (int i = 0; i < 256; i++)
        foi_buf_putc(&b, (char)i);
    foi_buf_puts(&b, "=");
    a = foi_arena_new();
    m = foi_eml_parse(a, (const unsigned char *)b.s, b.len, &fail);
    assert_non_null(m);
    assert_non_null(m->body_text);
    foi_arena_free(a);
    foi_arena_free(scratch);
}

/* ---------------------------------------------------------------- fixtures */

static void test_fixture_gwent(void **state)
{
    (void)state;
    size_t n;
    unsigned char *bytes = slurp("tests/data/eml/gwent-foi-2024-0881-table-in-body.eml", &n);
    assert_non_null(bytes);
    assert_true(foi_eml_sniff(bytes, n));
    foi_arena *a = foi_arena_new();
    foi_fail fail;
    foi_eml *m = foi_eml_parse(a, bytes, n, &fail);
    assert_non_null(m);
    assert_int_equal(m->notes.n, 0);
    assert_string_equal(m->subject,
                        "RE: Freedom of Information request 2024-0881 \xe2\x80\x93 TikTok");
    assert_string_equal(m->headers_text,
                        "From: Freedom of Information <foi@gwent.police.uk>\n"
                        "Sent: 21 October 2024 14:05\n"
                        "To: Sam Ahmed <sam.ahmed@example.org>\n"
                        "Subject: RE: Freedom of Information request 2024-0881 \xe2\x80\x93 "
                        "TikTok\n");
    assert_int_equal(m->parts.n, 2);
    assert_false(m->body_is_html);
    assert_non_null(strstr(m->body_text, "\r\nHarassment                              6        9"
                                         "       12\r\n"));
    assert_non_null(strstr(m->body_text, "limit is \xc2\xa3"
                                         "450"));
    assert_non_null(strstr(m->body_text, "2024 \xe2\x80\x93 please"));
    assert_null(strstr(m->body_text, "Original Message"));
    assert_non_null(m->quoted);
    assert_true(foi_startswith_ci(m->quoted, "-----Original Message-----"));
    assert_non_null(strstr(m->quoted, "8R, 8L and 8Q"));
    assert_non_null(strstr(m->parts.v[1].text, "divRplyFwdMsg"));
    foi_arena_free(a);
    free(bytes);
}

static void test_fixture_kent(void **state)
{
    (void)state;
    size_t n, xn;
    unsigned char *bytes = slurp("tests/data/eml/kent-foi-2025-0412-xlsx-attached.eml", &n);
    unsigned char *xlsx =
        slurp("fixtures/office/xlsx/kent-foi-2025-0412-tiktok-offences.xlsx", &xn);
    assert_non_null(bytes);
    assert_non_null(xlsx);
    assert_true(foi_eml_sniff(bytes, n));
    foi_arena *a = foi_arena_new();
    foi_fail fail;
    foi_eml *m = foi_eml_parse(a, bytes, n, &fail);
    assert_non_null(m);
    assert_int_equal(m->notes.n, 0);
    assert_int_equal(m->parts.n, 3);
    const foi_mime_part *x = &m->parts.v[2];
    assert_string_equal(x->filename, "FOI 2025-0412 response.xlsx");
    assert_true(x->attachment);
    assert_false(x->embedded);
    assert_int_equal(x->len, xn);
    assert_memory_equal(x->bytes, xlsx, xn);
    assert_non_null(strstr(m->body_text, "attached spreadsheet"));
    assert_null(strstr(m->body_text, "wrote:"));
    assert_non_null(m->quoted);
    assert_non_null(strstr(m->quoted, "> Please tell me"));
    assert_non_null(strstr(m->parts.v[1].text, "gmail_quote"));
    assert_string_equal(m->from, "\"Freedom of Information\" <foi@kent.police.uk>");
    assert_string_equal(m->date, "Fri, 14 Mar 2025 11:02:47 +0000");
    foi_arena_free(a);
    free(bytes);
    free(xlsx);
}

/* Fault injection: every k-th allocation of one parse either unwinds through the trap or
 * gives the same result; LeakSanitizer checks nothing leaks (iconv handles included). */
static char *summary(const foi_eml *m)
{
    size_t cap = 1 << 16, o = 0;
    char *s = malloc(cap);
    o += (size_t)snprintf(s + o, cap - o, "%s|%s|%s|%d|%zu\n", m->subject, m->headers_text,
                          m->body_text, m->body_is_html, m->parts.n);
    for (size_t i = 0; i < m->parts.n && o < cap; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s|%s|%zu\n", m->parts.v[i].type,
                              m->parts.v[i].filename ? m->parts.v[i].filename : "-",
                              m->parts.v[i].len);
    return s;
}

/* One parse with the k-th allocation failing: 1 when it unwound through the trap, else 0 and
 * *got gets the summary (malloc'd). */
static int __attribute__((noinline))
parse_failing(const unsigned char *bytes, size_t n, long k, char **got)
{
    foi_arena *a = foi_arena_new();
    assert_non_null(a);
    int trapped = 0;
    foi_fail fail;
    foi_mem_fail_after(k);
    if (FOI_ARENA_TRY(a)) {
        foi_eml *m = foi_eml_parse(a, bytes, n, &fail);
        foi_arena_untrap(a);
        foi_mem_fail_after(0);
        assert_non_null(m);
        *got = summary(m);
    } else {
        foi_arena_untrap(a);
        foi_mem_fail_after(0);
        trapped = 1;
    }
    foi_arena_free(a);
    return trapped;
}

static void test_faults(void **state)
{
    (void)state;
    static const char *const files[] = {"tests/data/eml/gwent-foi-2024-0881-table-in-body.eml",
                                        "tests/data/eml/kent-foi-2025-0412-xlsx-attached.eml"};
    for (size_t fi = 0; fi < 2; fi++) {
        size_t n;
        unsigned char *bytes = slurp(files[fi], &n);
        assert_non_null(bytes);
        foi_arena *a = foi_arena_new();
        foi_fail fail;
        long before = foi_mem_count();
        foi_eml *m = foi_eml_parse(a, bytes, n, &fail);
        long allocs = foi_mem_count() - before;
        char *want = summary(m);
        foi_arena_free(a);
        long trapped = 0;
        for (long k = 1; k <= allocs + 1; k++) {
            char *got = NULL;
            if (parse_failing(bytes, n, k, &got)) {
                trapped++;
                continue;
            }
            assert_string_equal(got, want);
            free(got);
        }
        assert_true(trapped >= allocs - 1);
        free(want);
        free(bytes);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_qp),
        cmocka_unit_test(test_charsets),
        cmocka_unit_test(test_encoded_words),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_forward_reparsed),
        cmocka_unit_test(test_headers_text),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_fixture_gwent),
        cmocka_unit_test(test_fixture_kent),
        cmocka_unit_test(test_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
