/* Internal to src/lint: what the statement pass (lint.c) and the table pass (lint_tables.c) share. */
#ifndef SLOWDEX_LINT_INT_H
#define SLOWDEX_LINT_INT_H
#include "lint/lint.h"

/* What one lint_run evaluates with: the schema's facts (built once, after all DDL), the statement
 * fact builder and the expression scratch. */
struct lint_pass {
    struct facts_schema fs;
    struct facts_ctx fx;
    struct expr_eval *ev;
};

/* Gives the findings from index `from` on the position line:col. Returns 0, or -1 when out of
 * memory. */
int lint_note_positions(struct lint *l, size_t from, uint64_t line, uint32_t col);
/* The table and index rules over the tables the files created or changed. Returns 0 or -1. */
int lint_tables(struct lint *l, struct lint_pass *ps);
/* The column of the statement of file f that starts on `line`, or 1. */
uint32_t lint_column_at(const struct lint_file *f, uint64_t line);

#endif
