/* The distribution of a string attribute within a class (db, user, host, comment tags, Yes/No-less
 * strings): exact counts for up to STRDIST_MAX distinct values, then an "other" count, so memory stays
 * bounded however many distinct values a log holds. Up to STRDIST_MAX values the result does not
 * depend on the order events arrive in; past it, which values are kept does (the total stays exact),
 * so a parallel run can keep other values than a single-threaded one for such a class. */
#ifndef SLOWDEX_STRDIST_H
#define SLOWDEX_STRDIST_H
#include <stdint.h>

#include "util/sv.h"

#define STRDIST_MAX 64

/* Values shorter than this (most databases, users and hosts) live in the item itself: a class has
 * three distributions, and a malloc per value would cost more than the value. */
#define STRDIST_INLINE 16

struct strdist_item {
    union {
        char *heap;                 /* owned, when len >= STRDIST_INLINE */
        char inl[STRDIST_INLINE];   /* when len < STRDIST_INLINE */
    } v;
    uint32_t len;
    uint64_t cnt;
};

/* The item's value, NUL-terminated. */
static inline const char *strdist_value(const struct strdist_item *it)
{
    return it->len < STRDIST_INLINE ? it->v.inl : it->v.heap;
}

struct strdist {
    struct strdist_item *items; /* unsorted; sort for display with strdist_sorted */
    uint16_t n, cap;            /* n <= 2 * STRDIST_MAX, during a merge */
    uint16_t weak;              /* while full: the weakest item's index + 1 when known, else 0 */
    uint64_t other;             /* values that did not fit */
};

int strdist_add(struct strdist *d, struct sv value, uint64_t cnt);
/* Adds src into dst. When the union exceeds STRDIST_MAX, the values with the lowest counts (ties:
 * the greatest value) go to "other", so the result does not depend on merge order. */
int strdist_merge(struct strdist *dst, const struct strdist *src);
/* pt-query-digest's display order, for qsort over items: count descending, then value ascending. */
int strdist_item_cmp(const void *a, const void *b);
/* Sorts items by count descending, then value ascending (pt-query-digest's order). */
void strdist_sort(struct strdist *d);
uint64_t strdist_total(const struct strdist *d);
void strdist_free(struct strdist *d);

#endif
