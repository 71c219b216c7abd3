/* The JSON form of a statement analysis (docs/sql-analysis.md, "JSON (version 1)"): the fact tree
 * the rules read by path (`query.tables[].name`, `query.defeats[].kind`, …). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "sql/analysis.h"

/* cJSON copies strings; views are not NUL-terminated, so they go through a bounded buffer. */
static cJSON *sv_string(struct sv s)
{
    char small[256];
    char *p = s.n < sizeof small ? small : malloc(s.n + 1);
    if (!p)
        return NULL;
    if (s.n)
        memcpy(p, s.p, s.n);
    p[s.n] = '\0';
    cJSON *j = cJSON_CreateString(p);
    if (p != small)
        free(p);
    return j;
}

static bool add_sv(cJSON *o, const char *key, struct sv s)
{
    cJSON *j = sv_string(s);
    if (j && cJSON_AddItemToObject(o, key, j))
        return true;
    cJSON_Delete(j);
    return false;
}

static bool add_ref(cJSON *o, const char *key, int ref)
{
    return (ref < 0 ? cJSON_AddNullToObject(o, key) : cJSON_AddNumberToObject(o, key, ref)) != NULL;
}

static bool add_bool(cJSON *o, const char *key, bool v)
{
    return cJSON_AddBoolToObject(o, key, v) != NULL;
}

static bool add_limit(cJSON *o, const char *key, enum sql_limit_kind k, uint64_t v)
{
    if (k == SQL_LIMIT_NONE)
        return cJSON_AddNullToObject(o, key) != NULL;
    if (k == SQL_LIMIT_PARAM)
        return cJSON_AddStringToObject(o, key, "?") != NULL;
    return cJSON_AddNumberToObject(o, key, (double)v) != NULL;
}

static cJSON *block_json(const struct sql_block *b)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "id", b->id) && add_ref(o, "parent", b->parent) &&
              cJSON_AddStringToObject(o, "context", sql_block_ctx_name(b->ctx)) &&
              add_bool(o, "where", b->where) && add_bool(o, "distinct", b->distinct) &&
              add_bool(o, "star", b->star) && add_bool(o, "count_star", b->count_star) &&
              add_limit(o, "limit", b->limit_kind, b->limit) &&
              add_limit(o, "offset", b->offset_kind == SQL_LIMIT_NONE && b->limit_kind
                                         ? SQL_LIMIT_NUMBER : b->offset_kind, b->offset) &&
              add_bool(o, "for_update", b->for_update) &&
              add_bool(o, "lock_in_share_mode", b->lock_in_share_mode) &&
              add_bool(o, "order_by", b->has_order) && add_bool(o, "group_by", b->has_group) &&
              add_bool(o, "order_rand", b->order_rand) &&
              add_bool(o, "limit_without_order", b->limit_kind && !b->has_order) &&
              add_bool(o, "cartesian", b->cartesian) &&
              add_bool(o, "no_column_list", b->no_column_list) &&
              add_bool(o, "on_duplicate_key_update", b->on_duplicate) &&
              add_bool(o, "with_rollup", b->with_rollup) && add_bool(o, "union_all", b->union_all);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *hints_json(const struct sql_table_ref *t)
{
    static const char *const kinds[] = {"use", "ignore", "force"};
    cJSON *a = cJSON_CreateArray();
    for (size_t h = 0; a && h < t->nhints; h++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(a, o)) {
            cJSON_Delete(o);
            cJSON_Delete(a);
            return NULL;
        }
        cJSON *idx = NULL;
        if (!cJSON_AddStringToObject(o, "kind", kinds[t->hints[h].kind]) ||
            !cJSON_AddStringToObject(o, "for", t->hints[h].scope) ||
            !(idx = cJSON_AddArrayToObject(o, "indexes"))) {
            cJSON_Delete(a);
            return NULL;
        }
        for (size_t k = 0; k < t->hints[h].nindexes; k++) {
            cJSON *name = sv_string(t->hints[h].indexes[k]);
            if (!name || !cJSON_AddItemToArray(idx, name)) {
                cJSON_Delete(name);
                cJSON_Delete(a);
                return NULL;
            }
        }
    }
    return a;
}

static cJSON *table_json(const struct sql_table_ref *t)
{
    static const char *const db_from[] = {"qualifier", "default", "none"};
    cJSON *o = cJSON_CreateObject();
    cJSON *hints = hints_json(t);
    bool ok = o && hints && cJSON_AddNumberToObject(o, "ref", t->ref) &&
              cJSON_AddNumberToObject(o, "block", t->block) &&
              (t->db.n ? add_sv(o, "db", t->db) : cJSON_AddNullToObject(o, "db") != NULL) &&
              cJSON_AddStringToObject(o, "db_from", db_from[t->db_from]) &&
              (t->name.n ? add_sv(o, "name", t->name) : cJSON_AddNullToObject(o, "name") != NULL) &&
              (t->alias.n ? add_sv(o, "alias", t->alias)
                          : cJSON_AddNullToObject(o, "alias") != NULL) &&
              add_bool(o, "derived", t->derived) && add_ref(o, "derived_block", t->derived_block) &&
              cJSON_AddStringToObject(o, "join", sql_join_kind_name(t->join)) &&
              add_bool(o, "write", t->write) && cJSON_AddNumberToObject(o, "pos", t->pos) &&
              add_bool(o, "in_schema", t->schema != NULL) &&
              cJSON_AddItemToObject(o, "hints", hints);
    if (!ok) {
        if (!o || !cJSON_GetObjectItem(o, "hints"))
            cJSON_Delete(hints);
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *pred_json(const struct sql_predicate *p)
{
    static const char *const kinds[] = {"eq", "range", "join"};
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "block", p->block) &&
              cJSON_AddStringToObject(o, "kind", kinds[p->kind]) &&
              cJSON_AddStringToObject(o, "op", p->op) && add_ref(o, "table", p->table) &&
              add_sv(o, "column", p->column) && cJSON_AddNumberToObject(o, "pos", p->pos);
    if (ok && p->kind == SQL_PRED_JOIN)
        ok = add_ref(o, "other_table", p->other_table) &&
             add_sv(o, "other_column", p->other_column);
    else if (ok)
        ok = cJSON_AddStringToObject(o, "value", sql_value_kind_name(p->value)) != NULL;
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *item_json(const struct sql_order_item *it, bool order)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "block", it->block) &&
              add_ref(o, "table", it->table) &&
              (it->expr ? cJSON_AddNullToObject(o, "column") != NULL
                        : add_sv(o, "column", it->column)) &&
              (!it->expr || cJSON_AddStringToObject(o, "expr", it->expr)) &&
              (!order || cJSON_AddStringToObject(o, "dir", it->desc ? "desc" : "asc")) &&
              cJSON_AddNumberToObject(o, "pos", it->pos);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *column_json(const struct sql_column_read *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddNumberToObject(o, "table", c->table) || !add_sv(o, "column", c->column)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *defeat_json(const struct sql_defeat *d)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "kind", sql_defeat_kind_name(d->kind)) &&
              add_ref(o, "table", d->table) && add_sv(o, "column", d->column) &&
              cJSON_AddNumberToObject(o, "pos", d->pos) &&
              (d->detail ? cJSON_AddStringToObject(o, "detail", d->detail) != NULL
                         : cJSON_AddNullToObject(o, "detail") != NULL);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *unresolved_json(const struct sql_unresolved *u)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "block", u->block) &&
              (u->qualifier.n ? add_sv(o, "qualifier", u->qualifier)
                              : cJSON_AddNullToObject(o, "qualifier") != NULL) &&
              add_sv(o, "column", u->column) && cJSON_AddNumberToObject(o, "pos", u->pos);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

typedef cJSON *(*make_fn)(const struct sql_analysis *an, size_t i);

static cJSON *mk_block(const struct sql_analysis *an, size_t i) { return block_json(&an->blocks[i]); }
static cJSON *mk_table(const struct sql_analysis *an, size_t i) { return table_json(&an->tables[i]); }
static cJSON *mk_pred(const struct sql_analysis *an, size_t i) { return pred_json(&an->preds[i]); }
static cJSON *mk_group(const struct sql_analysis *an, size_t i)
{
    return item_json(&an->group_by[i], false);
}
static cJSON *mk_order(const struct sql_analysis *an, size_t i)
{
    return item_json(&an->order_by[i], true);
}
static cJSON *mk_column(const struct sql_analysis *an, size_t i)
{
    return column_json(&an->columns[i]);
}
static cJSON *mk_defeat(const struct sql_analysis *an, size_t i)
{
    return defeat_json(&an->defeats[i]);
}
static cJSON *mk_unres(const struct sql_analysis *an, size_t i)
{
    return unresolved_json(&an->unresolved[i]);
}

static bool add_array(cJSON *o, const char *key, const struct sql_analysis *an, size_t n,
                      make_fn make)
{
    cJSON *a = cJSON_AddArrayToObject(o, key);
    for (size_t i = 0; a && i < n; i++) {
        cJSON *it = make(an, i);
        if (!it || !cJSON_AddItemToArray(a, it)) {
            cJSON_Delete(it);
            return false;
        }
    }
    return a != NULL;
}

static bool problem_json(cJSON *o, const struct sql_analysis *an)
{
    if (an->complete || !an->problem)
        return cJSON_AddNullToObject(o, "problem") != NULL;
    cJSON *p = cJSON_AddObjectToObject(o, "problem");
    return p && cJSON_AddNumberToObject(p, "pos", an->problem_pos) &&
           cJSON_AddStringToObject(p, "reason", an->problem);
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

cJSON *sql_analysis_to_json_parts(const struct sql_analysis *an, unsigned ordinal, unsigned line,
                                  unsigned parts)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "statement", ordinal) &&
              cJSON_AddNumberToObject(o, "line", line) &&
              cJSON_AddStringToObject(o, "kind", sql_stmt_kind_name(an->kind)) &&
              cJSON_AddStringToObject(o, "from", an->from_fingerprint ? "fingerprint" : "sample") &&
              add_bool(o, "complete", an->complete) && problem_json(o, an);
    for (size_t i = 0; ok && i < sizeof lists / sizeof lists[0]; i++)
        if (parts & lists[i].part)
            ok = add_array(o, lists[i].name, an, list_len(an, lists[i].part), lists[i].make);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *sql_analysis_to_json(const struct sql_analysis *an, unsigned ordinal, unsigned line)
{
    return sql_analysis_to_json_parts(an, ordinal, line, SQLJ_ALL);
}
