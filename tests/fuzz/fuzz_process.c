/* Fuzz the whole per-file pipeline, foi_process_bytes: sniff, decode, parse, interpret,
 * prose, metadata, records, validation.  The first byte picks the file name (extensions
 * break format ties).  Every input must get a status; every record a value and a locator. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/process.h"

static foi_arena *rules_arena;
static const foi_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rules_arena = foi_arena_new();
    foi_diag_vec errs = {0};
    rules = foi_rules_load(rules_arena, NULL, &errs);
    if (!rules) abort();
    return 0;
}

static const char *const names[] = {"kent-police.html",  "replies/Cleveland Police.xml",
                                    "Dyfed-Powys.txt",   "merseyside.csv",
                                    "reply.xlsx",        "reply",
                                    "FOI 2024-0123.eml", "a/b/c.htm"};

/* Separate so nothing the trap's setjmp sees is modified after it. */
static void run(const char *name, const uint8_t *data, size_t size)
{
    foi_arena *a = foi_arena_new();
    if (!a) return;
    foi_file_result r;
    if (FOI_ARENA_TRY(a)) {
        foi_process_bytes(rules, a, name, data, size, &r);
        foi_arena_untrap(a);
        if (!r.status || !*r.status || !r.format || !r.sha256) abort();
        for (size_t i = 0; i < r.records.n; i++)
            if (!r.records.v[i].value || !r.records.v[i].where || !r.records.v[i].file) abort();
        if (!strcmp(r.status, "data") != (r.records.n > 0)) abort();
    } else {
        foi_arena_untrap(a);
    }
    foi_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules) LLVMFuzzerInitialize(NULL, NULL);
    if (size == 0) {
        run("reply.txt", data, 0);
        return 0;
    }
    run(names[data[0] % 8], data + 1, size - 1);
    return 0;
}
