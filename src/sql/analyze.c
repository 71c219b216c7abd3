/* The statement analyzer's entry point (sql_analyze) and the helpers its passes share: the token
 * array and cursor, problem recording, arena-backed arrays, blocks and clauses, name comparison. */
#include <stdlib.h>
#include <string.h>

#include "schema/schema.h"
#include "sql/analyze_int.h"

struct sql_analyze_opts sql_analyze_opts_default(void)
{
    struct sql_analyze_opts o = {0};
    o.target = sql_target_default();
    return o;
}

/* "unexpected 'TOKEN'" (as written, cut at 40 bytes), "unexpected end of statement", or
 * "unterminated string|identifier|comment" at an opening quote the lexer found no end for. */
static const char *token_reason(struct sqlx *x, const struct sql_token *t)
{
    if (t->kind == SQL_TOK_EOF)
        return "unexpected end of statement";
    if (t->kind == SQL_TOK_ERROR) {
        const char *p = t->p, *end = t->p + t->len;
        while (p < end && *p != '\'' && *p != '"' && *p != '`' && *p != '/')
            p++; /* past a prefix: N'…, _utf8mb4'…, X'… */
        if (p < end && *p == '/')
            return "unterminated comment";
        if (p < end && (*p == '`' || (*p == '"' && (x->o->sql_modes & SQL_MODE_ANSI_QUOTES))))
            return "unterminated identifier";
        return "unterminated string";
    }
    size_t n = t->len > 40 ? 40 : t->len;
    char *s = arena_alloc(x->a, n + 14);
    if (!s)
        return "unexpected token";
    memcpy(s, "unexpected '", 12);
    memcpy(s + 12, t->p, n);
    memcpy(s + 12 + n, "'", 2);
    return s;
}

/* Stops the parse at a token. reason NULL: the token itself is the reason (token_reason). */
void sqlx_fail(struct sqlx *x, uint32_t tok_index, const char *reason)
{
    if (x->failed)
        return;
    x->failed = true;
    x->an->complete = false;
    if (tok_index >= x->ntok)
        tok_index = x->ntok - 1;
    const struct sql_token *t = &x->tok[tok_index];
    if (!reason || t->kind == SQL_TOK_ERROR)
        reason = token_reason(x, t);
    x->an->problem = reason;
    x->an->problem_pos = sqlx_pos(x, tok_index);
}

void *sqlx_alloc(struct sqlx *x, size_t size)
{
    void *p = arena_alloc(x->a, size);
    if (!p && !x->oom) {
        x->oom = true;
        sqlx_fail(x, x->i, "out of memory");
    }
    return p;
}

void *sqlx_push(struct sqlx *x, void **arr, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        void *p = arena_grow(x->a, *arr, *n, ncap, elem);
        if (!p) {
            x->oom = true;
            sqlx_fail(x, x->i, "out of memory");
            return NULL;
        }
        *arr = p;
        *cap = ncap;
    }
    char *slot = (char *)*arr + *n * elem;
    memset(slot, 0, elem);
    (*n)++;
    return slot;
}

void sqlx_skip_group(struct sqlx *x)
{
    int depth = 0;
    do {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (t->kind == SQL_TOK_EOF)
            return;
        if (sqlx_tok_op(t, "("))
            depth++;
        else if (sqlx_tok_op(t, ")"))
            depth--;
        x->i++;
    } while (depth > 0);
}

bool sqlx_expect(struct sqlx *x, const char *kw)
{
    if (sqlx_accept(x, kw))
        return true;
    sqlx_fail(x, x->i, NULL);
    return false;
}

bool sqlx_expect_op(struct sqlx *x, const char *op)
{
    if (sqlx_accept_op(x, op))
        return true;
    sqlx_fail(x, x->i, NULL);
    return false;
}

uint32_t sqlx_pos(const struct sqlx *x, uint32_t tok_index)
{
    if (x->ntok == 0)
        return 0;
    const struct sql_token *t = &x->tok[tok_index < x->ntok ? tok_index : x->ntok - 1];
    return t->pos >= x->base ? t->pos - x->base : 0;
}

/* Words that start or continue a clause: never a bare alias, never a column. Sorted for bsearch. */
static const char *const clause_words[] = {
    "AND", "AS", "ASC", "BETWEEN", "BY", "CROSS", "DESC", "DIV", "ELSE", "END", "ESCAPE", "EXCEPT",
    "FOR", "FORCE", "FROM", "GROUP", "HAVING", "IGNORE", "IN", "INNER", "INTERSECT", "INTO", "IS",
    "JOIN", "LEFT", "LIKE", "LIMIT", "LOCK", "MOD", "NATURAL", "NOT", "OFFSET", "ON", "OR", "ORDER",
    "OUTER", "PARTITION", "REGEXP", "RETURNING", "RIGHT", "RLIKE", "SELECT", "SET", "STRAIGHT_JOIN",
    "THEN", "UNION", "USE", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH", "XOR",
};

static int word_cmp(const struct sql_token *t, const char *kw)
{
    size_t i = 0;
    for (; i < t->len && kw[i]; i++) {
        unsigned char c = (unsigned char)t->p[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        if (c != (unsigned char)kw[i])
            return c < (unsigned char)kw[i] ? -1 : 1;
    }
    if (i == t->len)
        return kw[i] ? -1 : 0;
    return 1;
}

bool sqlx_is_clause_word(const struct sql_token *t)
{
    if (t->kind != SQL_TOK_WORD || t->len < 2 || t->len > 13)
        return false;
    size_t lo = 0, hi = sizeof clause_words / sizeof clause_words[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = word_cmp(t, clause_words[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool sqlx_is_ident(const struct sql_token *t)
{
    if (t->kind == SQL_TOK_QIDENT)
        return true;
    return t->kind == SQL_TOK_WORD && !sqlx_is_clause_word(t);
}

struct sv sqlx_ident(struct sqlx *x, struct sv raw)
{
    if (raw.n < 2)
        return raw;
    char q = raw.p[0];
    if (q != '`' && q != '"')
        return raw;
    /* Only a doubled quote inside needs a copy; the common case is a view without the quotes. */
    struct sv inner = sv_make(raw.p + 1, raw.n - 2);
    if (!memchr(inner.p, q, inner.n))
        return inner;
    char *out = sqlx_alloc(x, inner.n + 1);
    if (!out)
        return inner;
    size_t k = 0;
    for (size_t j = 0; j < inner.n; j++) {
        out[k++] = inner.p[j];
        if (inner.p[j] == q && j + 1 < inner.n && inner.p[j + 1] == q)
            j++;
    }
    return sv_make(out, k);
}

struct sv sqlx_glue_name(struct sqlx *x, struct sv name)
{
    bool after_param = false;
    for (;;) {
        const struct sql_token *t = sqlx_peek(x, 0);
        if (t->kind == SQL_TOK_EOF || t->p != name.p + name.n)
            break;
        bool piece = t->kind == SQL_TOK_PARAM ||
                     (after_param && (t->kind == SQL_TOK_WORD || t->kind == SQL_TOK_NUMBER));
        if (!piece)
            break;
        after_param = t->kind == SQL_TOK_PARAM;
        name.n += t->len;
        x->i++;
    }
    return name;
}

int sqlx_new_block(struct sqlx *x, int parent, enum sql_block_ctx ctx)
{
    struct sql_analysis *an = x->an;
    size_t n = an->nblocks, cap = x->cap_blocks;
    struct sql_block *b = sqlx_push(x, (void **)&an->blocks, &an->nblocks, &x->cap_blocks,
                                    sizeof *b);
    if (!b)
        return SQL_NO_REF;
    size_t bn = n, bcap = cap;
    if (!sqlx_push(x, (void **)&x->bs, &bn, &bcap, sizeof *x->bs)) {
        an->nblocks--;
        return SQL_NO_REF;
    }
    b->id = (int)n;
    b->parent = parent;
    b->ctx = ctx;
    return b->id;
}

struct sqlx_clause *sqlx_add_clause(struct sqlx *x, int block, enum sqlx_clause_kind kind,
                                    struct sqlx_node *expr)
{
    if (block < 0 || (size_t)block >= x->an->nblocks)
        return NULL;
    struct sqlx_clause *c = sqlx_alloc(x, sizeof *c);
    if (!c)
        return NULL;
    c->kind = kind;
    c->expr = expr;
    c->ref = SQL_NO_REF;
    struct sqlx_bstate *bs = &x->bs[block];
    if (bs->last)
        bs->last->next = c;
    else
        bs->first = c;
    bs->last = c;
    return c;
}

static bool ieq(struct sv a, struct sv b)
{
    if (a.n != b.n)
        return false;
    for (size_t i = 0; i < a.n; i++) {
        unsigned char c = (unsigned char)a.p[i], d = (unsigned char)b.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (d >= 'A' && d <= 'Z')
            d = (unsigned char)(d + 32);
        if (c != d)
            return false;
    }
    return true;
}

bool sqlx_name_eq(const struct sqlx *x, struct sv a, struct sv b)
{
    return x->o->lower_case_table_names ? ieq(a, b) : sv_eq(a, b);
}

bool sqlx_col_eq(struct sv a, struct sv b) { return ieq(a, b); }

/* Lexes the whole statement; an unterminated string or comment stops it with a problem. */
/* A dump's or a batch job's multi-row INSERT … VALUES holds thousands of rows in megabytes of
 * text. Rows after the first VALUES_ROWS_KEPT can only repeat what the first ones say (pt's
 * fingerprint folds them into one too), so they are skipped at the lexer: the size of a sample
 * does not decide what its analysis costs. */
#define VALUES_ROWS_KEPT 16

struct values_state {
    int depth;      /* parenthesis depth */
    bool in_values; /* after VALUES/VALUE at depth 0 */
    unsigned rows;  /* rows of the list closed so far */
};

/* Skips the rest of a VALUES list (`, ( … )` pairs at depth 0); t is then the token after it. */
static void skip_rows(struct sql_lexer *lx, struct sql_token *t, struct values_state *v)
{
    for (;;) {
        *t = sql_lexer_next(lx);
        if (t->kind == SQL_TOK_EOF || t->kind == SQL_TOK_ERROR)
            return;
        if (sql_tok_op(t, "("))
            v->depth++;
        else if (sql_tok_op(t, ")"))
            v->depth--;
        else if (v->depth == 0 && !sql_tok_op(t, ","))
            return;
    }
}

/* Tracks depth and VALUES rows for token t; true when the rest of the list is to be skipped. */
static bool values_track(const struct sql_token *t, struct values_state *v)
{
    if (sql_tok_op(t, "(")) {
        v->depth++;
    } else if (sql_tok_op(t, ")")) {
        if (--v->depth == 0 && v->in_values)
            v->rows++;
    } else if (v->depth == 0) {
        if (sql_tok_is(t, "VALUES") || sql_tok_is(t, "VALUE"))
            v->in_values = true, v->rows = 0;
        else if (sql_tok_op(t, ","))
            return v->in_values && v->rows >= VALUES_ROWS_KEPT;
        else
            v->in_values = false;
    }
    return false;
}

static bool lex_all(struct sqlx *x, const char *text, size_t len)
{
    struct sql_lexer lx;
    sql_lexer_init(&lx, text, len, x->o->sql_modes, &x->o->target);
    size_t n = 0, cap = len / 3 + 16;
    if (cap > 4096)
        cap = 4096;
    x->tok = arena_alloc(x->a, cap * sizeof *x->tok);
    if (!x->tok)
        return false;
    struct values_state v = {0, false, 0};
    for (;;) {
        struct sql_token t = sql_lexer_next(&lx);
        if (values_track(&t, &v)) {
            skip_rows(&lx, &t, &v);
            v.in_values = false;
        }
        if (n + 1 >= cap) {
            struct sql_token *nt = arena_grow(x->a, x->tok, n, cap * 2, sizeof *nt);
            if (!nt)
                return false;
            x->tok = nt;
            cap *= 2;
        }
        if (t.kind == SQL_TOK_HINT)
            continue; /* optimizer hints change plans, not what the statement reads */
        if (t.kind == SQL_TOK_ERROR) {
            x->tok[n++] = t;
            t.kind = SQL_TOK_EOF;
            t.len = 0;
        }
        x->tok[n++] = t;
        if (t.kind == SQL_TOK_EOF)
            break;
    }
    x->ntok = (uint32_t)n;
    x->base = x->tok[0].pos;
    x->an->first_line = x->tok[0].line;
    return true;
}

bool sql_analyze(const char *text, size_t len, const struct sql_analyze_opts *opts,
                 struct arena *a, struct sql_analysis **out)
{
    struct sql_analyze_opts dflt = sql_analyze_opts_default();
    struct sqlx x = {0};
    x.o = opts ? opts : &dflt;
    x.a = a;
    x.text = text;
    x.cur_block = 0;
    *out = NULL;
    x.an = arena_alloc(a, sizeof *x.an);
    if (!x.an)
        return false;
    x.an->complete = true;
    x.an->from_fingerprint = x.o->from_fingerprint;
    if (!lex_all(&x, text ? text : "", text ? len : 0))
        return false;
    sqlx_parse_statement(&x);
    if (x.oom)
        return false;
    if (x.an->kind != SQL_STMT_OTHER) {
        sqlx_resolve(&x);
        sqlx_facts(&x);
    }
    if (x.oom)
        return false;
    *out = x.an;
    return true;
}
