/* A rule of the catalog, as loaded from one rules/<ID>.json file (docs/rules-format.md): what it is
 * about, its condition (an expression, parsed once) or the named code check behind it, and how its
 * findings read. Loading checks everything it can — JSON, field names and types, ids, expressions,
 * regexes, templates, thresholds, targets — and reports the first problem of a file as
 * file:line:column, so that no rule is ever dropped in silence. */
#ifndef SLOWDEX_RULES_RULE_H
#define SLOWDEX_RULES_RULE_H
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "rules/expr.h"
#include "rules/finding.h"
#include "sql/target.h"
#include "util/diag.h"

enum rule_category {
    RCAT_QUERY, RCAT_PLAN, RCAT_SCHEMA, RCAT_WORKLOAD, RCAT_ENGINE, RCAT_NPLUS1, RCAT_INDEX,
};

/* The kind of subject a rule is evaluated for; each has its own fact tree (docs/rules-format.md). */
enum rule_subject {
    RSUBJ_STATEMENT, RSUBJ_CLASS, RSUBJ_PLAN_TABLE, RSUBJ_TABLE, RSUBJ_INDEX, RSUBJ_CONNECTION_RUN,
    RSUBJ_DIGEST, /* the whole log, once per digest */
};
#define RSUBJ_COUNT 7

const char *rule_category_name(enum rule_category c);
const char *rule_subject_name(enum rule_subject s);
bool rule_subject_parse(const char *s, enum rule_subject *out);

struct rule_threshold {
    char *name;
    char *help;
    cJSON *def;    /* the default value */
    cJSON *value;  /* the value in force (the default unless overridden) */
    enum expr_type type;
};

struct rule_target {
    enum sql_flavor flavor;
    unsigned min, max; /* versions as sql_target counts them; 0 and UINT_MAX when open */
    char *text;        /* as written, for listings: "mysql >= 5.7" */
};

struct rule_evidence {
    char *name;
    char *text;
    struct expr *e;
};

struct rule {
    char *id;              /* QRY.SELECT_STAR: CATEGORY-PREFIX.UPPER_SNAKE, stable forever */
    char *title;
    enum severity severity;
    enum rule_category category;
    enum rule_subject applies_to;
    char *condition_text;  /* NULL for a code check without a pre-condition */
    struct expr *condition;
    char *each_text;       /* a list: one finding per element that matches, bound to `it` */
    struct expr *each;
    struct rule_evidence *evidence;
    size_t nevidence;
    char **identity;       /* evidence names that tell two findings on one subject apart */
    size_t nidentity;
    char *message, *rationale, *fix, *ddl; /* message, fix and ddl are {placeholder} templates */
    char **references;
    size_t nreferences;
    struct rule_target *targets; /* none: every server */
    size_t ntargets;
    struct rule_threshold *thresholds;
    size_t nthresholds;
    const cJSON **threshold_values; /* thresholds[i].value, as the evaluator binds them */
    char *check;           /* the named code check, or NULL */
    const struct rule_check *check_impl; /* that check, found when the rule was loaded */
    const char *const *check_evidence; /* the evidence names the check provides */
    bool enabled;
    char *source;          /* the file it came from */
};

struct rule_check;

/* Parses one rule file. On success *out is the rule; on failure a diagnostic
 * "name:line:column: reason" is added to d and -1 returned. checks lists the known code checks
 * (terminated by a NULL name). When want_name is set, the file must be named "<id>.json". */
int rule_parse(const char *name, const char *text, size_t n, const struct rule_check *checks,
               bool want_name, struct rule **out, struct diag *d);
void rule_free(struct rule *r);

/* Whether the rule is meant for the target server (NULL target: yes). */
bool rule_applies_to_target(const struct rule *r, const struct sql_target *t);
/* The threshold's value in force, or NULL when the rule has no such threshold. */
const cJSON *rule_threshold(const struct rule *r, const char *name);
/* A numeric threshold's value in force, or dflt when the rule (NULL too) has none or it is not a
 * number. */
double rule_threshold_num(const struct rule *r, const char *name, double dflt);
/* Sets a threshold (a configuration override); false when there is no such threshold or the value
 * has another type than the default. The rule takes a copy. */
bool rule_set_threshold(struct rule *r, const char *name, const cJSON *value);

/* Renders a {placeholder} template: {name} is an evidence value, {$name} a threshold, {{ and }}
 * are braces. Returns a malloc'd string, NULL when out of memory. */
char *rule_render(const struct rule *r, const char *tmpl, const cJSON *evidence);
/* Checks a template at load: every placeholder is known. Returns the offset of the first bad one
 * and fills msg, or (size_t)-1 when the template is good. */
size_t rule_template_check(const struct rule *r, const char *tmpl, char *msg, size_t msgsize);

#endif
