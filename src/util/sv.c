/* String-view helpers that are too long to inline. */
#include "util/sv.h"

#include <stdlib.h>

static int ascii_lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool sv_istarts_with(struct sv a, const char *prefix)
{
    size_t n = strlen(prefix);
    if (a.n < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)a.p[i]) != ascii_lower((unsigned char)prefix[i]))
            return false;
    return true;
}

bool sv_ieq_cstr(struct sv a, const char *s)
{
    return a.n == strlen(s) && sv_istarts_with(a, s);
}

struct sv sv_trim(struct sv a)
{
    while (a.n > 0 && is_space(a.p[0])) {
        a.p++;
        a.n--;
    }
    while (a.n > 0 && is_space(a.p[a.n - 1]))
        a.n--;
    return a;
}

char *sv_dup(struct sv a)
{
    char *s = malloc(a.n + 1);
    if (!s)
        return NULL;
    if (a.n)
        memcpy(s, a.p, a.n);
    s[a.n] = '\0';
    return s;
}

uint64_t sv_leading_u64(struct sv a)
{
    uint64_t v = 0;
    for (size_t i = 0; i < a.n && a.p[i] >= '0' && a.p[i] <= '9'; i++) {
        unsigned d = (unsigned)(a.p[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return UINT64_MAX;
        v = v * 10 + d;
    }
    return v;
}
