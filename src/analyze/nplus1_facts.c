/* The N+1 patterns as facts: the `nplus1` object the NP1 rules read and the JSON report shows
 * (docs/nplus1.md). Classes are named by fingerprint and Query ID, found in the digest's table by
 * the hash the detector keyed them with. */
#include "analyze/nplus1_facts.h"

#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"

static const struct agg_class *class_of(const struct agg_class **cs, uint64_t n, uint64_t fp)
{
    for (uint64_t i = 0; i < n; i++)
        if (cs[i]->hash == fp)
            return cs[i];
    return NULL;
}

/* What the classes are looked up in, and the analyzer's context (fx NULL: no analyses). */
struct classes {
    const struct agg_class **v;
    uint64_t n;
    struct facts_ctx *fx;
};

/* The class's worst sample as `statement` and its analysis as `query`. */
static bool add_analysis(cJSON *o, struct facts_ctx *fx, const struct agg_class *c)
{
    if (!fx || !c->worst.query)
        return true;
    struct facts_stmt st = {.text = c->worst.query, .len = c->worst.query_len, .db = c->worst.db,
                            .fingerprint = c->fingerprint};
    return facts_add_statement(fx, o, &st, NULL) == 0;
}

/* The class's most frequent comment tag (it points at the code that ran it), NULL when none. */
static const char *top_tag(const struct agg_class *c)
{
    const struct strdist_item *best = NULL;
    for (uint32_t i = 0; i < c->tags.n; i++)
        if (!best || c->tags.items[i].cnt > best->cnt)
            best = &c->tags.items[i];
    return best ? strdist_value(best) : NULL;
}

static cJSON *class_json(const struct classes *cl, uint64_t fp)
{
    const struct agg_class *c = class_of(cl->v, cl->n, fp);
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    bool ok = c ? cJSON_AddStringToObject(o, "fingerprint", c->fingerprint ? c->fingerprint : c->key) &&
                      cJSON_AddStringToObject(o, "query_id", c->query_id) &&
                      (top_tag(c) ? cJSON_AddStringToObject(o, "tag", top_tag(c))
                                  : cJSON_AddNullToObject(o, "tag")) &&
                      add_analysis(o, cl->fx, c)
                : cJSON_AddNullToObject(o, "fingerprint") && cJSON_AddNullToObject(o, "query_id");
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static bool add_num(cJSON *o, const char *k, double v)
{
    return cJSON_AddNumberToObject(o, k, v) != NULL;
}

static bool add_opt(cJSON *o, const char *k, int64_t v)
{
    return v == NP1_UNKNOWN ? cJSON_AddNullToObject(o, k) != NULL : add_num(o, k, (double)v);
}

static bool add_runs(cJSON *o, const struct np1_pattern *p, const struct agg_table *t)
{
    cJSON *a = cJSON_AddArrayToObject(o, "kept_runs");
    for (uint32_t k = 0; a && k < p->nkept; k++) {
        const struct np1_run *r = &p->kept[k];
        cJSON *x = cJSON_CreateObject();
        const char *file = agg_file_name(t, r->file_idx);
        if (!x || !cJSON_AddItemToArray(a, x) ||
            !(file ? cJSON_AddStringToObject(x, "file", file) : cJSON_AddNullToObject(x, "file")) ||
            !add_num(x, "connection", (double)r->thread_id) || !add_num(x, "restarts", r->restarts) ||
            !add_num(x, "first_line", (double)r->first_line) ||
            !add_num(x, "last_line", (double)r->last_line) || !add_num(x, "statements", r->statements) ||
            !add_num(x, "iterations", r->iterations) || !add_opt(x, "time_us", r->time_us))
            return false;
    }
    return a != NULL;
}

static cJSON *pattern_json(const struct np1_pattern *p, const struct agg_table *t,
                           const struct classes *cl)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *kids = o ? cJSON_AddArrayToObject(o, "children") : NULL;
    bool ok = kids && cJSON_AddStringToObject(o, "kind", p->repeat ? "repeat" : "loop");
    for (int i = 0; ok && i < p->period; i++) {
        cJSON *k = class_json(cl, p->child_fp[i]);
        ok = k && cJSON_AddItemToArray(kids, k);
    }
    if (ok && !p->repeat) {
        cJSON *par = class_json(cl, p->parent_fp);
        ok = par && cJSON_AddItemToObject(o, "parent", par);
    } else if (ok) {
        ok = cJSON_AddNullToObject(o, "parent") != NULL;
    }
    cJSON *ex = ok ? cJSON_AddArrayToObject(o, "examples") : NULL;
    for (uint32_t i = 0; ex && i < p->nexamples; i++)
        if (!cJSON_AddItemToArray(ex, cJSON_CreateString(p->examples[i])))
            ex = NULL;
    ok = ex && add_num(o, "runs", (double)p->runs) && add_num(o, "statements", (double)p->statements) &&
         add_num(o, "length_min", p->len_min) && add_num(o, "length_median", np1_pattern_median(p)) &&
         add_num(o, "length_max", p->len_max) && add_num(o, "connections", p->nconns) &&
         add_opt(o, "ts_first_us", p->ts_min) && add_opt(o, "ts_last_us", p->ts_max) &&
         facts_add_time(o, "ts_first", p->ts_min) && facts_add_time(o, "ts_last", p->ts_max) &&
         add_opt(o, "time_us", p->timed_statements ? p->time_us : NP1_UNKNOWN) &&
         add_num(o, "timed_statements", (double)p->timed_statements) &&
         add_opt(o, "parent_rows_avg", p->parent_rows_cnt
                                          ? (int64_t)(p->parent_rows_sum / p->parent_rows_cnt)
                                          : NP1_UNKNOWN) &&
         add_runs(o, p, t);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *np1_facts_json(const struct np1_result *r, const struct agg_table *t,
                      const struct sql_analyze_opts *ao)
{
    struct facts_ctx fx;
    struct classes cl = {.fx = ao && r->n ? &fx : NULL};
    if (cl.fx)
        facts_ctx_init(cl.fx, ao);
    cl.v = agg_classes(t, &cl.n);
    cJSON *o = cJSON_CreateObject();
    cJSON *pats = o ? cJSON_AddArrayToObject(o, "patterns") : NULL;
    bool ok = pats && (cl.v || cl.n == 0) && add_num(o, "events", (double)r->events) &&
              add_num(o, "events_with_connection", (double)r->events_with_conn) &&
              add_num(o, "events_timed", (double)r->events_timed) &&
              add_opt(o, "query_time_min_us", r->qtime_min_us);
    for (size_t i = 0; ok && i < r->n; i++) {
        cJSON *p = pattern_json(&r->v[i], t, &cl);
        ok = p && cJSON_AddItemToArray(pats, p);
    }
    free((void *)cl.v);
    if (cl.fx)
        facts_ctx_free(cl.fx);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

int np1_facts_add(cJSON *tree, const struct np1_result *r, const struct agg_table *t,
                  const struct sql_analyze_opts *ao)
{
    if (!r)
        return 0;
    cJSON *o = np1_facts_json(r, t, ao);
    if (!o || !cJSON_AddItemToObject(tree, "nplus1", o)) {
        cJSON_Delete(o);
        return -1;
    }
    return 0;
}
