/* normalize/platform: platform names -> canonical platform.
 *
 * Matching works on words (ASCII letters and digits; everything else separates), so "Tik-Tok",
 * "Tik Tok" and "TikTok" meet, and "Twitter/X" is two words.  Names that are also ordinary
 * English words ("Signal", "Threads", "Discord") count in running text only when capitalised.
 */
#include "normalize/platform.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/mem.h"

enum {
    P_CASE = 1 << 0,  /* in running text only when capitalised (a common English word) */
    P_LABEL = 1 << 1, /* only when the alias is the whole label ("X", "FB") */
};

typedef struct plat_alias {
    const char *name;  /* canonical */
    const char *words; /* lower-case words separated by one space */
    unsigned flags;
} plat_alias;

/* Longer aliases first for the same platform so "x formerly twitter" wins over "twitter". */
static const plat_alias ALIASES[] = {
    {"TikTok", "tiktok", 0},
    {"TikTok", "tik tok", 0},
    {"TikTok", "tiktoks", 0},
    {"TikTok", "tik toks", 0},
    {"TikTok", "tic toc", 0},
    {"TikTok", "tictok", 0},
    {"Snapchat", "snapchat", 0},
    {"Snapchat", "snap chat", 0},
    {"Snapchat", "snapchats", 0},
    {"Snapchat", "snap", P_LABEL},
    {"Instagram", "instagram", 0},
    {"Instagram", "insta gram", 0},
    {"Instagram", "insta", 0},
    {"Instagram", "ig", P_LABEL},
    {"Messenger", "facebook messenger", 0},
    {"Messenger", "fb messenger", 0},
    {"Messenger", "messenger", P_CASE},
    {"Facebook", "facebook", 0},
    {"Facebook", "face book", 0},
    {"Facebook", "fb", P_LABEL},
    {"WhatsApp", "whatsapp", 0},
    {"WhatsApp", "whats app", 0},
    {"WhatsApp", "what s app", 0},
    {"WhatsApp", "whatsap", 0},
    {"X", "x formerly known as twitter", 0},
    {"X", "x formerly twitter", 0},
    {"X", "x previously twitter", 0},
    {"X", "twitter now x", 0},
    {"X", "twitter now known as x", 0},
    {"X", "x twitter", 0},
    {"X", "twitter x", 0},
    {"X", "twitter", 0},
    {"X", "tweet", 0},
    {"X", "tweets", 0},
    {"X", "x com", 0},
    {"X", "x", P_LABEL},
    {"YouTube", "youtube", 0},
    {"YouTube", "you tube", 0},
    {"Discord", "discord", P_CASE},
    {"Telegram", "telegram", P_CASE},
    {"Twitch", "twitch", P_CASE},
    {"Reddit", "reddit", 0},
    {"LinkedIn", "linkedin", 0},
    {"LinkedIn", "linked in", P_CASE},
    {"Threads", "threads", P_CASE},
    {"Kik", "kik", P_CASE},
    {"Kik", "kik messenger", 0},
    {"Omegle", "omegle", 0},
    {"Roblox", "roblox", 0},
    {"Tinder", "tinder", P_CASE},
    {"Grindr", "grindr", 0},
    {"Pinterest", "pinterest", 0},
    {"Tumblr", "tumblr", 0},
    {"Signal", "signal", P_CASE},
    {"Skype", "skype", 0},
    {"Zoom", "zoom", P_CASE},
    {"Yubo", "yubo", 0},
    {"BeReal", "bereal", 0},
    {"Viber", "viber", 0},
    {"WeChat", "wechat", 0},
    {"iMessage", "imessage", 0},
    {"FaceTime", "facetime", 0},
    {"OnlyFans", "onlyfans", 0},
    {"OnlyFans", "only fans", P_CASE},
    {"Hinge", "hinge", P_CASE},
    {"Bumble", "bumble", P_CASE},
    {"Badoo", "badoo", 0},
    {"Plenty of Fish", "plenty of fish", P_CASE},
    {"Fortnite", "fortnite", 0},
    {"Minecraft", "minecraft", 0},
    {"Xbox", "xbox", 0},
    {"Xbox", "xbox live", 0},
    {"PlayStation", "playstation", 0},
    {"PlayStation", "playstation network", 0},
    {"Steam", "steam", P_CASE},
    {"Vinted", "vinted", 0},
    {"Periscope", "periscope", P_CASE},
    {"Houseparty", "houseparty", 0},
    {"Wizz", "wizz", P_CASE},
    {"Monkey", "monkey app", 0},
};
#define N_ALIASES (sizeof ALIASES / sizeof ALIASES[0])

/* Words that may sit around a platform name in a label without making it something else. */
static const char *const FILLER[] = {
    "the",        "via",  "on",  "app", "apps",     "application", "platform", "website",
    "com",        "www",  "inc", "ltd", "formerly", "known",       "as",       "now",
    "previously", "meta", "and", "or",  "only",     "total"};

typedef struct word {
    const char *s; /* into the original text */
    size_t n;
} word;

static bool is_wch(unsigned char c)
{
    return isalnum(c) != 0;
}

/* Split text into words, writing at most cap; returns the count, or cap + 1 when there are
 * more (it stops there, so long texts are not rescanned). */
static size_t split_words(const char *text, word *w, size_t cap)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p && n <= cap) {
        while (*p && !is_wch(*p))
            p++;
        if (!*p) break;
        const unsigned char *s = p;
        while (*p && is_wch(*p))
            p++;
        if (n < cap) w[n] = (word){(const char *)s, (size_t)(p - s)};
        n++;
    }
    return n;
}

static bool word_eq(const word *w, const char *lw, size_t n)
{
    if (w->n != n) return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)w->s[i]) != lw[i]) return false;
    return true;
}

/* Words of one name may be split by space, hyphen or brackets, not by a list separator:
 * "Facebook/Messenger" is two names, "Facebook Messenger" one. */
static bool joined(const word *a, const word *b)
{
    for (const char *p = a->s + a->n; p < b->s; p++)
        if (strchr("/,;&|+", *p)) return false;
    return true;
}

/* Number of text words the alias covers at position i, 0 when it does not match. */
static size_t alias_at(const plat_alias *al, const word *w, size_t nw, size_t i, bool running)
{
    const char *p = al->words;
    size_t k = i;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (k >= nw || !word_eq(&w[k], p, len)) return 0;
        if (k > i && !joined(&w[k - 1], &w[k])) return 0;
        k++;
        p += len;
        if (*p == ' ') p++;
    }
    if (running && (al->flags & P_CASE) && !isupper((unsigned char)w[i].s[0])) return 0;
    return k - i;
}

/* Aliases by first letter, in table order (ties go to the earlier alias). */
_Static_assert(N_ALIASES < 256, "alias indices are bytes");
static unsigned char by_first[256][N_ALIASES];
static unsigned char by_first_n[256];
static pthread_once_t by_first_once = PTHREAD_ONCE_INIT;

static void by_first_build(void)
{
    for (size_t a = 0; a < N_ALIASES; a++) {
        unsigned char c = (unsigned char)ALIASES[a].words[0];
        by_first[c][by_first_n[c]++] = (unsigned char)a;
    }
}

/* Longest alias matching at i (label mode allows P_LABEL aliases). */
static const plat_alias *best_at(const word *w, size_t nw, size_t i, bool running, size_t *len)
{
    const plat_alias *best = NULL;
    size_t bl = 0;
    /* runs at every word of a reply: only the aliases with the word's first letter, and of
     * those only the ones with its second, are compared */
    pthread_once(&by_first_once, by_first_build);
    unsigned char c0 = (unsigned char)tolower((unsigned char)w[i].s[0]);
    unsigned char c1 = w[i].n > 1 ? (unsigned char)tolower((unsigned char)w[i].s[1]) : 0;
    for (size_t k = 0; k < by_first_n[c0]; k++) {
        size_t a = by_first[c0][k];
        unsigned char a1 = (unsigned char)ALIASES[a].words[1]; /* ' ': a one-letter word */
        if ((a1 == ' ' ? 0 : a1) != c1) continue;
        if (running && (ALIASES[a].flags & P_LABEL)) continue;
        size_t l = alias_at(&ALIASES[a], w, nw, i, running);
        if (l > bl) {
            bl = l;
            best = &ALIASES[a];
        }
    }
    *len = bl;
    return best;
}

static bool is_filler(const word *w)
{
    for (size_t i = 0; i < sizeof FILLER / sizeof FILLER[0]; i++)
        if (word_eq(w, FILLER[i], strlen(FILLER[i]))) return true;
    return false;
}

/* Two names for one service in one label: "Facebook/Messenger", "Twitter/X". */
static const char *merge(const char *have, const char *add)
{
    if (!have) return add;
    if (strcmp(have, add) == 0) return have;
    if ((strcmp(have, "Facebook") == 0 && strcmp(add, "Messenger") == 0) ||
        (strcmp(have, "Messenger") == 0 && strcmp(add, "Facebook") == 0))
        return "Facebook";
    return NULL;
}

#define LABEL_WORDS 24

const char *foi_platform_of_label(const char *label)
{
    if (!label) return NULL;
    word w[LABEL_WORDS];
    size_t nw = split_words(label, w, LABEL_WORDS);
    if (nw == 0 || nw > LABEL_WORDS) return NULL;
    const char *found = NULL;
    bool any = false;
    for (size_t i = 0; i < nw;) {
        size_t len;
        const plat_alias *al = best_at(w, nw, i, false, &len);
        if (al) {
            found = any ? merge(found, al->name) : al->name;
            any = true;
            if (!found) return NULL;
            i += len;
        } else if (is_filler(&w[i])) {
            i++;
        } else {
            return NULL;
        }
    }
    return found;
}

typedef struct tally {
    const char *name;
    long count;
    size_t first;
} tally;

/* Longer than any alias (the longest has 5 words). */
enum { TEXT_WINDOW = 256, MAX_ALIAS_WORDS = 8 };

const char *foi_platform_of_text(const char *text)
{
    if (!text) return NULL;
    /* A window of words on the stack, slid along the text: no allocation that could fail and
     * silently lose the platform. */
    word w[TEXT_WINDOW];
    tally t[N_ALIASES];
    size_t nt = 0, base = 0; /* base: index of w[0] among all the words of text */
    const char *from = text;
    for (;;) {
        size_t nw = split_words(from, w, TEXT_WINDOW);
        bool last = nw <= TEXT_WINDOW;
        if (!last) nw = TEXT_WINDOW;
        size_t stop = last ? nw : nw - MAX_ALIAS_WORDS, i = 0;
        while (i < stop) {
            size_t len;
            const plat_alias *al = best_at(w, nw, i, true, &len);
            if (!al) {
                i++;
                continue;
            }
            size_t k = 0;
            while (k < nt && strcmp(t[k].name, al->name) != 0)
                k++;
            if (k == nt) t[nt++] = (tally){al->name, 0, base + i};
            t[k].count++;
            i += len;
        }
        if (last) break;
        from = w[i].s;
        base += i;
    }
    const tally *best = NULL;
    for (size_t k = 0; k < nt; k++)
        if (!best || t[k].count > best->count ||
            (t[k].count == best->count && t[k].first < best->first))
            best = &t[k];
    return best ? best->name : NULL;
}
