/* String distributions (see strdist.h). Adding one value is merging a one-item distribution, so both
 * follow one rule: keep at most STRDIST_MAX values, and when there is one too many, move the value
 * with the lowest count (ties: the greatest value) into "other". Counts are therefore exact while a
 * class has at most STRDIST_MAX distinct values; beyond that, the kept counts are lower bounds, the
 * total (kept + other) stays exact, and merging A into B gives the same result as B into A. */
#include "aggregate/strdist.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

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

/* The item that goes to "other" first: the last one in display order. A full distribution keeps
 * it known between adds: a class with more than STRDIST_MAX hosts meets a new one at most events,
 * and only a count that grows on that very item, or an eviction, can change which one it is. */
static uint32_t weakest(struct strdist *d)
{
    if (d->weak)
        return d->weak - 1u;
    uint32_t w = 0;
    for (uint32_t i = 1; i < d->n; i++)
        if (item_cmp(&d->items[i], &d->items[w]) > 0)
            w = i;
    if (d->n == STRDIST_MAX)
        d->weak = (uint16_t)(w + 1);
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

static void evict(struct strdist *d, uint32_t w)
{
    d->other += d->items[w].cnt;
    item_free(&d->items[w]);
    d->items[w] = d->items[--d->n];
    d->weak = 0;
}

int strdist_add(struct strdist *d, struct sv value, uint64_t cnt)
{
    struct strdist_item *it = find(d, value);
    if (it) {
        it->cnt += cnt;
        if (d->weak == it - d->items + 1)
            d->weak = 0;
        return 0;
    }
    if (value.n > UINT32_MAX)
        value.n = UINT32_MAX;
    uint32_t w = UINT32_MAX;
    if (d->n == STRDIST_MAX) {
        /* Would the newcomer be the weakest of the STRDIST_MAX + 1? Then it goes straight to other. */
        struct strdist_item cand = {.len = (uint32_t)value.n, .cnt = cnt};
        if (value.n >= STRDIST_INLINE)
            cand.v.heap = (char *)value.p; /* borrowed for the comparison only */
        else if (value.n)
            memcpy(cand.v.inl, value.p, value.n);
        w = weakest(d);
        if (item_cmp(&cand, &d->items[w]) > 0) {
            d->other += cnt;
            return 0;
        }
    }
    if (append(d, value, cnt) < 0) {
        d->other += cnt; /* out of memory: keep the total right */
        return -1;
    }
    if (d->n > STRDIST_MAX) /* the newcomer beat w, the weakest of the others */
        evict(d, w);
    return 0;
}

/* Merging into a distribution of many values looks each one up through a hash table of dst's
 * items rather than a walk over them: the totals of a digest merge every class into one
 * distribution, which holds STRDIST_MAX values from the first classes on. */
struct item_index {
    uint32_t *slot; /* item index + 1; 0 = empty */
    uint32_t mask;
};

static uint32_t value_hash(const char *p, size_t n) { return (uint32_t)XXH3_64bits(p, n); }

static int index_build(struct item_index *x, const struct strdist *d, uint32_t room)
{
    uint32_t size = 64;
    while (size < 2 * (d->n + room))
        size *= 2;
    x->slot = calloc(size, sizeof *x->slot);
    x->mask = size - 1;
    if (!x->slot)
        return -1;
    for (uint32_t i = 0; i < d->n; i++) {
        uint32_t h = value_hash(strdist_value(&d->items[i]), d->items[i].len) & x->mask;
        while (x->slot[h])
            h = (h + 1) & x->mask;
        x->slot[h] = i + 1;
    }
    return 0;
}

/* The item of value, or NULL with *at the empty slot where it would go. */
static struct strdist_item *index_find(const struct item_index *x, const struct strdist *d,
                                       struct sv value, uint32_t *at)
{
    uint32_t h = value_hash(value.p, value.n) & x->mask;
    for (; x->slot[h]; h = (h + 1) & x->mask) {
        struct strdist_item *it = &d->items[x->slot[h] - 1];
        if (it->len == value.n && (value.n == 0 || memcmp(strdist_value(it), value.p, value.n) == 0))
            return it;
    }
    *at = h;
    return NULL;
}

static void swap_items(struct strdist_item *a, struct strdist_item *b)
{
    struct strdist_item t = *a;
    *a = *b;
    *b = t;
}

/* Puts the STRDIST_MAX first items in display order (in any order) before the others, in linear
 * time on average: a quickselect over the union of a merge, which needs no more than which items
 * are kept. */
static void select_kept(struct strdist_item *v, uint32_t n)
{
    uint32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        swap_items(&v[(lo + hi) / 2], &v[hi]); /* the middle one as pivot, kept at hi */
        uint32_t store = lo;
        for (uint32_t i = lo; i < hi; i++)
            if (item_cmp(&v[i], &v[hi]) < 0)
                swap_items(&v[i], &v[store++]);
        swap_items(&v[store], &v[hi]);
        if (store == STRDIST_MAX || store + 1 == STRDIST_MAX)
            return;
        if (store < STRDIST_MAX)
            lo = store + 1;
        else
            hi = store - 1;
    }
}

/* Keeps the STRDIST_MAX first items in display order, the rest to "other". */
static void trim(struct strdist *d)
{
    if (d->n <= STRDIST_MAX)
        return;
    select_kept(d->items, d->n);
    while (d->n > STRDIST_MAX) {
        struct strdist_item *it = &d->items[--d->n];
        d->other += it->cnt;
        item_free(it);
    }
}

int strdist_merge(struct strdist *dst, const struct strdist *src)
{
    int rc = 0;
    dst->other += src->other;
    struct item_index x = {0};
    bool indexed = dst->n >= 16 && src->n > 1 && index_build(&x, dst, src->n) == 0;
    for (uint32_t i = 0; i < src->n; i++) {
        const struct strdist_item *s = &src->items[i];
        struct sv v = sv_make(strdist_value(s), s->len);
        uint32_t at = 0;
        struct strdist_item *it = indexed ? index_find(&x, dst, v, &at) : find(dst, v);
        if (it) {
            it->cnt += s->cnt;
            continue;
        }
        if (append(dst, v, s->cnt) < 0) {
            dst->other += s->cnt;
            rc = -1;
        } else if (indexed) {
            x.slot[at] = dst->n;
        }
    }
    free(x.slot);
    /* Trim only after the whole union is known, so the result is symmetric in dst and src. */
    trim(dst);
    dst->weak = 0;
    return rc;
}

void strdist_sort(struct strdist *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, strdist_item_cmp);
    d->weak = 0;
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
