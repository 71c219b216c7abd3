/* Internal to the text reporter: what its two halves (text.c: header, profile; text_class.c: one
 * block per class) share while writing one report. Not part of the report API. */
#ifndef SLOWDEX_REPORT_TEXT_INT_H
#define SLOWDEX_REPORT_TEXT_INT_H
#include <stdbool.h>
#include <stdio.h>

#include "report/format.h"
#include "report/report.h"
#include "util/buf.h"

struct rtext {
    FILE *out;
    const struct agg_table *t;
    const struct report_options *o;
    const struct agg_class *global;
    struct rfmt_attrs attrs;
    const char *order_attr;
    uint32_t order_id;       /* UINT32_MAX when no event had the order attribute */
    uint32_t qt_id;          /* Query_time */
    bool by_fingerprint;
    bool explain_why;        /* pt's --expected-range note: shown count outside 5..10 */
    struct buf line;         /* scratch for one line */
    struct buf scratch;
    struct fp_distiller *distiller;
    int err;                 /* set when out of memory */
};

/* Writes b's text as one line: trailing white space stripped (as pt does), then "\n". */
void rtext_emit(struct rtext *x, struct buf *b);
/* Formats and writes one line. */
void rtext_printf(struct rtext *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* pt's num_format row: label, pct (may be ""), and 7 values (may be NULL for none). */
void rtext_num_row(struct rtext *x, const char *label, const char *pct, char vals[7][32]);
/* The seven formatted statistics of a numeric attribute. */
void rtext_num_values(const char *attr, const struct num_stats *st, char vals[7][32]);
/* Count of the order attribute in class c (pt's class_cnt), or the class count when absent. */
uint64_t rtext_order_cnt(const struct rtext *x, const struct agg_class *c);
/* Index of dispersion of Query_time (stddev²/avg), as the profile and Scores line show it. */
double rtext_vm(const struct rtext *x, const struct agg_class *c);
/* The "# Profile" table (text_profile.c). */
void rtext_profile(struct rtext *x, const struct report_selection *sel);
/* The findings of class c in its block (text_findings.c); nothing when it has none. */
void rtext_class_findings(struct rtext *x, const struct agg_class *c);
/* After the profile: the findings summary by rule, and the findings on tables and indexes. */
void rtext_findings_summary(struct rtext *x);
/* One per-class block ("# Query N: …" up to the sample), rank 1-based. */
void rtext_class_block(struct rtext *x, const struct agg_class *c, uint64_t rank);

#endif
