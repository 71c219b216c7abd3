/* The DDL reader's cursor over one statement: tokens are lexed on demand (a 3 MB INSERT in a full
 * dump is recognised by its first word and never lexed whole), looked at with lookahead, and
 * turned into heap strings only when the model keeps them. The first problem in a statement is
 * recorded as `file:line: what: reason`; the statement is then abandoned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema/schema_int.h"

static const struct sql_token eof_token = {.kind = SQL_TOK_EOF, .p = ""};

void ddl_begin(struct ddl *p, const char *text, size_t len, uint32_t line)
{
    sql_lexer_init(&p->lx, text, len, p->s->sql_modes, &p->s->target);
    p->ntoks = 0;
    p->i = 0;
    p->lexed_all = false;
    p->line0 = line - 1;
    p->stmt = text;
    p->stmt_len = len;
    p->failed = false;
    p->ctx[0] = '\0';
}

void ddl_end(struct ddl *p)
{
    free(p->toks);
    p->toks = NULL;
    p->ntoks = p->cap = 0;
}

const struct sql_token *ddl_peek(struct ddl *p, size_t k)
{
    while (p->i + k >= p->ntoks && !p->lexed_all) {
        if (p->ntoks == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 64;
            struct sql_token *n = realloc(p->toks, cap * sizeof *n);
            if (!n) {
                p->oom = true;
                return &eof_token;
            }
            p->toks = n;
            p->cap = cap;
        }
        struct sql_token t = sql_lexer_next(&p->lx);
        if (t.kind == SQL_TOK_EOF) {
            p->lexed_all = true;
            break;
        }
        p->toks[p->ntoks++] = t;
    }
    return p->i + k < p->ntoks ? &p->toks[p->i + k] : &eof_token;
}

void ddl_next(struct ddl *p)
{
    if (ddl_peek(p, 0)->kind != SQL_TOK_EOF)
        p->i++;
}

bool ddl_is(struct ddl *p, const char *kw) { return sql_tok_is(ddl_peek(p, 0), kw); }
bool ddl_is_at(struct ddl *p, size_t k, const char *kw) { return sql_tok_is(ddl_peek(p, k), kw); }
bool ddl_is_op(struct ddl *p, const char *op) { return sql_tok_op(ddl_peek(p, 0), op); }
bool ddl_at_end(struct ddl *p) { return ddl_peek(p, 0)->kind == SQL_TOK_EOF; }

bool ddl_accept(struct ddl *p, const char *kw)
{
    if (!ddl_is(p, kw))
        return false;
    p->i++;
    return true;
}

bool ddl_accept2(struct ddl *p, const char *kw1, const char *kw2)
{
    if (!ddl_is(p, kw1) || !ddl_is_at(p, 1, kw2))
        return false;
    p->i += 2;
    return true;
}

bool ddl_accept_op(struct ddl *p, const char *op)
{
    if (!ddl_is_op(p, op))
        return false;
    p->i++;
    return true;
}

bool ddl_fail(struct ddl *p, const char *fmt, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    const struct sql_token *t = ddl_peek(p, 0);
    uint32_t line = t->kind == SQL_TOK_EOF ? p->lx.line : t->line;
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (p->ctx[0])
        diag_add(p->d, p->file, (uint64_t)p->line0 + line, "%s: %s", p->ctx, reason);
    else
        diag_add(p->d, p->file, (uint64_t)p->line0 + line, "%s", reason);
    return false;
}

bool ddl_nomem(struct ddl *p)
{
    p->oom = true;
    p->failed = true;
    return false;
}

bool ddl_expected(struct ddl *p, const char *what)
{
    const struct sql_token *t = ddl_peek(p, 0);
    if (t->kind == SQL_TOK_EOF)
        return ddl_fail(p, "expected %s, found the end of the statement", what);
    if (t->kind == SQL_TOK_ERROR)
        return ddl_fail(p, "expected %s, found an unterminated quote or comment", what);
    int n = t->len > 40 ? 40 : (int)t->len;
    return ddl_fail(p, "expected %s, found `%.*s`", what, n, t->p);
}

bool ddl_expect(struct ddl *p, const char *kw)
{
    return ddl_accept(p, kw) || ddl_expected(p, kw);
}

bool ddl_expect_op(struct ddl *p, const char *op)
{
    if (ddl_accept_op(p, op))
        return true;
    char what[16];
    snprintf(what, sizeof what, "`%s`", op);
    return ddl_expected(p, what);
}

bool ddl_is_name(struct ddl *p)
{
    enum sql_tok_kind k = ddl_peek(p, 0)->kind;
    return k == SQL_TOK_WORD || k == SQL_TOK_QIDENT;
}

static char *unquote(struct ddl *p, const struct sql_token *t)
{
    char small[256];
    size_t n = sql_ident_unquote(t, small, sizeof small);
    if (n < sizeof small)
        return schema_strdup(small);
    char *big = malloc(n + 1);
    if (big)
        sql_ident_unquote(t, big, n + 1);
    else
        p->oom = true;
    return big;
}

char *ddl_name(struct ddl *p, const char *what)
{
    if (!ddl_is_name(p)) {
        ddl_expected(p, what);
        return NULL;
    }
    char *n = unquote(p, ddl_peek(p, 0));
    if (!n) {
        ddl_nomem(p);
        return NULL;
    }
    p->i++;
    return n;
}

bool ddl_qualified(struct ddl *p, char **db, char **name, const char *what)
{
    *db = NULL;
    if (!(*name = ddl_name(p, what)))
        return false;
    if (!ddl_is_op(p, "."))
        return true;
    p->i++;
    *db = *name;
    if (!(*name = ddl_name(p, what))) {
        free(*db);
        *db = NULL;
        return false;
    }
    return true;
}

char *ddl_string(struct ddl *p, const char *what)
{
    const struct sql_token *t = ddl_peek(p, 0);
    if (t->kind != SQL_TOK_STRING) {
        ddl_expected(p, what);
        return NULL;
    }
    size_t n = sql_string_value(t, p->s->sql_modes, NULL, 0);
    char *v = malloc(n + 1);
    if (!v) {
        ddl_nomem(p);
        return NULL;
    }
    sql_string_value(t, p->s->sql_modes, v, n + 1);
    p->i++;
    return v;
}

bool ddl_skip_parens(struct ddl *p)
{
    int depth = 0;
    do {
        const struct sql_token *t = ddl_peek(p, 0);
        if (t->kind == SQL_TOK_EOF || t->kind == SQL_TOK_ERROR)
            return ddl_expected(p, "`)`");
        if (sql_tok_op(t, "("))
            depth++;
        else if (sql_tok_op(t, ")"))
            depth--;
        p->i++;
    } while (depth > 0);
    return true;
}

bool ddl_skip_value(struct ddl *p)
{
    const struct sql_token *t = ddl_peek(p, 0);
    if (sql_tok_op(t, "("))
        return ddl_skip_parens(p);
    if (t->kind == SQL_TOK_WORD || t->kind == SQL_TOK_QIDENT || t->kind == SQL_TOK_STRING ||
        t->kind == SQL_TOK_NUMBER) {
        p->i++;
        return true;
    }
    if (sql_tok_op(t, "-") && ddl_peek(p, 1)->kind == SQL_TOK_NUMBER) {
        p->i += 2;
        return true;
    }
    return ddl_expected(p, "a value");
}

char *ddl_text_from(struct ddl *p, size_t from)
{
    if (from >= p->i || from >= p->ntoks) {
        char *e = schema_strdup("");
        if (!e)
            ddl_nomem(p);
        return e;
    }
    const struct sql_token *a = &p->toks[from], *b = &p->toks[p->i - 1];
    char *s = schema_strndup(a->p, (size_t)(b->p + b->len - a->p));
    if (!s)
        ddl_nomem(p);
    return s;
}

char *ddl_lower(const struct sql_token *t)
{
    struct sv v = sql_ident_view(t);
    char *s = schema_strndup(v.p, v.n);
    for (char *c = s; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return s;
}

struct schema_loc ddl_loc(struct ddl *p, size_t tok)
{
    uint32_t line = tok < p->ntoks ? p->toks[tok].line : 1;
    return (struct schema_loc){.file = p->file, .line = p->line0 + line};
}

void ddl_set_ctx(struct ddl *p, const char *what, const char *db, const char *name)
{
    if (db)
        snprintf(p->ctx, sizeof p->ctx, "%s %s.%s", what, db, name ? name : "?");
    else
        snprintf(p->ctx, sizeof p->ctx, "%s %s", what, name ? name : "?");
}

void ddl_warn(struct ddl *p, size_t tok, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    uint32_t line = p->line0 + (tok < p->ntoks ? p->toks[tok].line : p->lx.line);
    if (p->ctx[0])
        diag_add(p->d, p->file, line, "%s: %s", p->ctx, reason);
    else
        diag_add(p->d, p->file, line, "%s", reason);
}
