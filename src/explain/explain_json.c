/* FORMAT=JSON of MySQL 5.6-8.x (version 1, `query_block`) and of MariaDB (EXPLAIN and ANALYZE),
 * which share the query_block shape but differ in their operations (MySQL ordering_operation,
 * grouping_operation, using_join_buffer; MariaDB filesort, temporary_table, block-nl-join,
 * range-checked-for-each-record, expression_cache, r_* figures). End-marker comments are stripped
 * before cJSON reads the text. Version 2 (access paths) is handed to explain_json2.c. Tables come
 * out in the traditional form's order: a block's own tables, then its subqueries and derived tables,
 * each with the select_type the traditional form prints (from the nesting: subqueries, derived and
 * materialized tables, union parts) and the input line of its own `"table": {`.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "explain/explain_int.h"

struct jwalk {
    struct ex_ctx *c;
    struct explain_plan *p;
    const struct ex_json_doc *doc;
    /* select_type of the block being walked, as the tabular form names it; NULL for the outer
     * block, SIMPLE or PRIMARY once the whole plan is known (top_select_type) */
    const char *kind;
};

/* Blocks met inside a block, walked after its own tables (the tabular order), with their
 * dependency and select_type. */
struct deferred {
    const cJSON **qb;
    int *dep;
    const char **kind;
    unsigned n, cap;
};

static void walk_block(struct jwalk *w, const cJSON *qb, int depth, int dependent,
                       const char *kind);

static void defer(struct jwalk *w, struct deferred *d, const cJSON *qb, int dep, const char *kind)
{
    if (!cJSON_IsObject(qb))
        return;
    if (d->n == d->cap) {
        unsigned cap = d->cap ? d->cap * 2 : 4;
        const cJSON **nq = arena_grow(w->c->a, d->qb, d->n, cap, sizeof *nq);
        int *nd = arena_grow(w->c->a, d->dep, d->n, cap, sizeof *nd);
        const char **nk = arena_grow(w->c->a, d->kind, d->n, cap, sizeof *nk);
        if (!nq || !nd || !nk) {
            w->c->oom = true;
            return;
        }
        d->qb = nq;
        d->dep = nd;
        d->kind = nk;
        d->cap = cap;
    }
    d->qb[d->n] = qb;
    d->kind[d->n] = kind;
    d->dep[d->n++] = dep;
}

/* A subquery entry: {dependent, cacheable, query_block} or MariaDB {expression_cache:
 * {query_block}} (still a DEPENDENT SUBQUERY in the tabular form). */
static void defer_subquery(struct jwalk *w, struct deferred *d, const cJSON *e)
{
    const cJSON *cache = cJSON_GetObjectItemCaseSensitive(e, "expression_cache");
    if (cache)
        e = cache;
    const cJSON *qb = cJSON_GetObjectItemCaseSensitive(e, "query_block");
    const cJSON *cacheable = cJSON_GetObjectItemCaseSensitive(e, "cacheable");
    /* MariaDB caches only a correlated subquery's results, and says "dependent" only then */
    int dep = cache || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "dependent"));
    defer(w, d, qb, dep,
          dep                       ? "DEPENDENT SUBQUERY"
          : cJSON_IsFalse(cacheable) ? "UNCACHEABLE SUBQUERY"
                                    : "SUBQUERY");
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

/* MariaDB's index_merge object, {"sort_union": [{"range": {"key": "a"}}, {"intersect": […]}]}, as
 * the tabular form prints it: the merge for Extra (sort_union(a,intersect(b,c))) and the keys in
 * order for the key column (a,b,c). False when out of memory. */
static bool merge_walk(const cJSON *o, struct buf *text, struct buf *keys, int depth)
{
    const cJSON *it, *e;
    if (!cJSON_IsObject(o) || depth > EX_TREE_MAX_DEPTH)
        return true;
    cJSON_ArrayForEach(it, o)
    {
        struct sv k = jstr(it, "key");
        if (it->string && strcmp(it->string, "range") == 0 && k.p)
            return buf_append_sv(text, k) == 0 &&
                   (keys->n == 0 || buf_append_char(keys, ',') == 0) && buf_append_sv(keys, k) == 0;
        if (!it->string || !cJSON_IsArray(it))
            continue;
        bool ok = buf_printf(text, "%s(", it->string) == 0, first = true;
        cJSON_ArrayForEach(e, it)
        {
            ok = ok && (first || buf_append_char(text, ',') == 0) &&
                 merge_walk(e, text, keys, depth + 1);
            first = false;
        }
        return ok && buf_append_char(text, ')') == 0;
    }
    return true;
}

/* MySQL names the merge in "key" ("sort_union(a,intersect(b,c))"): the keys are the names not
 * followed by an opening parenthesis. */
static bool merge_keys_of(struct sv merge, struct buf *keys)
{
    size_t start = 0;
    for (size_t i = 0; i <= merge.n; i++) {
        char ch = i < merge.n ? merge.p[i] : ',';
        if (ch != '(' && ch != ')' && ch != ',')
            continue;
        if (ch != '(' && i > start &&
            ((keys->n && buf_append_char(keys, ',') < 0) ||
             buf_append(keys, merge.p + start, i - start) < 0))
            return false;
        start = i + 1;
    }
    return true;
}

static void index_merge(struct jwalk *w, struct explain_access *x, const cJSON *t)
{
    const cJSON *im = cJSON_GetObjectItemCaseSensitive(t, "index_merge");
    bool mysql = !im && x->key && strchr(x->key, '(');
    if (!im && !mysql)
        return;
    struct buf text = {0}, keys = {0};
    bool ok = mysql ? buf_append_cstr(&text, x->key) == 0 && merge_keys_of(sv_cstr(x->key), &keys)
                    : merge_walk(im, &text, &keys, 0);
    if (!ok)
        w->c->oom = true;
    else if (text.n && keys.n) {
        x->index_merge = ex_strdup(w->c, buf_sv(&text));
        x->key = ex_strdup(w->c, buf_sv(&keys));
        ex_extra_add(x, EXX_USING_INDEX_MERGE, NULL);
    }
    buf_free(&text);
    buf_free(&keys);
}

/* The select_type of the block a table materializes: a subquery (MySQL's semi-join
 * materialization and MariaDB's `materialized`, both named <subqueryN>) or a derived table (MySQL
 * names it by its alias, MariaDB <derivedN>). */
static const char *materialized_kind(const char *table, const cJSON *m)
{
    if (table && strncmp(table, "<subquery", 9) == 0)
        return "MATERIALIZED";
    return jtrue(m, "dependent") ? "DEPENDENT DERIVED" : "DERIVED";
}

static void select_type(struct explain_access *x, const char *kind)
{
    x->select_type = kind;
    x->known |= EX_BIT(EXF_SELECT_TYPE);
}

/* MySQL 5.7+ names the table an INSERT, UPDATE, DELETE or REPLACE changes by the statement
 * ("insert": true in JSON); MariaDB keeps SIMPLE. NULL when t is not such a table. */
static const char *changed_kind(const struct jwalk *w, const cJSON *t)
{
    static const char *const verbs[][2] = {
        {"insert", "INSERT"}, {"update", "UPDATE"}, {"delete", "DELETE"}, {"replace", "REPLACE"},
    };
    if (w->p->form != EXPLAIN_FORM_JSON_V1 || w->kind)
        return NULL;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(t, verbs[i][0])))
            return verbs[i][1];
    return NULL;
}

static int table_access(struct jwalk *w, const cJSON *t, int depth, long sel, int dep,
                        struct deferred *d)
{
    struct explain_access *x = ex_access_new(w->c, w->p, ex_json_line(w->c, w->doc, t));
    if (!x)
        return -1;
    x->depth = depth;
    x->known = EX_BIT(EXF_TABLE) | EX_BIT(EXF_ACCESS_TYPE) | EX_BIT(EXF_POSSIBLE_KEYS) |
               EX_BIT(EXF_KEY) | EX_BIT(EXF_KEY_LEN) | EX_BIT(EXF_REF) | EX_BIT(EXF_EXTRA) |
               EX_BIT(EXF_DEPENDENT) | EX_BIT(EXF_CONDITION) | EX_BIT(EXF_INDEX_CONDITION) |
               EX_BIT(EXF_PARTITIONS) | EX_BIT(EXF_USED_KEY_PARTS);
    select_type(x, changed_kind(w, t) ? changed_kind(w, t) : w->kind);
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
    index_merge(w, x, t);
    int idx = (int)(w->p->nacc - 1);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(t, "materialized_from_subquery");
    if (m)
        defer(w, d, cJSON_GetObjectItemCaseSensitive(m, "query_block"), jtrue(m, "dependent"),
              materialized_kind(x->table, m));
    if ((m = cJSON_GetObjectItemCaseSensitive(t, "materialized")))
        defer(w, d, cJSON_GetObjectItemCaseSensitive(m, "query_block"), 0,
              materialized_kind(x->table, m));
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

/* The select_type of a part of a union after the first: UNION (MariaDB also names INTERSECT and
 * EXCEPT in "operation"), DEPENDENT … when it runs per outer row. */
static const char *union_part_kind(const cJSON *qb, int dep)
{
    static const char *const ops[][2] = {
        {"UNION", "DEPENDENT UNION"},
        {"INTERSECT", "DEPENDENT INTERSECT"},
        {"EXCEPT", "DEPENDENT EXCEPT"},
    };
    struct sv op = jstr(qb, "operation");
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (sv_ieq_cstr(op, ops[i][0]))
            return ops[i][dep ? 1 : 0];
    return dep ? "DEPENDENT UNION" : "UNION";
}

/* <union1,2> -> UNION RESULT; MariaDB's <intersect1,2>, <except1,2> likewise. */
static const char *union_result_kind(struct sv table)
{
    if (sv_starts_with(table, "<intersect"))
        return "INTERSECT RESULT";
    if (sv_starts_with(table, "<except"))
        return "EXCEPT RESULT";
    return "UNION RESULT";
}

/* union_result: the parts (each a block: the first of the union's own kind, the others UNION),
 * then the union's own temporary-table row. */
static int union_result(struct jwalk *w, const cJSON *u, int depth, int dep)
{
    const cJSON *specs = cJSON_GetObjectItemCaseSensitive(u, "query_specifications"), *e;
    const char *kind = w->kind;
    int first = -1;
    bool head = true;
    cJSON_ArrayForEach(e, specs)
    {
        unsigned before = w->p->nacc;
        const cJSON *qb = cJSON_GetObjectItemCaseSensitive(e, "query_block");
        int d = dep || jtrue(e, "dependent");
        walk_block(w, qb, depth, d, head ? kind : union_part_kind(qb, d));
        head = false;
        if (first < 0 && w->p->nacc > before)
            first = (int)before;
    }
    w->kind = kind;
    struct explain_access *x = ex_access_new(w->c, w->p, ex_json_line(w->c, w->doc, u));
    if (!x)
        return first;
    struct sv s;
    x->depth = depth;
    x->known = EX_BIT(EXF_TABLE) | EX_BIT(EXF_ACCESS_TYPE) | EX_BIT(EXF_EXTRA);
    x->table = (s = jstr(u, "table_name")).p ? ex_strdup(w->c, s) : NULL;
    select_type(x, union_result_kind(s));
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

/* A query_block: its message or tables, then its subqueries one level deeper. kind: its
 * select_type (NULL for the outer block). */
static void walk_block(struct jwalk *w, const cJSON *qb, int depth, int dependent,
                       const char *kind)
{
    struct deferred d = {0};
    double v;
    if (!cJSON_IsObject(qb) || depth > EX_TREE_MAX_DEPTH)
        return;
    const char *outer = w->kind;
    w->kind = kind;
    long sel = jnum(qb, "select_id", &v) ? (long)v : 0;
    struct sv msg = jstr(qb, "message");
    if (node(w, qb, depth, sel, dependent, &d) < 0 && msg.p) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(qb, "message");
        struct explain_access *x = ex_access_new(w->c, w->p, ex_json_line(w->c, w->doc, m));
        if (x) {
            x->depth = depth;
            x->known = EX_BIT(EXF_TABLE) | EX_BIT(EXF_EXTRA) | (sel ? EX_BIT(EXF_SELECT_ID) : 0);
            x->select_id = sel;
            select_type(x, kind);
            ex_extra_from_text(w->c, x, msg);
            if (!w->p->message)
                w->p->message = x->extra_text;
        }
    }
    for (unsigned i = 0; i < d.n && !w->c->oom; i++)
        walk_block(w, d.qb[i], depth + 1, d.dep[i], d.kind[i]);
    w->kind = outer;
}

/* True when a key only MariaDB prints occurs anywhere in the document (or, mysql_keys, one only
 * MySQL prints). MariaDB also marks the changed table of UPDATE/DELETE with a number ("delete":
 * 1), MySQL with true. */
static bool server_keys(const cJSON *o, int depth, bool mysql_keys)
{
    static const char *const mariadb[] = {
        "r_loops", "block-nl-join", "filesort", "temporary_table", "subqueries",
        "expression_cache", "range-checked-for-each-record", "read_sorted_file", "loops",
        "materialized", "r_rows", "r_total_time_ms", "r_filtered", "r_table_time_ms",
        "index_merge",
    };
    static const char *const mysql[] = {
        "cost_info", "rows_examined_per_scan", "rows_produced_per_join", "using_join_buffer",
        "ordering_operation", "grouping_operation", "used_columns",
    };
    const char *const *keys = mysql_keys ? mysql : mariadb;
    size_t nkeys = mysql_keys ? sizeof mysql / sizeof mysql[0] : sizeof mariadb / sizeof mariadb[0];
    const cJSON *it;
    if (depth > EX_TREE_MAX_DEPTH)
        return false;
    cJSON_ArrayForEach(it, o)
    {
        for (size_t i = 0; it->string && i < nkeys; i++)
            if (strcmp(it->string, keys[i]) == 0)
                return true;
        if (it->string && (strcmp(it->string, "delete") == 0 || strcmp(it->string, "update") == 0) &&
            (mysql_keys ? cJSON_IsBool(it) : cJSON_IsNumber(it)))
            return true;
        if ((cJSON_IsObject(it) || cJSON_IsArray(it)) && server_keys(it, depth + 1, mysql_keys))
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

/* Whether the outer block is PRIMARY rather than SIMPLE: the statement has other selects. MySQL
 * calls a block SIMPLE when its subqueries became semi-joins, even materialized ones; MariaDB
 * still calls it PRIMARY, and its semi-join strategies are the only trace of the subquery. */
static bool has_other_selects(const struct explain_plan *p)
{
    bool mariadb = p->form == EXPLAIN_FORM_JSON_MARIADB;
    uint64_t semijoin = EX_XBIT(EXX_FIRSTMATCH) | EX_XBIT(EXX_LOOSESCAN) |
                        EX_XBIT(EXX_START_TEMPORARY) | EX_XBIT(EXX_END_TEMPORARY);
    for (unsigned i = 0; i < p->nacc; i++) {
        const struct explain_access *x = &p->acc[i];
        if (x->select_type && (mariadb || strcmp(x->select_type, "MATERIALIZED") != 0))
            return true;
        if (mariadb && ((x->extra & semijoin) ||
                        (x->table && strncmp(x->table, "<subquery", 9) == 0)))
            return true;
    }
    return false;
}

static void top_select_type(struct explain_plan *p)
{
    const char *top = has_other_selects(p) ? "PRIMARY" : "SIMPLE";
    for (unsigned i = 0; i < p->nacc; i++)
        if (!p->acc[i].select_type)
            p->acc[i].select_type = top;
}

void ex_parse_json_v1(struct ex_ctx *c, const struct ex_json_doc *doc)
{
    const cJSON *root = doc->root;
    unsigned first_line = doc->first_line;
    enum explain_form f = server_keys(root, 0, false) ? EXPLAIN_FORM_JSON_MARIADB
                                                      : EXPLAIN_FORM_JSON_V1;
    struct explain_plan *p = ex_plan_new(c, f, first_line);
    if (!p)
        return;
    if (f == EXPLAIN_FORM_JSON_V1 && server_keys(root, 0, true))
        p->server = EXPLAIN_SERVER_MYSQL;
    struct jwalk w = {c, p, doc, NULL};
    walk_block(&w, cJSON_GetObjectItemCaseSensitive(root, "query_block"), 0, 0, NULL);
    finish_flags(p, c);
    top_select_type(p);
    if (p->nacc == 0 && !c->oom)
        diag_add(c->d, c->file, first_line, "JSON plan without tables");
    ex_plan_drop_if_empty(c, p);
}
