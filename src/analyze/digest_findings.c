/* The rules over a digest (digest_findings.h). A class whose sample carries MariaDB's `# explain:`
 * block also gets the plan rules' findings on that plan (plan_findings.c), as its own. Classes are
 * independent, so they are shared out among threads, each with its own fact builder and
 * expression scratch over the read-only catalog; their findings are then put back in class order,
 * so the result does not depend on the number of threads. The roots every subject shares
 * (`server`, `schema`) are built once and put in each tree by reference: the threads only read
 * them.
 *
 * The classes' rules can begin before the report has chosen the classes it shows
 * (digest_findings_start): choosing sums the digest's totals on one thread, and the rules take the
 * other cores meanwhile. A class evaluated then is brief; if the report shows it, it is evaluated
 * again in full at the end. The facts' totals come from agg_total_sums, so that no worker touches
 * the table's cache of totals while the caller fills it. */
#include "analyze/digest_findings.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/nplus1_facts.h"
#include "analyze/plan_findings.h"
#include "explain/plan.h"
#include "rules/prefilter.h"

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
    struct prefilter pf;         /* the rules' preconditions */
};

/* A pass over the classes: every class (the first), or a list (the second: the shown classes that
 * were evaluated brief, before the report's choice was known). Classes are taken in runs of
 * CLASS_RUN from a shared counter, in increasing order: each worker's findings stay in class
 * order, and a worker that is done early takes more. */
struct pass {
    const uint64_t *idx;  /* NULL: every class */
    uint64_t n;
    _Atomic uint64_t next;
};
#define CLASS_RUN 16

/* One thread's findings in one pass, in class order. */
struct worker {
    struct digest_findings_job *job;
    struct pass *pass;
    struct finding_list out;
    uint64_t *class_idx; /* parallel to out: which class */
    size_t cap_idx;
    int rc;
};

#define MAX_WORKERS 8

/* The class rules under way. Until the caller says which classes its report shows, classes are
 * evaluated brief (finding_list.brief); the shown ones among them are evaluated again, in full, in
 * a second pass: a handful, unless the report shows most classes. */
struct digest_findings_job {
    struct digest_findings_input in; /* in.detailed: sorted by pointer, once known */
    struct shared sh;
    const struct agg_class **classes;
    uint64_t nclasses;
    double *total_sum;               /* the facts' totals (agg_total_sums) */
    const struct agg_class **detailed_copy;
    atomic_bool detail_known;        /* in.detailed is final */
    unsigned char *full;             /* per class: FULL_* (written by the class's worker) */
    struct pass first, again;
    uint64_t *again_idx;
    /* The first pass's workers, then the second's; the caller's thread is the first of each. */
    struct worker w[2 * MAX_WORKERS];
    pthread_t tid[2 * MAX_WORKERS];
    bool started[2 * MAX_WORKERS];
    int n, nagain;                   /* workers of each pass */
    bool launched;
};
enum { FULL_NO, FULL_YES, FULL_REDONE };

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
    const struct digest_findings_input *in = &w->job->in;
    const struct shared *sh = &w->job->sh;
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
                                       .server = sh->server,
                                       .fs = sh->have_schema ? &sh->fs : NULL, .fx = fx,
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

/* Class idx's findings into w->out: in full, or brief. */
static int eval_class(struct worker *w, struct facts_ctx *fx, struct expr_eval *ev, uint64_t idx,
                      bool full)
{
    const struct digest_findings_job *job = w->job;
    const struct shared *sh = &job->sh;
    const struct agg_class *c = job->classes[idx];
    cJSON *tree = facts_class_tree_scratch(fx, job->in.table, c, &sh->want, sh->server,
                                           sh->have_schema ? &sh->fs : NULL);
    if (!tree)
        return -1;
    struct finding_subject subj = {.query_id = c->query_id,
                                   .db = c->worst.db && c->worst.db[0] ? c->worst.db : NULL};
    size_t from = w->out.n;
    int rc = 0;
    w->out.brief = !full;
    uint64_t met = prefilter_look(&sh->pf, tree);
    for (size_t i = 0; i < sh->nrules && rc == 0; i++)
        if (prefilter_may_fire(&sh->pf, i, met))
            rc = rule_eval(ev, sh->rules[i], tree, &subj, &w->out);
    if (rc == 0)
        rc = eval_plan(w, fx, ev, c);
    return rc < 0 ? -1 : note_class(w, from, idx);
}

/* The index of the pass's k-th class. */
static uint64_t pass_class(const struct pass *p, uint64_t k) { return p->idx ? p->idx[k] : k; }

/* facts_class_prefetch's three steps for the classes 4, 2 and 1 ahead of the k-th. */
static void prefetch_ahead(const struct digest_findings_job *job, const struct pass *p, uint64_t k)
{
    static const uint64_t ahead[] = {4, 2, 1};
    for (int step = 0; step < 3; step++)
        if (k + ahead[step] < p->n)
            facts_class_prefetch(job->in.table, job->classes[pass_class(p, k + ahead[step])], step);
}

/* A worker: runs of its pass's classes until none is left. In the first pass, a class is
 * evaluated in full when the report's choice is known and shows it. */
static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct digest_findings_job *job = w->job;
    struct pass *p = w->pass;
    struct facts_ctx fx;
    facts_ctx_init(&fx, job->in.ao);
    struct expr_eval *ev = expr_eval_new();
    w->rc = ev ? 0 : -1;
    while (w->rc == 0) {
        uint64_t k = atomic_fetch_add(&p->next, CLASS_RUN);
        uint64_t end = k + CLASS_RUN < p->n ? k + CLASS_RUN : p->n;
        if (k >= p->n)
            break;
        for (; k < end && w->rc == 0; k++) {
            uint64_t i = pass_class(p, k);
            prefetch_ahead(job, p, k);
            bool full = p->idx != NULL;
            if (!p->idx) {
                full = atomic_load_explicit(&job->detail_known, memory_order_acquire) &&
                       shows_detail(&job->in, job->classes[i]);
                job->full[i] = full ? FULL_YES : FULL_NO;
            }
            w->rc = eval_class(w, &fx, ev, i, full);
        }
    }
    expr_eval_free(ev);
    facts_ctx_free(&fx);
    return NULL;
}

/* Starts workers w[from+1 .. from+n) on pass p; w[from] is the caller's. One that cannot start
 * leaves its classes to the others. */
static void launch(struct digest_findings_job *job, struct pass *p, int from, int n)
{
    for (int k = from; k < from + n; k++) {
        job->w[k].job = job;
        job->w[k].pass = p;
    }
    for (int k = from + 1; k < from + n; k++)
        job->started[k] = pthread_create(&job->tid[k], NULL, worker_run, &job->w[k]) == 0;
}

/* Works on the pass with the caller's thread, then waits for the others. */
static int complete(struct digest_findings_job *job, int from, int n)
{
    worker_run(&job->w[from]);
    int rc = 0;
    for (int k = from; k < from + n; k++) {
        if (k > from && job->started[k])
            pthread_join(job->tid[k], NULL);
        rc |= job->w[k].rc;
    }
    return rc;
}

/* The second pass: the shown classes the first evaluated brief, again in full. */
static int redo_detailed(struct digest_findings_job *job, size_t *redone)
{
    uint64_t most = job->in.detailed ? job->in.ndetailed : job->nclasses, m = 0;
    if (!(job->again_idx = malloc((most ? most : 1) * sizeof *job->again_idx)))
        return -1;
    for (uint64_t i = 0; i < job->nclasses && m < most; i++)
        if (job->full[i] == FULL_NO && shows_detail(&job->in, job->classes[i])) {
            job->full[i] = FULL_REDONE;
            job->again_idx[m++] = i;
        }
    *redone = m;
    if (m == 0)
        return 0;
    job->again.idx = job->again_idx;
    job->again.n = m;
    job->nagain = m >= 64 ? job->n : 1;
    launch(job, &job->again, job->n, job->nagain);
    return complete(job, job->n, job->nagain);
}

/* Moves the workers' findings into df->list in class order (each worker's are in class order),
 * with the class index of each in *class_idx (malloc'd); a class evaluated again keeps only the
 * findings of its second evaluation. */
static int gather(struct digest_findings *df, struct digest_findings_job *job, uint64_t **class_idx)
{
    struct worker *w = job->w;
    int n = job->n + job->nagain;
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
        uint64_t idx = w[best].class_idx[at[best]];
        struct finding *f = &w[best].out.v[at[best]++];
        if (best < job->n && job->full[idx] == FULL_REDONE) {
            finding_free(f);
            continue;
        }
        (*class_idx)[df->list.n] = idx;
        df->list.v[df->list.n++] = *f;
    }
    for (int k = 0; k < n; k++)
        w[k].out.n = 0; /* moved, not to be freed twice */
    free(at);
    return 0;
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
    return prefilter_init(&sh->pf, sh->rules, sh->nrules);
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
    prefilter_free(&sh->pf);
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

/* The job's shown classes, sorted by pointer for shows_detail's lookups (NULL: all). */
static int set_detailed(struct digest_findings_job *job, const struct agg_class *const *detailed,
                        size_t n)
{
    job->in.detailed = NULL;
    job->in.ndetailed = 0;
    if (!detailed)
        return 0;
    const struct agg_class **copy = malloc((n ? n : 1) * sizeof *copy);
    if (!copy)
        return -1;
    memcpy(copy, detailed, n * sizeof *copy);
    qsort(copy, n, sizeof *copy, ptr_cmp);
    job->detailed_copy = copy;
    job->in.detailed = copy;
    job->in.ndetailed = n;
    return 0;
}

static void job_free(struct digest_findings_job *job)
{
    for (int k = 0; k < 2 * MAX_WORKERS; k++) {
        finding_list_free(&job->w[k].out);
        free(job->w[k].class_idx);
    }
    shared_free(&job->sh); /* safe on the zeroed one of a failed job_new */
    free(job->again_idx);
    free(job->classes);
    free(job->total_sum);
    free(job->full);
    free(job->detailed_copy);
    free(job);
}

/* Everything the workers read, made before any of them starts. */
static struct digest_findings_job *job_new(const struct digest_findings_input *in)
{
    struct digest_findings_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->in = *in;
    job->in.detailed = NULL;
    job->in.ndetailed = 0;
    job->classes = agg_classes(in->table, &job->nclasses);
    job->full = calloc(job->nclasses ? job->nclasses : 1, 1);
    if (!job->classes || !job->full || shared_init(&job->sh, in) < 0) {
        job_free(job);
        return NULL;
    }
    /* Summing the totals reads every class, cold: only when a rule reads a share. */
    if (facts_class_want_totals(&job->sh.want)) {
        if (!(job->total_sum = agg_total_sums(in->table))) {
            job_free(job);
            return NULL;
        }
        job->sh.want.total_sum = job->total_sum;
    }
    bool many = in->classes && in->threads > 1 && job->nclasses >= 64;
    job->n = many ? (in->threads > MAX_WORKERS ? MAX_WORKERS : in->threads) : 1;
    job->first.n = in->classes ? job->nclasses : 0;
    atomic_init(&job->first.next, 0);
    atomic_init(&job->again.next, 0);
    atomic_init(&job->detail_known, false);
    return job;
}

int digest_findings_start(const struct digest_findings_input *in, struct digest_findings_job **out)
{
    *out = job_new(in);
    if (!*out)
        return -1;
    launch(*out, &(*out)->first, 0, (*out)->n);
    (*out)->launched = true;
    return 0;
}

int digest_findings_finish(struct digest_findings_job *job, const struct agg_class *const *detailed,
                           size_t ndetailed, struct digest_findings *out)
{
    memset(out, 0, sizeof *out);
    int rc = set_detailed(job, detailed, ndetailed);
    atomic_store_explicit(&job->detail_known, true, memory_order_release);
    if (rc < 0) /* the workers must still stop: no class is left for them to take */
        atomic_store(&job->first.next, job->first.n);
    if (!job->launched)
        launch(job, &job->first, 0, job->n);
    rc |= complete(job, 0, job->n);
    uint64_t *class_idx = NULL;
    const struct digest_findings_input *in = &job->in;
    if (rc == 0 && in->classes)
        rc = redo_detailed(job, &out->redone);
    if (rc == 0)
        rc = gather(out, job, &class_idx);
    out->classes = in->classes ? job->nclasses : 0;
    out->nclass_findings = out->list.n;
    if (rc == 0)
        rc = eval_others(in, &job->sh, &out->list);
    if (rc == 0)
        rc = apply_config(in, out, job->classes, class_idx);
    free(class_idx);
    job_free(job);
    return rc;
}

int digest_findings_run(const struct digest_findings_input *in, struct digest_findings *out)
{
    struct digest_findings_job *job = job_new(in);
    if (!job) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    return digest_findings_finish(job, in->detailed, in->ndetailed, out);
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
