/* slowdex lint: the statement rules over every statement of SQL files and the table and index rules
 * over the tables their DDL creates or changes, with inline suppressions and .slowdex.json applied;
 * findings at file:line:column as text for terminals and CI logs, or JSON (docs/lint-json.md).
 * The work is src/lint; this file reads options, loads the catalog, configuration and schema, and
 * renders. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/rules_opts.h"
#include "cli/schema_opts.h"
#include "lint/lint.h"
#include "report/findings.h"

enum { OPT_FORMAT = 1, OPT_THRESHOLD, OPT_DB, OPT_ONLY };

static const struct opt_spec opts[] = {
    {OPT_FORMAT, "format", 0, "FORMAT",
     "text (the default: one `file:line:col: severity RULE.ID message` line per finding, its fix "
     "indented below, a summary line last) or json (docs/lint-json.md)."},
    {OPT_THRESHOLD, "severity-threshold", 0, "LEVEL",
     "Exit 1 when a finding of this severity or a more severe one remains after suppressions: "
     "error (the default), warning, notice, info, or none (never)."},
    RULES_OPT_SPECS,
    {OPT_DB, "db", 0, "NAME", "The default database of the statements (as `USE NAME`)."},
    {OPT_ONLY, "only", 0, "RULES",
     "Run only these rules (ids separated by commas; repeatable), whatever the configuration "
     "enables: to look at one problem at a time, or to test a rule."},
    SCHEMA_OPT_SPECS,
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_lint_spec = {
    "lint",
    "slowdex lint [OPTIONS] FILE.sql... | -",
    "check SQL files against the rule catalog",
    "Runs the statement rules of the catalog (slowdex rules) over every statement of each FILE "
    "(- is standard input; gzip is recognised), and the table and index rules over the tables "
    "the files create or change: their DDL (CREATE/ALTER/DROP …) is applied, in the order given, "
    "to the schema of --schema, and queries are analysed against the result. Tables known only "
    "from --schema are context and are not linted themselves; name a dump as a FILE to lint it.\n\n"
    "Findings are reported at file:line:column — a statement's first keyword; a table's at the "
    "statement that created or last changed it. A comment `-- slowdex:ignore RULE[,RULE] reason` "
    "(or `#`, `/* */`) on a statement's line or on the comment lines directly above it silences "
    "those rules for that statement; one without a reason or naming an unknown rule is a "
    "warning. The configuration (.slowdex.json, docs/config.md) turns rules off, changes "
    "severities and thresholds, and ignores tables, Query IDs and paths; an unknown rule id or "
    "key in it is an error.\n\n"
    "Exit status: 0, 1 when a finding at or above --severity-threshold remains, 2 for a usage "
    "error, an unreadable file, a broken rule file or configuration.",
    opts,
};

struct lint_opts {
    bool json;
    int threshold; /* an enum severity, or -1 for none */
    struct rules_opts ro;
    const char *db;
    char **only;
    int nonly;
    struct schema_opts so;
};

static void print_diag(const struct diag *d, const char *what)
{
    for (int i = 0; i < d->kept; i++)
        fprintf(stderr, "slowdex lint: %s%s\n", what, d->msgs[i]);
    if (d->count > (uint64_t)d->kept)
        fprintf(stderr, "slowdex lint: and %llu more\n",
                (unsigned long long)(d->count - (uint64_t)d->kept));
}

static int take(struct lint_opts *o, int id, const char *val, char *err, size_t errlen)
{
    switch (id) {
    case OPT_FORMAT:
        if (strcmp(val, "json") != 0 && strcmp(val, "text") != 0)
            return snprintf(err, errlen, "--format is text or json, not '%s'", val), -1;
        o->json = val[0] == 'j';
        return 0;
    case OPT_THRESHOLD:
        return rules_opts_parse_threshold(val, &o->threshold, err, errlen);
    case OPT_DB: o->db = val; return 0;
    case OPT_ONLY: o->only[o->nonly++] = (char *)val; return 0;
    default: {
        int taken = rules_opts_take(&o->ro, id, val, err, errlen);
        if (taken == 0)
            taken = schema_opts_take(&o->so, id, val, err, errlen);
        return taken == 1 ? 0 : -1;
    }
    }
}

static int print_text(const struct lint *l)
{
    struct findings_text_opts to = {.width = 100, .pos = l->pos};
    int rc = findings_text(stdout, &l->findings, &to);
    if (rc == 0 && l->findings.n && fputc('\n', stdout) == EOF)
        rc = -1;
    return rc < 0 ? -1 : findings_text_summary(stdout, &l->findings, l->suppressed, NULL);
}

static cJSON *files_json(const struct lint *l)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < l->nfiles; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddItemToArray(a, f);
        if (!f || !cJSON_AddStringToObject(f, "name", l->files[i].name) ||
            !cJSON_AddNumberToObject(f, "statements", (double)l->files[i].statements)) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *warnings_json(const struct diag *d)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < d->kept; i++) {
        cJSON *s = cJSON_CreateString(d->msgs[i]);
        if (!s) {
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddItemToArray(a, s);
    }
    return a;
}

/* Why findings were removed: {"disabled", "tables", "query_ids", "paths", "inline"}. */
static bool add_applied(cJSON *summary, const struct config_applied *a)
{
    cJSON *o = cJSON_AddObjectToObject(summary, "suppressed_by");
    return o && cJSON_AddNumberToObject(o, "disabled", (double)a->disabled) &&
           cJSON_AddNumberToObject(o, "tables", (double)a->tables) &&
           cJSON_AddNumberToObject(o, "query_ids", (double)a->query_ids) &&
           cJSON_AddNumberToObject(o, "paths", (double)a->paths) &&
           cJSON_AddNumberToObject(o, "inline", (double)a->inline_);
}

static int print_json(const struct lint *l, const struct lint_opts *o,
                      const struct slowdex_config *cfg)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *files = files_json(l), *findings = findings_json(&l->findings, l->pos);
    cJSON *warnings = warnings_json(&l->warnings);
    cJSON *summary = findings_json_summary(&l->findings, l->suppressed);
    bool ok = root && files && findings && warnings && summary &&
              cJSON_AddStringToObject(root, "tool", "slowdex") &&
              cJSON_AddStringToObject(root, "version", SLOWDEX_VERSION) &&
              cJSON_AddNumberToObject(root, "schema_version", 1) &&
              cJSON_AddStringToObject(root, "kind", "lint") &&
              (cfg->name ? cJSON_AddStringToObject(root, "config", cfg->name)
                         : cJSON_AddNullToObject(root, "config")) &&
              cJSON_AddNumberToObject(summary, "tables", (double)l->tables) &&
              add_applied(summary, &l->applied) &&
              cJSON_AddStringToObject(summary, "severity_threshold",
                                      o->threshold < 0 ? "none"
                                                       : severity_name((enum severity)o->threshold)) &&
              cJSON_AddBoolToObject(summary, "failed",
                                    o->threshold >= 0 &&
                                        lint_failed(l, (enum severity)o->threshold));
    if (ok) {
        cJSON_AddItemToObject(root, "files", files);
        cJSON_AddItemToObject(root, "findings", findings);
        cJSON_AddItemToObject(root, "warnings", warnings);
        cJSON_AddItemToObject(root, "summary", summary);
        files = findings = warnings = summary = NULL;
    }
    char *s = ok ? cJSON_PrintUnformatted(root) : NULL;
    int rc = s && fputs(s, stdout) != EOF && fputc('\n', stdout) != EOF ? 0 : -1;
    free(s);
    cJSON_Delete(root);
    cJSON_Delete(files);
    cJSON_Delete(findings);
    cJSON_Delete(warnings);
    cJSON_Delete(summary);
    return rc;
}

static bool listed(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ",");
        if (k == n && strncmp(p, id, n) == 0)
            return true;
        p += k + (p[k] == ',');
    }
    return false;
}

/* --only: every rule not named is disabled; a name that is no rule is an error. */
static int apply_only(const struct lint_opts *o, struct rule_catalog *cat)
{
    if (!o->nonly)
        return 0;
    for (int i = 0; i < o->nonly; i++)
        for (const char *p = o->only[i]; *p;) {
            char id[128];
            size_t k = strcspn(p, ",");
            snprintf(id, sizeof id, "%.*s", (int)k, p);
            if (k && !rule_catalog_find(cat, id)) {
                fprintf(stderr, "slowdex lint: --only: unknown rule '%s'\n", id);
                return -1;
            }
            p += k + (p[k] == ',');
        }
    for (size_t r = 0; r < cat->n; r++) {
        bool on = false;
        for (int i = 0; i < o->nonly && !on; i++)
            on = listed(o->only[i], cat->v[r]->id);
        cat->v[r]->enabled = on;
    }
    return 0;
}

/* Reads the files, runs, prints. Returns the exit status. */
static int run(struct lint *l, const struct lint_opts *o, const struct slowdex_config *cfg,
               char **files, int nfiles)
{
    char err[512];
    for (int i = 0; i < nfiles; i++) {
        int rc = lint_add_file(l, files[i], err, sizeof err);
        if (rc < 0) {
            fprintf(stderr, "slowdex lint: %s\n", rc == -2 ? err : "out of memory");
            return EXIT_USAGE;
        }
    }
    if (schema_opts_load_stats(&o->so, l->schema, "lint", stderr) < 0)
        return EXIT_USAGE;
    if (lint_run(l) < 0) {
        fputs("slowdex lint: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    print_diag(&l->warnings, "warning: ");
    int rc = o->json ? print_json(l, o, cfg) : print_text(l);
    if (rc < 0 || fflush(stdout) != 0) {
        fputs("slowdex lint: cannot write the output\n", stderr);
        return EXIT_USAGE;
    }
    return o->threshold >= 0 && lint_failed(l, (enum severity)o->threshold) ? EXIT_FINDINGS
                                                                             : EXIT_DONE;
}

/* Catalog, configuration and schema, then the run. */
static int lint_with(struct lint_opts *o, char **files, int nfiles)
{
    struct slowdex_config cfg = {0};
    struct rule_catalog *cat = rules_opts_load(&o->ro, "lint", &cfg);
    if (!cat || apply_only(o, cat) < 0) {
        config_free(&cfg);
        rule_catalog_free(cat);
        return EXIT_USAGE;
    }
    int rc = EXIT_USAGE;
    /* --stats waits for the files' DDL (run), which may create the tables it describes. */
    struct schema *schema = schema_opts_load_ddl(&o->so, "lint", stderr);
    if (schema && o->db) {
        /* --db is the files' USE: their DDL creates tables in it, as their queries read them. */
        free(schema->current_db);
        if (!(schema->current_db = strdup(o->db))) {
            fputs("slowdex lint: out of memory\n", stderr);
            schema_free(schema);
            schema = NULL;
        }
    }
    if (schema) {
        struct sql_analyze_opts ao = sql_analyze_opts_default();
        ao.default_db = o->db;
        ao.sql_modes = o->so.sql_modes;
        ao.lower_case_table_names = o->so.lower_case_table_names;
        ao.target = o->so.have_target ? o->so.target : schema->target;
        struct lint l;
        lint_init(&l, cat, cfg.name ? &cfg : NULL, schema, &ao);
        rc = run(&l, o, &cfg, files, nfiles);
        lint_free(&l);
    }
    schema_free(schema);
    config_free(&cfg);
    rule_catalog_free(cat);
    return rc;
}

int cmd_lint(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1], *only[argc > 0 ? argc : 1];
    struct opt_iter it;
    struct lint_opts o = {.threshold = SEV_ERROR, .only = only};
    const char *val;
    int id, rc = EXIT_USAGE;
    opt_init(&it, &cmd_lint_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_lint_spec, stdout);
            schema_opts_free(&o.so);
            return EXIT_DONE;
        }
        if (id < 0 || take(&o, id, val, it.err, sizeof it.err) < 0) {
            fprintf(stderr, "slowdex lint: %s\n", it.err);
            goto out;
        }
    }
    if (it.noperands == 0) {
        /* Not standard input by default: `slowdex lint $(git diff --name-only)` with no change
         * must not wait for input forever. */
        fputs("slowdex lint: no input: name SQL files, or - for standard input\n", stderr);
        goto out;
    }
    rc = lint_with(&o, it.operands, it.noperands);
out:
    schema_opts_free(&o.so);
    return rc;
}
