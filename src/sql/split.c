/* Splitting SQL scripts into statements as the mysql client does: a delimiter (`;` to start)
 * outside quotes and comments ends a statement, and `DELIMITER xx` lines change it. Also the
 * sql_mode list parser, since the splitter and the lexer are what sql_mode changes. */
#include <strings.h>

#include "sql/lexer.h"

void sql_splitter_init(struct sql_splitter *sp, const char *text, size_t len, unsigned modes)
{
    sp->text = text;
    sp->len = len > UINT32_MAX ? UINT32_MAX : len;
    sp->pos = 0;
    sp->line = 1;
    sp->modes = modes;
    sp->delim[0] = ';';
    sp->delim[1] = '\0';
    sp->delim_len = 1;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static void move_to(struct sql_splitter *sp, size_t to)
{
    for (size_t i = sp->pos; i < to; i++)
        if (sp->text[i] == '\n')
            sp->line++;
    sp->pos = to;
}

static size_t line_end(const struct sql_splitter *sp, size_t i)
{
    const char *nl = memchr(sp->text + i, '\n', sp->len - i);
    return nl ? (size_t)(nl - sp->text) : sp->len;
}

/* At i, a comment that is not statement text: '#', '-- ', or '/\*' that is neither a version
 * comment nor a hint. (`/\*M!999999\- enable the sandbox mode *\/` runs on no server: a comment.)
 * Returns its end, or 0 when there is none at i. */
static size_t plain_comment_end(const struct sql_splitter *sp, size_t i)
{
    const char *t = sp->text;
    size_t n = sp->len;
    if (t[i] == '#')
        return line_end(sp, i);
    if (t[i] == '-' && i + 1 < n && t[i + 1] == '-' &&
        (i + 2 >= n || is_blank(t[i + 2]) || (unsigned char)t[i + 2] < 32))
        return line_end(sp, i);
    if (t[i] != '/' || i + 1 >= n || t[i + 1] != '*')
        return 0;
    bool sandbox = i + 10 <= n && memcmp(t + i, "/*M!999999", 10) == 0;
    if (!sandbox && i + 2 < n && (t[i + 2] == '!' || t[i + 2] == '+' ||
                                  (t[i + 2] == 'M' && i + 3 < n && t[i + 3] == '!')))
        return 0;
    for (size_t j = i + 2; j + 1 < n; j++)
        if (t[j] == '*' && t[j + 1] == '/')
            return j + 2;
    return n;
}

/* A `DELIMITER xx` line at i (start of a statement)? Sets the new delimiter, returns the line end. */
static size_t delimiter_command(struct sql_splitter *sp, size_t i)
{
    if (i + 10 > sp->len || strncasecmp(sp->text + i, "delimiter", 9) != 0 ||
        (sp->text[i + 9] != ' ' && sp->text[i + 9] != '\t'))
        return 0;
    size_t end = line_end(sp, i);
    size_t a = i + 10;
    while (a < end && is_blank(sp->text[a]))
        a++;
    size_t b = a;
    while (b < end && !is_blank(sp->text[b]))
        b++;
    if (b == a || b - a >= sizeof sp->delim)
        return 0;
    memcpy(sp->delim, sp->text + a, b - a);
    sp->delim[b - a] = '\0';
    sp->delim_len = b - a;
    return end;
}

/* Skips white space, plain comments and DELIMITER lines before a statement. */
static void skip_to_statement(struct sql_splitter *sp)
{
    for (;;) {
        size_t i = sp->pos;
        while (i < sp->len && is_blank(sp->text[i]))
            i++;
        move_to(sp, i);
        if (i >= sp->len)
            return;
        size_t end = plain_comment_end(sp, i);
        if (!end)
            end = delimiter_command(sp, i);
        if (!end)
            return;
        move_to(sp, end);
    }
}

/* The end of a quoted run opened at i; sp->len when it never closes. */
static size_t skip_quoted(const struct sql_splitter *sp, size_t i)
{
    char q = sp->text[i];
    bool backslash = q != '`' && !(sp->modes & SQL_MODE_NO_BACKSLASH_ESCAPES);
    for (size_t j = i + 1; j < sp->len; j++) {
        if (backslash && sp->text[j] == '\\')
            j++;
        else if (sp->text[j] == q)
            return j + 1;
    }
    return sp->len;
}

/* Where the statement starting at `from` ends (the delimiter's index, or len). */
static size_t statement_end(const struct sql_splitter *sp, size_t from)
{
    const char *t = sp->text;
    size_t i = from;
    while (i < sp->len) {
        char c = t[i];
        if (c == '\'' || c == '"' || c == '`') {
            i = skip_quoted(sp, i);
        } else if (c == '#' || c == '-' || c == '/') {
            size_t end = plain_comment_end(sp, i);
            if (!end && c == '/' && i + 1 < sp->len && t[i + 1] == '*') {
                const char *close = NULL;
                for (size_t j = i + 2; j + 1 < sp->len && !close; j++)
                    if (t[j] == '*' && t[j + 1] == '/')
                        close = t + j;
                end = close ? (size_t)(close - t) + 2 : sp->len;
                /* A version comment's body may hold the delimiter only when it is not ';'
                 * (mysqldump's triggers): the client reads the whole comment as text. */
            }
            if (end) {
                i = end;
                continue;
            }
            if (sp->delim_len && i + sp->delim_len <= sp->len &&
                memcmp(t + i, sp->delim, sp->delim_len) == 0)
                return i;
            i++;
        } else if (i + sp->delim_len <= sp->len && memcmp(t + i, sp->delim, sp->delim_len) == 0) {
            return i;
        } else {
            i++;
        }
    }
    return sp->len;
}

bool sql_splitter_next(struct sql_splitter *sp, struct sql_statement *st)
{
    for (;;) {
        skip_to_statement(sp);
        if (sp->pos >= sp->len)
            return false;
        size_t start = sp->pos;
        size_t end = statement_end(sp, start);
        size_t text_end = end;
        while (text_end > start && is_blank(sp->text[text_end - 1]))
            text_end--;
        st->p = sp->text + start;
        st->len = text_end - start;
        st->line = sp->line;
        st->offset = start;
        st->terminated = end < sp->len;
        move_to(sp, end < sp->len ? end + sp->delim_len : end);
        if (st->len > 0)
            return true;
    }
}

static const char *const token_modes[] = {
    "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "PIPES_AS_CONCAT", "ANSI",
};

/* Modes that do not change tokenizing, accepted so that a server's full sql_mode can be pasted. */
static const char *const other_modes[] = {
    "", "ALLOW_INVALID_DATES", "EMPTY_STRING_IS_NULL", "ERROR_FOR_DIVISION_BY_ZERO",
    "HIGH_NOT_PRECEDENCE", "IGNORE_BAD_TABLE_OPTIONS", "IGNORE_SPACE", "MSSQL", "DB2", "MAXDB",
    "NO_AUTO_CREATE_USER", "NO_AUTO_VALUE_ON_ZERO", "NO_DIR_IN_CREATE", "NO_ENGINE_SUBSTITUTION",
    "NO_FIELD_OPTIONS", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_UNSIGNED_SUBTRACTION",
    "NO_ZERO_DATE", "NO_ZERO_IN_DATE", "ONLY_FULL_GROUP_BY", "ORACLE", "PAD_CHAR_TO_FULL_LENGTH",
    "POSTGRESQL", "REAL_AS_FLOAT", "SIMULTANEOUS_ASSIGNMENT", "STRICT_ALL_TABLES",
    "STRICT_TRANS_TABLES", "TIME_ROUND_FRACTIONAL", "TIME_TRUNCATE_FRACTIONAL", "TRADITIONAL",
};

static bool mode_is(struct sv m, const char *name)
{
    return m.n == strlen(name) && strncasecmp(m.p, name, m.n) == 0;
}

bool sql_mode_parse(const char *text, unsigned *modes, struct sv *bad)
{
    static const unsigned bits[] = {SQL_MODE_ANSI_QUOTES, SQL_MODE_NO_BACKSLASH_ESCAPES,
                                    SQL_MODE_PIPES_AS_CONCAT,
                                    SQL_MODE_ANSI_QUOTES | SQL_MODE_PIPES_AS_CONCAT};
    unsigned out = 0;
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        struct sv m = sv_trim(sv_make(p, comma ? (size_t)(comma - p) : strlen(p)));
        bool known = false;
        for (size_t k = 0; k < sizeof token_modes / sizeof *token_modes && !known; k++)
            if (mode_is(m, token_modes[k])) {
                out |= bits[k];
                known = true;
            }
        for (size_t k = 0; k < sizeof other_modes / sizeof *other_modes && !known; k++)
            known = mode_is(m, other_modes[k]);
        if (!known) {
            *bad = m;
            return false;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    *modes = out;
    return true;
}
