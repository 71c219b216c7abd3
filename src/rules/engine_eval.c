/* Evaluating the catalog over one subject's facts (engine.h): for each rule that applies, its
 * condition (once, or once per element of its "each" list), then the evidence, the key that tells
 * findings on one subject apart, and the rendered message, fix and DDL. Code checks get the same
 * finishing through rule_emit. */
#include <stdlib.h>
#include <string.h>

#include "rules/engine.h"
#include "util/buf.h"

struct emit {
    struct expr_eval *ev;
    const struct rule *r;
    const cJSON *facts;
    const struct finding_subject *subj;
    struct finding_list *out;
};

static bool in_identity(const struct rule *r, const char *name)
{
    for (size_t i = 0; i < r->nidentity; i++)
        if (strcmp(r->identity[i], name) == 0)
            return true;
    return false;
}

/* The values of the identity evidence (all evidence for an "each" rule that names none), as
 * compact JSON separated by a unit separator. NULL when there is none (or out of memory: the
 * finding then falls back to the subject alone). */
static char *make_key(const struct rule *r, const cJSON *evidence)
{
    bool all = r->nidentity == 0 && r->each;
    struct buf b = {0};
    for (const cJSON *v = evidence ? evidence->child : NULL; v; v = v->next) {
        if (!all && !in_identity(r, v->string))
            continue;
        char *s = cJSON_PrintUnformatted(v);
        int rc = s ? buf_printf(&b, "%s%s=%s", b.n ? "\x1f" : "", v->string, s) : -1;
        free(s);
        if (rc < 0)
            break;
    }
    return b.p;
}

static int finish(const struct rule *r, const struct finding_subject *subj,
                  struct finding_list *out, cJSON *evidence, const char *key)
{
    if (out->brief) {
        cJSON_Delete(evidence);
        return finding_list_add(out, r->id, r->severity, subj, NULL, NULL, NULL, NULL, key);
    }
    char *msg = rule_render(r, r->message, evidence);
    char *fix = r->fix ? rule_render(r, r->fix, evidence) : NULL;
    char *ddl = r->ddl ? rule_render(r, r->ddl, evidence) : NULL;
    int rc = -1;
    if (msg && (fix || !r->fix) && (ddl || !r->ddl))
        rc = finding_list_add(out, r->id, r->severity, subj, evidence, msg, fix, ddl, key);
    else
        cJSON_Delete(evidence);
    free(msg);
    free(fix);
    free(ddl);
    return rc;
}

int rule_emit(struct rule_check_call *call, cJSON *evidence, const char *key)
{
    return finish(call->rule, call->subject, call->out, evidence, key);
}

/* One subject (or one element of it, `it`): the condition, then the check or the finding. */
static int emit_one(void *arg, const cJSON *it)
{
    struct emit *x = arg;
    const struct rule *r = x->r;
    struct expr_bindings b = {x->facts, r->threshold_values, it};
    if (r->condition && !expr_eval_bool(x->ev, r->condition, &b))
        return 0;
    if (r->check) {
        struct rule_check_call call = {r, x->facts, x->subj, x->ev, x->out};
        return r->check_impl ? r->check_impl->run(&call) : 0;
    }
    /* A brief finding needs its evidence only for the key, when it has one. */
    if (x->out->brief && !r->each && r->nidentity == 0)
        return finish(r, x->subj, x->out, NULL, NULL);
    cJSON *evidence = cJSON_CreateObject();
    if (!evidence)
        return -1;
    for (size_t i = 0; i < r->nevidence; i++) {
        cJSON *v = expr_eval_json(x->ev, r->evidence[i].e, &b);
        if (!v) {
            cJSON_Delete(evidence);
            return -1;
        }
        cJSON_AddItemToObject(evidence, r->evidence[i].name, v);
    }
    char *key = make_key(r, evidence);
    int rc = finish(r, x->subj, x->out, evidence, key);
    free(key);
    return rc;
}

int rule_eval(struct expr_eval *ev, const struct rule *r, const cJSON *facts,
              const struct finding_subject *subj, struct finding_list *out)
{
    struct emit x = {ev, r, facts, subj, out};
    if (!r->each)
        return emit_one(&x, NULL);
    struct expr_bindings b = {facts, r->threshold_values, NULL};
    return expr_eval_each(ev, r->each, &b, emit_one, &x) < 0 ? -1 : 0;
}

int rule_catalog_eval(const struct rule_catalog *c, struct expr_eval *ev, enum rule_subject kind,
                      const cJSON *facts, const struct finding_subject *subj,
                      const struct sql_target *target, struct finding_list *out)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct rule *r = c->v[i];
        if (!r->enabled || r->applies_to != kind || !rule_applies_to_target(r, target))
            continue;
        if (rule_eval(ev, r, facts, subj, out) < 0)
            return -1;
    }
    return 0;
}

/* expr_visit_paths' callback for rule_catalog_reads: only the paths from the wanted root. */
struct reads {
    const char *root;
    expr_path_fn fn;
    void *arg;
};

/* What check k reads of root, passed to fn: the whole root when it says so, or does not say;
 * else each member of root it names. */
static void check_reads(const struct rule_check *k, const char *root, expr_path_fn fn, void *arg)
{
    if (!k || !k->reads) {
        fn(arg, root, NULL, 0);
        return;
    }
    size_t n = strlen(root);
    for (const char *const *r = k->reads; *r; r++) {
        if (strcmp(*r, root) == 0) {
            fn(arg, root, NULL, 0);
            return;
        }
        if (strncmp(*r, root, n) == 0 && (*r)[n] == '.') {
            const char *member = *r + n + 1;
            fn(arg, root, &member, 1);
        }
    }
}

static void read_path(void *arg, const char *root, const char *const *fields, size_t n)
{
    struct reads *x = arg;
    if (strcmp(root, x->root) == 0)
        x->fn(x->arg, root, fields, n);
}

void rule_catalog_reads(const struct rule_catalog *c, enum rule_subject kind,
                        const struct sql_target *target, const char *root, expr_path_fn fn,
                        void *arg)
{
    struct reads x = {root, fn, arg};
    for (size_t i = 0; i < c->n; i++) {
        const struct rule *r = c->v[i];
        if (!r->enabled || r->applies_to != kind || !rule_applies_to_target(r, target))
            continue;
        if (r->check)
            check_reads(r->check_impl, root, fn, arg);
        expr_visit_paths(r->condition, read_path, &x);
        expr_visit_paths(r->each, read_path, &x);
        for (size_t k = 0; k < r->nevidence; k++)
            expr_visit_paths(r->evidence[k].e, read_path, &x);
    }
}
