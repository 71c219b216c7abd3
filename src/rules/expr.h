/* The rule expression language: a small, side-effect-free language over a cJSON fact tree
 * (`query.predicates[].kind`, `class.Rows_examined.sum`, `$threshold`), parsed once when a rule is
 * loaded and evaluated for every subject. docs/rules-format.md is its reference. Parsing checks
 * everything that can be checked without facts: syntax, regexes (compiled once, JIT), threshold
 * names, `it` outside a quantifier, and the types of literals and operators. Evaluation never fails:
 * a missing field is null, and null is false in a condition. */
#ifndef SLOWDEX_RULES_EXPR_H
#define SLOWDEX_RULES_EXPR_H
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct expr;
struct expr_eval;

/* The static type of an expression, as far as it is known before any fact is seen. */
enum expr_type { EXPR_ANY, EXPR_BOOL, EXPR_NUM, EXPR_STR, EXPR_NULL, EXPR_LIST };

/* Where a parse failed: a byte offset into the expression text and a sentence. */
struct expr_error {
    size_t pos;
    char msg[200];
};

/* What the text of an expression may refer to. */
struct expr_env {
    /* Threshold names ($name) and their values' types; NULL when there are none. */
    const char *const *thresholds;
    const enum expr_type *threshold_types;
    size_t nthresholds;
    /* Whether `it` names something outside any quantifier (the element of a rule's `each`). */
    bool it_at_top;
};

/* Parses text[0..n). Returns the expression, or NULL with *err filled (out of memory is reported as
 * an error at position 0). */
struct expr *expr_parse(const char *text, size_t n, const struct expr_env *env,
                        struct expr_error *err);
void expr_free(struct expr *e);
enum expr_type expr_static_type(const struct expr *e);
const char *expr_type_name(enum expr_type t);

/* Evaluation state, reused across evaluations so that the steady state does not allocate. */
struct expr_eval *expr_eval_new(void);
void expr_eval_free(struct expr_eval *ev);

/* What a rule's evaluation binds: the fact tree (an object whose members are the roots `query`,
 * `class`, `table`…), the current threshold values (indexed as in the env), and `it` at top level. */
struct expr_bindings {
    const cJSON *facts;
    const cJSON *const *thresholds;
    const cJSON *it;
};

/* Evaluates e as a condition: false for false, null, 0, "" and empty lists. */
bool expr_eval_bool(struct expr_eval *ev, const struct expr *e, const struct expr_bindings *b);
/* Evaluates e and returns its value as a new cJSON item (a list becomes an array); NULL only when
 * out of memory. */
cJSON *expr_eval_json(struct expr_eval *ev, const struct expr *e, const struct expr_bindings *b);
/* Evaluates e, which must yield a list, and calls fn for each element node (an `each` subject);
 * returns the number of elements, or -1 when fn returns non-zero. */
int expr_eval_each(struct expr_eval *ev, const struct expr *e, const struct expr_bindings *b,
                   int (*fn)(void *arg, const cJSON *elem), void *arg);

/* For each path of e that starts from a root (not `it`): fn(arg, root, fields, n) with its leading
 * field names (`class.Query_time.pct_95` gives "class", {"Query_time", "pct_95"}, 2), cut at the
 * first [] or [expr] segment — everything below that prefix may be read. Lets fact builders leave
 * out what no rule reads. */
typedef void (*expr_path_fn)(void *arg, const char *root, const char *const *fields, size_t n);
void expr_visit_paths(const struct expr *e, expr_path_fn fn, void *arg);

/* A precondition of an expression: the fact root.field must be a string among `values`, or, when
 * values is NULL, a non-empty list. Without it the expression is false (as a condition) or yields
 * no element (as an `each` list), so a caller evaluating many rules over one subject can rule many
 * out by facts it looks up once. */
struct expr_need {
    const char *root, *field;   /* borrowed from the expression */
    const struct expr *values;  /* a string or a list of strings; NULL: a non-empty list */
};
/* Up to max preconditions of e, found in its top-level `and` chain (`root.field == 'lit'`,
 * `root.field in [...]`, `any(root.field[], ...)`), or of e as an `each` list (`root.field[]`).
 * Returns how many; 0 says nothing about e. */
size_t expr_needs(const struct expr *e, bool each, struct expr_need *out, size_t max);
/* Whether two preconditions on one fact ask the same (the same values node, or equal string
 * literals, or both a non-empty list). */
bool expr_need_same(const struct expr_need *a, const struct expr_need *b);
/* Whether value, the fact root.field of a subject (NULL: missing), meets the precondition. */
bool expr_need_met(const struct expr_need *need, const cJSON *value);

#endif
