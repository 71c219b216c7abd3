/* The digest pipeline driver; see digest.h.
 *
 * Work is cut into items: a stream (a .gz file, stdin) is one item; a large plain file is mapped and
 * cut into chunks. A chunk after the first starts at a *guessed* event boundary with a *guessed*
 * carry (the `# Time:` and `use db` in force there). Threads take items as they come, and every
 * event goes to the thread that owns its class (exchange.h), so each class is aggregated in one
 * table only. When all are parsed, chunk k's parser tells where the first event it did not return
 * really begins and what carry it ended with; if either differs from chunk k+1's guess (say, the
 * guess fell inside a multi-line string literal), the whole run is done again on one thread. The
 * result is therefore always the one a single thread produces; a refuted guess only costs time. */
#include "digest/digest.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest/work.h"
#include "events/slowlog.h"
#include "input/reader.h"
#include "input/source.h"

#define MAX_THREADS 64

struct pool {
    struct work_item **items;
    size_t nitems;
    atomic_size_t next;
    struct progress_counts done;
    struct worker workers[MAX_THREADS];
    int nworkers;
    struct exchange *x;
    atomic_bool failed;
    atomic_bool go;          /* threads wait for it before taking work */
};

struct worker_arg {
    struct pool *pool;
    struct worker *w;
};

static void *worker_main(void *arg)
{
    struct worker_arg *a = arg;
    struct pool *pool = a->pool;
    struct worker *w = a->w;
    while (!atomic_load(&pool->go)) /* until every thread is known to run (run_pool) */
        sched_yield();
    for (;;) {
        size_t i = atomic_fetch_add(&pool->next, 1);
        if (i >= pool->nitems)
            break;
        work_item_run(pool->items[i], w);
    }
    if (w->x && exchange_finish(w->x, w->id, worker_receive, w) < 0)
        atomic_store(&pool->failed, true);
    return NULL;
}

static void run_pool(struct pool *pool)
{
    pthread_t tid[MAX_THREADS];
    struct worker_arg args[MAX_THREADS];
    int started = 0;
    for (int i = 0; i < pool->nworkers; i++)
        args[i] = (struct worker_arg){pool, &pool->workers[i]};
    for (int i = 1; i < pool->nworkers; i++) {
        if (pthread_create(&tid[i], NULL, worker_main, &args[i]) != 0)
            break;
        started = i;
    }
    if (started < pool->nworkers - 1) {
        /* A thread could not start: its classes would never be taken from the rings, so every
         * thread keeps its own events instead (the exact merge at the end joins them). No thread
         * has begun yet: they wait for `go`. */
        for (int i = 0; i < pool->nworkers; i++)
            pool->workers[i].x = NULL;
        fprintf(stderr, "slowdex: could start only %d of %d threads\n", started + 1,
                pool->nworkers);
    }
    atomic_store(&pool->go, true);
    worker_main(&args[0]);
    for (int i = 1; i <= started; i++)
        pthread_join(tid[i], NULL);
}

struct agg_table *digest_table_new(const struct digest_config *cfg)
{
    struct agg_options ao = {.order_attr = cfg->order_attr, .keep_minutes = cfg->keep_minutes};
    struct agg_table *t = agg_new(&ao);
    for (int i = 0; t && i < cfg->ninputs; i++)
        if (agg_file_intern(t, cfg->inputs[i]) != i) { /* so that file_idx is the input's index */
            agg_free(t);
            return NULL;
        }
    return t;
}

/* Chunk k+1 must start where chunk k's parser stopped, with the carry it ended with. */
static bool chunks_proven(const struct pool *pool)
{
    for (size_t i = 1; i < pool->nitems; i++) {
        const struct work_item *prev = pool->items[i - 1], *it = pool->items[i];
        if (prev->src != it->src || !it->is_chunk)
            continue;
        if (it->np1 && np1_head_overflow(it->np1)) /* a loop too long to join across chunks */
            return false;
        if (prev->stop_actual != it->start || !work_carry_equal(&prev->carry_out, &it->carry_in))
            return false;
    }
    return true;
}

static int64_t resolve_bound(const char *s, const struct digest_config *cfg, int64_t log_end,
                             char *err, size_t errlen, const char *what)
{
    if (!s)
        return EVENT_TS_UNKNOWN;
    int64_t us;
    bool relative;
    if (timeconv_parse_bound(s, &cfg->tz, &us, &relative) < 0) {
        snprintf(err, errlen, "%s '%s': expected a time (2024-05-10 17:45:09, 240510 17:45:09, "
                 "2024-05-10T17:45:09Z) or a duration before the end of the log (30m, 1h, 2d)",
                 what, s);
        return INT64_MIN + 1;
    }
    if (!relative)
        return us;
    if (log_end == EVENT_TS_UNKNOWN) {
        snprintf(err, errlen, "%s '%s': the inputs hold no times to count back from", what, s);
        return INT64_MIN + 1;
    }
    return log_end + us; /* us is negative */
}

static int resolve_bounds(const struct digest_config *cfg, struct work_plan *plan, int64_t *since,
                          int64_t *until, char *err, size_t errlen)
{
    bool relative = (cfg->since && work_bound_is_relative(cfg->since, &cfg->tz)) ||
                    (cfg->until && work_bound_is_relative(cfg->until, &cfg->tz));
    int64_t log_end = relative ? work_plan_log_end(plan, cfg) : EVENT_TS_UNKNOWN;
    *since = resolve_bound(cfg->since, cfg, log_end, err, errlen, "--since");
    *until = resolve_bound(cfg->until, cfg, log_end, err, errlen, "--until");
    return *since == INT64_MIN + 1 || *until == INT64_MIN + 1 ? -1 : 0;
}

/* Folds every thread's table into the result: the first becomes it when nothing was loaded, the
 * others change hands class by class (agg_absorb), so no class is ever held twice. */
static int gather_tables(struct pool *pool, struct digest_result *res)
{
    int rc = 0;
    for (int i = 0; i < pool->nworkers; i++) {
        struct worker *w = &pool->workers[i];
        if (rc == 0 && agg_class_count(res->table) == 0 && agg_global(res->table)->cnt == 0) {
            struct agg_table *empty = res->table;
            res->table = w->table;
            w->table = empty;
        } else if (rc == 0 && agg_absorb(res->table, w->table) < 0) {
            rc = -1;
        }
        agg_free(w->table);
        w->table = NULL;
    }
    return rc;
}

static void pool_free(struct pool *pool)
{
    for (int i = 0; i < pool->nworkers; i++) {
        agg_free(pool->workers[i].table);
        worker_free(&pool->workers[i]);
    }
    exchange_free(pool->x);
}

static int pool_init(struct pool *pool, const struct digest_config *cfg, struct work_plan *plan,
                     struct work_item **items, size_t nitems, int threads, int64_t since,
                     int64_t until)
{
    memset(pool, 0, sizeof *pool);
    pool->items = items;
    pool->nitems = nitems;
    pool->nworkers = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    if ((size_t)pool->nworkers > nitems)
        pool->nworkers = nitems ? (int)nitems : 1;
    if (pool->nworkers > 1 && !(pool->x = exchange_new(pool->nworkers)))
        return -1;
    for (int i = 0; i < pool->nworkers; i++) {
        struct worker *w = &pool->workers[i];
        if (worker_init(w, cfg, i, plan->names, pool->x) < 0)
            return -1;
        w->done = &pool->done;
        w->since_us = since;
        w->until_us = until;
    }
    return 0;
}

/* The N+1 detectors of every item, file by file in input order, joined (nplus1.h) into
 * res->nplus1 and freed. A chunk's restarts and lines count from its own start: shifted here. */
static int stitch_nplus1(struct work_plan *plan, struct digest_result *res)
{
    struct np1_det **dets = calloc(plan->nitems + 1, sizeof *dets);
    uint32_t *base = calloc(plan->nitems + 1, sizeof *base);
    uint64_t *delta = calloc(plan->nitems + 1, sizeof *delta);
    int rc = dets && base && delta ? 0 : -1;
    size_t i = 0;
    while (rc == 0 && i < plan->nitems) {
        int n = 0;
        uint32_t restarts = 0;
        for (size_t j = i; j < plan->nitems && (j == i || plan->items[j].is_chunk); j++, i++) {
            struct work_item *it = &plan->items[j];
            if (it->dropped || !it->np1)
                continue;
            dets[n] = it->np1;
            base[n] = restarts;
            delta[n++] = it->line_delta;
            restarts += (uint32_t)it->stats.banners;
        }
        rc = np1_stitch(dets, base, delta, n, &res->nplus1);
    }
    for (size_t j = 0; j < plan->nitems; j++) {
        np1_free(plan->items[j].np1);
        plan->items[j].np1 = NULL;
    }
    free(dets);
    free(base);
    free(delta);
    return rc;
}

/* Parses the items into res->table with `threads` threads. Returns 0, 1 when a chunk's guessed
 * start was refuted (nothing was added to res->table then), or -1 when out of memory. */
static int run_items(const struct digest_config *cfg, struct work_plan *plan,
                     struct work_item **items, size_t nitems, int threads, int64_t since,
                     int64_t until, struct digest_result *res)
{
    if (nitems == 0)
        return 0;
    struct pool pool;
    int rc = pool_init(&pool, cfg, plan, items, nitems, threads, since, until);
    if (rc == 0) {
        struct progress *pr = cfg->progress ? progress_start(plan, &pool.done, cfg->progress > 1) : NULL;
        run_pool(&pool);
        progress_stop(pr);
        if (atomic_load(&pool.failed))
            rc = -1;
        else if (!chunks_proven(&pool))
            rc = 1;
        else
            rc = gather_tables(&pool, res);
    }
    pool_free(&pool);
    return rc;
}

/* The items of one kind: those read from mapped files, or the streamed ones. */
static size_t pick_items(struct work_plan *plan, bool streamed, struct work_item **out)
{
    size_t n = 0;
    for (size_t i = 0; i < plan->nitems; i++)
        if (plan->items[i].streamed == streamed && !plan->items[i].dropped)
            out[n++] = &plan->items[i];
    return n;
}

/* Mapped files first, in parallel chunks; if a guess is refuted, those files again on one thread
 * without chunks. Streams after, on their own, so that a re-run never needs to read one again. */
static int run_all(const struct digest_config *cfg, struct work_plan *plan, int64_t since,
                   int64_t until, struct digest_result *res)
{
    struct work_item **items = calloc(plan->nitems + 1, sizeof *items);
    if (!items)
        return -1;
    size_t n = pick_items(plan, false, items);
    int rc = run_items(cfg, plan, items, n, cfg->threads, since, until, res);
    if (rc == 1) {
        res->reparsed++;
        work_plan_unchunk(plan);
        n = pick_items(plan, false, items);
        rc = run_items(cfg, plan, items, n, 1, since, until, res);
    }
    if (rc == 0) {
        n = pick_items(plan, true, items);
        rc = run_items(cfg, plan, items, n, cfg->threads, since, until, res);
    }
    free(items);
    return rc < 0 ? -1 : 0;
}

int digest_run(const struct digest_config *cfg, struct digest_result *res, char *err,
               size_t errlen)
{
    memset(res, 0, sizeof *res);
    res->nplus1.qtime_min_us = NP1_UNKNOWN; /* the items' minima are merged into it */
    res->table = digest_table_new(cfg);
    res->files = calloc((size_t)cfg->ninputs + 1, sizeof *res->files);
    res->nfiles = cfg->ninputs;
    struct work_plan plan = {0};
    if (!res->table || !res->files || work_plan_build(&plan, cfg, res) < 0) {
        snprintf(err, errlen, "out of memory");
        work_plan_free(&plan);
        return -1;
    }
    int64_t since, until;
    if (resolve_bounds(cfg, &plan, &since, &until, err, errlen) < 0) {
        work_plan_free(&plan);
        return -1;
    }
    int rc = run_all(cfg, &plan, since, until, res);
    if (rc < 0) {
        snprintf(err, errlen, "out of memory");
    } else {
        work_plan_fix_lines(&plan, res->table);
        work_plan_finish(&plan, res);
    }
    if (stitch_nplus1(&plan, res) < 0 && rc == 0) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    res->chunks = plan.nitems;
    res->sources = plan.sources; /* the samples of mapped inputs point into them */
    res->nsources = plan.nsources;
    plan.sources = NULL;
    plan.nsources = 0;
    work_plan_free(&plan);
    return rc;
}

void digest_result_free(struct digest_result *r)
{
    agg_free(r->table);
    for (int i = 0; i < r->nsources; i++)
        if (r->sources[i])
            source_close(r->sources[i]);
    free(r->sources);
    if (r->files)
        for (int i = 0; i < r->nfiles; i++)
            free((char *)r->files[i].error);
    free(r->files);
    diag_free(&r->diag);
    np1_result_free(&r->nplus1);
    memset(r, 0, sizeof *r);
}
