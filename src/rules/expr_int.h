/* Inside the expression language: the syntax tree the parser builds and the evaluator walks, and the
 * lexer between them. Private to expr_*.c. */
#ifndef SLOWDEX_RULES_EXPR_INT_H
#define SLOWDEX_RULES_EXPR_INT_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules/expr.h"

/* Deeper trees are refused at parse time, so evaluation's recursion is bounded. */
#define EXPR_MAX_DEPTH 100

enum ex_op {
    EX_NUM, EX_STR, EX_BOOL, EX_NULL, EX_LIST, /* literals (a list literal holds constants only) */
    EX_PATH, EX_THRESH,
    EX_OR, EX_AND, EX_NOT, EX_NEG,
    EX_EQ, EX_NE, EX_LT, EX_LE, EX_GT, EX_GE, EX_IN, EX_NOT_IN, EX_MATCH, EX_NOT_MATCH,
    EX_ADD, EX_SUB, EX_MUL, EX_DIV, EX_MOD,
    EX_ANY, EX_ALL, EX_COUNT, EX_LEN, EX_LOWER, EX_COALESCE,
};

enum ex_seg_kind { SEG_FIELD, SEG_EACH, SEG_INDEX };

struct ex_seg {
    enum ex_seg_kind kind;
    char *name;          /* SEG_FIELD */
    struct expr *index;  /* SEG_INDEX */
};

struct expr {
    enum ex_op op;
    enum expr_type type;
    size_t pos;            /* offset of the node's token (an operator's own position) */
    size_t start;          /* offset of the first byte of the whole subtree */
    int depth;             /* height of the tree under this node */
    struct expr *a, *b;    /* operands; quantifiers: a = list, b = condition */
    double num;            /* EX_NUM */
    bool boolean;          /* EX_BOOL */
    char *str;             /* EX_STR (NUL-terminated, may hold NULs: len) */
    size_t len;
    cJSON *lit;            /* EX_LIST: the constants as a cJSON array */
    const cJSON **items;   /* EX_LIST: its elements, for indexed access */
    size_t nitems;
    char *root;            /* EX_PATH: the root name ("query"), NULL for `it` */
    int it_level;          /* EX_PATH on `it`: the quantifier nesting level it names (0 = top) */
    struct ex_seg *segs;
    size_t nsegs;
    bool multi;            /* EX_PATH has a [] segment: its value is a list */
    size_t thresh;         /* EX_THRESH: index into the bindings' thresholds */
    pcre2_code *re;        /* EX_MATCH/EX_NOT_MATCH: the compiled pattern (b is its text) */
};

enum ex_tok {
    TK_END, TK_NUM, TK_STR, TK_IDENT, TK_THRESH,
    TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK, TK_COMMA, TK_DOT,
    TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE, TK_MATCH, TK_NOT_MATCH,
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT,
    TK_ERROR,
};

struct ex_lexer {
    const char *text;
    size_t n;
    size_t pos;       /* next byte to read */
    enum ex_tok tok;  /* the current token */
    size_t tpos;      /* where it starts */
    size_t tlen;      /* its length in the text */
    double num;       /* TK_NUM */
    char *str;        /* TK_STR: the decoded string (malloc'd, owned by the lexer until taken) */
    size_t slen;
    struct expr_error *err;
};

/* Reads the next token into lx; TK_ERROR with lx->err filled on a bad token or out of memory. */
enum ex_tok ex_lex_next(struct ex_lexer *lx);
/* Whether the current token is the identifier `word`. */
bool ex_lex_is(const struct ex_lexer *lx, const char *word);
void ex_lex_free(struct ex_lexer *lx);

#endif
