/* The last three rules of QueryRewriter::fingerprint, which need the whole rewritten statement and
 * so run after the lexer, each as one forward pass over its output:
 *   16 `s/\b(select\s.*?)(?:(\sunion(?:\sall)?)\s\1)+/$1 <comment: repeat$2>/xg`
 *   17 `s/\blimit \?(?:, ?\?| offset \?)?/limit ?/` (first LIMIT only)
 *   18 after the first `\bORDER BY `, `s/\G(.+?)\s+ASC/$1/gi` (no word boundary after ASC)
 * Rule 16 needs a back-reference; its search is bounded (UNION_WORK) so that a hostile statement
 * cannot make it quadratic — past the bound the remaining arms are left as they are. */
#include <stdbool.h>
#include <string.h>

#include "fingerprint/fp_int.h"

#define UNION_WORK(n) (16 * (n) + 4096)

static bool at_boundary(const char *s, size_t i)
{
    return i == 0 || !fp_is_word((unsigned char)s[i - 1]);
}

/* One `(\sunion(?:\sall)?)\s\1` at g, where $1 is s[p, p+len). Returns its end or 0; *s2 and *l2
 * get the `\sunion…` part. */
static size_t union_arm(const char *s, size_t n, size_t g, size_t p, size_t len, size_t *s2, size_t *l2,
                        size_t *work)
{
    if (g + 7 > n || !fp_is_space((unsigned char)s[g]) || memcmp(s + g + 1, "union", 5) != 0)
        return 0;
    size_t a = g + 6;
    size_t ends[2] = {0, a};
    if (a + 4 < n && fp_is_space((unsigned char)s[a]) && memcmp(s + a + 1, "all", 3) == 0)
        ends[0] = a + 4;
    for (int v = 0; v < 2; v++) {
        size_t e = ends[v];
        if (!e || e + 1 + len > n || !fp_is_space((unsigned char)s[e]))
            continue;
        *work += len;
        if (memcmp(s + e + 1, s + p, len) == 0) {
            *s2 = g;
            *l2 = e - g;
            return e + 1 + len;
        }
    }
    return 0;
}

/* Tries rule 16 at p (a "select" at a word boundary, followed by white space). On a match writes
 * the replacement into dst and returns the end of what it replaced; else 0. */
static size_t union_at(const char *s, size_t n, size_t p, struct buf *dst, size_t *work)
{
    for (size_t from = p + 8; from + 5 <= n && *work <= UNION_WORK(n);) {
        const char *u = memmem(s + from, n - from, "union", 5);
        if (!u)
            return 0;
        size_t e = (size_t)(u - s) - 1; /* the \s before "union" ends $1 */
        *work += e + 2 - from;
        from = e + 2;
        size_t s2 = 0, l2 = 0, len = e - p, g = e, end;
        while ((end = union_arm(s, n, g, p, len, &s2, &l2, work)) != 0)
            g = end;
        if (g == e)
            continue;
        if (buf_append(dst, s + p, len) < 0 || buf_append_cstr(dst, " /*repeat") < 0 ||
            buf_append(dst, s + s2, l2) < 0 || buf_append_cstr(dst, "*/") < 0)
            return (size_t)-1;
        return g;
    }
    return 0;
}

static int rule_union(struct buf *out, struct buf *scratch)
{
    const char *s = out->p;
    size_t n = out->n, i = 0, work = 0;
    if (!memmem(s, n, "union", 5))
        return 0;
    buf_reset(scratch);
    while (i < n) {
        const char *sel = memmem(s + i, n - i, "select", 6);
        size_t p = sel ? (size_t)(sel - s) : n;
        if (buf_append(scratch, s + i, p - i) < 0)
            return -1;
        if (p == n)
            break;
        size_t end = 0;
        if (at_boundary(s, p) && p + 6 < n && fp_is_space((unsigned char)s[p + 6]))
            end = union_at(s, n, p, scratch, &work);
        if (end == (size_t)-1)
            return -1;
        if (end) {
            i = end;
        } else {
            if (buf_append(scratch, s + p, 1) < 0)
                return -1;
            i = p + 1;
        }
    }
    struct buf t = *out;
    *out = *scratch;
    *scratch = t;
    return 0;
}

static void rule_limit(struct buf *out)
{
    char *s = out->p;
    size_t n = out->n;
    for (size_t i = 0; i + 7 <= n;) {
        char *l = memmem(s + i, n - i, "limit ?", 7);
        if (!l)
            return;
        size_t p = (size_t)(l - s);
        if (!at_boundary(s, p)) {
            i = p + 1;
            continue;
        }
        size_t j = p + 7, cut = 0;
        if (j + 1 < n && s[j] == ',' && s[j + 1] == '?')
            cut = 2;
        else if (j + 2 < n && s[j] == ',' && s[j + 1] == ' ' && s[j + 2] == '?')
            cut = 3;
        else if (j + 9 <= n && memcmp(s + j, " offset ?", 9) == 0)
            cut = 9;
        memmove(s + j, s + j + cut, n - j - cut + 1);
        out->n -= cut;
        return;
    }
}

static void rule_asc(struct buf *out)
{
    char *s = out->p;
    size_t n = out->n, g = 0;
    for (size_t i = 0; i + 9 <= n;) {
        char *o = memmem(s + i, n - i, "order by ", 9);
        if (!o)
            return;
        size_t p = (size_t)(o - s);
        if (at_boundary(s, p)) {
            g = p + 9;
            break;
        }
        i = p + 1;
    }
    if (!g)
        return;
    /* \G(.+?)\s+ASC: from g, at least one byte, then the first white-space run followed by "asc". */
    size_t w = g, r = g;
    for (size_t k = g + 1; k < n;) {
        if (!fp_is_space((unsigned char)s[k])) {
            k++;
            continue;
        }
        size_t e = k;
        while (e < n && fp_is_space((unsigned char)s[e]))
            e++;
        if (e + 3 <= n && strncasecmp(s + e, "asc", 3) == 0) {
            memmove(s + w, s + r, k - r);
            w += k - r;
            r = e + 3;
            k = r + 1;
        } else {
            k = e;
        }
    }
    memmove(s + w, s + r, n - r);
    w += n - r;
    s[w] = '\0';
    out->n = w;
}

int fp_post_passes(struct buf *out, struct buf *scratch, unsigned words)
{
    if (out->n == 0)
        return 0;
    if ((words & FP_SAW_UNION) && rule_union(out, scratch) < 0)
        return -1;
    if (words & FP_SAW_LIMIT)
        rule_limit(out);
    if (words & FP_SAW_ORDER)
        rule_asc(out);
    return 0;
}
