/* Per-attribute statistics (see stats.h): exact count/sum/min/max plus pt-query-digest's 1.05-spaced
 * buckets, stored sparsely, and the metrics pt's EventAggregator::_calc_metrics derives from them —
 * reproduced operation for operation so that slowdex prints the numbers pt prints. */
#include "aggregate/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* stats_bounds[b]: the smallest fixed-point value whose pt bucket is >= b (b <= STATS_BOUNDS_TOP, the
 * bucket of the largest int64); stats_pow2_bucket[k]: the bucket of 2^k millionths. */
#include "aggregate/stats_bounds.inc"

#define BUCKET_CNT_MAX ((UINT64_C(1) << 48) - 1)

int stats_bucket_index(double v)
{
    /* pt computes its constants at run time with the C library's log(); volatile keeps the compiler
     * from folding them with its own, possibly differently rounded, arithmetic. */
    volatile double base = 1.05, min_buck = 1e-6;
    double base_log = log(base);
    double base_offset = fabs(1 - log(min_buck) / base_log);
    if (!(v >= 1e-6)) /* also NaN, which pt never sees */
        return 0;
    double idx = base_offset + log(v) / base_log;
    return idx >= STATS_NBUCKETS - 1 ? STATS_NBUCKETS - 1 : (int)idx;
}

int stats_bucket_index_fixed(int64_t v)
{
    if (v < stats_bounds[1])
        return 0;
    int k = 63 - __builtin_clzll((uint64_t)v);
    /* 2^k <= v < 2^(k+1), so the bucket lies between theirs: binary search that short range for the
     * last bound <= v. */
    int lo = stats_pow2_bucket[k], hi = stats_pow2_bucket[k + 1];
    /* An octave spans at most 15 buckets (1.05^14.2 = 2), so four probes of 8, 4, 2, 1 find it,
     * with conditional moves rather than branches that mispredict on every other value. */
    for (int step = 8; step; step >>= 1) {
        int c = lo + step < hi ? lo + step : hi;
        lo = stats_bounds[c] <= v ? c : lo;
    }
    return lo;
}

double stats_bucket_value(int idx)
{
    if (idx <= 0)
        return 0;
    return idx < STATS_NBUCKETS ? stats_bucket_values[idx] : pow(1.05, idx - 1) * 1e-6;
}

uint64_t stats_bucket_count(const struct stats_bucket *b)
{
    return ((uint64_t)b->cnt_hi << 32) | b->cnt_lo;
}

static void bucket_set_count(struct stats_bucket *b, uint64_t c)
{
    if (c > BUCKET_CNT_MAX)
        c = BUCKET_CNT_MAX;
    b->cnt_hi = (uint16_t)(c >> 32);
    b->cnt_lo = (uint32_t)c;
}

/* Index of the first bucket whose idx >= idx. */
static uint32_t bucket_lower_bound(const struct num_stats *st, int idx)
{
    const struct stats_bucket *bk = stats_buckets(st);
    uint32_t lo = 0, hi = st->nbuckets;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (bk[mid].idx < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct stats_bucket *buckets_of(struct num_stats *st)
{
    return st->capbuckets ? st->b.heap : &st->b.one;
}

static int buckets_reserve(struct num_stats *st, uint32_t need)
{
    if (need <= st->capbuckets || (st->capbuckets == 0 && need <= 1))
        return 0;
    /* From 2, by half again: most classes use a handful of buckets, so growing tight saves more
     * than the few extra reallocations cost. */
    uint32_t cap = st->capbuckets ? st->capbuckets : 2;
    while (cap < need)
        cap += cap / 2;
    if (cap > STATS_NBUCKETS)
        cap = STATS_NBUCKETS;
    struct stats_bucket *b = realloc(st->capbuckets ? st->b.heap : NULL, cap * sizeof *b);
    if (!b)
        return -1;
    if (!st->capbuckets && st->nbuckets)
        b[0] = st->b.one;
    st->b.heap = b;
    st->capbuckets = (uint16_t)cap;
    return 0;
}

static int bucket_add(struct num_stats *st, int idx, uint64_t cnt)
{
    uint32_t i = bucket_lower_bound(st, idx);
    struct stats_bucket *bk = buckets_of(st);
    if (i < st->nbuckets && bk[i].idx == idx) {
        bucket_set_count(&bk[i], stats_bucket_count(&bk[i]) + cnt);
        return 0;
    }
    if (buckets_reserve(st, st->nbuckets + 1u) < 0)
        return -1;
    bk = buckets_of(st);
    memmove(&bk[i + 1], &bk[i], (st->nbuckets - i) * sizeof *bk);
    bk[i].idx = (uint16_t)idx;
    bucket_set_count(&bk[i], cnt);
    st->nbuckets++;
    return 0;
}

int stats_add(struct num_stats *st, int64_t v)
{
    if (st->cnt == 0 || v < st->min)
        st->min = v;
    if (st->cnt == 0 || v > st->max)
        st->max = v;
    st->cnt++;
    fixsum_add(&st->sum, v);
    return bucket_add(st, stats_bucket_index_fixed(v), 1);
}

/* Merges src's buckets into dst's in place, from the back, after making room for the union. */
static int buckets_merge(struct num_stats *dst, const struct num_stats *src)
{
    const struct stats_bucket *sbk = stats_buckets(src);
    uint32_t n = dst->nbuckets, i = 0, j = 0;
    while (j < src->nbuckets) {
        i = bucket_lower_bound(dst, sbk[j].idx);
        if (i >= dst->nbuckets || stats_buckets(dst)[i].idx != sbk[j].idx)
            n++;
        j++;
    }
    if (buckets_reserve(dst, n) < 0)
        return -1;
    struct stats_bucket *dbk = buckets_of(dst);
    int64_t a = (int64_t)dst->nbuckets - 1, b = (int64_t)src->nbuckets - 1, out = (int64_t)n - 1;
    while (b >= 0) {
        const struct stats_bucket *sb = &sbk[b];
        if (a >= 0 && dbk[a].idx > sb->idx) {
            dbk[out--] = dbk[a--];
        } else if (a >= 0 && dbk[a].idx == sb->idx) {
            struct stats_bucket m = dbk[a--];
            bucket_set_count(&m, stats_bucket_count(&m) + stats_bucket_count(sb));
            dbk[out--] = m;
            b--;
        } else {
            dbk[out--] = *sb;
            b--;
        }
    }
    dst->nbuckets = (uint16_t)n;
    return 0;
}

int stats_merge(struct num_stats *dst, const struct num_stats *src)
{
    if (src->cnt == 0)
        return 0;
    if (dst->cnt == 0 || src->min < dst->min)
        dst->min = src->min;
    if (dst->cnt == 0 || src->max > dst->max)
        dst->max = src->max;
    dst->cnt += src->cnt;
    fixsum_merge(&dst->sum, &src->sum);
    return buckets_merge(dst, src);
}

void stats_free(struct num_stats *st)
{
    if (st->capbuckets)
        free(st->b.heap);
    memset(st, 0, sizeof *st);
}
