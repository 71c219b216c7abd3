/* N+1 detection: per connection, in statement order, runs of at least K executions of one query
 * class (or of a short cycle of classes, A B A B …: an interleaved loop) with different literal
 * values, close together and preceded by a parent statement. Streaming: the memory is a small
 * window per open connection plus one entry per pattern found, never the log.
 *
 * A parallel digest cuts a file into chunks. Each chunk has its own detector; a connection a chunk
 * did not see from the start of its file begins in "head" mode: its events are kept (compactly)
 * until the detector's state no longer depends on what came before (docs/nplus1.md proves when),
 * and findings before that point are left out. np1_stitch then replays each chunk's heads, in file
 * order, through the state the chunks before left, so the runs are those of one thread. A head that
 * grows past NP1_HEAD_MAX events is refuted (np1_head_overflow): the digest then parses the file on
 * one thread, as for any refuted chunk guess. See docs/nplus1.md. */
#ifndef SLOWDEX_NPLUS1_H
#define SLOWDEX_NPLUS1_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/sv.h"

#define NP1_PERIOD_MAX 3  /* the longest cycle of an interleaved loop (A B C A B C …) */
#define NP1_RING 8        /* statements of history per connection (≥ 2 * NP1_PERIOD_MAX + 1) */
#define NP1_RUNS_KEPT 32  /* runs listed per pattern (the earliest ones) */
#define NP1_EXAMPLES 3
#define NP1_HEAD_MAX 4096
#define NP1_UNKNOWN INT64_MIN

/* What a statement is, as far as loops are concerned (from its fingerprint's first word). */
enum np1_kind { NP1_OTHER, NP1_SELECT, NP1_CHANGE /* UPDATE, DELETE */, NP1_LOAD /* INSERT, REPLACE, LOAD */ };

struct np1_opts {
    uint32_t min_len;   /* K: the fewest iterations of a loop (default 5) */
    int64_t gap_us;     /* statements further apart than this are not one loop (default 1 s) */
};

/* One statement as the detector sees it. text is read during np1_feed only. */
struct np1_event {
    uint64_t thread_id;
    uint32_t restarts;
    int file_idx;
    int64_t ts_us;      /* NP1_UNKNOWN when the log has no time */
    uint64_t fp;        /* agg_key_hash of the fingerprint */
    uint64_t text_hash; /* hash of the statement text: equal texts are equal values */
    int64_t rows_sent;  /* NP1_UNKNOWN when not logged */
    int64_t qtime_us;   /* NP1_UNKNOWN when not logged */
    uint64_t seq, line;
    uint8_t kind;       /* enum np1_kind */
    struct sv text;
};

struct np1_run {
    uint64_t thread_id;
    uint32_t restarts;
    int file_idx;
    uint64_t first_line, last_line, first_seq;
    int64_t ts_first, ts_last;
    uint32_t statements, iterations;
    int64_t time_us;    /* NP1_UNKNOWN when some statement had no Query_time */
};

/* A pattern: one parent class, one loop body (1 to NP1_PERIOD_MAX classes). A repeat (the same
 * statement with the same values again and again: cacheable) has no parent. */
struct np1_pattern {
    bool repeat;
    uint64_t parent_fp;            /* 0 for a repeat */
    uint64_t child_fp[NP1_PERIOD_MAX];
    int period;
    uint64_t runs, statements, parent_rows_sum, parent_rows_cnt;
    uint32_t len_min, len_max;     /* in iterations */
    uint32_t len_hist[256];        /* iterations < 256, exact */
    uint32_t len_big[32];          /* iterations ≥ 256 by power of two */
    int64_t time_us;               /* sum over timed statements */
    uint64_t timed_statements;
    int64_t ts_min, ts_max;
    uint64_t conns[8];             /* distinct (file, thread id) pairs, hashed: the first 8 */
    uint32_t nconns;               /* how many of conns are set; 8 means 8 or more */
    struct np1_run kept[NP1_RUNS_KEPT]; /* the earliest runs by seq, sorted */
    uint32_t nkept;
    char *examples[NP1_EXAMPLES];  /* a child statement of each of the earliest runs, owned */
    uint64_t example_seq[NP1_EXAMPLES];
    uint32_t nexamples;
};

struct np1_result {
    struct np1_pattern *v;
    size_t n, cap;
    uint64_t events, events_with_conn, events_timed;
    int64_t qtime_min_us;          /* NP1_UNKNOWN when no event had a Query_time */
    bool oom;
    bool inexact;   /* a chunk's head met a state docs/nplus1.md proves it cannot (never seen) */
};

struct np1_det;

struct np1_opts np1_opts_default(void);
/* head: connections start in head mode (a chunk that does not begin its file). NULL when out of
 * memory. */
struct np1_det *np1_new(const struct np1_opts *o, bool head);
void np1_free(struct np1_det *d);
/* Moves from's connection storage (grown to the most connections its item had open at once) to
 * `to`, a detector fed nothing yet, and leaves from a right-sized copy of the connections it still
 * holds for the stitch. A worker's items then touch that memory once, not once per chunk (a chunk
 * of bench/out/corpus.log opens over a thousand connections: 3.6 MB of page faults each). Only a
 * saving: when it cannot be made, both keep their own. */
void np1_handover(struct np1_det *from, struct np1_det *to);
/* Feeds one statement of a connection, in log order. Events without a connection id are only
 * counted (np1_count_unconnected). Returns 0, or -1 when out of memory. */
int np1_feed(struct np1_det *d, const struct np1_event *e);
void np1_count_unconnected(struct np1_det *d, const struct np1_event *e);
/* Whether some connection's head outgrew NP1_HEAD_MAX (the stitch cannot be exact). */
bool np1_head_overflow(const struct np1_det *d);
/* The detectors of one file's items, in order (the first not in head mode), each after its
 * item's parse; restart_base[i] and line_delta[i] shift item i's chunk-relative counts. Replays
 * heads, closes the runs still open at the end, and adds every pattern to out. The detectors are
 * left spent (free them). Returns 0, or -1 when out of memory. */
int np1_stitch(struct np1_det **dets, const uint32_t *restart_base, const uint64_t *line_delta,
               int n, struct np1_result *out);
void np1_result_free(struct np1_result *r);
/* Moves every pattern of src into dst, exactly as the chunks of a run are joined (a pattern both
 * have: runs, lengths, times add; the earliest runs and examples by seq kept), and adds src's
 * counters. src's examples change hands: free src after. Returns 0, or -1 when out of memory. */
int np1_result_merge(struct np1_result *dst, struct np1_result *src);
/* Median of a pattern's run lengths in iterations. */
uint32_t np1_pattern_median(const struct np1_pattern *p);
enum np1_kind np1_kind_of(struct sv fingerprint);
/* Every kept run, one per line (tests, SLOWDEX_DEBUG_NPLUS1). */
void np1_print_runs(const struct np1_result *r, FILE *out);

#endif
