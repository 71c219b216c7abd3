/* fp_comment_tag: turns a comment the fingerprint stripped into a stable tag naming the code that
 * sent the statement, so classes can be broken down by caller. The rule, in order:
 *
 *  1. Empty comments and optimizer hints (`+ …`) are not tags.
 *  2. sqlcommenter (also Django, Flask, Rails 7 `sqlcommenter` format): `key='value',…`. Keys and
 *     values are URL-decoded. Pairs whose key names a per-request value are dropped (traceparent,
 *     tracestate, and any key containing "request", "trace", "span" or "correlation"). Output:
 *     `key='value',…` in the comment's order.
 *  3. Rails marginalia: `key:value,…` (a value runs to the next comma and may hold colons, as in
 *     `line:/app/x.rb:12`). Same dropping; output `key:value,…`.
 *  4. Anything else is free text — Hibernate's `load com.x.User`, `select u from User u`, an
 *     application's own label. It is a tag when it is one line of at most FREE_MAX bytes, holds no
 *     quote and no `;` and starts with a letter; white space runs become one space. Otherwise it is
 *     most likely commented-out SQL (literals, several statements) or prose, and not a tag.
 *  In every kept value, runs of digits become `?`, so ids, line numbers and timestamps do not split
 *  one caller into many tags. */
#include "fingerprint/fingerprint.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define FREE_MAX 256

static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static bool is_key_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '%'; }

static int hexval(char c)
{
    return is_digit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* Appends s, URL-decoded when asked, with digit runs as `?`. */
static int put_value(struct buf *out, struct sv s, bool urldecode)
{
    bool in_digits = false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (urldecode && c == '%' && i + 2 < s.n && hexval(s.p[i + 1]) >= 0 && hexval(s.p[i + 2]) >= 0) {
            c = (char)(hexval(s.p[i + 1]) * 16 + hexval(s.p[i + 2]));
            i += 2;
        }
        if (is_digit(c)) {
            if (!in_digits && buf_append_char(out, '?') < 0)
                return -1;
            in_digits = true;
            continue;
        }
        in_digits = false;
        if (buf_append_char(out, c) < 0)
            return -1;
    }
    return 0;
}

static bool key_is_per_request(struct sv key)
{
    static const char *const words[] = {"request", "trace", "span", "correlation"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = strlen(words[w]);
        for (size_t i = 0; i + k <= key.n; i++)
            if (strncasecmp(key.p + i, words[w], k) == 0)
                return true;
    }
    return false;
}

struct kv {
    struct sv key, value;
};

/* Parses `key='value'` (quoted) or `key:value` pairs separated by commas; returns the number of
 * pairs, or 0 when the whole text is not such a list. */
static int parse_pairs(struct sv s, bool quoted, struct kv *kv, int max)
{
    size_t i = 0;
    int n = 0;
    while (i < s.n && n < max) {
        while (i < s.n && s.p[i] == ' ')
            i++;
        size_t k = i;
        while (i < s.n && is_key_char(s.p[i]))
            i++;
        if (i == k || i >= s.n || s.p[i] != (quoted ? '=' : ':'))
            return 0;
        kv[n].key = sv_make(s.p + k, i - k);
        i++;
        size_t v = i, e;
        if (quoted) {
            if (i >= s.n || s.p[i] != '\'')
                return 0;
            const char *q = memchr(s.p + i + 1, '\'', s.n - i - 1);
            if (!q)
                return 0;
            v = i + 1;
            e = (size_t)(q - s.p);
            i = e + 1;
        } else {
            const char *c = memchr(s.p + i, ',', s.n - i);
            e = c ? (size_t)(c - s.p) : s.n;
            i = e;
        }
        kv[n++].value = sv_make(s.p + v, e - v);
        while (i < s.n && s.p[i] == ' ')
            i++;
        if (i < s.n && s.p[i++] != ',')
            return 0;
    }
    return i >= s.n ? n : 0;
}

static int put_pairs(struct buf *out, const struct kv *kv, int n, bool quoted)
{
    bool first = true;
    for (int i = 0; i < n; i++) {
        if (key_is_per_request(kv[i].key))
            continue;
        if ((!first && buf_append_char(out, ',') < 0) || put_value(out, kv[i].key, quoted) < 0 ||
            buf_append_cstr(out, quoted ? "='" : ":") < 0 || put_value(out, kv[i].value, quoted) < 0 ||
            (quoted && buf_append_char(out, '\'') < 0))
            return -1;
        first = false;
    }
    return 0;
}

static bool free_text_is_tag(struct sv s)
{
    if (s.n > FREE_MAX || !is_alpha(s.p[0]))
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\'' || s.p[i] == '"' || s.p[i] == ';' ||
            s.p[i] == '`')
            return false;
    return true;
}

static int put_free_text(struct buf *out, struct sv s)
{
    bool space = false;
    for (size_t i = 0; i < s.n; i++) {
        if (is_space(s.p[i])) {
            space = true;
            continue;
        }
        if (space && buf_append_char(out, ' ') < 0)
            return -1;
        space = false;
        if (put_value(out, sv_make(s.p + i, 1), false) < 0)
            return -1;
        /* keep a digit run as one `?` across put_value calls */
        while (is_digit(s.p[i]) && i + 1 < s.n && is_digit(s.p[i + 1]))
            i++;
    }
    return 0;
}

int fp_comment_tag(struct sv comment, struct buf *out)
{
    struct kv kv[32];
    struct sv s = sv_trim(comment);
    int n;
    if (s.n == 0 || s.p[0] == '+')
        return 0;
    if ((n = parse_pairs(s, true, kv, 32)) > 0)
        return put_pairs(out, kv, n, true);
    if ((n = parse_pairs(s, false, kv, 32)) > 0)
        return put_pairs(out, kv, n, false);
    return free_text_is_tag(s) ? put_free_text(out, s) : 0;
}
