#include "parsers/html.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/text.h"
#include "util/str.h"

/* Hard limits so hostile pages stay bounded. */
enum { MAX_DEPTH = 200, MAX_TABLE_CELLS = 2000000, MAX_SPAN = 1000 };

typedef struct walker {
    foi_doc *doc;
    foi_arena *a;
    foi_buf inline_text; /* inline text waiting for a block boundary */
    int inline_line;
    bool in_request; /* between a "Request" heading and the next heading */
    int span_seq;
    bool in_thread;    /* past a reply separator: the earlier messages, never data */
    size_t mark_block; /* blocks and grids since the last separator read as a forward */
    size_t mark_grid;
} walker;

static bool is_name(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (xmlAttr *at = n->properties; at; at = at->next)
        if (!strcasecmp((const char *)at->name, name) && at->children &&
            at->children->type == XML_TEXT_NODE)
            return (const char *)at->children->content;
    return NULL;
}

static bool chrome(const xmlNode *n)
{
    static const char *const tags[] = {"script", "style",  "noscript", "template", "nav",
                                       "footer", "aside",  "head",     "iframe",   "svg",
                                       "form",   "button", "select",   NULL};
    for (int i = 0; tags[i]; i++)
        if (is_name(n, tags[i])) return true;
    static const char *const words[] = {
        "cookie",    "breadcrumb", "menu",   "sidebar",     "related",  "navbar", "nav-",
        "skip-link", "share",      "banner", "site-footer", "feedback", NULL};
    const char *vals[] = {attr(n, "class"), attr(n, "id"), attr(n, "role")};
    for (int k = 0; k < 3; k++) {
        if (!vals[k]) continue;
        for (int i = 0; words[i]; i++)
            if (foi_strcasestr(vals[k], words[i])) return true;
        if (k == 2 && (!strcasecmp(vals[k], "navigation") || !strcasecmp(vals[k], "contentinfo")))
            return true;
    }
    return false;
}

static bool block_level(const xmlNode *n)
{
    static const char *const tags[] = {
        "p",       "div",      "section", "article",    "main",    "h1",     "h2",         "h3",
        "h4",      "h5",       "h6",      "ul",         "ol",      "li",     "blockquote", "pre",
        "table",   "dl",       "dt",      "dd",         "address", "header", "body",       "html",
        "center",  "fieldset", "figure",  "figcaption", "hr",      "tr",     "td",         "th",
        "caption", "thead",    "tbody",   "tfoot",      NULL};
    for (int i = 0; tags[i]; i++)
        if (is_name(n, tags[i])) return true;
    return false;
}

/* Text content of a subtree, spaces between block children and at <br>. */
static void gather(const xmlNode *n, foi_buf *b, int depth)
{
    for (const xmlNode *c = n; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) foi_buf_puts(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH) {
            if (is_name(c, "script") || is_name(c, "style")) continue;
            bool sep = is_name(c, "br") || block_level(c);
            if (sep) foi_buf_putc(b, ' ');
            gather(c->children, b, depth + 1);
            if (sep) foi_buf_putc(b, ' ');
        }
    }
}

/* gather, stopping once about cap bytes are gathered */
static void gather_cap(const xmlNode *n, foi_buf *b, int depth, size_t cap)
{
    for (const xmlNode *c = n; c && b->len < cap; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) foi_buf_puts(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH) {
            if (is_name(c, "script") || is_name(c, "style")) continue;
            bool sep = is_name(c, "br") || block_level(c);
            if (sep) foi_buf_putc(b, ' ');
            gather_cap(c->children, b, depth + 1, cap);
            if (sep) foi_buf_putc(b, ' ');
        }
    }
}

static char *text_of(foi_arena *a, const xmlNode *n)
{
    foi_buf b;
    foi_buf_init(&b, a);
    gather(n->children, &b, 0);
    return foi_clean(a, b.s);
}

static bool has_block_child(const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH) return false;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (block_level(c) || is_name(c, "br")) return true;
        if (has_block_child(c, depth + 1)) return true;
    }
    return false;
}

/* ---------------------------------------------------------------- e-mail threads
 *
 * An e-mail body saved as HTML carries the earlier messages below the reply, after a
 * separator: Outlook's header block (divRplyFwdMsg, a border-top div, "From: .. Sent: ..
 * Subject:"), Gmail's gmail_quote, Apple Mail's and Thunderbird's cited blockquote and
 * moz-cite-prefix, "-----Original Message-----".  Everything after it is quoted.  A forward
 * (a short note with no figures above, "please see below") keeps the message below as data
 * and the next separator starts the thread. */

static bool has_class(const xmlNode *n, const char *word)
{
    const char *c = attr(n, "class");
    return c && foi_strcasestr(c, word);
}

static bool forward_line(const char *t)
{
    return foi_strcasestr(t, "forwarded message") || foi_startswith_ci(t, "begin forwarded");
}

/* A line or block that opens an earlier message. */
static bool separator_text(const char *t)
{
    while (*t == ' ' || *t == '_')
        t++;
    size_t n = strlen(t);
    if (foi_startswith_ci(t, "-----original message") ||
        foi_startswith_ci(t, "----- original message") || foi_startswith_ci(t, "original message-"))
        return true;
    if ((!strncmp(t, "--", 2) || foi_startswith_ci(t, "begin forwarded")) && forward_line(t))
        return true;
    /* "On Tue, 3 Sep 2024 at 10:12, Jane <jane@x> wrote:"; not a letter's "On 3 May you
     * wrote:" before the restated request and its answer */
    if (foi_startswith_ci(t, "on ") && n < 300 && !foi_strcasestr(t, "you wrote")) {
        const char *wr = foi_strcasestr(t, " wrote:");
        bool mail = strchr(t, '@') || strchr(t, '<') || strchr(t, ':') < wr;
        if (wr && strlen(wr) <= 8 && mail) return true;
    }
    /* "From: ... Sent: ... To: ... Subject: ..." */
    if (foi_startswith_ci(t, "from:") || foi_startswith_ci(t, "from :")) {
        const char *sent = foi_strcasestr(t, "sent:");
        if (!sent) sent = foi_strcasestr(t, "date:");
        return sent && foi_strcasestr(t, "subject:");
    }
    return false;
}

/* A figure in a note above a separator: a number that is not a year, time, date, phone or
 * reference. */
static bool holds_figure(const char *t)
{
    static const char *const contact[] = {"tel", "phone", "mobile", "ext", "fax",
                                          "@",   "www.",  "ref",    "foi", NULL};
    for (int i = 0; contact[i]; i++)
        if (foi_strcasestr(t, contact[i])) return false;
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec", NULL};
    for (const char *p = t; *p;) {
        if (!isdigit((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *s = p;
        while (isdigit((unsigned char)*p) || (*p == ',' && isdigit((unsigned char)p[1])))
            p++;
        size_t n = (size_t)(p - s);
        unsigned char b = s > t ? (unsigned char)s[-1] : ' ';
        unsigned char c = (unsigned char)*p;
        if (isalpha(b) || strchr("/:-.", b) || isalpha(c) ||
            (c && strchr("/:-.", c) && isdigit((unsigned char)p[1])))
            continue; /* codes, dates, times, ordinals */
        if (*s == '0' || n > 4) continue;
        if (n == 4 && atoi(s) >= 1900 && atoi(s) <= 2099) continue;
        const char *q = p;
        while (*q == ' ')
            q++;
        bool date = false;
        for (int i = 0; months[i] && !date; i++)
            date = foi_startswith_ci(q, months[i]);
        if (!date) return true;
    }
    return false;
}

/* At a separator: false when what is above reads as a forward's covering note (the message
 * below is the data, the thread starts at a later separator), else the thread starts. */
static bool thread_starts(walker *w, bool forward_sep)
{
    if (w->doc->grids.n > w->mark_grid) {
        w->in_thread = true;
        return true;
    }
    size_t chars = 0;
    bool figure = false, reply = false, cue = forward_sep;
    for (size_t i = w->mark_block; i < w->doc->blocks.n; i++) {
        const foi_block *b = &w->doc->blocks.v[i];
        if (b->kind == FOI_BLOCK_QUOTE) continue;
        /* a title heading ("FOI 123 - TikTok") is not a note */
        if (b->kind != FOI_BLOCK_HEADING) chars += strlen(b->text);
        figure = figure || holds_figure(b->text);
        reply = reply || foi_strcasestr(b->text, "attach") || foi_strcasestr(b->text, "enclose");
        cue = cue || foi_strcasestr(b->text, "below") || foi_strcasestr(b->text, "forward") ||
              foi_has_word(b->text, "fyi");
    }
    const char *ti = w->doc->title;
    while (ti && *ti == ' ')
        ti++;
    if (ti && (foi_startswith_ci(ti, "fw:") || foi_startswith_ci(ti, "fwd:"))) cue = true;
    if (!figure && !reply && chars <= 500 && (cue || chars == 0)) {
        w->mark_block = w->doc->blocks.n;
        w->mark_grid = w->doc->grids.n;
        return false;
    }
    w->in_thread = true;
    return true;
}

static void emit(walker *w, foi_block_kind kind, const char *text, int line)
{
    char *t = foi_clean(w->a, text);
    if (!t || !*t) return;
    if (!w->in_thread && separator_text(t)) thread_starts(w, forward_line(t));
    if (w->in_thread) kind = FOI_BLOCK_QUOTE;
    /* Word writes list items as paragraphs that start with a bullet glyph */
    size_t bl = foi_bullet_len(t);
    if (bl && kind == FOI_BLOCK_PARA) {
        t += bl;
        kind = FOI_BLOCK_ITEM;
    }
    if (kind == FOI_BLOCK_HEADING) {
        w->in_request = foi_request_heading(t);
    } else if (w->in_request && kind != FOI_BLOCK_QUOTE) {
        kind = FOI_BLOCK_QUOTE;
    }
    foi_doc_add_block(w->doc, kind, t, line);
}

static void flush_inline(walker *w)
{
    if (w->inline_text.len) emit(w, FOI_BLOCK_PARA, w->inline_text.s, w->inline_line);
    w->inline_text.len = 0;
    w->inline_text.s[0] = 0;
    w->inline_line = 0;
}

static void walk(walker *w, xmlNode *n, int depth);
static bool contains_table(const xmlNode *n, int depth);

/* A separator element (a mail client's quote container or header block, or a block whose text
 * is a message header).  Returns true when it read c. */
static bool thread_element(walker *w, xmlNode *c, int depth)
{
    /* a <pre> is a whole plain-text e-mail: the text parser finds its own quoted parts */
    if (is_name(c, "pre")) return false;
    const char *type = attr(c, "type");
    bool container = has_class(c, "gmail_quote") || has_class(c, "yahoo_quoted") ||
                     has_class(c, "moz-forward-container") ||
                     (is_name(c, "blockquote") && type && !strcasecmp(type, "cite"));
    const char *id = attr(c, "id");
    bool header = (id && foi_strcasestr(id, "divRplyFwdMsg")) || has_class(c, "moz-cite-prefix") ||
                  has_class(c, "gmail_attr");
    if (!container && !header &&
        (!block_level(c) || is_name(c, "table") || is_name(c, "body") || is_name(c, "html")))
        return false;
    enum { CAP = 2000 };
    foi_buf b;
    foi_buf_init(&b, w->a);
    if (!container && !header) {
        /* cheap look at how the block starts before gathering a header's worth */
        gather_cap(c->children, &b, 0, 64);
        const char *p = foi_clean(w->a, b.s);
        while (*p == ' ' || *p == '_')
            p++;
        if (!(*p == '-' || foi_startswith_ci(p, "on ") || foi_startswith_ci(p, "from") ||
              foi_startswith_ci(p, "original") || foi_startswith_ci(p, "begin")))
            return false;
        b.len = 0;
        b.s[0] = 0;
    }
    gather_cap(c->children, &b, 0, CAP);
    char *t = foi_clean(w->a, b.s);
    if (!container && !header) {
        if (!separator_text(t)) return false;
        header = true;
    }
    flush_inline(w);
    bool fwd = forward_line(t) || has_class(c, "moz-forward-container");
    bool started = thread_starts(w, fwd);
    /* a header block alone is one line (quoted once the thread starts; the message's own or a
     * forward's header, with its date and subject, otherwise); one that also wraps the message
     * walks on */
    if (header && b.len < CAP && !contains_table(c, 0)) {
        foi_doc_add_block(w->doc, started ? FOI_BLOCK_QUOTE : FOI_BLOCK_PARA, t,
                          (int)xmlGetLineNo(c));
        return true;
    }
    walk(w, c->children, depth + 1);
    flush_inline(w);
    return true;
}

/* Bold-only cells (<b>/<strong> around all text) read as headers in Word-made tables. */
static bool all_bold(const xmlNode *cell, foi_arena *a)
{
    char *all = text_of(a, cell);
    if (!*all) return false;
    foi_buf b;
    foi_buf_init(&b, a);
    for (const xmlNode *c = cell->children; c; c = c->next) {
        const xmlNode *x = c;
        /* descend through wrapper paragraphs and spans */
        while (x && x->type == XML_ELEMENT_NODE &&
               (is_name(x, "p") || is_name(x, "span") || is_name(x, "div") || is_name(x, "font")) &&
               x->children && !x->children->next)
            x = x->children;
        if (x && (is_name(x, "b") || is_name(x, "strong")))
            gather(x->children, &b, 0);
        else if (x && x->type == XML_ELEMENT_NODE && (is_name(x, "p") || is_name(x, "span"))) {
            for (const xmlNode *y = x->children; y; y = y->next)
                if (is_name(y, "b") || is_name(y, "strong")) gather(y->children, &b, 0);
        }
    }
    char *bold = foi_clean(a, b.s);
    return strcmp(bold, all) == 0;
}

static bool contains_table(const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH) return false;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_name(c, "table")) return true;
        if (c->type == XML_ELEMENT_NODE && contains_table(c, depth + 1)) return true;
    }
    return false;
}

typedef struct row_ref {
    xmlNode *tr;
    bool head; /* in thead */
} row_ref;

typedef FOI_VEC(row_ref) row_vec;

static void collect_rows(foi_arena *a, xmlNode *n, bool head, row_vec *rows, int depth)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || depth > 4) continue;
        if (is_name(c, "tr")) {
            row_ref r = {c, head};
            FOI_VEC_PUSH(a, *rows, r);
        } else if (is_name(c, "thead")) {
            collect_rows(a, c, true, rows, depth + 1);
        } else if (is_name(c, "tbody") || is_name(c, "tfoot")) {
            collect_rows(a, c, false, rows, depth + 1);
        }
    }
}

static int span_attr(const xmlNode *n, const char *name)
{
    const char *v = attr(n, name);
    int k = v ? atoi(v) : 1;
    if (k < 1) k = 1;
    if (k > MAX_SPAN) k = MAX_SPAN;
    return k;
}

static void table(walker *w, xmlNode *t)
{
    row_vec rows = {0};
    collect_rows(w->a, t, false, &rows, 0);
    if (!rows.n) return;
    if (w->in_thread || has_class(t, "moz-email-headers-table")) {
        /* a table in the quoted thread (or a forward's header table): its rows as quoted
         * lines, never a grid */
        flush_inline(w);
        for (size_t r = 0; r < rows.n; r++) {
            foi_buf b;
            foi_buf_init(&b, w->a);
            for (xmlNode *cell = rows.v[r].tr->children; cell; cell = cell->next) {
                if (!(is_name(cell, "td") || is_name(cell, "th"))) continue;
                if (b.len) foi_buf_puts(&b, " | ");
                foi_buf_puts(&b, text_of(w->a, cell));
            }
            if (b.len)
                foi_doc_add_block(w->doc, FOI_BLOCK_QUOTE, b.s, (int)xmlGetLineNo(rows.v[r].tr));
        }
        return;
    }
    /* width: the widest row after spans */
    int nrows = (int)rows.n, ncols = 0;
    for (int r = 0; r < nrows; r++) {
        int c = 0;
        for (xmlNode *cell = rows.v[r].tr->children; cell; cell = cell->next)
            if (is_name(cell, "td") || is_name(cell, "th")) c += span_attr(cell, "colspan");
        if (c > ncols) ncols = c;
    }
    if (ncols == 0) return;
    /* rowspans can push cells right of the widest plain row */
    ncols += 8;
    if ((size_t)nrows * (size_t)ncols > MAX_TABLE_CELLS) {
        foi_doc_add_block(w->doc, FOI_BLOCK_PARA, "(table too large to read)", xmlGetLineNo(t));
        return;
    }
    flush_inline(w);
    char *ctx = foi_doc_context(w->doc, 0);
    foi_grid *g = foi_doc_add_grid(w->doc, nrows, ncols);
    g->context = ctx;
    g->first_line = (int)xmlGetLineNo(t);
    for (xmlNode *c = t->children; c; c = c->next)
        if (is_name(c, "caption")) g->caption = text_of(w->a, c);
    bool *filled = foi_alloc(w->a, (size_t)nrows * (size_t)ncols);
    int used_cols = 0;
    for (int r = 0; r < nrows; r++) {
        int c = 0;
        for (xmlNode *cell = rows.v[r].tr->children; cell; cell = cell->next) {
            if (!(is_name(cell, "td") || is_name(cell, "th"))) continue;
            while (c < ncols && filled[(size_t)r * ncols + c])
                c++;
            if (c >= ncols) break;
            int cs = span_attr(cell, "colspan"), rs = span_attr(cell, "rowspan");
            if (c + cs > ncols) cs = ncols - c;
            if (r + rs > nrows) rs = nrows - r;
            char *txt = text_of(w->a, cell);
            bool head = is_name(cell, "th") || rows.v[r].head || (r == 0 && all_bold(cell, w->a));
            int id = ++w->span_seq;
            for (int dr = 0; dr < rs; dr++)
                for (int dc = 0; dc < cs; dc++) {
                    foi_cell *fc = foi_grid_at(g, r + dr, c + dc);
                    fc->text = txt;
                    fc->header = head;
                    fc->copy = dr || dc;
                    fc->span_id = id;
                    filled[(size_t)(r + dr) * ncols + c + dc] = true;
                }
            c += cs;
            if (c > used_cols) used_cols = c;
        }
    }
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < ncols; c++)
            if (filled[(size_t)r * ncols + c] && c + 1 > used_cols) used_cols = c + 1;
    g->ncols = used_cols;
    /* re-pack rows into the narrower width */
    if (used_cols < ncols) {
        foi_cell *cells =
            foi_alloc(w->a, (size_t)nrows * (size_t)(used_cols ? used_cols : 1) * sizeof *cells);
        for (int r = 0; r < nrows; r++)
            memcpy(&cells[(size_t)r * used_cols], &g->cells[(size_t)r * ncols],
                   (size_t)used_cols * sizeof *cells);
        g->cells = cells;
    }
}

static void walk(walker *w, xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH) return;
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && !foi_blank((const char *)c->content)) {
                if (!w->inline_line) w->inline_line = (int)xmlGetLineNo(c);
                foi_buf_puts(&w->inline_text, (const char *)c->content);
            } else if (c->content && w->inline_text.len) {
                foi_buf_putc(&w->inline_text, ' ');
            }
            continue;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_name(c, "title")) continue;
        if (chrome(c)) continue;
        if (is_name(c, "br")) {
            flush_inline(w);
            continue;
        }
        if (!w->in_thread && thread_element(w, c, depth)) continue;
        if (is_name(c, "pre") && w->in_thread) {
            flush_inline(w);
            xmlChar *raw = xmlNodeGetContent(c);
            if (raw) {
                size_t nl;
                char **lines = foi_split_lines(w->a, (const char *)raw, &nl);
                int line = (int)xmlGetLineNo(c);
                for (size_t i = 0; i < nl; i++)
                    if (!foi_blank(lines[i]))
                        foi_doc_add_block(w->doc, FOI_BLOCK_QUOTE, lines[i], line + (int)i);
                xmlFree(raw);
            }
            continue;
        }
        if (is_name(c, "pre")) {
            /* preformatted text (an e-mail pasted into a page) keeps its lines and columns:
             * read it as a plain-text reply */
            flush_inline(w);
            xmlChar *raw = xmlNodeGetContent(c);
            if (raw) {
                foi_doc *sub = foi_text_parse(w->a, (const char *)raw, strlen((const char *)raw));
                int line = (int)xmlGetLineNo(c);
                xmlFree(raw);
                if (sub) foi_doc_merge(w->doc, sub, line > 0 ? line - 1 : 0);
            }
            continue;
        }
        if (is_name(c, "table")) {
            flush_inline(w);
            if (contains_table(c, 0)) {
                /* layout table: read its cells as ordinary content */
                walk(w, c->children, depth + 1);
            } else {
                table(w, c);
            }
            continue;
        }
        if (!block_level(c)) {
            walk(w, c->children, depth + 1);
            continue;
        }
        flush_inline(w);
        foi_block_kind kind = FOI_BLOCK_PARA;
        if (c->name[0] == 'h' && c->name[1] >= '1' && c->name[1] <= '6' && !c->name[2])
            kind = FOI_BLOCK_HEADING;
        else if (is_name(c, "li") || is_name(c, "dd") || is_name(c, "dt"))
            kind = FOI_BLOCK_ITEM;
        else if (is_name(c, "blockquote"))
            kind = FOI_BLOCK_QUOTE;
        if (kind == FOI_BLOCK_QUOTE) {
            foi_doc_add_block(w->doc, FOI_BLOCK_QUOTE, text_of(w->a, c), (int)xmlGetLineNo(c));
            continue;
        }
        if (!has_block_child(c, 0) || kind == FOI_BLOCK_HEADING) {
            char *t = text_of(w->a, c);
            /* a paragraph that is only bold text reads as a heading ("Question 2") */
            if (kind == FOI_BLOCK_PARA && strlen(t) < 120 && all_bold(c, w->a) && !strchr(t, ':'))
                kind = FOI_BLOCK_HEADING;
            emit(w, kind, t, (int)xmlGetLineNo(c));
            continue;
        }
        if (kind == FOI_BLOCK_ITEM) {
            /* list item holding <br> or nested lists: walk as separate lines */
        }
        walk(w, c->children, depth + 1);
        flush_inline(w);
    }
}

static xmlNode *find(xmlNode *n, const char *name, int depth)
{
    for (; n && depth < MAX_DEPTH; n = n->next) {
        if (is_name(n, name)) return n;
        if (n->type == XML_ELEMENT_NODE) {
            xmlNode *f = find(n->children, name, depth + 1);
            if (f) return f;
        }
    }
    return NULL;
}

static foi_doc *build(foi_arena *a, htmlDocPtr x)
{
    foi_doc *d = foi_doc_new(a);
    walker w = {.doc = d, .a = a};
    foi_buf_init(&w.inline_text, a);
    xmlNode *root = xmlDocGetRootElement(x);
    xmlNode *title = root ? find(root, "title", 0) : NULL;
    if (title) d->title = text_of(a, title);
    if (root) walk(&w, root, 0);
    flush_inline(&w);
    foi_text_unstack(d);
    return d;
}

/* Arena allocation failure jumps to the arena's trap: catch it while libxml2's tree is alive,
 * free the tree, then pass the jump on to the caller's trap (or abort, as the arena would,
 * when there is none). */
static foi_doc *__attribute__((noinline)) walk_trapped(foi_arena *a, htmlDocPtr x)
{
    jmp_buf saved;
    memcpy(&saved, foi_arena_trap_slot(a), sizeof saved);
    static const jmp_buf unset; /* an arena never trapped has a zeroed slot */
    bool had_trap = memcmp(&saved, &unset, sizeof saved) != 0;
    foi_doc *volatile d = NULL;
    bool oom = false;
    if (FOI_ARENA_TRY(a))
        d = build(a, x);
    else
        oom = true;
    memcpy(foi_arena_trap_slot(a), &saved, sizeof saved);
    if (!had_trap) foi_arena_untrap(a);
    if (oom) {
        xmlFreeDoc(x);
        if (!had_trap) abort();
        longjmp(*foi_arena_trap_slot(a), 1);
    }
    return d;
}

foi_doc *foi_html_parse(foi_arena *a, const char *utf8, size_t len)
{
    htmlParserCtxtPtr ctx = htmlNewParserCtxt();
    if (!ctx) return NULL;
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
               HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
    if (len > (size_t)0x7fffffff) len = 0x7fffffff;
    htmlDocPtr x = htmlCtxtReadMemory(ctx, utf8, (int)len, NULL, "UTF-8", opts);
    htmlFreeParserCtxt(ctx);
    if (!x) return NULL;
    foi_doc *d = walk_trapped(a, x);
    xmlFreeDoc(x);
    foi_doc_finish(d);
    return d;
}
