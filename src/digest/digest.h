/* The digest pipeline: inputs → events → fingerprints → per-class aggregates, on one or more threads.
 * A large plain file is split into chunks parsed in parallel; each chunk's start is only a guess
 * until the chunk before it proves it (see run.c), so the result is identical to one thread's. */
#ifndef SLOWDEX_DIGEST_H
#define SLOWDEX_DIGEST_H
#include <stdbool.h>
#include <stdint.h>

#include "aggregate/agg.h"
#include "analyze/nplus1.h"
#include "digest/filter.h"
#include "input/source.h"
#include "report/report.h"
#include "util/diag.h"
#include "util/timeconv.h"

enum group_by { GROUP_FINGERPRINT, GROUP_DB, GROUP_USER, GROUP_HOST };
/* What the inputs are: told by their first lines (auto), or as --type says. */
enum log_type { LOG_TYPE_AUTO, LOG_TYPE_SLOW, LOG_TYPE_GENERAL };

struct digest_config {
    char **inputs;          /* paths, "-" for stdin; saved digests are recognised by content */
    int ninputs;
    struct tzone tz;        /* zone of local-time log lines */
    enum group_by group_by;
    unsigned fp_flags;      /* fingerprint options */
    const struct filter_set *filters; /* may be NULL */
    const char *since, *until; /* as given; NULL when not set */
    int threads;            /* parsing threads, ≥ 1 */
    const char *order_attr; /* picks the worst sample */
    bool keep_minutes;      /* for --save */
    int progress;           /* progress line on stderr (a terminal only): 0 never, 1 for big
                               inputs, 2 for any input */
    uint64_t chunk_min;     /* smallest chunk worth a thread (tests lower it to force splits) */
    bool nplus1;            /* N+1 detection (analyze/nplus1.h); --no-nplus1 turns it off */
    const struct np1_opts *np1_opts; /* the detector's K and gap (nplus1_opts.h); NULL: defaults */
    enum log_type log_type; /* a general log is read on one thread (it is never split) */
};

struct digest_result {
    struct agg_table *table;
    struct report_input_file *files; /* one per input, owned */
    int nfiles;
    struct diag diag;       /* parse problems of every input, merged */
    bool input_failed;      /* some input could not be read: exit 2 after reporting */
    struct source **sources; /* the inputs, kept open: samples point into mapped ones */
    int nsources;
    uint64_t chunks;        /* chunks parsed (for tests and the bench) */
    uint64_t reparsed;      /* chunks whose guessed start was refuted and that were parsed again */
    int genlogs;            /* inputs read as general query logs (no Query_time: ranked by count) */
    struct np1_result nplus1; /* N+1 patterns, exactly as one thread finds them */
};

/* Runs the pipeline. Returns 0 (check result->input_failed), or -1 with a one-line message in err
 * for a configuration error (bad --since) or when out of memory. */
int digest_run(const struct digest_config *cfg, struct digest_result *result, char *err,
               size_t errlen);
void digest_result_free(struct digest_result *r);

#endif
