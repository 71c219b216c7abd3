/* Command-line options, one table per command. The same table drives parsing, `--help`,
 * `slowdex help CMD` and (through scripts/gen-docs) docs/slowdex.md, so they cannot drift apart. */
#ifndef SLOWDEX_OPTIONS_H
#define SLOWDEX_OPTIONS_H
#include <stdio.h>

struct opt_spec {
    int id;               /* returned by opt_next; 0 ends the table */
    const char *name;     /* long name without dashes */
    char short_name;      /* 0 when none */
    const char *arg;      /* argument placeholder ("N", "FILE"), NULL for a flag */
    const char *help;     /* one or more sentences */
};

struct cmd_spec {
    const char *name;     /* "digest" */
    const char *usage;    /* "slowdex digest [OPTIONS] LOG..." */
    const char *summary;  /* one line, for `slowdex --help` */
    const char *details;  /* paragraphs printed after the usage, may be NULL */
    const struct opt_spec *opts;
};

struct opt_iter {
    const struct cmd_spec *cmd;
    int argc;
    char **argv;
    int i;                /* next argv index */
    char **operands;      /* positional arguments collected in order (points into argv) */
    int noperands;
    char err[256];
};

/* Prepares to parse argv[1..argc-1] (argv[0] is the command name). operands must have room for
 * argc pointers. */
void opt_init(struct opt_iter *it, const struct cmd_spec *cmd, int argc, char **argv,
              char **operands);
/* Returns the id of the next option and sets *val to its argument (NULL for a flag); 0 when all
 * options are read (operands are then in it->operands); -1 on a usage error (message in it->err).
 * "--opt=value", "--opt value", "-o value", "-" as an operand, and "--" are understood. "-h" and
 * "--help" return OPT_HELP. */
#define OPT_HELP (-2)
int opt_next(struct opt_iter *it, const char **val);
void opt_print_help(const struct cmd_spec *cmd, FILE *out);
/* The same, as a Markdown section of docs/slowdex.md. */
void opt_print_markdown(const struct cmd_spec *cmd, FILE *out);
/* Parses a whole non-negative number; returns -1 when s is not one. */
long long opt_parse_count(const char *s);

#endif
