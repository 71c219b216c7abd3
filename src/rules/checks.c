/* The registry of code checks: rules whose logic needs C (N+1 detection, redundant indexes, engine
 * trade-offs) name one of these with "check": "name". A check receives its rule — thresholds,
 * templates, severity — and emits findings through rule_emit, so it is tuned and silenced like any
 * other rule. The analyzers of later issues add their line here. */
#include "rules/engine.h"

const struct rule_check rule_builtin_checks[] = {
    {NULL, NULL, NULL},
};
