/* The shared schema options and the loading of a schema from them; see schema_opts.h. */
#include "cli/schema_opts.h"

#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "sql/lexer.h"

int schema_opts_add_file(struct schema_opts *o, const char *path)
{
    const char **n = realloc(o->files, ((size_t)o->nfiles + 1) * sizeof *n);
    if (!n)
        return -1;
    o->files = n;
    n[o->nfiles++] = path;
    return 0;
}

int schema_opts_take(struct schema_opts *o, int id, const char *val, char *err, size_t size)
{
    struct sv bad;
    long long n;
    switch (id) {
    case SCHEMA_OPT_SCHEMA:
        if (schema_opts_add_file(o, val) < 0) {
            snprintf(err, size, "out of memory");
            return -1;
        }
        return 1;
    case SCHEMA_OPT_STATS:
        o->stats = val;
        return 1;
    case SCHEMA_OPT_TARGET:
        if (!sql_target_parse(val, &o->target)) {
            snprintf(err, size, "--target takes mysql:VERSION or mariadb:VERSION (mysql:8.0)");
            return -1;
        }
        o->target.guessed = false;
        o->have_target = true;
        return 1;
    case SCHEMA_OPT_SQL_MODE:
        if (!sql_mode_parse(val, &o->sql_modes, &bad)) {
            snprintf(err, size, "--sql-mode: unknown mode %.*s", (int)bad.n, bad.p);
            return -1;
        }
        return 1;
    case SCHEMA_OPT_LCTN:
        n = opt_parse_count(val);
        if (n < 0 || n > 2) {
            snprintf(err, size, "--lower-case-table-names takes 0, 1 or 2");
            return -1;
        }
        o->lower_case_table_names = (int)n;
        return 1;
    default:
        return 0;
    }
}

static void print_diag(const struct diag *d, const char *cmd, FILE *warn)
{
    for (int i = 0; i < d->kept; i++)
        fprintf(warn, "slowdex %s: %s\n", cmd, d->msgs[i]);
    if (d->count > (uint64_t)d->kept)
        fprintf(warn, "slowdex %s: … and %llu more schema warnings\n", cmd,
                (unsigned long long)(d->count - (uint64_t)d->kept));
}

struct schema *schema_opts_load(const struct schema_opts *o, const char *cmd, FILE *warn)
{
    struct schema *s = schema_opts_load_ddl(o, cmd, warn);
    if (s && schema_opts_load_stats(o, s, cmd, warn) < 0) {
        schema_free(s);
        return NULL;
    }
    return s;
}

int schema_opts_load_stats(const struct schema_opts *o, struct schema *s, const char *cmd,
                           FILE *warn)
{
    if (!o->stats)
        return 0;
    struct diag d = {0};
    bool ok = schema_load_stats(s, o->stats, &d);
    print_diag(&d, cmd, warn);
    if (!ok && d.count == 0)
        fprintf(warn, "slowdex %s: out of memory\n", cmd);
    diag_free(&d);
    return ok ? 0 : -1;
}

struct schema *schema_opts_load_ddl(const struct schema_opts *o, const char *cmd, FILE *warn)
{
    struct schema *s = schema_new(o->have_target ? &o->target : NULL);
    if (!s) {
        fprintf(warn, "slowdex %s: out of memory\n", cmd);
        return NULL;
    }
    s->sql_modes = o->sql_modes;
    s->lower_case_table_names = o->lower_case_table_names;
    struct diag d = {0};
    bool ok = true;
    for (int i = 0; ok && i < o->nfiles; i++)
        ok = schema_load_file(s, o->files[i], &d);
    print_diag(&d, cmd, warn);
    if (!ok && d.count == 0)
        fprintf(warn, "slowdex %s: out of memory\n", cmd);
    diag_free(&d);
    if (!ok) {
        schema_free(s);
        return NULL;
    }
    return s;
}

void schema_opts_free(struct schema_opts *o)
{
    free(o->files);
    o->files = NULL;
    o->nfiles = 0;
}
