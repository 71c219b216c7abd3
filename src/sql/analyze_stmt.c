/* Statement forms for the analyzer: SELECT query expressions (WITH, UNION, parenthesised terms,
 * ORDER BY, LIMIT, locking, INTO), INSERT/REPLACE (VALUES, SET, … SELECT, ON DUPLICATE KEY
 * UPDATE), UPDATE and DELETE (single and multi-table). They build blocks and clause lists; the
 * FROM clause is analyze_from.c's, expressions analyze_expr.c's. */
#include <string.h>

#include "sql/analyze_int.h"

static void set_ctx(struct sqlx *x, int block, enum sql_block_ctx ctx)
{
    x->cur_block = block;
    x->sub_ctx = ctx;
}

static struct sql_block *blk(struct sqlx *x, int b) { return &x->an->blocks[b]; }

static void parse_with(struct sqlx *x, int scope)
{
    sqlx_accept(x, "WITH");
    sqlx_accept(x, "RECURSIVE");
    do {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (!sqlx_is_ident(t)) {
            sqlx_fail(x, x->i, NULL);
            return;
        }
        struct sqlx_cte *c = sqlx_alloc(x, sizeof *c);
        if (!c)
            return;
        c->name = sqlx_ident(x, sv_make(t->p, t->len));
        c->block = SQL_NO_REF;
        c->scope_block = scope;
        c->next = x->ctes;
        x->ctes = c; /* visible in its own body: a recursive CTE refers to itself */
        x->i++;
        bool collist = false;
        if (sqlx_accept_op(x, "(")) {
            collist = true;
            while (!x->failed && !sqlx_op(x, ")") && sqlx_peek(x, 0)->kind != SQL_TOK_EOF)
                x->i++;
            sqlx_expect_op(x, ")");
        }
        if (!sqlx_expect(x, "AS") || !sqlx_at_subquery(x)) {
            sqlx_fail(x, x->i, NULL);
            return;
        }
        set_ctx(x, scope, SQL_CTX_CTE);
        c->block = sqlx_parse_subquery(x, SQL_CTX_CTE);
        if (c->block >= 0)
            x->bs[c->block].names_unknown = collist;
    } while (!x->failed && sqlx_accept_op(x, ","));
}

static void parse_select_item(struct sqlx *x, int b)
{
    const struct sql_token *t = sqlx_peek(x, 0);
    bool star = sqlx_tok_op(t, "*") ||
                (sqlx_is_ident(t) && sqlx_tok_op(sqlx_peek(x, 1), ".") &&
                 (sqlx_tok_op(sqlx_peek(x, 2), "*") ||
                  (sqlx_tok_op(sqlx_peek(x, 3), ".") && sqlx_tok_op(sqlx_peek(x, 4), "*"))));
    set_ctx(x, b, SQL_CTX_SELECT);
    struct sqlx_node *e = sqlx_parse_expr(x);
    if (!e)
        return;
    if (star) {
        blk(x, b)->star = true;
        sqlx_add_clause(x, b, SQLX_C_SELECT, e);
        return;
    }
    struct sqlx_clause *c = sqlx_add_clause(x, b, SQLX_C_SELECT, e);
    if (!c)
        return;
    bool as = sqlx_accept(x, "AS");
    t = sqlx_peek(x, 0);
    if (sqlx_is_ident(t) || t->kind == SQL_TOK_STRING) {
        c->alias = sv_make(t->p, t->len);
        x->i++;
    } else if (as) {
        sqlx_fail(x, x->i, NULL);
    }
}

/* INTO @a, @b / INTO OUTFILE 'f' … / INTO DUMPFILE 'f': nothing an index cares about. */
static void parse_into(struct sqlx *x)
{
    if (sqlx_accept(x, "OUTFILE") || sqlx_accept(x, "DUMPFILE")) {
        while (!x->failed && sqlx_peek(x, 0)->kind != SQL_TOK_EOF && !sqlx_op(x, ")") &&
               !sqlx_is(x, "FROM") && !sqlx_is(x, "WHERE") && !sqlx_is(x, "FOR") &&
               !sqlx_is(x, "LOCK") && !sqlx_is(x, "UNION") && !sqlx_is(x, "GROUP") &&
               !sqlx_is(x, "ORDER") && !sqlx_is(x, "LIMIT") && !sqlx_is(x, "HAVING"))
            x->i++;
        return;
    }
    do {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (t->kind != SQL_TOK_VAR && !sqlx_is_ident(t)) {
            sqlx_fail(x, x->i, NULL);
            return;
        }
        x->i++;
    } while (sqlx_accept_op(x, ","));
}

static void parse_group_by(struct sqlx *x, int b)
{
    blk(x, b)->has_group = true;
    set_ctx(x, b, SQL_CTX_SELECT);
    do {
        struct sqlx_node *e = sqlx_parse_expr(x);
        if (!e)
            return;
        struct sqlx_clause *c = sqlx_add_clause(x, b, SQLX_C_GROUP, e);
        if (sqlx_accept(x, "DESC") && c)
            c->desc = true;
        else
            sqlx_accept(x, "ASC");
    } while (!x->failed && sqlx_accept_op(x, ","));
    if (sqlx_is(x, "WITH") && sqlx_is_at(x, 1, "ROLLUP")) {
        x->i += 2;
        blk(x, b)->with_rollup = true;
    }
}

static void parse_select(struct sqlx *x, int b)
{
    sqlx_expect(x, "SELECT");
    for (;;) {
        if (sqlx_accept(x, "DISTINCT") || sqlx_accept(x, "DISTINCTROW"))
            blk(x, b)->distinct = true;
        else if (!sqlx_accept(x, "ALL") && !sqlx_accept(x, "HIGH_PRIORITY") &&
                 !sqlx_accept(x, "STRAIGHT_JOIN") && !sqlx_accept(x, "SQL_SMALL_RESULT") &&
                 !sqlx_accept(x, "SQL_BIG_RESULT") && !sqlx_accept(x, "SQL_BUFFER_RESULT") &&
                 !sqlx_accept(x, "SQL_NO_CACHE") && !sqlx_accept(x, "SQL_CACHE") &&
                 !sqlx_accept(x, "SQL_CALC_FOUND_ROWS"))
            break;
    }
    do
        parse_select_item(x, b);
    while (!x->failed && sqlx_accept_op(x, ","));
    if (!x->failed && sqlx_accept(x, "INTO"))
        parse_into(x);
    if (!x->failed && sqlx_accept(x, "FROM") && !sqlx_accept(x, "DUAL"))
        sqlx_parse_table_refs(x, b);
    if (!x->failed && sqlx_accept(x, "WHERE")) {
        blk(x, b)->where = true;
        set_ctx(x, b, SQL_CTX_WHERE);
        sqlx_add_clause(x, b, SQLX_C_WHERE, sqlx_parse_expr(x));
    }
    if (!x->failed && sqlx_is(x, "GROUP") && sqlx_is_at(x, 1, "BY")) {
        x->i += 2;
        parse_group_by(x, b);
    }
    if (!x->failed && sqlx_accept(x, "HAVING")) {
        set_ctx(x, b, SQL_CTX_HAVING);
        sqlx_add_clause(x, b, SQLX_C_HAVING, sqlx_parse_expr(x));
    }
    while (!x->failed && sqlx_accept(x, "WINDOW")) {
        x->i++; /* window name */
        sqlx_expect(x, "AS");
        sqlx_skip_group(x);
        sqlx_accept_op(x, ",");
    }
}

static void parse_query_term(struct sqlx *x, int b)
{
    if (sqlx_op(x, "(")) {
        if (++x->depth > SQLX_MAX_DEPTH) {
            sqlx_fail(x, x->i, "nesting too deep");
            return;
        }
        x->i++;
        sqlx_parse_query(x, b);
        sqlx_expect_op(x, ")");
        x->depth--;
    } else if (sqlx_is(x, "SELECT")) {
        parse_select(x, b);
    } else {
        sqlx_fail(x, x->i, NULL);
    }
}

static uint64_t number_value(const struct sql_token *t, bool *ok)
{
    uint64_t v = 0;
    *ok = t->len > 0;
    for (uint32_t k = 0; k < t->len; k++) {
        unsigned char c = (unsigned char)t->p[k];
        if (c < '0' || c > '9' || v > (UINT64_MAX - 9) / 10) {
            *ok = false;
            return 0;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

static bool limit_value(struct sqlx *x, enum sql_limit_kind *kind, uint64_t *v)
{
    const struct sql_token *t = sqlx_peek(x, 0);
    bool ok = false;
    if (t->kind == SQL_TOK_PARAM || t->kind == SQL_TOK_VAR || sqlx_is_ident(t)) {
        *kind = SQL_LIMIT_PARAM; /* a placeholder, or a routine's variable */
        ok = true;
    } else if (t->kind == SQL_TOK_NUMBER) {
        *v = number_value(t, &ok);
        *kind = SQL_LIMIT_NUMBER;
    }
    if (!ok) {
        sqlx_fail(x, x->i, NULL);
        return false;
    }
    x->i++;
    return true;
}

void sqlx_parse_limit(struct sqlx *x, int b)
{
    struct sql_block *bl = blk(x, b);
    enum sql_limit_kind k1 = SQL_LIMIT_NONE, k2;
    uint64_t v1 = 0, v2 = 0;
    if (!limit_value(x, &k1, &v1))
        return;
    bl->limit_kind = k1;
    bl->limit = v1;
    bl->offset_kind = SQL_LIMIT_NONE;
    bl->offset = 0;
    if (sqlx_accept_op(x, ",")) {
        if (!limit_value(x, &k2, &v2))
            return;
        bl->offset_kind = k1; /* LIMIT offset, count */
        bl->offset = v1;
        bl->limit_kind = k2;
        bl->limit = v2;
    } else if (sqlx_accept(x, "OFFSET")) {
        if (!limit_value(x, &k2, &v2))
            return;
        bl->offset_kind = k2;
        bl->offset = v2;
    }
}

void sqlx_parse_order_list(struct sqlx *x, int b, enum sqlx_clause_kind kind)
{
    blk(x, b)->has_order = true;
    set_ctx(x, b, SQL_CTX_SELECT);
    do {
        struct sqlx_node *e = sqlx_parse_expr(x);
        if (!e)
            return;
        struct sqlx_clause *c = sqlx_add_clause(x, b, kind, e);
        if (sqlx_accept(x, "DESC")) {
            if (c)
                c->desc = true;
        } else {
            sqlx_accept(x, "ASC");
        }
    } while (!x->failed && sqlx_accept_op(x, ","));
}

static void parse_locking(struct sqlx *x, int b)
{
    if (sqlx_accept(x, "LOCK")) {
        if (sqlx_expect(x, "IN") && sqlx_expect(x, "SHARE") && sqlx_expect(x, "MODE"))
            blk(x, b)->lock_in_share_mode = true;
        return;
    }
    sqlx_accept(x, "FOR");
    if (sqlx_accept(x, "UPDATE"))
        blk(x, b)->for_update = true;
    else if (sqlx_accept(x, "SHARE"))
        blk(x, b)->lock_in_share_mode = true;
    else {
        sqlx_fail(x, x->i, NULL);
        return;
    }
    if (sqlx_accept(x, "OF")) {
        do
            x->i++;
        while (sqlx_accept_op(x, ","));
    }
    if (!sqlx_accept(x, "NOWAIT") && sqlx_accept(x, "SKIP"))
        sqlx_expect(x, "LOCKED");
    if (sqlx_accept(x, "WAIT")) /* MariaDB: FOR UPDATE WAIT n */
        x->i++;
}

/* The trailing clauses of a query expression, in any order MySQL and MariaDB accept. */
static void parse_query_tail(struct sqlx *x, int b)
{
    for (;;) {
        if (x->failed)
            return;
        if (sqlx_is(x, "ORDER") && sqlx_is_at(x, 1, "BY")) {
            x->i += 2;
            sqlx_parse_order_list(x, b, SQLX_C_ORDER);
        } else if (sqlx_accept(x, "LIMIT")) {
            sqlx_parse_limit(x, b);
        } else if (sqlx_is(x, "FOR") || (sqlx_is(x, "LOCK") && sqlx_is_at(x, 1, "IN"))) {
            parse_locking(x, b);
        } else if (sqlx_accept(x, "INTO")) {
            parse_into(x);
        } else {
            return;
        }
    }
}

void sqlx_parse_query(struct sqlx *x, int b)
{
    if (sqlx_is(x, "WITH"))
        parse_with(x, b);
    if (x->failed)
        return;
    parse_query_term(x, b);
    bool unioned = false;
    while (!x->failed &&
           (sqlx_is(x, "UNION") || sqlx_is(x, "EXCEPT") || sqlx_is(x, "INTERSECT"))) {
        x->i++;
        bool all = sqlx_accept(x, "ALL");
        if (!all)
            sqlx_accept(x, "DISTINCT");
        int nb = sqlx_new_block(x, b, SQL_CTX_UNION);
        if (nb < 0)
            return;
        blk(x, nb)->union_all = all;
        parse_query_term(x, nb);
        unioned = true;
    }
    struct sqlx_clause *before = x->bs[b].last;
    parse_query_tail(x, b);
    if (unioned)
        for (struct sqlx_clause *c = before ? before->next : x->bs[b].first; c; c = c->next)
            c->union_order = c->kind == SQLX_C_ORDER;
}

/* col = expr, … (UPDATE SET, INSERT SET, ON DUPLICATE KEY UPDATE). */
static void parse_assignments(struct sqlx *x, int b)
{
    do {
        set_ctx(x, b, SQL_CTX_SET);
        const struct sql_token *t = sqlx_peek(x, 0);
        if (!sqlx_is_ident(t)) {
            sqlx_fail(x, x->i, NULL);
            return;
        }
        struct sqlx_node *lhs = sqlx_parse_expr(x); /* stops at = : comparisons are below */
        if (!lhs)
            return;
        if (lhs->kind == SQLX_N_CMP && lhs->kid && lhs->kid->kind == SQLX_N_COLUMN &&
            strcmp(lhs->op, "=") == 0) {
            sqlx_add_clause(x, b, SQLX_C_SET_LHS, lhs->kid);
            sqlx_add_clause(x, b, SQLX_C_VALUE, lhs->kid->next);
        } else {
            sqlx_fail(x, lhs->t0, NULL);
            return;
        }
    } while (!x->failed && sqlx_accept_op(x, ","));
}

static void parse_insert_columns(struct sqlx *x)
{
    x->i++; /* ( */
    if (sqlx_accept_op(x, ")"))
        return;
    do {
        struct sqlx_node *c = sqlx_parse_expr(x);
        if (!c)
            return;
        if (c->kind != SQLX_N_COLUMN) {
            sqlx_fail(x, c->t0, NULL);
            return;
        }
        sqlx_add_clause(x, 0, SQLX_C_INSERT_COL, c);
    } while (!x->failed && sqlx_accept_op(x, ","));
    sqlx_expect_op(x, ")");
}

static void parse_values(struct sqlx *x)
{
    set_ctx(x, 0, SQL_CTX_VALUES);
    do {
        sqlx_accept(x, "ROW");
        if (!sqlx_expect_op(x, "("))
            return;
        if (sqlx_accept_op(x, ")"))
            continue;
        do {
            set_ctx(x, 0, SQL_CTX_VALUES);
            struct sqlx_node *e = sqlx_parse_expr(x);
            if (!e)
                return;
            sqlx_add_clause(x, 0, SQLX_C_VALUE, e);
        } while (!x->failed && sqlx_accept_op(x, ","));
        sqlx_expect_op(x, ")");
    } while (!x->failed && sqlx_accept_op(x, ","));
}

static void parse_insert(struct sqlx *x)
{
    x->an->kind = sqlx_is(x, "REPLACE") ? SQL_STMT_REPLACE : SQL_STMT_INSERT;
    x->i++;
    while (sqlx_accept(x, "LOW_PRIORITY") || sqlx_accept(x, "DELAYED") ||
           sqlx_accept(x, "HIGH_PRIORITY") || sqlx_accept(x, "IGNORE"))
        ;
    sqlx_accept(x, "INTO");
    int ref = sqlx_parse_single_table(x, 0, false);
    if (ref < 0)
        return;
    x->an->tables[ref].write = true;
    bool cols = false;
    if (sqlx_op(x, "(") && !sqlx_at_subquery(x)) {
        cols = true;
        parse_insert_columns(x);
    }
    if (x->failed)
        return;
    if (sqlx_accept(x, "VALUES") || sqlx_accept(x, "VALUE")) {
        blk(x, 0)->no_column_list = !cols;
        parse_values(x);
    } else if (sqlx_accept(x, "SET")) {
        parse_assignments(x, 0);
    } else if (sqlx_is(x, "SELECT") || sqlx_is(x, "WITH") || sqlx_op(x, "(")) {
        blk(x, 0)->no_column_list = !cols;
        int nb = sqlx_new_block(x, 0, SQL_CTX_VALUES);
        if (nb >= 0)
            sqlx_parse_query(x, nb);
    } else {
        sqlx_fail(x, x->i, NULL);
    }
    if (!x->failed && sqlx_accept(x, "AS")) { /* row alias (MySQL 8.0.19) */
        x->i++;
        if (sqlx_op(x, "("))
            sqlx_skip_group(x);
    }
    if (!x->failed && sqlx_accept(x, "ON")) {
        if (sqlx_expect(x, "DUPLICATE") && sqlx_expect(x, "KEY") && sqlx_expect(x, "UPDATE")) {
            blk(x, 0)->on_duplicate = true;
            parse_assignments(x, 0);
        }
    }
}

static void parse_update(struct sqlx *x)
{
    x->an->kind = SQL_STMT_UPDATE;
    x->i++;
    while (sqlx_accept(x, "LOW_PRIORITY") || sqlx_accept(x, "IGNORE"))
        ;
    sqlx_parse_table_refs(x, 0);
    if (x->failed || !sqlx_expect(x, "SET"))
        return;
    parse_assignments(x, 0);
    if (!x->failed && sqlx_accept(x, "WHERE")) {
        blk(x, 0)->where = true;
        set_ctx(x, 0, SQL_CTX_WHERE);
        sqlx_add_clause(x, 0, SQLX_C_WHERE, sqlx_parse_expr(x));
    }
    parse_query_tail(x, 0);
}

/* DELETE targets (`t1, db.t2.*`): their labels, to mark the references they name as written. */
static size_t parse_delete_targets(struct sqlx *x, struct sv *labels, size_t max)
{
    size_t n = 0;
    do {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (!sqlx_is_ident(t))
            return n;
        struct sv label = sv_make(t->p, t->len);
        x->i++;
        if (sqlx_op(x, ".") && sqlx_is_ident(sqlx_peek(x, 1))) {
            label = sv_make(sqlx_peek(x, 1)->p, sqlx_peek(x, 1)->len);
            x->i += 2;
        }
        if (sqlx_op(x, ".") && sqlx_tok_op(sqlx_peek(x, 1), "*"))
            x->i += 2;
        if (n < max)
            labels[n++] = sqlx_ident(x, label);
    } while (sqlx_accept_op(x, ","));
    return n;
}

static void mark_delete_targets(struct sqlx *x, const struct sv *labels, size_t n)
{
    for (size_t k = 0; k < n; k++)
        for (size_t r = 0; r < x->an->ntables; r++) {
            struct sql_table_ref *t = &x->an->tables[r];
            if (t->block == 0 && sqlx_name_eq(x, sqlx_ref_label(t), labels[k]))
                t->write = true;
        }
}

static void parse_delete(struct sqlx *x)
{
    x->an->kind = SQL_STMT_DELETE;
    x->i++;
    while (sqlx_accept(x, "LOW_PRIORITY") || sqlx_accept(x, "QUICK") || sqlx_accept(x, "IGNORE"))
        ;
    struct sv labels[64];
    size_t n;
    if (sqlx_accept(x, "FROM")) {
        uint32_t save = x->i;
        n = parse_delete_targets(x, labels, 64);
        if (sqlx_accept(x, "USING")) {
            sqlx_parse_table_refs(x, 0);
            mark_delete_targets(x, labels, n);
        } else {
            x->i = save;
            int ref = sqlx_parse_single_table(x, 0, true);
            if (ref >= 0)
                x->an->tables[ref].write = true;
        }
    } else {
        n = parse_delete_targets(x, labels, 64);
        if (!sqlx_expect(x, "FROM"))
            return;
        sqlx_parse_table_refs(x, 0);
        mark_delete_targets(x, labels, n);
    }
    if (!x->failed && sqlx_accept(x, "WHERE")) {
        blk(x, 0)->where = true;
        set_ctx(x, 0, SQL_CTX_WHERE);
        sqlx_add_clause(x, 0, SQLX_C_WHERE, sqlx_parse_expr(x));
    }
    parse_query_tail(x, 0);
}

void sqlx_parse_statement(struct sqlx *x)
{
    const struct sql_token *t = sqlx_peek(x, 0);
    x->an->kind = SQL_STMT_OTHER;
    bool select = sqlx_tok_is(t, "SELECT") || sqlx_tok_op(t, "(") || sqlx_tok_is(t, "WITH");
    if (!select && !sqlx_tok_is(t, "INSERT") && !sqlx_tok_is(t, "REPLACE") &&
        !sqlx_tok_is(t, "UPDATE") && !sqlx_tok_is(t, "DELETE")) {
        sqlx_fail(x, 0, t->kind == SQL_TOK_EOF ? "empty statement"
                                               : "not a SELECT, INSERT, REPLACE, UPDATE or DELETE");
        return;
    }
    if (sqlx_new_block(x, SQL_NO_REF, SQL_CTX_TOP) < 0)
        return;
    if (sqlx_tok_is(t, "WITH")) {
        parse_with(x, 0); /* WITH … SELECT / UPDATE / DELETE */
        t = sqlx_peek(x, 0);
    }
    x->an->kind = SQL_STMT_SELECT;
    if (x->failed)
        return;
    if (sqlx_tok_is(t, "INSERT") || sqlx_tok_is(t, "REPLACE"))
        parse_insert(x);
    else if (sqlx_tok_is(t, "UPDATE"))
        parse_update(x);
    else if (sqlx_tok_is(t, "DELETE"))
        parse_delete(x);
    else
        sqlx_parse_query(x, 0);
    if (!x->failed && sqlx_peek(x, 0)->kind != SQL_TOK_EOF)
        sqlx_fail(x, x->i, NULL);
}
