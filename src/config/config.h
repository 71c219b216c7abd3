/* The project configuration, `.slowdex.json` (found from the current directory upwards, or named
 * with --config FILE): which rules run, their severities and thresholds, and what is never reported
 * — tables (db.table globs), Query IDs, input paths (globs). docs/config.md is its reference.
 *
 * Reading is strict: invalid JSON, an unknown key, a value of the wrong type, an unknown rule id or
 * threshold is an error at FILE:LINE:COLUMN, never silence. The configuration is applied in one
 * place, config_apply, between the analyzers and the reporters: every command that reports findings
 * calls it once with everything it found. */
#ifndef SLOWDEX_CONFIG_H
#define SLOWDEX_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "rules/engine.h"
#include "rules/finding.h"
#include "util/diag.h"

#define CONFIG_FILE_NAME ".slowdex.json"

struct config_rule {
    const char *id;        /* points into the parsed tree */
    int enabled;           /* -1 not said, 0 off, 1 on */
    bool has_severity;
    enum severity severity;
    const cJSON *node;     /* the member naming the rule, for positions */
    const cJSON *thresholds; /* an object of name: value, or NULL */
};

struct slowdex_config {
    char *name;            /* the file as named in messages; NULL when there is no configuration */
    char *dir;             /* its directory: "paths" globs are relative to it */
    char *text;            /* the file's text and tree, kept for the positions of later errors */
    size_t len;
    cJSON *root;
    struct config_rule *rules;
    size_t nrules;
    const char **tables, **query_ids, **paths; /* strings point into the tree */
    size_t ntables, nquery_ids, npaths;
};

struct suppress_set;

/* Looks for CONFIG_FILE_NAME in dir (NULL: the current directory) and each parent up to the root.
 * Returns 1 and a malloc'd path in *path, 0 when there is none, -1 when out of memory or the
 * current directory is unknown. */
int config_find(const char *dir, char **path);
/* Reads and checks a configuration file. Returns 0, or -1 with the problem in d as
 * "FILE:LINE:COLUMN: reason" (or "FILE: reason" when it cannot be read). */
int config_load(struct slowdex_config *cfg, const char *path, struct diag *d);
/* The same from text in memory; name is used in messages, dir for "paths" (NULL: "."). */
int config_load_text(struct slowdex_config *cfg, const char *name, const char *dir,
                     const char *text, size_t len, struct diag *d);
void config_free(struct slowdex_config *cfg);

/* Checks the configuration against the catalog and tunes it: every rule id must name a rule, every
 * threshold one of the rule's with a value of the same type (set in the catalog, so that rules
 * are evaluated with it); rules turned off are disabled so they cost nothing. Returns 0, or -1
 * with the first problem in d at FILE:LINE:COLUMN. A NULL or empty configuration is fine. */
int config_bind(const struct slowdex_config *cfg, struct rule_catalog *cat, struct diag *d);

/* What config_apply removed, by cause. */
struct config_applied {
    size_t disabled;    /* rule turned off (by the configuration or `"enabled": false`) */
    size_t tables;      /* subject table matches an ignored db.table glob */
    size_t query_ids;   /* subject Query ID is ignored */
    size_t paths;       /* subject file matches an ignored path glob */
    size_t inline_;     /* an inline `slowdex:ignore` comment (sup) */
};

/* The one place where the configuration meets the findings, before any reporting: drops findings of
 * disabled rules and of ignored tables, Query IDs and paths, and those an inline suppression (sup,
 * may be NULL) names, then sets configured severities. cfg may be NULL (only the catalog's enabled
 * flags and sup count). The order of the remaining findings is kept; when origin is not NULL
 * (room for l->n entries), origin[k] is the index the k-th remaining finding had, for callers that
 * keep arrays parallel to the list. Counts go to *applied (may be NULL). Returns the number of
 * findings removed, or -1 when out of memory (l is then unchanged). */
long config_apply(const struct slowdex_config *cfg, const struct rule_catalog *cat,
                  struct finding_list *l, struct suppress_set *sup,
                  struct config_applied *applied, size_t *origin);

/* Whether a path (as given on the command line) matches an ignored "paths" glob. */
bool config_path_ignored(const struct slowdex_config *cfg, const char *path);

#endif
