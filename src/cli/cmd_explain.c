/* slowdex explain: reads EXPLAIN output in any form users paste or servers log (docs/explain.md),
 * detects the form by itself, builds the plan model and runs the catalog's plan rules over each
 * table access (src/analyze/plan_findings.c), with the statement pasted above the plan and the
 * --schema when known. Prints each plan as JSON (the `plan` facts plan rules read, with its
 * findings) or as a readable plan, one line per table access in join order with its findings
 * beside it. Every input is read and every plan evaluated before anything is printed, so that the
 * configuration is applied once, to all the findings. Problems in the input are reported as
 * `file:line: reason` on stderr; every plan that could be read is printed. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/plan_findings.h"
#include "cli/commands.h"
#include "cli/rules_opts.h"
#include "cli/schema_opts.h"
#include "explain/plan.h"
#include "input/source.h"
#include "report/findings.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

enum { OPT_FORMAT = 1, OPT_THRESHOLD, OPT_DB, OPT_NO_RULES };

static const struct opt_spec opts[] = {
    {OPT_FORMAT, "format", 0, "FORMAT",
     "text (the default: each plan's heading, then one line per table access in join order, "
     "indented by subquery level, with the findings on that access below it; a summary line "
     "last) or json ({\"version\": 1, \"plans\": [...], \"diagnostics\": [...], \"summary\": "
     "{...}}, each plan with its findings; docs/explain.md)."},
    {OPT_THRESHOLD, "severity-threshold", 0, "LEVEL",
     "Exit 1 when a finding of this severity or a more severe one remains after the "
     "configuration: error (the default), warning, notice, info, or none (never)."},
    {OPT_DB, "db", 0, "NAME",
     "The default database of the pasted statements, for looking their tables up in --schema."},
    {OPT_NO_RULES, "no-rules", 0, NULL, "Do not run the plan rules: the plans only."},
    RULES_OPT_SPECS,
    SCHEMA_OPT_SPECS,
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_explain_spec = {
    "explain",
    "slowdex explain [OPTIONS] [FILE...|-]",
    "read EXPLAIN output in any form and say what is wrong with the plan",
    "Reads EXPLAIN output from each FILE, or standard input when FILE is - or absent, as users "
    "paste it: the mysql client's boxed table, tab-separated batch output (mysql -B, with its \\n "
    "escapes), vertical \\G output, FORMAT=JSON of MySQL (version 1 and 2) and MariaDB (EXPLAIN "
    "and ANALYZE), FORMAT=TREE and EXPLAIN ANALYZE, and MariaDB slow-log `# explain:` lines. The "
    "form is detected by itself; a paste may hold several plans, prompts, the query above each "
    "plan and `N rows in set` lines. Each plan becomes one model: its table accesses in join "
    "order with select id and type, access type, keys, key_len, ref, rows, filtered, actual "
    "rows/loops/time when analysed, cost, and the Extra flags; facts a form does not carry are "
    "listed as lacking. Malformed or truncated input is reported as file:line: reason on "
    "standard error and every plan that could be read is printed. docs/explain.md describes "
    "the model and its JSON.\n\n"
    "The plan rules of the catalog (slowdex rules, category plan) run over every table access: "
    "full scans, full index scans, no possible keys, a composite key used for a prefix only, "
    "filesort, temporary tables, join buffers, dependent subqueries, range checked for each "
    "record, estimates far from the actual rows, low filtered, impossible WHERE. When the "
    "statement is pasted above the plan, a finding names the columns of that table its WHERE, "
    "JOIN, ORDER BY and GROUP BY use; with --schema it also knows the chosen key's columns "
    "(and how many of them key_len covers). The configuration (.slowdex.json, docs/config.md) "
    "turns rules off, changes severities and thresholds, and ignores tables.\n\n"
    "Exit status: 0, 1 when a finding at or above --severity-threshold remains, 2 for a usage "
    "error, an unreadable input, a broken rule file or configuration.",
    opts,
};

struct explain_opts {
    bool json, no_rules;
    int threshold; /* an enum severity, or -1 for none */
    const char *db;
    struct rules_opts ro;
    struct schema_opts so;
};

/* One input: its text and the plans read from it (they point into the arena and the text). */
struct pasted {
    const char *path;
    bool readable;
    struct buf data;
    struct arena a;
    struct diag d;
    struct explain_set set;
};

/* Which plan (0-based across the inputs) and which access of it (nacc: the plan as a whole) a
 * finding concerns; parallel to the finding list. */
struct found_at {
    unsigned plan, acc;
};

struct explain_run {
    const struct explain_opts *o;
    struct pasted *in;
    int nin;
    struct finding_list found;
    struct found_at *at;
    size_t nat_cap;
    size_t suppressed;
    size_t cursor; /* the next finding to print */
    cJSON *diags;
    struct buf out;
};

static bool read_input(const char *path, struct buf *data)
{
    char err[512];
    struct source *src = source_open(path, err, sizeof err);
    if (!src) {
        fprintf(stderr, "slowdex explain: %s\n", err);
        return false;
    }
    bool ok = true;
    if (source_is_mapped(src)) {
        ok = buf_append(data, source_data(src), source_size(src)) == 0;
        if (!ok)
            fputs("slowdex explain: out of memory\n", stderr);
    } else {
        char chunk[65536];
        ssize_t n;
        while ((n = source_read(src, chunk, sizeof chunk)) > 0)
            if (buf_append(data, chunk, (size_t)n) < 0) {
                fputs("slowdex explain: out of memory\n", stderr);
                ok = false;
                break;
            }
        if (n < 0) {
            const char *why = source_error(src);
            fprintf(stderr, "slowdex explain: %s\n", why ? why : "read error");
            ok = false;
        }
    }
    source_close(src);
    return ok;
}

static int read_all(struct explain_run *r, char **paths, int npaths)
{
    int rc = EXIT_DONE;
    for (int i = 0; i < r->nin; i++) {
        struct pasted *in = &r->in[i];
        in->path = npaths ? paths[i] : "-";
        arena_init(&in->a);
        in->readable = read_input(in->path, &in->data);
        if (!in->readable) {
            rc = EXIT_USAGE;
            continue;
        }
        if (explain_parse(in->data.p, in->data.n, in->path, &in->a, &in->set, &in->d) < 0) {
            fputs("slowdex explain: out of memory\n", stderr);
            return -1;
        }
    }
    return rc;
}

/* Notes which plan and access the findings added since `from` concern. */
static int note_found(struct explain_run *r, size_t from, unsigned plan, const size_t *ends,
                      unsigned nacc)
{
    if (r->found.n > r->nat_cap) {
        size_t cap = r->found.cap > r->found.n ? r->found.cap : r->found.n;
        struct found_at *v = realloc(r->at, cap * sizeof *v);
        if (!v)
            return -1;
        r->at = v;
        r->nat_cap = cap;
    }
    unsigned acc = 0;
    for (size_t k = from; k < r->found.n; k++) {
        while (acc < nacc && k >= ends[acc])
            acc++;
        r->at[k] = (struct found_at){plan, acc};
    }
    return 0;
}

/* The server the rules take a plan for: the one the user or the schema named, else the one the
 * plan's form gives away. A MariaDB-only form says nothing of the version: 10.1 is the first with
 * ANALYZE and FORMAT=JSON. */
struct plan_server {
    struct sql_target given, mariadb;
    cJSON *given_json, *mariadb_json;
};

static void plan_server_pick(const struct plan_server *ps, const struct explain_plan *p,
                             struct plan_findings_ctx *c)
{
    bool maria = ps->given.guessed && p->server == EXPLAIN_SERVER_MARIADB;
    c->target = maria ? &ps->mariadb : &ps->given;
    c->server = maria ? ps->mariadb_json : ps->given_json;
}

static int eval_plans(struct explain_run *r, struct plan_findings_ctx *c,
                      const struct plan_server *ps)
{
    unsigned g = 0;
    for (int i = 0; i < r->nin; i++) {
        const struct pasted *in = &r->in[i];
        for (unsigned j = 0; in->readable && j < in->set.nplans; j++, g++) {
            const struct explain_plan *p = &in->set.plans[j];
            plan_server_pick(ps, p, c);
            struct plan_findings_about ab = {.db = r->o->db, .file = in->path, .lines = true,
                                             .index = g + 1};
            size_t from = r->found.n, *ends = malloc((p->nacc + 1) * sizeof *ends);
            int rc = ends ? plan_findings_eval(c, p, &ab, &r->found, ends) : -1;
            if (rc == 0)
                rc = note_found(r, from, g, ends, p->nacc);
            free(ends);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

/* ignore.paths of the configuration: the findings of a plan read from an ignored input go, as
 * lint's do (a plan's findings carry no file in their subject: the paste's path is not part of
 * what a finding is about). Counted as suppressed. */
static int drop_ignored_paths(struct explain_run *r, const struct slowdex_config *cfg)
{
    unsigned first = 0; /* the first plan (0-based across inputs) of input i */
    size_t keep = 0, k = 0;
    struct finding_list gone = {.v = malloc((r->found.n ? r->found.n : 1) * sizeof *gone.v)};
    if (!gone.v)
        return -1;
    for (int i = 0; i < r->nin; i++) {
        const struct pasted *in = &r->in[i];
        unsigned end = first + (in->readable ? in->set.nplans : 0);
        bool ignored = config_path_ignored(cfg, in->path);
        for (; k < r->found.n && r->at[k].plan < end; k++) {
            if (ignored) {
                gone.v[gone.n++] = r->found.v[k];
                r->suppressed++;
                continue;
            }
            r->found.v[keep] = r->found.v[k];
            r->at[keep++] = r->at[k];
        }
        first = end;
    }
    r->found.n = keep;
    finding_list_free(&gone);
    return 0;
}

/* The plan rules over every plan, then the configuration, once. */
static int find_all(struct explain_run *r, const struct rule_catalog *cat,
                    const struct slowdex_config *cfg, const struct schema *s)
{
    const struct explain_opts *o = r->o;
    struct sql_analyze_opts ao = sql_analyze_opts_default();
    ao.default_db = o->db;
    ao.sql_modes = o->so.sql_modes;
    ao.lower_case_table_names = o->so.lower_case_table_names;
    ao.target = o->so.have_target ? o->so.target : s->target;
    ao.schema = s;
    bool have_schema = o->so.nfiles > 0 || o->so.stats;
    struct facts_ctx fx;
    struct facts_schema fs;
    facts_ctx_init(&fx, &ao);
    struct plan_server ps = {.given = ao.target,
                             .mariadb = {.flavor = SQL_MARIADB, .version = 100100, .guessed = true}};
    ps.given_json = facts_server_json(&ps.given);
    ps.mariadb_json = facts_server_json(&ps.mariadb);
    struct expr_eval *ev = expr_eval_new();
    int rc = ps.given_json && ps.mariadb_json && ev &&
                     (!have_schema || facts_schema_init(&fs, s) == 0)
                 ? 0
                 : -1;
    if (rc == 0) {
        struct plan_findings_ctx c = {.cat = cat, .fs = have_schema ? &fs : NULL, .fx = &fx,
                                      .ev = ev};
        rc = eval_plans(r, &c, &ps);
        if (have_schema)
            facts_schema_free(&fs);
    }
    size_t *origin = rc == 0 ? malloc((r->found.n ? r->found.n : 1) * sizeof *origin) : NULL;
    long gone = origin ? config_apply(cfg->name ? cfg : NULL, cat, &r->found, NULL, NULL, origin)
                       : -1;
    if (gone >= 0) {
        r->suppressed = (size_t)gone;
        for (size_t k = 0; k < r->found.n; k++)
            r->at[k] = r->at[origin[k]]; /* origin[k] >= k: moving forward is safe */
        if (cfg->name && drop_ignored_paths(r, cfg) < 0)
            gone = -1;
    }
    free(origin);
    cJSON_Delete(ps.given_json);
    cJSON_Delete(ps.mariadb_json);
    expr_eval_free(ev);
    facts_ctx_free(&fx);
    return gone < 0 ? -1 : 0;
}

/* How many findings from the cursor on concern this plan and access. */
static size_t findings_here(const struct explain_run *r, unsigned plan, unsigned acc)
{
    size_t n = 0;
    while (r->cursor + n < r->found.n && r->at[r->cursor + n].plan == plan &&
           r->at[r->cursor + n].acc == acc)
        n++;
    return n;
}

/* Prints what the buffer holds, then the findings on this access, indented below its line. */
static int text_findings(struct explain_run *r, unsigned plan, unsigned acc, int depth)
{
    int rc = fwrite(r->out.p, 1, r->out.n, stdout) == r->out.n ? 0 : -1;
    buf_reset(&r->out);
    size_t n = findings_here(r, plan, acc);
    if (n == 0 || rc < 0)
        return rc;
    char indent[2 * 34 + 1];
    int width = 2 * (depth < 32 ? depth + 2 : 34);
    memset(indent, ' ', (size_t)width);
    indent[width] = '\0';
    struct finding_list slice = {.v = r->found.v + r->cursor, .n = n, .cap = n};
    struct findings_text_opts to = {.width = 100, .indent = indent};
    r->cursor += n;
    return findings_text(stdout, &slice, &to);
}

static int text_plan(struct explain_run *r, const struct explain_plan *p, unsigned g,
                     const char *file)
{
    int rc = (g == 0 ? 0 : buf_append_char(&r->out, '\n')) |
             explain_plan_print_text(p, g + 1, file, &r->out);
    if (rc == 0 && p->nacc == 0)
        rc = text_findings(r, g, 0, 0);
    for (unsigned i = 0; i < p->nacc && rc == 0; i++) {
        for (int d = 0; d <= p->acc[i].depth && rc == 0; d++)
            rc |= buf_append_cstr(&r->out, "  ");
        rc |= explain_access_print_text(&p->acc[i], &r->out);
        rc |= buf_append_char(&r->out, '\n');
        if (rc == 0)
            rc = text_findings(r, g, i, p->acc[i].depth);
    }
    return rc < 0 ? -1 : 0;
}

/* The plan's findings, each with "table_index": the access in `tables` (null: the plan). */
static cJSON *plan_findings_json(struct explain_run *r, const struct explain_plan *p, unsigned g)
{
    cJSON *a = cJSON_CreateArray();
    for (unsigned acc = 0; a && acc <= p->nacc; acc++) {
        size_t n = findings_here(r, g, acc);
        for (size_t k = 0; k < n; k++) {
            cJSON *f = finding_to_json(&r->found.v[r->cursor + k]);
            if (f && !cJSON_AddItemToArray(a, f)) {
                cJSON_Delete(f);
                f = NULL;
            }
            if (!f || !(acc < p->nacc ? cJSON_AddNumberToObject(f, "table_index", acc)
                                      : cJSON_AddNullToObject(f, "table_index"))) {
                cJSON_Delete(a);
                return NULL;
            }
        }
        r->cursor += n;
    }
    return a;
}

static int json_plan(struct explain_run *r, const struct explain_plan *p, unsigned g,
                     const char *file)
{
    cJSON *j = explain_plan_to_json(p, g + 1, file);
    cJSON *f = j ? plan_findings_json(r, p, g) : NULL;
    if (f && !cJSON_AddItemToObject(j, "findings", f)) {
        cJSON_Delete(f);
        f = NULL;
    }
    char *s = f ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    if (!s)
        return -1;
    int rc = buf_append_cstr(&r->out, g == 0 ? "" : ",\n");
    rc |= buf_append_cstr(&r->out, s);
    free(s);
    if (rc == 0 && fwrite(r->out.p, 1, r->out.n, stdout) != r->out.n)
        rc = -1;
    buf_reset(&r->out);
    return rc < 0 ? -1 : 0;
}

static int report_diags(struct explain_run *r, const struct diag *d)
{
    for (int i = 0; i < d->kept; i++) {
        fprintf(stderr, "slowdex explain: %s\n", d->msgs[i]);
        if (r->o->json && !cJSON_AddItemToArray(r->diags, cJSON_CreateString(d->msgs[i])))
            return -1;
    }
    if (d->count > (uint64_t)d->kept)
        fprintf(stderr, "slowdex explain: %llu more problems\n",
                (unsigned long long)(d->count - (uint64_t)d->kept));
    return 0;
}

static int render(struct explain_run *r)
{
    unsigned g = 0;
    int rc = r->o->json && fputs("{\"version\": 1, \"plans\": [\n", stdout) == EOF ? -1 : 0;
    for (int i = 0; i < r->nin && rc == 0; i++) {
        const struct pasted *in = &r->in[i];
        for (unsigned j = 0; in->readable && j < in->set.nplans && rc == 0; j++, g++)
            rc = r->o->json ? json_plan(r, &in->set.plans[j], g, in->path)
                            : text_plan(r, &in->set.plans[j], g, in->path);
        if (rc == 0)
            rc = report_diags(r, &in->d);
    }
    if (rc < 0)
        return -1;
    if (!r->o->json) {
        if (r->o->no_rules)
            return 0;
        return (g ? fputc('\n', stdout) == EOF : 0) ? -1
               : findings_text_summary(stdout, &r->found, r->suppressed, NULL);
    }
    cJSON *sum = findings_json_summary(&r->found, r->suppressed);
    char *d = cJSON_PrintUnformatted(r->diags), *s = sum ? cJSON_PrintUnformatted(sum) : NULL;
    if (d && s)
        rc = printf("%s\"diagnostics\": %s, \"summary\": %s}\n", g ? "\n], " : "], ", d, s) > 0
                 ? 0
                 : -1;
    cJSON_Delete(sum);
    free(d);
    free(s);
    return d && s ? rc : -1;
}

static bool failed(const struct explain_run *r)
{
    for (size_t k = 0; r->o->threshold >= 0 && k < r->found.n; k++)
        if ((int)r->found.v[k].severity <= r->o->threshold)
            return true;
    return false;
}

/* Inputs, rules, schema; then the findings and the output. */
static int run(struct explain_opts *o, char **paths, int npaths)
{
    struct explain_run r = {.o = o, .nin = npaths ? npaths : 1};
    struct slowdex_config cfg = {0};
    struct rule_catalog *cat = NULL;
    struct schema *s = NULL;
    int rc = EXIT_USAGE;
    r.in = calloc((size_t)r.nin, sizeof *r.in);
    if (!r.in || (o->json && !(r.diags = cJSON_CreateArray()))) {
        fputs("slowdex explain: out of memory\n", stderr);
        goto out;
    }
    if ((!o->no_rules && !(cat = rules_opts_load(&o->ro, "explain", &cfg))) ||
        !(s = schema_opts_load(&o->so, "explain", stderr)))
        goto out;
    int read_rc = read_all(&r, paths, npaths);
    if (read_rc < 0)
        goto out;
    if (cat && find_all(&r, cat, &cfg, s) < 0) {
        fputs("slowdex explain: out of memory\n", stderr);
        goto out;
    }
    if (render(&r) < 0 || fflush(stdout) != 0) {
        fputs("slowdex explain: out of memory or cannot write the output\n", stderr);
        goto out;
    }
    rc = read_rc != EXIT_DONE ? read_rc : failed(&r) ? EXIT_FINDINGS : EXIT_DONE;
out:
    for (int i = 0; r.in && i < r.nin; i++) {
        diag_free(&r.in[i].d);
        if (r.in[i].path)
            arena_free(&r.in[i].a);
        buf_free(&r.in[i].data);
    }
    free(r.in);
    free(r.at);
    finding_list_free(&r.found);
    cJSON_Delete(r.diags);
    buf_free(&r.out);
    schema_free(s);
    config_free(&cfg);
    rule_catalog_free(cat);
    return rc;
}

static int take(struct explain_opts *o, int id, const char *val, char *err, size_t errlen)
{
    switch (id) {
    case OPT_FORMAT:
        if (strcmp(val, "json") != 0 && strcmp(val, "text") != 0)
            return snprintf(err, errlen, "--format takes text or json"), -1;
        o->json = val[0] == 'j';
        return 0;
    case OPT_THRESHOLD:
        return rules_opts_parse_threshold(val, &o->threshold, err, errlen);
    case OPT_DB: o->db = val; return 0;
    case OPT_NO_RULES: o->no_rules = true; return 0;
    default: {
        int taken = rules_opts_take(&o->ro, id, val, err, errlen);
        if (taken == 0)
            taken = schema_opts_take(&o->so, id, val, err, errlen);
        return taken == 1 ? 0 : -1;
    }
    }
}

int cmd_explain(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1];
    struct opt_iter it;
    struct explain_opts o = {.threshold = SEV_ERROR};
    const char *val;
    int id, rc = EXIT_USAGE;
    opt_init(&it, &cmd_explain_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_explain_spec, stdout);
            schema_opts_free(&o.so);
            return EXIT_DONE;
        }
        if (id < 0 || take(&o, id, val, it.err, sizeof it.err) < 0) {
            fprintf(stderr, "slowdex explain: %s\n", it.err);
            goto out;
        }
    }
    rc = run(&o, it.operands, it.noperands);
out:
    schema_opts_free(&o.so);
    return rc;
}
