/* The registry of code checks: rules whose logic needs C (N+1 detection, redundant indexes, engine
 * trade-offs) name one of these with "check": "name". A check receives its rule — thresholds,
 * templates, severity — and emits findings through rule_emit, so it is tuned and silenced like any
 * other rule. The analyzers of later issues add their line here. */
#include "rules/checks.h"

const struct rule_check rule_builtin_checks[] = {
    {"duplicate_index", checks_index_evidence, checks_duplicate_index},
    {"redundant_index", checks_index_evidence, checks_redundant_index},
    {"pk_suffix", checks_suffix_evidence, checks_pk_suffix},
    {"overconstrained_unique", checks_index_evidence, checks_overconstrained_unique},
    {"nullable_unique", checks_index_evidence, checks_nullable_unique},
    {"duplicate_foreign_key", checks_fk_evidence, checks_duplicate_fk},
    {"fk_parent_not_unique", checks_fk_evidence, checks_fk_parent_not_unique},
    {"group_by_unindexed", checks_stmt_evidence, checks_group_by_unindexed},
    {"count_star_big", checks_stmt_evidence, checks_count_star_big},
    {"locking_read_unindexed", checks_stmt_evidence, checks_locking_read_unindexed},
    {"sampled_log", checks_sampled_evidence, checks_sampled_log},
    {NULL, NULL, NULL},
};
