/* The date a reply says its data were extracted: it closes "to date" periods when the reply
 * itself carries no date. */
#include <string.h>

#include "normalize/meta.h"
#include "normalize/period.h"
#include "util/str.h"

const char *foi_extraction_date(foi_arena *a, const char *text)
{
    static const char *const cues[] = {"extracted on",  "extracted:",   "extraction date",
                                       "correct as at", "correct as of", "data as at",
                                       "data as of",    "figures as at", "accurate as at",
                                       "date of extraction", NULL};
    if (!text) return NULL;
    for (int i = 0; cues[i]; i++) {
        const char *p = foi_strcasestr(text, cues[i]);
        if (!p) continue;
        p += strlen(cues[i]);
        while (*p == ' ' || *p == ':') p++;
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
            while (t > 0 && (win[t - 1] == '.' || win[t - 1] == ',' || win[t - 1] == ' ')) t--;
            win[t] = 0;
            if (foi_date_parse(win, out)) return foi_strdup(a, out);
        }
    }
    return NULL;
}
