/* Private to the statement analyzer (src/sql/analyze*.c): the token cursor, the expression tree,
 * the per-block clause lists, and the functions the files share.
 *
 * The analysis runs in three passes over one statement: parse (analyze_stmt.c, analyze_from.c,
 * analyze_expr.c) builds blocks, table references and expression trees; resolve
 * (analyze_resolve.c) ties every column reference to a table reference once all FROM clauses are
 * known; facts (analyze_facts.c, analyze_defeat.c) walks the trees for predicates, items, columns
 * and defeats. A parse that stops early leaves what it built, and the later passes run on that. */
#ifndef SLOWDEX_SQL_ANALYZE_INT_H
#define SLOWDEX_SQL_ANALYZE_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sql/analysis.h"
#include "sql/lexer.h"

#define SQLX_MAX_DEPTH 200 /* nesting of parentheses and subqueries before we give up */

enum sqlx_node_kind {
    SQLX_N_COLUMN,   /* [[qual2.]qual.]name */
    SQLX_N_STAR,     /* * or qual.* (select list, COUNT(*)) */
    SQLX_N_CONST,    /* number, string, TRUE/FALSE, DATE '…', DEFAULT */
    SQLX_N_PARAM,    /* ? */
    SQLX_N_NULL,
    SQLX_N_VAR,      /* @v, @@v */
    SQLX_N_SUBQUERY, /* (SELECT …), also EXISTS / ANY / ALL: block in `block` */
    SQLX_N_FUNC,     /* name(args); also CURRENT_TIMESTAMP without parentheses (no args) */
    SQLX_N_ARITH,    /* + - * / DIV % MOD & | ^ << >> -> ->> */
    SQLX_N_UNARY,    /* - ~ ! BINARY, COLLATE (op says which) */
    SQLX_N_CMP,      /* = <=> < <= > >= != <> */
    SQLX_N_IN,       /* kid = lhs, then the list items (or one SUBQUERY) */
    SQLX_N_BETWEEN,  /* kid = lhs, lo, hi */
    SQLX_N_LIKE,     /* kid = lhs, pattern [, escape]; op "like", "regexp", "sounds like" */
    SQLX_N_IS,       /* kid = lhs; op "null", "true", "false", "unknown" */
    SQLX_N_AND,
    SQLX_N_OR,
    SQLX_N_XOR,
    SQLX_N_NOT,
    SQLX_N_CASE,
    SQLX_N_ROW,      /* (a, b) */
    SQLX_N_INTERVAL,
    SQLX_N_OTHER     /* MATCH … AGAINST, assignments, what has no index meaning */
};

struct sqlx_node {
    enum sqlx_node_kind kind;
    bool negated;           /* NOT IN, NOT BETWEEN, NOT LIKE, IS NOT */
    bool broken;            /* the parse stopped before the node was complete */
    const char *op;         /* operator as the facts spell it, or the function name upper-cased */
    uint32_t pos;           /* first token, relative to the statement start */
    uint32_t opos;          /* the operator token (or = pos) */
    uint32_t t0, t1;        /* token index range [t0, t1) the node covers */
    unsigned height;        /* 1 + the tallest kid: bounds the recursion over the tree */
    struct sv name;         /* column name / function name / literal text (raw token view) */
    struct sv qual, qual2;  /* column qualifiers as raw token views (table, database) */
    int block;              /* SUBQUERY: the block */
    int table;              /* COLUMN after resolution: ref index or SQL_NO_REF */
    const struct sqlx_clause *alias; /* COLUMN naming a select item's alias: that item */
    struct sqlx_node *kid;  /* first operand / argument */
    struct sqlx_node *next; /* next sibling */
};

enum sqlx_clause_kind {
    SQLX_C_SELECT,   /* a select item; alias in `alias` */
    SQLX_C_WHERE,
    SQLX_C_ON,       /* a join condition; `ref` is the table joined */
    SQLX_C_USING,    /* one USING column; `ref` is the table joined */
    SQLX_C_HAVING,
    SQLX_C_GROUP,
    SQLX_C_ORDER,
    SQLX_C_SET_LHS,  /* UPDATE … SET / ON DUPLICATE KEY UPDATE target column */
    SQLX_C_VALUE,    /* a value read (SET right side, VALUES item, window spec, …) */
    SQLX_C_INSERT_COL
};

struct sqlx_clause {
    enum sqlx_clause_kind kind;
    struct sqlx_node *expr;
    struct sv alias;   /* select item alias (raw token view) */
    bool desc;
    bool union_order;  /* ORDER BY of a whole union: its items are result columns */
    int ref;
    struct sqlx_clause *next;
};

struct sqlx_cte {
    struct sv name;   /* raw token view */
    int block;        /* SQL_NO_REF while its body is being parsed (only a recursive self-ref) */
    int scope_block;  /* visible inside this block and its descendants */
    struct sqlx_cte *next;
};

/* Per-block parse state beside the public struct sql_block. */
struct sqlx_bstate {
    struct sqlx_clause *first, *last;
    bool has_unresolved_pred; /* a WHERE/ON column could not be resolved: no cartesian claim */
    bool names_unknown;       /* a CTE with a column list: its output names are not its items' */
    bool lateral;             /* a LATERAL derived table: it sees the tables before it */
};

struct sqlx {
    const struct sql_analyze_opts *o;
    struct arena *a;
    struct sql_analysis *an;
    const char *text;
    struct sql_token *tok;
    uint32_t ntok;
    uint32_t i;        /* cursor */
    uint32_t base;     /* position of the first token in the text */
    bool failed;       /* parsing stopped (problem recorded) */
    bool oom;
    int depth;
    /* the parse context the expression parser gives subqueries */
    int cur_block;
    enum sql_block_ctx sub_ctx;
    struct sqlx_cte *ctes;
    struct sqlx_bstate *bs; /* parallel to an->blocks */
    size_t cap_blocks, cap_tables, cap_preds, cap_group, cap_order, cap_cols, cap_defeats,
        cap_unres;
    /* resolve pass */
    int scope_block;
};

/* Token tests without strlen/memcmp calls: the parser asks them after every token, and most fail.
 * When the word is a literal its length, a constant once inlined, rules most tokens out before a
 * byte is compared; a word from a table is compared byte by byte rather than measured first. */
static inline bool sqlx_tok_op(const struct sql_token *t, const char *op)
{
    if (t->kind != SQL_TOK_OP || (__builtin_constant_p(strlen(op)) && t->len != strlen(op)))
        return false;
    uint32_t i = 0;
    for (; op[i]; i++)
        if (i >= t->len || t->p[i] != op[i])
            return false;
    return i == t->len;
}

static inline bool sqlx_tok_is(const struct sql_token *t, const char *kw)
{
    if (t->kind != SQL_TOK_WORD || (__builtin_constant_p(strlen(kw)) && t->len != strlen(kw)))
        return false;
    uint32_t i = 0;
    for (; kw[i]; i++) {
        if (i >= t->len)
            return false;
        unsigned char c = (unsigned char)t->p[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        if (c != (unsigned char)kw[i])
            return false;
    }
    return i == t->len;
}

/* analyze.c */
void sqlx_fail(struct sqlx *x, uint32_t tok_index, const char *reason);
void *sqlx_alloc(struct sqlx *x, size_t size);
/* Appends one zeroed element to an arena-backed array; NULL when out of memory. */
void *sqlx_push(struct sqlx *x, void **arr, size_t *n, size_t *cap, size_t elem);
/* The token `ahead` of the cursor. The array always ends with an EOF token, which absorbs any
 * look-ahead past the end. */
static inline const struct sql_token *sqlx_peek(const struct sqlx *x, uint32_t ahead)
{
    uint32_t k = x->i + ahead;
    return &x->tok[k < x->ntok ? k : x->ntok - 1];
}
/* The parser asks these of nearly every token for many words: inline, so that a literal's length
 * is a constant and rules most words out before a byte is compared. */
static inline bool sqlx_is(const struct sqlx *x, const char *kw)
{
    return sqlx_tok_is(sqlx_peek(x, 0), kw);
}
static inline bool sqlx_is_at(const struct sqlx *x, uint32_t ahead, const char *kw)
{
    return sqlx_tok_is(sqlx_peek(x, ahead), kw);
}
static inline bool sqlx_op(const struct sqlx *x, const char *op)
{
    return sqlx_tok_op(sqlx_peek(x, 0), op);
}
/* Moves past the current token (never past the EOF token). */
static inline void sqlx_advance(struct sqlx *x)
{
    if (x->i + 1 < x->ntok)
        x->i++;
}
/* Takes the word kw (or the operator op) when it is the current token. */
static inline bool sqlx_accept(struct sqlx *x, const char *kw)
{
    if (!sqlx_is(x, kw))
        return false;
    sqlx_advance(x);
    return true;
}
static inline bool sqlx_accept_op(struct sqlx *x, const char *op)
{
    if (!sqlx_op(x, op))
        return false;
    sqlx_advance(x);
    return true;
}
bool sqlx_expect(struct sqlx *x, const char *kw);
bool sqlx_expect_op(struct sqlx *x, const char *op);
/* Skips a parenthesised group starting at the current token (a window spec, a column list, an
 * index hint list), nested groups included; stops at the end of the statement. */
void sqlx_skip_group(struct sqlx *x);
uint32_t sqlx_pos(const struct sqlx *x, uint32_t tok_index);
/* Whether the token is a word that can start or continue a clause, never a bare alias. */
bool sqlx_is_clause_word(const struct sql_token *t);
/* An identifier token (WORD or QIDENT) usable as a name here. */
bool sqlx_is_ident(const struct sql_token *t);
/* The real name of an identifier token: a view into the text, or an unquoted arena copy. */
struct sv sqlx_ident(struct sqlx *x, struct sv raw);
/* A name a fingerprint mangled (`sbtest?`, `d?tuningdetail_?_?`): the pieces written together
 * after the token just read, whose view is `name`, are glued to it (the cursor moves past them). */
struct sv sqlx_glue_name(struct sqlx *x, struct sv name);
int sqlx_new_block(struct sqlx *x, int parent, enum sql_block_ctx ctx);
struct sqlx_clause *sqlx_add_clause(struct sqlx *x, int block, enum sqlx_clause_kind kind,
                                    struct sqlx_node *expr);
bool sqlx_name_eq(const struct sqlx *x, struct sv a, struct sv b); /* table/db names */
bool sqlx_col_eq(struct sv a, struct sv b);                         /* column names */

/* analyze_stmt.c */
void sqlx_parse_statement(struct sqlx *x);
/* A query expression ([WITH] SELECT … [UNION …] [ORDER BY] [LIMIT] [locking]) into `block`. */
void sqlx_parse_query(struct sqlx *x, int block);
/* ORDER BY items into the block's clause list (after ORDER BY was read). */
void sqlx_parse_order_list(struct sqlx *x, int block, enum sqlx_clause_kind kind);
void sqlx_parse_limit(struct sqlx *x, int block);

/* analyze_from.c */
void sqlx_parse_table_refs(struct sqlx *x, int block);
/* One table name (with optional PARTITION, alias and index hints) as a table reference. */
int sqlx_parse_single_table(struct sqlx *x, int block, bool allow_alias);

/* analyze_expr.c */
struct sqlx_node *sqlx_parse_expr(struct sqlx *x);
/* True when the tokens at the cursor open a subquery: `(` followed by SELECT or WITH. */
bool sqlx_at_subquery(const struct sqlx *x);
/* Parses `( query )` at the cursor into a new block of the given context. */
int sqlx_parse_subquery(struct sqlx *x, enum sql_block_ctx ctx);

/* analyze_resolve.c */
void sqlx_resolve(struct sqlx *x);
/* The display label of a reference (alias, else name, else ?derivedN). */
struct sv sqlx_ref_label(const struct sql_table_ref *t);

/* analyze_facts.c */
void sqlx_facts(struct sqlx *x);
void sqlx_add_defeat(struct sqlx *x, enum sql_defeat_kind kind, const struct sqlx_node *col,
                     uint32_t pos, const char *detail);
/* The value kind of an expression compared with a column. */
enum sql_value_kind sqlx_value_kind(const struct sqlx_node *n);
/* The first column reference inside an expression (not inside subqueries), or NULL. */
const struct sqlx_node *sqlx_first_column(const struct sqlx_node *n);

/* analyze_defeat.c */
/* A comparison side that is not a plain column: records a function/arithmetic defeat on the
 * first column inside it, unless the schema has a matching functional index or indexed
 * generated column. */
void sqlx_check_side(struct sqlx *x, const struct sqlx_node *side);
/* Conversions given the schema: a column compared with a value or another column. */
void sqlx_check_conversion(struct sqlx *x, const struct sqlx_node *col,
                           const struct sqlx_node *other);
/* OR across different columns, for the top of an OR chain. */
void sqlx_check_or(struct sqlx *x, const struct sqlx_node *or_node);

#endif
