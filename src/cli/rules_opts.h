/* The rule options every command that reports findings shares: --rules DIR (repeatable),
 * --config FILE, --no-config. A command puts RULES_OPT_SPECS in its option table, hands each
 * option to rules_opts_take, and calls rules_opts_load for the catalog (built-in rules, then each
 * DIR) and the configuration (--config, else .slowdex.json from the current directory upwards),
 * bound to the catalog. */
#ifndef SLOWDEX_RULES_OPTS_H
#define SLOWDEX_RULES_OPTS_H
#include <stdbool.h>

#include "config/config.h"
#include "rules/engine.h"

/* Option ids 910..912 are reserved for these in every command's table. */
enum { RULES_OPT_RULES = 910, RULES_OPT_CONFIG, RULES_OPT_NO_CONFIG };

#define RULES_OPT_SPECS                                                                           \
    {RULES_OPT_RULES, "rules", 0, "DIR",                                                          \
     "Also load the rules in DIR/*.json; a rule with the id of a built-in one replaces it. "     \
     "Repeatable."},                                                                              \
        {RULES_OPT_CONFIG, "config", 0, "FILE",                                                   \
         "Read the configuration from FILE instead of the .slowdex.json found in the current "    \
         "directory or the nearest parent (docs/config.md)."},                                    \
        {RULES_OPT_NO_CONFIG, "no-config", 0, NULL, "Use no configuration file."}

#define RULES_OPT_MAX_DIRS 16

struct rules_opts {
    const char *dirs[RULES_OPT_MAX_DIRS];
    int ndirs;
    const char *config;
    bool no_config;
};

/* Takes one option. Returns 1 when it was a rules option, 0 when it is not one, -1 on a bad value
 * (message in err). */
int rules_opts_take(struct rules_opts *o, int id, const char *val, char *err, size_t size);
/* Parses a --severity-threshold value: error, warning, notice, info (an enum severity in
 * *threshold) or none (-1: findings never fail the run). Returns 0, or -1 with a message in err. */
int rules_opts_parse_threshold(const char *val, int *threshold, char *err, size_t size);
/* Loads the catalog and the configuration; problems are printed as "slowdex CMD: …". Returns the
 * catalog (cfg filled, empty when there is none), or NULL when a rule file or the configuration is
 * broken or memory runs out: the command exits 2. */
struct rule_catalog *rules_opts_load(const struct rules_opts *o, const char *cmd,
                                     struct slowdex_config *cfg);

#endif
