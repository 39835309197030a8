#include "pipeline/process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/csv.h"
#include "parsers/docx.h"
#include "parsers/eml.h"
#include "parsers/grid.h"
#include "parsers/html.h"
#include "parsers/pdf.h"
#include "parsers/prose.h"
#include "parsers/spreadsheet.h"
#include "parsers/text.h"
#include "parsers/xml.h"
#include "util/sha256.h"
#include "util/str.h"
#include "util/zip.h"

static void unreadable(foi_arena *a, foi_file_result *out, const char *status, const char *kind,
                       const char *detail)
{
    out->status = status;
    foi_diag_add(a, &out->diags, "", kind, detail, "");
}

/* Legacy binary Office names: an OLE2 file under one of these is a real (old) attachment. */
static bool legacy_name(const char *rel)
{
    static const char *const ext[] = {".xls", ".doc", ".msg", ".ppt", ".xlt", ".dot", NULL};
    const char *dot = strrchr(rel, '.');
    for (int i = 0; dot && ext[i]; i++)
        if (!strcasecmp(dot, ext[i])) return true;
    return false;
}

/* An OLE2 file holding an "EncryptedPackage" stream is a password-protected DOCX/XLSX. */
static bool ole_encrypted(const unsigned char *b, size_t n)
{
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    return memmem(b, n, name, sizeof name - 1) != NULL;
}

enum { MAX_PART_DEPTH = 3 }; /* e-mail in e-mail in e-mail: deeper is not a reply */

typedef struct part_info {
    const char *format, *encoding;
    bool had_nul;
} part_info;

static foi_doc *parse_part(foi_arena *a, const char *name, const unsigned char *bytes, size_t n,
                           int depth, part_info *info, foi_fail *fail, foi_diag_vec *diags);

static foi_doc *parse_text_as(foi_arena *a, const char *text, size_t len, bool html)
{
    return html ? foi_html_parse(a, text, len) : foi_text_parse(a, text, len);
}

/* An e-mail: the letter (headers and chosen body) is the document; every attachment is read as
 * a part of it, its grids and blocks carrying the attachment's name for their locators. */
static foi_doc *parse_eml(foi_arena *a, const unsigned char *bytes, size_t n, int depth,
                          foi_fail *fail, foi_diag_vec *diags)
{
    foi_eml *m = foi_eml_parse(a, bytes, n, fail);
    if (!m) return NULL;
    foi_doc *doc = NULL;
    if (m->body_text && m->body_is_html) {
        doc = foi_text_parse(a, m->headers_text ? m->headers_text : "",
                             m->headers_text ? strlen(m->headers_text) : 0);
        foi_doc *body = foi_html_parse(a, m->body_text, strlen(m->body_text));
        if (doc && body)
            foi_doc_merge(doc, body, 0);
        else if (body)
            doc = body;
    } else {
        char *t = foi_sprintf(a, "%s\n%s", m->headers_text ? m->headers_text : "",
                              m->body_text ? m->body_text : "");
        doc = parse_text_as(a, t, strlen(t), false);
    }
    if (!doc) doc = foi_doc_new(a);
    if (!doc->title && m->subject) doc->title = m->subject;
    if (m->quoted) foi_doc_add_block(doc, FOI_BLOCK_QUOTE, m->quoted, 0);
    for (size_t i = 0; i < m->notes.n; i++)
        foi_diag_add(a, diags, "", "unparsed_text", m->notes.v[i], "");
    for (size_t i = 0; i < m->parts.n; i++) {
        const foi_mime_part *p = &m->parts.v[i];
        if (!p->attachment || p->embedded) continue;
        const char *pname = p->filename && *p->filename
                                ? p->filename
                                : foi_sprintf(a, "attachment %zu (%s)", i + 1, p->type);
        /* logos and signature images are not replies; a large image may be a scanned one */
        if (!strncmp(p->type, "image/", 6)) {
            if (p->len > 100 * 1024)
                foi_diag_add(a, diags, pname, "unsupported_format",
                             "an image attachment: figures in images are not read (needs OCR)", "");
            continue;
        }
        part_info info = {0};
        foi_fail pf = {0};
        foi_doc *sub = parse_part(a, pname, p->bytes, p->len, depth + 1, &info, &pf, diags);
        if (!sub) {
            foi_diag_add(a, diags, pname,
                         !strcmp(pf.status, "unsupported") ? "unsupported_format" : "unreadable",
                         foi_sprintf(a, "attachment %s: %s", pname, pf.detail), "");
            continue;
        }
        foi_doc_finish(sub);
        foi_doc_set_source(sub, pname);
        foi_doc_merge(doc, sub, 0);
    }
    return doc;
}

static foi_doc *parse_zip(foi_arena *a, const unsigned char *bytes, size_t n, part_info *info,
                          foi_fail *fail)
{
    foi_zip *z = foi_zip_open(a, bytes, n, fail);
    if (!z) return NULL;
    const char *kind = foi_zip_kind(z);
    foi_zip_close(z);
    info->format = kind;
    if (!strcmp(kind, "xlsx")) return foi_xlsx_parse(a, bytes, n, fail);
    if (!strcmp(kind, "ods")) return foi_ods_parse(a, bytes, n, fail);
    if (!strcmp(kind, "docx")) return foi_docx_parse(a, bytes, n, fail);
    if (!strcmp(kind, "odt")) return foi_odt_parse(a, bytes, n, fail);
    if (!strcmp(kind, "zip"))
        *fail = (foi_fail){"unsupported", "a zip archive: unpack it into the folder to read its "
                                          "replies"};
    else
        *fail = (foi_fail){"unsupported",
                           foi_sprintf(a, "a %s presentation: not a format replies use", kind)};
    return NULL;
}

/* Any part, by its content: the file itself or an e-mail's attachment.  NULL and *fail when
 * it gives no document; info gets the format and encoding. */
static foi_doc *parse_part(foi_arena *a, const char *name, const unsigned char *bytes, size_t n,
                           int depth, part_info *info, foi_fail *fail, foi_diag_vec *diags)
{
    foi_decoded dec = foi_sniff_decode(a, bytes, n, name);
    info->format = foi_format_name(dec.format);
    info->encoding = dec.encoding;
    info->had_nul = dec.had_nul;
    const char *why = NULL;
    foi_doc *doc = NULL;
    switch (dec.format) {
    case FOI_FMT_EMPTY:
        *fail = (foi_fail){"unreadable", "empty file"};
        return NULL;
    case FOI_FMT_BINARY:
        *fail = (foi_fail){"unreadable", "binary data, not a reply foitab can read"};
        return NULL;
    case FOI_FMT_ARCHIVE:
        *fail = (foi_fail){"unsupported",
                           "a compressed archive (gzip, rar, 7z): unpack it into the folder"};
        return NULL;
    case FOI_FMT_OLE:
        if (ole_encrypted(bytes, n))
            *fail = (foi_fail){"unsupported", "encrypted (password-protected) Office document"};
        else if (legacy_name(name))
            *fail = (foi_fail){"unsupported",
                               "a legacy binary Office file (.doc/.xls/.msg): save it as "
                               "DOCX, XLSX or PDF"};
        else
            *fail = (foi_fail){"unreadable",
                               "Office binary bytes under a name that promises a text reply"};
        return NULL;
    case FOI_FMT_PDF:
        return foi_pdf_parse(a, bytes, n, fail);
    case FOI_FMT_ZIP:
        return parse_zip(a, bytes, n, info, fail);
    case FOI_FMT_EML:
        if (depth >= MAX_PART_DEPTH) {
            *fail = (foi_fail){"unsupported", "e-mail nested too deeply"};
            return NULL;
        }
        return parse_eml(a, bytes, n, depth, fail, diags);
    case FOI_FMT_HTML:
        doc = foi_html_parse(a, dec.text, dec.len);
        break;
    case FOI_FMT_XML:
        doc = foi_xml_parse(a, dec.text, dec.len, &why);
        break;
    case FOI_FMT_CSV:
        doc = foi_csv_parse(a, dec.text, dec.len);
        break;
    default:
        doc = foi_text_parse(a, dec.text, dec.len);
        break;
    }
    if (!doc)
        *fail = (foi_fail){"unreadable", foi_sprintf(a, "%s could not be parsed%s%s", info->format,
                                                     why ? ": " : "", why ? why : "")};
    return doc;
}

/* What a container parser noted about itself (truncation, hidden sheets, tables whose layout it
 * could not be sure of) goes to Review.  An uncertain grid is taken out: a figure read under
 * the wrong label is worse than one not read. */
static void container_notes(foi_arena *a, foi_doc *doc, foi_diag_vec *diags)
{
    size_t kept = 0;
    /* kept_before[i]: grids kept among the first i, to renumber the blocks' after_grid */
    size_t *kept_before = foi_alloc(a, (doc->grids.n + 1) * sizeof *kept_before);
    for (size_t i = 0; i < doc->grids.n; i++) {
        kept_before[i] = kept;
        foi_grid *g = doc->grids.v[i];
        const char *k = g->kind ? strrchr(g->kind, ':') : NULL;
        if (k && !strcmp(k, ":uncertain")) {
            foi_diag_add(a, diags, foi_grid_where(a, g, 0, 0), "unparsed_table",
                         "a table whose layout could not be rebuilt with certainty: its figures "
                         "were not read",
                         "read the table in the original document");
            continue;
        }
        doc->grids.v[kept++] = g;
    }
    kept_before[doc->grids.n] = kept;
    for (size_t i = 0; kept < doc->grids.n && i < doc->blocks.n; i++) {
        foi_block *b = &doc->blocks.v[i];
        if (b->after_grid >= 0 && (size_t)b->after_grid <= doc->grids.n)
            b->after_grid = (int)kept_before[b->after_grid];
    }
    doc->grids.n = kept;
    for (size_t i = 0; i < doc->meta.n; i++) {
        const char *kv = doc->meta.v[i];
        const char *tab = strchr(kv, '\t');
        if (!tab || !memmem(kv, (size_t)(tab - kv), "truncated", 9)) continue;
        foi_diag_add(a, diags, "", "truncated",
                     foi_sprintf(a, "only part of the document was read: %s", tab + 1), "");
    }
    for (size_t i = 0; i < doc->grids.n; i++) {
        const foi_grid *g = doc->grids.v[i];
        if (!g->hidden) continue;
        foi_diag_add(a, diags, foi_grid_where(a, g, 0, 0), "hidden_sheet",
                     foi_sprintf(a, "%s%s%s is hidden in the workbook; its figures are read",
                                 g->label ? g->label : "a sheet", g->caption ? " " : "",
                                 g->caption ? g->caption : ""),
                     "");
    }
}

static const char *decide_status(const foi_file_result *r)
{
    if (r->records.n > 0) return "data";
    if (r->meta.refused) return "refused";
    if (r->meta.not_held) return "not_held";
    if (r->meta.nil) return "nil";
    return "no_figures";
}

void foi_process_bytes(const foi_rules *rules, foi_arena *a, const char *rel,
                       const unsigned char *bytes, size_t n, foi_file_result *out)
{
    memset(out, 0, sizeof *out);
    out->rel = foi_strdup(a, rel);
    char hex[65];
    foi_sha256_hex(bytes, n, hex);
    out->sha256 = foi_strdup(a, hex);
    out->meta.force_code = out->meta.force = out->meta.reply_date = out->meta.reference = "";
    out->meta.platform = out->meta.refusal = "";

    part_info info = {.format = "unknown", .encoding = ""};
    foi_fail fail = {0};
    foi_doc *doc = parse_part(a, rel, bytes, n, 0, &info, &fail, &out->diags);
    out->format = info.format;
    out->encoding = info.encoding;
    if (info.had_nul)
        foi_diag_add(a, &out->diags, "", "encoding", "NUL bytes removed from the text", "");
    if (!doc) {
        bool unsupported = !strcmp(fail.status, "unsupported");
        unreadable(a, out, fail.status, unsupported ? "unsupported_format" : "unreadable",
                   fail.detail);
        return;
    }
    container_notes(a, doc, &out->diags);
    foi_doc_finish(doc);
    out->doc = doc;

    foi_meta_read(rules, a, doc, rel, &out->meta, &out->diags);
    out->meta.period_close = out->meta.reply_date;
    out->meta.extracted = foi_extraction_date(a, doc->text);
    foi_meta_footnotes(a, doc, &out->meta);

    foi_grid_ctx ctx = {.rules = rules,
                        .suppress = &out->meta.suppress,
                        .reply_date = out->meta.reply_date,
                        .extracted = out->meta.extracted,
                        .meta = &out->meta,
                        .out = &out->raws,
                        .diags = &out->diags};
    foi_grid_interpret(a, doc, &ctx);
    /* A sentence is never tens of kilobytes: such a block is flattened data or junk.  It is
     * reported and kept out of the prose extractor, whose rules would take minutes on it. */
    for (size_t i = 0; i < doc->blocks.n; i++) {
        foi_block *b = &doc->blocks.v[i];
        size_t len = strlen(b->text);
        if (len <= FOI_MAX_PROSE_BYTES || b->kind == FOI_BLOCK_QUOTE) continue;
        foi_diag_add(
            a, &out->diags, b->line > 0 ? foi_sprintf(a, "line %d", b->line) : "", "unparsed_text",
            foi_sprintf(a, "a paragraph of %zu bytes is too long to read as prose", len), "");
        b->kind = FOI_BLOCK_QUOTE;
    }
    foi_prose_extract(a, doc, &ctx);
    out->trace.v = ctx.trace.v;
    out->trace.n = ctx.trace.n;
    out->trace.cap = ctx.trace.cap;

    for (size_t i = 0; i < out->raws.n; i++) {
        foi_record rec;
        if (foi_record_make(rules, a, &out->meta, out->rel, &out->raws.v[i], &rec, &out->diags))
            FOI_VEC_PUSH(a, out->records, rec);
    }
    foi_records_validate(a, &out->records, &out->diags);
    out->status = decide_status(out);
    if (!strcmp(out->status, "no_figures"))
        foi_diag_add(a, &out->diags, "", "no_figures",
                     out->meta.attachment_only
                         ? "the reply refers to an attachment that is not in the folder"
                         : "no figures found in the reply",
                     "");
}

void foi_process_file(const foi_rules *rules, foi_arena *a, const char *path, const char *rel,
                      foi_file_result *out)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    const char *err = NULL;
    if (fd < 0)
        err = strerror(errno);
    else if (fstat(fd, &st) != 0)
        err = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        err = "not a regular file";
    else if ((unsigned long long)st.st_size > FOI_MAX_FILE_BYTES)
        err = foi_sprintf(a, "file too large (%lld bytes; limit %u)", (long long)st.st_size,
                          FOI_MAX_FILE_BYTES);
    unsigned char *buf = NULL;
    size_t n = 0;
    if (!err) {
        size_t cap = (size_t)st.st_size + 1;
        buf = foi_alloc(a, cap);
        while (n < cap - 1) {
            ssize_t k = read(fd, buf + n, cap - 1 - n);
            if (k < 0 && errno == EINTR) continue;
            if (k < 0) {
                err = strerror(errno);
                break;
            }
            if (k == 0) break; /* truncated while we read: use what is there */
            n += (size_t)k;
        }
    }
    if (fd >= 0) close(fd);
    if (err) {
        out->rel = foi_strdup(a, rel);
        out->sha256 = "";
        out->format = "unknown";
        out->encoding = "";
        out->meta.force_code = out->meta.force = out->meta.reply_date = out->meta.reference = "";
        out->meta.platform = out->meta.refusal = "";
        unreadable(a, out, "unreadable", "unreadable", foi_sprintf(a, "cannot read: %s", err));
        return;
    }
    foi_process_bytes(rules, a, rel, buf, n, out);
}
