/* Shared by the aggregation tests: a generator of hand-built events (no slow-log parser involved)
 * and a helper that compares two tables field by field, attributes matched by name. */
#ifndef SLOWDEX_AGG_TEST_UTIL_H
#define SLOWDEX_AGG_TEST_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/agg.h"

struct gen {
    uint64_t s;
    struct attr_names *names;
    uint32_t ids[8];
    char vals[8][32];
    char query[96], key[64], tagbuf[2][24];
    struct event_attr attrs[8];
    struct event ev;
    struct sv tags[2];
    int ntags;
    int nkeys;
};

static const char *const gen_attr_names[8] = {"Query_time", "Lock_time", "Rows_sent", "Rows_examined",
                                              "QC_Hit",     "Thread_id", "Log_slow_rate_type",
                                              "Late_attr"};

static uint64_t gen_rnd(struct gen *g)
{
    g->s ^= g->s << 13, g->s ^= g->s >> 7, g->s ^= g->s << 17;
    return g->s;
}

static void gen_init(struct gen *g, uint64_t seed, int nkeys)
{
    memset(g, 0, sizeof *g);
    g->s = seed * 2654435761ULL + 88172645463325252ULL;
    g->nkeys = nkeys;
    g->names = attr_names_new();
    /* Interned in a shuffled order so the parser's ids differ from the table's. */
    for (int i = 7; i >= 0; i--)
        g->ids[i] = attr_names_intern(g->names, sv_cstr(gen_attr_names[i]));
}

static void gen_free(struct gen *g) { attr_names_free(g->names); }

/* Builds event number i; key, fingerprint and tags are in g. */
static const struct event *gen_event(struct gen *g, uint64_t i)
{
    static const char *const dbs[] = {"app", "shop", "", "logs", "crm"};
    static const char *const users[] = {"web", "batch", "root"};
    static const char *const hosts[] = {"10.0.0.1", "10.0.0.2", "db-a", ""};
    static const char *const tagv[] = {"app=web", "route=/x", "job=nightly", "ctl=Users"};
    struct event *ev = &g->ev;
    memset(ev, 0, sizeof *ev);
    int k = (int)(gen_rnd(g) % (uint64_t)g->nkeys);
    snprintf(g->key, sizeof g->key, "select * from t%d where id = ?", k);
    snprintf(g->query, sizeof g->query, "SELECT * FROM t%d WHERE id = %llu", k,
             (unsigned long long)(gen_rnd(g) % 1000));
    uint32_t n = 0;
    uint64_t r = gen_rnd(g);
    snprintf(g->vals[0], 32, "%llu.%06llu", (unsigned long long)(r % 4), (unsigned long long)(r % 999983));
    snprintf(g->vals[1], 32, "0.%06llu", (unsigned long long)(gen_rnd(g) % 5000));
    if (gen_rnd(g) % 10 == 0)
        g->vals[2][0] = '\0'; /* an empty number: missing for this event */
    else
        snprintf(g->vals[2], 32, "%llu", (unsigned long long)(gen_rnd(g) % 300));
    snprintf(g->vals[3], 32, "%llu", (unsigned long long)(gen_rnd(g) % 100000));
    snprintf(g->vals[4], 32, "%s", gen_rnd(g) % 3 ? "No" : "Yes");
    snprintf(g->vals[5], 32, "%llu", (unsigned long long)(i + 100));
    snprintf(g->vals[6], 32, "%s", gen_rnd(g) % 2 ? "query" : "session");
    snprintf(g->vals[7], 32, "%llu", (unsigned long long)(gen_rnd(g) % 7));
    for (int a = 0; a < 8; a++) {
        if (a == 7 && i < 300) /* an attribute that first appears late in the log */
            continue;
        if (a == 6 && gen_rnd(g) % 4 == 0)
            continue;
        g->attrs[n++] = (struct event_attr){g->ids[a], sv_cstr(g->vals[a])};
    }
    ev->attrs = g->attrs;
    ev->nattrs = n;
    ev->query = sv_cstr(g->query);
    ev->db = sv_cstr(dbs[gen_rnd(g) % 5]);
    ev->user = sv_cstr(users[gen_rnd(g) % 3]);
    ev->host = gen_rnd(g) % 9 ? sv_cstr(hosts[gen_rnd(g) % 4]) : SV_NULL;
    ev->explain = gen_rnd(g) % 5 ? SV_NULL : sv_cstr("# explain: id\tselect_type\n");
    ev->ts_us = gen_rnd(g) % 20 ? 1700000000000000LL + (int64_t)(i * 1500000 + gen_rnd(g) % 900000)
                                : EVENT_TS_UNKNOWN;
    ev->file_idx = (int)(i % 2);
    ev->offset = i * 321;
    ev->line = i * 7 + 1;
    g->ntags = (int)(gen_rnd(g) % 3);
    for (int t = 0; t < g->ntags; t++)
        g->tags[t] = sv_cstr(tagv[gen_rnd(g) % 4]);
    return ev;
}

static int gen_add(struct gen *g, struct agg_table *t, uint64_t i)
{
    const struct event *ev = gen_event(g, i);
    return agg_add(t, g->names, ev, sv_cstr(g->key), sv_cstr(g->key), g->tags, g->ntags, i);
}

/* ---- comparison ------------------------------------------------------------------------------- */

static int cmp_item(const void *a, const void *b)
{
    const struct strdist_item *x = a, *y = b;
    int c = strcmp(strdist_value(x), strdist_value(y));
    return c ? c : (x->cnt > y->cnt) - (x->cnt < y->cnt);
}

static void cmp_dist(const struct strdist *a, const struct strdist *b, const char *what)
{
    if (a->n != b->n || a->other != b->other)
        fail_msg("%s: %u values + %llu other vs %u + %llu", what, a->n, (unsigned long long)a->other,
                 b->n, (unsigned long long)b->other);
    struct strdist_item *x = malloc((a->n + 1) * sizeof *x), *y = malloc((b->n + 1) * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    if (a->n) {
        memcpy(x, a->items, a->n * sizeof *x);
        memcpy(y, b->items, b->n * sizeof *y);
    }
    qsort(x, a->n, sizeof *x, cmp_item);
    qsort(y, b->n, sizeof *y, cmp_item);
    for (uint32_t i = 0; i < a->n; i++)
        if (strcmp(strdist_value(&x[i]), strdist_value(&y[i])) != 0 || x[i].cnt != y[i].cnt)
            fail_msg("%s: \"%s\" x%llu vs \"%s\" x%llu", what, strdist_value(&x[i]), (unsigned long long)x[i].cnt,
                     strdist_value(&y[i]), (unsigned long long)y[i].cnt);
    free(x);
    free(y);
}

static void cmp_num(const struct num_stats *a, const struct num_stats *b, const char *what)
{
    if (a->cnt != b->cnt || a->min != b->min || a->max != b->max || a->sum.units != b->sum.units ||
        a->sum.micros != b->sum.micros || a->nbuckets != b->nbuckets)
        fail_msg("%s: numeric totals differ", what);
    for (uint32_t i = 0; i < a->nbuckets; i++)
        if (stats_buckets(a)[i].idx != stats_buckets(b)[i].idx ||
            stats_bucket_count(&stats_buckets(a)[i]) != stats_bucket_count(&stats_buckets(b)[i]))
            fail_msg("%s: bucket %u differs", what, i);
}

static const char *str_or(const char *s) { return s ? s : "(null)"; }

static void cmp_sample(const struct agg_sample *a, const struct agg_sample *b, const char *key)
{
    if (!a->query || !b->query) {
        if (a->query != b->query)
            fail_msg("%s: one sample is missing", key);
        return;
    }
    if (a->query_len != b->query_len || memcmp(a->query, b->query, a->query_len) != 0 ||
        strcmp(a->db, b->db) != 0 || strcmp(str_or(a->explain), str_or(b->explain)) != 0 ||
        a->ts_us != b->ts_us || a->order_value != b->order_value || a->file_idx != b->file_idx ||
        a->offset != b->offset || a->line != b->line || a->seq != b->seq)
        fail_msg("%s: samples differ (seq %llu vs %llu)", key, (unsigned long long)a->seq,
                 (unsigned long long)b->seq);
}

static void cmp_class(const struct agg_table *ta, const struct agg_class *a, const struct agg_table *tb,
                      const struct agg_class *b)
{
    const char *k = a->key;
    if (a->key_len != b->key_len || memcmp(a->key, b->key, a->key_len) != 0 ||
        strcmp(a->query_id, b->query_id) != 0 || a->cnt != b->cnt || a->ts_min != b->ts_min ||
        a->ts_max != b->ts_max || a->nattrs != b->nattrs || a->nminutes != b->nminutes)
        fail_msg("class %s: header fields differ", k);
    if (strcmp(str_or(a->fingerprint), str_or(b->fingerprint)) != 0)
        fail_msg("class %s: fingerprints differ", k);
    for (uint32_t i = 0; i < a->nattrs; i++) {
        const struct class_attr *x = &a->attrs[i];
        const char *name = agg_attr_name(ta, x->id);
        uint32_t bid = agg_attr_find(tb, name);
        const struct class_attr *y = bid == UINT32_MAX ? NULL : agg_class_attr(b, bid);
        enum attr_kind kind = agg_attr_kind(ta, x->id);
        if (!y || y->cnt != x->cnt || agg_attr_kind(tb, bid) != kind)
            fail_msg("class %s: attribute %s differs", k, name);
        if (kind == ATTR_NUM)
            cmp_num(&x->u.num, &y->u.num, name);
        else if (kind == ATTR_BOOL && x->u.yes != y->u.yes)
            fail_msg("class %s: %s yes counts differ", k, name);
        else if (kind == ATTR_STR)
            cmp_dist(&x->u.str, &y->u.str, name);
    }
    cmp_dist(&a->db, &b->db, "db");
    cmp_dist(&a->user, &b->user, "user");
    cmp_dist(&a->host, &b->host, "host");
    cmp_dist(&a->tags, &b->tags, "tags");
    cmp_sample(&a->worst, &b->worst, k);
    for (uint32_t i = 0; i < a->nminutes; i++)
        if (memcmp(&a->minutes[i], &b->minutes[i], sizeof a->minutes[i]) != 0)
            fail_msg("class %s: minute %u differs", k, i);
}

static int cmp_class_key(const void *x, const void *y)
{
    const struct agg_class *a = *(const struct agg_class *const *)x;
    const struct agg_class *b = *(const struct agg_class *const *)y;
    return strcmp(a->key, b->key);
}

/* Fails the test unless a and b hold the same aggregates. */
static void agg_assert_equal(const struct agg_table *a, const struct agg_table *b)
{
    assert_int_equal(agg_class_count(a), agg_class_count(b));
    assert_int_equal(agg_attr_count(a), agg_attr_count(b));
    cmp_class(a, agg_global(a), b, agg_global(b));
    uint64_t na, nb;
    const struct agg_class **ca = agg_classes(a, &na), **cb = agg_classes(b, &nb);
    assert_non_null(ca);
    assert_non_null(cb);
    qsort(ca, na, sizeof *ca, cmp_class_key);
    qsort(cb, nb, sizeof *cb, cmp_class_key);
    for (uint64_t i = 0; i < na; i++)
        cmp_class(a, ca[i], b, cb[i]);
    free(ca);
    free(cb);
}

#endif
