/* Choosing the reported classes: every class ranked by the --order-by aggregate, best first, then
 * --limit applied as pt-query-digest's EventAggregator::top_events does. */
#include <stdlib.h>
#include <string.h>

#include "report/format.h"
#include "report/report.h"

struct ranked {
    const struct agg_class *c;
    double value;
    bool has;      /* the class has the order attribute */
};

static int key_cmp(const struct agg_class *a, const struct agg_class *b)
{
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
    int c = n ? memcmp(a->key, b->key, n) : 0;
    if (c)
        return c;
    return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
}

/* pt ≥ 3.5.4 sorts ascending by (value, key) and reverses the list: greatest value first, and
 * equal values in descending key order. Classes without the attribute go last (pt drops them from
 * the ranking; here they only ever count in MISC). */
static int rank_cmp(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->has != b->has)
        return a->has ? -1 : 1;
    if (a->has && a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return -key_cmp(a->c, b->c);
}

/* What --limit P% is a percentage of: the same aggregate over every event. */
static double global_total(const struct agg_table *t, const struct report_options *o)
{
    double v = 0;
    if (!rfmt_order_value(t, agg_global(t), o, &v))
        return 0;
    return v;
}

static uint64_t apply_limit(const struct agg_table *t, const struct report_options *o,
                            const struct ranked *r, uint64_t n)
{
    /* pt: `(!total || sum < total) && (!count || count < N)`, tested before the class is added,
     * so the class that crosses P% is included; a zero threshold means no percentage limit. */
    double total = global_total(t, o);
    if (o->group_by && strcmp(o->group_by, "table") == 0) {
        /* Groups overlap (a join counts for each of its tables): P% of what the groups hold. */
        total = 0;
        for (uint64_t i = 0; i < n && r[i].has; i++)
            total += r[i].value;
    }
    double threshold = o->limit_pct > 0 ? total * o->limit_pct / 100 : 0;
    double sum = 0;
    uint64_t shown = 0;
    for (uint64_t i = 0; i < n && r[i].has; i++) {
        if (threshold > 0 && !(sum < threshold))
            break;
        if (o->limit_count && shown >= o->limit_count)
            break;
        shown++;
        sum += r[i].value;
    }
    return shown;
}

int report_select(const struct agg_table *t, const struct report_options *o,
                  struct report_selection *sel)
{
    memset(sel, 0, sizeof *sel);
    uint64_t n = 0;
    const struct agg_class **all = agg_classes(t, &n);
    if (!all && n)
        return -1;
    struct ranked *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) {
        free(all);
        return -1;
    }
    for (uint64_t i = 0; i < n; i++) {
        r[i].c = all[i];
        r[i].value = 0;
        r[i].has = rfmt_order_value(t, all[i], o, &r[i].value);
    }
    if (n)
        qsort(r, n, sizeof *r, rank_cmp);
    if (!all)
        all = malloc(sizeof *all);
    if (!all) {
        free(r);
        return -1;
    }
    for (uint64_t i = 0; i < n; i++)
        all[i] = r[i].c;
    sel->ranked = all;
    sel->nclasses = n;
    sel->nshown = apply_limit(t, o, r, n);
    free(r);
    return 0;
}

void report_selection_free(struct report_selection *sel)
{
    free(sel->ranked);
    memset(sel, 0, sizeof *sel);
}
