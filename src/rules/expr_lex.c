/* The lexer of the rule expression language: numbers, 'single' or "double" quoted strings with
 * raw (regex-friendly) content, identifiers, $thresholds and operators. See expr_int.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/expr_int.h"

static enum ex_tok lex_fail(struct ex_lexer *lx, size_t pos, const char *msg)
{
    lx->err->pos = pos;
    snprintf(lx->err->msg, sizeof lx->err->msg, "%s", msg);
    return lx->tok = TK_ERROR;
}

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static enum ex_tok lex_number(struct ex_lexer *lx)
{
    size_t i = lx->pos;
    while (i < lx->n && is_digit(lx->text[i]))
        i++;
    if (i < lx->n && lx->text[i] == '.' && i + 1 < lx->n && is_digit(lx->text[i + 1])) {
        i++;
        while (i < lx->n && is_digit(lx->text[i]))
            i++;
    }
    if (i - lx->pos > 40)
        return lex_fail(lx, lx->tpos, "number too long");
    if (i < lx->n && is_ident_char(lx->text[i]))
        return lex_fail(lx, i, "unexpected character after a number");
    char tmp[48];
    memcpy(tmp, lx->text + lx->pos, i - lx->pos);
    tmp[i - lx->pos] = '\0';
    lx->num = strtod(tmp, NULL);
    lx->pos = i;
    return lx->tok = TK_NUM;
}

static enum ex_tok lex_string(struct ex_lexer *lx)
{
    char quote = lx->text[lx->pos];
    size_t i = lx->pos + 1, k = 0;
    char *s = malloc(lx->n - lx->pos + 1);
    if (!s)
        return lex_fail(lx, lx->tpos, "out of memory");
    for (;;) {
        if (i >= lx->n) {
            free(s);
            return lex_fail(lx, lx->tpos, "string not closed");
        }
        char c = lx->text[i++];
        if (c == quote)
            break;
        /* Strings are raw, as regexes want them: a backslash stays, and only keeps the next
         * byte from ending the string (\' is a quote without its backslash). */
        if (c == '\\' && i < lx->n) {
            if (lx->text[i] != quote)
                s[k++] = c;
            c = lx->text[i++];
        }
        s[k++] = c;
    }
    s[k] = '\0';
    free(lx->str);
    lx->str = s;
    lx->slen = k;
    lx->pos = i;
    return lx->tok = TK_STR;
}

/* Operators of one or two characters; longest match first. */
static const struct { const char *text; enum ex_tok tok; } ops[] = {
    {"==", TK_EQ}, {"!=", TK_NE}, {"<=", TK_LE}, {">=", TK_GE}, {"=~", TK_MATCH},
    {"!~", TK_NOT_MATCH}, {"<", TK_LT}, {">", TK_GT}, {"(", TK_LPAREN}, {")", TK_RPAREN},
    {"[", TK_LBRACK}, {"]", TK_RBRACK}, {",", TK_COMMA}, {".", TK_DOT}, {"+", TK_PLUS},
    {"-", TK_MINUS}, {"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT},
};

static enum ex_tok lex_operator(struct ex_lexer *lx)
{
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        size_t l = strlen(ops[k].text);
        if (lx->pos + l <= lx->n && memcmp(lx->text + lx->pos, ops[k].text, l) == 0) {
            lx->pos += l;
            return lx->tok = ops[k].tok;
        }
    }
    if (lx->text[lx->pos] == '=')
        return lex_fail(lx, lx->pos, "'=' is not an operator: compare with '=='");
    return lex_fail(lx, lx->pos, "unexpected character");
}

enum ex_tok ex_lex_next(struct ex_lexer *lx)
{
    while (lx->pos < lx->n && (lx->text[lx->pos] == ' ' || lx->text[lx->pos] == '\t' ||
                               lx->text[lx->pos] == '\n' || lx->text[lx->pos] == '\r'))
        lx->pos++;
    lx->tpos = lx->pos;
    enum ex_tok t;
    if (lx->pos >= lx->n) {
        t = lx->tok = TK_END;
    } else {
        char c = lx->text[lx->pos];
        if (is_digit(c)) {
            t = lex_number(lx);
        } else if (c == '\'' || c == '"') {
            t = lex_string(lx);
        } else if (is_ident_start(c) || (c == '$' && lx->pos + 1 < lx->n &&
                                         is_ident_start(lx->text[lx->pos + 1]))) {
            lx->pos++;
            while (lx->pos < lx->n && is_ident_char(lx->text[lx->pos]))
                lx->pos++;
            t = lx->tok = c == '$' ? TK_THRESH : TK_IDENT;
        } else {
            t = lex_operator(lx);
        }
    }
    lx->tlen = lx->pos - lx->tpos;
    return t;
}

bool ex_lex_is(const struct ex_lexer *lx, const char *word)
{
    size_t l = strlen(word);
    return lx->tok == TK_IDENT && lx->tlen == l && memcmp(lx->text + lx->tpos, word, l) == 0;
}

void ex_lex_free(struct ex_lexer *lx)
{
    free(lx->str);
    lx->str = NULL;
}
