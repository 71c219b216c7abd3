/* The digest pipeline driver; see digest.h.
 *
 * Work is cut into items: a stream (a .gz file, stdin) is one item; a large plain file is mapped and
 * cut into as many chunks as there are threads. A chunk after the first starts at a *guessed* event
 * boundary with a *guessed* carry (the `# Time:` and `use db` in force there). Each chunk gets its own
 * aggregate table. When all are parsed, chunk k's parser tells where the first event it did not
 * return really begins and what carry it ended with; if either differs from chunk k+1's guess (say,
 * the guessed boundary was inside a multi-line string literal), chunk k+1 is thrown away and parsed
 * again from the proven start. Only then are the tables merged, in input order, so the result is the
 * one a single thread would produce. */
#include "digest/digest.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest/work.h"
#include "events/slowlog.h"
#include "input/reader.h"
#include "input/source.h"

struct pool {
    const struct digest_config *cfg;
    struct work_item *items;
    size_t nitems;
    atomic_size_t next;
    atomic_uint_fast64_t bytes_done;
    int64_t since_us, until_us; /* EVENT_TS_UNKNOWN when not set */
};

static void *worker_main(void *arg)
{
    struct pool *pool = arg;
    struct worker w;
    if (worker_init(&w, pool->cfg) < 0)
        return (void *)1;
    w.bytes_done = &pool->bytes_done;
    w.since_us = pool->since_us;
    w.until_us = pool->until_us;
    for (;;) {
        size_t i = atomic_fetch_add(&pool->next, 1);
        if (i >= pool->nitems)
            break;
        work_item_run(&pool->items[i], &w);
    }
    worker_free(&w);
    return NULL;
}

static void run_pool(struct pool *pool, int threads)
{
    if (threads <= 1 || pool->nitems <= 1) {
        worker_main(pool);
        return;
    }
    pthread_t tid[64];
    int n = threads < 64 ? threads : 64, started = 0;
    for (; started < n - 1; started++)
        if (pthread_create(&tid[started], NULL, worker_main, pool) != 0)
            break;
    worker_main(pool);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

/* Chunk k+1 must start where chunk k's parser stopped, with the carry it ended with. When it did
 * not, parse it again from there (and so on down the file: a refuted chunk moves its own end too). */
static int prove_chunks(struct pool *pool, struct digest_result *res)
{
    struct worker w;
    if (worker_init(&w, pool->cfg) < 0)
        return -1;
    w.since_us = pool->since_us;
    w.until_us = pool->until_us;
    for (size_t i = 1; i < pool->nitems; i++) {
        struct work_item *prev = &pool->items[i - 1], *it = &pool->items[i];
        if (prev->src != it->src || !it->is_chunk)
            continue;
        if (prev->stop_actual == it->start && work_carry_equal(&prev->carry_out, &it->carry_in))
            continue;
        work_item_reset(it);
        it->start = prev->stop_actual;
        it->carry_in = prev->carry_out;
        it->carry_known = true;
        work_item_run(it, &w);
        res->reparsed++;
    }
    worker_free(&w);
    return 0;
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

int digest_run(const struct digest_config *cfg, struct digest_result *res, char *err,
               size_t errlen)
{
    memset(res, 0, sizeof *res);
    struct agg_options ao = {.order_attr = cfg->order_attr, .keep_minutes = cfg->keep_minutes};
    res->table = agg_new(&ao);
    res->files = calloc((size_t)cfg->ninputs + 1, sizeof *res->files);
    res->nfiles = cfg->ninputs;
    struct pool pool = {.cfg = cfg};
    struct work_plan plan = {0};
    if (!res->table || !res->files || work_plan_build(&plan, cfg, res) < 0) {
        snprintf(err, errlen, "out of memory");
        work_plan_free(&plan);
        return -1;
    }
    bool relative = (cfg->since && work_bound_is_relative(cfg->since, &cfg->tz)) ||
                    (cfg->until && work_bound_is_relative(cfg->until, &cfg->tz));
    int64_t log_end = relative ? work_plan_log_end(&plan, cfg) : EVENT_TS_UNKNOWN;
    pool.since_us = resolve_bound(cfg->since, cfg, log_end, err, errlen, "--since");
    pool.until_us = resolve_bound(cfg->until, cfg, log_end, err, errlen, "--until");
    if (pool.since_us == INT64_MIN + 1 || pool.until_us == INT64_MIN + 1) {
        work_plan_free(&plan);
        return -1;
    }
    pool.items = plan.items;
    pool.nitems = plan.nitems;
    struct progress *pr = cfg->progress ? progress_start(&plan, &pool.bytes_done) : NULL;
    run_pool(&pool, cfg->threads);
    int rc = prove_chunks(&pool, res);
    progress_stop(pr);
    if (rc == 0)
        rc = work_plan_finish(&plan, res);
    if (rc < 0)
        snprintf(err, errlen, "out of memory");
    res->chunks = plan.nitems;
    work_plan_free(&plan);
    return rc;
}

void digest_result_free(struct digest_result *r)
{
    agg_free(r->table);
    if (r->files)
        for (int i = 0; i < r->nfiles; i++)
            free((char *)r->files[i].error);
    free(r->files);
    diag_free(&r->diag);
    memset(r, 0, sizeof *r);
}
