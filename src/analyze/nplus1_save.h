/* The N+1 patterns in a saved digest: the "nplus1" section of docs/saved-digest.md (the counters
 * NP1.NOT_VISIBLE reads in the header, one line per pattern after the classes). Written and read
 * through agg_save_ex / agg_load_ex, so that src/aggregate knows nothing of N+1. */
#ifndef SLOWDEX_NPLUS1_SAVE_H
#define SLOWDEX_NPLUS1_SAVE_H
#include "aggregate/agg.h"
#include "analyze/nplus1.h"

#define NP1_SAVE_SECTION "nplus1"

/* Saving: what the section's callbacks read. Fill it with np1_save_init, pass s->sec to
 * agg_save_ex, then np1_save_free. */
struct np1_save_class;
struct np1_save {
    struct agg_save_section sec;
    const struct np1_result *r;
    struct np1_save_class *classes; /* the table's classes by hash, to name children and parents */
    uint64_t nclasses;
};
/* Returns 0, or -1 when out of memory. r and t must outlive the save. */
int np1_save_init(struct np1_save *s, const struct np1_result *r, const struct agg_table *t);
void np1_save_free(struct np1_save *s);

/* Loading: the patterns of one saved digest, into a private result that is merged into dst only
 * when the whole file is good (agg_load_ex's commit). salt tells this digest's connections from
 * every other input's (its index among the run's inputs): thread ids of two servers, or of two
 * logs, are not the same connections. Fill it with np1_load_init, pass l->sec to agg_load_ex,
 * then np1_load_free (whether the load succeeded or not). */
struct np1_load {
    struct agg_load_section sec;
    struct np1_result tmp, *dst;
    uint64_t salt;
    uint32_t nfiles;
};
void np1_load_init(struct np1_load *l, struct np1_result *dst, uint64_t salt);
void np1_load_free(struct np1_load *l);

#endif
