/* The subcommands. Each lives in its own file (cmd_<name>.c), parses its own options from its own
 * table, and returns the process exit code: 0 done, 1 findings at or above the threshold, 2 usage
 * error or unreadable input. */
#ifndef SLOWDEX_COMMANDS_H
#define SLOWDEX_COMMANDS_H
#include "cli/options.h"

#define EXIT_DONE 0
#define EXIT_FINDINGS 1
#define EXIT_USAGE 2

struct command {
    const struct cmd_spec *spec;
    int (*run)(int argc, char **argv);
};

extern const struct cmd_spec cmd_digest_spec;
extern const struct cmd_spec cmd_fingerprint_spec;
extern const struct cmd_spec cmd_schema_spec;
extern const struct cmd_spec cmd_sql_spec;
extern const struct cmd_spec cmd_rules_spec;
extern const struct cmd_spec cmd_lint_spec;
extern const struct cmd_spec cmd_explain_spec;
int cmd_digest(int argc, char **argv);
int cmd_fingerprint(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_sql(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* The command table main.c dispatches through; terminated by {NULL, NULL}. */
extern const struct command slowdex_commands[];

#endif
