/* The plan model's building blocks, shared by every form: names of forms, facts and Extra flags,
 * plans and accesses grown in the arena, the Extra column's flags, numbers, lists, and the mapping
 * of a traditional row (header names and values) onto an access. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "explain/explain_int.h"

static const char *const form_names[EXPLAIN_FORM_COUNT] = {
    "table", "batch", "vertical", "json_v1", "json_v2", "json_mariadb", "tree", "slowlog",
};

static const char *const fact_names[EXF_COUNT] = {
    "select_id", "select_type", "table", "partitions", "access_type", "possible_keys", "key",
    "key_len", "used_key_parts", "ref", "rows", "filtered", "actual_rows", "actual_loops",
    "actual_filtered", "actual_time", "actual_total_ms", "cost", "v1_costs", "extra", "dependent",
    "condition", "index_condition",
};

static const char *const extra_names[EXX_COUNT] = {
    "Using where", "Using index", "Using index condition", "Using filesort", "Using temporary",
    "Using join buffer", "Range checked for each record", "Impossible WHERE", "Impossible HAVING",
    "Select tables optimized away", "No tables used", "no matching row in const table",
    "const row not found", "No matching min/max row", "Zero limit", "LooseScan", "FirstMatch",
    "Start temporary", "End temporary", "Using MRR", "Using index for group-by",
    "Using index for skip scan", "Using index merge", "Not exists", "Distinct",
    "Full scan on NULL key", "other",
};

const char *explain_form_name(enum explain_form f)
{
    return (unsigned)f < EXPLAIN_FORM_COUNT ? form_names[f] : "?";
}

const char *explain_server_name(enum explain_server s)
{
    return s == EXPLAIN_SERVER_MYSQL ? "mysql" : s == EXPLAIN_SERVER_MARIADB ? "mariadb" : NULL;
}

const char *explain_fact_name(enum explain_fact f)
{
    return (unsigned)f < EXF_COUNT ? fact_names[f] : "?";
}

const char *explain_extra_name(enum explain_extra x)
{
    return (unsigned)x < EXX_COUNT ? extra_names[x] : "?";
}

/* Arrays grow when their count reaches a power of two: no capacity field is needed. */
static bool needs_growth(unsigned n)
{
    return n == 0 || (n >= 4 && (n & (n - 1)) == 0);
}

struct explain_plan *ex_plan_new(struct ex_ctx *c, enum explain_form form, unsigned line)
{
    struct explain_set *s = c->set;
    if (needs_growth(s->nplans)) {
        unsigned cap = s->nplans ? s->nplans * 2 : 4;
        void *np = arena_grow(c->a, s->plans, s->nplans, cap, sizeof *s->plans);
        if (!np) {
            c->oom = true;
            return NULL;
        }
        s->plans = np;
    }
    struct explain_plan *p = &s->plans[s->nplans++];
    memset(p, 0, sizeof *p);
    p->form = form;
    p->line = line;
    /* forms only one server prints; the readers of the others tell from what they read */
    if (form == EXPLAIN_FORM_JSON_MARIADB || form == EXPLAIN_FORM_SLOWLOG)
        p->server = EXPLAIN_SERVER_MARIADB;
    else if (form == EXPLAIN_FORM_JSON_V2 || form == EXPLAIN_FORM_TREE)
        p->server = EXPLAIN_SERVER_MYSQL;
    p->query = c->pending_query;
    c->pending_query = NULL;
    return p;
}

void ex_plan_drop_if_empty(struct ex_ctx *c, struct explain_plan *p)
{
    struct explain_set *s = c->set;
    if (s->nplans && p == &s->plans[s->nplans - 1] && p->nacc == 0 && !p->message) {
        if (!c->pending_query)
            c->pending_query = p->query;
        s->nplans--;
    }
}

struct explain_access *ex_access_new(struct ex_ctx *c, struct explain_plan *p, unsigned line)
{
    if (needs_growth(p->nacc)) {
        unsigned cap = p->nacc ? p->nacc * 2 : 4;
        void *na = arena_grow(c->a, p->acc, p->nacc, cap, sizeof *p->acc);
        if (!na) {
            c->oom = true;
            return NULL;
        }
        p->acc = na;
    }
    struct explain_access *x = &p->acc[p->nacc++];
    memset(x, 0, sizeof *x);
    x->line = line;
    return x;
}

char *ex_strdup(struct ex_ctx *c, struct sv s)
{
    char *r = arena_strndup(c->a, s.p ? s.p : "", s.n);
    if (!r)
        c->oom = true;
    return r;
}

bool ex_is_null(struct sv s)
{
    return sv_eq_cstr(sv_trim(s), "NULL");
}

bool ex_num(struct sv s, double *out)
{
    char tmp[64];
    s = sv_trim(s);
    if (s.n == 0 || s.n >= sizeof tmp || ex_is_null(s))
        return false;
    memcpy(tmp, s.p, s.n);
    tmp[s.n] = '\0';
    if (!isdigit((unsigned char)tmp[0]) && tmp[0] != '-' && tmp[0] != '.')
        return false;
    char *end;
    double v = strtod(tmp, &end);
    if (*end != '\0' || v != v)
        return false;
    *out = v;
    return true;
}

const char **ex_split_list(struct ex_ctx *c, struct sv s, unsigned *n)
{
    unsigned cnt = 1;
    *n = 0;
    s = sv_trim(s);
    if (s.n == 0 || ex_is_null(s))
        return NULL;
    for (size_t i = 0; i < s.n; i++)
        cnt += s.p[i] == ',';
    const char **v = arena_alloc(c->a, cnt * sizeof *v);
    if (!v) {
        c->oom = true;
        return NULL;
    }
    size_t start = 0;
    for (size_t i = 0; i <= s.n; i++) {
        if (i < s.n && s.p[i] != ',')
            continue;
        struct sv item = sv_trim(sv_make(s.p + start, i - start));
        if (item.n && !(v[*n] = ex_strdup(c, item)))
            return NULL;
        *n += item.n > 0;
        start = i + 1;
    }
    return v;
}

const char *ex_join_buffer_kind(struct sv s)
{
    const char *p = s.p ? s.p : "";
    size_t n = s.n;
    /* MariaDB: "flat, BNL join", "incremental, BKA join", "flat, BNLH join" (hashed BNL) */
    for (size_t i = 0; i + 4 <= n; i++) {
        if (memcmp(p + i, "BNLH", 4) == 0 || memcmp(p + i, "hash", 4) == 0)
            return "hash join";
        if (memcmp(p + i, "BKA", 3) == 0 || memcmp(p + i, "Batched", 4) == 0)
            return "BKA";
    }
    return "BNL";
}

struct extra_prefix {
    const char *text;
    enum explain_extra flag;
};

/* Longest first where one text starts another ("Using index condition" before "Using index"). */
static const struct extra_prefix extra_prefixes[] = {
    {"Using index condition", EXX_USING_INDEX_CONDITION},
    {"Using index for group-by", EXX_USING_INDEX_FOR_GROUP_BY},
    {"Using index for skip scan", EXX_USING_INDEX_FOR_SKIP_SCAN},
    {"Using index", EXX_USING_INDEX},
    {"Using where", EXX_USING_WHERE},
    {"Using filesort", EXX_USING_FILESORT},
    {"Using temporary", EXX_USING_TEMPORARY},
    {"Using join buffer", EXX_USING_JOIN_BUFFER},
    {"Range checked for each record", EXX_RANGE_CHECKED},
    {"Impossible WHERE", EXX_IMPOSSIBLE_WHERE},
    {"Impossible HAVING", EXX_IMPOSSIBLE_HAVING},
    {"Select tables optimized away", EXX_SELECT_TABLES_OPTIMIZED_AWAY},
    {"No tables used", EXX_NO_TABLES_USED},
    {"no matching row in const table", EXX_NO_MATCHING_ROW_IN_CONST},
    {"const row not found", EXX_CONST_ROW_NOT_FOUND},
    {"No matching min/max row", EXX_NO_MATCHING_MIN_MAX},
    {"Zero limit", EXX_ZERO_LIMIT},
    {"LooseScan", EXX_LOOSESCAN},
    {"FirstMatch", EXX_FIRSTMATCH},
    {"Start temporary", EXX_START_TEMPORARY},
    {"End temporary", EXX_END_TEMPORARY},
    {"Using MRR", EXX_USING_MRR},
    {"Using union", EXX_USING_INDEX_MERGE},
    {"Using sort_union", EXX_USING_INDEX_MERGE},
    {"Using intersect", EXX_USING_INDEX_MERGE},
    {"Using sort_intersect", EXX_USING_INDEX_MERGE},
    {"Not exists", EXX_NOT_EXISTS},
    {"Distinct", EXX_DISTINCT},
    {"Full scan on NULL key", EXX_FULL_SCAN_ON_NULL_KEY},
};

void ex_extra_add(struct explain_access *x, enum explain_extra f, const char *join_buffer)
{
    x->known |= EX_BIT(EXF_EXTRA);
    x->extra |= EX_XBIT(f);
    if (f == EXX_USING_JOIN_BUFFER && join_buffer)
        x->join_buffer = join_buffer;
}

static void extra_item(struct ex_ctx *c, struct explain_access *x, struct sv item)
{
    for (size_t k = 0; k < sizeof extra_prefixes / sizeof extra_prefixes[0]; k++) {
        if (!sv_istarts_with(item, extra_prefixes[k].text))
            continue;
        ex_extra_add(x, extra_prefixes[k].flag,
                     extra_prefixes[k].flag == EXX_USING_JOIN_BUFFER ? ex_join_buffer_kind(item)
                                                                     : NULL);
        if (extra_prefixes[k].flag == EXX_USING_INDEX_MERGE) /* "Using " then the merge */
            x->index_merge = ex_strdup(c, sv_make(item.p + 6, item.n - 6));
        return;
    }
    ex_extra_add(x, EXX_OTHER, NULL);
}

void ex_extra_from_text(struct ex_ctx *c, struct explain_access *x, struct sv text)
{
    text = sv_trim(text);
    x->known |= EX_BIT(EXF_EXTRA);
    if (text.n == 0 || ex_is_null(text))
        return;
    x->extra_text = ex_strdup(c, text);
    size_t start = 0;
    for (size_t i = 0; i <= text.n; i++) {
        if (i < text.n && text.p[i] != ';')
            continue;
        struct sv item = sv_trim(sv_make(text.p + start, i - start));
        if (item.n)
            extra_item(c, x, item);
        start = i + 1;
    }
}

void ex_extra_finish(struct ex_ctx *c, struct explain_access *x)
{
    struct buf b = {0};
    bool fail = false;
    x->known |= EX_BIT(EXF_EXTRA);
    for (int f = 0; f < EXX_COUNT; f++) {
        if (!(x->extra & EX_XBIT(f)) || f == EXX_OTHER)
            continue;
        fail |= b.n && buf_append_cstr(&b, "; ") < 0;
        if (f == EXX_USING_INDEX_MERGE && x->index_merge)
            fail |= buf_printf(&b, "Using %s", x->index_merge) < 0;
        else
            fail |= buf_append_cstr(&b, extra_names[f]) < 0;
        if (f == EXX_USING_JOIN_BUFFER && x->join_buffer)
            fail |= buf_printf(&b, " (%s)", x->join_buffer) < 0;
    }
    if (fail)
        c->oom = true;
    else if (b.n)
        x->extra_text = ex_strdup(c, buf_sv(&b));
    buf_free(&b);
}
