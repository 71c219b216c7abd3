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

/* More distinct facts than this, or preconditions per rule, are left out (never a wrong answer:
 * a rule left unfiltered is evaluated). */
#define PREFILTER_MAX_FACTS 16
#define PREFILTER_MAX_NEEDS 4

struct prefilter_rule {
    struct expr_need need[PREFILTER_MAX_NEEDS];
    uint8_t fact[PREFILTER_MAX_NEEDS]; /* need[k] reads facts[fact[k]] */
    size_t n;
};

struct prefilter {
    struct { const char *root, *field; } facts[PREFILTER_MAX_FACTS];
    size_t nfacts;
    struct prefilter_rule *rules; /* parallel to the rules given */
    size_t nrules;
};

/* The preconditions of rules[0..n); the rules must outlive the prefilter. -1 when out of memory. */
int prefilter_init(struct prefilter *pf, const struct rule *const *rules, size_t n);
void prefilter_free(struct prefilter *pf);
/* The facts of one subject's tree the preconditions read: values[i] for facts[i] (NULL: missing). */
void prefilter_look(const struct prefilter *pf, const cJSON *tree,
                    const cJSON *values[PREFILTER_MAX_FACTS]);
/* Whether rule i may fire on the subject whose facts values holds. */
bool prefilter_may_fire(const struct prefilter *pf, size_t i,
                        const cJSON *const values[PREFILTER_MAX_FACTS]);

#endif
