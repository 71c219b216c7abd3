/* The N+1 patterns as a JSON object: {events, events_with_connection, events_timed,
 * query_time_min_us, patterns: [{kind, parent, children, runs, statements, length_min/median/max,
 * connections, ts_first_us, ts_last_us, time_us, timed_statements, parent_rows_avg, examples,
 * kept_runs: [...]}]} (docs/nplus1.md). For the JSON report and the NP1 rules' facts. */
#ifndef SLOWDEX_NPLUS1_FACTS_H
#define SLOWDEX_NPLUS1_FACTS_H
#include <cjson/cJSON.h>

#include "aggregate/agg.h"
#include "analyze/nplus1.h"
#include "sql/analysis.h"

/* NULL when out of memory. Classes are looked up in t by the detector's fingerprint hash. With
 * ao, each parent and child also carries `statement` and `query`: its class's worst sample and
 * its analysis (docs/sql-analysis.md), as a class subject's facts have them (the NP1 rules read
 * the child's equality predicates for the fix); NULL: without them (the JSON report). */
cJSON *np1_facts_json(const struct np1_result *r, const struct agg_table *t,
                      const struct sql_analyze_opts *ao);
/* Adds the `nplus1` root (with the analyses) to a digest subject's tree; nothing when r is NULL.
 * Returns 0, or -1 when out of memory. */
int np1_facts_add(cJSON *tree, const struct np1_result *r, const struct agg_table *t,
                  const struct sql_analyze_opts *ao);

#endif
