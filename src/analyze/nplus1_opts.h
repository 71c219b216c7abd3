/* The N+1 detector's options (analyze/nplus1.h) from the rule catalog: the detector finds what the
 * NP1 rules report, so its K and gap are the rules' thresholds in force (defaults, overridden by
 * .slowdex.json or --config), not constants of its own. */
#ifndef SLOWDEX_NPLUS1_OPTS_H
#define SLOWDEX_NPLUS1_OPTS_H
#include "analyze/nplus1.h"
#include "rules/engine.h"

/* K is the smaller of NP1.LOOP's and NP1.REPEAT's min_length (each rule then drops the patterns
 * under its own), at least 2 (a run opens on two cycles); the gap is NP1.LOOP's max_gap_ms (REPEAT
 * shares the detector), at least 0. A rule missing from the catalog (a catalog without them, or
 * cat NULL with --no-rules) leaves np1_opts_default()'s value. */
struct np1_opts np1_opts_from_rules(const struct rule_catalog *cat);

#endif
