/* agg_merge: folds one table into another exactly — counts, fixed-point sums, buckets, min/max,
 * string distributions (see strdist.h for their one inexact case), worst samples by (order value,
 * seq), per-minute activity and time ranges. Attribute ids differ between tables, so they are matched
 * by name; an attribute whose kind differs between the two tables (its first values disagreed) keeps
 * dst's kind and src's values for it are left out, since a number cannot become a Yes/No. */
#include "aggregate/agg_int.h"

#include <stdlib.h>
#include <string.h>

static int merge_attr(struct agg_class *dst, const struct class_attr *sa, uint32_t did,
                      enum attr_kind kind)
{
    struct class_attr *da = agg_class_attr_get(dst, did);
    if (!da)
        return -1;
    da->cnt += sa->cnt;
    switch (kind) {
    case ATTR_NUM:
        return stats_merge(&da->u.num, &sa->u.num);
    case ATTR_BOOL:
        da->u.yes += sa->u.yes;
        return 0;
    case ATTR_STR:
        return strdist_merge(&da->u.str, &sa->u.str);
    case ATTR_IDENT:
        return 0;
    }
    return 0;
}

static void merge_ts(struct agg_class *d, const struct agg_class *s)
{
    if (s->ts_min != EVENT_TS_UNKNOWN && (d->ts_min == EVENT_TS_UNKNOWN || s->ts_min < d->ts_min))
        d->ts_min = s->ts_min;
    if (s->ts_max != EVENT_TS_UNKNOWN && (d->ts_max == EVENT_TS_UNKNOWN || s->ts_max > d->ts_max))
        d->ts_max = s->ts_max;
}

static bool sample_beats(const struct agg_sample *a, const struct agg_sample *b)
{
    if (!a->query)
        return false;
    if (!b->query)
        return true;
    return a->order_value > b->order_value || (a->order_value == b->order_value && a->seq > b->seq);
}

static int remap_file(const int *fmap, const struct agg_table *st, int idx)
{
    return fmap && idx >= 0 && (uint32_t)idx < st->nfiles ? fmap[idx] : idx;
}

/* st's file indexes -> dt's, adding the names dt lacks. */
static int *file_map(struct agg_table *dt, const struct agg_table *st)
{
    int *fmap = malloc((st->nfiles ? st->nfiles : 1) * sizeof *fmap);
    if (!fmap)
        return NULL;
    for (uint32_t i = 0; i < st->nfiles; i++)
        if ((fmap[i] = agg_file_intern(dt, st->files[i])) < 0) {
            free(fmap);
            return NULL;
        }
    return fmap;
}

int agg_class_merge(struct agg_class_priv *dst, const struct agg_table *st,
                    const struct agg_class_priv *src, const uint32_t *map, const int *fmap)
{
    struct agg_class *d = &dst->pub;
    const struct agg_class *s = &src->pub;
    int rc = 0;
    d->cnt += s->cnt;
    merge_ts(d, s);
    for (uint32_t i = 0; i < s->nattrs; i++) {
        uint32_t did = map[s->attrs[i].id];
        if (did != UINT32_MAX)
            rc |= merge_attr(d, &s->attrs[i], did, agg_attr_kind(st, s->attrs[i].id));
    }
    rc |= strdist_merge(&d->db, &s->db);
    rc |= strdist_merge(&d->user, &s->user);
    rc |= strdist_merge(&d->host, &s->host);
    rc |= strdist_merge(&d->tags, &s->tags);
    for (uint32_t i = 0; i < s->nminutes; i++)
        rc |= agg_minute_add(d, s->minutes[i].minute, s->minutes[i].cnt, s->minutes[i].query_time);
    if (!dst->is_global && sample_beats(&s->worst, &d->worst)) {
        struct agg_sample w = s->worst;
        w.file_idx = remap_file(fmap, st, w.file_idx);
        struct sv explain = w.explain ? sv_cstr(w.explain) : SV_NULL;
        rc |= agg_sample_set(dst, &w, sv_make(w.query, w.query_len), sv_cstr(w.db), explain,
                             sv_cstr(s->fingerprint), w.query_borrowed);
    }
    return rc ? -1 : 0;
}

/* st's attribute ids -> dt's, creating the missing ones; UINT32_MAX for a kind conflict. */
static uint32_t *attr_map(struct agg_table *dt, const struct agg_table *st)
{
    uint32_t *map = malloc((st->nattrs ? st->nattrs : 1) * sizeof *map);
    if (!map)
        return NULL;
    for (uint32_t i = 0; i < st->nattrs; i++) {
        const struct agg_attr_def *a = &st->attrs[i];
        uint32_t id = agg_attr_intern(dt, a->name, strlen(a->name), a->kind);
        if (id == UINT32_MAX) {
            free(map);
            return NULL;
        }
        map[i] = dt->attrs[id].kind == a->kind ? id : UINT32_MAX;
    }
    return map;
}

/* What a merge of src into dst needs: src's attribute ids and file indexes in dst's terms (dst gains
 * the names it lacks). dst's totals are summed again when next asked for. */
static int merge_maps(struct agg_table *dst, const struct agg_table *src, uint32_t **map, int **fmap)
{
    *map = attr_map(dst, src);
    *fmap = *map ? file_map(dst, src) : NULL;
    if (!*map || !*fmap) {
        free(*map);
        return -1;
    }
    dst->global_dirty = true;
    return 0;
}

int agg_merge(struct agg_table *dst, const struct agg_table *src)
{
    uint32_t *map;
    int *fmap;
    if (merge_maps(dst, src, &map, &fmap) < 0)
        return -1;
    int rc = 0;
    for (uint64_t i = 0; i < src->nslots; i++) {
        const struct agg_class_priv *s = src->slots[i];
        if (!s)
            continue;
        bool created;
        struct agg_class_priv *d =
            agg_class_get(dst, sv_make(s->pub.key, s->pub.key_len), s->pub.hash, &created);
        if (!d) {
            rc = -1;
            break;
        }
        if (created) /* a loaded digest's Query IDs are kept as they were written */
            memcpy(d->pub.query_id, s->pub.query_id, sizeof d->pub.query_id);
        rc |= agg_class_merge(d, src, s, map, fmap);
    }
    free(map);
    free(fmap);
    return rc ? -1 : 0;
}

/* Renumbers a class moving from table st to table dt: attribute ids through map, dropping the
 * attributes dt cannot hold (a kind conflict), and sorting by the new ids. */
static void class_renumber(const struct agg_table *st, struct agg_class *c, const uint32_t *map)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->nattrs; i++) {
        struct class_attr a = c->attrs[i];
        if (map[a.id] == UINT32_MAX) {
            enum attr_kind k = agg_attr_kind(st, a.id);
            if (k == ATTR_NUM)
                stats_free(&a.u.num);
            else if (k == ATTR_STR)
                strdist_free(&a.u.str);
            continue;
        }
        a.id = map[a.id];
        uint32_t j = n++;
        while (j > 0 && c->attrs[j - 1].id > a.id) { /* insertion sort: a few dozen at most */
            c->attrs[j] = c->attrs[j - 1];
            j--;
        }
        c->attrs[j] = a;
    }
    c->nattrs = n;
}

int agg_absorb(struct agg_table *dst, struct agg_table *src)
{
    uint32_t *map;
    int *fmap;
    if (merge_maps(dst, src, &map, &fmap) < 0)
        return -1;
    int rc = 0;
    for (uint64_t i = 0; i < src->nslots && rc == 0; i++) {
        struct agg_class_priv *s = src->slots[i];
        if (!s)
            continue;
        struct agg_class_priv *d = agg_class_insert(dst, s);
        if (!d) {
            rc = -1;
            break;
        }
        src->slots[i] = NULL;
        src->nclasses--;
        if (d == s) {
            class_renumber(src, &s->pub, map);
            s->pub.worst.file_idx = remap_file(fmap, src, s->pub.worst.file_idx);
            continue;
        }
        rc |= agg_class_merge(d, src, s, map, fmap);
        agg_class_release(src, s);
    }
    free(map);
    free(fmap);
    return rc ? -1 : 0;
}

int agg_regroup(struct agg_table *dst, const struct agg_table *src, agg_keys_fn keys, void *ctx)
{
    const struct agg_class_priv *totals = (const struct agg_class_priv *)agg_global(src);
    uint32_t *map;
    int *fmap;
    if (dst->nclasses || merge_maps(dst, src, &map, &fmap) < 0)
        return -1;
    struct sv kv[AGG_REGROUP_MAX_KEYS];
    int rc = 0;
    for (uint64_t i = 0; i < src->nslots && rc == 0; i++) {
        const struct agg_class_priv *s = src->slots[i];
        if (!s)
            continue;
        int n = keys(&s->pub, ctx, kv, AGG_REGROUP_MAX_KEYS);
        if (n < 0)
            rc = -1;
        for (int k = 0; k < n && rc == 0; k++) {
            bool created;
            struct agg_class_priv *d = agg_class_get(dst, kv[k], agg_key_hash(kv[k]), &created);
            rc = d ? agg_class_merge(d, src, s, map, fmap) : -1;
        }
    }
    /* The totals count each event once, though a join's class joined several groups. */
    if (rc == 0)
        rc = agg_class_merge(&dst->global, src, totals, map, fmap);
    dst->global_dirty = false;
    free(map);
    free(fmap);
    return rc ? -1 : 0;
}
