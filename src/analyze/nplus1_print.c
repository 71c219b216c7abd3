/* A plain listing of the N+1 runs found, one per line, for tests and debugging
 * (SLOWDEX_DEBUG_NPLUS1=1 slowdex digest …): the reports show patterns, this shows every kept run. */
#include "analyze/nplus1.h"

#include <inttypes.h>
#include <stdio.h>

void np1_print_runs(const struct np1_result *r, FILE *out)
{
    fprintf(out, "np1 events=%" PRIu64 " with_conn=%" PRIu64 " timed=%" PRIu64 " patterns=%zu\n",
            r->events, r->events_with_conn, r->events_timed, r->n);
    for (size_t i = 0; i < r->n; i++) {
        const struct np1_pattern *p = &r->v[i];
        fprintf(out, "np1 pattern %zu %s period=%d runs=%" PRIu64 " statements=%" PRIu64
                " len=%u/%u/%u time_us=%" PRId64 " conns=%u\n",
                i, p->repeat ? "repeat" : "n+1", p->period, p->runs, p->statements, p->len_min,
                np1_pattern_median(p), p->len_max, p->time_us, p->nconns);
        for (uint32_t k = 0; k < p->nkept; k++) {
            const struct np1_run *x = &p->kept[k];
            fprintf(out, "np1 run %zu\t%s\t%d\t%u\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%u\t%u\n", i,
                    p->repeat ? "repeat" : "n+1", x->file_idx, x->restarts, x->thread_id,
                    x->first_line, x->last_line, x->statements, x->iterations);
        }
    }
}
