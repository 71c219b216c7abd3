/* slowdex explain: reads EXPLAIN output in any form users paste or servers log (docs/explain.md),
 * detects the form by itself and prints the plan model: as JSON (the `plan` facts plan rules read)
 * or as a readable plan, one line per table access in join order. Problems in the input are
 * reported as `file:line: reason` on stderr; every plan that could be read is printed. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "explain/plan.h"
#include "input/source.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

enum { OPT_FORMAT = 1 };

static const struct opt_spec opts[] = {
    {OPT_FORMAT, "format", 0, "FORMAT",
     "text (the default: each plan's heading, then one line per table access in join order, "
     "indented by subquery level) or json ({\"version\": 1, \"plans\": [...], \"diagnostics\": "
     "[...]}, docs/explain.md)."},
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_explain_spec = {
    "explain",
    "slowdex explain [OPTIONS] [FILE...|-]",
    "read EXPLAIN output in any form and print the plan model",
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
    "Exit status: 0, or 2 for a usage error or an unreadable input.",
    opts,
};

struct explain_run {
    bool json;
    bool first_plan;
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

/* The place plan findings will be printed: after the line of the access they concern. Plan rules
 * (src/analyze) are not wired yet, so nothing is added here. */
static int explain_text_hook(const struct explain_plan *p, unsigned access, struct buf *out)
{
    (void)p;
    (void)access;
    (void)out;
    return 0;
}

static int text_plan(struct explain_run *r, const struct explain_plan *p, unsigned index,
                     const char *file)
{
    int rc = (r->first_plan ? 0 : buf_append_char(&r->out, '\n')) |
             explain_plan_print_text(p, index, file, &r->out);
    for (unsigned i = 0; i < p->nacc && rc == 0; i++) {
        for (int d = 0; d <= p->acc[i].depth && rc == 0; d++)
            rc |= buf_append_cstr(&r->out, "  ");
        rc |= explain_access_print_text(&p->acc[i], &r->out);
        rc |= buf_append_char(&r->out, '\n');
        rc |= explain_text_hook(p, i, &r->out);
    }
    return rc < 0 ? -1 : 0;
}

static int json_plan(struct explain_run *r, const struct explain_plan *p, unsigned index,
                     const char *file)
{
    cJSON *j = explain_plan_to_json(p, index, file);
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    if (!s)
        return -1;
    int rc = buf_append_cstr(&r->out, r->first_plan ? "" : ",\n");
    rc |= buf_append_cstr(&r->out, s);
    free(s);
    return rc < 0 ? -1 : 0;
}

static int report_diags(struct explain_run *r, const struct diag *d)
{
    for (int i = 0; i < d->kept; i++) {
        fprintf(stderr, "slowdex explain: %s\n", d->msgs[i]);
        if (r->json && !cJSON_AddItemToArray(r->diags, cJSON_CreateString(d->msgs[i])))
            return -1;
    }
    if (d->count > (uint64_t)d->kept)
        fprintf(stderr, "slowdex explain: %llu more problems\n",
                (unsigned long long)(d->count - (uint64_t)d->kept));
    return 0;
}

static int run_file(struct explain_run *r, const char *path, unsigned *ordinal)
{
    struct buf data = {0};
    struct arena a;
    struct diag d = {0};
    struct explain_set set;
    if (!read_input(path, &data)) {
        buf_free(&data);
        return EXIT_USAGE;
    }
    arena_init(&a);
    int rc = EXIT_DONE;
    if (explain_parse(data.p, data.n, path, &a, &set, &d) < 0)
        rc = EXIT_USAGE;
    for (unsigned i = 0; rc == EXIT_DONE && i < set.nplans; i++) {
        buf_reset(&r->out);
        ++*ordinal;
        if ((r->json ? json_plan(r, &set.plans[i], *ordinal, path)
                     : text_plan(r, &set.plans[i], *ordinal, path)) < 0 ||
            fwrite(r->out.p, 1, r->out.n, stdout) != r->out.n)
            rc = EXIT_USAGE;
        r->first_plan = false;
    }
    if (rc != EXIT_DONE)
        fputs("slowdex explain: out of memory or cannot write the output\n", stderr);
    if (report_diags(r, &d) < 0)
        rc = EXIT_USAGE;
    diag_free(&d);
    arena_free(&a);
    buf_free(&data);
    return rc;
}

static int finish_json(struct explain_run *r)
{
    char *s = cJSON_PrintUnformatted(r->diags);
    if (!s)
        return -1;
    int ok = printf("%s\"diagnostics\": %s}\n", r->first_plan ? "], " : "\n], ", s) > 0;
    free(s);
    return ok ? 0 : -1;
}

int cmd_explain(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1];
    struct opt_iter it;
    struct explain_run r = {.first_plan = true};
    const char *val;
    int id, nfiles, rc = EXIT_DONE;
    unsigned ordinal = 0;
    opt_init(&it, &cmd_explain_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_explain_spec, stdout);
            return EXIT_DONE;
        }
        if (id == OPT_FORMAT && (strcmp(val, "json") == 0 || strcmp(val, "text") == 0)) {
            r.json = val[0] == 'j';
            continue;
        }
        fprintf(stderr, "slowdex explain: %s\n",
                id == OPT_FORMAT ? "--format takes text or json" : it.err);
        return EXIT_USAGE;
    }
    nfiles = it.noperands;
    if (r.json && !(r.diags = cJSON_CreateArray())) {
        fputs("slowdex explain: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    if (r.json)
        fputs("{\"version\": 1, \"plans\": [\n", stdout);
    for (int i = 0; i < (nfiles ? nfiles : 1) && rc == EXIT_DONE; i++)
        rc = run_file(&r, nfiles ? operands[i] : "-", &ordinal);
    if (r.json && finish_json(&r) < 0)
        rc = EXIT_USAGE;
    cJSON_Delete(r.diags);
    buf_free(&r.out);
    if (fflush(stdout) != 0 && rc == EXIT_DONE) {
        fputs("slowdex explain: cannot write the output\n", stderr);
        rc = EXIT_USAGE;
    }
    return rc;
}
