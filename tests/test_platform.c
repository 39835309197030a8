/* Platform names as forces and requesters write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "normalize/platform.h"

typedef struct {
    const char *in;
    const char *want; /* NULL = not one platform */
} pcase;

static void check(const char *what, const char *in, const char *got, const char *want, int *bad)
{
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
        fprintf(stderr, "%s(\"%s\") = %s, want %s\n", what, in, got ? got : "NULL",
                want ? want : "NULL");
        (*bad)++;
    }
}

static void test_label(void **state)
{
    (void)state;
    static const pcase cases[] = {
        {"TikTok", "TikTok"},
        {"Tik Tok", "TikTok"},
        {"Tiktok", "TikTok"},
        {"TIKTOK", "TikTok"},
        {"Tik-Tok", "TikTok"},
        {"tik tok*", "TikTok"},
        {"TikTok (app)", "TikTok"},
        {"Snapchat", "Snapchat"},
        {"SnapChat", "Snapchat"},
        {"Snap Chat", "Snapchat"},
        {"Instagram", "Instagram"},
        {"Facebook", "Facebook"},
        {"Facebook/Messenger", "Facebook"},
        {"Facebook / Facebook Messenger", "Facebook"},
        {"Facebook Messenger", "Messenger"},
        {"Messenger", "Messenger"},
        {"WhatsApp", "WhatsApp"},
        {"Whatsapp", "WhatsApp"},
        {"Whats App", "WhatsApp"},
        {"X", "X"},
        {"X (formerly Twitter)", "X"},
        {"X (Twitter)", "X"},
        {"Twitter/X", "X"},
        {"Twitter", "X"},
        {"X.com", "X"},
        {"YouTube", "YouTube"},
        {"You Tube", "YouTube"},
        {"Discord", "Discord"},
        {"Telegram", "Telegram"},
        {"Twitch", "Twitch"},
        {"Reddit", "Reddit"},
        {"LinkedIn", "LinkedIn"},
        {"Threads", "Threads"},
        {"Kik", "Kik"},
        {"Omegle", "Omegle"},
        {"Roblox", "Roblox"},
        {"Tinder", "Tinder"},
        {"Grindr", "Grindr"},
        {"Pinterest", "Pinterest"},
        {"Tumblr", "Tumblr"},
        {"Signal", "Signal"},
        {"Skype", "Skype"},
        {"Yubo", "Yubo"},
        {"Xbox", "Xbox"},
        {"Zoom", "Zoom"},
        {"iMessage", "iMessage"},
        {"Facetime", "FaceTime"},
        /* not one platform */
        {"Total", NULL},
        {"Grand total", NULL},
        {"2021/22", NULL},
        {"", NULL},
        {"Social media", NULL},
        {"Message on social media", NULL},
        {"Online gaming", NULL},
        {"Snapchat and Instagram", NULL},
        {"TikTok or Snapchat", NULL},
        {"Harassment", NULL},
        {"Malicious Communications", NULL},
        {"2 x Officers", NULL},
        {"Text", NULL},
        {"Email", NULL},
        {"Other", NULL},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check("label", cases[i].in, foi_platform_of_label(cases[i].in), cases[i].want, &bad);
    assert_null(foi_platform_of_label(NULL));
    assert_int_equal(bad, 0);
}

static void test_text(void **state)
{
    (void)state;
    static const pcase cases[] = {
        {"Freedom of Information request: crimes linked to TikTok. You asked how many crimes "
         "were recorded where Tik Tok was mentioned. Searches used TIKTOK and Tik-Tok.",
         "TikTok"},
        {"How many offences involved Snapchat in 2021? Snapchat was searched in the MO. "
         "Follow us on Facebook.",
         "Snapchat"},
        {"Crimes involving the social media platform X (formerly Twitter).", "X"},
        {"We searched for the keywords \"Facebook\" or \"Twitter\" and Facebook appeared "
         "most.",
         "Facebook"},
        {"No platform is named in this reply. Two x officers attended.", NULL},
        {"The signal was weak and the threads were loose; a discord arose.", NULL},
        {"Requests via WhatsApp and Telegram: WhatsApp 4, Telegram 2, WhatsApp total 6.",
         "WhatsApp"},
        {"", NULL},
        /* equal counts: the first named wins */
        {"Instagram and Snapchat", "Instagram"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check("text", cases[i].in, foi_platform_of_text(cases[i].in), cases[i].want, &bad);
    assert_null(foi_platform_of_text(NULL));
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
