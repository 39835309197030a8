/* Fuzz period and date parsing: foi_period_parse, foi_period_find and foi_date_parse on any
 * NUL-terminated bytes.  Input: "reply date \n text".  Results must be well-formed dates and
 * a found phrase must lie inside the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/period.h"

static void check_date(const char *s, int may_be_empty)
{
    if (!*s && may_be_empty) return;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') abort();
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) abort();
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31) abort();
}

static void check_period(const foi_period *p)
{
    if (memchr(p->start, 0, sizeof p->start) == NULL) abort();
    if (memchr(p->end, 0, sizeof p->end) == NULL) abort();
    check_date(p->start, 0);
    check_date(p->end, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = 0;
    char *text = buf;
    const char *reply = NULL;
    char *nl = memchr(buf, '\n', size);
    if (nl) {
        *nl = 0;
        reply = buf;
        text = nl + 1;
    }
    foi_period p;
    memset(&p, 0x55, sizeof p); /* garbage in: the parser must write terminated strings */
    if (foi_period_parse(text, reply, &p)) check_period(&p);
    int ms = -1, ml = -1;
    memset(&p, 0x55, sizeof p);
    if (foi_period_find(text, reply, &p, &ms, &ml)) {
        check_period(&p);
        size_t tl = strlen(text);
        if (ms < 0 || ml < 0 || (size_t)ms + (size_t)ml > tl) abort();
    }
    char day[11];
    memset(day, 0x55, sizeof day);
    if (foi_date_parse(text, day)) check_date(day, 0);
    free(buf);
    return 0;
}
