/* Heads: a chunk's connections that may have begun before the chunk (docs/nplus1.md). Their
 * statements are kept until the state no longer depends on what came before; a run the chunk sees
 * go on for long is kept as a block (counts, text hashes of its ends, time, the ring it leaves)
 * instead of its statements, so a head is a few dozen statements however long its run is. The
 * stitch replays a head through the state the chunks before left. */
#include "analyze/nplus1_int.h"

#include <stdlib.h>
#include <string.h>

/* A run open this long, with this many statements of the chunk seen, is one whatever came before:
 * the state of one thread has the same cycle open at the same phase (docs/nplus1.md). */
#define NP1_BLOCK_AFTER 16

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

/* Whether e goes on the connection's open run (without a gap before it). */
static bool continues(const struct np1_det *d, const struct np1_conn *c, const struct np1_event *e)
{
    if (!c->period || e->fp != c->pat[c->run_len % (uint32_t)c->period])
        return false;
    if (c->last_ts == NP1_UNKNOWN || e->ts_us == NP1_UNKNOWN)
        return true;
    int64_t g = e->ts_us - c->last_ts;
    return g <= d->o.gap_us && -g <= d->o.gap_us;
}

static void block_add(struct np1_conn *c, const struct np1_event *e)
{
    struct np1_block *b = &c->block;
    uint32_t p = (uint32_t)b->period;
    if (b->n < p) {
        b->fp[b->n] = e->fp;
        b->th_first[b->n] = e->text_hash;
    } else {
        b->changes += e->text_hash != c->prev_text[c->run_len % p];
    }
    if (e->qtime_us == NP1_UNKNOWN)
        b->timed = false;
    else
        b->time += e->qtime_us;
    b->n++;
}

/* The connection as the block leaves it: taken before the statement that ends the block. */
static void block_close(struct np1_conn *c)
{
    struct np1_block *b = &c->block;
    if (!b->on || b->closed)
        return;
    b->closed = true;
    uint32_t p = (uint32_t)b->period;
    for (uint32_t k = 0; k < p; k++)
        b->th_last[k] = c->prev_text[(c->run_len + k) % p];
    b->last = c->last;
    memcpy(b->ring, c->ring, sizeof b->ring);
    b->pos = c->pos;
    b->last_ts = c->last_ts;
}

int np1_head_step(struct np1_det *d, struct np1_conn *c, const struct np1_event *e)
{
    struct np1_block *b = &c->block;
    if (b->on && !b->closed && continues(d, c, e)) {
        block_add(c, e);
        return np1_step(d, c, e);
    }
    if (b->on) {
        /* The run the block followed ends here, as it does for one thread (same cycle, same
         * phase): from this statement on the state is any history's. */
        block_close(c);
        if (head_keep(d, c, e) < 0 || np1_step(d, c, e) < 0)
            return -1;
        c->head = false;
        return 0;
    }
    if (head_keep(d, c, e) < 0 || np1_step(d, c, e) < 0)
        return -1;
    if (c->head && c->period && c->run_len >= NP1_BLOCK_AFTER && c->seen >= NP1_BLOCK_AFTER) {
        memset(b, 0, sizeof *b);
        b->on = true;
        b->at = c->nhead;
        b->period = c->period;
        b->timed = true;
    }
    return 0;
}

/* The block through the carrier's state: the run it has open must follow the block's cycle. */
static void replay_block(struct np1_det *carrier, struct np1_conn *to, const struct np1_block *b,
                         uint64_t delta)
{
    uint32_t p = (uint32_t)b->period;
    bool aligned = to->period == b->period && b->n > 0;
    for (uint32_t k = 0; aligned && k < p && k < b->n; k++)
        aligned = to->pat[(to->run_len + k) % p] == b->fp[k];
    if (!aligned) {
        carrier->misaligned = b->n > 0;
        return;
    }
    for (uint32_t k = 0; k < p && k < b->n; k++) {
        uint32_t ph = (to->run_len + k) % p;
        to->changes += b->th_first[k] != to->prev_text[ph];
        to->prev_text[ph] = b->th_first[k];
    }
    if (b->n >= p)
        for (uint32_t k = 0; k < p; k++)
            to->prev_text[(to->run_len + (uint32_t)b->n - p + k) % p] = b->th_last[k];
    to->changes += (uint32_t)b->changes;
    to->run_len += (uint32_t)b->n;
    if (!b->timed)
        to->timed = false;
    else
        to->run_time += b->time;
    to->last = b->last;
    to->last.line += delta;
    for (int k = 0; k < NP1_RING; k++) {
        to->ring[k] = b->ring[k];
        to->ring[k].line += delta;
    }
    to->pos = b->pos;
    to->seen = to->seen + b->n > UINT32_MAX ? UINT32_MAX : to->seen + (uint32_t)b->n;
    to->last_ts = b->last_ts;
}

int np1_replay_head(struct np1_det *carrier, struct np1_conn *to, struct np1_conn *c,
                    uint32_t base, uint64_t delta)
{
    block_close(c); /* a block still open when the chunk ended */
    for (uint32_t k = 0; k <= c->nhead; k++) {
        if (c->block.on && k == c->block.at)
            replay_block(carrier, to, &c->block, delta);
        if (k == c->nhead)
            break;
        struct np1_event e = c->headbuf[k];
        e.restarts += base;
        e.line += delta;
        if (np1_step(carrier, to, &e) < 0)
            return -1;
    }
    return 0;
}
