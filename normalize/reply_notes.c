/* What a reply says about its own figures outside the tables: the date its data were
 * extracted, and its footnotes. */
#include <string.h>

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

void foi_meta_footnotes(foi_arena *a, const foi_doc *doc, foi_meta *m)
{
    FOI_VEC(const char *) mk = {0};
    FOI_VEC(const char *) tx = {0};
    for (size_t i = 0; i < doc->blocks.n; i++) {
        const char *t = doc->blocks.v[i].text;
        size_t k = 0;
        while (t[k] == '*')
            k++;
        if (!k) {
            static const char *const glyphs[] = {"\xE2\x80\xA0", "\xE2\x80\xA1", "\xC2\xB9",
                                                 "\xC2\xB2",     "\xC2\xB3",     NULL};
            for (int g = 0; glyphs[g] && !k; g++)
                if (!strncmp(t, glyphs[g], strlen(glyphs[g]))) k = strlen(glyphs[g]);
        }
        /* "(a) Niche was introduced ..." */
        if (!k && t[0] == '(' && t[1] && t[2] == ')' && t[3] == ' ' &&
            ((t[1] >= 'a' && t[1] <= 'e') || (t[1] >= '1' && t[1] <= '9')))
            k = 3;
        if (!k || !t[k]) continue;
        const char *rest = t + k;
        while (*rest == ' ' || *rest == '=' || *rest == ':')
            rest++;
        FOI_VEC_PUSH(a, mk, foi_strndup(a, t, k));
        FOI_VEC_PUSH(a, tx, rest);
    }
    m->fn_marker = mk.v;
    m->fn_text = tx.v;
    m->nfn = mk.n;
}
