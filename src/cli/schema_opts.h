/* The schema options every command that reads DDL shares: --schema FILE (repeatable, applied in
 * the order given), --stats FILE, --target, --sql-mode, --lower-case-table-names. A command puts
 * SCHEMA_OPT_SPECS in its option table, hands each option id to schema_opts_take, and calls
 * schema_opts_load once the options are read. */
#ifndef SLOWDEX_SCHEMA_OPTS_H
#define SLOWDEX_SCHEMA_OPTS_H
#include <stdbool.h>
#include <stdio.h>

#include "schema/schema.h"

/* Option ids 900..904 are reserved for these in every command's table. */
enum {
    SCHEMA_OPT_SCHEMA = 900,
    SCHEMA_OPT_STATS,
    SCHEMA_OPT_TARGET,
    SCHEMA_OPT_SQL_MODE,
    SCHEMA_OPT_LCTN,
};

/* The entries to put in a command's opt_spec table (before its {0} terminator). */
#define SCHEMA_OPT_SPECS                                                                          \
    {SCHEMA_OPT_SCHEMA, "schema", 0, "FILE",                                                      \
     "Read table definitions from a DDL file: mysqldump/mariadb-dump --no-data output, SHOW "     \
     "CREATE TABLE output, or migrations. Repeatable; files are applied in the order given."},    \
        {SCHEMA_OPT_STATS, "stats", 0, "FILE",                                                    \
         "Table and index statistics exported from information_schema (TSV or JSON; "             \
         "docs/schema.md gives the query)."},                                                     \
        {SCHEMA_OPT_TARGET, "target", 0, "SERVER",                                                \
         "The server the DDL is for: mysql:8.0, mariadb:10.11, mysql:8.0.36, … Default: from "    \
         "the dump header, else mysql:8.0."},                                                     \
        {SCHEMA_OPT_SQL_MODE, "sql-mode", 0, "MODES",                                             \
         "sql_mode the DDL was written under (ANSI_QUOTES, NO_BACKSLASH_ESCAPES, ANSI)."},        \
        {SCHEMA_OPT_LCTN, "lower-case-table-names", 0, "N",                                       \
         "0, 1 or 2, as the server variable: 1 and 2 compare table names case-insensitively."}

struct schema_opts {
    const char **files; /* --schema FILEs in order (the strings belong to argv) */
    int nfiles;
    const char *stats;
    struct sql_target target;
    bool have_target;
    unsigned sql_modes;
    int lower_case_table_names;
};

/* Takes one option from opt_next. Returns 1 when it was a schema option, 0 when it is not one,
 * -1 on a bad value or no memory (message in err). */
int schema_opts_take(struct schema_opts *o, int id, const char *val, char *err, size_t size);
/* Adds a DDL file as if given with --schema (a command's operands). -1 when out of memory. */
int schema_opts_add_file(struct schema_opts *o, const char *path);
/* Loads the files and statistics. Warnings are printed to `warn` as "slowdex CMD: file:line:
 * reason" (at most DIAG_KEEP, then a count). NULL when a file cannot be read or memory runs
 * out: the command exits 2. With no files and no statistics, an empty schema. */
struct schema *schema_opts_load(const struct schema_opts *o, const char *cmd, FILE *warn);
/* The two halves of schema_opts_load, for a command that adds DDL of its own in between (lint:
 * the files' CREATE TABLEs), so that --stats also reaches the tables that DDL creates. The DDL
 * files (NULL as schema_opts_load), then the statistics (0, or -1: the command exits 2). */
struct schema *schema_opts_load_ddl(const struct schema_opts *o, const char *cmd, FILE *warn);
int schema_opts_load_stats(const struct schema_opts *o, struct schema *s, const char *cmd,
                           FILE *warn);
void schema_opts_free(struct schema_opts *o);

#endif
