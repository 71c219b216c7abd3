/* The facts pass of the analyzer: walks each block's resolved clauses for predicates (eq, range,
 * join; normalised so the column is on the left), GROUP BY / ORDER BY items, the columns read,
 * unresolved names, written tables, and the block flags (COUNT(*), ORDER BY RAND(), cartesian
 * joins). What defeats an index is analyze_defeat.c's; this file finds where to look. */
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"
#include "sql/analyze_int.h"

static struct sql_analysis *AN(struct sqlx *x) { return x->an; }

static bool plain_column(const struct sqlx_node *n) { return n && n->kind == SQLX_N_COLUMN; }

enum sql_value_kind sqlx_value_kind(const struct sqlx_node *n)
{
    switch (n ? n->kind : SQLX_N_OTHER) {
    case SQLX_N_CONST:
        return SQL_VAL_CONST;
    case SQLX_N_PARAM:
        return SQL_VAL_PARAM;
    case SQLX_N_NULL:
        return SQL_VAL_NULL;
    case SQLX_N_COLUMN:
        return SQL_VAL_COLUMN;
    case SQLX_N_SUBQUERY:
        return SQL_VAL_SUBQUERY;
    default:
        return SQL_VAL_EXPR;
    }
}

const struct sqlx_node *sqlx_first_column(const struct sqlx_node *n)
{
    if (n->kind == SQLX_N_COLUMN && !n->alias)
        return n;
    for (const struct sqlx_node *k = n->kid; k; k = k->next) {
        const struct sqlx_node *c = sqlx_first_column(k);
        if (c)
            return c;
    }
    return NULL;
}

void sqlx_add_defeat(struct sqlx *x, enum sql_defeat_kind kind, const struct sqlx_node *col,
                     uint32_t pos, const char *detail)
{
    struct sql_analysis *an = AN(x);
    struct sql_defeat *d = sqlx_push(x, (void **)&an->defeats, &an->ndefeats, &x->cap_defeats,
                                     sizeof *d);
    if (!d)
        return;
    d->kind = kind;
    d->table = col->table;
    d->column = sqlx_ident(x, col->name);
    d->pos = pos;
    d->detail = detail;
}

static void add_pred(struct sqlx *x, int block, enum sql_pred_kind kind, const char *op,
                     const struct sqlx_node *col, enum sql_value_kind value,
                     const struct sqlx_node *other)
{
    if (col->table < 0)
        return; /* an unresolved column is listed as such, never attached to a guess */
    struct sql_analysis *an = AN(x);
    struct sql_predicate *p = sqlx_push(x, (void **)&an->preds, &an->npreds, &x->cap_preds,
                                        sizeof *p);
    if (!p)
        return;
    p->block = block;
    p->kind = kind;
    p->op = op;
    p->table = col->table;
    p->column = sqlx_ident(x, col->name);
    p->pos = col->pos;
    p->value = value;
    p->other_table = SQL_NO_REF;
    if (other) {
        p->other_table = other->table;
        p->other_column = sqlx_ident(x, other->name);
    }
}

static const char *flip(const char *op)
{
    if (strcmp(op, "<") == 0)
        return ">";
    if (strcmp(op, ">") == 0)
        return "<";
    if (strcmp(op, "<=") == 0)
        return ">=";
    if (strcmp(op, ">=") == 0)
        return "<=";
    return op;
}

static void cmp_pred(struct sqlx *x, int block, const struct sqlx_node *n, bool negated)
{
    const struct sqlx_node *l = n->kid, *r = l ? l->next : NULL;
    const char *op = n->op;
    if (!l || !r)
        return;
    if (!plain_column(l) && plain_column(r)) {
        const struct sqlx_node *t = l;
        l = r;
        r = t;
        op = flip(op);
    }
    if (!plain_column(l)) {
        sqlx_check_side(x, l);
        sqlx_check_side(x, r);
        return;
    }
    sqlx_check_side(x, r);
    if (negated || strcmp(op, "!=") == 0 || strcmp(op, "<>") == 0) {
        sqlx_add_defeat(x, SQL_DEFEAT_NEGATION, l, l->pos, NULL);
        return;
    }
    bool eq = strcmp(op, "=") == 0 || strcmp(op, "<=>") == 0;
    if (plain_column(r) && l->table >= 0 && r->table >= 0 && l->table != r->table) {
        add_pred(x, block, SQL_PRED_JOIN, op, l, SQL_VAL_COLUMN, r);
    } else {
        add_pred(x, block, eq ? SQL_PRED_EQ : SQL_PRED_RANGE, op, l, sqlx_value_kind(r), NULL);
    }
    sqlx_check_conversion(x, l, r);
}

static enum sql_value_kind list_kind(const struct sqlx_node *first)
{
    enum sql_value_kind k = SQL_VAL_CONST;
    for (const struct sqlx_node *i = first; i; i = i->next) {
        enum sql_value_kind v = i->kind == SQLX_N_ROW ? list_kind(i->kid) : sqlx_value_kind(i);
        if (v == SQL_VAL_SUBQUERY || v == SQL_VAL_COLUMN || v == SQL_VAL_EXPR)
            return v;
        if (v == SQL_VAL_PARAM)
            k = SQL_VAL_PARAM;
    }
    return k;
}

static void in_one(struct sqlx *x, int block, const struct sqlx_node *n,
                   const struct sqlx_node *col, bool negated)
{
    const struct sqlx_node *list = n->kid->next;
    if (!plain_column(col)) {
        sqlx_check_side(x, col);
        return;
    }
    if (negated) {
        sqlx_add_defeat(x, SQL_DEFEAT_NOT_IN, col, col->pos, NULL);
        return;
    }
    add_pred(x, block, SQL_PRED_EQ, "in", col, list_kind(list), NULL);
    for (const struct sqlx_node *i = list; i; i = i->next)
        sqlx_check_conversion(x, col, i);
}

static void in_pred(struct sqlx *x, int block, const struct sqlx_node *n, bool negated)
{
    const struct sqlx_node *lhs = n->kid;
    if (!lhs)
        return;
    negated = negated != n->negated;
    if (lhs->kind == SQLX_N_ROW) {
        for (const struct sqlx_node *c = lhs->kid; c; c = c->next)
            in_one(x, block, n, c, negated);
    } else {
        in_one(x, block, n, lhs, negated);
    }
}

static bool leading_wildcard(struct sqlx *x, const struct sqlx_node *pat)
{
    if (pat->kind == SQLX_N_FUNC && strcmp(pat->op, "CONCAT") == 0 && pat->kid)
        return leading_wildcard(x, pat->kid);
    if (pat->kind != SQLX_N_CONST)
        return false;
    const struct sql_token *t = &x->tok[pat->t0];
    if (t->kind != SQL_TOK_STRING)
        return false;
    char first[2];
    size_t n = sql_string_value(t, x->o->sql_modes, first, sizeof first);
    return n > 0 && (first[0] == '%' || first[0] == '_');
}

static void like_pred(struct sqlx *x, int block, const struct sqlx_node *n, bool negated)
{
    const struct sqlx_node *l = n->kid, *pat = l ? l->next : NULL;
    if (!l || !pat)
        return;
    if (!plain_column(l)) {
        sqlx_check_side(x, l);
        return;
    }
    if (strcmp(n->op, "like") != 0)
        return;
    if (negated != n->negated) {
        sqlx_add_defeat(x, SQL_DEFEAT_NEGATION, l, l->pos, NULL);
        return;
    }
    if (leading_wildcard(x, pat))
        sqlx_add_defeat(x, SQL_DEFEAT_LEADING_WILDCARD, l, l->pos, NULL);
    else if (pat->kind == SQLX_N_CONST || pat->kind == SQLX_N_PARAM)
        add_pred(x, block, SQL_PRED_RANGE, "like", l, sqlx_value_kind(pat), NULL);
}

static void between_pred(struct sqlx *x, int block, const struct sqlx_node *n, bool negated)
{
    const struct sqlx_node *l = n->kid, *lo = l ? l->next : NULL;
    if (!l || !lo)
        return;
    if (!plain_column(l)) {
        sqlx_check_side(x, l);
        return;
    }
    if (negated != n->negated) {
        sqlx_add_defeat(x, SQL_DEFEAT_NEGATION, l, l->pos, NULL);
        return;
    }
    add_pred(x, block, SQL_PRED_RANGE, "between", l, sqlx_value_kind(lo), NULL);
    sqlx_check_conversion(x, l, lo);
}

static void is_pred(struct sqlx *x, int block, const struct sqlx_node *n, bool negated)
{
    const struct sqlx_node *l = n->kid;
    if (!l)
        return;
    if (!plain_column(l)) {
        sqlx_check_side(x, l);
        return;
    }
    if (strcmp(n->op, "null") == 0 && !n->negated && !negated)
        add_pred(x, block, SQL_PRED_EQ, "is null", l, SQL_VAL_NULL, NULL);
}

static void preds(struct sqlx *x, int block, const struct sqlx_node *n, bool negated, bool in_or)
{
    if (n->broken && n->kind != SQLX_N_OR && n->kind != SQLX_N_AND && n->kind != SQLX_N_XOR &&
        n->kind != SQLX_N_NOT)
        return; /* cut by the end of what was understood */
    switch (n->kind) {
    case SQLX_N_OR:
        if (!in_or && !negated && !n->broken)
            sqlx_check_or(x, n);
        for (const struct sqlx_node *k = n->kid; k; k = k->next)
            preds(x, block, k, negated, true);
        return;
    case SQLX_N_AND:
    case SQLX_N_XOR:
        for (const struct sqlx_node *k = n->kid; k; k = k->next)
            preds(x, block, k, negated, false);
        return;
    case SQLX_N_NOT:
        if (n->kid)
            preds(x, block, n->kid, !negated, false);
        return;
    case SQLX_N_CMP:
        cmp_pred(x, block, n, negated);
        return;
    case SQLX_N_IN:
        in_pred(x, block, n, negated);
        return;
    case SQLX_N_LIKE:
        like_pred(x, block, n, negated);
        return;
    case SQLX_N_BETWEEN:
        between_pred(x, block, n, negated);
        return;
    case SQLX_N_IS:
        is_pred(x, block, n, negated);
        return;
    default:
        return;
    }
}

/* Columns read and names left unresolved, in one tree (not into subqueries: their own blocks). */
static void walk_columns(struct sqlx *x, int block, const struct sqlx_node *n, bool pred)
{
    struct sql_analysis *an = AN(x);
    if (n->kind == SQLX_N_FUNC && n->op && strcmp(n->op, "VALUES") == 0)
        return; /* ON DUPLICATE KEY UPDATE … VALUES(c): the inserted value, not a read */
    if (n->kind == SQLX_N_COLUMN && !n->alias) {
        if (n->table >= 0) {
            struct sql_column_read *c = sqlx_push(x, (void **)&an->columns, &an->ncolumns,
                                                  &x->cap_cols, sizeof *c);
            if (c) {
                c->table = n->table;
                c->column = sqlx_ident(x, n->name);
                c->pos = n->pos;
            }
        } else {
            struct sql_unresolved *u = sqlx_push(x, (void **)&an->unresolved, &an->nunresolved,
                                                 &x->cap_unres, sizeof *u);
            if (u) {
                u->block = block;
                u->qualifier = sqlx_ident(x, n->qual);
                u->column = sqlx_ident(x, n->name);
                u->pos = n->pos;
            }
            if (pred)
                x->bs[block].has_unresolved_pred = true;
        }
    }
    for (const struct sqlx_node *k = n->kid; k; k = k->next)
        walk_columns(x, block, k, pred);
}

static bool has_count_star(const struct sqlx_node *n)
{
    if (n->kind == SQLX_N_FUNC && n->op && strcmp(n->op, "COUNT") == 0 && n->kid &&
        n->kid->kind == SQLX_N_STAR)
        return true;
    for (const struct sqlx_node *k = n->kid; k; k = k->next)
        if (has_count_star(k))
            return true;
    return false;
}

/* The select item an ORDER BY / GROUP BY item stands for: by alias, or by position (`ORDER BY 2`). */
static const struct sqlx_node *item_target(struct sqlx *x, int block, const struct sqlx_node *n)
{
    if (n->kind == SQLX_N_COLUMN && n->alias)
        return n->alias->expr;
    if (n->kind != SQLX_N_CONST || x->tok[n->t0].kind != SQL_TOK_NUMBER || n->t1 != n->t0 + 1)
        return n;
    const struct sql_token *t = &x->tok[n->t0];
    size_t k = 0;
    for (uint32_t j = 0; j < t->len; j++) {
        if (t->p[j] < '0' || t->p[j] > '9' || k > 100000)
            return n;
        k = k * 10 + (size_t)(t->p[j] - '0');
    }
    for (const struct sqlx_clause *c = x->bs[block].first; c; c = c->next)
        if (c->kind == SQLX_C_SELECT && --k == 0)
            return c->expr && c->expr->kind != SQLX_N_STAR ? c->expr : n;
    return n;
}

/* An expression item's name: the function it starts with (`LENGTH(s) + 1` is LENGTH), else expr. */
static const char *leading_function(const struct sqlx_node *n)
{
    while (n && (n->kind == SQLX_N_ARITH || n->kind == SQLX_N_UNARY) && n->kid)
        n = n->kid;
    return n && n->kind == SQLX_N_FUNC && n->op && n->op[0] ? n->op : "expr";
}

static void add_item(struct sqlx *x, int block, const struct sqlx_clause *c)
{
    struct sql_analysis *an = AN(x);
    bool order = c->kind == SQLX_C_ORDER;
    const struct sqlx_node *n = item_target(x, block, c->expr);
    if (c->expr->kind == SQLX_N_NULL || c->expr->broken)
        return; /* ORDER BY NULL: "do not sort" */
    struct sql_order_item *it =
        order ? sqlx_push(x, (void **)&an->order_by, &an->norder_by, &x->cap_order, sizeof *it)
              : sqlx_push(x, (void **)&an->group_by, &an->ngroup_by, &x->cap_group, sizeof *it);
    if (!it)
        return;
    it->block = block;
    it->desc = c->desc;
    it->pos = c->expr->pos;
    it->table = SQL_NO_REF;
    if (c->union_order) {
        it->expr = "expr"; /* a union's result is never read in an index's order */
    } else if (n->kind == SQLX_N_COLUMN && !n->alias) {
        it->table = n->table;
        it->column = sqlx_ident(x, n->name);
    } else {
        it->expr = leading_function(n);
        if (order && strcmp(it->expr, "RAND") == 0)
            an->blocks[block].order_rand = true;
    }
}

/* The nearest table before `ref` in the block (that has `col`, when the schema says). */
static int left_of(struct sqlx *x, int block, int ref, const struct sqlx_node *col)
{
    for (int r = ref - 1; r >= 0; r--) {
        const struct sql_table_ref *t = &AN(x)->tables[r];
        if (t->block != block)
            continue;
        struct sv name = col ? sqlx_ident(x, col->name) : SV_NULL;
        if (!col || !t->schema || schema_find_column(t->schema, name.p, name.n))
            return r;
    }
    return SQL_NO_REF;
}

static void join_on_column(struct sqlx *x, int block, int left, int right,
                           const struct sqlx_node *col)
{
    struct sqlx_node l = *col, r = *col;
    l.table = left;
    r.table = right;
    walk_columns(x, block, &l, true);
    walk_columns(x, block, &r, true);
    add_pred(x, block, SQL_PRED_JOIN, "=", &l, SQL_VAL_COLUMN, &r);
}

/* USING (c): left.c = right.c. NATURAL JOIN, given the schema: one per common column, in the
 * left table's order, at the joined table. */
static void using_join(struct sqlx *x, int block, const struct sqlx_clause *c)
{
    int left = left_of(x, block, c->ref, c->expr);
    if (left < 0)
        return;
    if (c->expr) {
        join_on_column(x, block, left, c->ref, c->expr);
        return;
    }
    const struct schema_table *lt = AN(x)->tables[left].schema;
    const struct schema_table *rt = AN(x)->tables[c->ref].schema;
    if (!lt || !rt)
        return;
    for (size_t k = 0; k < lt->ncolumns; k++) {
        const char *name = lt->columns[k].name;
        if (!name || !schema_find_column(rt, name, strlen(name)))
            continue;
        struct sqlx_node col = {.kind = SQLX_N_COLUMN, .name = sv_cstr(name),
                                .pos = AN(x)->tables[c->ref].pos};
        join_on_column(x, block, left, c->ref, &col);
    }
}

static void clause_facts(struct sqlx *x, int b, const struct sqlx_clause *c)
{
    struct sql_analysis *an = AN(x);
    if (c->kind == SQLX_C_USING) {
        using_join(x, b, c);
        return;
    }
    if (!c->expr)
        return;
    switch (c->kind) {
    case SQLX_C_SELECT:
        if (c->expr->kind == SQLX_N_STAR)
            return;
        if (has_count_star(c->expr))
            an->blocks[b].count_star = true;
        walk_columns(x, b, c->expr, false);
        return;
    case SQLX_C_WHERE:
    case SQLX_C_ON:
        walk_columns(x, b, c->expr, true);
        preds(x, b, c->expr, false, false);
        return;
    case SQLX_C_GROUP:
    case SQLX_C_ORDER:
        add_item(x, b, c);
        if (!c->union_order)
            walk_columns(x, b, c->expr, false);
        return;
    case SQLX_C_SET_LHS:
        if (c->expr->table >= 0)
            an->tables[c->expr->table].write = true;
        return;
    case SQLX_C_INSERT_COL:
        return;
    default:
        walk_columns(x, b, c->expr, false);
        return;
    }
}

static int uf_find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Joins the tables of block b that one condition term names: `l.seq <= 1 + o.id % 4` connects l
 * and o as much as `l.a = o.b` does (a nested loop can use it; only a term naming no two tables
 * leaves a product). *seen is the first table met in the term, -1 before any. */
static void connect_term(const struct sql_analysis *an, const struct sqlx_node *n, int b,
                         int *parent, int *seen)
{
    if (n->kind == SQLX_N_SUBQUERY)
        return;
    if (n->kind == SQLX_N_COLUMN && n->table >= 0 && an->tables[n->table].block == b) {
        if (*seen < 0)
            *seen = n->table;
        else
            parent[uf_find(parent, n->table)] = uf_find(parent, *seen);
    }
    for (const struct sqlx_node *k = n->kid; k; k = k->next)
        connect_term(an, k, b, parent, seen);
}

/* Each AND-term of a condition on its own: `a.x = 1 AND b.y = 2` connects nothing. */
static void connect_condition(const struct sql_analysis *an, const struct sqlx_node *n, int b,
                              int *parent)
{
    if (n->kind == SQLX_N_AND) {
        for (const struct sqlx_node *k = n->kid; k; k = k->next)
            connect_condition(an, k, b, parent);
        return;
    }
    int seen = -1;
    connect_term(an, n, b, parent, &seen);
}

/* Tables of a block that no join condition (ON, USING, NATURAL, WHERE) connects. */
static void cartesian(struct sqlx *x, int b)
{
    struct sql_analysis *an = AN(x);
    size_t n = an->ntables;
    int first = -1, count = 0;
    for (size_t r = 0; r < n; r++)
        if (an->tables[r].block == b) {
            first = first < 0 ? (int)r : first;
            count++;
        }
    if (count < 2 || x->bs[b].has_unresolved_pred)
        return;
    int *parent = sqlx_alloc(x, n * sizeof *parent);
    if (!parent)
        return;
    for (size_t r = 0; r < n; r++)
        parent[r] = (int)r;
    for (size_t k = 0; k < an->npreds; k++) {
        const struct sql_predicate *p = &an->preds[k];
        if (p->kind == SQL_PRED_JOIN && p->other_table >= 0 && an->tables[p->table].block == b &&
            an->tables[p->other_table].block == b)
            parent[uf_find(parent, p->table)] = uf_find(parent, p->other_table);
    }
    for (const struct sqlx_clause *c = x->bs[b].first; c; c = c->next) {
        if (c->kind == SQLX_C_USING && c->ref > first)
            parent[uf_find(parent, c->ref)] = uf_find(parent, first);
        if ((c->kind == SQLX_C_ON || c->kind == SQLX_C_WHERE) && c->expr)
            connect_condition(an, c->expr, b, parent);
    }
    int root = uf_find(parent, first);
    for (size_t r = 0; r < n; r++)
        if (an->tables[r].block == b && uf_find(parent, (int)r) != root)
            an->blocks[b].cartesian = true;
}

static int cmp_pred_pos(const void *a, const void *b)
{
    const struct sql_predicate *p = a, *q = b;
    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

static int cmp_col_pos(const void *a, const void *b)
{
    const struct sql_column_read *p = a, *q = b;
    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

static int cmp_unres_pos(const void *a, const void *b)
{
    const struct sql_unresolved *p = a, *q = b;
    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

static int cmp_defeat_pos(const void *a, const void *b)
{
    const struct sql_defeat *p = a, *q = b;
    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

/* A stable merge sort: facts at one position (a NATURAL JOIN's columns) keep the order they were
 * found in. Arrays are mostly sorted already; tmp comes from the arena. */
static void sort_stable(struct sqlx *x, void *base, size_t n, size_t size,
                        int (*cmp)(const void *, const void *))
{
    if (n < 2)
        return;
    char *a = base, *tmp = sqlx_alloc(x, n * size);
    if (!tmp)
        return;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                memcpy(tmp + k++ * size, cmp(a + j * size, a + i * size) < 0 ? a + j++ * size
                                                                             : a + i++ * size,
                       size);
            memcpy(tmp + k * size, a + i * size, (mid - i) * size);
            k += mid - i;
            memcpy(tmp + k * size, a + j * size, (hi - j) * size);
        }
        memcpy(a, tmp, n * size);
    }
}

/* Sorted by position, each (table, column) once. */
static void dedupe_columns(struct sqlx *x, struct sql_analysis *an)
{
    sort_stable(x, an->columns, an->ncolumns, sizeof *an->columns, cmp_col_pos);
    size_t kept = 0;
    for (size_t i = 0; i < an->ncolumns; i++) {
        bool dup = false;
        for (size_t j = 0; j < kept && !dup; j++)
            dup = an->columns[j].table == an->columns[i].table &&
                  sqlx_col_eq(an->columns[j].column, an->columns[i].column);
        if (!dup)
            an->columns[kept++] = an->columns[i];
    }
    an->ncolumns = kept;
}

/* One per column name and block, at its first occurrence. */
static void dedupe_unresolved(struct sqlx *x, struct sql_analysis *an)
{
    sort_stable(x, an->unresolved, an->nunresolved, sizeof *an->unresolved, cmp_unres_pos);
    size_t kept = 0;
    for (size_t i = 0; i < an->nunresolved; i++) {
        bool dup = false;
        for (size_t j = 0; j < kept && !dup; j++)
            dup = an->unresolved[j].block == an->unresolved[i].block &&
                  sqlx_col_eq(an->unresolved[j].column, an->unresolved[i].column);
        if (!dup)
            an->unresolved[kept++] = an->unresolved[i];
    }
    an->nunresolved = kept;
}

void sqlx_facts(struct sqlx *x)
{
    struct sql_analysis *an = AN(x);
    for (size_t b = 0; b < an->nblocks; b++)
        for (const struct sqlx_clause *c = x->bs[b].first; c; c = c->next)
            clause_facts(x, (int)b, c);
    /* A single-table UPDATE/DELETE writes its table whatever the SET list resolved to. */
    if ((an->kind == SQL_STMT_UPDATE || an->kind == SQL_STMT_DELETE) && an->ntables > 0) {
        size_t in0 = 0;
        for (size_t r = 0; r < an->ntables; r++)
            in0 += an->tables[r].block == 0;
        if (in0 == 1)
            for (size_t r = 0; r < an->ntables; r++)
                if (an->tables[r].block == 0)
                    an->tables[r].write = true;
    }
    for (size_t b = 0; b < an->nblocks; b++)
        cartesian(x, (int)b);
    sort_stable(x, an->preds, an->npreds, sizeof *an->preds, cmp_pred_pos);
    sort_stable(x, an->defeats, an->ndefeats, sizeof *an->defeats, cmp_defeat_pos);
    dedupe_columns(x, an);
    dedupe_unresolved(x, an);
}
