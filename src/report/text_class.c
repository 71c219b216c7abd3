/* One block of the text report per reported class, as pt-query-digest's event_report,
 * chart_distro and query_report print it: the title line, scores, time range, the attribute table
 * with its pct column, string distributions, the Query_time distribution and the worst sample.
 * Not printed (documented differences): pt's "# Tables" SHOW statements and the "# Converted for
 * EXPLAIN" rewrite of non-SELECT samples. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/text_int.h"

#define MAX_STRING_LENGTH 10 /* pt's cut for each value of a multi-value list */

static void title_line(struct rtext *x, const struct agg_class *c, uint64_t rank)
{
    double qps = 0, conc = 0, span = rfmt_span_seconds(c->ts_min, c->ts_max);
    const struct class_attr *a = x->order_id == UINT32_MAX ? NULL : agg_class_attr(c, x->order_id);
    bool timed = a && a->cnt && agg_attr_kind(x->t, x->order_id) == ATTR_NUM;
    if (span > 0) {
        qps = (double)rtext_order_cnt(x, c) / span;
        if (timed)
            conc = fixsum_to_double(&a->u.num.sum) / span;
    }
    char q[32], k[32];
    rfmt_shorten(qps, 1000, q, sizeof q);
    rfmt_shorten(conc, 1000, k, sizeof k);
    struct buf *b = &x->line;
    buf_reset(b);
    /* A general log has no times: no concurrency rather than a fake 0x. */
    buf_printf(b, "# %s %llu: %s QPS, %s%s, ID 0x%s at byte %llu ",
               x->by_fingerprint ? "Query" : "Item", (unsigned long long)rank, q, timed ? k : "",
               timed ? "x concurrency" : "concurrency unknown", c->query_id,
               (unsigned long long)c->worst.offset);
    while (b->n < RFMT_LINE_LENGTH)
        buf_append_char(b, '_');
    rtext_emit(x, b);
    if (x->explain_why)
        rtext_printf(x, "# This item is included in the report because it matches --limit.");
    if (x->qt_id == UINT32_MAX) /* no Query_time: no variance, as the profile's "-" */
        rtext_printf(x, "# Scores: V/M = -");
    else
        rtext_printf(x, "# Scores: V/M = %.2f", rtext_vm(x, c));
    if (c->ts_min != EVENT_TS_UNKNOWN) {
        char r[160];
        rfmt_time_range(c->ts_min, c->ts_max, r, sizeof r);
        rtext_printf(x, "# Time range: %s", r);
    }
}

static void num_rows(struct rtext *x, const struct agg_class *c, const uint32_t *ids, uint32_t n,
                     const char *section)
{
    bool first = true;
    for (uint32_t i = 0; i < n; i++) {
        const struct class_attr *a = agg_class_attr(c, ids[i]);
        if (!a || a->u.num.cnt == 0)
            continue;
        if (first && section)
            rtext_printf(x, "%s", section);
        first = false;
        const struct class_attr *g = agg_class_attr(x->global, ids[i]);
        const char *name = agg_attr_name(x->t, ids[i]);
        char label[64], pct[32], vals[7][32];
        rfmt_label(name, label, sizeof label);
        snprintf(pct, sizeof pct, "%lld",
                 rfmt_percent(fixsum_to_double(&a->u.num.sum),
                              g ? fixsum_to_double(&g->u.num.sum) : 0));
        rtext_num_values(name, &a->u.num, vals);
        rtext_num_row(x, label, pct, vals);
    }
}

static void bool_rows(struct rtext *x, const struct agg_class *c)
{
    bool first = true;
    for (uint32_t i = 0; i < x->attrs.nboolean; i++) {
        const struct class_attr *a = agg_class_attr(c, x->attrs.boolean[i]);
        if (!a || a->u.yes == 0)
            continue;
        if (first)
            rtext_printf(x, "# Boolean:");
        first = false;
        char label[64];
        rfmt_label(agg_attr_name(x->t, x->attrs.boolean[i]), label, sizeof label);
        rtext_printf(x, "# %-12s %3lld%% yes, %3lld%% no", label,
                     rfmt_percent((double)a->u.yes, (double)a->cnt),
                     rfmt_percent((double)(a->cnt - a->u.yes), (double)a->cnt));
    }
}

static bool looks_like_ipv4(const char *s)
{
    /* pt keeps whole any value containing (\d+\.){3}\d+ */
    for (const char *p = s; *p; p++) {
        const char *q = p;
        int groups = 0;
        while (groups < 4) {
            if (!isdigit((unsigned char)*q))
                break;
            while (isdigit((unsigned char)*q))
                q++;
            groups++;
            if (groups < 4 && *q == '.')
                q++;
            else
                break;
        }
        if (groups == 4)
            return true;
    }
    return false;
}

/* pt's format_string_list. skip_empty drops "" values (events without a database). Our strdist
 * may hold an "other" count of values it did not keep: then "… N+ more". */
static void string_row(struct rtext *x, const char *label, const struct strdist *d,
                       uint64_t class_cnt, bool skip_empty)
{
    struct strdist_item *v = malloc((d->n ? d->n : 1) * sizeof *v);
    if (!v) {
        x->err = 1;
        return;
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->n; i++)
        if (!(skip_empty && d->items[i].len == 0))
            v[n++] = d->items[i];
    if (n == 0) {
        free(v);
        return;
    }
    qsort(v, n, sizeof *v, strdist_item_cmp);
    struct buf *b = &x->line, *s = &x->scratch;
    buf_reset(b);
    buf_printf(b, "# %-12s ", label);
    size_t start = b->n;
    const size_t single = RFMT_LINE_LENGTH - 30;
    if (n == 1 && d->other == 0) {
        if (v[0].len > single)
            buf_printf(b, "%.*s...", (int)single, strdist_value(&v[0]));
        else
            buf_append(b, strdist_value(&v[0]), v[0].len);
    } else {
        uint32_t i = 0;
        for (; i < n; i++) {
            buf_reset(s);
            if (!looks_like_ipv4(strdist_value(&v[i])) && v[i].len > MAX_STRING_LENGTH)
                buf_printf(s, "%.*s...", MAX_STRING_LENGTH, strdist_value(&v[i]));
            else
                buf_append(s, strdist_value(&v[i]), v[i].len);
            buf_printf(s, " (%llu/%lld%%)", (unsigned long long)v[i].cnt,
                       rfmt_percent((double)v[i].cnt, (double)class_cnt));
            if ((b->n - start) + s->n > RFMT_LINE_LENGTH - 27)
                break;
            buf_append(b, s->p, s->n);
            buf_append_cstr(b, ", ");
        }
        if (b->n - start >= 2 && memcmp(b->p + b->n - 2, ", ", 2) == 0)
            b->n -= 2;
        if (i < n || d->other)
            buf_printf(b, "... %u%s more", n - i, d->other ? "+" : "");
    }
    rtext_emit(x, b);
    free(v);
}

struct str_attr {
    const char *name;
    const struct strdist *d;
};

static int str_attr_cmp(const void *pa, const void *pb)
{
    const struct str_attr *a = pa, *b = pb;
    int c = strcasecmp(a->name, b->name);
    return c ? c : strcmp(a->name, b->name);
}

static void string_rows(struct rtext *x, const struct agg_class *c)
{
    uint32_t cap = x->attrs.nstring + 3, n = 0;
    struct str_attr *v = malloc(cap * sizeof *v);
    if (!v) {
        x->err = 1;
        return;
    }
    v[n++] = (struct str_attr){"db", &c->db};
    v[n++] = (struct str_attr){"host", &c->host};
    v[n++] = (struct str_attr){"user", &c->user};
    for (uint32_t i = 0; i < x->attrs.nstring; i++) {
        const struct class_attr *a = agg_class_attr(c, x->attrs.string[i]);
        if (a && a->cnt)
            v[n++] = (struct str_attr){agg_attr_name(x->t, x->attrs.string[i]), &a->u.str};
    }
    qsort(v, n, sizeof *v, str_attr_cmp);
    bool any = c->tags.n > 0;
    for (uint32_t i = 0; i < n; i++)
        any = any || v[i].d->n > 0;
    if (any)
        rtext_printf(x, "# String:");
    uint64_t cnt = rtext_order_cnt(x, c);
    for (uint32_t i = 0; i < n; i++) {
        char label[64];
        rfmt_label(v[i].name, label, sizeof label);
        string_row(x, label, v[i].d, cnt, strcmp(v[i].name, "db") == 0);
    }
    string_row(x, "Tags", &c->tags, cnt, true);
    free(v);
}

static void histogram(struct rtext *x, const struct agg_class *c)
{
    static const char *const labels[8] = {"1us", "10us", "100us", "1ms", "10ms", "100ms", "1s",
                                          "10s+"};
    const struct class_attr *a = x->qt_id == UINT32_MAX ? NULL : agg_class_attr(c, x->qt_id);
    if (!a || agg_attr_kind(x->t, x->qt_id) != ATTR_NUM || a->u.num.cnt == 0)
        return;
    uint64_t d[8], max = 0;
    stats_histogram(&a->u.num, d);
    for (int i = 0; i < 8; i++)
        max = d[i] > max ? d[i] : max;
    double per_mark = (double)max / 64;
    rtext_printf(x, "# Query_time distribution");
    for (int i = 0; i < 8; i++) {
        double marks = (double)d[i] / (per_mark != 0 ? per_mark : 1);
        if (marks < 1 && d[i] > 0)
            marks = 1;
        int m = (int)marks;
        rtext_printf(x, "# %5s%s%.*s", labels[i], m ? "  " : "", m,
                     "################################################################");
    }
}

/* The fingerprint starts with select (after parentheses/space), insert or replace. */
static int sample_kind(const char *fp)
{
    const char *p = fp;
    while (*p == '(' || isspace((unsigned char)*p))
        p++;
    if (strncmp(p, "select", 6) == 0)
        return 's';
    if (strncmp(fp, "insert", 6) == 0 || strncmp(fp, "replace", 7) == 0)
        return 'i';
    return 'o';
}

static void sample(struct rtext *x, const struct agg_class *c)
{
    const struct agg_sample *w = &c->worst;
    if (!x->by_fingerprint) {
        fwrite(c->key, 1, c->key_len, x->out);
        fputc('\n', x->out);
        return;
    }
    if (sample_kind(c->key) == 's')
        fputs("# EXPLAIN /*!50100 PARTITIONS*/\n", x->out);
    const char *q = w->query ? w->query : "";
    size_t n = w->query ? w->query_len : 0;
    if (x->o->redact) { /* as the JSON report's sample (docs/json-schema.md) */
        buf_reset(&x->line);
        if (report_redact(q, n, &x->line) < 0)
            x->err = 1;
        q = x->line.p ? x->line.p : "";
        n = x->line.n;
    }
    if (rfmt_shorten_sample(q, n, &x->scratch) < 0)
        x->err = 1;
    fwrite(x->scratch.p ? x->scratch.p : "", 1, x->scratch.n, x->out);
    fputs("\\G\n", x->out);
    /* The plan is left out with --redact, as in JSON: its conditions can quote values. */
    if (w->explain && w->explain[0] && !x->o->redact) {
        /* MariaDB's own EXPLAIN of the statement, kept as comments */
        const char *p = w->explain;
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            fputs(strncmp(p, "#", 1) == 0 ? "" : "# ", x->out);
            fwrite(p, 1, n, x->out);
            fputc('\n', x->out);
            p += n + (e ? 1 : 0);
        }
    }
}

void rtext_class_block(struct rtext *x, const struct agg_class *c, uint64_t rank)
{
    title_line(x, c, rank);
    rtext_printf(x, "# %-12s %3s %7s %7s %7s %7s %7s %7s %7s", "Attribute", "pct", "total", "min",
                 "max", "avg", "95%", "stddev", "median");
    rtext_printf(x, "# %-12s %3s %7s %7s %7s %7s %7s %7s %7s", "============", "===", "=======",
                 "=======", "=======", "=======", "=======", "=======", "=======");
    uint64_t cnt = rtext_order_cnt(x, c);
    rtext_printf(x, "# %-12s %3lld %7llu", "Count",
                 rfmt_percent((double)cnt, (double)rtext_order_cnt(x, x->global)),
                 (unsigned long long)cnt);
    num_rows(x, c, x->attrs.num, x->attrs.nnum, NULL);
    num_rows(x, c, x->attrs.innodb, x->attrs.ninnodb, "# InnoDB:");
    bool_rows(x, c);
    string_rows(x, c);
    histogram(x, c);
    rtext_class_findings(x, c);
    sample(x, c);
}
