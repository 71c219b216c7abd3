/* The digest's side of N+1 detection: one logged event into the detector's compact statement
 * (connection, time, class hash, hash of the text, Rows_sent, Query_time). The time is the
 * statement's start when Query_time is known (the log's time is its end). */
#include "analyze/nplus1_digest.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "aggregate/agg.h"

/* "0.000454" → 454 µs; NP1_UNKNOWN when not a plain decimal. */
static int64_t parse_us(struct sv v)
{
    int64_t whole = 0, frac = 0;
    size_t i = 0;
    int digits = 0;
    for (; i < v.n && v.p[i] >= '0' && v.p[i] <= '9' && whole < INT64_MAX / 10; i++)
        whole = whole * 10 + (v.p[i] - '0');
    if (i == 0)
        return NP1_UNKNOWN;
    if (i < v.n && v.p[i] == '.')
        for (i++; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
            if (digits < 6) {
                frac = frac * 10 + (v.p[i] - '0');
                digits++;
            }
    for (; digits < 6; digits++)
        frac *= 10;
    if (whole >= INT64_MAX / 1000000) /* a garbled time: not one a loop takes */
        return NP1_UNKNOWN;
    return whole * 1000000 + frac;
}

static int64_t parse_int(struct sv v)
{
    int64_t x = 0;
    size_t i = 0;
    for (; i < v.n && v.p[i] >= '0' && v.p[i] <= '9' && x < INT64_MAX / 10; i++)
        x = x * 10 + (v.p[i] - '0');
    return i ? x : NP1_UNKNOWN;
}

void np1_digest_ids(struct np1_digest_ids *ids, struct attr_names *names)
{
    ids->query_time = attr_names_intern(names, sv_cstr("Query_time"));
    ids->rows_sent = attr_names_intern(names, sv_cstr("Rows_sent"));
}

int np1_digest_feed(struct np1_det *d, const struct np1_digest_ids *ids, const struct event *ev,
                    struct sv fingerprint, uint64_t seq)
{
    struct np1_event e = {
        .thread_id = ev->thread_id, .restarts = ev->restarts, .file_idx = ev->file_idx,
        .ts_us = ev->ts_us == EVENT_TS_UNKNOWN ? NP1_UNKNOWN : ev->ts_us,
        .rows_sent = NP1_UNKNOWN, .qtime_us = NP1_UNKNOWN, .seq = seq, .line = ev->line,
        .text = ev->query,
    };
    for (uint32_t i = 0, found = 0; i < ev->nattrs && found < 2; i++) {
        if (ev->attrs[i].id == ids->query_time) {
            e.qtime_us = parse_us(ev->attrs[i].value);
            found++;
        } else if (ev->attrs[i].id == ids->rows_sent) {
            e.rows_sent = parse_int(ev->attrs[i].value);
            found++;
        }
    }
    if (!ev->has_thread_id || ev->is_admin) {
        np1_count_unconnected(d, &e);
        return 0;
    }
    if (e.ts_us != NP1_UNKNOWN && e.qtime_us != NP1_UNKNOWN)
        e.ts_us -= e.qtime_us;
    e.fp = agg_key_hash(fingerprint);
    e.kind = (uint8_t)np1_kind_of(fingerprint);
    /* Only the statements that can be a loop's children need their values told apart; the others
     * (INSERT/REPLACE loads of megabytes among them) are not hashed. */
    if (e.kind == NP1_SELECT || e.kind == NP1_CHANGE)
        e.text_hash = XXH3_64bits(ev->query.p ? ev->query.p : "", ev->query.n);
    else
        e.text_hash = e.fp;
    return np1_feed(d, &e);
}
