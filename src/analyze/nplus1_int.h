/* Internals shared by nplus1.c (the per-connection state machine) and nplus1_patterns.c (runs
 * into patterns, the stitch of a parallel run's chunks). */
#ifndef SLOWDEX_NPLUS1_INT_H
#define SLOWDEX_NPLUS1_INT_H
#include "analyze/nplus1.h"

struct np1_slot {
    uint64_t fp, text_hash, seq, line;
    int64_t ts, rows, qtime;
    uint8_t kind;
};

struct np1_conn {
    bool used, head;
    uint64_t tid;
    uint32_t restarts;
    int file_idx;
    struct np1_slot ring[NP1_RING];
    uint32_t pos, seen;       /* seen: statements since the last reset (saturating) */
    int64_t last_ts;
    /* the open run, when period > 0 */
    int period;
    uint64_t pat[NP1_PERIOD_MAX], prev_text[NP1_PERIOD_MAX];
    uint32_t run_len, changes; /* statements; how many differed from the one a cycle before */
    struct np1_slot first, last, parent;
    bool has_parent, timed;
    int64_t run_time;
    char example[256];
    uint32_t nexample;
    /* head mode: the statements kept for the stitch */
    struct np1_event *headbuf;
    uint32_t nhead, caphead;
};

struct np1_det {
    struct np1_opts o;
    bool head, overflow;
    struct np1_conn *conns;
    size_t n, cap;
    struct np1_result res;
    uint32_t restarts;        /* the latest restart count fed */
    struct np1_conn *ended;   /* heads of connections a restart ended, kept for the stitch */
    size_t nended, capended;
};

struct np1_conn *np1_conn_get(struct np1_det *d, uint64_t tid, uint32_t restarts, int file_idx,
                              bool head);
int np1_step(struct np1_det *d, struct np1_conn *c, const struct np1_event *e);
/* Judges the connection's closed run and adds it to d->res when it qualifies. */
int np1_emit(struct np1_det *d, const struct np1_conn *c);

#endif
