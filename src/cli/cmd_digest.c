/* slowdex digest (being written). */
#include <stdio.h>

#include "cli/commands.h"

static const struct opt_spec opts[] = {{0, NULL, 0, NULL, NULL}};
const struct cmd_spec cmd_digest_spec = {"digest", "slowdex digest", "digest", NULL, opts};

int cmd_digest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("slowdex: digest is not built yet\n", stderr);
    return EXIT_USAGE;
}
