/* slowdex digest: which query classes of a slow log cost the most, with their statistics — the job
 * pt-query-digest does, with its options where it has them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/digest_findings.h"
#include "analyze/nplus1_opts.h"
#include "analyze/nplus1_redact.h"
#include "analyze/nplus1_save.h"
#include "cli/commands.h"
#include "cli/rules_opts.h"
#include "cli/schema_opts.h"
#include "digest/digest.h"
#include "digest/group_table.h"
#include "events/slowlog.h"
#include "input/source.h"
#include "fingerprint/fingerprint.h"
#include "report/report.h"
#include "util/phases.h"

enum {
    O_FORMAT = 1, O_OUTPUT, O_LIMIT, O_ORDER_BY, O_SINCE, O_UNTIL, O_FILTER, O_GROUP_BY,
    O_REDACT, O_SAVE, O_TIMEZONE, O_THREADS, O_EMBEDDED, O_PROGRESS, O_NO_PROGRESS, O_CHUNK,
    O_NO_RULES, O_TYPE, O_NO_NPLUS1,
};

static const struct opt_spec opts[] = {
    {O_FORMAT, "format", 'f', "FMT", "Report format: text (default; for terminals, 100 columns) or "
     "json (for programs; schema in docs/json-schema.md)."},
    {O_OUTPUT, "output", 'o', "FILE", "Write the report to FILE instead of standard output."},
    {O_LIMIT, "limit", 0, "N|P%[:N]", "Report the top N classes, or the top classes up to P% of the "
     "total of --order-by (at most N). Default 95%:20, as pt-query-digest."},
    {O_ORDER_BY, "order-by", 0, "ATTR:AGG", "Rank classes by an attribute's sum, max, min, avg or "
     "cnt. Default Query_time:sum."},
    {O_SINCE, "since", 0, "TIME", "Only events at or after TIME: 2024-05-10 17:45:09, 240510 "
     "17:45:09, an ISO time, or a duration before the last event of the inputs (30m, 1h, 2d)."},
    {O_UNTIL, "until", 0, "TIME", "Only events before TIME (same forms as --since)."},
    {O_FILTER, "filter", 0, "FIELD=RE", "Only events whose FIELD (db, user, host, fingerprint, "
     "query) matches the PCRE2 pattern RE; FIELD!=RE for those that do not. Repeatable: all must "
     "hold."},
    {O_GROUP_BY, "group-by", 0, "WHAT", "Group events by fingerprint (default), db, user, host, or "
     "table: the tables each class's sample statement touches (a join counts for each of its "
     "tables; statements on no table form the group (no table))."},
    {O_REDACT, "redact", 0, NULL, "Replace literals in sample statements with ? (for sharing "
     "reports)."},
    {O_SAVE, "save", 0, "FILE", "Also save the digest to FILE; saved digests given as inputs are "
     "merged exactly with the logs and each other (docs/saved-digest.md)."},
    {O_TIMEZONE, "timezone", 0, "TZ", "Zone of log times written without an offset (old "
     "`# Time: 071015 21:43:52` lines): UTC (default), +05:30, or a name like Europe/Paris."},
    {O_THREADS, "threads", 'j', "N", "Parsing threads (default: the number of processors)."},
    {O_EMBEDDED, "preserve-embedded-numbers", 0, NULL, "Keep numbers inside words (tbl1) in "
     "fingerprints, as pt-query-digest's option of that name."},
    {O_PROGRESS, "progress", 0, NULL, "Show a progress line on stderr even for small inputs, when "
     "stderr is a terminal."},
    {O_NO_PROGRESS, "no-progress", 0, NULL, "Never show the progress line."},
    {O_CHUNK, "chunk-size", 0, "BYTES", "Smallest piece of a file worth its own thread (default "
     "32 MiB; for tests)."},
    {O_TYPE, "type", 0, "TYPE", "What the logs are: slowlog or genlog (the general query log: "
     "statements are counted, not timed, and ranked by count). Default: told by each input's "
     "first lines."},
    {O_NO_RULES, "no-rules", 0, NULL, "Do not run the rule catalog: no findings, a report like "
     "pt-query-digest's."},
    {O_NO_NPLUS1, "no-nplus1", 0, NULL, "Do not look for N+1 query patterns (loops of one query "
     "per row of a parent query, per connection: docs/nplus1.md)."},
    RULES_OPT_SPECS,
    SCHEMA_OPT_SPECS,
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_digest_spec = {
    "digest", "slowdex digest [OPTIONS] LOG|DIGEST...",
    "summarize slow logs: which query classes cost the most, their statistics and findings",
    "Reads slow logs of MySQL 5.0-9.x, Percona Server and MariaDB, and their general query logs "
    "(--type), plain or gzip-compressed "
    "(- is standard input), and digests saved with --save. Several inputs are analysed as one "
    "(rotated logs, or logs of many servers). Exit status: 0 done, 2 usage error or an unreadable "
    "input (the readable ones are still reported).",
    opts,
};

struct digest_cli {
    struct digest_config cfg;
    struct report_options ro;
    const char *format, *output, *save;
    struct filter_set *filters;
    char *order_attr_owned; /* from --order-by */
    bool by_table;          /* --group-by table: digest by fingerprint, then regroup */
    bool no_rules;
    struct schema_opts schema;
    struct rules_opts rules;
};

static int parse_limit(const char *s, struct report_options *ro)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v < 0)
        return -1;
    if (*end == '%') {
        ro->limit_pct = v;
        ro->limit_count = 0;
        end++;
        if (*end == ':') {
            long long n = opt_parse_count(end + 1);
            if (n <= 0)
                return -1;
            ro->limit_count = (uint64_t)n;
        } else if (*end) {
            return -1;
        }
        return v > 100 ? -1 : 0;
    }
    if (*end || v != (double)(uint64_t)v || v < 1)
        return -1;
    ro->limit_pct = 0;
    ro->limit_count = (uint64_t)v;
    return 0;
}

static int parse_order_by(const char *s, struct report_options *ro)
{
    static const char *const aggs[] = {"sum", "max", "min", "avg", "cnt"};
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(colon + 1, aggs[i]) == 0) {
            ro->order_agg = (enum report_agg)i;
            char *attr = strndup(s, (size_t)(colon - s));
            if (!attr)
                return -1;
            ro->order_attr = attr;
            return 0;
        }
    return -1;
}

static int parse_group_by(const char *s, struct digest_cli *c)
{
    static const char *const names[] = {"fingerprint", "db", "user", "host"};
    c->by_table = strcmp(s, "table") == 0 || strcmp(s, "tables") == 0;
    if (c->by_table) {
        c->cfg.group_by = GROUP_FINGERPRINT;
        c->ro.group_by = "table";
        return 0;
    }
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            c->cfg.group_by = (enum group_by)i;
            c->ro.group_by = names[i];
            return 0;
        }
    return -1;
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "slowdex digest: %s\n", msg);
    return EXIT_USAGE;
}

static int apply_option(struct digest_cli *c, int id, const char *val)
{
    char err[512];
    long long n;
    switch (id) {
    case O_FORMAT:
        if (strcmp(val, "text") && strcmp(val, "json"))
            return usage_error("--format takes text or json");
        c->format = val;
        return 0;
    case O_OUTPUT: c->output = val; return 0;
    case O_LIMIT:
        return parse_limit(val, &c->ro) < 0 ? usage_error("--limit takes N, P% or P%:N") : 0;
    case O_ORDER_BY:
        if (parse_order_by(val, &c->ro) < 0)
            return usage_error("--order-by takes ATTR:sum|max|min|avg|cnt (Query_time:sum)");
        free(c->order_attr_owned);
        c->order_attr_owned = (char *)c->ro.order_attr;
        return 0;
    case O_SINCE: c->cfg.since = c->ro.since = val; return 0;
    case O_UNTIL: c->cfg.until = c->ro.until = val; return 0;
    case O_FILTER:
        if (filter_set_add(c->filters, val, err, sizeof err) < 0)
            return usage_error(err);
        c->cfg.filters = c->filters;
        return 0;
    case O_GROUP_BY:
        return parse_group_by(val, c) < 0
                   ? usage_error("--group-by takes fingerprint, db, user, host or table") : 0;
    case O_REDACT: c->ro.redact = true; return 0;
    case O_SAVE: c->save = val; c->cfg.keep_minutes = true; return 0;
    case O_TIMEZONE:
        if (tzone_parse(val, &c->cfg.tz) < 0)
            return usage_error("--timezone takes UTC, +hh:mm or a zone name like Europe/Paris");
        return 0;
    case O_THREADS:
        if ((n = opt_parse_count(val)) < 1 || n > 64)
            return usage_error("--threads takes a number from 1 to 64");
        c->cfg.threads = (int)n;
        return 0;
    case O_EMBEDDED: c->cfg.fp_flags |= FP_MATCH_EMBEDDED_NUMBERS; return 0;
    case O_PROGRESS: c->cfg.progress = 2; return 0;
    case O_NO_PROGRESS: c->cfg.progress = 0; return 0;
    case O_NO_RULES: c->no_rules = true; return 0;
    case O_NO_NPLUS1: c->cfg.nplus1 = false; return 0;
    case O_TYPE:
        if (strcmp(val, "slowlog") == 0)
            c->cfg.log_type = LOG_TYPE_SLOW;
        else if (strcmp(val, "genlog") == 0)
            c->cfg.log_type = LOG_TYPE_GENERAL;
        else
            return usage_error("--type takes slowlog or genlog");
        return 0;
    case O_CHUNK:
        if ((n = opt_parse_count(val)) < 1)
            return usage_error("--chunk-size takes a number of bytes");
        c->cfg.chunk_min = (uint64_t)n;
        return 0;
    }
    int taken = rules_opts_take(&c->rules, id, val, err, sizeof err);
    if (taken == 0)
        taken = schema_opts_take(&c->schema, id, val, err, sizeof err);
    if (taken < 0)
        return usage_error(err);
    return taken ? 0 : usage_error("internal: unhandled option");
}

static void set_defaults(struct digest_cli *c)
{
    memset(c, 0, sizeof *c);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    c->cfg.threads = cpus > 0 ? (cpus > 64 ? 64 : (int)cpus) : 1;
    c->cfg.order_attr = "Query_time";
    c->cfg.progress = 1;
    c->cfg.nplus1 = true;
    tzone_parse("UTC", &c->cfg.tz);
    c->ro.order_attr = "Query_time";
    c->ro.order_agg = REPORT_SUM;
    c->ro.limit_pct = 95;
    c->ro.limit_count = 20;
    c->ro.group_by = "fingerprint";
    c->ro.width = 100;
    c->format = "text";
}

/* As pt-query-digest: ranking by an attribute no event has would put every class in MISC, so say
 * so and rank by Query_time:sum instead. When no event has Query_time either (general logs), rank
 * by the number of events (Query_time:cnt, pt's default for them), silently when the user did not
 * ask for an order. */
static void check_order_attr(struct digest_cli *c, const struct digest_result *res)
{
    if (agg_global(res->table)->cnt == 0 || agg_attr_find(res->table, c->ro.order_attr) != UINT32_MAX)
        return;
    bool timed = res->genlogs == 0 || agg_attr_find(res->table, "Query_time") != UINT32_MAX;
    if (c->order_attr_owned || timed)
        fprintf(stderr, "slowdex digest: --order-by attribute %s doesn't exist, using "
                "Query_time:%s\n", c->ro.order_attr, timed ? "sum" : "cnt");
    c->ro.order_attr = "Query_time";
    c->ro.order_agg = timed ? REPORT_SUM : REPORT_CNT;
}

/* The classes the report shows, ranked (--order-by, --limit). */
static int select_classes(struct digest_cli *c, struct digest_result *res,
                          struct report_selection *sel)
{
    check_order_attr(c, res);
    if (report_select(res->table, &c->ro, sel) < 0) {
        fputs("slowdex digest: out of memory\n", stderr);
        return -1;
    }
    return 0;
}

static int write_report(struct digest_cli *c, struct digest_result *res,
                        const struct report_selection *sel)
{
    FILE *out = stdout;
    if (c->output && !(out = fopen(c->output, "w"))) {
        fprintf(stderr, "slowdex digest: %s: %s\n", c->output, strerror(errno));
        return -1;
    }
    c->ro.diagnostics = (const char *const *)res->diag.msgs;
    c->ro.ndiagnostics = res->diag.kept;
    c->ro.diagnostics_total = res->diag.count;
    int rc = strcmp(c->format, "json") == 0
                 ? report_json(out, res->table, sel, res->files, res->nfiles, &c->ro)
                 : report_text(out, res->table, sel, res->files, res->nfiles, &c->ro);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    if (out != stdout && fclose(out) != 0)
        rc = -1;
    if (rc < 0)
        fprintf(stderr, "slowdex digest: writing the report failed: %s\n", strerror(errno));
    return rc;
}

/* --group-by table: the classes by fingerprint become one group per table their sample touches.
 * Returns 0, or -1 with a message printed. */
static int regroup_by_table(struct digest_cli *c, struct digest_result *res,
                            const struct sql_analyze_opts *ao)
{
    struct agg_options aopt = {c->ro.order_attr, c->cfg.keep_minutes};
    struct table_grouper *g = table_grouper_new(ao);
    struct agg_table *by_table = agg_new(&aopt);
    int rc = g && by_table ? agg_regroup(by_table, res->table, table_grouper_keys, g) : -1;
    table_grouper_free(g);
    if (rc < 0) {
        agg_free(by_table);
        fputs("slowdex digest: out of memory\n", stderr);
        return -1;
    }
    agg_free(res->table);
    res->table = by_table;
    return 0;
}

/* What the analyzers need besides the digest: the schema (--schema/--stats), the statement
 * analyzer's options, the rule catalog and the configuration. Loaded before the logs are read, so
 * that a broken rule or configuration file fails at once. */
struct digest_context {
    char target[64]; /* x.ao.target as text, for the report */
    struct schema *schema;
    struct sql_analyze_opts ao;
    struct rule_catalog *cat;
    struct slowdex_config cfg;
    struct facts_digest_info info;
};

/* The server the logs come from, for the statement analyzer's version comments: the first server
 * banner in the first 64 KiB of the first input that has one (standard input is not read twice). */
static bool target_from_logs(const struct digest_cli *c, struct sql_target *t)
{
    enum { HEAD = 64 * 1024 };
    char *head = malloc(HEAD);
    bool found = false;
    for (int i = 0; head && i < c->cfg.ninputs && !found; i++) {
        char err[256];
        struct source *src = strcmp(c->cfg.inputs[i], "-") == 0
                                 ? NULL : source_open(c->cfg.inputs[i], err, sizeof err);
        if (!src)
            continue;
        size_t n = 0;
        if (source_is_mapped(src)) {
            n = source_size(src) < HEAD ? source_size(src) : HEAD;
            memcpy(head, source_data(src), n);
        } else {
            ssize_t k;
            while (n < HEAD && (k = source_read(src, head + n, HEAD - n)) > 0)
                n += (size_t)k;
        }
        source_close(src);
        struct sv v;
        found = slowlog_banner_version(head, n, &v) && sql_target_from_version_string(v.p, v.n, t);
    }
    free(head);
    return found;
}

static int load_context(struct digest_cli *c, struct digest_context *x)
{
    memset(x, 0, sizeof *x);
    if (c->schema.nfiles || c->schema.stats) {
        if (!(x->schema = schema_opts_load(&c->schema, "digest", stderr)))
            return -1;
    }
    x->ao = sql_analyze_opts_default();
    x->ao.sql_modes = c->schema.sql_modes;
    x->ao.lower_case_table_names = c->schema.lower_case_table_names;
    x->ao.schema = x->schema;
    /* --target, else the dump's header, else the logs' banner, else MySQL 8.0. */
    struct sql_target dflt = sql_target_default();
    bool from_dump = x->schema && (x->schema->target.flavor != dflt.flavor ||
                                   x->schema->target.version != dflt.version);
    if (c->schema.have_target)
        x->ao.target = c->schema.target;
    else if (from_dump)
        x->ao.target = x->schema->target;
    else if (!target_from_logs(c, &x->ao.target))
        x->ao.target = dflt;
    sql_target_format(&x->ao.target, x->target, sizeof x->target);
    c->ro.target = x->target;
    if (!c->no_rules && !(x->cat = rules_opts_load(&c->rules, "digest", &x->cfg)))
        return -1;
    return 0;
}

static void free_context(struct digest_context *x)
{
    config_free(&x->cfg);
    rule_catalog_free(x->cat);
    schema_free(x->schema);
}

/* The rules over the digest begin on other threads while the report's classes are chosen
 * (finish_rules): the classes' rules are most of their work, and choosing fills the table's
 * totals on one thread. */
static int start_rules(struct digest_cli *c, struct digest_context *x, struct digest_result *res,
                       struct digest_findings_job **job)
{
    x->info = (struct facts_digest_info){(unsigned)res->nfiles, res->diag.count};
    struct digest_findings_input in = {
        .table = res->table, .cat = x->cat, .cfg = x->cfg.name ? &x->cfg : NULL, .ao = &x->ao,
        .info = &x->info, .threads = c->cfg.threads,
        .classes = c->cfg.group_by == GROUP_FINGERPRINT && !c->by_table,
    };
    /* The detector's classes are fingerprints: grouped otherwise, they are not in the table. */
    if (c->cfg.nplus1 && in.classes)
        in.nplus1 = &res->nplus1;
    if (digest_findings_start(&in, job) < 0) {
        fputs("slowdex digest: out of memory\n", stderr);
        return -1;
    }
    return 0;
}

/* The rules' findings, with evidence and messages for the classes the report shows. */
static int finish_rules(struct digest_cli *c, struct digest_context *x,
                        struct digest_findings_job *job, const struct report_selection *sel,
                        struct digest_findings *df)
{
    if (digest_findings_finish(job, sel->ranked, sel->nshown, df) < 0 ||
        (c->ro.redact && np1_findings_redact(&df->list, x->cat) < 0)) {
        fputs("slowdex digest: out of memory\n", stderr);
        return -1;
    }
    c->ro.findings = df;
    c->ro.catalog = x->cat;
    return 0;
}

/* nplus1: the run looked for N+1 patterns (they are saved with the classes). */
static int write_save(const char *path, struct digest_result *res, bool nplus1)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "slowdex digest: --save %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct np1_save ns;
    int rc = -1;
    if (!nplus1) {
        rc = agg_save(res->table, f);
    } else if (np1_save_init(&ns, &res->nplus1, res->table) == 0) {
        rc = agg_save_ex(res->table, f, &ns.sec);
        np1_save_free(&ns);
    }
    if (fclose(f) != 0)
        rc = -1;
    if (rc < 0)
        fprintf(stderr, "slowdex digest: --save %s: write failed\n", path);
    return rc;
}

/* Unreadable inputs: one line each on stderr. Malformed lines: how many, and the first few. */
static void print_problems(const struct digest_result *res)
{
    for (int i = 0; i < res->nfiles; i++)
        if (res->files[i].failed)
            fprintf(stderr, "slowdex digest: %s\n", res->files[i].error);
    if (res->diag.count == 0)
        return;
    fprintf(stderr, "slowdex digest: %llu malformed or unknown line%s skipped%s\n",
            (unsigned long long)res->diag.count, res->diag.count == 1 ? "" : "s",
            res->diag.count > (uint64_t)res->diag.kept ? "; the first ones:" : ":");
    for (int i = 0; i < res->diag.kept; i++)
        fprintf(stderr, "  %s\n", res->diag.msgs[i]);
}

int cmd_digest(int argc, char **argv)
{
    struct digest_cli c;
    set_defaults(&c);
    c.filters = filter_set_new();
    char **operands = calloc((size_t)argc + 1, sizeof *operands);
    if (!c.filters || !operands) {
        fputs("slowdex digest: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    struct opt_iter it;
    opt_init(&it, &cmd_digest_spec, argc, argv, operands);
    int id, rc = EXIT_DONE;
    const char *val;
    while (rc == EXIT_DONE && (id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_digest_spec, stdout);
            goto out;
        }
        rc = id < 0 ? usage_error(it.err) : apply_option(&c, id, val);
    }
    if (rc != EXIT_DONE)
        goto out;
    if (it.noperands == 0) {
        rc = usage_error("no input: give one or more slow logs, saved digests, or - for stdin "
                         "(see 'slowdex help digest')");
        goto out;
    }
    c.cfg.inputs = it.operands;
    c.cfg.ninputs = it.noperands;
    c.cfg.order_attr = c.ro.order_attr;
    struct phases ph;
    phases_start(&ph);
    struct digest_context x;
    if (load_context(&c, &x) < 0) {
        free_context(&x);
        rc = EXIT_USAGE;
        goto out;
    }
    /* The detector finds loops as the NP1 rules' thresholds in force say (--no-rules: defaults). */
    struct np1_opts np1 = np1_opts_from_rules(x.cat);
    c.cfg.np1_opts = &np1;
    struct digest_result res;
    struct digest_findings df = {0};
    char err[512];
    phases_mark(&ph, "context");
    if (digest_run(&c.cfg, &res, err, sizeof err) < 0) {
        rc = usage_error(err);
        digest_result_free(&res);
        free_context(&x);
        goto out;
    }
    print_problems(&res);
    if (getenv("SLOWDEX_DEBUG_NPLUS1"))
        np1_print_runs(&res.nplus1, stderr);
    if (getenv("SLOWDEX_DEBUG_CHUNKS"))
        fprintf(stderr, "chunks=%llu reparsed=%llu\n", (unsigned long long)res.chunks,
                (unsigned long long)res.reparsed);
    /* The detector's classes are fingerprints: grouped otherwise, they are not in the table. */
    if (c.cfg.nplus1 && c.cfg.group_by == GROUP_FINGERPRINT && !c.by_table)
        c.ro.nplus1 = &res.nplus1;
    /* A saved digest keeps the classes by fingerprint, so that it merges with any other. */
    struct report_selection sel = {0};
    struct digest_findings_job *job = NULL;
    phases_mark(&ph, "read");
    if ((c.save && write_save(c.save, &res, c.ro.nplus1 != NULL) < 0) ||
        (c.by_table && regroup_by_table(&c, &res, &x.ao) < 0) ||
        (x.cat && start_rules(&c, &x, &res, &job) < 0))
        rc = EXIT_USAGE;
    phases_mark(&ph, "rules-start");
    if (rc == EXIT_DONE && select_classes(&c, &res, &sel) < 0)
        rc = EXIT_USAGE;
    phases_mark(&ph, "choose");
    /* A started job is finished (its threads joined) even when choosing failed. */
    if (job && finish_rules(&c, &x, job, &sel, &df) < 0)
        rc = EXIT_USAGE;
    phases_mark(&ph, "rules-finish");
    if (rc == EXIT_DONE && (write_report(&c, &res, &sel) < 0 || res.input_failed))
        rc = EXIT_USAGE;
    phases_mark(&ph, "report");
    report_selection_free(&sel);
    digest_findings_free(&df);
    digest_result_free(&res);
    free_context(&x);
    phases_mark(&ph, "free");
    phases_print(&ph, "slowdex digest", stderr);
out:
    free(c.order_attr_owned);
    schema_opts_free(&c.schema);
    filter_set_free(c.filters);
    free(operands);
    return rc;
}
