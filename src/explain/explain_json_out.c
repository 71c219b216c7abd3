/* The plan model as JSON (docs/explain.md): what `slowdex explain --format json` prints and what
 * the `plan` / `plan_table` fact trees of plan rules are. Every fact is present; the ones the form
 * did not carry are listed in `lacks` and are null. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>

#include "explain/explain_int.h"

static bool knows(const struct explain_access *x, enum explain_fact f)
{
    return (x->known & EX_BIT(f)) != 0;
}

static bool add_str(cJSON *o, const char *k, const char *v, bool known)
{
    return (known && v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)) != NULL;
}

static bool add_num(cJSON *o, const char *k, double v, bool known)
{
    return (known && !isnan(v) ? cJSON_AddNumberToObject(o, k, v) : cJSON_AddNullToObject(o, k)) !=
           NULL;
}

static bool add_list(cJSON *o, const char *k, const char *const *v, unsigned n)
{
    cJSON *a = cJSON_AddArrayToObject(o, k);
    for (unsigned i = 0; a && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            return false;
        }
    }
    return a != NULL;
}

static bool add_extra(cJSON *o, const struct explain_access *x)
{
    const char *names[EXX_COUNT];
    unsigned n = 0;
    for (int f = 0; f < EXX_COUNT; f++)
        if (x->extra & EX_XBIT(f))
            names[n++] = explain_extra_name((enum explain_extra)f);
    bool ok = add_list(o, "extra", names, n);
    ok &= add_str(o, "join_buffer", x->join_buffer, knows(x, EXF_EXTRA));
    return ok && add_str(o, "extra_text", x->extra_text, knows(x, EXF_EXTRA));
}

static bool add_lacks(cJSON *o, const struct explain_access *x)
{
    const char *names[EXF_COUNT];
    unsigned n = 0;
    for (int f = 0; f < EXF_COUNT; f++)
        if (!knows(x, (enum explain_fact)f))
            names[n++] = explain_fact_name((enum explain_fact)f);
    return add_list(o, "lacks", names, n);
}

static bool add_actual(cJSON *o, const struct explain_access *x)
{
    bool ok = add_num(o, "actual_rows", x->actual_rows, knows(x, EXF_ACTUAL_ROWS));
    ok &= add_num(o, "actual_loops", x->actual_loops, knows(x, EXF_ACTUAL_LOOPS));
    ok &= add_num(o, "actual_filtered", x->actual_filtered, knows(x, EXF_ACTUAL_FILTERED));
    ok &= add_num(o, "actual_first_ms", x->actual_first_ms, knows(x, EXF_ACTUAL_TIME));
    ok &= add_num(o, "actual_last_ms", x->actual_last_ms, knows(x, EXF_ACTUAL_TIME));
    ok &= add_num(o, "actual_total_ms", x->actual_total_ms, knows(x, EXF_ACTUAL_TOTAL_MS));
    ok &= add_num(o, "cost", x->cost, knows(x, EXF_COST));
    ok &= add_num(o, "read_cost", x->read_cost, knows(x, EXF_V1_COSTS));
    ok &= add_num(o, "eval_cost", x->eval_cost, knows(x, EXF_V1_COSTS));
    return ok && add_num(o, "prefix_cost", x->prefix_cost, knows(x, EXF_V1_COSTS));
}

cJSON *explain_access_to_json(const struct explain_access *x)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "line", x->line) &&
              cJSON_AddNumberToObject(o, "depth", x->depth);
    ok = ok && add_num(o, "select_id", (double)x->select_id,
                       knows(x, EXF_SELECT_ID) && x->select_id > 0);
    ok = ok && add_str(o, "select_type", x->select_type, knows(x, EXF_SELECT_TYPE));
    ok = ok && cJSON_AddBoolToObject(o, "dependent", x->dependent != 0);
    ok = ok && add_str(o, "table", x->table, knows(x, EXF_TABLE));
    ok = ok && add_str(o, "partitions", x->partitions, knows(x, EXF_PARTITIONS));
    ok = ok && add_str(o, "access_type", x->access_type, knows(x, EXF_ACCESS_TYPE));
    ok = ok && add_list(o, "possible_keys", x->possible_keys, x->npossible_keys);
    ok = ok && add_str(o, "key", x->key, knows(x, EXF_KEY));
    ok = ok && add_str(o, "key_len", x->key_len, knows(x, EXF_KEY_LEN));
    ok = ok && add_list(o, "used_key_parts", x->used_key_parts, x->nused_key_parts);
    ok = ok && add_str(o, "ref", x->ref, knows(x, EXF_REF));
    ok = ok && add_num(o, "rows", x->rows, knows(x, EXF_ROWS));
    ok = ok && add_num(o, "filtered", x->filtered, knows(x, EXF_FILTERED));
    ok = ok && add_actual(o, x) && add_extra(o, x);
    ok = ok && add_str(o, "condition", x->condition, knows(x, EXF_CONDITION));
    ok = ok && add_str(o, "index_condition", x->index_condition, knows(x, EXF_INDEX_CONDITION));
    ok = ok && add_str(o, "operation", x->operation, x->operation != NULL);
    ok = ok && add_lacks(o, x);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *explain_plan_to_json(const struct explain_plan *p, unsigned index, const char *file)
{
    cJSON *o = cJSON_CreateObject(), *tables;
    bool ok = o && cJSON_AddNumberToObject(o, "index", index) &&
              add_str(o, "file", file, file != NULL) && cJSON_AddNumberToObject(o, "line", p->line) &&
              cJSON_AddStringToObject(o, "form", explain_form_name(p->form)) &&
              add_str(o, "server", explain_server_name(p->server), true) &&
              add_str(o, "query", p->query, true) &&
              cJSON_AddBoolToObject(o, "analyzed", p->analyzed != 0) &&
              add_str(o, "message", p->message, true) &&
              (tables = cJSON_AddArrayToObject(o, "tables")) != NULL;
    for (unsigned i = 0; ok && i < p->nacc; i++) {
        cJSON *t = explain_access_to_json(&p->acc[i]);
        ok = t && cJSON_AddItemToArray(tables, t);
        if (!ok)
            cJSON_Delete(t);
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}
