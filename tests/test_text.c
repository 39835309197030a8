/* parsers/text: table-driven layouts (aligned, tabs, pipes, boxes, label-value sections),
 * blocks and quotes, line ends, noise and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parsers/text.h"
#include "util/str.h"

typedef struct cell_want {
    int grid, r, c; /* 1-based grid, 0-based row and column */
    const char *text;
    int header; /* -1 = don't check */
} cell_want;

typedef struct block_want {
    int line;
    int kind;         /* foi_block_kind, -1 ends the list */
    const char *text; /* substring, or NULL */
} block_want;

typedef struct text_case {
    const char *name;
    const char *in;
    int ngrids;
    int rows, cols;      /* grid 1 shape (0 = skip) */
    const char *context; /* substring of grid 1's context */
    int line_r, line;    /* grid 1 row line_r is at source line `line` (line 0 = skip) */
    cell_want cells[10]; /* text NULL ends */
    block_want blocks[5];
    const char *title;
} text_case;

#define END_CELLS                                                                                  \
    {                                                                                              \
        0, 0, 0, NULL, -1                                                                          \
    }
#define END_BLOCKS                                                                                 \
    {                                                                                              \
        0, -1, NULL                                                                                \
    }

static const text_case cases[] = {
    {"aligned e-mail table with rule and signature",
     "From: FOI Unit <foi@dyfedpowys.police.uk>\n"
     "Subject: 123/2024 - Tiktok related crime\n"
     "\n"
     "Having located the information, I have decided to disclose it.\n"
     "\n"
     "Offence type                                         2021   2022   2024 YTD\n"
     "-----------------------------------------------------------------------------\n"
     "Assault without injury                                  -      4          4\n"
     "Sexual communication with a child                       2      4          3\n"
     "Total                                                  26     47         38\n"
     "\n"
     "A dash (-) indicates that no crimes were recorded.\n"
     "\n"
     "Paul Shaw\n"
     "Tel: 101 (ext. 54883)\n",
     1,
     4,
     4,
     "Having located",
     1,
     8,
     {{1, 0, 0, "Offence type", 1},
      {1, 0, 3, "2024 YTD", 1},
      {1, 1, 1, "-", 0},
      {1, 2, 0, "Sexual communication with a child", 0},
      {1, 3, 3, "38", 0},
      END_CELLS},
     {{1, FOI_BLOCK_PARA, "From:"}, {15, FOI_BLOCK_PARA, "Tel: 101"}, END_BLOCKS},
     "123/2024 - Tiktok related crime"},
    {"aligned, CRLF line ends",
     "Offence                 2022   2023\r\n"
     "======================================\r\n"
     "Stalking                  52     58\r\n"
     "Threats to Kill           16     26\r\n",
     1,
     3,
     3,
     NULL,
     2,
     4,
     {{1, 0, 2, "2023", 1}, {1, 2, 0, "Threats to Kill", 0}, {1, 2, 2, "26", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"aligned, lone CR line ends",
     "Intro line\r\rOffence                 2022   2023\rStalking                  52     58\r"
     "Threats to Kill           16     26\r",
     1,
     3,
     3,
     "Intro line",
     1,
     4,
     {{1, 1, 2, "58", 0}, END_CELLS},
     {{1, FOI_BLOCK_HEADING, "Intro line"}, END_BLOCKS},
     NULL},
    {"aligned, right-aligned figures under wide period headers with single spaces",
     "Offence type                Jan-Dec 2021     1 Jan 2023 \xe2\x80\x93 present\n"
     "Blackmail (sextortion)                12                         7\n"
     "Malicious Communications              66                        43\n",
     1,
     3,
     3,
     NULL,
     0,
     0,
     {{1, 0, 2, "1 Jan 2023 - present", 1}, {1, 1, 1, "12", 0}, {1, 2, 2, "43", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"aligned, wrapped label joined to its row, blank cell kept empty",
     "Offence                                   2021   2022   2023\n"
     "Send letter / communication / article       9      5      3\n"
     "   conveying indecent message\n"
     "Harassment                                  4             2\n"
     "Total                                      13      5      5\n",
     1,
     4,
     4,
     NULL,
     2,
     4,
     {{1, 1, 0, "Send letter / communication / article conveying indecent message", 0},
      {1, 2, 2, "", 0},
      {1, 2, 3, "2", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"aligned, suppressed values and a two-line header",
     "                     Apr 2021 to   Apr 2022 to\n"
     "Crime type           Mar 2022      Mar 2023\n"
     "-----------------------------------------------\n"
     "Exposure                     <5            12\n"
     "Harassment                    *           1,204\n",
     1,
     3,
     3,
     NULL,
     1,
     4,
     {{1, 0, 1, "Apr 2021 to Mar 2022", 1},
      {1, 0, 0, "Crime type", 1},
      {1, 2, 2, "1,204", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"markdown pipe tables, two in a row",
     "Response\n\n"
     "| Offence | 2021 | 2022 |\n"
     "| --- | --- | --- |\n"
     "| Stalking | 2 | 6 |\n"
     "| Harassment |  | 9 |\n"
     "| Crime outcome | 2021 | 2022 |\n"
     "| --- | --- | --- |\n"
     "| Outcome 14 | 1 | 5 |\n",
     2,
     3,
     3,
     "Response",
     1,
     5,
     {{1, 0, 0, "Offence", 1},
      {1, 2, 1, "", 0},
      {2, 0, 0, "Crime outcome", 1},
      {2, 1, 2, "5", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"markdown pipe table without outer pipes",
     "Offence | 2021 | 2023 (to date)\n"
     "--- | --- | ---\n"
     "Blackmail - Theft Act 1968 Sec 21 | 56 | 60\n",
     1,
     2,
     3,
     NULL,
     1,
     3,
     {{1, 0, 2, "2023 (to date)", 1}, {1, 1, 0, "Blackmail - Theft Act 1968 Sec 21", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"rows open with their label, the header with a pipe: a blank corner cell",
     " | 2021 | 2022 |\n"
     "---|---|---|\n"
     "35 \xE2\x80\x93 Blackmail | 22 | 20 |\n"
     "Harassment | 7 | 14 |\n"
     "Sum: | 29 | 34 |\n",
     1,
     4,
     3,
     NULL,
     1,
     3,
     {{1, 0, 0, "", 1}, {1, 0, 1, "2021", 1}, {1, 1, 1, "22", 0}, {1, 3, 2, "34", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"ASCII box table",
     "Table 1: Offences\n"
     "+------------+------+------+\n"
     "| Offence    | 2021 | 2022 |\n"
     "+============+======+======+\n"
     "| Stalking   |    2 |    6 |\n"
     "| Harassment |    4 |    9 |\n"
     "+------------+------+------+\n",
     1,
     3,
     3,
     "Table 1",
     2,
     6,
     {{1, 0, 1, "2021", 1}, {1, 1, 2, "6", 0}, END_CELLS},
     {{1, FOI_BLOCK_HEADING, "Table 1"}, END_BLOCKS},
     NULL},
    {"tab-separated with metadata lines",
     "Force\tKent Police\n"
     "Reference\t23/04/211\n"
     "Request\tHow many crimes since 1 January 2021?\n"
     "Offence\t2021\t2022\n"
     "Stalking\t5\t7\n"
     "Total\t5\t7\n"
     "Notes\n",
     1,
     3,
     3,
     NULL,
     2,
     6,
     {{1, 0, 0, "Offence", 1}, {1, 2, 2, "7", 0}, END_CELLS},
     {{1, FOI_BLOCK_PARA, "Force: Kent Police"},
      {3, FOI_BLOCK_QUOTE, "How many"},
      {7, FOI_BLOCK_PARA, "Notes"},
      END_BLOCKS},
     NULL},
    {"label-value sections per period",
     "2021:\n"
     "  Stalking: 5\n"
     "  Harassment - S2 Protection from Harassment Act 1997: *\n"
     "  Total: 9\n"
     "Period: 01/04/2022 - 31/03/2023\n"
     "  Stalking \xe2\x80\x93 3\n"
     "  Mal Comms (4)\n",
     2,
     3,
     2,
     "2021:",
     1,
     3,
     {{1, 1, 0, "Harassment - S2 Protection from Harassment Act 1997", 0},
      {1, 1, 1, "*", 0},
      {1, 0, 0, "Stalking", 0},
      {2, 0, 1, "3", 0},
      {2, 1, 0, "Mal Comms", 0},
      {2, 1, 1, "4", 0},
      END_CELLS},
     {{1, FOI_BLOCK_HEADING, "2021:"}, {5, FOI_BLOCK_HEADING, "Period:"}, END_BLOCKS},
     NULL},
    {"period as label: split on the last separator",
     "Please see below.\n"
     "01/04/2021 - 31/03/2022 \xe2\x80\x93 8\n"
     "01/04/2022 - 31/03/2023 - 1,024\n"
     "2023 (so far) - <5\n",
     1,
     3,
     2,
     "Please see below",
     0,
     0,
     {{1, 0, 0, "01/04/2021 - 31/03/2022", 0},
      {1, 0, 1, "8", 0},
      {1, 1, 1, "1,024", 0},
      {1, 2, 0, "2023 (so far)", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"year lists with colons",
     "1. Arrests\n2015 : 1\n2016 : 9\n2017 : 77, 686\n",
     1,
     3,
     2,
     "Arrests",
     0,
     0,
     {{1, 2, 1, "77, 686", 0}, END_CELLS},
     {{1, FOI_BLOCK_ITEM, "Arrests"}, END_BLOCKS},
     NULL},
    {"signature, letterhead and references are not tables",
     "South Wales Police\n"
     "Telephone: 101\n"
     "Fax: 01656 869407\n"
     "Reference: 4468\n"
     "Request Number: 226-23\n"
     "Date: 20th December 2023\n"
     "Sent: Friday, 23 June 2023 16:08\n"
     "\n"
     "Yours sincerely\n"
     "Tel: 101 (ext. 54883)\n"
     "Extension: 5423\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{2, FOI_BLOCK_PARA, "Telephone: 101"}, {10, FOI_BLOCK_PARA, "ext. 54883"}, END_BLOCKS},
     NULL},
    {"statute numbers in brackets are not values",
     "Pursue course of conduct in breach of Sec 1 (1)\nSection 127 (1)\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_PARA, "Sec 1 (1)"}, END_BLOCKS},
     NULL},
    {"restated request in quotes after 'You asked:'",
     "Your request has now been considered. You asked:\n"
     "\n"
     "\"1. How many offences since 1 January 2021?\n"
     "1a) What were the nature of offences: 2021: 5\n"
     "1b) What police action was taken?\"\n"
     "\n"
     "Stalking: 4\n"
     "Harassment: 6\n",
     1,
     2,
     2,
     NULL,
     0,
     0,
     {{1, 1, 1, "6", 0}, END_CELLS},
     {{1, FOI_BLOCK_PARA, "You asked"},
      {3, FOI_BLOCK_QUOTE, "How many"},
      {4, FOI_BLOCK_QUOTE, "2021: 5"},
      {5, FOI_BLOCK_QUOTE, NULL},
      END_BLOCKS},
     NULL},
    {"Request heading up to Response; quoted '>' lines",
     "Request\n"
     "\n"
     "Q1. How many crimes since 2021?\n"
     "Stalking: 4\n"
     "Harassment: 6\n"
     "\n"
     "Response\n"
     "> In 2021 there were 12 crimes\n"
     "In 2022, 42 crimes were recorded.\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{3, FOI_BLOCK_QUOTE, "Q1."},
      {4, FOI_BLOCK_QUOTE, "Stalking"},
      {8, FOI_BLOCK_QUOTE, "12 crimes"},
      {9, FOI_BLOCK_PARA, "42 crimes"},
      END_BLOCKS},
     NULL},
    {"question keeps its answer's table as context",
     "Question 2: How many offences were recorded in 2022/23?\n"
     "Response 2: Please see below.\n"
     "\n"
     "Offence        Count\n"
     "Stalking           5\n"
     "Harassment         7\n",
     1,
     3,
     2,
     "2022/23",
     2,
     6,
     {{1, 0, 1, "Count", 1}, {1, 1, 1, "5", 0}, END_CELLS},
     {{1, FOI_BLOCK_QUOTE, "Question 2"}, {2, FOI_BLOCK_HEADING, "Response 2"}, END_BLOCKS},
     NULL},
    {"quoted e-mail trail is the request",
     "Please find the figures below.\n"
     "In 2021, 4 crimes were recorded.\n"
     "-----Original Message-----\n"
     "From: requester@example.org\n"
     "Offence          2021   2022\n"
     "Stalking            5      6\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{2, FOI_BLOCK_PARA, "4 crimes"}, {6, FOI_BLOCK_QUOTE, "Stalking"}, END_BLOCKS},
     NULL},
    {"double-spaced prose is not a table",
     "This is a sentence.  It has two spaces after the full stop.\n"
     "Another line  with spacing  in 2021 and 22 things.\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_PARA, "two spaces"}, {2, FOI_BLOCK_PARA, NULL}, END_BLOCKS},
     NULL},
    {"bullets and numbered items are ITEM blocks",
     "\xe2\x80\xa2 Stalking is an offence\n- another item\n1. first point\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_ITEM, NULL}, {2, FOI_BLOCK_ITEM, NULL}, {3, FOI_BLOCK_ITEM, NULL}, END_BLOCKS},
     NULL},
    {"ASCII box: every line with its own figures is a row; label-only lines continue",
     "+----------------------+------+------+\n"
     "| Crime type           | 2021 | 2022 |\n"
     "+======================+======+======+\n"
     "| 88A Sexual comms     |   13 |   13 |\n"
     "+----------------------+------+------+\n"
     "| 08L Harassment       |   11 |   10 |\n"
     "| 8R - Mal Comms       |    7 |  [c] |\n"
     "| Indecent images of   |    5 |    5 |\n"
     "| children (86)        |      |      |\n"
     "+----------------------+------+------+\n"
     "| Threats to Kill -    |      |      |\n"
     "| OAPA 1861 s16        |    2 |    1 |\n"
     "+----------------------+------+------+\n"
     "| Total                |   38 |   29 |\n"
     "+----------------------+------+------+\n",
     1,
     7,
     3,
     NULL,
     5,
     12,
     {{1, 0, 1, "2021", 1},
      {1, 2, 0, "08L Harassment", 0},
      {1, 2, 1, "11", 0},
      {1, 3, 2, "[c]", 0},
      {1, 4, 0, "Indecent images of children (86)", 0},
      {1, 5, 0, "Threats to Kill - OAPA 1861 s16", 0},
      {1, 5, 1, "2", 0},
      {1, 6, 2, "29", 0}},
     {END_BLOCKS},
     NULL},
    {"ASCII box without row rules: continuation line joins the row above",
     "+--------------------------+------+\n"
     "| Offence                  | 2023 |\n"
     "+--------------------------+------+\n"
     "| Stalking                 |    4 |\n"
     "| Threats to Kill -        |    2 |\n"
     "| against the Person Act   |      |\n"
     "| Harassment               |    9 |\n"
     "+--------------------------+------+\n",
     1,
     4,
     2,
     NULL,
     2,
     5,
     {{1, 2, 0, "Threats to Kill - against the Person Act", 0},
      {1, 3, 0, "Harassment", 0},
      {1, 3, 1, "9", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"aligned, wrapped labels with the figures on their last line",
     "Offence description                       2020    2024*\n"
     "Harassment - Protection from\n"
     "Harassment Act 1997 s2                      22        9\n"
     "Send letter / communication / article\n"
     "of an indecent / offensive nature\n"
     "(recordable)                                 8        6\n"
     "Exposure - Sexual Offences Act\n"
     "2003 Sec 66                                  1        2\n"
     "Other theft                                 <5       <5\n"
     "Total                                       31       17\n"
     "\n"
     "* 2024 figures cover 1 January 2024 to 30 April 2024.\n",
     1,
     6,
     3,
     NULL,
     1,
     3,
     {{1, 0, 2, "2024*", 1},
      {1, 1, 0, "Harassment - Protection from Harassment Act 1997 s2", 0},
      {1, 1, 1, "22", 0},
      {1, 2, 0,
       "Send letter / communication / article of an indecent / offensive nature "
       "(recordable)",
       0},
      {1, 2, 2, "6", 0},
      {1, 3, 0, "Exposure - Sexual Offences Act 2003 Sec 66", 0},
      {1, 4, 0, "Other theft", 0},
      {1, 5, 0, "Total", 0}},
     {{12, FOI_BLOCK_PARA, "figures cover"}, END_BLOCKS},
     NULL},
    {"aligned, wrapped label on one line then its figures (brief wording)",
     "Offence                                2021   2022\n"
     "Stalking                                  4      5\n"
     "Other offences against the State or\n"
     "public order                             27     33\n",
     1,
     3,
     3,
     NULL,
     2,
     4,
     {{1, 2, 0, "Other offences against the State or public order", 0},
      {1, 2, 2, "33", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"aligned, wrapped labels with the figures on their first line",
     "Offence                          2021   2022\n"
     "Indecent photographs of            24     24\n"
     "children - take/make\n"
     "Exposure - Sexual Offences Act     17     12\n"
     "2003 Sec 66\n"
     "Threats to Kill - Offences         18     22\n"
     "against the Person Act 1861\n"
     "Sec 16\n"
     "Total                              59     58\n",
     1,
     5,
     3,
     NULL,
     2,
     4,
     {{1, 1, 0, "Indecent photographs of children - take/make", 0},
      {1, 2, 0, "Exposure - Sexual Offences Act 2003 Sec 66", 0},
      {1, 2, 1, "17", 0},
      {1, 3, 0, "Threats to Kill - Offences against the Person Act 1861 Sec 16", 0},
      {1, 4, 0, "Total", 0},
      {1, 4, 2, "58", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"aligned, group headings are not wrapped labels",
     "Offence                 2021   2022\n"
     "Sexual offences:\n"
     "Rape                       3      4\n"
     "Violence\n"
     "   Stalking                5      6\n"
     "   Harassment              1      2\n",
     1,
     6,
     3,
     NULL,
     2,
     3,
     {{1, 1, 0, "Sexual offences:", 0},
      {1, 2, 0, "Rape", 0},
      {1, 3, 0, "Violence", 0},
      {1, 4, 0, "Stalking", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"Request/Answer pairs: the answer's list is a grid with the question as context",
     "Request 2: Of the crimes recorded in Calendar year 2023 (to date), what type of offence "
     "was each?\n"
     "\n"
     "Answer 2:\n"
     "08R: Mal Comms - 10\n"
     "8Q Stalking - 4\n"
     "Theft (other) \xe2\x80\x93 <5\n",
     1,
     3,
     2,
     "Calendar year 2023 (to date), what type",
     2,
     6,
     {{1, 0, 0, "08R: Mal Comms", 0},
      {1, 0, 1, "10", 0},
      {1, 1, 0, "8Q Stalking", 0},
      {1, 1, 1, "4", 0},
      {1, 2, 0, "Theft (other)", 0},
      {1, 2, 1, "<5", 0},
      END_CELLS},
     {{1, FOI_BLOCK_QUOTE, "Request 2"}, {3, FOI_BLOCK_HEADING, "Answer 2"}, END_BLOCKS},
     NULL},
    {"<pre> body: blank lines around, CRLF, CR CR LF and LF mixed",
     "\n\r\n\r\n"
     "Offence      2021\r\r\n"
     "Stalking        4\r\n"
     "Harassment      5\n"
     "\r\n\n",
     1,
     3,
     2,
     NULL,
     2,
     6,
     {{1, 0, 1, "2021", 1}, {1, 1, 1, "4", 0}, {1, 2, 0, "Harassment", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"tab-separated row whose only cell is blank stays in the table",
     "Outcome type\t01/04/2022 - present\r"
     "Charged\t11\r"
     "Prosecution time limit expired\t\r"
     "Outcome pending\t62\r"
     "Total\t73\r"
     "\r"
     "Blank cells indicate that no crimes were recorded.\r",
     1,
     5,
     2,
     NULL,
     3,
     4,
     {{1, 0, 1, "01/04/2022 - present", 1},
      {1, 2, 0, "Prosecution time limit expired", 0},
      {1, 2, 1, "", 0},
      {1, 3, 1, "62", 0},
      {1, 4, 0, "Total", 0},
      END_CELLS},
     {{7, FOI_BLOCK_PARA, "Blank cells"}, END_BLOCKS},
     NULL},
    {"aligned, a title line above the next table's header is not a wrapped label",
     "Offence                          2021   2022\n"
     "Indecent photographs of            24     24\n"
     "children\n"
     "Stalking                            4      5\n"
     "Outcomes recorded\n"
     "Outcome                          2021   2022\n"
     "Charge/summons                      1      2\n",
     2,
     4,
     3,
     NULL,
     1,
     2,
     {{1, 1, 0, "Indecent photographs of children", 0},
      {1, 2, 0, "Stalking", 0},
      {1, 2, 2, "5", 0},
      {1, 3, 0, "Outcomes recorded", 0},
      {2, 0, 0, "Outcome", 1},
      {2, 1, 0, "Charge/summons", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"two-line header: long period labels single-spaced, HO codes alone as empty rows",
     "Crimes           Year\n"
     "Home Office Code 1 January 2020 to 31 December 2020 1 January 2021 to 31 December 2021\n"
     "49                  3\n"
     "19E\n"
     "8R                       4\n"
     "TOTAL               3    4\n",
     1,
     6,
     3,
     NULL,
     2,
     3,
     {{1, 0, 0, "Crimes", 1},
      {1, 1, 0, "Home Office Code", 1},
      {1, 1, 1, "1 January 2020 to 31 December 2020", 1},
      {1, 1, 2, "1 January 2021 to 31 December 2021", 1},
      {1, 2, 1, "3", 0},
      {1, 3, 0, "19E", 0},
      {1, 4, 0, "8R", 0},
      {1, 4, 2, "4", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"two-line header: year labels, a code row before the first figures",
     "Charges*         Year\n"
     "Home Office Code Jan-Dec 2021 Jan-Dec 2022\n"
     "09A\n"
     "196/07                 1\n"
     "8L             2       1\n"
     "Total          2       2\n",
     1,
     6,
     3,
     NULL,
     0,
     0,
     {{1, 1, 1, "Jan-Dec 2021", 1},
      {1, 1, 2, "Jan-Dec 2022", 1},
      {1, 2, 0, "09A", 0},
      {1, 3, 0, "196/07", 0},
      {1, 3, 2, "1", 0},
      {1, 4, 0, "8L", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"a wrapped word label is not a code row",
     "Offence              2021   2022\n"
     "Malicious\n"
     "communications         12      4\n"
     "Stalking                3      1\n",
     1,
     3,
     3,
     NULL,
     0,
     0,
     {{1, 1, 0, "Malicious communications", 0}, {1, 1, 1, "12", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"outcome code lines: the count is the last word, the period two lines above",
     "1a)In 2022/23 to date there were 70 crimes.\n"
     "\n"
     "1b) The outcomes of these crimes are as follows:\n"
     "\n"
     "HO Outcome Code and Description Number of Crimes\n"
     "OC01 - Charge/Summons 1\n"
     "OC03 - Caution - Adults -\n"
     "OC15 - Sus/Insuff.Evidence 36\n"
     "OC21 - Investig. not in Public Int. (Police) [c]\n"
     "New - Under Investigation 30\n"
     "Sum: 70\n",
     1,
     6,
     2,
     "2022/23 to date",
     0,
     0,
     {{1, 0, 0, "OC01 - Charge/Summons", 0},
      {1, 1, 0, "OC03 - Caution - Adults", 0},
      {1, 1, 1, "-", 0},
      {1, 2, 0, "OC15 - Sus/Insuff.Evidence", 0},
      {1, 2, 1, "36", 0},
      {1, 3, 1, "[c]", 0},
      {1, 5, 0, "Sum", 0},
      {1, 5, 1, "70", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"a 'Response 2' line above a code list is scaffolding, not a row",
     "Response 2\n"
     "08Q: Stalking - 3\n"
     "35: Blackmail - Theft Act 1968 Sec 21 - 2\n"
     "8L - HARASSMENT - 5\n",
     1,
     3,
     2,
     NULL,
     0,
     0,
     {{1, 0, 0, "08Q: Stalking", 0}, {1, 0, 1, "3", 0}, {1, 2, 1, "5", 0}, END_CELLS},
     {END_BLOCKS},
     NULL},
    {"label-number lines without codes stay text",
     "Harassment 12\n"
     "Stalking 4\n"
     "Malicious communications 7\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_PARA, "Harassment 12"}, END_BLOCKS},
     NULL},
    {"a one-column table flattened onto one line, the total the sum of its counts",
     "Q1. How many crimes were recorded in 2024, by offence?\n"
     "\n"
     "Q1 Crime type Number of Crimes Public fear, alarm or distress 43 Rape of a female child "
     "under 13 by a male 4 Harassment 139 Grand Total 186\n",
     1,
     5,
     2,
     "in 2024",
     0,
     0,
     {{1, 0, 0, "Crime type", 1},
      {1, 0, 1, "Number of Crimes", 1},
      {1, 1, 0, "Public fear, alarm or distress", 0},
      {1, 1, 1, "43", 0},
      {1, 2, 0, "Rape of a female child under 13 by a male", 0},
      {1, 2, 1, "4", 0},
      {1, 4, 1, "186", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"a flattened line with an age range in a label",
     "Crime type Number of Crimes Blackmail 2 Cause a child aged 13 to 15 to watch an image of "
     "sexual activity 3 Exposure and voyeurism 2 Grand Total 7\n",
     1,
     5,
     2,
     NULL,
     0,
     0,
     {{1, 2, 0, "Cause a child aged 13 to 15 to watch an image of sexual activity", 0},
      {1, 2, 1, "3", 0},
      {1, 4, 1, "7", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"a flattened line whose total is not the sum of its counts stays text",
     "Offence Count Harassment 23 Stalking 9 Malicious communications 7 Grand Total 40\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_PARA, "Grand Total 40"}, END_BLOCKS},
     NULL},
    {"a sentence ending in a total is no flattened table",
     "In 2023 we recorded Harassment 23 and Stalking 9 offences, a Total 32\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_PARA, NULL}, END_BLOCKS},
     NULL},
    /* one cell per line (PDF text, scraped tables) */
    {"one cell per line, periods as rows, Total row",
     "Please find the figures below.\n"
     "Year\nTotal\n2021\n126\n2022\n297\nTotal\n423\n"
     "\nKind regards\n",
     1,
     4,
     2,
     "Please find",
     3,
     8,
     {{1, 0, 0, "Year", 1},
      {1, 0, 1, "Total", 1},
      {1, 1, 0, "2021", 0},
      {1, 2, 1, "297", 0},
      {1, 3, 0, "Total", 0},
      {1, 3, 1, "423", 0},
      END_CELLS},
     {{1, FOI_BLOCK_PARA, "Please find"}, {11, FOI_BLOCK_HEADING, "Kind regards"}, END_BLOCKS},
     NULL},
    {"one cell per line, periods as columns, a row with a dropped blank cell left out",
     "Offence\nApr-21 to Mar-22\nApr-22 to Mar-23\n"
     "Stalking\n3\n4\n"
     "Harassment\n7\n"
     "Cause a child aged 13 to 15 to watch an image of sexual activity\n5\n6\n"
     "Grand Total\n15\n12\n",
     1,
     4,
     3,
     NULL,
     2,
     9,
     {{1, 0, 1, "Apr-21 to Mar-22", 1},
      {1, 1, 0, "Stalking", 0},
      {1, 2, 0, "Cause a child aged 13 to 15 to watch an image of sexual activity", 0},
      {1, 2, 2, "6", 0},
      {1, 3, 0, "Grand Total", 0},
      {1, 3, 2, "12", 0},
      END_CELLS},
     {END_BLOCKS},
     NULL},
    {"one cell per line, a dropped cell under year labels stops the table",
     "Year\nCrimes\n2021\n126\n2022\n2023\n140\n",
     1,
     2,
     2,
     NULL,
     1,
     3,
     {{1, 1, 0, "2021", 0}, {1, 1, 1, "126", 0}, END_CELLS},
     {{5, FOI_BLOCK_HEADING, "2022"}, END_BLOCKS},
     NULL},
    {"a signature with a year and a phone extension is not a table",
     "Yours sincerely\nJane Smith\n2024\n101\nDisclosure Officer\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{2, FOI_BLOCK_PARA, "Jane Smith"}, {4, FOI_BLOCK_PARA, "101"}, END_BLOCKS},
     NULL},
    {"a year column with a count heading but no counts is not a table",
     "Year\nTotal\n2021\n2022\nTotal\n",
     0,
     0,
     0,
     NULL,
     0,
     0,
     {END_CELLS},
     {{1, FOI_BLOCK_PARA, "Year"}, END_BLOCKS},
     NULL},
    {"empty input", "", 0, 0, 0, NULL, 0, 0, {END_CELLS}, {END_BLOCKS}, NULL},
    {"blank lines only", "\n\r\n  \n\t\n", 0, 0, 0, NULL, 0, 0, {END_CELLS}, {END_BLOCKS}, NULL},
};

static const foi_block *block_at(const foi_doc *d, int line)
{
    for (size_t i = 0; i < d->blocks.n; i++)
        if (d->blocks.v[i].line == line) return &d->blocks.v[i];
    return NULL;
}

/* Failures are printed and counted so the arena is always freed. */
#define BAD(...)                                                                                   \
    do {                                                                                           \
        print_error(__VA_ARGS__);                                                                  \
        print_error("\n");                                                                         \
        bad++;                                                                                     \
    } while (0)

static int check_case(const text_case *tc)
{
    int bad = 0;
    foi_arena *a = foi_arena_new();
    foi_doc *d = foi_text_parse(a, tc->in, strlen(tc->in));
    if ((int)d->grids.n != tc->ngrids) {
        BAD("%s: %zu grids, want %d", tc->name, d->grids.n, tc->ngrids);
        goto out;
    }
    if (tc->rows) {
        const foi_grid *g = d->grids.v[0];
        if (g->nrows != tc->rows || g->ncols != tc->cols) {
            BAD("%s: grid %dx%d, want %dx%d", tc->name, g->nrows, g->ncols, tc->rows, tc->cols);
            goto out;
        }
        if (!g->line_locators || !g->row_line)
            BAD("%s: no line locators", tc->name);
        else if (tc->line && g->row_line[tc->line_r] != tc->line)
            BAD("%s: row %d at line %d, want %d", tc->name, tc->line_r, g->row_line[tc->line_r],
                tc->line);
        if (tc->context && (!g->context || !strstr(g->context, tc->context)))
            BAD("%s: context [%s], want [%s]", tc->name, g->context ? g->context : "", tc->context);
    }
    for (const cell_want *w = tc->cells; w->text; w++) {
        const foi_grid *g = d->grids.v[w->grid - 1];
        if (w->r >= g->nrows || w->c >= g->ncols) {
            BAD("%s: grid %d has no cell (%d,%d)", tc->name, w->grid, w->r, w->c);
            continue;
        }
        const foi_cell *c = foi_grid_at(g, w->r, w->c);
        if (strcmp(c->text, w->text))
            BAD("%s: grid %d cell (%d,%d) [%s], want [%s]", tc->name, w->grid, w->r, w->c, c->text,
                w->text);
        if (w->header >= 0 && c->header != (w->header == 1))
            BAD("%s: grid %d cell (%d,%d) header %d", tc->name, w->grid, w->r, w->c, c->header);
    }
    for (const block_want *w = tc->blocks; w->kind >= 0; w++) {
        const foi_block *b = block_at(d, w->line);
        if (!b) {
            BAD("%s: no block at line %d", tc->name, w->line);
            continue;
        }
        if ((int)b->kind != w->kind)
            BAD("%s: block at line %d is kind %d, want %d", tc->name, w->line, b->kind, w->kind);
        if (w->text && !strstr(b->text, w->text))
            BAD("%s: block at line %d [%s], want [%s]", tc->name, w->line, b->text, w->text);
    }
    if (tc->title && (!d->title || strcmp(d->title, tc->title)))
        BAD("%s: title [%s]", tc->name, d->title ? d->title : "(null)");
    if (!d->text) BAD("%s: no text", tc->name);
out:
    foi_arena_free(a);
    return bad;
}

static void test_cases(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        bad += check_case(&cases[i]);
    assert_int_equal(bad, 0);
}

/* The same reply with LF, CRLF and CR line ends gives the same document. */
static void test_line_ends_agree(void **state)
{
    (void)state;
    const char *lf = "Subject: FOI 1/23\n\n2021:\n  Stalking: 5\n  Total: 5\n\n"
                     "| Offence | 2022 |\n|---|---|\n| Stalking | 3 |\n\n"
                     "Offence      2023\nStalking        4\n";
    const char *seps[] = {"\n", "\r\n", "\r"};
    int lines[3][4];
    for (int k = 0; k < 3; k++) {
        foi_arena *a = foi_arena_new();
        foi_buf b;
        foi_buf_init(&b, a);
        for (const char *p = lf; *p; p++) {
            if (*p == '\n')
                foi_buf_puts(&b, seps[k]);
            else
                foi_buf_putc(&b, *p);
        }
        foi_doc *d = foi_text_parse(a, b.s, b.len);
        assert_int_equal(d->grids.n, 3);
        assert_string_equal(d->title, "FOI 1/23");
        for (int g = 0; g < 3; g++)
            lines[k][g] = d->grids.v[g]->row_line[0];
        lines[k][3] = (int)d->blocks.n;
        assert_string_equal(foi_grid_at(d->grids.v[2], 1, 1)->text, "4");
        foi_arena_free(a);
    }
    for (int k = 1; k < 3; k++)
        assert_memory_equal(lines[0], lines[k], sizeof lines[0]);
    assert_int_equal(lines[0][0], 4);
    assert_int_equal(lines[0][1], 7);
    assert_int_equal(lines[0][2], 11);
}

static void test_figures(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool fig;
    } t[] = {{"12", true},
             {"1,234", true},
             {"77, 686", true},
             {"<5", true},
             {"< 5", true},
             {"<=3", true},
             {"\xe2\x89\xa4"
              "3",
              true},
             {"*", true},
             {"-", true},
             {"nil", true},
             {"None", true},
             {"1-4", true},
             {"1 - 4", true},
             {"fewer than 5", true},
             {"redacted", true},
             {"[c]", true},
             {"[x]", true},
             {"[1]", false},
             {"0", true},
             {"2021", true},
             {"", false},
             {"Stalking", false},
             {"12a", false},
             {"226-23", false},
             {"31/03/2022", false},
             {"09:12", false},
             {"5%", false},
             {"101 (ext. 5)", false}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (foi_text_is_figure(t[i].s) != t[i].fig) fail_msg("figure [%s]", t[i].s);
    char *h1[] = {"Offence", "2021", "2022/23", "Total"};
    char *h2[] = {"Stalking", "5", "6", "11"};
    char *h3[] = {"2021", "103"};
    assert_true(foi_text_header_row(h1, 4));
    assert_false(foi_text_header_row(h2, 4));
    assert_false(foi_text_header_row(h3, 2));
}

/* Hostile input: bounded time, no crash, a sensible document. */
static void test_hostile(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    /* NUL bytes inside lines */
    const char nul[] = "Offence     2021\nStal\0king      5\nHarassment  \0 7\n";
    foi_doc *d = foi_text_parse(a, nul, sizeof nul - 1);
    assert_int_equal(d->grids.n, 1);
    assert_string_equal(foi_grid_at(d->grids.v[0], 1, 0)->text, "Stal king");
    /* one very long line */
    size_t n = 20u << 20;
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
    d = foi_text_parse(a, big, n);
    assert_int_equal(d->grids.n, 0);
    assert_int_equal(d->blocks.n, 1);
    /* many short lines of two-space separated tokens: no quadratic rescans */
    size_t lines = 200000;
    foi_buf b;
    foi_buf_init(&b, a);
    for (size_t i = 0; i < lines; i++)
        foi_buf_puts(&b, "word  other  text\n");
    d = foi_text_parse(a, b.s, b.len);
    assert_int_equal(d->grids.n, 0);
    /* many lines with a single pipe: scanned once */
    foi_buf_init(&b, a);
    for (size_t i = 0; i < lines; i++)
        foi_buf_puts(&b, "left | right\n");
    d = foi_text_parse(a, b.s, b.len);
    assert_int_equal(d->grids.n, 0);
    assert_int_equal(d->blocks.n, lines);
    /* a table 10,000 columns wide (tabs) */
    foi_buf_init(&b, a);
    for (int r = 0; r < 3; r++) {
        foi_buf_puts(&b, r ? "Row" : "Offence");
        for (int c = 0; c < 10000; c++)
            foi_buf_printf(&b, "\t%d", r ? c % 10 : 2000 + c % 30);
        foi_buf_putc(&b, '\n');
    }
    d = foi_text_parse(a, b.s, b.len);
    assert_int_equal(d->grids.n, 1);
    assert_int_equal(d->grids.v[0]->ncols, 10001);
    /* unbalanced pipes and a lone rule */
    const char *odd = "|\n||\n| a |\n---\n|---|\n+\n";
    d = foi_text_parse(a, odd, strlen(odd));
    assert_non_null(d->text);
    free(big);
    foi_arena_free(a);
}

/* Out of memory inside the parser lands in the arena's trap, and nothing leaks. */
static void test_oom(void **state)
{
    (void)state;
    const char *in = cases[0].in;
    volatile int trapped = 0;
    for (volatile long k = 1; k < 400; k += 7) {
        foi_arena *a = foi_arena_new();
        assert_non_null(a);
        if (FOI_ARENA_TRY(a)) {
            foi_mem_fail_after(k);
            foi_text_parse(a, in, strlen(in));
        } else {
            trapped++;
        }
        foi_mem_fail_after(0);
        foi_arena_untrap(a);
        foi_arena_free(a);
    }
    assert_true(trapped > 0);
}

static void test_markdown_emphasis_dropped_from_doc_text(void **state)
{
    (void)state;
    foi_arena *a = foi_arena_new();
    const char *in = "# Title\n\n**Request Number:** FOI2024/61220\n__Date:__ 18 December 2024\n";
    foi_doc *d = foi_text_parse(a, in, strlen(in));
    assert_non_null(d);
    assert_non_null(strstr(d->text, "Request Number: FOI2024/61220\n"));
    assert_non_null(strstr(d->text, "Date: 18 December 2024\n"));
    assert_non_null(strstr(d->text, "Title\n"));
    assert_null(strstr(d->text, "**"));
    foi_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_line_ends_agree),
        cmocka_unit_test(test_markdown_emphasis_dropped_from_doc_text),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
