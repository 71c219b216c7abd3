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
    if (fp.n == 0 || !strchr("sudirl", fp.p[0])) /* a first letter no word has: most statements */
        return NP1_OTHER;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].w);
        if (fp.p[0] != words[i].w[0])
            continue;
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

void np1_slot_of(struct np1_slot *s, const struct np1_event *e)
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
const struct np1_slot *np1_back(const struct np1_conn *c, uint32_t k)
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
        if (np1_back(c, (uint32_t)i)->fp != np1_back(c, (uint32_t)(i + p))->fp)
            return false;
    for (int i = 1; i < p; i++) /* a cycle of one class repeated is period 1 */
        if (np1_back(c, (uint32_t)i)->fp != np1_back(c, 0)->fp)
            return true;
    return p == 1;
}

static void open_run(struct np1_conn *c, int p, const struct np1_event *e)
{
    c->period = p;
    c->run_len = (uint32_t)(2 * p);
    c->first = *np1_back(c, (uint32_t)(2 * p - 1));
    c->last = *np1_back(c, 0);
    c->has_parent = c->seen > (uint32_t)(2 * p);
    if (c->has_parent)
        c->parent = *np1_back(c, (uint32_t)(2 * p));
    c->timed = true;
    c->run_time = 0;
    c->changes = 0;
    for (int i = 0; i < p; i++) {
        const struct np1_slot *s = np1_back(c, (uint32_t)(2 * p - 1 - i)), *t = np1_back(c, (uint32_t)(p - 1 - i));
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
            np1_slot_of(&c->last, e);
        } else if (close_run(d, c) < 0) {
            rc = -1;
        }
    }
    np1_slot_of(&c->ring[c->pos], e);
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

int np1_feed(struct np1_det *d, const struct np1_event *e)
{
    count(d, e);
    if (e->restarts > d->restarts && np1_drop_ended(d, e->restarts) < 0)
        return -1;
    d->res.events_with_conn++;
    /* Only a connection of the chunk's first server run can have begun before the chunk. */
    struct np1_conn *c = np1_conn_get(d, e->thread_id, e->restarts, e->file_idx,
                                      d->head && e->restarts == 0);
    if (!c)
        return -1;
    if (c->head)
        return np1_head_step(d, c, e);
    return np1_step(d, c, e);
}

bool np1_head_overflow(const struct np1_det *d)
{
    return d->overflow;
}
