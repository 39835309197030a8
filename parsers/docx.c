#include "parsers/docx.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/map.h"
#include "util/str.h"
#include "util/zip.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define FO_NS "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define DRAW_NS "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define DC_NS "http://purl.org/dc/elements/1.1/"

/* ---- XML helpers ---------------------------------------------------------------------------- */

static bool ns_is(const xmlNode *n, const char *href)
{
    if (!n->ns || !n->ns->href) return false;
    const char *h = (const char *)n->ns->href;
    if (!href) return !strcmp(h, W_NS) || !strcmp(h, W_NS_STRICT);
    return !strcmp(h, href);
}

/* Element `name` in namespace href (NULL: WordprocessingML, transitional or strict). */
static bool el(const xmlNode *n, const char *href, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name) &&
           ns_is(n, href);
}

static const char *attr(const xmlNode *n, const char *href, const char *name)
{
    for (const xmlAttr *at = n->properties; at; at = at->next) {
        if (strcmp((const char *)at->name, name)) continue;
        const char *h = at->ns && at->ns->href ? (const char *)at->ns->href : NULL;
        bool ok = href ? h && !strcmp(h, href) : h && (!strcmp(h, W_NS) || !strcmp(h, W_NS_STRICT));
        if (ok && at->children && at->children->type == XML_TEXT_NODE)
            return (const char *)at->children->content;
    }
    return NULL;
}

static xmlNode *child(const xmlNode *n, const char *href, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (el(c, href, name)) return c;
    return NULL;
}

/* w:val of a child element, NULL when the element is absent. */
static const char *wval(const xmlNode *n, const char *name)
{
    xmlNode *c = child(n, NULL, name);
    if (!c) return NULL;
    const char *v = attr(c, NULL, "val");
    return v ? v : "";
}

/* OOXML on/off: present without a value means on. */
static int onoff(const char *v)
{
    if (!v) return -1;
    return !(!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "none"));
}

static int bounded_int(const char *v, int lo, int hi, int dflt)
{
    if (!v || !*v) return dflt;
    char *end;
    long k = strtol(v, &end, 10);
    if (end == v) return dflt;
    if (k < lo) return lo;
    if (k > hi) return hi;
    return (int)k;
}

/* A w:sym character: surrogates and values beyond Unicode are dropped. */
static void put_utf8(foi_buf *b, unsigned cp)
{
    char s[4];
    if ((cp >= 0xD800 && cp < 0xE000) || cp >= 0x110000) return;
    foi_buf_add(b, s, foi_utf8_put(s, cp));
}

static void free_xml(void *p)
{
    xmlFreeDoc(p);
}

/* ---- styles --------------------------------------------------------------------------------- */

typedef struct style {
    const char *name;                        /* display name */
    const char *parent;                      /* map key of the parent style, or NULL */
    signed char bold, center, outline, list; /* -1: not set by this style */
    bool done, busy;
    signed char r_bold, r_center, r_outline, r_list; /* resolved through the parents */
    const char *r_name;                              /* name, or the nearest parent's */
} style;

typedef struct ctx {
    foi_arena *a;
    foi_doc *doc;
    bool odt;
    foi_map styles;      /* key -> style (DOCX: styleId; ODT: "family/name") */
    style *default_para; /* DOCX's default paragraph style */
    int span_seq;
    bool in_request;
    bool header_mode; /* reading letterhead: tables as text, repeats dropped */
    FOI_VEC(const char *) header_seen;
    FOI_VEC(xmlNode *) later; /* text boxes and ODT notes found inside paragraphs */
    FOI_VEC(xmlNode *) notes; /* ODT note bodies, read at the end */
    char *caption;            /* a caption paragraph waiting for its table */
    size_t quote_block;       /* blocks.n right after the last quote-styled paragraph */
    const char *truncated;    /* why something was left out, for a meta pair */
} ctx;

static void note_trunc(ctx *c, const char *why)
{
    if (!c->truncated) c->truncated = why;
}

static style *style_get(ctx *c, const char *key)
{
    return key ? foi_map_get(&c->styles, key) : NULL;
}

static void resolve(ctx *c, style *s, int depth)
{
    if (!s || s->done) return;
    s->r_bold = s->r_center = s->r_outline = s->r_list = -1;
    s->r_name = NULL;
    if (!s->busy && depth < 32) {
        s->busy = true; /* a basedOn cycle stops here */
        style *p = style_get(c, s->parent);
        if (p) {
            resolve(c, p, depth + 1);
            s->r_bold = p->r_bold;
            s->r_center = p->r_center;
            s->r_outline = p->r_outline;
            s->r_list = p->r_list;
            s->r_name = p->r_name;
        }
        s->busy = false;
    }
    if (s->bold >= 0) s->r_bold = s->bold;
    if (s->center >= 0) s->r_center = s->center;
    if (s->outline >= 0) s->r_outline = s->outline;
    if (s->list >= 0) s->r_list = s->list;
    if (s->name && *s->name) s->r_name = s->name;
    s->done = true;
}

static style *style_resolved(ctx *c, const char *key)
{
    style *s = style_get(c, key);
    resolve(c, s, 0);
    return s;
}

static style *style_new(ctx *c, const char *key)
{
    style *s = foi_alloc(c->a, sizeof *s);
    s->bold = s->center = s->outline = s->list = -1;
    foi_map_put(c->a, &c->styles, key, s);
    return s;
}

static void docx_styles(ctx *c, xmlNode *root)
{
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (!el(n, NULL, "style")) continue;
        const char *id = attr(n, NULL, "styleId");
        if (!id) continue;
        style *s = style_new(c, foi_strdup(c->a, id));
        s->name = foi_strdup(c->a, wval(n, "name"));
        s->parent = foi_strdup(c->a, wval(n, "basedOn"));
        xmlNode *rpr = child(n, NULL, "rPr"), *ppr = child(n, NULL, "pPr");
        s->bold = (signed char)onoff(wval(rpr, "b"));
        const char *jc = wval(ppr, "jc");
        if (jc) s->center = !strcmp(jc, "center");
        const char *ol = wval(ppr, "outlineLvl");
        if (ol) s->outline = (signed char)bounded_int(ol, 0, 9, 9);
        if (child(ppr, NULL, "numPr")) {
            const char *num = wval(child(ppr, NULL, "numPr"), "numId");
            s->list = num && strcmp(num, "0");
        }
        const char *type = attr(n, NULL, "type");
        if (onoff(attr(n, NULL, "default")) == 1 && type && !strcmp(type, "paragraph"))
            c->default_para = s;
    }
}

/* ODT style names encode spaces and punctuation as _20_ etc.; display-name has the plain form. */
static const char *odt_key(ctx *c, const char *family, const char *name)
{
    return foi_sprintf(c->a, "%s/%s", family ? family : "", name ? name : "");
}

static void odt_styles(ctx *c, xmlNode *container, bool automatic)
{
    for (xmlNode *n = container ? container->children : NULL; n; n = n->next) {
        if (!el(n, STYLE_NS, "style")) continue;
        const char *name = attr(n, STYLE_NS, "name");
        const char *family = attr(n, STYLE_NS, "family");
        if (!name || !family) continue;
        style *s = style_new(c, odt_key(c, family, name));
        const char *disp = attr(n, STYLE_NS, "display-name");
        /* automatic styles ("P3") are unnamed variants of their parent */
        s->name = foi_strdup(c->a, disp ? disp : automatic ? NULL : name);
        const char *par = attr(n, STYLE_NS, "parent-style-name");
        if (par) s->parent = odt_key(c, family, par);
        xmlNode *tp = child(n, STYLE_NS, "text-properties");
        const char *fw = tp ? attr(tp, FO_NS, "font-weight") : NULL;
        if (fw) s->bold = !strcmp(fw, "bold") || atoi(fw) >= 600;
        xmlNode *pp = child(n, STYLE_NS, "paragraph-properties");
        const char *ta = pp ? attr(pp, FO_NS, "text-align") : NULL;
        if (ta) s->center = !strcmp(ta, "center");
        const char *ol = attr(n, STYLE_NS, "default-outline-level");
        if (ol && *ol) s->outline = (signed char)(bounded_int(ol, 1, 10, 10) - 1);
    }
}

/* ---- paragraphs ----------------------------------------------------------------------------- */

/* Text of one paragraph (or one table cell): segments split at line breaks, and how much of
 * the visible text is bold. */
typedef struct para {
    foi_arena *a;
    foi_buf cur;
    FOI_VEC(char *) segs;
    bool cell;               /* a table cell: breaks and paragraph ends are spaces */
    size_t total, bold, len; /* visible (non-space) bytes, of them bold; all bytes */
    bool heading_style;      /* a cell paragraph styled as a heading ("Table Heading") */
} para;

static void para_init(para *p, foi_arena *a, bool cell)
{
    memset(p, 0, sizeof *p);
    p->a = a;
    p->cell = cell;
    foi_buf_init(&p->cur, a);
}

static void put_text(para *p, const char *s, size_t n, bool bold)
{
    if (p->len + n > FOI_DOCX_MAX_PARA)
        n = p->len < FOI_DOCX_MAX_PARA ? FOI_DOCX_MAX_PARA - p->len : 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch > ' ') {
            p->total++;
            if (bold) p->bold++;
        }
    }
    foi_buf_add(&p->cur, s, n);
    p->len += n;
}

static void put_break(para *p)
{
    if (p->cell) {
        put_text(p, " ", 1, false);
        return;
    }
    FOI_VEC_PUSH(p->a, p->segs, p->cur.s);
    foi_buf_init(&p->cur, p->a);
}

static char *para_joined(para *p)
{
    foi_buf b;
    foi_buf_init(&b, p->a);
    for (size_t i = 0; i < p->segs.n; i++) {
        foi_buf_puts(&b, p->segs.v[i]);
        foi_buf_putc(&b, ' ');
    }
    foi_buf_puts(&b, p->cur.s);
    return foi_clean(p->a, b.s);
}

static bool all_bold(const para *p)
{
    return p->total > 0 && p->bold == p->total;
}

static bool seen_in_header(ctx *c, const char *t)
{
    for (size_t i = 0; i < c->header_seen.n; i++)
        if (!strcmp(c->header_seen.v[i], t)) return true;
    return false;
}

/* One block, with html.c's conventions: bullets make items, the text under a "Request"
 * heading is the quoted request. */
static void emit(ctx *c, foi_block_kind kind, const char *text)
{
    char *t = foi_clean(c->a, text);
    if (!t || !*t) return;
    if (c->doc->blocks.n >= FOI_DOCX_MAX_BLOCKS) {
        note_trunc(c, "paragraphs beyond the limit were not read");
        return;
    }
    if (c->header_mode) {
        if (seen_in_header(c, t) || c->header_seen.n >= 200) return;
        FOI_VEC_PUSH(c->a, c->header_seen, t);
    }
    size_t bl = foi_bullet_len(t);
    if (bl && kind == FOI_BLOCK_PARA) {
        t += bl;
        kind = FOI_BLOCK_ITEM;
    }
    if (kind == FOI_BLOCK_HEADING)
        c->in_request = foi_request_heading(t);
    else if (c->in_request && kind != FOI_BLOCK_QUOTE)
        kind = FOI_BLOCK_QUOTE;
    foi_doc_add_block(c->doc, kind, t, 0);
}

typedef struct pinfo {
    bool heading, quote, item, center, caption_style;
} pinfo;

static bool name_has(const char *name, const char *word)
{
    return name && foi_strcasestr(name, word);
}

static pinfo classify(const style *s, int direct_outline, bool numbered)
{
    pinfo pi = {0};
    const char *name = s ? s->r_name : NULL;
    int outline = direct_outline >= 0 ? direct_outline : s ? s->r_outline : -1;
    if (outline >= 0 && outline < 9) pi.heading = true;
    if (name && (foi_startswith_ci(name, "heading") || foi_streq_ci(name, "title") ||
                 foi_streq_ci(name, "subtitle")))
        pi.heading = true;
    if (name_has(name, "quote") || name_has(name, "quotation")) pi.quote = true;
    if (numbered || (s && s->r_list == 1) || (name && foi_startswith_ci(name, "list")))
        pi.item = true;
    pi.center = s && s->r_center == 1;
    pi.caption_style = name && foi_streq_ci(name, "caption");
    return pi;
}

/* A short centred line (or a Caption-styled one) right before a table is the table's title,
 * as LibreOffice writes an HTML <caption> and as people title tables in Word. */
static bool caption_like(const pinfo *pi, const char *t, bool before_table)
{
    if (!before_table || pi->heading || pi->quote || pi->item || !*t) return false;
    if (pi->caption_style) return strlen(t) < 300;
    size_t n = strlen(t);
    return pi->center && n < 150 && t[n - 1] != '.' && t[n - 1] != ':';
}

static void emit_para(ctx *c, para *p, pinfo pi, bool before_table)
{
    if (pi.heading) {
        emit(c, FOI_BLOCK_HEADING, para_joined(p));
        return;
    }
    if (pi.quote) {
        char *t = para_joined(p);
        if (!*t || c->doc->blocks.n >= FOI_DOCX_MAX_BLOCKS) return;
        /* consecutive quote paragraphs are one quotation, as an HTML <blockquote> */
        foi_block *last = c->doc->blocks.n ? &c->doc->blocks.v[c->doc->blocks.n - 1] : NULL;
        if (last && c->quote_block == c->doc->blocks.n &&
            last->after_grid == (int)c->doc->grids.n) {
            last->text = foi_sprintf(c->a, "%s %s", last->text, t);
            return;
        }
        foi_doc_add_block(c->doc, FOI_BLOCK_QUOTE, t, 0);
        c->quote_block = c->doc->blocks.n;
        return;
    }
    char *whole = para_joined(p);
    if (caption_like(&pi, whole, before_table) && !c->header_mode) {
        c->caption = whole;
        return;
    }
    foi_block_kind kind = pi.item ? FOI_BLOCK_ITEM : FOI_BLOCK_PARA;
    /* a paragraph that is only bold text reads as a heading ("Question 2"), as in html.c */
    if (kind == FOI_BLOCK_PARA && !p->segs.n && strlen(whole) < 120 && all_bold(p) &&
        !strchr(whole, ':')) {
        emit(c, FOI_BLOCK_HEADING, whole);
        return;
    }
    for (size_t i = 0; i < p->segs.n; i++)
        emit(c, kind, p->segs.v[i]);
    emit(c, kind, p->cur.s);
}

/* A caption that found no table is an ordinary paragraph after all. */
static void flush_caption(ctx *c)
{
    if (c->caption) emit(c, FOI_BLOCK_PARA, c->caption);
    c->caption = NULL;
}

/* ---- tables (format independent) ----------------------------------------------------------- */

typedef struct tcell {
    char *text;
    int col, cs, rs;
    bool head;
    bool vcont; /* DOCX vMerge continue: the cell above spans into this one */
} tcell;

typedef struct trow {
    FOI_VEC(tcell) cells;
    bool head;
    int width; /* positions the row covers without counting spans (ODT covered cells) */
} trow;

typedef FOI_VEC(trow) trows;

/* grid_cols: the width the document declares (w:tblGrid), 0 when unknown.  A span reaching
 * past every cell start and past the declared grid is clamped: a claimed gridSpan of a million
 * does not make a table a million wide. */
static void build_grid(ctx *c, trows *rows, bool trim_empty_cols, int grid_cols)
{
    char *caption = c->caption;
    c->caption = NULL;
    if (!rows->n) {
        if (caption) emit(c, FOI_BLOCK_PARA, caption);
        return;
    }
    if (c->doc->grids.n >= FOI_DOCX_MAX_TABLES) {
        note_trunc(c, "tables beyond the limit were not read");
        return;
    }
    int nrows = (int)rows->n, ncols = 0, natural = grid_cols;
    for (int r = 0; r < nrows; r++) {
        if (rows->v[r].width > natural) natural = rows->v[r].width;
        for (size_t i = 0; i < rows->v[r].cells.n; i++)
            if (rows->v[r].cells.v[i].col + 1 > natural) natural = rows->v[r].cells.v[i].col + 1;
    }
    for (int r = 0; r < nrows; r++)
        for (size_t i = 0; i < rows->v[r].cells.n; i++) {
            tcell *tc = &rows->v[r].cells.v[i];
            if (tc->col + tc->cs > natural) tc->cs = natural - tc->col;
            if (tc->cs < 1) tc->cs = 1;
            int end = tc->col + tc->cs;
            if (end > ncols) ncols = end;
        }
    if (ncols > FOI_DOCX_MAX_COLS) {
        ncols = FOI_DOCX_MAX_COLS;
        note_trunc(c, "table columns beyond the limit were not read");
    }
    if (nrows > FOI_DOCX_MAX_ROWS) {
        nrows = FOI_DOCX_MAX_ROWS;
        note_trunc(c, "table rows beyond the limit were not read");
    }
    if (ncols == 0) return;
    if ((size_t)nrows * (size_t)ncols > FOI_DOCX_MAX_CELLS) {
        nrows = FOI_DOCX_MAX_CELLS / ncols;
        note_trunc(c, "table cells beyond the limit were not read");
    }
    char *context = foi_doc_context(c->doc, 0);
    foi_grid *g = foi_doc_add_grid(c->doc, nrows, ncols);
    g->context = context;
    g->caption = caption;
    bool *filled = foi_alloc(c->a, (size_t)nrows * (size_t)ncols);
    for (int r = 0; r < nrows; r++) {
        for (size_t i = 0; i < rows->v[r].cells.n; i++) {
            const tcell *tc = &rows->v[r].cells.v[i];
            int col = tc->col;
            if (col >= ncols) continue;
            int cs = tc->cs < ncols - col ? tc->cs : ncols - col;
            int rs = tc->rs < nrows - r ? tc->rs : nrows - r;
            if (tc->vcont && r > 0 && filled[(size_t)(r - 1) * ncols + col]) {
                for (int dc = 0; dc < cs; dc++) {
                    size_t k = (size_t)r * ncols + col + dc;
                    if (filled[k] || !filled[k - ncols]) continue;
                    foi_cell *above = foi_grid_at(g, r - 1, col + dc),
                             *fc = foi_grid_at(g, r, col + dc);
                    *fc = *above;
                    fc->copy = true;
                    filled[k] = true;
                }
                continue;
            }
            bool head = tc->head || rows->v[r].head;
            int id = ++c->span_seq;
            for (int dr = 0; dr < rs; dr++)
                for (int dc = 0; dc < cs; dc++) {
                    size_t k = (size_t)(r + dr) * ncols + col + dc;
                    if (filled[k]) continue;
                    foi_cell *fc = foi_grid_at(g, r + dr, col + dc);
                    fc->text = tc->text;
                    fc->header = head;
                    fc->copy = dr || dc;
                    fc->span_id = id;
                    filled[k] = true;
                }
        }
    }
    int used = 0;
    for (int r = 0; r < nrows; r++)
        for (int col = 0; col < ncols; col++) {
            size_t k = (size_t)r * ncols + col;
            if (!filled[k]) foi_grid_at(g, r, col)->span_id = ++c->span_seq;
            bool keep = trim_empty_cols ? *foi_grid_at(g, r, col)->text != 0 : filled[k];
            if (keep && col + 1 > used) used = col + 1;
        }
    if (used == 0) used = 1;
    if (used < ncols) {
        foi_cell *cells = foi_alloc(c->a, (size_t)nrows * (size_t)used * sizeof *cells);
        for (int r = 0; r < nrows; r++)
            memcpy(&cells[(size_t)r * used], &g->cells[(size_t)r * ncols],
                   (size_t)used * sizeof *cells);
        g->cells = cells;
        g->ncols = used;
    }
}

/* ---- DOCX ----------------------------------------------------------------------------------- */

static void docx_body(ctx *c, xmlNode *first, int depth);

static int run_bold(ctx *c, const xmlNode *rpr)
{
    int b = onoff(wval(rpr, "b"));
    if (b >= 0) return b;
    const char *rs = wval(rpr, "rStyle");
    style *s = rs ? style_resolved(c, rs) : NULL;
    return s ? s->r_bold : -1;
}

static void docx_sym(para *p, const xmlNode *n, bool bold)
{
    const char *ch = attr(n, NULL, "char");
    if (!ch) return;
    unsigned cp = (unsigned)strtoul(ch, NULL, 16);
    if (cp >= 0xF000 && cp <= 0xF0FF) cp -= 0xF000; /* symbol fonts map onto the private area */
    if (cp == 0xB7 || cp == 0xA7) cp = 0x2022;      /* Symbol/Wingdings bullets */
    if (cp < 0x20) return;
    foi_buf b;
    foi_buf_init(&b, p->a);
    put_utf8(&b, cp);
    put_text(p, b.s, b.len, bold);
}

static void docx_run(ctx *c, para *p, xmlNode *r, int para_bold, int depth)
{
    xmlNode *rpr = child(r, NULL, "rPr");
    if (onoff(wval(rpr, "vanish")) == 1) return; /* hidden text is not part of the reply */
    int b = run_bold(c, rpr);
    bool bold = b >= 0 ? b : para_bold == 1;
    for (xmlNode *n = r->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, NULL, "t")) {
            for (xmlNode *t = n->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    put_text(p, (const char *)t->content, strlen((const char *)t->content), bold);
        } else if (el(n, NULL, "tab") || el(n, NULL, "ptab")) {
            put_text(p, "\t", 1, false);
        } else if (el(n, NULL, "br") || el(n, NULL, "cr")) {
            put_break(p);
        } else if (el(n, NULL, "noBreakHyphen")) {
            put_text(p, "-", 1, bold);
        } else if (el(n, NULL, "sym")) {
            docx_sym(p, n, bold);
        } else if (depth < FOI_DOCX_MAX_DEPTH && !p->cell) {
            /* text boxes inside drawings: read after the paragraph; mc:Fallback repeats the
             * mc:Choice content, so only the first branch is followed */
            xmlNode *stack[FOI_DOCX_MAX_DEPTH];
            int sp = 0;
            stack[sp++] = n;
            while (sp) {
                xmlNode *x = stack[--sp];
                if (el(x, NULL, "txbxContent")) {
                    FOI_VEC_PUSH(c->a, c->later, x);
                    continue;
                }
                if (x->name && !strcmp((const char *)x->name, "Fallback")) continue;
                for (xmlNode *k = x->last; k; k = k->prev)
                    if (k->type == XML_ELEMENT_NODE && sp < FOI_DOCX_MAX_DEPTH) stack[sp++] = k;
            }
        }
        /* w:delText (deleted revisions), w:instrText (field codes), footnote references,
         * drawings in cells: no text */
    }
}

/* Runs of a paragraph in reading order, through hyperlinks, insertions, fields and content
 * controls; deletions and moved-away text are skipped. */
static void docx_inline(ctx *c, para *p, xmlNode *first, int para_bold, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, NULL, "r")) {
            docx_run(c, p, n, para_bold, depth);
        } else if (el(n, NULL, "sdt")) {
            xmlNode *sc = child(n, NULL, "sdtContent");
            if (sc) docx_inline(c, p, sc->children, para_bold, depth + 1);
        } else if (el(n, NULL, "hyperlink") || el(n, NULL, "ins") || el(n, NULL, "moveTo") ||
                   el(n, NULL, "fldSimple") || el(n, NULL, "smartTag") ||
                   el(n, NULL, "customXml") || el(n, NULL, "dir") || el(n, NULL, "bdo")) {
            docx_inline(c, p, n->children, para_bold, depth + 1);
        }
    }
}

typedef struct wpara {
    pinfo pi;
    int para_bold;
} wpara;

static wpara docx_pinfo(ctx *c, xmlNode *p)
{
    xmlNode *ppr = child(p, NULL, "pPr");
    const char *sid = wval(ppr, "pStyle");
    style *s = sid ? style_resolved(c, sid) : NULL;
    if (!s && c->default_para) {
        s = c->default_para;
        resolve(c, s, 0);
    }
    const char *ol = wval(ppr, "outlineLvl");
    int direct = ol ? bounded_int(ol, 0, 9, 9) : -1;
    bool numbered = false;
    xmlNode *np = child(ppr, NULL, "numPr");
    if (np) {
        const char *num = wval(np, "numId");
        numbered = !num || strcmp(num, "0");
    }
    wpara w = {classify(s, direct, numbered), s ? s->r_bold : -1};
    const char *jc = wval(ppr, "jc");
    if (jc) w.pi.center = !strcmp(jc, "center");
    return w;
}

static xmlNode *next_element(xmlNode *n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !el(n, NULL, "bookmarkStart") &&
            !el(n, NULL, "bookmarkEnd") && !el(n, NULL, "proofErr"))
            return n;
    return NULL;
}

static void read_later(ctx *c, size_t from, int depth)
{
    /* copy out: reading may queue more */
    size_t n = c->later.n - from;
    if (!n) return;
    xmlNode **v = foi_alloc(c->a, n * sizeof *v);
    memcpy(v, c->later.v + from, n * sizeof *v);
    c->later.n = from;
    for (size_t i = 0; i < n; i++)
        docx_body(c, v[i]->children, depth + 1);
}

static void docx_para(ctx *c, xmlNode *p, int depth)
{
    wpara w = docx_pinfo(c, p);
    para pa;
    para_init(&pa, c->a, false);
    size_t mark = c->later.n;
    docx_inline(c, &pa, p->children, w.para_bold, depth + 1);
    xmlNode *nx = next_element(p);
    flush_caption(c);
    emit_para(c, &pa, w.pi, nx && el(nx, NULL, "tbl"));
    read_later(c, mark, depth);
}

/* Cell content: every paragraph, joined by spaces (html.c's gather). */
static void docx_cell_text(ctx *c, para *pa, xmlNode *first, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (el(n, NULL, "p")) {
            wpara w = docx_pinfo(c, n);
            const char *sid = wval(child(n, NULL, "pPr"), "pStyle");
            style *st = sid ? style_resolved(c, sid) : NULL;
            if (w.pi.heading || (st && name_has(st->r_name, "heading"))) pa->heading_style = true;
            docx_inline(c, pa, n->children, w.para_bold, depth + 1);
            put_text(pa, " ", 1, false);
        } else if (el(n, NULL, "sdt")) {
            xmlNode *sc = child(n, NULL, "sdtContent");
            if (sc) docx_cell_text(c, pa, sc->children, depth + 1);
        } else if (el(n, NULL, "customXml") || el(n, NULL, "ins") || el(n, NULL, "moveTo")) {
            docx_cell_text(c, pa, n->children, depth + 1);
        }
    }
}

static bool has_nested_table(xmlNode *first, const char *href, const char *tbl, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return false;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, href, tbl)) return true;
        if (has_nested_table(n->children, href, tbl, depth + 1)) return true;
    }
    return false;
}

/* Rows and cells, through content controls and custom XML wrappers. */
static void docx_collect(ctx *c, xmlNode *first, trows *rows, trow *row, int *col, int depth)
{
    if (depth > 8) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (!row && el(n, NULL, "tr")) {
            if (rows->n >= FOI_DOCX_MAX_ROWS + 1) {
                note_trunc(c, "table rows beyond the limit were not read");
                return;
            }
            trow r = {0};
            xmlNode *trpr = child(n, NULL, "trPr");
            r.head = onoff(wval(trpr, "tblHeader")) == 1;
            int cc = bounded_int(wval(trpr, "gridBefore"), 0, FOI_DOCX_MAX_COLS, 0);
            docx_collect(c, n->children, rows, &r, &cc, depth + 1);
            FOI_VEC_PUSH(c->a, *rows, r);
        } else if (row && el(n, NULL, "tc")) {
            if (*col >= FOI_DOCX_MAX_COLS) {
                note_trunc(c, "table columns beyond the limit were not read");
                return;
            }
            xmlNode *tcpr = child(n, NULL, "tcPr");
            int cs = bounded_int(wval(tcpr, "gridSpan"), 1, FOI_DOCX_MAX_COLS, 1);
            const char *vm = wval(tcpr, "vMerge");
            /* hMerge is the pre-2007 way of writing a horizontal span */
            const char *hm = wval(tcpr, "hMerge");
            para pa;
            para_init(&pa, c->a, true);
            docx_cell_text(c, &pa, n->children, depth + 1);
            tcell tc = {.text = foi_clean(c->a, pa.cur.s), .col = *col, .cs = cs, .rs = 1};
            tc.vcont = vm && strcmp(vm, "restart");
            int r = (int)rows->n;
            tc.head = pa.heading_style || (r == 0 && all_bold(&pa));
            if (hm && strcmp(hm, "restart") && row->cells.n) {
                row->cells.v[row->cells.n - 1].cs += cs;
            } else {
                FOI_VEC_PUSH(c->a, row->cells, tc);
            }
            *col += cs;
        } else if (el(n, NULL, "sdt")) {
            xmlNode *sc = child(n, NULL, "sdtContent");
            if (sc) docx_collect(c, sc->children, rows, row, col, depth + 1);
        } else if (el(n, NULL, "customXml")) {
            docx_collect(c, n->children, rows, row, col, depth + 1);
        }
    }
}

/* ---- navigation columns of layout tables ------------------------------------------------------
 */

/* A web page saved as a document keeps its layout table: one cell holds the reply (with its
 * data table), a side cell the site's navigation, a list of links ("2023 (285)",
 * "Related requests").  Such a cell is chrome, as parsers/html.c drops a sidebar: its figures
 * are link counts, not data. */
enum { NAV_PLAIN = 60 /* longest paragraph without a link in a navigation column: a heading */ };

typedef struct navscan {
    bool odt;
    int paras, links, plain_long;
    bool table;
} navscan;

/* Where the first visible text of a paragraph lies: 1 inside a link, 2 outside. */
static void lead_text(const navscan *ns, xmlNode *first, bool in_link, int depth, int *where,
                      size_t *len)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            const xmlNode *up = n->parent;
            /* field codes and deleted text are not shown */
            if (!ns->odt && !el(up, NULL, "t")) continue;
            const char *t = (const char *)n->content;
            size_t k = strlen(t);
            *len += k;
            if (!*where && strspn(t, " \t\r\n") < k) *where = in_link ? 1 : 2;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue;
        bool link = ns->odt ? el(n, TEXT_NS, "a") : el(n, NULL, "hyperlink");
        if (!ns->odt && (el(n, NULL, "del") || el(n, NULL, "moveFrom"))) continue;
        lead_text(ns, n->children, in_link || link, depth + 1, where, len);
    }
}

static void nav_scan(navscan *ns, xmlNode *first, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n && !ns->table; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (ns->odt ? el(n, TABLE_NS, "table") : el(n, NULL, "tbl")) {
            ns->table = true;
        } else if (ns->odt ? el(n, TEXT_NS, "p") || el(n, TEXT_NS, "h") : el(n, NULL, "p")) {
            int where = 0;
            size_t len = 0;
            lead_text(ns, n->children, false, depth + 1, &where, &len);
            if (!where) continue;
            ns->paras++;
            if (where == 1)
                ns->links++;
            else if (len > NAV_PLAIN)
                ns->plain_long++;
        } else {
            nav_scan(ns, n->children, depth + 1);
        }
    }
}

/* A side cell of a layout row made of link paragraphs and short headings. */
static bool nav_cell(xmlNode *cell, bool odt)
{
    navscan ns = {.odt = odt};
    nav_scan(&ns, cell->children, 0);
    return !ns.table && ns.links >= 2 && !ns.plain_long && ns.links * 2 >= ns.paras;
}

/* Whether some cell of layout row tr holds a table (the reply beside the navigation). */
static bool row_holds_table(xmlNode *tr, bool odt)
{
    for (xmlNode *n = tr->children; n; n = n->next)
        if (odt ? el(n, TABLE_NS, "table-cell") : el(n, NULL, "tc"))
            if (has_nested_table(n->children, odt ? TABLE_NS : NULL, odt ? "table" : "tbl", 0))
                return true;
    return false;
}

/* A table holding tables is layout: its cells are read as ordinary content (as html.c). */
static void docx_flatten(ctx *c, xmlNode *first, int depth)
{
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, NULL, "tc")) {
            docx_body(c, n->children, depth + 1);
        } else if (el(n, NULL, "tr") && row_holds_table(n, false)) {
            for (xmlNode *tc = n->children; tc; tc = tc->next)
                if (el(tc, NULL, "tc") && !nav_cell(tc, false))
                    docx_body(c, tc->children, depth + 1);
        } else if (el(n, NULL, "tr") || el(n, NULL, "sdt") || el(n, NULL, "sdtContent") ||
                   el(n, NULL, "customXml")) {
            docx_flatten(c, n->children, depth + 1);
        }
    }
}

static void docx_table(ctx *c, xmlNode *t, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    if (c->header_mode || has_nested_table(t->children, NULL, "tbl", 0)) {
        flush_caption(c);
        docx_flatten(c, t->children, depth + 1);
        return;
    }
    trows rows = {0};
    int col = 0;
    docx_collect(c, t->children, &rows, NULL, &col, 0);
    int gc = 0;
    for (xmlNode *g = child(child(t, NULL, "tblGrid"), NULL, "gridCol"); g; g = g->next)
        if (el(g, NULL, "gridCol") && gc < FOI_DOCX_MAX_COLS) gc++;
    build_grid(c, &rows, false, gc);
}

static void docx_body(ctx *c, xmlNode *first, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, NULL, "p")) {
            docx_para(c, n, depth);
        } else if (el(n, NULL, "tbl")) {
            docx_table(c, n, depth + 1);
        } else if (el(n, NULL, "sdt")) {
            xmlNode *sc = child(n, NULL, "sdtContent");
            if (sc) docx_body(c, sc->children, depth + 1);
        } else if (el(n, NULL, "customXml") || el(n, NULL, "ins") || el(n, NULL, "moveTo") ||
                   el(n, NULL, "txbxContent")) {
            docx_body(c, n->children, depth + 1);
        }
        /* w:sectPr, w:del, w:moveFrom, bookmarks: nothing to read */
    }
    flush_caption(c);
}

/* ---- shared driver -------------------------------------------------------------------------- */

static xmlDoc *read_xml(ctx *c, foi_zip *z, const char *name, bool required, foi_fail *fail)
{
    size_t len = 0;
    foi_fail f = {0};
    char *s = foi_zip_read(z, name, &len, &f);
    if (!s) {
        if (required) *fail = f;
        return NULL;
    }
    if (len > FOI_DOCX_MAX_XML) {
        if (required)
            *fail = (foi_fail){"unreadable",
                               foi_sprintf(c->a, "part %s is too large (%zu bytes)", name, len)};
        return NULL;
    }
    xmlDoc *x = xmlReadMemory(s, (int)len, NULL, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_COMPACT);
    if (!x) {
        if (required)
            *fail = (foi_fail){
                "unreadable",
                foi_sprintf(c->a, "part %s is not well-formed XML (truncated or corrupt)", name)};
        return NULL;
    }
    foi_arena_defer(c->a, free_xml, x);
    return x;
}

static void set_title(ctx *c, xmlDoc *x)
{
    xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    /* core.xml: dc:title under the root; meta.xml: under office:meta */
    for (int pass = 0; root && pass < 2; pass++) {
        xmlNode *t = child(root, DC_NS, "title");
        if (t && t->children && t->children->type == XML_TEXT_NODE) {
            char *s = foi_clean(c->a, (const char *)t->children->content);
            if (s && *s) c->doc->title = s;
            return;
        }
        root = child(root, OFFICE_NS, "meta");
    }
}

static bool is_ole(const unsigned char *b, size_t n)
{
    return n >= 8 && !memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

static ctx *ctx_new(foi_arena *a, bool odt)
{
    ctx *c = foi_alloc(a, sizeof *c);
    c->a = a;
    c->odt = odt;
    c->doc = foi_doc_new(a);
    foi_map_init(a, &c->styles, 64);
    return c;
}

static foi_doc *finish(ctx *c)
{
    if (c->truncated) foi_doc_add_meta(c->doc, "truncated", c->truncated);
    foi_doc_finish(c->doc);
    return c->doc;
}

foi_doc *foi_docx_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    foi_fail dummy;
    if (!fail) fail = &dummy;
    *fail = (foi_fail){0};
    if (is_ole(bytes, n)) {
        *fail = (foi_fail){"unsupported", "a password-protected (encrypted) or legacy binary "
                                          "Word document, which foitab cannot read"};
        return NULL;
    }
    foi_zip *z = foi_zip_open(a, bytes, n, fail);
    if (!z) return NULL;
    if (!foi_zip_has(z, "word/document.xml")) {
        *fail =
            (foi_fail){"unreadable", "not a Word document: the archive has no word/document.xml"};
        foi_zip_close(z);
        return NULL;
    }
    ctx *c = ctx_new(a, false);
    xmlDoc *main = read_xml(c, z, "word/document.xml", true, fail);
    if (!main) {
        foi_zip_close(z);
        return NULL;
    }
    xmlNode *root = xmlDocGetRootElement(main);
    xmlNode *body = root && el(root, NULL, "document") ? child(root, NULL, "body") : NULL;
    if (!body) {
        *fail = (foi_fail){"unreadable", "word/document.xml has no document body"};
        foi_zip_close(z);
        return NULL;
    }
    xmlDoc *sx = read_xml(c, z, "word/styles.xml", false, fail);
    if (sx) docx_styles(c, xmlDocGetRootElement(sx));
    set_title(c, read_xml(c, z, "docProps/core.xml", false, fail));

    /* letterhead: page headers in part order (header1, header2, ...) */
    xmlDoc *hdrs[FOI_DOCX_MAX_PARTS];
    int nh = 0;
    for (int k = 1; k <= FOI_DOCX_MAX_PARTS && nh < FOI_DOCX_MAX_PARTS; k++) {
        char *name = foi_sprintf(a, "word/header%d.xml", k);
        if (!foi_zip_has(z, name)) continue;
        xmlDoc *h = read_xml(c, z, name, false, fail);
        if (h) hdrs[nh++] = h;
    }
    xmlDoc *fn = read_xml(c, z, "word/footnotes.xml", false, fail);
    xmlDoc *en = read_xml(c, z, "word/endnotes.xml", false, fail);
    foi_zip_close(z);
    *fail = (foi_fail){0};

    c->header_mode = true;
    for (int k = 0; k < nh; k++) {
        xmlNode *hr = xmlDocGetRootElement(hdrs[k]);
        if (hr) docx_body(c, hr->children, 1);
    }
    c->header_mode = false;
    c->in_request = false;
    docx_body(c, body->children, 0);
    c->in_request = false;
    xmlDoc *notes[2] = {fn, en};
    for (int k = 0; k < 2; k++) {
        xmlNode *nr = notes[k] ? xmlDocGetRootElement(notes[k]) : NULL;
        for (xmlNode *note = nr ? nr->children : NULL; note; note = note->next) {
            if (!el(note, NULL, "footnote") && !el(note, NULL, "endnote")) continue;
            const char *type = attr(note, NULL, "type");
            if (type && strcmp(type, "normal")) continue; /* separators */
            c->in_request = false;
            docx_body(c, note->children, 1);
        }
    }
    return finish(c);
}

/* ---- ODT ------------------------------------------------------------------------------------ */

static void odt_body(ctx *c, xmlNode *first, int depth, bool in_list);

static int odt_text_bold(ctx *c, const char *sname)
{
    style *s = sname ? style_resolved(c, odt_key(c, "text", sname)) : NULL;
    return s ? s->r_bold : -1;
}

static void odt_inline(ctx *c, para *p, xmlNode *first, bool bold, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_text(p, (const char *)n->content, strlen((const char *)n->content), bold);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, TEXT_NS, "s")) {
            int k = bounded_int(attr(n, TEXT_NS, "c"), 1, FOI_DOCX_MAX_SPACES, 1);
            for (int i = 0; i < k; i++)
                put_text(p, " ", 1, false);
        } else if (el(n, TEXT_NS, "tab")) {
            put_text(p, "\t", 1, false);
        } else if (el(n, TEXT_NS, "line-break")) {
            put_break(p);
        } else if (el(n, TEXT_NS, "span")) {
            int b = odt_text_bold(c, attr(n, TEXT_NS, "style-name"));
            odt_inline(c, p, n->children, b >= 0 ? b : bold, depth + 1);
        } else if (el(n, TEXT_NS, "note")) {
            xmlNode *nb = child(n, TEXT_NS, "note-body");
            if (nb) FOI_VEC_PUSH(c->a, c->notes, nb);
        } else if (el(n, OFFICE_NS, "annotation") || el(n, OFFICE_NS, "annotation-end") ||
                   el(n, TEXT_NS, "ruby-text") || el(n, TEXT_NS, "bookmark") ||
                   el(n, TEXT_NS, "soft-page-break")) {
            continue;
        } else if (el(n, DRAW_NS, "frame")) {
            xmlNode *tb = child(n, DRAW_NS, "text-box");
            if (tb && !p->cell) FOI_VEC_PUSH(c->a, c->later, tb);
        } else if (ns_is(n, TEXT_NS)) {
            /* links, fields, sequences ("Table 1"), ruby bases, meta: their text shows */
            odt_inline(c, p, n->children, bold, depth + 1);
        }
    }
}

static pinfo odt_pinfo(ctx *c, xmlNode *p, bool in_list, int *para_bold)
{
    const char *sn = attr(p, TEXT_NS, "style-name");
    style *s = sn ? style_resolved(c, odt_key(c, "paragraph", sn)) : NULL;
    pinfo pi = classify(s, -1, in_list);
    if (el(p, TEXT_NS, "h")) pi.heading = true;
    *para_bold = s ? s->r_bold : -1;
    return pi;
}

static xmlNode *odt_next(xmlNode *n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !el(n, TEXT_NS, "soft-page-break") &&
            !el(n, TEXT_NS, "bookmark"))
            return n;
    return NULL;
}

static void odt_later(ctx *c, size_t from, int depth)
{
    size_t n = c->later.n - from;
    if (!n) return;
    xmlNode **v = foi_alloc(c->a, n * sizeof *v);
    memcpy(v, c->later.v + from, n * sizeof *v);
    c->later.n = from;
    for (size_t i = 0; i < n; i++)
        odt_body(c, v[i]->children, depth + 1, false);
}

static void odt_para(ctx *c, xmlNode *p, bool in_list, int depth)
{
    int pb;
    pinfo pi = odt_pinfo(c, p, in_list, &pb);
    para pa;
    para_init(&pa, c->a, false);
    size_t mark = c->later.n;
    odt_inline(c, &pa, p->children, pb == 1, depth + 1);
    xmlNode *nx = odt_next(p);
    flush_caption(c);
    emit_para(c, &pa, pi, nx && el(nx, TABLE_NS, "table"));
    odt_later(c, mark, depth);
}

static void odt_cell_text(ctx *c, para *pa, xmlNode *first, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (el(n, TEXT_NS, "p") || el(n, TEXT_NS, "h")) {
            int pb;
            pinfo pi = odt_pinfo(c, n, false, &pb);
            const char *sn = attr(n, TEXT_NS, "style-name");
            style *s = sn ? style_get(c, odt_key(c, "paragraph", sn)) : NULL;
            if (pi.heading || (s && name_has(s->r_name, "heading"))) pa->heading_style = true;
            odt_inline(c, pa, n->children, pb == 1, depth + 1);
            put_text(pa, " ", 1, false);
        } else if (el(n, TEXT_NS, "list") || el(n, TEXT_NS, "list-item") ||
                   el(n, TEXT_NS, "list-header") || el(n, TEXT_NS, "section")) {
            odt_cell_text(c, pa, n->children, depth + 1);
        }
    }
}

typedef struct odt_tab {
    trows rows;
    bool clamped; /* a repeat count was cut down: trailing empty columns go */
} odt_tab;

static bool row_empty(const trow *r)
{
    for (size_t i = 0; i < r->cells.n; i++)
        if (*r->cells.v[i].text) return false;
    return true;
}

static void odt_row(ctx *c, odt_tab *t, xmlNode *tr, bool head)
{
    trow r = {.head = head};
    int col = 0;
    int ri = (int)t->rows.n;
    for (xmlNode *n = tr->children; n; n = n->next) {
        bool covered = el(n, TABLE_NS, "covered-table-cell");
        if (!covered && !el(n, TABLE_NS, "table-cell")) continue;
        int rep = bounded_int(attr(n, TABLE_NS, "number-columns-repeated"), 1, 1 << 30, 1);
        if (col >= FOI_DOCX_MAX_COLS) {
            t->clamped = true;
            break;
        }
        if (rep > FOI_DOCX_MAX_COLS - col) {
            rep = FOI_DOCX_MAX_COLS - col;
            t->clamped = true;
        }
        if (covered) {
            col += rep;
            r.width = col;
            continue;
        }
        para pa;
        para_init(&pa, c->a, true);
        odt_cell_text(c, &pa, n->children, 0);
        tcell tc = {.text = foi_clean(c->a, pa.cur.s), .cs = 1, .rs = 1};
        tc.cs = bounded_int(attr(n, TABLE_NS, "number-columns-spanned"), 1, FOI_DOCX_MAX_COLS, 1);
        tc.rs = bounded_int(attr(n, TABLE_NS, "number-rows-spanned"), 1, FOI_DOCX_MAX_ROWS, 1);
        tc.head = pa.heading_style || (ri == 0 && all_bold(&pa));
        for (int k = 0; k < rep; k++) {
            tc.col = col++;
            FOI_VEC_PUSH(c->a, r.cells, tc);
        }
    }
    int rep = bounded_int(attr(tr, TABLE_NS, "number-rows-repeated"), 1, 1 << 30, 1);
    /* a run of repeated empty rows is padding, not content */
    if (rep > 1 && row_empty(&r)) rep = 1;
    for (int k = 0; k < rep; k++) {
        if (t->rows.n > FOI_DOCX_MAX_ROWS) {
            note_trunc(c, "table rows beyond the limit were not read");
            return;
        }
        FOI_VEC_PUSH(c->a, t->rows, r);
    }
}

static void odt_collect(ctx *c, odt_tab *t, xmlNode *first, bool head, int depth)
{
    if (depth > 8) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (el(n, TABLE_NS, "table-row"))
            odt_row(c, t, n, head);
        else if (el(n, TABLE_NS, "table-header-rows"))
            odt_collect(c, t, n->children, true, depth + 1);
        else if (el(n, TABLE_NS, "table-rows") || el(n, TABLE_NS, "table-row-group"))
            odt_collect(c, t, n->children, head, depth + 1);
    }
}

static void odt_flatten(ctx *c, xmlNode *first, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, TABLE_NS, "table-cell")) {
            odt_body(c, n->children, depth + 1, false);
        } else if (el(n, TABLE_NS, "table-row") && row_holds_table(n, true)) {
            for (xmlNode *tc = n->children; tc; tc = tc->next)
                if (el(tc, TABLE_NS, "table-cell") && !nav_cell(tc, true))
                    odt_body(c, tc->children, depth + 1, false);
        } else if (el(n, TABLE_NS, "table-row") || el(n, TABLE_NS, "table-header-rows") ||
                   el(n, TABLE_NS, "table-rows") || el(n, TABLE_NS, "table-row-group")) {
            odt_flatten(c, n->children, depth + 1);
        }
    }
}

static void odt_table(ctx *c, xmlNode *tb, int depth)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    if (c->header_mode || has_nested_table(tb->children, TABLE_NS, "table", 0)) {
        flush_caption(c);
        odt_flatten(c, tb->children, depth + 1);
        return;
    }
    odt_tab t = {0};
    odt_collect(c, &t, tb->children, false, 0);
    build_grid(c, &t.rows, t.clamped, 0);
}

static void odt_body(ctx *c, xmlNode *first, int depth, bool in_list)
{
    if (depth > FOI_DOCX_MAX_DEPTH) return;
    for (xmlNode *n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (el(n, TEXT_NS, "p") || el(n, TEXT_NS, "h")) {
            odt_para(c, n, in_list, depth);
        } else if (el(n, TABLE_NS, "table")) {
            odt_table(c, n, depth + 1);
        } else if (el(n, TEXT_NS, "list")) {
            odt_body(c, n->children, depth + 1, true);
        } else if (el(n, TEXT_NS, "list-item") || el(n, TEXT_NS, "list-header")) {
            odt_body(c, n->children, depth + 1, in_list);
        } else if (el(n, TEXT_NS, "section") || el(n, TEXT_NS, "index-body") ||
                   el(n, TEXT_NS, "index-title") || el(n, TEXT_NS, "table-of-content") ||
                   el(n, TEXT_NS, "alphabetical-index") || el(n, TEXT_NS, "table-index") ||
                   el(n, TEXT_NS, "illustration-index") || el(n, TEXT_NS, "user-index") ||
                   el(n, TEXT_NS, "bibliography") || el(n, TEXT_NS, "note-body") ||
                   el(n, DRAW_NS, "text-box")) {
            odt_body(c, n->children, depth + 1, in_list);
        }
        /* text:tracked-changes (deleted text lives there), declarations, forms: not read */
    }
    flush_caption(c);
}

static bool odt_encrypted(ctx *c, foi_zip *z)
{
    foi_fail f;
    size_t len;
    char *m = foi_zip_read(z, "META-INF/manifest.xml", &len, &f);
    (void)c;
    return m && strstr(m, "encryption-data");
}

foi_doc *foi_odt_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail)
{
    foi_fail dummy;
    if (!fail) fail = &dummy;
    *fail = (foi_fail){0};
    foi_zip *z = foi_zip_open(a, bytes, n, fail);
    if (!z) return NULL;
    if (!foi_zip_has(z, "content.xml")) {
        *fail =
            (foi_fail){"unreadable", "not an OpenDocument text: the archive has no content.xml"};
        foi_zip_close(z);
        return NULL;
    }
    ctx *c = ctx_new(a, true);
    if (odt_encrypted(c, z)) {
        *fail = (foi_fail){"unsupported", "encrypted (password-protected) document"};
        foi_zip_close(z);
        return NULL;
    }
    xmlDoc *main = read_xml(c, z, "content.xml", true, fail);
    if (!main) {
        foi_zip_close(z);
        return NULL;
    }
    xmlNode *root = xmlDocGetRootElement(main);
    xmlNode *body = root ? child(root, OFFICE_NS, "body") : NULL;
    xmlNode *text = body ? child(body, OFFICE_NS, "text") : NULL;
    if (!text) {
        *fail = (foi_fail){"unreadable", "content.xml has no text body (not a text document)"};
        foi_zip_close(z);
        return NULL;
    }
    xmlDoc *sx = read_xml(c, z, "styles.xml", false, fail);
    xmlNode *sroot = sx ? xmlDocGetRootElement(sx) : NULL;
    if (sroot) {
        odt_styles(c, child(sroot, OFFICE_NS, "styles"), false);
        odt_styles(c, child(sroot, OFFICE_NS, "automatic-styles"), true);
    }
    odt_styles(c, child(root, OFFICE_NS, "automatic-styles"), true);
    set_title(c, read_xml(c, z, "meta.xml", false, fail));
    foi_zip_close(z);
    *fail = (foi_fail){0};

    /* letterhead: the master pages' headers */
    c->header_mode = true;
    xmlNode *ms = sroot ? child(sroot, OFFICE_NS, "master-styles") : NULL;
    for (xmlNode *mp = ms ? ms->children : NULL; mp; mp = mp->next) {
        if (!el(mp, STYLE_NS, "master-page")) continue;
        for (xmlNode *h = mp->children; h; h = h->next)
            if (el(h, STYLE_NS, "header") || el(h, STYLE_NS, "header-first") ||
                el(h, STYLE_NS, "header-left"))
                odt_body(c, h->children, 1, false);
    }
    c->header_mode = false;
    c->in_request = false;
    c->notes.n = 0; /* notes in headers are not the reply's */
    odt_body(c, text->children, 0, false);
    c->in_request = false;
    for (size_t i = 0; i < c->notes.n; i++) {
        c->in_request = false;
        odt_body(c, c->notes.v[i]->children, 1, false);
    }
    return finish(c);
}
