/* pipeline/batch: `foitab run` — discover the reply files under the input folders, process
 * each (a bad file never stops the batch), and write the workbook and exports.  Also
 * `foitab inspect`.  Only the CLI (pipeline/main.c) prints; these return exit codes
 * (0 all good, 1 finished with files or figures needing review, 2 usage/environment error)
 * and write messages to the stream given.
 */
#ifndef FOI_PIPELINE_BATCH_H
#define FOI_PIPELINE_BATCH_H

#include <stdbool.h>
#include <stdio.h>

enum { FOI_EXIT_OK = 0, FOI_EXIT_REVIEW = 1, FOI_EXIT_USAGE = 2 };

typedef struct foi_run_opts {
    const char **dirs; /* input folders (or single files) */
    int ndirs;
    const char *xlsx;      /* -o FILE.xlsx (required) */
    const char *csv_dir;   /* --csv DIR or NULL */
    const char *json;      /* --json FILE or NULL */
    const char *rules_dir; /* --rules DIR or NULL */
    const char *state;     /* --state FILE or NULL (default next to the output) */
    const char *created;   /* --created ISO time or NULL */
    bool full, quiet, verbose;
    bool watch; /* --watch: stay running and re-run on changes */
    int jobs;
} foi_run_opts;

int foi_run(const foi_run_opts *o, FILE *msg);

/* --watch: run, then wait for files to be added, changed or removed under the input folders
 * (inotify, debounced) and run again, one summary line per run, until interrupted (SIGINT or
 * SIGTERM end it cleanly with the last run's exit code).  Returns FOI_EXIT_USAGE when the
 * folders cannot be watched. */
int foi_watch(const foi_run_opts *o, FILE *msg);

/* Print what each stage saw for one file: decoding, grids, blocks, raw records, mapping. */
int foi_inspect(const char *path, const char *rules_dir, FILE *out, FILE *msg);

/* Validate rule tables: built-in plus dir (may be NULL); prints file:line: message. */
int foi_rules_check(const char *dir, FILE *out);

#endif
