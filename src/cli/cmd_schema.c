/* slowdex schema: reads DDL (dumps, SHOW CREATE TABLE output, migrations) and prints the schema
 * model as JSON (docs/schema.md) — what the analyzer, rules and index advisor will see. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/schema_opts.h"

enum { OPT_NO_LOCATIONS = 1 };

static const struct opt_spec opts[] = {
    SCHEMA_OPT_SPECS,
    {OPT_NO_LOCATIONS, "no-locations", 0, NULL,
     "Leave out the \"loc\" (file:line) members, to compare models built from different files."},
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_schema_spec = {
    "schema",
    "slowdex schema [OPTIONS] FILE...",
    "print the schema model read from DDL files as JSON",
    "Reads each FILE (after any --schema files) in order — mysqldump/mariadb-dump --no-data "
    "output, mysql-client SHOW CREATE TABLE output, or migrations (CREATE/ALTER/DROP/RENAME "
    "TABLE, CREATE/DROP INDEX, USE) — and prints the tables, columns, indexes, foreign keys, "
    "views and routines slowdex knows, as JSON (docs/schema.md). Statements the reader does not "
    "understand are reported on standard error as `file:line: reason` and skipped.\n\n"
    "Exit status: 0, or 2 for a usage error or an unreadable file.",
    opts,
};

static int print_model(const struct schema *s, bool locations)
{
    cJSON *j = schema_to_json_opts(s, locations);
    char *text = j ? cJSON_Print(j) : NULL;
    cJSON_Delete(j);
    if (!text) {
        fputs("slowdex schema: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    int rc = puts(text) < 0 || fflush(stdout) != 0 ? EXIT_USAGE : EXIT_DONE;
    if (rc != EXIT_DONE)
        fputs("slowdex schema: cannot write the output\n", stderr);
    free(text);
    return rc;
}

int cmd_schema(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1];
    struct opt_iter it;
    struct schema_opts so = {0};
    const char *val;
    bool locations = true;
    int id, rc = EXIT_USAGE;
    opt_init(&it, &cmd_schema_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_schema_spec, stdout);
            schema_opts_free(&so);
            return EXIT_DONE;
        }
        if (id == OPT_NO_LOCATIONS) {
            locations = false;
            continue;
        }
        if (id < 0 || schema_opts_take(&so, id, val, it.err, sizeof it.err) < 0) {
            fprintf(stderr, "slowdex schema: %s\n", it.err);
            goto out;
        }
    }
    for (int i = 0; i < it.noperands; i++)
        if (schema_opts_add_file(&so, it.operands[i]) < 0)
            goto out;
    if (so.nfiles == 0) {
        fputs("slowdex schema: give at least one DDL FILE\n", stderr);
        goto out;
    }
    struct schema *s = schema_opts_load(&so, "schema", stderr);
    if (s) {
        rc = print_model(s, locations);
        schema_free(s);
    }
out:
    schema_opts_free(&so);
    return rc;
}
