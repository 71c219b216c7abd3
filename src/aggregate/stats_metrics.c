/* The reported metrics of one attribute, computed from its sparse buckets exactly as
 * pt-query-digest's EventAggregator::_calc_metrics (lib/EventAggregator.pm) does, with the same
 * double arithmetic in the same order, plus pct99 by the same walk; and the 8-decade histogram of
 * pt's buckets_of/chart_distro. */
#include "aggregate/stats.h"

#include <math.h>

struct walk {
    double pct95, pct99, median, stddev;
};

static double fixed_to_double(int64_t v) { return (double)v / 1e6; }

static uint64_t cutoff_of(uint64_t n, double q)
{
    return n >= 10 ? (uint64_t)((double)n * q) : n;
}

/* pt's bucket loop, from bucket 999 down: the 95th (and 99th) percentile bucket, the median rule
 * with its averaging quirk, and the sums for the stddev. */
static void walk_buckets(const struct num_stats *st, struct walk *w)
{
    uint64_t n = st->cnt;
    uint64_t cutoff = cutoff_of(n, 0.95), cutoff99 = cutoff_of(n, 0.99);
    uint64_t top95 = n - cutoff, top99 = n - cutoff99;
    uint64_t total_left = n, sum_excl = 0, mid = n / 2;
    int prev = STATS_NBUCKETS - 1, b95 = 0, b99 = 0;
    double median = 0, sum = 0, sumsq = 0;
    for (int i = (int)st->nbuckets - 1; i >= 0; i--) {
        int b = stats_buckets(st)[i].idx;
        uint64_t val = stats_bucket_count(&stats_buckets(st)[i]);
        if (!val)
            continue;
        total_left = val > total_left ? 0 : total_left - val;
        sum_excl += val;
        if (!b95 && sum_excl > top95)
            b95 = b;
        if (!b99 && sum_excl > top99)
            b99 = b;
        double bv = stats_bucket_value(b);
        if (median == 0 && total_left <= mid)
            median = (cutoff % 2 || val > 1) ? bv : (bv + stats_bucket_value(prev)) / 2;
        sum += (double)val * bv;
        sumsq += (double)val * (bv * bv);
        prev = b;
    }
    double var = sumsq / (double)n - (sum / (double)n) * (sum / (double)n);
    double stddev = var > 0 ? sqrt(var) : 0;
    double maxstdev = (fixed_to_double(st->max) - fixed_to_double(st->min)) / 2;
    w->stddev = stddev > maxstdev ? maxstdev : stddev;
    w->pct95 = stats_bucket_value(b95);
    w->pct99 = stats_bucket_value(b99);
    w->median = median;
}

void stats_metrics(const struct num_stats *st, struct num_metrics *m)
{
    *m = (struct num_metrics){0};
    if (st->cnt == 0)
        return;
    m->sum = fixsum_to_double(&st->sum);
    m->min = fixed_to_double(st->min);
    m->max = fixed_to_double(st->max);
    m->avg = m->sum != 0 ? m->sum / (double)st->cnt : 0;
    if (st->cnt == 1 || st->min == st->max) {
        m->pct95 = m->pct99 = m->median = m->max;
        return;
    }
    if (st->cnt == 2) {
        double mean = (m->min + m->max) / 2;
        m->pct95 = m->pct99 = m->max;
        m->median = mean;
        m->stddev = sqrt(((m->max - mean) * (m->max - mean)) * 2);
        return;
    }
    if (st->nbuckets == 0) /* pt returns zeros when it has no buckets */
        return;
    struct walk w;
    walk_buckets(st, &w);
    m->pct95 = w.pct95;
    m->pct99 = w.pct99;
    m->median = w.median;
    m->stddev = w.stddev;
}

void stats_histogram(const struct num_stats *st, uint64_t out[8])
{
    /* buckets_of: decade d >= 1 starts at the fine bucket of 10^d · 1e-6, computed as pt does. */
    int start[8] = {0};
    for (int d = 1; d < 8; d++)
        start[d] = stats_bucket_index(pow(10, d) * 1e-6);
    for (int d = 0; d < 8; d++)
        out[d] = 0;
    for (uint32_t i = 0; i < st->nbuckets; i++) {
        int b = stats_buckets(st)[i].idx;
        if (b == 0) /* chart_distro maps buckets 1..999 only */
            continue;
        int d = 0;
        while (d < 7 && b >= start[d + 1])
            d++;
        out[d] += stats_bucket_count(&stats_buckets(st)[i]);
    }
}
