/* parsers/html: tables with spans, chrome dropped, text blocks in reading order. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "parsers/html.h"

static foi_doc *parse(foi_arena *a, const char *html)
{
    foi_doc *d = foi_html_parse(a, html, strlen(html));
    assert_non_null(d);
    return d;
}

static void spans_are_expanded_and_marked(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse(a, "<table><thead>"
                          "<tr><th rowspan=2>Category</th><th rowspan=2>Offence</th>"
                          "<th colspan=2>Financial year</th></tr>"
                          "<tr><th>2021/22</th><th>2022/23</th></tr></thead><tbody>"
                          "<tr><th rowspan=2>Stalking and harassment</th><td>8R - Mal Comms</td>"
                          "<td>8</td><td>10</td></tr>"
                          "<tr><td>8L Harassment</td><td>4</td><td>5</td></tr>"
                          "<tr><th colspan=2>Grand total</th><td><b>12</b></td><td>15</td></tr>"
                          "</tbody></table>");
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_int_equal(g->nrows, 5);
    assert_int_equal(g->ncols, 4);
    assert_string_equal(foi_grid_at(g, 0, 2)->text, "Financial year");
    assert_string_equal(foi_grid_at(g, 0, 3)->text, "Financial year");
    assert_true(foi_grid_at(g, 0, 3)->copy);
    assert_false(foi_grid_at(g, 0, 2)->copy);
    assert_int_equal(foi_grid_at(g, 0, 2)->span_id, foi_grid_at(g, 0, 3)->span_id);
    assert_string_equal(foi_grid_at(g, 1, 0)->text, "Category");
    assert_true(foi_grid_at(g, 1, 0)->copy);
    assert_string_equal(foi_grid_at(g, 1, 3)->text, "2022/23");
    assert_string_equal(foi_grid_at(g, 3, 0)->text, "Stalking and harassment");
    assert_true(foi_grid_at(g, 3, 0)->copy);
    assert_string_equal(foi_grid_at(g, 3, 1)->text, "8L Harassment");
    assert_string_equal(foi_grid_at(g, 4, 1)->text, "Grand total");
    assert_string_equal(foi_grid_at(g, 4, 2)->text, "12");
    assert_true(foi_grid_at(g, 0, 0)->header);
    assert_false(foi_grid_at(g, 3, 2)->header);
    char *w = foi_grid_where(a, g, 3, 2);
    assert_string_equal(w, "table 1, row 4, col 3");
    foi_arena_free(a);
}

static void chrome_is_dropped_and_blocks_kept(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse(a, "<html><head><title>FOI 123 | Kent Police</title>"
                          "<script>var x = 42;</script></head><body>"
                          "<nav><ul><li>Home</li><li>Crime 2021 - 55</li></ul></nav>"
                          "<div class=\"cookie-banner\">We use 3 cookies</div>"
                          "<main><h1>TikTok offences</h1>"
                          "<h2>Request</h2><p>Please give figures for 2021, 2022.</p>"
                          "<h2>Response</h2><p>In 2022, 42 crimes were recorded.</p>"
                          "<ul><li>Stalking &ndash; 2</li><li>Harassment: 5</li></ul>"
                          "<p>Line one<br>2021 - 17<br/>2022 - 20</p>"
                          "</main><aside>Related requests: 4 results</aside>"
                          "<footer>Call 101</footer></body></html>");
    assert_string_equal(d->title, "FOI 123 | Kent Police");
    assert_int_equal(d->grids.n, 0);
    const char *want[][2] = {{"heading", "TikTok offences"},
                             {"heading", "Request"},
                             {"quote", "Please give figures for 2021, 2022."},
                             {"heading", "Response"},
                             {"para", "In 2022, 42 crimes were recorded."},
                             {"item", "Stalking - 2"},
                             {"item", "Harassment: 5"},
                             {"para", "Line one"},
                             {"para", "2021 - 17"},
                             {"para", "2022 - 20"}};
    static const char *const kinds[] = {"para", "heading", "item", "quote"};
    assert_int_equal(d->blocks.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < d->blocks.n; i++) {
        assert_string_equal(kinds[d->blocks.v[i].kind], want[i][0]);
        assert_string_equal(d->blocks.v[i].text, want[i][1]);
        assert_true(d->blocks.v[i].line > 0);
    }
    assert_null(strstr(d->text, "cookies"));
    assert_null(strstr(d->text, "Related"));
    assert_null(strstr(d->text, "var x"));
    foi_arena_free(a);
}

static void layout_tables_and_word_export(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse(a, "<table class=layout><tr><td><p class=MsoNormal>Table 2 &#8211; "
                          "outcomes<o:p></o:p></p>"
                          "<table class=MsoTableGrid><tr><td><p class=MsoNormal><b>Outcome"
                          "<o:p></o:p></b></p></td><td><p class=MsoNormal><b>2023<o:p></o:p>"
                          "</b></p></td></tr><tr><td><p class=MsoNormal><span>Charged&nbsp;/"
                          "summonsed</span><o:p></o:p></p></td><td><p class=MsoNormal>3<o:p>"
                          "</o:p></p></td></tr></table></td></tr></table>");
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_int_equal(g->nrows, 2);
    assert_int_equal(g->ncols, 2);
    assert_true(foi_grid_at(g, 0, 0)->header); /* bold first row */
    assert_false(foi_grid_at(g, 1, 0)->header);
    assert_string_equal(foi_grid_at(g, 1, 0)->text, "Charged /summonsed");
    assert_string_equal(foi_grid_at(g, 1, 1)->text, "3");
    assert_non_null(g->context);
    assert_non_null(strstr(g->context, "Table 2 - outcomes"));
    foi_arena_free(a);
}

static void truncated_and_hostile_html(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse(a, "<html><body><table><tr><td>Harassment</td><td>1");
    assert_int_equal(d->grids.n, 1);
    assert_string_equal(foi_grid_at(d->grids.v[0], 0, 1)->text, "1");
    /* absurd spans are clamped, not allocated */
    d = parse(a, "<table><tr><td colspan=99999999 rowspan=99999999>x</td></tr></table>");
    assert_int_equal(d->grids.n, 1);
    assert_true(d->grids.v[0]->ncols <= 1000);
    /* deep nesting is bounded */
    size_t depth = 100000;
    char *deep = foi_alloc(a, depth * 5 + 16);
    char *p = deep;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    strcpy(p, "x");
    d = foi_html_parse(a, deep, strlen(deep));
    (void)d; /* no crash, whatever libxml2 makes of it */
    foi_arena_free(a);
}

static void word_bullets_are_list_items(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d = parse(a, "<p class=MsoListParagraphCxSpFirst><span style='font-family:Symbol'>"
                          "&#183;<span>&nbsp;&nbsp; </span></span>2021 - 26<o:p></o:p></p>"
                          "<p>\xE2\x80\xA2 Stalking: 4</p><p>Plain paragraph</p>");
    assert_int_equal(d->blocks.n, 3);
    assert_int_equal(d->blocks.v[0].kind, FOI_BLOCK_ITEM);
    assert_string_equal(d->blocks.v[0].text, "2021 - 26");
    assert_int_equal(d->blocks.v[1].kind, FOI_BLOCK_ITEM);
    assert_string_equal(d->blocks.v[1].text, "Stalking: 4");
    assert_int_equal(d->blocks.v[2].kind, FOI_BLOCK_PARA);
    foi_arena_free(a);
}

static void preformatted_text_is_read_as_text(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    foi_doc *d =
        parse(a, "<html><body><pre>\nOur ref: FOI 12/24\nDate: 5 May 2024\n\n"
                 "Offence            2022   2023\n"
                 "Stalking              3      4\n"
                 "Harassment           10     12\n\nYours faithfully\n</pre></body></html>");
    assert_int_equal(d->grids.n, 1);
    const foi_grid *g = d->grids.v[0];
    assert_int_equal(g->ncols, 3);
    assert_string_equal(foi_grid_at(g, 2, 0)->text, "Harassment");
    assert_string_equal(foi_grid_at(g, 2, 2)->text, "12");
    assert_true(g->line_locators);
    bool ref = false;
    for (size_t i = 0; i < d->blocks.n; i++)
        if (!strcmp(d->blocks.v[i].text, "Our ref: FOI 12/24")) {
            ref = true;
            assert_int_equal(d->blocks.v[i].line, 2);
        }
    assert_true(ref);
    foi_arena_free(a);
}

/* E-mail bodies saved as HTML: the thread below a reply separator is quoted (no grid, QUOTE
 * blocks); a forward's covering note keeps the forwarded message below it as data. */
typedef struct tcase {
    const char *name;
    const char *html;
    int grids;             /* grids expected */
    const char *data[4];   /* text found in a grid cell or a non-QUOTE block */
    const char *quoted[4]; /* text found only in QUOTE blocks */
} tcase;

#define OUTLOOK_HDR(subj)                                                                          \
    "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"           \
    "<p class=MsoNormal><b><span lang=EN-US>From:</span></b><span lang=EN-US> Jane Doe "           \
    "&lt;jane.doe@example.com&gt;<br><b>Sent:</b> 03 September 2024 10:12<br><b>To:</b> FOI "      \
    "&lt;foi@kent.police.uk&gt;<br><b>Subject:</b> " subj "</span></p></div>"

#define REQUEST_TABLE                                                                              \
    "<p>Please provide the number of crimes for each year as below:</p>"                           \
    "<table><tr><th>Offence</th><th>2021</th><th>2022</th></tr>"                                   \
    "<tr><td>8L Harassment</td><td>31</td><td>29</td></tr></table>"

#define POLICE_TABLE                                                                               \
    "<table><tr><th>Offence</th><th>2023</th></tr><tr><td>Stalking</td><td>14</td></tr>"           \
    "<tr><td>Harassment</td><td>22</td></tr></table>"

static const tcase threads[] = {
    {"outlook desktop reply",
     "<html><body><div class=WordSection1><p class=MsoNormal>Dear Ms Doe,</p>"
     "<p class=MsoNormal>Kent Police recorded the following crimes in 2023:</p>" POLICE_TABLE
     "<p class=MsoNormal>Kind regards, FOI Unit</p>" OUTLOOK_HDR("Freedom of Information request")
         REQUEST_TABLE "<p>Last year you said 17 crimes.</p>"
                       "</div></body></html>",
     1,
     {"Stalking", "Kent Police recorded", NULL},
     {"8L Harassment | 31 | 29", "Last year you said 17 crimes.", "Please provide", NULL}},
    {"outlook web reply (divRplyFwdMsg)",
     "<div dir=ltr>In 2023 there were 42 crimes of harassment.</div><hr tabindex=-1>"
     "<div id=divRplyFwdMsg dir=ltr><font face=Calibri><b>From:</b> Jane Doe<br><b>Sent:</b> "
     "Tuesday, September 3, 2024 10:12 AM<br><b>To:</b> FOI<br><b>Subject:</b> FOI request"
     "</font><div>&nbsp;</div></div>"
     "<div>Please tell me how many crimes were recorded in 2022; I believe it was 17.</div>",
     0,
     {"In 2023 there were 42 crimes of harassment.", NULL},
     {"Please tell me how many crimes were recorded in 2022; I believe it was 17.", NULL}},
    {"gmail reply",
     "<div dir=ltr>Kent Police recorded 12 offences in 2023.</div><br>"
     "<div class=gmail_quote><div dir=ltr class=gmail_attr>On Tue, 3 Sep 2024 at 10:12, Jane Doe "
     "&lt;jane@example.com&gt; wrote:<br></div><blockquote class=gmail_quote "
     "style='margin:0px 0px 0px 0.8ex'>" REQUEST_TABLE "</blockquote></div>"
     "<div>Sent from my phone: 07700 900123</div>",
     0,
     {"Kent Police recorded 12 offences in 2023.", NULL},
     {"Sent from my phone: 07700 900123", NULL}},
    {"gmail forward of a reply that quotes the request",
     "<div dir=ltr>Please see below.<div><br></div>"
     "<div class=gmail_quote><div dir=ltr class=gmail_attr>---------- Forwarded message "
     "---------<br>From: <b>FOI Unit</b> &lt;foi@kent.police.uk&gt;<br>Date: Wed, 4 Sep 2024 at "
     "09:00<br>Subject: RE: FOI request<br>To: Jane Doe<br></div><br><br>"
     "<div><p>Kent Police recorded the following crimes in 2023:</p>" POLICE_TABLE
     "<div id=x_divRplyFwdMsg><b>From:</b> Jane Doe<br><b>Sent:</b> 03 September 2024 10:12<br>"
     "<b>Subject:</b> FOI request</div>" REQUEST_TABLE "</div></div></div>",
     1,
     {"Stalking", "Kent Police recorded the following crimes in 2023:", NULL},
     {"8L Harassment | 31 | 29", "Please provide", NULL}},
    {"outlook forward with original message below",
     "<html><head><title>FW: FOI 1234</title></head><body><p class=MsoNormal>FYI</p>"
     "<p class=MsoNormal>John</p>" OUTLOOK_HDR(
         "RE: FOI 1234") "<p>Dear Ms Doe,</p>"
                         "<p>Kent Police recorded the following crimes in 2023:</p>" POLICE_TABLE
                         "<p>-----Original Message-----</p><p>From: Jane Doe</p><p>Sent: 03 "
                         "September 2024</p>" REQUEST_TABLE "</body></html>",
     1,
     {"Harassment", "Kent Police recorded the following crimes in 2023:", NULL},
     {"8L Harassment | 31 | 29", "Please provide", "-----Original Message-----", NULL}},
    {"apple mail reply",
     "<div>There were 9 offences recorded in 2023.</div><div><br><blockquote type=cite>"
     "<div>On 3 Sep 2024, at 10:12, Jane Doe &lt;jane@example.com&gt; wrote:</div></blockquote>"
     "</div><blockquote type=cite>" REQUEST_TABLE "</blockquote>",
     0,
     {"There were 9 offences recorded in 2023.", NULL},
     {"Please provide", NULL}},
    {"apple mail forward",
     "<div>Begin forwarded message:</div><br><blockquote type=cite><div><b>From: </b>FOI "
     "Unit</div><div><b>Subject: </b>RE: FOI request</div><div><b>Date: </b>4 September 2024 at "
     "09:00</div><br><div><p>Kent Police recorded the following crimes in 2023:</p>" POLICE_TABLE
     "</div></blockquote>",
     1,
     {"Stalking", NULL},
     {NULL}},
    {"thunderbird reply",
     "<p>We recorded 5 crimes in 2023.</p><div class=moz-cite-prefix>On 03/09/2024 10:12, Jane "
     "Doe wrote:<br></div><blockquote type=cite cite=mid:abc@example.com>" REQUEST_TABLE
     "</blockquote><p>Signature 2024</p>",
     0,
     {"We recorded 5 crimes in 2023.", NULL},
     {"On 03/09/2024 10:12, Jane Doe wrote:", "Signature 2024", NULL}},
    {"short reply pointing at an attachment: the request below is no forward",
     "<p>Please find attached our response.</p>"
     "<div id=divRplyFwdMsg><b>From:</b> Jane Doe<br><b>Sent:</b> 03 September 2024 10:12<br>"
     "<b>Subject:</b> FOI request</div>" REQUEST_TABLE,
     0,
     {"Please find attached our response.", NULL},
     {"8L Harassment | 31 | 29", NULL}},
    {"a note with figures above the separator: the thread is quoted",
     "<p>The figure for 2023 is 14 crimes; see below for your request.</p>"
     "<div id=divRplyFwdMsg><b>From:</b> Jane Doe<br><b>Sent:</b> 03 September 2024 10:12<br>"
     "<b>Subject:</b> FOI request</div>" REQUEST_TABLE,
     0,
     {"The figure for 2023 is 14 crimes; see below for your request.", NULL},
     {"8L Harassment | 31 | 29", NULL}},
    {"original message separator inside a paragraph run",
     "<div>In 2023 there were 40 crimes.<br><br>-----Original Message-----<br>From: Jane<br>"
     "Sent: 3 September 2024<br>Please give figures; I think 2022 had 12 offences.</div>",
     0,
     {"In 2023 there were 40 crimes.", NULL},
     {"Please give figures; I think 2022 had 12 offences.", NULL}},
    {"outlook save as html: the message's own header on top, then the reply and the thread",
     "<html><head><title>RE: FOI 2024/0881</title></head><body><div class=WordSection1>"
     "<h1>RE: FOI 2024/0881 TikTok offences</h1><p class=MsoNormal><b>From:</b> FOI Unit<br>"
     "<b>Sent:</b> 10 October 2024 13:21<br><b>To:</b> Jane Doe<br><b>Subject:</b> RE: FOI "
     "2024/0881</p><p>Dear Ms Doe,</p><p>Kent Police recorded the following crimes in "
     "2023:</p>" POLICE_TABLE OUTLOOK_HDR("FOI 2024/0881") REQUEST_TABLE "</div></body></html>",
     1,
     {"Stalking", "Dear Ms Doe,", NULL},
     {"8L Harassment | 31 | 29", "Please provide", NULL}},
    {"a plain-text e-mail in a <pre>, its own header on top: read by the text parser, not quoted",
     "<html><body><pre>From: Information Access Team &lt;foi@gmp.police.uk&gt;\n"
     "Sent: 10 May 2024 08:32\nTo: j.smith@example.com\nSubject: 364464/24 - Tik-Tok crime\n\n"
     "Our ref: 364464/24\n\nDear Requester,\n\nIn 2023, 12 crimes were recorded.\n</pre>"
     "</body></html>",
     0,
     {"Our ref: 364464/24", "In 2023, 12 crimes were recorded.", NULL},
     {NULL}},
    {"a letter quoting the request with \"you wrote\" is no thread",
     "<p>On 3 May 2024 you wrote:</p><blockquote>How many crimes in 2023?</blockquote>"
     "<p>Kent Police recorded 40 crimes in 2023.</p>" POLICE_TABLE,
     1,
     {"Kent Police recorded 40 crimes in 2023.", "Stalking", NULL},
     {"How many crimes in 2023?", NULL}},
};

static bool in_grids(const foi_doc *d, const char *s)
{
    for (size_t g = 0; g < d->grids.n; g++)
        for (int r = 0; r < d->grids.v[g]->nrows; r++)
            for (int c = 0; c < d->grids.v[g]->ncols; c++)
                if (strstr(foi_grid_at(d->grids.v[g], r, c)->text, s)) return true;
    return false;
}

static bool in_blocks(const foi_doc *d, const char *s, bool quote)
{
    for (size_t i = 0; i < d->blocks.n; i++)
        if ((d->blocks.v[i].kind == FOI_BLOCK_QUOTE) == quote && strstr(d->blocks.v[i].text, s))
            return true;
    return false;
}

static void email_threads_are_quoted(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        const tcase *c = &threads[i];
        foi_arena *a = foi_arena_new();
        foi_doc *d = parse(a, c->html);
        bool ok = (int)d->grids.n == c->grids;
        for (int k = 0; c->data[k]; k++)
            if (!in_grids(d, c->data[k]) && !in_blocks(d, c->data[k], false)) {
                fprintf(stderr, "%s: data missing: %s\n", c->name, c->data[k]);
                ok = false;
            }
        for (int k = 0; c->quoted[k]; k++)
            if (!in_blocks(d, c->quoted[k], true) || in_blocks(d, c->quoted[k], false) ||
                in_grids(d, c->quoted[k])) {
                fprintf(stderr, "%s: not quoted: %s\n", c->name, c->quoted[k]);
                ok = false;
            }
        if (!ok) {
            fprintf(stderr, "case %s: %zu grids (want %d)\n", c->name, d->grids.n, c->grids);
            for (size_t k = 0; k < d->blocks.n; k++)
                fprintf(stderr, "  %d %s\n", d->blocks.v[k].kind, d->blocks.v[k].text);
        }
        failed += !ok;
        foi_arena_free(a);
    }
    assert_int_equal(failed, 0);
}

/* An HTML version of a PDF attachment: one <p> per cell becomes a grid placed between the
 * paragraphs around it; a real table after it keeps its order. */
static void pdf_cells_per_paragraph_become_a_grid(void **state)
{
    (void)state;
    static const struct {
        const char *html;
        int ngrids, rows, cols;
        const char *cell; /* grid 1, last row, last column */
    } cases[] = {
        {"<p>Reference N o: FOI 004163-18</p><p>The figures are below.</p>"
         "<p>Year</p><p>Total</p><p>2016</p><p>126</p><p>2017</p><p>297</p>"
         "<p>Total</p><p>423</p><p>Yours sincerely</p>"
         "<table><tr><th>Outcome</th><th>2017</th></tr><tr><td>Charged</td><td>4</td></tr></table>",
         2, 4, 2, "423"},
        {"<p>Offence</p><p>2021/22</p><p>2022/23</p><p>Stalking</p><p>3</p><p>4</p>"
         "<p>Harassment</p><p>7</p><p>Total</p><p>10</p><p>11</p>",
         1, 3, 3, "11"},
        /* prose and a letter date: nothing to stack */
        {"<p>In 2023 there were 14 crimes.</p><p>Date</p><p>12 May 2024</p><p>101</p>", 0, 0, 0,
         NULL},
    };
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        foi_arena *a = foi_arena_new();
        foi_doc *d = parse(a, cases[i].html);
        bool ok = (int)d->grids.n == cases[i].ngrids;
        if (ok && cases[i].ngrids) {
            const foi_grid *g = d->grids.v[0];
            ok = g->nrows == cases[i].rows && g->ncols == cases[i].cols && g->index == 1 &&
                 !strcmp(foi_grid_at(g, g->nrows - 1, g->ncols - 1)->text, cases[i].cell);
            for (size_t k = 0; k < d->blocks.n; k++) {
                const foi_block *b = &d->blocks.v[k];
                /* the cells left the blocks; what follows the grid counts it */
                if (!strcmp(b->text, "126") || !strcmp(b->text, "Stalking")) ok = false;
                if (!strcmp(b->text, "Yours sincerely") && b->after_grid != 1) ok = false;
                if (!strcmp(b->text, "The figures are below.") && b->after_grid != 0) ok = false;
            }
            if (cases[i].ngrids == 2 && d->grids.v[1]->index != 2) ok = false;
        }
        if (!ok) fprintf(stderr, "case %zu: %zu grids\n", i, d->grids.n);
        failed += !ok;
        foi_arena_free(a);
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spans_are_expanded_and_marked),
        cmocka_unit_test(chrome_is_dropped_and_blocks_kept),
        cmocka_unit_test(layout_tables_and_word_export),
        cmocka_unit_test(truncated_and_hostile_html),
        cmocka_unit_test(word_bullets_are_list_items),
        cmocka_unit_test(preformatted_text_is_read_as_text),
        cmocka_unit_test(email_threads_are_quoted),
        cmocka_unit_test(pdf_cells_per_paragraph_become_a_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
