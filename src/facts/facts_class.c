/* Class and digest facts (facts.h): a class of the digest as the workload rules read it —
 * `class.Rows_examined.sum`, `class.Full_scan.pct`, `class.Lock_time.share` — with the statement
 * facts of its worst sample, and the whole-log `digest` object. Numbers are plain JSON numbers in
 * the attribute's unit (seconds for times); the digest JSON's six-decimal text is for people. */
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"
#include "util/timeconv.h"

static double span_seconds(int64_t min, int64_t max)
{
    if (min == EVENT_TS_UNKNOWN || max == EVENT_TS_UNKNOWN || max <= min)
        return 0;
    return (double)(max - min) / 1e6;
}

bool facts_jt_add_time(const struct jtree *j, cJSON *o, const char *k, int64_t us)
{
    if (us == EVENT_TS_UNKNOWN)
        return jt_add_null(j, o, k);
    char s[48];
    timeconv_format_iso(us, s, sizeof s);
    return jt_add_string(j, o, k, s);
}

bool facts_add_time(cJSON *o, const char *k, int64_t us)
{
    struct jtree j = jtree_malloc();
    return facts_jt_add_time(&j, o, k, us);
}

/* The members of a numeric attribute's object and of a Yes/No one's, in this order; a want's mask
 * has bit i for member i. */
static const char *const num_members[] = {"cnt", "sum", "min", "max", "avg", "median",
                                          "pct_95", "pct_99", "stddev", "share", NULL};
static const char *const bool_members[] = {"yes", "cnt", "pct", NULL};
enum { M_CNT, M_SUM, M_MIN, M_MAX, M_AVG, M_MEDIAN, M_PCT95, M_PCT99, M_STDDEV, M_SHARE };
enum { B_YES, B_CNT, B_PCT };
#define ALL_MEMBERS 0xffffu
/* The members that cost a walk over the buckets. */
#define BUCKETED ((1u << M_MEDIAN) | (1u << M_PCT95) | (1u << M_PCT99) | (1u << M_STDDEV))

static bool add_member(const struct jtree *j, cJSON *o, unsigned mask, int m, double v)
{
    return !(mask & (1u << m)) || jt_add_number(j, o, num_members[m], v);
}

/* The members of mask of {cnt,sum,min,max,avg,median,pct_95,pct_99,stddev,share} under name:
 * share is the class's part of the global sum (0 when that sum is 0). */
static bool add_num_attr(const struct jtree *j, cJSON *cls, const char *name,
                         const struct class_attr *a, double gsum, unsigned mask)
{
    const struct num_stats *st = &a->u.num;
    struct num_metrics m = {0};
    if (mask & BUCKETED)
        stats_metrics(st, &m);
    double sum = fixsum_to_double(&st->sum);
    cJSON *o = jt_add_object(j, cls, name);
    return o && add_member(j, o, mask, M_CNT, (double)st->cnt) &&
           add_member(j, o, mask, M_SUM, sum) &&
           add_member(j, o, mask, M_MIN, (double)st->min / STATS_SCALE) &&
           add_member(j, o, mask, M_MAX, (double)st->max / STATS_SCALE) &&
           add_member(j, o, mask, M_AVG, sum / (double)st->cnt) &&
           add_member(j, o, mask, M_MEDIAN, m.median) && add_member(j, o, mask, M_PCT95, m.pct95) &&
           add_member(j, o, mask, M_PCT99, m.pct99) &&
           add_member(j, o, mask, M_STDDEV, m.stddev) &&
           add_member(j, o, mask, M_SHARE, gsum != 0 ? sum / gsum : 0);
}

static bool add_bool_attr(const struct jtree *j, cJSON *cls, const char *name,
                          const struct class_attr *a, unsigned mask)
{
    cJSON *o = jt_add_object(j, cls, name);
    return o && (!(mask & (1u << B_YES)) || jt_add_number(j, o, "yes", (double)a->u.yes)) &&
           (!(mask & (1u << B_CNT)) || jt_add_number(j, o, "cnt", (double)a->cnt)) &&
           (!(mask & (1u << B_PCT)) ||
            jt_add_number(j, o, "pct", (double)a->u.yes / (double)a->cnt));
}

/* One member per numeric or Yes/No attribute the class has; an attribute named like one of the
 * fixed members (a log could have anything) is left out rather than shadow it. */
static unsigned want_of(const struct facts_class_want *w, uint32_t id)
{
    if (!w || w->all)
        return ALL_MEMBERS;
    return id < w->nattr ? w->attr[id] : 0;
}

/* The digest's sum of attribute id: from want's totals, else agg_global's (0 when no event has
 * the attribute as a number). */
static double total_sum(const struct agg_table *t, const struct facts_class_want *want, uint32_t id)
{
    if (want && want->total_sum)
        return id < want->nattr ? want->total_sum[id] : 0;
    const struct class_attr *g = agg_class_attr(agg_global(t), id);
    return g && agg_attr_kind(t, id) == ATTR_NUM ? fixsum_to_double(&g->u.num.sum) : 0;
}

static bool add_attrs(const struct jtree *j, cJSON *o, const struct agg_table *t,
                      const struct agg_class *c, const struct facts_class_want *want)
{
    for (uint32_t i = 0; i < c->nattrs; i++) {
        const struct class_attr *a = &c->attrs[i];
        unsigned mask = want_of(want, a->id);
        if (!mask)
            continue;
        enum attr_kind kind = agg_attr_kind(t, a->id);
        const char *name = agg_attr_name(t, a->id);
        if (!name || jt_member(o, name) || a->cnt == 0)
            continue;
        bool ok = true;
        if (kind == ATTR_NUM && a->u.num.cnt)
            ok = add_num_attr(j, o, name, a, mask & (1u << M_SHARE) ? total_sum(t, want, a->id) : 0,
                              mask);
        else if (kind == ATTR_BOOL)
            ok = add_bool_attr(j, o, name, a, mask);
        if (!ok)
            return false;
    }
    return true;
}

static bool add_sample(const struct jtree *j, cJSON *cls, const struct agg_table *t,
                       const struct agg_class *c)
{
    const struct agg_sample *s = &c->worst;
    const char *file = agg_file_name(t, s->file_idx);
    cJSON *o = jt_add_object(j, cls, "sample");
    return o && jt_add_string(j, o, "db", s->db ? s->db : "") &&
           facts_jt_add_time(j, o, "ts", s->ts_us) &&
           (file ? jt_add_string(j, o, "file", file) : jt_add_null(j, o, "file")) &&
           jt_add_number(j, o, "line", (double)s->line);
}

cJSON *facts_class_json(const struct agg_table *t, const struct agg_class *c)
{
    return facts_class_json_want(t, c, NULL);
}

/* The members every class has, in this order (facts_class_want.fixed has bit 1 << i for
 * fixed_names[i]). */
static const char *const fixed_names[] = {
    "query_id", "fingerprint", "count", "ts_min", "ts_max", "qps", "time_share", "sample", NULL,
};
enum { F_QUERY_ID, F_FINGERPRINT, F_COUNT, F_TS_MIN, F_TS_MAX, F_QPS, F_TIME_SHARE, F_SAMPLE };

static double time_share(const struct agg_table *t, const struct agg_class *c,
                         const struct facts_class_want *want)
{
    uint32_t qt = agg_attr_find(t, "Query_time");
    const struct class_attr *a = qt == UINT32_MAX ? NULL : agg_class_attr(c, qt);
    double gsum = a ? total_sum(t, want, qt) : 0;
    return gsum != 0 ? fixsum_to_double(&a->u.num.sum) / gsum : 0;
}

static bool add_fixed(const struct jtree *j, cJSON *o, const struct agg_table *t,
                      const struct agg_class *c, const struct facts_class_want *want, int which)
{
    double span = span_seconds(c->ts_min, c->ts_max);
    switch (which) {
    case F_QUERY_ID: return jt_add_string(j, o, "query_id", c->query_id);
    case F_FINGERPRINT: return jt_add_string(j, o, "fingerprint", c->fingerprint ? c->fingerprint : "");
    case F_COUNT: return jt_add_number(j, o, "count", (double)c->cnt);
    case F_TS_MIN: return facts_jt_add_time(j, o, "ts_min", c->ts_min);
    case F_TS_MAX: return facts_jt_add_time(j, o, "ts_max", c->ts_max);
    case F_QPS: return jt_add_number(j, o, "qps", span > 0 ? (double)c->cnt / span : 0);
    case F_TIME_SHARE: return jt_add_number(j, o, "time_share", time_share(t, c, want));
    default: return add_sample(j, o, t, c);
    }
}

/* The class object, added to tree as `class` (tree NULL: returned on its own). */
static cJSON *class_jtree(const struct jtree *j, cJSON *tree, const struct agg_table *t,
                          const struct agg_class *c, const struct facts_class_want *want)
{
    cJSON *o = jt_object(j);
    if (!o || (tree && !jt_add(j, tree, "class", o)))
        return NULL;
    bool ok = true;
    for (int i = 0; ok && fixed_names[i]; i++)
        if (!want || want->all || (want->fixed & (1u << i)))
            ok = add_fixed(j, o, t, c, want, i);
    ok = ok && add_attrs(j, o, t, c, want);
    if (!ok && !tree)
        jt_free(j, o);
    return ok ? o : NULL;
}

cJSON *facts_class_json_want(const struct agg_table *t, const struct agg_class *c,
                             const struct facts_class_want *want)
{
    struct jtree j = jtree_malloc();
    return class_jtree(&j, NULL, t, c, want);
}

/* {class, statement, query} built with j; NULL when out of memory. */
static cJSON *class_tree(struct facts_ctx *x, const struct jtree *j, const struct agg_table *t,
                         const struct agg_class *c, const struct facts_class_want *want)
{
    cJSON *tree = jt_object(j);
    if (!tree || !class_jtree(j, tree, t, c, want)) {
        jt_free(j, tree);
        return NULL;
    }
    const struct agg_sample *s = &c->worst;
    struct facts_stmt st = {
        .text = s->query ? s->query : "", .len = s->query ? s->query_len : 0, .db = s->db,
        .file = agg_file_name(t, s->file_idx), .fingerprint = c->fingerprint,
        /* the class's Query ID is its fingerprint's only when it groups by fingerprint */
        .query_id = c->fingerprint && c->key && strcmp(c->key, c->fingerprint) == 0 ? c->query_id
                                                                                   : NULL,
    };
    unsigned parts = !want || want->all ? SQLJ_ALL : want->query;
    if ((!want || want->all || want->statement) &&
        facts_jt_add_statement(x, j, tree, &st, NULL, parts) < 0) {
        jt_free(j, tree);
        return NULL;
    }
    return tree;
}

cJSON *facts_class_tree(struct facts_ctx *x, const struct agg_table *t, const struct agg_class *c)
{
    struct jtree j = jtree_malloc();
    return class_tree(x, &j, t, c, NULL);
}

cJSON *facts_class_tree_scratch(struct facts_ctx *x, const struct agg_table *t,
                                const struct agg_class *c, const struct facts_class_want *want,
                                const cJSON *server, const struct facts_schema *fs)
{
    arena_reset(&x->scratch);
    struct jtree j = {&x->scratch};
    cJSON *tree = class_tree(x, &j, t, c, want);
    if (tree && server && !jt_add(&j, tree, "server", jt_reference(&j, server)))
        return NULL;
    if (tree && fs && fs->json && !jt_add(&j, tree, "schema", jt_reference(&j, fs->json)))
        return NULL;
    return tree;
}

void facts_class_prefetch(const struct agg_table *t, const struct agg_class *c, int step)
{
    const char *p = (const char *)c;
    switch (step) {
    case 0:
        for (size_t o = 0; o < sizeof *c; o += 64)
            __builtin_prefetch(p + o);
        break;
    case 1:
        for (size_t o = 0; o < c->nattrs * sizeof *c->attrs; o += 64)
            __builtin_prefetch((const char *)c->attrs + o);
        __builtin_prefetch(c->fingerprint);
        __builtin_prefetch(c->key);
        /* A sample copied out of its input (compressed, stdin) is in memory; one in the mapped log
         * is on a page given back after parsing (source_release), which only touching it brings
         * back: a prefetch of it is dropped. */
        __builtin_prefetch(c->worst.query);
        break;
    default:
        for (uint32_t i = 0; i < c->nattrs; i++)
            if (agg_attr_kind(t, c->attrs[i].id) == ATTR_NUM && c->attrs[i].u.num.capbuckets)
                __builtin_prefetch(c->attrs[i].u.num.b.heap);
        break;
    }
}

bool facts_class_want_totals(const struct facts_class_want *w)
{
    if (!w || w->all || (w->fixed & (1u << F_TIME_SHARE)))
        return true;
    for (uint32_t i = 0; i < w->nattr; i++)
        if (w->attr[i] & (1u << M_SHARE))
            return true;
    return false;
}

int facts_class_want_init(struct facts_class_want *w, const struct agg_table *t)
{
    memset(w, 0, sizeof *w);
    w->nattr = agg_attr_count(t);
    w->attr = calloc(w->nattr ? w->nattr : 1, sizeof *w->attr);
    return w->attr ? 0 : -1;
}

void facts_class_want_free(struct facts_class_want *w)
{
    free(w->attr);
    memset(w, 0, sizeof *w);
}

void facts_class_want_query(struct facts_class_want *w, const char *const *fields, size_t n)
{
    w->statement = true;
    w->query |= n == 0 ? SQLJ_ALL : sql_analysis_json_part(fields[0]);
}

/* The bit of a member of an attribute's object (numeric or Yes/No); all of them for a name it does
 * not know, so that a rule never reads a member left out. */
static unsigned member_bit(enum attr_kind kind, const char *field)
{
    const char *const *names = kind == ATTR_BOOL ? bool_members : num_members;
    for (int i = 0; names[i]; i++)
        if (strcmp(field, names[i]) == 0)
            return 1u << i;
    return ALL_MEMBERS;
}

void facts_class_want_path(struct facts_class_want *w, const struct agg_table *t,
                           const char *const *fields, size_t n)
{
    if (n == 0) {
        w->all = true;
        return;
    }
    for (int i = 0; fixed_names[i]; i++)
        if (strcmp(fields[0], fixed_names[i]) == 0) {
            w->fixed |= 1u << i;
            return;
        }
    uint32_t id = agg_attr_find(t, fields[0]);
    if (id == UINT32_MAX || id >= w->nattr) /* a fixed member, or an attribute no event had */
        return;
    w->attr[id] |= (uint16_t)(n == 1 ? ALL_MEMBERS : member_bit(agg_attr_kind(t, id), fields[1]));
}
