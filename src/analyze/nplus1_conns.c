/* The N+1 detector's connections: a dense array of states with an open-addressing index over it,
 * so that a server restart, which ends every connection before it, compacts the array and rebuilds
 * a small index instead of rehashing big states (a concatenated corpus restarts thousands of times),
 * and a hot entry for the connection of the last statement (a loop's statements come back to
 * back). Memory follows the connections open at once. */
#include "analyze/nplus1_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void np1_conn_free(struct np1_conn *c)
{
    free(c->headbuf);
    c->headbuf = NULL;
}

void np1_free(struct np1_det *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        np1_conn_free(&d->conns[i]);
    free(d->conns);
    free(d->idx);
    for (size_t i = 0; i < d->nended; i++)
        np1_conn_free(&d->ended[i]);
    free(d->ended);
    np1_result_free(&d->res);
    free(d);
}

void np1_handover(struct np1_det *from, struct np1_det *to)
{
    if (!from || !to || to->conns || from->capconns <= from->n)
        return;
    struct np1_conn *v = NULL;
    if (from->n && !(v = malloc(from->n * sizeof *v)))
        return;
    if (from->n)
        memcpy(v, from->conns, from->n * sizeof *v); /* their head buffers change hands too */
    to->conns = from->conns;
    to->capconns = from->capconns;
    from->conns = v;
    from->capconns = from->n; /* the index still holds positions 0..n) */
}

static size_t conn_slot(uint64_t tid, uint32_t restarts, int file_idx, size_t cap)
{
    uint64_t h = (tid ^ ((uint64_t)restarts << 40) ^ ((uint64_t)(uint32_t)file_idx << 52)) *
                 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1); /* the product's high bits mix every bit of the key */
}

static bool conn_is(const struct np1_conn *c, uint64_t tid, uint32_t restarts, int file_idx)
{
    return c->tid == tid && c->restarts == restarts && c->file_idx == file_idx;
}

/* Rebuilds the index over conns[0..n) with at least twice as many slots as connections. */
static int reindex(struct np1_det *d, size_t want)
{
    size_t cap = 16;
    while (cap < want * 2)
        cap *= 2;
    if (cap != d->cap) {
        uint32_t *v = malloc(cap * sizeof *v);
        if (!v)
            return -1;
        free(d->idx);
        d->idx = v;
        d->cap = cap;
    }
    memset(d->idx, 0, d->cap * sizeof *d->idx);
    for (size_t i = 0; i < d->n; i++) {
        const struct np1_conn *c = &d->conns[i];
        size_t j = conn_slot(c->tid, c->restarts, c->file_idx, d->cap);
        while (d->idx[j])
            j = (j + 1) & (d->cap - 1);
        d->idx[j] = (uint32_t)i + 1;
    }
    return 0;
}

static struct np1_conn *conn_add(struct np1_det *d, size_t slot)
{
    if (d->n == d->capconns) {
        size_t ncap = d->capconns ? d->capconns * 2 : 16;
        struct np1_conn *v = realloc(d->conns, ncap * sizeof *v);
        if (!v)
            return NULL;
        d->conns = v;
        d->capconns = ncap;
    }
    d->idx[slot] = (uint32_t)d->n + 1;
    return &d->conns[d->n++];
}

struct np1_conn *np1_conn_get(struct np1_det *d, uint64_t tid, uint32_t restarts, int file_idx,
                              bool head)
{
    if (d->hot && conn_is(&d->conns[d->hot - 1], tid, restarts, file_idx))
        return &d->conns[d->hot - 1];
    if ((d->n + 1) * 2 > d->cap && reindex(d, d->n + 1) < 0)
        return NULL;
    size_t j = conn_slot(tid, restarts, file_idx, d->cap);
    for (; d->idx[j]; j = (j + 1) & (d->cap - 1)) {
        struct np1_conn *c = &d->conns[d->idx[j] - 1];
        if (conn_is(c, tid, restarts, file_idx)) {
            d->hot = d->idx[j];
            return c;
        }
    }
    struct np1_conn *c = conn_add(d, j);
    if (!c)
        return NULL;
    memset(c, 0, offsetof(struct np1_conn, pat));
    c->block.on = c->block.closed = false;
    c->tid = tid;
    c->restarts = restarts;
    c->file_idx = file_idx;
    c->last_ts = NP1_UNKNOWN;
    c->head = head;
    d->hot = (uint32_t)d->n;
    return c;
}

static int keep_ended(struct np1_det *d, struct np1_conn *c)
{
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
    return 0;
}

int np1_drop_ended(struct np1_det *d, uint32_t restarts)
{
    d->restarts = restarts;
    size_t kept = 0;
    int rc = 0;
    for (size_t i = 0; i < d->n; i++) {
        struct np1_conn *c = &d->conns[i];
        if (c->restarts >= restarts) {
            d->conns[kept++] = *c;
            continue;
        }
        /* A head waits for the stitch out of the table (no more statements can come); heads are
         * only of the chunk's first server run, so these are the connections open at its start. */
        if (c->head)
            rc |= keep_ended(d, c);
        else if (c->period)
            rc |= np1_emit(d, c);
        np1_conn_free(c);
    }
    d->n = kept;
    d->hot = 0;
    if (reindex(d, kept) < 0)
        return -1;
    return rc < 0 ? -1 : 0;
}
