/* Linting SQL files (lint.h): reading the files, applying their DDL, the statement rules over each
 * statement, then the table pass, the suppressions, the configuration, and the final order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/source.h"
#include "lint/lint_int.h"
#include "sql/lexer.h"

void lint_init(struct lint *l, struct rule_catalog *cat, const struct slowdex_config *cfg,
               struct schema *schema, const struct sql_analyze_opts *ao)
{
    memset(l, 0, sizeof *l);
    l->cat = cat;
    l->cfg = cfg;
    l->schema = schema;
    l->ao = *ao;
    l->ao.schema = schema;
}

void lint_free(struct lint *l)
{
    for (size_t i = 0; i < l->nfiles; i++) {
        free(l->files[i].name);
        buf_free(&l->files[i].text);
        free(l->files[i].stmts);
        free(l->files[i].cols);
    }
    free(l->files);
    finding_list_free(&l->findings);
    free(l->pos);
    suppress_free(&l->sup);
    diag_free(&l->warnings);
    memset(l, 0, sizeof *l);
}

int lint_add_text(struct lint *l, const char *name, struct buf *text)
{
    struct lint_file *v = realloc(l->files, (l->nfiles + 1) * sizeof *v);
    if (!v)
        return -1;
    l->files = v;
    struct lint_file *f = &v[l->nfiles];
    memset(f, 0, sizeof *f);
    if (!(f->name = strdup(strcmp(name, "-") == 0 ? "<stdin>" : name)))
        return -1;
    f->text = *text;
    *text = (struct buf){0};
    l->nfiles++;
    /* DDL first, for every file, so that queries are analysed against the schema they define. */
    if (!schema_load_text(l->schema, f->name, f->text.p ? f->text.p : "", f->text.n, &l->warnings))
        return -1;
    return 0;
}

static int read_source(struct source *src, struct buf *b, char *err, size_t errlen)
{
    if (source_is_mapped(src))
        return buf_append(b, source_data(src), source_size(src)) < 0 ? -1 : 0;
    char chunk[65536];
    ssize_t n;
    while ((n = source_read(src, chunk, sizeof chunk)) > 0)
        if (buf_append(b, chunk, (size_t)n) < 0)
            return -1;
    if (n < 0) {
        snprintf(err, errlen, "%s", source_error(src) ? source_error(src) : "read error");
        return -2;
    }
    return 0;
}

int lint_add_file(struct lint *l, const char *path, char *err, size_t errlen)
{
    struct source *src = source_open(path, err, errlen);
    if (!src)
        return -2;
    struct buf b = {0};
    int rc = read_source(src, &b, err, errlen);
    source_close(src);
    if (rc == 0)
        rc = lint_add_text(l, path, &b);
    buf_free(&b);
    return rc;
}

int lint_note_positions(struct lint *l, size_t from, uint64_t line, uint32_t col)
{
    if (l->findings.n > l->poscap) {
        size_t cap = l->findings.cap;
        struct findings_pos *p = realloc(l->pos, cap * sizeof *p);
        if (!p)
            return -1;
        l->pos = p;
        l->poscap = cap;
    }
    for (size_t i = from; i < l->findings.n; i++)
        l->pos[i] = (struct findings_pos){line, col};
    return 0;
}

static int add_stmt(struct lint_file *f, const struct sql_statement *st, uint64_t line,
                    uint32_t col)
{
    struct suppress_stmt *v = realloc(f->stmts, (f->nstmts + 1) * sizeof *v);
    if (!v)
        return -1;
    f->stmts = v;
    uint32_t *c = realloc(f->cols, (f->nstmts + 1) * sizeof *c);
    if (!c)
        return -1;
    f->cols = c;
    size_t end = st->offset + st->len;
    /* The terminator belongs to the statement: a comment after it on its line is "on" it. */
    while (st->terminated && end < f->text.n && f->text.p[end] != ';' && f->text.p[end] != '\n')
        end++;
    if (st->terminated && end < f->text.n && f->text.p[end] == ';')
        end++;
    v[f->nstmts] = (struct suppress_stmt){st->offset, end, line};
    c[f->nstmts] = col;
    f->nstmts++;
    return 0;
}

static uint32_t column_of(const char *text, size_t off)
{
    size_t i = off;
    while (i > 0 && text[i - 1] != '\n')
        i--;
    return (uint32_t)(off - i + 1);
}

static int lint_statement(struct lint *l, struct lint_pass *ps, struct lint_file *f,
                          const struct sql_statement *st)
{
    struct facts_stmt fs = {.text = st->p, .len = st->len, .db = l->ao.default_db,
                            .file = f->name, .line = st->line,
                            .ordinal = (unsigned)++f->statements};
    const struct sql_analysis *an;
    cJSON *tree = facts_statement_tree(&ps->fx, &fs, &an);
    if (!tree || facts_add_schema(tree, &ps->fs) < 0) {
        cJSON_Delete(tree);
        return -1;
    }
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(tree, "statement"), "query_id");
    uint64_t line = st->line + (an->first_line ? an->first_line - 1 : 0);
    uint32_t col = an->first_line > 1 ? 1 : column_of(f->text.p, st->offset);
    struct finding_subject subj = {.file = f->name, .line = line,
                                   .query_id = cJSON_GetStringValue(q)};
    size_t from = l->findings.n;
    int rc = rule_catalog_eval(l->cat, ps->ev, RSUBJ_STATEMENT, tree, &subj, &l->ao.target,
                               &l->findings);
    cJSON_Delete(tree);
    if (rc < 0 || lint_note_positions(l, from, line, col) < 0 || add_stmt(f, st, line, col) < 0)
        return -1;
    return 0;
}

static int lint_statements(struct lint *l, struct lint_pass *ps, struct lint_file *f)
{
    struct sql_splitter sp;
    struct sql_statement st;
    sql_splitter_init(&sp, f->text.p ? f->text.p : "", f->text.n, l->ao.sql_modes);
    while (sql_splitter_next(&sp, &st))
        if (lint_statement(l, ps, f, &st) < 0)
            return -1;
    if (suppress_scan(&l->sup, f->name, f->text.p ? f->text.p : "", f->text.n, l->ao.sql_modes,
                      f->stmts, f->nstmts) < 0)
        return -1;
    return 0;
}

uint32_t lint_column_at(const struct lint_file *f, uint64_t line)
{
    for (size_t i = 0; i < f->nstmts; i++)
        if (f->stmts[i].line == line)
            return f->cols[i];
    return 1;
}

/* File order (as given), then line, column, then the order found (rule id within a subject). */
struct order {
    size_t file, i;
    uint64_t line;
    uint32_t col;
};

static int cmp_order(const void *a, const void *b)
{
    const struct order *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static size_t file_index(const struct lint *l, const char *name)
{
    for (size_t i = 0; name && i < l->nfiles; i++)
        if (strcmp(l->files[i].name, name) == 0)
            return i;
    return l->nfiles;
}

static int sort_findings(struct lint *l)
{
    size_t n = l->findings.n;
    if (n == 0)
        return 0;
    struct order *o = malloc((n ? n : 1) * sizeof *o);
    struct finding *v = malloc((n ? n : 1) * sizeof *v);
    struct findings_pos *p = malloc((n ? n : 1) * sizeof *p);
    if (!o || !v || !p) {
        free(o), free(v), free(p);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        o[i] = (struct order){file_index(l, l->findings.v[i].subject.file), i, l->pos[i].line,
                              l->pos[i].col};
    qsort(o, n, sizeof *o, cmp_order);
    for (size_t i = 0; i < n; i++) {
        v[i] = l->findings.v[o[i].i];
        p[i] = l->pos[o[i].i];
    }
    memcpy(l->findings.v, v, n * sizeof *v);
    memcpy(l->pos, p, n * sizeof *p);
    free(o), free(v), free(p);
    return 0;
}

/* The positions follow the findings config_apply keeps. */
static int apply_config(struct lint *l)
{
    size_t *origin = malloc((l->findings.n ? l->findings.n : 1) * sizeof *origin);
    if (!origin)
        return -1;
    long gone = config_apply(l->cfg, l->cat, &l->findings, &l->sup, &l->applied, origin);
    for (size_t k = 0; gone >= 0 && k < l->findings.n; k++)
        l->pos[k] = l->pos[origin[k]];
    free(origin);
    if (gone < 0)
        return -1;
    l->suppressed = (size_t)gone;
    return 0;
}

int lint_run(struct lint *l)
{
    /* The schema is complete (every file's DDL applied): its JSON is built once, for the
     * `schema` root of every tree and for the table pass. */
    struct lint_pass ps;
    if (facts_schema_init(&ps.fs, l->schema) < 0)
        return -1;
    if (!(ps.ev = expr_eval_new())) {
        facts_schema_free(&ps.fs);
        return -1;
    }
    facts_ctx_init(&ps.fx, &l->ao);
    int rc = 0;
    for (size_t i = 0; i < l->nfiles && rc == 0; i++)
        rc = lint_statements(l, &ps, &l->files[i]);
    if (rc == 0)
        rc = lint_tables(l, &ps);
    facts_ctx_free(&ps.fx);
    expr_eval_free(ps.ev);
    facts_schema_free(&ps.fs);
    if (rc == 0 && l->cat)
        suppress_check(&l->sup, l->cat, &l->warnings);
    if (rc == 0)
        rc = apply_config(l);
    return rc == 0 ? sort_findings(l) : -1;
}

bool lint_failed(const struct lint *l, enum severity threshold)
{
    for (size_t i = 0; i < l->findings.n; i++)
        if (l->findings.v[i].severity <= threshold)
            return true;
    return false;
}
