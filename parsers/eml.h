/* parsers/eml: e-mail messages (.eml, RFC 5322 + MIME) -> headers, a chosen text body and the
 * attachments as decoded bytes.  MIME is read here in plain C: folded headers, RFC 2047 encoded
 * words, RFC 2231 parameters, nested multiparts, base64 and quoted-printable, charsets via
 * iconv.  The quoted original message trailing a reply is split off the body.  Everything
 * returned is owned by the arena; hostile input is bounded by the caps below.
 */
#ifndef FOI_PARSERS_EML_H
#define FOI_PARSERS_EML_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/doc.h"
#include "util/mem.h"

/* Larger input is refused: no FOI reply by e-mail comes near it, and it bounds all the rest. */
#define FOI_EML_MAX_BYTES ((size_t)64 << 20)
/* Multipart nesting: real mail is 3-4 deep (mixed > related > alternative); deeper is a bomb. */
#define FOI_EML_MAX_DEPTH 12
/* Leaves kept: real replies have a body or two and a few attachments. */
#define FOI_EML_MAX_PARTS 256
/* Header fields read per header block, and bytes of one unfolded field. */
#define FOI_EML_MAX_FIELDS 1000
#define FOI_EML_MAX_FIELD_BYTES ((size_t)64 << 10)
/* Text converted to UTF-8 per part (conversion may triple the size); the rest is dropped. */
#define FOI_EML_MAX_TEXT ((size_t)16 << 20)
/* Sum of decoded part bytes: decoding never grows data, so this only guards the invariant. */
#define FOI_EML_MAX_DECODED ((size_t)128 << 20)

typedef struct foi_mime_part {
    char *type;      /* lower-case media type "text/plain", "application/pdf", ... */
    char *filename;  /* decoded (RFC 2231 / RFC 2047) attachment name, NULL for a body */
    bool attachment; /* Content-Disposition: attachment, a named non-text part, message/rfc822 */
    unsigned char *bytes; /* transfer-decoded (base64, quoted-printable); NUL-terminated */
    size_t len;
    char *text;    /* text/plain and text/html parts: UTF-8 from the part's charset, else NULL */
    char *charset; /* lower-case charset parameter, NULL when none */
    bool embedded; /* shown inside the body (Content-ID in multipart/related, or disposition
                      inline): a signature logo or pasted picture rather than a sent file */
} foi_mime_part;

typedef struct foi_eml {
    char *subject, *from, *to, *date; /* decoded header values (RFC 2047), NULL if absent */
    char *headers_text; /* "From: ...\nSent: ...\nTo: ...\nSubject: ...\n" as a reader sees
                           them (display-name quotes removed, Sent: as "10 October 2024 13:21") */
    FOI_VEC(foi_mime_part)
    parts;           /* leaves in document order (multipart flattened,
                        message/rfc822 kept as one part: parse it again to read it) */
    char *body_text; /* the chosen body as UTF-8: the inline text/plain parts, or the first
                        text/html part when there is no plain one (body_is_html); "" if none */
    bool body_is_html;
    char *quoted;    /* the original message trailing a plain-text reply (after "-----Original
                        Message-----", "____" + From:/Sent:, "On ... wrote:"), NULL if none */
    int quoted_line; /* 1-based line of the uncut body_text where quoted began */
    FOI_VEC(char *)
    notes; /* one sentence each for Review: parts dropped at a cap, truncated
              multipart, unknown charset read as Windows-1252 */
} foi_eml;

/* True when bytes start with an RFC 5322 header block that has MIME-Version or Content-Type and
 * From, Date or Subject.  A plain RFC 822 message without MIME headers gives false: the text
 * parser already reads such a message (From:/Sent:/Subject: lines, then the body); it can still
 * be given to foi_eml_parse (e.g. a file named .eml). */
bool foi_eml_sniff(const unsigned char *bytes, size_t n);

/* NULL and *fail ("unreadable") when the bytes are not a message or exceed FOI_EML_MAX_BYTES.
 * A truncated message gives what is there, with a note. */
foi_eml *foi_eml_parse(foi_arena *a, const unsigned char *bytes, size_t n, foi_fail *fail);

/* Decoders, exposed for tests and for other containers.  Output is arena-owned and
 * NUL-terminated; *out_len gets the decoded length. */
unsigned char *foi_eml_base64(foi_arena *a, const char *s, size_t n, size_t *out_len);
unsigned char *foi_eml_qp(foi_arena *a, const char *s, size_t n, size_t *out_len);
/* Bytes in charset (NULL = unknown) -> UTF-8.  Unknown charsets and invalid UTF-8 bytes are
 * read as Windows-1252 (ISO-8859-1 is read as Windows-1252, as browsers do); NUL bytes dropped.
 * *unknown (may be NULL) is set when the charset was not recognised. */
char *foi_eml_to_utf8(foi_arena *a, const char *charset, const unsigned char *s, size_t n,
                      bool *unknown);
/* A header value with RFC 2047 encoded words decoded, to UTF-8. */
char *foi_eml_decode_words(foi_arena *a, const char *s);

#endif
