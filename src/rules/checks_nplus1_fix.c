/* The fix the NP1.LOOP rule proposes for one child query of an N+1 pattern: the child's sample
 * with its equality predicate (`col = 13`, read from the statement analysis the `nplus1` facts
 * carry) turned into one `col IN (…)` for every row at once — or, when the values come from the
 * parent's rows (the child filters on `author_id` and the parent reads `authors.id`, or the child
 * on `products.id` and the parent reads `product_id`), into a semi-join with the parent's own
 * statement, so the server does the loop. The parent goes into a derived table because MySQL does
 * not take LIMIT inside an IN subquery (and the parent often has one). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/checks.h"
#include "rules/checks_keys.h"

/* The first `col = constant` of the top block, or NULL. */
static const cJSON *eq_predicate(const cJSON *query)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(query, "predicates"))
    {
        const cJSON *block = cJSON_GetObjectItemCaseSensitive(p, "block");
        const char *kind = ck_str(p, "kind"), *value = ck_str(p, "value");
        if (cJSON_IsNumber(block) && block->valueint == 0 && kind && strcmp(kind, "eq") == 0 &&
            value && strcmp(value, "const") == 0 && ck_str(p, "column"))
            return p;
    }
    return NULL;
}

/* The name of table number `ref` of a query. */
static const char *table_name(const cJSON *query, const cJSON *ref)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(query, "tables"))
    {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(t, "ref");
        if (cJSON_IsNumber(r) && cJSON_IsNumber(ref) && r->valueint == ref->valueint)
            return ck_str(t, "name");
    }
    return NULL;
}

/* Whether table name t is the plural (or the very name) of the singular s: author → authors,
 * category → categories, box → boxes. */
static bool names_entity(const char *t, const char *s, size_t n)
{
    size_t tn = strlen(t);
    if (tn == n && strncasecmp(t, s, n) == 0)
        return true;
    if (tn == n + 1 && strncasecmp(t, s, n) == 0 && tolower((unsigned char)t[n]) == 's')
        return true;
    if (tn == n + 2 && strncasecmp(t, s, n) == 0 && strcasecmp(t + n, "es") == 0)
        return true;
    return n > 1 && tn == n + 2 && tolower((unsigned char)s[n - 1]) == 'y' &&
           strncasecmp(t, s, n - 1) == 0 && strcasecmp(t + n - 1, "ies") == 0;
}

static bool reads_column(const cJSON *query, const char *col)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(query, "columns"))
    {
        const char *name = ck_str(c, "column");
        if (name && strcasecmp(name, col) == 0)
            return true;
    }
    return false;
}

/* The parent's column whose values the child looks up, or NULL when the values do not visibly come
 * from the parent's rows. */
static const char *parent_column(const cJSON *parent, const char *col, const char *child_table)
{
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(parent, "query");
    const char *kind = ck_str(q, "kind");
    const cJSON *t0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q, "tables"), 0);
    const char *ptable = ck_str(t0, "name");
    if (!kind || strcmp(kind, "select") != 0 || !ptable)
        return NULL;
    size_t n = strlen(col);
    /* books.author_id = ? once per row of authors: the parent's id. */
    if (n > 3 && strcasecmp(col + n - 3, "_id") == 0 && names_entity(ptable, col, n - 3) &&
        reads_column(q, "id"))
        return "id";
    /* products.id = ? once per row of order_lines: the parent's product_id. */
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(q, "columns"))
    {
        const char *name = ck_str(c, "column");
        size_t m = name ? strlen(name) : 0;
        if (strcasecmp(col, "id") == 0 && child_table && m > 3 &&
            strcasecmp(name + m - 3, "_id") == 0 && names_entity(child_table, name, m - 3))
            return name;
    }
    /* The same column name on both sides (reviews.book_id per row of a parent that reads it). */
    if (strcasecmp(col, "id") != 0 && child_table && strcasecmp(ptable, child_table) != 0 &&
        reads_column(q, col))
        return col;
    return NULL;
}

/* Where the statement starts after white space and comments. */
static size_t skip_comments(const char *s, size_t n, size_t i)
{
    for (;;) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            if (!end || (size_t)(end - s) + 2 > n)
                return i;
            i = (size_t)(end - s) + 2;
        } else if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
            while (i < n && s[i] != '\n')
                i++;
        } else {
            return i;
        }
    }
}

/* The end of `col = literal` starting at pos (the column), or 0 when the text is not that. */
static size_t eq_end(const char *s, size_t n, size_t i)
{
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '`' ||
                     s[i] == '$'))
        i++;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '=')
        return 0;
    for (i++; i < n && isspace((unsigned char)s[i]); i++)
        ;
    if (i < n && (s[i] == '\'' || s[i] == '"')) {
        char q = s[i++];
        for (; i < n; i++) {
            if (s[i] == '\\' && i + 1 < n)
                i++;
            else if (s[i] == q && i + 1 < n && s[i + 1] == q)
                i++;
            else if (s[i] == q)
                return i + 1;
        }
        return 0;
    }
    size_t from = i;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '?' || s[i] == '_'))
        i++;
    return i > from ? i : 0;
}

/* The statement text without its leading comments and trailing `;` and white space. */
static void trimmed(const char *s, size_t *from, size_t *to)
{
    size_t n = strlen(s);
    *from = skip_comments(s, n, 0);
    while (n > *from && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ';'))
        n--;
    *to = n;
}

int checks_np1_fix(const cJSON *child, const cJSON *parent, struct buf *out, const char **column)
{
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(child, "query");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(child, "statement");
    const char *text = ck_str(st, "text");
    const cJSON *p = eq_predicate(q);
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(p, "pos");
    *column = p ? ck_str(p, "column") : NULL;
    size_t from, to;
    if (!text || !p || !cJSON_IsNumber(pos) || pos->valuedouble < 0)
        return 0;
    trimmed(text, &from, &to);
    /* The analysis counts positions from the statement's first keyword. */
    size_t at = from + (size_t)pos->valuedouble, end = at < to ? eq_end(text, to, at) : 0;
    if (!end)
        return 0;
    size_t lit = at;
    while (text[lit] != '=')
        lit++;
    for (lit++; isspace((unsigned char)text[lit]); lit++)
        ;
    const char *pcol = parent_column(parent, *column, table_name(q, cJSON_GetObjectItemCaseSensitive(p, "table")));
    const char *ptext = ck_str(cJSON_GetObjectItemCaseSensitive(parent, "statement"), "text");
    int rc = buf_append(out, text + from, at - from);
    if (pcol && ptext) {
        size_t pf, pt;
        trimmed(ptext, &pf, &pt);
        rc |= buf_printf(out, "%s IN (SELECT %s FROM (%.*s) AS parent)", *column, pcol,
                         (int)(pt - pf), ptext + pf);
    } else {
        rc |= buf_printf(out, "%s IN (%.*s, …)", *column, (int)(end - lit), text + lit);
    }
    rc |= buf_append(out, text + end, to - end);
    return rc < 0 ? -1 : 1;
}
