/* Reply metadata: force, date, reference, status flags, refusal sections, suppression.
 * Table-driven; each row is a wording seen in police FOI replies (or a trap next to one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "normalize/meta.h"
#include "util/str.h"

static foi_arena *rules_arena;
static foi_rules *rules;

static int setup(void **state)
{
    (void)state;
    rules_arena = foi_arena_new();
    foi_diag_vec errs = {0};
    rules = foi_rules_load(rules_arena, NULL, &errs);
    return rules ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    foi_arena_free(rules_arena);
    return 0;
}

/* A doc from a script: "# title", "@key=value" (metadata), "> quoted request",
 * "T|2021|14|16" (a one-row grid), anything else a paragraph. */
static foi_doc *doc_of(foi_arena *a, const char *script)
{
    foi_doc *d = foi_doc_new(a);
    size_t n = 0;
    char **lines = foi_split_lines(a, script, &n);
    for (size_t i = 0; i < n; i++) {
        char *l = lines[i];
        if (!strncmp(l, "# ", 2)) {
            d->title = foi_strdup(a, l + 2);
        } else if (l[0] == '@') {
            char *eq = strchr(l, '=');
            *eq = 0;
            foi_doc_add_meta(d, l + 1, eq + 1);
        } else if (!strncmp(l, "> ", 2)) {
            foi_doc_add_block(d, FOI_BLOCK_QUOTE, l + 2, (int)i + 1);
        } else if (!strncmp(l, "T|", 2)) {
            int nc = 0;
            for (char *p = l + 1; *p; p++)
                nc += *p == '|';
            foi_grid *g = foi_doc_add_grid(d, 1, nc);
            char *p = l + 2;
            for (int c = 0; c < nc; c++) {
                char *bar = strchr(p, '|');
                foi_grid_at(g, 0, c)->text =
                    bar ? foi_strndup(a, p, (size_t)(bar - p)) : foi_strdup(a, p);
                p = bar ? bar + 1 : p + strlen(p);
            }
        } else {
            foi_doc_add_block(d, FOI_BLOCK_PARA, l, (int)i + 1);
        }
    }
    foi_doc_finish(d);
    return d;
}

/* ---- force in text -------------------------------------------------------------------------- */

typedef struct force_case {
    const char *text;
    const char *want; /* canonical name, NULL = none */
} force_case;

static const force_case force_text_cases[] = {
    {"Cleveland Police\nInformation Management Unit\nAsh House", "Cleveland Police"},
    {"Heddlu Dyfed-Powys\nFreedom of Information Unit", "Dyfed-Powys Police"},
    {"Heddlu Dyfed Powys", "Dyfed-Powys Police"},
    {"Dyfed Powys Police holds information relevant to your request.", "Dyfed-Powys Police"},
    {"Heddlu Gogledd Cymru / North Wales Police", "North Wales Police"},
    {"Heddlu De Cymru", "South Wales Police"},
    {"GMP has received your request for information.", "Greater Manchester Police"},
    {"I can confirm that WMP holds information relevant to your request.", "West Midlands Police"},
    {"The MPS can neither confirm nor deny that it holds the information.",
     "Metropolitan Police Service"},
    {"The Met has searched its systems.", "Metropolitan Police Service"},
    {"Metropolitan Police Service\nPublic Access Office", "Metropolitan Police Service"},
    {"Devon & Cornwall Police therefore has a nil return for this request.",
     "Devon and Cornwall Police"},
    {"Avon and Somerset Constabulary\nPO Box 37", "Avon and Somerset Constabulary"},
    {"Hampshire Constabulary holds information", "Hampshire and Isle of Wight Constabulary"},
    {"Hampshire and Isle of Wight Constabulary", "Hampshire and Isle of Wight Constabulary"},
    {"British Transport Police\nFreedom of Information Unit\n25 Camden Road",
     "British Transport Police"},
    {"City of London Police\nGuildhall Yard East", "City of London Police"},
    {"Thames Valley Police has received your request", "Thames Valley Police"},
    {"Northants Police\nDarby House", "Northamptonshire Police"},
    {"Police Scotland has received your request", "Police Scotland"},
    {"PSNI Freedom of Information Unit", "Police Service of Northern Ireland"},
    {"South Wales Police recorded 69 offences in 2021.", "South Wales Police"},
    {"North Yorkshire Police\nCivil Disclosure Unit", "North Yorkshire Police"},
    /* the ICO's address names Cheshire, the reply is Cleveland's */
    {"Cleveland Police\nInformation Management Unit\nYou may make an application to the "
     "Information Commissioner at: Information Commissioner's Office, Wycliffe House, Water "
     "Lane, Wilmslow, Cheshire, SK9 5AF.",
     "Cleveland Police"},
    {"you may make an application to the Information Commissioner at: Information "
     "Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF.",
     NULL},
    /* letterhead and signature beat a disclaimer naming a partner force */
    {"Kent Police\nPublic Disclosure Officer\nAlan Muggridge\nKent Police\nThis email and any "
     "other "
     "accompanying document(s) contain information from Kent Police and/or Essex Police.",
     "Kent Police"},
    {"Cheshire Constabulary\nClemonds Hey\nWinsford\nInformation Commissioner's Office, Wycliffe "
     "House, Water Lane, Wilmslow, Cheshire",
     "Cheshire Constabulary"},
    {"From: FOI Team <foi@devonandcornwall.police.uk>\nSent: 21 August 2023",
     "Devon and Cornwall Police"},
    {"Email: foi@dyfedpowys.police.uk", "Dyfed-Powys Police"},
    {"This request was sent to all police forces in England and Wales.", NULL},
    {"Thank you for your request.", NULL},
    {"Durham has a cathedral.", NULL},
    {"The offence took place in London.", NULL},
    {"", NULL},
};

static void test_force_in_text(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof force_text_cases / sizeof *force_text_cases; i++) {
        const force_case *c = &force_text_cases[i];
        foi_arena *a = foi_arena_new();
        const foi_force_def *f = foi_force_in_text(rules, a, c->text);
        const char *got = f ? f->name : NULL;
        if (!c->want != !got || (got && strcmp(got, c->want))) {
            print_error("force_in_text(\"%s\"): want %s, got %s\n", c->text,
                        c->want ? c->want : "(none)", got ? got : "(none)");
            failures++;
        }
        foi_arena_free(a);
    }
    assert_int_equal(failures, 0);
}

static const force_case force_path_cases[] = {
    {"dyfed-powys/foo.txt", "Dyfed-Powys Police"},
    {"kent/foi-123.html", "Kent Police"},
    {"kent-foi-123.html", "Kent Police"},
    {"inbox/kent-foi-123.html", "Kent Police"},
    {"british-transport/foi-2023-1612.txt", "British Transport Police"},
    {"btp/foi-2023-1612.txt", "British Transport Police"},
    {"avon-and-somerset/1096-25-tiktok-offences.html", "Avon and Somerset Constabulary"},
    {"devon-and-cornwall/foi-2023-0327.txt", "Devon and Cornwall Police"},
    {"Greater Manchester Police/reply.html", "Greater Manchester Police"},
    {"2024 round/north-wales/x.html", "North Wales Police"},
    {"north-wales-foi-1.html", "North Wales Police"},
    {"south-wales/x.csv", "South Wales Police"},
    {"metropolitan/01-foi-24-708523.tsv", "Metropolitan Police Service"},
    {"hampshire/hc-279522-23.html", "Hampshire and Isle of Wight Constabulary"},
    {"city-of-london/foi-2024-7461_response.htm", "City of London Police"},
    {"west-yorkshire/foi.html", "West Yorkshire Police"},
    {"gmp-253400-24.txt", "Greater Manchester Police"},
    {"inbox/foi-726710-24.xml", NULL},
    {"inbox/FOI 123-2024 TikTok.txt", NULL},
    {"unsorted/FOI response034.html", NULL},
    {"response_foi_2024_6340.html", NULL},
    {"RE_ Freedom of Information request 4468.txt", NULL},
    {"", NULL},
};

static void test_force_in_path(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof force_path_cases / sizeof *force_path_cases; i++) {
        const force_case *c = &force_path_cases[i];
        foi_arena *a = foi_arena_new();
        const foi_force_def *f = foi_force_in_path(rules, a, c->text);
        const char *got = f ? f->name : NULL;
        if (!c->want != !got || (got && strcmp(got, c->want))) {
            print_error("force_in_path(\"%s\"): want %s, got %s\n", c->text,
                        c->want ? c->want : "(none)", got ? got : "(none)");
            failures++;
        }
        foi_arena_free(a);
    }
    assert_int_equal(failures, 0);
    assert_null(foi_force_in_path(rules, rules_arena, NULL));
}

/* ---- reply date and reference ---------------------------------------------------------------- */

typedef struct field_case {
    const char *script;
    const char *date; /* "" = none */
    const char *ref;  /* "" = none */
} field_case;

static const field_case field_cases[] = {
    {"Date: 10/06/25\nReference: 9999-18", "2025-06-10", "9999-18"},
    {"Version Date: 22/07/2024\nFreedom of Information (FOI) Act request ref: 01/FIN/24/2153",
     "2024-07-22", "01/FIN/24/2153"},
    {"Date Responded 19 February 2020\nRef No: 276/19", "2020-02-19", "276/19"},
    {"Date of Decision: 22 June 2022\nRequest Number: 002407/22", "2022-06-22", "002407/22"},
    {"Date released: 10 June 2011\nReference Number: 3144", "2011-06-10", "3144"},
    {"Date responded:  Friday, 22 December 2023\nEnquiry Reference:  FOI 541/24", "2023-12-22",
     "FOI 541/24"},
    {"Response date: 11 Apr 2023\nEnquiry Reference: 645- 24", "2023-04-11", "645- 24"},
    {"Date: 18 Aug 2023\nOur ref: 1912-23", "2023-08-18", "1912-23"},
    {"Date of response: 26 Apr 2024\nRequest Number: 01/FIN/24/1042", "2024-04-26",
     "01/FIN/24/1042"},
    {"Enquiry Reference: 1024 - 24\nDate: 3rd October 2024", "2024-10-03", "1024 - 24"},
    {"FREEDOM OF INFORMATION REQUEST REFERENCE NO: 581-2025", "", "581-2025"},
    {"FREEDOM OF INFORMATION REQUEST REF 19/02/250", "", "19/02/250"},
    {"Freedom of Information Request Reference N o: FOI 004163-18", "", "FOI 004163-18"},
    {"Ref No: FOI2019/05954", "", "FOI2019/05954"},
    {"Our Ref: 002183/13", "", "002183/13"},
    {"FOI Reference:978/2025", "", "978/2025"},
    {"Request Number: PUB 1254", "", "PUB 1254"},
    {"Enquiry Reference: FOI: 38-25", "", "FOI: 38-25"},
    {"Our ref:\nCM/PA/000184/19", "", "CM/PA/000184/19"},
    {"Request Number: 01.FOI.24.555168", "", "01.FOI.24.555168"},
    {"Ref No: 378A/23", "", "378A/23"},
    {"Reference: HC/279522/23", "", "HC/279522/23"},
    {"Kent Police - Freedom of Information Request 23/04/211\nDate of response: 18 April 2023",
     "2023-04-18", "23/04/211"},
    {"Force,Cleveland Police\nFOI reference,729-23\nDate,04/04/2023", "2023-04-04", "729-23"},
    {"Force\tDorset Police\nReference\t01/FIN/24/3560\nDate of response\t08/11/2024", "2024-11-08",
     "01/FIN/24/3560"},
    {"Date: 05-Mar-2024", "2024-03-05", ""},
    {"Date of response: 05.03.2024", "2024-03-05", ""},
    {"Response date: 2024-03-05", "2024-03-05", ""},
    {"Date responded: Tue 05/03/2024", "2024-03-05", ""},
    {"Date: 5 March 2024 (amended)", "2024-03-05", ""},
    /* the e-mail header and a letterhead date */
    {"From: Information Access Team <foi@lancashire.police.uk>\nSent: Friday, 15 March 2024 "
     "17:32\nSubject: 503013/24 - Tiktok related crime\n15/03/2024\nRequest Number: 503013/24",
     "2024-03-15", "503013/24"},
    {"Cleveland Police\nTS18 3QA\nThursday, 10 October 2024\nFOI Reference: 711-24\nDear "
     "Requester,",
     "2024-10-10", "711-24"},
    {"Humberside Police\n9 February 2024\nRef No: 2023/15139\nYour request for information, "
     "received on 30 December 2023, has now been considered.",
     "2024-02-09", "2023/15139"},
    /* reference only in a subject line or a title */
    {"Subject: 123/2024 - Tiktok related crime\nDear Sir", "", "123/2024"},
    {"Subject: RE: FOI 2024/0123 TikTok offences", "", "FOI 2024/0123"},
    {"# 01.FOI.23.264057 - TikTok related offences | Metropolitan Police Service", "",
     "01.FOI.23.264057"},
    {"# Freedom of Information request FOI 904383/25 | Norfolk Constabulary", "", "FOI 904383/25"},
    {"# 2023 crime figures | Kent Police", "", ""},
    {"Subject: Q1 answers", "", ""},
    {"Subject: RE: Freedom of Information request 2024-0881 - TikTok", "", "2024-0881"},
    /* the letter's own labelled reference wins over the subject line's echo of the request */
    {"From: FOI <foi@gwent.police.uk>\nSubject: RE: Freedom of Information request 2024-0881\n\n"
     "FOI Reference: 2024/0881\nDear Mr Ahmed,",
     "", "2024/0881"},
    /* metadata pairs from XML and CSV parsers */
    {"@Organisation=Cleveland Police\n@FOIReference=927-24\n@DateOfResponse=05/07/2024",
     "2024-07-05", "927-24"},
    {"@dc:creator=Nottinghamshire Police\n@dc:identifier=726710/24\n@dc:date=2024-12-30",
     "2024-12-30", "726710/24"},
    {"@Reference=PUB 1397\n@ResponseDate=2023-12-14", "2023-12-14", "PUB 1397"},
    {"@pubDate=Tue, 05 Jul 2024 10:00:00 +0000", "2024-07-05", ""},
    {"@reference=2076-25\n@generated=2025-02-14", "2025-02-14", "2076-25"},
    /* dates that are not the reply's */
    {"Your request for information, received on 12th February 2023, has now been considered.", "",
     ""},
    {"We received a request under the Freedom of Information Act 2000 (FOIA) on 08/07/2023:", "",
     ""},
    {"Thank you for your request for information dated 20th February 2023.", "", ""},
    {"Dear Sir,\nData was extracted on 14/08/2023.", "", ""},
    {"Dear Sir,\nPage last updated: 3 March 2024", "", ""},
    {"Date of request: 7 November 2022\nDate of response: 18/01/2023", "2023-01-18", ""},
    {"Date received: 7 November 2022", "", ""},
    {"Date Range\t01.01.20 - 01.01.21", "", ""},
    /* the request e-mail quoted below the reply */
    {"Kent Police\nDear Sir\nPlease find our response below.\n-----Original Message-----\nFrom: "
     "J Smith\nSent: 01 March 2024 10:00\nSubject: FOI 12/34/567",
     "", ""},
    {"Sent: 12 March 2024 09:00\nDear Sir\nOur response is below.\nFrom: J Smith "
     "<j@example.org>\nSent: 01 March 2024 10:00",
     "2024-03-12", ""},
    {"Date: 12 March 2024\nDear Sir\nOn 1 March 2024, J Smith wrote:\nReference: 555/24",
     "2024-03-12", ""},
    /* references that are not the reply's */
    {"Please also see our previous response FOI 767/24, which is published.", "", ""},
    {"As per your previous request on this subject, FOI 144/14 refers.", "", ""},
    {"Your ref: ABC/123\nOur ref: 4468", "", "4468"},
    {"Please contact us quoting the reference number above.", "", ""},
    {"Thank you for your Freedom of Information request dated 03/09/2024.", "", ""},
    {"Freedom of Information request received on 12 March 2024", "", ""},
};

static void test_date_and_reference(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof field_cases / sizeof *field_cases; i++) {
        const field_case *c = &field_cases[i];
        foi_arena *a = foi_arena_new();
        foi_doc *d = doc_of(a, c->script);
        foi_meta m;
        foi_diag_vec dg = {0};
        foi_meta_read(rules, a, d, "inbox/x.html", &m, &dg);
        if (strcmp(m.reply_date, c->date) || strcmp(m.reference, c->ref)) {
            print_error("[%s]\n  want date \"%s\" ref \"%s\", got \"%s\" \"%s\"\n", c->script,
                        c->date, c->ref, m.reply_date, m.reference);
            failures++;
        }
        foi_arena_free(a);
    }
    assert_int_equal(failures, 0);
}

/* ---- status flags and refusal sections ------------------------------------------------------- */

enum { F_REFUSED = 1, F_NOT_HELD = 2, F_NIL = 4, F_ATTACH = 8 };

typedef struct status_case {
    const char *script;
    unsigned flags;
    const char *refusal;
} status_case;

static const status_case status_cases[] = {
    /* s12 cost limit */
    {"The appropriate limit is £450, which has been calculated to equate to a total of 18 hours "
     "of work. Section 12(1) of the Freedom of Information Act 2000 therefore applies and this "
     "letter serves as a refusal notice under Section 17(5).",
     F_REFUSED, "s12"},
    {"Full Refusal with Section 12 and Section 17 Exemptions", F_REFUSED, "s12"},
    {"Full refusal with Section 12(1) exemption\nFOI Duty\nExemption - Section 12(1)\nRefusal - "
     "Section 17(5) of FOIA",
     F_REFUSED, "s12"},
    {"Initial searches made for the time period specified by your request has brought back 1,144 "
     "records. Even at a conservative estimate of 3 minutes per record this would take in excess "
     "of 57 hours, therefore Section 12(1) of the Freedom of Information Act would apply.",
     F_REFUSED, "s12"},
    {"To locate the information would exceed the appropriate limit and your request is refused.",
     F_REFUSED, "s12"},
    {"I can neither confirm nor deny that the information you require is held by Northumbria "
     "Police as to actually determine if it is held would exceed the permitted 18 hours therefore "
     "Section 12(2) applies.",
     F_REFUSED, "NCND+s12"},
    {"Dyfed-Powys Police are unable to confirm or not whether we hold information relevant to "
     "your request, since we consider that the Section 12(2) exemption applies.",
     F_REFUSED, "NCND+s12"},
    /* NCND with exemption lists */
    {"West Midlands Police will neither confirm nor deny that it holds any other information "
     "relevant to this request as the duty in Section 1(1)(a) of the Freedom of Information Act "
     "2000 does not apply by virtue of the following exemption:\nSection 23(5) – Information "
     "supplied by, or relating to, bodies dealing with security matters.",
     F_REFUSED, "NCND+s23"},
    {"Devon and Cornwall Police can neither confirm nor deny that it holds any information "
     "pertinent to this request as the duty in Section 1(1)(a) of the Freedom of Information Act "
     "2000 does not apply, by virtue of the following exemption(s):\nSection 24(2) – National "
     "Security; Section 31(3) – Law Enforcement.\nThis should not be taken as an indication that "
     "the information you have requested does or does not exist.",
     F_REFUSED, "NCND+s24+s31"},
    {"Dyfed-Powys Police can neither confirm nor deny that it holds any information pertinent to "
     "this request by virtue of:\nSection 24(2) 'National Security'\nSection 30(3) "
     "'Investigations'\nSection 31(3) 'Law Enforcement'\nSection 40(5) 'Personal Information'",
     F_REFUSED, "NCND+s24+s30+s31+s40"},
    {"Cheshire Constabulary neither confirms nor denies that it holds information by virtue of "
     "Section 23(5); Section 30(3) Investigations; Section 31(3) Law Enforcement; Section 38(2) "
     "Health and Safety; Section 40(5) Personal Information and Section 44(2) Prohibitions on "
     "Disclosure.",
     F_REFUSED, "NCND+s23+s30+s31+s38+s40+s44"},
    {"The force is relying on sections 30, 31 and 40 of the Act to withhold this information.",
     F_REFUSED, "s30+s31+s40"},
    {"Neither confirm nor deny: the duty to confirm or deny does not apply by virtue of Section "
     "31(3) Law Enforcement.",
     F_REFUSED, "NCND+s31"},
    {"The duty to confirm or deny does not arise by virtue of Section 23(5).", F_REFUSED,
     "NCND+s23"},
    {"Full refusal", F_REFUSED, ""},
    {"Decision: Refused\nSection 12(1) of the Act applies.", F_REFUSED, "s12"},
    {"Decision: Not held", F_NOT_HELD, ""},
    {"Decision: Disclosed", 0, ""},
    {"Section 43(2) - Commercial interests and Section 41 - Information provided in confidence "
     "have been applied.",
     F_REFUSED, "s41+s43"},
    /* s21, s14, s40 and other exemptions */
    {"The information you have requested is reasonably accessible to you by other means and is "
     "therefore exempt by virtue of Section 21(1) of the Freedom of Information Act 2000 "
     "(Information Reasonably Accessible by Other Means).\nThis letter serves as a Refusal Notice "
     "under Section 17 of the Freedom of Information Act 2000.",
     F_REFUSED, "s21"},
    {"exempt by virtue of Section 21 (1) Information Reasonably Accessible by Other Means",
     F_REFUSED, "s21"},
    {"As per your previous request on this subject, FOI 144/14 refers, and the force will rely "
     "on Section 21.",
     F_REFUSED, "s21"},
    {"Section 14(1) of the FOIA states that section 1(1) does not oblige a public authority to "
     "comply with a request for information if the request is vexatious.",
     F_REFUSED, "s14"},
    {"Your request has been deemed vexatious and will not be answered.", F_REFUSED, "s14"},
    {"I can advise that the requested information is held by Lancashire Constabulary; however, "
     "it is exempt from disclosure by virtue of Section 40(2) Personal Information.\nSection 40 "
     "is an absolute class-based exemption.\nThis letter constitutes a refusal notice under "
     "Section 17(1) of the Freedom of Information Act 2000.",
     F_REFUSED, "s40"},
    {"I can advise that the requested information is held; however, it is exempt from disclosure "
     "by virtue of the following:\nSection 40(2) Personal Information",
     F_REFUSED, "s40"},
    {"this letter constitutes a refusal notice under Section 17(1) of the Freedom of Information "
     "Act 2000 with Section 40(2) of the act being applied.",
     F_REFUSED, "s40"},
    {"The information is exempt:\nSection 44(2) - Information covered by prohibitions on "
     "disclosure\nSection 40 (2) - Personal Information\nSection 31 (1)(a)(b) - Law Enforcement",
     F_REFUSED, "s31+s40+s44"},
    {"The information is withheld under Section 30(1)(a)(i) – Criminal Investigations.", F_REFUSED,
     "s30"},
    {"Full refusal\nSection 40(2)(3A)(a) – Personal Information applies.", F_REFUSED, "s40"},
    /* partial refusals keep their sections but are not whole refusals */
    {"Part Disclosure with Section 12 Exemption", 0, "s12"},
    {"Merseyside Police holds some of the information relating to your request. Question 3 is "
     "exempt under Section 40(2) as it would identify the victim.",
     0, "s40"},
    /* sections that are not exemptions applied */
    {"Under Section 1(1)(a) of the Freedom of Information Act 2000 I can confirm that Kent Police "
     "holds information relevant to your request.",
     0, ""},
    {"Section 1 of the Freedom of Information Act 2000 places two duties on public authorities. "
     "Unless exemptions apply, the first duty at Section 1(1)(a) is to confirm or deny whether the "
     "information specified in a request is held. Where exemptions are relied upon, Section 17 of "
     "the Act requires that we provide the applicant with a notice.",
     0, ""},
    {"Please note: * = a value between 1 and 4 (suppressed under Section 40(2) - personal "
     "information).",
     0, ""},
    {"Figures below 5 have been suppressed under section 40 to protect individuals.", 0, ""},
    {"35 Blackmail - Theft Act 1968 Sec 21\t4\t7", 0, ""},
    {"Threats to Kill - Offences against the Person Act 1861 Sec 16 applies here", 0, ""},
    {"s.15A of the Sexual Offences Act 2003, sexual communication with a child", 0, ""},
    {"Send by public communication network an offensive message – Contrary to section 127(1)(a) "
     "and (3) of the Communications Act 2003.",
     0, ""},
    {"Section 30 of the Sexual Offences Act 2003 applies to offences against persons with a "
     "mental disorder.",
     0, ""},
    {"Common assault - Section 39 Criminal Justice Act 1988 applies to 4 of these offences.", 0,
     ""},
    {"Disclosing private sexual images (s33 CJCA 2015) applied in 3 cases.", 0, ""},
    {"Section 1 of the Freedom of Information Act 2000 places two duties on public authorities. "
     "Unless exemptions apply, the first duty at Section 1(1)(a) is to confirm or deny whether the "
     "information specified in a request is held; Section 12 and Section 14 may apply.",
     0, ""},
    {"If you remain dissatisfied after the internal review you may apply to the Information "
     "Commissioner under section 50 of the Act.",
     0, ""},
    {"Duty to assist – When refusing a request on cost (Section 12(1)/12(2)), outside of the act "
     "we can provide the following.",
     0, ""},
    {"No exemptions have been applied to this response.", 0, ""},
    {"> Please tell me if you refuse under Section 12 or Section 40.\nPlease find our response "
     "below.",
     0, ""},
    /* not held */
    {"Having completed enquiries within Norfolk Constabulary, I can confirm that the information "
     "you have requested is not held.",
     F_NOT_HELD, ""},
    {"Information not held", F_NOT_HELD, ""},
    {"There is therefore no recorded information held in respect of your request.", F_NOT_HELD, ""},
    {"Essex Police does not hold the information requested.", F_NOT_HELD, ""},
    {"We do not hold any information relating to TikTok.", F_NOT_HELD, ""},
    {"The information requested is not held by Kent Police.", F_NOT_HELD, ""},
    {"Essex Police does not hold all the information requested in a format that allows it to be "
     "retrieved within the time and cost limits of FOI.",
     0, ""},
    {"Merseyside Police holds some of the information relating to your request.", 0, ""},
    /* nil */
    {"A search of our crime recording system has found no crimes recorded since 2020 where TIKTOK "
     "was recorded as being an element in the offence. The answer to your request is therefore "
     "nil.",
     F_NIL, ""},
    {"Nil return", F_NIL, ""},
    {"I can confirm that no crimes have been recorded by Lancashire Constabulary where TikTok was "
     "recorded as being an element in the offence during the period requested.",
     F_NIL, ""},
    {"Searches of our crime recording system returned no results for TIKTOK for the years "
     "requested. Dorset Police therefore has a nil return for this request.",
     F_NIL, ""},
    {"There were no offences recorded in the period requested.", F_NIL, ""},
    {"The answer is zero.", F_NIL, ""},
    {"We have no record of any crimes involving TikTok.", F_NIL, ""},
    {"Our searches did not identify any crimes linked to TikTok.", F_NIL, ""},
    {"0 crimes were recorded in the period.", F_NIL, ""},
    {"A dash (-) indicates that no crimes were recorded.", 0, ""},
    {"Blank cells indicate that no crimes were recorded.", 0, ""},
    {"Where no crimes were recorded the cell has been left blank.", 0, ""},
    {"> How many crimes? If no crimes were recorded please say so.", 0, ""},
    /* figures only in an attachment */
    {"Please find the information you requested in the attached file (723_25_attachment.pdf).",
     F_ATTACH, ""},
    {"Please see the attached excel document.", F_ATTACH, ""},
    {"I am able to disclose the located information to you as attached.", F_ATTACH, ""},
    {"Cleveland Police have attached a document with the figures.", F_ATTACH, ""},
    {"Please refer to the attachment for the figures.", F_ATTACH, ""},
    {"Please find enclosed the spreadsheet.", F_ATTACH, ""},
    {"Please find attached our response.\nT|2021|14|16", 0, ""},
    {"Your attention is drawn to the attached sheet which details your right of complaint.", 0, ""},
    {"No attachments", 0, ""},
};

static void test_status(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof status_cases / sizeof *status_cases; i++) {
        const status_case *c = &status_cases[i];
        foi_arena *a = foi_arena_new();
        foi_doc *d = doc_of(a, c->script);
        foi_meta m;
        foi_diag_vec dg = {0};
        foi_meta_read(rules, a, d, "kent/x.html", &m, &dg);
        unsigned got = (m.refused ? F_REFUSED : 0) | (m.not_held ? F_NOT_HELD : 0) |
                       (m.nil ? F_NIL : 0) | (m.attachment_only ? F_ATTACH : 0);
        if (got != c->flags || strcmp(m.refusal, c->refusal)) {
            print_error("[%s]\n  want flags %u refusal \"%s\", got %u \"%s\"\n", c->script,
                        c->flags, c->refusal, got, m.refusal);
            failures++;
        }
        foi_arena_free(a);
    }
    assert_int_equal(failures, 0);
}

/* ---- suppression footnotes ------------------------------------------------------------------- */

typedef struct sup_case {
    const char *script;
    const char *marker;
    long min, max, threshold;
    bool blank_is_zero, dash_is_suppressed;
} sup_case;

static const sup_case sup_cases[] = {
    {"* denotes fewer than 5", "*", 1, 4, 5, false, false},
    /* a footnote as one sentence of a longer note */
    {"Figures are drawn from live systems. [c] indicates a figure between 1 and 4 that has been "
     "suppressed.",
     "[c]", 1, 4, 5, false, false},
    {"Data are live. * denotes fewer than 5.", "*", 1, 4, 5, false, false},
    {"* = a value between 1 and 4", "*", 1, 4, 5, false, false},
    {"Please note: * = a value between 1 and 4 (suppressed under Section 40(2) - personal "
     "information).",
     "*", 1, 4, 5, false, false},
    {"* denotes a figure between 1 and 4 which has been suppressed to avoid identification of "
     "individuals.",
     "*", 1, 4, 5, false, false},
    {"Figures below 3 have been replaced with * to protect individuals.", "*", 1, 2, 3, false,
     false},
    {"* indicates fewer than 3", "*", 1, 2, 3, false, false},
    {"* Values of 1 to 4 have been replaced with an asterisk.", "*", 1, 4, 5, false, false},
    {"Numbers of 3 or fewer are shown as *", "*", 1, 3, 4, false, false},
    {"Counts of less than five are marked with an asterisk.", "*", 1, 4, 5, false, false},
    {"values under 5 are shown as <5", "<5", 1, 4, 5, false, false},
    {"Figures between 1 and 4 have been shown as <5 to protect the identity of individuals.", "<5",
     1, 4, 5, false, false},
    {"<5 denotes a figure that has been suppressed because it is less than five.", "<5", 1, 4, 5,
     false, false},
    {"Where the number is fewer than five this is shown as <5 in order to prevent the "
     "identification of individuals.",
     "<5", 1, 4, 5, false, false},
    {"~ denotes a value less than 5", "~", 1, 4, 5, false, false},
    {"x = figure suppressed (1-4)", "x", 1, 4, 5, false, false},
    {"[c] denotes a value of 1 to 4, suppressed", "[c]", 1, 4, 5, false, false},
    {"Values of 1-4 are shown as 'x' to protect individuals.", "x", 1, 4, 5, false, false},
    {"Figures under 5 are replaced with ~", "~", 1, 4, 5, false, false},
    {"(*) indicates fewer than 5 offences (suppressed)", "*", 1, 4, 5, false, false},
    {"#: a value between 1 and 3 (suppressed)", "#", 1, 3, 4, false, false},
    {"blank cells represent zero", "", 0, 0, 0, true, false},
    {"Empty cells = 0", "", 0, 0, 0, true, false},
    {"Blank cells indicate that no crimes were recorded.", "", 0, 0, 0, true, false},
    {"- indicates a figure that has been suppressed", "-", 0, 0, 0, false, true},
    {"A dash (-) indicates a value between 1 and 4 that has been suppressed.", "-", 1, 4, 5, false,
     true},
    {"A dash (-) indicates that no crimes were recorded.", "", 0, 0, 0, false, false},
    {"(-) indicates nil", "", 0, 0, 0, false, false},
    {"- = zero", "", 0, 0, 0, false, false},
    {"\"Public fear, alarm or distress\",7,10\nFigures below 3 have been replaced with * to "
     "protect individuals.",
     "*", 1, 2, 3, false, false},
    /* not footnotes */
    {"Assault without injury\t*\t*\t5", "", 0, 0, 0, false, false},
    {"* 2023 figures are to 31 July", "", 0, 0, 0, false, false},
    {"> Please show figures below 5 as *", "", 0, 0, 0, false, false},
};

static void test_suppress(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof sup_cases / sizeof *sup_cases; i++) {
        const sup_case *c = &sup_cases[i];
        foi_arena *a = foi_arena_new();
        foi_doc *d = doc_of(a, c->script);
        foi_meta m;
        foi_diag_vec dg = {0};
        foi_meta_read(rules, a, d, "kent/x.html", &m, &dg);
        const foi_suppress *s = &m.suppress;
        bool ok = !strcmp(s->marker, c->marker) && s->blank_is_zero == c->blank_is_zero &&
                  s->dash_is_suppressed == c->dash_is_suppressed;
        if (c->max) ok = ok && s->min == c->min && s->max == c->max && s->threshold == c->threshold;
        if (!ok) {
            print_error("[%s]\n  want \"%s\" %ld..%ld <%ld blank0 %d dash %d, got \"%s\" %ld..%ld "
                        "<%ld blank0 %d dash %d\n",
                        c->script, c->marker, c->min, c->max, c->threshold, c->blank_is_zero,
                        c->dash_is_suppressed, s->marker, s->min, s->max, s->threshold,
                        s->blank_is_zero, s->dash_is_suppressed);
            failures++;
        }
        foi_arena_free(a);
    }
    assert_int_equal(failures, 0);
}

/* ---- force from text and path together, with diagnostics ------------------------------------- */

typedef struct whole_case {
    const char *script;
    const char *path;
    const char *code;
    const char *force;
    bool known;
    const char *diag; /* expected diagnostic kind or NULL */
} whole_case;

static const whole_case whole_cases[] = {
    {"Kent Police\nDear Sir", "kent/foi-1.html", "E23000032", "Kent Police", true, NULL},
    {"Kent Police\nDear Sir", "essex/foi-1.html", "E23000032", "Kent Police", true,
     "force_conflict"},
    {"Dear Sir\nThank you for your request.", "dyfed-powys/foi-1.txt", "W15000004",
     "Dyfed-Powys Police", true, NULL},
    {"Dear Sir\nThank you for your request.", "inbox/foi-1.txt", "", "", false, "unknown_force"},
    {"British Transport Police\nDear Sir", "inbox/foi.txt", "", "British Transport Police", true,
     NULL},
    {"@dc:creator=Nottinghamshire Police\nDear Sir", "inbox/foi-726710-24.xml", "E23000019",
     "Nottinghamshire Police", true, NULL},
    {"@Organisation=Cleveland Police\nInformation Commissioner's Office, Wycliffe House, Water "
     "Lane, Wilmslow, Cheshire, SK9 5AF.",
     "cleveland/x.xml", "E23000013", "Cleveland Police", true, NULL},
    {"# Offences involving TIKTOK | Bedfordshire Police\nBedfordshire Police\nI write in "
     "connection with your request which was received by Bedfordshire Police.",
     "unsorted/x.html", "E23000026", "Bedfordshire Police", true, NULL},
};

static void test_force_and_diagnostics(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof whole_cases / sizeof *whole_cases; i++) {
        const whole_case *c = &whole_cases[i];
        foi_arena *a = foi_arena_new();
        foi_doc *d = doc_of(a, c->script);
        foi_meta m;
        foi_diag_vec dg = {0};
        foi_meta_read(rules, a, d, c->path, &m, &dg);
        bool ok = !strcmp(m.force_code, c->code) && !strcmp(m.force, c->force) &&
                  m.force_known == c->known;
        const char *kind = NULL;
        for (size_t k = 0; k < dg.n; k++)
            if (!strcmp(dg.v[k].kind, "force_conflict") || !strcmp(dg.v[k].kind, "unknown_force"))
                kind = dg.v[k].kind;
        ok = ok && (!c->diag == !kind) && (!kind || !strcmp(kind, c->diag));
        if (!ok) {
            print_error("[%s] %s\n  want %s \"%s\" %s, got %s \"%s\" %s\n", c->script, c->path,
                        c->code, c->force, c->diag ? c->diag : "-", m.force_code, m.force,
                        kind ? kind : "-");
            failures++;
        }
        foi_arena_free(a);
    }
    assert_int_equal(failures, 0);
}

/* ---- whole replies --------------------------------------------------------------------------- */

static void test_refusal_email(void **state)
{
    (void)state;
    const char *reply =
        "From: Information Management Unit <foi@cleveland.police.uk>\n"
        "Sent: 10 October 2024 13:21\n"
        "Subject: 711-24 - Tiktok related crime\n"
        "Cleveland Police\nInformation Management Unit\nAsh House\nTS18 3QA\n"
        "Thursday, 10 October 2024\nFOI Reference: 711-24\nDear Requester,\n"
        "Thank you for your request for information dated 03/09/2024. You asked:\n"
        "> 1. In the last 3 years, how many offences has the force logged where Tiktok was "
        "recorded as being an element in the offence?\n"
        "Initial searches have brought back 6,189 records. Section 12(1) of the Freedom of "
        "Information Act 2000 therefore applies and this letter serves as a refusal notice under "
        "Section 17(5).\n"
        "Information Commissioner: you may make an application to the Information Commissioner "
        "at: Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, "
        "SK9 5AF.\n"
        "Yours faithfully\nDavid Price\nCleveland Police\n";
    foi_arena *a = foi_arena_new();
    foi_doc *d = doc_of(a, reply);
    foi_meta m;
    foi_diag_vec dg = {0};
    foi_meta_read(rules, a, d, "inbox/FOI 711-24 TikTok.txt", &m, &dg);
    assert_string_equal(m.force_code, "E23000013");
    assert_string_equal(m.reply_date, "2024-10-10");
    assert_string_equal(m.reference, "711-24");
    assert_true(m.refused);
    assert_false(m.nil);
    assert_false(m.not_held);
    assert_string_equal(m.refusal, "s12");
    assert_string_equal(m.platform, "TikTok");
    assert_int_equal(dg.n, 0);
    foi_arena_free(a);
}

static void test_empty_and_null(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_meta m;
    foi_diag_vec dg = {0};
    foi_meta_read(rules, a, NULL, "kent/x.html", &m, &dg);
    assert_string_equal(m.force, "");
    assert_string_equal(m.reference, "");
    foi_doc *d = foi_doc_new(a);
    foi_meta_read(rules, a, d, NULL, &m, &dg);
    assert_false(m.force_known);
    assert_string_equal(m.reply_date, "");
    assert_string_equal(m.refusal, "");
    assert_string_equal(m.platform, "");
    assert_int_equal(dg.n, 1);
    assert_string_equal(dg.v[0].kind, "unknown_force");
    assert_null(foi_force_in_text(rules, a, NULL));
    foi_arena_free(a);
}

/* The text names the platform first; a file name only when the text names none. */
static void test_platform_from_file_name(void **state)
{
    (void)state;
    static const struct {
        const char *text, *path, *want;
    } cases[] = {
        {"Kent Police recorded 12 crimes in 2023.\n", "kent/FOI 782-23 TikTok.html", "TikTok"},
        {"Kent Police recorded 12 crimes in 2023.\n", "kent/foi-snapchat-offences.txt", "Snapchat"},
        {"Crimes where Snapchat was mentioned: 12.\n", "kent/FOI 782-23 TikTok.html", "Snapchat"},
        {"Kent Police recorded 12 crimes in 2023.\n", "tiktok/FOI 782-23.html", ""},
        {"Kent Police recorded 12 crimes in 2023.\n", "kent/FOI 782-23.html", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        foi_meta m;
        foi_diag_vec dg = {0};
        foi_meta_read(rules, a, doc_of(a, cases[i].text), cases[i].path, &m, &dg);
        assert_string_equal(m.platform, cases[i].want);
        foi_arena_free(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_force_in_text),
        cmocka_unit_test(test_force_in_path),
        cmocka_unit_test(test_date_and_reference),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_suppress),
        cmocka_unit_test(test_force_and_diagnostics),
        cmocka_unit_test(test_refusal_email),
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_platform_from_file_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
