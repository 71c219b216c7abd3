/* The parser of the rule expression language: a recursive descent over the tokens of expr_lex.c that
 * builds the tree of expr_int.h and checks, before any fact is seen, what can be checked: syntax,
 * roots, threshold names, `it`, regexes (compiled here, once) and the types of operands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr_int.h"

struct parser {
    struct ex_lexer lx;
    const struct expr_env *env;
    int level;   /* quantifier nesting: `it` names the element of the innermost one */
    int nest;    /* recursion depth of the descent */
    bool failed;
};

/* The roots a path may start with: the fact trees the engine builds (docs/rules-format.md). */
static const char *const known_roots[] = {
    "statement", "query", "class", "plan", "plan_table", "table", "index", "schema", "run",
    "server", "digest", "nplus1", NULL,
};

static const char *const reserved[] = {
    "and", "or", "not", "in", "true", "false", "null", "any", "all", "count", "len", "lower", "coalesce", NULL,
};

static struct expr *parse_or(struct parser *p);

static struct expr *fail(struct parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct expr *fail(struct parser *p, size_t pos, const char *fmt, ...)
{
    if (!p->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->lx.err->msg, sizeof p->lx.err->msg, fmt, ap);
        va_end(ap);
        p->lx.err->pos = pos;
        p->failed = true;
    }
    return NULL;
}

static bool advance(struct parser *p)
{
    if (ex_lex_next(&p->lx) == TK_ERROR) {
        p->failed = true;
        return false;
    }
    return true;
}

const char *expr_type_name(enum expr_type t)
{
    static const char *const names[] = {"any", "boolean", "number", "string", "null", "list"};
    return names[t];
}

static struct expr *node(struct parser *p, enum ex_op op, size_t pos, enum expr_type type)
{
    struct expr *e = calloc(1, sizeof *e);
    if (!e)
        return fail(p, pos, "out of memory");
    e->op = op;
    e->pos = pos;
    e->start = pos;
    e->type = type;
    return e;
}

/* Attaches operands and refuses trees too deep to evaluate with bounded recursion. */
static struct expr *join(struct parser *p, struct expr *e, struct expr *a, struct expr *b)
{
    if (!e) {
        expr_free(a);
        expr_free(b);
        return NULL;
    }
    e->a = a;
    e->b = b;
    if (a && a->start < e->start)
        e->start = a->start;
    int d = a ? a->depth : 0;
    if (b && b->depth > d)
        d = b->depth;
    e->depth = d + 1;
    if (e->depth > EXPR_MAX_DEPTH) {
        size_t pos = e->start;
        expr_free(e);
        return fail(p, pos, "expression nested too deeply (over %d levels)", EXPR_MAX_DEPTH);
    }
    return e;
}

void expr_free(struct expr *e)
{
    if (!e)
        return;
    expr_free(e->a);
    expr_free(e->b);
    free(e->str);
    cJSON_Delete(e->lit);
    free(e->items);
    free(e->root);
    for (size_t i = 0; i < e->nsegs; i++) {
        free(e->segs[i].name);
        expr_free(e->segs[i].index);
    }
    free(e->segs);
    if (e->re)
        pcre2_code_free(e->re);
    free(e);
}

enum expr_type expr_static_type(const struct expr *e) { return e->type; }

static bool type_is(enum expr_type t, enum expr_type want)
{
    return t == EXPR_ANY || t == want;
}

static struct expr *want_type(struct parser *p, struct expr *e, enum expr_type want,
                              const char *what)
{
    if (e && !type_is(e->type, want)) {
        fail(p, e->start, "%s must be a %s, not a %s", what, expr_type_name(want),
             expr_type_name(e->type));
        expr_free(e);
        return NULL;
    }
    return e;
}

/* A constant inside a list literal: a number (possibly negative), a string, true, false or null. */
static cJSON *list_constant(struct parser *p)
{
    struct ex_lexer *lx = &p->lx;
    cJSON *c = NULL;
    bool neg = lx->tok == TK_MINUS;
    if (neg && !advance(p))
        return NULL;
    if (lx->tok == TK_NUM)
        c = cJSON_CreateNumber(neg ? -lx->num : lx->num);
    else if (neg)
        return fail(p, lx->tpos, "a list literal holds constants: a number must follow '-'"), NULL;
    else if (lx->tok == TK_STR)
        c = memchr(lx->str, '\0', lx->slen) ? NULL : cJSON_CreateString(lx->str);
    else if (ex_lex_is(lx, "true") || ex_lex_is(lx, "false"))
        c = cJSON_CreateBool(ex_lex_is(lx, "true"));
    else if (ex_lex_is(lx, "null"))
        c = cJSON_CreateNull();
    else
        return fail(p, lx->tpos, "a list literal holds constants only (numbers, strings, "
                                 "true, false, null)"), NULL;
    if (!c)
        fail(p, lx->tpos, "out of memory or NUL in a list string");
    else if (!advance(p)) {
        cJSON_Delete(c);
        c = NULL;
    }
    return c;
}

static struct expr *parse_list(struct parser *p)
{
    struct expr *e = node(p, EX_LIST, p->lx.tpos, EXPR_LIST);
    if (!e || !advance(p) || !(e->lit = cJSON_CreateArray())) {
        expr_free(e);
        return fail(p, p->lx.tpos, "out of memory");
    }
    while (p->lx.tok != TK_RBRACK) {
        if (e->nitems && (p->lx.tok != TK_COMMA || !advance(p))) {
            expr_free(e);
            return fail(p, p->lx.tpos, "expected ',' or ']' in a list");
        }
        cJSON *c = list_constant(p);
        if (!c) {
            expr_free(e);
            return NULL;
        }
        cJSON_AddItemToArray(e->lit, c);
        e->nitems++;
    }
    e->items = malloc((e->nitems ? e->nitems : 1) * sizeof *e->items);
    if (!e->items) {
        size_t pos = e->pos;
        expr_free(e);
        return fail(p, pos, "out of memory");
    }
    size_t i = 0;
    for (const cJSON *c = e->lit->child; c; c = c->next)
        e->items[i++] = c;
    return advance(p) ? e : (expr_free(e), NULL);
}

static bool add_seg(struct parser *p, struct expr *e, enum ex_seg_kind kind)
{
    struct ex_seg *s = realloc(e->segs, (e->nsegs + 1) * sizeof *s);
    if (!s)
        return fail(p, p->lx.tpos, "out of memory"), false;
    e->segs = s;
    s[e->nsegs++] = (struct ex_seg){.kind = kind};
    return true;
}

/* The segments after a root: .name, [] (every element) and [expr] (one element). */
static struct expr *parse_segments(struct parser *p, struct expr *e)
{
    struct ex_lexer *lx = &p->lx;
    while (lx->tok == TK_DOT || lx->tok == TK_LBRACK) {
        bool dot = lx->tok == TK_DOT;
        if (!advance(p))
            break;
        if (dot) {
            if (lx->tok != TK_IDENT) {
                fail(p, lx->tpos, "expected a field name after '.'");
                break;
            }
            if (!add_seg(p, e, SEG_FIELD) ||
                !(e->segs[e->nsegs - 1].name = strndup(lx->text + lx->tpos, lx->tlen)) ||
                !advance(p))
                break;
        } else if (lx->tok == TK_RBRACK) {
            if (!add_seg(p, e, SEG_EACH) || !advance(p))
                break;
            e->multi = true;
            e->type = EXPR_LIST;
        } else {
            struct expr *ix = want_type(p, parse_or(p), EXPR_NUM, "an index");
            if (!ix || !add_seg(p, e, SEG_INDEX)) {
                expr_free(ix);
                break;
            }
            e->segs[e->nsegs - 1].index = ix;
            if (ix->depth + 1 > e->depth)
                e->depth = ix->depth + 1;
            if (lx->tok != TK_RBRACK) {
                fail(p, lx->tpos, "expected ']'");
                break;
            }
            if (!advance(p))
                break;
        }
    }
    if (p->failed || e->depth > EXPR_MAX_DEPTH) {
        size_t pos = e->pos;
        expr_free(e);
        return fail(p, pos, "expression nested too deeply");
    }
    return e;
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return true;
    return false;
}

static struct expr *parse_path(struct parser *p)
{
    struct ex_lexer *lx = &p->lx;
    const char *name = lx->text + lx->tpos;
    size_t n = lx->tlen;
    struct expr *e = node(p, EX_PATH, lx->tpos, EXPR_ANY);
    if (!e)
        return NULL;
    if (n == 2 && memcmp(name, "it", 2) == 0) {
        if (p->level == 0 && !p->env->it_at_top) {
            expr_free(e);
            return fail(p, lx->tpos, "'it' names a list element: use it inside any(), all() or "
                                     "count(), or in a rule with \"each\"");
        }
        e->it_level = p->level;
    } else if (!in_list(known_roots, name, n)) {
        expr_free(e);
        return fail(p, lx->tpos, "unknown name '%.*s' (a path starts with statement, query, class, "
                                 "plan, plan_table, table, index, schema, run, server, digest or "
                                 "it)",
                    (int)(n > 40 ? 40 : n), name);
    } else if (!(e->root = strndup(name, n))) {
        expr_free(e);
        return fail(p, lx->tpos, "out of memory");
    }
    e->depth = 1;
    if (!advance(p)) {
        expr_free(e);
        return NULL;
    }
    return parse_segments(p, e);
}

static struct expr *parse_threshold(struct parser *p)
{
    struct ex_lexer *lx = &p->lx;
    const char *name = lx->text + lx->tpos + 1;
    size_t n = lx->tlen - 1;
    for (size_t i = 0; i < p->env->nthresholds; i++) {
        if (strlen(p->env->thresholds[i]) == n && memcmp(p->env->thresholds[i], name, n) == 0) {
            struct expr *e = node(p, EX_THRESH, lx->tpos, p->env->threshold_types[i]);
            if (e) {
                e->thresh = i;
                e->depth = 1;
            }
            return e && advance(p) ? e : (expr_free(e), NULL);
        }
    }
    return fail(p, lx->tpos, "unknown threshold '$%.*s' (declare it in \"thresholds\")",
                (int)(n > 40 ? 40 : n), name);
}

static const struct { const char *name; enum ex_op op; int minargs, maxargs; } funcs[] = {
    {"any", EX_ANY, 2, 2}, {"all", EX_ALL, 2, 2}, {"count", EX_COUNT, 1, 2},
    {"len", EX_LEN, 1, 1}, {"lower", EX_LOWER, 1, 1}, {"coalesce", EX_COALESCE, 2, 2},
};

/* The second argument of a quantifier is a condition on `it`, one nesting level down. */
static struct expr *parse_call_args(struct parser *p, struct expr *e, int maxargs)
{
    struct ex_lexer *lx = &p->lx;
    bool quant = e->op == EX_ANY || e->op == EX_ALL || e->op == EX_COUNT;
    struct expr *a = parse_or(p), *b = NULL;
    if (a && maxargs == 2 && lx->tok == TK_COMMA && advance(p)) {
        if (quant)
            p->level++;
        b = parse_or(p);
        if (quant)
            p->level--;
        if (!b) {
            expr_free(a);
            a = NULL;
        }
    }
    e = join(p, e, a, b);
    if (!e || !a)
        return expr_free(e), NULL;
    if (quant)
        e->it_level = p->level + 1;
    if (lx->tok != TK_RPAREN) {
        expr_free(e);
        return fail(p, lx->tpos, "expected ')' after the arguments");
    }
    return advance(p) ? e : (expr_free(e), NULL);
}

static struct expr *check_call(struct parser *p, struct expr *e, int minargs)
{
    if (!e)
        return NULL;
    if (minargs == 2 && !e->b) {
        expr_free(e);
        return fail(p, p->lx.tpos, "any(), all() and coalesce() take two arguments");
    }
    const char *fname = e->op == EX_ANY ? "any()" : e->op == EX_ALL ? "all()" : "count()";
    switch (e->op) {
    case EX_ANY: case EX_ALL: case EX_COUNT:
        if (!type_is(e->a->type, EXPR_LIST))
            return fail(p, e->a->start, "the first argument of %s must be a list, not a %s", fname,
                        expr_type_name(e->a->type)), expr_free(e), NULL;
        if (e->b && !type_is(e->b->type, EXPR_BOOL))
            return fail(p, e->b->start, "the condition of %s must be a boolean, not a %s", fname,
                        expr_type_name(e->b->type)), expr_free(e), NULL;
        break;
    case EX_COALESCE:
        if (e->a->type == e->b->type || e->b->type == EXPR_NULL)
            e->type = e->a->type;
        else if (e->a->type == EXPR_NULL)
            e->type = e->b->type;
        break;
    case EX_LEN:
        if (e->a->type != EXPR_ANY && e->a->type != EXPR_STR && e->a->type != EXPR_LIST)
            return fail(p, e->a->start, "len() takes a string or a list, not a %s",
                        expr_type_name(e->a->type)), expr_free(e), NULL;
        break;
    default:
        if (!type_is(e->a->type, EXPR_STR))
            return fail(p, e->a->start, "lower() takes a string, not a %s",
                        expr_type_name(e->a->type)), expr_free(e), NULL;
    }
    return e;
}

static struct expr *parse_call(struct parser *p, size_t k)
{
    struct expr *e = node(p, funcs[k].op, p->lx.tpos,
                          funcs[k].op == EX_ANY || funcs[k].op == EX_ALL ? EXPR_BOOL
                          : funcs[k].op == EX_LOWER ? EXPR_STR
                          : funcs[k].op == EX_COALESCE ? EXPR_ANY : EXPR_NUM);
    if (!e || !advance(p) || !advance(p)) /* the name, then the '(' */
        return expr_free(e), NULL;
    return check_call(p, parse_call_args(p, e, funcs[k].maxargs), funcs[k].minargs);
}

static struct expr *parse_ident(struct parser *p)
{
    struct ex_lexer *lx = &p->lx;
    for (size_t k = 0; k < sizeof funcs / sizeof funcs[0]; k++) {
        if (ex_lex_is(lx, funcs[k].name)) {
            size_t save = lx->pos;
            while (save < lx->n && (lx->text[save] == ' ' || lx->text[save] == '\t'))
                save++;
            if (save >= lx->n || lx->text[save] != '(')
                return fail(p, lx->tpos, "%s is a function: write %s(...)", funcs[k].name,
                            funcs[k].name);
            return parse_call(p, k);
        }
    }
    struct expr *e = NULL;
    if (ex_lex_is(lx, "true") || ex_lex_is(lx, "false")) {
        if ((e = node(p, EX_BOOL, lx->tpos, EXPR_BOOL)))
            e->boolean = ex_lex_is(lx, "true");
    } else if (ex_lex_is(lx, "null")) {
        e = node(p, EX_NULL, lx->tpos, EXPR_NULL);
    } else if (in_list(reserved, lx->text + lx->tpos, lx->tlen)) {
        return fail(p, lx->tpos, "unexpected '%.*s'", (int)lx->tlen, lx->text + lx->tpos);
    } else {
        return parse_path(p);
    }
    if (e)
        e->depth = 1;
    return e && advance(p) ? e : (expr_free(e), NULL);
}

static struct expr *parse_primary(struct parser *p)
{
    struct ex_lexer *lx = &p->lx;
    struct expr *e;
    switch (lx->tok) {
    case TK_NUM:
        if ((e = node(p, EX_NUM, lx->tpos, EXPR_NUM)))
            e->num = lx->num;
        break;
    case TK_STR:
        if ((e = node(p, EX_STR, lx->tpos, EXPR_STR))) {
            e->str = lx->str;
            e->len = lx->slen;
            lx->str = NULL;
        }
        break;
    case TK_LBRACK:
        return parse_list(p);
    case TK_THRESH:
        return parse_threshold(p);
    case TK_IDENT:
        return parse_ident(p);
    case TK_LPAREN:
        if (!advance(p))
            return NULL;
        e = parse_or(p);
        if (e && lx->tok != TK_RPAREN)
            return expr_free(e), fail(p, lx->tpos, "expected ')'");
        return e && advance(p) ? e : (expr_free(e), NULL);
    case TK_END:
        return fail(p, lx->tpos, "expression ends too soon");
    default:
        return fail(p, lx->tpos, "unexpected '%.*s'", (int)lx->tlen, lx->text + lx->tpos);
    }
    if (e)
        e->depth = 1;
    return e && advance(p) ? e : (expr_free(e), NULL);
}

static struct expr *parse_unary(struct parser *p)
{
    if (++p->nest > EXPR_MAX_DEPTH) {
        p->nest--;
        return fail(p, p->lx.tpos, "expression nested too deeply (over %d levels)", EXPR_MAX_DEPTH);
    }
    struct expr *e;
    if (p->lx.tok == TK_MINUS) {
        size_t pos = p->lx.tpos;
        if (!advance(p)) {
            p->nest--;
            return NULL;
        }
        e = want_type(p, parse_unary(p), EXPR_NUM, "the operand of '-'");
        e = e ? join(p, node(p, EX_NEG, pos, EXPR_NUM), e, NULL) : NULL;
    } else {
        e = parse_primary(p);
    }
    p->nest--;
    return e;
}

static struct expr *binary(struct parser *p, enum ex_op op, size_t pos, enum expr_type type,
                           struct expr *a, struct expr *b)
{
    if (!a || !b) {
        expr_free(a);
        expr_free(b);
        return NULL;
    }
    return join(p, node(p, op, pos, type), a, b);
}

static struct expr *parse_mul(struct parser *p)
{
    struct expr *e = want_type(p, parse_unary(p), EXPR_NUM, "an operand of arithmetic");
    while (e && (p->lx.tok == TK_STAR || p->lx.tok == TK_SLASH || p->lx.tok == TK_PERCENT)) {
        enum ex_op op = p->lx.tok == TK_STAR ? EX_MUL : p->lx.tok == TK_SLASH ? EX_DIV : EX_MOD;
        size_t pos = p->lx.tpos;
        if (!advance(p))
            return expr_free(e), NULL;
        struct expr *b = want_type(p, parse_unary(p), EXPR_NUM, "an operand of arithmetic");
        e = binary(p, op, pos, EXPR_NUM, e, b);
    }
    return e;
}

/* An operand that is not followed by an arithmetic operator keeps its own type. */
static struct expr *parse_add(struct parser *p)
{
    struct expr *e = parse_unary(p);
    bool arith = p->lx.tok == TK_STAR || p->lx.tok == TK_SLASH || p->lx.tok == TK_PERCENT ||
                 p->lx.tok == TK_PLUS || p->lx.tok == TK_MINUS;
    if (!e || !arith)
        return e;
    e = want_type(p, e, EXPR_NUM, "an operand of arithmetic");
    while (e && (p->lx.tok == TK_STAR || p->lx.tok == TK_SLASH || p->lx.tok == TK_PERCENT)) {
        enum ex_op op = p->lx.tok == TK_STAR ? EX_MUL : p->lx.tok == TK_SLASH ? EX_DIV : EX_MOD;
        size_t pos = p->lx.tpos;
        if (!advance(p))
            return expr_free(e), NULL;
        e = binary(p, op, pos, EXPR_NUM, e,
                   want_type(p, parse_unary(p), EXPR_NUM, "an operand of arithmetic"));
    }
    while (e && (p->lx.tok == TK_PLUS || p->lx.tok == TK_MINUS)) {
        enum ex_op op = p->lx.tok == TK_PLUS ? EX_ADD : EX_SUB;
        size_t pos = p->lx.tpos;
        if (!advance(p))
            return expr_free(e), NULL;
        e = binary(p, op, pos, EXPR_NUM, e, parse_mul(p));
    }
    return e;
}

static bool compile_regex(struct parser *p, struct expr *e)
{
    if (e->b->op != EX_STR)
        return fail(p, e->b->pos, "the right side of =~ and !~ must be a string literal (a "
                                  "pattern compiled once)"), false;
    int code;
    PCRE2_SIZE off;
    e->re = pcre2_compile((PCRE2_SPTR)e->b->str, e->b->len, 0, &code, &off, NULL);
    if (!e->re) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof msg);
        return fail(p, e->b->pos + 1 + off, "bad regular expression: %s", (char *)msg), false;
    }
    pcre2_jit_compile(e->re, PCRE2_JIT_COMPLETE); /* without JIT it is interpreted: still right */
    return true;
}

static bool known(enum expr_type t) { return t != EXPR_ANY && t != EXPR_NULL; }

static bool check_compare(struct parser *p, struct expr *e)
{
    enum expr_type ta = e->a->type, tb = e->b->type;
    switch (e->op) {
    case EX_EQ: case EX_NE:
        if (ta == EXPR_LIST || tb == EXPR_LIST)
            return fail(p, e->pos, "a list is not compared with ==: use 'in', any() or all()"),
                   false;
        if (known(ta) && known(tb) && ta != tb)
            return fail(p, e->pos, "comparing a %s with a %s is always false",
                        expr_type_name(ta), expr_type_name(tb)), false;
        return true;
    case EX_IN: case EX_NOT_IN:
        if (ta == EXPR_LIST)
            return fail(p, e->a->start, "the left side of 'in' is one value, not a list"), false;
        if (tb != EXPR_ANY && tb != EXPR_LIST && tb != EXPR_STR)
            return fail(p, e->b->start, "the right side of 'in' must be a list or a string, not a "
                                      "%s", expr_type_name(tb)), false;
        return true;
    case EX_MATCH: case EX_NOT_MATCH:
        if (!type_is(ta, EXPR_STR))
            return fail(p, e->a->start, "=~ matches a string, not a %s", expr_type_name(ta)), false;
        return compile_regex(p, e);
    default:
        if ((ta != EXPR_ANY && ta != EXPR_NUM && ta != EXPR_STR) ||
            (tb != EXPR_ANY && tb != EXPR_NUM && tb != EXPR_STR))
            return fail(p, e->pos, "ordering compares numbers or strings, not a %s",
                        expr_type_name(ta == EXPR_NUM || ta == EXPR_STR ? tb : ta)), false;
        if (known(ta) && known(tb) && ta != tb)
            return fail(p, e->pos, "comparing a %s with a %s is always false",
                        expr_type_name(ta), expr_type_name(tb)), false;
        return true;
    }
}

static const struct { enum ex_tok tok; enum ex_op op; } cmp_ops[] = {
    {TK_EQ, EX_EQ}, {TK_NE, EX_NE}, {TK_LT, EX_LT}, {TK_LE, EX_LE}, {TK_GT, EX_GT},
    {TK_GE, EX_GE}, {TK_MATCH, EX_MATCH}, {TK_NOT_MATCH, EX_NOT_MATCH},
};

static struct expr *parse_cmp(struct parser *p)
{
    struct expr *a = parse_add(p);
    if (!a)
        return NULL;
    struct ex_lexer *lx = &p->lx;
    size_t pos = lx->tpos;
    enum ex_op op = EX_NULL;
    for (size_t k = 0; k < sizeof cmp_ops / sizeof cmp_ops[0]; k++)
        if (lx->tok == cmp_ops[k].tok)
            op = cmp_ops[k].op;
    if (ex_lex_is(lx, "in")) {
        op = EX_IN;
    } else if (ex_lex_is(lx, "not")) {
        if (!advance(p))
            return expr_free(a), NULL;
        if (!ex_lex_is(lx, "in"))
            return expr_free(a), fail(p, lx->tpos, "expected 'in' after 'not' here");
        op = EX_NOT_IN;
    }
    if (op == EX_NULL)
        return a;
    if (!advance(p))
        return expr_free(a), NULL;
    struct expr *e = binary(p, op, pos, EXPR_BOOL, a, parse_add(p));
    if (e && !check_compare(p, e)) {
        expr_free(e);
        return NULL;
    }
    return e;
}

static struct expr *parse_not(struct parser *p)
{
    if (!ex_lex_is(&p->lx, "not"))
        return parse_cmp(p);
    size_t pos = p->lx.tpos;
    if (++p->nest > EXPR_MAX_DEPTH || !advance(p)) {
        p->nest--;
        return fail(p, pos, "expression nested too deeply (over %d levels)", EXPR_MAX_DEPTH);
    }
    struct expr *a = want_type(p, parse_not(p), EXPR_BOOL, "the operand of 'not'");
    p->nest--;
    return a ? join(p, node(p, EX_NOT, pos, EXPR_BOOL), a, NULL) : NULL;
}

static struct expr *parse_and(struct parser *p)
{
    struct expr *e = parse_not(p);
    if (e && ex_lex_is(&p->lx, "and"))
        e = want_type(p, e, EXPR_BOOL, "an operand of 'and'");
    while (e && ex_lex_is(&p->lx, "and")) {
        size_t pos = p->lx.tpos;
        if (!advance(p))
            return expr_free(e), NULL;
        e = binary(p, EX_AND, pos, EXPR_BOOL, e,
                   want_type(p, parse_not(p), EXPR_BOOL, "an operand of 'and'"));
    }
    return e;
}

static struct expr *parse_or(struct parser *p)
{
    struct expr *e = parse_and(p);
    if (e && ex_lex_is(&p->lx, "or"))
        e = want_type(p, e, EXPR_BOOL, "an operand of 'or'");
    while (e && ex_lex_is(&p->lx, "or")) {
        size_t pos = p->lx.tpos;
        if (!advance(p))
            return expr_free(e), NULL;
        e = binary(p, EX_OR, pos, EXPR_BOOL, e,
                   want_type(p, parse_and(p), EXPR_BOOL, "an operand of 'or'"));
    }
    return e;
}

struct expr *expr_parse(const char *text, size_t n, const struct expr_env *env,
                        struct expr_error *err)
{
    static const struct expr_env none = {0};
    struct parser p = {.lx = {.text = text, .n = n, .err = err}, .env = env ? env : &none};
    err->pos = 0;
    err->msg[0] = '\0';
    struct expr *e = advance(&p) ? parse_or(&p) : NULL;
    if (e && p.lx.tok != TK_END) {
        fail(&p, p.lx.tpos, "unexpected '%.*s' after the expression",
             (int)(p.lx.tlen > 40 ? 40 : p.lx.tlen), text + p.lx.tpos);
        expr_free(e);
        e = NULL;
    }
    if (!e && !err->msg[0])
        snprintf(err->msg, sizeof err->msg, "out of memory");
    ex_lex_free(&p.lx);
    return e;
}
