/* --redact: the sample statement with its literals replaced by '?', for reports that leave the
 * building. One pass that knows SQL's quoting and comment rules, so that a quote inside a comment
 * or a number inside an identifier (table1, `2024_sales`) is never mistaken for a literal. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "report/report.h"

static bool is_word(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* End of a quoted run starting at q[i] (the quote): backslash escapes and doubled quotes. */
static size_t skip_quoted(const char *q, size_t n, size_t i)
{
    char quote = q[i++];
    while (i < n) {
        if (q[i] == '\\' && quote != '`' && i + 1 < n) {
            i += 2;
        } else if (q[i] == quote) {
            if (i + 1 < n && q[i + 1] == quote)
                i += 2;
            else
                return i + 1;
        } else {
            i++;
        }
    }
    return n;
}

/* End of a number starting at q[i]: 12, 1.5, .5, 1e-3, 0x1F, 0b101. */
static size_t skip_number(const char *q, size_t n, size_t i)
{
    if (q[i] == '0' && i + 1 < n && (q[i + 1] == 'x' || q[i + 1] == 'b')) {
        size_t j = i + 2;
        while (j < n && isxdigit((unsigned char)q[j]))
            j++;
        if (j > i + 2 && (j == n || !is_word((unsigned char)q[j])))
            return j;
    }
    while (i < n && isdigit((unsigned char)q[i]))
        i++;
    if (i < n && q[i] == '.')
        for (i++; i < n && isdigit((unsigned char)q[i]); i++)
            ;
    if (i < n && (q[i] == 'e' || q[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (q[j] == '+' || q[j] == '-'))
            j++;
        if (j < n && isdigit((unsigned char)q[j])) {
            i = j;
            while (i < n && isdigit((unsigned char)q[i]))
                i++;
        }
    }
    return i;
}

/* Comments: returns the end of the comment at q[i], or i when there is none; *keep_body is set
 * for MySQL's versioned comments, whose body is SQL. */
static size_t skip_comment(const char *q, size_t n, size_t i, size_t *body, bool *versioned)
{
    *versioned = false;
    if (q[i] == '/' && i + 1 < n && q[i + 1] == '*') {
        *versioned = i + 2 < n && q[i + 2] == '!';
        *body = i + 2;
        const char *e = NULL;
        for (size_t j = i + 2; j + 1 < n; j++)
            if (q[j] == '*' && q[j + 1] == '/') {
                e = q + j;
                break;
            }
        return e ? (size_t)(e - q) + 2 : n;
    }
    bool dash = q[i] == '-' && i + 2 < n && q[i + 1] == '-' && isspace((unsigned char)q[i + 2]);
    if (q[i] == '#' || dash) {
        *body = i + (dash ? 2 : 1);
        const char *e = memchr(q + i, '\n', n - i);
        return e ? (size_t)(e - q) : n;
    }
    return i;
}

static int redact_range(const char *q, size_t n, struct buf *out)
{
    size_t i = 0;
    int rc = 0;
    while (i < n && rc == 0) {
        unsigned char c = (unsigned char)q[i];
        size_t body, end;
        bool versioned;
        if ((end = skip_comment(q, n, i, &body, &versioned)) != i) {
            bool closed = q[i] == '/' && end >= body + 2 && q[end - 2] == '*' && q[end - 1] == '/';
            rc = buf_append(out, q + i, body - i);
            if (rc == 0 && versioned)
                rc = redact_range(q + body, (closed ? end - 2 : end) - body, out);
            if (rc == 0 && closed)
                rc = buf_append_cstr(out, versioned ? "*/" : " */");
            i = end;
        } else if (c == '`') {
            end = skip_quoted(q, n, i);
            rc = buf_append(out, q + i, end - i);
            i = end;
        } else if (c == '\'' || c == '"') {
            rc = buf_append_char(out, '?');
            i = skip_quoted(q, n, i);
        } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'n' || c == 'N') &&
                   i + 1 < n && q[i + 1] == '\'' && (i == 0 || !is_word((unsigned char)q[i - 1]))) {
            rc = buf_append_char(out, '?'); /* X'1F', B'01', N'text' */
            i = skip_quoted(q, n, i + 1);
        } else if ((isdigit(c) || (c == '.' && i + 1 < n && isdigit((unsigned char)q[i + 1]))) &&
                   (i == 0 || !is_word((unsigned char)q[i - 1]))) {
            rc = buf_append_char(out, '?');
            i = skip_number(q, n, i);
        } else if (is_word(c)) {
            end = i;
            while (end < n && is_word((unsigned char)q[end]))
                end++;
            rc = buf_append(out, q + i, end - i);
            i = end;
        } else {
            rc = buf_append_char(out, (char)c);
            i++;
        }
    }
    return rc;
}

int report_redact(const char *query, size_t len, struct buf *out)
{
    if (buf_reserve(out, len) < 0)
        return -1;
    out->p[out->n] = '\0'; /* buf_reserve leaves the new room unterminated */
    return redact_range(query ? query : "", query ? len : 0, out);
}
