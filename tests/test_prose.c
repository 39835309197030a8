/* Prose extractor: sentences and list items -> raw records; noise -> nothing.
 *
 * A case is a small document written one block per line, "K|text" with K = P (paragraph line),
 * I (list item), H (heading) or Q (quoted request); an empty line is a blank source line.
 * Expected records are "start|end|offence|outcome|value" (empty = ALL; a leading '*' marks a
 * Total label).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normalize/period.h"
#include "normalize/rules.h"
#include "parsers/prose.h"
#include "util/str.h"

static foi_rules *g_rules;
static foi_arena *g_rules_arena;

static int setup(void **state)
{
    (void)state;
    g_rules_arena = foi_arena_new();
    foi_diag_vec errs = {0};
    g_rules = foi_rules_load(g_rules_arena, NULL, &errs);
    return g_rules ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(g_rules_arena);
    return 0;
}

typedef struct run {
    foi_arena *a;
    foi_doc *doc;
    foi_raw_vec out;
    foi_diag_vec diags;
    foi_suppress sup;
} run;

static void run_doc(run *r, const char *src, const char *reply_date)
{
    memset(r, 0, sizeof *r);
    r->a = foi_arena_new();
    r->doc = foi_doc_new(r->a);
    size_t n;
    char **lines = foi_split_lines(r->a, src, &n);
    for (size_t i = 0; i < n; i++) {
        const char *l = lines[i];
        if (!*l) continue;
        foi_block_kind k = FOI_BLOCK_PARA;
        switch (l[0]) {
        case 'I':
            k = FOI_BLOCK_ITEM;
            break;
        case 'H':
            k = FOI_BLOCK_HEADING;
            break;
        case 'Q':
            k = FOI_BLOCK_QUOTE;
            break;
        default:
            break;
        }
        assert_true(l[1] == '|');
        foi_doc_add_block(r->doc, k, l + 2, (int)i + 1);
    }
    r->sup.threshold = 5;
    foi_grid_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.rules = g_rules;
    ctx.suppress = &r->sup;
    ctx.reply_date = reply_date;
    ctx.out = &r->out;
    ctx.diags = &r->diags;
    foi_prose_extract(r->a, r->doc, &ctx);
    assert_int_equal(ctx.order, (int)r->out.n);
}

/* "start|end|offence|outcome|value" for a raw record, as the tests spell it. */
static char *render(run *r, const foi_raw *x, const char *reply_date)
{
    const char *start = "?", *end = "?";
    foi_period p;
    if (x->flags & FOI_RAW_PERIOD_SPAN) {
        start = x->period_start;
        end = x->period_end ? x->period_end : "";
    } else if (x->period && foi_period_parse(x->period, reply_date, &p)) {
        start = foi_strdup(r->a, p.start);
        end = foi_strdup(r->a, p.end);
    }
    const char *off = x->offence ? x->offence : "";
    const char *oc = x->outcome ? x->outcome : "";
    return foi_sprintf(r->a, "%s|%s|%s%s|%s%s|%s", start, end, x->offence_total ? "*" : "", off,
                       x->outcome_total ? "*" : "", oc, x->value);
}

typedef struct pcase {
    const char *src;
    const char *reply_date;
    const char *want[24]; /* NULL-terminated */
} pcase;

#define RD "2024-10-21"

static const pcase cases[] = {
    /* sentences */
    {"P|In 2022, 42 crimes were recorded.", RD, {"2022-01-01|2022-12-31|||42"}},
    {"P|Kent Police recorded 22 offences in 2021, 42 in 2022 and 42 so far in 2023.",
     "2023-06-30",
     {"2021-01-01|2021-12-31|||22", "2022-01-01|2022-12-31|||42", "2023-01-01|2023-06-30|||42"}},
    {"P|Greater Manchester Police recorded 111 crimes in 2023, 90 in 2024 and 32 so far in 2025.",
     "2025-04-04",
     {"2023-01-01|2023-12-31|||111", "2024-01-01|2024-12-31|||90", "2025-01-01|2025-04-04|||32"}},
    {"P|Lancashire Constabulary recorded 69 crimes in 2023 and 72 so far in 2024.",
     RD,
     {"2023-01-01|2023-12-31|||69", "2024-01-01|2024-10-21|||72"}},
    {"P|Merseyside Police recorded 84 offences in 2021/22, 92 in 2022/23 and 146 in 2023/24.",
     RD,
     {"2021-04-01|2022-03-31|||84", "2022-04-01|2023-03-31|||92", "2023-04-01|2024-03-31|||146"}},
    {"P|North Yorkshire Police recorded 33 crimes in 2022/23 and 15 between 1 April 2023 and 7 "
     "September 2023.",
     RD,
     {"2022-04-01|2023-03-31|||33", "2023-04-01|2023-09-07|||15"}},
    {"P|Durham Constabulary recorded 27 crimes in 2023/24 and 24 in 2024/25 to date.",
     "2025-02-28",
     {"2023-04-01|2024-03-31|||27", "2024-04-01|2025-02-28|||24"}},
    {"P|There have been 39 offences recorded under s15A of the Sexual Offences Act 2003, sexual "
     "communication with a child between 1st April 2024 and 31st March 2025.",
     RD,
     {"2024-04-01|2025-03-31|s15A of the Sexual Offences Act 2003, sexual communication with a "
      "child||39"}},
    {"P|There have been 39 offences recorded under s15A of the Sexual Offences Act 2003, sexual\n"
     "P|communication with a child between 1st April 2024 and 31st\n"
     "P|March 2025.",
     RD,
     {"2024-04-01|2025-03-31|s15A of the Sexual Offences Act 2003, sexual communication with a "
      "child||39"}},
    {"P|The force recorded 12 crimes of stalking in 2021.",
     RD,
     {"2021-01-01|2021-12-31|stalking||12"}},
    {"P|In 2021 there were 22 offences and in 2022 there were 42.",
     RD,
     {"2021-01-01|2021-12-31|||22", "2022-01-01|2022-12-31|||42"}},
    {"P|The offences recorded so far in 2025 included 16 offences of pursue a course of conduct "
     "amounting to harassment, 7 offences of assault without Injury and 5 offences of ABH.",
     "2025-04-04",
     {"2025-01-01|2025-04-04|pursue a course of conduct amounting to harassment||16",
      "2025-01-01|2025-04-04|assault without Injury||7", "2025-01-01|2025-04-04|ABH||5"}},
    {"P|The offences recorded so far in 2024 included 26 crimes of harassment (PHA 1997), 12 "
     "crimes of sexual communication with a child, 10 crimes of take, make or distribute "
     "indecent photographs of children and 10 crimes of assault without injury.",
     RD,
     {"2024-01-01|2024-10-21|harassment (PHA 1997)||26",
      "2024-01-01|2024-10-21|sexual communication with a child||12",
      "2024-01-01|2024-10-21|take, make or distribute indecent photographs of children||10",
      "2024-01-01|2024-10-21|assault without injury||10"}},
    {"P|The offences recorded in 2023/24 included 58 cases of harrassment, 45 cases of malicious "
     "communications, 29 cases of assault without Injury and 14 cases of threats to Kill - "
     "Offences against the Person Act 1861 Sec 16.",
     RD,
     {"2023-04-01|2024-03-31|harrassment||58", "2023-04-01|2024-03-31|malicious communications||45",
      "2023-04-01|2024-03-31|assault without Injury||29",
      "2023-04-01|2024-03-31|threats to Kill - Offences against the Person Act 1861 Sec 16||14"}},
    {"P|The offences recorded so far in 2024 included 10 recorded offences of 8R MALICIOUS "
     "COMMUNICATIONS, 8 recorded offences of 8L HARASSMENT and 6 recorded offences of 8Q Stalking.",
     RD,
     {"2024-01-01|2024-10-21|8R MALICIOUS COMMUNICATIONS||10",
      "2024-01-01|2024-10-21|8L HARASSMENT||8", "2024-01-01|2024-10-21|8Q Stalking||6"}},
    {"P|In 2023 the force recorded 12 stalking offences.",
     RD,
     {"2023-01-01|2023-12-31|stalking||12"}},
    {"P|During 2022/23, 1,234 TikTok-related crimes were recorded.",
     RD,
     {"2022-04-01|2023-03-31|||1,234"}},
    {"P|We recorded 5 offences involving TikTok in 2023.", RD, {"2023-01-01|2023-12-31|||5"}},
    {"P|In 2022 a total of 106 offences were recorded.", RD, {"2022-01-01|2022-12-31|||106"}},
    {"P|1a)From 2021 to 2022 there have been 245 recorded crimes under Home Office offence Code "
     "88A.",
     RD,
     {"2021-01-01|2022-12-31|Home Office offence Code 88A||245"}},
    {"P|Number of offences recorded under Home Office code 71/17 between 1st April 2024 and 31st\n"
     "P|March 2025 - Total Count 52",
     RD,
     {"2024-04-01|2025-03-31|Home Office code 71/17||52"}},
    {"P|The total number of crimes of stalking recorded in 2022 was 42.",
     RD,
     {"2022-01-01|2022-12-31|stalking||42"}},
    {"P|The number of crimes recorded in 2022 was 42.", RD, {"2022-01-01|2022-12-31|||42"}},
    {"P|In 2023 there were 12 offences of stalking, 4 of harassment and 3 of malicious "
     "communications.",
     RD,
     {"2023-01-01|2023-12-31|stalking||12", "2023-01-01|2023-12-31|harassment||4",
      "2023-01-01|2023-12-31|malicious communications||3"}},
    {"P|In 2022/23 a total of 188 offences were recorded.", RD, {"2022-04-01|2023-03-31|||188"}},
    {"P|North Yorkshire Police recorded 5 offences of engage in sexual communication with a child, "
     "4 offences of malicious Communications Act 1988 s1 and 1 offences of IIOC - "
     "making/distributing in 2023.",
     RD,
     {"2023-01-01|2023-12-31|engage in sexual communication with a child||5",
      "2023-01-01|2023-12-31|malicious Communications Act 1988 s1||4",
      "2023-01-01|2023-12-31|IIOC - making/distributing||1"}},
    {"P|In 2024 the force recorded 19 cases of 'engaging with sexual communication with a "
     "child'.",
     RD,
     {"2024-01-01|2024-12-31|engaging with sexual communication with a child||19"}},
    {"P|Between 1 January 2021 and 31 December 2021 there were 1,144 crimes recorded.",
     RD,
     {"2021-01-01|2021-12-31|||1,144"}},
    {"P|The offences recorded in 2022/23 included 34 crimes of 8R Malicious communications, 23 "
     "crimes of 86 Making indecent images of children and 8 crimes of 88A - Sexual grooming.",
     RD,
     {"2022-04-01|2023-03-31|8R Malicious communications||34",
      "2022-04-01|2023-03-31|86 Making indecent images of children||23",
      "2022-04-01|2023-03-31|88A - Sexual grooming||8"}},
    /* elliptic counts after a counting sentence */
    {"P|In 2022, 38 crimes were recorded in which TikTok was mentioned. In 2023 there were 46, and "
     "29 have been recorded so far in 2024.",
     "2024-12-03",
     {"2022-01-01|2022-12-31|||38", "2023-01-01|2023-12-31|||46", "2024-01-01|2024-12-03|||29"}},
    {"P|In 2021 the force recorded 12 stalking offences. In 2022 there were 15.",
     RD,
     {"2021-01-01|2021-12-31|stalking||12", "2022-01-01|2022-12-31|stalking||15"}},
    {"P|In 2021 we recorded 20 crimes. In 2022 there were 31 and 12 have been recorded so far in "
     "2023.",
     "2023-05-01",
     {"2021-01-01|2021-12-31|||20", "2022-01-01|2022-12-31|||31", "2023-01-01|2023-05-01|||12"}},
    /* breakdowns of a stated total: offences */
    {"P|Leicestershire Police recorded 31 crimes linked to TikTok in the 2022/23\n"
     "P|financial year and 44 in 2023/24.\n"
     "\n"
     "P|Of the 44 crimes recorded in 2023/24, 17 were malicious communications\n"
     "P|offences, 12 were harassment, 6 were sexual communication with a child and the\n"
     "P|remaining 9 were other offences.\n"
     "\n"
     "P|Of those 44 crimes, 5 resulted in a charge or summons, 3 were dealt with by a\n"
     "P|community resolution, 21 were finalised with evidential difficulties (outcomes\n"
     "P|15 and 16), 7 were closed with no suspect identified and 8 are still under\n"
     "P|investigation.",
     RD,
     {"2022-04-01|2023-03-31|||31", "2023-04-01|2024-03-31|||44", "2023-04-01|2024-03-31|||44",
      "2023-04-01|2024-03-31|malicious communications offences||17",
      "2023-04-01|2024-03-31|harassment||12",
      "2023-04-01|2024-03-31|sexual communication with a child||6",
      "2023-04-01|2024-03-31|other offences||9", "2023-04-01|2024-03-31|||44",
      "2023-04-01|2024-03-31||a charge or summons|5",
      "2023-04-01|2024-03-31||a community resolution|3",
      "2023-04-01|2024-03-31||evidential difficulties (outcomes 15 and 16)|21",
      "2023-04-01|2024-03-31||no suspect identified|7",
      "2023-04-01|2024-03-31||still under investigation|8"}},
    {"P|In 2023/24, 44 crimes were recorded, of which 17 were malicious communications and 12 "
     "were harassment.",
     RD,
     {"2023-04-01|2024-03-31|||44", "2023-04-01|2024-03-31|malicious communications||17",
      "2023-04-01|2024-03-31|harassment||12"}},
    {"P|In 2023 we recorded 30 offences; 12 of them were stalking and 18 were harassment.",
     RD,
     {"2023-01-01|2023-12-31|||30", "2023-01-01|2023-12-31|stalking||12",
      "2023-01-01|2023-12-31|harassment||18"}},
    {"P|Of the 30 offences recorded in 2022, 10 of them were harassment offences.",
     RD,
     {"2022-01-01|2022-12-31|||30", "2022-01-01|2022-12-31|harassment offences||10"}},
    {"P|There were 30 offences in 2022: 10 related to harassment, 15 were malicious "
     "communications and the remaining 5 were other offences.",
     RD,
     {"2022-01-01|2022-12-31|||30", "2022-01-01|2022-12-31|harassment||10",
      "2022-01-01|2022-12-31|malicious communications||15",
      "2022-01-01|2022-12-31|other offences||5"}},
    {"P|In 2024 the force recorded 35 crimes. Of these, 17 were malicious communications, 12 "
     "harassment and 6 stalking.",
     RD,
     {"2024-01-01|2024-12-31|||35", "2024-01-01|2024-12-31|malicious communications||17",
      "2024-01-01|2024-12-31|harassment||12", "2024-01-01|2024-12-31|stalking||6"}},
    {"P|Of the 20 crimes recorded in 2023, 8 were recorded as stalking, 7 involved threats to kill "
     "and 5 were classified as harassment.",
     RD,
     {"2023-01-01|2023-12-31|||20", "2023-01-01|2023-12-31|stalking||8",
      "2023-01-01|2023-12-31|threats to kill||7", "2023-01-01|2023-12-31|harassment||5"}},
    {"P|A total of 14 offences were recorded in 2021/22, of which 9 were for other offences.",
     RD,
     {"2021-04-01|2022-03-31|||14", "2021-04-01|2022-03-31|other offences||9"}},
    /* breakdowns of a stated total: outcomes */
    {"P|In 2022, 42 crimes were recorded, 12 of which resulted in a charge.",
     RD,
     {"2022-01-01|2022-12-31|||42", "2022-01-01|2022-12-31||a charge|12"}},
    {"P|Of the crimes recorded in 2023, 12 resulted in a charge.",
     RD,
     {"2023-01-01|2023-12-31||a charge|12"}},
    {"P|Of the 20 crimes recorded in 2022, 4 led to a charge, 3 received a caution and 13 are "
     "under investigation.",
     RD,
     {"2022-01-01|2022-12-31|||20", "2022-01-01|2022-12-31||a charge|4",
      "2022-01-01|2022-12-31||a caution|3", "2022-01-01|2022-12-31||under investigation|13"}},
    {"P|In 2024 the force recorded 25 crimes. Of these, 6 were charged and 19 remain under "
     "investigation.",
     RD,
     {"2024-01-01|2024-12-31|||25", "2024-01-01|2024-12-31||charged|6",
      "2024-01-01|2024-12-31||under investigation|19"}},
    {"P|In 2024 the force recorded 25 crimes. 6 were charged.",
     RD,
     {"2024-01-01|2024-12-31|||25", "2024-01-01|2024-12-31||charged|6"}},
    {"P|In 2023, 20 crimes were recorded and 5 were charged.",
     RD,
     {"2023-01-01|2023-12-31|||20", "2023-01-01|2023-12-31||charged|5"}},
    {"P|Of the 12 stalking offences recorded in 2023, 5 resulted in a charge.",
     RD,
     {"2023-01-01|2023-12-31|stalking||12", "2023-01-01|2023-12-31|stalking|a charge|5"}},
    {"P|In 2023 the force recorded 12 stalking offences. Of these, 5 were charged.",
     RD,
     {"2023-01-01|2023-12-31|stalking||12", "2023-01-01|2023-12-31|stalking|charged|5"}},
    {"P|5 of the 44 crimes recorded in 2023/24 resulted in a charge.",
     RD,
     {"2023-04-01|2024-03-31||a charge|5", "2023-04-01|2024-03-31|||44"}},
    {"P|In 2022/23 there were 18 offences. Of those, 4 were finalised as outcome 15 and 2 as "
     "outcome 16, while 12 have been closed as outcome 18.",
     RD,
     {"2022-04-01|2023-03-31|||18", "2022-04-01|2023-03-31||outcome 15|4",
      "2022-04-01|2023-03-31||outcome 16|2", "2022-04-01|2023-03-31||outcome 18|12"}},
    {"P|In 2021, 9 offences were recorded. 2 offences resulted in a community resolution and a "
     "further 3 were dealt with by way of a youth caution.",
     RD,
     {"2021-01-01|2021-12-31|||9", "2021-01-01|2021-12-31||a community resolution|2",
      "2021-01-01|2021-12-31||a youth caution|3"}},
    {"P|In 2023/24 the force recorded 44 crimes.\n"
     "P|Of the 44 crimes, 17 (39%) were malicious communications and 27 (61%) were harassment.",
     RD,
     {"2023-04-01|2024-03-31|||44", "2023-04-01|2024-03-31|||44",
      "2023-04-01|2024-03-31|malicious communications||17",
      "2023-04-01|2024-03-31|harassment||27"}},
    {"P|The force recorded 13 crimes in 2022. Of those, 10 remain open and 3 are ongoing.",
     RD,
     {"2022-01-01|2022-12-31|||13", "2022-01-01|2022-12-31||open|10",
      "2022-01-01|2022-12-31||ongoing|3"}},
    {"P|In 2023 there were 15 offences, 5 had an outcome of charge/summons and 10 were closed due "
     "to evidential difficulties.",
     RD,
     {"2023-01-01|2023-12-31|||15", "2023-01-01|2023-12-31||charge/summons|5",
      "2023-01-01|2023-12-31||evidential difficulties|10"}},
    {"P|12 crimes of harassment were recorded in 2022, 3 of which were charged.",
     RD,
     {"2022-01-01|2022-12-31|harassment||12", "2022-01-01|2022-12-31|harassment|charged|3"}},
    {"P|Of the 9 crimes recorded in 2021, 4 concerned stalking and 5 were in relation to "
     "harassment.",
     RD,
     {"2021-01-01|2021-12-31|||9", "2021-01-01|2021-12-31|stalking||4",
      "2021-01-01|2021-12-31|harassment||5"}},
    {"P|Of the 40 offences recorded during 2022/23, 21 were for malicious communications, 11 for "
     "harassment and 8 for stalking.",
     RD,
     {"2022-04-01|2023-03-31|||40", "2022-04-01|2023-03-31|malicious communications||21",
      "2022-04-01|2023-03-31|harassment||11", "2022-04-01|2023-03-31|stalking||8"}},
    {"P|Of the 40 offences recorded in 2022/23, 5 offences resulted in a charge.",
     RD,
     {"2022-04-01|2023-03-31|||40", "2022-04-01|2023-03-31||a charge|5"}},
    {"P|Of the 1,234 crimes recorded in 2022, 1,000 were harassment.",
     RD,
     {"2022-01-01|2022-12-31|||1,234", "2022-01-01|2022-12-31|harassment||1,000"}},
    {"P|Of the 20 crimes recorded in 2022, <5 resulted in a charge and 16 are under "
     "investigation.",
     RD,
     {"2022-01-01|2022-12-31|||20", "2022-01-01|2022-12-31||a charge|<5",
      "2022-01-01|2022-12-31||under investigation|16"}},
    {"P|Of the 12 crimes recorded in 2021, 9 related to harassment and 3 were other crimes.",
     RD,
     {"2021-01-01|2021-12-31|||12", "2021-01-01|2021-12-31|harassment||9",
      "2021-01-01|2021-12-31|other crimes||3"}},
    /* hard-wrapped part lists: one period for the list, labels with commas, slashes, dashes,
     * statute brackets and bare Home Office codes */
    {"P|In 2023 the offences were: 9 related to engage in sexual communication with a child\n"
     "P|under 16, 7 related to harassment, 6 related to indecent photographs of children\n"
     "P|- take/make/distribute, 6 related to blackmail (Theft Act 1968 s21) and 5 were disclose\n"
     "P|private sexual photographs.",
     RD,
     {"2023-01-01|2023-12-31|engage in sexual communication with a child under 16||9",
      "2023-01-01|2023-12-31|harassment||7",
      "2023-01-01|2023-12-31|indecent photographs of children - take/make/distribute||6",
      "2023-01-01|2023-12-31|blackmail (Theft Act 1968 s21)||6",
      "2023-01-01|2023-12-31|disclose private sexual photographs||5"}},
    {"P|Of the crimes recorded between 6th April 2022 and 5th April 2023, 24\n"
     "P|related to 35 - BLACKMAIL, 8 related to 08N - Assault occasioning\n"
     "P|actual bodily harm and 7 were 8U - Coercive control.",
     RD,
     {"2022-04-06|2023-04-05|35 - BLACKMAIL||24",
      "2022-04-06|2023-04-05|08N - Assault occasioning actual bodily harm||8",
      "2022-04-06|2023-04-05|8U - Coercive control||7"}},
    {"P|Of the crimes recorded in 2022/23, 271 related to 9A Public Fear, Alarm\n"
     "P|Or Distress, 97 were HO 49 Theft (other), 61 were sexual activity\n"
     "P|involving a child under 16 (22B) and 55 were 196/07 - Improper use of a\n"
     "P|public electronic communications network (s127 CA 2003).",
     RD,
     {"2022-04-01|2023-03-31|9A Public Fear, Alarm Or Distress||271",
      "2022-04-01|2023-03-31|HO 49 Theft (other)||97",
      "2022-04-01|2023-03-31|sexual activity involving a child under 16 (22B)||61",
      "2022-04-01|2023-03-31|196/07 - Improper use of a public electronic communications network "
      "(s127 CA 2003)||55"}},
    {"P|Of the crimes recorded so far in 2025, 60 related to 8R Malicious Communications, 25\n"
     "P|related to 35: BLACKMAIL, 7 were 35 Blackmail - Theft Act 1968 Sec 21 and 9 were 88E -\n"
     "P|Exposure.",
     "2025-06-30",
     {"2025-01-01|2025-06-30|8R Malicious Communications||60",
      "2025-01-01|2025-06-30|35: BLACKMAIL||25",
      "2025-01-01|2025-06-30|35 Blackmail - Theft Act 1968 Sec 21||7",
      "2025-01-01|2025-06-30|88E - Exposure||9"}},
    {"P|Of the crimes recorded in 2023/24, 12 related to malicous\n"
     "P|Communications and 6 related to pursue course of conduct in breach of Sec 1 (1) which\n"
     "P|amounts to stalking.",
     RD,
     {"2023-04-01|2024-03-31|malicous Communications||12",
      "2023-04-01|2024-03-31|pursue course of conduct in breach of Sec 1 (1) which amounts to "
      "stalking||6"}},
    {"P|Of the crimes recorded in 2024/25 to date, 9 were harassment without violence and 4 were\n"
     "P|threats To Kill (OAPA 1861 s16).",
     "2024-12-01",
     {"2024-04-01|2024-12-01|harassment without violence||9",
      "2024-04-01|2024-12-01|threats To Kill (OAPA 1861 s16)||4"}},
    {"P|Of the crimes recorded in 2023, 4 were theft - other and 3 were criminal damage - other.",
     RD,
     {"2023-01-01|2023-12-31|theft - other||4",
      "2023-01-01|2023-12-31|criminal damage - other||3"}},
    {"P|Of the crimes recorded in 2024, 15 related to 8R: MALICIOUS\n"
     "P|COMMUNICATIONS and 8 were take, make or\n"
     "P|distribute indecent photographs of children (86).",
     RD,
     {"2024-01-01|2024-12-31|8R: MALICIOUS COMMUNICATIONS||15",
      "2024-01-01|2024-12-31|take, make or distribute indecent photographs of children (86)||8"}},
    /* wrapped lines the block parser took for an end, a heading or a list item */
    {"P|Of the crimes recorded in 2022/23, 28 related to sending letters etc. with intent to\n"
     "P|cause distress or anxiety, 11 were obscene Publications Etc.\n"
     "P|and 8 were other criminal damage.",
     RD,
     {"2022-04-01|2023-03-31|sending letters etc. with intent to cause distress or anxiety||28",
      "2022-04-01|2023-03-31|obscene Publications Etc||11",
      "2022-04-01|2023-03-31|other criminal damage||8"}},
    {"P|Of the crimes recorded between 6th April 2022 and 5th April\n"
     "H|2023, 29 were 08R: MALICIOUS COMMUNICATIONS, 28 were 88A:\n"
     "P|Engage in sexual communication with a child - S15A Sexual\n"
     "P|Offences Act 2003 and 26 were 08L: HARASSMENT.",
     RD,
     {"2022-04-06|2023-04-05|08R: MALICIOUS COMMUNICATIONS||29",
      "2022-04-06|2023-04-05|88A: Engage in sexual communication with a child - S15A Sexual "
      "Offences Act 2003||28",
      "2022-04-06|2023-04-05|08L: HARASSMENT||26"}},
    {"H|Of the crimes recorded in 2023, 22 were 08L - HARASSMENT, 19 were 88A:\n"
     "P|Engage in sexual communication with a child and 11 related to HO 08Q\n"
     "P|STALKING.",
     RD,
     {"2023-01-01|2023-12-31|08L - HARASSMENT||22",
      "2023-01-01|2023-12-31|88A: Engage in sexual communication with a child||19",
      "2023-01-01|2023-12-31|HO 08Q STALKING||11"}},
    {"P|Of the crimes recorded in 2022, 47 were public fear, alarm or distress\n"
     "I|(9A) and 46 were 03B Make threats to kill, 10 were 66\n"
     "I|- Other offences against the State or public order.",
     RD,
     {"2022-01-01|2022-12-31|public fear, alarm or distress (9A)||47",
      "2022-01-01|2022-12-31|03B Make threats to kill||46",
      "2022-01-01|2022-12-31|66 - Other offences against the State or public order||10"}},
    /* outcome parts: the quoted wording is the outcome, "the same crimes" the sentence before */
    {"P|Of the crimes recorded in 2022/23, 14 were malicious communications and 5 were\n"
     "P|HARASSMENT.\n"
     "\n"
     "P|Of the same crimes, 2 had the outcome \"Charge or summons\"; 16 had the\n"
     "P|outcome \"Victim does not support action (outcomes 14 & 16)\"; 3 had the\n"
     "P|outcome \"OC15 - Sus/Insuff. Evidence\"; 1 had the outcome \"Outcome 1: charged or\n"
     "P|summonsed\"; 4 had the outcome \"Named Suspect Identified:\n"
     "P|Victim Supports Police Action But Evidential Difficulties\";\n"
     "P|6 had the outcome \"Outcome 14 - evidential difficulties, suspect not identified, "
     "victim\n"
     "P|does not support\".",
     RD,
     {"2022-04-01|2023-03-31|malicious communications||14", "2022-04-01|2023-03-31|HARASSMENT||5",
      "2022-04-01|2023-03-31||Charge or summons|2",
      "2022-04-01|2023-03-31||Victim does not support action (outcomes 14 & 16)|16",
      "2022-04-01|2023-03-31||OC15 - Sus/Insuff. Evidence|3",
      "2022-04-01|2023-03-31||Outcome 1: charged or summonsed|1",
      "2022-04-01|2023-03-31||Named Suspect Identified: Victim Supports Police Action But "
      "Evidential Difficulties|4",
      "2022-04-01|2023-03-31||Outcome 14 - evidential difficulties, suspect not identified, "
      "victim does not support|6"}},
    {"P|In 2023 the force recorded 20 crimes. Of these, 5 resulted in the outcome \"Charged\", 3 "
     "resulted in an outcome of community resolution and 2 were closed with the outcome "
     "\"Adult Caution\".",
     RD,
     {"2023-01-01|2023-12-31|||20", "2023-01-01|2023-12-31||Charged|5",
      "2023-01-01|2023-12-31||community resolution|3", "2023-01-01|2023-12-31||Adult Caution|2"}},
    {"P|Of the 12 stalking offences recorded in 2023, for 4 the outcome was \"Charged\" and 3 had "
     "the outcome Youth caution; 5 had outcome 15 - evidential difficulties.",
     RD,
     {"2023-01-01|2023-12-31|stalking||12", "2023-01-01|2023-12-31|stalking|Charged|4",
      "2023-01-01|2023-12-31|stalking|Youth caution|3",
      "2023-01-01|2023-12-31|stalking|outcome 15 - evidential difficulties|5"}},
    {"P|In 2022, 30 crimes were recorded. Of the same crimes, 7 were recorded with the outcome "
     "\"Community Resolution\" and 4 with the outcome \"Caution (outcomes 2 & 3)\".",
     RD,
     {"2022-01-01|2022-12-31|||30", "2022-01-01|2022-12-31||Community Resolution|7",
      "2022-01-01|2022-12-31||Caution (outcomes 2 & 3)|4"}},
    /* a sentence list after an intro */
    {"P|Outcomes for the offences recorded so far in 2025 were as follows: Charged/Summonsed 3; "
     "Youth caution 0; Evidential difficulties (suspect not identified, victim does not support "
     "action) 3; Outcome 16 - victim does not support police action 7; OC20 - Transferred Oth "
     "Agency 1; Awaiting outcome 10.",
     "2025-04-04",
     {"2025-01-01|2025-04-04||Charged/Summonsed|3", "2025-01-01|2025-04-04||Youth caution|0",
      "2025-01-01|2025-04-04||Evidential difficulties (suspect not identified, victim does not "
      "support action)|3",
      "2025-01-01|2025-04-04||Outcome 16 - victim does not support police action|7",
      "2025-01-01|2025-04-04||OC20 - Transferred Oth Agency|1",
      "2025-01-01|2025-04-04||Awaiting outcome|10"}},
    {"P|Outcomes for the offences recorded in 2022 were as follows: Charge/Summons 1; Caution "
     "(outcomes 2 & 3) 1; Evidential difficulties: suspect identified; victim supports action 4; "
     "Investigation complete; no suspect identified 4; New - Under Investigation 3.",
     RD,
     {"2022-01-01|2022-12-31||Charge/Summons|1",
      "2022-01-01|2022-12-31||Caution (outcomes 2 & 3)|1",
      "2022-01-01|2022-12-31||Evidential difficulties: suspect identified; victim supports "
      "action|4",
      "2022-01-01|2022-12-31||Investigation complete; no suspect identified|4",
      "2022-01-01|2022-12-31||New - Under Investigation|3"}},
    /* list items under an intro */
    {"P|The offences recorded in 2023/24 were as follows:\n"
     "I|Causing a child aged 13 to 15 to watch a sexual act - 2\n"
     "I|Controlling or coercive behaviour : 5\n"
     "I|Harassment - S2 Protection from Harassment Act 1997 - 17\n"
     "I|Malicious Communications (5)\n"
     "I|58D - Other criminal damage - -\n"
     "I|Stalking \xe2\x80\x93 2\n"
     "P|The outcomes of the offences recorded in 2023/24 are:\n"
     "I|Charged/summonsed: 3\n"
     "I|OC14 \xe2\x80\x93 No Sus / Victim Decline: 12\n"
     "I|Evidential difficulties: suspect identified; victim supports action: 14\n"
     "I|Under investigation: 7\n"
     "I|Total: 36",
     RD,
     {"2023-04-01|2024-03-31|Causing a child aged 13 to 15 to watch a sexual act||2",
      "2023-04-01|2024-03-31|Controlling or coercive behaviour||5",
      "2023-04-01|2024-03-31|Harassment - S2 Protection from Harassment Act 1997||17",
      "2023-04-01|2024-03-31|Malicious Communications||5",
      "2023-04-01|2024-03-31|58D - Other criminal damage||-", "2023-04-01|2024-03-31|Stalking||2",
      "2023-04-01|2024-03-31||Charged/summonsed|3",
      "2023-04-01|2024-03-31||OC14 - No Sus / Victim Decline|12",
      "2023-04-01|2024-03-31||Evidential difficulties: suspect identified; victim supports "
      "action|14",
      "2023-04-01|2024-03-31||Under investigation|7", "2023-04-01|2024-03-31||*Total|36"}},
    {"P|In 2023 the offences were:\n"
     "I|Stalking - 2\n"
     "I|Harassment: 12\n"
     "I|Total: 14",
     RD,
     {"2023-01-01|2023-12-31|Stalking||2", "2023-01-01|2023-12-31|Harassment||12",
      "2023-01-01|2023-12-31|*Total||14"}},
    /* years as labels */
    {"P|The number of crimes recorded each year was:\n"
     "I|2021 - 17\n"
     "I|2022: 24\n"
     "I|2023 (so far) - 9",
     RD,
     {"2021-01-01|2021-12-31|||17", "2022-01-01|2022-12-31|||24", "2023-01-01|2024-10-21|||9"}},
    {"P|2019 \xe2\x80\x93 17\nP|2020 \xe2\x80\x93 24\nP|2021 - 19",
     RD,
     {"2019-01-01|2019-12-31|||17", "2020-01-01|2020-12-31|||24", "2021-01-01|2021-12-31|||19"}},
    {"P|01/04/2021 - 31/03/2022 \xe2\x80\x93 8\nP|01/04/2023 - present \xe2\x80\x93 6",
     "2023-08-04",
     {"2021-04-01|2022-03-31|||8", "2023-04-01|2023-08-04|||6"}},
    /* label-value sections under period lines (text e-mails) */
    {"P|Year 2020\n"
     "P|  Harassment - S2 Protection from Harassment Act 1997: *\n"
     "P|  Stalking: 9\n"
     "P|  Total: 19\n"
     "\n"
     "P|FY 2021/22:\n"
     "P|  Harassment: 11\n"
     "P|  Public fear, alarm or distress: -",
     RD,
     {"2020-01-01|2020-12-31|Harassment - S2 Protection from Harassment Act 1997||*",
      "2020-01-01|2020-12-31|Stalking||9", "2020-01-01|2020-12-31|*Total||19",
      "2021-04-01|2022-03-31|Harassment||11",
      "2021-04-01|2022-03-31|Public fear, alarm or distress||-"}},
    {"P|2020/21\n"
     "P|  Charged/summonsed: <5\n"
     "P|  Outcome 14: 11\n"
     "P|  Under investigation: <5\n"
     "P|  Total: 80",
     RD,
     {"2020-04-01|2021-03-31||Charged/summonsed|<5", "2020-04-01|2021-03-31||Outcome 14|11",
      "2020-04-01|2021-03-31||Under investigation|<5", "2020-04-01|2021-03-31||*Total|80"}},
    {"H|2022\nI|Harassment: 12\nI|Stalking: 4",
     RD,
     {"2022-01-01|2022-12-31|Harassment||12", "2022-01-01|2022-12-31|Stalking||4"}},
    {"P|The offences recorded in 2024 were:\nI|Offences recorded to date: 14",
     RD,
     {"2024-01-01|2024-12-31|||14"}},
    /* a platform list */
    {"P|In 2023 the crimes were linked to these platforms:\nI|TikTok: 12\nI|Snapchat - 30",
     RD,
     {"2023-01-01|2023-12-31|||12", "2023-01-01|2023-12-31|||30"}},
    /* "of <code>: <name>" after a count noun: the code and its name are the offence */
    {"P|There were 69 offences of 35: Blackmail recorded in 2023.",
     RD,
     {"2023-01-01|2023-12-31|35: Blackmail||69"}},
    {"P|12 crimes of 8L - Harassment in 2022", RD, {"2022-01-01|2022-12-31|8L - Harassment||12"}},
    {"P|In 2022 there were 7 offences of 8R: Malicious Communications.",
     RD,
     {"2022-01-01|2022-12-31|8R: Malicious Communications||7"}},
    {"P|In 2023/24 we recorded 15 crimes of 71/17 - Sexual communication with a child.",
     RD,
     {"2023-04-01|2024-03-31|71/17 - Sexual communication with a child||15"}},
    {"P|In 2023, 9 offences of 195/12 Disclosing private sexual images were recorded.",
     RD,
     {"2023-01-01|2023-12-31|195/12 Disclosing private sexual images||9"}},
    {"P|Kent Police recorded 4 crimes of 35: Blackmail in 2022 and 6 in 2023.",
     RD,
     {"2022-01-01|2022-12-31|35: Blackmail||4", "2023-01-01|2023-12-31|35: Blackmail||6"}},
    {"P|In 2023 there were 5 offences of code 8L: Harassment.",
     RD,
     {"2023-01-01|2023-12-31|code 8L: Harassment||5"}},
    /* "of" that does not name an offence */
    {"P|In 2023 there were 69 offences, of which 12 were charged.",
     RD,
     {"2023-01-01|2023-12-31|||69", "2023-01-01|2023-12-31||charged|12"}},
    {"P|In 2023 there were 69 offences of which 12 were charged.",
     RD,
     {"2023-01-01|2023-12-31|||69", "2023-01-01|2023-12-31||charged|12"}},
    /* "N of [the] M", "N out of M": M restates the whole, N is the part */
    {"P|In 2023, 2 of the 4 offences were charged.",
     RD,
     {"2023-01-01|2023-12-31||charged|2", "2023-01-01|2023-12-31|||4"}},
    {"P|In 2023, 3 out of 5 offences were recorded as harassment.",
     RD,
     {"2023-01-01|2023-12-31|harassment||3", "2023-01-01|2023-12-31|||5"}},
    {"P|In 2023, 12 of 44 crimes resulted in a charge.",
     RD,
     {"2023-01-01|2023-12-31||a charge|12", "2023-01-01|2023-12-31|||44"}},
    /* "of <number> <lower-case words>" is not a code and its name: the number is not data */
    {"P|In 2023 there were 40 offences of 12 different types.", RD, {"2023-01-01|2023-12-31|||40"}},
    {"P|In 2023 there were 40 offences of 3 kinds: Stalking, Harassment and Blackmail.",
     RD,
     {"2023-01-01|2023-12-31|||40"}},
    {"P|In 2022 there were 30 offences of 8L: Harassment and 4 offences of 8R: Malicious "
     "Communications.",
     RD,
     {"2022-01-01|2022-12-31|8L: Harassment||30",
      "2022-01-01|2022-12-31|8R: Malicious Communications||4"}},
    {"P|In 2022, 30 crimes of 8L: Harassment were recorded, of which 12 were charged.",
     RD,
     {"2022-01-01|2022-12-31|8L: Harassment||30",
      "2022-01-01|2022-12-31|8L: Harassment|charged|12"}},
    {"P|In 2022 there were 21 offences of 86: take, make or distribute indecent images.",
     RD,
     {"2022-01-01|2022-12-31|86: take, make or distribute indecent images||21"}},
    /* the request restated, then the answer */
    {"Q|How many crimes since 1 January 2021? Please break down by the last 3 years.\n"
     "P|In 2022, 42 crimes were recorded.",
     RD,
     {"2022-01-01|2022-12-31|||42"}},
    {"P|\"I would like to know how many offences linked to TikTok your force has recorded since 1 "
     "January 2023. For each year please give the offence (for example s.15A of the Sexual "
     "Offences Act 2003, sexual communication with a child, Home Office code 71/17).\"\n"
     "P|Kent Police recorded 17 crimes in 2023.",
     RD,
     {"2023-01-01|2023-12-31|||17"}},
    {"P|\"1. In the last 3 years, how many offences has the force logged? [Between April 6 - April "
     "5 2022/23, 2023/24]\n"
     "P|1a) What were the nature of offences?\n"
     "P|1b) What police action was taken for these offences?\"\n"
     "\n"
     "P|Kent Police recorded 33 crimes in 2022/23.",
     RD,
     {"2022-04-01|2023-03-31|||33"}},
    {"P|\"Q1. How many crimes have been recorded for each financial year from 2023/24 to date?\n"
     "P|Q2. Please break this down by crime type.\n"
     "P|Q3. Please provide the outcomes (Home Office outcome types 1 to 22) for these crimes.\"\n"
     "P|Durham Constabulary recorded 27 crimes in 2023/24.",
     RD,
     {"2023-04-01|2024-03-31|||27"}},
    /* terse numbered answers take their meaning from the numbered questions */
    {"Q|1. How many crimes were recorded in Jan-Dec 2024 where TikTok was mentioned?\n"
     "Q|1a. Of these, how many resulted in the outcome 'Charge/Summons'?\n"
     "Q|2. Of the crimes in question 1, how many were recorded as stalking?\n"
     "Q|3. How many crimes were recorded in 2023?\n"
     "H|In response:\n"
     "I|1. 33\n"
     "I|1a. Charged - 2\n"
     "I|2. 10\n"
     "H|Answer 3:\n"
     "P|I can confirm that the force holds the information requested.\n"
     "P|7",
     RD,
     {"2024-01-01|2024-12-31|||33", "2024-01-01|2024-12-31||Charged|2",
      "2024-01-01|2024-12-31|stalking||10", "2023-01-01|2023-12-31|||7"}},
    /* a statute with a second subsection; a date broken across lines */
    {"P|There have been 3 offences recorded under section 127(1)(a) and (3) of the "
     "Communications Act 2003 between 1st April 2023 and 8th\n"
     "P|June 2023.",
     RD,
     {"2023-04-01|2023-06-08|section 127(1)(a) and (3) of the Communications Act 2003||3"}},
    {"P|Number of offences recorded under section 2 of the Protection from Harassment Act 1997 "
     "between 1st April 2023 and 8th\n"
     "H|June 2023 - Total Count 5",
     RD,
     {"2023-04-01|2023-06-08|section 2 of the Protection from Harassment Act 1997||5"}},
    {"P|Between 1st April 2023 and\n"
     "H|31st March 2024 there were 7 crimes.",
     RD,
     {"2023-04-01|2024-03-31|||7"}},
    /* a bare number under each period line answers the "How many" question above */
    {"P|2. How many were finalised as 'OC18 - No suspect identified'?\n"
     "P|1st April 2021 - 31st March 2022\n"
     "P|12\n"
     "P|01.04.2022 - 31.03.2023\n"
     "P|8",
     RD,
     {"2021-04-01|2022-03-31||'OC18 - No suspect identified|12",
      "2022-04-01|2023-03-31||'OC18 - No suspect identified|8"}},
    /* a quoted outcome name keeps its semicolon: outcome 16, not 15 */
    {"P|2. How many were finalised as 'Evidential difficulties: suspect identified; victim does "
     "not support action'?\n"
     "P|1st April 2023 - 31st March 2024\n"
     "P|16",
     RD,
     {"2023-04-01|2024-03-31||'Evidential difficulties: suspect identified; victim does not "
      "support action|16"}},
    /* a numbered list under its own period heading is a list, not answers to the questions */
    {"Q|1. How many crimes have been recorded since 1 January 2020 where TikTok was mentioned?\n"
     "H|Calendar year 2020\n"
     "I|1. Charged/Summonsed - 1\n"
     "I|2. Outcome 14 - 3\n"
     "H|Calendar year 2021\n"
     "I|1. Charged/Summonsed - 3",
     RD,
     {"2020-01-01|2020-12-31||Charged/Summonsed|1", "2020-01-01|2020-12-31||Outcome 14|3",
      "2021-01-01|2021-12-31||Charged/Summonsed|3"}},
    /* a restated request's "1." is not the reply's own question 1 */
    {"P|\"1. How many crimes have been recorded since 1 January 2022?\"\n"
     "P|1. How many crimes were recorded in FY22/23 where TikTok was mentioned?\n"
     "I|1. 79",
     RD,
     {"2022-04-01|2023-03-31|||79"}},
};

static void test_cases(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const pcase *c = &cases[i];
        run r;
        run_doc(&r, c->src, c->reply_date);
        size_t nw = 0;
        while (c->want[nw])
            nw++;
        bool ok = r.out.n == nw;
        for (size_t k = 0; ok && k < nw; k++)
            ok = foi_streq_ci(render(&r, &r.out.v[k], c->reply_date), c->want[k]);
        if (!ok) {
            fprintf(stderr, "case %zu: %s\n  got %zu records, want %zu\n", i, c->src, r.out.n, nw);
            for (size_t k = 0; k < r.out.n; k++)
                fprintf(stderr, "  got  %s  [%s]\n", render(&r, &r.out.v[k], c->reply_date),
                        r.out.v[k].where);
            for (size_t k = 0; k < nw; k++)
                fprintf(stderr, "  want %s\n", c->want[k]);
            for (size_t k = 0; k < r.diags.n; k++)
                fprintf(stderr, "  diag %s %s: %s\n", r.diags.v[k].where, r.diags.v[k].kind,
                        r.diags.v[k].detail);
        }
        foi_arena_free(r.a);
        failed += !ok;
    }
    assert_int_equal(failed, 0);
}

/* Sentences and lines with numbers that are not figures: no record, no diagnostic. */
static const char *const noise[] = {
    "P|Our reference: FOI 2024/0123",
    /* year lines of consecutive sections are periods, not a figure under the one before */
    "P|2021\nP|2022\nP|2023",
    "P|Request Number: 01/FIN/24/2153",
    "P|FOI Reference: 645-24",
    "P|FOI Reference: 4468",
    "P|Reference Number: 9086-2023/24",
    "P|Ref No: 228892/25",
    "P|Date: 26 Nov 2024",
    "P|22nd December 2023",
    "P|4 April 2025",
    "P|Sent: Friday, 22 December 2023 16:22",
    "P|Telephone: 0303 123 1113.",
    "P|Telephone: 101",
    "P|Tel: 101 (ext. 51055)",
    "P|In an emergency call 999. For non-emergencies call 101.",
    "P|PO Box 77",
    "P|Hutton\nP|Preston\nP|PR4 5SB",
    "P|Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF.",
    "P|Under Section 1(1)(a) of the Freedom of Information Act 2000 I can confirm that Durham "
    "Constabulary holds information relevant to your request.",
    "P|This information is exempt under Section 12(1) and s.40(2) of the Act.",
    "P|Offences were recorded under S15A of the Sexual Offences Act 2003 and section 127(1)(a) of "
    "the Communications Act 2003.",
    "P|The Home Office codes used were 8L, 8R and 71/17.",
    "P|The appropriate limit is \xc2\xa3"
    "450 which equates to 18 hours of work.",
    "P|We estimate it would take 3 minutes per record to review the 1,144 records identified.",
    "P|To answer this we would need to individually interrogate 7069 occurrences.",
    "P|Figures below 3 have been replaced with *.",
    "P|Figures between 1 and 4 have been shown as <5 to protect the identity of individuals.",
    "P|Outcomes are Home Office outcome types 1 to 22.",
    "P|Crimes are recorded in line with the Home Office Counting Rules. One crime may involve more "
    "than one victim.",
    "P|The victims were aged 13 to 15.",
    "P|Offences against children under 16 are included.",
    "P|Complaint Rights: You have the right to request a review of this decision within 2 "
    "calendar months (approximately 40 working days).",
    "P|You may request an internal review within 20 working days of the date of this response.",
    "P|Data was extracted on 26/03/2025.",
    "P|Thank you for your request for information dated 21 September 2024, which has been dealt "
    "with under the Freedom of Information Act 2000 (the Act).",
    "P|Your request for information, received on 27 February 2025, has now been considered.",
    "P|1.",
    "P|Q3",
    "P|3. 2",
    "P|Please find attached the figures for 2021, 2022 and 2023.",
    "P|I would like to know how many offences your force has recorded in the last 3 years.",
    "P|Could you tell me how many crimes were reported in each of the years 2020, 2021, 2022?",
    "Q|In 2022, 42 crimes were recorded.",
    "P|For further information please visit www.ico.org.uk.",
    "P|Email: foi@northwales.police.uk",
    "P|Subject: FOI 628/23 - TIKTOK related crime",
    "P|Niche was introduced to the force on 21 May 2015.",
    "P|Version 2, page 3 of 4",
    "P|The data covers the period 1 January 2021 to 31 December 2023.",
    "P|Approximately 25% of the crimes involved more than one platform.",
    "P|Caution (outcomes 2 & 3)",
    "P|Outcome 21",
    "I|Outcome 21",
    "P|25 Camden Road",
    "P|LL29 8AW",
    "P|2 x Officers were disciplined for their conduct on WhatsApp.",
    "P|Please see the attached table for 2023/24.",
    "P|The figures for 2021, 2022 and 2023 are below.",
    "P|The force introduced Niche on 21 May 2015 and Athena in 2019.",
    "P|Each of the 12 months of 2023 was searched.",
    "P|A search was run on 3 systems.",
    "P|This response was published on 05/07/2024 at 09:15.",
    "P|Home Office Counting Rules, section 3, paragraph 2.",
    "P|The appropriate limit is \xc2\xa3"
    "450, which has been calculated to equate to a total of 18 "
    "hours of work (Freedom of Information (Fees and Appropriate Limit) Regulations 2004). Section "
    "12(1) of the Freedom of Information Act 2000 therefore applies and this letter serves as a "
    "refusal notice under Section 17(5).",
    "P|Initial searches have brought back 6,189 records. Even at a conservative estimate of 3 "
    "minutes per record this would take in excess of 309 hours.",
    "P|Subject: 2287 - TIKTOK related crime",
    "P|A crime recorded as \"Outcome 14 - evidential difficulties\" may be reopened.",
    "P|Threats to kill are offences under the Offences against the Person Act 1861 (OAPA 1861 "
    "s16).",
    "P|Section 1 (1) of the Protection from Harassment Act 1997 was used for these crimes.",
    "P|Crimes are recorded as \"Outcome 1: charged or summonsed\" once charged.",
    "P|From: Information Compliance Unit <foi@cheshire.police.uk>\nP|Sent: Wednesday, 10 April "
    "2024 16:05\nP|Subject: 2024079851 - TikTok related crime",
};

static void test_noise(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++) {
        run r;
        run_doc(&r, noise[i], RD);
        if (r.out.n || r.diags.n) {
            fprintf(stderr, "noise %zu: %s\n", i, noise[i]);
            for (size_t k = 0; k < r.out.n; k++)
                fprintf(stderr, "  got  %s\n", render(&r, &r.out.v[k], RD));
            for (size_t k = 0; k < r.diags.n; k++)
                fprintf(stderr, "  diag %s: %s\n", r.diags.v[k].kind, r.diags.v[k].detail);
        }
        assert_int_equal(r.out.n, 0);
        assert_int_equal(r.diags.n, 0);
        foi_arena_free(r.a);
    }
}

/* Figures whose period or subject cannot be read: a diagnostic, never a record. */
typedef struct dcase {
    const char *src;
    const char *kind;
} dcase;

static const dcase dcases[] = {
    {"P|A total of 106 offences were recorded in the last three years.", "ambiguous_period"},
    {"P|We recorded 106 offences.", "ambiguous_period"},
    {"P|Kent Police recorded 24 offences in 2020/21 and 31 in 2021/22.\n"
     "P|The offences recorded were as follows:\n"
     "I|Harassment: 12",
     "ambiguous_period"},
    {"I|Stalking: 4", "ambiguous_period"},
    {"P|Harassment: 12", "ambiguous_period"},
    {"P|22 offences in 2021, followed by 42 the year after.", "unparsed_prose"},
    /* a part of a total the rules cannot place: never a guessed offence or outcome */
    {"P|Of the 44 crimes recorded in 2023/24, 30 were committed by males.", "unparsed_prose"},
    {"P|In 2023, 20 crimes were recorded; 12 of the victims were aged under 16.", "unparsed_prose"},
    {"P|In 2022 we recorded 40 crimes. Of these, 3 were female and 2 were male.", "unparsed_prose"},
    /* a part whose total names several periods */
    {"P|Kent Police recorded 24 offences in 2020/21 and 31 in 2021/22. Of these, 12 were charged.",
     "ambiguous_period"},
    {"P|12 were charged.", "ambiguous_period"},
    {"P|Of those crimes, 12 resulted in a charge.", "ambiguous_period"},
    {"P|37 offences in 2021, rising to 63 the following year.", "unparsed_prose"},
    /* outcome parts with nothing before them to take a period from */
    {"P|Of the same crimes, 6 had the outcome \"Named Suspect Identified:\n"
     "P|Victim Supports Police Action But Evidential Difficulties\"; 3\n"
     "P|had the outcome \"No suspect identified\".",
     "ambiguous_period"},
    /* a quoted "outcome" that reads only as an offence */
    {"P|In 2023 we recorded 20 crimes. Of these, 4 had the outcome \"Stalking\".",
     "unparsed_prose"},
    /* a bare number under a period line with no question saying what it counts */
    {"P|1st April 2021 - 31st March 2022\n"
     "P|12",
     "unparsed_prose"},
    /* a numbered answer whose question names no period, or asks no count */
    {"Q|1. How many crimes were recorded where TikTok was mentioned?\n"
     "I|1. 33",
     "ambiguous_period"},
    {"Q|4. Please confirm whether the suspects were under 18?\n"
     "I|4. 12",
     "unparsed_prose"},
};

/* Parts of something other than crimes, or parts the rules cannot place: only the stated
 * total (when there is one) is a record, never a part. */
static const pcase not_parts[] = {
    {"P|Of the 3 suspects identified in 2023, 2 were charged.", RD, {NULL}},
    {"P|In 2023, 20 crimes were recorded; 5 suspects were charged.",
     RD,
     {"2023-01-01|2023-12-31|||20"}},
    {"P|In 2023, 20 crimes were recorded. Of the 20 victims, 12 were female.",
     RD,
     {"2023-01-01|2023-12-31|||20"}},
    {"P|Of the 44 crimes recorded in 2023, 30% were harassment.",
     RD,
     {"2023-01-01|2023-12-31|||44"}},
    {"P|In 2023 there were 44 crimes; 12 were committed on Snapchat.",
     RD,
     {"2023-01-01|2023-12-31|||44"}},
    {"P|Of the 44 crimes recorded in 2023/24, 17 were reported by schools.",
     RD,
     {"2023-04-01|2024-03-31|||44"}},
    {"P|In 2022, 42 crimes were recorded. 12 were aged under 16.",
     RD,
     {"2022-01-01|2022-12-31|||42"}},
    {"P|Offences under sections 12 and 13 of the Act were recorded in 2022.", RD, {NULL}},
    {"P|The victims were aged 13 and 15.", RD, {NULL}},
    {"P|Of the 44 crimes recorded in 2023/24, 5 were received from schools.",
     RD,
     {"2023-04-01|2024-03-31|||44"}},
    {"P|In 2023, 20 crimes were recorded; 6 led to further enquiries.",
     RD,
     {"2023-01-01|2023-12-31|||20"}},
    {"P|In 2023, 20 crimes were recorded. Of these, 12 were committed by the same offender.",
     RD,
     {"2023-01-01|2023-12-31|||20"}},
    {"P|In 2023, 20 crimes were recorded; 3 suspects had the outcome \"Charged\".",
     RD,
     {"2023-01-01|2023-12-31|||20"}},
    {"P|The crimes recorded in 2022 were 35 stalking offences and 12 harassment offences.",
     RD,
     {"2022-01-01|2022-12-31|stalking||35", "2022-01-01|2022-12-31|harassment||12"}},
    {"P|Of the 44 crimes recorded in 2023/24, 17 were malicious communications offences.\n"
     "P|Section 12 and 14 of the Act apply.",
     RD,
     {"2023-04-01|2024-03-31|||44", "2023-04-01|2024-03-31|malicious communications offences||17"}},
};

static void test_not_parts(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof not_parts / sizeof not_parts[0]; i++) {
        const pcase *c = &not_parts[i];
        run r;
        run_doc(&r, c->src, c->reply_date);
        size_t nw = 0;
        while (c->want[nw])
            nw++;
        bool ok = r.out.n == nw;
        for (size_t k = 0; ok && k < nw; k++)
            ok = foi_streq_ci(render(&r, &r.out.v[k], c->reply_date), c->want[k]);
        if (!ok) {
            fprintf(stderr, "not-part case %zu: %s\n", i, c->src);
            for (size_t k = 0; k < r.out.n; k++)
                fprintf(stderr, "  got  %s\n", render(&r, &r.out.v[k], c->reply_date));
        }
        foi_arena_free(r.a);
        failed += !ok;
    }
    assert_int_equal(failed, 0);
}

static void test_diags(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dcases / sizeof dcases[0]; i++) {
        run r;
        run_doc(&r, dcases[i].src, RD);
        bool found = false;
        for (size_t k = 0; k < r.diags.n; k++)
            if (!strcmp(r.diags.v[k].kind, dcases[i].kind)) found = true;
        if (!found) {
            fprintf(stderr, "diag case %zu: %s\n", i, dcases[i].src);
            for (size_t k = 0; k < r.out.n; k++)
                fprintf(stderr, "  got  %s\n", render(&r, &r.out.v[k], RD));
            for (size_t k = 0; k < r.diags.n; k++)
                fprintf(stderr, "  diag %s: %s\n", r.diags.v[k].kind, r.diags.v[k].detail);
        }
        assert_true(found);
        foi_arena_free(r.a);
    }
}

/* Exact figures keep their place: locators and reading order. */
static void test_locators(void **state)
{
    (void)state;
    run r;
    run_doc(&r,
            "P|Some text.\n\nP|Kent recorded 10 crimes in 2021\nP|and 12 in 2022.\n"
            "P|The offences recorded in 2022 were:\nI|Stalking: 12",
            RD);
    assert_int_equal(r.out.n, 3);
    assert_string_equal(r.out.v[0].where, "line 3");
    assert_string_equal(r.out.v[1].where, "line 4");
    assert_string_equal(r.out.v[2].where, "line 6");
    for (size_t k = 0; k < r.out.n; k++) {
        assert_int_equal(r.out.v[k].order, (int)k);
        assert_int_equal(r.out.v[k].grid, 0);
    }
    foi_arena_free(r.a);

    /* blocks without a source line are located by paragraph */
    run_doc(&r, "", RD);
    foi_doc_add_block(r.doc, FOI_BLOCK_PARA, "In 2022, 42 crimes were recorded.", 0);
    foi_grid_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.rules = g_rules;
    ctx.reply_date = RD;
    ctx.out = &r.out;
    ctx.diags = &r.diags;
    foi_prose_extract(r.a, r.doc, &ctx);
    assert_int_equal(r.out.n, 1);
    assert_string_equal(r.out.v[0].where, "paragraph 1");
    foi_arena_free(r.a);
}

/* Degenerate input must not crash. */
static void test_empty(void **state)
{
    (void)state;
    run r;
    run_doc(&r, "", RD);
    assert_int_equal(r.out.n, 0);
    foi_prose_extract(r.a, NULL, NULL);
    foi_arena_free(r.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),    cmocka_unit_test(test_noise),
        cmocka_unit_test(test_diags),    cmocka_unit_test(test_not_parts),
        cmocka_unit_test(test_locators), cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
