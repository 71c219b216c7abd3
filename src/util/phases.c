/* Phase timing for SLOWDEX_DEBUG_PHASES (phases.h). */
#include "util/phases.h"

#include <stdlib.h>

void phases_start(struct phases *p)
{
    p->on = getenv("SLOWDEX_DEBUG_PHASES") != NULL;
    p->n = 0;
    if (p->on)
        clock_gettime(CLOCK_MONOTONIC, &p->at[0]);
}

void phases_mark(struct phases *p, const char *name)
{
    if (!p->on || p->n == PHASES_MAX)
        return;
    p->name[p->n++] = name;
    clock_gettime(CLOCK_MONOTONIC, &p->at[p->n]);
}

void phases_print(const struct phases *p, const char *cmd, FILE *f)
{
    if (!p->on)
        return;
    fprintf(f, "%s: phases (ms):", cmd);
    for (int i = 0; i < p->n; i++) {
        double ms = (double)(p->at[i + 1].tv_sec - p->at[i].tv_sec) * 1e3 +
                    (double)(p->at[i + 1].tv_nsec - p->at[i].tv_nsec) / 1e6;
        fprintf(f, "%s %s %.2f", i ? "," : "", p->name[i], ms);
    }
    fputc('\n', f);
}
