/* Periods and dates: table-driven, each row a wording seen in police FOI replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "normalize/period.h"

typedef struct date_case {
    const char *text;
    const char *want; /* NULL = not a date */
} date_case;

static const date_case date_cases[] = {
    {"23rd May 2025", "2025-05-23"},
    {"05-Mar-2024", "2024-03-05"},
    {"5-Mar-24", "2024-03-05"},
    {"Tue 05/03/2024", "2024-03-05"},
    {"Tuesday, 05-Mar-2024", "2024-03-05"},
    {"5 September 2024", "2024-09-05"},
    {"05/07/2024", "2024-07-05"},
    {"5/7/24", "2024-07-05"},
    {"2024-12-30", "2024-12-30"},
    {"Friday, 4 August 2023", "2023-08-04"},
    {"Friday 4 August 2023", "2023-08-04"},
    {"Fri, 4 Aug 2023", "2023-08-04"},
    {"4th August 2023", "2023-08-04"},
    {"11 Apr 2023", "2023-04-11"},
    {"5 Sept 2024", "2024-09-05"},
    {"5 Sept. 2024", "2024-09-05"},
    {"1st of March 2024", "2024-03-01"},
    {"22nd December 2023", "2023-12-22"},
    {"3rd June 2024", "2024-06-03"},
    {"August 4, 2023", "2023-08-04"},
    {"August 4th 2023", "2023-08-04"},
    {"04.08.2023", "2023-08-04"},
    {"04-08-2023", "2023-08-04"},
    {"4/8/2023", "2023-08-04"},
    {"31/12/2021", "2021-12-31"},
    {"29/02/2024", "2024-02-29"},
    {"2024/02/29", "2024-02-29"},
    {"  23 May 2025  ", "2025-05-23"},
    {"23\xc2\xa0May\xc2\xa0"
     "2025",
     "2025-05-23"},
    {"Friday, 22 December 2023 16:22", "2023-12-22"},
    {"Fri, 4 Aug 2023 10:20:00 +0100", "2023-08-04"},
    {"4 August 2023 at 10.20am", "2023-08-04"},
    {"4 August 2023 10:20 GMT", "2023-08-04"},
    {"05/07/2024 09:15", "2024-07-05"},
    {"Thursday 01 February 2024", "2024-02-01"},
    {"TUESDAY, 5 MARCH 2024", "2024-03-05"},
    {"4 August 2023.", "2023-08-04"},
    {"1 Jan 24", "2024-01-01"},
    /* not dates */
    {"Sent: 5 September 2024 10:20", NULL},
    {"29/02/2023", NULL},
    {"31/04/2024", NULL},
    {"32 May 2024", NULL},
    {"13/13/2024", NULL},
    {"May 2024", NULL},
    {"2024", NULL},
    {"2021/22", NULL},
    {"FOI 2024/0123", NULL},
    {"01/FIN/24/2153", NULL},
    {"645-24", NULL},
    {"1.2.3.4", NULL},
    {"01/02/2024/5", NULL},
    {"5 September", NULL},
    {"received on 5 September 2024", NULL},
    {"5 September 2024 and 6 September 2024", NULL},
    {"", NULL},
    {"   ", NULL},
    {"Harassment", NULL},
    {"12", NULL},
    {"0303 123 1113", NULL},
    {"1 January 2021 to 31 December 2021", NULL},
    {"5 Sep 1850", NULL},
};

static void test_date_parse(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof date_cases / sizeof *date_cases; i++) {
        const date_case *c = &date_cases[i];
        char out[11] = "";
        bool ok = foi_date_parse(c->text, out);
        if (c->want ? !ok || strcmp(out, c->want) != 0 : ok) {
            fprintf(stderr, "date %-40s want %s got %s\n", c->text, c->want ? c->want : "(none)",
                    ok ? out : "(none)");
            bad++;
        }
    }
    assert_false(foi_date_parse(NULL, (char[11]){0}));
    assert_int_equal(bad, 0);
}

typedef struct period_case {
    const char *text;
    const char *reply; /* reply date or NULL */
    const char *start; /* NULL = not a period */
    const char *end;
    int open, partial;
} period_case;

#define NO(t)                                                                                      \
    {                                                                                              \
        t, NULL, NULL, NULL, 0, 0                                                                  \
    }

static const period_case period_cases[] = {
    /* calendar years */
    {"2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"  2022 ", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"Calendar year 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"Calendar Year: 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"Year 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"YEAR: 2020", NULL, "2020-01-01", "2020-12-31", 0, 0},
    {"CY 2023", NULL, "2023-01-01", "2023-12-31", 0, 0},
    {"2022 (calendar year)", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"in 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"During 2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"Jan-Dec 2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"Jan - Dec 2020", NULL, "2020-01-01", "2020-12-31", 0, 0},
    {"January to December 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"January - December 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    {"1 January 2021 to 31 December 2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"01/01/2021 - 31/12/2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"01/01/2021 \xe2\x80\x93 31/12/2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"01/01/2021-31/12/2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"1st January 2021 - 31st December 2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"01.01.20 - 01.01.21", NULL, "2020-01-01", "2021-01-01", 0, 0},
    {"01.01.2020 - 31.12.2020", NULL, "2020-01-01", "2020-12-31", 0, 0},
    {"2021-01-01 to 2021-12-31", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"Jan 2021 - Dec 2021", NULL, "2021-01-01", "2021-12-31", 0, 0},
    /* financial years */
    {"2021/22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"2021-22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"2021\xe2\x80\x93"
     "22",
     NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"FY 2021/22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"FY2021/22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"FY21/22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"FY 21-22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"2021/2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"2023-2024", NULL, "2023-04-01", "2024-03-31", 0, 0},
    {"2023 - 2024", NULL, "2023-04-01", "2024-03-31", 0, 0},
    {"Financial year 2021/22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Financial Year 2021-2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Fiscal year 2022/23", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"2022/23 FY", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"2022/23 (financial year)", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"in the financial year 2022/23", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"1999/00", NULL, "1999-04-01", "2000-03-31", 0, 0},
    {"April 2021 to March 2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"April 2021 - March 2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Apr 2021 - Mar 2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Apr 2021 \xe2\x80\x93 Mar 2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Apr-21 to Mar-22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Apr 21 - Mar 22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Apr '21 - Mar '22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"April - March 2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Financial year April 2021 to March 2022", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"01/04/2022-31/03/2023", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"01/04/2022 - 31/03/2023", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"1 April 2022 to 31 March 2023", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"1st April 2022 - 31st March 2023", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"6th Apr 2021 to 5th Apr 2022", NULL, "2021-04-06", "2022-04-05", 0, 0},
    {"6 April 2021 - 5 April 2022", NULL, "2021-04-06", "2022-04-05", 0, 0},
    {"between 1st April 2024 and 31st March 2025", NULL, "2024-04-01", "2025-03-31", 0, 0},
    {"Between 1 April 2023 and 7 September 2023", NULL, "2023-04-01", "2023-09-07", 0, 0},
    {"from 1 April 2023 to 7 September 2023", NULL, "2023-04-01", "2023-09-07", 0, 0},
    {"1st April to 30th June 2024", NULL, "2024-04-01", "2024-06-30", 0, 0},
    {"1 November to 31 January 2024", NULL, "2023-11-01", "2024-01-31", 0, 0},
    {"year ending March 2023", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"Year ending 31 March 2023", NULL, "2022-04-01", "2023-03-31", 0, 0},
    {"12 months to 30/06/2024", NULL, "2023-07-01", "2024-06-30", 0, 0},
    {"year to December 2022", NULL, "2022-01-01", "2022-12-31", 0, 0},
    /* explicit partial ranges, as stated */
    {"01/01/2024 - 29/02/2024", NULL, "2024-01-01", "2024-02-29", 0, 0},
    {"01/01/2023 - 03/08/2023", "2023-08-10", "2023-01-01", "2023-08-03", 0, 0},
    {"01/04/2024-31/01/2025", NULL, "2024-04-01", "2025-01-31", 0, 0},
    {"Jan\xe2\x80\x93Jun 2024", NULL, "2024-01-01", "2024-06-30", 0, 0},
    {"Jan-Jun 2024", NULL, "2024-01-01", "2024-06-30", 0, 0},
    {"Feb-24", NULL, "2024-02-01", "2024-02-29", 0, 0},
    {"January 2024", NULL, "2024-01-01", "2024-01-31", 0, 0},
    {"Sept 2023", NULL, "2023-09-01", "2023-09-30", 0, 0},
    {"Q1 2024", NULL, "2024-01-01", "2024-03-31", 0, 0},
    {"Q4 2023", NULL, "2023-10-01", "2023-12-31", 0, 0},
    {"2024 Q1", NULL, "2024-01-01", "2024-03-31", 0, 0},
    {"2024-Q2", NULL, "2024-04-01", "2024-06-30", 0, 0},
    {"Quarter 3 2024", NULL, "2024-07-01", "2024-09-30", 0, 0},
    {"Q1 2024/25", NULL, "2024-04-01", "2024-06-30", 0, 0},
    {"2024/25 Q4", NULL, "2025-01-01", "2025-03-31", 0, 0},
    {"H1 2024", NULL, "2024-01-01", "2024-06-30", 0, 0},
    {"H2 2024", NULL, "2024-07-01", "2024-12-31", 0, 0},
    {"H2 2024/25", NULL, "2024-10-01", "2025-03-31", 0, 0},
    {"between 2021 and 2023", NULL, "2021-01-01", "2023-12-31", 0, 0},
    {"2021 to 2023", NULL, "2021-01-01", "2023-12-31", 0, 0},
    /* open periods */
    {"2024 (to date)", "2024-08-14", "2024-01-01", "2024-08-14", 1, 0},
    {"2024 (to date)", NULL, "2024-01-01", "", 1, 0},
    {"2024 to date", "2024-08-14", "2024-01-01", "2024-08-14", 1, 0},
    {"2024 YTD", "2024-12-30", "2024-01-01", "2024-12-30", 1, 0},
    {"2024 (YTD)", NULL, "2024-01-01", "", 1, 0},
    {"2024 (so far)", "2024-05-22", "2024-01-01", "2024-05-22", 1, 0},
    {"2024 so far", "2024-05-22", "2024-01-01", "2024-05-22", 1, 0},
    {"so far in 2024", "2024-05-22", "2024-01-01", "2024-05-22", 1, 0},
    {"YTD 2024", "2024-05-22", "2024-01-01", "2024-05-22", 1, 0},
    {"2023 (partial year)", "2023-10-01", "2023-01-01", "2023-10-01", 1, 0},
    {"2023/24 (to date)", "2024-02-02", "2023-04-01", "2024-02-02", 1, 0},
    {"2023/2024 (so far)", "2023-11-07", "2023-04-01", "2023-11-07", 1, 0},
    {"2024-25 YTD", "2025-01-10", "2024-04-01", "2025-01-10", 1, 0},
    {"2025-26 YTD", NULL, "2025-04-01", "", 1, 0},
    {"FY 2024/25 (to date)", "2024-10-11", "2024-04-01", "2024-10-11", 1, 0},
    {"in 2024/25 to date", "2024-09-24", "2024-04-01", "2024-09-24", 1, 0},
    {"01/04/2023 - present", "2023-08-04", "2023-04-01", "2023-08-04", 1, 0},
    {"01/01/2024 - present", NULL, "2024-01-01", "", 1, 0},
    {"1 Jan 2024 \xe2\x80\x93 present", "2024-05-03", "2024-01-01", "2024-05-03", 1, 0},
    {"1 January 2023 to date", "2023-10-19", "2023-01-01", "2023-10-19", 1, 0},
    {"1 January 2023 to present", "2023-10-19", "2023-01-01", "2023-10-19", 1, 0},
    {"01/04/2024 to the present day", "2024-07-17", "2024-04-01", "2024-07-17", 1, 0},
    {"April 2024 to date", NULL, "2024-04-01", "", 1, 0},
    {"April 2024 - present", "2024-09-01", "2024-04-01", "2024-09-01", 1, 0},
    {"Apr 2023 - Aug 2023 (to date)", "2023-08-14", "2023-04-01", "2023-08-14", 1, 0},
    {"Apr 2024 - Nov 2024 (to date)", "2024-11-22", "2024-04-01", "2024-11-22", 1, 0},
    {"2024 (to date)", "Friday, 4 October 2024", "2024-01-01", "2024-10-04", 1, 0},
    {"2024 (to date)", "2023-12-01", "2024-01-01", "", 1, 0}, /* reply before start: unknown */
    {"since 1 January 2023", "2025-04-04", "2023-01-01", "2025-04-04", 1, 0},
    /* partial years with a stated end */
    {"2023 (to July)", NULL, "2023-01-01", "2023-07-31", 0, 1},
    {"2023 (up to July)", NULL, "2023-01-01", "2023-07-31", 0, 1},
    {"2023 (to end of July)", NULL, "2023-01-01", "2023-07-31", 0, 1},
    {"2023 (to 15 July)", NULL, "2023-01-01", "2023-07-15", 0, 1},
    {"2023 (to 15/07/2023)", NULL, "2023-01-01", "2023-07-15", 0, 1},
    {"2023 up to 15 July 2023", NULL, "2023-01-01", "2023-07-15", 0, 1},
    {"2023/24 (to June)", NULL, "2023-04-01", "2023-06-30", 0, 1},
    {"2023/24 (to February)", NULL, "2023-04-01", "2024-02-29", 0, 1},
    {"2024 (Jan - Jun)", NULL, "2024-01-01", "2024-06-30", 0, 1},
    {"2024 (1 Jan - 15 Jun)", NULL, "2024-01-01", "2024-06-15", 0, 1},
    {"2023*", NULL, "2023-01-01", "2023-12-31", 0, 1},
    {"2024**", NULL, "2024-01-01", "2024-12-31", 0, 1},
    {"2024/25*", NULL, "2024-04-01", "2025-03-31", 0, 1},
    {"2024 *", NULL, "2024-01-01", "2024-12-31", 0, 1},
    {"2024^", NULL, "2024-01-01", "2024-12-31", 0, 1},
    {"2024\xe2\x80\xa0", NULL, "2024-01-01", "2024-12-31", 0, 1},
    {"2024* (to date)", "2024-06-01", "2024-01-01", "2024-06-01", 1, 1},
    /* not periods */
    NO("Section 12"),
    NO("FOI 2024/0123"),
    NO("2024/0123"),
    NO("01/FIN/24/2153"),
    NO("645-24"),
    NO("1,234"),
    NO("12-15"),
    NO("21/22"),
    NO("12-13"),
    NO("Total"),
    NO("Grand Total"),
    NO("13+"),
    NO("0"),
    NO("12"),
    NO("1989"),
    NO("2101"),
    NO("3000"),
    NO("20210"),
    NO("2021 2022"),
    NO("2021, 2022"),
    NO("2021/23"),
    NO("2021-23"),
    NO("2021-2023"),
    NO("2021/2023"),
    NO("2022/21"),
    NO("2021 to 2022"),
    NO("Financial year 2021"),
    NO("FY 2022"),
    NO("Calendar year 2021/22"),
    NO("0300 123 2040"),
    NO("01234 567890"),
    NO("101"),
    NO("Harassment"),
    NO("Stalking 2021"),
    NO("Act 2003"),
    NO("05/07/2024"),
    NO("5 September 2024"),
    NO("2024-12-30"),
    NO("31/12/2021 - 01/01/2021"),
    NO("December 2022 to January 2022"),
    NO("2024 (to December 2025)"),
    NO("2023 (to 15/07/2024)"),
    NO("Q5 2024"),
    NO("H3 2024"),
    NO("Year"),
    NO("Financial year"),
    NO(""),
    NO("  "),
    NO("*"),
    NO("<5"),
    NO("May"),
    NO("2021.5"),
    NO("\xc2\xa3"
       "2021"),
    NO("2021%"),
    NO("2021/22/23"),
    NO("8/72"),
    NO("71/17"),
    NO("127(1)(a)"),
    NO("so far this year"),
    NO("to date"),
    NO("2021 and 2022"),
    NO("FOI 645/24"),
    NO("Ref: 2023/1234"),
    NO("PUB 1254"),
    NO("01.FOI.24.123456"),
    NO("Q1"),
    NO("2024 (to date"),
    NO("2024 (something)"),
    NO("2024 (to July 2023)"),
    NO("July"),
    NO("31 July"),
    NO("2024/25/26"),
    NO("Under 18"),
    NO("Aged 13-15"),
    NO("s.15A"),
    NO("8L Harassment 2021"),
    {"2021 ", NULL, "2021-01-01", "2021-12-31", 0, 0},
    {"Year: 2021/22", NULL, "2021-04-01", "2022-03-31", 0, 0},
    {"Reporting period 2023/24", NULL, "2023-04-01", "2024-03-31", 0, 0},
    {"Time period: 01/04/2023 - 31/03/2024", NULL, "2023-04-01", "2024-03-31", 0, 0},
    {"April 2023 \xe2\x80\x93 March 2024", NULL, "2023-04-01", "2024-03-31", 0, 0},
    {"Apr23 - Mar24", NULL, "2023-04-01", "2024-03-31", 0, 0},
    {"1st Jan 2024 - 31st Mar 2024", NULL, "2024-01-01", "2024-03-31", 0, 0},
    {"Jan 2024 - Mar 2024", NULL, "2024-01-01", "2024-03-31", 0, 0},
    {"January 2024 to March 2024", NULL, "2024-01-01", "2024-03-31", 0, 0},
    {"Oct-Dec 2023", NULL, "2023-10-01", "2023-12-31", 0, 0},
    {"Nov 2023 - Feb 2024", NULL, "2023-11-01", "2024-02-29", 0, 0},
    {"2022 YTD", "05/07/2022", "2022-01-01", "2022-07-05", 1, 0},
    {"2022 (to date)", "23rd May 2022", "2022-01-01", "2022-05-23", 1, 0},
    {"2022 (to date)", "garbage", "2022-01-01", "", 1, 0},
    {"FY 2022/23 YTD", "2022-12-01", "2022-04-01", "2022-12-01", 1, 0},
    {"2023/24 FYTD", "2023-12-01", "2023-04-01", "2023-12-01", 1, 0},
    {"since April 2021", "2023-01-01", "2021-04-01", "2023-01-01", 1, 0},
    {"since 2020", "2023-01-01", "2020-01-01", "2023-01-01", 1, 0},
    {"Year to date 2024", "2024-03-01", "2024-01-01", "2024-03-01", 1, 0},
    {"2024 - to date", "2024-03-01", "2024-01-01", "2024-03-01", 1, 0},
    {"2020/21\xc2\xb9", NULL, "2020-04-01", "2021-03-31", 0, 1},
    {"2021 (inclusive)", NULL, "2021-01-01", "2021-12-31", 0, 0},
};

static void test_period_parse(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof period_cases / sizeof *period_cases; i++) {
        const period_case *c = &period_cases[i];
        foi_period p;
        memset(&p, 0x55, sizeof p);
        bool ok = foi_period_parse(c->text, c->reply, &p);
        bool good;
        if (!c->start)
            good = !ok;
        else
            good = ok && !strcmp(p.start, c->start) && !strcmp(p.end, c->end) &&
                   p.open == (bool)c->open && p.partial == (bool)c->partial;
        if (!good) {
            fprintf(stderr, "period %-45s want %s..%s o%d p%d got ", c->text,
                    c->start ? c->start : "-", c->end ? c->end : "-", c->open, c->partial);
            if (ok)
                fprintf(stderr, "%s..%s o%d p%d\n", p.start, p.end, p.open, p.partial);
            else
                fprintf(stderr, "(none)\n");
            bad++;
        }
    }
    foi_period p;
    assert_false(foi_period_parse(NULL, NULL, &p));
    assert_int_equal(bad, 0);
}

typedef struct find_case {
    const char *text;
    const char *reply;
    const char *phrase; /* the matched span, NULL = none */
    const char *start, *end;
} find_case;

static const find_case find_cases[] = {
    {"In 2022, 42 crimes were recorded.", NULL, "In 2022", "2022-01-01", "2022-12-31"},
    {"Greater Manchester Police recorded 111 crimes in 2023, 90 in 2024", NULL, "in 2023",
     "2023-01-01", "2023-12-31"},
    {"The offences recorded so far in 2025 included 16 offences", "2025-04-04", "so far in 2025",
     "2025-01-01", "2025-04-04"},
    {"and 32 so far in 2023.", NULL, "so far in 2023", "2023-01-01", ""},
    {"There were 39 offences between 1st April 2024 and 31st March 2025.", NULL,
     "between 1st April 2024 and 31st March 2025", "2024-04-01", "2025-03-31"},
    {"Outcomes in the financial year 2022/23 were:", NULL, "in the financial year 2022/23",
     "2022-04-01", "2023-03-31"},
    {"Outcomes for 2023/24 were", NULL, "for 2023/24", "2023-04-01", "2024-03-31"},
    {"Offences in 2024/25 to date: 12", "2024-09-24", "in 2024/25 to date", "2024-04-01",
     "2024-09-24"},
    {"Received on 5 September 2024. In 2023 there were 4.", NULL, "In 2023", "2023-01-01",
     "2023-12-31"},
    {"We received your request on 05/09/2024 and in April 2024 there were 3", NULL, "in April 2024",
     "2024-04-01", "2024-04-30"},
    {"under the Freedom of Information Act 2000. In 2021 there were 7.", NULL, "In 2021",
     "2021-01-01", "2021-12-31"},
    {"Section 12 of the Act; reference FOI 2024/0123; call 0300 123 2040.", NULL, NULL, NULL, NULL},
    {"Sexual Offences Act 2003, s.15A", NULL, NULL, NULL, NULL},
    {"Ref 01/FIN/24/2153 costs \xc2\xa3"
     "450 and 18 hours",
     NULL, NULL, NULL, NULL},
    {"It would cost 2021.50 pounds", NULL, NULL, NULL, NULL},
    {"1,234 records were found", NULL, NULL, NULL, NULL},
    {"", NULL, NULL, NULL, NULL},
    {"s127 CA 2003 and PHA 1997 offences in 2022", NULL, "in 2022", "2022-01-01", "2022-12-31"},
    {"\xc2\xa9 Kent Police 2024. In an emergency call 999.", NULL, NULL, NULL, NULL},
    {"&copy; Devon &amp; Cornwall Police 2025. Call 101.", NULL, NULL, NULL, NULL},
    {"see the attached file (2025_5914_attachment.pdf)", NULL, NULL, NULL, NULL},
    {"Data was extracted on 14/08/2023.", NULL, NULL, NULL, NULL},
    {"Sent: Friday, 22 December 2023 16:22", NULL, NULL, NULL, NULL},
    {"15% rise on 2021/22", NULL, "2021/22", "2021-04-01", "2022-03-31"},
    {"North Wales Police recorded 17 crimes in 2020, 24 in 2021", NULL, "in 2020", "2020-01-01",
     "2020-12-31"},
    {"recorded since 1 January 2023.", "2025-04-04", "since 1 January 2023", "2023-01-01",
     "2025-04-04"},
    {"each financial year from 2020/21 to date", "2023-08-14",
     "financial year from 2020/21 to date", "2020-04-01", "2023-08-14"},
    {"Offences recorded during 6th Apr 2023 to 5th Apr 2024:", NULL,
     "during 6th Apr 2023 to 5th Apr 2024", "2023-04-06", "2024-04-05"},
    {"In the year ending March 2023 there were 4", NULL, "In the year ending March 2023",
     "2022-04-01", "2023-03-31"},
    {"(2022) 14 offences", NULL, "2022", "2022-01-01", "2022-12-31"},
    {"Figures for Jan-Jun 2024 are provisional", NULL, "for Jan-Jun 2024", "2024-01-01",
     "2024-06-30"},
    {"Period: 01/04/2023 - present", "2023-08-04", "Period: 01/04/2023 - present", "2023-04-01",
     "2023-08-04"},
};

/* Every year and financial year in range, in the common spellings. */
static void test_period_sweep(void **state)
{
    (void)state;
    for (int y = 1990; y < 2100; y++) {
        char t[64], s[24], e[24];
        foi_period p;
        snprintf(t, sizeof t, "%d", y);
        assert_true(foi_period_parse(t, NULL, &p));
        snprintf(s, sizeof s, "%d-01-01", y);
        snprintf(e, sizeof e, "%d-12-31", y);
        assert_string_equal(p.start, s);
        assert_string_equal(p.end, e);
        const char *fmts[] = {"%d/%02d", "%d-%02d", "FY %d/%02d", "%d/%d"};
        for (int f = 0; f < 4; f++) {
            int next = f == 3 ? y + 1 : (y + 1) % 100, skip = f == 3 ? y + 2 : (y + 2) % 100;
            snprintf(t, sizeof t, fmts[f], y, next);
            assert_true(foi_period_parse(t, NULL, &p));
            snprintf(s, sizeof s, "%d-04-01", y);
            snprintf(e, sizeof e, "%d-03-31", y + 1);
            assert_string_equal(p.start, s);
            assert_string_equal(p.end, e);
            /* the second year must be the next one */
            snprintf(t, sizeof t, fmts[f], y, skip);
            assert_false(foi_period_parse(t, NULL, &p));
        }
    }
    for (int y = 1000; y < 1990; y += 7) {
        char t[16];
        foi_period p;
        snprintf(t, sizeof t, "%d", y);
        assert_false(foi_period_parse(t, NULL, &p));
    }
}

/* Arbitrary bytes never crash or read out of bounds (run under ASan). */
static void test_period_garbage(void **state)
{
    (void)state;
    unsigned long r = 12345;
    const char alphabet[] = "0123456789/-. ,:()*<>toandApriJanMarchFY\xe2\x80\x93\xc2\xa0\xe2\x80";
    for (int it = 0; it < 20000; it++) {
        char buf[48];
        int n = (int)(r % 47);
        for (int i = 0; i < n; i++) {
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            buf[i] = (r >> 40) & 1 ? alphabet[(r >> 33) % (sizeof alphabet - 1)]
                                   : (char)((r >> 24) & 0xff ? (r >> 24) & 0xff : 1);
        }
        buf[n] = 0;
        r = r * 6364136223846793005UL + 1442695040888963407UL;
        foi_period p;
        char d[11];
        int ms, ml;
        if (foi_period_parse(buf, "2024-01-01", &p)) {
            assert_int_equal(strlen(p.start), 10);
            assert_true(p.end[0] == 0 || strcmp(p.start, p.end) <= 0);
        }
        if (foi_period_find(buf, NULL, &p, &ms, &ml)) {
            assert_true(ms >= 0 && ml > 0 && ms + ml <= n);
        }
        if (foi_date_parse(buf, d)) assert_int_equal(strlen(d), 10);
    }
}

static void test_period_find(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof find_cases / sizeof *find_cases; i++) {
        const find_case *c = &find_cases[i];
        foi_period p;
        int ms = -1, ml = -1;
        bool ok = foi_period_find(c->text, c->reply, &p, &ms, &ml);
        bool good;
        if (!c->phrase)
            good = !ok;
        else
            good = ok && (int)strlen(c->phrase) == ml &&
                   !strncmp(c->text + ms, c->phrase, (size_t)ml) && !strcmp(p.start, c->start) &&
                   !strcmp(p.end, c->end);
        if (!good) {
            fprintf(stderr, "find %-50s want [%s] got ", c->text, c->phrase ? c->phrase : "-");
            if (ok)
                fprintf(stderr, "[%.*s] %s..%s\n", ml, c->text + ms, p.start, p.end);
            else
                fprintf(stderr, "(none)\n");
            bad++;
        }
    }
    /* a long text: the period sits far beyond the first token window */
    char big[4096];
    size_t n = 0;
    while (n < 3000) {
        memcpy(big + n, "word 12 ", 8);
        n += 8;
    }
    strcpy(big + n, "and in 2022/23 there were 5");
    foi_period p;
    int ms, ml;
    assert_true(foi_period_find(big, NULL, &p, &ms, &ml));
    assert_string_equal(p.start, "2022-04-01");
    assert_int_equal(ms, (int)n + 4);
    assert_false(foi_period_find(NULL, NULL, &p, &ms, &ml));
    assert_int_equal(bad, 0);
}

static void close_by_extraction_date(void **state)
{
    (void)state;
    static const struct {
        const char *label, *date, *want_end;
    } t[] = {
        {"Apr 2023 - Aug 2023 (to date)", "2023-08-14", "2023-08-14"},
        {"Jan 2025 - Mar 2025 YTD", "2025-03-20", "2025-03-20"},
        {"2025 (to date)", "2025-03-20", ""}, /* names no end month */
        {"2024 YTD", "2024-12-17", ""},       /* ... even in December */
        {"2024/25 to date", "2025-03-20", ""},
        {"01/01/2025 - present", "2025-03-20", ""},
        {"Apr 2023 - Aug 2023 (to date)", "2023-09-02", ""}, /* not in the named month */
        {"Apr 2023 - Aug 2023 (to date)", NULL, ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        foi_period p;
        assert_true(foi_period_parse(t[i].label, NULL, &p));
        foi_period_close_by(t[i].label, t[i].date, &p);
        assert_string_equal(p.end, t[i].want_end);
    }
}

static void footnotes_state_real_bounds(void **state)
{
    (void)state;
    const char *markers[] = {"*", "**", "\xE2\x80\xA0", "(a)", "(b)", "\xC2\xB9"};
    const char *texts[] = {"2023 figures cover 1 January 2023 to 31 March 2023.",
                           "The current crime recording system went live on 1 February 2021; "
                           "2021 figures run from that date to 31 December 2021.",
                           "Figures for 2024 are to 31 May 2024.",
                           "Niche was introduced to the force on 7 May 2019, so 2019 figures run "
                           "from that date.",
                           "2018 figures are up to and including 8 October 2018.",
                           "Athena was implemented across the force on 3 April 2017."};
    static const struct {
        const char *label, *start, *end;
        bool changed;
    } t[] = {
        {"2023*", "2023-01-01", "2023-03-31", true},
        {"2021**", "2021-02-01", "2021-12-31", true},
        {"2024 \xE2\x80\xA0", "2024-01-01", "2024-05-31", true},
        {"2022", "2022-01-01", "2022-12-31", false},  /* no marker */
        {"2020*", "2020-01-01", "2020-12-31", false}, /* the footnote's dates lie elsewhere */
        /* a start cue a few words before the date ("introduced to the force on") */
        {"2019(a)", "2019-05-07", "2019-12-31", true},
        {"2018 (b)", "2018-01-01", "2018-10-08", true},
        {"2017\xC2\xB9", "2017-04-03", "2017-12-31", true},
        {"2019(c)", "2019-01-01", "2019-12-31", false}, /* no such note */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        foi_period p;
        assert_true(foi_period_parse(t[i].label, NULL, &p));
        assert_int_equal(foi_period_footnote(t[i].label, markers, texts, 6, &p), t[i].changed);
        assert_string_equal(p.start, t[i].start);
        assert_string_equal(p.end, t[i].end);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(close_by_extraction_date), cmocka_unit_test(footnotes_state_real_bounds),
        cmocka_unit_test(test_date_parse),          cmocka_unit_test(test_period_parse),
        cmocka_unit_test(test_period_find),         cmocka_unit_test(test_period_sweep),
        cmocka_unit_test(test_period_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
