/* normalize/period: periods as police forces write them -> start and end dates (DESIGN.md).
 *
 * Pure functions; no allocation.  Dates are "YYYY-MM-DD".
 */
#ifndef FOI_NORMALIZE_PERIOD_H
#define FOI_NORMALIZE_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct foi_period {
    char start[11]; /* YYYY-MM-DD */
    char end[11];   /* YYYY-MM-DD, "" when open-ended and no reply date */
    bool open;      /* "to date", "YTD", "so far", "present", "since ...": end = reply date */
    bool partial;   /* footnote-marked ("2023*", "2024†") or cut short ("2023 (to July)") */
} foi_period;

/* Parse a period label: "2021", "2021/22", "FY 2021-22", "April 2021 to March 2022",
 * "01/01/2021 - 31/12/2021", "6th Apr 2021 to 5th Apr 2022", "Jan-Jun 2024", "2024 YTD",
 * "2023*", "01.01.20 - 01.01.21", "Apr-21 to Mar-22" ...  The whole text must be a period
 * (surrounding words such as "Year", "Calendar year", "Financial year" allowed), so that
 * "Section 12" or "FOI 2024/0123" are not periods.  reply_date (may be NULL) closes open
 * periods: end = reply_date when it is a date (YYYY-MM-DD or any foi_date_parse form) not
 * before the start, else "".  Pass the data-extraction date instead when the reply states one.
 * "2023 (to July)" is closed: 2023-01-01..2023-07-31, partial.  "2023*" keeps the whole year,
 * partial (the caller applies a footnote that states the real bounds).  Rejected as
 * ambiguous (go to Review): "21/22" without "FY", "Financial year 2021", "2021 to 2022".
 * Returns true and fills *out on success. */
bool foi_period_parse(const char *text, const char *reply_date, foi_period *out);

/* Find the first period phrase inside running text ("... in 2022, 42 crimes ...",
 * "between 1st April 2024 and 31st March 2025").  On success fills *out and sets
 * *match_start and *match_len to the phrase within text (byte offsets; the phrase includes
 * leading words such as "in", "so far in", "between", "financial year").  Years after
 * statute names ("Act 2003", "SOA 2003"), in references, phone numbers, copyright lines and
 * lone dates ("received 5 September 2024") are skipped. */
bool foi_period_find(const char *text, const char *reply_date, foi_period *out, int *match_start,
                     int *match_len);

/* An open period whose label names the month it ends in ("Apr 2023 - Aug 2023 (to date)")
 * takes `date` as its end when `date` falls in that month (the reply's data-extraction date,
 * used when the reply has no date of its own).  Otherwise *p is left as it is. */
void foi_period_close_by(const char *label, const char *date, foi_period *p);

/* A footnote that states a period's real bounds applies to it ("2023*" with "* 2023 figures
 * cover 1 January 2023 to 31 March 2023"; "2021**" with "** ... went live on 1 February 2021").
 * markers[i] is a footnote's marker ("*", "**", "\xE2\x80\xA0") and texts[i] its text.  When
 * label ends in a marker that has a footnote, the dates the footnote gives inside *p's span
 * narrow it: two or more dates give the first and last day; one date is a start after "from",
 * "since", "went live", "began" and an end otherwise.  Returns true when *p changed. */
bool foi_period_footnote(const char *label, const char *const *markers, const char *const *texts,
                         size_t n, foi_period *p);

/* Parse one date in UK forms ("23rd May 2025", "05/07/2024", "2024-12-30", "5 Sept 2024",
 * "Friday, 4 August 2023") into YYYY-MM-DD.  Day-first.  The whole text must be the date;
 * a leading weekday and a trailing time ("16:22", "10.20am", "+0100") are allowed. */
bool foi_date_parse(const char *text, char out[11]);

#endif
