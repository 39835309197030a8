/* parsers/xml: structure detection over any XML schema.  See xml.h.
 *
 * Safety: a per-call parser context whose SAX hooks stop the parse at the first entity
 * declaration or external DTD, so nothing is substituted, loaded or fetched; no XML_PARSE_HUGE,
 * so libxml2's own depth/size limits stay on; our walk is bounded too.
 */
#include "parsers/xml.h"

#include "normalize/period.h"
#include "normalize/value.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "parsers/html.h"
#include "util/str.h"

enum {
    MAX_DEPTH = 256,          /* walk no deeper (libxml2 refuses deeper documents anyway) */
    MAX_COLS = 2048,          /* columns per grid */
    MAX_CELL_CHARS = 400,     /* a longer field value is prose, not a record field */
    MAX_META_CHARS = 200,     /* longer leaves are blocks only */
    MAX_SHEET_CELLS = 4000000 /* SpreadsheetML: rows * cols */
};
static const size_t MAX_INPUT_BYTES = (size_t)256 * 1024 * 1024;

#define NAME(n) ((const char *)(n)->name)

/* ---- parsing ---------------------------------------------------------------------------- */

typedef struct guard {
    const char *refusal; /* set by a SAX hook */
    int err_code;        /* first fatal error */
    bool depth_error;
} guard;

static guard *guard_of(void *ctx)
{
    return (guard *)((xmlParserCtxtPtr)ctx)->_private;
}

static void refuse(void *ctx, const char *why)
{
    guard *g = guard_of(ctx);
    if (!g->refusal) g->refusal = why;
    xmlStopParser((xmlParserCtxtPtr)ctx);
}

static void hook_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
                             const xmlChar *sys, xmlChar *content)
{
    refuse(ctx, "entity declarations refused");
}

static void hook_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *pub,
                                 const xmlChar *sys, const xmlChar *notation)
{
    refuse(ctx, "entity declarations refused");
}

static void hook_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                                 const xmlChar *sys_id)
{
    if (ext_id || sys_id) {
        refuse(ctx, "external DTD refused");
        return;
    }
    xmlSAX2InternalSubset(ctx, name, ext_id, sys_id);
}

static void hook_external_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                                 const xmlChar *sys_id)
{
    if (ext_id || sys_id) refuse(ctx, "external DTD refused");
}

static xmlEntityPtr hook_get_parameter_entity(void *ctx, const xmlChar *name)
{
    refuse(ctx, "entity declarations refused");
    return NULL;
}

#if LIBXML_VERSION >= 21200
static void hook_error(void *ctx, const xmlError *e)
#else
static void hook_error(void *ctx, xmlErrorPtr e)
#endif
{
    guard *g = guard_of(ctx);
    if (!e || e->level < XML_ERR_ERROR) return;
    if (!g->err_code) g->err_code = e->code;
    if (e->message && strstr(e->message, "depth")) g->depth_error = true;
}

static const char *reason_for(const guard *g)
{
    if (g->refusal) return g->refusal;
    if (g->depth_error) return "nesting too deep";
    switch (g->err_code) {
    case XML_ERR_DOCUMENT_EMPTY:
        return "empty document";
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        return "undeclared entity";
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_LTSLASH_REQUIRED:
    case XML_ERR_GT_REQUIRED:
        return "XML truncated or not well-formed";
    case XML_ERR_DOCUMENT_END:
        return "XML not well-formed: content after the root element";
    case XML_ERR_TAG_NAME_MISMATCH:
        return "XML not well-formed: mismatched tags";
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
        return "XML not well-formed: invalid character";
    default:
        return "XML not well-formed";
    }
}

static bool blank_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i])) return false;
    return true;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void)
{
    xmlInitParser();
}

static xmlDocPtr read_xml(const char *utf8, size_t len, const char **why)
{
    pthread_once(&init_once, init_libxml);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        *why = "out of memory";
        return NULL;
    }
    guard g = {0};
    ctxt->_private = &g;
    ctxt->sax->entityDecl = hook_entity_decl;
    ctxt->sax->unparsedEntityDecl = hook_unparsed_entity;
    ctxt->sax->internalSubset = hook_internal_subset;
    ctxt->sax->externalSubset = hook_external_subset;
    ctxt->sax->getParameterEntity = hook_get_parameter_entity;
    ctxt->sax->serror = hook_error;
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;
    ctxt->sax->fatalError = NULL;
    /* No NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE; IGNORE_ENC: the buffer is UTF-8 whatever
     * the declaration says. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_IGNORE_ENC |
               XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlCtxtUseOptions(ctxt, opts);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8", opts);
    bool ok = doc && !g.refusal && ctxt->wellFormed;
    if (ok && doc->intSubset) {
        /* belt and braces: the hooks should have stopped these already */
        xmlDtdPtr dtd = doc->intSubset;
        if (dtd->ExternalID || dtd->SystemID)
            g.refusal = "external DTD refused";
        else if (dtd->entities || dtd->pentities)
            g.refusal = "entity declarations refused";
        ok = !g.refusal;
    }
    if (!ok) {
        *why = reason_for(&g);
        if (g.err_code == XML_ERR_DOCUMENT_EMPTY && !blank_bytes(utf8, len)) *why = "not XML";
        if (doc) xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ---- node helpers ----------------------------------------------------------------------- */

typedef struct walker {
    foi_arena *a;
    foi_doc *d;
} walker;

typedef FOI_VEC(xmlNodePtr) node_vec;

static bool is_elem(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE;
}

static bool is_text(xmlNodePtr n)
{
    return n && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}

static bool blank_text(const xmlChar *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!isspace(*s)) return false;
    return true;
}

static bool has_elem_children(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_elem(c)) return true;
    return false;
}

static bool has_direct_text(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_text(c) && !blank_text(c->content)) return true;
    return false;
}

/* Text-only, or mixed content (text with inline markup): read as one piece of text. */
static bool is_leafish(xmlNodePtr n)
{
    return !has_elem_children(n) || has_direct_text(n);
}

static bool ignored_attr(xmlAttrPtr p)
{
    return p->ns && p->ns->href &&
           (strstr((const char *)p->ns->href, "XMLSchema-instance") ||
            strcmp((const char *)p->ns->href, "http://www.w3.org/XML/1998/namespace") == 0);
}

static int attr_count(xmlNodePtr n)
{
    int k = 0;
    for (xmlAttrPtr p = n->properties; p; p = p->next)
        if (!ignored_attr(p)) k++;
    return k;
}

static xmlAttrPtr first_attr(xmlNodePtr n)
{
    for (xmlAttrPtr p = n->properties; p; p = p->next)
        if (!ignored_attr(p)) return p;
    return NULL;
}

static void gather_text(foi_buf *b, xmlNodePtr n, int depth)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_text(c) && c->content) {
            foi_buf_puts(b, (const char *)c->content);
        } else if (is_elem(c) && depth < MAX_DEPTH) {
            size_t before = b->len;
            gather_text(b, c, depth + 1);
            /* keep words of adjacent elements apart */
            if (b->len > before) foi_buf_putc(b, ' ');
        }
    }
}

/* Raw text of an element (line breaks kept). */
static char *raw_text(walker *w, xmlNodePtr n)
{
    foi_buf b;
    foi_buf_init(&b, w->a);
    gather_text(&b, n, 0);
    return b.s ? b.s : foi_strdup(w->a, "");
}

static char *clean_text(walker *w, xmlNodePtr n)
{
    return foi_clean(w->a, raw_text(w, n));
}

static char *attr_value(walker *w, xmlAttrPtr p)
{
    foi_buf b;
    foi_buf_init(&b, w->a);
    for (xmlNodePtr c = p->children; c; c = c->next)
        if (c->content) foi_buf_puts(&b, (const char *)c->content);
    return foi_clean(w->a, b.s ? b.s : "");
}

static char *attr_by_name(walker *w, xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr p = n->properties; p; p = p->next)
        if (foi_streq_ci((const char *)p->name, name)) return attr_value(w, p);
    return NULL;
}

static int line_of(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

/* Name folded for keyword tests: lower case, letters and digits only ("Financial_Year" ->
 * "financialyear"). */
static void squash(const char *s, char *out, size_t cap)
{
    size_t j = 0;
    for (; s && *s && j + 1 < cap; s++)
        if (isalnum((unsigned char)*s)) out[j++] = (char)tolower((unsigned char)*s);
    out[j] = 0;
}

static bool name_in(const char *name, const char *const *list)
{
    char sq[64];
    squash(name, sq, sizeof sq);
    for (; *list; list++)
        if (strcmp(sq, *list) == 0) return true;
    return false;
}

static bool name_has(const char *name, const char *const *stems)
{
    char sq[64];
    squash(name, sq, sizeof sq);
    for (; *stems; stems++)
        if (strstr(sq, *stems)) return true;
    return false;
}

/* Element names that say "one record" rather than what the record is about. */
static const char *const RECORD_NAMES[] = {"record", "row",    "obs",    "observation", "item",
                                           "entry",  "result", "line",   "datum",       "rec",
                                           "r",      "fact",   "series", NULL};
/* Attribute/field names that label a record without saying what it is. */
static const char *const GENERIC_LABELS[] = {"name", "label",    "title", "description", "desc",
                                             "type", "category", "key",   NULL};
/* Leaf names that name an axis or a measure, not a row: <Year value="2021">20</Year>. */
static const char *const AXIS_NAMES[] = {
    "year", "years", "yr",         "period",      "periods", "month", "quarter", "financialyear",
    "fy",   "date",  "timeperiod", "value",       "values",  "count", "figure",  "number",
    "cell", "data",  "obs",        "observation", "item",    "entry", "row",     NULL};
static const char *const TITLE_NAMES[] = {"title",   "subject",  "heading",
                                          "caption", "headline", NULL};
static const char *const REQUEST_STEMS[] = {"request", "query",   "question",
                                            "enquiry", "inquiry", NULL};
static const char *const NOTE_STEMS[] = {"note",    "caveat",   "comment",    "remark", "descr",
                                         "method",  "disclaim", "explan",     "rights", "exempt",
                                         "refus",   "reason",   "legend",     "qualif", "narrat",
                                         "summary", "footer",   "additional", NULL};
static const char *const CONTACT_STEMS[] = {"publisher", "address", "contact", "creator",
                                            "author",    "email",   "phone",   "telephone",
                                            "postcode",  "url",     "link",    NULL};
static const char *const BODY_NAMES[] = {"response", "answer",  "body",   "text", "message",
                                         "content",  "reply",   "letter", "info", "information",
                                         "detail",   "details", NULL};
/* Attributes that number things rather than count them. */
static const char *const ID_NAMES[] = {"id",  "ref",   "index", "seq",      "no",      "num",
                                       "n",   "order", "key",   "position", "version", "line",
                                       "row", "col",   "rank",  NULL};
/* Attributes of a record container that name the dataset. */
static const char *const DATASET_ATTRS[] = {"id", "name", "title", "label", "type", NULL};

static int word_count(const char *s)
{
    int n = 0;
    bool in = false;
    for (; *s; s++) {
        bool sp = isspace((unsigned char)*s);
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

/* A figure as it would sit in a value cell: digits, suppression markers, nil words. */
static bool value_like(const char *s)
{
    if (!s) return false;
    size_t n = strlen(s);
    if (n == 0) return true;
    if (n > 24) return false;
    static const char *const words[] = {"nil", "none", "n/a", "na", "redacted", "suppressed",
                                        "*",   "-",    "x",   "..", NULL};
    for (const char *const *w = words; *w; w++)
        if (foi_streq_ci(s, *w)) return true;
    /* "[c]", "<3", "~": whatever the value parser reads as a figure */
    if (foi_value_is_figure(s, NULL)) return true;
    bool digit = false;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p))
            digit = true;
        else if (isalpha((unsigned char)*p) && !foi_startswith_ci(s, "fewer") &&
                 !foi_startswith_ci(s, "less") && !foi_startswith_ci(s, "under"))
            return false;
    }
    return digit;
}

static bool looks_html(const char *s)
{
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
        const char *q = p + 1;
        if (*q == '/') q++;
        static const char *const tags[] = {
            "table", "tr",     "td", "th", "p",     "div",   "br", "ul",   "ol",
            "li",    "h1",     "h2", "h3", "h4",    "h5",    "h6", "html", "body",
            "span",  "strong", "b",  "em", "thead", "tbody", NULL};
        for (const char *const *t = tags; *t; t++) {
            size_t k = strlen(*t);
            if (strncasecmp(q, *t, k) == 0 &&
                (q[k] == '>' || q[k] == ' ' || q[k] == '/' || q[k] == '\n' || q[k] == '\t'))
                return true;
        }
    }
    return false;
}

static bool has_year(const char *s)
{
    for (const char *p = s; p && *p; p++)
        if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
            if (isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
                (p == s || !isdigit((unsigned char)p[-1])) && !isdigit((unsigned char)p[4]))
                return true;
        }
    return false;
}

/* A key that names a period: a year in it, or a period written without one ("Apr-22 to
 * Mar-23"). */
static bool period_key(const char *s)
{
    foi_period p;
    return has_year(s) || (s && foi_period_parse(s, NULL, &p));
}

/* A period carried by an element name: y2021 -> "2021", FY2021_22 -> "2021/22",
 * Year_2021_2022 -> "2021/2022".  NULL when the name is not a period. */
static char *period_from_name(walker *w, const char *name)
{
    const char *p = name;
    static const char *const prefixes[] = {
        "financialyear", "calendaryear", "year", "yr", "fy", "cy", "y", NULL};
    for (const char *const *q = prefixes; *q; q++)
        if (foi_startswith_ci(p, *q)) {
            p += strlen(*q);
            break;
        }
    while (*p == '_' || *p == '-' || *p == '.')
        p++;
    if (!(p[0] == '1' || p[0] == '2') || !isdigit((unsigned char)p[1]) ||
        !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]))
        return NULL;
    const char *y1 = p;
    p += 4;
    if (!*p) return foi_strndup(w->a, y1, 4);
    if (*p != '_' && *p != '-' && *p != '.') return NULL;
    p++;
    size_t k = strspn(p, "0123456789");
    if ((k != 2 && k != 4) || p[k]) return NULL;
    return foi_sprintf(w->a, "%.4s/%.*s", y1, (int)k, p);
}

/* ---- text blocks and metadata ------------------------------------------------------------ */

static void add_lines(walker *w, foi_block_kind kind, const char *raw, int line)
{
    size_t n = 0;
    char **lines = foi_split_lines(w->a, raw, &n);
    int off = 0;
    for (size_t i = 0; i < n; i++, off++)
        if (!foi_blank(lines[i])) foi_doc_add_block(w->d, kind, lines[i], line ? line + off : 0);
}

static void merge_html(walker *w, const char *html, int line);

/* A metadata or prose leaf outside the records. */
static void handle_leaf(walker *w, xmlNodePtr n)
{
    const char *name = NAME(n);
    char *raw = raw_text(w, n);
    char *text = foi_clean(w->a, raw);
    int line = line_of(n);
    if (!*text) return;
    if (looks_html(raw)) {
        merge_html(w, raw, line);
        return;
    }
    size_t len = strlen(text);
    int words = word_count(text);
    if (len <= MAX_META_CHARS) foi_doc_add_meta(w->d, name, text);
    if (name_in(name, TITLE_NAMES)) {
        if (!w->d->title)
            w->d->title = text;
        else
            foi_doc_add_block(w->d, FOI_BLOCK_HEADING, text, line);
        return;
    }
    if (name_has(name, REQUEST_STEMS)) {
        if (words >= 4) add_lines(w, FOI_BLOCK_QUOTE, raw, line);
        return;
    }
    if (name_has(name, CONTACT_STEMS)) return;
    if (name_has(name, NOTE_STEMS) || name_in(name, BODY_NAMES) || words >= 8)
        add_lines(w, FOI_BLOCK_PARA, raw, line);
}

/* Attributes of the root or a section; a section's id/name labels a dataset, not the reply. */
static void attrs_as_meta(walker *w, xmlNodePtr n, bool root)
{
    for (xmlAttrPtr p = n->properties; p; p = p->next) {
        if (ignored_attr(p) || (!root && name_in((const char *)p->name, DATASET_ATTRS))) continue;
        char *v = attr_value(w, p);
        if (*v && strlen(v) <= MAX_META_CHARS) foi_doc_add_meta(w->d, (const char *)p->name, v);
    }
}

/* What a record container calls its dataset: id/name attribute, else its own name. */
static char *container_label(walker *w, xmlNodePtr n)
{
    for (const char *const *k = DATASET_ATTRS; *k; k++) {
        char *v = attr_by_name(w, n, *k);
        if (v && *v) return v;
    }
    return foi_strdup(w->a, NAME(n));
}

/* ---- HTML inside text nodes -------------------------------------------------------------- */

static void strip_tags_fallback(walker *w, const char *html, int line)
{
    foi_buf b;
    foi_buf_init(&b, w->a);
    bool in_tag = false;
    for (const char *p = html; *p; p++) {
        if (*p == '<') {
            in_tag = true;
            foi_buf_putc(&b, ' ');
        } else if (*p == '>') {
            in_tag = false;
        } else if (!in_tag) {
            foi_buf_putc(&b, *p);
        }
    }
    if (b.s) foi_doc_add_block(w->d, FOI_BLOCK_PARA, b.s, line);
}

/* The HTML parser may set and clear the arena trap itself: keep ours around the call. */
static foi_doc *call_html(foi_arena *a, const char *s, size_t n)
{
    jmp_buf mine;
    memcpy(&mine, foi_arena_trap_slot(a), sizeof mine);
    foi_doc *h = foi_html_parse(a, s, n);
    memcpy(foi_arena_trap_slot(a), &mine, sizeof mine);
    return h;
}

static void merge_html(walker *w, const char *html, int line)
{
    foi_doc *h = call_html(w->a, html, strlen(html));
    if (!h) {
        strip_tags_fallback(w, html, line);
        return;
    }
    foi_doc_merge(w->d, h, line > 0 ? line - 1 : 0);
}

/* ---- record grids ------------------------------------------------------------------------ */

typedef enum col_kind {
    COL_ATTR,       /* attribute of the record */
    COL_TEXT,       /* the record's own text: <row period="2021">3</row> */
    COL_CHILD,      /* leaf child, by name and occurrence */
    COL_CHILD_ATTR, /* attribute of a non-keyed leaf child */
    COL_KEYED,      /* leaf child keyed by its attribute: <Year value="2021">5</Year> */
    COL_PNAME,      /* leaf child whose name is a period: <y2021>5</y2021> */
} col_kind;

typedef struct col {
    col_kind kind;
    const char *name; /* attribute or child name */
    const char *sub;  /* key value, or child attribute name */
    int occ;
    char *header;
} col;

typedef struct cell_val {
    int col;
    char *text;
} cell_val;

typedef FOI_VEC(cell_val) cell_vec;

typedef struct table_build {
    walker *w;
    FOI_VEC(col) cols;
    FOI_VEC(const char *) keyed; /* child names read as keyed values */
    bool wide;
} table_build;

static int find_col(table_build *t, col_kind kind, const char *name, const char *sub, int occ,
                    const char *header)
{
    for (size_t i = 0; i < t->cols.n; i++) {
        col *c = &t->cols.v[i];
        if (c->kind == kind && c->occ == occ && strcmp(c->name, name) == 0 &&
            ((!c->sub && !sub) || (c->sub && sub && strcmp(c->sub, sub) == 0)))
            return (int)i;
    }
    if (t->cols.n >= MAX_COLS) return -1;
    col c = {kind, name, sub, occ, foi_strdup(t->w->a, header)};
    FOI_VEC_PUSH(t->w->a, t->cols, c);
    if (kind == COL_KEYED || kind == COL_PNAME) t->wide = true;
    return (int)t->cols.n - 1;
}

static bool is_keyed_name(const table_build *t, const char *name)
{
    for (size_t i = 0; i < t->keyed.n; i++)
        if (strcmp(t->keyed.v[i], name) == 0) return true;
    return false;
}

/* Leaf children named `name` across the records are keyed values when each carries one
 * attribute of the same name, their texts are figures, and the attribute values vary. */
static bool child_is_keyed(walker *w, node_vec *recs, const char *name)
{
    const char *attr = NULL;
    const char *first_val = NULL;
    bool varies = false;
    for (size_t i = 0; i < recs->n; i++)
        for (xmlNodePtr c = recs->v[i]->children; c; c = c->next) {
            if (!is_elem(c) || strcmp(NAME(c), name) != 0) continue;
            if (!is_leafish(c) || attr_count(c) != 1) return false;
            xmlAttrPtr p = first_attr(c);
            if (attr && strcmp(attr, (const char *)p->name) != 0) return false;
            attr = (const char *)p->name;
            if (!value_like(clean_text(w, c))) return false;
            char *v = attr_value(w, p);
            if (!first_val)
                first_val = v;
            else if (strcmp(first_val, v) != 0)
                varies = true;
        }
    return attr && (varies || period_key(first_val));
}

/* One record's cells; columns are added as fields are first seen. */
static void read_record(table_build *t, xmlNodePtr rec, cell_vec *out)
{
    walker *w = t->w;
    for (xmlAttrPtr p = rec->properties; p; p = p->next) {
        if (ignored_attr(p)) continue;
        const char *an = (const char *)p->name;
        int ci = find_col(t, COL_ATTR, an, NULL, 0, an);
        if (ci >= 0) FOI_VEC_PUSH(w->a, *out, ((cell_val){ci, attr_value(w, p)}));
    }
    if (!has_elem_children(rec)) {
        char *txt = clean_text(w, rec);
        if (*txt) {
            int ci = find_col(t, COL_TEXT, "", NULL, 0, "value");
            if (ci >= 0) FOI_VEC_PUSH(w->a, *out, ((cell_val){ci, txt}));
        }
        return;
    }
    /* occurrence counters for repeated plain children */
    FOI_VEC(const char *) seen = {0};
    for (xmlNodePtr c = rec->children; c; c = c->next) {
        if (!is_elem(c)) continue;
        const char *cn = NAME(c);
        char *txt = clean_text(w, c);
        int ci;
        if (is_keyed_name(t, cn)) {
            char *key = attr_value(w, first_attr(c));
            ci = find_col(t, COL_KEYED, cn, key, 0, key);
        } else {
            char *per = attr_count(c) == 0 ? period_from_name(w, cn) : NULL;
            if (per) {
                ci = find_col(t, COL_PNAME, cn, NULL, 0, per);
            } else {
                int occ = 0;
                for (size_t i = 0; i < seen.n; i++)
                    if (strcmp(seen.v[i], cn) == 0) occ++;
                FOI_VEC_PUSH(w->a, seen, cn);
                ci = find_col(t, COL_CHILD, cn, NULL, occ, cn);
                for (xmlAttrPtr p = c->properties; p; p = p->next) {
                    if (ignored_attr(p)) continue;
                    const char *an = (const char *)p->name;
                    int ai = find_col(t, COL_CHILD_ATTR, cn, an, occ, an);
                    if (ai >= 0) FOI_VEC_PUSH(w->a, *out, ((cell_val){ai, attr_value(w, p)}));
                }
            }
        }
        if (ci >= 0) FOI_VEC_PUSH(w->a, *out, ((cell_val){ci, txt}));
    }
}

/* Emit the records as one grid: long format (row 0 = field names) or, when fields carry
 * periods or keys, a cross grid (row 0 = [label fields..., periods...]). */
static void emit_records(walker *w, xmlNodePtr parent, node_vec *recs)
{
    table_build t = {.w = w};
    /* which children are values keyed by their attribute (each name checked once) */
    FOI_VEC(const char *) checked = {0};
    for (size_t i = 0; i < recs->n; i++)
        for (xmlNodePtr c = recs->v[i]->children; c; c = c->next) {
            if (!is_elem(c) || attr_count(c) != 1) continue;
            bool seen = false;
            for (size_t k = 0; k < checked.n && !seen; k++)
                seen = !strcmp(checked.v[k], NAME(c));
            if (seen) continue;
            FOI_VEC_PUSH(w->a, checked, NAME(c));
            if (child_is_keyed(w, recs, NAME(c))) FOI_VEC_PUSH(w->a, t.keyed, NAME(c));
        }
    cell_vec *rows = foi_alloc(w->a, recs->n * sizeof *rows);
    for (size_t i = 0; i < recs->n; i++)
        read_record(&t, recs->v[i], &rows[i]);
    if (t.cols.n == 0) return;

    const char *rec_name = NAME(recs->v[0]);
    int nrows = (int)recs->n + 1, ncols = (int)t.cols.n;
    foi_grid *g = foi_doc_add_grid(w->d, nrows, ncols);
    g->long_format = !t.wide;
    g->kind = foi_sprintf(w->a, "xml:%s", rec_name);
    g->context = container_label(w, parent);
    g->line_locators = true;
    g->row_line = foi_alloc(w->a, (size_t)nrows * sizeof *g->row_line);
    g->first_line = line_of(recs->v[0]);
    g->row_line[0] = g->first_line;
    /* In a cross grid a generic label field ("name") is named by what the record is. */
    int generic = 0;
    for (size_t c = 0; c < t.cols.n; c++)
        if (t.cols.v[c].kind == COL_ATTR && name_in(t.cols.v[c].name, GENERIC_LABELS)) generic++;
    for (int c = 0; c < ncols; c++) {
        foi_cell *cell = foi_grid_at(g, 0, c);
        const col *k = &t.cols.v[c];
        cell->header = true;
        cell->text = k->header;
        if (t.wide && generic == 1 && k->kind == COL_ATTR && name_in(k->name, GENERIC_LABELS) &&
            !name_in(rec_name, RECORD_NAMES))
            cell->text = foi_strdup(w->a, rec_name);
    }
    for (size_t i = 0; i < recs->n; i++) {
        int r = (int)i + 1;
        g->row_line[r] = line_of(recs->v[i]);
        for (size_t j = 0; j < rows[i].n; j++) {
            foi_cell *cell = foi_grid_at(g, r, rows[i].v[j].col);
            cell->text = rows[i].v[j].text;
        }
    }
}

/* Rows whose children are all one repeated element without keys (<tr><td/><td/></tr>,
 * <Row><Cell/><Cell/></Row>): cells by position, no field names.  NULL name when not. */
static const char *positional_cell_name(walker *w, node_vec *recs)
{
    const char *cell = NULL;
    bool repeated = false;
    for (size_t i = 0; i < recs->n; i++) {
        if (attr_count(recs->v[i]) > 0) return NULL;
        int k = 0;
        for (xmlNodePtr c = recs->v[i]->children; c; c = c->next) {
            if (!is_elem(c)) continue;
            if (cell && strcmp(cell, NAME(c)) != 0) {
                /* th and td mix in one table */
                if (!(name_in(cell, (const char *const[]){"td", "th", NULL}) &&
                      name_in(NAME(c), (const char *const[]){"td", "th", NULL})))
                    return NULL;
            }
            if (!cell) cell = NAME(c);
            if (attr_count(c) > 0 && !attr_by_name(w, c, "colspan") &&
                !attr_by_name(w, c, "rowspan"))
                return NULL;
            k++;
        }
        if (k >= 2) repeated = true;
    }
    return repeated ? cell : NULL;
}

static void emit_positional(walker *w, xmlNodePtr parent, node_vec *recs)
{
    int ncols = 0;
    for (size_t i = 0; i < recs->n; i++) {
        int k = 0;
        for (xmlNodePtr c = recs->v[i]->children; c; c = c->next)
            if (is_elem(c)) k++;
        if (k > ncols) ncols = k;
    }
    if (ncols > MAX_COLS) ncols = MAX_COLS;
    foi_grid *g = foi_doc_add_grid(w->d, (int)recs->n, ncols);
    g->kind = foi_sprintf(w->a, "xml:%s", NAME(recs->v[0]));
    g->context = container_label(w, parent);
    g->line_locators = true;
    g->row_line = foi_alloc(w->a, recs->n * sizeof *g->row_line);
    g->first_line = line_of(recs->v[0]);
    for (size_t i = 0; i < recs->n; i++) {
        g->row_line[i] = line_of(recs->v[i]);
        int c = 0;
        for (xmlNodePtr n = recs->v[i]->children; n && c < ncols; n = n->next) {
            if (!is_elem(n)) continue;
            foi_cell *cell = foi_grid_at(g, (int)i, c++);
            cell->text = clean_text(w, n);
            cell->header = foi_streq_ci(NAME(n), "th");
        }
    }
}

/* <Totals><Total period="2020">10</Total>...</Totals>: one row across the keys.  The row is
 * labelled by the leaf name unless that only names the axis (<AllOffences><Year value=..>),
 * then by the container. */
static void emit_keyed_row(walker *w, xmlNodePtr parent, node_vec *leaves)
{
    int ncols = (int)leaves->n + 1;
    if (ncols > MAX_COLS) ncols = MAX_COLS;
    foi_grid *g = foi_doc_add_grid(w->d, 2, ncols);
    const char *leaf = NAME(leaves->v[0]);
    const char *label = name_in(leaf, AXIS_NAMES) ? NAME(parent) : leaf;
    g->kind = foi_sprintf(w->a, "xml:%s", leaf);
    g->context = container_label(w, parent);
    g->line_locators = true;
    g->row_line = foi_alloc(w->a, 2 * sizeof *g->row_line);
    g->first_line = line_of(leaves->v[0]);
    g->row_line[0] = g->row_line[1] = g->first_line;
    foi_grid_at(g, 0, 0)->header = true;
    foi_grid_at(g, 1, 0)->text = foi_strdup(w->a, label);
    for (int c = 1; c < ncols; c++) {
        xmlNodePtr n = leaves->v[c - 1];
        foi_cell *h = foi_grid_at(g, 0, c);
        h->header = true;
        h->text = attr_value(w, first_attr(n));
        foi_grid_at(g, 1, c)->text = clean_text(w, n);
    }
}

/* Record: attributes, or element children that are all leaves (no mixed content). */
static bool record_like(xmlNodePtr n)
{
    if (!has_elem_children(n)) return attr_count(n) > 0;
    if (has_direct_text(n)) return false;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_elem(c) && !is_leafish(c)) return false;
    return true;
}

static bool field_ok(walker *w, const char *raw, bool *figure)
{
    if (strlen(raw) > MAX_CELL_CHARS || looks_html(raw)) return false;
    char *t = foi_clean(w->a, raw);
    if (*t && value_like(t)) *figure = true;
    return true;
}

/* Field values short and free of markup, and some of them figures: data, not prose, feed
 * items or embedded pages. */
static bool group_is_data(walker *w, node_vec *g)
{
    bool figure = false;
    for (size_t i = 0; i < g->n; i++) {
        xmlNodePtr n = g->v[i];
        for (xmlAttrPtr p = n->properties; p; p = p->next) {
            bool fig = false;
            if (!field_ok(w, attr_value(w, p), &fig)) return false;
            /* a numbered item is not a figure */
            if (fig && !name_in((const char *)p->name, ID_NAMES)) figure = true;
        }
        if (!has_elem_children(n)) {
            /* the text of a leaf record is its figure: <row period="2021">3</row> */
            char *raw = raw_text(w, n);
            char *t = foi_clean(w->a, raw);
            if (*t && !value_like(t)) return false;
            if (!field_ok(w, raw, &figure)) return false;
        }
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (is_elem(c) && !field_ok(w, raw_text(w, c), &figure)) return false;
    }
    return figure;
}

static bool keyed_group(walker *w, node_vec *g)
{
    const char *attr = NULL;
    for (size_t i = 0; i < g->n; i++) {
        xmlNodePtr n = g->v[i];
        if (has_elem_children(n) || attr_count(n) != 1) return false;
        xmlAttrPtr p = first_attr(n);
        if (attr && strcmp(attr, (const char *)p->name) != 0) return false;
        attr = (const char *)p->name;
        char *t = clean_text(w, n);
        if (!*t || !value_like(t)) return false;
    }
    /* distinct keys; a single leaf only when its key is a period */
    for (size_t i = 0; i < g->n; i++)
        for (size_t j = i + 1; j < g->n; j++)
            if (strcmp(attr_value(w, first_attr(g->v[i])), attr_value(w, first_attr(g->v[j]))) == 0)
                return false;
    return g->n >= 2 || period_key(attr_value(w, first_attr(g->v[0])));
}

/* A lone element that is still a record: a record-ish name, or in a container named as its
 * plural (<Offences><Offence ...>). */
static bool lone_record(xmlNodePtr n, xmlNodePtr parent)
{
    if (!record_like(n)) return false;
    if (name_in(NAME(n), RECORD_NAMES)) return true;
    const char *pn = NAME(parent), *cn = NAME(n);
    size_t pl = strlen(pn), cl = strlen(cn);
    return pl > cl && strncasecmp(pn, cn, cl) == 0 &&
           (strcasecmp(pn + cl, "s") == 0 || strcasecmp(pn + cl, "es") == 0);
}

/* ---- SpreadsheetML ----------------------------------------------------------------------- */

static bool is_spreadsheetml(xmlNodePtr root)
{
    return root->ns && root->ns->href &&
           strcmp((const char *)root->ns->href, "urn:schemas-microsoft-com:office:spreadsheet") ==
               0 &&
           strcmp(NAME(root), "Workbook") == 0;
}

static xmlNodePtr child_named(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_elem(c) && strcmp(NAME(c), name) == 0) return c;
    return NULL;
}

static long attr_long(walker *w, xmlNodePtr n, const char *name, long dflt)
{
    char *v = attr_by_name(w, n, name);
    if (!v || !*v) return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return *end ? dflt : x;
}

typedef struct ss_cell {
    long r, c, across, down;
    char *text;
    bool bold;
} ss_cell;

static bool style_bold(walker *w, node_vec *bold_ids, xmlNodePtr cell)
{
    char *sid = attr_by_name(w, cell, "StyleID");
    if (!sid) return false;
    for (size_t i = 0; i < bold_ids->n; i++)
        if (strcmp(attr_by_name(w, bold_ids->v[i], "ID"), sid) == 0) return true;
    return false;
}

static void parse_worksheet(walker *w, xmlNodePtr sheet, node_vec *bold_ids)
{
    xmlNodePtr table = child_named(sheet, "Table");
    if (!table) return;
    FOI_VEC(ss_cell) cells = {0};
    long r = 0, maxr = 0, maxc = 0;
    bool any_bold = false;
    for (xmlNodePtr row = table->children; row; row = row->next) {
        if (!is_elem(row) || strcmp(NAME(row), "Row") != 0) continue;
        r = attr_long(w, row, "Index", r + 1);
        if (r < 1 || r > MAX_SHEET_CELLS) break;
        long c = 0;
        for (xmlNodePtr cell = row->children; cell; cell = cell->next) {
            if (!is_elem(cell) || strcmp(NAME(cell), "Cell") != 0) continue;
            c = attr_long(w, cell, "Index", c + 1);
            if (c < 1 || c > MAX_COLS) break;
            ss_cell sc = {r,
                          c,
                          attr_long(w, cell, "MergeAcross", 0),
                          attr_long(w, cell, "MergeDown", 0),
                          NULL,
                          false};
            if (sc.across < 0 || sc.across > MAX_COLS) sc.across = 0;
            if (sc.down < 0 || sc.down > MAX_SHEET_CELLS) sc.down = 0;
            xmlNodePtr data = child_named(cell, "Data");
            sc.text = data ? clean_text(w, data) : foi_strdup(w->a, "");
            sc.bold = style_bold(w, bold_ids, cell);
            any_bold |= sc.bold;
            if (c + sc.across > maxc) maxc = c + sc.across;
            if (r + sc.down > maxr) maxr = r + sc.down;
            FOI_VEC_PUSH(w->a, cells, sc);
            c += sc.across;
        }
    }
    if (cells.n == 0 || maxr < 1 || maxc < 1) return;
    if (maxc > MAX_COLS) maxc = MAX_COLS;
    if (maxr * maxc > MAX_SHEET_CELLS) maxr = MAX_SHEET_CELLS / maxc;
    foi_grid *g = foi_doc_add_grid(w->d, (int)maxr, (int)maxc);
    char *name = attr_by_name(w, sheet, "Name");
    g->caption = name && *name ? name : NULL;
    g->kind = "xml:Worksheet";
    g->first_line = line_of(table);
    for (size_t i = 0; i < cells.n; i++) {
        ss_cell *sc = &cells.v[i];
        if (sc->r > maxr || sc->c > maxc) continue;
        int origin = (int)((sc->r - 1) * maxc + sc->c);
        for (long rr = sc->r; rr <= sc->r + sc->down && rr <= maxr; rr++)
            for (long cc = sc->c; cc <= sc->c + sc->across && cc <= maxc; cc++) {
                foi_cell *fc = foi_grid_at(g, (int)rr - 1, (int)cc - 1);
                fc->text = sc->text;
                fc->header = sc->bold;
                fc->span_id = origin;
                fc->copy = rr != sc->r || cc != sc->c;
            }
    }
    if (!any_bold) {
        /* no styling: a first row of words is the header */
        bool words = false, numbers = false;
        for (int c = 0; c < g->ncols; c++) {
            const char *t = foi_grid_at(g, 0, c)->text;
            if (!*t) continue;
            if (value_like(t) && !has_year(t))
                numbers = true;
            else
                words = true;
        }
        if (words && !numbers)
            for (int c = 0; c < g->ncols; c++)
                foi_grid_at(g, 0, c)->header = true;
    }
}

static void parse_spreadsheetml(walker *w, xmlNodePtr root)
{
    node_vec bold = {0};
    xmlNodePtr styles = child_named(root, "Styles");
    if (styles)
        for (xmlNodePtr s = styles->children; s; s = s->next) {
            if (!is_elem(s) || strcmp(NAME(s), "Style") != 0) continue;
            xmlNodePtr font = child_named(s, "Font");
            char *b = font ? attr_by_name(w, font, "Bold") : NULL;
            if (b && strcmp(b, "1") == 0 && attr_by_name(w, s, "ID")) FOI_VEC_PUSH(w->a, bold, s);
        }
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (!is_elem(c)) continue;
        if (strcmp(NAME(c), "Worksheet") == 0) {
            parse_worksheet(w, c, &bold);
        } else if (strcmp(NAME(c), "DocumentProperties") == 0) {
            for (xmlNodePtr p = c->children; p; p = p->next)
                if (is_elem(p) && is_leafish(p)) {
                    char *t = clean_text(w, p);
                    if (*t) foi_doc_add_meta(w->d, NAME(p), t);
                    if (*t && strcmp(NAME(p), "Title") == 0 && !w->d->title) w->d->title = t;
                }
        }
    }
}

/* ---- the walk ---------------------------------------------------------------------------- */

static void walk(walker *w, xmlNodePtr e, int depth);

/* All element children of e named like n, in order. */
static void siblings_named(walker *w, xmlNodePtr e, const char *name, node_vec *out)
{
    for (xmlNodePtr c = e->children; c; c = c->next)
        if (is_elem(c) && strcmp(NAME(c), name) == 0) FOI_VEC_PUSH(w->a, *out, c);
}

static void section(walker *w, xmlNodePtr c, int depth)
{
    if (is_leafish(c)) {
        handle_leaf(w, c);
        return;
    }
    attrs_as_meta(w, c, false);
    walk(w, c, depth + 1);
}

static void walk(walker *w, xmlNodePtr e, int depth)
{
    if (depth >= MAX_DEPTH) return;
    /* names already emitted as a grid, and names whose elements are read one by one */
    FOI_VEC(const char *) done = {0};
    FOI_VEC(const char *) sections = {0};
    for (xmlNodePtr c = e->children; c; c = c->next) {
        if (!is_elem(c)) continue;
        const char *name = NAME(c);
        bool handled = false, sectioned = false;
        for (size_t i = 0; i < done.n && !handled; i++)
            handled = !strcmp(done.v[i], name);
        if (handled) continue;
        for (size_t i = 0; i < sections.n && !sectioned; i++)
            sectioned = !strcmp(sections.v[i], name);
        if (sectioned) {
            section(w, c, depth);
            continue;
        }
        node_vec group = {0};
        siblings_named(w, e, name, &group);
        if (keyed_group(w, &group)) {
            emit_keyed_row(w, e, &group);
            FOI_VEC_PUSH(w->a, done, name);
            continue;
        }
        bool records = group.n >= 2 || lone_record(c, e);
        for (size_t i = 0; records && i < group.n; i++)
            if (!record_like(group.v[i])) records = false;
        if (records && group_is_data(w, &group)) {
            if (positional_cell_name(w, &group))
                emit_positional(w, e, &group);
            else
                emit_records(w, e, &group);
            FOI_VEC_PUSH(w->a, done, name);
            continue;
        }
        if (group.n > 1) FOI_VEC_PUSH(w->a, sections, name);
        section(w, c, depth);
    }
}

static foi_doc *build(foi_arena *a, xmlNodePtr root, const char *utf8, size_t len)
{
    walker w = {a, foi_doc_new(a)};
    foi_doc *d = w.d;
    if (is_spreadsheetml(root)) {
        parse_spreadsheetml(&w, root);
    } else if (foi_streq_ci(NAME(root), "html")) {
        foi_doc *h = call_html(a, utf8, len);
        if (h) d = h;
    } else {
        attrs_as_meta(&w, root, true);
        if (is_leafish(root))
            handle_leaf(&w, root);
        else
            walk(&w, root, 1);
    }
    foi_doc_finish(d);
    return d;
}

/* Arena allocation failure jumps to the arena's trap: hold it while libxml2's tree is alive so
 * the tree is freed first, then put the caller's trap back. */
static foi_doc *__attribute__((noinline))
build_trapped(foi_arena *a, xmlNodePtr root, const char *utf8, size_t len, bool *oom)
{
    jmp_buf saved;
    memcpy(&saved, foi_arena_trap_slot(a), sizeof saved);
    foi_doc *volatile d = NULL;
    if (FOI_ARENA_TRY(a))
        d = build(a, root, utf8, len);
    else
        *oom = true;
    memcpy(foi_arena_trap_slot(a), &saved, sizeof saved);
    static const jmp_buf unset; /* an arena never trapped has a zeroed slot */
    if (memcmp(&saved, &unset, sizeof saved) == 0) foi_arena_untrap(a);
    return d;
}

foi_doc *foi_xml_parse(foi_arena *a, const char *utf8, size_t len, const char **why)
{
    const char *dummy;
    if (!why) why = &dummy;
    *why = NULL;
    if (!utf8 || len == 0) {
        *why = "empty document";
        return NULL;
    }
    if (len > MAX_INPUT_BYTES || len > INT_MAX) {
        *why = "document too large";
        return NULL;
    }
    xmlDocPtr xd = read_xml(utf8, len, why);
    if (!xd) return NULL;
    xmlNodePtr root = xmlDocGetRootElement(xd);
    if (!root) {
        xmlFreeDoc(xd);
        *why = "empty document";
        return NULL;
    }

    bool oom = false;
    foi_doc *d = build_trapped(a, root, utf8, len, &oom);
    if (oom) *why = "out of memory";
    xmlFreeDoc(xd);
    return d;
}
