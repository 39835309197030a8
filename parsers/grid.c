#include "parsers/grid.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/offence.h"
#include "normalize/outcome.h"
#include "normalize/period.h"
#include "normalize/platform.h"
#include "util/str.h"

/* What a label, header component or label column stands for. */
typedef enum dim {
    D_NONE = 0,
    D_PERIOD,
    D_OFFENCE,
    D_OUTCOME,
    D_PLATFORM,
    D_MEASURE, /* "Count", "Number of crimes": the value itself, no dimension */
    D_TOTAL,   /* "Total", "Grand total" */
    D_OTHER,   /* a breakdown foitab does not hold (age, gender, ward) */
} dim;

static const char *dim_name(dim d)
{
    static const char *const n[] = {"none",     "period",  "offence", "outcome",
                                    "platform", "measure", "total",   "other"};
    return n[d];
}

/* What a table leaves for the next one: a wide table split into parts carries its row
 * labels, period range and per-row sums, so a Total column in a later part can span all
 * the parts. */
typedef struct part_state {
    bool valid;
    bool marker;        /* its caption or heading says it is a part ("part 1", "Table 2a") */
    bool period_total;  /* it has a Total column across periods (the parts end here) */
    char start[11];     /* the earliest period start of the whole chain of parts */
    char end[11];       /* its latest period end */
    int n;              /* body rows with labels */
    const char **label; /* folded row labels */
    long *lo, *hi;      /* per row: bounds of the sum of its period cells over the chain */
    bool *open;         /* a blank or unbounded cell lifts the upper bound */
} part_state;

typedef struct interp {
    foi_arena *a;
    foi_grid_ctx *ctx;
    const foi_grid *g;
    const part_state *prev; /* the table before this one (valid or not) */
    part_state *next;       /* what this table leaves for the next */
} interp;

/* --- words ---------------------------------------------------------------------------- */

static bool word_in(const char *folded, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (foi_has_word(folded, words[i])) return true;
    return false;
}

/* Field names as words: "offenceCode" -> "offence code", "outcome_type" -> "outcome type". */
static char *header_words(foi_arena *a, const char *text)
{
    size_t n = strlen(text);
    char *w = foi_alloc(a, 2 * n + 1), *o = w;
    for (size_t i = 0; i < n; i++) {
        if (i && islower((unsigned char)text[i - 1]) && isupper((unsigned char)text[i])) *o++ = ' ';
        *o++ = text[i] == '_' ? ' ' : text[i];
    }
    *o = 0;
    return foi_fold(a, w);
}

static bool code_header(foi_arena *a, const char *text)
{
    return *text && foi_has_word(header_words(a, text), "code");
}

/* A header that names a dimension ("Offence type", "Financial year", "Count"). */
static dim header_name_dim(foi_arena *a, const char *text)
{
    if (!text || !*text) return D_NONE;
    char *f = header_words(a, text);
    if (strlen(f) > 60) return D_NONE;
    static const char *const other[] = {
        "age",           "ages",   "gender",  "sex",       "ethnicity", "ward",     "district",
        "neighbourhood", "victim", "suspect", "age group", "age band",  "month of", NULL};
    static const char *const outcome[] = {"outcome",      "outcomes",      "result", "disposal",
                                          "outcome type", "outcome group", NULL};
    static const char *const offence[] = {"offence",
                                          "offences",
                                          "crime type",
                                          "crime",
                                          "crimes type",
                                          "offence type",
                                          "classification",
                                          "category",
                                          "description",
                                          "offence code",
                                          "ho code",
                                          "home office code",
                                          "crime description",
                                          "nature",
                                          "offence group",
                                          "crime category",
                                          NULL};
    static const char *const period[] = {
        "year", "years", "period",     "time period", "financial year",   "calendar year",
        "fy",   "month", "date range", "dates",       "reporting period", "quarter",
        NULL};
    static const char *const platform[] = {"platform", "app",     "application", "social media",
                                           "site",     "website", "service",     NULL};
    static const char *const measure[] = {"count",
                                          "number",
                                          "no",
                                          "value",
                                          "crimes",
                                          "figure",
                                          "figures",
                                          "volume",
                                          "frequency",
                                          "amount",
                                          "obs value",
                                          "recorded",
                                          "offences recorded",
                                          "number of crimes",
                                          "number of offences",
                                          "qty",
                                          "quantity",
                                          "n",
                                          NULL};
    if (word_in(f, other) && !word_in(f, offence)) return D_OTHER;
    if (word_in(f, outcome)) return D_OUTCOME;
    if (word_in(f, platform)) return D_PLATFORM;
    if (word_in(f, period)) return D_PERIOD;
    /* "Crimes" alone is a measure; "Crime type" is the offence */
    for (int i = 0; measure[i]; i++)
        if (!strcmp(f, measure[i])) return D_MEASURE;
    if (word_in(f, offence)) return D_OFFENCE;
    if (foi_startswith_ci(f, "number of") || foi_startswith_ci(f, "no of") ||
        foi_startswith_ci(f, "count of") || foi_startswith_ci(f, "total number"))
        return D_MEASURE;
    return D_NONE;
}

static bool breakdown_value(const char *t)
{
    static const char *const words[] = {
        "male",       "female",      "men",      "women",        "boys",  "girls",
        "non binary", "transgender", "white",    "black",        "asian", "mixed",
        "adult",      "adults",      "juvenile", "child victim", NULL};
    for (int i = 0; words[i]; i++)
        if (foi_streq_ci(t, words[i])) return true;
    /* age bands: "12-15", "11 and under", "16 and over", "18+", "Under 18", "aged 16" */
    const char *p = t;
    static const char *const lead[] = {"under ", "over ", "aged ", NULL};
    for (int i = 0; lead[i]; i++)
        if (foi_startswith_ci(p, lead[i])) return isdigit((unsigned char)p[strlen(lead[i])]);
    if (isdigit((unsigned char)*p)) {
        while (isdigit((unsigned char)*p))
            p++;
        if (p - t > 2) return false;
        while (*p == ' ')
            p++;
        if (*p == '+' && !p[1]) return true;
        if (foi_startswith_ci(p, "and under") || foi_startswith_ci(p, "and over") ||
            foi_startswith_ci(p, "or under") || foi_startswith_ci(p, "or over"))
            return true;
        if (*p == '-' || foi_startswith_ci(p, "to ")) {
            p += *p == '-' ? 1 : 3;
            while (*p == ' ')
                p++;
            const char *q = p;
            while (isdigit((unsigned char)*p))
                p++;
            return p > q && p - q <= 2 && !*p;
        }
    }
    return false;
}

/* --- classifying one label ------------------------------------------------------------ */

static dim label_dim(interp *in, const char *t, dim hint)
{
    if (!t || !*t) return D_NONE;
    if (foi_is_total_label(t)) return D_TOTAL;
    foi_period p;
    if (foi_period_parse(t, in->ctx->reply_date, &p)) return D_PERIOD;
    if (foi_platform_of_label(t)) return D_PLATFORM;
    dim h = header_name_dim(in->a, t);
    if (h == D_MEASURE) return D_MEASURE;
    bool oc = foi_outcome_like(in->ctx->rules, in->a, t);
    bool of = foi_offence_like(in->ctx->rules, in->a, t);
    if (oc && !of) return D_OUTCOME;
    if (of && !oc) return D_OFFENCE;
    if (oc && of) return hint == D_OUTCOME ? D_OUTCOME : D_OFFENCE;
    if (breakdown_value(t)) return D_OTHER;
    /* "All other offences", "Other crime types": the residual row or column of offences */
    foi_offence_match om;
    foi_offence_map(in->ctx->rules, in->a, t, &om);
    if (om.method == FOI_MAP_RESIDUAL) return D_OFFENCE;
    return D_NONE;
}

/* --- the grid ------------------------------------------------------------------------- */

static const char *cell(const interp *in, int r, int c)
{
    return foi_grid_at(in->g, r, c)->text;
}

static bool is_figure(interp *in, const char *t)
{
    if (!t || !*t) return false;
    foi_value v = foi_value_parse(t, in->ctx->suppress);
    return v.kind == FOI_VALUE_EXACT || v.kind == FOI_VALUE_BOUNDS;
}

static bool is_period(interp *in, const char *t)
{
    foi_period p;
    return t && *t && foi_period_parse(t, in->ctx->reply_date, &p);
}

/* A row that only carries header text: no figures outside periods. */
static bool header_row(interp *in, int r, int from_col)
{
    int text = 0, figs = 0, heads = 0, nonempty = 0;
    for (int c = 0; c < in->g->ncols; c++) {
        const foi_cell *fc = foi_grid_at(in->g, r, c);
        if (!*fc->text) continue;
        nonempty++;
        heads += fc->header;
        if (c < from_col) continue;
        if (is_figure(in, fc->text) && !is_period(in, fc->text))
            figs++;
        else
            text++;
    }
    if (!nonempty) return false;
    if (heads == nonempty && figs == 0) return true;
    return figs == 0 && text > 0;
}

/* A two-line corner header read as one cell: an outcome title over the column's name
 * ("Charges" over "Home Office Code").  Returns the title, or dflt. */
static const char *corner_title(interp *in, const char *t, const char *dflt)
{
    for (const char *sp = strrchr(t, ' '); sp && sp > t;) {
        const char *prefix = foi_strndup(in->a, t, (size_t)(sp - t));
        if (header_name_dim(in->a, sp + 1) != D_NONE && header_name_dim(in->a, prefix) == D_NONE &&
            label_dim(in, prefix, D_OUTCOME) == D_OUTCOME)
            return prefix;
        const char *q = sp;
        sp = NULL;
        while (q > t && !sp)
            if (*--q == ' ') sp = q;
    }
    return dflt;
}

typedef struct axis_info {
    dim d;
    bool code_col; /* an offence code column ("HO code") to prefix the description */
} axis_info;

static void add_trace(interp *in, const char *fmt, const char *s1, const char *s2)
{
    char *line = foi_sprintf(in->a, fmt, in->g->index, s1, s2);
    FOI_VEC_PUSH(in->a, in->ctx->trace, line);
}

/* A period stated by the caption or the text just before the table, the nearest first. */
static char *context_period(interp *in, foi_period *p)
{
    int ms, ml;
    const char *cap = in->g->caption;
    if (cap && foi_period_find(cap, in->ctx->reply_date, p, &ms, &ml))
        return foi_strndup(in->a, cap + ms, (size_t)ml);
    const char *ctx = in->g->context;
    if (ctx) {
        /* the context holds up to two blocks joined by " | "; try the later one first */
        const char *sep = strstr(ctx, " | ");
        const char *parts[2] = {sep ? sep + 3 : ctx, sep ? ctx : NULL};
        size_t lens[2] = {strlen(parts[0]), sep ? (size_t)(sep - ctx) : 0};
        for (int i = 0; i < 2 && parts[i]; i++) {
            char *part = foi_strndup(in->a, parts[i], lens[i]);
            if (foi_period_find(part, in->ctx->reply_date, p, &ms, &ml))
                return foi_strndup(in->a, part + ms, (size_t)ml);
        }
    }
    const char *kind = in->g->kind;
    if (kind && foi_period_find(kind, in->ctx->reply_date, p, &ms, &ml))
        return foi_strndup(in->a, kind + ms, (size_t)ml);
    return NULL;
}

/* A table about one platform says so in a short caption or heading just before it
 * ("Snapchat", "Table 2 - Instagram") or in the sentence that introduces it.  Other long
 * sentences are left alone: they name platforms in passing. */
static const char *context_platform(interp *in)
{
    const char *srcs[2] = {in->g->caption, NULL};
    const char *ctx = in->g->context;
    if (ctx) {
        const char *sep = strstr(ctx, " | ");
        srcs[1] = sep ? sep + 3 : ctx;
    }
    for (int i = 0; i < 2; i++) {
        if (!srcs[i]) continue;
        size_t n = strlen(srcs[i]);
        while (n > 0 && (srcs[i][n - 1] == ' ' || srcs[i][n - 1] == '\n'))
            n--;
        /* a longer sentence counts when it introduces the table ("... for Snapchat:", "The
         * table below shows the figures for Facebook.") */
        bool intro = n <= 160 && (srcs[i][n - 1] == ':' || foi_strcasestr(srcs[i], "table below") ||
                                  foi_strcasestr(srcs[i], "following table") ||
                                  foi_strcasestr(srcs[i], "figures below"));
        if (n > 60 && !intro) continue;
        const char *p = foi_platform_of_text(srcs[i]);
        if (p) return p;
    }
    return NULL;
}

/* Columns that hold rates, shares or changes, not counts of crimes. */
static bool not_a_count_header(interp *in, int c, int hr)
{
    for (int r = 0; r < hr; r++) {
        const char *t = cell(in, r, c);
        if (!*t) continue;
        if (strchr(t, '%')) return true;
        char *f = foi_fold(in->a, t);
        static const char *const words[] = {
            "percent", "percentage", "proportion", "rate",  "change", "difference", "average",
            "mean",    "per 1000",   "per 100000", "ratio", "share",  NULL};
        if (word_in(f, words)) return true;
    }
    return false;
}

static dim context_hint(interp *in)
{
    const char *srcs[] = {in->g->caption, in->g->context, in->g->kind};
    for (int i = 0; i < 3; i++) {
        if (!srcs[i]) continue;
        if (foi_strcasestr(srcs[i], "outcome")) return D_OUTCOME;
    }
    for (int i = 0; i < 3; i++) {
        if (!srcs[i]) continue;
        if (foi_strcasestr(srcs[i], "offence") || foi_strcasestr(srcs[i], "crime type") ||
            foi_strcasestr(srcs[i], "nature"))
            return D_OFFENCE;
    }
    return D_NONE;
}

/* The dimension of a set of labels: header names first, then what the labels read as. */
static dim majority(interp *in, const char **labels, int n, dim name_hint, dim ctx_hint)
{
    int cnt[8] = {0}, any = 0;
    for (int i = 0; i < n; i++) {
        dim d = label_dim(in, labels[i], ctx_hint);
        cnt[d]++;
        if (d != D_TOTAL && labels[i] && *labels[i]) any++;
    }
    /* periods read unambiguously: they beat a misleading corner ("Platform" over years) */
    if (any && cnt[D_PERIOD] * 2 > any) return D_PERIOD;
    if (name_hint == D_OUTCOME || name_hint == D_OFFENCE || name_hint == D_PLATFORM ||
        name_hint == D_OTHER)
        return name_hint;
    if (name_hint == D_PERIOD && cnt[D_PERIOD] * 2 >= any) return D_PERIOD;
    if (!any) return cnt[D_TOTAL] ? D_TOTAL : D_NONE;
    if (cnt[D_PERIOD] * 2 > any) return D_PERIOD;
    if (cnt[D_PLATFORM] * 2 > any) return D_PLATFORM;
    if (cnt[D_MEASURE] * 2 > any) return D_MEASURE;
    if (cnt[D_OTHER] * 2 >= any && cnt[D_OTHER] > cnt[D_OFFENCE] + cnt[D_OUTCOME]) return D_OTHER;
    if (cnt[D_OUTCOME] > cnt[D_OFFENCE]) return D_OUTCOME;
    if (cnt[D_OUTCOME] && cnt[D_OUTCOME] == cnt[D_OFFENCE] && ctx_hint == D_OUTCOME)
        return D_OUTCOME;
    if (cnt[D_OFFENCE] || cnt[D_NONE]) {
        if (ctx_hint == D_OUTCOME && cnt[D_OUTCOME] * 3 >= any) return D_OUTCOME;
        return D_OFFENCE;
    }
    return D_NONE;
}

/* The dimensions one axis position carries (one column of headers, or one row's labels). */
typedef struct dims {
    const char *period, *offence, *outcome, *platform;
    bool total;        /* the position is a Total of the axis' own dimension */
    bool period_total; /* a Total across periods */
    bool offence_total, outcome_total;
    bool other; /* belongs to an unsupported breakdown */
} dims;

typedef struct row_sum {
    long lo, hi;
    bool open;
    int n; /* period cells counted */
    bool unreadable;
} row_sum;

static row_sum sum_row(interp *in, int r, int tc, int lc, const dims *cold, const bool *skip);
static bool total_fits(const foi_value *tv, row_sum s);
static int part_marker(interp *in);
static void next_day(const char *d, char out[11]);
static const char *row_label(interp *in, int r, int lc);

static void interpret(interp *in)
{
    const foi_grid *g = in->g;
    int R = g->nrows, C = g->ncols;
    if (R == 0 || C == 0) return;
    foi_grid_ctx *ctx = in->ctx;

    /* header rows */
    int hr = 0;
    int skip = C > 1 ? 1 : 0; /* years in a row-label column are labels, not headers */
    while (hr < R - 1 && header_row(in, hr, skip))
        hr++;
    if (hr == R - 1 && header_row(in, hr, skip)) return; /* no body at all */

    /* label columns: no figures other than periods in the body */
    int lc = 0;
    for (int c = 0; c < C; c++) {
        int figs = 0, text = 0;
        for (int r = hr; r < R; r++) {
            const char *t = cell(in, r, c);
            if (!*t) continue;
            if (is_figure(in, t) && !is_period(in, t) && !breakdown_value(t))
                figs++;
            else
                text++;
        }
        dim name = D_NONE;
        bool code_hdr = false;
        for (int r = 0; r < hr; r++) {
            dim d = header_name_dim(in->a, cell(in, r, c));
            if (d != D_NONE) name = d;
            if (code_header(in->a, cell(in, r, c))) code_hdr = true;
        }
        /* an empty lead column (a blank first cell on every row) holds no labels but is
         * no data either */
        if (figs == 0 && (text > 0 || c + 1 < C)) {
            lc = c + 1;
            continue;
        }
        if (code_hdr && name == D_OFFENCE) {
            lc = c + 1;
            continue;
        }
        break;
    }
    if (lc >= C) {
        /* every column is labels: a list with no figures, or text we cannot read */
        if (R > 1)
            foi_diag_add(in->a, ctx->diags, foi_grid_where(in->a, g, 0, 0), "unparsed_table",
                         foi_sprintf(in->a, "table %d has no figure cells", g->index), "");
        return;
    }

    dim chint = context_hint(in);

    /* label columns' dimensions */
    axis_info *lcol = foi_alloc(in->a, (size_t)(lc ? lc : 1) * sizeof *lcol);
    const char **labels = foi_alloc(in->a, (size_t)R * sizeof *labels);
    for (int c = 0; c < lc; c++) {
        dim name = D_NONE;
        for (int r = 0; r < hr; r++) {
            dim d = header_name_dim(in->a, cell(in, r, c));
            if (d != D_NONE && d != D_MEASURE) name = d;
            if (code_header(in->a, cell(in, r, c))) lcol[c].code_col = true;
        }
        int n = 0;
        for (int r = hr; r < R; r++)
            labels[n++] = cell(in, r, c);
        lcol[c].d = majority(in, labels, n, name, chint);
    }

    /* A table does not hold outcomes on both axes: across the top, prefer what the rows
     * are not. */
    dim colhint = chint;
    for (int c = 0; c < lc; c++) {
        if (lcol[c].d == D_OUTCOME)
            colhint = D_OFFENCE;
        else if (lcol[c].d == D_OFFENCE)
            colhint = D_OUTCOME;
    }

    /* a table titled by an outcome in its corner ("Charges*" over the code column) holds
     * that outcome only, when neither axis is an outcome */
    const char *corner_outcome = NULL;
    {
        bool rows_outcome = false;
        for (int c = 0; c < lc; c++)
            rows_outcome |= lcol[c].d == D_OUTCOME;
        for (int r = 0; r < hr && !rows_outcome; r++)
            for (int c = 0; c < lc; c++) {
                const char *t = cell(in, r, c);
                if (*t && header_name_dim(in->a, t) == D_NONE &&
                    label_dim(in, t, D_OUTCOME) == D_OUTCOME)
                    corner_outcome = t;
                else if (*t)
                    corner_outcome = corner_title(in, t, corner_outcome);
            }
    }

    /* data columns: header path components */
    dims *cold = foi_alloc(in->a, (size_t)C * sizeof *cold);
    int col_cnt[8] = {0};
    for (int c = lc; c < C; c++) {
        for (int r = 0; r < hr; r++) {
            const foi_cell *fc = foi_grid_at(g, r, c);
            if (!*fc->text) continue;
            dim d = label_dim(in, fc->text, colhint);
            if (d == D_NONE && header_name_dim(in->a, fc->text) == D_MEASURE) d = D_MEASURE;
            switch (d) {
            case D_PERIOD:
                cold[c].period = fc->text;
                break;
            case D_OFFENCE:
                cold[c].offence = fc->text;
                break;
            case D_OUTCOME:
                cold[c].outcome = fc->text;
                break;
            case D_PLATFORM:
                cold[c].platform = fc->text;
                break;
            case D_TOTAL:
                cold[c].total = true;
                break;
            case D_OTHER:
                cold[c].other = true;
                break;
            case D_NONE:
                /* an unknown column header with a known row dimension: offences across */
                if (!cold[c].offence && header_name_dim(in->a, fc->text) == D_NONE)
                    cold[c].offence = fc->text;
                break;
            default:
                break;
            }
        }
        if (cold[c].period) col_cnt[D_PERIOD]++;
        if (cold[c].outcome) col_cnt[D_OUTCOME]++;
        if (cold[c].platform) col_cnt[D_PLATFORM]++;
        if (cold[c].other) col_cnt[D_OTHER]++;
    }
    /* An unknown header is an offence only when the rows are not offences already. */
    bool rows_offence = false;
    for (int c = 0; c < lc; c++)
        rows_offence |= lcol[c].d == D_OFFENCE;
    for (int c = lc; c < C; c++) {
        if (cold[c].offence && (rows_offence || cold[c].outcome)) {
            if (!foi_offence_like(ctx->rules, in->a, cold[c].offence)) cold[c].offence = NULL;
        }
        if (cold[c].offence) col_cnt[D_OFFENCE]++;
    }
    /* What a Total column totals: the dimension the other data columns vary in. */
    for (int c = lc; c < C; c++) {
        if (!cold[c].total) continue;
        if (col_cnt[D_PERIOD] && !cold[c].period)
            cold[c].period_total = true;
        else if (col_cnt[D_OUTCOME] && !cold[c].outcome)
            cold[c].outcome_total = true;
        else if (col_cnt[D_OFFENCE] && !cold[c].offence)
            cold[c].offence_total = true;
    }

    /* period span of a Total across periods */
    char min_start[11] = "", max_end[11] = "";
    bool open_end = false;
    for (int c = lc; c < C; c++) {
        foi_period p;
        if (cold[c].period && foi_period_parse(cold[c].period, ctx->reply_date, &p)) {
            if (!(ctx->reply_date && *ctx->reply_date))
                foi_period_close_by(cold[c].period, ctx->extracted, &p);
            if (ctx->meta)
                foi_period_footnote(cold[c].period, ctx->meta->fn_marker, ctx->meta->fn_text,
                                    ctx->meta->nfn, &p);
            if (!*min_start || strcmp(p.start, min_start) < 0) memcpy(min_start, p.start, 11);
            if (!*p.end)
                open_end = true;
            else if (strcmp(p.end, max_end) > 0)
                memcpy(max_end, p.end, 11);
        }
    }
    bool row_period_axis = false;
    for (int c = 0; c < lc; c++)
        row_period_axis |= lcol[c].d == D_PERIOD;
    if (row_period_axis) {
        for (int r = hr; r < R; r++)
            for (int c = 0; c < lc; c++) {
                foi_period p;
                if (lcol[c].d == D_PERIOD &&
                    foi_period_parse(cell(in, r, c), ctx->reply_date, &p)) {
                    if (!(ctx->reply_date && *ctx->reply_date))
                        foi_period_close_by(cell(in, r, c), ctx->extracted, &p);
                    if (ctx->meta)
                        foi_period_footnote(cell(in, r, c), ctx->meta->fn_marker,
                                            ctx->meta->fn_text, ctx->meta->nfn, &p);
                    if (!*min_start || strcmp(p.start, min_start) < 0)
                        memcpy(min_start, p.start, 11);
                    if (!*p.end)
                        open_end = true;
                    else if (strcmp(p.end, max_end) > 0)
                        memcpy(max_end, p.end, 11);
                }
            }
    }
    if (open_end) max_end[0] = 0;

    foi_period cp;
    char *ctx_period = context_period(in, &cp);
    const char *ctx_platform = col_cnt[D_PLATFORM] ? NULL : context_platform(in);
    bool *skip_col = foi_alloc(in->a, (size_t)C);
    for (int c = lc; c < C; c++)
        skip_col[c] = not_a_count_header(in, c, hr);

    /* A table split into parts (see part_state): a later part's Total column spans every
     * part when the reply says it is a part or its rows repeat the previous table's and its
     * periods carry on from them; when that cannot be told, its Total goes to Review. */
    const part_state *pv = in->prev;
    bool period_cols = col_cnt[D_PERIOD] > 0 && !row_period_axis;
    bool has_ptotal = false;
    for (int c = lc; c < C; c++)
        has_ptotal |= cold[c].period_total && !skip_col[c];
    int marker = part_marker(in);
    row_sum *own = foi_alloc(in->a, (size_t)R * sizeof *own);
    int *pidx = foi_alloc(in->a, (size_t)R * sizeof *pidx);
    const char **rlabel = foi_alloc(in->a, (size_t)R * sizeof *rlabel);
    int nl = 0, matched = 0;
    for (int r = hr; r < R; r++) {
        pidx[r] = -1;
        rlabel[r] = "";
        own[r] = sum_row(in, r, -1, lc, cold, skip_col);
        bool has_data = false;
        for (int c = lc; c < C; c++)
            has_data |= *cell(in, r, c) != 0;
        if (!has_data) continue;
        rlabel[r] = row_label(in, r, lc);
        if (!*rlabel[r]) continue;
        nl++;
        for (int i = 0; pv->valid && i < pv->n; i++)
            if (!strcmp(pv->label[i], rlabel[r])) {
                pidx[r] = i;
                matched++;
                break;
            }
    }
    bool same_rows = pv->valid && nl > 0 && matched == nl && pv->n == nl;
    bool follows = pv->valid && *pv->end && *min_start && strcmp(min_start, pv->end) > 0;
    char after[11] = "";
    if (follows) next_day(pv->end, after);
    bool cont = period_cols && same_rows && !pv->period_total && follows &&
                (marker == 2 || !strcmp(after, min_start));
    bool maybe_part = period_cols && !cont && !(pv->valid && pv->period_total) &&
                      (marker == 2 || (same_rows && follows) || (pv->valid && pv->marker));
    if (cont) add_trace(in, "table %d: %s%s", "a later part of the table before", "");
    if (period_cols) {
        part_state *nx = in->next;
        nx->valid = true;
        nx->marker = marker == 1;
        nx->period_total = has_ptotal;
        snprintf(nx->start, sizeof nx->start, "%s", cont ? pv->start : min_start);
        snprintf(nx->end, sizeof nx->end, "%s", open_end ? "" : max_end);
        nx->label = foi_alloc(in->a, (size_t)(nl ? nl : 1) * sizeof *nx->label);
        nx->lo = foi_alloc(in->a, (size_t)(nl ? nl : 1) * sizeof *nx->lo);
        nx->hi = foi_alloc(in->a, (size_t)(nl ? nl : 1) * sizeof *nx->hi);
        nx->open = foi_alloc(in->a, (size_t)(nl ? nl : 1) * sizeof *nx->open);
        for (int r = hr; r < R; r++) {
            if (!*rlabel[r]) continue;
            int i = nx->n++;
            nx->label[i] = rlabel[r];
            nx->lo[i] = own[r].lo + (cont ? pv->lo[pidx[r]] : 0);
            nx->hi[i] = own[r].hi + (cont ? pv->hi[pidx[r]] : 0);
            nx->open[i] = own[r].open || own[r].unreadable || (cont && pv->open[pidx[r]]);
        }
    }

    bool any_other = col_cnt[D_OTHER] > 0;
    for (int c = 0; c < lc; c++)
        any_other |= lcol[c].d == D_OTHER;

    {
        foi_buf b;
        foi_buf_init(&b, in->a);
        foi_buf_printf(&b, "header rows %d, label cols %d [", hr, lc);
        for (int c = 0; c < lc; c++)
            foi_buf_printf(&b, "%s%s", c ? "," : "", dim_name(lcol[c].d));
        foi_buf_printf(&b, "], data cols: period %d offence %d outcome %d platform %d",
                       col_cnt[D_PERIOD], col_cnt[D_OFFENCE], col_cnt[D_OUTCOME],
                       col_cnt[D_PLATFORM]);
        add_trace(in, "table %d: %s%s", b.s, ctx_period ? " (period from context)" : "");
    }
    if (any_other)
        foi_diag_add(in->a, ctx->diags, foi_grid_where(in->a, g, 0, 0), "unsupported_breakdown",
                     foi_sprintf(in->a,
                                 "table %d is broken down by something other than "
                                 "period, offence, outcome or platform; only its "
                                 "stated totals are taken",
                                 g->index),
                     "");

    const char *section_period = NULL;
    int missing_period = 0;
    for (int r = hr; r < R; r++) {
        dims rd = {0};
        bool row_other = false;
        const char *code_prefix = NULL;
        const char *total_text = NULL; /* the row's Total label */
        for (int c = 0; c < lc; c++) {
            const foi_cell *fc = foi_grid_at(g, r, c);
            if (!*fc->text) continue;
            if (c > 0 && fc->span_id == foi_grid_at(g, r, c - 1)->span_id) continue;
            const char *t = fc->text;
            if (foi_is_total_label(t)) {
                rd.total = true;
                total_text = t;
                if (lcol[c].d == D_PERIOD)
                    rd.period_total = true;
                else if (lcol[c].d == D_OUTCOME)
                    rd.outcome_total = true;
                else
                    rd.offence_total = true;
                continue;
            }
            switch (lcol[c].d) {
            case D_PERIOD:
                rd.period = t;
                break;
            case D_OUTCOME:
                rd.outcome = t;
                break;
            case D_PLATFORM:
                rd.platform = t;
                break;
            case D_OTHER:
                row_other = true;
                break;
            default:
                if (lcol[c].code_col)
                    code_prefix = t;
                else if (code_prefix)
                    rd.offence = foi_sprintf(in->a, "%s - %s", code_prefix, t);
                else
                    rd.offence = t; /* leaf wins over its group */
                break;
            }
        }
        if (code_prefix && !rd.offence) {
            /* a bare number under "HO code" is the code, not a count or a list number */
            bool digits = true;
            for (const char *p = code_prefix; *p; p++)
                digits &= isdigit((unsigned char)*p) || *p == '/';
            rd.offence = digits ? foi_sprintf(in->a, "HO code %s", code_prefix) : code_prefix;
        }
        /* a row with labels and no figures: a section heading (a period applies below) */
        bool has_data = false;
        for (int c = lc; c < C; c++)
            if (*cell(in, r, c)) has_data = true;
        if (!has_data) {
            for (int c = 0; c < lc; c++) {
                foi_period p;
                if (foi_period_parse(cell(in, r, c), ctx->reply_date, &p))
                    section_period = cell(in, r, c);
            }
            continue;
        }
        for (int c = lc; c < C; c++) {
            const foi_cell *fc = foi_grid_at(g, r, c);
            if (!*fc->text || skip_col[c]) continue;
            foi_value v = foi_value_parse(fc->text, ctx->suppress);
            if (v.kind != FOI_VALUE_EXACT && v.kind != FOI_VALUE_BOUNDS) continue;
            const dims *cd = &cold[c];
            /* unsupported breakdowns: only stated totals */
            if ((row_other || cd->other) && !(rd.total && !cd->other) && !(cd->total && !row_other))
                continue;
            foi_raw raw = {0};
            raw.value = fc->text;
            raw.where = foi_grid_where(in->a, g, r, c);
            raw.grid = g->index;
            raw.order = ctx->order++;
            raw.offence = (char *)(rd.offence ? rd.offence : cd->offence);
            raw.outcome = (char *)(rd.outcome ? rd.outcome : cd->outcome);
            if (!raw.outcome && !col_cnt[D_OUTCOME]) raw.outcome = (char *)corner_outcome;
            raw.platform = (char *)(cd->platform ? cd->platform : rd.platform);
            if (!raw.platform && ctx_platform) raw.platform = (char *)ctx_platform;
            raw.offence_total = (rd.offence_total || cd->offence_total);
            raw.outcome_total = (rd.outcome_total || cd->outcome_total);
            bool ptotal = rd.period_total || cd->period_total;
            const char *period = cd->period ? cd->period : rd.period;
            if (ptotal && !period) {
                if (!*min_start) continue;
                const char *span_start = min_start;
                if (cd->period_total) {
                    const char *why = NULL;
                    bool fits_own = total_fits(&v, own[r]);
                    row_sum all = own[r];
                    if (pidx[r] >= 0) {
                        all.lo += pv->lo[pidx[r]];
                        all.hi += pv->hi[pidx[r]];
                        all.open |= pv->open[pidx[r]];
                        all.n++;
                    }
                    if (cont) {
                        if (!total_fits(&v, all))
                            why = "a Total that is not the sum of the periods in its parts";
                        span_start = pv->start;
                    } else if (maybe_part) {
                        if (!(fits_own && pidx[r] >= 0 && !total_fits(&v, all)))
                            why = "a Total in a table that may be a part of a wider table";
                    } else if (!fits_own) {
                        why = "a Total that is not the sum of the periods in its table (a "
                              "part of a wider table?)";
                    }
                    if (why) {
                        foi_diag_add(in->a, ctx->diags, raw.where, "ambiguous_period",
                                     foi_sprintf(in->a, "figure %s: %s", fc->text, why), "");
                        continue;
                    }
                }
                raw.period = rd.period_total && total_text ? (char *)total_text : "Total";
                for (int k = 0; k < hr && !rd.period_total; k++)
                    if (*cell(in, k, c)) raw.period = (char *)cell(in, k, c);
                raw.period_start = foi_strdup(in->a, span_start);
                raw.period_end = foi_strdup(in->a, max_end);
                raw.flags |= FOI_RAW_PERIOD_SPAN;
            } else {
                if (!period) period = section_period;
                if (!period) period = ctx_period;
                if (!period) {
                    missing_period++;
                    continue;
                }
                raw.period = (char *)period;
            }
            /* totals of the offence axis keep their wording out of offence mapping */
            if (raw.offence_total) raw.offence = NULL;
            if (raw.outcome_total) raw.outcome = NULL;
            FOI_VEC_PUSH(in->a, *ctx->out, raw);
        }
    }
    if (missing_period)
        foi_diag_add(in->a, ctx->diags, foi_grid_where(in->a, g, hr, lc), "ambiguous_period",
                     foi_sprintf(in->a,
                                 "table %d: %d figure(s) with no period in the table, "
                                 "its caption or the text before it",
                                 g->index, missing_period),
                     "");
}

/* The bounds of the sum of a row's period cells (the Total column tc excluded); a blank
 * cell may hide a low number, so it lifts the upper bound. */
static row_sum sum_row(interp *in, int r, int tc, int lc, const dims *cold, const bool *skip)
{
    const foi_grid *g = in->g;
    row_sum s = {0};
    for (int c = lc; c < g->ncols; c++) {
        if (c == tc || skip[c] || !cold[c].period || cold[c].period_total || cold[c].other)
            continue;
        const char *t = foi_grid_at(g, r, c)->text;
        s.n++;
        if (!*t) {
            s.open = true;
            continue;
        }
        foi_value v = foi_value_parse(t, in->ctx->suppress);
        if (v.kind != FOI_VALUE_EXACT && v.kind != FOI_VALUE_BOUNDS) {
            s.unreadable = true;
            continue;
        }
        s.lo += v.min > 0 ? v.min : 0;
        if (v.max < 0)
            s.open = true;
        else
            s.hi += v.max;
    }
    return s;
}

/* A Total across periods must lie within the bounds of the sum of the row's period cells. */
static bool total_fits(const foi_value *tv, row_sum s)
{
    if (s.n < 1 || s.unreadable) return true;
    if (tv->max >= 0 && tv->max < s.lo) return false;
    return s.open || tv->min <= s.hi;
}

/* A short caption or heading that names a part of a table: 1 for a first part ("part 1
 * of 2", "Table 2a"), 2 for a later one ("continued", "(cont.)", "part 2", "Table 2b"),
 * 0 for none. */
static int part_marker(interp *in)
{
    const char *srcs[3] = {in->g->caption, NULL, NULL};
    const char *ctx = in->g->context;
    if (ctx) {
        const char *sep = strstr(ctx, " | ");
        srcs[1] = sep ? sep + 3 : ctx;
    }
    int best = 0;
    for (int i = 0; i < 3; i++) {
        if (!srcs[i] || strlen(srcs[i]) > 100) continue; /* prose mentions parts in passing */
        char *f = foi_fold(in->a, srcs[i]);
        if (foi_has_word(f, "continued") || foi_has_word(f, "cont") || foi_has_word(f, "contd"))
            return 2;
        for (const char *p = f; (p = strstr(p, "part ")) != NULL; p++) {
            if (p > f && p[-1] != ' ') continue;
            const char *q = p + 5;
            static const char *const later[] = {"two", "three", "four", "ii", "iii", "b", NULL};
            if (isdigit((unsigned char)*q)) {
                int k = atoi(q);
                if (k >= 2) return 2;
                if (k == 1) best = 1;
            } else if (!strncmp(q, "one", 3) || !strncmp(q, "a ", 2) || !strcmp(q, "a") ||
                       !strncmp(q, "i ", 2) || !strcmp(q, "i")) {
                best = 1;
            } else {
                for (int k = 0; later[k]; k++) {
                    size_t n = strlen(later[k]);
                    if (!strncmp(q, later[k], n) && (q[n] == ' ' || !q[n])) return 2;
                }
            }
        }
        /* "Table 2b": a table number with a letter */
        for (const char *p = f; (p = strstr(p, "table ")) != NULL; p++) {
            if (p > f && p[-1] != ' ') continue;
            const char *q = p + 6;
            if (!isdigit((unsigned char)*q)) continue;
            while (isdigit((unsigned char)*q))
                q++;
            if (*q >= 'a' && *q <= 'h' && (q[1] == ' ' || !q[1])) {
                if (*q == 'a')
                    best = 1;
                else
                    return 2;
            }
        }
    }
    return best;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void next_day(const char *d, char out[11])
{
    int y = 0, m = 0, dd = 0;
    if (sscanf(d, "%d-%d-%d", &y, &m, &dd) != 3) {
        out[0] = 0;
        return;
    }
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = m == 2 && leap(y) ? 29 : (m >= 1 && m <= 12 ? mdays[m - 1] : 31);
    if (++dd > last) {
        dd = 1;
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    char t[40];
    snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, dd);
    memcpy(out, t, 10);
    out[10] = 0;
}

/* A row's labels as one folded string ("" when it has none). */
static const char *row_label(interp *in, int r, int lc)
{
    foi_buf b;
    foi_buf_init(&b, in->a);
    for (int c = 0; c < lc; c++) {
        const char *t = cell(in, r, c);
        if (*t) foi_buf_printf(&b, "%s%s", b.len ? " / " : "", t);
    }
    return b.len ? foi_fold(in->a, b.s) : "";
}

void foi_grid_interpret(foi_arena *a, const foi_doc *doc, foi_grid_ctx *ctx)
{
    part_state st[2] = {{0}, {0}};
    for (size_t i = 0; i < doc->grids.n; i++) {
        part_state *prev = &st[i % 2], *next = &st[(i + 1) % 2];
        memset(next, 0, sizeof *next);
        interp in = {.a = a, .ctx = ctx, .g = doc->grids.v[i], .prev = prev, .next = next};
        interpret(&in);
    }
}
