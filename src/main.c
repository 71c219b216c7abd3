/* slowdex: a MySQL slow-query analyzer and index advisor. This file only dispatches subcommands
 * (see cli/command_table.c); every command parses its own options. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const struct command *find_command(const char *name)
{
    for (const struct command *c = slowdex_commands; c->spec; c++)
        if (strcmp(c->spec->name, name) == 0)
            return c;
    return NULL;
}

static void print_usage(FILE *out)
{
    fputs("Usage: slowdex COMMAND [OPTIONS] [ARGS]\n\n"
          "Which MySQL/MariaDB query classes cost the most, and what to do about them.\n\n"
          "Commands:\n", out);
    for (const struct command *c = slowdex_commands; c->spec; c++)
        fprintf(out, "  %-12s %s\n", c->spec->name, c->spec->summary);
    fputs("\n  help CMD     show the options of a command\n"
          "  --version    print the version\n\n"
          "Exit status: 0 done, 1 findings at or above the threshold, 2 usage or input error.\n"
          "Documentation: docs/slowdex.md\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        print_usage(stdout);
        return EXIT_DONE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("slowdex %s\n", SLOWDEX_VERSION);
        return EXIT_DONE;
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            print_usage(stdout);
            return EXIT_DONE;
        }
        const struct command *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "slowdex: unknown command '%s'\n", argv[2]);
            return EXIT_USAGE;
        }
        opt_print_help(c->spec, stdout);
        return EXIT_DONE;
    }
    const struct command *c = find_command(cmd);
    if (!c) {
        fprintf(stderr, "slowdex: unknown command '%s' (see 'slowdex --help')\n", cmd);
        return EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
