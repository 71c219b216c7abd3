/* A loaded rule's lifetime and the questions asked of it at evaluation time: does it apply to this
 * server, what are its thresholds (and overriding them from configuration). */
#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void rule_free(struct rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->title);
    free(r->condition_text);
    expr_free(r->condition);
    free(r->each_text);
    expr_free(r->each);
    for (size_t i = 0; i < r->nevidence; i++) {
        free(r->evidence[i].name);
        free(r->evidence[i].text);
        expr_free(r->evidence[i].e);
    }
    free(r->evidence);
    free_strings(r->identity, r->nidentity);
    free(r->message);
    free(r->rationale);
    free(r->fix);
    free(r->ddl);
    free_strings(r->references, r->nreferences);
    for (size_t i = 0; i < r->ntargets; i++)
        free(r->targets[i].text);
    free(r->targets);
    for (size_t i = 0; i < r->nthresholds; i++) {
        free(r->thresholds[i].name);
        free(r->thresholds[i].help);
        cJSON_Delete(r->thresholds[i].def);
        cJSON_Delete(r->thresholds[i].value);
    }
    free(r->thresholds);
    free(r->threshold_values);
    free(r->check);
    free(r->source);
    free(r);
}

bool rule_applies_to_target(const struct rule *r, const struct sql_target *t)
{
    if (!t || r->ntargets == 0)
        return true;
    for (size_t i = 0; i < r->ntargets; i++) {
        const struct rule_target *x = &r->targets[i];
        if (x->flavor == t->flavor && t->version >= x->min && t->version <= x->max)
            return true;
    }
    return false;
}

static struct rule_threshold *find_threshold(const struct rule *r, const char *name)
{
    for (size_t i = 0; i < r->nthresholds; i++)
        if (strcmp(r->thresholds[i].name, name) == 0)
            return &r->thresholds[i];
    return NULL;
}

const cJSON *rule_threshold(const struct rule *r, const char *name)
{
    const struct rule_threshold *t = find_threshold(r, name);
    return t ? t->value : NULL;
}

double rule_threshold_num(const struct rule *r, const char *name, double dflt)
{
    const cJSON *v = r ? rule_threshold(r, name) : NULL;
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

bool rule_set_threshold(struct rule *r, const char *name, const cJSON *value)
{
    struct rule_threshold *t = find_threshold(r, name);
    if (!t || (value->type & 0xFF) != (t->def->type & 0xFF)) {
        /* true and false are distinct cJSON types but one threshold type */
        if (!t || !cJSON_IsBool(value) || !cJSON_IsBool(t->def))
            return false;
    }
    cJSON *copy = cJSON_Duplicate(value, true);
    if (!copy)
        return false;
    cJSON_Delete(t->value);
    t->value = copy;
    r->threshold_values[t - r->thresholds] = copy;
    return true;
}
