/* The N+1 detector's state machine, one per connection (see nplus1.h and docs/nplus1.md).
 *
 * Per connection: a ring of the last NP1_RING statements and at most one open run. A statement
 * further than gap_us from the one before resets the connection (a loop is back to back). With no
 * run open, the smallest period p ≤ NP1_PERIOD_MAX whose last two cycles repeat opens one (the
 * statement before them is its parent); the run grows while statements follow its cycle and closes
 * on the first that does not. A closed run is kept (nplus1_patterns.c) when it qualifies. */
#include "analyze/nplus1.h"
#include "analyze/nplus1_int.h"

#include <stdlib.h>
#include <string.h>

struct np1_opts np1_opts_default(void)
{
    return (struct np1_opts){.min_len = 5, .gap_us = 1000000};
}

enum np1_kind np1_kind_of(struct sv fp)
{
    static const struct { const char *w; enum np1_kind k; } words[] = {
        {"select", NP1_SELECT}, {"update", NP1_CHANGE}, {"delete", NP1_CHANGE},
        {"insert", NP1_LOAD},   {"replace", NP1_LOAD},  {"load", NP1_LOAD},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].w);
        if (fp.n >= n && memcmp(fp.p, words[i].w, n) == 0 && (fp.n == n || fp.p[n] == ' '))
            return words[i].k;
    }
    return NP1_OTHER;
}

struct np1_det *np1_new(const struct np1_opts *o, bool head)
{
    struct np1_det *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->o = *o;
    d->head = head;
    d->res.qtime_min_us = NP1_UNKNOWN;
    return d;
}

static void conn_free(struct np1_conn *c)
{
    free(c->headbuf);
    c->headbuf = NULL;
}

void np1_free(struct np1_det *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->cap; i++)
        if (d->conns[i].used)
            conn_free(&d->conns[i]);
    free(d->conns);
    for (size_t i = 0; i < d->nended; i++)
        conn_free(&d->ended[i]);
    free(d->ended);
    np1_result_free(&d->res);
    free(d);
}

static uint64_t conn_hash(uint64_t tid, uint32_t restarts, int file_idx)
{
    uint64_t h = tid * 0x9E3779B97F4A7C15ull ^ ((uint64_t)restarts << 32 | (uint32_t)file_idx);
    return h ^ (h >> 29);
}

static int grow(struct np1_det *d)
{
    size_t cap = d->cap ? d->cap * 2 : 64;
    struct np1_conn *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < d->cap; i++) {
        if (!d->conns[i].used)
            continue;
        const struct np1_conn *c = &d->conns[i];
        size_t j = conn_hash(c->tid, c->restarts, c->file_idx) & (cap - 1);
        while (v[j].used)
            j = (j + 1) & (cap - 1);
        v[j] = *c;
    }
    free(d->conns);
    d->conns = v;
    d->cap = cap;
    return 0;
}

struct np1_conn *np1_conn_get(struct np1_det *d, uint64_t tid, uint32_t restarts, int file_idx,
                              bool head)
{
    if ((d->n + 1) * 2 > d->cap && grow(d) < 0)
        return NULL;
    size_t j = conn_hash(tid, restarts, file_idx) & (d->cap - 1);
    for (; d->conns[j].used; j = (j + 1) & (d->cap - 1)) {
        struct np1_conn *c = &d->conns[j];
        if (c->tid == tid && c->restarts == restarts && c->file_idx == file_idx)
            return c;
    }
    struct np1_conn *c = &d->conns[j];
    memset(c, 0, sizeof *c);
    c->used = true;
    c->tid = tid;
    c->restarts = restarts;
    c->file_idx = file_idx;
    c->last_ts = NP1_UNKNOWN;
    c->head = head;
    d->n++;
    return c;
}

static void slot_of(struct np1_slot *s, const struct np1_event *e)
{
    s->fp = e->fp;
    s->text_hash = e->text_hash;
    s->ts = e->ts_us;
    s->rows = e->rows_sent;
    s->qtime = e->qtime_us;
    s->seq = e->seq;
    s->line = e->line;
    s->kind = e->kind;
}

/* The k-th statement back (0: the latest). */
static const struct np1_slot *back(const struct np1_conn *c, uint32_t k)
{
    return &c->ring[(c->pos + NP1_RING - 1 - k) % NP1_RING];
}

static bool far_apart(int64_t a, int64_t b, int64_t gap)
{
    if (a == NP1_UNKNOWN || b == NP1_UNKNOWN)
        return false;
    return b - a > gap || a - b > gap; /* a clock going back (another log, a restart) too */
}

static void add_time(struct np1_conn *c, int64_t q)
{
    if (q == NP1_UNKNOWN)
        c->timed = false;
    else
        c->run_time += q;
}

/* Whether the last 2p statements are two cycles of a loop of period p, and no shorter one. */
static bool cycles(const struct np1_conn *c, int p)
{
    if (c->seen < (uint32_t)(2 * p))
        return false;
    for (int i = 0; i < p; i++)
        if (back(c, (uint32_t)i)->fp != back(c, (uint32_t)(i + p))->fp)
            return false;
    for (int i = 1; i < p; i++) /* a cycle of one class repeated is period 1 */
        if (back(c, (uint32_t)i)->fp != back(c, 0)->fp)
            return true;
    return p == 1;
}

static void open_run(struct np1_conn *c, int p, const struct np1_event *e)
{
    c->period = p;
    c->run_len = (uint32_t)(2 * p);
    c->first = *back(c, (uint32_t)(2 * p - 1));
    c->last = *back(c, 0);
    c->has_parent = c->seen > (uint32_t)(2 * p);
    if (c->has_parent)
        c->parent = *back(c, (uint32_t)(2 * p));
    c->timed = true;
    c->run_time = 0;
    c->changes = 0;
    for (int i = 0; i < p; i++) {
        const struct np1_slot *s = back(c, (uint32_t)(2 * p - 1 - i)), *t = back(c, (uint32_t)(p - 1 - i));
        c->pat[i] = s->fp;
        c->prev_text[i] = t->text_hash;
        c->changes += s->text_hash != t->text_hash;
        if (c->has_parent && c->parent.fp == s->fp)
            c->has_parent = false; /* the statement before is one of the loop's own */
        add_time(c, s->qtime);
        add_time(c, t->qtime);
    }
    size_t n = e->text.n < sizeof c->example ? e->text.n : sizeof c->example - 1;
    if (e->text.p)
        memcpy(c->example, e->text.p, n);
    c->nexample = e->text.p ? (uint32_t)n : 0;
}

static int close_run(struct np1_det *d, struct np1_conn *c)
{
    int rc = 0;
    if (c->period && !c->head)
        rc = np1_emit(d, c);
    c->period = 0;
    return rc;
}

int np1_step(struct np1_det *d, struct np1_conn *c, const struct np1_event *e)
{
    int rc = 0;
    bool reset = false;
    if (c->seen && far_apart(c->last_ts, e->ts_us, d->o.gap_us)) {
        rc = close_run(d, c);
        c->seen = 0;
        reset = true;
    }
    if (c->period) {
        uint32_t i = c->run_len % (uint32_t)c->period;
        if (e->fp == c->pat[i]) {
            c->changes += e->text_hash != c->prev_text[i];
            c->prev_text[i] = e->text_hash;
            c->run_len++;
            add_time(c, e->qtime_us);
            slot_of(&c->last, e);
        } else if (close_run(d, c) < 0) {
            rc = -1;
        }
    }
    slot_of(&c->ring[c->pos], e);
    c->pos = (c->pos + 1) % NP1_RING;
    if (c->seen < UINT32_MAX)
        c->seen++;
    c->last_ts = e->ts_us;
    for (int p = 1; !c->period && p <= NP1_PERIOD_MAX; p++)
        if (cycles(c, p))
            open_run(c, p, e);
    /* From here on the state is the one any history gives: no run open, and the ring holds only
     * this chunk's statements (or a gap just reset it). */
    if (c->head && !c->period && (reset || c->seen >= NP1_RING))
        c->head = false;
    return rc;
}

static int head_keep(struct np1_det *d, struct np1_conn *c, const struct np1_event *e)
{
    if (c->nhead == NP1_HEAD_MAX) {
        d->overflow = true;
        return 0;
    }
    if (c->nhead == c->caphead) {
        uint32_t cap = c->caphead ? c->caphead * 2 : 16;
        struct np1_event *v = realloc(c->headbuf, cap * sizeof *v);
        if (!v)
            return -1;
        c->headbuf = v;
        c->caphead = cap;
    }
    c->headbuf[c->nhead] = *e;
    c->headbuf[c->nhead].text = (struct sv){NULL, 0};
    c->nhead++;
    return 0;
}

static void count(struct np1_det *d, const struct np1_event *e)
{
    d->res.events++;
    if (e->qtime_us == NP1_UNKNOWN)
        return;
    d->res.events_timed++;
    if (d->res.qtime_min_us == NP1_UNKNOWN || e->qtime_us < d->res.qtime_min_us)
        d->res.qtime_min_us = e->qtime_us;
}

void np1_count_unconnected(struct np1_det *d, const struct np1_event *e)
{
    count(d, e);
}

/* A server restart ended every connection before it: their runs are closed and their state let go
 * (a connection of a later restart is another key). Heads stay, for the stitch. */
static int drop_ended(struct np1_det *d, uint32_t restarts)
{
    d->restarts = restarts;
    size_t kept = 0;
    for (size_t i = 0; i < d->cap; i++) {
        struct np1_conn *c = &d->conns[i];
        if (!c->used || c->restarts >= restarts)
            continue;
        if (c->head) { /* no more statements can come: it waits for the stitch out of the table */
            if (d->nended == d->capended) {
                size_t ncap = d->capended ? d->capended * 2 : 16;
                struct np1_conn *v = realloc(d->ended, ncap * sizeof *v);
                if (!v)
                    return -1;
                d->ended = v;
                d->capended = ncap;
            }
            d->ended[d->nended++] = *c;
            c->headbuf = NULL;
        } else if (c->period && np1_emit(d, c) < 0) {
            return -1;
        }
        conn_free(c);
        c->used = false;
        d->n--;
    }
    /* Rehash what is left (open addressing has no holes to leave). */
    struct np1_conn *old = d->conns;
    size_t cap = d->cap;
    d->conns = NULL;
    d->cap = d->n = 0;
    int rc = 0;
    for (size_t i = 0; i < cap && rc == 0; i++) {
        if (!old[i].used)
            continue;
        struct np1_conn *c = np1_conn_get(d, old[i].tid, old[i].restarts, old[i].file_idx, false);
        if (!c) {
            rc = -1;
            break;
        }
        *c = old[i];
        old[i].headbuf = NULL;
        kept++;
    }
    for (size_t i = 0; i < cap; i++)
        if (old[i].used)
            conn_free(&old[i]);
    free(old);
    (void)kept;
    return rc;
}

int np1_feed(struct np1_det *d, const struct np1_event *e)
{
    count(d, e);
    if (e->restarts > d->restarts && drop_ended(d, e->restarts) < 0)
        return -1;
    d->res.events_with_conn++;
    struct np1_conn *c = np1_conn_get(d, e->thread_id, e->restarts, e->file_idx, d->head);
    if (!c)
        return -1;
    if (c->head && head_keep(d, c, e) < 0)
        return -1;
    return np1_step(d, c, e);
}

bool np1_head_overflow(const struct np1_det *d)
{
    return d->overflow;
}
