/* Reading the N+1 section of a saved digest (nplus1_save.h, docs/saved-digest.md). Every field is
 * checked for type, range and consistency with the others (a pattern's lengths add up to its
 * runs, kept runs and examples in log order, no pattern twice), so that what loads is a state the
 * detector could have made; the patterns go into a private result that agg_load_ex's commit merges
 * only when the whole file is good. */
#include "analyze/nplus1_save.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Where a reason goes: the loader adds file:line. */
struct why {
    char *p;
    size_t n;
};

__attribute__((format(printf, 2, 3))) static int fail(struct why *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->p, w->n, fmt, ap);
    va_end(ap);
    return -1;
}

static int get_u64(struct why *w, const cJSON *o, const char *k, uint64_t max, uint64_t *out)
{
    if (!agg_load_u64(cJSON_GetObjectItemCaseSensitive(o, k), max, out))
        return fail(w, "N+1 \"%s\" is missing or not an integer in range", k);
    return 0;
}

static int get_u32(struct why *w, const cJSON *o, const char *k, uint32_t *out)
{
    uint64_t v = 0;
    if (get_u64(w, o, k, UINT32_MAX, &v) < 0)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* An integer or null (NP1_UNKNOWN); null only when null_ok. */
static int get_i64(struct why *w, const cJSON *o, const char *k, bool null_ok, int64_t *out)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);
    if (null_ok && cJSON_IsNull(j)) {
        *out = NP1_UNKNOWN;
        return 0;
    }
    if (!agg_load_i64(j, out))
        return fail(w, "N+1 \"%s\" is missing or not an integer%s", k, null_ok ? " or null" : "");
    return 0;
}

/* A 64-bit value written as text: decimal, or exactly 16 lower-case hex digits. */
static bool text_u64(const cJSON *j, bool hex, uint64_t *out)
{
    const char *s = cJSON_IsString(j) ? j->valuestring : NULL;
    size_t n = s ? strlen(s) : 0;
    uint64_t v = 0;
    if (!s || n == 0 || n > 20 || (hex && n != 16))
        return false;
    for (size_t i = 0; i < n; i++) {
        int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
                : hex && s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 : -1;
        if (d < 0 || (!hex && v > (UINT64_MAX - (uint64_t)d) / 10))
            return false;
        v = hex ? v << 4 | (uint64_t)d : v * 10 + (uint64_t)d;
    }
    *out = v;
    return true;
}

static int get_text_u64(struct why *w, const cJSON *o, const char *k, bool hex, uint64_t *out)
{
    if (!text_u64(cJSON_GetObjectItemCaseSensitive(o, k), hex, out))
        return fail(w, "N+1 \"%s\" is missing or not %s", k,
                    hex ? "16 lower-case hex digits" : "a 64-bit decimal string");
    return 0;
}

/* A child or parent class: the hash of its fingerprint, as the detector keyed it. */
static int get_class(struct why *w, const cJSON *o, uint64_t *hash)
{
    if (!cJSON_IsObject(o))
        return fail(w, "an N+1 child or parent is not an object");
    const cJSON *fp = cJSON_GetObjectItemCaseSensitive(o, "fingerprint");
    const cJSON *qid = cJSON_GetObjectItemCaseSensitive(o, "query_id");
    if (!cJSON_IsNull(qid) && !(cJSON_IsString(qid) && strlen(qid->valuestring) == 32 &&
                                strspn(qid->valuestring, "0123456789ABCDEF") == 32))
        return fail(w, "an N+1 class's \"query_id\" is not 32 upper-case hex digits or null");
    if (cJSON_IsString(fp) != cJSON_IsString(qid) || (!cJSON_IsString(fp) && !cJSON_IsNull(fp)))
        return fail(w, "an N+1 class needs a fingerprint and Query ID, or neither");
    if (get_text_u64(w, o, "hash", true, hash) < 0)
        return -1;
    /* The hash is a function of this build; the fingerprint is not. */
    if (cJSON_IsString(fp))
        *hash = agg_key_hash(sv_cstr(fp->valuestring));
    return 0;
}

/* "lengths":[[iterations,count],…] (exact, < 256) and "lengths_pow2":[[b,count],…] (2^b and up):
 * in increasing order, adding up to the runs, within [length_min, length_max]. */
static int get_lengths(struct why *w, const cJSON *o, struct np1_pattern *p)
{
    if (get_u32(w, o, "length_min", &p->len_min) < 0 || get_u32(w, o, "length_max", &p->len_max) < 0)
        return -1;
    uint64_t total = 0;
    for (int big = 0; big < 2; big++) {
        const char *k = big ? "lengths_pow2" : "lengths";
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, k), *e;
        if (!cJSON_IsArray(a))
            return fail(w, "N+1 \"%s\" is not an array", k);
        int64_t last = -1;
        cJSON_ArrayForEach(e, a)
        {
            uint64_t at, cnt;
            if (cJSON_GetArraySize(e) != 2 || !agg_load_u64(cJSON_GetArrayItem(e, 0), big ? 31 : 255, &at) ||
                (big && at < 8) || !agg_load_u64(cJSON_GetArrayItem(e, 1), UINT32_MAX, &cnt) || cnt == 0 ||
                (int64_t)at <= last)
                return fail(w, "N+1 \"%s\" holds something not [length, count > 0] in increasing order", k);
            uint64_t lo = big ? UINT64_C(1) << at : at, hi = big ? (UINT64_C(2) << at) - 1 : at;
            if (hi < p->len_min || lo > p->len_max)
                return fail(w, "an N+1 run length is outside [length_min, length_max]");
            last = (int64_t)at;
            total += cnt;
            if (big)
                p->len_big[at] = (uint32_t)cnt;
            else
                p->len_hist[at] = (uint32_t)cnt;
        }
    }
    if (total != p->runs || p->len_min < 2 || p->len_min > p->len_max)
        return fail(w, "N+1 run lengths do not add up to the pattern's runs");
    return 0;
}

static int get_run(struct why *w, const cJSON *o, uint32_t nfiles, struct np1_run *r)
{
    uint64_t file = 0;
    if (!cJSON_IsObject(o))
        return fail(w, "an N+1 kept run is not an object");
    if (get_u64(w, o, "file", nfiles ? nfiles - 1 : 0, &file) < 0 || nfiles == 0 ||
        get_text_u64(w, o, "connection", false, &r->thread_id) < 0 ||
        get_u32(w, o, "restarts", &r->restarts) < 0 ||
        get_text_u64(w, o, "first_line", false, &r->first_line) < 0 ||
        get_text_u64(w, o, "last_line", false, &r->last_line) < 0 ||
        get_text_u64(w, o, "first_seq", false, &r->first_seq) < 0 ||
        get_i64(w, o, "ts_first", true, &r->ts_first) < 0 || get_i64(w, o, "ts_last", true, &r->ts_last) < 0 ||
        get_u32(w, o, "statements", &r->statements) < 0 || get_u32(w, o, "iterations", &r->iterations) < 0 ||
        get_i64(w, o, "time_us", true, &r->time_us) < 0)
        return nfiles ? -1 : fail(w, "an N+1 kept run names a file the digest does not list");
    r->file_idx = (int)file;
    if (r->first_line > r->last_line || r->iterations < 2 || r->statements < r->iterations ||
        (r->first_seq >> 48) != file)
        return fail(w, "an N+1 kept run's lines, length or position do not fit together");
    return 0;
}

static int get_runs(struct why *w, const cJSON *o, uint32_t nfiles, struct np1_pattern *p)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "kept_runs"), *e;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > NP1_RUNS_KEPT ||
        (uint64_t)cJSON_GetArraySize(a) > p->runs)
        return fail(w, "N+1 \"kept_runs\" is not an array of at most %d runs (and the pattern's)",
                    NP1_RUNS_KEPT);
    cJSON_ArrayForEach(e, a)
    {
        struct np1_run *r = &p->kept[p->nkept];
        if (get_run(w, e, nfiles, r) < 0)
            return -1;
        if (p->nkept && p->kept[p->nkept - 1].first_seq >= r->first_seq)
            return fail(w, "N+1 kept runs are not in log order");
        p->nkept++;
    }
    a = cJSON_GetObjectItemCaseSensitive(o, "connections");
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > 8 || cJSON_GetArraySize(a) < 1)
        return fail(w, "N+1 \"connections\" is not an array of 1 to 8 connections");
    cJSON_ArrayForEach(e, a)
    {
        if (!text_u64(e, true, &p->conns[p->nconns]))
            return fail(w, "an N+1 connection is not 16 lower-case hex digits");
        for (uint32_t i = 0; i < p->nconns; i++)
            if (p->conns[i] == p->conns[p->nconns])
                return fail(w, "N+1 \"connections\" lists one twice");
        p->nconns++;
    }
    return 0;
}

static int get_examples(struct why *w, const cJSON *o, uint32_t nfiles, struct np1_pattern *p)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "examples"), *e;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > NP1_EXAMPLES ||
        (uint64_t)cJSON_GetArraySize(a) > p->runs)
        return fail(w, "N+1 \"examples\" is not an array of at most %d examples", NP1_EXAMPLES);
    cJSON_ArrayForEach(e, a)
    {
        uint64_t seq;
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "text");
        if (!cJSON_IsObject(e) || get_text_u64(w, e, "seq", false, &seq) < 0)
            return -1;
        /* The detector keeps at most 255 bytes of a statement as its example. */
        if (!cJSON_IsString(t) || strlen(t->valuestring) > 255)
            return fail(w, "an N+1 example's \"text\" is not a string of at most 255 bytes");
        if ((p->nexamples && p->example_seq[p->nexamples - 1] >= seq) || seq >> 48 >= nfiles)
            return fail(w, "N+1 examples are not in log order, or name a file the digest does not list");
        if (!(p->examples[p->nexamples] = strdup(t->valuestring)))
            return fail(w, "out of memory");
        p->example_seq[p->nexamples++] = seq;
    }
    return 0;
}

/* What the pattern is: kind, children (its loop body) and parent. */
static int get_key(struct why *w, const cJSON *o, struct np1_pattern *p)
{
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
    const cJSON *kids = cJSON_GetObjectItemCaseSensitive(o, "children"), *k;
    const cJSON *parent = cJSON_GetObjectItemCaseSensitive(o, "parent");
    if (!cJSON_IsString(kind) ||
        (strcmp(kind->valuestring, "loop") != 0 && strcmp(kind->valuestring, "repeat") != 0))
        return fail(w, "N+1 \"kind\" is not \"loop\" or \"repeat\"");
    p->repeat = strcmp(kind->valuestring, "repeat") == 0;
    if (!cJSON_IsArray(kids) || cJSON_GetArraySize(kids) < 1 ||
        cJSON_GetArraySize(kids) > NP1_PERIOD_MAX || (p->repeat && cJSON_GetArraySize(kids) != 1))
        return fail(w, "N+1 \"children\" is not 1 to %d classes (1 for a repeat)", NP1_PERIOD_MAX);
    cJSON_ArrayForEach(k, kids)
    if (get_class(w, k, &p->child_fp[p->period++]) < 0)
        return -1;
    if (p->repeat)
        return cJSON_IsNull(parent) ? 0 : fail(w, "an N+1 repeat has no parent (null)");
    return get_class(w, parent, &p->parent_fp);
}

static int get_numbers(struct why *w, const cJSON *o, struct np1_pattern *p)
{
    if (get_u64(w, o, "runs", UINT32_MAX, &p->runs) < 0 ||
        get_u64(w, o, "statements", UINT64_MAX, &p->statements) < 0 ||
        get_u64(w, o, "parent_rows_sum", UINT64_MAX, &p->parent_rows_sum) < 0 ||
        get_u64(w, o, "parent_rows_cnt", UINT64_MAX, &p->parent_rows_cnt) < 0 ||
        get_i64(w, o, "time_us", false, &p->time_us) < 0 ||
        get_u64(w, o, "timed_statements", UINT64_MAX, &p->timed_statements) < 0 ||
        get_i64(w, o, "ts_min", true, &p->ts_min) < 0 || get_i64(w, o, "ts_max", true, &p->ts_max) < 0)
        return -1;
    if (p->runs == 0 || p->statements < 2 * p->runs || p->parent_rows_cnt > p->runs ||
        p->timed_statements > p->statements || p->time_us < 0 ||
        (p->ts_min != NP1_UNKNOWN && p->ts_max != NP1_UNKNOWN && p->ts_min > p->ts_max))
        return fail(w, "an N+1 pattern's counts or times do not fit together");
    return 0;
}

static bool same_key(const struct np1_pattern *a, const struct np1_pattern *b)
{
    return a->repeat == b->repeat && a->parent_fp == b->parent_fp && a->period == b->period &&
           memcmp(a->child_fp, b->child_fp, (size_t)a->period * sizeof *a->child_fp) == 0;
}

static int load_pattern(struct np1_load *l, struct why *w, const cJSON *o)
{
    struct np1_result *r = &l->tmp;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        struct np1_pattern *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return fail(w, "out of memory");
        r->v = v;
        r->cap = cap;
    }
    struct np1_pattern *p = &r->v[r->n++]; /* counted at once: np1_result_free frees its examples */
    memset(p, 0, sizeof *p);
    if (get_key(w, o, p) < 0 || get_numbers(w, o, p) < 0 || get_lengths(w, o, p) < 0 ||
        get_runs(w, o, l->nfiles, p) < 0 || get_examples(w, o, l->nfiles, p) < 0)
        return -1;
    for (size_t i = 0; i + 1 < r->n; i++)
        if (same_key(&r->v[i], p))
            return fail(w, "an N+1 pattern appears twice");
    return 0;
}

static int on_line(void *ctx, const struct cJSON *o, char *err, size_t errlen)
{
    struct why w = {err, errlen};
    return load_pattern(ctx, &w, o);
}

/* The section's header members: the counters NP1.NOT_VISIBLE reads. */
static int on_header(void *ctx, const struct cJSON *o, uint32_t nfiles, char *err, size_t errlen)
{
    struct np1_load *l = ctx;
    struct np1_result *r = &l->tmp;
    struct why w = {err, errlen};
    const cJSON *inexact = cJSON_GetObjectItemCaseSensitive(o, "inexact");
    l->nfiles = nfiles;
    if (get_u64(&w, o, "events", UINT64_MAX, &r->events) < 0 ||
        get_u64(&w, o, "events_with_connection", r->events, &r->events_with_conn) < 0 ||
        get_u64(&w, o, "events_timed", r->events, &r->events_timed) < 0 ||
        get_i64(&w, o, "query_time_min_us", true, &r->qtime_min_us) < 0)
        return -1;
    if (!cJSON_IsBool(inexact) || (r->qtime_min_us != NP1_UNKNOWN && r->qtime_min_us < 0))
        return fail(&w, "N+1 \"inexact\" is not true or false, or \"query_time_min_us\" is negative");
    r->inexact = cJSON_IsTrue(inexact);
    return 0;
}

/* A saved file index (and the one in a seq's top 16 bits, as the digest numbers events) as the
 * loading table's. */
static uint64_t map_seq(uint64_t seq, const int *fmap)
{
    return (uint64_t)fmap[seq >> 48] << 48 | (seq & ((UINT64_C(1) << 48) - 1));
}

/* A bijection of 64-bit values (splitmix64's finalizer): distinct connections stay distinct. */
static uint64_t mix(uint64_t x)
{
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static int on_commit(void *ctx, const int *fmap, uint32_t nfiles)
{
    struct np1_load *l = ctx;
    (void)nfiles; /* every index was checked against the header's list when loaded */
    for (size_t i = 0; i < l->tmp.n; i++) {
        struct np1_pattern *p = &l->tmp.v[i];
        for (uint32_t k = 0; k < p->nkept; k++) {
            p->kept[k].file_idx = fmap[p->kept[k].file_idx];
            p->kept[k].first_seq = map_seq(p->kept[k].first_seq, fmap);
        }
        for (uint32_t k = 0; k < p->nexamples; k++)
            p->example_seq[k] = map_seq(p->example_seq[k], fmap);
        for (uint32_t k = 0; k < p->nconns; k++)
            p->conns[k] = mix(p->conns[k] ^ mix(l->salt + 1));
    }
    return np1_result_merge(l->dst, &l->tmp);
}

void np1_load_init(struct np1_load *l, struct np1_result *dst, uint64_t salt)
{
    memset(l, 0, sizeof *l);
    l->dst = dst;
    l->salt = salt;
    l->tmp.qtime_min_us = NP1_UNKNOWN;
    l->sec = (struct agg_load_section){.name = NP1_SAVE_SECTION, .ctx = l, .header = on_header,
                                       .line = on_line, .commit = on_commit};
}

void np1_load_free(struct np1_load *l)
{
    np1_result_free(&l->tmp);
}
