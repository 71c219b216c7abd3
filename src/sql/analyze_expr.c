/* Expressions for the analyzer: MySQL operator precedence by precedence climbing, into a small
 * tree in the arena. Everything a predicate can be (comparisons, IN, BETWEEN, LIKE, IS, NOT,
 * AND/OR/XOR) gets its own node; function calls keep their upper-cased name and arguments, with
 * the special argument forms (CAST … AS, EXTRACT(unit FROM …), TRIM, POSITION … IN, GROUP_CONCAT
 * … SEPARATOR, window OVER clauses) read well enough to find the columns inside. */
#include <string.h>

#include "sql/analyze_int.h"

enum {
    BP_ASSIGN = 1, BP_OR, BP_XOR, BP_AND, BP_NOT, BP_CMP, BP_BITOR, BP_BITAND, BP_SHIFT, BP_ADD,
    BP_MUL, BP_BITXOR, BP_UNARY, BP_COLLATE, BP_JSON
};

/* Height of an expression tree before we give up: a left-deep chain (a+b+c…) grows it by one per
 * operator, and the passes after parsing recurse that deep. */
#define SQLX_MAX_HEIGHT 1000

static struct sqlx_node *parse_bp(struct sqlx *x, int minbp);

static struct sqlx_node *node(struct sqlx *x, enum sqlx_node_kind kind, uint32_t t0)
{
    struct sqlx_node *n = sqlx_alloc(x, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->t0 = t0;
    n->t1 = t0 + 1;
    n->pos = n->opos = sqlx_pos(x, t0);
    n->block = SQL_NO_REF;
    n->table = SQL_NO_REF;
    n->height = 1;
    return n;
}

/* Closes a node: its last token and its height, which bounds the recursion of later passes. */
static struct sqlx_node *seal(struct sqlx *x, struct sqlx_node *n)
{
    if (!n)
        return NULL;
    n->t1 = x->i > n->t0 ? x->i : n->t0 + 1;
    unsigned h = 0;
    for (const struct sqlx_node *k = n->kid; k; k = k->next)
        if (k->height > h)
            h = k->height;
    n->height = h + 1;
    n->broken = x->failed; /* the parse stopped inside it: no fact comes from it */
    if (n->height > SQLX_MAX_HEIGHT)
        sqlx_fail(x, n->t0, "expression too deep");
    return n;
}

static void append_kid(struct sqlx_node *parent, struct sqlx_node *kid, struct sqlx_node **last)
{
    if (!kid)
        return;
    if (*last)
        (*last)->next = kid;
    else
        parent->kid = kid;
    *last = kid;
}

static const char *upper_name(struct sqlx *x, const struct sql_token *t)
{
    char *s = sqlx_alloc(x, t->len + 1);
    if (!s)
        return "";
    for (uint32_t k = 0; k < t->len; k++) {
        char c = t->p[k];
        s[k] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    return s;
}

/* ANY ( SELECT …: a quantified comparison. */
static bool at_subquery_after(const struct sqlx *x)
{
    return sqlx_tok_op(sqlx_peek(x, 1), "(") &&
           (sqlx_is_at(x, 2, "SELECT") || sqlx_is_at(x, 2, "WITH"));
}

bool sqlx_at_subquery(const struct sqlx *x)
{
    if (!sqlx_op(x, "("))
        return false;
    if (sqlx_is_at(x, 1, "SELECT") || sqlx_is_at(x, 1, "WITH"))
        return true;
    /* ((SELECT …) UNION (SELECT …)) */
    return sqlx_tok_op(sqlx_peek(x, 1), "(") && sqlx_is_at(x, 2, "SELECT");
}

int sqlx_parse_subquery(struct sqlx *x, enum sql_block_ctx ctx)
{
    if (++x->depth > SQLX_MAX_DEPTH) {
        sqlx_fail(x, x->i, "nesting too deep");
        return SQL_NO_REF;
    }
    int outer = x->cur_block;
    enum sql_block_ctx outer_ctx = x->sub_ctx;
    x->i++; /* ( */
    int b = sqlx_new_block(x, outer, ctx);
    if (b >= 0) {
        x->cur_block = b;
        sqlx_parse_query(x, b);
        sqlx_expect_op(x, ")");
    }
    x->cur_block = outer;
    x->sub_ctx = outer_ctx;
    x->depth--;
    return b;
}

static struct sqlx_node *subquery_node(struct sqlx *x, const char *op)
{
    struct sqlx_node *n = node(x, SQLX_N_SUBQUERY, x->i);
    if (!n)
        return NULL;
    n->op = op;
    n->block = sqlx_parse_subquery(x, x->sub_ctx);
    return seal(x, n);
}

/* Skips to the `)` closing the current argument list, leaving it unread. */
static void skip_to_close(struct sqlx *x)
{
    int depth = 0;
    for (;;) {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (t->kind == SQL_TOK_EOF || (depth == 0 && sqlx_tok_op(t, ")")))
            return;
        if (sqlx_tok_op(t, "("))
            depth++;
        else if (sqlx_tok_op(t, ")"))
            depth--;
        x->i++;
    }
}

static bool is_unit_first(const char *fn)
{
    return strcmp(fn, "EXTRACT") == 0 || strcmp(fn, "TIMESTAMPDIFF") == 0 ||
           strcmp(fn, "TIMESTAMPADD") == 0 || strcmp(fn, "GET_FORMAT") == 0;
}

static void parse_window(struct sqlx *x, struct sqlx_node *fn, struct sqlx_node **last)
{
    if (!sqlx_accept_op(x, "(")) {
        x->i++; /* OVER window_name */
        return;
    }
    if (sqlx_is_ident(sqlx_peek(x, 0)) && !sqlx_is(x, "ROWS") && !sqlx_is(x, "RANGE"))
        x->i++; /* a named window this one refines */
    if (sqlx_is(x, "PARTITION") && sqlx_is_at(x, 1, "BY")) {
        x->i += 2;
        do
            append_kid(fn, parse_bp(x, BP_ASSIGN), last);
        while (!x->failed && sqlx_accept_op(x, ","));
    }
    if (sqlx_is(x, "ORDER") && sqlx_is_at(x, 1, "BY")) {
        x->i += 2;
        do {
            append_kid(fn, parse_bp(x, BP_ASSIGN), last);
            if (!sqlx_accept(x, "ASC"))
                sqlx_accept(x, "DESC");
        } while (!x->failed && sqlx_accept_op(x, ","));
    }
    skip_to_close(x); /* the frame: ROWS BETWEEN … has no columns */
    sqlx_expect_op(x, ")");
}

/* After one argument: the words some functions put between their arguments. False at `)`. */
static bool next_argument(struct sqlx *x, struct sqlx_node *fn, struct sqlx_node **last)
{
    if (sqlx_accept_op(x, ",") || sqlx_accept(x, "FROM") || sqlx_accept(x, "FOR"))
        return true;
    if (sqlx_is(x, "ORDER") && sqlx_is_at(x, 1, "BY")) {
        x->i += 2;
        do {
            append_kid(fn, parse_bp(x, BP_ASSIGN), last);
            if (!sqlx_accept(x, "ASC"))
                sqlx_accept(x, "DESC");
        } while (!x->failed && sqlx_accept_op(x, ","));
        return next_argument(x, fn, last);
    }
    if (sqlx_accept(x, "SEPARATOR")) {
        x->i++;
        return next_argument(x, fn, last);
    }
    if (sqlx_accept(x, "USING")) {
        x->i++;
        return next_argument(x, fn, last);
    }
    skip_to_close(x); /* AS type, RETURNING type, IN BOOLEAN MODE, ON EMPTY …: no columns */
    return false;
}

static void parse_args(struct sqlx *x, struct sqlx_node *fn)
{
    struct sqlx_node *last = NULL;
    const char *name = fn->op;
    if (sqlx_op(x, ")"))
        return;
    if (strcmp(name, "COUNT") == 0 && sqlx_op(x, "*")) {
        append_kid(fn, node(x, SQLX_N_STAR, x->i), &last);
        x->i++;
        return;
    }
    if (is_unit_first(name) && sqlx_peek(x, 0)->kind == SQL_TOK_WORD &&
        (sqlx_tok_op(sqlx_peek(x, 1), ",") || sqlx_is_at(x, 1, "FROM")))
        x->i += 2; /* EXTRACT(YEAR FROM d), TIMESTAMPDIFF(SECOND, a, b) */
    if (strcmp(name, "TRIM") == 0 &&
        (sqlx_accept(x, "LEADING") || sqlx_accept(x, "TRAILING") || sqlx_accept(x, "BOTH")))
        sqlx_accept(x, "FROM");
    if (!sqlx_accept(x, "DISTINCT"))
        sqlx_accept(x, "ALL");
    bool convert = strcmp(name, "CONVERT") == 0, position = strcmp(name, "POSITION") == 0;
    do {
        append_kid(fn, parse_bp(x, position ? BP_CMP + 1 : BP_ASSIGN), &last);
        if (position && sqlx_accept(x, "IN")) /* POSITION(a IN b) */
            append_kid(fn, parse_bp(x, BP_ASSIGN), &last);
        if (convert && sqlx_op(x, ",")) {
            skip_to_close(x); /* CONVERT(x, type) */
            break;
        }
    } while (!x->failed && next_argument(x, fn, &last));
}

static struct sqlx_node *parse_call(struct sqlx *x)
{
    struct sqlx_node *fn = node(x, SQLX_N_FUNC, x->i);
    if (!fn)
        return NULL;
    fn->name = sv_make(sqlx_peek(x, 0)->p, sqlx_peek(x, 0)->len);
    fn->op = upper_name(x, sqlx_peek(x, 0));
    x->i += 2; /* name ( */
    if (++x->depth > SQLX_MAX_DEPTH) {
        sqlx_fail(x, x->i, "nesting too deep");
        return fn;
    }
    parse_args(x, fn);
    sqlx_expect_op(x, ")");
    x->depth--;
    if (!x->failed && sqlx_accept(x, "OVER")) {
        struct sqlx_node *last = fn->kid;
        while (last && last->next)
            last = last->next;
        parse_window(x, fn, &last);
    }
    return seal(x, fn);
}

static struct sqlx_node *parse_match(struct sqlx *x)
{
    struct sqlx_node *fn = node(x, SQLX_N_FUNC, x->i);
    if (!fn)
        return NULL;
    fn->op = "MATCH";
    x->i += 2;
    struct sqlx_node *last = NULL;
    do
        append_kid(fn, parse_bp(x, BP_ASSIGN), &last);
    while (!x->failed && sqlx_accept_op(x, ","));
    sqlx_expect_op(x, ")");
    if (sqlx_expect(x, "AGAINST") && sqlx_expect_op(x, "(")) {
        append_kid(fn, parse_bp(x, BP_CMP + 1), &last);
        skip_to_close(x);
        sqlx_expect_op(x, ")");
    }
    return seal(x, fn);
}

static struct sqlx_node *parse_case(struct sqlx *x)
{
    struct sqlx_node *n = node(x, SQLX_N_CASE, x->i), *last = NULL;
    if (!n)
        return NULL;
    n->op = "CASE";
    x->i++;
    if (!sqlx_is(x, "WHEN"))
        append_kid(n, parse_bp(x, BP_ASSIGN), &last);
    while (!x->failed && sqlx_accept(x, "WHEN")) {
        append_kid(n, parse_bp(x, BP_ASSIGN), &last);
        if (sqlx_expect(x, "THEN"))
            append_kid(n, parse_bp(x, BP_ASSIGN), &last);
    }
    if (!x->failed && sqlx_accept(x, "ELSE"))
        append_kid(n, parse_bp(x, BP_ASSIGN), &last);
    sqlx_expect(x, "END");
    return seal(x, n);
}

/* ( expr ) or ( expr, expr … ) — a row. */
static struct sqlx_node *parse_paren(struct sqlx *x)
{
    if (++x->depth > SQLX_MAX_DEPTH) {
        sqlx_fail(x, x->i, "nesting too deep");
        return NULL;
    }
    uint32_t t0 = x->i++;
    struct sqlx_node *e = parse_bp(x, BP_ASSIGN);
    if (e && sqlx_op(x, ",")) {
        struct sqlx_node *row = node(x, SQLX_N_ROW, t0), *last = NULL;
        if (!row)
            return NULL;
        append_kid(row, e, &last);
        while (!x->failed && sqlx_accept_op(x, ","))
            append_kid(row, parse_bp(x, BP_ASSIGN), &last);
        e = row;
    }
    sqlx_expect_op(x, ")");
    x->depth--;
    return e && e->kind == SQLX_N_ROW ? seal(x, e) : e;
}

static struct sqlx_node *unary(struct sqlx *x, const char *op, int bp)
{
    struct sqlx_node *n = node(x, op[0] == 'N' ? SQLX_N_NOT : SQLX_N_UNARY, x->i);
    if (!n)
        return NULL;
    n->op = op;
    x->i++;
    n->kid = parse_bp(x, bp);
    if (n->kid && (strcmp(op, "-") == 0 || strcmp(op, "BINARY") == 0) &&
        (n->kid->kind == SQLX_N_CONST || n->kid->kind == SQLX_N_PARAM))
        n->kind = n->kid->kind; /* -5 and BINARY 'x' are constants */
    return seal(x, n);
}

static bool no_paren_function(const struct sql_token *t)
{
    static const char *const names[] = {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME",
                                        "LOCALTIME", "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME",
                                        "UTC_TIMESTAMP", "CURRENT_USER"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (sqlx_tok_is(t, names[k]))
            return true;
    return false;
}

static struct sqlx_node *parse_column(struct sqlx *x)
{
    struct sqlx_node *n = node(x, SQLX_N_COLUMN, x->i);
    if (!n)
        return NULL;
    struct sv parts[3];
    int np = 0;
    for (;;) {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (sqlx_tok_op(t, "*") && np > 0) {
            n->kind = SQLX_N_STAR;
            x->i++;
            break;
        }
        if (t->kind != SQL_TOK_WORD && t->kind != SQL_TOK_QIDENT) {
            sqlx_fail(x, x->i, NULL);
            return NULL;
        }
        x->i++;
        parts[np++] = sqlx_glue_name(x, sv_make(t->p, t->len));
        if (np == 3 || !sqlx_op(x, "."))
            break;
        x->i++;
    }
    if (sqlx_op(x, "(") && n->kind == SQLX_N_COLUMN) { /* db.function(…) */
        x->i--;
        return parse_call(x);
    }
    n->name = parts[np - 1];
    if (np >= 2)
        n->qual = parts[np - 2];
    if (np == 3)
        n->qual2 = parts[0];
    if (n->kind == SQLX_N_STAR) {
        n->qual = parts[np - 1];
        n->qual2 = np >= 2 ? parts[np - 2] : SV_NULL;
        n->name = SV_NULL;
    }
    return seal(x, n);
}

static struct sqlx_node *parse_word(struct sqlx *x)
{
    const struct sql_token *t = sqlx_peek(x, 0), *t1 = sqlx_peek(x, 1);
    bool call = sqlx_tok_op(t1, "(");
    if (sqlx_tok_is(t, "NOT"))
        return unary(x, "NOT", BP_NOT);
    if (sqlx_tok_is(t, "BINARY") && !sqlx_tok_op(t1, "."))
        return unary(x, "BINARY", BP_UNARY);
    if (sqlx_tok_is(t, "NULL") || sqlx_tok_is(t, "TRUE") || sqlx_tok_is(t, "FALSE") ||
        (sqlx_tok_is(t, "DEFAULT") && !call) ||
        ((sqlx_tok_is(t, "DATE") || sqlx_tok_is(t, "TIME") || sqlx_tok_is(t, "TIMESTAMP")) &&
         t1->kind == SQL_TOK_STRING)) {
        struct sqlx_node *n = node(x, sqlx_tok_is(t, "NULL") ? SQLX_N_NULL : SQLX_N_CONST, x->i);
        x->i += t1->kind == SQL_TOK_STRING && !sqlx_tok_is(t, "NULL") ? 2 : 1;
        return seal(x, n);
    }
    if ((sqlx_tok_is(t, "EXISTS") || sqlx_tok_is(t, "ANY") || sqlx_tok_is(t, "SOME") ||
         sqlx_tok_is(t, "ALL")) && call) {
        x->i++;
        if (!sqlx_at_subquery(x)) {
            sqlx_fail(x, x->i, NULL);
            return NULL;
        }
        return subquery_node(x, sqlx_tok_is(t, "EXISTS") ? "EXISTS" : "ANY");
    }
    if (sqlx_tok_is(t, "CASE"))
        return parse_case(x);
    if (sqlx_tok_is(t, "INTERVAL")) {
        struct sqlx_node *n = node(x, SQLX_N_INTERVAL, x->i);
        if (!n)
            return NULL;
        x->i++;
        n->kid = parse_bp(x, BP_UNARY);
        x->i++; /* the unit */
        return seal(x, n);
    }
    if (sqlx_tok_is(t, "ROW") && call) {
        x->i++;
        return parse_paren(x);
    }
    if (sqlx_tok_is(t, "MATCH") && call)
        return parse_match(x);
    if (call && t->kind == SQL_TOK_WORD)
        return parse_call(x);
    if (no_paren_function(t)) {
        struct sqlx_node *n = node(x, SQLX_N_FUNC, x->i);
        if (n)
            n->op = upper_name(x, t);
        x->i++;
        return n;
    }
    if (sqlx_is_clause_word(t)) {
        sqlx_fail(x, x->i, NULL);
        return NULL;
    }
    return parse_column(x);
}

static struct sqlx_node *parse_prefix(struct sqlx *x)
{
    const struct sql_token *t = sqlx_peek(x, 0);
    struct sqlx_node *n;
    switch (t->kind) {
    case SQL_TOK_NUMBER:
    case SQL_TOK_STRING:
        n = node(x, SQLX_N_CONST, x->i);
        x->i++;
        while (t->kind == SQL_TOK_STRING && sqlx_peek(x, 0)->kind == SQL_TOK_STRING)
            x->i++; /* 'a' 'b' is one string */
        return seal(x, n);
    case SQL_TOK_PARAM:
    case SQL_TOK_VAR:
        n = node(x, t->kind == SQL_TOK_PARAM ? SQLX_N_PARAM : SQLX_N_VAR, x->i);
        x->i++;
        return n;
    case SQL_TOK_WORD:
    case SQL_TOK_QIDENT:
        return parse_word(x);
    case SQL_TOK_OP:
        if (sqlx_tok_op(t, "("))
            return sqlx_at_subquery(x) ? subquery_node(x, NULL) : parse_paren(x);
        if (sqlx_tok_op(t, "-") || sqlx_tok_op(t, "+") || sqlx_tok_op(t, "~"))
            return unary(x, sqlx_tok_op(t, "-") ? "-" : sqlx_tok_op(t, "+") ? "+" : "~", BP_UNARY);
        if (sqlx_tok_op(t, "!"))
            return unary(x, "NOT", BP_UNARY);
        if (sqlx_tok_op(t, "*")) {
            n = node(x, SQLX_N_STAR, x->i);
            x->i++;
            return n;
        }
        break;
    case SQL_TOK_EOF:
        sqlx_fail(x, x->i, NULL);
        return NULL;
    default:
        break;
    }
    sqlx_fail(x, x->i, NULL);
    return NULL;
}

/* The binding power of the infix operator at the cursor (0: none), its node kind and spelling. */
static int infix(const struct sqlx *x, enum sqlx_node_kind *kind, const char **op)
{
    static const struct { const char *tok; int bp; enum sqlx_node_kind kind; } ops[] = {
        {"=", BP_CMP, SQLX_N_CMP},      {"<=>", BP_CMP, SQLX_N_CMP},   {"<", BP_CMP, SQLX_N_CMP},
        {"<=", BP_CMP, SQLX_N_CMP},     {">", BP_CMP, SQLX_N_CMP},     {">=", BP_CMP, SQLX_N_CMP},
        {"!=", BP_CMP, SQLX_N_CMP},     {"<>", BP_CMP, SQLX_N_CMP},    {"&&", BP_AND, SQLX_N_AND},
        {"|", BP_BITOR, SQLX_N_ARITH},  {"&", BP_BITAND, SQLX_N_ARITH}, {"<<", BP_SHIFT, SQLX_N_ARITH},
        {">>", BP_SHIFT, SQLX_N_ARITH}, {"+", BP_ADD, SQLX_N_ARITH},   {"-", BP_ADD, SQLX_N_ARITH},
        {"*", BP_MUL, SQLX_N_ARITH},    {"/", BP_MUL, SQLX_N_ARITH},   {"%", BP_MUL, SQLX_N_ARITH},
        {"^", BP_BITXOR, SQLX_N_ARITH}, {"->", BP_JSON, SQLX_N_FUNC},  {"->>", BP_JSON, SQLX_N_FUNC},
        {":=", BP_ASSIGN, SQLX_N_OTHER},
    };
    static const struct { const char *kw; int bp; enum sqlx_node_kind kind; } words[] = {
        {"OR", BP_OR, SQLX_N_OR},       {"XOR", BP_XOR, SQLX_N_XOR},   {"AND", BP_AND, SQLX_N_AND},
        {"IS", BP_CMP, SQLX_N_IS},      {"IN", BP_CMP, SQLX_N_IN},     {"BETWEEN", BP_CMP, SQLX_N_BETWEEN},
        {"LIKE", BP_CMP, SQLX_N_LIKE},  {"REGEXP", BP_CMP, SQLX_N_LIKE}, {"RLIKE", BP_CMP, SQLX_N_LIKE},
        {"SOUNDS", BP_CMP, SQLX_N_LIKE}, {"MEMBER", BP_CMP, SQLX_N_OTHER}, {"DIV", BP_MUL, SQLX_N_ARITH},
        {"MOD", BP_MUL, SQLX_N_ARITH},  {"COLLATE", BP_COLLATE, SQLX_N_UNARY},
    };
    const struct sql_token *t = sqlx_peek(x, 0);
    /* Most expressions end at a comma, a parenthesis or a clause word: no operator starts so. */
    unsigned char c0 = t->len ? (unsigned char)(t->p[0] & ~0x20) : 0;
    if (t->kind == SQL_TOK_OP && (t->p[0] == ',' || t->p[0] == ')' || t->p[0] == ';'))
        return 0;
    if (t->kind == SQL_TOK_WORD && !strchr("ABCDILMNORSX", c0))
        return 0;
    if (t->kind == SQL_TOK_OP) {
        if (sqlx_tok_op(t, "||")) {
            bool concat = x->o->sql_modes & SQL_MODE_PIPES_AS_CONCAT;
            *kind = concat ? SQLX_N_ARITH : SQLX_N_OR;
            *op = concat ? "||" : "OR";
            return concat ? BP_BITXOR : BP_OR;
        }
        for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
            if (sqlx_tok_op(t, ops[k].tok)) {
                *kind = ops[k].kind;
                *op = ops[k].tok;
                return ops[k].bp;
            }
        return 0;
    }
    if (t->kind != SQL_TOK_WORD)
        return 0;
    uint32_t k0 = sqlx_tok_is(t, "NOT") ? 1 : 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (sqlx_is_at(x, k0, words[k].kw)) {
            if (k0 && words[k].kind != SQLX_N_IN && words[k].kind != SQLX_N_BETWEEN &&
                words[k].kind != SQLX_N_LIKE)
                return 0;
            *kind = words[k].kind;
            *op = words[k].kw;
            return words[k].bp;
        }
    return 0;
}

static const char *lower_op(const char *kw)
{
    if (strcmp(kw, "LIKE") == 0)
        return "like";
    if (strcmp(kw, "SOUNDS") == 0)
        return "sounds like";
    if (strcmp(kw, "REGEXP") == 0 || strcmp(kw, "RLIKE") == 0)
        return "regexp";
    return kw;
}

/* The right side of IN: ( subquery ) or ( list ). */
static void parse_in_list(struct sqlx *x, struct sqlx_node *n, struct sqlx_node *lhs)
{
    struct sqlx_node *last = lhs;
    if (sqlx_at_subquery(x)) {
        append_kid(n, subquery_node(x, NULL), &last);
        return;
    }
    if (!sqlx_expect_op(x, "("))
        return;
    do
        append_kid(n, parse_bp(x, BP_ASSIGN), &last);
    while (!x->failed && sqlx_accept_op(x, ","));
    sqlx_expect_op(x, ")");
}

static void parse_is(struct sqlx *x, struct sqlx_node *n)
{
    n->negated = sqlx_accept(x, "NOT");
    if (sqlx_accept(x, "NULL"))
        n->op = "null";
    else if (sqlx_accept(x, "TRUE"))
        n->op = "true";
    else if (sqlx_accept(x, "FALSE"))
        n->op = "false";
    else if (sqlx_accept(x, "UNKNOWN"))
        n->op = "unknown";
    else
        sqlx_fail(x, x->i, NULL);
}

/* The operand(s) after an infix operator; lhs is already the node's first kid. */
static void parse_rhs(struct sqlx *x, struct sqlx_node *n, struct sqlx_node *lhs, int bp)
{
    struct sqlx_node *last = lhs;
    switch (n->kind) {
    case SQLX_N_IS:
        parse_is(x, n);
        return;
    case SQLX_N_IN:
        parse_in_list(x, n, lhs);
        return;
    case SQLX_N_BETWEEN:
        append_kid(n, parse_bp(x, BP_CMP + 1), &last);
        if (sqlx_expect(x, "AND"))
            append_kid(n, parse_bp(x, BP_CMP + 1), &last);
        return;
    case SQLX_N_LIKE:
        append_kid(n, parse_bp(x, BP_CMP + 1), &last);
        if (sqlx_accept(x, "ESCAPE"))
            append_kid(n, parse_bp(x, BP_CMP + 1), &last);
        return;
    case SQLX_N_UNARY: { /* COLLATE name */
        const struct sql_token *t = sqlx_peek(x, 0);
        if (t->kind == SQL_TOK_WORD || t->kind == SQL_TOK_QIDENT || t->kind == SQL_TOK_STRING)
            x->i++;
        else
            sqlx_fail(x, x->i, NULL);
        return;
    }
    default:
        if (n->kind == SQLX_N_CMP && (sqlx_is(x, "ANY") || sqlx_is(x, "SOME") ||
                                      sqlx_is(x, "ALL")) && at_subquery_after(x)) {
            x->i++;
            append_kid(n, subquery_node(x, "ANY"), &last);
            return;
        }
        append_kid(n, parse_bp(x, n->kind == SQLX_N_OTHER ? bp : bp + 1), &last);
    }
}

/* One infix step: the operator at the cursor applied to lhs. */
static struct sqlx_node *parse_infix(struct sqlx *x, struct sqlx_node *lhs,
                                     enum sqlx_node_kind kind, const char *op, int bp)
{
    struct sqlx_node *n = node(x, kind, lhs->t0);
    if (!n)
        return NULL;
    n->pos = lhs->pos;
    n->opos = sqlx_pos(x, x->i);
    n->negated = sqlx_is(x, "NOT");
    if (n->negated)
        x->i++;
    x->i++;
    if (sqlx_is(x, "LIKE") && strcmp(op, "SOUNDS") == 0)
        x->i++;
    if (kind == SQLX_N_OTHER && strcmp(op, "MEMBER") == 0)
        sqlx_accept(x, "OF");
    n->op = kind == SQLX_N_LIKE ? lower_op(op) : kind == SQLX_N_IN ? "in" : op;
    if (kind == SQLX_N_UNARY)
        n->op = "COLLATE";
    n->kid = lhs;
    lhs->next = NULL;
    parse_rhs(x, n, lhs, bp);
    return seal(x, n);
}

static struct sqlx_node *parse_bp(struct sqlx *x, int minbp)
{
    if (x->failed)
        return NULL;
    if (++x->depth > SQLX_MAX_DEPTH) {
        sqlx_fail(x, x->i, "nesting too deep");
        return NULL;
    }
    struct sqlx_node *lhs = parse_prefix(x);
    while (lhs && !x->failed) {
        /* A fingerprint writes a repeated list as `?+` (`in(?+)`, `values(?+)`). */
        if (sqlx_op(x, "+") && (sqlx_tok_op(sqlx_peek(x, 1), ")") ||
                                sqlx_tok_op(sqlx_peek(x, 1), ","))) {
            x->i++;
            continue;
        }
        enum sqlx_node_kind kind;
        const char *op;
        int bp = infix(x, &kind, &op);
        if (bp == 0 || bp < minbp)
            break;
        lhs = parse_infix(x, lhs, kind, op, bp);
    }
    x->depth--;
    return x->failed && !lhs ? NULL : lhs;
}

struct sqlx_node *sqlx_parse_expr(struct sqlx *x) { return parse_bp(x, BP_ASSIGN); }
