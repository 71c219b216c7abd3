/* The text form of a statement analysis (docs/sql-analysis.md, "Text"): one fact per line,
 * grouped by query block, for people and for the corpus tests that compare it byte for byte. */
#include <stdio.h>
#include <string.h>

#include "sql/analysis.h"

static const char *const stmt_names[] = {"select", "insert", "replace", "update", "delete", "other"};
static const char *const ctx_names[] = {"top", "from",  "where", "select", "having",
                                        "union", "cte", "set",   "values"};
static const char *const join_names[] = {"from",  "comma", "inner",    "left",
                                         "right", "cross", "straight", "natural"};
static const char *const value_names[] = {"const", "param", "column", "subquery", "expr", "null"};
static const char *const defeat_names[] = {"function", "arithmetic", "leading_wildcard",
                                           "negation", "not_in", "or_columns", "type_conversion",
                                           "collation_conversion"};
static const char *const hint_names[] = {"use", "ignore", "force"};

const char *sql_stmt_kind_name(enum sql_stmt_kind k) { return stmt_names[k]; }
const char *sql_block_ctx_name(enum sql_block_ctx c) { return ctx_names[c]; }
const char *sql_join_kind_name(enum sql_join_kind j) { return join_names[j]; }
const char *sql_value_kind_name(enum sql_value_kind v) { return value_names[v]; }
const char *sql_defeat_kind_name(enum sql_defeat_kind d) { return defeat_names[d]; }

/* " label.column" (or " column" when it belongs to no reference). */
static int put_column(struct buf *out, const struct sql_analysis *an, int table, struct sv col)
{
    char label[256];
    if (table < 0)
        return buf_printf(out, " %.*s", (int)col.n, col.p);
    sql_ref_label(an, table, label, sizeof label);
    return buf_printf(out, " %s.%.*s", label, (int)col.n, col.p);
}

static int print_table(struct buf *out, const struct sql_analysis *an, const struct sql_table_ref *t)
{
    char label[256];
    sql_ref_label(an, t->ref, label, sizeof label);
    int rc = buf_printf(out, "table %s = ", label);
    if (t->derived && !t->name.n)
        rc |= buf_append_cstr(out, "(derived)");
    else if (t->db.n && !t->derived)
        rc |= buf_printf(out, "%.*s.%.*s", (int)t->db.n, t->db.p, (int)t->name.n, t->name.p);
    else
        rc |= buf_printf(out, "%.*s", (int)t->name.n, t->name.p);
    rc |= buf_printf(out, " %s%s%s\n", join_names[t->join], t->write ? " write" : "",
                     t->derived ? " derived" : "");
    return rc;
}

static int print_hints(struct buf *out, const struct sql_analysis *an, const struct sql_table_ref *t)
{
    char label[256];
    int rc = 0;
    sql_ref_label(an, t->ref, label, sizeof label);
    for (size_t h = 0; h < t->nhints; h++) {
        const struct sql_hint *hint = &t->hints[h];
        rc |= buf_printf(out, "hint %s %s", label, hint_names[hint->kind]);
        for (size_t k = 0; k < hint->nindexes; k++)
            rc |= buf_printf(out, " %.*s", (int)hint->indexes[k].n, hint->indexes[k].p);
        if (hint->scope[0])
            rc |= buf_printf(out, " for %s", hint->scope);
        rc |= buf_append_char(out, '\n');
    }
    return rc;
}

static int print_pred(struct buf *out, const struct sql_analysis *an, const struct sql_predicate *p)
{
    static const char *const kinds[] = {"eq", "range", "join"};
    int rc = buf_append_cstr(out, kinds[p->kind]);
    rc |= put_column(out, an, p->table, p->column);
    rc |= buf_printf(out, " %s", p->op);
    if (p->kind == SQL_PRED_JOIN)
        rc |= put_column(out, an, p->other_table, p->other_column);
    else
        rc |= buf_printf(out, " %s", value_names[p->value]);
    return rc | buf_append_char(out, '\n');
}

static int print_item(struct buf *out, const struct sql_analysis *an,
                      const struct sql_order_item *it, bool order)
{
    int rc = buf_append_cstr(out, order ? "order" : "group");
    if (it->expr)
        rc |= buf_printf(out, " %s", it->expr);
    else
        rc |= put_column(out, an, it->table, it->column);
    if (order)
        rc |= buf_append_cstr(out, it->desc ? " desc" : " asc");
    return rc | buf_append_char(out, '\n');
}

static int print_limit(struct buf *out, const struct sql_block *b)
{
    if (b->limit_kind == SQL_LIMIT_NONE)
        return 0;
    int rc = b->limit_kind == SQL_LIMIT_PARAM ? buf_append_cstr(out, "limit ?")
                                              : buf_printf(out, "limit %llu",
                                                           (unsigned long long)b->limit);
    if (b->offset_kind == SQL_LIMIT_PARAM)
        rc |= buf_append_cstr(out, " offset ?");
    else if (b->offset_kind == SQL_LIMIT_NUMBER)
        rc |= buf_printf(out, " offset %llu", (unsigned long long)b->offset);
    return rc | buf_append_char(out, '\n');
}

static int print_flags(struct buf *out, const struct sql_block *b)
{
    const struct { bool on; const char *name; } f[] = {
        {b->where, "where"},           {b->star, "star"},
        {b->count_star, "count_star"}, {b->distinct, "distinct"},
        {b->for_update, "for_update"}, {b->lock_in_share_mode, "lock_in_share_mode"},
    };
    bool any = false;
    int rc = 0;
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
        if (f[k].on) {
            rc |= buf_append_cstr(out, any ? " " : "flags ");
            rc |= buf_append_cstr(out, f[k].name);
            any = true;
        }
    return any ? rc | buf_append_char(out, '\n') : rc;
}

static int print_block(struct buf *out, const struct sql_analysis *an, const struct sql_block *b)
{
    int rc = 0;
    if (b->id != 0)
        rc |= buf_printf(out, "block %d %s parent %d\n", b->id, ctx_names[b->ctx], b->parent);
    for (size_t r = 0; r < an->ntables; r++)
        if (an->tables[r].block == b->id)
            rc |= print_table(out, an, &an->tables[r]);
    for (size_t r = 0; r < an->ntables; r++)
        if (an->tables[r].block == b->id)
            rc |= print_hints(out, an, &an->tables[r]);
    for (size_t k = 0; k < an->npreds; k++)
        if (an->preds[k].block == b->id)
            rc |= print_pred(out, an, &an->preds[k]);
    for (size_t k = 0; k < an->ngroup_by; k++)
        if (an->group_by[k].block == b->id)
            rc |= print_item(out, an, &an->group_by[k], false);
    for (size_t k = 0; k < an->norder_by; k++)
        if (an->order_by[k].block == b->id)
            rc |= print_item(out, an, &an->order_by[k], true);
    rc |= print_limit(out, b);
    return rc | print_flags(out, b);
}

static int print_tail(struct buf *out, const struct sql_analysis *an)
{
    int rc = 0;
    if (an->ncolumns) {
        rc |= buf_append_cstr(out, "read");
        for (size_t k = 0; k < an->ncolumns; k++)
            rc |= put_column(out, an, an->columns[k].table, an->columns[k].column);
        rc |= buf_append_char(out, '\n');
    }
    for (size_t k = 0; k < an->ndefeats; k++) {
        const struct sql_defeat *d = &an->defeats[k];
        rc |= buf_printf(out, "defeat %s", defeat_names[d->kind]);
        rc |= put_column(out, an, d->table, d->column);
        rc |= buf_printf(out, " @%u", (unsigned)d->pos);
        if (d->detail)
            rc |= buf_printf(out, " %s", d->detail);
        rc |= buf_append_char(out, '\n');
    }
    for (size_t k = 0; k < an->nunresolved; k++) {
        const struct sql_unresolved *u = &an->unresolved[k];
        rc |= buf_append_cstr(out, "unresolved ");
        if (u->qualifier.n)
            rc |= buf_printf(out, "%.*s.", (int)u->qualifier.n, u->qualifier.p);
        rc |= buf_printf(out, "%.*s @%u\n", (int)u->column.n, u->column.p, (unsigned)u->pos);
    }
    if (!an->complete && an->problem)
        rc |= buf_printf(out, "partial @%u %s\n", (unsigned)an->problem_pos, an->problem);
    return rc;
}

int sql_analysis_print_text(const struct sql_analysis *an, unsigned ordinal, unsigned line,
                            struct buf *out)
{
    int rc = buf_printf(out, "statement %u line %u %s\n", ordinal, line, stmt_names[an->kind]);
    if (an->kind == SQL_STMT_OTHER)
        return rc;
    for (size_t b = 0; b < an->nblocks; b++)
        rc |= print_block(out, an, &an->blocks[b]);
    return rc | print_tail(out, an);
}
