/* The exchange between parsing threads: each thread owns the classes whose key hashes to it, and
 * hands every other event to its owner through a ring, so that each class lives in exactly one
 * thread's table. Memory then grows with the classes, not with the classes times the threads, and
 * the tables need no merging at the end. Text that lies in a mapped input travels as a pointer (the
 * mapping outlives the run); everything else is copied into the ring. */
#ifndef SLOWDEX_EXCHANGE_H
#define SLOWDEX_EXCHANGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events/event.h"
#include "fingerprint/fingerprint.h"
#include "util/sv.h"

struct exchange;

/* An event as its owner receives it: the views are valid during the handler only. */
struct xevent {
    struct event ev;
    struct sv key, fingerprint;
    struct sv tags[FP_MAX_COMMENTS];
    int ntags;
    uint64_t seq;
};

typedef int (*xevent_fn)(void *ctx, const struct xevent *e);

struct exchange *exchange_new(int nthreads);
void exchange_free(struct exchange *x);
/* Which thread owns the class of a key with this hash. */
int exchange_owner(const struct exchange *x, uint64_t hash);
/* Sends e from thread `from` to thread `to`. Text inside [stable, stable + nstable) is sent as a
 * pointer. While the ring is full, the sender handles its own incoming events with fn(ctx, …), so two
 * threads sending to each other cannot wait on each other. Returns 0; 1 when the event is too big for
 * the ring (the caller keeps it); -1 when fn failed. */
int exchange_send(struct exchange *x, int from, int to, const struct xevent *e, const char *stable,
                  size_t nstable, xevent_fn fn, void *ctx);
/* Handles every event waiting for thread `me`. Returns how many, or -1 when fn failed. */
long exchange_drain(struct exchange *x, int me, xevent_fn fn, void *ctx);
/* Thread `me` has sent its last event; returns once every thread has, with everything sent to `me`
 * handled. */
int exchange_finish(struct exchange *x, int me, xevent_fn fn, void *ctx);

#endif
