/* The progress line: bytes done, events a second and time left, redrawn on stderr twice a second —
 * only when stderr is a terminal and the input is big enough to wait for, never in pipes or CI. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "digest/work.h"

#define PROGRESS_MIN_BYTES (64u << 20)

struct progress {
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    uint64_t total;
    struct progress_counts *done;
};

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(const struct progress *p, double elapsed)
{
    double done = (double)atomic_load(&p->done->bytes);
    double events = (double)atomic_load(&p->done->events);
    double rate = elapsed > 0 ? done / elapsed : 0;
    double left = rate > 0 && p->total > done ? ((double)p->total - done) / rate : 0;
    fprintf(stderr, "\rslowdex: %.0f of %.0f MB, %.0f MB/s, %.0f events/s, about %.0fs left   ",
            done / 1e6, (double)p->total / 1e6, rate / 1e6, elapsed > 0 ? events / elapsed : 0, left);
}

static void *progress_main(void *arg)
{
    struct progress *p = arg;
    double t0 = now_sec();
    draw(p, 0); /* at once, so that a short run asked to show it shows it */
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 500000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &until);
        if (!p->stop)
            draw(p, now_sec() - t0);
    }
    pthread_mutex_unlock(&p->mu);
    fputs("\r\033[K", stderr);
    return NULL;
}

struct progress *progress_start(const struct work_plan *plan, struct progress_counts *done,
                                bool always)
{
    if (!isatty(STDERR_FILENO) || (!always && plan->total_bytes < PROGRESS_MIN_BYTES))
        return NULL;
    struct progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->total = plan->total_bytes;
    p->done = done;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->tid, NULL, progress_main, p) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

void progress_stop(struct progress *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->tid, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}
