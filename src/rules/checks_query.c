/* Statement checks that join the statement analysis (`query`, docs/sql-analysis.md) with the schema
 * (`schema`, docs/schema.md, with --stats for row counts): GROUP BY that no index can serve on a
 * big table, COUNT(*) of a whole big InnoDB table, and locking reads or writes whose conditions no
 * index narrows, so that InnoDB locks every row it scans. A table the schema does not know gives
 * nothing: the checks never guess. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/checks.h"
#include "rules/checks_keys.h"
#include "util/jtree.h"

const char *const checks_stmt_evidence[] = {"table", "columns", "rows", "lock", "block", NULL};

static const cJSON *get(const cJSON *o, const char *k)
{
    return jt_member(o, k);
}

static double num(const cJSON *o, const char *k, double dflt)
{
    const cJSON *v = get(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static bool str_eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The schema table a table reference names: same name, and the same database when both are
 * known. NULL for derived tables and tables the schema does not have. */
static const cJSON *schema_table(const struct rule_check_call *call, const cJSON *ref)
{
    if (!ref || ck_bool(ref, "derived"))
        return NULL;
    const char *name = ck_str(ref, "name"), *db = ck_str(ref, "db");
    const cJSON *t;
    cJSON_ArrayForEach(t, get(get(call->facts, "schema"), "tables")) {
        const char *tdb = ck_str(t, "db");
        if (str_eq(ck_str(t, "name"), name) && (!db || !tdb || strcmp(db, tdb) == 0))
            return t;
    }
    return NULL;
}

static double table_rows(const cJSON *t)
{
    return num(get(t, "stats"), "rows", -1);
}

static int emit(struct rule_check_call *call, const char *table, const char *columns, double rows,
                const char *lock, int block)
{
    cJSON *ev = cJSON_CreateObject();
    bool ok = ev && cJSON_AddStringToObject(ev, "table", table ? table : "") &&
              (columns ? cJSON_AddStringToObject(ev, "columns", columns)
                       : cJSON_AddNullToObject(ev, "columns")) &&
              (rows >= 0 ? cJSON_AddNumberToObject(ev, "rows", rows)
                         : cJSON_AddNullToObject(ev, "rows")) &&
              (lock ? cJSON_AddStringToObject(ev, "lock", lock) : cJSON_AddNullToObject(ev, "lock")) &&
              cJSON_AddNumberToObject(ev, "block", block);
    if (!ok) {
        cJSON_Delete(ev);
        return -1;
    }
    char key[320]; /* one finding per block and table; a longer name only shares a key */
    snprintf(key, sizeof key, "%d:%s", block, table ? table : "");
    return rule_emit(call, ev, key);
}

/* Whether col is named by a predicate of the given kinds on table reference ref in block. */
static bool has_pred(const cJSON *query, int block, int ref, const char *col, bool eq_only)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, get(query, "predicates")) {
        const char *kind = ck_str(p, "kind");
        bool usable = kind && (strcmp(kind, "eq") == 0 ||
                               (!eq_only && (strcmp(kind, "range") == 0 || strcmp(kind, "join") == 0)));
        const char *c = ck_str(p, "column");
        if (usable && num(p, "block", -1) == block && num(p, "table", -1) == ref && c &&
            strcasecmp(c, col) == 0)
            return true;
        const char *oc = ck_str(p, "other_column");
        if (!eq_only && kind && strcmp(kind, "join") == 0 && num(p, "block", -1) == block &&
            num(p, "other_table", -1) == ref && oc && strcasecmp(oc, col) == 0)
            return true;
    }
    return false;
}

static bool in_group(const cJSON *query, int block, int ref, const char *col)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, get(query, "group_by"))
        if (num(g, "block", -1) == block && num(g, "table", -1) == ref && ck_str(g, "column") &&
            col && strcasecmp(ck_str(g, "column"), col) == 0)
            return true;
    return false;
}

/* An index serves the GROUP BY when its leading parts are the group columns, possibly after
 * columns fixed by equalities (tight index scan), until every group column has been seen. */
static bool index_serves_group(const struct ck_key *k, const cJSON *query, int block, int ref,
                               int ngroup)
{
    int seen = 0;
    if (k->kind > CK_KEY || k->hash)
        return false;
    for (size_t i = 0; i < k->nparts && seen < ngroup; i++) {
        const char *c = k->parts[i].column;
        if (c && !k->parts[i].prefix && in_group(query, block, ref, c))
            seen++;
        else if (!(c && has_pred(query, block, ref, c, true)))
            return false;
    }
    return seen == ngroup;
}

/* The one table reference all GROUP BY items of block name, or -1 (none, several, expressions). */
static int group_ref(const cJSON *query, int block, int *ngroup, struct buf *cols)
{
    int ref = -1;
    *ngroup = 0;
    const cJSON *g;
    cJSON_ArrayForEach(g, get(query, "group_by")) {
        if (num(g, "block", -1) != block)
            continue;
        int r = (int)num(g, "table", -1);
        if (r < 0 || (ref >= 0 && r != ref) || !ck_str(g, "column"))
            return -1;
        ref = r;
        (*ngroup)++;
        if (buf_printf(cols, "%s%s", cols->n ? ", " : "", ck_str(g, "column")) < 0)
            return -2;
    }
    return ref;
}

static int group_block(struct rule_check_call *call, const cJSON *query, int block)
{
    struct buf cols = {0};
    int n, rc = 0;
    int ref = group_ref(query, block, &n, &cols);
    const cJSON *tref = ref >= 0 ? cJSON_GetArrayItem(get(query, "tables"), ref) : NULL;
    const cJSON *t = schema_table(call, tref);
    double rows = table_rows(t);
    if (ref == -2)
        rc = -1;
    else if (t && rows >= rule_threshold_num(call->rule, "min_rows", 100000)) {
        struct ck_keys ks;
        if (ck_keys_read(&ks, t) < 0)
            rc = -1;
        bool served = false;
        for (size_t i = 0; rc == 0 && i < ks.n && !served; i++)
            served = index_serves_group(&ks.v[i], query, block, ref, n);
        if (rc == 0 && !served)
            rc = emit(call, ck_str(t, "name"), cols.p, rows, NULL, block);
        ck_keys_free(&ks);
    }
    buf_free(&cols);
    return rc;
}

int checks_group_by_unindexed(struct rule_check_call *call)
{
    const cJSON *query = get(call->facts, "query"), *b;
    cJSON_ArrayForEach(b, get(query, "blocks"))
        if (ck_bool(b, "group_by") && group_block(call, query, (int)num(b, "id", -1)) < 0)
            return -1;
    return 0;
}

/* The only table reference of a block, or NULL when it has none or several. */
static const cJSON *only_ref(const cJSON *query, int block, int *ref)
{
    const cJSON *found = NULL, *t;
    int i = 0;
    cJSON_ArrayForEach(t, get(query, "tables")) {
        if (num(t, "block", -1) == block) {
            if (found)
                return NULL;
            found = t;
            *ref = i;
        }
        i++;
    }
    return found;
}

int checks_count_star_big(struct rule_check_call *call)
{
    const cJSON *query = get(call->facts, "query"), *b;
    cJSON_ArrayForEach(b, get(query, "blocks")) {
        int block = (int)num(b, "id", -1), ref;
        if (!ck_bool(b, "count_star") || ck_bool(b, "where") || ck_bool(b, "group_by"))
            continue;
        const cJSON *t = schema_table(call, only_ref(query, block, &ref));
        const char *engine = ck_str(t, "engine");
        double rows = table_rows(t);
        if (!t || (engine && strcasecmp(engine, "innodb") != 0) ||
            rows < rule_threshold_num(call->rule, "min_rows", 1000000))
            continue;
        if (emit(call, ck_str(t, "name"), NULL, rows, NULL, block) < 0)
            return -1;
    }
    return 0;
}

/* What a block locks: FOR UPDATE / FOR SHARE, or the UPDATE or DELETE itself (block 0, with a
 * WHERE: without one, other rules speak). NULL when it takes no row locks worth checking. */
static const char *lock_of(const cJSON *query, const cJSON *b)
{
    const char *kind = ck_str(query, "kind");
    if (ck_bool(b, "for_update"))
        return "FOR UPDATE";
    if (ck_bool(b, "lock_in_share_mode"))
        return "LOCK IN SHARE MODE";
    if (num(b, "id", -1) == 0 && ck_bool(b, "where") && kind &&
        (strcmp(kind, "update") == 0 || strcmp(kind, "delete") == 0))
        return strcmp(kind, "update") == 0 ? "UPDATE" : "DELETE";
    return NULL;
}

/* Whether a condition of the block on ref names the first column of one of t's B-tree indexes. */
static int narrowed(const cJSON *query, int block, int ref, const cJSON *t, bool *yes)
{
    struct ck_keys ks;
    if (ck_keys_read(&ks, t) < 0)
        return -1;
    *yes = false;
    for (size_t i = 0; i < ks.n && !*yes; i++) {
        const struct ck_key *k = &ks.v[i];
        *yes = k->kind <= CK_KEY && k->nparts > 0 && k->parts[0].column &&
               has_pred(query, block, ref, k->parts[0].column, k->hash);
    }
    ck_keys_free(&ks);
    return 0;
}

static int lock_block(struct rule_check_call *call, const cJSON *query, const cJSON *b,
                      const char *lock)
{
    int block = (int)num(b, "id", -1), ref = 0;
    const cJSON *tr;
    cJSON_ArrayForEach(tr, get(query, "tables")) {
        const cJSON *t = num(tr, "block", -1) == block ? schema_table(call, tr) : NULL;
        bool yes = true;
        if (t && narrowed(query, block, ref, t, &yes) < 0)
            return -1;
        if (!yes && emit(call, ck_str(t, "name"), NULL, table_rows(t), lock, block) < 0)
            return -1;
        ref++;
    }
    return 0;
}

int checks_locking_read_unindexed(struct rule_check_call *call)
{
    const cJSON *query = get(call->facts, "query"), *b;
    cJSON_ArrayForEach(b, get(query, "blocks")) {
        const char *lock = lock_of(query, b);
        if (lock && lock_block(call, query, b, lock) < 0)
            return -1;
    }
    return 0;
}
