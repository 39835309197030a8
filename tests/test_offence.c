/* Offence wording -> Home Office classification: real wordings from police FOI replies
 * (research/foi-replies.md), the false codes that must not map, and every offence_raw of the
 * labelled sample (../shared/corpus/dev/gold/records.csv, skipped when absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/offence.h"
#include "normalize/rules.h"

static foi_arena *A;
static foi_rules *R;

static int setup(void **state)
{
    (void)state;
    A = foi_arena_new();
    foi_diag_vec errs = {0};
    R = foi_rules_load(A, NULL, &errs);
    for (size_t i = 0; i < errs.n; i++)
        fprintf(stderr, "rules: %s: %s\n", errs.v[i].where, errs.v[i].detail);
    return R && errs.n == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(A);
    return 0;
}

typedef struct {
    const char *label;
    const char *code;    /* "" = unmapped */
    const char *subcode; /* NULL = do not check */
    foi_map_method method;
} ocase;

#define C(l, c, s, m)                                                                              \
    {                                                                                              \
        l, c, s, FOI_MAP_##m                                                                       \
    }

static const ocase CASES[] = {
    /* 1. codes in the label, any spelling */
    C("8L - Harassment", "8L", "", CODE),
    C("08L", "8L", "", CODE),
    C("8/65", "8Q", "008/65", CODE),
    C("08/65", "8Q", "008/65", CODE),
    C("125/9", "9A", "125/09", CODE),
    C("125/09", "9A", "125/09", CODE),
    C("86/2", "86", "086/02", CODE),
    C("086/02", "86", "086/02", CODE),
    C("71/17", "88A", "071/17", CODE),
    C("HO code 88A", "88A", "", CODE),
    C("8R Malicious Communications", "8R", "", CODE),
    C("8R – Malicious Communications", "8R", "", CODE),
    C("8Q - Stalking", "8Q", "", CODE),
    C("195/12", "8Q", "195/12", CODE),
    C("195/94", "8L", "195/94", CODE),
    C("008/72", "8R", "008/72", CODE),
    C("8/72", "8R", "008/72", CODE),
    C("008/71", "8R", "008/71", CODE),
    C("08/67", "8U", "008/67", CODE),
    C("196/07 - Send by public communication network an offensive message", "196/07", "196/07",
      CODE),
    C("105A", "105A", "", CODE),
    C("37/2", "37.2", "", CODE),
    C("4/1", "4.1", "", CODE),
    C("3B – Threats to kill", "3B", "", CODE),
    C("105B – Racially or Religiously Aggravated Assault without Injury", "105B", "", CODE),
    C("66 - Other Offences against the State and Public Orde", "66", "", CODE),
    C("08/67 - Engage in controlling / coercive behaviour in an intimate / family relationship.",
      "8U", "008/67", CODE),
    C("HO code 086/02 - Take, permit to be taken or to make distribute or publish indecent "
      "photographs or pseudo - photographs of children .",
      "86", "086/02", CODE),
    C("86/2 Take/make/distribute indecent photogrtaphs or (S) pseudo-photographs of childern", "86",
      "086/02", CODE),
    C("Home Office code 008/71 \"Disclose private sexual photographs and films with intent to "
      "cause distress\"",
      "8R", "008/71", CODE),
    C("88/1 - Meeting a female child following sexual grooming etc. (Offender is aged 18 or "
      "over and victim is under 16)",
      "88A", "088/01", CODE),
    C("sexual grooming (Home Office Offence code: 88A)", "88A", "", CODE),
    C("Sexual activity etc with a person with a mental disorder (Class 70)", "70", "", CODE),
    C("21 Sexual activity involving a child under 13", "21", "", CODE),
    C("35 - Blackmail (sextortion)", "35", "", CODE),
    C("49 Theft (other)", "49", "", CODE),
    C("86 Making indecent images of children", "86", "", CODE),
    C("Stalking (8Q)", "8Q", "", CODE),
    /* 2. statutes */
    C("s.15A SOA 2003", "88A", "071/17", STATUTE),
    C("Section 1 Malicious Communications Act 1988", "8R", NULL, STATUTE),
    C("S4A POA 1986", "9A", "", STATUTE),
    C("s2A Protection from Harassment Act 1997", "8Q", "", STATUTE),
    C("S127 Communications Act 2003", "196/07", "196/07", STATUTE),
    C("Theft Act 1968 Sec 21", "35", "", STATUTE),
    C("Public Order Act 1986 Sec. 4A", "9A", "", STATUTE),
    C("Harassment (S2 Harassment Act 1997)", "8L", "", STATUTE),
    C("Section 76 of the Serious Crime Act 2015", "8U", "008/67", STATUTE),
    C("section 33 of the 2015 Criminal Justice and Courts Act", "8R", "008/71", STATUTE),
    C("Wounding with intent to do grievous bodily harm - Offences against the Person Act 1861 "
      "Sec 18",
      "5D", "", STATUTE),
    C("Sexual assault on a male 13 and over - Sexual Offences Act 2003 Sec 3", "17A", "", STATUTE),
    C("Sexual assault on a female aged 13 or over (S3, SOA 2003)", "20A", "", STATUTE),
    C("Racially aggravated S4A POA", "9B", "", STATUTE),
    C("Sec 15A of the Sexual Offences Act 2003", "88A", "071/17", STATUTE),
    C("Exposure - Sexual Offences Act 2003 Sec 66", "88E", "", STATUTE),
    C("section 127(1)(a) and (3) of the Communications Act 2003", "196/07", "196/07", STATUTE),
    /* 3. aliases */
    C("Mal Comms", "8R", "", ALIAS),
    C("Malicious Communications", "8R", "", ALIAS),
    C("IIOC - making/distributing", "86", "", ALIAS),
    C("Harassment", "8L", "", ALIAS),
    C("Stalking", "8Q", "", ALIAS),
    C("Blackmail", "35", "", ALIAS),
    C("Obscene publications", "86", "", ALIAS),
    C("Obscene Publications Etc.", "86", "", ALIAS),
    C("Public Fear, Alarm Or Distress", "9A", "", ALIAS),
    C("Racially Or Religiously Aggravated Public Fear, Alarm Or Distress", "9B", "", ALIAS),
    C("Engage in sexual communication with a child", "88A", "071/17", ALIAS),
    C("Adult attempt to engage in sexual communication with a child", "88A", "071/17", ALIAS),
    C("Sexual Communication with a Child", "88A", "071/17", ALIAS),
    C("Coercive control", "8U", "008/67", ALIAS),
    C("Revenge porn", "8R", "008/71", ALIAS),
    C("Online Harassment", "8L", "", ALIAS),
    C("Cyberflashing", "088/14", "088/14", ALIAS),
    C("Upskirting", "88E", "088/12", ALIAS),
    C("Voyeurism", "88E", "", ALIAS),
    C("Common assault", "105A", "", ALIAS),
    C("Assault with Injury", "8N", "", ALIAS),
    C("ABH", "8N", "", ALIAS),
    C("Other theft", "49", "", ALIAS),
    C("Other criminal damage", "58D", "", ALIAS),
    C("Other offences against the State or public order", "66", "", ALIAS),
    C("Other Offences Against The State Or Public Order", "66", "", ALIAS),
    C("Shoplifting", "46", "", ALIAS),
    C("Modern slavery", "106", "", ALIAS),
    C("Making off without payment", "49A", "", ALIAS),
    C("Threats to Kill", "3B", "", ALIAS),
    C("Kidnapping", "36", "", ALIAS),
    C("Sending letters etc with intent to cause distress or anxiety", "8R", "008/72", ALIAS),
    C("Encouraging or assisting serious self-harm", "005/30", "005/30", ALIAS),
    C("Stalking involving serious alarm/distress", "8Q", "", ALIAS),
    C("Blackmail (sextortion)", "35", "", ALIAS),
    C("Harassment (PHA 1997)", "8L", "", ALIAS),
    /* 4. keyword rules */
    C("Send by public communication network an offensive / indecent / obscene / menacing "
      "message / matter (recordable)",
      "196/07", "196/07", ALIAS),
    C("Cause to be sent by public communication network a false message to cause annoyance / "
      "inconvenience / anxiety (recordable)",
      "196/07", "196/07", KEYWORD),
    C("Send by public communication network an offensive/indecent/obscene/menacing "
      "message/matter – Contrary to section 127(1)(a) and (3) of the Communications Act 2003.",
      "196/07", "196/07", STATUTE),
    C("Send communication / article of an indecent / offensive nature (recordable)", "8R", "008/72",
      KEYWORD),
    C("Send letter / communication / article conveying indecent / offensive message", "8R",
      "008/72", ALIAS),
    C("Sexual Assault on a Female 13+", "20A", "", KEYWORD),
    C("Rape of a female aged under 16", "19D", "", ALIAS),
    C("Rape of a girl aged 13 to 15", "19D", "", KEYWORD),
    C("Cause a child aged 13 to 15 to watch a sexual act", "22B", "", KEYWORD),
    C("Possession of indecent photographs of children", "86", "", KEYWORD),
    C("Take/make/publish indecent photo/pseudophoto of a child", "86", "", KEYWORD),
    C("Possession of indecent photo of child", "86", "", KEYWORD),
    C("taking, making or distributing indecent photographs or pseudo-photographs of children", "86",
      "", KEYWORD),
    C("Sexual comms with child", "88A", NULL, KEYWORD),
    C("the crime of sending a Sexual Message to a Child", "88A", "071/17", KEYWORD),
    C("Meeting a male child under 16 following sexual grooming etc  offender 18", "88A", "",
      KEYWORD),
    C("attempting to meet a child following sexual grooming", "88A", "", KEYWORD),
    C("Threats to disclose private sexual images", "8R", "008/71", KEYWORD),
    C("Disclosing private sexual images without consent", "8R", "008/71", KEYWORD),
    C("Racially and/or religiously aggravated harassment fear of violence", "8M", "", KEYWORD),
    C("Public Order: Harassment alarm or distress", "9A", "", KEYWORD),
    C("Exposureintentionalmale or female genitals", "88E", "", KEYWORD),
    C("Paying for the sexual services of a female child 1617yrs", "71", "", KEYWORD),
    C("Pursue a course of conduct amounting to harassment", "8L", "", KEYWORD),
    C("section 4a stalking", "8Q", "", KEYWORD),
    C("Engage in controlling/coercive behavior in a relationship", "8U", "008/67", KEYWORD),
    C("Wounding with intent to do grievous bodily harm", "5D", "", KEYWORD),
    C("Indecent exposure", "88E", "", KEYWORD),
    C("Possession of cannabis", "92E", "", KEYWORD),
    C("Theft - other - including theft by finding", "49", "", ALIAS),
    C("Criminal damage - other", "58D", "", ALIAS),
    C("Criminal Damage (other)", "58D", "", ALIAS),
    C("Racially aggravated harassment", "8M", "", ALIAS),
    C("Racially aggravated stalking", "8M", "", KEYWORD),
    /* spelling mistakes */
    C("Harrassment", "8L", "", ALIAS),
    C("Stalkng", "8Q", "", KEYWORD),
    C("Harasment", "8L", "", ALIAS),
    C("Sexual assualt on a female", "20A", "", ALIAS),
    C("Malicous Communications", "8R", "", ALIAS),
    C("Controlling or coercive behavior", "8U", "008/67", ALIAS),
    /* 5. residual */
    C("Other", "OTHER", "", RESIDUAL),
    C("Others", "OTHER", "", RESIDUAL),
    C("All other offences", "OTHER", "", RESIDUAL),
    C("Other offences", "OTHER", "", RESIDUAL),
    C("Other crime types", "OTHER", "", RESIDUAL),
    C("All other crime types", "OTHER", "", RESIDUAL),
    C("Other offences (not listed above)", "OTHER", "", RESIDUAL),
    /* totals */
    C("Total", "ALL", "", TOTAL),
    C("TOTAL", "ALL", "", TOTAL),
    C("Grand total", "ALL", "", TOTAL),
    C("Grand Total", "ALL", "", TOTAL),
    C("Total crimes", "ALL", "", TOTAL),
    C("Sum:", "ALL", "", TOTAL),
    C("All offences", "ALL", "", TOTAL),
    C("AllOffences", "ALL", "", TOTAL),
    C("Overall total", "ALL", "", TOTAL),
    C("Total offences", "ALL", "", TOTAL),
    /* groups: one classification maps, several go to Review */
    C("Shoplifting", "46", "", ALIAS),
    C("Robbery of personal property", "34B", "", ALIAS),
    C("Stalking and harassment", "", "", NONE),
    C("Stalking And Harassment", "", "", NONE),
    C("Violence without injury", "", "", NONE),
    C("Violence With Injury", "", "", NONE),
    C("Sexual offences", "", "", NONE),
    C("Other sexual offences", "", "", NONE),
    C("Other Sexual Offences", "", "", NONE),
    C("Rape", "", "", NONE),
    C("Criminal Damage", "", "", NONE),
    C("Robbery", "", "", NONE),
    /* false codes and things that are not offences */
    C("S15A", "", "", NONE),
    C("Section 12", "", "", NONE),
    C("Section 12(1)", "", "", NONE),
    C("13+", "", "", NONE),
    C("aged 13 to 15", "", "", NONE),
    C("12-15", "", "", NONE),
    C("16 and over", "", "", NONE),
    C("11 and under", "", "", NONE),
    C("2 x Officers", "", "", NONE),
    C("3. 2", "", "", NONE),
    C("1a) What were the nature of offences", "", "", NONE),
    C("1 - Charged", "", "", NONE),
    C("OC01 - Charge/Summons", "", "", NONE),
    C("2021", "", "", NONE),
    C("2021/22", "", "", NONE),
    C("23/24", "", "", NONE),
    C("35", "", "", NONE),
    C("4.1", "", "", NONE),
    C("Count", "", "", NONE),
    C("Number", "", "", NONE),
    C("", "", "", NONE),
    C("NFIB52B Hacking-Personal", "", "", NONE),
    C("NFIB5A Cheque, Plastic Card And Online Bank Accounts (Not PSP)", "", "", NONE),
    C("NFIB90 Other Fraud Not Covered Elsewhere", "", "", NONE),
    C("Harassment - EXPIRED – NOT FOR USE AFTER 30/01/24", "", "", NONE),
    C("086/10 Possession of indecent photograph", "", "", NONE),
    C("Public Disorder", "", "", NONE),
    C("Hate crime", "", "", NONE),
    C("Computer misuse", "", "", NONE),
    C("Social media", "", "", NONE),
    C("8L/8M Harassment", "", "", NONE),
    C("8L, 8Q and 8R", "", "", NONE),
    C("8/65, 8/66 and 195/12", "8Q", "", CODE),
};

static void test_wordings(void **state)
{
    (void)state;
    int bad = 0;
    size_t n = sizeof CASES / sizeof CASES[0];
    for (size_t i = 0; i < n; i++) {
        const ocase *c = &CASES[i];
        foi_offence_match m;
        foi_offence_map(R, A, c->label, &m);
        bool ok = strcmp(m.code, c->code) == 0 && m.method == c->method &&
                  (!c->subcode || strcmp(m.subcode, c->subcode) == 0);
        if (!ok) {
            fprintf(stderr, "\"%s\": got %s/%s %s (%s), want %s/%s %s\n", c->label, m.code,
                    m.subcode, foi_map_method_name(m.method), m.rule, c->code,
                    c->subcode ? c->subcode : "*", foi_map_method_name(c->method));
            bad++;
        }
        if (m.code[0] && strcmp(m.code, "ALL") && strcmp(m.code, "OTHER")) {
            /* a mapped code is a row of the table and its sub-code rolls up to it */
            const foi_offence_def *d = foi_rules_offence(R, m.code);
            assert_non_null(d);
            assert_string_equal(m.name, d->name);
            if (m.subcode[0] && strcmp(m.subcode, m.code) != 0) {
                const foi_offence_def *s = foi_rules_offence(R, m.subcode);
                if (s) assert_string_equal(s->parent, m.code);
            }
        }
        assert_non_null(m.rule);
    }
    fprintf(stderr, "%zu offence wordings, %d wrong\n", n, bad);
    assert_int_equal(bad, 0);
}

static void test_unmapped_suggestions(void **state)
{
    (void)state;
    foi_offence_match m;
    foi_offence_map(R, A, "Harassment offences committed online via messaging", &m);
    /* keyword rule maps this one; a wording no rule knows only gets suggestions */
    foi_offence_map(R, A, "Sending intimate images without consent", &m);
    assert_string_equal(m.code, "");
    assert_int_equal(m.method, FOI_MAP_NONE);
    assert_non_null(m.suggest[0]);
    foi_offence_map(R, A, "Stalking and harassment", &m);
    assert_string_equal(m.code, "");
    assert_true(m.group_level);
    assert_non_null(m.suggest[0]);
    assert_non_null(strstr(m.rule, "group"));
    foi_offence_map(R, A, "Shoplifting", &m);
    assert_false(m.group_level);
    foi_offence_map(R, A, "zzzz qqqq", &m);
    assert_string_equal(m.code, "");
    assert_null(m.suggest[0]);
    foi_offence_map(R, A, NULL, &m);
    assert_string_equal(m.code, "");
    foi_offence_map(NULL, A, "Harassment", &m);
    assert_string_equal(m.code, "");
}

static void test_like(void **state)
{
    (void)state;
    static const char *const yes[] = {"8L - Harassment",
                                      "Harassment",
                                      "Malicious Communications",
                                      "s.15A SOA 2003",
                                      "Stalking And Harassment",
                                      "08/65",
                                      "Send by public communication network an offensive "
                                      "message",
                                      "Sexual communication with a child"};
    static const char *const no[] = {"2021",       "2021/22",
                                     "FY 2021-22", "2024 YTD",
                                     "42",         "1,234",
                                     "Count",      "Number",
                                     "Total",      "Grand total",
                                     "Year",       "Outcome",
                                     "Charged",    "OC15 - Sus/Insuff.Evidence",
                                     "",           "<5",
                                     "*",          "January 2021 to December 2021",
                                     "Other"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!foi_offence_like(R, A, yes[i])) fail_msg("offence_like(\"%s\") false", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (foi_offence_like(R, A, no[i])) fail_msg("offence_like(\"%s\") true", no[i]);
}

static void test_total_label(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "Total",        "total", "TOTAL",        "Grand total",           "Grand Total",
        "Total crimes", "Sum:",  "All offences", "Overall total",         "Total offences",
        "Totals",       "All",   "AllOffences",  "Total recorded crimes", "All outcomes",
        "Total:"};
    static const char *const no[] = {"Subtotal", "Sub-total",  "Total 2021", "All other offences",
                                     "Other",    "Harassment", "",           "Totally",
                                     "2021",     NULL};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!foi_is_total_label(yes[i])) fail_msg("is_total(\"%s\") false", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (foi_is_total_label(no[i])) fail_msg("is_total(\"%s\") true", no[i] ? no[i] : "NULL");
}

/* ---- the labelled sample ---- */

/* One RFC 4180 record; returns the number of fields (0 at end of file). */
static int csv_record(FILE *f, char fields[][512], int max)
{
    int n = 0, c;
    size_t len = 0;
    bool quoted = false, any = false;
    while ((c = fgetc(f)) != EOF) {
        any = true;
        if (quoted) {
            if (c == '"') {
                int d = fgetc(f);
                if (d == '"') {
                    if (len < 511) fields[n][len++] = '"';
                    continue;
                }
                quoted = false;
                if (d == EOF) break;
                c = d;
            } else {
                if (len < 511) fields[n][len++] = (char)c;
                continue;
            }
        }
        if (c == '"' && len == 0) {
            quoted = true;
        } else if (c == ',') {
            fields[n][len] = 0;
            if (n < max - 1) n++;
            len = 0;
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            if (len < 511) fields[n][len++] = (char)c;
        }
    }
    if (!any) return 0;
    fields[n][len] = 0;
    return n + 1;
}

static void test_gold(void **state)
{
    (void)state;
    FILE *f = fopen("../shared/corpus/dev/gold/records.csv", "r");
    if (!f) {
        skip();
        return;
    }
    static char fl[20][512];
    int n = csv_record(f, fl, 20);
    int ci = -1, si = -1, ri = -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(fl[i], "offence_code") == 0) ci = i;
        if (strcmp(fl[i], "offence_subcode") == 0) si = i;
        if (strcmp(fl[i], "offence_raw") == 0) ri = i;
    }
    assert_true(ci >= 0 && si >= 0 && ri >= 0);
    int rows = 0, bad = 0, badsub = 0;
    while ((n = csv_record(f, fl, 20)) > 0) {
        if (n <= ri || !fl[ri][0]) continue;
        rows++;
        foi_offence_match m;
        foi_offence_map(R, A, fl[ri], &m);
        if (strcmp(m.code, fl[ci]) != 0) {
            if (bad < 20)
                fprintf(stderr, "gold: \"%s\" -> %s (%s), want %s\n", fl[ri], m.code, m.rule,
                        fl[ci]);
            bad++;
        } else if (strcmp(m.subcode, fl[si]) != 0) {
            /* reported, not failed: the sample's sub-codes follow its own concept list */
            if (badsub < 5)
                fprintf(stderr,
                        "gold (sub-code, reported only): \"%s\" -> %s, sample says "
                        "\"%s\"\n",
                        fl[ri], m.subcode, fl[si]);
            badsub++;
        }
    }
    fclose(f);
    fprintf(stderr, "gold: %d offence labels, %d code mismatches, %d sub-code differences\n", rows,
            bad, badsub);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wordings), cmocka_unit_test(test_unmapped_suggestions),
        cmocka_unit_test(test_like),     cmocka_unit_test(test_total_label),
        cmocka_unit_test(test_gold),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
