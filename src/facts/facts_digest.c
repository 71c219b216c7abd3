/* Whole-log facts (facts.h): the `digest` object — how many events and classes, over what time, at
 * what rate, which attributes the log has, and whether the server sampled it (Percona Server's and
 * MariaDB's Log_slow_rate_limit: only one query in N was logged, so counts are N times too low). */
#include <stdlib.h>
#include <string.h>

#include "facts/facts.h"

/* The string distribution of a global attribute, or NULL when the log never had it. */
static const struct strdist *global_strings(const struct agg_table *t, const char *name)
{
    uint32_t id = agg_attr_find(t, name);
    if (id == UINT32_MAX || agg_attr_kind(t, id) != ATTR_STR)
        return NULL;
    const struct class_attr *a = agg_class_attr(agg_global(t), id);
    return a && a->cnt ? &a->u.str : NULL;
}

/* rate_limit: the greatest N of Log_slow_rate_limit seen (null when none); sampled: N > 1 for some
 * event; rate_limit_events: the events that carried it; rate_limit_type: its most frequent
 * Log_slow_rate_type (query or session), null when none. */
static bool add_rate_limit(cJSON *o, const struct agg_table *t)
{
    const struct strdist *lim = global_strings(t, "Log_slow_rate_limit");
    const struct strdist *type = global_strings(t, "Log_slow_rate_type");
    double max = -1;
    uint64_t events = 0;
    for (uint32_t i = 0; lim && i < lim->n; i++) {
        char *end;
        double v = strtod(strdist_value(&lim->items[i]), &end);
        if (end != strdist_value(&lim->items[i]) && v > max)
            max = v;
        events += lim->items[i].cnt;
    }
    const struct strdist_item *best = NULL;
    for (uint32_t i = 0; type && i < type->n; i++)
        if (!best || type->items[i].cnt > best->cnt ||
            (type->items[i].cnt == best->cnt &&
             strcmp(strdist_value(&type->items[i]), strdist_value(best)) < 0))
            best = &type->items[i];
    return (max >= 0 ? cJSON_AddNumberToObject(o, "rate_limit", max)
                     : cJSON_AddNullToObject(o, "rate_limit")) &&
           cJSON_AddBoolToObject(o, "sampled", max > 1) &&
           cJSON_AddNumberToObject(o, "rate_limit_events", (double)(lim ? events + lim->other : 0)) &&
           (best ? cJSON_AddStringToObject(o, "rate_limit_type", strdist_value(best))
                 : cJSON_AddNullToObject(o, "rate_limit_type"));
}

static bool add_attributes(cJSON *o, const struct agg_table *t)
{
    cJSON *a = cJSON_AddArrayToObject(o, "attributes");
    for (uint32_t i = 0; a && i < agg_attr_count(t); i++) {
        cJSON *s = cJSON_CreateString(agg_attr_name(t, i));
        if (!s)
            return false;
        cJSON_AddItemToArray(a, s);
    }
    return a != NULL;
}

cJSON *facts_digest_json(const struct agg_table *t, const struct facts_digest_info *info)
{
    const struct agg_class *g = agg_global(t);
    double span = 0;
    if (g->ts_min != EVENT_TS_UNKNOWN && g->ts_max != EVENT_TS_UNKNOWN && g->ts_max > g->ts_min)
        span = (double)(g->ts_max - g->ts_min) / 1e6;
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "events", (double)g->cnt) &&
              cJSON_AddNumberToObject(o, "classes", (double)agg_class_count(t)) &&
              facts_add_time(o, "ts_min", g->ts_min) && facts_add_time(o, "ts_max", g->ts_max) &&
              cJSON_AddNumberToObject(o, "span", span) &&
              cJSON_AddNumberToObject(o, "qps", span > 0 ? (double)g->cnt / span : 0) &&
              (info ? cJSON_AddNumberToObject(o, "files", info->files)
                    : cJSON_AddNullToObject(o, "files")) &&
              (info ? cJSON_AddNumberToObject(o, "bad_lines", (double)info->bad_lines)
                    : cJSON_AddNullToObject(o, "bad_lines")) &&
              add_attributes(o, t) && add_rate_limit(o, t);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}
