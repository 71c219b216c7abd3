/* The attributes of the event being parsed: each `Name: value` pair of its header, with the name's id
 * in the run's attr_names. Names are looked up through a cache by position (a log writes the same
 * names in the same order event after event), so the shared table's lock is rarely taken; a name
 * repeated within one event keeps its first value, as pt-query-digest does. */
#include <stdlib.h>
#include <string.h>

#include "events/slowlog_int.h"

void sl_attrs_reset(struct sl_attrs *s)
{
    s->n = 0;
    s->pos = 0;
    if (++s->gen == 0) { /* wrapped: forget every stamp */
        if (s->seen)
            memset(s->seen, 0, s->seen_cap * sizeof *s->seen);
        s->gen = 1;
    }
}

static int grow_seen(struct sl_attrs *s, uint32_t id)
{
    uint32_t cap = s->seen_cap ? s->seen_cap : 64;
    while (cap <= id)
        cap *= 2;
    uint32_t *n = realloc(s->seen, cap * sizeof *n);
    if (!n)
        return -1;
    memset(n + s->seen_cap, 0, (cap - s->seen_cap) * sizeof *n);
    s->seen = n;
    s->seen_cap = cap;
    return 0;
}

/* memcmp(a, b, n) == 0 for the short names of attributes (Query_time, Rows_examined) without a
 * call: two overlapping 8-byte loads cover 8 to 16 bytes. */
static bool same_name(const char *a, const char *b, size_t n)
{
    if (n > 16)
        return memcmp(a, b, n) == 0;
    if (n < 8) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + n - 8, 8);
    memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/* The id of name: from the position cache when the previous event had the same name here. */
static uint32_t cached_intern(struct sl_attrs *s, struct sv name)
{
    uint32_t k = s->pos++;
    if (k < s->cache_cap && s->cache[k].name && s->cache[k].len == name.n &&
        same_name(s->cache[k].name, name.p, name.n))
        return s->cache[k].id;
    uint32_t id = attr_names_intern(s->names, name);
    if (id == UINT32_MAX)
        return id;
    if (k >= s->cache_cap) {
        uint32_t cap = s->cache_cap ? s->cache_cap : 32;
        while (cap <= k)
            cap *= 2;
        struct sl_name_cache *c = realloc(s->cache, cap * sizeof *c);
        if (!c)
            return id; /* the cache is only a shortcut */
        memset(c + s->cache_cap, 0, (cap - s->cache_cap) * sizeof *c);
        s->cache = c;
        s->cache_cap = cap;
    }
    s->cache[k].name = attr_names_name(s->names, id);
    s->cache[k].len = (uint32_t)name.n;
    s->cache[k].id = id;
    return id;
}

int sl_attrs_add(struct sl_attrs *s, struct sv name, struct sv value)
{
    uint32_t id = cached_intern(s, name);
    if (id == UINT32_MAX)
        return -1;
    if (id >= s->seen_cap && grow_seen(s, id) != 0)
        return -1;
    if (s->gen == 0)
        s->gen = 1;
    if (s->seen[id] == s->gen)
        return 0; /* same name twice in one event: the first one stays */
    s->seen[id] = s->gen;
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 32;
        struct event_attr *a = realloc(s->a, cap * sizeof *a);
        if (!a)
            return -1;
        s->a = a;
        s->cap = cap;
    }
    s->a[s->n].id = id;
    s->a[s->n].value = value;
    s->n++;
    return 0;
}

void sl_attrs_free(struct sl_attrs *s)
{
    free(s->a);
    free(s->seen);
    free(s->cache);
    memset(s, 0, sizeof *s);
}
