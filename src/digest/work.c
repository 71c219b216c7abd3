/* Work items of a digest run: opening inputs, cutting big files into chunks, parsing an item into
 * its own aggregate table, merging the items back in input order. See digest/run.c for the proof
 * that makes parallel chunks exact. */
#include "digest/work.h"

#include "events/genlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How much parsed input a mapped chunk lets go of at a time (see source_release). */
#define RELEASE_STEP (4u << 20)


int worker_init(struct worker *w, const struct digest_config *cfg, int id,
                struct attr_names *names, struct exchange *x)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    w->id = id;
    w->names = names;
    w->x = x;
    w->since_us = w->until_us = EVENT_TS_UNKNOWN;
    np1_digest_ids(&w->np1_ids, names);
    if (!(w->table = digest_table_new(cfg)))
        return -1;
    if (!filter_set_empty(cfg->filters) && !(w->fm = filter_match_new(cfg->filters)))
        return -1;
    return 0;
}

/* Frees the worker's state, not its table (the run takes that). */
void worker_free(struct worker *w)
{
    fp_state_free(&w->fp);
    filter_match_free(w->fm);
    buf_free(&w->tags);
}

static struct sv group_key(const struct worker *w, const struct event *ev)
{
    switch (w->cfg->group_by) {
    case GROUP_DB: return ev->db;
    case GROUP_USER: return ev->user;
    case GROUP_HOST: return ev->host;
    default: return buf_sv(&w->fp.out);
    }
}

static bool in_time_window(const struct worker *w, const struct event *ev)
{
    if (w->since_us == EVENT_TS_UNKNOWN && w->until_us == EVENT_TS_UNKNOWN)
        return true;
    if (ev->ts_us == EVENT_TS_UNKNOWN)
        return false;
    if (w->since_us != EVENT_TS_UNKNOWN && ev->ts_us < w->since_us)
        return false;
    return w->until_us == EVENT_TS_UNKNOWN || ev->ts_us < w->until_us;
}

/* Turns the comments the fingerprint stripped into tags, all held in w->tags. */
static int collect_tags(struct worker *w, struct sv *tags)
{
    size_t ends[FP_MAX_COMMENTS];
    int n = 0;
    buf_reset(&w->tags);
    for (int i = 0; i < w->fp.ncomments; i++) {
        size_t before = w->tags.n;
        if (fp_comment_tag(w->fp.comments[i].text, &w->tags) < 0)
            return -1;
        if (w->tags.n > before)
            ends[n++] = w->tags.n;
    }
    size_t start = 0;
    for (int i = 0; i < n; i++) {
        tags[i] = sv_make(w->tags.p + start, ends[i] - start);
        start = ends[i];
    }
    return n;
}

int worker_receive(void *worker, const struct xevent *e)
{
    struct worker *w = worker;
    return agg_add(w->table, w->names, &e->ev, e->key, e->fingerprint, e->tags, e->ntags, e->seq);
}

/* While a thread holds fewer classes than this, it keeps every event: a log of few classes (most
 * logs) is then parsed with no exchange at all, and the exact merge at the end joins the copies of
 * a class. Past it, classes go to their owners, so that many classes are held once. */
#define LOCAL_CLASSES 1024

/* Adds the event to this thread's table when its class is this thread's, else sends it to the
 * thread whose class it is. Text in a mapped input travels as a pointer. */
static int route_event(struct worker *w, struct work_item *it, struct xevent *xe)
{
    int owner = w->id;
    if (w->x && agg_class_count(w->table) >= LOCAL_CLASSES)
        owner = exchange_owner(w->x, agg_key_hash(xe->key));
    if (owner != w->id) {
        const char *stable = it->streamed ? NULL : source_data(it->src);
        size_t nstable = it->streamed ? 0 : source_size(it->src);
        int rc = exchange_send(w->x, w->id, owner, xe, stable, nstable, worker_receive, w);
        if (rc <= 0)
            return rc;
        /* Too big for the ring: keep it. The class then lives in two tables, which the exact merge
         * at the end makes whole. */
    }
    return worker_receive(w, xe);
}

static int process_event(struct worker *w, struct work_item *it, const struct event *ev)
{
    if (!in_time_window(w, ev))
        return 0;
    if (fp_fingerprint(&w->fp, ev->query, w->cfg->fp_flags) < 0)
        return -1;
    struct sv fp = buf_sv(&w->fp.out);
    if (w->fm) {
        struct sv fields[5] = {ev->db, ev->user, ev->host, fp, ev->query};
        if (!filter_accept(w->cfg->filters, w->fm, fields))
            return 0;
    }
    struct xevent xe; /* not zeroed as a whole: only the first ntags tags are ever read */
    xe.ev = *ev;
    xe.key = group_key(w, ev);
    xe.fingerprint = fp;
    xe.seq = ((uint64_t)ev->file_idx << 48) | ev->offset;
    xe.ntags = collect_tags(w, xe.tags);
    if (xe.ntags < 0)
        return -1;
    if (it->np1 && np1_digest_feed(it->np1, &w->np1_ids, ev, fp, xe.seq) < 0)
        return -1;
    return route_event(w, it, &xe);
}

/* The carry at a chunk's start, from a backward scan that may cross most of the file (a log of one
 * database has a single `use` line, at its top): the pages it reads are let go step by step. */
static void guess_carry(struct work_item *it, const struct tzone *tz)
{
    const char *data = source_data(it->src);
    struct slowlog_scanback sb;
    slowlog_scanback_init(&sb, it->start, &it->carry_in);
    for (;;) {
        size_t from = sb.e;
        bool done = slowlog_scanback_step(data, &sb, from > RELEASE_STEP ? from - RELEASE_STEP : 0,
                                          tz, &it->carry_in);
        source_release(it->src, sb.e, from);
        if (done)
            return;
    }
}

/* Whether s points into the item's mapped input (not, say, into a parser's own buffer). */
static bool in_mapping(const struct work_item *it, struct sv s)
{
    if (it->streamed || !s.p)
        return false;
    const char *data = source_data(it->src);
    size_t size = source_size(it->src);
    return s.p >= data && s.n <= size && (size_t)(s.p - data) <= size - s.n;
}

/* The item's parser: the slow log's or the general log's, behind the same calls. */
struct item_parser {
    struct slowlog *sl;
    struct genlog *gl;
};

static int parser_next(struct item_parser *pp, struct event *ev)
{
    return pp->gl ? genlog_next_event(pp->gl, ev) : slowlog_next_event(pp->sl, ev);
}

/* What the parser learnt about its input, into the item; then closes it. */
static void parser_done(struct item_parser *pp, struct work_item *it)
{
    if (pp->gl) {
        it->stats = *genlog_stats(pp->gl);
        it->stop_actual = genlog_stop_offset(pp->gl);
        memset(&it->carry_out, 0, sizeof it->carry_out); /* never a chunk: nothing to prove */
        genlog_close(pp->gl);
        return;
    }
    it->stats = *slowlog_stats(pp->sl);
    it->stop_actual = slowlog_stop_offset(pp->sl);
    slowlog_get_carry(pp->sl, &it->carry_out);
    slowlog_close(pp->sl);
}

void work_item_run(struct work_item *it, struct worker *w)
{
    const struct digest_config *cfg = w->cfg;
    struct reader mem, *r = &it->reader;
    if (!it->streamed) {
        const char *data = source_data(it->src);
        size_t size = source_size(it->src);
        reader_init_memory(&mem, data + it->start, size - it->start, it->start);
        r = &mem;
        /* A chunk counts its lines and banners from its own start: the counts of the chunks before
         * it are known only when they are done (work_plan_fix_lines then shifts them). */
        if (it->is_chunk && !it->carry_known)
            guess_carry(it, &cfg->tz);
    }
    struct slowlog_opts o = {
        .file_name = source_name(it->src), .file_idx = it->file_idx, .tz = &cfg->tz,
        .first_line = it->first_line ? it->first_line : 1, .stop_at = it->stop_at,
    };
    struct item_parser p = {0};
    if (it->genlog)
        p.gl = genlog_open(r, &it->diag, &o);
    else
        p.sl = slowlog_open(r, w->names, &it->diag, &o);
    if (!p.sl && !p.gl) {
        it->read_failed = true;
        snprintf(it->error, sizeof it->error, "%s: out of memory", o.file_name);
        return;
    }
    if (it->is_chunk && p.sl)
        slowlog_set_carry(p.sl, &it->carry_in);
    /* A chunk's connections start in head mode: np1_stitch joins them to the chunk before. */
    np1_free(it->np1);
    it->np1 = NULL;
    if (cfg->nplus1 && cfg->group_by == GROUP_FINGERPRINT) {
        struct np1_opts no = cfg->np1_opts ? *cfg->np1_opts : np1_opts_default();
        if (!(it->np1 = np1_new(&no, it->is_chunk)))
            diag_add(&it->diag, o.file_name, 0, "out of memory: no N+1 detection");
        np1_handover(w->np1_last, it->np1);
        w->np1_last = it->np1;
    }
    struct event ev;
    int rc;
    uint64_t reported = it->start, released = it->start, n = 0, n_reported = 0;
    while ((rc = parser_next(&p, &ev)) > 0) {
        ev.stable = in_mapping(it, ev.query); /* a mapped input stays open as long as the result */
        if (process_event(w, it, &ev) < 0)
            diag_add(&it->diag, o.file_name, ev.line, "out of memory: event not counted");
        if ((++n & 255) == 0 && w->x && exchange_drain(w->x, w->id, worker_receive, w) < 0)
            diag_add(&it->diag, o.file_name, ev.line, "out of memory: events not counted");
        /* By bytes, not events: one event of a dump can be megabytes long. */
        if (ev.offset - released < RELEASE_STEP)
            continue;
        if (w->done) {
            atomic_fetch_add(&w->done->bytes, ev.offset - reported);
            atomic_fetch_add(&w->done->events, n - n_reported);
        }
        reported = ev.offset;
        n_reported = n;
        if (!it->streamed)
            source_release(it->src, released, ev.offset);
        released = ev.offset;
    }
    if (rc < 0) {
        it->read_failed = true;
        if (source_error(it->src)) /* it names the file already */
            snprintf(it->error, sizeof it->error, "%s", source_error(it->src));
        else
            snprintf(it->error, sizeof it->error, "%s: read error", o.file_name);
    }
    parser_done(&p, it);
    it->stop_line = o.first_line + it->stats.lines;
    it->bytes = it->stop_actual - it->start;
    if (!it->streamed)
        source_release(it->src, released, it->stop_actual);
    if (w->done) {
        atomic_fetch_add(&w->done->bytes, it->stop_actual - reported);
        atomic_fetch_add(&w->done->events, n - n_reported);
    }
}

/* Restarts are not compared: a chunk counts them from its own start. */
bool work_carry_equal(const struct slowlog_carry *a, const struct slowlog_carry *b)
{
    return a->ts_us == b->ts_us && strcmp(a->db, b->db) == 0;
}

bool work_bound_is_relative(const char *bound, const struct tzone *tz)
{
    int64_t us;
    bool relative = false;
    return timeconv_parse_bound(bound, tz, &us, &relative) == 0 && relative;
}
