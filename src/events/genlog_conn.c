/* The general-log parser's per-connection state: a hash table by connection id, open addressing
 * with linear probing and backward-shift deletion. It holds only connections that said who they
 * are or which database they use, and lets them go at Quit, so its size follows the connections
 * open at once. A log whose Quit lines are missing (clients that died, a log cut in the middle)
 * would still grow it: past `max` entries the least recently touched half is forgotten (their
 * later statements then have no user or db, as in a log that starts in the middle). */
#include <stdlib.h>
#include <string.h>

#include "events/genlog_int.h"

static size_t slot_of(const struct gl_conns *t, uint64_t id)
{
    uint64_t h = id * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 17) & (t->cap - 1);
}

static void conn_free_strings(struct gl_conn *c)
{
    free(c->user);
    free(c->host);
    free(c->db);
}

struct gl_conn *gl_conns_get(struct gl_conns *t, uint64_t id)
{
    if (!t->cap)
        return NULL;
    for (size_t i = slot_of(t, id);; i = (i + 1) & (t->cap - 1)) {
        if (!t->slots[i].used)
            return NULL;
        if (t->slots[i].id == id)
            return &t->slots[i];
    }
}

/* Puts an entry into slots whose id is known to be absent. */
static void place(struct gl_conn *slots, size_t cap, const struct gl_conn *c)
{
    uint64_t h = c->id * UINT64_C(0x9E3779B97F4A7C15);
    size_t i = (size_t)(h >> 17) & (cap - 1);
    while (slots[i].used)
        i = (i + 1) & (cap - 1);
    slots[i] = *c;
}

/* Rebuilds the table with `cap` slots, keeping the entries touched after `older` (all of them
 * when older is 0). Returns 0, or -1 when out of memory (the table is then unchanged). */
static int rebuild(struct gl_conns *t, size_t cap, uint64_t older)
{
    struct gl_conn *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->cap; i++) {
        struct gl_conn *c = &t->slots[i];
        if (!c->used)
            continue;
        if (older && c->last <= older) {
            conn_free_strings(c);
            continue;
        }
        place(slots, cap, c);
        n++;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    t->n = n;
    return 0;
}

/* Forgets the least recently touched half (by the midpoint of the touch counters). */
static void evict(struct gl_conns *t)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].used) {
            uint64_t l = t->slots[i].last;
            lo = l < lo ? l : lo;
            hi = l > hi ? l : hi;
        }
    uint64_t mid = lo + (hi - lo) / 2;
    rebuild(t, t->cap, mid ? mid : 1); /* when out of memory the table just stays full */
}

struct gl_conn *gl_conns_put(struct gl_conns *t, uint64_t id, uint64_t now)
{
    struct gl_conn *c = gl_conns_get(t, id);
    if (c) {
        c->last = now;
        return c;
    }
    if (t->max && t->n >= t->max)
        evict(t);
    if ((t->n + 1) * 4 > t->cap * 3 && rebuild(t, t->cap ? t->cap * 2 : 64, 0) < 0)
        return NULL;
    struct gl_conn fresh = {.id = id, .last = now, .used = true};
    place(t->slots, t->cap, &fresh);
    t->n++;
    return gl_conns_get(t, id);
}

void gl_conns_del(struct gl_conns *t, uint64_t id)
{
    struct gl_conn *c = gl_conns_get(t, id);
    if (!c)
        return;
    conn_free_strings(c);
    size_t hole = (size_t)(c - t->slots), mask = t->cap - 1;
    memset(c, 0, sizeof *c);
    t->n--;
    /* Backward shift: move up every later entry of the run that may live in the hole. */
    for (size_t j = (hole + 1) & mask; t->slots[j].used; j = (j + 1) & mask) {
        size_t home = slot_of(t, t->slots[j].id);
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (!movable)
            continue;
        t->slots[hole] = t->slots[j];
        memset(&t->slots[j], 0, sizeof t->slots[j]);
        hole = j;
    }
}

void gl_conns_clear(struct gl_conns *t)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].used) {
            conn_free_strings(&t->slots[i]);
            memset(&t->slots[i], 0, sizeof t->slots[i]);
        }
    t->n = 0;
}

void gl_conns_free(struct gl_conns *t)
{
    gl_conns_clear(t);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

int gl_conn_set(char **field, struct sv v)
{
    free(*field);
    *field = NULL;
    if (!v.n)
        return 0;
    if (!(*field = malloc(v.n + 1)))
        return -1;
    memcpy(*field, v.p, v.n);
    (*field)[v.n] = '\0';
    return 0;
}
