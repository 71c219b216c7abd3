/* The one table of subcommands: main.c dispatches through it, `slowdex --help` lists it. Adding a
 * command is one line here and one file cmd_<name>.c. */
#include "cli/commands.h"

const struct command slowdex_commands[] = {
    {&cmd_digest_spec, cmd_digest},
    {&cmd_fingerprint_spec, cmd_fingerprint},
    {&cmd_schema_spec, cmd_schema},
    {&cmd_sql_spec, cmd_sql},
    {&cmd_rules_spec, cmd_rules},
    {&cmd_lint_spec, cmd_lint},
    {&cmd_explain_spec, cmd_explain},
    {NULL, NULL},
};
