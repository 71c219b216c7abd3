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

/* A head's run that the chunk saw go on for long: its statements are not kept, only what the
 * stitch needs to extend the run of the state the chunks before left (docs/nplus1.md). */
struct np1_block {
    bool on, closed;
    uint32_t at;              /* head events before the block */
    uint64_t n;               /* statements in the block */
    int period;
    uint64_t fp[NP1_PERIOD_MAX];       /* classes of its first period statements, in order */
    uint64_t th_first[NP1_PERIOD_MAX]; /* their text hashes */
    uint64_t th_last[NP1_PERIOD_MAX];  /* text hashes of the last period statements, in order */
    uint64_t changes;         /* statements j >= period whose text differs from j - period's */
    int64_t time;
    bool timed;
    /* the connection as the block left it (set when it closes) */
    struct np1_slot last, ring[NP1_RING];
    uint32_t pos;
    int64_t last_ts;
};

struct np1_conn {
    /* Zeroed for a new connection (a corpus of many short connections makes this a hot path):
     * the fields from `pat` on are read only once set. */
    bool head, has_parent, timed;
    int period;               /* of the open run; 0 when none */
    int file_idx;
    uint32_t restarts;
    uint32_t pos, seen;       /* seen: statements since the last reset (saturating) */
    uint32_t run_len, changes; /* statements; how many differed from the one a cycle before */
    uint32_t nexample;
    uint32_t nhead, caphead;
    uint64_t tid;
    int64_t last_ts;
    int64_t run_time;
    struct np1_event *headbuf; /* head mode: the statements kept for the stitch */
    /* the open run */
    uint64_t pat[NP1_PERIOD_MAX], prev_text[NP1_PERIOD_MAX];
    struct np1_slot first, last, parent;
    struct np1_slot ring[NP1_RING];
    char example[256];
    struct np1_block block;   /* block.on and block.closed are cleared for a new connection */
};

struct np1_det {
    struct np1_opts o;
    bool head, overflow;
    struct np1_conn *conns;   /* dense: conns[0..n) */
    size_t n, capconns;
    uint32_t *idx;            /* open addressing over conns: index + 1, 0 empty */
    size_t cap;               /* slots of idx, a power of two */
    uint32_t hot;             /* the connection of the last statement, + 1 (0: none) */
    bool misaligned;          /* a head block met a state its proof excludes (docs/nplus1.md) */
    struct np1_result res;
    uint32_t restarts;        /* the latest restart count fed */
    struct np1_conn *ended;   /* heads of connections a restart ended, kept for the stitch */
    size_t nended, capended;
};

/* The connection's state, created when new; valid until the next call. NULL when out of memory. */
struct np1_conn *np1_conn_get(struct np1_det *d, uint64_t tid, uint32_t restarts, int file_idx,
                              bool head);
void np1_slot_of(struct np1_slot *s, const struct np1_event *e);
/* The k-th statement back (0: the latest). */
const struct np1_slot *np1_back(const struct np1_conn *c, uint32_t k);
/* A server restart ended the connections of runs before `restarts`: runs closed, state freed. */
int np1_drop_ended(struct np1_det *d, uint32_t restarts);
/* A statement of a connection in head mode: kept for the stitch (or summed into its block). */
int np1_head_step(struct np1_det *d, struct np1_conn *c, const struct np1_event *e);
void np1_conn_free(struct np1_conn *c);
int np1_step(struct np1_det *d, struct np1_conn *c, const struct np1_event *e);
/* Replays one head's kept statements (and block) through the carrier's state `to`. */
int np1_replay_head(struct np1_det *carrier, struct np1_conn *to, struct np1_conn *c,
                    uint32_t base, uint64_t delta);
/* Judges the connection's closed run and adds it to d->res when it qualifies. */
int np1_emit(struct np1_det *d, const struct np1_conn *c);

#endif
