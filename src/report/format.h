/* Internal to the reporters: pt-query-digest's number, time and label formatting (its Transformers
 * and QueryReportFormatter helpers), reproduced so that our text report matches theirs byte for
 * byte, and the attribute order both reporters share. Not part of the report API. */
#ifndef SLOWDEX_REPORT_FORMAT_H
#define SLOWDEX_REPORT_FORMAT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregate/agg.h"
#include "report/report.h"
#include "util/buf.h"

#define RFMT_LABEL_WIDTH 12 /* pt's label_width */
#define RFMT_LINE_LENGTH 74 /* pt's LINE_LENGTH: rule lines and string lists are sized on it */

/* How Perl prints a number it did not format explicitly ("%.15g"). */
void rfmt_perl_num(double v, char *out, size_t outlen);
/* pt's micro_t: "12us", "726ms", "2s", "0" (values are seconds). */
void rfmt_micro_t(double t, char *out, size_t outlen);
/* pt's shorten: divide by `divisor` while ≥ it; "61.48k", "129", "0.50". */
void rfmt_shorten(double v, double divisor, char *out, size_t outlen);
/* pt's percentage_of: integer percentage truncated toward zero; 0 when `of` is 0 divides by 1. */
long long rfmt_percent(double is, double of);
/* pt's make_label: "Query_time" → "Exec time", "InnoDB_IO_r_bytes" → "IO r bytes", 12 chars max. */
void rfmt_label(const char *attr, char *out, size_t outlen);
/* Attributes pt formats as times: the name contains "time" or ends in "wait". */
bool rfmt_is_time_attr(const char *name);
/* "2007-12-18 11:48:27" (µs shown only when not zero). */
void rfmt_ts(int64_t us, char *out, size_t outlen);
/* pt's format_time_range: "all events occurred at X", "X to Y" (Y's day dropped when the same). */
void rfmt_time_range(int64_t min_us, int64_t max_us, char *out, size_t outlen);
/* Seconds between two timestamps, for QPS and concurrency; 0 when unknown or not increasing. */
double rfmt_span_seconds(int64_t min_us, int64_t max_us);

/* The table's attributes in pt's report order (sort_attribs), split by section. */
struct rfmt_attrs {
    uint32_t *num, *innodb, *boolean, *string;
    uint32_t nnum, ninnodb, nboolean, nstring;
};
/* Returns 0, or -1 when out of memory. */
int rfmt_sort_attrs(const struct agg_table *t, struct rfmt_attrs *a);
void rfmt_attrs_free(struct rfmt_attrs *a);
/* Attributes pt-query-digest hides or ignores by default (Thread_id, arg, ts…). */
bool rfmt_attr_hidden(const char *name);

/* The order attribute's aggregate for a class (the --order-by value), and whether it exists. */
bool rfmt_order_value(const struct agg_table *t, const struct agg_class *c,
                      const struct report_options *o, double *out);

/* The sample as pt prints it (QueryRewriter::shorten): multi-row INSERT/REPLACE cut after the first
 * row. Replaces out's content. Returns 0, or -1 when out of memory. */
int rfmt_shorten_sample(const char *q, size_t n, struct buf *out);

#endif
