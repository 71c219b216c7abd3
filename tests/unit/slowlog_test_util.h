/* Helpers shared by the slow-log tests: parse a text (from memory, or streamed through a tiny-block
 * memory source) and render each event as one canonical line listing every field, so tests can
 * compare whole events exactly and compare two ways of parsing the same bytes. */
#ifndef SLOWDEX_SLOWLOG_TEST_UTIL_H
#define SLOWDEX_SLOWLOG_TEST_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events/slowlog.h"
#include "input/reader.h"
#include "input/source.h"
#include "util/buf.h"

struct sl_run {
    char **ev;     /* canonical lines, one per event */
    size_t n, cap;
    struct slowlog_stats st;
    struct diag d;
    uint64_t stop;
    struct slowlog_carry carry;
    int rc;        /* last slowlog_next_event result */
};

static inline void slt_sv(struct buf *b, const char *k, struct sv v)
{
    buf_printf(b, " %s=[", k);
    buf_append(b, v.p ? v.p : "", v.n);
    buf_append_cstr(b, "]");
}

/* One event as "q=[...] admin=0 ts=... user=[..] ... attrs={k=v,...}". */
static char *slt_render(const struct event *ev, const struct attr_names *names)
{
    struct buf b = {0};
    slt_sv(&b, "q", ev->query);
    buf_printf(&b, " admin=%d ts=%lld set_ts=%lld", ev->is_admin, (long long)ev->ts_us,
               (long long)ev->set_timestamp);
    slt_sv(&b, "user", ev->user);
    slt_sv(&b, "host", ev->host);
    slt_sv(&b, "ip", ev->ip);
    slt_sv(&b, "db", ev->db);
    if (ev->has_thread_id)
        buf_printf(&b, " tid=%llu", (unsigned long long)ev->thread_id);
    else
        buf_printf(&b, " tid=none");
    buf_printf(&b, " restarts=%u", ev->restarts);
    if (ev->explain.n)
        slt_sv(&b, "explain", ev->explain);
    buf_printf(&b, " off=%llu line=%llu file=%d attrs={", (unsigned long long)ev->offset,
               (unsigned long long)ev->line, ev->file_idx);
    for (uint32_t i = 0; i < ev->nattrs; i++) {
        buf_printf(&b, "%s%s=", i ? "," : "", attr_names_name(names, ev->attrs[i].id));
        buf_append_sv(&b, ev->attrs[i].value);
    }
    buf_append_cstr(&b, "}");
    return b.p + 1; /* skip the leading space; freed with slt_free via -1 */
}

static inline void slt_free(struct sl_run *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->ev[i] - 1);
    free(r->ev);
    diag_free(&r->d);
    memset(r, 0, sizeof *r);
}

/* Parses from an initialised reader. */
static inline void slt_parse_reader(struct reader *rd, struct sl_run *r, const struct slowlog_opts *o,
                             const struct slowlog_carry *carry)
{
    struct attr_names *names = attr_names_new();
    struct slowlog *p = slowlog_open(rd, names, &r->d, o);
    if (carry)
        slowlog_set_carry(p, carry);
    struct event ev;
    while ((r->rc = slowlog_next_event(p, &ev)) == 1) {
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 16;
            r->ev = realloc(r->ev, r->cap * sizeof *r->ev);
        }
        r->ev[r->n++] = slt_render(&ev, names);
    }
    r->st = *slowlog_stats(p);
    r->stop = slowlog_stop_offset(p);
    slowlog_get_carry(p, &r->carry);
    slowlog_close(p);
    attr_names_free(names);
}

/* Parses text; block == 0: one memory window, else a stream handing out `block` bytes a time. */
static inline void slt_parse_opts(const char *text, size_t len, size_t block, struct sl_run *r,
                           const struct slowlog_opts *o, const struct slowlog_carry *carry)
{
    memset(r, 0, sizeof *r);
    struct reader rd;
    if (!block) {
        reader_init_memory(&rd, text, len, 0);
        slt_parse_reader(&rd, r, o, carry);
        return;
    }
    struct source *s = source_open_memory_stream("t.log", text, len, block);
    if (reader_init_source_block(&rd, s, block) == 0)
        slt_parse_reader(&rd, r, o, carry);
    reader_free(&rd);
    source_close(s);
}

static inline void slt_parse(const char *text, size_t block, struct sl_run *r)
{
    struct slowlog_opts o = {.file_name = "t.log", .first_line = 1, .stop_at = UINT64_MAX};
    slt_parse_opts(text, strlen(text), block, r, &o, NULL);
}

static inline uint64_t slt_line_of(const char *data, size_t at)
{
    uint64_t line = 1;
    for (const char *q = data; (q = memchr(q, '\n', (size_t)(data + at - q))) != NULL; q++)
        line++;
    return line;
}

static inline int slt_carry_eq(const struct slowlog_carry *a, const struct slowlog_carry *b)
{
    return a->ts_us == b->ts_us && a->restarts == b->restarts && strcmp(a->db, b->db) == 0;
}

/* Splits data at every guessed boundary, parses each chunk with stop_at = the next guess and the
 * guessed carry, and appends the events to *out. A guess the chunk before refutes (its stop offset
 * or final carry differ) is dropped and the chunk re-parsed up to the following guess, as a
 * parallel driver would. Returns the number of refuted guesses; *bad gets the bad lines. */
static inline int slt_split_parse(const char *data, size_t n, struct sl_run *out, uint64_t *bad)
{
    int refuted = 0;
    memset(out, 0, sizeof *out);
    *bad = 0;
    uint64_t s = 0;
    while (s < n) {
        uint64_t g = slowlog_guess_boundary(data, n, s + 1);
        for (;;) {
            struct slowlog_carry c, cg;
            slowlog_guess_carry(data, (size_t)s, NULL, &c);
            slowlog_guess_carry(data, (size_t)g, NULL, &cg);
            struct slowlog_opts o = {.file_name = "t.log", .first_line = slt_line_of(data, s),
                                     .stop_at = g};
            struct sl_run r;
            memset(&r, 0, sizeof r);
            struct reader rd;
            reader_init_memory(&rd, data + s, n - (size_t)s, s);
            slt_parse_reader(&rd, &r, &o, &c);
            if (g >= n || (r.stop == g && slt_carry_eq(&r.carry, &cg))) {
                for (size_t i = 0; i < r.n; i++) {
                    if (out->n == out->cap) {
                        out->cap = out->cap ? out->cap * 2 : 16;
                        out->ev = realloc(out->ev, out->cap * sizeof *out->ev);
                    }
                    out->ev[out->n++] = r.ev[i];
                }
                r.n = 0;
                *bad += r.st.bad_lines;
                slt_free(&r);
                s = g;
                break;
            }
            refuted++;
            slt_free(&r);
            g = slowlog_guess_boundary(data, n, g + 1);
        }
    }
    return refuted;
}

#endif
