/* Linting SQL files (`slowdex lint`): every statement of every file through the statement rules,
 * the files' DDL applied to the schema and the tables and indexes it created or changed through
 * the table and index rules, inline `slowdex:ignore` suppressions collected, and the configuration
 * applied once at the end. The command (src/cli/cmd_lint.c) parses options and renders; this
 * module is what it runs, kept apart so that tests drive it without a process. */
#ifndef SLOWDEX_LINT_H
#define SLOWDEX_LINT_H
#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/suppress.h"
#include "facts/facts.h"
#include "report/findings.h"
#include "rules/engine.h"
#include "schema/schema.h"
#include "util/buf.h"
#include "util/diag.h"

struct lint_file {
    char *name;          /* as findings name it: the path given, "<stdin>" for - */
    struct buf text;
    size_t statements;
    struct suppress_stmt *stmts;
    uint32_t *cols;      /* column of each statement's first byte */
    size_t nstmts;
};

struct lint {
    struct rule_catalog *cat;           /* borrowed, tuned by the configuration */
    const struct slowdex_config *cfg;   /* borrowed; NULL when none */
    struct schema *schema;              /* borrowed: --schema, then the files' DDL */
    struct sql_analyze_opts ao;         /* default db, modes, target, schema */
    struct lint_file *files;
    size_t nfiles;
    struct finding_list findings;
    struct findings_pos *pos;           /* parallel to findings */
    size_t poscap;
    struct suppress_set sup;
    struct diag warnings;               /* schema and suppression warnings, "file:line[:col]: …" */
    struct config_applied applied;
    size_t suppressed;
    size_t tables;                      /* tables linted */
};

/* ao.schema is set to schema. */
void lint_init(struct lint *l, struct rule_catalog *cat, const struct slowdex_config *cfg,
               struct schema *schema, const struct sql_analyze_opts *ao);
void lint_free(struct lint *l);
/* Adds a file's text (taken over: the buffer is moved into the lint). name "-" reads as
 * "<stdin>". Its DDL is applied to the schema at once (warnings in l->warnings). Returns 0, or -1
 * when out of memory. */
int lint_add_text(struct lint *l, const char *name, struct buf *text);
/* Reads a file (or standard input for "-", gzip recognised) and adds it. Returns 0, -1 when out of
 * memory, -2 when it cannot be read (the reason in err). */
int lint_add_file(struct lint *l, const char *path, char *err, size_t errlen);
/* Runs the rules over every statement added, then over the tables and indexes the files created
 * or changed, scans the suppressions, applies the configuration and sorts the findings by file,
 * line, column. Returns 0, or -1 when out of memory. */
int lint_run(struct lint *l);
/* Whether a finding at or above `threshold` remains (the exit status 1). */
bool lint_failed(const struct lint *l, enum severity threshold);

#endif
