/* The registry of code checks: rules whose logic needs C (N+1 detection, redundant indexes, engine
 * trade-offs) name one of these with "check": "name". A check receives its rule — thresholds,
 * templates, severity — and emits findings through rule_emit, so it is tuned and silenced like any
 * other rule. The analyzers of later issues add their line here. */
#include "rules/checks.h"

/* The roots each kind of check reads (rule_check.reads). */
static const char *const reads_table[] = {"table", "schema", NULL};
static const char *const reads_query[] = {"query.kind", "query.blocks", "query.tables",
                                          "query.predicates", "query.group_by", "schema", NULL};
static const char *const reads_digest[] = {"digest", NULL};
static const char *const reads_nplus1[] = {"nplus1", "digest", NULL};

const struct rule_check rule_builtin_checks[] = {
    {"duplicate_index", checks_index_evidence, checks_duplicate_index, reads_table},
    {"redundant_index", checks_index_evidence, checks_redundant_index, reads_table},
    {"pk_suffix", checks_suffix_evidence, checks_pk_suffix, reads_table},
    {"overconstrained_unique", checks_index_evidence, checks_overconstrained_unique, reads_table},
    {"nullable_unique", checks_index_evidence, checks_nullable_unique, reads_table},
    {"duplicate_foreign_key", checks_fk_evidence, checks_duplicate_fk, reads_table},
    {"fk_parent_not_unique", checks_fk_evidence, checks_fk_parent_not_unique, reads_table},
    {"group_by_unindexed", checks_stmt_evidence, checks_group_by_unindexed, reads_query},
    {"count_star_big", checks_stmt_evidence, checks_count_star_big, reads_query},
    {"locking_read_unindexed", checks_stmt_evidence, checks_locking_read_unindexed, reads_query},
    {"sampled_log", checks_sampled_evidence, checks_sampled_log, reads_digest},
    {"n_plus_one", checks_np1_loop_evidence, checks_np1_loop, reads_nplus1},
    {"repeated_statement", checks_np1_repeat_evidence, checks_np1_repeat, reads_nplus1},
    {"nplus1_not_visible", checks_np1_hidden_evidence, checks_np1_not_visible, reads_nplus1},
    {NULL, NULL, NULL, NULL},
};
