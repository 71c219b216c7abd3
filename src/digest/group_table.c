/* The keys of --group-by table (group_table.h): each class's sample statement is analysed once,
 * and its base tables (not derived tables or CTEs) named as the server would resolve them. DDL and
 * table maintenance (CREATE/ALTER/DROP/TRUNCATE/RENAME/ANALYZE/OPTIMIZE/CHECK/REPAIR TABLE, CREATE
 * and DROP INDEX … ON, LOCK TABLES), which the analyzer does not model, are read here for the
 * tables they name, so that their time counts for those tables too. */
#include "digest/group_table.h"

#include <stdlib.h>
#include <string.h>

#include "sql/lexer.h"

struct table_grouper {
    struct sql_analyze_opts base;
    struct arena arena;
    struct buf names; /* the keys of the last call, back to back */
    size_t *offsets;  /* where each key starts in names */
    size_t *lengths;
    int cap;
};

struct table_grouper *table_grouper_new(const struct sql_analyze_opts *base)
{
    struct table_grouper *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->base = *base;
    arena_init(&g->arena);
    return g;
}

void table_grouper_free(struct table_grouper *g)
{
    if (!g)
        return;
    arena_free(&g->arena);
    buf_free(&g->names);
    free(g->offsets);
    free(g->lengths);
    free(g);
}

/* The analysis of the class's worst sample, or of its fingerprint when it has none. */
static const struct sql_analysis *analyse_class(struct table_grouper *g, const struct agg_class *c)
{
    struct sql_analyze_opts o = g->base;
    const char *text = c->worst.query;
    size_t len = c->worst.query_len;
    if (!text) {
        text = c->fingerprint ? c->fingerprint : c->key;
        len = strlen(text);
        o.from_fingerprint = true;
    }
    o.default_db = c->worst.db && c->worst.db[0] ? c->worst.db : NULL;
    arena_reset(&g->arena);
    struct sql_analysis *an = NULL;
    if (!sql_analyze(text, len, &o, &g->arena, &an))
        return NULL;
    return an;
}

static bool seen_before(const struct table_grouper *g, int n, const char *key, size_t len)
{
    for (int i = 0; i < n; i++)
        if (g->lengths[i] == len && memcmp(g->names.p + g->offsets[i], key, len) == 0)
            return true;
    return false;
}

/* Appends the key db.name (or name) unless it is already there; -1 when out of memory. */
static int add_key(struct table_grouper *g, int *n, struct sv db, struct sv name)
{
    size_t start = g->names.n;
    if (db.n && (buf_append(&g->names, db.p, db.n) < 0 || buf_append(&g->names, ".", 1) < 0))
        return -1;
    if (buf_append(&g->names, name.p, name.n) < 0)
        return -1;
    size_t len = g->names.n - start;
    if (seen_before(g, *n, g->names.p + start, len)) {
        g->names.n = start;
        return 0;
    }
    if (*n == g->cap) {
        int cap = g->cap ? g->cap * 2 : 8;
        size_t *o = realloc(g->offsets, (size_t)cap * sizeof *o);
        if (!o)
            return -1;
        g->offsets = o;
        size_t *l = realloc(g->lengths, (size_t)cap * sizeof *l);
        if (!l)
            return -1;
        g->lengths = l;
        g->cap = cap;
    }
    g->offsets[*n] = start;
    g->lengths[*n] = len;
    (*n)++;
    return 0;
}

/* A table name a DDL statement gives, as offsets into a scratch buffer (which may move). */
struct ddl_name {
    size_t db_off, db_len, name_off, name_len;
};

static bool is_name(const struct sql_token *t)
{
    return t->kind == SQL_TOK_WORD || t->kind == SQL_TOK_QIDENT;
}

/* Appends an identifier's real name to scratch; false when out of memory. */
static bool append_ident(struct buf *scratch, const struct sql_token *t, size_t *len)
{
    char tmp[256];
    size_t k = sql_ident_unquote(t, tmp, sizeof tmp);
    *len = k < sizeof tmp ? k : sizeof tmp - 1;
    return buf_append(scratch, tmp, *len) == 0;
}

/* Reads `name` or `db.name` at *tok; *tok is then the token after it. */
static bool read_table_name(struct sql_lexer *lx, struct sql_token *tok, struct buf *scratch,
                            struct ddl_name *out)
{
    if (!is_name(tok))
        return false;
    struct sql_token first = *tok, second = {.kind = SQL_TOK_EOF};
    *tok = sql_lexer_next(lx);
    if (sql_tok_op(tok, ".")) {
        second = sql_lexer_next(lx);
        if (!is_name(&second))
            return false;
        *tok = sql_lexer_next(lx);
    }
    *out = (struct ddl_name){0};
    size_t len;
    if (!append_ident(scratch, &first, &len))
        return false;
    if (second.kind == SQL_TOK_EOF) {
        out->name_off = scratch->n - len;
        out->name_len = len;
        return true;
    }
    out->db_off = scratch->n - len;
    out->db_len = len;
    if (!append_ident(scratch, &second, &len))
        return false;
    out->name_off = scratch->n - len;
    out->name_len = len;
    return true;
}

static bool is_ddl_verb(const struct sql_token *t)
{
    static const char *const verbs[] = {"CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "ANALYZE",
                                        "OPTIMIZE", "CHECK", "REPAIR", "LOCK"};
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
        if (sql_tok_is(t, verbs[i]))
            return true;
    return false;
}

/* Moves the lexer to the first table name of a DDL statement: after TABLE/TABLES (and IF [NOT]
 * EXISTS), after INDEX … ON, or after TRUNCATE. False when the statement names no table. */
static bool seek_table_list(struct sql_lexer *lx, struct sql_token *tok)
{
    bool truncate = sql_tok_is(tok, "TRUNCATE"), index = false;
    for (int i = 0; i < 8 && tok->kind != SQL_TOK_EOF; i++) {
        *tok = sql_lexer_next(lx);
        if (sql_tok_is(tok, "INDEX"))
            index = true;
        if ((index && sql_tok_is(tok, "ON")) || sql_tok_is(tok, "TABLE") || sql_tok_is(tok, "TABLES")) {
            *tok = sql_lexer_next(lx);
            break;
        }
        if (truncate && !index)
            break;
        if (i == 7)
            return false;
    }
    if (sql_tok_is(tok, "IF")) {
        *tok = sql_lexer_next(lx);
        if (sql_tok_is(tok, "NOT"))
            *tok = sql_lexer_next(lx);
        if (!sql_tok_is(tok, "EXISTS"))
            return false;
        *tok = sql_lexer_next(lx);
    }
    return tok->kind == SQL_TOK_WORD || tok->kind == SQL_TOK_QIDENT;
}

/* The tables a DDL or maintenance statement names: a comma-separated list for DROP, TRUNCATE,
 * RENAME (`a TO b, c TO d`), LOCK TABLES (`t [AS a] READ, …`) and the maintenance statements; only
 * the first name for CREATE and ALTER, whose commas separate columns. */
static int ddl_tables(struct table_grouper *g, const struct agg_class *c, int *n)
{
    const char *text = c->worst.query ? c->worst.query : c->key;
    size_t len = c->worst.query ? c->worst.query_len : c->key_len;
    struct sql_lexer lx;
    sql_lexer_init(&lx, text, len, g->base.sql_modes, &g->base.target);
    struct sql_token tok = sql_lexer_next(&lx);
    bool list = !sql_tok_is(&tok, "CREATE") && !sql_tok_is(&tok, "ALTER");
    if (!is_ddl_verb(&tok) || !seek_table_list(&lx, &tok))
        return 0;
    struct buf scratch = {0};
    struct ddl_name names[AGG_REGROUP_MAX_KEYS];
    int k = 0;
    while (k < AGG_REGROUP_MAX_KEYS && read_table_name(&lx, &tok, &scratch, &names[k])) {
        k++;
        while (tok.kind != SQL_TOK_EOF && !sql_tok_op(&tok, ",") && !sql_tok_is(&tok, "TO"))
            tok = sql_lexer_next(&lx);
        if (tok.kind == SQL_TOK_EOF || !list)
            break;
        tok = sql_lexer_next(&lx);
    }
    const char *def = c->worst.db && c->worst.db[0] ? c->worst.db : NULL;
    int rc = 0;
    for (int i = 0; i < k && rc == 0; i++) {
        struct ddl_name *d = &names[i];
        struct sv db = d->db_len ? sv_make(scratch.p + d->db_off, d->db_len) : sv_cstr(def);
        rc = add_key(g, n, db, sv_make(scratch.p + d->name_off, d->name_len));
    }
    buf_free(&scratch);
    return rc;
}

int table_grouper_keys(const struct agg_class *c, void *grouper, struct sv *keys, int max)
{
    struct table_grouper *g = grouper;
    const struct sql_analysis *an = analyse_class(g, c);
    if (!an)
        return -1;
    buf_reset(&g->names);
    int n = 0;
    for (size_t i = 0; i < an->ntables; i++) {
        const struct sql_table_ref *t = &an->tables[i];
        if (t->derived || t->name.n == 0)
            continue;
        if (add_key(g, &n, t->db, t->name) < 0)
            return -1;
    }
    if (n == 0 && an->kind == SQL_STMT_OTHER && ddl_tables(g, c, &n) < 0)
        return -1;
    if (n > max)
        n = max;
    for (int i = 0; i < n; i++)
        keys[i] = sv_make(g->names.p + g->offsets[i], g->lengths[i]);
    if (n == 0 && max > 0) {
        keys[0] = sv_cstr(GROUP_TABLE_NONE);
        n = 1;
    }
    return n;
}
