/* Whole-log checks: a slow log written with Log_slow_rate_limit (Percona Server, MariaDB) holds
 * one query in N, so every count and sum of the digest is about N times too low. The `digest`
 * facts (facts_digest_json) say whether the log was sampled and at what rate. */
#include "rules/checks.h"
#include "rules/checks_keys.h"

const char *const checks_sampled_evidence[] = {"rate_limit", "rate_limit_type", "events", NULL};

int checks_sampled_log(struct rule_check_call *call)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(call->facts, "digest");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(d, "rate_limit");
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(d, "rate_limit_events");
    if (!ck_bool(d, "sampled") || !cJSON_IsNumber(rate))
        return 0;
    cJSON *ev = cJSON_CreateObject();
    const char *type = ck_str(d, "rate_limit_type");
    bool ok = ev && cJSON_AddNumberToObject(ev, "rate_limit", rate->valuedouble) &&
              (type ? cJSON_AddStringToObject(ev, "rate_limit_type", type)
                    : cJSON_AddNullToObject(ev, "rate_limit_type")) &&
              cJSON_AddNumberToObject(ev, "events",
                                      cJSON_IsNumber(events) ? events->valuedouble : 0);
    if (!ok) {
        cJSON_Delete(ev);
        return -1;
    }
    return rule_emit(call, ev, NULL);
}
