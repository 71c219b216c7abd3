/* Preconditions of an expression (expr.h, expr_needs): the facts it cannot be true without, read
 * from its top-level `and` chain — a string field that must be one of some literals
 * (`query.kind == 'delete'`, `query.kind in ['update', 'delete']`), a list that must not be empty
 * (`any(query.order_by[], …)`, or an `each` over `query.defeats[]`). Anything else (an `or`, a
 * `not`, a count, a deeper path, `it`) needs nothing: the answer may miss preconditions, never
 * invent one. */
#include <string.h>

#include "rules/expr_int.h"

/* `root.field`, one field below a root, not `it`. */
static bool is_field(const struct expr *e)
{
    return e && e->op == EX_PATH && e->root && !e->multi && e->nsegs == 1 &&
           e->segs[0].kind == SEG_FIELD;
}

/* `root.field[]`. */
static bool is_field_list(const struct expr *e)
{
    return e && e->op == EX_PATH && e->root && e->multi && e->nsegs == 2 &&
           e->segs[0].kind == SEG_FIELD && e->segs[1].kind == SEG_EACH;
}

/* A list literal of strings only (a null or a number in it could equal a value that is not a
 * string). */
static bool is_string_list(const struct expr *e)
{
    if (!e || e->op != EX_LIST)
        return false;
    for (size_t i = 0; i < e->nitems; i++)
        if (!cJSON_IsString(e->items[i]))
            return false;
    return true;
}

static size_t add(struct expr_need *out, size_t n, size_t max, const struct expr *path,
                  const struct expr *values)
{
    if (n < max)
        out[n++] = (struct expr_need){path->root, path->segs[0].name, values};
    return n;
}

static size_t conjuncts(const struct expr *e, struct expr_need *out, size_t n, size_t max)
{
    if (!e)
        return n;
    switch (e->op) {
    case EX_AND:
        return conjuncts(e->b, out, conjuncts(e->a, out, n, max), max);
    case EX_EQ:
        if (is_field(e->a) && e->b->op == EX_STR)
            return add(out, n, max, e->a, e->b);
        if (is_field(e->b) && e->a->op == EX_STR)
            return add(out, n, max, e->b, e->a);
        return n;
    case EX_IN:
        return is_field(e->a) && is_string_list(e->b) ? add(out, n, max, e->a, e->b) : n;
    case EX_ANY:
        return is_field_list(e->a) ? add(out, n, max, e->a, NULL) : n;
    default:
        return n;
    }
}

size_t expr_needs(const struct expr *e, bool each, struct expr_need *out, size_t max)
{
    if (each)
        return is_field_list(e) ? add(out, 0, max, e, NULL) : 0;
    return conjuncts(e, out, 0, max);
}

static bool same_string(const cJSON *v, const char *s, size_t n)
{
    return strlen(v->valuestring) == n && memcmp(v->valuestring, s, n) == 0;
}

bool expr_need_met(const struct expr_need *need, const cJSON *value)
{
    if (!need->values) /* a non-empty list; `[]` over anything else yields nothing */
        return value && (value->type & 0xff) == cJSON_Array && value->child;
    if (!value || (value->type & 0xff) != cJSON_String || !value->valuestring)
        return false;
    const struct expr *v = need->values;
    if (v->op == EX_STR)
        return same_string(value, v->str, v->len);
    for (size_t i = 0; i < v->nitems; i++)
        if (same_string(value, v->items[i]->valuestring, strlen(v->items[i]->valuestring)))
            return true;
    return false;
}

bool expr_need_same(const struct expr_need *a, const struct expr_need *b)
{
    if (!a->values || !b->values || a->values == b->values)
        return a->values == b->values;
    const struct expr *x = a->values, *y = b->values;
    return x->op == EX_STR && y->op == EX_STR && x->len == y->len &&
           memcmp(x->str, y->str, x->len) == 0;
}
