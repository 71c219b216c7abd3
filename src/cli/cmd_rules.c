/* slowdex rules: lists the rule catalog — the rules built into the binary plus those of --rules DIR —
 * as text, JSON, or the Markdown of docs/rules.md. Loading is strict: a broken rule file is reported
 * as file:line:column and the command fails, so a user sees at once why a rule would not run. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "rules/engine.h"
#include "rules/rule_doc.h"
#include "util/diag.h"

enum { OPT_FORMAT = 1, OPT_RULES };

static const struct opt_spec opts[] = {
    {OPT_FORMAT, "format", 0, "FMT",
     "text (one line per rule: id, severity, subject, title; the default), json (every field of "
     "every rule), or markdown (docs/rules.md)."},
    {OPT_RULES, "rules", 0, "DIR",
     "Also load the rules in DIR/*.json (each named ID.json); a rule with the id of a built-in "
     "one replaces it. May be given more than once."},
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_rules_spec = {
    "rules",
    "slowdex rules [--format text|json|markdown] [--rules DIR]",
    "list the rule catalog",
    "Lists every rule slowdex evaluates: those built into the binary (the rules/ folder of the "
    "source) and those of --rules DIR. docs/rules-format.md describes the rule format and the "
    "expression language; docs/rules.md is the Markdown listing of the built-in catalog.\n\n"
    "A rule file that cannot be loaded (invalid JSON, unknown field, bad expression or regex, "
    "type error) is reported as FILE:LINE:COLUMN: reason, and nothing is listed.\n\n"
    "Exit status: 0, or 2 for a usage error or a broken rule file.",
    opts,
};

static int parse_format(const char *s)
{
    static const char *const names[] = {"text", "json", "markdown"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static int load(struct rule_catalog *c, char **dirs, int ndirs)
{
    struct diag d = {0};
    int broken = rule_catalog_load_embedded(c, &d);
    for (int i = 0; i < ndirs && broken >= 0; i++) {
        int b = rule_catalog_load_dir(c, dirs[i], &d);
        broken = b < 0 ? b : broken + b;
    }
    for (int i = 0; i < d.kept; i++)
        fprintf(stderr, "slowdex rules: %s\n", d.msgs[i]);
    if (d.count > (uint64_t)d.kept)
        fprintf(stderr, "slowdex rules: and %llu more problems\n",
                (unsigned long long)(d.count - (uint64_t)d.kept));
    if (broken < 0)
        fputs("slowdex rules: out of memory\n", stderr);
    diag_free(&d);
    return broken == 0 ? 0 : -1;
}

int cmd_rules(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1], *dirs[argc > 0 ? argc : 1];
    struct opt_iter it;
    const char *val;
    int id, format = 0, ndirs = 0;
    opt_init(&it, &cmd_rules_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_rules_spec, stdout);
            return EXIT_DONE;
        }
        if (id < 0) {
            fprintf(stderr, "slowdex rules: %s\n", it.err);
            return EXIT_USAGE;
        }
        if (id == OPT_FORMAT && (format = parse_format(val)) < 0) {
            fprintf(stderr, "slowdex rules: --format is text, json or markdown, not '%s'\n", val);
            return EXIT_USAGE;
        }
        if (id == OPT_RULES)
            dirs[ndirs++] = (char *)val;
    }
    if (it.noperands) {
        fprintf(stderr, "slowdex rules: unexpected argument '%s'\n", it.operands[0]);
        return EXIT_USAGE;
    }
    struct rule_catalog *c = rule_catalog_new(NULL);
    int rc = c && load(c, dirs, ndirs) == 0 ? 0 : -1;
    if (rc == 0)
        rc = format == 0 ? rule_doc_text(c, stdout)
           : format == 1 ? rule_doc_json(c, stdout) : rule_doc_markdown(c, stdout);
    if (!c)
        fputs("slowdex rules: out of memory\n", stderr);
    rule_catalog_free(c);
    if (fflush(stdout) != 0)
        rc = -1;
    return rc == 0 ? EXIT_DONE : EXIT_USAGE;
}
