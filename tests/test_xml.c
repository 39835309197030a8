/* XML parser: each record shape seen in police FOI exports (record elements, attribute rows,
 * wide offence/year elements, namespaced datasets, SpreadsheetML, escaped HTML), the metadata
 * around them, and hostile documents (entities, DTDs, depth, truncation). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "parsers/html.h"
#include "parsers/xml.h"
#include "util/str.h"

#pragma weak foi_html_parse

static foi_arena *A;

static int setup(void **state)
{
    A = foi_arena_new();
    return A ? 0 : -1;
}

static int teardown(void **state)
{
    foi_arena_free(A);
    A = NULL;
    return 0;
}

static foi_doc *parse(const char *xml, const char **why)
{
    const char *w = NULL;
    foi_doc *d = foi_xml_parse(A, xml, strlen(xml), &w);
    if (why) *why = w;
    if (d)
        assert_null(w);
    else
        assert_non_null(w);
    return d;
}

/* Row r of g equals the NULL-terminated cells. */
static void expect_row(const foi_grid *g, int r, const char *const *cells)
{
    int c = 0;
    for (; cells[c]; c++) {
        assert_true(c < g->ncols);
        if (strcmp(foi_grid_at(g, r, c)->text, cells[c]) != 0)
            fail_msg("grid %d row %d col %d: got '%s', want '%s'", g->index, r, c,
                     foi_grid_at(g, r, c)->text, cells[c]);
    }
    assert_int_equal(c, g->ncols);
}
#define ROW(g, r, ...) expect_row((g), (r), (const char *const[]){__VA_ARGS__, NULL})

static const char *meta(const foi_doc *d, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = 0; i < d->meta.n; i++)
        if (strncmp(d->meta.v[i], key, k) == 0 && d->meta.v[i][k] == '\t')
            return d->meta.v[i] + k + 1;
    return NULL;
}

static const foi_block *block_with(const foi_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->blocks.n; i++)
        if (strstr(d->blocks.v[i].text, needle)) return &d->blocks.v[i];
    return NULL;
}

/* ---- record elements --------------------------------------------------------------------- */

static const char RECORDS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<FOIResponse>\n"
    "  <Header>\n"
    "    <Force>Anyshire Constabulary</Force>\n"
    "    <Reference>FOI2023/12345</Reference>\n"
    "    <ResponseDate>2023-11-14</ResponseDate>\n"
    "    <Subject>Snapchat related crime</Subject>\n"
    "    <Request>Q1. How many crimes since 1 January 2020 mention Snapchat?\n"
    "Q2. Please break this down by crime type.</Request>\n"
    "    <Notes>* denotes fewer than 5</Notes>\n"
    "  </Header>\n"
    "  <Records>\n"
    "    <Record>\n"
    "      <Period>2020</Period>\n"
    "      <Offence>Mal Comms</Offence>\n"
    "      <Outcome>Evidential difficulties (15 &amp; 16)</Outcome>\n"
    "      <Count>3</Count>\n"
    "    </Record>\n"
    "    <Record>\n"
    "      <Period>01/01/2023 - 06/11/2023</Period>\n"
    "      <Offence>Stalking</Offence>\n"
    "      <Count>*</Count>\n"
    "    </Record>\n"
    "  </Records>\n"
    "  <Totals>\n"
    "    <Total period=\"2020\">10</Total>\n"
    "    <Total period=\"01/01/2023 - 06/11/2023\">27</Total>\n"
    "  </Totals>\n"
    "</FOIResponse>\n";

static void test_records(void **state)
{
    foi_doc *d = parse(RECORDS, NULL);
    assert_non_null(d);
    assert_string_equal(d->title, "Snapchat related crime");
    assert_string_equal(meta(d, "Force"), "Anyshire Constabulary");
    assert_string_equal(meta(d, "Reference"), "FOI2023/12345");
    assert_string_equal(meta(d, "ResponseDate"), "2023-11-14");
    const foi_block *q = block_with(d, "How many crimes");
    assert_non_null(q);
    assert_int_equal(q->kind, FOI_BLOCK_QUOTE);
    assert_int_equal(q->line, 8);
    assert_int_equal(block_with(d, "break this down")->kind, FOI_BLOCK_QUOTE);
    const foi_block *n = block_with(d, "fewer than 5");
    assert_non_null(n);
    assert_int_equal(n->kind, FOI_BLOCK_PARA);

    assert_int_equal(d->grids.n, 2);
    const foi_grid *g = d->grids.v[0];
    assert_true(g->long_format);
    assert_int_equal(g->nrows, 3);
    ROW(g, 0, "Period", "Offence", "Outcome", "Count");
    ROW(g, 1, "2020", "Mal Comms", "Evidential difficulties (15 & 16)", "3");
    ROW(g, 2, "01/01/2023 - 06/11/2023", "Stalking", "", "*");
    for (int c = 0; c < 4; c++)
        assert_true(foi_grid_at(g, 0, c)->header);
    assert_false(foi_grid_at(g, 1, 0)->header);
    assert_string_equal(g->context, "Records");
    assert_string_equal(g->kind, "xml:Record");
    char *where = foi_grid_where(A, g, 2, 3);
    assert_string_equal(where, "line 19");

    const foi_grid *t = d->grids.v[1];
    assert_false(t->long_format);
    ROW(t, 0, "", "2020", "01/01/2023 - 06/11/2023");
    ROW(t, 1, "Total", "10", "27");
    assert_int_equal(t->index, 2);
    assert_non_null(strstr(d->text, "Mal Comms"));
}

/* ---- attribute rows, two datasets -------------------------------------------------------- */

static const char ATTR_ROWS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<dataset force=\"Wessex Police\" reference=\"2076-25\" generated=\"2025-02-14\">\n"
    "  <query>Could you tell me how many crimes reported in each of the years 2020/21, 2021/22 "
    "involved TikTok?</query>\n"
    "  <table name=\"offences\">\n"
    "    <row period=\"2020/21\" offence=\"HARASSMENT\" count=\"9\"/>\n"
    "    <row period=\"2021/22\" offence=\"Section 127 Communications Act 2003\" "
    "count=\"&lt;5\"/>\n"
    "  </table>\n"
    "  <table name=\"outcomes\">\n"
    "    <row period=\"2020/21\" outcome=\"OC01 \xe2\x80\x93 Charge/Summons\" count=\"0\"/>\n"
    "    <row period=\"2020/21\" outcome=\"Under investigation\" count=\"4\"/>\n"
    "  </table>\n"
    "  <rights>If you are dissatisfied you can lodge a complaint within 20 working days.</rights>\n"
    "</dataset>\n";

static void test_attribute_rows(void **state)
{
    foi_doc *d = parse(ATTR_ROWS, NULL);
    assert_non_null(d);
    assert_string_equal(meta(d, "force"), "Wessex Police");
    assert_string_equal(meta(d, "reference"), "2076-25");
    assert_string_equal(meta(d, "generated"), "2025-02-14");
    assert_null(meta(d, "name")); /* dataset labels are not reply metadata */
    assert_int_equal(block_with(d, "how many crimes")->kind, FOI_BLOCK_QUOTE);
    const foi_block *r = block_with(d, "lodge a complaint");
    assert_non_null(r);
    assert_int_equal(r->after_grid, 2);

    assert_int_equal(d->grids.n, 2);
    const foi_grid *o = d->grids.v[0], *u = d->grids.v[1];
    assert_true(o->long_format);
    assert_string_equal(o->context, "offences");
    ROW(o, 0, "period", "offence", "count");
    ROW(o, 1, "2020/21", "HARASSMENT", "9");
    ROW(o, 2, "2021/22", "Section 127 Communications Act 2003", "<5");
    assert_string_equal(u->context, "outcomes");
    ROW(u, 0, "period", "outcome", "count");
    ROW(u, 1, "2020/21", "OC01 - Charge/Summons", "0");
    ROW(u, 2, "2020/21", "Under investigation", "4");
    assert_string_equal(foi_grid_where(A, u, 2, 2), "line 10");
}

/* Records that are leaves with attributes and text, and a lone record. */
static void test_leaf_records_and_lone_record(void **state)
{
    foi_doc *d = parse("<r><data><item year=\"2021\" offence=\"Stalking\">3</item>"
                       "<item year=\"2022\" offence=\"Stalking\">4</item></data>"
                       "<Offences><Offence><Name>Harassment</Name><Count>12</Count></Offence>"
                       "</Offences></r>",
                       NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 2);
    ROW(d->grids.v[0], 0, "year", "offence", "value");
    ROW(d->grids.v[0], 2, "2022", "Stalking", "4");
    assert_true(d->grids.v[1]->long_format);
    ROW(d->grids.v[1], 0, "Name", "Count");
    ROW(d->grids.v[1], 1, "Harassment", "12");
}

/* ---- wide records ------------------------------------------------------------------------ */

static const char WIDE[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<CrimeReturn>\n"
                           "  <Organisation>Borsetshire Police</Organisation>\n"
                           "  <FOIReference>927-24</FOIReference>\n"
                           "  <DateOfResponse>05/07/2024</DateOfResponse>\n"
                           "  <Caveat>Figures between 1 and 4 have been shown as &lt;5.</Caveat>\n"
                           "  <Offences>\n"
                           "    <Offence name=\"Harassment\">\n"
                           "      <Year value=\"2021\">5</Year>\n"
                           "      <Year value=\"2022\">&lt;5</Year>\n"
                           "      <Year value=\"2024 (to date)\">4</Year>\n"
                           "      <Total>17</Total>\n"
                           "    </Offence>\n"
                           "    <Offence name=\"Threats to Kill\">\n"
                           "      <Year value=\"2021\">3</Year>\n"
                           "      <Year value=\"2022\">2</Year>\n"
                           "      <Year value=\"2024 (to date)\">2</Year>\n"
                           "      <Total>7</Total>\n"
                           "    </Offence>\n"
                           "  </Offences>\n"
                           "  <AllOffences>\n"
                           "    <Year value=\"2021\">20</Year>\n"
                           "    <Year value=\"2022\">22</Year>\n"
                           "    <Year value=\"2024 (to date)\">15</Year>\n"
                           "  </AllOffences>\n"
                           "</CrimeReturn>\n";

static void test_wide_keyed(void **state)
{
    foi_doc *d = parse(WIDE, NULL);
    assert_non_null(d);
    assert_string_equal(meta(d, "Organisation"), "Borsetshire Police");
    assert_string_equal(meta(d, "FOIReference"), "927-24");
    assert_string_equal(meta(d, "DateOfResponse"), "05/07/2024");
    assert_int_equal(block_with(d, "shown as <5")->kind, FOI_BLOCK_PARA);
    assert_int_equal(d->grids.n, 2);
    const foi_grid *g = d->grids.v[0];
    assert_false(g->long_format);
    assert_string_equal(g->context, "Offences");
    ROW(g, 0, "Offence", "2021", "2022", "2024 (to date)", "Total");
    ROW(g, 1, "Harassment", "5", "<5", "4", "17");
    ROW(g, 2, "Threats to Kill", "3", "2", "2", "7");
    assert_string_equal(foi_grid_where(A, g, 2, 1), "line 14");
    const foi_grid *t = d->grids.v[1];
    assert_false(t->long_format);
    ROW(t, 0, "", "2021", "2022", "2024 (to date)");
    ROW(t, 1, "AllOffences", "20", "22", "15");
}

/* A totals row of one period written without a four-digit year is still a keyed row. */
static void test_single_period_totals_row(void **state)
{
    (void)state;
    foi_doc *d =
        parse("<r><Offences><Offence name=\"Stalking\"><Period value=\"Apr-22 to Mar-23\">"
              "3</Period></Offence><Offence name=\"Harassment\"><Period value=\"Apr-22 to "
              "Mar-23\">4</Period></Offence></Offences><AllOffences><Period value=\"Apr-22 "
              "to Mar-23\">7</Period></AllOffences></r>",
              NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 2);
    ROW(d->grids.v[1], 0, "", "Apr-22 to Mar-23");
    ROW(d->grids.v[1], 1, "AllOffences", "7");
}

typedef struct wide_case {
    const char *xml;
    const char *header[6];
    const char *row1[6];
} wide_case;

static const wide_case wide_cases[] = {
    {"<x><Offence><Name>Harassment</Name><y2021>5</y2021><y2022>6</y2022></Offence>"
     "<Offence><Name>Stalking</Name><y2021>1</y2021><y2022>0</y2022></Offence></x>",
     {"Name", "2021", "2022"},
     {"Harassment", "5", "6"}},
    {"<x><Crime><Type>Mal Comms</Type><FY2021_22>7</FY2021_22><FY2022_23>8</FY2022_23>"
     "<Total>15</Total></Crime><Crime><Type>Stalking</Type><FY2021_22>1</FY2021_22>"
     "<FY2022_23>2</FY2022_23><Total>3</Total></Crime></x>",
     {"Type", "2021/22", "2022/23", "Total"},
     {"Mal Comms", "7", "8", "15"}},
    {"<x><Row label=\"Charged\"><Year_2020_2021>4</Year_2020_2021><Year_2021_2022>5"
     "</Year_2021_2022></Row><Row label=\"Caution\"><Year_2020_2021>1</Year_2020_2021>"
     "<Year_2021_2022>2</Year_2021_2022></Row></x>",
     {"label", "2020/2021", "2021/2022"},
     {"Charged", "4", "5"}},
    {"<x><Outcome type=\"Charged\"><Period from=\"01/04/2022-31/03/2023\">3</Period>"
     "<Period from=\"01/04/2023-31/03/2024\">*</Period></Outcome><Outcome type=\"NFA\">"
     "<Period from=\"01/04/2022-31/03/2023\">9</Period><Period from=\"01/04/2023-31/03/2024\">"
     "11</Period></Outcome></x>",
     {"Outcome", "01/04/2022-31/03/2023", "01/04/2023-31/03/2024"},
     {"Charged", "3", "*"}},
    /* one period only, without a four-digit year: still the column's key */
    {"<x><Offence name=\"Harassment\"><Period value=\"Apr-22 to Mar-23\">38</Period></Offence>"
     "<Offence name=\"Stalking\"><Period value=\"Apr-22 to Mar-23\">8</Period></Offence></x>",
     {"Offence", "Apr-22 to Mar-23"},
     {"Harassment", "38"}},
    /* keyed by outcome, not by period */
    {"<x><Offence code=\"8L\"><Outcome type=\"Charged\">2</Outcome><Outcome type=\"NFA\">5"
     "</Outcome></Offence><Offence code=\"8R\"><Outcome type=\"Charged\">0</Outcome>"
     "<Outcome type=\"NFA\">1</Outcome></Offence></x>",
     {"code", "Charged", "NFA"},
     {"8L", "2", "5"}},
};

static void test_wide_shapes(void **state)
{
    for (size_t i = 0; i < sizeof wide_cases / sizeof *wide_cases; i++) {
        const wide_case *c = &wide_cases[i];
        foi_doc *d = parse(c->xml, NULL);
        assert_non_null(d);
        assert_int_equal(d->grids.n, 1);
        const foi_grid *g = d->grids.v[0];
        assert_false(g->long_format);
        expect_row(g, 0, c->header);
        expect_row(g, 1, c->row1);
        assert_true(foi_grid_at(g, 0, 1)->header);
    }
}

/* A label field given as a child element stays as written; a plain label element that is not a
 * figure keeps its attribute as a column. */
static void test_label_element_with_attribute(void **state)
{
    foi_doc *d = parse("<x><Record><Offence code=\"8L\">Harassment</Offence><Count>5</Count>"
                       "</Record><Record><Offence code=\"8R\">Malicious Communications</Offence>"
                       "<Count>7</Count></Record></x>",
                       NULL);
    assert_non_null(d);
    const foi_grid *g = d->grids.v[0];
    assert_true(g->long_format);
    ROW(g, 0, "Offence", "code", "Count");
    ROW(g, 2, "Malicious Communications", "8R", "7");
}

/* ---- namespaces and metadata -------------------------------------------------------------- */

static const char NAMESPACED[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<foi:disclosure xmlns:foi=\"http://schemas.example.police.uk/foi/2019\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:st=\"urn:uk:police:statistics:2.0\">\n"
    "  <foi:metadata>\n"
    "    <dc:creator>Loamshire Police</dc:creator>\n"
    "    <dc:identifier>726710/24</dc:identifier>\n"
    "    <dc:date>2024-12-30</dc:date>\n"
    "    <dc:title>Offences involving Tiktok</dc:title>\n"
    "    <foi:request>Could you tell me how many crimes reported in each of the years 2020, 2021 "
    "involved TikTok?</foi:request>\n"
    "    <dc:publisher>FOI Section, Police HQ, Anytown, AB1 2CD</dc:publisher>\n"
    "  </foi:metadata>\n"
    "  <st:dataset id=\"offences\">\n"
    "    <st:obs>\n"
    "      <st:period>2020</st:period>\n"
    "      <st:offenceCode>88A</st:offenceCode>\n"
    "      <st:offenceDescription>Engage in sexual communication with a child - S15A Sexual "
    "Offences Act 2003</st:offenceDescription>\n"
    "      <st:value>4</st:value>\n"
    "    </st:obs>\n"
    "    <st:obs>\n"
    "      <st:period>2024 YTD</st:period>\n"
    "      <st:offenceCode>8R</st:offenceCode>\n"
    "      <st:offenceDescription>MALICIOUS COMMUNICATIONS</st:offenceDescription>\n"
    "      <st:value>-</st:value>\n"
    "    </st:obs>\n"
    "  </st:dataset>\n"
    "  <st:dataset id=\"outcomes\">\n"
    "    <st:obs><st:period>2020</st:period><st:outcome>Charged/summonsed</st:outcome>"
    "<st:value>2</st:value></st:obs>\n"
    "    <st:obs><st:period>2020</st:period><st:outcome>Outcome 16</st:outcome>"
    "<st:value>9</st:value></st:obs>\n"
    "  </st:dataset>\n"
    "  <foi:notes>Figures are drawn from live databases.</foi:notes>\n"
    "</foi:disclosure>\n";

static void test_namespaced(void **state)
{
    foi_doc *d = parse(NAMESPACED, NULL);
    assert_non_null(d);
    assert_string_equal(d->title, "Offences involving Tiktok");
    assert_string_equal(meta(d, "creator"), "Loamshire Police");
    assert_string_equal(meta(d, "identifier"), "726710/24");
    assert_string_equal(meta(d, "date"), "2024-12-30");
    assert_null(block_with(d, "AB1 2CD")); /* an address is metadata, not prose */
    assert_int_equal(block_with(d, "how many crimes")->kind, FOI_BLOCK_QUOTE);
    assert_int_equal(block_with(d, "live databases")->kind, FOI_BLOCK_PARA);
    assert_int_equal(d->grids.n, 2);
    const foi_grid *o = d->grids.v[0];
    assert_string_equal(o->context, "offences");
    assert_string_equal(o->kind, "xml:obs");
    ROW(o, 0, "period", "offenceCode", "offenceDescription", "value");
    ROW(o, 1, "2020", "88A",
        "Engage in sexual communication with a child - S15A Sexual Offences Act 2003", "4");
    ROW(o, 2, "2024 YTD", "8R", "MALICIOUS COMMUNICATIONS", "-");
    assert_string_equal(d->grids.v[1]->context, "outcomes");
    ROW(d->grids.v[1], 2, "2020", "Outcome 16", "9");
}

/* The declaration may name another encoding: the buffer is already UTF-8. */
static void test_encoding_declaration_ignored(void **state)
{
    const char *decls[] = {"windows-1252", "ISO-8859-1", "UTF-16", "utf-8"};
    for (size_t i = 0; i < 4; i++) {
        char xml[512];
        snprintf(xml, sizeof xml,
                 "<?xml version=\"1.0\" encoding=\"%s\"?>\n<r><Force>Caf\xc3\xa9 Police</Force>"
                 "<Notes>\xe2\x80\x98TikTok\xe2\x80\x99 \xc2\xa3"
                 "450</Notes></r>",
                 decls[i]);
        foi_doc *d = parse(xml, NULL);
        assert_non_null(d);
        assert_string_equal(meta(d, "Force"), "Caf\xc3\xa9 Police");
        assert_non_null(block_with(d, "'TikTok'"));
    }
    /* UTF-8 BOM */
    foi_doc *d = parse("\xef\xbb\xbf<r><Force>Kent Police</Force></r>", NULL);
    assert_non_null(d);
    assert_string_equal(meta(d, "Force"), "Kent Police");
}

/* ---- SpreadsheetML ------------------------------------------------------------------------ */

static const char SPREADSHEETML[] =
    "<?xml version=\"1.0\"?>\n"
    "<?mso-application progid=\"Excel.Sheet\"?>\n"
    "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" "
    "xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n"
    " <Styles><Style ss:ID=\"b\"><Font ss:Bold=\"1\"/></Style></Styles>\n"
    " <Worksheet ss:Name=\"TikTok offences\">\n"
    "  <Table>\n"
    "   <Row><Cell ss:StyleID=\"b\"><Data ss:Type=\"String\">Offence</Data></Cell>"
    "<Cell ss:StyleID=\"b\" ss:MergeAcross=\"1\"><Data ss:Type=\"String\">Financial year</Data>"
    "</Cell></Row>\n"
    "   <Row><Cell ss:MergeDown=\"1\"><Data ss:Type=\"String\">Harassment</Data></Cell>"
    "<Cell><Data ss:Type=\"String\">2021/22</Data></Cell><Cell><Data ss:Type=\"Number\">5"
    "</Data></Cell></Row>\n"
    "   <Row><Cell ss:Index=\"2\"><Data ss:Type=\"String\">2022/23</Data></Cell>"
    "<Cell><Data ss:Type=\"Number\">7</Data></Cell></Row>\n"
    "   <Row ss:Index=\"5\"><Cell><Data ss:Type=\"String\">Total</Data></Cell>"
    "<Cell ss:Index=\"3\"><Data ss:Type=\"Number\">12</Data></Cell></Row>\n"
    "  </Table>\n"
    " </Worksheet>\n"
    " <Worksheet ss:Name=\"Empty\"><Table/></Worksheet>\n"
    " <Worksheet ss:Name=\"Outcomes\"><Table><Row><Cell><Data ss:Type=\"String\">Outcome</Data>"
    "</Cell><Cell><Data ss:Type=\"String\">2021</Data></Cell></Row><Row><Cell><Data "
    "ss:Type=\"String\">Charged</Data></Cell><Cell><Data ss:Type=\"Number\">3</Data></Cell>"
    "</Row></Table></Worksheet>\n"
    "</Workbook>\n";

static void test_spreadsheetml(void **state)
{
    foi_doc *d = parse(SPREADSHEETML, NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 2);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(g->caption, "TikTok offences");
    assert_int_equal(g->nrows, 5);
    assert_int_equal(g->ncols, 3);
    ROW(g, 0, "Offence", "Financial year", "Financial year");
    ROW(g, 1, "Harassment", "2021/22", "5");
    ROW(g, 2, "Harassment", "2022/23", "7");
    ROW(g, 3, "", "", "");
    ROW(g, 4, "Total", "", "12");
    assert_true(foi_grid_at(g, 0, 0)->header);
    assert_true(foi_grid_at(g, 0, 2)->header);
    assert_true(foi_grid_at(g, 0, 2)->copy);
    assert_false(foi_grid_at(g, 0, 1)->copy);
    assert_int_equal(foi_grid_at(g, 0, 1)->span_id, foi_grid_at(g, 0, 2)->span_id);
    assert_true(foi_grid_at(g, 2, 0)->copy);
    assert_int_equal(foi_grid_at(g, 1, 0)->span_id, foi_grid_at(g, 2, 0)->span_id);
    assert_int_not_equal(foi_grid_at(g, 1, 1)->span_id, foi_grid_at(g, 2, 1)->span_id);
    assert_false(foi_grid_at(g, 1, 2)->header);
    assert_string_equal(foi_grid_where(A, g, 4, 2), "table 1, row 5, col 3");
    const foi_grid *o = d->grids.v[1];
    assert_string_equal(o->caption, "Outcomes");
    ROW(o, 1, "Charged", "3");
    assert_true(foi_grid_at(o, 0, 0)->header); /* unstyled: a first row of words */
    assert_false(foi_grid_at(o, 1, 0)->header);
}

/* ---- HTML inside text --------------------------------------------------------------------- */

static const char RSS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\"><channel>\n"
    "<title>Disclosure log</title>\n"
    "<item>\n"
    "<title>FOI 2024/0123 TikTok crime</title>\n"
    "<pubDate>Fri, 04 Aug 2023 10:00:00 GMT</pubDate>\n"
    "<description>&lt;p&gt;Please find our response below.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;"
    "&lt;th&gt;Year&lt;/th&gt;&lt;th&gt;Count&lt;/th&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;2021"
    "&lt;/td&gt;&lt;td&gt;22&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</description>\n"
    "</item>\n"
    "<item><title>Second</title><description><![CDATA[<table><tr><td>2022</td><td>42</td></tr>"
    "</table>]]></description></item>\n"
    "</channel></rss>\n";

static void test_escaped_html(void **state)
{
    foi_doc *d = parse(RSS, NULL);
    assert_non_null(d);
    assert_string_equal(d->title, "Disclosure log");
    assert_string_equal(meta(d, "pubDate"), "Fri, 04 Aug 2023 10:00:00 GMT");
    /* the feed items are not a data grid of titles and dates */
    for (size_t i = 0; i < d->grids.n; i++)
        assert_null(strstr(d->grids.v[i]->kind ? d->grids.v[i]->kind : "", "item"));
    if (!foi_html_parse) {
        /* until the HTML parser is linked, the text survives as a block */
        assert_non_null(block_with(d, "Please find our response"));
        assert_null(block_with(d, "<table"));
        return;
    }
    assert_int_equal(d->grids.n, 2);
    for (size_t i = 0; i < d->grids.n; i++)
        assert_int_equal(d->grids.v[i]->index, (int)i + 1);
    const foi_grid *g = d->grids.v[0];
    assert_string_equal(foi_grid_at(g, g->nrows - 1, 1)->text, "22");
    assert_string_equal(foi_grid_at(d->grids.v[1], 0, 1)->text, "42");
    const foi_block *b = block_with(d, "Please find our response");
    assert_non_null(b);
    assert_int_equal(b->after_grid, 0);
}

/* Positional rows (an XHTML-like table inside XML). */
static void test_positional_rows(void **state)
{
    foi_doc *d = parse("<doc><table><tr><th>Offence</th><th>2021</th></tr>"
                       "<tr><td>Stalking</td><td>4</td></tr>"
                       "<tr><td>Total</td><td>9</td></tr></table></doc>",
                       NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_false(g->long_format);
    ROW(g, 0, "Offence", "2021");
    ROW(g, 2, "Total", "9");
    assert_true(foi_grid_at(g, 0, 0)->header);
    assert_false(foi_grid_at(g, 1, 0)->header);
}

/* Numbered notes are prose, not records. */
static void test_numbered_notes(void **state)
{
    foi_doc *d = parse("<r><Notes><Note id=\"1\">* denotes a figure between 1 and 4</Note>"
                       "<Note id=\"2\">Figures are drawn from live systems and may change.</Note>"
                       "</Notes></r>",
                       NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 0);
    assert_int_equal(block_with(d, "between 1 and 4")->kind, FOI_BLOCK_PARA);
    assert_non_null(block_with(d, "live systems"));
}

/* Prose-only and refusal replies: blocks, no grids. */
static void test_prose_only(void **state)
{
    foi_doc *d = parse("<Response><Reference>FOI 2024/0123</Reference><Body>I can neither confirm "
                       "nor deny that we hold the information you requested, by virtue of "
                       "section 31(3).</Body><Signature>J Smith</Signature></Response>",
                       NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 0);
    assert_int_equal(block_with(d, "neither confirm")->kind, FOI_BLOCK_PARA);
    assert_string_equal(meta(d, "Reference"), "FOI 2024/0123");
    assert_string_equal(meta(d, "Signature"), "J Smith");
    assert_null(block_with(d, "FOI 2024/0123"));
    assert_non_null(strstr(d->text, "neither confirm"));
}

/* ---- hostile and broken documents --------------------------------------------------------- */

typedef struct bad_case {
    const char *xml;
    const char *why; /* expected reason prefix */
} bad_case;

static const bad_case bad_cases[] = {
    /* billion laughs */
    {"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
     "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
     "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
     "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
     "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
     "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
     "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
     "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
     "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
     "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
     "<lolz><Count>&lol9;</Count></lolz>",
     "entity declarations refused"},
    /* a single harmless-looking internal entity is refused too */
    {"<!DOCTYPE r [<!ENTITY force \"Kent Police\">]><r><Force>&force;</Force></r>",
     "entity declarations refused"},
    /* parameter entity */
    {"<!DOCTYPE r [<!ENTITY % p \"<!ENTITY x 'y'>\"> %p;]><r>&x;</r>",
     "entity declarations refused"},
    /* remote DTD: no network, refused before any fetch */
    {"<!DOCTYPE r SYSTEM \"http://example.invalid/foi.dtd\"><r><Count>1</Count></r>",
     "external DTD refused"},
    {"<!DOCTYPE r PUBLIC \"-//X//DTD X//EN\" \"foi.dtd\"><r/>", "external DTD refused"},
    {"<!DOCTYPE r SYSTEM \"file:///etc/passwd\" [<!ELEMENT r ANY>]><r/>", "external DTD refused"},
    /* external parameter entity */
    {"<!DOCTYPE r [<!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext;]><r/>",
     "entity declarations refused"},
    /* broken */
    {"<FOIResponse><Records><Record><Count>3</Count></Record>", "XML truncated"},
    {"<r><a>1</b></r>", "XML not well-formed"},
    {"<r><Force>Kent&nbsp;Police</Force></r>", "undeclared entity"},
    {"just some text, not XML", "not XML"},
    {"<r>\x01</r>", "XML not well-formed"},
    {"<r a=\"1\" a=\"2\"/>", "XML not well-formed"},
    {"<r/><r/>", "XML not well-formed"},
    {"   ", "empty document"},
};

static void test_refused_and_broken(void **state)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const char *why = NULL;
        foi_doc *d = parse(bad_cases[i].xml, &why);
        if (d || !why || strncmp(why, bad_cases[i].why, strlen(bad_cases[i].why)) != 0)
            fail_msg("case %zu: got %s (%s), want NULL (%s)", i, d ? "doc" : "NULL",
                     why ? why : "-", bad_cases[i].why);
    }
    const char *why = NULL;
    assert_null(foi_xml_parse(A, "", 0, &why));
    assert_string_equal(why, "empty document");
    assert_null(foi_xml_parse(A, NULL, 0, NULL)); /* why may be NULL */
}

/* XXE pointing at a local file: refused, and the file's content never appears. */
static void test_xxe_local_file(void **state)
{
    char path[] = "/tmp/foitab-xxe-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char secret[] = "SECRET-4242-DO-NOT-READ";
    assert_int_equal(write(fd, secret, sizeof secret - 1), (ssize_t)(sizeof secret - 1));
    close(fd);
    const char *shapes[] = {
        "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file://%s\">]><r><Notes>&xxe;</Notes></r>",
        "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"%s\">]><r a=\"x\"><Count>&xxe;</Count></r>",
        "<!DOCTYPE r SYSTEM \"%s\"><r><Notes>&secret;</Notes></r>",
        "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"%s\" parse=\"text\"/>"
        "</r>",
    };
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        char xml[512];
        snprintf(xml, sizeof xml, shapes[i], path);
        const char *why = NULL;
        foi_doc *d = foi_xml_parse(A, xml, strlen(xml), &why);
        if (i < 3) {
            assert_null(d);
            assert_non_null(why);
        } else {
            /* XInclude is never processed: the element stays an empty element */
            assert_non_null(d);
            assert_null(strstr(d->text, secret));
            for (size_t k = 0; k < d->meta.n; k++)
                assert_null(strstr(d->meta.v[k], secret));
        }
    }
    unlink(path);
}

static char *nested(size_t depth, const char *inner)
{
    size_t n = depth * 7 + strlen(inner) + 1;
    char *s = foi_alloc(A, n);
    char *p = s;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<a>");
    p += sprintf(p, "%s", inner);
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "</a>");
    return s;
}

static void test_depth(void **state)
{
    const char *why = NULL;
    char *deep = nested(100000, "x");
    assert_null(foi_xml_parse(A, deep, strlen(deep), &why));
    assert_string_equal(why, "nesting too deep");
    /* moderately nested records are still found */
    char *ok = nested(200, "<Record><Period>2021</Period><Count>5</Count></Record>"
                           "<Record><Period>2022</Period><Count>6</Count></Record>");
    foi_doc *d = parse(ok, NULL);
    assert_non_null(d);
    assert_int_equal(d->grids.n, 1);
    ROW(d->grids.v[0], 2, "2022", "6");
}

/* A plain DOCTYPE, or one whose internal subset declares only elements, is harmless. */
static void test_harmless_doctype(void **state)
{
    foi_doc *d = parse("<!DOCTYPE r><r><Force>Kent Police</Force></r>", NULL);
    assert_non_null(d);
    assert_string_equal(meta(d, "Force"), "Kent Police");
    d = parse("<!DOCTYPE r [<!ELEMENT r ANY><!ATTLIST r v CDATA \"1\">]><r><Force>Kent Police"
              "</Force></r>",
              NULL);
    assert_non_null(d);
    assert_null(meta(d, "v")); /* DTD defaults are not applied */
}

/* One parse with the k-th allocation failing, under the caller's trap. */
static void __attribute__((noinline)) parse_failing(const char *xml, long k)
{
    foi_arena *a = foi_arena_new();
    assert_non_null(a);
    foi_mem_fail_after(k);
    if (FOI_ARENA_TRY(a)) {
        const char *why = NULL;
        foi_doc *d = foi_xml_parse(a, xml, strlen(xml), &why);
        if (!d) assert_string_equal(why, "out of memory");
        /* our trap is still the one in force */
        foi_alloc(a, 16);
    }
    foi_arena_untrap(a);
    foi_mem_fail_after(0);
    foi_arena_free(a);
}

/* Every arena allocation failing in turn: a NULL or a doc, never a crash or a leak. */
static void test_out_of_memory(void **state)
{
    const char *docs[] = {RECORDS, WIDE, SPREADSHEETML, NAMESPACED, RSS};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        for (long k = 1; k < 300; k++)
            parse_failing(docs[i], k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attribute_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leaf_records_and_lone_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wide_keyed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_period_totals_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wide_shapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_label_element_with_attribute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_namespaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encoding_declaration_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spreadsheetml, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escaped_html, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positional_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prose_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbered_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_and_broken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xxe_local_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_harmless_doctype, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
