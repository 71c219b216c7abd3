/* Runs into patterns, and the stitch of a parallel digest's chunks (see nplus1.h). A pattern's
 * numbers are sums, minima, maxima and "the earliest by log order", so they do not depend on the
 * order runs are found in: the chunks of a parallel run give the one-thread result. */
#include "analyze/nplus1_int.h"

#include <stdlib.h>
#include <string.h>

static bool same_key(const struct np1_pattern *p, bool repeat, uint64_t parent, const uint64_t *pat,
                     int period)
{
    if (p->repeat != repeat || p->parent_fp != parent || p->period != period)
        return false;
    for (int i = 0; i < period; i++)
        if (p->child_fp[i] != pat[i])
            return false;
    return true;
}

static struct np1_pattern *pattern_get(struct np1_result *r, bool repeat, uint64_t parent,
                                       const uint64_t *pat, int period)
{
    for (size_t i = 0; i < r->n; i++)
        if (same_key(&r->v[i], repeat, parent, pat, period))
            return &r->v[i];
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        struct np1_pattern *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return NULL;
        r->v = v;
        r->cap = cap;
    }
    struct np1_pattern *p = &r->v[r->n++];
    memset(p, 0, sizeof *p);
    p->repeat = repeat;
    p->parent_fp = parent;
    p->period = period;
    memcpy(p->child_fp, pat, (size_t)period * sizeof *pat);
    p->len_min = UINT32_MAX;
    p->ts_min = p->ts_max = NP1_UNKNOWN;
    return p;
}

static void add_len(struct np1_pattern *p, uint32_t iters, uint32_t times)
{
    if (iters < 256) {
        p->len_hist[iters] += times;
        return;
    }
    int b = 0;
    while ((iters >> b) > 1)
        b++;
    p->len_big[b] += times;
}

uint32_t np1_pattern_median(const struct np1_pattern *p)
{
    uint64_t half = (p->runs + 1) / 2, seen = 0;
    for (uint32_t i = 0; i < 256; i++)
        if ((seen += p->len_hist[i]) >= half)
            return i;
    for (int b = 8; b < 32; b++)
        if ((seen += p->len_big[b]) >= half)
            return 1u << b; /* the bucket's lower bound */
    return p->len_max;
}

static void add_conn(struct np1_pattern *p, uint64_t h)
{
    for (uint32_t i = 0; i < p->nconns; i++)
        if (p->conns[i] == h)
            return;
    if (p->nconns < 8)
        p->conns[p->nconns++] = h;
}

static void keep_run(struct np1_pattern *p, const struct np1_run *r)
{
    uint32_t at = p->nkept;
    while (at > 0 && p->kept[at - 1].first_seq > r->first_seq)
        at--;
    if (at == NP1_RUNS_KEPT)
        return;
    uint32_t n = p->nkept < NP1_RUNS_KEPT ? p->nkept : NP1_RUNS_KEPT - 1;
    memmove(&p->kept[at + 1], &p->kept[at], (n - at) * sizeof *r);
    p->kept[at] = *r;
    if (p->nkept < NP1_RUNS_KEPT)
        p->nkept++;
}

/* Keeps s (owned, taken in every case) as an example when its run is among the NP1_EXAMPLES
 * earliest; otherwise, or when it pushes out a later one, that one is freed. */
static void keep_example(struct np1_pattern *p, uint64_t seq, char *s)
{
    uint32_t at = p->nexamples;
    while (at > 0 && p->example_seq[at - 1] > seq)
        at--;
    if (at == NP1_EXAMPLES) {
        free(s);
        return;
    }
    if (p->nexamples == NP1_EXAMPLES)
        free(p->examples[--p->nexamples]);
    memmove(&p->examples[at + 1], &p->examples[at], (p->nexamples - at) * sizeof *p->examples);
    memmove(&p->example_seq[at + 1], &p->example_seq[at], (p->nexamples - at) * sizeof *p->example_seq);
    p->examples[at] = s;
    p->example_seq[at] = seq;
    p->nexamples++;
}

/* Not a loop: too short, a batch load, a poller (its statements spread over a span no loop
 * takes), values that mostly repeat, or no multi-row parent. */
static bool qualifies(const struct np1_det *d, const struct np1_conn *c, bool *repeat)
{
    uint32_t iters = c->run_len / (uint32_t)c->period;
    if (iters < d->o.min_len)
        return false;
    for (int k = 0; k < 2; k++) {
        uint8_t kind = (k ? &c->last : &c->first)->kind;
        if (kind != NP1_SELECT && kind != NP1_CHANGE)
            return false;
    }
    if (c->first.ts != NP1_UNKNOWN && c->last.ts != NP1_UNKNOWN &&
        c->last.ts - c->first.ts > d->o.gap_us + (int64_t)(c->run_len - 1) * (d->o.gap_us / 10))
        return false;
    *repeat = c->changes == 0;
    if (*repeat)
        return c->first.kind == NP1_SELECT;
    if ((uint64_t)c->changes * 2 < c->run_len - (uint32_t)c->period || !c->has_parent)
        return false;
    return !(c->parent.kind == NP1_SELECT && c->parent.rows != NP1_UNKNOWN && c->parent.rows < 2);
}

int np1_emit(struct np1_det *d, const struct np1_conn *c)
{
    bool repeat = false;
    if (!qualifies(d, c, &repeat))
        return 0;
    struct np1_pattern *p =
        pattern_get(&d->res, repeat, repeat ? 0 : c->parent.fp, c->pat, c->period);
    if (!p)
        return -1;
    struct np1_run r = {
        .thread_id = c->tid, .restarts = c->restarts, .file_idx = c->file_idx,
        .first_line = c->first.line, .last_line = c->last.line, .first_seq = c->first.seq,
        .ts_first = c->first.ts, .ts_last = c->last.ts, .statements = c->run_len,
        .iterations = c->run_len / (uint32_t)c->period,
        .time_us = c->timed ? c->run_time : NP1_UNKNOWN,
    };
    p->runs++;
    p->statements += r.statements;
    if (!repeat && c->parent.rows != NP1_UNKNOWN) {
        p->parent_rows_sum += (uint64_t)c->parent.rows;
        p->parent_rows_cnt++;
    }
    p->len_min = r.iterations < p->len_min ? r.iterations : p->len_min;
    p->len_max = r.iterations > p->len_max ? r.iterations : p->len_max;
    add_len(p, r.iterations, 1);
    if (c->timed) {
        p->time_us += c->run_time;
        p->timed_statements += r.statements;
    }
    if (r.ts_first != NP1_UNKNOWN && (p->ts_min == NP1_UNKNOWN || r.ts_first < p->ts_min))
        p->ts_min = r.ts_first;
    if (r.ts_last != NP1_UNKNOWN && (p->ts_max == NP1_UNKNOWN || r.ts_last > p->ts_max))
        p->ts_max = r.ts_last;
    add_conn(p, c->tid * 0x9E3779B97F4A7C15ull ^ (uint64_t)c->file_idx);
    keep_run(p, &r);
    if (!c->nexample)
        return 0;
    char *s = malloc(c->nexample + 1);
    if (!s)
        return -1;
    memcpy(s, c->example, c->nexample);
    s[c->nexample] = 0;
    keep_example(p, r.first_seq, s);
    return 0;
}

static int merge_pattern(struct np1_result *dst, struct np1_pattern *s)
{
    struct np1_pattern *p = pattern_get(dst, s->repeat, s->parent_fp, s->child_fp, s->period);
    if (!p)
        return -1;
    p->runs += s->runs;
    p->statements += s->statements;
    p->parent_rows_sum += s->parent_rows_sum;
    p->parent_rows_cnt += s->parent_rows_cnt;
    p->len_min = s->len_min < p->len_min ? s->len_min : p->len_min;
    p->len_max = s->len_max > p->len_max ? s->len_max : p->len_max;
    for (int i = 0; i < 256; i++)
        p->len_hist[i] += s->len_hist[i];
    for (int i = 0; i < 32; i++)
        p->len_big[i] += s->len_big[i];
    p->time_us += s->time_us;
    p->timed_statements += s->timed_statements;
    if (s->ts_min != NP1_UNKNOWN && (p->ts_min == NP1_UNKNOWN || s->ts_min < p->ts_min))
        p->ts_min = s->ts_min;
    if (s->ts_max != NP1_UNKNOWN && (p->ts_max == NP1_UNKNOWN || s->ts_max > p->ts_max))
        p->ts_max = s->ts_max;
    for (uint32_t i = 0; i < s->nconns; i++)
        add_conn(p, s->conns[i]);
    for (uint32_t i = 0; i < s->nkept; i++)
        keep_run(p, &s->kept[i]);
    for (uint32_t i = 0; i < s->nexamples; i++)
        keep_example(p, s->example_seq[i], s->examples[i]);
    s->nexamples = 0; /* moved, or freed */
    return 0;
}

/* Moves every pattern of src into dst; src's examples change hands. */
static int merge_result(struct np1_result *dst, struct np1_result *src)
{
    for (size_t i = 0; i < src->n; i++)
        if (merge_pattern(dst, &src->v[i]) < 0)
            return -1;
    dst->events += src->events;
    dst->events_with_conn += src->events_with_conn;
    dst->events_timed += src->events_timed;
    if (src->qtime_min_us != NP1_UNKNOWN &&
        (dst->qtime_min_us == NP1_UNKNOWN || src->qtime_min_us < dst->qtime_min_us))
        dst->qtime_min_us = src->qtime_min_us;
    return 0;
}

int np1_result_merge(struct np1_result *dst, struct np1_result *src)
{
    if (src->inexact)
        dst->inexact = true;
    return merge_result(dst, src);
}

void np1_result_free(struct np1_result *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (uint32_t j = 0; j < r->v[i].nexamples; j++)
            free(r->v[i].examples[j]);
    free(r->v);
    memset(r, 0, sizeof *r);
}

static void shift_slot(struct np1_slot *s, uint64_t delta)
{
    s->line += delta;
}

/* A connection's state as item i left it, into the carrier (chunk-relative counts shifted). */
static void carry_state(struct np1_conn *to, const struct np1_conn *from, uint64_t delta)
{
    struct np1_event *hb = to->headbuf;
    uint32_t restarts = to->restarts;
    *to = *from;
    to->restarts = restarts;
    to->head = false;
    to->headbuf = hb;
    to->nhead = to->caphead = 0;
    to->block.on = false;
    for (int k = 0; k < NP1_RING; k++)
        shift_slot(&to->ring[k], delta);
    shift_slot(&to->first, delta);
    shift_slot(&to->last, delta);
    shift_slot(&to->parent, delta);
}

static void shift_result(struct np1_result *r, uint32_t base, uint64_t delta)
{
    for (size_t i = 0; i < r->n; i++)
        for (uint32_t k = 0; k < r->v[i].nkept; k++) {
            r->v[i].kept[k].restarts += base;
            r->v[i].kept[k].first_line += delta;
            r->v[i].kept[k].last_line += delta;
        }
}

static int stitch_conn(struct np1_det *carrier, struct np1_conn *c, uint32_t base, uint64_t delta)
{
    struct np1_conn *to = np1_conn_get(carrier, c->tid, c->restarts + base, c->file_idx, false);
    if (!to || np1_replay_head(carrier, to, c, base, delta) < 0)
        return -1;
    if (!c->head) /* it reached a state any history gives: the item's own state goes on */
        carry_state(to, c, delta);
    return 0;
}

/* Item i's connections after the carrier's: heads replayed, then the item's own state taken. */
static int stitch_item(struct np1_det *carrier, struct np1_det *d, uint32_t base, uint64_t delta)
{
    /* A restart before this item ended the carrier's older connections: their runs close now, so
     * the carrier holds the connections open at once, not every one of the file. */
    if (base > carrier->restarts && np1_drop_ended(carrier, base) < 0)
        return -1;
    /* The connections a restart ended first: they come before every one of the table in the log. */
    for (size_t j = 0; j < d->nended; j++)
        if (stitch_conn(carrier, &d->ended[j], base, delta) < 0)
            return -1;
    for (size_t j = 0; j < d->n; j++)
        if (stitch_conn(carrier, &d->conns[j], base, delta) < 0)
            return -1;
    shift_result(&d->res, base, delta);
    if (d->overflow)
        carrier->overflow = true;
    if (d->misaligned)
        carrier->misaligned = true;
    return merge_result(&carrier->res, &d->res);
}

static int by_first_run(const void *a, const void *b)
{
    const struct np1_pattern *x = a, *y = b;
    uint64_t s = x->nkept ? x->kept[0].first_seq : UINT64_MAX;
    uint64_t t = y->nkept ? y->kept[0].first_seq : UINT64_MAX;
    return s < t ? -1 : s > t;
}

int np1_stitch(struct np1_det **dets, const uint32_t *restart_base, const uint64_t *line_delta,
               int n, struct np1_result *out)
{
    if (n == 0)
        return 0;
    struct np1_det *carrier = dets[0];
    shift_result(&carrier->res, restart_base[0], line_delta[0]);
    for (int i = 1; i < n; i++)
        if (stitch_item(carrier, dets[i], restart_base[i], line_delta[i]) < 0)
            return -1;
    for (size_t j = 0; j < carrier->n; j++) {
        struct np1_conn *c = &carrier->conns[j];
        if (c->period && np1_emit(carrier, c) < 0)
            return -1;
        c->period = 0;
    }
    if (carrier->misaligned)
        out->inexact = true;
    if (merge_result(out, &carrier->res) < 0)
        return -1;
    if (out->n > 1) /* qsort wants a non-null array even when empty */
        qsort(out->v, out->n, sizeof *out->v, by_first_run);
    return 0;
}
