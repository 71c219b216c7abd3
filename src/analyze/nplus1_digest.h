/* Feeding the N+1 detector (nplus1.h) from the digest pipeline's events. */
#ifndef SLOWDEX_NPLUS1_DIGEST_H
#define SLOWDEX_NPLUS1_DIGEST_H
#include "analyze/nplus1.h"
#include "events/attrs.h"
#include "events/event.h"

/* The attribute ids the detector reads, interned once per worker (before its thread runs). */
struct np1_digest_ids {
    uint32_t query_time, rows_sent;
};
void np1_digest_ids(struct np1_digest_ids *ids, struct attr_names *names);
/* One event, in parse order. Returns 0, or -1 when out of memory. */
int np1_digest_feed(struct np1_det *d, const struct np1_digest_ids *ids, const struct event *ev,
                    struct sv fingerprint, uint64_t seq);

#endif
