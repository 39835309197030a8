/* foitab: the command line.  The only place that prints for the user. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/batch.h"

#ifndef FOI_VERSION
#define FOI_VERSION "0.0.0"
#endif

static const char usage[] =
    "Usage: foitab run DIR... -o FILE.xlsx [--csv DIR] [--json FILE] [--rules DIR]\n"
    "                  [--state FILE] [--created TIME] [--full] [--watch] [-j N] [-q] [-v]\n"
    "       foitab inspect FILE [--rules DIR]\n"
    "       foitab rules check [DIR]\n"
    "       foitab --help | --version\n"
    "\n"
    "Turns a folder of police FOI replies into one consolidated workbook.\n"
    "\n"
    "  -o FILE.xlsx     the workbook to write (written to a temporary file, then renamed)\n"
    "  --csv DIR        also write records.csv, sources.csv and review.csv into DIR\n"
    "  --json FILE      also write records, sources and review as one JSON document\n"
    "  --rules DIR      add or override rule tables with DIR/*.tsv\n"
    "  --state FILE     incremental state store (default: next to the output)\n"
    "  --created TIME   creation time the workbook states (YYYY-MM-DDTHH:MM:SS);\n"
    "                   default: the newest input file's time\n"
    "  --full           ignore the state and read every file again\n"
    "  --watch          stay running; re-run when replies are added, changed or removed\n"
    "  -j N             parse N files in parallel (default: the number of cores)\n"
    "  -q, -v           quiet; verbose (one line per file)\n"
    "\n"
    "Exit status: 0 all good, 1 finished with items needing review, 2 usage or\n"
    "environment error.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("foitab: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'foitab --help'.\n", stderr);
    return FOI_EXIT_USAGE;
}

static int cmd_run(int argc, char **argv)
{
    enum { OPT_CSV = 256, OPT_JSON, OPT_RULES, OPT_STATE, OPT_FULL, OPT_CREATED, OPT_WATCH };
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},      {"csv", required_argument, 0, OPT_CSV},
        {"json", required_argument, 0, OPT_JSON},   {"rules", required_argument, 0, OPT_RULES},
        {"state", required_argument, 0, OPT_STATE}, {"created", required_argument, 0, OPT_CREATED},
        {"full", no_argument, 0, OPT_FULL},         {"watch", no_argument, 0, OPT_WATCH},
        {"jobs", required_argument, 0, 'j'},        {"quiet", no_argument, 0, 'q'},
        {"verbose", no_argument, 0, 'v'},           {0, 0, 0, 0}};
    foi_run_opts o = {.jobs = 0}; /* 0: one per core */
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:qv", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.xlsx = optarg;
            break;
        case OPT_CSV:
            o.csv_dir = optarg;
            break;
        case OPT_JSON:
            o.json = optarg;
            break;
        case OPT_RULES:
            o.rules_dir = optarg;
            break;
        case OPT_STATE:
            o.state = optarg;
            break;
        case OPT_CREATED:
            o.created = optarg;
            break;
        case OPT_FULL:
            o.full = true;
            break;
        case OPT_WATCH:
            o.watch = true;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) return usage_error("-j: not a job count: %s", optarg);
            o.jobs = (int)n;
            break;
        }
        case 'q':
            o.quiet = true;
            break;
        case 'v':
            o.verbose = true;
            break;
        default:
            return usage_error("%s", "bad option for run");
        }
    }
    if (!o.xlsx) return usage_error("%s", "run: -o FILE.xlsx is required");
    if (optind >= argc) return usage_error("%s", "run: no input folder given");
    o.dirs = (const char **)argv + optind;
    o.ndirs = argc - optind;
    return o.watch ? foi_watch(&o, stderr) : foi_run(&o, stderr);
}

static int cmd_inspect(int argc, char **argv)
{
    const char *rules = NULL, *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules = argv[++i];
        else if (argv[i][0] == '-')
            return usage_error("inspect: unknown option %s", argv[i]);
        else if (!file)
            file = argv[i];
        else
            return usage_error("inspect: one file at a time (%s)", argv[i]);
    }
    if (!file) return usage_error("%s", "inspect: no file given");
    return foi_inspect(file, rules, stdout, stderr);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return FOI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return FOI_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        puts("foitab " FOI_VERSION);
        return FOI_EXIT_OK;
    }
    if (!strcmp(cmd, "run")) return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "inspect")) return cmd_inspect(argc - 1, argv + 1);
    if (!strcmp(cmd, "rules")) {
        if (argc >= 3 && !strcmp(argv[2], "check"))
            return foi_rules_check(argc >= 4 ? argv[3] : NULL, stdout);
        return usage_error("%s", "rules: expected 'rules check [DIR]'");
    }
    return usage_error("unknown command: %s", cmd);
}
