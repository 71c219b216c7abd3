/* The code checks behind rules that need C, split by subject: index and key comparisons over a
 * table's facts (checks_index.c), statement facts joined with the schema (checks_query.c), and
 * whole-log facts (checks_workload.c). checks.c registers them by name with their evidence. */
#ifndef SLOWDEX_RULES_CHECKS_H
#define SLOWDEX_RULES_CHECKS_H
#include "rules/engine.h"
#include "util/buf.h"

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

/* N+1 checks (`nplus1`, `digest`; checks_nplus1.c). checks_np1_fix appends the fix of one child
 * (its object in a pattern's children, with `statement` and `query`) to out and sets *column to
 * its equality column: 1, or 0 when the child has no `col = constant` to batch (nothing appended;
 * *column may still be set), -1 when out of memory. */
extern const char *const checks_np1_loop_evidence[];
extern const char *const checks_np1_repeat_evidence[];
extern const char *const checks_np1_hidden_evidence[];
int checks_np1_loop(struct rule_check_call *call);
int checks_np1_repeat(struct rule_check_call *call);
int checks_np1_not_visible(struct rule_check_call *call);
int checks_np1_fix(const cJSON *child, const cJSON *parent, struct buf *out, const char **column);

#endif
