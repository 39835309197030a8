/* Outcome wording -> Home Office outcome type: the vocabularies forces use (HO codes, OC codes,
 * Niche long forms, HO group names, plain labels, police.uk labels, pending statuses) and every
 * outcome_raw of the labelled sample (skipped when absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "normalize/outcome.h"
#include "normalize/rules.h"

static foi_arena *A;
static foi_rules *R;

static int setup(void **state)
{
    (void)state;
    A = foi_arena_new();
    foi_diag_vec errs = {0};
    R = foi_rules_load(A, NULL, &errs);
    return R && errs.n == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(A);
    return 0;
}

typedef struct {
    const char *label, *code;
} ucase;

static const ucase CASES[] = {
    /* codes written in the label */
    {"Outcome 15", "15"},
    {"OC15 – Sus/Insuff.Evidence", "15"},
    {"Community resolution (informal out-of-court)", "8"},
    {"Caution (2/3)", "2+3"},
    {"OC01", "1"},
    {"OC01 – Charge/Summons", "1"},
    {"OC02 – Caution – Youths", "2"},
    {"OC03 – Caution – Adults", "3"},
    {"OC08 – Community Resolution", "8"},
    {"OC10 – Not in Public Interest (Pol)", "10"},
    {"OC14 – No Sus / Victim Decline", "14"},
    {"OC16 – Sus/Victim Declines", "16"},
    {"OC17 – Time Limit Expired", "17"},
    {"OC18 – No Sus / No Line Enq / Filed", "18"},
    {"OC20 – Transferred Oth Agency", "20"},
    {"OC21 – Investig. not in Public Int. (Police)", "21"},
    {"OC22 – Diversionary, educational, intervention", "22"},
    {"outcome type 14 (Evidential difficulties: suspect not identified; victim does not support "
     "further action)",
     "14"},
    {"outcome type 15 (Evidential difficulties: suspect identified; victim supports action)", "15"},
    {"outcome type 1 (charged/summonsed)", "1"},
    {"Outcome 21 - investigation not in the public interest (Police Decision)", "21"},
    {"Outcome 1 - Charge/Summons", "1"},
    {"Community resolution (outcome 8)", "8"},
    {"1A", "1"},
    {"2A", "2"},
    {"3A", "3"},
    {"15B", "15"},
    {"outcome 1A", "1"},
    {"1 - Charged", "1"},
    {"Outcome 0", "PENDING"},
    /* several types in one category */
    {"Evidential difficulties (15 & 16)", "15+16"},
    {"Caution (outcomes 2 & 3)", "2+3"},
    {"Cautions - adult and youth (2/3)", "2+3"},
    {"Evidential difficulties - suspect identified (outcomes 15/16)", "15+16"},
    {"Victim does not support action (outcomes 14 & 16)", "14+16"},
    {"Outcomes 15 and 16 - evidential difficulties", "15+16"},
    {"outcomes 15/16 evidential difficulties", "15+16"},
    {"Evidential difficulties (victim does not support action)", "14+16"},
    {"Out-of-court (formal) - i.e. cautions and penalty notices for disorder", "2+3+6"},
    {"Out-of-court (informal) - i.e. community resolutions", "7+8"},
    {"Prosecution prevented or not in the public interest", "5+9+10+11+12+13+17"},
    {"Evidential difficulties", "14+15+16"},
    /* Niche long forms (Cumbria) */
    {"Named Suspect Identified: Victim Supports Police Action But Evidential Difficulties", "15"},
    {"Named Suspect Identified: Evidential Difficulties - Victim Does Not Support Police Action",
     "16"},
    {"Evidential Difficulties Victim Based - Named Suspect Not Identified", "14"},
    {"Charge/Summonsed With Alternate Offence", "1"},
    {"Adult Caution With Alternate Offence", "3"},
    {"Penalty Notice For Disorder", "6"},
    {"Cannabis Warning", "7"},
    {"Prosecution Not In The Public Interest (CPS)", "9"},
    {"Formal Action Against The Offender Is Not In The Public Interest (Police)", "10"},
    {"Prosecution Prevented - Named Suspect Too Ill To Prosecute", "12"},
    {"Prosecution Prevented - Victim Or Key Witness Dead Or Too Ill To Give Evidence", "13"},
    {"Prosecution Time Limit Expired", "17"},
    {"Investigation Complete: No Suspect Identified", "18"},
    {"Other Agency Delegations", "20"},
    {"Named Suspect - Further Investigation Not In Public Interest", "21"},
    {"Diversionary, Educational Or Intervention Activity Undertaken", "22"},
    /* HO groups and plain labels */
    {"Evidential difficulties (suspect identified; victim supports action)", "15"},
    {"Charge/summons", "1"},
    {"Charged/Summonsed", "1"},
    {"CHARGED/SUMMONSED", "1"},
    {"Charged", "1"},
    {"Caution - adults", "3"},
    {"Caution – Youths", "2"},
    {"Youth caution", "2"},
    {"Adult caution", "3"},
    {"Caution", "2+3"},
    {"Community Resolution", "8"},
    {"Taken into consideration", "4"},
    {"Further investigation not in public interest", "21"},
    {"Further investigation to support formal action not in the public interest – police "
     "decision",
     "21"},
    {"Formal action not in the public interest (police)", "10"},
    {"Diversionary, educational or intervention activity", "22"},
    {"Responsibility for further investigation transferred to another body", "20"},
    {"Further action to be taken by another body or agency", "20"},
    {"No suspect identified", "18"},
    {"Investigation complete - no suspect identified", "18"},
    {"Evidential difficulties: suspect identified; victim does not support action", "16"},
    {"Evidential difficulties: suspect not identified; victim does not support further action",
     "14"},
    {"Offender died", "5"},
    /* police.uk labels */
    {"Investigation complete; no suspect identified", "18"},
    {"Offender given a caution", "2+3"},
    {"Offender given penalty notice", "6"},
    {"Offender given a drugs possession warning", "7"},
    {"Local resolution", "8"},
    {"Suspect charged", "1"},
    {"Suspect charged as part of another case", "4"},
    {"Action to be taken by another organisation", "20"},
    {"Formal action is not in the public interest", "10"},
    {"Further investigation is not in the public interest", "21"},
    {"Offender sent to prison", "1"},
    {"Unable to prosecute suspect", ""},
    {"Further action is not in the public interest", ""},
    /* pending */
    {"New – Under Investigation", "PENDING"},
    {"Awaiting outcome", "PENDING"},
    {"Pending", "PENDING"},
    {"Outcome not yet assigned", "PENDING"},
    {"Not yet assigned an outcome", "PENDING"},
    {"Under investigation", "PENDING"},
    {"Investigation ongoing", "PENDING"},
    {"Status update unavailable", "PENDING"},
    /* residual and totals */
    {"Other", "OTHER"},
    {"Other outcomes", "OTHER"},
    {"Total", "ALL"},
    {"All outcomes", "ALL"},
    {"Sum:", "ALL"},
    /* not outcomes, or not HO outcomes */
    {"Filed – Incident Report OR CRI", ""},
    {"No further action", ""},
    {"2021", ""},
    {"2021/22", ""},
    {"15", ""},
    {"Count", ""},
    {"Harassment", ""},
    {"8L - Harassment", ""},
    {"2 - Attempted murder", ""},
    {"Outcome 23", ""},
    {"", ""},
};

static void test_wordings(void **state)
{
    (void)state;
    int bad = 0;
    size_t n = sizeof CASES / sizeof CASES[0];
    for (size_t i = 0; i < n; i++) {
        foi_outcome_match m;
        foi_outcome_map(R, A, CASES[i].label, &m);
        if (strcmp(m.code, CASES[i].code) != 0) {
            fprintf(stderr, "\"%s\": got \"%s\" (%s), want \"%s\"\n", CASES[i].label, m.code,
                    m.rule, CASES[i].code);
            bad++;
        }
        if (m.code[0] && !strchr(m.code, '+') && strcmp(m.code, "PENDING") &&
            strcmp(m.code, "OTHER") && strcmp(m.code, "ALL"))
            assert_non_null(foi_rules_outcome(R, m.code));
    }
    fprintf(stderr, "%zu outcome wordings, %d wrong\n", n, bad);
    assert_int_equal(bad, 0);
}

static void test_like(void **state)
{
    (void)state;
    static const char *const yes[] = {"Outcome 14",
                                      "Charged/summonsed",
                                      "OC15 - Sus/Insuff",
                                      "Pending",
                                      "Evidential difficulties (15 & 16)",
                                      "Community resolution",
                                      "1A"};
    static const char *const no[] = {"2021", "2021/22", "42", "Count", "Number", "Total",
                                     "Harassment", "8L - Harassment", "", "Year", "Other",
                                     /* offence codes in brackets and age bands */
                                     "Stalking involving fear of violence (8Q)",
                                     "Public fear, alarm or distress (9A)", "Harassment (8L)",
                                     "13-15", "12 15"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!foi_outcome_like(R, A, yes[i])) fail_msg("outcome_like(\"%s\") false", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (foi_outcome_like(R, A, no[i])) fail_msg("outcome_like(\"%s\") true", no[i]);
}

static void test_suggest(void **state)
{
    (void)state;
    foi_outcome_match m;
    foi_outcome_map(R, A, "Unable to prosecute suspect", &m);
    assert_string_equal(m.code, "");
    assert_int_equal(m.method, FOI_MAP_NONE);
    foi_outcome_map(R, A, "Evidentiary difficulty prevented action", &m);
    assert_non_null(m.rule);
    foi_outcome_map(NULL, A, "Charged", &m);
    assert_string_equal(m.code, "");
    foi_outcome_map(R, A, "Caution - adults", &m);
    assert_string_equal(m.name, foi_rules_outcome(R, "3")->name);
}

/* Minimal RFC 4180 reader for the gold file. */
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
        if (c == '"' && len == 0)
            quoted = true;
        else if (c == ',') {
            fields[n][len] = 0;
            if (n < max - 1) n++;
            len = 0;
        } else if (c == '\n')
            break;
        else if (c != '\r' && len < 511)
            fields[n][len++] = (char)c;
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
    int n = csv_record(f, fl, 20), ci = -1, ri = -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(fl[i], "outcome_code") == 0) ci = i;
        if (strcmp(fl[i], "outcome_raw") == 0) ri = i;
    }
    assert_true(ci >= 0 && ri >= 0);
    int rows = 0, bad = 0;
    while ((n = csv_record(f, fl, 20)) > 0) {
        if (n <= ri || !fl[ri][0]) continue;
        rows++;
        foi_outcome_match m;
        foi_outcome_map(R, A, fl[ri], &m);
        if (strcmp(m.code, fl[ci]) != 0) {
            if (bad < 20)
                fprintf(stderr, "gold: \"%s\" -> %s (%s), want %s\n", fl[ri], m.code, m.rule,
                        fl[ci]);
            bad++;
        }
    }
    fclose(f);
    fprintf(stderr, "gold: %d outcome labels, %d mismatches\n", rows, bad);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wordings),
        cmocka_unit_test(test_like),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_gold),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
