/* The JSON form of a statement analysis (docs/sql-analysis.md, "JSON (version 1)"): the fact tree
 * the rules read by path (`query.tables[].name`, `query.defeats[].kind`, …). Built with jtree, so
 * that a digest can build one per class in an arena. Each object is added to its parent before it
 * is filled: on failure the caller frees the whole tree, and no function cleans up half an object. */
#include <string.h>

#include "sql/analysis.h"
#include "util/jtree.h"

static cJSON *sv_string(const struct jtree *j, struct sv s) { return jt_string_n(j, s.p, s.n); }

static bool add_sv(const struct jtree *j, cJSON *o, const char *key, struct sv s)
{
    return jt_add(j, o, key, sv_string(j, s));
}

/* A view that may be empty: null then. */
static bool add_sv_or_null(const struct jtree *j, cJSON *o, const char *key, struct sv s)
{
    return s.n ? add_sv(j, o, key, s) : jt_add_null(j, o, key);
}

static bool add_ref(const struct jtree *j, cJSON *o, const char *key, int ref)
{
    return ref < 0 ? jt_add_null(j, o, key) : jt_add_number(j, o, key, ref);
}

static bool add_limit(const struct jtree *j, cJSON *o, const char *key, enum sql_limit_kind k,
                      uint64_t v)
{
    if (k == SQL_LIMIT_NONE)
        return jt_add_null(j, o, key);
    if (k == SQL_LIMIT_PARAM)
        return jt_add_string(j, o, key, "?");
    return jt_add_number(j, o, key, (double)v);
}

static bool block_json(const struct jtree *j, cJSON *list, const struct sql_block *b)
{
    cJSON *o = jt_object(j);
    return jt_add(j, list, NULL, o) && jt_add_number(j, o, "id", b->id) &&
           add_ref(j, o, "parent", b->parent) &&
           jt_add_string(j, o, "context", sql_block_ctx_name(b->ctx)) &&
           jt_add_bool(j, o, "where", b->where) && jt_add_bool(j, o, "distinct", b->distinct) &&
           jt_add_bool(j, o, "star", b->star) && jt_add_bool(j, o, "count_star", b->count_star) &&
           add_limit(j, o, "limit", b->limit_kind, b->limit) &&
           add_limit(j, o, "offset", b->offset_kind == SQL_LIMIT_NONE && b->limit_kind
                                         ? SQL_LIMIT_NUMBER : b->offset_kind, b->offset) &&
           jt_add_bool(j, o, "for_update", b->for_update) &&
           jt_add_bool(j, o, "lock_in_share_mode", b->lock_in_share_mode) &&
           jt_add_bool(j, o, "order_by", b->has_order) &&
           jt_add_bool(j, o, "group_by", b->has_group) &&
           jt_add_bool(j, o, "order_rand", b->order_rand) &&
           jt_add_bool(j, o, "limit_without_order", b->limit_kind && !b->has_order) &&
           jt_add_bool(j, o, "cartesian", b->cartesian) &&
           jt_add_bool(j, o, "no_column_list", b->no_column_list) &&
           jt_add_bool(j, o, "on_duplicate_key_update", b->on_duplicate) &&
           jt_add_bool(j, o, "with_rollup", b->with_rollup) &&
           jt_add_bool(j, o, "union_all", b->union_all);
}

static bool hints_json(const struct jtree *j, cJSON *table, const struct sql_table_ref *t)
{
    static const char *const kinds[] = {"use", "ignore", "force"};
    cJSON *a = jt_add_array(j, table, "hints");
    for (size_t h = 0; a && h < t->nhints; h++) {
        cJSON *o = jt_object(j), *idx;
        if (!jt_add(j, a, NULL, o) || !jt_add_string(j, o, "kind", kinds[t->hints[h].kind]) ||
            !jt_add_string(j, o, "for", t->hints[h].scope) ||
            !(idx = jt_add_array(j, o, "indexes")))
            return false;
        for (size_t k = 0; k < t->hints[h].nindexes; k++)
            if (!jt_add(j, idx, NULL, sv_string(j, t->hints[h].indexes[k])))
                return false;
    }
    return a != NULL;
}

static bool table_json(const struct jtree *j, cJSON *list, const struct sql_table_ref *t)
{
    static const char *const db_from[] = {"qualifier", "default", "none"};
    cJSON *o = jt_object(j);
    return jt_add(j, list, NULL, o) && jt_add_number(j, o, "ref", t->ref) &&
           jt_add_number(j, o, "block", t->block) && add_sv_or_null(j, o, "db", t->db) &&
           jt_add_string(j, o, "db_from", db_from[t->db_from]) &&
           add_sv_or_null(j, o, "name", t->name) && add_sv_or_null(j, o, "alias", t->alias) &&
           jt_add_bool(j, o, "derived", t->derived) &&
           add_ref(j, o, "derived_block", t->derived_block) &&
           jt_add_string(j, o, "join", sql_join_kind_name(t->join)) &&
           jt_add_bool(j, o, "write", t->write) && jt_add_number(j, o, "pos", t->pos) &&
           jt_add_bool(j, o, "in_schema", t->schema != NULL) && hints_json(j, o, t);
}

static bool pred_json(const struct jtree *j, cJSON *list, const struct sql_predicate *p)
{
    static const char *const kinds[] = {"eq", "range", "join"};
    cJSON *o = jt_object(j);
    bool ok = jt_add(j, list, NULL, o) && jt_add_number(j, o, "block", p->block) &&
              jt_add_string(j, o, "kind", kinds[p->kind]) && jt_add_string(j, o, "op", p->op) &&
              add_ref(j, o, "table", p->table) && add_sv(j, o, "column", p->column) &&
              jt_add_number(j, o, "pos", p->pos);
    if (ok && p->kind == SQL_PRED_JOIN)
        return add_ref(j, o, "other_table", p->other_table) &&
               add_sv(j, o, "other_column", p->other_column);
    return ok && jt_add_string(j, o, "value", sql_value_kind_name(p->value));
}

static bool item_json(const struct jtree *j, cJSON *list, const struct sql_order_item *it,
                      bool order)
{
    cJSON *o = jt_object(j);
    return jt_add(j, list, NULL, o) && jt_add_number(j, o, "block", it->block) &&
           add_ref(j, o, "table", it->table) &&
           (it->expr ? jt_add_null(j, o, "column") : add_sv(j, o, "column", it->column)) &&
           (!it->expr || jt_add_string(j, o, "expr", it->expr)) &&
           (!order || jt_add_string(j, o, "dir", it->desc ? "desc" : "asc")) &&
           jt_add_number(j, o, "pos", it->pos);
}

static bool column_json(const struct jtree *j, cJSON *list, const struct sql_column_read *c)
{
    cJSON *o = jt_object(j);
    return jt_add(j, list, NULL, o) && jt_add_number(j, o, "table", c->table) &&
           add_sv(j, o, "column", c->column);
}

static bool defeat_json(const struct jtree *j, cJSON *list, const struct sql_defeat *d)
{
    cJSON *o = jt_object(j);
    return jt_add(j, list, NULL, o) &&
           jt_add_string(j, o, "kind", sql_defeat_kind_name(d->kind)) &&
           add_ref(j, o, "table", d->table) && add_sv(j, o, "column", d->column) &&
           jt_add_number(j, o, "pos", d->pos) &&
           (d->detail ? jt_add_string(j, o, "detail", d->detail) : jt_add_null(j, o, "detail"));
}

static bool unresolved_json(const struct jtree *j, cJSON *list, const struct sql_unresolved *u)
{
    cJSON *o = jt_object(j);
    return jt_add(j, list, NULL, o) && jt_add_number(j, o, "block", u->block) &&
           add_sv_or_null(j, o, "qualifier", u->qualifier) && add_sv(j, o, "column", u->column) &&
           jt_add_number(j, o, "pos", u->pos);
}

typedef bool (*make_fn)(const struct jtree *j, cJSON *list, const struct sql_analysis *an,
                        size_t i);

static bool mk_block(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return block_json(j, l, &an->blocks[i]);
}
static bool mk_table(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return table_json(j, l, &an->tables[i]);
}
static bool mk_pred(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return pred_json(j, l, &an->preds[i]);
}
static bool mk_group(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return item_json(j, l, &an->group_by[i], false);
}
static bool mk_order(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return item_json(j, l, &an->order_by[i], true);
}
static bool mk_column(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return column_json(j, l, &an->columns[i]);
}
static bool mk_defeat(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return defeat_json(j, l, &an->defeats[i]);
}
static bool mk_unres(const struct jtree *j, cJSON *l, const struct sql_analysis *an, size_t i)
{
    return unresolved_json(j, l, &an->unresolved[i]);
}

static bool add_array(const struct jtree *j, cJSON *o, const char *key,
                      const struct sql_analysis *an, size_t n, make_fn make)
{
    cJSON *a = jt_add_array(j, o, key);
    for (size_t i = 0; a && i < n; i++)
        if (!make(j, a, an, i))
            return false;
    return a != NULL;
}

static bool problem_json(const struct jtree *j, cJSON *o, const struct sql_analysis *an)
{
    if (an->complete || !an->problem)
        return jt_add_null(j, o, "problem");
    cJSON *p = jt_add_object(j, o, "problem");
    return p && jt_add_number(j, p, "pos", an->problem_pos) &&
           jt_add_string(j, p, "reason", an->problem);
}

/* The lists in the order of docs/sql-analysis.md. */
static const struct {
    const char *name;
    unsigned part;
    make_fn make;
} lists[] = {
    {"blocks", SQLJ_BLOCKS, mk_block},         {"tables", SQLJ_TABLES, mk_table},
    {"predicates", SQLJ_PREDICATES, mk_pred},  {"group_by", SQLJ_GROUP_BY, mk_group},
    {"order_by", SQLJ_ORDER_BY, mk_order},     {"columns", SQLJ_COLUMNS, mk_column},
    {"defeats", SQLJ_DEFEATS, mk_defeat},      {"unresolved", SQLJ_UNRESOLVED, mk_unres},
};

static size_t list_len(const struct sql_analysis *an, unsigned part)
{
    switch (part) {
    case SQLJ_BLOCKS: return an->nblocks;
    case SQLJ_TABLES: return an->ntables;
    case SQLJ_PREDICATES: return an->npreds;
    case SQLJ_GROUP_BY: return an->ngroup_by;
    case SQLJ_ORDER_BY: return an->norder_by;
    case SQLJ_COLUMNS: return an->ncolumns;
    case SQLJ_DEFEATS: return an->ndefeats;
    default: return an->nunresolved;
    }
}

unsigned sql_analysis_json_part(const char *member)
{
    static const char *const scalars[] = {"statement", "line", "kind", "from", "complete",
                                          "problem"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(member, lists[i].name) == 0)
            return lists[i].part;
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
        if (strcmp(member, scalars[i]) == 0)
            return 0;
    return SQLJ_ALL;
}

cJSON *sql_analysis_to_jtree(const struct jtree *j, const struct sql_analysis *an,
                             unsigned ordinal, unsigned line, unsigned parts)
{
    cJSON *o = jt_object(j);
    bool ok = o && jt_add_number(j, o, "statement", ordinal) &&
              jt_add_number(j, o, "line", line) &&
              jt_add_string(j, o, "kind", sql_stmt_kind_name(an->kind)) &&
              jt_add_string(j, o, "from", an->from_fingerprint ? "fingerprint" : "sample") &&
              jt_add_bool(j, o, "complete", an->complete) && problem_json(j, o, an);
    for (size_t i = 0; ok && i < sizeof lists / sizeof lists[0]; i++)
        if (parts & lists[i].part)
            ok = add_array(j, o, lists[i].name, an, list_len(an, lists[i].part), lists[i].make);
    if (!ok) {
        jt_free(j, o);
        return NULL;
    }
    return o;
}

cJSON *sql_analysis_to_json(const struct sql_analysis *an, unsigned ordinal, unsigned line)
{
    struct jtree j = jtree_malloc();
    return sql_analysis_to_jtree(&j, an, ordinal, line, SQLJ_ALL);
}
