/* The wall time of a command's phases, printed on stderr when SLOWDEX_DEBUG_PHASES is set: where a
 * run's time goes, measured inside the process. End-to-end timings on a shared machine vary by
 * more than a small phase costs; bench/rules-overhead reads these to tell what the rule catalog
 * adds phase by phase. */
#ifndef SLOWDEX_PHASES_H
#define SLOWDEX_PHASES_H
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#define PHASES_MAX 12

struct phases {
    bool on;
    int n;
    const char *name[PHASES_MAX];
    struct timespec at[PHASES_MAX + 1]; /* at[0]: the start; at[i+1]: the end of phase i */
};

/* Starts the clock when SLOWDEX_DEBUG_PHASES is set (else every call is a no-op). */
void phases_start(struct phases *p);
/* Ends the phase named name (a literal), which began at the previous mark. */
void phases_mark(struct phases *p, const char *name);
/* One line: "<cmd>: phases (ms): name 1.2, name 3.4, ...". */
void phases_print(const struct phases *p, const char *cmd, FILE *f);

#endif
