/* --group-by table: which tables a query class touches, read from its sample statement by the
 * statement analyzer. A digest groups by fingerprint first, then folds each class into one group
 * per table it touches (agg_regroup), so every statement is analysed once per class, never per
 * event, and a join's time counts for each of its tables, as pt-query-digest's --group-by tables. */
#ifndef SLOWDEX_GROUP_TABLE_H
#define SLOWDEX_GROUP_TABLE_H
#include "aggregate/agg.h"
#include "sql/analysis.h"

#define GROUP_TABLE_NONE "(no table)" /* the group of statements that touch no table */

struct table_grouper;

/* `base` gives sql_mode, target, lower_case_table_names and the schema (may be NULL); the default
 * database comes from each sample. NULL when out of memory. */
struct table_grouper *table_grouper_new(const struct sql_analyze_opts *base);
void table_grouper_free(struct table_grouper *g);
/* agg_regroup's key function: the class's tables as "db.table" (or "table" when no database is
 * known), each once, in the order they appear; GROUP_TABLE_NONE when there are none. The views
 * stay valid until the next call. Returns the number of keys, or -1 when out of memory. */
int table_grouper_keys(const struct agg_class *c, void *grouper, struct sv *keys, int max);

#endif
