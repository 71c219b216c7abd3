/* slowdex fingerprint (being written). */
#include <stdio.h>

#include "cli/commands.h"

static const struct opt_spec opts[] = {{0, NULL, 0, NULL, NULL}};
const struct cmd_spec cmd_fingerprint_spec = {"fingerprint", "slowdex fingerprint", "fingerprint", NULL, opts};

int cmd_fingerprint(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("slowdex: fingerprint is not built yet\n", stderr);
    return EXIT_USAGE;
}
