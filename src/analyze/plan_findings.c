/* The plan rules over one plan (plan_findings.h): the fact tree of each table access, with the
 * columns the statement uses on that table and the chosen key's columns from the schema, so that a
 * finding can say which columns an index would need; then the catalog's plan_table rules. */
#include "analyze/plan_findings.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool same(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int int_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valueint : -1;
}

/* The query's table the plan names: by alias, else by name when it has no alias. -1: none
 * (a derived table, a union result, or a statement that does not name it). */
static int query_table(const cJSON *query, const char *name, const cJSON **t_out)
{
    const cJSON *t;
    int i = 0;
    if (!name || name[0] == '<')
        return -1;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(query, "tables")) {
        const char *alias = str_of(t, "alias");
        if (alias ? same(alias, name) : same(str_of(t, "name"), name)) {
            *t_out = t;
            return int_of(t, "ref") >= 0 ? int_of(t, "ref") : i;
        }
        i++;
    }
    return -1;
}

/* Appends column to the list unless it is there already. */
static bool add_col(cJSON *list, const char *col)
{
    const cJSON *e;
    if (!col)
        return true;
    cJSON_ArrayForEach(e, list) if (same(e->valuestring, col)) return true;
    cJSON *s = cJSON_CreateString(col);
    return s && cJSON_AddItemToArray(list, s);
}

static int block_of_table(const cJSON *query, int ref)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(query, "tables")) if (int_of(t, "ref") ==
                                                                                  ref) return int_of(t, "block");
    return -1;
}

/* WHERE and JOIN columns of table ref. A comparison with another table's column is a join; one
 * with an outer block's column (a correlated subquery) is also a WHERE column, as that value is a
 * constant for each execution of the subquery. */
static bool predicate_cols(const cJSON *query, int ref, cJSON *where, cJSON *join)
{
    const cJSON *p;
    bool ok = true;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(query, "predicates")) {
        const char *kind = str_of(p, "kind"), *value = str_of(p, "value");
        bool is_join = kind && strcmp(kind, "join") == 0;
        if (int_of(p, "table") == ref) {
            const char *col = str_of(p, "column");
            int other = int_of(p, "other_table");
            bool correlated = is_join && other >= 0 &&
                              block_of_table(query, other) != int_of(p, "block");
            if (is_join || (value && strcmp(value, "column") == 0))
                ok &= add_col(join, col);
            if (!is_join || correlated)
                ok &= !(value && strcmp(value, "column") == 0) ? add_col(where, col) : true;
        } else if (is_join && int_of(p, "other_table") == ref &&
                   block_of_table(query, ref) == int_of(p, "block")) {
            ok &= add_col(join, str_of(p, "other_column"));
        }
    }
    return ok;
}

static bool clause_cols(const cJSON *query, const char *clause, int ref, cJSON *out)
{
    const cJSON *e;
    bool ok = true;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(query, clause)) if (int_of(e, "table") ==
                                                                               ref) ok &= add_col(out, str_of(e, "column"));
    return ok;
}

/* table_name and the column lists of the access's table, when the statement names it. */
static bool add_query_facts(cJSON *o, const cJSON *query, const char *name, const char **real,
                            const char **db)
{
    const cJSON *t = NULL;
    int ref = query_table(query, name, &t);
    if (ref < 0 || !str_of(t, "name"))
        return true; /* not named by the statement, or a derived table */
    *real = str_of(t, "name");
    if (str_of(t, "db"))
        *db = str_of(t, "db");
    cJSON *where = cJSON_CreateArray(), *join = cJSON_CreateArray();
    cJSON *order = cJSON_CreateArray(), *group = cJSON_CreateArray();
    bool ok = where && join && order && group && predicate_cols(query, ref, where, join) &&
              clause_cols(query, "order_by", ref, order) &&
              clause_cols(query, "group_by", ref, group) &&
              cJSON_AddStringToObject(o, "table_name", *real);
    if (ok) {
        /* An empty list is left out: `null`, as unknown, so that templates fall back to words */
        cJSON *lists[] = {where, join, order, group};
        const char *names[] = {"where_columns", "join_columns", "order_by_columns",
                               "group_by_columns"};
        for (size_t i = 0; i < 4; i++) {
            if (cJSON_GetArraySize(lists[i]) > 0)
                cJSON_AddItemToObject(o, names[i], lists[i]);
            else
                cJSON_Delete(lists[i]);
        }
        return true;
    }
    cJSON_Delete(where);
    cJSON_Delete(join);
    cJSON_Delete(order);
    cJSON_Delete(group);
    return false;
}

/* Bytes a key part adds to key_len: the column's width with 2 length bytes for a variable-length
 * string (whatever its length) and 1 more when the column may be NULL. -1 when unknown. */
static int64_t key_part_len(const struct schema_column *c, int64_t prefix)
{
    int64_t w = facts_part_width(c, prefix);
    if (w < 0)
        return -1;
    bool str = c->type_class == SCHEMA_TYPE_STRING || c->type_class == SCHEMA_TYPE_BINARY;
    bool fixed = c->type && (strcmp(c->type, "char") == 0 || strcmp(c->type, "binary") == 0);
    if (str && !fixed)
        w = w - (w >= 258 ? 2 : 1) + 2;
    return w + (c->nullable ? 1 : 0);
}

/* How many leading parts of ix key_len covers; -1 when it cannot be told. */
static int parts_used(const struct schema_table *t, const struct schema_index *ix,
                      const char *key_len)
{
    char *end;
    long len = key_len ? strtol(key_len, &end, 10) : -1;
    if (!key_len || end == key_len || len <= 0)
        return -1;
    int64_t sum = 0;
    for (size_t i = 0; i < ix->nparts; i++) {
        const struct schema_index_part *pt = &ix->parts[i];
        const struct schema_column *c =
            pt->column ? schema_find_column(t, pt->column, strlen(pt->column)) : NULL;
        int64_t w = c ? key_part_len(c, pt->prefix) : -1;
        if (w < 0)
            return -1;
        sum += w;
        if (sum == len)
            return (int)i + 1;
        if (sum > len)
            return -1;
    }
    return -1;
}

static bool add_schema_facts(cJSON *o, const struct explain_access *x, const struct schema *s,
                             const char *name, const char *db)
{
    if (!s || !x->key || !name || name[0] == '<' || !(x->known & (1u << EXF_KEY)))
        return true;
    const struct schema_table *t = schema_find_table(s, db, db ? strlen(db) : 0, name,
                                                     strlen(name), db);
    const struct schema_index *ix = t ? schema_find_index(t, x->key, strlen(x->key)) : NULL;
    if (!ix)
        return true;
    cJSON *cols = cJSON_AddArrayToObject(o, "key_columns");
    for (size_t i = 0; cols && i < ix->nparts; i++) {
        const char *c = ix->parts[i].column ? ix->parts[i].column : ix->parts[i].expr;
        cJSON *v = c ? cJSON_CreateString(c) : cJSON_CreateNull();
        if (!v || !cJSON_AddItemToArray(cols, v))
            return false;
    }
    if (!cols)
        return false;
    int n = (x->known & (1u << EXF_USED_KEY_PARTS)) || !(x->known & (1u << EXF_KEY_LEN))
                ? -1
                : parts_used(t, ix, x->key_len);
    return n < 0 || cJSON_AddNumberToObject(o, "key_parts_used", n);
}

cJSON *plan_findings_table_json(const struct explain_access *x, const cJSON *query,
                                const struct schema *s, const char *db)
{
    cJSON *o = explain_access_to_json(x);
    const char *real = NULL;
    if (!o)
        return NULL;
    if (query && !add_query_facts(o, query, x->table, &real, &db)) {
        cJSON_Delete(o);
        return NULL;
    }
    if (!add_schema_facts(o, x, s, real ? real : x->table, db)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* {plan, statement, query, server, schema}: what every access of the plan shares. */
static cJSON *plan_base(struct plan_findings_ctx *c, const struct explain_plan *p,
                        const struct plan_findings_about *ab)
{
    cJSON *base = cJSON_CreateObject();
    cJSON *plan = base ? explain_plan_to_json(p, ab->index, ab->file) : NULL;
    if (!plan) {
        cJSON_Delete(base);
        return NULL;
    }
    cJSON_AddItemToObject(base, "plan", plan);
    const char *q = ab->query ? ab->query : p->query;
    if (q) {
        struct facts_stmt st = {.text = q, .len = ab->query ? ab->query_len : strlen(q),
                                .db = ab->db, .file = ab->file};
        if (facts_add_statement(c->fx, base, &st, NULL) < 0) {
            cJSON_Delete(base);
            return NULL;
        }
    }
    return base;
}

static bool add_ref(cJSON *tree, const char *k, const cJSON *v)
{
    return !v || cJSON_AddItemReferenceToObject(tree, k, (cJSON *)v);
}

/* One subject: the access (x NULL: the plan as a whole, with an empty plan_table). */
static int eval_access(struct plan_findings_ctx *c, const cJSON *base,
                       const struct explain_access *x, const struct explain_plan *p,
                       const struct plan_findings_about *ab, struct finding_list *out)
{
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(base, "query");
    cJSON *tree = cJSON_CreateObject();
    cJSON *pt = x ? plan_findings_table_json(x, query, c->fs ? c->fs->s : NULL, ab->db)
                  : cJSON_CreateObject();
    if (!tree || !pt) {
        cJSON_Delete(tree);
        cJSON_Delete(pt);
        return -1;
    }
    cJSON_AddItemToObject(tree, "plan_table", pt);
    bool ok = add_ref(tree, "plan", cJSON_GetObjectItemCaseSensitive(base, "plan")) &&
              add_ref(tree, "statement", cJSON_GetObjectItemCaseSensitive(base, "statement")) &&
              add_ref(tree, "query", query) && add_ref(tree, "server", c->server) &&
              facts_add_schema(tree, c->fs) == 0;
    struct finding_subject subj = {
        .query_id = ab->query_id, .db = ab->db && ab->db[0] ? ab->db : NULL,
        .table = str_of(pt, "table_name") ? str_of(pt, "table_name") : x ? x->table : NULL,
        .line = ab->lines ? (x ? x->line : p->line) : 0};
    int rc = ok ? rule_catalog_eval(c->cat, c->ev, RSUBJ_PLAN_TABLE, tree, &subj, c->target, out)
                : -1;
    cJSON_Delete(tree);
    return rc;
}

int plan_findings_eval(struct plan_findings_ctx *c, const struct explain_plan *p,
                       const struct plan_findings_about *ab, struct finding_list *out,
                       size_t *ends)
{
    cJSON *base = plan_base(c, p, ab);
    int rc = base ? 0 : -1;
    for (unsigned i = 0; i < p->nacc && rc == 0; i++) {
        rc = eval_access(c, base, &p->acc[i], p, ab, out);
        if (ends)
            ends[i] = out->n;
    }
    if (rc == 0 && p->nacc == 0)
        rc = eval_access(c, base, NULL, p, ab, out);
    if (ends)
        ends[p->nacc] = out->n;
    cJSON_Delete(base);
    return rc;
}
