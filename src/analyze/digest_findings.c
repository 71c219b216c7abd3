/* The rules over a digest (digest_findings.h). A class whose sample carries MariaDB's `# explain:`
 * block also gets the plan rules' findings on that plan (plan_findings.c), as its own. Classes are independent, so they are shared out
 * among threads, each with its own fact builder and expression scratch over the read-only
 * catalog; their findings are then put back in class order, so the result does not depend on the
 * number of threads. The roots every subject shares (`server`, `schema`) are built once and put
 * in each tree by reference: the threads only read them. */
#include "analyze/digest_findings.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/nplus1_facts.h"
#include "analyze/plan_findings.h"
#include "explain/plan.h"

/* What every subject's tree shares, built once; and which class facts the rules read. */
struct shared {
    cJSON *server;
    struct facts_schema fs;
    bool have_schema;
    struct facts_class_want want;
    const struct agg_table *want_table;
    /* The enabled statement rules, then the class rules, that apply to the target, in catalog
     * order: picked once rather than for each class. */
    const struct rule **rules;
    size_t nrules;
};

/* One thread's share: classes i with i % nworkers == k. */
struct worker {
    const struct digest_findings_input *in;
    const struct shared *sh;
    const struct agg_class **classes;
    uint64_t nclasses;
    int k, nworkers;
    struct finding_list out;
    uint64_t *class_idx; /* parallel to out: which class */
    size_t cap_idx;
    int rc;
};

static int note_class(struct worker *w, size_t from, uint64_t idx)
{
    if (w->out.n > w->cap_idx) {
        size_t cap = w->out.n * 2;
        uint64_t *v = realloc(w->class_idx, cap * sizeof *v);
        if (!v)
            return -1;
        w->class_idx = v;
        w->cap_idx = cap;
    }
    for (size_t i = from; i < w->out.n; i++)
        w->class_idx[i] = idx;
    return 0;
}

/* The plan rules over the plan MariaDB logged with the class's worst sample (log_slow_verbosity
 * explain), with that sample as the statement: findings of the class, about its tables. A block
 * that holds no plan gives none. */
static int eval_plan(struct worker *w, struct facts_ctx *fx, struct expr_eval *ev,
                     const struct agg_class *c)
{
    const struct digest_findings_input *in = w->in;
    const char *ex = c->worst.explain;
    if (!ex || !ex[0])
        return 0;
    struct arena a;
    struct diag d = {0};
    struct explain_plan *p = NULL;
    arena_init(&a);
    int rc = explain_parse_slowlog_block(sv_make(ex, strlen(ex)), NULL, 0, &a, &p, &d);
    if (rc == 0 && p) {
        struct plan_findings_ctx pc = {.cat = in->cat, .target = &in->ao->target,
                                       .server = w->sh->server,
                                       .fs = w->sh->have_schema ? &w->sh->fs : NULL, .fx = fx,
                                       .ev = ev};
        struct plan_findings_about ab = {.query = c->worst.query, .query_len = c->worst.query_len,
                                         .db = c->worst.db, .query_id = c->query_id, .index = 1};
        rc = plan_findings_eval(&pc, p, &ab, &w->out, NULL);
    }
    diag_free(&d);
    arena_free(&a);
    return rc;
}

static int ptr_cmp(const void *a, const void *b)
{
    const void *x = *(const void *const *)a, *y = *(const void *const *)b;
    return x < y ? -1 : x > y;
}

/* Whether the report shows class c in detail (then its findings carry evidence and texts). */
static bool shows_detail(const struct digest_findings_input *in, const struct agg_class *c)
{
    return !in->detailed || bsearch(&c, in->detailed, in->ndetailed, sizeof *in->detailed, ptr_cmp);
}

static int eval_class(struct worker *w, struct facts_ctx *fx, struct expr_eval *ev, uint64_t idx)
{
    const struct digest_findings_input *in = w->in;
    const struct agg_class *c = w->classes[idx];
    cJSON *tree = facts_class_tree_scratch(fx, in->table, c, &w->sh->want, w->sh->server,
                                           w->sh->have_schema ? &w->sh->fs : NULL);
    if (!tree)
        return -1;
    struct finding_subject subj = {.query_id = c->query_id,
                                   .db = c->worst.db && c->worst.db[0] ? c->worst.db : NULL};
    size_t from = w->out.n;
    int rc = 0;
    w->out.brief = !shows_detail(in, c);
    for (size_t i = 0; i < w->sh->nrules && rc == 0; i++)
        rc = rule_eval(in->cat, ev, w->sh->rules[i], tree, &subj, &w->out);
    if (rc == 0)
        rc = eval_plan(w, fx, ev, c);
    return rc < 0 ? -1 : note_class(w, from, idx);
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct facts_ctx fx;
    facts_ctx_init(&fx, w->in->ao);
    struct expr_eval *ev = expr_eval_new();
    w->rc = ev ? 0 : -1;
    for (uint64_t i = (uint64_t)w->k; i < w->nclasses && w->rc == 0; i += (uint64_t)w->nworkers)
        w->rc = eval_class(w, &fx, ev, i);
    expr_eval_free(ev);
    facts_ctx_free(&fx);
    return NULL;
}

/* Moves the workers' findings into df->list in class order (each worker's are in class order),
 * with the class index of each in *class_idx (malloc'd). */
static int gather(struct digest_findings *df, struct worker *w, int n, uint64_t **class_idx)
{
    size_t total = 0;
    for (int k = 0; k < n; k++)
        total += w[k].out.n;
    df->list.v = malloc((total ? total : 1) * sizeof *df->list.v);
    if (!df->list.v)
        return -1;
    df->list.cap = total ? total : 1;
    *class_idx = malloc((total ? total : 1) * sizeof **class_idx);
    size_t *at = calloc((size_t)n, sizeof *at);
    if (!at || !*class_idx) {
        free(at);
        return -1;
    }
    for (size_t m = 0; m < total; m++) {
        int best = -1;
        for (int k = 0; k < n; k++)
            if (at[k] < w[k].out.n &&
                (best < 0 || w[k].class_idx[at[k]] < w[best].class_idx[at[best]]))
                best = k;
        (*class_idx)[df->list.n] = w[best].class_idx[at[best]];
        df->list.v[df->list.n++] = w[best].out.v[at[best]++];
    }
    for (int k = 0; k < n; k++)
        w[k].out.n = 0; /* moved, not to be freed twice */
    free(at);
    return 0;
}

static int eval_classes(const struct digest_findings_input *in, const struct shared *sh,
                        struct digest_findings *df, const struct agg_class **classes,
                        uint64_t nclasses, uint64_t **class_idx)
{
    int n = in->threads > 1 && nclasses >= 64 ? (in->threads > 8 ? 8 : in->threads) : 1;
    struct worker w[8];
    pthread_t tid[8];
    bool started[8] = {false};
    for (int k = 0; k < n; k++) {
        w[k] = (struct worker){.in = in, .sh = sh, .classes = classes, .nclasses = nclasses,
                               .k = k, .nworkers = n};
        if (k > 0)
            started[k] = pthread_create(&tid[k], NULL, worker_run, &w[k]) == 0;
    }
    worker_run(&w[0]);
    for (int k = 1; k < n; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else /* no thread: do its share here */
            worker_run(&w[k]);
    }
    int rc = 0;
    for (int k = 0; k < n; k++)
        rc |= w[k].rc;
    if (rc == 0)
        rc = gather(df, w, n, class_idx);
    for (int k = 0; k < n; k++) {
        finding_list_free(&w[k].out);
        free(w[k].class_idx);
    }
    df->classes = nclasses;
    return rc;
}

/* The whole-log rules, once: {digest, server, nplus1}. A digest finding has no subject fields. */
static int eval_digest(const struct digest_findings_input *in, const struct shared *sh,
                       struct expr_eval *ev, struct finding_list *out)
{
    cJSON *tree = cJSON_CreateObject();
    cJSON *digest = tree ? facts_digest_json(in->table, in->info) : NULL;
    if (!digest || !cJSON_AddItemToObject(tree, "digest", digest) ||
        !cJSON_AddItemReferenceToObject(tree, "server", sh->server) ||
        np1_facts_add(tree, in->nplus1, in->table, in->ao) < 0) {
        if (!cJSON_GetObjectItemCaseSensitive(tree, "digest"))
            cJSON_Delete(digest);
        cJSON_Delete(tree);
        return -1;
    }
    struct finding_subject subj = {0};
    int rc = rule_catalog_eval(in->cat, ev, RSUBJ_DIGEST, tree, &subj, &in->ao->target, out);
    cJSON_Delete(tree);
    return rc;
}

/* The table and index rules over every table of the schema. */
static int eval_tables(const struct digest_findings_input *in, const struct shared *sh,
                       struct expr_eval *ev, struct finding_list *out)
{
    const struct schema *s = in->ao->schema;
    if (!sh->have_schema)
        return 0;
    const struct facts_schema *fs = &sh->fs;
    int rc = 0;
    for (size_t i = 0; i < s->ntables && rc == 0; i++) {
        const struct schema_table *t = s->tables[i];
        cJSON *tree = facts_table_tree(fs, i);
        struct finding_subject subj = {.db = t->db, .table = t->name};
        rc = tree ? rule_catalog_eval(in->cat, ev, RSUBJ_TABLE, tree, &subj, &in->ao->target, out)
                  : -1;
        const cJSON *table = cJSON_GetObjectItemCaseSensitive(tree, "table");
        for (size_t j = 0; j < t->nindexes && rc == 0; j++) {
            cJSON *itree = cJSON_CreateObject();
            struct finding_subject isubj = {.db = t->db, .table = t->name,
                                            .index = t->indexes[j].name};
            rc = itree && facts_add_index(itree, t, j, table) == 0 &&
                         cJSON_AddItemReferenceToObject(itree, "server", sh->server) &&
                         facts_add_schema(itree, fs) == 0
                     ? rule_catalog_eval(in->cat, ev, RSUBJ_INDEX, itree, &isubj, &in->ao->target,
                                         out)
                     : -1;
            cJSON_Delete(itree);
        }
        cJSON_Delete(tree);
    }
    return rc;
}

static int span_cmp(const void *a, const void *b)
{
    const struct agg_class *x = ((const struct class_findings_span *)a)->c;
    const struct agg_class *y = ((const struct class_findings_span *)b)->c;
    return x < y ? -1 : x > y;
}

/* The class of each remaining class finding, through config_apply's origin map. */
static int index_spans(struct digest_findings *df, const struct agg_class **class_of)
{
    df->spans = malloc((df->nclass_findings ? df->nclass_findings : 1) * sizeof *df->spans);
    if (!df->spans)
        return -1;
    for (size_t i = 0; i < df->nclass_findings; i++) {
        if (df->nspans && df->spans[df->nspans - 1].c == class_of[i]) {
            df->spans[df->nspans - 1].n++;
            continue;
        }
        df->spans[df->nspans++] = (struct class_findings_span){class_of[i], i, 1};
    }
    qsort(df->spans, df->nspans, sizeof *df->spans, span_cmp);
    return 0;
}

/* Applies the configuration, keeping track of which class each remaining finding belongs to. */
static int apply_config(const struct digest_findings_input *in, struct digest_findings *df,
                        const struct agg_class **classes, const uint64_t *class_idx)
{
    size_t n = df->list.n, nclass = df->nclass_findings;
    size_t *origin = malloc((n ? n : 1) * sizeof *origin);
    const struct agg_class **class_of = malloc((n ? n : 1) * sizeof *class_of);
    long gone = origin && class_of
                    ? config_apply(in->cfg, in->cat, &df->list, NULL, &df->applied, origin)
                    : -1;
    int rc = gone < 0 ? -1 : 0;
    if (rc == 0) {
        df->suppressed = (size_t)gone;
        df->nclass_findings = 0;
        for (size_t k = 0; k < df->list.n; k++)
            if (origin[k] < nclass)
                class_of[df->nclass_findings++] = classes[class_idx[origin[k]]];
        rc = index_spans(df, class_of);
    }
    free(origin);
    free(class_of);
    return rc;
}

/* rule_catalog_reads' callbacks: what the statement and class rules read of a class tree. */
static void want_class(void *arg, const char *root, const char *const *fields, size_t n)
{
    struct shared *sh = arg;
    (void)root;
    facts_class_want_path(&sh->want, sh->want_table, fields, n);
}

static void want_statement(void *arg, const char *root, const char *const *fields, size_t n)
{
    (void)root, (void)fields, (void)n;
    ((struct shared *)arg)->want.statement = true;
}

static void want_query(void *arg, const char *root, const char *const *fields, size_t n)
{
    (void)root;
    facts_class_want_query(&((struct shared *)arg)->want, fields, n);
}

/* Only what the enabled rules read is built for each class: most attributes and their bucketed
 * statistics are read by no rule, the sample's analysis only when a rule reads it, and of the
 * analysis only the lists that are read. */
static int plan_class_facts(struct shared *sh, const struct digest_findings_input *in)
{
    if (facts_class_want_init(&sh->want, in->table) < 0)
        return -1;
    sh->want_table = in->table;
    const struct sql_target *tg = &in->ao->target;
    static const enum rule_subject kinds[] = {RSUBJ_STATEMENT, RSUBJ_CLASS};
    for (size_t k = 0; k < 2; k++) {
        rule_catalog_reads(in->cat, kinds[k], tg, "class", want_class, sh);
        rule_catalog_reads(in->cat, kinds[k], tg, "statement", want_statement, sh);
        rule_catalog_reads(in->cat, kinds[k], tg, "query", want_query, sh);
    }
    return 0;
}

/* What rule_catalog_eval would run for a class's tree, statement rules first. */
static int pick_class_rules(struct shared *sh, const struct rule_catalog *cat,
                            const struct sql_target *tg)
{
    sh->rules = malloc((cat->n ? cat->n : 1) * sizeof *sh->rules);
    if (!sh->rules)
        return -1;
    static const enum rule_subject kinds[] = {RSUBJ_STATEMENT, RSUBJ_CLASS};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < cat->n; i++) {
            const struct rule *r = cat->v[i];
            if (r->enabled && r->applies_to == kinds[k] && rule_applies_to_target(r, tg))
                sh->rules[sh->nrules++] = r;
        }
    return 0;
}

static int shared_init(struct shared *sh, const struct digest_findings_input *in)
{
    memset(sh, 0, sizeof *sh);
    if (!(sh->server = facts_server_json(&in->ao->target)) || plan_class_facts(sh, in) < 0 ||
        pick_class_rules(sh, in->cat, &in->ao->target) < 0)
        return -1;
    if (in->ao->schema) {
        if (facts_schema_init(&sh->fs, in->ao->schema) < 0)
            return -1;
        sh->have_schema = true;
    }
    return 0;
}

static void shared_free(struct shared *sh)
{
    facts_class_want_free(&sh->want);
    free(sh->rules);
    if (sh->have_schema)
        facts_schema_free(&sh->fs);
    cJSON_Delete(sh->server);
}

/* After the classes: the whole-log rules, then the table and index rules. */
static int eval_others(const struct digest_findings_input *in, const struct shared *sh,
                       struct finding_list *out)
{
    struct expr_eval *ev = expr_eval_new();
    if (!ev)
        return -1;
    int rc = eval_digest(in, sh, ev, out);
    if (rc == 0)
        rc = eval_tables(in, sh, ev, out);
    expr_eval_free(ev);
    return rc;
}

/* in->detailed sorted by pointer, for shows_detail's lookups; *copy is NULL when not given. */
static int sort_detailed(const struct digest_findings_input *in, struct digest_findings_input *local,
                         const struct agg_class ***copy)
{
    *local = *in;
    *copy = NULL;
    if (!in->detailed)
        return 0;
    *copy = malloc((in->ndetailed ? in->ndetailed : 1) * sizeof **copy);
    if (!*copy)
        return -1;
    memcpy(*copy, in->detailed, in->ndetailed * sizeof **copy);
    qsort(*copy, in->ndetailed, sizeof **copy, ptr_cmp);
    local->detailed = *copy;
    return 0;
}

int digest_findings_run(const struct digest_findings_input *given, struct digest_findings *out)
{
    memset(out, 0, sizeof *out);
    struct digest_findings_input local;
    const struct agg_class **detailed;
    if (sort_detailed(given, &local, &detailed) < 0)
        return -1;
    const struct digest_findings_input *in = &local;
    /* The table's totals are a cache filled on first use: fill it here, before the threads read it. */
    agg_global(in->table);
    uint64_t nclasses, *class_idx = NULL;
    const struct agg_class **classes = agg_classes(in->table, &nclasses);
    struct shared sh;
    int rc = classes && shared_init(&sh, in) == 0 ? 0 : -1;
    if (rc == 0 && in->classes)
        rc = eval_classes(in, &sh, out, classes, nclasses, &class_idx);
    out->nclass_findings = out->list.n;
    if (rc == 0)
        rc = eval_others(in, &sh, &out->list);
    if (rc == 0)
        rc = apply_config(in, out, classes, class_idx);
    if (classes)
        shared_free(&sh);
    free(class_idx);
    free(classes);
    free(detailed);
    return rc;
}

void digest_findings_free(struct digest_findings *df)
{
    finding_list_free(&df->list);
    free(df->spans);
    memset(df, 0, sizeof *df);
}

size_t digest_findings_of(const struct digest_findings *df, const struct agg_class *c,
                          size_t *first)
{
    struct class_findings_span key = {c, 0, 0};
    const struct class_findings_span *s =
        bsearch(&key, df->spans, df->nspans, sizeof *df->spans, span_cmp);
    if (!s)
        return 0;
    *first = s->first;
    return s->n;
}
