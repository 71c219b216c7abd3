/* The evaluator of the rule expression language: walks a tree from expr_parse.c over a cJSON fact
 * tree. Lists (from [] paths and array fields) are arrays of node pointers in a scratch stack that is
 * reused from one evaluation to the next, so the steady state allocates nothing (lower() copies into
 * an arena that is reset per evaluation). Nothing here fails: a missing field is null. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr_int.h"
#include "util/arena.h"
#include "util/jtree.h"

struct expr_eval {
    const cJSON **scratch;
    size_t n, cap;
    const cJSON *its[EXPR_MAX_DEPTH + 2]; /* `it` by quantifier level; [0] is the rule's element */
    const struct expr_bindings *b;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    char *subject;                        /* a copy of the text being matched, with slack */
    size_t subject_cap;
    struct arena ar;
    int active;                           /* nested public calls (expr_eval_each's callback) */
};

enum rv_kind { RV_NULL, RV_BOOL, RV_NUM, RV_STR, RV_LIST, RV_OBJ };

struct rval {
    enum rv_kind k;
    bool b;
    double num;
    const char *s;              /* RV_STR */
    size_t n;                   /* RV_STR length, RV_LIST count */
    const cJSON *const *fixed;  /* RV_LIST of a literal: its items; else NULL */
    size_t start;               /* RV_LIST in scratch: first index */
    const cJSON *node;          /* RV_OBJ */
};

static const struct rval rv_null = {.k = RV_NULL};

struct expr_eval *expr_eval_new(void)
{
    struct expr_eval *ev = calloc(1, sizeof *ev);
    if (!ev)
        return NULL;
    ev->md = pcre2_match_data_create(1, NULL);
    ev->mctx = pcre2_match_context_create(NULL);
    if (!ev->md || !ev->mctx) {
        expr_eval_free(ev);
        return NULL;
    }
    /* A pathological pattern over a long statement gives up (no match) instead of hanging. */
    pcre2_set_match_limit(ev->mctx, 1000000);
    pcre2_set_depth_limit(ev->mctx, 10000);
    arena_init(&ev->ar);
    return ev;
}

void expr_eval_free(struct expr_eval *ev)
{
    if (!ev)
        return;
    free(ev->scratch);
    free(ev->subject);
    pcre2_match_data_free(ev->md);
    pcre2_match_context_free(ev->mctx);
    arena_free(&ev->ar);
    free(ev);
}

static bool push(struct expr_eval *ev, const cJSON *node)
{
    if (ev->n == ev->cap) {
        size_t cap = ev->cap ? ev->cap * 2 : 64;
        const cJSON **s = realloc(ev->scratch, cap * sizeof *s);
        if (!s)
            return false;
        ev->scratch = s;
        ev->cap = cap;
    }
    ev->scratch[ev->n++] = node;
    return true;
}

static const cJSON *rv_item(const struct expr_eval *ev, const struct rval *v, size_t i)
{
    return v->fixed ? v->fixed[i] : ev->scratch[v->start + i];
}

/* A node's type without the flag bits. cJSON's cJSON_Is* are calls into the library, and reading
 * facts is most of what a rule does: the type is a public field. */
static int type_of(const cJSON *node) { return node->type & 0xff; }

static struct rval from_node(struct expr_eval *ev, const cJSON *node)
{
    struct rval v = rv_null;
    if (!node)
        return v;
    switch (type_of(node)) {
    case cJSON_True: case cJSON_False:
        v.k = RV_BOOL;
        v.b = type_of(node) == cJSON_True;
        break;
    case cJSON_Number:
        v.k = RV_NUM;
        v.num = node->valuedouble;
        break;
    case cJSON_String:
        if (node->valuestring) {
            v.k = RV_STR;
            v.s = node->valuestring;
            v.n = strlen(v.s);
        }
        break;
    case cJSON_Array:
        v.k = RV_LIST;
        v.start = ev->n;
        for (const cJSON *c = node->child; c; c = c->next)
            if (!push(ev, c))
                return rv_null;
        v.n = ev->n - v.start;
        break;
    case cJSON_Object:
        v.k = RV_OBJ;
        v.node = node;
        break;
    default:
        break;
    }
    return v;
}

static struct rval eval(struct expr_eval *ev, const struct expr *e);

static const cJSON *path_root(struct expr_eval *ev, const struct expr *e)
{
    if (!e->root)
        return ev->its[e->it_level];
    return jt_member(ev->b->facts, e->root);
}

/* One step of a path from one node; NULL when it leads nowhere. */
static const cJSON *step(struct expr_eval *ev, const cJSON *node, const struct ex_seg *s)
{
    if (!node)
        return NULL;
    if (s->kind == SEG_FIELD)
        return jt_member(node, s->name);
    size_t mark = ev->n;
    struct rval ix = eval(ev, s->index);
    ev->n = mark;
    if (ix.k != RV_NUM || type_of(node) != cJSON_Array || ix.num < 0 || ix.num > 1e9 ||
        ix.num != floor(ix.num))
        return NULL;
    return cJSON_GetArrayItem(node, (int)ix.num);
}

static struct rval eval_path(struct expr_eval *ev, const struct expr *e)
{
    const cJSON *node = path_root(ev, e);
    if (!e->multi) {
        for (size_t i = 0; i < e->nsegs && node; i++)
            node = step(ev, node, &e->segs[i]);
        return from_node(ev, node);
    }
    /* Every node reached so far is in scratch[cur, cur + cnt); each step writes the next set after
     * it and moves it down. */
    size_t cur = ev->n, cnt = 0;
    if (node) {
        if (!push(ev, node))
            return rv_null;
        cnt = 1;
    }
    for (size_t si = 0; si < e->nsegs && cnt; si++) {
        size_t next = ev->n;
        for (size_t i = 0; i < cnt; i++) {
            const cJSON *from = ev->scratch[cur + i];
            if (e->segs[si].kind == SEG_EACH) {
                for (const cJSON *c = type_of(from) == cJSON_Array ? from->child : NULL; c;
                     c = c->next)
                    if (!push(ev, c))
                        return rv_null;
            } else {
                const cJSON *to = step(ev, from, &e->segs[si]);
                if (to && !push(ev, to))
                    return rv_null;
            }
        }
        cnt = ev->n - next;
        memmove(ev->scratch + cur, ev->scratch + next, cnt * sizeof *ev->scratch);
        ev->n = cur + cnt;
    }
    return (struct rval){.k = RV_LIST, .start = cur, .n = cnt};
}

static bool truthy(const struct rval *v)
{
    switch (v->k) {
    case RV_BOOL: return v->b;
    case RV_NUM: return v->num != 0;
    case RV_STR: case RV_LIST: return v->n > 0;
    case RV_OBJ: return true;
    default: return false;
    }
}

static bool rv_eq(const struct rval *a, const struct rval *b)
{
    if (a->k != b->k)
        return false;
    switch (a->k) {
    case RV_NULL: return true;
    case RV_BOOL: return a->b == b->b;
    case RV_NUM: return a->num == b->num;
    case RV_STR: return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
    case RV_OBJ: return a->node == b->node;
    default: return false;
    }
}

/* Ordering of numbers, or of strings byte by byte; anything else is unordered (false). */
static bool rv_order(enum ex_op op, const struct rval *a, const struct rval *b)
{
    int c;
    if (a->k == RV_NUM && b->k == RV_NUM) {
        c = a->num < b->num ? -1 : a->num > b->num ? 1 : 0;
        if (isnan(a->num) || isnan(b->num))
            return false;
    } else if (a->k == RV_STR && b->k == RV_STR) {
        c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);
        if (c == 0)
            c = a->n < b->n ? -1 : a->n > b->n ? 1 : 0;
    } else {
        return false;
    }
    switch (op) {
    case EX_LT: return c < 0;
    case EX_LE: return c <= 0;
    case EX_GT: return c > 0;
    default: return c >= 0;
    }
}

static bool rv_in(struct expr_eval *ev, const struct rval *a, const struct rval *b)
{
    if (b->k == RV_STR)
        return a->k == RV_STR && (a->n == 0 || memmem(b->s, b->n, a->s, a->n) != NULL);
    if (b->k != RV_LIST)
        return false;
    for (size_t i = 0; i < b->n; i++) {
        size_t mark = ev->n;
        struct rval item = from_node(ev, rv_item(ev, b, i));
        bool eq = rv_eq(a, &item);
        ev->n = mark;
        if (eq)
            return true;
    }
    return false;
}

static struct rval rv_bool(bool b) { return (struct rval){.k = RV_BOOL, .b = b}; }

static struct rval rv_num(double x)
{
    return isfinite(x) ? (struct rval){.k = RV_NUM, .num = x} : rv_null;
}

/* PCRE2's JIT reads up to a vector past the end of its subject (harmless on the heap, but memory
 * checkers report it), so the subject is matched from a copy with zeroed slack after it. */
#define MATCH_SLACK 64

static const char *padded_subject(struct expr_eval *ev, const char *s, size_t n)
{
    if (n + MATCH_SLACK > ev->subject_cap) {
        size_t cap = (n + MATCH_SLACK) * 2;
        char *p = realloc(ev->subject, cap);
        if (!p)
            return NULL;
        ev->subject = p;
        ev->subject_cap = cap;
    }
    memcpy(ev->subject, s, n);
    memset(ev->subject + n, 0, MATCH_SLACK);
    return ev->subject;
}

static struct rval eval_match(struct expr_eval *ev, const struct expr *e)
{
    struct rval a = eval(ev, e->a);
    if (a.k != RV_STR)
        return rv_bool(false); /* a missing text neither matches nor fails to match */
    const char *subject = padded_subject(ev, a.s, a.n);
    if (!subject)
        return rv_bool(false);
    int rc = pcre2_match(e->re, (PCRE2_SPTR)subject, a.n, 0, 0, ev->md, ev->mctx);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
        return rv_bool(false); /* gave up (match limit): no finding rather than a guess */
    return rv_bool((rc >= 0) == (e->op == EX_MATCH));
}

static struct rval eval_arith(struct expr_eval *ev, const struct expr *e)
{
    struct rval a = eval(ev, e->a), b = eval(ev, e->b);
    if (a.k != RV_NUM || b.k != RV_NUM)
        return rv_null;
    switch (e->op) {
    case EX_ADD: return rv_num(a.num + b.num);
    case EX_SUB: return rv_num(a.num - b.num);
    case EX_MUL: return rv_num(a.num * b.num);
    case EX_DIV: return b.num == 0 ? rv_null : rv_num(a.num / b.num);
    default: return b.num == 0 ? rv_null : rv_num(fmod(a.num, b.num));
    }
}

/* any(), all() and count(): `it` is bound to each element in turn at the quantifier's level. */
static struct rval eval_quant(struct expr_eval *ev, const struct expr *e)
{
    struct rval list = eval(ev, e->a);
    size_t matched = 0, n = list.k == RV_LIST ? list.n : 0;
    for (size_t i = 0; i < n; i++) {
        bool ok = true;
        if (e->b) {
            size_t mark = ev->n;
            ev->its[e->it_level] = rv_item(ev, &list, i);
            struct rval c = eval(ev, e->b);
            ok = truthy(&c);
            ev->n = mark;
        }
        if (ok)
            matched++;
        if (e->op == EX_ANY && ok)
            return rv_bool(true);
        if (e->op == EX_ALL && !ok)
            return rv_bool(false);
    }
    if (e->op == EX_COUNT)
        return rv_num((double)matched);
    return rv_bool(e->op == EX_ALL);
}

static struct rval eval_func(struct expr_eval *ev, const struct expr *e)
{
    struct rval a = eval(ev, e->a);
    if (e->op == EX_COALESCE)
        return a.k != RV_NULL ? a : eval(ev, e->b);
    if (e->op == EX_LEN)
        return a.k == RV_STR || a.k == RV_LIST ? rv_num((double)a.n) : rv_null;
    if (a.k != RV_STR)
        return rv_null;
    char *s = arena_alloc(&ev->ar, a.n + 1);
    if (!s)
        return rv_null;
    for (size_t i = 0; i < a.n; i++)
        s[i] = a.s[i] >= 'A' && a.s[i] <= 'Z' ? (char)(a.s[i] + 32) : a.s[i];
    return (struct rval){.k = RV_STR, .s = s, .n = a.n};
}

static struct rval eval_logic(struct expr_eval *ev, const struct expr *e)
{
    struct rval a = eval(ev, e->a);
    if (e->op == EX_NOT)
        return rv_bool(!truthy(&a));
    if (truthy(&a) == (e->op == EX_OR))
        return rv_bool(e->op == EX_OR);
    struct rval b = eval(ev, e->b);
    return rv_bool(truthy(&b));
}

static struct rval eval_compare(struct expr_eval *ev, const struct expr *e)
{
    struct rval a = eval(ev, e->a), b = eval(ev, e->b);
    switch (e->op) {
    case EX_EQ: return rv_bool(rv_eq(&a, &b));
    case EX_NE: return rv_bool(!rv_eq(&a, &b));
    case EX_IN: return rv_bool(rv_in(ev, &a, &b));
    case EX_NOT_IN: return rv_bool(!rv_in(ev, &a, &b));
    default: return rv_bool(rv_order(e->op, &a, &b));
    }
}

static struct rval eval(struct expr_eval *ev, const struct expr *e)
{
    switch (e->op) {
    case EX_NUM: return rv_num(e->num);
    case EX_STR: return (struct rval){.k = RV_STR, .s = e->str, .n = e->len};
    case EX_BOOL: return rv_bool(e->boolean);
    case EX_NULL: return rv_null;
    case EX_LIST: return (struct rval){.k = RV_LIST, .fixed = e->items, .n = e->nitems};
    case EX_PATH: return eval_path(ev, e);
    case EX_THRESH: return ev->b->thresholds ? from_node(ev, ev->b->thresholds[e->thresh]) : rv_null;
    case EX_OR: case EX_AND: case EX_NOT: return eval_logic(ev, e);
    case EX_NEG: {
        struct rval a = eval(ev, e->a);
        return a.k == RV_NUM ? rv_num(-a.num) : rv_null;
    }
    case EX_MATCH: case EX_NOT_MATCH: return eval_match(ev, e);
    case EX_EQ: case EX_NE: case EX_LT: case EX_LE: case EX_GT: case EX_GE: case EX_IN:
    case EX_NOT_IN:
        return eval_compare(ev, e);
    case EX_ADD: case EX_SUB: case EX_MUL: case EX_DIV: case EX_MOD: return eval_arith(ev, e);
    case EX_ANY: case EX_ALL: case EX_COUNT: return eval_quant(ev, e);
    default: return eval_func(ev, e);
    }
}

/* Public entry points nest (expr_eval_each's callback evaluates further expressions): the outermost
 * one resets the arena, each one gives back the scratch it used. */
static size_t enter(struct expr_eval *ev, const struct expr_bindings *b,
                    const struct expr_bindings **saved)
{
    if (ev->active++ == 0)
        arena_reset(&ev->ar);
    *saved = ev->b;
    ev->b = b;
    ev->its[0] = b->it;
    return ev->n;
}

static void leave(struct expr_eval *ev, size_t mark, const struct expr_bindings *saved)
{
    ev->n = mark;
    ev->b = saved;
    ev->its[0] = saved ? saved->it : NULL;
    ev->active--;
}

bool expr_eval_bool(struct expr_eval *ev, const struct expr *e, const struct expr_bindings *b)
{
    const struct expr_bindings *saved;
    size_t mark = enter(ev, b, &saved);
    struct rval v = eval(ev, e);
    bool t = truthy(&v);
    leave(ev, mark, saved);
    return t;
}

static cJSON *to_json(struct expr_eval *ev, const struct rval *v)
{
    switch (v->k) {
    case RV_BOOL: return cJSON_CreateBool(v->b);
    case RV_NUM: return cJSON_CreateNumber(v->num);
    case RV_STR: {
        char *s = arena_strndup(&ev->ar, v->s, v->n);
        return s ? cJSON_CreateString(s) : NULL;
    }
    case RV_OBJ: return cJSON_Duplicate(v->node, true);
    case RV_LIST: {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < v->n; i++) {
            cJSON *c = cJSON_Duplicate(rv_item(ev, v, i), true);
            if (!c) {
                cJSON_Delete(arr);
                return NULL;
            }
            cJSON_AddItemToArray(arr, c);
        }
        return arr;
    }
    default: return cJSON_CreateNull();
    }
}

cJSON *expr_eval_json(struct expr_eval *ev, const struct expr *e, const struct expr_bindings *b)
{
    const struct expr_bindings *saved;
    size_t mark = enter(ev, b, &saved);
    struct rval v = eval(ev, e);
    cJSON *j = to_json(ev, &v);
    leave(ev, mark, saved);
    return j;
}

int expr_eval_each(struct expr_eval *ev, const struct expr *e, const struct expr_bindings *b,
                   int (*fn)(void *arg, const cJSON *elem), void *arg)
{
    const struct expr_bindings *saved;
    size_t mark = enter(ev, b, &saved);
    struct rval v = eval(ev, e);
    int rc = 0;
    size_t n = v.k == RV_LIST ? v.n : 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t top = ev->n; /* the callback's evaluations stack above the list */
        if (fn(arg, rv_item(ev, &v, i)) != 0)
            rc = -1;
        ev->n = top;
    }
    leave(ev, mark, saved);
    return rc < 0 ? -1 : (int)n;
}
