/* Reporters: turn an aggregated digest into bytes for people (text, shaped like pt-query-digest's
 * report, readable at 100 columns) and for programs (JSON with a documented, versioned schema, see
 * docs/json-schema.md). Reporters never recompute what the aggregate knows; they choose, order and
 * format. */
#ifndef SLOWDEX_REPORT_H
#define SLOWDEX_REPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "aggregate/agg.h"
#include "util/buf.h"

struct digest_findings;
struct np1_result;
struct rule_catalog;

/* --order-by ATTR:AGG */
enum report_agg { REPORT_SUM, REPORT_MAX, REPORT_MIN, REPORT_AVG, REPORT_CNT };

struct report_input_file {
    const char *name;     /* as given on the command line ("-" for stdin) */
    uint64_t size;        /* bytes read (decompressed) */
    uint64_t events;
    uint64_t bad_lines;   /* malformed lines skipped */
    bool failed;          /* could not be read: error holds why */
    const char *error;
};

struct report_options {
    const char *order_attr;      /* "Query_time" */
    enum report_agg order_agg;   /* REPORT_SUM */
    double limit_pct;            /* --limit P%: take classes while the running total < P%
                                    (the class crossing it is included; 0 = off) */
    uint64_t limit_count;        /* --limit N, or the N of P%:N (0 = no count limit) */
    const char *group_by;        /* "fingerprint", "db", "user", "host" */
    bool redact;                 /* replace literals in samples (as pt's json-anon) */
    int width;                   /* text width, 100 */
    const char *since, *until;   /* as given, for the header; NULL when not used */
    const char *const *diagnostics; /* the first few "file:line: reason" messages */
    int ndiagnostics;
    uint64_t diagnostics_total;
    /* Facts about the run for the header; times are for people only, never in golden files. */
    bool show_rusage;
    /* What the rules found (NULL: no rules were run): each class's findings in its block, a
     * summary after the profile. The catalog gives the rules' titles. */
    const struct digest_findings *findings;
    const struct rule_catalog *catalog;
    const char *target;          /* the server the statements were read for ("mysql:8.0.36"),
                                    NULL when not known */
    const struct np1_result *nplus1; /* N+1 patterns for the JSON report's `nplus1` (NULL: the
                                        detector did not run) */
};

/* The classes a report shows, ranked, and what the rest adds up to (pt-query-digest's MISC). */
struct report_selection {
    const struct agg_class **ranked;  /* every class, best first; owned */
    uint64_t nclasses;
    uint64_t nshown;                  /* the first nshown are reported */
};

/* Ranks every class by the order attribute and applies --limit. Ties are ordered as
 * pt-query-digest ≥3.5.4 orders them: it sorts ascending by (value, key) and reverses the list, so
 * equal values come in descending key order (its expected outputs depend on it). Classes without
 * the order attribute come last and are never shown. Returns 0, or -1 when out of memory. */
int report_select(const struct agg_table *t, const struct report_options *o,
                  struct report_selection *sel);
void report_selection_free(struct report_selection *sel);

int report_text(FILE *out, const struct agg_table *t, const struct report_selection *sel,
                const struct report_input_file *files, int nfiles, const struct report_options *o);
int report_json(FILE *out, const struct agg_table *t, const struct report_selection *sel,
                const struct report_input_file *files, int nfiles, const struct report_options *o);

/* Appends query to out with every string, number and hex/bit literal replaced by '?', leaving
 * identifiers (also `quoted` ones), keywords and comment markers intact. Comment bodies are
 * emptied, since they often carry values (request ids, user names); the SQL inside versioned
 * comments is redacted like the rest. Returns 0, or -1 when out of memory. */
int report_redact(const char *query, size_t len, struct buf *out);

#endif
