/* The rule engine: the catalog (the rules embedded in the binary, plus a directory of users' rules
 * that override them by id or add to them) and its evaluation over the fact tree of one subject,
 * which yields findings. Rules that need code name a check; checks are registered by name in a
 * table (rule_builtin_checks), receive their rule (thresholds, templates) and emit findings through
 * rule_emit, so they are tuned, silenced and reported like every other rule. */
#ifndef SLOWDEX_RULES_ENGINE_H
#define SLOWDEX_RULES_ENGINE_H
#include "rules/expr.h"
#include "rules/finding.h"
#include "rules/rule.h"

struct rule_catalog {
    struct rule **v;  /* sorted by id */
    size_t n, cap;
    const struct rule_check *checks;
};

/* What a code check is given. */
struct rule_check_call {
    const struct rule *rule;
    const cJSON *facts;
    const struct finding_subject *subject;
    struct expr_eval *ev;
    struct finding_list *out;
};

struct rule_check {
    const char *name; /* NULL ends a table */
    /* The evidence names its findings carry (NULL-terminated), so that the rule's templates can be
     * checked at load like those of any rule. */
    const char *const *evidence;
    /* Adds findings through rule_emit; returns 0, or -1 when out of memory. */
    int (*run)(struct rule_check_call *call);
    /* What of the fact tree it reads (NULL-terminated), so that fact builders can leave out the
     * rest (rule_catalog_reads): a root ("schema"), or one member of a root ("query.tables");
     * NULL: it may read anything. */
    const char *const *reads;
};

/* The code checks built into slowdex, terminated by {NULL, NULL, NULL, NULL}. */
extern const struct rule_check rule_builtin_checks[];

/* An empty catalog that knows the given checks (NULL: rule_builtin_checks). NULL when out of
 * memory. */
struct rule_catalog *rule_catalog_new(const struct rule_check *checks);
void rule_catalog_free(struct rule_catalog *c);
/* Loads the rules compiled into the binary. Returns the number of broken files (each reported in
 * d as file:line:column), 0 when all loaded; -1 when out of memory. */
int rule_catalog_load_embedded(struct rule_catalog *c, struct diag *d);
/* Loads every *.json file of dir (sorted by name); a rule whose id is already in the catalog
 * replaces it. Returns as rule_catalog_load_embedded; an unreadable directory or file counts as a
 * broken file. */
int rule_catalog_load_dir(struct rule_catalog *c, const char *dir, struct diag *d);
/* Loads one rule from text (name is used in diagnostics). Returns 0 or -1 (reported in d). */
int rule_catalog_add_text(struct rule_catalog *c, const char *name, const char *text, size_t n,
                          bool want_name, struct diag *d);
struct rule *rule_catalog_find(const struct rule_catalog *c, const char *id);

/* Evaluates every enabled rule for `kind` that applies to the target (NULL: any) over facts, and
 * appends the findings to out in rule-id order. Returns 0, or -1 when out of memory. */
int rule_catalog_eval(const struct rule_catalog *c, struct expr_eval *ev, enum rule_subject kind,
                      const cJSON *facts, const struct finding_subject *subj,
                      const struct sql_target *target, struct finding_list *out);
/* Evaluates one rule (enabled or not) over facts; a rule carries its code check. */
int rule_eval(struct expr_eval *ev, const struct rule *r, const cJSON *facts,
              const struct finding_subject *subj, struct finding_list *out);

/* What the enabled rules of `kind` that apply to target (NULL: any) read under `root`: fn is called
 * as by expr_visit_paths for every such path of their conditions, `each` lists and evidence, with
 * fields relative to the root; a rule whose code check reads that root in C (rule_check.reads) is
 * reported as reading the whole root (n = 0). Fact builders use it to build only what is read. */
void rule_catalog_reads(const struct rule_catalog *c, enum rule_subject kind,
                        const struct sql_target *target, const char *root, expr_path_fn fn,
                        void *arg);

/* For code checks: adds a finding of call->rule with this evidence (taken over, also on failure),
 * its message and fix rendered from the rule's templates. key tells findings on one subject apart
 * (NULL when there is one per subject). Returns 0, or -1 when out of memory. */
int rule_emit(struct rule_check_call *call, cJSON *evidence, const char *key);

#endif
