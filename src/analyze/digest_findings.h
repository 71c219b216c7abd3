/* The rules over a digest: for every class, the statement rules over its worst sample and the
 * class rules over its aggregates; with a schema, the table and index rules over its tables; and
 * the whole-log rules over the digest. The configuration is applied once, here, before reporting.
 * Reporters read the result: every class's findings for its detail block, the rest and a summary
 * after the profile. */
#ifndef SLOWDEX_DIGEST_FINDINGS_H
#define SLOWDEX_DIGEST_FINDINGS_H
#include <stdbool.h>
#include <stddef.h>

#include "aggregate/agg.h"
#include "config/config.h"
#include "facts/facts.h"
#include "rules/engine.h"

struct np1_result;

struct digest_findings_input {
    const struct agg_table *table;
    const struct rule_catalog *cat;    /* tuned by the configuration already (config_bind) */
    const struct slowdex_config *cfg;  /* NULL when none */
    const struct sql_analyze_opts *ao; /* modes, target, schema (NULL: none) */
    const struct facts_digest_info *info;
    const struct np1_result *nplus1;   /* the N+1 detector's patterns: the `nplus1` root of the
                                          digest rules (NULL: detection was off) */
    int threads;                       /* classes are evaluated on this many threads, ≥ 1 */
    bool classes;                      /* run the statement and class rules over the classes
                                          (false when grouping by db/user/host/table) */
    /* The classes whose findings the report shows in full, in any order (NULL: all). The
     * findings of the others keep only what the summary and the configuration need (rule,
     * severity, subject): evidence and messages of 100,000 classes would be most of a digest's
     * memory, and nobody reads them. */
    const struct agg_class *const *detailed;
    size_t ndetailed;
};

/* A class's findings: list.v[first .. first+n). */
struct class_findings_span {
    const struct agg_class *c;
    size_t first, n;
};

struct digest_findings {
    struct finding_list list;           /* class findings grouped by class, then the others */
    struct class_findings_span *spans;  /* sorted by class pointer, for lookups */
    size_t nspans;
    size_t nclass_findings;             /* list.v[0 .. nclass_findings) belong to classes */
    size_t classes;                     /* classes evaluated */
    size_t redone;                      /* of them, evaluated brief before the report's choice
                                           was known, then again in full (digest_findings_start) */
    size_t suppressed;                  /* removed by the configuration */
    struct config_applied applied;
};

/* Evaluates the catalog. Returns 0, or -1 when out of memory. */
int digest_findings_run(const struct digest_findings_input *in, struct digest_findings *out);

/* The same in two steps, so that the class rules run on other threads while the caller chooses
 * what its report shows: start begins the classes on in->threads - 1 threads (in->detailed is not
 * read); finish takes the shown classes, works on them with the caller's thread too, and fills
 * out as digest_findings_run does. In between the caller may read the table and fill its totals
 * (agg_global), but must not change it. The job is freed by finish, which must be called.
 * start returns 0, or -1 when out of memory (*job NULL); finish as digest_findings_run. */
struct digest_findings_job;
int digest_findings_start(const struct digest_findings_input *in, struct digest_findings_job **job);
int digest_findings_finish(struct digest_findings_job *job, const struct agg_class *const *detailed,
                           size_t ndetailed, struct digest_findings *out);
void digest_findings_free(struct digest_findings *df);
/* The findings of class c: *first and the count; 0 when it has none. */
size_t digest_findings_of(const struct digest_findings *df, const struct agg_class *c,
                          size_t *first);

#endif
