/* The JSON form of findings (findings.h): finding_to_json for each, with the position a caller knows
 * beyond the subject, and the counts by severity. */
#include "report/findings.h"

cJSON *findings_json(const struct finding_list *l, const struct findings_pos *pos)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < l->n; i++) {
        cJSON *f = finding_to_json(&l->v[i]);
        if (!f) {
            cJSON_Delete(a);
            return NULL;
        }
        cJSON_AddItemToArray(a, f);
        if (!pos)
            continue;
        uint64_t line = pos[i].line ? pos[i].line : l->v[i].subject.line;
        cJSON *p = cJSON_AddObjectToObject(f, "position");
        if (!p || !cJSON_AddNumberToObject(p, "line", (double)line) ||
            !cJSON_AddNumberToObject(p, "column", pos[i].col)) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

cJSON *findings_json_summary(const struct finding_list *l, size_t suppressed)
{
    double by[4] = {0};
    for (size_t i = 0; i < l->n; i++)
        by[l->v[i].severity]++;
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "findings", (double)l->n);
    for (int s = 0; ok && s < 4; s++)
        ok = cJSON_AddNumberToObject(o, severity_name((enum severity)s), by[s]) != NULL;
    ok = ok && cJSON_AddNumberToObject(o, "suppressed", (double)suppressed);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}
