/* What defeats an index, for the analyzer's facts pass: a function or arithmetic around a column
 * (unless the schema has a functional key part or an indexed generated column with the same
 * expression, compared as normalised text), OR across different columns, and — given the
 * schema — comparisons that force a type or collation conversion on the column. */
#include <stdio.h>
#include <string.h>

#include "schema/schema.h"
#include "sql/analyze_int.h"

#define NORM_MAX 512 /* longer expressions are not compared (no index has one that long) */

struct norm {
    char s[NORM_MAX];
    size_t n;
    bool overflow;
    bool last_word; /* the previous piece was a word or literal: a space keeps them apart */
};

static void norm_put(struct norm *b, const char *p, size_t n, bool lower)
{
    if (b->n + n >= NORM_MAX) {
        b->overflow = true;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        char c = p[k];
        b->s[b->n++] = lower && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
}

/* One token into the normal form: names lower-cased without quotes or qualifiers, string
 * literals without a charset introducer, no white space except between two words. */
static void norm_token(struct norm *b, const struct sql_token *t, const struct sql_token *next,
                       const struct sql_token *next2)
{
    bool word = t->kind == SQL_TOK_WORD || t->kind == SQL_TOK_QIDENT ||
                t->kind == SQL_TOK_NUMBER || t->kind == SQL_TOK_STRING ||
                t->kind == SQL_TOK_PARAM;
    if ((t->kind == SQL_TOK_WORD || t->kind == SQL_TOK_QIDENT) && sqlx_tok_op(next, ".") &&
        (next2->kind == SQL_TOK_WORD || next2->kind == SQL_TOK_QIDENT))
        return; /* a qualifier: the schema's expressions have none */
    if (t->kind == SQL_TOK_OP && t->len == 1 && t->p[0] == '.')
        return;
    if (word && b->last_word)
        norm_put(b, " ", 1, false);
    if (t->kind == SQL_TOK_QIDENT && t->len >= 2) {
        norm_put(b, t->p + 1, t->len - 2, true);
    } else if (t->kind == SQL_TOK_STRING) {
        const char *q = t->p;
        while (q < t->p + t->len && *q != '\'' && *q != '"')
            q++;
        norm_put(b, q, (size_t)(t->p + t->len - q), false);
    } else {
        norm_put(b, t->p, t->len, t->kind == SQL_TOK_WORD);
    }
    b->last_word = word;
}

/* Drops parentheses around the whole text: `(lower(email))` is `lower(email)`. */
static void norm_strip(struct norm *b)
{
    while (b->n >= 2 && b->s[0] == '(' && b->s[b->n - 1] == ')') {
        int depth = 0;
        size_t k;
        for (k = 0; k < b->n; k++) {
            depth += b->s[k] == '(' ? 1 : b->s[k] == ')' ? -1 : 0;
            if (depth == 0)
                break;
        }
        if (k != b->n - 1)
            return;
        memmove(b->s, b->s + 1, b->n - 2);
        b->n -= 2;
    }
}

static void norm_tokens(const struct sql_token *t, size_t n, const struct sql_token *eof,
                        struct norm *b)
{
    for (size_t k = 0; k < n && !b->overflow; k++)
        norm_token(b, &t[k], k + 1 < n ? &t[k + 1] : eof, k + 2 < n ? &t[k + 2] : eof);
    norm_strip(b);
}

static bool norm_text(const struct sqlx *x, const char *text, struct norm *b)
{
    struct sql_token toks[128];
    size_t n = 0;
    struct sql_lexer lx;
    sql_lexer_init(&lx, text, strlen(text), x->o->sql_modes, &x->o->target);
    for (;;) {
        struct sql_token t = sql_lexer_next(&lx);
        if (t.kind == SQL_TOK_EOF)
            break;
        if (t.kind == SQL_TOK_ERROR || n == 128)
            return false;
        toks[n++] = t;
    }
    struct sql_token eof = {0};
    norm_tokens(toks, n, &eof, b);
    return !b->overflow;
}

static bool indexed_column(const struct schema_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        for (size_t p = 0; p < t->indexes[i].nparts; p++)
            if (t->indexes[i].parts[p].column &&
                sqlx_col_eq(sv_cstr(t->indexes[i].parts[p].column), sv_cstr(name)))
                return true;
    return false;
}

/* Whether the schema indexes exactly this expression of the column's table. */
static bool expression_indexed(struct sqlx *x, const struct sqlx_node *side,
                               const struct sqlx_node *col)
{
    if (col->table < 0)
        return false;
    const struct schema_table *t = x->an->tables[col->table].schema;
    if (!t)
        return false;
    struct norm q = {0}, s;
    norm_tokens(&x->tok[side->t0], side->t1 - side->t0, &x->tok[x->ntok - 1], &q);
    if (q.overflow)
        return false;
    for (size_t i = 0; i < t->nindexes; i++)
        for (size_t p = 0; p < t->indexes[i].nparts; p++) {
            const char *e = t->indexes[i].parts[p].expr;
            memset(&s, 0, sizeof s);
            if (e && norm_text(x, e, &s) && s.n == q.n && memcmp(s.s, q.s, q.n) == 0)
                return true;
        }
    for (size_t c = 0; c < t->ncolumns; c++) {
        const struct schema_column *sc = &t->columns[c];
        memset(&s, 0, sizeof s);
        if (sc->generated != SCHEMA_GEN_NONE && sc->generation_expr &&
            indexed_column(t, sc->name) && norm_text(x, sc->generation_expr, &s) &&
            s.n == q.n && memcmp(s.s, q.s, q.n) == 0)
            return true;
    }
    return false;
}

void sqlx_check_side(struct sqlx *x, const struct sqlx_node *side)
{
    enum sql_defeat_kind kind;
    const char *detail = side->op;
    switch (side->kind) {
    case SQLX_N_FUNC:
    case SQLX_N_CASE:
        kind = SQL_DEFEAT_FUNCTION;
        break;
    case SQLX_N_UNARY:
        kind = strcmp(side->op, "-") == 0 || strcmp(side->op, "~") == 0 ? SQL_DEFEAT_ARITHMETIC
                                                                         : SQL_DEFEAT_FUNCTION;
        break;
    case SQLX_N_ARITH:
        kind = SQL_DEFEAT_ARITHMETIC;
        break;
    default:
        return;
    }
    const struct sqlx_node *col = sqlx_first_column(side);
    if (!col || expression_indexed(x, side, col))
        return;
    sqlx_add_defeat(x, kind, col, col->pos, detail);
}

static const struct schema_column *schema_col(struct sqlx *x, const struct sqlx_node *n)
{
    if (!n || n->kind != SQLX_N_COLUMN || n->table < 0 || n->alias)
        return NULL;
    const struct schema_table *t = x->an->tables[n->table].schema;
    struct sv name = sqlx_ident(x, n->name);
    return t ? schema_find_column(t, name.p, name.n) : NULL;
}

static bool is_string(const struct schema_column *c)
{
    return c->type_class == SCHEMA_TYPE_STRING;
}

static bool is_number(const struct schema_column *c)
{
    return c->type_class == SCHEMA_TYPE_INTEGER || c->type_class == SCHEMA_TYPE_DECIMAL ||
           c->type_class == SCHEMA_TYPE_FLOAT || c->type_class == SCHEMA_TYPE_BIT;
}

/* The type as declared, lower case ("varchar(12)", "int(10) unsigned"). */
static const char *type_of(const struct schema_column *c)
{
    return c->type_text ? c->type_text : c->type ? c->type : "?";
}

static const char *two(struct sqlx *x, const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 5;
    char *s = sqlx_alloc(x, n);
    if (s)
        snprintf(s, n, "%s vs %s", a, b);
    return s;
}

static bool ieq_str(const char *a, const char *b)
{
    return a && b && sqlx_col_eq(sv_cstr(a), sv_cstr(b));
}

/* Two string columns: the side whose charset is converted loses its index. */
static void collation_check(struct sqlx *x, const struct sqlx_node *col,
                            const struct schema_column *a, const struct sqlx_node *other,
                            const struct schema_column *b)
{
    if (!a->collation || !b->collation || ieq_str(a->collation, b->collation))
        return;
    const struct sqlx_node *loser = col;
    if (a->charset && b->charset && !ieq_str(a->charset, b->charset) &&
        ieq_str(a->charset, "utf8mb4"))
        loser = other; /* the narrower charset is converted up to utf8mb4 */
    sqlx_add_defeat(x, SQL_DEFEAT_COLLATION_CONVERSION, loser, loser->pos,
                    two(x, a->collation, b->collation));
}

void sqlx_check_conversion(struct sqlx *x, const struct sqlx_node *col,
                           const struct sqlx_node *other)
{
    const struct schema_column *a = schema_col(x, col);
    if (!a || !other)
        return;
    if (other->kind == SQLX_N_CONST && x->tok[other->t0].kind == SQL_TOK_NUMBER) {
        if (is_string(a))
            sqlx_add_defeat(x, SQL_DEFEAT_TYPE_CONVERSION, col, col->pos,
                            two(x, type_of(a), "number"));
        return;
    }
    const struct schema_column *b = schema_col(x, other);
    if (!b)
        return;
    if (is_string(a) && is_number(b))
        sqlx_add_defeat(x, SQL_DEFEAT_TYPE_CONVERSION, col, col->pos,
                        two(x, type_of(a), type_of(b)));
    else if (is_number(a) && is_string(b))
        sqlx_add_defeat(x, SQL_DEFEAT_TYPE_CONVERSION, other, other->pos,
                        two(x, type_of(b), type_of(a)));
    else if (is_string(a) && is_string(b))
        collation_check(x, col, a, other, b);
}

#define OR_MAX 64  /* disjuncts examined in one OR chain */
#define COLS_MAX 16 /* columns remembered per disjunct */

struct disjunct {
    const struct sqlx_node *cols[COLS_MAX];
    int n;
    uint32_t or_pos; /* the OR before it */
};

static bool same_column(struct sqlx *x, const struct sqlx_node *a, const struct sqlx_node *b)
{
    if (a->table != b->table)
        return false;
    if (a->table < 0 && !sqlx_col_eq(sqlx_ident(x, a->qual), sqlx_ident(x, b->qual)))
        return false;
    return sqlx_col_eq(sqlx_ident(x, a->name), sqlx_ident(x, b->name));
}

static bool disjunct_has(struct sqlx *x, const struct disjunct *d, const struct sqlx_node *c)
{
    for (int k = 0; k < d->n; k++)
        if (same_column(x, d->cols[k], c))
            return true;
    return false;
}

static void collect_cols(struct sqlx *x, const struct sqlx_node *n, struct disjunct *d)
{
    if (n->kind == SQLX_N_COLUMN && !n->alias && d->n < COLS_MAX && !disjunct_has(x, d, n))
        d->cols[d->n++] = n;
    for (const struct sqlx_node *k = n->kid; k; k = k->next)
        collect_cols(x, k, d);
}

static void flatten_or(struct sqlx *x, const struct sqlx_node *n, uint32_t or_pos,
                       struct disjunct *ds, int *nd)
{
    if (n->kind == SQLX_N_OR && n->kid && n->kid->next) {
        flatten_or(x, n->kid, or_pos, ds, nd);
        flatten_or(x, n->kid->next, n->opos, ds, nd);
        return;
    }
    if (*nd >= OR_MAX)
        return;
    struct disjunct *d = &ds[(*nd)++];
    d->n = 0;
    d->or_pos = or_pos;
    collect_cols(x, n, d);
}

/* `label.column` as the text form names it (the label with #REF when it is shared). */
static const char *column_label(struct sqlx *x, const struct sqlx_node *c)
{
    struct sv name = sqlx_ident(x, c->name), label;
    char buf[160];
    if (c->table >= 0) {
        size_t n = sql_ref_label(x->an, c->table, buf, sizeof buf);
        label = sv_make(buf, n < sizeof buf ? n : sizeof buf - 1);
    } else {
        label = sqlx_ident(x, c->qual);
    }
    char *s = sqlx_alloc(x, label.n + name.n + 2);
    if (!s)
        return NULL;
    if (label.n) {
        memcpy(s, label.p, label.n);
        s[label.n] = '.';
        memcpy(s + label.n + 1, name.p, name.n);
    } else {
        memcpy(s, name.p, name.n);
    }
    return s;
}

/* One defeat per pair of adjacent branches whose leading columns differ: on the left branch's
 * column, naming the right branch's. */
void sqlx_check_or(struct sqlx *x, const struct sqlx_node *or_node)
{
    struct disjunct *ds = sqlx_alloc(x, OR_MAX * sizeof *ds);
    int nd = 0;
    if (!ds)
        return;
    flatten_or(x, or_node, or_node->opos, ds, &nd);
    for (int k = 0; k + 1 < nd; k++) {
        if (ds[k].n == 0 || ds[k + 1].n == 0)
            continue; /* `… OR ? = 1`: no column to lose */
        const struct sqlx_node *l = ds[k].cols[0], *r = ds[k + 1].cols[0];
        if (!same_column(x, l, r))
            sqlx_add_defeat(x, SQL_DEFEAT_OR_COLUMNS, l, l->pos, column_label(x, r));
    }
}
