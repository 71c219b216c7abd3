/* The per-event path of the aggregation (agg_add): translate the parser's attribute ids to the
 * table's through a cached array, parse each value once, then fold the event into its class (the
 * totals are summed from the classes when asked for, see agg_global). Once a class exists nothing
 * here allocates, except to grow: a new bucket, a new attribute or string value in the class, or a
 * worst sample longer than any before. */
#include "aggregate/agg_int.h"

#include <stdlib.h>
#include <string.h>

/* Attributes whose values are unique to each event (ids, positions, clock readings): a distribution of
 * them says nothing, so they are only counted. */
static const char *const ident_names[] = {
    "Start", "End", "InnoDB_trx_id", "Thread_id", "Id", "timestamp", "insert_id", "last_insert_id",
    "Statement_id", "Xid", "pos_in_log", "end_log_pos", "server_id", NULL,
};
/* Attributes that look numeric but are labels: error codes and rate-limit settings read as counts per
 * value, not as sums and percentiles (pt-query-digest types them as strings too). */
static const char *const str_names[] = {
    "Schema", "Log_slow_rate_type", "Log_slow_rate_limit", "Last_errno", "Error_no", "Errno", NULL,
};

static bool in_list(const char *const *list, struct sv name)
{
    for (int i = 0; list[i]; i++)
        if (sv_eq_cstr(name, list[i]))
            return true;
    return false;
}

static bool is_bool_value(struct sv v) { return sv_eq_cstr(v, "Yes") || sv_eq_cstr(v, "No"); }

/* By name first, else by the first (non-empty) value: number, Yes/No, anything else. */
static enum attr_kind kind_of(struct sv name, struct sv value)
{
    if (in_list(ident_names, name))
        return ATTR_IDENT;
    if (in_list(str_names, name) || (name.n > 4 && memcmp(name.p + name.n - 4, "_crc", 4) == 0))
        return ATTR_STR;
    int64_t v;
    if (stats_parse_fixed(value, &v))
        return ATTR_NUM;
    return is_bool_value(value) ? ATTR_BOOL : ATTR_STR;
}

/* The table id for the parser's id pid, or UINT32_MAX when the attribute cannot be known yet (its
 * name is new and this value is empty) or memory ran out. */
static uint32_t map_attr(struct agg_table *t, const struct attr_names *names, uint32_t pid,
                         struct sv value)
{
    if (t->map_names != names) {
        free(t->map); /* a different parser table: its ids mean other names */
        t->map = NULL;
        t->nmap = 0;
        t->map_names = names;
    }
    if (pid >= t->nmap) {
        uint32_t n = attr_names_count(names);
        if (pid >= n)
            return UINT32_MAX;
        uint32_t *m = realloc(t->map, n * sizeof *m);
        if (!m)
            return UINT32_MAX;
        for (uint32_t i = t->nmap; i < n; i++)
            m[i] = UINT32_MAX;
        t->map = m;
        t->nmap = n;
    }
    if (t->map[pid] != UINT32_MAX)
        return t->map[pid];
    const char *name = attr_names_name(names, pid);
    if (!name)
        return UINT32_MAX;
    struct sv nv = sv_cstr(name);
    uint32_t id = agg_attr_find(t, name);
    if (id == UINT32_MAX && value.n == 0)
        return UINT32_MAX; /* an empty value cannot decide the kind; wait for one that can */
    if (id == UINT32_MAX)
        id = agg_attr_intern(t, nv.p, nv.n, kind_of(nv, value));
    t->map[pid] = id;
    return id;
}

/* Parses v as attribute id's kind into out; false when the value does not fit (then it is counted as
 * missing for this event). */
static bool parse_value(const struct agg_table *t, uint32_t id, struct sv v, struct agg_value *out)
{
    out->id = id;
    out->kind = t->attrs[id].kind;
    switch (out->kind) {
    case ATTR_NUM:
        if (!stats_parse_fixed(v, &out->num))
            return false;
        if (t->attrs[id].millis)
            out->num /= 1000;
        return true;
    case ATTR_BOOL:
        out->yes = sv_eq_cstr(v, "Yes");
        return out->yes || sv_eq_cstr(v, "No");
    case ATTR_STR:
    case ATTR_IDENT:
        out->str = v;
        return v.n > 0;
    }
    return false;
}

/* Fills t->vals with the event's usable attributes; returns how many. */
static uint32_t resolve(struct agg_table *t, const struct attr_names *names, const struct event *ev)
{
    uint32_t n = 0;
    t->stamp++;
    for (uint32_t i = 0; i < ev->nattrs; i++) {
        const struct event_attr *ea = &ev->attrs[i];
        uint32_t id = map_attr(t, names, ea->id, ea->value);
        if (id == UINT32_MAX || t->seen[id] == t->stamp)
            continue;
        t->seen[id] = t->stamp;
        if (parse_value(t, id, ea->value, &t->vals[n]))
            n++;
    }
    /* pt-query-digest's `bytes` (the report's "Query size"): the statement's length, which no log
     * line states. */
    if (t->bytes_id == UINT32_MAX)
        agg_attr_intern(t, "bytes", 5, ATTR_NUM);
    uint32_t b = t->bytes_id;
    if (b != UINT32_MAX && t->seen[b] != t->stamp &&
        ev->query.n <= (uint64_t)(STATS_FIXED_MAX / STATS_SCALE)) {
        t->seen[b] = t->stamp;
        t->vals[n++] = (struct agg_value){.id = b, .kind = ATTR_NUM,
                                          .num = (int64_t)ev->query.n * STATS_SCALE};
    }
    return n;
}

/* The position of the first attribute whose id >= id (the attributes are sorted by id). */
static uint32_t attr_lower_bound(const struct agg_class *c, uint32_t id)
{
    uint32_t lo = 0, hi = c->nattrs;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (c->attrs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct class_attr *agg_class_attr_get(struct agg_class *c, uint32_t id)
{
    uint32_t lo = attr_lower_bound(c, id);
    if (lo < c->nattrs && c->attrs[lo].id == id)
        return &c->attrs[lo];
    if (c->nattrs == c->capattrs) {
        /* Grow tight: a class's attribute set is mostly fixed by its first event (fold sizes it),
         * and with a hundred thousand classes every spare slot costs megabytes. */
        uint32_t cap = c->capattrs + 1 + c->capattrs / 4;
        struct class_attr *a = realloc(c->attrs, cap * sizeof *a);
        if (!a)
            return NULL;
        c->attrs = a;
        c->capattrs = cap;
    }
    memmove(&c->attrs[lo + 1], &c->attrs[lo], (c->nattrs - lo) * sizeof *c->attrs);
    memset(&c->attrs[lo], 0, sizeof *c->attrs);
    c->attrs[lo].id = id;
    c->nattrs++;
    return &c->attrs[lo];
}

const struct class_attr *agg_class_attr(const struct agg_class *c, uint32_t id)
{
    uint32_t lo = attr_lower_bound(c, id);
    return lo < c->nattrs && c->attrs[lo].id == id ? &c->attrs[lo] : NULL;
}

static int add_value(struct agg_table *t, struct agg_class *c, const struct agg_value *v)
{
    /* Classes of one log mostly have the same attributes, so an attribute usually sits where it sat
     * in the last class that had it: try there before searching. */
    uint32_t hint = t->attr_pos[v->id];
    struct class_attr *a = hint < c->nattrs && c->attrs[hint].id == v->id
                               ? &c->attrs[hint]
                               : agg_class_attr_get(c, v->id);
    if (a)
        t->attr_pos[v->id] = (uint32_t)(a - c->attrs);
    if (!a)
        return -1;
    a->cnt++;
    switch (v->kind) {
    case ATTR_NUM:
        return stats_add(&a->u.num, v->num);
    case ATTR_BOOL:
        a->u.yes += v->yes;
        return 0;
    case ATTR_STR:
        return strdist_add(&a->u.str, v->str, 1);
    case ATTR_IDENT:
        return 0;
    }
    return 0;
}

/* Copies s into *p (growing its buffer of *cap bytes only when too small), NUL-terminated. */
static int set_text(char **p, uint32_t *cap, struct sv s)
{
    if (s.n >= UINT32_MAX)
        return -1;
    if (!*p || s.n + 1 > *cap) {
        char *q = realloc(*p, s.n + 1);
        if (!q)
            return -1;
        *p = q;
        *cap = (uint32_t)s.n + 1;
    }
    if (s.n)
        memcpy(*p, s.p, s.n);
    (*p)[s.n] = '\0';
    return 0;
}

/* The sample's statement: a pointer when it lives in a mapped input, else a copy in a buffer that
 * is reused (and only grown) from one worst sample to the next. */
static int set_query(struct agg_class_priv *cp, struct sv query, bool borrow)
{
    struct agg_sample *w = &cp->pub.worst;
    if (borrow && query.p) {
        if (!w->query_borrowed)
            free(w->query);
        cp->query_cap = 0;
        w->query = (char *)query.p;
        w->query_borrowed = true;
    } else {
        if (w->query_borrowed) {
            w->query = NULL;
            w->query_borrowed = false;
        }
        if (set_text(&w->query, &cp->query_cap, query) < 0)
            return -1;
    }
    w->query_len = query.n;
    return 0;
}

int agg_sample_set(struct agg_class_priv *cp, const struct agg_sample *s, struct sv query, struct sv db,
                   struct sv explain, struct sv fp, bool borrow)
{
    struct agg_sample *w = &cp->pub.worst;
    if (set_query(cp, query, borrow) < 0 || set_text(&w->db, &cp->db_cap, db) < 0)
        return -1;
    if (explain.p) {
        if (set_text(&w->explain, &cp->explain_cap, explain) < 0)
            return -1;
    } else {
        free(w->explain); /* NULL means "none"; explain blocks are rare, so no buffer is kept */
        w->explain = NULL;
        cp->explain_cap = 0;
    }
    w->ts_us = s->ts_us;
    w->order_value = s->order_value;
    w->file_idx = s->file_idx;
    w->offset = s->offset;
    w->line = s->line;
    w->seq = s->seq;
    if (sv_eq(fp, sv_make(cp->pub.key, cp->pub.key_len))) {
        cp->pub.fingerprint = cp->pub.key; /* the usual case: no copy */
        return 0;
    }
    if (set_text(&cp->fp_own, &cp->fp_cap, fp) < 0)
        return -1;
    cp->pub.fingerprint = cp->fp_own;
    return 0;
}

int agg_minute_add(struct agg_class *c, uint32_t minute, uint32_t cnt, int64_t query_time)
{
    uint32_t i = c->nminutes;
    while (i > 0 && c->minutes[i - 1].minute > minute) /* logs are mostly in time order */
        i--;
    if (i > 0 && c->minutes[i - 1].minute == minute) {
        struct agg_minute *m = &c->minutes[i - 1];
        m->cnt = m->cnt > UINT32_MAX - cnt ? UINT32_MAX : m->cnt + cnt;
        if (__builtin_add_overflow(m->query_time, query_time, &m->query_time))
            m->query_time = query_time > 0 ? INT64_MAX : INT64_MIN;
        return 0;
    }
    if (c->nminutes == c->capminutes) {
        uint32_t cap = c->capminutes ? c->capminutes * 2 : 1;
        struct agg_minute *m = realloc(c->minutes, cap * sizeof *m);
        if (!m)
            return -1;
        c->minutes = m;
        c->capminutes = cap;
    }
    memmove(&c->minutes[i + 1], &c->minutes[i], (c->nminutes - i) * sizeof *c->minutes);
    c->minutes[i] = (struct agg_minute){minute, cnt, query_time};
    c->nminutes++;
    return 0;
}

/* Folds the event's shared parts (everything but the worst sample) into c. */
static int fold(struct agg_table *t, struct agg_class *c, const struct event *ev, uint32_t nvals,
                const struct sv *tags, int ntags, int64_t query_time)
{
    int rc = 0;
    c->cnt++;
    if (ev->ts_us != EVENT_TS_UNKNOWN) {
        if (c->ts_min == EVENT_TS_UNKNOWN || ev->ts_us < c->ts_min)
            c->ts_min = ev->ts_us;
        if (c->ts_max == EVENT_TS_UNKNOWN || ev->ts_us > c->ts_max)
            c->ts_max = ev->ts_us;
    }
    if (c->capattrs == 0 && nvals > 0) {
        struct class_attr *a = malloc(nvals * sizeof *a);
        if (!a)
            return -1;
        c->attrs = a;
        c->capattrs = nvals;
    }
    for (uint32_t i = 0; i < nvals; i++)
        rc |= add_value(t, c, &t->vals[i]);
    /* An empty db means the log never said (no `use`, no Schema:); an empty user or host was
     * written as such (pt counts "" then), while a NULL view means the event had no User@Host. */
    if (ev->db.n)
        rc |= strdist_add(&c->db, ev->db, 1);
    if (ev->user.p)
        rc |= strdist_add(&c->user, ev->user, 1);
    if (ev->host.p)
        rc |= strdist_add(&c->host, ev->host, 1);
    for (int i = 0; i < ntags; i++)
        if (tags[i].n)
            rc |= strdist_add(&c->tags, tags[i], 1);
    if (t->keep_minutes && ev->ts_us != EVENT_TS_UNKNOWN && ev->ts_us >= 0 &&
        ev->ts_us / 60000000 <= UINT32_MAX)
        rc |= agg_minute_add(c, (uint32_t)(ev->ts_us / 60000000), 1, query_time);
    return rc ? -1 : 0;
}

static int64_t value_of(const struct agg_table *t, uint32_t nvals, uint32_t id, int64_t missing)
{
    if (id == UINT32_MAX)
        return missing;
    for (uint32_t i = 0; i < nvals; i++)
        if (t->vals[i].id == id && t->vals[i].kind == ATTR_NUM)
            return t->vals[i].num;
    return missing;
}

int agg_add(struct agg_table *t, const struct attr_names *names, const struct event *ev,
            struct sv key, struct sv fingerprint, const struct sv *tags, int ntags, uint64_t seq)
{
    uint32_t nvals = resolve(t, names, ev);
    int64_t order_value = value_of(t, nvals, t->order_id, INT64_MIN);
    int64_t query_time = value_of(t, nvals, t->qt_id, 0);
    bool created;
    struct agg_class_priv *cp = agg_class_get(t, key, agg_key_hash(key), &created);
    if (!cp)
        return -1;
    int rc = fold(t, &cp->pub, ev, nvals, tags, ntags, query_time);
    t->global_dirty = true;
    const struct agg_sample *w = &cp->pub.worst;
    /* The greatest order-by value wins, ties going to the later event (pt's `>=`). An event without
     * the attribute has the lowest value, so a class always has a sample. */
    if (!w->query || order_value > w->order_value ||
        (order_value == w->order_value && seq >= w->seq)) {
        struct agg_sample s = {.ts_us = ev->ts_us, .order_value = order_value,
                               .file_idx = ev->file_idx, .offset = ev->offset, .line = ev->line,
                               .seq = seq};
        struct sv explain = ev->explain.n ? ev->explain : SV_NULL;
        rc |= agg_sample_set(cp, &s, ev->query, ev->db, explain, fingerprint, ev->stable);
    }
    return rc ? -1 : 0;
}
