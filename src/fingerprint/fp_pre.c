/* Rules 1-5 of QueryRewriter::fingerprint (pt-query-digest 3.5.7), the ones that look at the raw
 * statement before the lexer runs: a pt-table-checksum query, a CALL, and the cut of a multi-row
 * INSERT/REPLACE after its first tuple. fp_fingerprint (fingerprint.c) applies them in order. */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "fingerprint/fp_int.h"

/* p is lower-case ASCII. */
static bool has_iprefix(const unsigned char *s, size_t n, const char *p)
{
    size_t k = 0;
    for (; p[k]; k++)
        if (k >= n || (s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]) != (unsigned char)p[k])
            return false;
    return true;
}

static const unsigned char *skip_word(const unsigned char *p, const unsigned char *end)
{
    while (p < end && fp_is_word(*p))
        p++;
    return p;
}

/* Rule 2: a pt-table-checksum chunk comment (slash-star `db.tbl:3/3` star-slash) anywhere. */
bool fp_is_checksum_query(const unsigned char *s, size_t n)
{
    const unsigned char *end = s + n, *p = s;
    while ((p = memchr(p, '/', (size_t)(end - p))) != NULL) {
        if (++p == end || *p != '*')
            continue;
        const unsigned char *q = p + 1, *r = skip_word(q, end);
        p++;
        if (r == q || r == end || *r != '.')
            continue;
        q = r + 1;
        r = skip_word(q, end);
        if (r == q || end - r < 6)
            continue;
        if (r[0] == ':' && r[1] >= '0' && r[1] <= '9' && r[2] == '/' && r[3] >= '0' && r[3] <= '9' &&
            r[4] == '*' && r[5] == '/')
            return true;
    }
    return false;
}

/* Rule 4: `\A\s*(call\s+\S+)\(` — the greedy \S+ ends at the last "(" of the name's token.
 * Returns the length of the lower-cased prefix to keep, starting at *start, or 0. */
size_t fp_call_len(const unsigned char *s, size_t n, size_t *start)
{
    size_t i = 0;
    while (i < n && fp_is_space(s[i]))
        i++;
    if (!has_iprefix(s + i, n - i, "call"))
        return 0;
    size_t k = i + 4;
    while (k < n && fp_is_space(s[k]))
        k++;
    if (k == i + 4)
        return 0;
    size_t r = k;
    while (r < n && !fp_is_space(s[r]))
        r++;
    for (size_t p = r; p > k + 1; p--) {
        if (s[p - 1] == '(') {
            *start = i;
            return p - 1 - i;
        }
    }
    return 0;
}

/* `\s+INTO` at i (case-insensitive); the index after it, or 0. */
static size_t fp_into_at(const unsigned char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && fp_is_space(s[j]))
        j++;
    if (j == i || !has_iprefix(s + j, n - j, "into"))
        return 0;
    return j + 4;
}

/* Rule 5: a multi-row INSERT/REPLACE … INTO … VALUES (…), (… is cut after its first tuple. Only the
 * bytes up to the end of the first tuple are read (the first VALUES followed by a "(" decides: when
 * no ")" after it is followed by `, (`, none after a later VALUES can be either). Returns the length
 * to keep. */
size_t fp_insert_cut(const unsigned char *s, size_t n)
{
    size_t i, j;
    if (has_iprefix(s, n, "insert"))
        i = 6;
    else if (has_iprefix(s, n, "replace"))
        i = 7;
    else
        return n;
    j = has_iprefix(s + i, n - i, " ignore") ? fp_into_at(s, n, i + 7) : 0;
    if (!j && !(j = fp_into_at(s, n, i)))
        return n;
    size_t p = 0;
    for (size_t v = j + 1; v + 6 <= n; v++) {
        if ((s[v] | 0x20) != 'v' || strncasecmp((const char *)s + v, "values", 6) != 0)
            continue;
        size_t k = v + 6;
        while (k < n && fp_is_space(s[k]))
            k++;
        if (k < n && s[k] == '(') {
            p = k;
            break;
        }
    }
    if (!p)
        return n;
    for (const unsigned char *c = s + p + 1; (c = memchr(c, ')', (size_t)(s + n - c))) != NULL; c++) {
        size_t k = (size_t)(c - s) + 1;
        while (k < n && fp_is_space(s[k]))
            k++;
        if (k >= n || s[k] != ',')
            continue;
        k++;
        while (k < n && fp_is_space(s[k]))
            k++;
        if (k < n && s[k] == '(')
            return (size_t)(c - s) + 1;
    }
    return n;
}
