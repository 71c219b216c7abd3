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

/* {cnt,sum,min,max,avg,median,pct_95,pct_99,stddev,share} under name: share is the class's part
 * of the global sum (0 when that sum is 0). The bucketed statistics (a walk over the buckets) only
 * when `full`. */
static bool add_num_attr(const struct jtree *j, cJSON *cls, const char *name,
                         const struct class_attr *a, const struct class_attr *g, bool full)
{
    const struct num_stats *st = &a->u.num;
    struct num_metrics m;
    if (full)
        stats_metrics(st, &m);
    double sum = fixsum_to_double(&st->sum);
    double gsum = g ? fixsum_to_double(&g->u.num.sum) : 0;
    cJSON *o = jt_add_object(j, cls, name);
    bool ok = o && jt_add_number(j, o, "cnt", (double)st->cnt) &&
              jt_add_number(j, o, "sum", sum) &&
              jt_add_number(j, o, "min", (double)st->min / STATS_SCALE) &&
              jt_add_number(j, o, "max", (double)st->max / STATS_SCALE) &&
              jt_add_number(j, o, "avg", sum / (double)st->cnt);
    ok = ok && (!full || (jt_add_number(j, o, "median", m.median) &&
                          jt_add_number(j, o, "pct_95", m.pct95) &&
                          jt_add_number(j, o, "pct_99", m.pct99) &&
                          jt_add_number(j, o, "stddev", m.stddev)));
    return ok && jt_add_number(j, o, "share", gsum != 0 ? sum / gsum : 0);
}

static bool add_bool_attr(const struct jtree *j, cJSON *cls, const char *name,
                          const struct class_attr *a)
{
    cJSON *o = jt_add_object(j, cls, name);
    return o && jt_add_number(j, o, "yes", (double)a->u.yes) &&
           jt_add_number(j, o, "cnt", (double)a->cnt) &&
           jt_add_number(j, o, "pct", (double)a->u.yes / (double)a->cnt);
}

/* One member per numeric or Yes/No attribute the class has; an attribute named like one of the
 * fixed members (a log could have anything) is left out rather than shadow it. */
static int want_of(const struct facts_class_want *w, uint32_t id)
{
    if (!w || w->all)
        return FACTS_ATTR_FULL;
    return id < w->nattr ? w->attr[id] : FACTS_ATTR_SKIP;
}

static bool add_attrs(const struct jtree *j, cJSON *o, const struct agg_table *t,
                      const struct agg_class *c, const struct facts_class_want *want)
{
    const struct agg_class *g = agg_global(t);
    for (uint32_t i = 0; i < c->nattrs; i++) {
        const struct class_attr *a = &c->attrs[i];
        int level = want_of(want, a->id);
        if (level == FACTS_ATTR_SKIP)
            continue;
        enum attr_kind kind = agg_attr_kind(t, a->id);
        const char *name = agg_attr_name(t, a->id);
        if (!name || cJSON_GetObjectItemCaseSensitive(o, name) || a->cnt == 0)
            continue;
        bool ok = true;
        if (kind == ATTR_NUM && a->u.num.cnt)
            ok = add_num_attr(j, o, name, a, agg_class_attr(g, a->id), level == FACTS_ATTR_FULL);
        else if (kind == ATTR_BOOL)
            ok = add_bool_attr(j, o, name, a);
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

static double time_share(const struct agg_table *t, const struct agg_class *c)
{
    uint32_t qt = agg_attr_find(t, "Query_time");
    const struct class_attr *a = qt == UINT32_MAX ? NULL : agg_class_attr(c, qt);
    const struct class_attr *ga = qt == UINT32_MAX ? NULL : agg_class_attr(agg_global(t), qt);
    double gsum = ga && agg_attr_kind(t, qt) == ATTR_NUM ? fixsum_to_double(&ga->u.num.sum) : 0;
    return a && gsum != 0 ? fixsum_to_double(&a->u.num.sum) / gsum : 0;
}

static bool add_fixed(const struct jtree *j, cJSON *o, const struct agg_table *t,
                      const struct agg_class *c, int which)
{
    double span = span_seconds(c->ts_min, c->ts_max);
    switch (which) {
    case F_QUERY_ID: return jt_add_string(j, o, "query_id", c->query_id);
    case F_FINGERPRINT: return jt_add_string(j, o, "fingerprint", c->fingerprint ? c->fingerprint : "");
    case F_COUNT: return jt_add_number(j, o, "count", (double)c->cnt);
    case F_TS_MIN: return facts_jt_add_time(j, o, "ts_min", c->ts_min);
    case F_TS_MAX: return facts_jt_add_time(j, o, "ts_max", c->ts_max);
    case F_QPS: return jt_add_number(j, o, "qps", span > 0 ? (double)c->cnt / span : 0);
    case F_TIME_SHARE: return jt_add_number(j, o, "time_share", time_share(t, c));
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
            ok = add_fixed(j, o, t, c, i);
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

int facts_class_want_init(struct facts_class_want *w, const struct agg_table *t)
{
    memset(w, 0, sizeof *w);
    w->nattr = agg_attr_count(t);
    w->attr = calloc(w->nattr ? w->nattr : 1, 1);
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

/* The members of an attribute's object that cost a walk over its buckets. */
static bool bucketed(const char *field)
{
    static const char *const names[] = {"median", "pct_95", "pct_99", "stddev", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(field, names[i]) == 0)
            return true;
    return false;
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
    int level = n == 1 || bucketed(fields[1]) ? FACTS_ATTR_FULL : FACTS_ATTR_PLAIN;
    if (level > w->attr[id])
        w->attr[id] = (uint8_t)level;
}
