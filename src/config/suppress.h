/* Inline suppressions in SQL files: a comment `-- slowdex:ignore RULE[,RULE] reason` (or the `#` and
 * block-comment forms) silences those rules for one statement — the statement the comment is in,
 * the statement whose line it ends (`SELECT …; -- slowdex:ignore …`), or the statement right below
 * the run of comment lines it belongs to (no blank line between). The reason is required by
 * convention: one without a reason, or one naming a rule the catalog does not know, is a warning
 * (suppress_check), never an error, so an upgrade that retires a rule does not break a build. */
#ifndef SLOWDEX_SUPPRESS_H
#define SLOWDEX_SUPPRESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/engine.h"
#include "rules/finding.h"
#include "util/diag.h"

struct suppression {
    char *file;          /* the SQL file */
    uint64_t line;       /* the line of the statement it applies to; 0 when it applies to none */
    uint32_t at_line;    /* where the comment is: line and column (1-based) */
    uint32_t at_col;
    char **rules;
    size_t nrules;
    char *reason;        /* NULL when none was given */
    uint64_t used;       /* findings it silenced */
};

struct suppress_set {
    struct suppression *v;
    size_t n, cap;
};

/* A statement of the file, as the SQL splitter gives it. */
struct suppress_stmt {
    size_t offset;   /* first byte of its text */
    size_t end;      /* one past its terminator (or its text when it has none) */
    uint64_t line;   /* the line findings about it carry */
};

/* Finds the suppression comments of text[0..len) (a whole file named `file`) and attaches each to a
 * statement (stmts in text order). sql_modes as in sql/lexer.h (strings are skipped by the
 * server's rules). Returns 0, or -1 when out of memory. */
int suppress_scan(struct suppress_set *s, const char *file, const char *text, size_t len,
                  unsigned sql_modes, const struct suppress_stmt *stmts, size_t nstmts);
/* Warnings for suppressions that name a rule the catalog does not have, give no reason, or apply
 * to no statement, as "FILE:LINE:COLUMN: reason" in d. Returns how many. */
size_t suppress_check(const struct suppress_set *s, const struct rule_catalog *cat,
                      struct diag *d);
/* Whether a suppression silences f (its rule, at its file and line); counts it as used. */
bool suppress_match(struct suppress_set *s, const struct finding *f);
void suppress_free(struct suppress_set *s);

#endif
