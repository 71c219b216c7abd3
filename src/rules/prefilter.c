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

static void add_needs(struct prefilter *pf, struct prefilter_rule *pr, const struct expr *e,
                      bool each)
{
    struct expr_need found[PREFILTER_MAX_NEEDS];
    size_t n = e ? expr_needs(e, each, found, PREFILTER_MAX_NEEDS) : 0;
    for (size_t k = 0; k < n && pr->n < PREFILTER_MAX_NEEDS; k++) {
        int f = fact_index(pf, found[k].root, found[k].field);
        if (f < 0)
            continue;
        pr->need[pr->n] = found[k];
        pr->fact[pr->n++] = (uint8_t)f;
    }
}

int prefilter_init(struct prefilter *pf, const struct rule *const *rules, size_t n)
{
    memset(pf, 0, sizeof *pf);
    pf->rules = calloc(n ? n : 1, sizeof *pf->rules);
    if (!pf->rules)
        return -1;
    pf->nrules = n;
    for (size_t i = 0; i < n; i++) {
        /* A code check without a condition decides in code: nothing to go by. */
        add_needs(pf, &pf->rules[i], rules[i]->each, true);
        add_needs(pf, &pf->rules[i], rules[i]->condition, false);
    }
    return 0;
}

void prefilter_free(struct prefilter *pf)
{
    free(pf->rules);
    memset(pf, 0, sizeof *pf);
}

void prefilter_look(const struct prefilter *pf, const cJSON *tree,
                    const cJSON *values[PREFILTER_MAX_FACTS])
{
    for (size_t i = 0; i < pf->nfacts; i++)
        values[i] = jt_member(jt_member(tree, pf->facts[i].root), pf->facts[i].field);
}

bool prefilter_may_fire(const struct prefilter *pf, size_t i,
                        const cJSON *const values[PREFILTER_MAX_FACTS])
{
    const struct prefilter_rule *pr = &pf->rules[i];
    for (size_t k = 0; k < pr->n; k++)
        if (!expr_need_met(&pr->need[k], values[pr->fact[k]]))
            return false;
    return true;
}
