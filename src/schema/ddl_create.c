/* CREATE TABLE: the table elements (columns, PRIMARY/UNIQUE/KEY/FULLTEXT/SPATIAL indexes with
 * their parts and options, FOREIGN KEY, CHECK), the table options, and what the server checks and
 * adds at the end. Index and foreign key definitions are shared with ALTER TABLE … ADD. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "schema/schema_int.h"

/* One key part: `col`, `col(10)`, `(expr)`, each with ASC or DESC. */
static bool index_part(struct ddl *p, struct schema_index_part *part)
{
    part->cardinality = -1;
    if (ddl_is_op(p, "(")) {
        size_t from = p->i + 1;
        if (!ddl_skip_parens(p))
            return false;
        p->i--;
        part->expr = ddl_text_from(p, from);
        p->i++;
        if (!part->expr)
            return false;
    } else {
        if (!(part->column = ddl_name(p, "a column name")))
            return false;
        if (ddl_accept_op(p, "(")) {
            if (ddl_tok(p)->kind != SQL_TOK_NUMBER)
                return ddl_expected(p, "a prefix length");
            uint64_t v = sv_leading_u64(sv_make(ddl_tok(p)->p, ddl_tok(p)->len));
            part->prefix = v > INT64_MAX ? INT64_MAX : (int64_t)v;
            ddl_next(p);
            if (!ddl_expect_op(p, ")"))
                return false;
        }
    }
    if (ddl_accept2(p, "WITHOUT", "OVERLAPS")) /* a MariaDB application-time period */
        part->desc = false;
    else if (ddl_accept(p, "DESC"))
        part->desc = true;
    else
        ddl_accept(p, "ASC");
    return true;
}

static bool index_using(struct ddl *p, struct schema_index *ix)
{
    if (ddl_accept(p, "BTREE"))
        ix->using = SCHEMA_USING_BTREE;
    else if (ddl_accept(p, "HASH"))
        ix->using = SCHEMA_USING_HASH;
    else if (!ddl_accept(p, "RTREE"))
        return ddl_expected(p, "BTREE, HASH or RTREE");
    return true;
}

bool ddl_index_options(struct ddl *p, struct schema_index *ix)
{
    for (;;) {
        if (ddl_accept(p, "USING") || ddl_accept(p, "TYPE")) {
            if (!index_using(p, ix))
                return false;
        } else if (ddl_accept(p, "KEY_BLOCK_SIZE") || ddl_accept(p, "ENGINE_ATTRIBUTE") ||
                   ddl_accept(p, "SECONDARY_ENGINE_ATTRIBUTE") || ddl_accept(p, "CLUSTERING")) {
            ddl_accept_op(p, "=");
            if (!ddl_skip_value(p))
                return false;
        } else if (ddl_accept(p, "COMMENT")) {
            free(ix->comment);
            if (!(ix->comment = ddl_string(p, "a quoted comment")))
                return false;
        } else if (ddl_accept2(p, "WITH", "PARSER")) {
            if (!ddl_skip_value(p))
                return false;
        } else if (ddl_is(p, "INVISIBLE") || ddl_is(p, "IGNORED")) {
            bool maria = p->s->target.flavor == SQL_MARIADB;
            if (ddl_is(p, "INVISIBLE") == maria)
                ddl_warn(p, p->i, "%s index `%s` on a %s target", ddl_is(p, "IGNORED") ?
                         "IGNORED" : "INVISIBLE", ix->name ? ix->name : "?",
                         maria ? "MariaDB" : "MySQL");
            ix->invisible = true;
            ddl_next(p);
        } else if (ddl_accept(p, "VISIBLE") || ddl_accept2(p, "NOT", "IGNORED")) {
            ix->invisible = false;
        } else {
            return true;
        }
    }
}

bool ddl_index_body(struct ddl *p, struct schema_table *t, struct schema_index *ix)
{
    (void)t;
    if (ddl_accept(p, "USING") || ddl_accept(p, "TYPE"))
        if (!index_using(p, ix))
            return false;
    if (!ddl_expect_op(p, "("))
        return false;
    for (;;) {
        struct schema_index_part *n = realloc(ix->parts, (ix->nparts + 1) * sizeof *n);
        if (!n)
            return ddl_nomem(p);
        ix->parts = n;
        memset(&n[ix->nparts], 0, sizeof *n);
        ix->nparts++;
        if (!index_part(p, &n[ix->nparts - 1]))
            return false;
        if (sql_tok_is(&p->toks[p->i - 1], "OVERLAPS")) { /* the period is no column */
            ix->nparts--;
            free(n[ix->nparts].column);
        }
        if (ddl_accept_op(p, ")"))
            break;
        if (!ddl_expect_op(p, ","))
            return false;
    }
    return ddl_index_options(p, ix);
}

/* The server's name for an unnamed index: its first column, else "functional_index". */
static bool name_index(struct ddl *p, struct schema_table *t, struct schema_index *ix)
{
    if (ix->kind == SCHEMA_INDEX_PRIMARY)
        return schema_set_str(&ix->name, "PRIMARY") || ddl_nomem(p);
    if (ix->name)
        return true;
    const char *base = ix->nparts && ix->parts[0].column ? ix->parts[0].column
                                                          : "functional_index";
    return (ix->name = schema_index_auto_name(t, base)) != NULL || ddl_nomem(p);
}

/* Functional key parts exist on MySQL 8.0.13 and later only. */
static void check_functional(struct ddl *p, const struct schema_index *ix, size_t tok)
{
    const struct sql_target *tg = &p->s->target;
    if (tg->flavor == SQL_MYSQL && schema_target_version(tg) >= 80013)
        return;
    for (size_t i = 0; i < ix->nparts; i++)
        if (ix->parts[i].expr) {
            ddl_warn(p, tok, "functional key part in index `%s`: not supported by the target",
                     ix->name);
            return;
        }
}

/* Adds ix to t (taking ownership of it in all cases). */
bool ddl_add_index(struct ddl *p, struct schema_table *t, struct schema_index *ix)
{
    size_t tok = p->i ? p->i - 1 : 0;
    if (!name_index(p, t, ix)) {
        schema_index_clear(ix);
        return false;
    }
    if (schema_index_pos(t, ix->name) >= 0) {
        bool pk = ix->kind == SCHEMA_INDEX_PRIMARY;
        p->i = tok;
        if (pk)
            ddl_fail(p, "multiple primary keys");
        else
            ddl_fail(p, "duplicate key name `%s`", ix->name);
        schema_index_clear(ix);
        return false;
    }
    check_functional(p, ix, tok);
    struct schema_index *n = realloc(t->indexes, (t->nindexes + 1) * sizeof *n);
    if (!n) {
        schema_index_clear(ix);
        return ddl_nomem(p);
    }
    t->indexes = n;
    n[t->nindexes++] = *ix;
    memset(ix, 0, sizeof *ix);
    return true;
}

bool ddl_column_key(struct ddl *p, struct schema_table *t, const char *col, bool primary,
                    struct schema_loc loc)
{
    struct schema_index ix = {.kind = primary ? SCHEMA_INDEX_PRIMARY : SCHEMA_INDEX_UNIQUE,
                              .loc = loc};
    if (!(ix.parts = calloc(1, sizeof *ix.parts)) || !(ix.parts[0].column = schema_strdup(col))) {
        schema_index_clear(&ix);
        return ddl_nomem(p);
    }
    ix.nparts = 1;
    ix.parts[0].cardinality = -1;
    return ddl_add_index(p, t, &ix);
}

static bool name_list(struct ddl *p, char ***v, size_t *n)
{
    if (!ddl_expect_op(p, "("))
        return false;
    for (;;) {
        char **m = realloc(*v, (*n + 1) * sizeof *m);
        if (!m)
            return ddl_nomem(p);
        *v = m;
        if (!(m[*n] = ddl_name(p, "a column name")))
            return false;
        (*n)++;
        if (ddl_accept_op(p, ")"))
            return true;
        if (!ddl_expect_op(p, ","))
            return false;
    }
}

/* ON DELETE / ON UPDATE action, in upper case as SHOW CREATE TABLE writes it. */
static bool fk_action(struct ddl *p, char **dst)
{
    const char *a = ddl_accept(p, "CASCADE")            ? "CASCADE"
                    : ddl_accept(p, "RESTRICT")         ? "RESTRICT"
                    : ddl_accept2(p, "SET", "NULL")     ? "SET NULL"
                    : ddl_accept2(p, "SET", "DEFAULT")  ? "SET DEFAULT"
                    : ddl_accept2(p, "NO", "ACTION")    ? "NO ACTION"
                                                        : NULL;
    if (!a)
        return ddl_expected(p, "CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION");
    return schema_set_str(dst, a) || ddl_nomem(p);
}

/* The name InnoDB gives an unnamed foreign key: <table>_ibfk_<n>. */
static char *fk_auto_name(const struct schema_table *t)
{
    size_t n = strlen(t->name) + 24;
    char *name = malloc(n);
    for (int k = 1; name; k++) {
        snprintf(name, n, "%s_ibfk_%d", t->name, k);
        if (schema_fk_pos(t, name) < 0)
            break;
    }
    return name;
}

static bool fk_refs(struct ddl *p, struct schema_table *t, struct schema_foreign_key *fk)
{
    if (!name_list(p, &fk->columns, &fk->ncolumns) || !ddl_expect(p, "REFERENCES") ||
        !ddl_qualified(p, &fk->ref_db, &fk->ref_table, "a table name") ||
        !name_list(p, &fk->ref_columns, &fk->nref_columns))
        return false;
    if (fk->ref_db && schema_name_eq(p->s, fk->ref_db, t->db)) {
        free(fk->ref_db);
        fk->ref_db = NULL;
    }
    for (;;) {
        if (ddl_accept(p, "MATCH")) {
            if (!ddl_skip_value(p))
                return false;
        } else if (ddl_accept2(p, "ON", "DELETE")) {
            if (!fk_action(p, &fk->on_delete))
                return false;
        } else if (ddl_accept2(p, "ON", "UPDATE")) {
            if (!fk_action(p, &fk->on_update))
                return false;
        } else {
            break;
        }
    }
    if (fk->ncolumns != fk->nref_columns)
        return ddl_fail(p, "foreign key has %zu columns but references %zu", fk->ncolumns,
                        fk->nref_columns);
    return true;
}

static bool foreign_key(struct ddl *p, struct schema_table *t, char *symbol, size_t tok)
{
    struct schema_foreign_key fk = {.name = symbol, .loc = ddl_loc(p, tok)};
    if (ddl_accept(p, "IF")) {
        if (!ddl_expect(p, "NOT") || !ddl_expect(p, "EXISTS"))
            goto fail;
    }
    if (ddl_is_name(p)) { /* an index name, which the server uses for the index it adds */
        char *ixname = ddl_name(p, "an index name");
        if (!fk.name)
            fk.name = ixname;
        else
            free(ixname);
    }
    if (!fk_refs(p, t, &fk))
        goto fail;
    if (!fk.name && !(fk.name = fk_auto_name(t)))
        goto fail;
    if (schema_fk_pos(t, fk.name) >= 0) {
        ddl_fail(p, "duplicate foreign key constraint name `%s`", fk.name);
        goto fail;
    }
    struct schema_foreign_key *n = realloc(t->fks, (t->nfks + 1) * sizeof *n);
    if (!n)
        goto fail;
    t->fks = n;
    n[t->nfks++] = fk;
    return true;
fail:
    schema_fk_clear(&fk);
    return p->failed ? false : ddl_nomem(p);
}

static bool index_element(struct ddl *p, struct schema_table *t, enum schema_index_kind kind,
                          char *symbol, size_t tok, bool if_not_exists)
{
    struct schema_index ix = {.kind = kind, .loc = ddl_loc(p, tok)};
    bool ine = false;
    if (ddl_accept(p, "IF")) {
        if (!ddl_expect(p, "NOT") || !ddl_expect(p, "EXISTS"))
            goto fail;
        ine = true;
    }
    if (ddl_is_name(p) && !ddl_is(p, "USING") && !ddl_is(p, "TYPE"))
        if (!(ix.name = ddl_name(p, "an index name")))
            goto fail;
    if (!ix.name && kind != SCHEMA_INDEX_PRIMARY) {
        ix.name = symbol; /* CONSTRAINT sym UNIQUE (…) names the index */
        symbol = NULL;
    }
    free(symbol);
    if (!ddl_index_body(p, t, &ix))
        goto fail;
    if ((ine || if_not_exists) && ix.name && schema_index_pos(t, ix.name) >= 0) {
        schema_index_clear(&ix); /* a note on the server, not an error */
        return true;
    }
    return ddl_add_index(p, t, &ix);
fail:
    free(symbol);
    schema_index_clear(&ix);
    return false;
}

static bool constraint_element(struct ddl *p, struct schema_table *t, size_t tok, bool ine)
{
    char *symbol = NULL;
    if (ddl_is_name(p) && !ddl_is(p, "PRIMARY") && !ddl_is(p, "UNIQUE") &&
        !ddl_is(p, "FOREIGN") && !ddl_is(p, "CHECK"))
        if (!(symbol = ddl_name(p, "a constraint name")))
            return false;
    if (ddl_accept2(p, "PRIMARY", "KEY")) {
        free(symbol); /* the primary key is always called PRIMARY */
        return index_element(p, t, SCHEMA_INDEX_PRIMARY, NULL, tok, ine);
    }
    if (ddl_accept(p, "UNIQUE")) {
        if (!ddl_accept(p, "KEY"))
            ddl_accept(p, "INDEX");
        return index_element(p, t, SCHEMA_INDEX_UNIQUE, symbol, tok, ine);
    }
    if (ddl_accept2(p, "FOREIGN", "KEY"))
        return foreign_key(p, t, symbol, tok);
    free(symbol);
    if (ddl_accept(p, "CHECK"))
        return ddl_skip_check(p);
    return ddl_expected(p, "PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
}

bool ddl_table_element(struct ddl *p, struct schema_table *t, bool *handled, bool ine)
{
    size_t tok = p->i;
    *handled = true;
    if (ddl_accept(p, "CONSTRAINT") || ddl_is(p, "CHECK") || ddl_is(p, "FOREIGN"))
        return constraint_element(p, t, tok, ine);
    if ((ddl_is(p, "PRIMARY") && ddl_is_at(p, 1, "KEY")) || ddl_is(p, "UNIQUE"))
        return constraint_element(p, t, tok, ine);
    if (ddl_accept(p, "KEY") || ddl_accept(p, "INDEX"))
        return index_element(p, t, SCHEMA_INDEX_KEY, NULL, tok, ine);
    if (ddl_accept(p, "FULLTEXT") || ddl_accept(p, "SPATIAL")) {
        bool ft = sql_tok_is(&p->toks[tok], "FULLTEXT");
        if (!ddl_accept(p, "KEY"))
            ddl_accept(p, "INDEX");
        return index_element(p, t, ft ? SCHEMA_INDEX_FULLTEXT : SCHEMA_INDEX_SPATIAL, NULL, tok,
                             ine);
    }
    if (ddl_is(p, "PERIOD") && ddl_is_at(p, 1, "FOR")) {
        p->i += 2;
        if (ddl_accept(p, "SYSTEM_TIME"))
            t->system_versioned = true;
        else
            ddl_next(p);
        return ddl_is_op(p, "(") ? ddl_skip_parens(p) : ddl_expected(p, "`(`");
    }
    *handled = false;
    return true;
}
