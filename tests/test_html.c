/* parsers/html: tables with spans, chrome dropped, text blocks in reading order. */
#include <setjmp.h>
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
    for (size_t i = 0; i < depth; i++) p += sprintf(p, "<div>");
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
    foi_doc *d = parse(a, "<html><body><pre>\nOur ref: FOI 12/24\nDate: 5 May 2024\n\n"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spans_are_expanded_and_marked),
        cmocka_unit_test(chrome_is_dropped_and_blocks_kept),
        cmocka_unit_test(layout_tables_and_word_export),
        cmocka_unit_test(truncated_and_hostile_html),
        cmocka_unit_test(word_bullets_are_list_items),
        cmocka_unit_test(preformatted_text_is_read_as_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
