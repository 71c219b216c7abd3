/* Ruling out rules before evaluating them: many rules over one subject often start with the same
 * test (`query.kind == 'delete'`, an `each` over `query.defeats[]`), and most subjects fail it. A
 * prefilter gathers the rules' preconditions (expr_needs), looks each fact they read up once per
 * subject, and says which rules may fire; the others would give no finding. A digest of 10k
 * classes evaluates the statement rules 10k times. */
#ifndef SLOWDEX_RULES_PREFILTER_H
#define SLOWDEX_RULES_PREFILTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/rule.h"

/* More distinct facts or preconditions than this, or preconditions per rule, are left out (never
 * a wrong answer: a rule left unfiltered is evaluated). */
#define PREFILTER_MAX_FACTS 16
#define PREFILTER_MAX_NEEDS 64
#define PREFILTER_RULE_NEEDS 4

struct prefilter {
    struct { const char *root, *field; } facts[PREFILTER_MAX_FACTS];
    size_t nfacts;
    struct expr_need needs[PREFILTER_MAX_NEEDS]; /* distinct: several rules share one */
    uint8_t need_fact[PREFILTER_MAX_NEEDS];      /* needs[k] reads facts[need_fact[k]] */
    size_t nneeds;
    uint64_t *rule_needs;                        /* per rule given: bit k for needs[k] */
    size_t nrules;
};

/* The preconditions of rules[0..n); the rules must outlive the prefilter. -1 when out of memory. */
int prefilter_init(struct prefilter *pf, const struct rule *const *rules, size_t n);
void prefilter_free(struct prefilter *pf);
/* Looks up, in one subject's tree, the facts the preconditions read, and returns the set of
 * preconditions met (bit k for needs[k]). */
uint64_t prefilter_look(const struct prefilter *pf, const cJSON *tree);
/* Whether rule i may fire on the subject whose preconditions met are `met`. */
static inline bool prefilter_may_fire(const struct prefilter *pf, size_t i, uint64_t met)
{
    return (pf->rule_needs[i] & ~met) == 0;
}

#endif
