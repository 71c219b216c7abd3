/* The code checks behind rules that need C, split by subject: index and key comparisons over a
 * table's facts (checks_index.c), statement facts joined with the schema (checks_query.c), and
 * whole-log facts (checks_workload.c). checks.c registers them by name with their evidence. */
#ifndef SLOWDEX_RULES_CHECKS_H
#define SLOWDEX_RULES_CHECKS_H
#include "rules/engine.h"

/* Index and key checks (table subject; `table` as docs/schema.md's table object). */
extern const char *const checks_index_evidence[];
extern const char *const checks_suffix_evidence[];
extern const char *const checks_fk_evidence[];
int checks_duplicate_index(struct rule_check_call *call);
int checks_redundant_index(struct rule_check_call *call);
int checks_pk_suffix(struct rule_check_call *call);
int checks_overconstrained_unique(struct rule_check_call *call);
int checks_nullable_unique(struct rule_check_call *call);
int checks_duplicate_fk(struct rule_check_call *call);
int checks_fk_parent_not_unique(struct rule_check_call *call);

/* Statement checks that need the schema (statement subject; `query` and `schema`). */
extern const char *const checks_stmt_evidence[];
int checks_group_by_unindexed(struct rule_check_call *call);
int checks_count_star_big(struct rule_check_call *call);
int checks_locking_read_unindexed(struct rule_check_call *call);

/* Whole-log checks (`digest`). */
extern const char *const checks_sampled_evidence[];
int checks_sampled_log(struct rule_check_call *call);

#endif
