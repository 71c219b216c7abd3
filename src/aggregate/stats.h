/* Statistics of one numeric attribute within one class: exact count, sum, min and max, and
 * pt-query-digest's log-spaced buckets (base 1.05, 1000 buckets from 1e-6, ±5% relative error) kept
 * sparsely — only the buckets a class actually uses — for the 95th/99th percentile, median, stddev
 * and the Query_time histogram. Values are fixed-point integers in millionths of the attribute's unit
 * (µs for times) so sums are exact and merge in any order. */
#ifndef SLOWDEX_STATS_H
#define SLOWDEX_STATS_H
#include <stdbool.h>
#include <stdint.h>

#include "util/sv.h"

#define STATS_SCALE 1000000LL /* fixed-point: one unit = 1e6 */
#define STATS_NBUCKETS 1000   /* pt-query-digest's NUM_BUCK */

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
    struct stats_bucket *buckets; /* sorted by idx; NULL while empty */
    uint16_t nbuckets, capbuckets;
};

/* What the report prints, computed as pt-query-digest's EventAggregator::_calc_metrics does. */
struct num_metrics {
    double sum, min, max, avg;  /* in units (seconds for times) */
    double pct95, pct99, median, stddev;
};

/* Parses a log value ("0.000237", "12", "1.68e+6", "-3") into fixed-point. Returns false when s is
 * not a number. "1.23.45" reads as 1.23 (pt-query-digest issue 234). */
bool stats_parse_fixed(struct sv s, int64_t *out);
/* Adds one value. Returns 0, or -1 when out of memory (the value is then lost from the buckets only). */
int stats_add(struct num_stats *st, int64_t v);
/* Adds everything in src to dst, exactly. */
int stats_merge(struct num_stats *dst, const struct num_stats *src);
void stats_metrics(const struct num_stats *st, struct num_metrics *m);
/* The 8 decade counts pt-query-digest charts: [0,10us) [10us,100us) … [1s,10s) [10s,inf). */
void stats_histogram(const struct num_stats *st, uint64_t out[8]);
uint64_t stats_bucket_count(const struct stats_bucket *b);
int stats_bucket_index(double v);
double stats_bucket_value(int idx);
void stats_free(struct num_stats *st);

void fixsum_add(struct fixsum *s, int64_t v);
void fixsum_merge(struct fixsum *dst, const struct fixsum *src);
double fixsum_to_double(const struct fixsum *s);
/* Exact decimal text, e.g. "12.000345" (always six decimals). out must hold 48 bytes. */
void fixsum_format(const struct fixsum *s, char *out, size_t outlen);
/* Formats a single fixed-point value the same way. */
void fixed_format(int64_t v, char *out, size_t outlen);

#endif
