/* The pieces of a digest run: the work plan (inputs opened and cut into items), the per-thread
 * worker state, and the progress line. Internal to src/digest/. */
#ifndef SLOWDEX_WORK_H
#define SLOWDEX_WORK_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "digest/digest.h"
#include "analyze/nplus1_digest.h"
#include "digest/exchange.h"
#include "events/slowlog.h"
#include "fingerprint/fingerprint.h"
#include "input/reader.h"
#include "input/source.h"

/* One unit of parsing: a whole stream, a whole small file, or one chunk of a big mapped file. The
 * events of an item go to the tables of the threads that own their classes (exchange.h); what is the
 * item's own is what it learnt about its input: counts, diagnostics, where it stopped. */
struct work_item {
    int file_idx;
    struct source *src;        /* shared by the chunks of one file; owned by the plan */
    bool is_chunk;             /* a chunk that does not start at the file's beginning */
    bool streamed;             /* read through `reader` (gzip, stdin) rather than mapped */
    bool genlog;               /* a general query log (events/genlog.h), always a whole input */
    struct reader reader;      /* for a streamed item: already holds the first block */
    uint64_t start;            /* input offset where parsing starts */
    uint64_t stop_at;          /* the next chunk's (guessed) start, UINT64_MAX for the last */
    struct slowlog_carry carry_in;
    bool carry_known;          /* carry_in is proven (a re-run), not to be guessed */
    bool dropped;              /* a chunk folded back into its file's first item (unchunk) */
    /* results */
    struct diag diag;
    struct slowlog_stats stats;
    uint64_t first_line;
    uint64_t stop_actual;      /* where the first event this item did not return begins */
    uint64_t stop_line;
    uint64_t line_delta;       /* lines before `start` (a chunk counts from its own start) */
    struct slowlog_carry carry_out;
    struct np1_det *np1;       /* the item's N+1 detector (analyze/nplus1.h); NULL when off */
    uint64_t bytes;            /* bytes this item covered */
    bool read_failed;
    char error[256];
};

/* What the threads have done so far, for the progress line. */
struct progress_counts {
    atomic_uint_fast64_t bytes, events;
};

struct worker {
    const struct digest_config *cfg;
    int id;                           /* which partition of the classes this thread owns */
    struct agg_table *table;          /* the classes it owns */
    struct attr_names *names;         /* shared by every thread of the run */
    struct exchange *x;               /* NULL with one thread */
    struct fp_state fp;
    struct filter_match *fm;
    struct buf tags;
    struct progress_counts *done;     /* progress; may be NULL */
    int64_t since_us, until_us;       /* EVENT_TS_UNKNOWN when not set */
    struct np1_digest_ids np1_ids;
    struct np1_det *np1_last;         /* the detector of the item it ran last: np1_handover */
};

struct work_plan {
    struct source **sources;   /* one per input, NULL for one that failed or was a saved digest */
    int nsources;
    struct work_item *items;
    size_t nitems, capitems;
    uint64_t total_bytes;      /* for progress */
    struct attr_names *names;  /* attribute names of every item */
};

/* A class table of the run: its file list holds the inputs in order, so that an event's file_idx
 * names its input in every table. NULL when out of memory. */
struct agg_table *digest_table_new(const struct digest_config *cfg);
int worker_init(struct worker *w, const struct digest_config *cfg, int id,
                struct attr_names *names, struct exchange *x);
void worker_free(struct worker *w);

/* Opens every input, loads saved digests into res->table, records unreadable inputs in res->files,
 * and cuts the rest into items. Returns 0, or -1 when out of memory. */
int work_plan_build(struct work_plan *plan, const struct digest_config *cfg,
                    struct digest_result *res);
/* The latest event time in any input (for --since 1h), or EVENT_TS_UNKNOWN. */
int64_t work_plan_log_end(struct work_plan *plan, const struct digest_config *cfg);
/* After a refuted guess: every mapped file becomes one item again (its first chunk, reset, reads to
 * the end; the other chunks are dropped). */
void work_plan_unchunk(struct work_plan *plan);
/* Once every chunk is parsed: turns the line numbers chunks counted from their own start (in their
 * diagnostics and in the samples of t) into lines of the file. */
void work_plan_fix_lines(struct work_plan *plan, struct agg_table *t);
/* Adds every item's counts and diagnostics to res, in input order. */
void work_plan_finish(struct work_plan *plan, struct digest_result *res);
void work_plan_free(struct work_plan *plan);

void work_item_run(struct work_item *it, struct worker *w);
/* An event another thread sent to this one, the owner of its class. */
int worker_receive(void *worker, const struct xevent *e);
bool work_carry_equal(const struct slowlog_carry *a, const struct slowlog_carry *b);
bool work_bound_is_relative(const char *bound, const struct tzone *tz);

struct progress;
/* Starts a thread that redraws a progress line on stderr twice a second; NULL when stderr is not a
 * terminal, or when the input is small unless `always`. */
struct progress *progress_start(const struct work_plan *plan, struct progress_counts *done,
                                bool always);
void progress_stop(struct progress *p);

#endif
