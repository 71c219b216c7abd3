/* Work items of a digest run: opening inputs, cutting big files into chunks, parsing an item into
 * its own aggregate table, merging the items back in input order. See digest/run.c for the proof
 * that makes parallel chunks exact. */
#include "digest/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How much parsed input a mapped chunk lets go of at a time (see source_release). */
#define RELEASE_STEP (16u << 20)


int worker_init(struct worker *w, const struct digest_config *cfg)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    w->since_us = w->until_us = EVENT_TS_UNKNOWN;
    if (!filter_set_empty(cfg->filters) && !(w->fm = filter_match_new(cfg->filters)))
        return -1;
    return 0;
}

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
    struct sv tags[FP_MAX_COMMENTS];
    int ntags = collect_tags(w, tags);
    if (ntags < 0)
        return -1;
    uint64_t seq = ((uint64_t)ev->file_idx << 48) | ev->offset;
    return agg_add(it->table, it->names, ev, group_key(w, ev), fp, tags, ntags, seq);
}

/* Lines (and server banners) before `at` in a mapped source, so a chunk's diagnostics and samples
 * carry true line numbers, and its events true restart counts. The counted pages are let go as the count moves on: the chunk before this one will read
 * them again from the page cache, while keeping them would hold half the file in memory. */
static uint64_t count_lines(struct source *src, uint64_t at, uint32_t *banners)
{
    const char *data = source_data(src);
    uint64_t lines = 0;
    for (uint64_t pos = 0; pos < at;) {
        uint64_t step = at - pos < RELEASE_STEP ? at - pos : RELEASE_STEP;
        const char *p = data + pos, *end = p + step;
        while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            lines++;
            p++;
        }
        *banners += slowlog_count_banners(data, pos, pos + step, source_size(src));
        source_release(src, pos, pos + step);
        pos += step;
    }
    return lines;
}

static int item_tables(struct work_item *it, const struct digest_config *cfg)
{
    struct agg_options ao = {.order_attr = cfg->order_attr, .keep_minutes = cfg->keep_minutes};
    it->table = agg_new(&ao);
    it->names = attr_names_new();
    return it->table && it->names ? 0 : -1;
}

void work_item_run(struct work_item *it, struct worker *w)
{
    const struct digest_config *cfg = w->cfg;
    if (!it->table && item_tables(it, cfg) < 0) {
        it->read_failed = true;
        snprintf(it->error, sizeof it->error, "%s: out of memory", source_name(it->src));
        return;
    }
    struct reader mem, *r = &it->reader;
    if (!it->streamed) {
        const char *data = source_data(it->src);
        size_t size = source_size(it->src);
        reader_init_memory(&mem, data + it->start, size - it->start, it->start);
        r = &mem;
        uint32_t banners = 0;
        if (it->is_chunk && !it->carry_known)
            slowlog_guess_carry_near(data, it->start, &cfg->tz, &it->carry_in);
        if (it->start > 0 && it->first_line == 0)
            it->first_line = 1 + count_lines(it->src, it->start, &banners);
        if (it->is_chunk && !it->carry_known)
            it->carry_in.restarts = banners;
    }
    struct slowlog_opts o = {
        .file_name = source_name(it->src), .file_idx = it->file_idx, .tz = &cfg->tz,
        .first_line = it->first_line ? it->first_line : 1, .stop_at = it->stop_at,
    };
    struct slowlog *p = slowlog_open(r, it->names, &it->diag, &o);
    if (!p) {
        it->read_failed = true;
        snprintf(it->error, sizeof it->error, "%s: out of memory", o.file_name);
        return;
    }
    if (it->is_chunk)
        slowlog_set_carry(p, &it->carry_in);
    struct event ev;
    int rc;
    uint64_t reported = it->start, released = it->start, n = 0;
    while ((rc = slowlog_next_event(p, &ev)) > 0) {
        if (process_event(w, it, &ev) < 0)
            diag_add(&it->diag, o.file_name, ev.line, "out of memory: event not counted");
        if ((++n & 1023) != 0)
            continue;
        if (w->bytes_done)
            atomic_fetch_add(w->bytes_done, ev.offset - reported);
        reported = ev.offset;
        if (!it->streamed && ev.offset - released >= RELEASE_STEP) {
            source_release(it->src, released, ev.offset);
            released = ev.offset;
        }
    }
    if (rc < 0) {
        it->read_failed = true;
        snprintf(it->error, sizeof it->error, "%s: %s", o.file_name,
                 source_error(it->src) ? source_error(it->src) : "read error");
    }
    it->stats = *slowlog_stats(p);
    it->stop_actual = slowlog_stop_offset(p);
    it->stop_line = o.first_line + it->stats.lines;
    slowlog_get_carry(p, &it->carry_out);
    it->bytes = it->stop_actual - it->start;
    if (w->bytes_done)
        atomic_fetch_add(w->bytes_done, it->stop_actual - reported);
    slowlog_close(p);
}

void work_item_reset(struct work_item *it)
{
    agg_free(it->table);
    attr_names_free(it->names);
    diag_free(&it->diag);
    it->table = NULL;
    it->names = NULL;
    memset(&it->stats, 0, sizeof it->stats);
    it->first_line = 0;
}

bool work_carry_equal(const struct slowlog_carry *a, const struct slowlog_carry *b)
{
    return a->ts_us == b->ts_us && a->restarts == b->restarts && strcmp(a->db, b->db) == 0;
}

bool work_bound_is_relative(const char *bound, const struct tzone *tz)
{
    int64_t us;
    bool relative = false;
    return timeconv_parse_bound(bound, tz, &us, &relative) == 0 && relative;
}
