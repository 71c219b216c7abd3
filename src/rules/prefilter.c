/* Ruling out rules by their preconditions (prefilter.h). */
#include "rules/prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "util/jtree.h"

/* The index of root.field among the facts, added if new; -1 when there is no room. */
static int fact_index(struct prefilter *pf, const char *root, const char *field)
{
    for (size_t i = 0; i < pf->nfacts; i++)
        if (strcmp(pf->facts[i].root, root) == 0 && strcmp(pf->facts[i].field, field) == 0)
            return (int)i;
    if (pf->nfacts == PREFILTER_MAX_FACTS)
        return -1;
    pf->facts[pf->nfacts].root = root;
    pf->facts[pf->nfacts].field = field;
    return (int)pf->nfacts++;
}

/* The index of a precondition among the distinct ones, added if new; -1 when there is no room.
 * Preconditions are the same when they read the same fact and name the same values node or
 * equal string literals. */
static int need_index(struct prefilter *pf, const struct expr_need *need, int fact)
{
    for (size_t k = 0; k < pf->nneeds; k++)
        if (pf->need_fact[k] == fact && expr_need_same(&pf->needs[k], need))
            return (int)k;
    if (pf->nneeds == PREFILTER_MAX_NEEDS)
        return -1;
    pf->needs[pf->nneeds] = *need;
    pf->need_fact[pf->nneeds] = (uint8_t)fact;
    return (int)pf->nneeds++;
}

static void add_needs(struct prefilter *pf, uint64_t *mask, const struct expr *e, bool each)
{
    struct expr_need found[PREFILTER_RULE_NEEDS];
    size_t n = e ? expr_needs(e, each, found, PREFILTER_RULE_NEEDS) : 0;
    for (size_t k = 0; k < n; k++) {
        int f = fact_index(pf, found[k].root, found[k].field);
        int i = f < 0 ? -1 : need_index(pf, &found[k], f);
        if (i >= 0)
            *mask |= (uint64_t)1 << i;
    }
}

int prefilter_init(struct prefilter *pf, const struct rule *const *rules, size_t n)
{
    memset(pf, 0, sizeof *pf);
    pf->rule_needs = calloc(n ? n : 1, sizeof *pf->rule_needs);
    if (!pf->rule_needs)
        return -1;
    pf->nrules = n;
    for (size_t i = 0; i < n; i++) {
        /* A code check without a condition decides in code: nothing to go by. */
        add_needs(pf, &pf->rule_needs[i], rules[i]->each, true);
        add_needs(pf, &pf->rule_needs[i], rules[i]->condition, false);
    }
    return 0;
}

void prefilter_free(struct prefilter *pf)
{
    free(pf->rule_needs);
    memset(pf, 0, sizeof *pf);
}

uint64_t prefilter_look(const struct prefilter *pf, const cJSON *tree)
{
    const cJSON *values[PREFILTER_MAX_FACTS];
    for (size_t i = 0; i < pf->nfacts; i++)
        values[i] = jt_member(jt_member(tree, pf->facts[i].root), pf->facts[i].field);
    uint64_t met = 0;
    for (size_t k = 0; k < pf->nneeds; k++)
        if (expr_need_met(&pf->needs[k], values[pf->need_fact[k]]))
            met |= (uint64_t)1 << k;
    return met;
}
