/* What a reply says about its own figures outside the tables: the date its data were
 * extracted, and its footnotes. */
#include <string.h>
#include <strings.h>

#include "normalize/meta.h"
#include "normalize/period.h"
#include "util/str.h"

const char *foi_extraction_date(foi_arena *a, const char *text)
{
    static const char *const cues[] = {"extracted on",
                                       "extracted:",
                                       "extraction date",
                                       "correct as at",
                                       "correct as of",
                                       "data as at",
                                       "data as of",
                                       "figures as at",
                                       "accurate as at",
                                       "date of extraction",
                                       NULL};
    if (!text) return NULL;
    for (int i = 0; cues[i]; i++) {
        const char *p = foi_strcasestr(text, cues[i]);
        if (!p) continue;
        p += strlen(cues[i]);
        while (*p == ' ' || *p == ':')
            p++;
        /* the date runs to the end of the sentence or line: try shrinking windows */
        char win[48];
        size_t n = strcspn(p, "\n;)");
        if (n >= sizeof win) n = sizeof win - 1;
        memcpy(win, p, n);
        win[n] = 0;
        for (size_t k = n; k >= 6; k--) {
            win[k] = 0;
            char out[11];
            size_t t = k;
            while (t > 0 && (win[t - 1] == '.' || win[t - 1] == ',' || win[t - 1] == ' '))
                t--;
            win[t] = 0;
            if (foi_date_parse(win, out)) return foi_strdup(a, out);
        }
    }
    return NULL;
}

/* The length of a note marker at t ("*", "**", a dagger or superscript digit, "(a)"), 0 if
 * none. */
static size_t note_marker(const char *t)
{
    size_t k = 0;
    while (t[k] == '*')
        k++;
    if (k) return k;
    static const char *const glyphs[] = {"\xE2\x80\xA0", "\xE2\x80\xA1", "\xC2\xB9",
                                         "\xC2\xB2",     "\xC2\xB3",     NULL};
    for (int g = 0; glyphs[g]; g++)
        if (!strncmp(t, glyphs[g], strlen(glyphs[g]))) return strlen(glyphs[g]);
    if (t[0] == '(' && t[1] && t[2] == ')' &&
        ((t[1] >= 'a' && t[1] <= 'e') || (t[1] >= '1' && t[1] <= '9')))
        return 3;
    return 0;
}

/* A note that names the markers it explains in a parenthesis instead of leading with one:
 * "... held from then until 22 March 2023 (* and ** in the table)."  The parenthesis holds
 * only markers and linking words; each marker gets the whole note. */
static void inline_markers(const char *t, void (*add)(void *, const char *, size_t, const char *),
                           void *env)
{
    static const char *const words[] = {"and",     "or",      "in",      "the",      "table",
                                        "tables",  "above",   "below",   "marked",   "see",
                                        "column",  "columns", "heading", "headings", "header",
                                        "headers", "year",    "years",   "&",        NULL};
    for (const char *p = strchr(t, '('); p; p = strchr(p + 1, '(')) {
        /* the parenthesis, nested "(a)" markers included */
        int depth = 0;
        const char *q = p;
        for (; *q; q++) {
            if (*q == '(') depth++;
            if (*q == ')' && --depth == 0) break;
        }
        if (!*q) return;
        const char *mk[8];
        size_t ml[8];
        int nm = 0;
        bool ok = true;
        for (const char *w = p + 1; w < q && ok;) {
            while (w < q && (*w == ' ' || *w == ','))
                w++;
            if (w >= q) break;
            size_t k = note_marker(w);
            if (k && w + k <= q) {
                if (nm < 8) {
                    mk[nm] = w;
                    ml[nm++] = k;
                }
                w += k;
                continue;
            }
            size_t n = 0;
            while (w + n < q && w[n] != ' ' && w[n] != ',')
                n++;
            bool known = false;
            for (int i = 0; words[i] && !known; i++)
                known = strlen(words[i]) == n && !strncasecmp(w, words[i], n);
            ok = known;
            w += n;
        }
        if (ok)
            for (int i = 0; i < nm; i++)
                add(env, mk[i], ml[i], t);
        p = q;
    }
}

typedef struct notes {
    foi_arena *a;
    FOI_VEC(const char *) mk;
    FOI_VEC(const char *) tx;
} notes;

static void add_note(void *env, const char *marker, size_t n, const char *text)
{
    notes *ns = env;
    FOI_VEC_PUSH(ns->a, ns->mk, foi_strndup(ns->a, marker, n));
    FOI_VEC_PUSH(ns->a, ns->tx, text);
}

void foi_meta_footnotes(foi_arena *a, const foi_doc *doc, foi_meta *m)
{
    notes ns = {.a = a};
    for (size_t i = 0; i < doc->blocks.n; i++) {
        const char *t = doc->blocks.v[i].text;
        size_t k = note_marker(t);
        /* "(a) Niche was introduced ..." */
        if (k == 3 && t[0] == '(' && t[3] != ' ') k = 0;
        if (!k || !t[k]) continue;
        const char *rest = t + k;
        while (*rest == ' ' || *rest == '=' || *rest == ':')
            rest++;
        add_note(&ns, t, k, rest);
    }
    /* notes that name their markers at the end come after those that lead with one */
    for (size_t i = 0; i < doc->blocks.n; i++)
        if (doc->blocks.v[i].kind != FOI_BLOCK_QUOTE)
            inline_markers(doc->blocks.v[i].text, add_note, &ns);
    m->fn_marker = ns.mk.v;
    m->fn_text = ns.tx.v;
    m->nfn = ns.mk.n;
}
