/* The work plan of a digest run: open every input, load the saved digests among them, and cut the
 * logs into work items — several chunks for a big plain file, one item otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/nplus1_save.h"
#include "digest/work.h"
#include "events/genlog.h"

#define CHUNK_MIN_DEFAULT (32u << 20)

static struct work_item *add_item(struct work_plan *plan)
{
    if (plan->nitems == plan->capitems) {
        size_t cap = plan->capitems ? plan->capitems * 2 : 8;
        struct work_item *items = realloc(plan->items, cap * sizeof *items);
        if (!items)
            return NULL;
        plan->items = items;
        plan->capitems = cap;
    }
    struct work_item *it = &plan->items[plan->nitems++];
    memset(it, 0, sizeof *it);
    it->stop_at = UINT64_MAX;
    return it;
}

static bool is_saved_digest(const char *p, size_t n)
{
    size_t m = strlen(AGG_SAVE_MAGIC);
    return n >= m && memcmp(p, AGG_SAVE_MAGIC, m) == 0;
}

static void input_failed(struct digest_result *res, int i, const char *msg)
{
    res->files[i].failed = true;
    res->files[i].error = strdup(msg);
    res->input_failed = true;
}

/* A saved digest: its classes into the table, its N+1 patterns into res->nplus1 (both or neither). */
static void load_digest(struct digest_result *res, int i, const char *data, size_t size)
{
    char err[256];
    struct np1_load nl;
    np1_load_init(&nl, &res->nplus1, (uint64_t)i);
    if (agg_load_ex(res->table, res->files[i].name, data, size, &nl.sec, err, sizeof err) < 0)
        input_failed(res, i, err);
    np1_load_free(&nl);
}

/* A saved digest read from a stream: slurp the rest of it, then load. */
static int load_streamed_digest(struct digest_result *res, int i, struct reader *r)
{
    while (!r->eof) {
        ssize_t got = reader_more(r, 0);
        if (got < 0)
            return -1;
    }
    load_digest(res, i, r->p, r->n);
    res->files[i].size = r->n;
    return 0;
}

/* Whether an input whose first bytes are p[0..n) is read as a general log. */
static bool is_genlog(const struct digest_config *cfg, const char *p, size_t n)
{
    if (cfg->log_type != LOG_TYPE_AUTO)
        return cfg->log_type == LOG_TYPE_GENERAL;
    return genlog_sniff(p, n);
}

static int plan_mapped(struct work_plan *plan, const struct digest_config *cfg,
                       struct digest_result *res, int i, struct source *src)
{
    const char *data = source_data(src);
    size_t size = source_size(src);
    res->files[i].size = size;
    if (is_saved_digest(data, size)) {
        load_digest(res, i, data, size);
        return 0;
    }
    uint64_t chunk_min = cfg->chunk_min ? cfg->chunk_min : CHUNK_MIN_DEFAULT;
    /* A few chunks per thread balance the load; each guessed start is one more thing to prove. */
    bool genlog = is_genlog(cfg, data, size);
    /* A general log is not split: a chunk could not know the connections opened before it. */
    uint64_t nchunks = cfg->threads > 1 && !genlog ? size / chunk_min : 1;
    if (nchunks > 4 * (uint64_t)cfg->threads)
        nchunks = 4 * (uint64_t)cfg->threads;
    if (nchunks < 1)
        nchunks = 1;
    uint64_t start = 0;
    for (uint64_t k = 0; k < nchunks && start < size; k++) {
        struct work_item *it = add_item(plan);
        if (!it)
            return -1;
        it->file_idx = i;
        it->src = src;
        it->genlog = genlog;
        it->start = start;
        it->is_chunk = k > 0; /* its carry is guessed by the worker, in parallel */
        uint64_t next = k + 1 < nchunks ? slowlog_guess_boundary(data, size, size * (k + 1) / nchunks)
                                        : size;
        if (next <= start)
            next = size;
        it->stop_at = next >= size ? UINT64_MAX : next;
        start = next;
    }
    plan->total_bytes += size;
    return 0;
}

static int plan_streamed(struct work_plan *plan, const struct digest_config *cfg,
                         struct digest_result *res, int i, struct source *src)
{
    struct work_item *it = add_item(plan);
    if (!it)
        return -1;
    it->file_idx = i;
    it->src = src;
    it->streamed = true;
    if (reader_init_source(&it->reader, src) < 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", source_error(src)); /* names the file already */
        input_failed(res, i, msg);
        plan->nitems--;
        return 0;
    }
    if (is_saved_digest(it->reader.p, it->reader.n)) {
        int rc = load_streamed_digest(res, i, &it->reader);
        reader_free(&it->reader);
        plan->nitems--;
        return rc;
    }
    it->genlog = is_genlog(cfg, it->reader.p, it->reader.n);
    plan->total_bytes += source_raw_size(src);
    return 0;
}

int work_plan_build(struct work_plan *plan, const struct digest_config *cfg,
                    struct digest_result *res)
{
    memset(plan, 0, sizeof *plan);
    plan->sources = calloc((size_t)cfg->ninputs + 1, sizeof *plan->sources);
    plan->names = attr_names_new();
    if (!plan->sources || !plan->names)
        return -1;
    plan->nsources = cfg->ninputs;
    for (int i = 0; i < cfg->ninputs; i++) {
        res->files[i].name = cfg->inputs[i];
        char err[512];
        struct source *src = source_open(cfg->inputs[i], err, sizeof err);
        if (!src) {
            input_failed(res, i, err);
            continue;
        }
        plan->sources[i] = src;
        int rc = source_is_mapped(src) ? plan_mapped(plan, cfg, res, i, src)
                                       : plan_streamed(plan, cfg, res, i, src);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The last event time of a stream: parse it through once more (only asked for relative bounds). */
/* The latest event time the parser finds reading r to its end (from a proven or guessed start). */
static int64_t parse_log_end(struct reader *r, const char *name, const struct digest_config *cfg,
                             const struct slowlog_carry *carry)
{
    int64_t end = EVENT_TS_UNKNOWN;
    struct diag d = {0};
    struct slowlog_opts o = {.file_name = name, .tz = &cfg->tz, .first_line = 1,
                             .stop_at = UINT64_MAX};
    if (!carry && is_genlog(cfg, r->p, r->n)) {
        struct genlog *g = genlog_open(r, &d, &o);
        struct event ev;
        while (g && genlog_next_event(g, &ev) > 0)
            if (ev.ts_us != EVENT_TS_UNKNOWN && ev.ts_us > end)
                end = ev.ts_us;
        genlog_close(g);
        diag_free(&d);
        return end;
    }
    struct attr_names *names = attr_names_new();
    struct slowlog *p = names ? slowlog_open(r, names, &d, &o) : NULL;
    if (p && carry)
        slowlog_set_carry(p, carry);
    struct event ev;
    while (p && slowlog_next_event(p, &ev) > 0)
        if (ev.ts_us != EVENT_TS_UNKNOWN && ev.ts_us > end)
            end = ev.ts_us;
    slowlog_close(p);
    diag_free(&d);
    attr_names_free(names);
    return end;
}

/* The last event time of a stream: parse it through once more (only asked for relative bounds). */
static int64_t stream_log_end(const char *path, const struct digest_config *cfg)
{
    char err[256];
    struct source *src = source_open(path, err, sizeof err);
    if (!src)
        return EVENT_TS_UNKNOWN;
    struct reader r;
    int64_t end = EVENT_TS_UNKNOWN;
    if (reader_init_source(&r, src) == 0) {
        end = parse_log_end(&r, path, cfg, NULL);
        reader_free(&r);
    }
    source_close(src);
    return end;
}

/* The last event time of a mapped file: the parser reads a tail of it, so that a `# Time:` line in a
 * string literal is not taken for one; the tail doubles until it holds an event with a time. */
static int64_t mapped_log_end(struct source *src, const struct digest_config *cfg)
{
    const char *data = source_data(src);
    size_t size = source_size(src);
    if (is_genlog(cfg, data, size)) { /* read whole: its times are not found from a tail */
        struct reader r;
        reader_init_memory(&r, data, size, 0);
        return parse_log_end(&r, source_name(src), cfg, NULL);
    }
    for (size_t tail = (size_t)1 << 20;; tail *= 2) {
        uint64_t from = tail >= size ? 0 : slowlog_guess_boundary(data, size, size - tail);
        struct slowlog_carry c;
        if (from > 0)
            slowlog_guess_carry(data, (size_t)from, &cfg->tz, &c);
        struct reader r;
        reader_init_memory(&r, data + from, size - from, from);
        int64_t end = parse_log_end(&r, source_name(src), cfg, from > 0 ? &c : NULL);
        if (end != EVENT_TS_UNKNOWN || from == 0)
            return end;
    }
}

int64_t work_plan_log_end(struct work_plan *plan, const struct digest_config *cfg)
{
    int64_t end = EVENT_TS_UNKNOWN;
    for (int i = 0; i < plan->nsources; i++) {
        struct source *src = plan->sources[i];
        int64_t e = EVENT_TS_UNKNOWN;
        if (!src)
            continue;
        if (source_is_mapped(src))
            e = mapped_log_end(src, cfg);
        else if (strcmp(cfg->inputs[i], "-") != 0) {
            e = stream_log_end(cfg->inputs[i], cfg);
        }
        if (e != EVENT_TS_UNKNOWN && (end == EVENT_TS_UNKNOWN || e > end))
            end = e;
    }
    return end;
}

/* The samples of a parallel run whose lines a chunk counted from its own start. */
static void fix_sample_line(struct agg_sample *s, void *ctx)
{
    const struct work_plan *plan = ctx;
    for (size_t i = 0; i < plan->nitems; i++) {
        const struct work_item *it = &plan->items[i];
        if (it->line_delta && !it->dropped && it->file_idx == s->file_idx &&
            s->offset >= it->start && s->offset < it->stop_actual) {
            s->line += it->line_delta;
            return;
        }
    }
}

void work_plan_fix_lines(struct work_plan *plan, struct agg_table *t)
{
    uint64_t base = 0;
    bool any = false;
    for (size_t i = 0; i < plan->nitems; i++) {
        struct work_item *it = &plan->items[i];
        if (it->dropped || it->streamed)
            continue;
        if (!it->is_chunk)
            base = 0;
        it->line_delta = base;
        any |= base > 0;
        diag_shift_lines(&it->diag, source_name(it->src), base);
        base += it->stats.lines;
    }
    if (any)
        agg_foreach_sample(t, fix_sample_line, plan);
}

void work_plan_unchunk(struct work_plan *plan)
{
    for (size_t i = 0; i < plan->nitems; i++) {
        struct work_item *it = &plan->items[i];
        if (it->streamed)
            continue;
        diag_free(&it->diag);
        if (it->is_chunk) {
            it->dropped = true;
            continue;
        }
        it->stop_at = UINT64_MAX;
        memset(&it->stats, 0, sizeof it->stats);
        it->read_failed = false;
    }
}

void work_plan_finish(struct work_plan *plan, struct digest_result *res)
{
    for (size_t i = 0; i < plan->nitems; i++) {
        struct work_item *it = &plan->items[i];
        if (it->dropped)
            continue;
        struct report_input_file *f = &res->files[it->file_idx];
        res->genlogs += it->genlog;
        f->events += it->stats.events;
        f->bad_lines += it->stats.bad_lines;
        if (it->streamed)
            f->size += it->stop_actual;
        diag_merge(&res->diag, &it->diag);
        if (it->read_failed && !f->failed)
            input_failed(res, it->file_idx, it->error);
    }
}

void work_plan_free(struct work_plan *plan)
{
    for (size_t i = 0; i < plan->nitems; i++) {
        struct work_item *it = &plan->items[i];
        diag_free(&it->diag);
        if (it->streamed)
            reader_free(&it->reader);
    }
    free(plan->items);
    for (int i = 0; i < plan->nsources; i++)
        if (plan->sources[i])
            source_close(plan->sources[i]);
    free(plan->sources);
    attr_names_free(plan->names);
    memset(plan, 0, sizeof *plan);
}
