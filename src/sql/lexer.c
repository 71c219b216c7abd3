/* The SQL lexer of lexer.h: one token at a time from a byte range, following the MySQL/MariaDB
 * server's own rules for white space, the three comment styles, version comments, quotes and
 * escapes, so that the analyzer and the DDL reader see what the server would see. */
#include "sql/lexer.h"

#include <string.h>

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Identifier bytes: MySQL allows [0-9a-zA-Z$_] and any byte of a multi-byte character. */
static bool is_ident(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || c >= 0x80;
}

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static bool is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void sql_lexer_init(struct sql_lexer *lx, const char *text, size_t len, unsigned modes,
                    const struct sql_target *target)
{
    lx->text = text;
    lx->len = len > UINT32_MAX ? UINT32_MAX : len;
    lx->pos = 0;
    lx->line = 1;
    lx->modes = modes;
    lx->target = target ? *target : sql_target_default();
    lx->in_version = 0;
    lx->last = SQL_TOK_EOF;
}

/* Moves to `to`, counting the newlines passed over. */
static void advance(struct sql_lexer *lx, size_t to)
{
    const char *p = lx->text + lx->pos, *end = lx->text + to;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lx->line++;
        p++;
    }
    lx->pos = to;
}

/* Where a quoted run that starts with quote character q at `from` (just after the opening
 * quote) ends: the index after the closing quote, or len when it never closes. */
static size_t quoted_end(const struct sql_lexer *lx, size_t from, char q, bool backslash)
{
    size_t i = from;
    while (i < lx->len) {
        char c = lx->text[i];
        if (c == '\\' && backslash) {
            i += 2;
        } else if (c == q) {
            if (i + 1 < lx->len && lx->text[i + 1] == q)
                i += 2;
            else
                return i + 1;
        } else {
            i++;
        }
    }
    return SIZE_MAX;
}

static size_t comment_end(const struct sql_lexer *lx, size_t from)
{
    for (size_t i = from; i + 1 < lx->len; i++)
        if (lx->text[i] == '*' && lx->text[i + 1] == '/')
            return i + 2;
    return SIZE_MAX;
}

/* At "/\*!" or "/\*M!": reads the optional version and decides. Returns true when the body is to
 * be lexed (lx->pos then at the body), false when the whole comment is skipped. */
static bool enter_version_comment(struct sql_lexer *lx, size_t at)
{
    bool mariadb = lx->text[at + 2] == 'M';
    size_t i = at + (mariadb ? 4 : 3);
    size_t digits = 0;
    unsigned version = 0;
    while (i + digits < lx->len && digits < 6 && is_digit((unsigned char)lx->text[i + digits])) {
        version = version * 10 + (unsigned)(lx->text[i + digits] - '0');
        digits++;
    }
    if (digits == 5 || digits == 6) {
        i += digits;
    } else {
        version = 0; /* fewer digits are code, as the server reads them */
    }
    if (!sql_target_runs_comment(&lx->target, mariadb, version))
        return false;
    advance(lx, i);
    lx->in_version++;
    return true;
}

/* Skips white space and comments; enters version comments the target runs. Returns false with an
 * error token in *err when a comment never closes. */
static bool skip_ignored(struct sql_lexer *lx, struct sql_token *err)
{
    for (;;) {
        size_t i = lx->pos;
        while (i < lx->len && is_space((unsigned char)lx->text[i]))
            i++;
        advance(lx, i);
        if (i >= lx->len)
            return true;
        char c = lx->text[i];
        char c1 = i + 1 < lx->len ? lx->text[i + 1] : 0;
        char c2 = i + 2 < lx->len ? lx->text[i + 2] : 0;
        if (c == '#' || (c == '-' && c1 == '-' && (i + 2 >= lx->len || is_space((unsigned char)c2) ||
                                                   (unsigned char)c2 < 32))) {
            const char *nl = memchr(lx->text + i, '\n', lx->len - i);
            advance(lx, nl ? (size_t)(nl - lx->text) : lx->len);
            continue;
        }
        if (c == '*' && c1 == '/' && lx->in_version > 0) {
            lx->in_version--;
            advance(lx, i + 2);
            continue;
        }
        if (c != '/' || c1 != '*' || c2 == '+')
            return true;
        bool version = c2 == '!' || (c2 == 'M' && i + 3 < lx->len && lx->text[i + 3] == '!');
        if (version && enter_version_comment(lx, i))
            continue;
        size_t end = comment_end(lx, i + 2);
        if (end == SIZE_MAX) {
            *err = (struct sql_token){SQL_TOK_ERROR, (uint32_t)i, (uint32_t)(lx->len - i),
                                      lx->line, lx->text + i};
            advance(lx, lx->len);
            return false;
        }
        advance(lx, end);
    }
}

/* The length of the operator at i: the two- and three-byte ones (<=> ->> <= >= <> != << >> || &&
 * := ->), else one byte. */
static size_t op_length(const struct sql_lexer *lx, size_t i)
{
    const char *t = lx->text + i;
    char c1 = i + 1 < lx->len ? t[1] : 0;
    char c2 = i + 2 < lx->len ? t[2] : 0;
    switch (t[0]) {
    case '<':
        if (c1 == '=')
            return c2 == '>' ? 3 : 2;
        return c1 == '>' || c1 == '<' ? 2 : 1;
    case '>': return c1 == '=' || c1 == '>' ? 2 : 1;
    case '!': return c1 == '=' ? 2 : 1;
    case '|': return c1 == '|' ? 2 : 1;
    case '&': return c1 == '&' ? 2 : 1;
    case ':': return c1 == '=' ? 2 : 1;
    case '-':
        if (c1 != '>')
            return 1;
        return c2 == '>' ? 3 : 2;
    default: return 1;
    }
}

/* A number starting at i: decimal with optional fraction and exponent, or 0x / 0b. Returns its
 * end, or 0 when the digits run into identifier characters (MySQL's `1abc` is a name). */
static size_t number_end(const struct sql_lexer *lx, size_t i)
{
    const char *t = lx->text;
    size_t n = lx->len, j = i;
    if (t[i] == '0' && i + 2 <= n && (t[i + 1] == 'x' || t[i + 1] == 'b')) {
        bool hex = t[i + 1] == 'x';
        j = i + 2;
        while (j < n && (hex ? is_hex((unsigned char)t[j]) : (t[j] == '0' || t[j] == '1')))
            j++;
        if (j > i + 2 && (j >= n || !is_ident((unsigned char)t[j])))
            return j;
        j = i;
    }
    while (j < n && is_digit((unsigned char)t[j]))
        j++;
    if (j < n && t[j] == '.') {
        j++;
        while (j < n && is_digit((unsigned char)t[j]))
            j++;
    }
    if (j < n && (t[j] == 'e' || t[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && (t[k] == '+' || t[k] == '-'))
            k++;
        if (k < n && is_digit((unsigned char)t[k])) {
            while (k < n && is_digit((unsigned char)t[k]))
                k++;
            j = k;
        }
    }
    if (j < n && is_ident((unsigned char)t[j]))
        return 0;
    return j;
}

/* Whether a word just read can prefix a string literal: N'x', X'ff', B'01', _utf8mb4'x'. */
static bool is_string_prefix(const char *w, size_t n)
{
    if (n == 1)
        return w[0] == 'n' || w[0] == 'N' || w[0] == 'x' || w[0] == 'X' || w[0] == 'b' ||
               w[0] == 'B';
    return n > 1 && w[0] == '_';
}

static struct sql_token make(struct sql_lexer *lx, enum sql_tok_kind kind, size_t start,
                             size_t end, uint32_t line)
{
    struct sql_token t = {kind, (uint32_t)start, (uint32_t)(end - start), line, lx->text + start};
    advance(lx, end);
    lx->last = kind;
    return t;
}

static struct sql_token quoted_token(struct sql_lexer *lx, enum sql_tok_kind kind, size_t start,
                                     size_t quote_at, uint32_t line)
{
    char q = lx->text[quote_at];
    bool backslash = kind == SQL_TOK_STRING && !(lx->modes & SQL_MODE_NO_BACKSLASH_ESCAPES);
    size_t end = quoted_end(lx, quote_at + 1, q, backslash);
    if (end == SIZE_MAX || end > lx->len)
        return make(lx, SQL_TOK_ERROR, start, lx->len, line);
    return make(lx, kind, start, end, line);
}

static struct sql_token word_or_prefixed(struct sql_lexer *lx, size_t i, uint32_t line)
{
    size_t j = i;
    while (j < lx->len && is_ident((unsigned char)lx->text[j]))
        j++;
    if (j < lx->len && is_string_prefix(lx->text + i, j - i) &&
        (lx->text[j] == '\'' || (lx->text[j] == '"' && !(lx->modes & SQL_MODE_ANSI_QUOTES))))
        return quoted_token(lx, SQL_TOK_STRING, i, j, line);
    return make(lx, SQL_TOK_WORD, i, j, line);
}

static struct sql_token variable(struct sql_lexer *lx, size_t i, uint32_t line)
{
    size_t j = i + 1;
    if (j < lx->len && lx->text[j] == '@')
        j++;
    if (j < lx->len && (lx->text[j] == '\'' || lx->text[j] == '"' || lx->text[j] == '`'))
        return quoted_token(lx, SQL_TOK_VAR, i, j, line);
    while (j < lx->len && (is_ident((unsigned char)lx->text[j]) || lx->text[j] == '.'))
        j++;
    return make(lx, SQL_TOK_VAR, i, j, line);
}

struct sql_token sql_lexer_next(struct sql_lexer *lx)
{
    struct sql_token err;
    if (!skip_ignored(lx, &err)) {
        lx->last = SQL_TOK_ERROR;
        return err;
    }
    size_t i = lx->pos;
    uint32_t line = lx->line;
    if (i >= lx->len)
        return (struct sql_token){SQL_TOK_EOF, (uint32_t)lx->len, 0, line, lx->text + lx->len};
    unsigned char c = (unsigned char)lx->text[i];
    unsigned char c1 = i + 1 < lx->len ? (unsigned char)lx->text[i + 1] : 0;
    if (c == '/' && c1 == '*') { /* an optimizer hint: skip_ignored left only those */
        size_t end = comment_end(lx, i + 3);
        return make(lx, end == SIZE_MAX ? SQL_TOK_ERROR : SQL_TOK_HINT, i,
                    end == SIZE_MAX ? lx->len : end, line);
    }
    if (c == '\'')
        return quoted_token(lx, SQL_TOK_STRING, i, i, line);
    if (c == '"')
        return quoted_token(lx, lx->modes & SQL_MODE_ANSI_QUOTES ? SQL_TOK_QIDENT : SQL_TOK_STRING,
                            i, i, line);
    if (c == '`')
        return quoted_token(lx, SQL_TOK_QIDENT, i, i, line);
    bool after_name = lx->last == SQL_TOK_WORD || lx->last == SQL_TOK_QIDENT;
    if (is_digit(c) || (c == '.' && is_digit(c1) && !after_name &&
                        !(lx->last == SQL_TOK_OP && i > 0 && lx->text[i - 1] == ')'))) {
        size_t end = number_end(lx, i);
        if (end)
            return make(lx, SQL_TOK_NUMBER, i, end, line);
    }
    if (is_ident(c))
        return word_or_prefixed(lx, i, line);
    if (c == '?')
        return make(lx, SQL_TOK_PARAM, i, i + 1, line);
    if (c == '@')
        return variable(lx, i, line);
    return make(lx, SQL_TOK_OP, i, i + op_length(lx, i), line);
}

struct sv sql_ident_view(const struct sql_token *t)
{
    if (t->kind == SQL_TOK_QIDENT && t->len >= 2)
        return sv_make(t->p + 1, t->len - 2);
    return sv_make(t->p, t->len);
}

size_t sql_ident_unquote(const struct sql_token *t, char *buf, size_t size)
{
    struct sv v = sql_ident_view(t);
    char q = t->kind == SQL_TOK_QIDENT ? t->p[0] : 0;
    size_t out = 0;
    for (size_t i = 0; i < v.n; i++) {
        if (q && v.p[i] == q && i + 1 < v.n && v.p[i + 1] == q)
            i++;
        if (size && out < size - 1)
            buf[out] = v.p[i];
        out++;
    }
    if (size)
        buf[out < size - 1 ? out : size - 1] = '\0';
    return out;
}

/* The server's backslash escapes; \% and \_ keep their backslash (they are LIKE escapes). */
static int unescape(char c, char *out2)
{
    switch (c) {
    case '0': out2[0] = '\0'; return 1;
    case 'b': out2[0] = '\b'; return 1;
    case 'n': out2[0] = '\n'; return 1;
    case 'r': out2[0] = '\r'; return 1;
    case 't': out2[0] = '\t'; return 1;
    case 'Z': out2[0] = '\032'; return 1;
    case '%':
    case '_': out2[0] = '\\'; out2[1] = c; return 2;
    default: out2[0] = c; return 1;
    }
}

size_t sql_string_value(const struct sql_token *t, unsigned modes, char *buf, size_t size)
{
    size_t q = 0;
    while (q < t->len && t->p[q] != '\'' && t->p[q] != '"')
        q++;
    if (q + 2 > t->len) {
        if (size)
            buf[0] = '\0';
        return 0;
    }
    char quote = t->p[q];
    bool backslash = !(modes & SQL_MODE_NO_BACKSLASH_ESCAPES);
    size_t out = 0, end = t->len - 1;
    for (size_t i = q + 1; i < end; i++) {
        char tmp[2] = {t->p[i], 0};
        int k = 1;
        if (backslash && t->p[i] == '\\' && i + 1 < end)
            k = unescape(t->p[++i], tmp);
        else if (t->p[i] == quote && i + 1 < end && t->p[i + 1] == quote)
            i++;
        for (int m = 0; m < k; m++, out++)
            if (size && out < size - 1)
                buf[out] = tmp[m];
    }
    if (size)
        buf[out < size - 1 ? out : size - 1] = '\0';
    return out;
}
