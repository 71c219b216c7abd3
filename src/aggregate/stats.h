/* Statistics of one numeric attribute within one class: exact count, sum, min and max, and
 * pt-query-digest's log-spaced buckets (base 1.05, 1000 buckets from 1e-6, ±5% relative error) kept
 * sparsely — only the buckets a class actually uses — for the 95th/99th percentile, median, stddev
 * and the Query_time histogram. Values are fixed-point integers in millionths of the attribute's unit
 * (µs for times) so sums are exact and merge in any order.
 *
 * Error bound of the bucketed metrics (tested in tests/unit/test_stats.c). Let x[0] <= … <= x[n-1] be
 * the values and c = floor(0.95·n) when n >= 10, else n (0.99 for pct99). For n >= 3 and min != max,
 * pct95 is x[c-1] rounded down to the lower bound of its bucket, and median is x[floor(n/2)] rounded
 * down the same way — or, when c is even and that bucket holds a single value, the mean of it and the
 * next greater value, each rounded down (pt's rule). Since a bucket spans [b, 1.05·b), every such
 * result r of an exact rank statistic e >= 1e-6 satisfies e/1.05 < r <= e (at most 4.8% low); values
 * below 1e-6 (0 and negatives) read as 0. For n <= 2 or min == max the metrics are exact. stddev is
 * computed from bucket lower bounds and capped at (max-min)/2, as pt does. */
#ifndef SLOWDEX_STATS_H
#define SLOWDEX_STATS_H
#include <stdbool.h>
#include <stdint.h>

#include "util/sv.h"

#define STATS_SCALE 1000000LL /* fixed-point: one unit = 1e6 */
#define STATS_NBUCKETS 1000   /* pt-query-digest's NUM_BUCK */
/* Values whose magnitude exceeds this many millionths (about 9.2e12 units) are clamped to it when
 * parsed; fixsums saturate at ±INT64_MAX units. Neither happens with real logs. */
#define STATS_FIXED_MAX INT64_MAX

/* An exact sum of fixed-point values: units plus millionths, 0 <= micros < 1e6. */
struct fixsum {
    int64_t units;
    int64_t micros;
};

/* One used bucket: its index (0..999) and a 48-bit count. */
struct stats_bucket {
    uint16_t idx;
    uint16_t cnt_hi;
    uint32_t cnt_lo;
};

struct num_stats {
    uint64_t cnt;
    int64_t min, max;         /* fixed-point */
    struct fixsum sum;
    /* The used buckets, sorted by idx. Most classes of a big log are seen a few times with one
     * value, so a lone bucket lives inline and only a second one allocates: read them through
     * stats_buckets(). */
    union {
        struct stats_bucket *heap; /* while capbuckets > 0 */
        struct stats_bucket one;   /* while capbuckets == 0 (nbuckets is 0 or 1) */
    } b;
    uint16_t nbuckets, capbuckets;
};

static inline const struct stats_bucket *stats_buckets(const struct num_stats *st)
{
    return st->capbuckets ? st->b.heap : &st->b.one;
}

/* What the report prints, computed as pt-query-digest's EventAggregator::_calc_metrics does. */
struct num_metrics {
    double sum, min, max, avg;  /* in units (seconds for times) */
    double pct95, pct99, median, stddev;
};

/* Parses a log value ("0.000237", "12", "1.68e+6", "-3", "+.5") into fixed-point, rounding digits
 * past the sixth decimal half away from zero and clamping to ±STATS_FIXED_MAX. Returns false when s
 * is not a number (empty, no digits, "inf", "nan", "1e", trailing garbage). "1.23.45" reads as 1.23
 * (pt-query-digest issue 234): after a number with a decimal point, a second '.' ends it. */
bool stats_parse_fixed(struct sv s, int64_t *out);
/* Adds one value. Returns 0, or -1 when out of memory (the value is then lost from the buckets only). */
int stats_add(struct num_stats *st, int64_t v);
/* Adds everything in src to dst, exactly. */
int stats_merge(struct num_stats *dst, const struct num_stats *src);
void stats_metrics(const struct num_stats *st, struct num_metrics *m);
/* The 8 decade counts pt-query-digest charts: [0,10us) [10us,100us) … [1s,10s) [10s,inf), mapped
 * from the fine buckets as pt's buckets_of does. Quirk kept on purpose: pt's chart skips fine bucket 0
 * (values below 1e-6, including 0), so those values are not counted in out[0] either; add
 * the count of bucket 0 yourself if you want them. */
void stats_histogram(const struct num_stats *st, uint64_t out[8]);
uint64_t stats_bucket_count(const struct stats_bucket *b);
/* pt's bucket_idx: 0 when v < 1e-6, else min(999, int(284.1617969 + ln v / ln 1.05)). */
int stats_bucket_index(double v);
/* The same for a fixed-point value (v / 1e6), without log(): a table lookup that gives exactly what
 * stats_bucket_index((double)v / 1e6) gives (verified for every bucket boundary by test_stats). */
int stats_bucket_index_fixed(int64_t v);
/* pt's bucket_value: 0 for bucket 0, else 1.05^(idx-1) · 1e-6, the bucket's lower bound. */
double stats_bucket_value(int idx);
/* Those values for idx 0..STATS_NBUCKETS-1 (stats_bucket_values.c, generated). */
extern const double stats_bucket_values[STATS_NBUCKETS];
void stats_free(struct num_stats *st);

void fixsum_add(struct fixsum *s, int64_t v);
void fixsum_merge(struct fixsum *dst, const struct fixsum *src);
double fixsum_to_double(const struct fixsum *s);
/* Exact decimal text, e.g. "12.000345" (always six decimals). out must hold 48 bytes. */
void fixsum_format(const struct fixsum *s, char *out, size_t outlen);
/* Formats a single fixed-point value the same way. */
void fixed_format(int64_t v, char *out, size_t outlen);
/* Parses what fixsum_format wrote ("-?digits.dddddd", exactly six decimals) back. */
bool fixsum_parse(struct sv s, struct fixsum *out);

#endif
