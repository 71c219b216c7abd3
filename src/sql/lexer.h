/* The SQL lexer shared by the statement analyzer and the DDL reader: MySQL/MariaDB tokens from
 * a byte range, with the server's rules for quotes, comments and version comments.
 *
 * Tokens are views into the input (no copies). Comments and white space are skipped; a version
 * comment whose body the target runs (`/\*!40101 SET … *\/`) is entered, as the server does, so its
 * body comes out as ordinary tokens and its closing `*` `/` is skipped; one the target does not run
 * is a comment. Optimizer hints (`/\*+ … *\/`) come out as one SQL_TOK_HINT token.
 *
 * Keywords are not a token kind: MySQL allows most of them as identifiers, so the parser decides
 * by context; sql_tok_is() compares a bare word case-insensitively. */
#ifndef SLOWDEX_SQL_LEXER_H
#define SLOWDEX_SQL_LEXER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/target.h"
#include "util/sv.h"

/* sql_mode flags that change how text is tokenized. */
#define SQL_MODE_ANSI_QUOTES 1u          /* "x" is an identifier, not a string */
#define SQL_MODE_NO_BACKSLASH_ESCAPES 2u /* \ is an ordinary character in strings */
#define SQL_MODE_PIPES_AS_CONCAT 4u      /* || is concatenation (a token either way) */

/* Parses a comma-separated sql_mode list ("ANSI_QUOTES,NO_BACKSLASH_ESCAPES"; ANSI implies
 * ANSI_QUOTES and PIPES_AS_CONCAT; unknown modes that do not change tokenizing are accepted).
 * Returns false and sets *bad to the first mode it does not know at all. */
bool sql_mode_parse(const char *text, unsigned *modes, struct sv *bad);

enum sql_tok_kind {
    SQL_TOK_EOF,    /* end of input; also returned again after the end */
    SQL_TOK_WORD,   /* bare identifier or keyword: letters, digits, _, $, bytes >= 0x80 */
    SQL_TOK_QIDENT, /* `quoted identifier` (or "x" under ANSI_QUOTES); text includes the quotes */
    SQL_TOK_STRING, /* 'x' or "x"; also N'x', _utf8mb4'x', X'ff', B'01'; text includes prefix+quotes */
    SQL_TOK_NUMBER, /* 12, 1.5, .5, 1e-3, 0x1F, 0b101 (a sign is an operator token) */
    SQL_TOK_PARAM,  /* ? placeholder, also :name and $1 are not MySQL and come out as ops/words */
    SQL_TOK_VAR,    /* @name, @'quoted', @@global.name */
    SQL_TOK_HINT,   /* an optimizer hint comment, whole */
    SQL_TOK_OP,     /* operators and punctuation: ( ) , ; . = <=> <> != < <= > >= + - * / % etc. */
    SQL_TOK_ERROR   /* unterminated string, identifier or comment: the rest of the input */
};

struct sql_token {
    enum sql_tok_kind kind;
    uint32_t pos;  /* byte offset from the start of the input */
    uint32_t len;  /* bytes of the token text */
    uint32_t line; /* 1-based line of the token's first byte */
    const char *p; /* = input + pos */
};

struct sql_lexer {
    const char *text;
    size_t len;
    size_t pos;        /* next byte to read */
    uint32_t line;     /* line of text[pos] */
    unsigned modes;    /* SQL_MODE_* */
    struct sql_target target;
    int in_version;    /* nesting depth of entered version comments (0 or 1 in practice) */
    enum sql_tok_kind last; /* kind of the previous token: `.5` is a number only after an operator */
};

/* Starts lexing text[0..len). Inputs over 4 GiB are cut there (positions are 32-bit). */
void sql_lexer_init(struct sql_lexer *lx, const char *text, size_t len, unsigned modes,
                    const struct sql_target *target);
/* The next token. Never fails: bad input becomes SQL_TOK_ERROR, then SQL_TOK_EOF. */
struct sql_token sql_lexer_next(struct sql_lexer *lx);

/* Whether the token is the bare word `kw` (ASCII, compared case-insensitively). */
static inline bool sql_tok_is(const struct sql_token *t, const char *kw)
{
    if (t->kind != SQL_TOK_WORD)
        return false;
    size_t n = strlen(kw);
    if (t->len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t->p[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        if (c != (unsigned char)kw[i])
            return false;
    }
    return true;
}

/* Whether the token is the operator or punctuation `op` exactly ("(", "<=>"). */
static inline bool sql_tok_op(const struct sql_token *t, const char *op)
{
    size_t n = strlen(op);
    return t->kind == SQL_TOK_OP && t->len == n && memcmp(t->p, op, n) == 0;
}

/* An identifier's name: a WORD as is, a QIDENT without its quotes. Doubled quote characters
 * inside (`a``b`) are left doubled in the view; sql_ident_unquote writes the real name. */
struct sv sql_ident_view(const struct sql_token *t);
/* Writes the identifier's real name (quotes removed, doubled quotes undone) into buf (NUL-ended,
 * cut at size-1); returns its length before cutting. */
size_t sql_ident_unquote(const struct sql_token *t, char *buf, size_t size);
/* A string literal's value without prefix and quotes, escapes undone as the server would
 * (backslash escapes unless NO_BACKSLASH_ESCAPES, doubled quotes); into buf, NUL-ended, cut at
 * size-1; returns the full length. */
size_t sql_string_value(const struct sql_token *t, unsigned modes, char *buf, size_t size);

/* Splitting a script into statements: `;` outside strings and comments ends one, and the
 * mysql client's `DELIMITER xx` lines (mysqldump writes them around triggers and routines)
 * change the terminator. A statement's text excludes the terminator and leading white space. */
struct sql_splitter {
    const char *text;
    size_t len;
    size_t pos;
    uint32_t line;
    unsigned modes;
    char delim[16]; /* current delimiter, ";" to start */
    size_t delim_len;
};

struct sql_statement {
    const char *p;  /* statement text */
    size_t len;
    uint32_t line;  /* 1-based line of its first byte */
    size_t offset;  /* byte offset of p in the script */
    bool terminated; /* ended by a delimiter, not by the end of the input */
};

void sql_splitter_init(struct sql_splitter *sp, const char *text, size_t len, unsigned modes);
/* The next non-empty statement; false at the end of the script. Comment-only stretches are
 * skipped, but a version comment (`/\*!40101 SET … *\/;`) is a statement. */
bool sql_splitter_next(struct sql_splitter *sp, struct sql_statement *st);

#endif
