/* String distributions (see strdist.h). Adding one value is merging a one-item distribution, so both
 * follow one rule: keep at most STRDIST_MAX values, and when there is one too many, move the value
 * with the lowest count (ties: the greatest value) into "other". Counts are therefore exact while a
 * class has at most STRDIST_MAX distinct values; beyond that, the kept counts are lower bounds, the
 * total (kept + other) stays exact, and merging A into B gives the same result as B into A. */
#include "aggregate/strdist.h"

#include <stdlib.h>
#include <string.h>

/* Orders a before b when a has the greater count, then the smaller value (pt's display order). */
static int item_cmp(const struct strdist_item *a, const struct strdist_item *b)
{
    if (a->cnt != b->cnt)
        return a->cnt > b->cnt ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(strdist_value(a), strdist_value(b), n) : 0;
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

int strdist_item_cmp(const void *a, const void *b) { return item_cmp(a, b); }

static struct strdist_item *find(const struct strdist *d, struct sv value)
{
    for (uint32_t i = 0; i < d->n; i++) {
        struct strdist_item *it = &d->items[i];
        if (it->len == value.n && (value.n == 0 || memcmp(strdist_value(it), value.p, value.n) == 0))
            return it;
    }
    return NULL;
}

/* The item that goes to "other" first: the last one in display order. */
static uint32_t weakest(const struct strdist *d)
{
    uint32_t w = 0;
    for (uint32_t i = 1; i < d->n; i++)
        if (item_cmp(&d->items[i], &d->items[w]) > 0)
            w = i;
    return w;
}

static int append(struct strdist *d, struct sv value, uint64_t cnt)
{
    if (d->n == d->cap) {
        /* One spare slot past STRDIST_MAX is all that adding needs; only a merge goes beyond. */
        uint32_t cap = d->cap ? d->cap * 2 : 1;
        if (cap > STRDIST_MAX + 1 && d->n < STRDIST_MAX + 1)
            cap = STRDIST_MAX + 1;
        struct strdist_item *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return -1;
        d->items = items;
        d->cap = cap;
    }
    struct strdist_item *it = &d->items[d->n];
    char *to = it->v.inl;
    if (value.n >= STRDIST_INLINE && !(to = it->v.heap = malloc(value.n + 1)))
        return -1;
    if (value.n)
        memcpy(to, value.p, value.n);
    to[value.n] = '\0';
    it->len = (uint32_t)value.n;
    it->cnt = cnt;
    d->n++;
    return 0;
}

static void item_free(struct strdist_item *it)
{
    if (it->len >= STRDIST_INLINE)
        free(it->v.heap);
}

static void evict_weakest(struct strdist *d)
{
    uint32_t w = weakest(d);
    d->other += d->items[w].cnt;
    item_free(&d->items[w]);
    d->items[w] = d->items[--d->n];
}

int strdist_add(struct strdist *d, struct sv value, uint64_t cnt)
{
    struct strdist_item *it = find(d, value);
    if (it) {
        it->cnt += cnt;
        return 0;
    }
    if (value.n > UINT32_MAX)
        value.n = UINT32_MAX;
    if (d->n == STRDIST_MAX) {
        /* Would the newcomer be the weakest of the STRDIST_MAX + 1? Then it goes straight to other. */
        struct strdist_item cand = {.len = (uint32_t)value.n, .cnt = cnt};
        if (value.n >= STRDIST_INLINE)
            cand.v.heap = (char *)value.p; /* borrowed for the comparison only */
        else if (value.n)
            memcpy(cand.v.inl, value.p, value.n);
        if (item_cmp(&cand, &d->items[weakest(d)]) > 0) {
            d->other += cnt;
            return 0;
        }
    }
    if (append(d, value, cnt) < 0) {
        d->other += cnt; /* out of memory: keep the total right */
        return -1;
    }
    if (d->n > STRDIST_MAX)
        evict_weakest(d);
    return 0;
}

int strdist_merge(struct strdist *dst, const struct strdist *src)
{
    int rc = 0;
    dst->other += src->other;
    for (uint32_t i = 0; i < src->n; i++) {
        const struct strdist_item *s = &src->items[i];
        struct sv v = sv_make(strdist_value(s), s->len);
        struct strdist_item *it = find(dst, v);
        if (it) {
            it->cnt += s->cnt;
            continue;
        }
        if (append(dst, v, s->cnt) < 0) {
            dst->other += s->cnt;
            rc = -1;
        }
    }
    /* Trim only after the whole union is known, so the result is symmetric in dst and src. */
    while (dst->n > STRDIST_MAX)
        evict_weakest(dst);
    return rc;
}

void strdist_sort(struct strdist *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, strdist_item_cmp);
}

uint64_t strdist_total(const struct strdist *d)
{
    uint64_t t = d->other;
    for (uint32_t i = 0; i < d->n; i++)
        t += d->items[i].cnt;
    return t;
}

void strdist_free(struct strdist *d)
{
    for (uint32_t i = 0; i < d->n; i++)
        item_free(&d->items[i]);
    free(d->items);
    memset(d, 0, sizeof *d);
}
