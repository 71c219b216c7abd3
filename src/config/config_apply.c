/* The configuration meets the catalog and the findings (config.h): config_bind checks rule ids and
 * thresholds against the catalog and tunes it before evaluation; config_apply is the one place,
 * before reporting, where findings are dropped (disabled rules, ignored tables, Query IDs, paths,
 * inline suppressions) and severities overridden. */
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config.h"
#include "config/config_int.h"
#include "config/suppress.h"

static int bind_thresholds(const struct slowdex_config *cfg, const struct config_rule *cr,
                           struct rule *r, struct diag *d)
{
    char msg[300];
    for (const cJSON *t = cr->thresholds ? cr->thresholds->child : NULL; t; t = t->next) {
        const cJSON *cur = rule_threshold(r, t->string);
        if (!cur) {
            snprintf(msg, sizeof msg, "rule %s has no threshold '%s'", r->id, t->string);
            return config_fail_at(cfg, d, t, true, msg);
        }
        if (!rule_set_threshold(r, t->string, t)) {
            snprintf(msg, sizeof msg, "threshold '%s' of %s takes a value of the type of its "
                     "default", t->string, r->id);
            return config_fail_at(cfg, d, t, false, msg);
        }
    }
    return 0;
}

int config_bind(const struct slowdex_config *cfg, struct rule_catalog *cat, struct diag *d)
{
    char msg[300];
    for (size_t i = 0; cfg && i < cfg->nrules; i++) {
        const struct config_rule *cr = &cfg->rules[i];
        struct rule *r = rule_catalog_find(cat, cr->id);
        if (!r) {
            snprintf(msg, sizeof msg, "unknown rule '%s' (slowdex rules lists them)", cr->id);
            return config_fail_at(cfg, d, cr->node, true, msg);
        }
        if (bind_thresholds(cfg, cr, r, d) < 0)
            return -1;
        if (cr->enabled >= 0)
            r->enabled = cr->enabled;
    }
    return 0;
}

static const struct config_rule *find_rule(const struct slowdex_config *cfg, const char *id)
{
    for (size_t i = 0; cfg && i < cfg->nrules; i++)
        if (strcmp(cfg->rules[i].id, id) == 0)
            return &cfg->rules[i];
    return NULL;
}

/* A glob without a dot names a table in any database; "db.table" compares the qualified name.
 * Case-insensitive: the names' case depends on lower_case_table_names, the user's intent not. */
static bool table_ignored(const struct slowdex_config *cfg, const struct finding_subject *s)
{
    if (!s->table)
        return false;
    char q[600];
    snprintf(q, sizeof q, "%s.%s", s->db ? s->db : "", s->table);
    for (size_t i = 0; i < cfg->ntables; i++) {
        const char *g = cfg->tables[i];
        const char *name = strchr(g, '.') ? q : s->table;
        if (fnmatch(g, name, FNM_CASEFOLD) == 0)
            return true;
    }
    return false;
}

static bool query_id_ignored(const struct slowdex_config *cfg, const char *qid)
{
    if (!qid)
        return false;
    size_t n = strlen(qid);
    for (size_t i = 0; i < cfg->nquery_ids; i++) {
        const char *g = cfg->query_ids[i];
        if (g[0] == '0' && (g[1] == 'x' || g[1] == 'X'))
            g += 2;
        size_t k = strlen(g);
        /* 16 digits are what older pt-query-digest printed: the Query ID's last 16. */
        if (k <= n && strcasecmp(qid + n - k, g) == 0)
            return true;
    }
    return false;
}

/* The path relative to the configuration's directory when it lies under it, else NULL. */
static char *relative_to(const char *dir, const char *path)
{
    char *rd = realpath(dir, NULL), *rp = realpath(path, NULL), *out = NULL;
    size_t n = rd ? strlen(rd) : 0;
    if (rd && rp && strncmp(rp, rd, n) == 0 && (rp[n] == '/' || (n == 1 && rd[0] == '/')))
        out = strdup(rp + (n == 1 ? 1 : n + 1));
    free(rd);
    free(rp);
    return out;
}

bool config_path_ignored(const struct slowdex_config *cfg, const char *path)
{
    if (!cfg || !cfg->npaths || !path || strcmp(path, "-") == 0)
        return false;
    char *rel = relative_to(cfg->dir, path);
    const char *given = strncmp(path, "./", 2) == 0 ? path + 2 : path;
    bool hit = false;
    for (size_t i = 0; i < cfg->npaths && !hit; i++)
        hit = fnmatch(cfg->paths[i], given, 0) == 0 ||
              (rel && fnmatch(cfg->paths[i], rel, 0) == 0);
    free(rel);
    return hit;
}

/* Why f goes, as the index of the count in struct config_applied; -1 when it stays. */
static int why_dropped(const struct slowdex_config *cfg, const struct rule_catalog *cat,
                       struct suppress_set *sup, const struct finding *f)
{
    const struct rule *r = rule_catalog_find(cat, f->rule_id);
    const struct config_rule *cr = find_rule(cfg, f->rule_id);
    if ((r && !r->enabled) || (cr && cr->enabled == 0))
        return 0;
    if (cfg && table_ignored(cfg, &f->subject))
        return 1;
    if (cfg && query_id_ignored(cfg, f->subject.query_id))
        return 2;
    if (cfg && config_path_ignored(cfg, f->subject.file))
        return 3;
    if (suppress_match(sup, f))
        return 4;
    return -1;
}

long config_apply(const struct slowdex_config *cfg, const struct rule_catalog *cat,
                  struct finding_list *l, struct suppress_set *sup,
                  struct config_applied *applied, size_t *origin)
{
    struct finding_list gone = {0};
    size_t counts[5] = {0}, keep = 0;
    gone.v = malloc((l->n ? l->n : 1) * sizeof *gone.v);
    if (!gone.v)
        return -1;
    gone.cap = l->n ? l->n : 1;
    for (size_t i = 0; i < l->n; i++) {
        struct finding f = l->v[i];
        int why = why_dropped(cfg, cat, sup, &f);
        if (why >= 0) {
            counts[why]++;
            gone.v[gone.n++] = f;
            continue;
        }
        const struct config_rule *cr = find_rule(cfg, f.rule_id);
        if (cr && cr->has_severity)
            f.severity = cr->severity;
        if (origin)
            origin[keep] = i;
        l->v[keep++] = f;
    }
    l->n = keep;
    finding_list_free(&gone);
    if (applied)
        *applied = (struct config_applied){counts[0], counts[1], counts[2], counts[3], counts[4]};
    return (long)(counts[0] + counts[1] + counts[2] + counts[3] + counts[4]);
}
