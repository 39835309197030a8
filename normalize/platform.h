/* normalize/platform: platform names ("Tik Tok", "X (formerly Twitter)") -> canonical name.
 * Returned strings are static.
 */
#ifndef FOI_NORMALIZE_PLATFORM_H
#define FOI_NORMALIZE_PLATFORM_H

/* The canonical platform when the whole label names one platform, else NULL. */
const char *foi_platform_of_label(const char *label);

/* The platform a reply is about: the one named most in text (title, request, headings).
 * NULL when none is named. */
const char *foi_platform_of_text(const char *text);

#endif
