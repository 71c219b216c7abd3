/* Test helper for the report tests: builds an aggregate table from events written as a few fields
 * and "Name: value" pairs, through the public agg_add path, so the reporters see what the pipeline
 * would give them. Header-only (static functions) because tests/tests.cmake builds each test from
 * one source file. */
#ifndef SLOWDEX_TEST_REPORT_FIXTURE_H
#define SLOWDEX_TEST_REPORT_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/agg.h"
#include "events/attrs.h"
#include "events/event.h"

struct fx {
    struct agg_table *t;
    struct attr_names *names;
    uint64_t seq;
};

struct fx_event {
    const char *key;         /* class key (the fingerprint) */
    const char *query;
    int64_t ts_us;           /* EVENT_TS_UNKNOWN for none */
    const char *db, *user, *host;
    const char *attrs;       /* "Query_time=2 Lock_time=0 …" */
    uint64_t offset;
    const char *tag;         /* one comment tag, or NULL */
};

static inline void fx_init(struct fx *f)
{
    struct agg_options o = {.order_attr = "Query_time"};
    f->t = agg_new(&o);
    /* The events of the fixtures come from one input, file 0. */
    if (f->t && agg_file_intern(f->t, "slow.log") != 0)
        abort();
    f->names = attr_names_new();
    f->seq = 0;
    if (!f->t || !f->names)
        abort();
}

static inline void fx_free(struct fx *f)
{
    agg_free(f->t);
    attr_names_free(f->names);
}

static inline void fx_add(struct fx *f, const struct fx_event *e)
{
    struct event_attr attrs[32];
    uint32_t n = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", e->attrs ? e->attrs : "");
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok && n < 32; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq)
            abort();
        attrs[n].id = attr_names_intern(f->names, sv_make(tok, (size_t)(eq - tok)));
        /* views into buf are fine: agg_add copies what it keeps */
        attrs[n].value = sv_cstr(eq + 1);
        *eq = '\0';
        n++;
    }
    struct event ev = {0};
    ev.query = sv_cstr(e->query);
    ev.ts_us = e->ts_us;
    ev.set_timestamp = EVENT_TS_UNKNOWN;
    ev.db = sv_cstr(e->db ? e->db : "");
    ev.user = sv_cstr(e->user ? e->user : "");
    ev.host = sv_cstr(e->host ? e->host : "");
    ev.attrs = attrs;
    ev.nattrs = n;
    ev.offset = e->offset;
    ev.line = 1;
    struct sv tag = sv_cstr(e->tag);
    if (agg_add(f->t, f->names, &ev, sv_cstr(e->key), sv_cstr(e->key), e->tag ? &tag : NULL,
                e->tag ? 1 : 0, ++f->seq) != 0)
        abort();
}

/* Runs fn(out, …) into memory and returns the text (caller frees). */
static inline char *fx_capture(int (*fn)(FILE *, void *), void *ctx, int *rc)
{
    char *p = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&p, &n);
    if (!m)
        abort();
    *rc = fn(m, ctx);
    fclose(m);
    return p;
}

#endif
