/* MySQL 8.3+/9.x FORMAT=JSON version 2: a tree of access paths whose `operation` strings are the
 * lines of FORMAT=TREE. The tree is turned into the TREE reader's iterators (a `heading` such as
 * "Hash" or "Select #2 (subquery in condition; dependent)" becomes the parent it names) so both
 * forms of one statement yield the same facts by construction. Each node keeps the input line of
 * its `"operation"`, so that a finding points at the access it concerns. */
#include <cjson/cJSON.h>
#include <string.h>

#include "explain/explain_int.h"

struct v2 {
    struct ex_ctx *c;
    const struct ex_json_doc *doc;
    struct tnode *t;
    int n, cap;
};

static bool num(const cJSON *o, const char *k, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v))
        return false;
    *out = v->valuedouble;
    return true;
}

static int add(struct v2 *v, int parent, struct sv desc, unsigned line)
{
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 16;
        struct tnode *nt = arena_grow(v->c->a, v->t, (size_t)v->n, (size_t)cap, sizeof *nt);
        if (!nt) {
            v->c->oom = true;
            return -1;
        }
        v->t = nt;
        v->cap = cap;
    }
    int i = v->n++;
    struct tnode *x = &v->t[i];
    memset(x, 0, sizeof *x);
    x->line = line;
    x->desc = desc;
    x->parent = parent;
    x->first_child = x->next_sibling = x->last_child = -1;
    if (parent >= 0) {
        struct tnode *pa = &v->t[parent];
        if (pa->last_child >= 0)
            v->t[pa->last_child].next_sibling = i;
        else
            pa->first_child = i;
        pa->last_child = i;
    }
    return i;
}

static void metrics(struct tnode *x, const cJSON *o)
{
    x->has_rows = num(o, "estimated_rows", &x->rows);
    x->has_cost = num(o, "estimated_total_cost", &x->cost);
    x->has_actual = num(o, "actual_rows", &x->a_rows) && num(o, "actual_loops", &x->a_loops);
    x->has_time = x->has_actual && num(o, "actual_first_row_ms", &x->a_first) &&
                  num(o, "actual_last_row_ms", &x->a_last);
}

static void convert(struct v2 *v, const cJSON *o, int parent, int depth)
{
    if (!cJSON_IsObject(o) || depth > EX_TREE_MAX_DEPTH || v->c->oom)
        return;
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "heading");
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(o, "operation");
    unsigned line = ex_json_line(v->c, v->doc, op ? op : h);
    if (cJSON_IsString(h) && (parent = add(v, parent, sv_cstr(h->valuestring), line)) < 0)
        return;
    int me = add(v, parent, cJSON_IsString(op) ? sv_trim(sv_cstr(op->valuestring)) : SV_NULL,
                 line);
    if (me < 0)
        return;
    metrics(&v->t[me], o);
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(o, "inputs"), *e;
    cJSON_ArrayForEach(e, in) convert(v, e, me, depth + 1);
}

void ex_parse_json_v2(struct ex_ctx *c, const struct ex_json_doc *doc)
{
    struct v2 v = {c, doc, NULL, 0, 0};
    const cJSON *plan = cJSON_GetObjectItemCaseSensitive(doc->root, "query_plan");
    convert(&v, plan ? plan : doc->root, -1, 0);
    if (v.n > 0 && !c->oom)
        ex_tree_walk(c, EXPLAIN_FORM_JSON_V2, v.t, v.n, doc->first_line);
}
