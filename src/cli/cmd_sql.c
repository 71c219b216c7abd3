/* slowdex sql: prints what the statement analyzer understands of each statement of a SQL file —
 * tables, predicates, ordering, grouping, limits, columns read, index defeats — as JSON or as the
 * compact text form (docs/sql-analysis.md). The way to see the facts the rules will read. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/schema_opts.h"
#include "input/source.h"
#include "sql/analysis.h"
#include "sql/lexer.h"
#include "util/arena.h"
#include "util/buf.h"

enum { OPT_FORMAT = 1, OPT_DB, OPT_FINGERPRINT };

static const struct opt_spec opts[] = {
    {OPT_FORMAT, "format", 0, "FORMAT",
     "json (the default: {\"version\": 1, \"statements\": [...]}, one statement per line) or "
     "text (one fact per line, a blank line between statements)."},
    {OPT_DB, "db", 0, "NAME",
     "The default database, as `USE NAME` or a slow log's Schema: would set it: unqualified "
     "tables belong to it."},
    {OPT_FINGERPRINT, "fingerprint", 0, NULL,
     "The statements are pt-query-digest fingerprints (literals are ?, names may be mangled): "
     "the facts are marked \"from\": \"fingerprint\" and the schema is not consulted."},
    SCHEMA_OPT_SPECS,
    {0, NULL, 0, NULL, NULL},
};

const struct cmd_spec cmd_sql_spec = {
    "sql",
    "slowdex sql [OPTIONS] [FILE...|-]",
    "print what slowdex understands of SQL statements",
    "Reads SQL statements from each FILE, or standard input when FILE is - or absent (gzip is "
    "recognised), split at `;` outside strings and comments (the mysql client's DELIMITER lines "
    "are followed), and prints for each the tables it touches with their aliases and databases, "
    "its predicates (eq, range, join), GROUP BY and ORDER BY items, LIMIT, the columns it reads, "
    "what defeats an index (a function or arithmetic on a column, a leading-wildcard LIKE, "
    "negations, NOT IN, OR across columns, and with --schema type and collation conversions), "
    "and names it could not tie to a table. A statement that is not fully understood says where "
    "and why; the facts before that point are kept. Statements other than SELECT, INSERT, "
    "REPLACE, UPDATE and DELETE are listed as `other`. docs/sql-analysis.md describes both "
    "formats.\n\n"
    "Exit status: 0, or 2 for a usage error or an unreadable input.",
    opts,
};

struct sql_run {
    struct sql_analyze_opts ao;
    bool text;
    unsigned ordinal;
    bool first_json;
    struct arena arena;
    struct buf out;
};

/* The whole input in memory: the splitter and the analysis point into it. */
static bool read_input(const char *path, struct buf *data)
{
    char err[512];
    struct source *src = source_open(path, err, sizeof err);
    if (!src) {
        fprintf(stderr, "slowdex sql: %s\n", err);
        return false;
    }
    bool ok = true;
    if (source_is_mapped(src)) {
        ok = buf_append(data, source_data(src), source_size(src)) == 0;
    } else {
        char chunk[65536];
        ssize_t n;
        while ((n = source_read(src, chunk, sizeof chunk)) > 0)
            if (buf_append(data, chunk, (size_t)n) < 0) {
                n = -1;
                break;
            }
        if (n < 0) {
            const char *why = source_error(src);
            fprintf(stderr, "slowdex sql: %s\n", why ? why : "read error");
            ok = false;
        }
    }
    if (!ok && source_is_mapped(src))
        fputs("slowdex sql: out of memory\n", stderr);
    source_close(src);
    return ok;
}

static bool emit(struct sql_run *r, const struct sql_analysis *an, unsigned line)
{
    buf_reset(&r->out);
    if (r->text) {
        if ((r->ordinal > 1 && buf_append_char(&r->out, '\n') < 0) ||
            sql_analysis_print_text(an, r->ordinal, line, &r->out) < 0)
            return false;
    } else {
        cJSON *j = sql_analysis_to_json(an, r->ordinal, line);
        char *s = j ? cJSON_PrintUnformatted(j) : NULL;
        cJSON_Delete(j);
        if (!s)
            return false;
        int rc = buf_append_cstr(&r->out, r->first_json ? "" : ",\n");
        rc |= buf_append_cstr(&r->out, s);
        free(s);
        r->first_json = false;
        if (rc < 0)
            return false;
    }
    return fwrite(r->out.p, 1, r->out.n, stdout) == r->out.n;
}

static int run_file(struct sql_run *r, const char *path)
{
    struct buf data = {0};
    if (!read_input(path, &data)) {
        buf_free(&data);
        return EXIT_USAGE;
    }
    struct sql_splitter sp;
    struct sql_statement st;
    int rc = EXIT_DONE;
    sql_splitter_init(&sp, data.p ? data.p : "", data.n, r->ao.sql_modes);
    while (rc == EXIT_DONE && sql_splitter_next(&sp, &st)) {
        struct sql_analysis *an;
        arena_reset(&r->arena); /* one statement's facts at a time: no growth with the input */
        r->ordinal++;
        if (!sql_analyze(st.p, st.len, &r->ao, &r->arena, &an)) {
            fputs("slowdex sql: out of memory\n", stderr);
            rc = EXIT_USAGE;
        } else if (!emit(r, an, st.line + (an->first_line ? an->first_line - 1 : 0))) {
            fputs("slowdex sql: cannot write the output\n", stderr);
            rc = EXIT_USAGE;
        }
    }
    buf_free(&data);
    return rc;
}

static int parse_format(const char *val, bool *text)
{
    if (strcmp(val, "json") == 0 || strcmp(val, "text") == 0) {
        *text = val[0] == 't';
        return 0;
    }
    fputs("slowdex sql: --format takes json or text\n", stderr);
    return -1;
}

static int run_all(struct sql_run *r, char **files, int nfiles)
{
    int rc = EXIT_DONE;
    if (!r->text)
        fputs("{\"version\": 1, \"statements\": [\n", stdout);
    for (int i = 0; i < (nfiles ? nfiles : 1) && rc == EXIT_DONE; i++)
        rc = run_file(r, nfiles ? files[i] : "-");
    if (!r->text)
        fputs(r->first_json ? "]}\n" : "\n]}\n", stdout);
    if (fflush(stdout) != 0 && rc == EXIT_DONE) {
        fputs("slowdex sql: cannot write the output\n", stderr);
        rc = EXIT_USAGE;
    }
    return rc;
}

int cmd_sql(int argc, char **argv)
{
    char *operands[argc > 0 ? argc : 1];
    struct opt_iter it;
    struct schema_opts so = {0};
    struct sql_run r = {.ao = sql_analyze_opts_default(), .first_json = true};
    struct schema *schema = NULL;
    const char *val;
    int id, rc = EXIT_USAGE;
    opt_init(&it, &cmd_sql_spec, argc, argv, operands);
    while ((id = opt_next(&it, &val)) != 0) {
        if (id == OPT_HELP) {
            opt_print_help(&cmd_sql_spec, stdout);
            schema_opts_free(&so);
            return EXIT_DONE;
        }
        if (id == OPT_FORMAT && parse_format(val, &r.text) < 0)
            goto out;
        if (id == OPT_DB)
            r.ao.default_db = val;
        else if (id == OPT_FINGERPRINT)
            r.ao.from_fingerprint = true;
        else if (id != OPT_FORMAT &&
                 (id < 0 || schema_opts_take(&so, id, val, it.err, sizeof it.err) <= 0)) {
            fprintf(stderr, "slowdex sql: %s\n", it.err);
            goto out;
        }
    }
    if (so.nfiles > 0 || so.stats) {
        schema = schema_opts_load(&so, "sql", stderr);
        if (!schema)
            goto out;
        r.ao.schema = schema;
    }
    r.ao.sql_modes = so.sql_modes;
    r.ao.lower_case_table_names = so.lower_case_table_names;
    if (so.have_target)
        r.ao.target = so.target;
    else if (schema)
        r.ao.target = schema->target;
    arena_init(&r.arena);
    rc = run_all(&r, it.operands, it.noperands);
    arena_free(&r.arena);
    buf_free(&r.out);
out:
    schema_free(schema);
    schema_opts_free(&so);
    return rc;
}
