/* Table references for the analyzer: FROM lists and join chains (comma, INNER/CROSS/STRAIGHT,
 * LEFT/RIGHT, NATURAL, ON and USING), nested joins in parentheses, derived tables, LATERAL,
 * JSON_TABLE, CTE references, database qualifiers, aliases and index hints. Each reference gets
 * its database (qualifier, else the default one) and, given a schema, its table there. */
#include <string.h>

#include "schema/schema.h"
#include "sql/analyze_int.h"

static struct sql_table_ref *new_ref(struct sqlx *x, int block, enum sql_join_kind join)
{
    struct sql_analysis *an = x->an;
    struct sql_table_ref *t = sqlx_push(x, (void **)&an->tables, &an->ntables, &x->cap_tables,
                                        sizeof *t);
    if (!t)
        return NULL;
    t->ref = (int)an->ntables - 1;
    t->block = block;
    t->join = join;
    t->db_from = SQL_DB_NONE;
    t->derived_block = SQL_NO_REF;
    t->pos = sqlx_pos(x, x->i);
    return t;
}

/* Whether block `b` is `scope` or inside it. */
static bool within(const struct sqlx *x, int b, int scope)
{
    for (int depth = 0; b >= 0 && depth <= SQLX_MAX_DEPTH * 4; depth++) {
        if (b == scope)
            return true;
        b = x->an->blocks[b].parent;
    }
    return false;
}

static const struct sqlx_cte *find_cte(const struct sqlx *x, struct sv name)
{
    for (const struct sqlx_cte *c = x->ctes; c; c = c->next)
        if (sqlx_name_eq(x, c->name, name) && within(x, x->cur_block, c->scope_block))
            return c;
    return NULL;
}

static void parse_hint(struct sqlx *x, struct sql_table_ref *t)
{
    enum sql_hint_kind kind = sqlx_is(x, "USE")      ? SQL_HINT_USE
                              : sqlx_is(x, "IGNORE") ? SQL_HINT_IGNORE
                                                     : SQL_HINT_FORCE;
    x->i += 2; /* USE INDEX / IGNORE KEY … */
    /* Hint arrays keep no capacity field: it follows from the count (8, 16, … as push grows). */
    size_t cap = 8;
    while (cap < t->nhints)
        cap *= 2;
    if (t->nhints == 0)
        cap = 0;
    struct sql_hint *h = sqlx_push(x, (void **)&t->hints, &t->nhints, &cap, sizeof *h);
    if (!h)
        return;
    h->kind = kind;
    h->scope = "";
    if (sqlx_accept(x, "FOR")) {
        if (sqlx_accept(x, "JOIN"))
            h->scope = "join";
        else if (sqlx_accept(x, "ORDER") && sqlx_expect(x, "BY"))
            h->scope = "order by";
        else if (sqlx_accept(x, "GROUP") && sqlx_expect(x, "BY"))
            h->scope = "group by";
        else
            sqlx_fail(x, x->i, NULL);
    }
    if (!sqlx_expect_op(x, "("))
        return;
    size_t icap = 0;
    while (!x->failed && !sqlx_op(x, ")")) {
        const struct sql_token *n = sqlx_peek(x, 0);
        if (n->kind != SQL_TOK_WORD && n->kind != SQL_TOK_QIDENT) {
            sqlx_fail(x, x->i, NULL);
            return;
        }
        struct sv *slot = sqlx_push(x, (void **)&h->indexes, &h->nindexes, &icap, sizeof *slot);
        if (!slot)
            return;
        *slot = sqlx_ident(x, sv_make(n->p, n->len));
        x->i++;
        if (!sqlx_accept_op(x, ","))
            break;
    }
    sqlx_expect_op(x, ")");
}

static bool at_hint(const struct sqlx *x, uint32_t k)
{
    return (sqlx_is_at(x, k, "USE") || sqlx_is_at(x, k, "IGNORE") || sqlx_is_at(x, k, "FORCE")) &&
           (sqlx_is_at(x, k + 1, "INDEX") || sqlx_is_at(x, k + 1, "KEY"));
}

static void parse_alias(struct sqlx *x, struct sql_table_ref *t)
{
    bool as = sqlx_accept(x, "AS");
    const struct sql_token *a = sqlx_peek(x, 0);
    if (sqlx_is_ident(a) && !at_hint(x, 0) && !sqlx_is(x, "LATERAL")) {
        t->alias = sqlx_ident(x, sv_make(a->p, a->len));
        x->i++;
    } else if (as) {
        sqlx_fail(x, x->i, NULL);
    }
}

static void set_db_and_schema(struct sqlx *x, struct sql_table_ref *t, bool qualified)
{
    const struct sql_analyze_opts *o = x->o;
    if (qualified) {
        t->db_from = SQL_DB_QUALIFIER;
    } else if (o->default_db && o->default_db[0]) {
        t->db = sv_cstr(o->default_db);
        t->db_from = SQL_DB_DEFAULT;
    }
    if (o->schema && !x->o->from_fingerprint)
        t->schema = schema_find_table(o->schema, qualified ? t->db.p : NULL,
                                      qualified ? t->db.n : 0, t->name.p, t->name.n,
                                      o->default_db);
}

int sqlx_parse_single_table(struct sqlx *x, int block, bool allow_alias)
{
    const struct sql_token *n = sqlx_peek(x, 0);
    if (!sqlx_is_ident(n)) {
        sqlx_fail(x, x->i, NULL);
        return SQL_NO_REF;
    }
    struct sql_table_ref *t = new_ref(x, block, SQL_JOIN_FROM);
    if (!t)
        return SQL_NO_REF;
    x->i++;
    struct sv first = sqlx_glue_name(x, sv_make(n->p, n->len)), second = SV_NULL;
    bool qualified = sqlx_op(x, ".") && sqlx_is_ident(sqlx_peek(x, 1));
    if (qualified) {
        const struct sql_token *m = sqlx_peek(x, 1);
        x->i += 2;
        second = sqlx_glue_name(x, sv_make(m->p, m->len));
        t->db = sqlx_ident(x, first);
        t->name = sqlx_ident(x, second);
    } else {
        t->name = sqlx_ident(x, first);
    }
    const struct sqlx_cte *cte = qualified ? NULL : find_cte(x, t->name);
    if (cte) {
        t->derived = true;
        t->derived_block = cte->block;
    } else {
        set_db_and_schema(x, t, qualified);
    }
    if (sqlx_accept(x, "PARTITION"))
        sqlx_skip_group(x);
    int ref = t->ref;
    if (allow_alias)
        parse_alias(x, t);
    while (!x->failed && at_hint(x, 0)) {
        parse_hint(x, &x->an->tables[ref]);
        if (sqlx_op(x, ",") && at_hint(x, 1))
            x->i++;
    }
    return ref;
}

static int parse_derived(struct sqlx *x, int block, enum sql_join_kind join)
{
    /* The reference is numbered where it starts, before the tables inside it. */
    struct sql_table_ref *t = new_ref(x, block, join);
    if (!t)
        return SQL_NO_REF;
    int ref = t->ref;
    t->derived = true;
    x->cur_block = block;
    int b = sqlx_parse_subquery(x, SQL_CTX_FROM);
    t = &x->an->tables[ref];
    t->derived_block = b;
    if (!x->failed) {
        parse_alias(x, t);
        if (sqlx_op(x, "(")) /* derived column list */
            sqlx_skip_group(x);
    }
    return ref;
}

static void parse_table_factor(struct sqlx *x, int block, enum sql_join_kind join)
{
    if (++x->depth > SQLX_MAX_DEPTH) {
        sqlx_fail(x, x->i, "nesting too deep");
        return;
    }
    if (sqlx_is(x, "LATERAL") || sqlx_at_subquery(x)) {
        bool lateral = sqlx_accept(x, "LATERAL");
        int ref = parse_derived(x, block, join);
        int b = ref >= 0 ? x->an->tables[ref].derived_block : SQL_NO_REF;
        if (b >= 0)
            x->bs[b].lateral = lateral;
    } else if (sqlx_op(x, "(")) {
        x->i++;
        size_t first = x->an->ntables;
        sqlx_parse_table_refs(x, block);
        if (first < x->an->ntables)
            x->an->tables[first].join = join;
        sqlx_expect_op(x, ")");
    } else if (sqlx_is(x, "JSON_TABLE") && sqlx_tok_op(sqlx_peek(x, 1), "(")) {
        struct sql_table_ref *t = new_ref(x, block, join);
        x->i++;
        sqlx_skip_group(x);
        if (t) {
            t->derived = true;
            t->name = sv_make("JSON_TABLE", 10);
            parse_alias(x, t);
        }
    } else {
        int ref = sqlx_parse_single_table(x, block, true);
        if (ref >= 0)
            x->an->tables[ref].join = join;
    }
    x->depth--;
}

/* Reads a join operator at the cursor; false when there is none. */
static bool join_op(struct sqlx *x, enum sql_join_kind *kind)
{
    if (sqlx_accept(x, "JOIN") || (sqlx_is(x, "INNER") && sqlx_is_at(x, 1, "JOIN"))) {
        sqlx_accept(x, "INNER");
        sqlx_accept(x, "JOIN");
        *kind = SQL_JOIN_INNER;
    } else if (sqlx_is(x, "CROSS") && sqlx_is_at(x, 1, "JOIN")) {
        *kind = SQL_JOIN_CROSS;
        x->i += 2;
    } else if (sqlx_accept(x, "STRAIGHT_JOIN")) {
        *kind = SQL_JOIN_STRAIGHT;
    } else if (sqlx_is(x, "LEFT") || sqlx_is(x, "RIGHT")) {
        *kind = sqlx_is(x, "LEFT") ? SQL_JOIN_LEFT : SQL_JOIN_RIGHT;
        x->i++;
        sqlx_accept(x, "OUTER");
        sqlx_expect(x, "JOIN");
    } else if (sqlx_accept(x, "NATURAL")) {
        *kind = SQL_JOIN_NATURAL;
        if (!sqlx_accept(x, "INNER") && (sqlx_accept(x, "LEFT") || sqlx_accept(x, "RIGHT")))
            sqlx_accept(x, "OUTER");
        sqlx_expect(x, "JOIN");
    } else {
        return false;
    }
    return !x->failed;
}

static void parse_using(struct sqlx *x, int block, int ref)
{
    if (!sqlx_expect_op(x, "("))
        return;
    do {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (!sqlx_is_ident(t)) {
            sqlx_fail(x, x->i, NULL);
            return;
        }
        struct sqlx_node *n = sqlx_parse_expr(x);
        if (!n)
            return;
        struct sqlx_clause *c = sqlx_add_clause(x, block, SQLX_C_USING, n);
        if (c)
            c->ref = ref;
    } while (!x->failed && sqlx_accept_op(x, ","));
    sqlx_expect_op(x, ")");
}

static void parse_join_chain(struct sqlx *x, int block, enum sql_join_kind first_kind)
{
    parse_table_factor(x, block, first_kind);
    enum sql_join_kind kind;
    while (!x->failed && join_op(x, &kind)) {
        size_t before = x->an->ntables;
        parse_table_factor(x, block, kind);
        if (x->failed || before >= x->an->ntables)
            return;
        int ref = (int)before;
        if (kind == SQL_JOIN_NATURAL) {
            struct sqlx_clause *c = sqlx_add_clause(x, block, SQLX_C_USING, NULL);
            if (c)
                c->ref = ref;
        } else if (sqlx_accept(x, "ON")) {
            x->cur_block = block;
            x->sub_ctx = SQL_CTX_WHERE;
            struct sqlx_clause *c = sqlx_add_clause(x, block, SQLX_C_ON, sqlx_parse_expr(x));
            if (c)
                c->ref = ref;
        } else if (sqlx_accept(x, "USING")) {
            parse_using(x, block, ref);
        }
    }
}

void sqlx_parse_table_refs(struct sqlx *x, int block)
{
    parse_join_chain(x, block, SQL_JOIN_FROM);
    while (!x->failed && sqlx_accept_op(x, ","))
        parse_join_chain(x, block, SQL_JOIN_COMMA);
}
