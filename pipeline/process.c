#include "pipeline/process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/csv.h"
#include "parsers/grid.h"
#include "parsers/html.h"
#include "parsers/prose.h"
#include "parsers/text.h"
#include "parsers/xml.h"
#include "util/sha256.h"
#include "util/str.h"

static void unreadable(foi_arena *a, foi_file_result *out, const char *status, const char *kind,
                       const char *detail)
{
    out->status = status;
    foi_diag_add(a, &out->diags, "", kind, detail, "");
}

/* Names whose zip/OLE content is expected: a real attachment, not junk. */
static bool office_name(const char *rel)
{
    static const char *const ext[] = {".xlsx", ".xls", ".docx", ".doc",  ".ods", ".odt",
                                      ".pptx", ".zip", ".msg",  ".xlsm", NULL};
    size_t n = strlen(rel);
    for (int i = 0; ext[i]; i++) {
        size_t k = strlen(ext[i]);
        if (n >= k && !strcasecmp(rel + n - k, ext[i])) return true;
    }
    return false;
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

    foi_decoded dec = foi_sniff_decode(a, bytes, n, rel);
    out->format = foi_format_name(dec.format);
    out->encoding = dec.encoding;
    switch (dec.format) {
    case FOI_FMT_EMPTY:
        unreadable(a, out, "unreadable", "unreadable", "empty file");
        return;
    case FOI_FMT_BINARY:
        unreadable(a, out, "unreadable", "unreadable", "binary data, not a reply foitab can read");
        return;
    case FOI_FMT_ARCHIVE:
        if (office_name(rel))
            unreadable(a, out, "unsupported", "unsupported_format",
                       "an Office/zip document (XLSX, DOCX, ODS, ...): not read yet");
        else
            unreadable(a, out, "unreadable", "unreadable",
                       "archive bytes under a name that promises a text reply");
        return;
    case FOI_FMT_PDF:
        unreadable(a, out, "unsupported", "unsupported_format", "PDF: not read yet");
        return;
    default:
        break;
    }
    if (dec.had_nul)
        foi_diag_add(a, &out->diags, "", "encoding", "NUL bytes removed from the text", "");

    foi_doc *doc = NULL;
    const char *why = NULL;
    switch (dec.format) {
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
    if (!doc) {
        unreadable(a, out, "unreadable", "unreadable",
                   foi_sprintf(a, "%s could not be parsed%s%s", out->format, why ? ": " : "",
                               why ? why : ""));
        return;
    }
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
