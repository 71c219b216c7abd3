/* The N+1 patterns as a JSON object: {events, events_with_connection, events_timed,
 * query_time_min_us, patterns: [{kind, parent, children, runs, statements, length_min/median/max,
 * connections, ts_first_us, ts_last_us, time_us, timed_statements, parent_rows_avg, examples,
 * runs: [...]}]} (docs/nplus1.md). For the JSON report and the NP1 rules' facts. */
#ifndef SLOWDEX_NPLUS1_FACTS_H
#define SLOWDEX_NPLUS1_FACTS_H
#include <cjson/cJSON.h>

#include "aggregate/agg.h"
#include "analyze/nplus1.h"

/* NULL when out of memory. Classes are looked up in t by the detector's fingerprint hash. */
cJSON *np1_facts_json(const struct np1_result *r, const struct agg_table *t);

#endif
