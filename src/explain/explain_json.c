/* FORMAT=JSON of MySQL 5.6-8.x (version 1, `query_block`) and of MariaDB (EXPLAIN and ANALYZE),
 * which share the query_block shape but differ in their operations (MySQL ordering_operation,
 * grouping_operation, using_join_buffer; MariaDB filesort, temporary_table, block-nl-join,
 * range-checked-for-each-record, expression_cache, r_* figures). End-marker comments are stripped
 * before cJSON reads the text. Version 2 (access paths) is handed to explain_json2.c. Tables come
 * out in the traditional form's order: a block's own tables, then its subqueries and derived tables.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "explain/explain_int.h"

struct jwalk {
    struct ex_ctx *c;
    struct explain_plan *p;
    unsigned line;
};

struct deferred {
    const cJSON **qb;
    int *dep;
    unsigned n, cap;
};

static void walk_block(struct jwalk *w, const cJSON *qb, int depth, int dependent);

static void defer(struct jwalk *w, struct deferred *d, const cJSON *qb, int dep)
{
    if (!cJSON_IsObject(qb))
        return;
    if (d->n == d->cap) {
        unsigned cap = d->cap ? d->cap * 2 : 4;
        const cJSON **nq = arena_grow(w->c->a, d->qb, d->n, cap, sizeof *nq);
        int *nd = arena_grow(w->c->a, d->dep, d->n, cap, sizeof *nd);
        if (!nq || !nd) {
            w->c->oom = true;
            return;
        }
        d->qb = nq;
        d->dep = nd;
        d->cap = cap;
    }
    d->qb[d->n] = qb;
    d->dep[d->n++] = dep;
}

/* A subquery entry: {dependent, query_block} or MariaDB {expression_cache: {query_block}}. */
static void defer_subquery(struct jwalk *w, struct deferred *d, const cJSON *e)
{
    const cJSON *cache = cJSON_GetObjectItemCaseSensitive(e, "expression_cache");
    if (cache)
        e = cache;
    const cJSON *qb = cJSON_GetObjectItemCaseSensitive(e, "query_block");
    defer(w, d, qb, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "dependent")));
}

static bool is_subquery_array(const char *k)
{
    static const char *const names[] = {
        "attached_subqueries",  "optimized_away_subqueries", "having_subqueries",
        "group_by_subqueries",  "order_by_subqueries",       "select_list_subqueries",
        "update_value_subqueries", "subqueries",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(k, names[i]) == 0)
            return true;
    return false;
}

static struct sv jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? sv_cstr(v->valuestring) : SV_NULL;
}

/* A number or a numeric string ("100.00"); masked values ("REPLACED") are not numbers. */
static bool jnum(const cJSON *o, const char *k, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return true;
    }
    return cJSON_IsString(v) && ex_num(sv_cstr(v->valuestring), out);
}

static bool jtrue(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble != 0);
}

/* An array of strings joined with commas, as the traditional column prints it. */
static const char *jlist_joined(struct ex_ctx *c, const cJSON *arr)
{
    struct buf b = {0};
    const cJSON *it;
    bool fail = false;
    cJSON_ArrayForEach(it, arr)
        if (cJSON_IsString(it))
            fail |= (b.n && buf_append_char(&b, ',') < 0) ||
                    buf_append_cstr(&b, it->valuestring) < 0;
    const char *r = NULL;
    if (fail)
        c->oom = true;
    else if (b.n)
        r = ex_strdup(c, buf_sv(&b));
    buf_free(&b);
    return r;
}

static const char **jlist(struct ex_ctx *c, const cJSON *arr, unsigned *n)
{
    const char *joined = jlist_joined(c, arr);
    return ex_split_list(c, sv_cstr(joined), n);
}

static void table_numbers(struct jwalk *w, struct explain_access *x, const cJSON *t)
{
    double v;
    if (jnum(t, "rows_examined_per_scan", &v) || jnum(t, "rows", &v)) {
        x->known |= EX_BIT(EXF_ROWS);
        x->rows = v;
    }
    if (jnum(t, "filtered", &v)) {
        x->known |= EX_BIT(EXF_FILTERED);
        x->filtered = v;
    }
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(t, "cost_info");
    if (ci && jnum(ci, "read_cost", &x->read_cost) && jnum(ci, "eval_cost", &x->eval_cost) &&
        jnum(ci, "prefix_cost", &x->prefix_cost))
        x->known |= EX_BIT(EXF_V1_COSTS);
    if (jnum(t, "cost", &x->cost))
        x->known |= EX_BIT(EXF_COST);
    const cJSON *rr = cJSON_GetObjectItemCaseSensitive(t, "r_rows");
    if (rr) {
        w->p->analyzed = 1;
        x->known |= EX_BIT(EXF_ACTUAL_ROWS);
        x->actual_rows = jnum(t, "r_rows", &v) ? v : NAN;
    }
    if (jnum(t, "r_loops", &x->actual_loops))
        x->known |= EX_BIT(EXF_ACTUAL_LOOPS);
    if (cJSON_GetObjectItemCaseSensitive(t, "r_filtered")) {
        x->known |= EX_BIT(EXF_ACTUAL_FILTERED);
        x->actual_filtered = jnum(t, "r_filtered", &v) ? v : NAN;
    }
    if (jnum(t, "r_total_time_ms", &x->actual_total_ms) ||
        jnum(t, "r_table_time_ms", &x->actual_total_ms))
        x->known |= EX_BIT(EXF_ACTUAL_TOTAL_MS);
}

static void table_flags(struct jwalk *w, struct explain_access *x, const cJSON *t)
{
    struct sv s;
    if ((s = jstr(t, "attached_condition")).p) {
        x->condition = ex_strdup(w->c, s);
        ex_extra_add(x, EXX_USING_WHERE, NULL);
    }
    if ((s = jstr(t, "index_condition")).p) {
        x->index_condition = ex_strdup(w->c, s);
        ex_extra_add(x, EXX_USING_INDEX_CONDITION, NULL);
    }
    if (jtrue(t, "using_index"))
        ex_extra_add(x, EXX_USING_INDEX, NULL);
    if ((s = jstr(t, "using_join_buffer")).p)
        ex_extra_add(x, EXX_USING_JOIN_BUFFER, ex_join_buffer_kind(s));
    if (cJSON_GetObjectItemCaseSensitive(t, "range_checked_for_each_record"))
        ex_extra_add(x, EXX_RANGE_CHECKED, NULL);
    if (jtrue(t, "using_MRR"))
        ex_extra_add(x, EXX_USING_MRR, NULL);
    if (jtrue(t, "using_index_for_group_by"))
        ex_extra_add(x, EXX_USING_INDEX_FOR_GROUP_BY, NULL);
    if (jtrue(t, "using_temporary_table"))
        ex_extra_add(x, EXX_USING_TEMPORARY, NULL);
    if (jtrue(t, "using_filesort"))
        ex_extra_add(x, EXX_USING_FILESORT, NULL);
    if (jtrue(t, "distinct"))
        ex_extra_add(x, EXX_DISTINCT, NULL);
    if (jtrue(t, "not_exists"))
        ex_extra_add(x, EXX_NOT_EXISTS, NULL);
    if (jtrue(t, "loosescan") || cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(t, "loosescan")))
        ex_extra_add(x, EXX_LOOSESCAN, NULL);
    if (cJSON_GetObjectItemCaseSensitive(t, "first_match"))
        ex_extra_add(x, EXX_FIRSTMATCH, NULL);
    if (jtrue(t, "const_row_not_found"))
        ex_extra_add(x, EXX_CONST_ROW_NOT_FOUND, NULL);
    if ((s = jstr(t, "message")).p) {
        struct explain_access tmp = *x;
        ex_extra_from_text(w->c, &tmp, s);
        x->extra |= tmp.extra;
    }
}

static int table_access(struct jwalk *w, const cJSON *t, int depth, long sel, int dep,
                        struct deferred *d)
{
    struct explain_access *x = ex_access_new(w->c, w->p, w->line);
    if (!x)
        return -1;
    x->depth = depth;
    x->known = EX_BIT(EXF_TABLE) | EX_BIT(EXF_ACCESS_TYPE) | EX_BIT(EXF_POSSIBLE_KEYS) |
               EX_BIT(EXF_KEY) | EX_BIT(EXF_KEY_LEN) | EX_BIT(EXF_REF) | EX_BIT(EXF_EXTRA) |
               EX_BIT(EXF_DEPENDENT) | EX_BIT(EXF_CONDITION) | EX_BIT(EXF_INDEX_CONDITION) |
               EX_BIT(EXF_PARTITIONS) | EX_BIT(EXF_USED_KEY_PARTS);
    if (sel > 0) {
        x->known |= EX_BIT(EXF_SELECT_ID);
        x->select_id = sel;
    }
    x->dependent = dep;
    struct sv s;
    x->table = (s = jstr(t, "table_name")).p ? ex_strdup(w->c, s) : NULL;
    x->access_type = (s = jstr(t, "access_type")).p ? ex_strdup(w->c, s) : NULL;
    x->key = (s = jstr(t, "key")).p ? ex_strdup(w->c, s) : NULL;
    x->key_len = (s = jstr(t, "key_length")).p ? ex_strdup(w->c, s) : NULL;
    x->possible_keys = jlist(w->c, cJSON_GetObjectItemCaseSensitive(t, "possible_keys"),
                             &x->npossible_keys);
    x->used_key_parts = jlist(w->c, cJSON_GetObjectItemCaseSensitive(t, "used_key_parts"),
                              &x->nused_key_parts);
    x->ref = jlist_joined(w->c, cJSON_GetObjectItemCaseSensitive(t, "ref"));
    x->partitions = jlist_joined(w->c, cJSON_GetObjectItemCaseSensitive(t, "partitions"));
    table_numbers(w, x, t);
    table_flags(w, x, t);
    int idx = (int)(w->p->nacc - 1);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(t, "materialized_from_subquery");
    if (m)
        defer(w, d, cJSON_GetObjectItemCaseSensitive(m, "query_block"), jtrue(m, "dependent"));
    if ((m = cJSON_GetObjectItemCaseSensitive(t, "materialized")))
        defer(w, d, cJSON_GetObjectItemCaseSensitive(m, "query_block"), 0);
    const cJSON *it;
    cJSON_ArrayForEach(it, t)
        if (it->string && is_subquery_array(it->string)) {
            const cJSON *e;
            cJSON_ArrayForEach(e, it) defer_subquery(w, d, e);
        }
    return idx;
}

static int node(struct jwalk *w, const cJSON *o, int depth, long sel, int dep,
                struct deferred *d);

static bool is_operation(const char *k)
{
    static const char *const names[] = {
        "ordering_operation", "grouping_operation", "duplicates_removal", "windowing",
        "filesort",           "temporary_table",    "read_sorted_file",   "buffer_result",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(k, names[i]) == 0)
            return true;
    return false;
}

/* union_result: the parts (each a block), then the union's own temporary-table row. */
static int union_result(struct jwalk *w, const cJSON *u, int depth, int dep)
{
    const cJSON *specs = cJSON_GetObjectItemCaseSensitive(u, "query_specifications"), *e;
    int first = -1;
    cJSON_ArrayForEach(e, specs)
    {
        unsigned before = w->p->nacc;
        walk_block(w, cJSON_GetObjectItemCaseSensitive(e, "query_block"), depth,
                   dep || jtrue(e, "dependent"));
        if (first < 0 && w->p->nacc > before)
            first = (int)before;
    }
    struct explain_access *x = ex_access_new(w->c, w->p, w->line);
    if (!x)
        return first;
    struct sv s;
    x->depth = depth;
    x->known = EX_BIT(EXF_TABLE) | EX_BIT(EXF_ACCESS_TYPE) | EX_BIT(EXF_EXTRA);
    x->table = (s = jstr(u, "table_name")).p ? ex_strdup(w->c, s) : NULL;
    x->access_type = (s = jstr(u, "access_type")).p ? ex_strdup(w->c, s) : NULL;
    if (jtrue(u, "using_temporary_table"))
        ex_extra_add(x, EXX_USING_TEMPORARY, NULL);
    if (cJSON_GetObjectItemCaseSensitive(u, "r_rows")) {
        x->known |= EX_BIT(EXF_ACTUAL_ROWS);
        double v;
        x->actual_rows = jnum(u, "r_rows", &v) ? v : NAN;
    }
    return first >= 0 ? first : (int)(w->p->nacc - 1);
}

/* An operation wrapping a plan: its flags go to the first table inside. */
static int operation(struct jwalk *w, const char *k, const cJSON *o, int depth, long sel, int dep,
                     struct deferred *d)
{
    int r = node(w, o, depth, sel, dep, d);
    if (r < 0)
        return r;
    struct explain_access *x = &w->p->acc[r];
    if (strcmp(k, "filesort") == 0 || jtrue(o, "using_filesort"))
        ex_extra_add(x, EXX_USING_FILESORT, NULL);
    if (strcmp(k, "temporary_table") == 0 || jtrue(o, "using_temporary_table"))
        ex_extra_add(x, EXX_USING_TEMPORARY, NULL);
    return r;
}

/* MariaDB's nested_loop wrappers: block-nl-join and range-checked-for-each-record. */
static int wrapper(struct jwalk *w, const char *k, const cJSON *o, int depth, long sel, int dep,
                   struct deferred *d)
{
    int r = node(w, o, depth, sel, dep, d);
    if (r < 0)
        return r;
    struct explain_access *x = &w->p->acc[r];
    if (strcmp(k, "range-checked-for-each-record") == 0) {
        ex_extra_add(x, EXX_RANGE_CHECKED, NULL);
        return r;
    }
    ex_extra_add(x, EXX_USING_JOIN_BUFFER, ex_join_buffer_kind(jstr(o, "join_type")));
    struct sv cond = jstr(o, "attached_condition");
    if (cond.p) {
        x->condition = ex_strdup(w->c, cond);
        ex_extra_add(x, EXX_USING_WHERE, NULL);
    }
    return r;
}

/* Any object of the plan: the tables it holds, in order; returns the first table's index. */
static int node(struct jwalk *w, const cJSON *o, int depth, long sel, int dep,
                struct deferred *d)
{
    int first = -1, r = -1;
    const cJSON *it;
    if (w->c->oom)
        return -1;
    cJSON_ArrayForEach(it, o)
    {
        const char *k = it->string ? it->string : "";
        if (strcmp(k, "table") == 0 && cJSON_IsObject(it))
            r = table_access(w, it, depth, sel, dep, d);
        else if (strcmp(k, "nested_loop") == 0) {
            const cJSON *e;
            int f = -1;
            cJSON_ArrayForEach(e, it) if ((r = node(w, e, depth, sel, dep, d)) >= 0 && f < 0) f = r;
            r = f;
        } else if (strcmp(k, "block-nl-join") == 0 ||
                   strcmp(k, "range-checked-for-each-record") == 0)
            r = wrapper(w, k, it, depth, sel, dep, d);
        else if (is_operation(k) && cJSON_IsObject(it))
            r = operation(w, k, it, depth, sel, dep, d);
        else if (strcmp(k, "union_result") == 0)
            r = union_result(w, it, depth, dep);
        else if (is_subquery_array(k)) {
            const cJSON *e;
            cJSON_ArrayForEach(e, it) defer_subquery(w, d, e);
            r = -1;
        } else
            r = -1;
        if (first < 0 && r >= 0)
            first = r;
    }
    return first;
}

/* A query_block: its message or tables, then its subqueries one level deeper. */
static void walk_block(struct jwalk *w, const cJSON *qb, int depth, int dependent)
{
    struct deferred d = {0};
    double v;
    if (!cJSON_IsObject(qb) || depth > EX_TREE_MAX_DEPTH)
        return;
    long sel = jnum(qb, "select_id", &v) ? (long)v : 0;
    struct sv msg = jstr(qb, "message");
    if (node(w, qb, depth, sel, dependent, &d) < 0 && msg.p) {
        struct explain_access *x = ex_access_new(w->c, w->p, w->line);
        if (x) {
            x->depth = depth;
            x->known = EX_BIT(EXF_TABLE) | EX_BIT(EXF_EXTRA) | (sel ? EX_BIT(EXF_SELECT_ID) : 0);
            x->select_id = sel;
            ex_extra_from_text(w->c, x, msg);
            if (!w->p->message)
                w->p->message = x->extra_text;
        }
    }
    for (unsigned i = 0; i < d.n && !w->c->oom; i++)
        walk_block(w, d.qb[i], depth + 1, d.dep[i]);
}

/* True when a key only MariaDB prints occurs anywhere in the document. */
static bool mariadb_keys(const cJSON *o, int depth)
{
    static const char *const keys[] = {
        "r_loops", "block-nl-join", "filesort", "temporary_table", "subqueries",
        "expression_cache", "range-checked-for-each-record", "read_sorted_file", "loops",
        "materialized", "r_rows",
    };
    const cJSON *it;
    if (depth > EX_TREE_MAX_DEPTH)
        return false;
    cJSON_ArrayForEach(it, o)
    {
        for (size_t i = 0; it->string && i < sizeof keys / sizeof keys[0]; i++)
            if (strcmp(it->string, keys[i]) == 0)
                return true;
        if ((cJSON_IsObject(it) || cJSON_IsArray(it)) && mariadb_keys(it, depth + 1))
            return true;
    }
    return false;
}

static void finish_flags(struct explain_plan *p, struct ex_ctx *c)
{
    for (unsigned i = 0; i < p->nacc; i++) {
        struct explain_access *x = &p->acc[i];
        if (!x->extra_text)
            ex_extra_finish(c, x);
    }
}

void ex_parse_json_v1(struct ex_ctx *c, const cJSON *root, unsigned first_line)
{
    enum explain_form f = mariadb_keys(root, 0) ? EXPLAIN_FORM_JSON_MARIADB : EXPLAIN_FORM_JSON_V1;
    struct explain_plan *p = ex_plan_new(c, f, first_line);
    if (!p)
        return;
    struct jwalk w = {c, p, first_line};
    walk_block(&w, cJSON_GetObjectItemCaseSensitive(root, "query_block"), 0, 0);
    finish_flags(p, c);
    if (p->nacc == 0 && !c->oom)
        diag_add(c->d, c->file, first_line, "JSON plan without tables");
    ex_plan_drop_if_empty(c, p);
}
