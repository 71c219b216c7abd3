/* Writing the N+1 patterns into a saved digest (nplus1_save.h, docs/saved-digest.md): every number
 * a report or a merge needs, exactly as the detector holds it, so that a loaded digest gives the
 * same findings and merges as two runs' patterns do in memory. 64-bit values that a JSON number
 * cannot hold exactly (positions, sequence numbers, hashes, thread ids) are decimal or hex text. */
#include "analyze/nplus1_save.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

struct np1_save_class {
    uint64_t hash;
    const struct agg_class *c;
};

static int by_hash(const void *a, const void *b)
{
    uint64_t x = ((const struct np1_save_class *)a)->hash, y = ((const struct np1_save_class *)b)->hash;
    return x < y ? -1 : x > y;
}

static const struct agg_class *class_of(const struct np1_save *s, uint64_t hash)
{
    struct np1_save_class key = {.hash = hash};
    const struct np1_save_class *f =
        s->nclasses ? bsearch(&key, s->classes, s->nclasses, sizeof key, by_hash) : NULL;
    return f ? f->c : NULL;
}

static int put_opt(struct buf *b, const char *k, int64_t v)
{
    if (v == NP1_UNKNOWN)
        return buf_printf(b, ",\"%s\":null", k);
    return buf_printf(b, ",\"%s\":%" PRId64, k, v);
}

/* {"fingerprint":…,"query_id":…,"hash":"…"}: the class by name for people and other programs; the
 * hash is what a loader uses only when the class was not in the table (fingerprint null). */
static int put_class(const struct np1_save *s, struct buf *b, uint64_t hash)
{
    const struct agg_class *c = class_of(s, hash);
    const char *fp = c ? (c->fingerprint ? c->fingerprint : c->key) : NULL;
    int rc = buf_append_cstr(b, "{\"fingerprint\":");
    rc |= fp ? agg_save_put_str(b, fp, strlen(fp)) : buf_append_cstr(b, "null");
    rc |= c ? buf_printf(b, ",\"query_id\":\"%s\"", c->query_id) : buf_append_cstr(b, ",\"query_id\":null");
    return rc | buf_printf(b, ",\"hash\":\"%016" PRIx64 "\"}", hash);
}

static int put_lengths(struct buf *b, const struct np1_pattern *p)
{
    int rc = buf_printf(b, ",\"length_min\":%u,\"length_max\":%u,\"lengths\":[", p->len_min, p->len_max);
    const char *sep = "";
    for (uint32_t i = 0; i < 256; i++)
        if (p->len_hist[i]) {
            rc |= buf_printf(b, "%s[%u,%u]", sep, i, p->len_hist[i]);
            sep = ",";
        }
    rc |= buf_append_cstr(b, "],\"lengths_pow2\":[");
    sep = "";
    for (int i = 0; i < 32; i++)
        if (p->len_big[i]) {
            rc |= buf_printf(b, "%s[%d,%u]", sep, i, p->len_big[i]);
            sep = ",";
        }
    return rc | buf_append_char(b, ']');
}

static int put_run(struct buf *b, const struct np1_run *r)
{
    int rc = buf_printf(b, "{\"file\":%d,\"connection\":\"%" PRIu64 "\",\"restarts\":%u,\"first_line\":\"%"
                        PRIu64 "\",\"last_line\":\"%" PRIu64 "\",\"first_seq\":\"%" PRIu64 "\"",
                        r->file_idx, r->thread_id, r->restarts, r->first_line, r->last_line,
                        r->first_seq);
    rc |= put_opt(b, "ts_first", r->ts_first) | put_opt(b, "ts_last", r->ts_last);
    rc |= buf_printf(b, ",\"statements\":%u,\"iterations\":%u", r->statements, r->iterations);
    return rc | put_opt(b, "time_us", r->time_us) | buf_append_char(b, '}');
}

static int put_runs(struct buf *b, const struct np1_pattern *p)
{
    int rc = buf_append_cstr(b, ",\"connections\":[");
    for (uint32_t i = 0; i < p->nconns; i++)
        rc |= buf_printf(b, "%s\"%016" PRIx64 "\"", i ? "," : "", p->conns[i]);
    rc |= buf_append_cstr(b, "],\"kept_runs\":[");
    for (uint32_t i = 0; i < p->nkept; i++)
        rc |= (i ? buf_append_char(b, ',') : 0) | put_run(b, &p->kept[i]);
    rc |= buf_append_cstr(b, "],\"examples\":[");
    for (uint32_t i = 0; i < p->nexamples; i++) {
        rc |= buf_printf(b, "%s{\"seq\":\"%" PRIu64 "\",\"text\":", i ? "," : "", p->example_seq[i]);
        rc |= agg_save_put_str(b, p->examples[i], strlen(p->examples[i])) | buf_append_char(b, '}');
    }
    return rc | buf_append_char(b, ']');
}

static int put_pattern(void *ctx, uint64_t i, struct buf *b)
{
    const struct np1_save *s = ctx;
    const struct np1_pattern *p = &s->r->v[i];
    int rc = buf_printf(b, "{\"kind\":\"%s\",\"children\":[", p->repeat ? "repeat" : "loop");
    for (int k = 0; k < p->period; k++)
        rc |= (k ? buf_append_char(b, ',') : 0) | put_class(s, b, p->child_fp[k]);
    rc |= buf_append_cstr(b, "],\"parent\":");
    rc |= p->repeat ? buf_append_cstr(b, "null") : put_class(s, b, p->parent_fp);
    rc |= buf_printf(b, ",\"runs\":%" PRIu64 ",\"statements\":%" PRIu64 ",\"parent_rows_sum\":%" PRIu64
                     ",\"parent_rows_cnt\":%" PRIu64, p->runs, p->statements, p->parent_rows_sum,
                     p->parent_rows_cnt);
    rc |= put_lengths(b, p);
    rc |= buf_printf(b, ",\"time_us\":%" PRId64 ",\"timed_statements\":%" PRIu64, p->time_us,
                     p->timed_statements);
    rc |= put_opt(b, "ts_min", p->ts_min) | put_opt(b, "ts_max", p->ts_max);
    return rc | put_runs(b, p) | buf_append_char(b, '}');
}

/* The header's section object: the counters NP1.NOT_VISIBLE reads. */
static int put_counters(void *ctx, struct buf *b)
{
    const struct np1_result *r = ((const struct np1_save *)ctx)->r;
    int rc = buf_printf(b, ",\"events\":%" PRIu64 ",\"events_with_connection\":%" PRIu64
                        ",\"events_timed\":%" PRIu64, r->events, r->events_with_conn, r->events_timed);
    rc |= put_opt(b, "query_time_min_us", r->qtime_min_us);
    return rc | buf_printf(b, ",\"inexact\":%s", r->inexact ? "true" : "false");
}

int np1_save_init(struct np1_save *s, const struct np1_result *r, const struct agg_table *t)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    const struct agg_class **cs = agg_classes(t, &s->nclasses);
    if (!cs && s->nclasses)
        return -1;
    s->classes = malloc((s->nclasses ? s->nclasses : 1) * sizeof *s->classes);
    if (!s->classes) {
        free((void *)cs);
        return -1;
    }
    for (uint64_t i = 0; i < s->nclasses; i++)
        s->classes[i] = (struct np1_save_class){cs[i]->hash, cs[i]};
    free((void *)cs);
    if (s->nclasses > 1)
        qsort(s->classes, s->nclasses, sizeof *s->classes, by_hash);
    s->sec = (struct agg_save_section){.name = NP1_SAVE_SECTION, .nlines = r->n, .ctx = s,
                                       .put_header = put_counters, .put_line = put_pattern};
    return 0;
}

void np1_save_free(struct np1_save *s)
{
    free(s->classes);
    s->classes = NULL;
}
