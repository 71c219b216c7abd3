/* Index and key checks over one table's facts, after pt-duplicate-key-checker's rules with its
 * pitfalls fixed: indexes are compared as lists of parts (column or expression, prefix length,
 * DESC), never as strings; HASH indexes (MEMORY) are not left-prefix redundant, since a hash is
 * only usable with its whole key; a visible index is never called redundant to an invisible one;
 * a UNIQUE index is never dropped in favour of a non-unique one; duplicate foreign keys compare
 * (child, parent) column pairs, not the two lists sorted apart. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/checks.h"
#include "rules/checks_keys.h"

const char *const checks_index_evidence[] = {"table", "index", "other", "columns",
                                             "other_columns", NULL};
const char *const checks_suffix_evidence[] = {"table", "index", "primary_key", "columns",
                                              "shortened", NULL};
const char *const checks_fk_evidence[] = {"table", "foreign_key", "other", "columns", "parent",
                                          "parent_columns", NULL};

static const cJSON *table_of(const struct rule_check_call *call)
{
    return cJSON_GetObjectItemCaseSensitive(call->facts, "table");
}

static bool add_s(cJSON *o, const char *k, const char *v)
{
    return (v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)) != NULL;
}

static bool add_parts(cJSON *o, const char *k, const struct ck_part *p, size_t n)
{
    struct buf b = {0};
    bool ok = ck_parts_text(&b, p, n) == 0 && add_s(o, k, b.p);
    buf_free(&b);
    return ok;
}

/* A finding about index a, with index b as the other party (NULL: none). */
static int emit_pair(struct rule_check_call *call, const struct ck_key *a, const struct ck_key *b)
{
    cJSON *ev = cJSON_CreateObject();
    bool ok = ev && add_s(ev, "table", ck_table_name(table_of(call))) &&
              add_s(ev, "index", a->name) && add_s(ev, "other", b ? b->name : NULL) &&
              add_parts(ev, "columns", a->parts, a->nparts) &&
              (b ? add_parts(ev, "other_columns", b->parts, b->nparts)
                 : add_s(ev, "other_columns", NULL));
    if (!ok) {
        cJSON_Delete(ev);
        return -1;
    }
    return rule_emit(call, ev, a->name);
}

/* Runs fn over the table's keys; fn returns 0 or -1 (out of memory). */
static int with_keys(struct rule_check_call *call,
                     int (*fn)(struct rule_check_call *, const struct ck_keys *))
{
    struct ck_keys ks;
    if (ck_keys_read(&ks, table_of(call)) < 0)
        return -1;
    int rc = fn(call, &ks);
    ck_keys_free(&ks);
    return rc;
}

static bool same_parts(const struct ck_key *a, const struct ck_key *b)
{
    if (a->nparts != b->nparts)
        return false;
    for (size_t i = 0; i < a->nparts; i++)
        if (!ck_part_equal(&a->parts[i], &b->parts[i]))
            return false;
    return true;
}

/* FULLTEXT indexes are the same whatever the order of their columns. */
static bool same_part_set(const struct ck_key *a, const struct ck_key *b)
{
    if (a->nparts != b->nparts)
        return false;
    for (size_t i = 0; i < a->nparts; i++) {
        size_t j = 0;
        while (j < b->nparts && !ck_part_equal(&a->parts[i], &b->parts[j]))
            j++;
        if (j == b->nparts)
            return false;
    }
    return true;
}

/* Of two identical indexes, the one to drop: the weaker constraint, else the later one; never
 * the primary key. NULL when neither should go (the keeper would be invisible). */
static const struct ck_key *dup_victim(const struct ck_key *a, const struct ck_key *b)
{
    const struct ck_key *keep = b->kind < a->kind ? b : a, *drop = keep == a ? b : a;
    if (drop->kind == CK_PRIMARY || (keep->invisible && !drop->invisible))
        return NULL;
    return drop;
}

static int dup_run(struct rule_check_call *call, const struct ck_keys *ks)
{
    bool *done = calloc(ks->n ? ks->n : 1, sizeof *done);
    if (!done)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ks->n; i++)
        for (size_t j = i + 1; rc == 0 && j < ks->n; j++) {
            const struct ck_key *a = &ks->v[i], *b = &ks->v[j];
            if (done[i] || done[j] || !ck_same_structure(a, b))
                continue;
            bool same = a->kind == CK_FULLTEXT ? same_part_set(a, b) : same_parts(a, b);
            const struct ck_key *drop = same ? dup_victim(a, b) : NULL;
            if (!drop)
                continue;
            done[drop == a ? i : j] = true;
            rc = emit_pair(call, drop, drop == a ? b : a);
        }
    free(done);
    return rc;
}

int checks_duplicate_index(struct rule_check_call *call)
{
    return with_keys(call, dup_run);
}

/* Whether short serves every search long serves with its first short->nparts parts: earlier
 * parts identical, the last on the same column and direction with a prefix no longer than
 * long's (no prefix counts as the longest). */
static bool is_left_prefix(const struct ck_key *shrt, const struct ck_key *lng)
{
    if (shrt->nparts == 0 || shrt->nparts >= lng->nparts)
        return false;
    size_t last = shrt->nparts - 1;
    for (size_t i = 0; i < last; i++)
        if (!ck_part_equal(&shrt->parts[i], &lng->parts[i]))
            return false;
    const struct ck_part *s = &shrt->parts[last], *l = &lng->parts[last];
    return ck_same_target(s, l) && s->desc == l->desc &&
           (l->prefix == 0 || (s->prefix != 0 && s->prefix <= l->prefix));
}

static int redundant_run(struct rule_check_call *call, const struct ck_keys *ks)
{
    for (size_t i = 0; i < ks->n; i++) {
        const struct ck_key *r = &ks->v[i];
        if (r->kind != CK_KEY || r->hash)
            continue;
        for (size_t j = 0; j < ks->n; j++) {
            const struct ck_key *l = &ks->v[j];
            if (j == i || !ck_same_structure(r, l) || (l->invisible && !r->invisible) ||
                !is_left_prefix(r, l))
                continue;
            if (emit_pair(call, r, l) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

int checks_redundant_index(struct rule_check_call *call)
{
    return with_keys(call, redundant_run);
}

/* A multi-column UNIQUE whose columns include all those of another unique key (whole columns):
 * its uniqueness follows from the other one. pt-duplicate-key-checker's "unconstrain" step. */
static bool implied_by(const struct ck_key *u, const struct ck_key *v)
{
    if (v->nparts == 0 || v->nparts >= u->nparts)
        return false;
    for (size_t i = 0; i < v->nparts; i++) {
        if (!v->parts[i].column || v->parts[i].prefix)
            return false;
        size_t j = 0;
        while (j < u->nparts &&
               !(u->parts[j].column && !u->parts[j].prefix &&
                 strcasecmp(u->parts[j].column, v->parts[i].column) == 0))
            j++;
        if (j == u->nparts)
            return false;
    }
    return true;
}

static int overconstrained_run(struct rule_check_call *call, const struct ck_keys *ks)
{
    for (size_t i = 0; i < ks->n; i++) {
        const struct ck_key *u = &ks->v[i];
        if (u->kind != CK_UNIQUE)
            continue;
        for (size_t j = 0; j < ks->n; j++) {
            const struct ck_key *v = &ks->v[j];
            if (j == i || v->kind > CK_UNIQUE || !implied_by(u, v))
                continue;
            if (emit_pair(call, u, v) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

int checks_overconstrained_unique(struct rule_check_call *call)
{
    return with_keys(call, overconstrained_run);
}

static const struct ck_key *primary_of(const struct ck_keys *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        if (ks->v[i].kind == CK_PRIMARY)
            return &ks->v[i];
    return NULL;
}

/* InnoDB appends the primary key to every secondary index entry, so KEY (b, id) with PRIMARY KEY
 * (id) stores the same as KEY (b). Only plain non-unique keys: for a UNIQUE one the suffix is part
 * of the constraint. */
static bool has_pk_suffix(const struct ck_key *k, const struct ck_key *pk)
{
    if (k->kind != CK_KEY || k->hash || k->nparts <= pk->nparts)
        return false;
    size_t off = k->nparts - pk->nparts;
    for (size_t i = 0; i < pk->nparts; i++)
        if (!ck_part_equal(&k->parts[off + i], &pk->parts[i]) || k->parts[off + i].prefix ||
            k->parts[off + i].desc)
            return false;
    return true;
}

static int emit_suffix(struct rule_check_call *call, const struct ck_key *k,
                       const struct ck_key *pk)
{
    cJSON *ev = cJSON_CreateObject();
    bool ok = ev && add_s(ev, "table", ck_table_name(table_of(call))) &&
              add_s(ev, "index", k->name) &&
              add_parts(ev, "primary_key", pk->parts, pk->nparts) &&
              add_parts(ev, "columns", k->parts, k->nparts) &&
              add_parts(ev, "shortened", k->parts, k->nparts - pk->nparts);
    if (!ok) {
        cJSON_Delete(ev);
        return -1;
    }
    return rule_emit(call, ev, k->name);
}

static int suffix_run(struct rule_check_call *call, const struct ck_keys *ks)
{
    const struct ck_key *pk = primary_of(ks);
    for (size_t i = 0; pk && i < ks->n; i++)
        if (has_pk_suffix(&ks->v[i], pk) && emit_suffix(call, &ks->v[i], pk) < 0)
            return -1;
    return 0;
}

int checks_pk_suffix(struct rule_check_call *call)
{
    const cJSON *t = table_of(call);
    const char *engine = ck_str(t, "engine");
    if (engine && strcasecmp(engine, "innodb") != 0)
        return 0; /* the suffix is implicit only in InnoDB's clustered layout */
    return with_keys(call, suffix_run);
}

static const cJSON *column_named(const cJSON *table, const char *name)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(table, "columns")) {
        const char *n = ck_str(c, "name");
        if (n && name && strcasecmp(n, name) == 0)
            return c;
    }
    return NULL;
}

/* A composite UNIQUE with a nullable column: rows that have NULL there never conflict. */
static int nullable_run(struct rule_check_call *call, const struct ck_keys *ks)
{
    const cJSON *t = table_of(call);
    for (size_t i = 0; i < ks->n; i++) {
        const struct ck_key *u = &ks->v[i];
        struct ck_part *nul = NULL;
        for (size_t j = 0; u->kind == CK_UNIQUE && u->nparts > 1 && !nul && j < u->nparts; j++)
            if (ck_bool(column_named(t, u->parts[j].column), "nullable"))
                nul = &u->parts[j];
        if (!nul)
            continue;
        cJSON *ev = cJSON_CreateObject();
        bool ok = ev && add_s(ev, "table", ck_table_name(t)) && add_s(ev, "index", u->name) &&
                  add_s(ev, "other", nul->column) && add_parts(ev, "columns", u->parts, u->nparts) &&
                  add_s(ev, "other_columns", NULL);
        if (!ok) {
            cJSON_Delete(ev);
            return -1;
        }
        if (rule_emit(call, ev, u->name) < 0)
            return -1;
    }
    return 0;
}

int checks_nullable_unique(struct rule_check_call *call)
{
    return with_keys(call, nullable_run);
}
