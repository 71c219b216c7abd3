/* Loading the catalog and the configuration for a command (rules_opts.h). */
#include "cli/rules_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rules_opts_take(struct rules_opts *o, int id, const char *val, char *err, size_t size)
{
    switch (id) {
    case RULES_OPT_RULES:
        if (o->ndirs == RULES_OPT_MAX_DIRS) {
            snprintf(err, size, "--rules: at most %d directories", RULES_OPT_MAX_DIRS);
            return -1;
        }
        o->dirs[o->ndirs++] = val;
        return 1;
    case RULES_OPT_CONFIG: o->config = val; return 1;
    case RULES_OPT_NO_CONFIG: o->no_config = true; return 1;
    default: return 0;
    }
}

int rules_opts_parse_threshold(const char *val, int *threshold, char *err, size_t size)
{
    enum severity sev;
    if (strcmp(val, "none") == 0) {
        *threshold = -1;
        return 0;
    }
    if (severity_parse(val, &sev)) {
        *threshold = (int)sev;
        return 0;
    }
    snprintf(err, size, "--severity-threshold is error, warning, notice, info or none, not '%s'",
             val);
    return -1;
}

static void print_diag(const struct diag *d, const char *cmd)
{
    for (int i = 0; i < d->kept; i++)
        fprintf(stderr, "slowdex %s: %s\n", cmd, d->msgs[i]);
    if (d->count > (uint64_t)d->kept)
        fprintf(stderr, "slowdex %s: and %llu more\n", cmd,
                (unsigned long long)(d->count - (uint64_t)d->kept));
}

static struct rule_catalog *load_catalog(const struct rules_opts *o, const char *cmd)
{
    struct rule_catalog *c = rule_catalog_new(NULL);
    struct diag d = {0};
    int broken = c ? rule_catalog_load_embedded(c, &d) : -1;
    for (int i = 0; i < o->ndirs && broken == 0; i++)
        broken = rule_catalog_load_dir(c, o->dirs[i], &d);
    print_diag(&d, cmd);
    if (broken < 0)
        fprintf(stderr, "slowdex %s: out of memory\n", cmd);
    diag_free(&d);
    if (broken != 0) {
        rule_catalog_free(c);
        return NULL;
    }
    return c;
}

/* --config FILE, else .slowdex.json from here upwards; 0 (cfg empty when none) or -1. */
static int load_config(const struct rules_opts *o, const char *cmd, struct rule_catalog *cat,
                       struct slowdex_config *cfg)
{
    char *found = NULL;
    struct diag d = {0};
    if (o->no_config)
        return 0;
    int rc = o->config ? 1 : config_find(NULL, &found);
    if (rc < 0)
        fprintf(stderr, "slowdex %s: cannot look for .slowdex.json (current directory unknown)\n",
                cmd);
    if (rc == 1)
        rc = config_load(cfg, o->config ? o->config : found, &d) < 0 ? -1 : 0;
    if (rc == 0 && cfg->name)
        rc = config_bind(cfg, cat, &d);
    print_diag(&d, cmd);
    diag_free(&d);
    free(found);
    return rc < 0 ? -1 : 0;
}

struct rule_catalog *rules_opts_load(const struct rules_opts *o, const char *cmd,
                                     struct slowdex_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    struct rule_catalog *cat = load_catalog(o, cmd);
    if (cat && load_config(o, cmd, cat, cfg) < 0) {
        config_free(cfg);
        rule_catalog_free(cat);
        return NULL;
    }
    return cat;
}
