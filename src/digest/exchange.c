/* Rings between parsing threads; see exchange.h.
 *
 * One single-producer single-consumer byte ring per ordered pair of threads. A record is a 32-bit
 * length and the encoded event, starting on an 8-byte boundary; a record that would cross the end of
 * the buffer is preceded by a wrap marker and starts again at the beginning. The producer publishes
 * `tail` with release order after writing, the consumer publishes `head` after handling, so neither
 * ever reads half a record. */
#include "digest/exchange.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING_BYTES ((size_t)4 << 20)
#define WRAP_MARK 0xFFFFFFFFu
#define STR_NULL 0
#define STR_INLINE 1
#define STR_POINTER 2

struct ring {
    _Alignas(64) atomic_size_t head; /* bytes consumed, ever */
    _Alignas(64) atomic_size_t tail; /* bytes produced, ever */
    _Alignas(64) char *buf;
};

struct scratch {
    struct event_attr *attrs;
    uint32_t cap;
};

struct exchange {
    int n;
    struct ring *rings;       /* rings[from * n + to] */
    struct scratch *scratch;  /* per receiving thread */
    atomic_int sending;       /* threads that may still send */
};

struct exchange *exchange_new(int nthreads)
{
    struct exchange *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->n = nthreads;
    x->rings = aligned_alloc(64, sizeof *x->rings * (size_t)(nthreads * nthreads));
    x->scratch = calloc((size_t)nthreads, sizeof *x->scratch);
    if (!x->rings || !x->scratch) {
        free(x->rings);
        free(x->scratch);
        free(x);
        return NULL;
    }
    memset(x->rings, 0, sizeof *x->rings * (size_t)(nthreads * nthreads));
    for (int i = 0; i < nthreads * nthreads; i++)
        if (i / nthreads != i % nthreads && !(x->rings[i].buf = malloc(RING_BYTES))) {
            exchange_free(x);
            return NULL;
        }
    atomic_store(&x->sending, nthreads);
    return x;
}

void exchange_free(struct exchange *x)
{
    if (!x)
        return;
    for (int i = 0; i < x->n * x->n; i++)
        free(x->rings[i].buf);
    for (int i = 0; i < x->n; i++)
        free(x->scratch[i].attrs);
    free(x->rings);
    free(x->scratch);
    free(x);
}

int exchange_owner(const struct exchange *x, uint64_t hash)
{
    /* The high bits: the class tables index their slots with the low ones. */
    return (int)((hash >> 40) % (uint64_t)x->n);
}

/* ---- encoding --------------------------------------------------------------------------------- */

static bool is_stable(struct sv s, const char *stable, size_t nstable)
{
    return stable && s.p >= stable && s.n <= nstable && (size_t)(s.p - stable) <= nstable - s.n;
}

static size_t str_size(struct sv s, const char *stable, size_t nstable)
{
    if (!s.p)
        return 1;
    return 1 + 4 + (is_stable(s, stable, nstable) ? sizeof(char *) : s.n);
}

static char *put(char *w, const void *p, size_t n)
{
    memcpy(w, p, n);
    return w + n;
}

static char *put_str(char *w, struct sv s, const char *stable, size_t nstable)
{
    uint8_t kind = !s.p ? STR_NULL : is_stable(s, stable, nstable) ? STR_POINTER : STR_INLINE;
    *w++ = (char)kind;
    if (kind == STR_NULL)
        return w;
    uint32_t n = (uint32_t)s.n;
    w = put(w, &n, 4);
    return kind == STR_POINTER ? put(w, &s.p, sizeof s.p) : put(w, s.p, s.n);
}

/* The fixed part of a record: everything but the texts. */
struct xfixed {
    uint64_t offset, line, seq, thread_id;
    int64_t ts_us, set_timestamp;
    uint32_t restarts, nattrs;
    int32_t file_idx;
    uint8_t is_admin, has_thread_id, ntags, key_is_fp, stable;
};

static size_t record_size(const struct xevent *e, const char *stable, size_t nstable)
{
    const struct event *ev = &e->ev;
    size_t n = sizeof(struct xfixed);
    struct sv texts[7] = {ev->query, ev->user, ev->host, ev->ip, ev->db, ev->explain, e->fingerprint};
    for (int i = 0; i < 7; i++)
        n += str_size(texts[i], stable, nstable);
    if (!(e->key.p == e->fingerprint.p && e->key.n == e->fingerprint.n))
        n += str_size(e->key, stable, nstable);
    for (int i = 0; i < e->ntags; i++)
        n += str_size(e->tags[i], NULL, 0);
    for (uint32_t i = 0; i < ev->nattrs; i++)
        n += 4 + str_size(ev->attrs[i].value, stable, nstable);
    return n;
}

static void encode(char *w, const struct xevent *e, const char *stable, size_t nstable)
{
    const struct event *ev = &e->ev;
    struct xfixed f = {ev->offset, ev->line, e->seq, ev->thread_id, ev->ts_us, ev->set_timestamp,
                       ev->restarts, ev->nattrs, ev->file_idx, ev->is_admin, ev->has_thread_id,
                       (uint8_t)e->ntags,
                       e->key.p == e->fingerprint.p && e->key.n == e->fingerprint.n,
                       /* the query travels as a pointer only when it is in the mapping */
                       ev->stable && is_stable(ev->query, stable, nstable)};
    w = put(w, &f, sizeof f);
    struct sv texts[7] = {ev->query, ev->user, ev->host, ev->ip, ev->db, ev->explain, e->fingerprint};
    for (int i = 0; i < 7; i++)
        w = put_str(w, texts[i], stable, nstable);
    if (!f.key_is_fp)
        w = put_str(w, e->key, stable, nstable);
    for (int i = 0; i < e->ntags; i++)
        w = put_str(w, e->tags[i], NULL, 0);
    for (uint32_t i = 0; i < ev->nattrs; i++) {
        w = put(w, &ev->attrs[i].id, 4);
        w = put_str(w, ev->attrs[i].value, stable, nstable);
    }
}

/* ---- decoding --------------------------------------------------------------------------------- */

static const char *get_str(const char *r, struct sv *s)
{
    uint8_t kind = (uint8_t)*r++;
    if (kind == STR_NULL) {
        *s = SV_NULL;
        return r;
    }
    uint32_t n;
    memcpy(&n, r, 4);
    r += 4;
    if (kind == STR_POINTER) {
        const char *p;
        memcpy(&p, r, sizeof p);
        *s = sv_make(p, n);
        return r + sizeof p;
    }
    *s = sv_make(r, n);
    return r + n;
}

static int decode(const char *r, struct scratch *sc, struct xevent *e)
{
    struct xfixed f;
    memcpy(&f, r, sizeof f);
    r += sizeof f;
    memset(e, 0, sizeof *e);
    struct event *ev = &e->ev;
    ev->offset = f.offset;
    ev->line = f.line;
    ev->thread_id = f.thread_id;
    ev->ts_us = f.ts_us;
    ev->set_timestamp = f.set_timestamp;
    ev->restarts = f.restarts;
    ev->file_idx = f.file_idx;
    ev->is_admin = f.is_admin;
    ev->has_thread_id = f.has_thread_id;
    ev->stable = f.stable;
    e->seq = f.seq;
    e->ntags = f.ntags;
    struct sv *texts[7] = {&ev->query, &ev->user, &ev->host, &ev->ip, &ev->db, &ev->explain,
                           &e->fingerprint};
    for (int i = 0; i < 7; i++)
        r = get_str(r, texts[i]);
    if (f.key_is_fp)
        e->key = e->fingerprint;
    else
        r = get_str(r, &e->key);
    for (int i = 0; i < e->ntags; i++)
        r = get_str(r, &e->tags[i]);
    if (f.nattrs > sc->cap) {
        struct event_attr *a = realloc(sc->attrs, f.nattrs * sizeof *a);
        if (!a)
            return -1;
        sc->attrs = a;
        sc->cap = f.nattrs;
    }
    for (uint32_t i = 0; i < f.nattrs; i++) {
        memcpy(&sc->attrs[i].id, r, 4);
        r = get_str(r + 4, &sc->attrs[i].value);
    }
    ev->attrs = sc->attrs;
    ev->nattrs = f.nattrs;
    return 0;
}

/* ---- the rings -------------------------------------------------------------------------------- */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static void pause_briefly(void)
{
    struct timespec ts = {0, 20000}; /* 20 µs: the other thread is busy, not stuck */
    nanosleep(&ts, NULL);
}

long exchange_drain(struct exchange *x, int me, xevent_fn fn, void *ctx)
{
    long handled = 0;
    for (int from = 0; from < x->n; from++) {
        if (from == me)
            continue;
        struct ring *r = &x->rings[from * x->n + me];
        size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
        size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
        while (head < tail) {
            size_t pos = head % RING_BYTES;
            uint32_t len;
            memcpy(&len, r->buf + pos, 4);
            if (len == WRAP_MARK) {
                head += RING_BYTES - pos;
                continue;
            }
            struct xevent e;
            if (decode(r->buf + pos + 4, &x->scratch[me], &e) < 0 || fn(ctx, &e) < 0) {
                atomic_store_explicit(&r->head, head, memory_order_release);
                return -1;
            }
            head += align8(4 + (size_t)len);
            handled++;
            atomic_store_explicit(&r->head, head, memory_order_release);
        }
    }
    return handled;
}

int exchange_send(struct exchange *x, int from, int to, const struct xevent *e, const char *stable,
                  size_t nstable, xevent_fn fn, void *ctx)
{
    size_t len = record_size(e, stable, nstable);
    size_t need = align8(4 + len);
    if (need > RING_BYTES / 4)
        return 1;
    struct ring *r = &x->rings[from * x->n + to];
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t pos = tail % RING_BYTES;
    size_t wrap = pos + need > RING_BYTES ? RING_BYTES - pos : 0;
    for (;;) {
        size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
        if (RING_BYTES - (tail - head) >= wrap + need)
            break;
        long got = exchange_drain(x, from, fn, ctx);
        if (got < 0)
            return -1;
        if (got == 0)
            pause_briefly();
    }
    if (wrap) {
        uint32_t mark = WRAP_MARK;
        memcpy(r->buf + pos, &mark, 4);
        tail += wrap;
        pos = 0;
    }
    uint32_t n = (uint32_t)len;
    memcpy(r->buf + pos, &n, 4);
    encode(r->buf + pos + 4, e, stable, nstable);
    atomic_store_explicit(&r->tail, tail + need, memory_order_release);
    return 0;
}

int exchange_finish(struct exchange *x, int me, xevent_fn fn, void *ctx)
{
    atomic_fetch_sub(&x->sending, 1);
    for (;;) {
        bool last = atomic_load(&x->sending) == 0;
        long got = exchange_drain(x, me, fn, ctx);
        if (got < 0)
            return -1;
        if (last)
            return 0;
        if (got == 0)
            pause_briefly();
    }
}
