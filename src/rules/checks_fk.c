/* Foreign key checks over one table's facts: duplicate foreign keys (same parent table and the same
 * (child column, parent column) pairs in any order — pt-duplicate-key-checker sorts the two lists
 * apart, which calls (a,b)->(x,y) a duplicate of (a,b)->(y,x)), and foreign keys whose parent
 * columns are not exactly a PRIMARY or UNIQUE key of the parent (the schema root, when present). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/checks.h"
#include "rules/checks_keys.h"

/* The n-th string of a JSON array, NULL when there is none. */
static const char *nth(const cJSON *arr, int i)
{
    const cJSON *v = cJSON_GetArrayItem(arr, i);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool pair_in(const cJSON *fk, const char *child, const char *parent)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(fk, "columns");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(fk, "ref_columns");
    for (int i = 0; i < cJSON_GetArraySize(c); i++) {
        const char *ci = nth(c, i), *pi = nth(p, i);
        if (ci && pi && child && parent && strcasecmp(ci, child) == 0 &&
            strcasecmp(pi, parent) == 0)
            return true;
    }
    return false;
}

static bool same_fk(const cJSON *a, const cJSON *b)
{
    const cJSON *ca = cJSON_GetObjectItemCaseSensitive(a, "columns");
    const cJSON *pa = cJSON_GetObjectItemCaseSensitive(a, "ref_columns");
    int n = cJSON_GetArraySize(ca);
    if (!str_eq(ck_str(a, "ref_db"), ck_str(b, "ref_db")) ||
        !str_eq(ck_str(a, "ref_table"), ck_str(b, "ref_table")) || n == 0 ||
        n != cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(b, "columns")) ||
        n != cJSON_GetArraySize(pa))
        return false;
    for (int i = 0; i < n; i++)
        if (!pair_in(b, nth(ca, i), nth(pa, i)))
            return false;
    return true;
}

static bool add_s(cJSON *o, const char *k, const char *v)
{
    return (v ? cJSON_AddStringToObject(o, k, v) : cJSON_AddNullToObject(o, k)) != NULL;
}

static bool add_list(cJSON *o, const char *k, const cJSON *arr)
{
    cJSON *copy = arr ? cJSON_Duplicate(arr, true) : cJSON_CreateNull();
    if (!copy)
        return false;
    cJSON_AddItemToObject(o, k, copy);
    return true;
}

static int emit_fk(struct rule_check_call *call, const cJSON *table, const cJSON *fk,
                   const char *other)
{
    cJSON *ev = cJSON_CreateObject();
    bool ok = ev && add_s(ev, "table", ck_table_name(table)) &&
              add_s(ev, "foreign_key", ck_str(fk, "name")) && add_s(ev, "other", other) &&
              add_list(ev, "columns", cJSON_GetObjectItemCaseSensitive(fk, "columns")) &&
              add_s(ev, "parent", ck_str(fk, "ref_table")) &&
              add_list(ev, "parent_columns", cJSON_GetObjectItemCaseSensitive(fk, "ref_columns"));
    if (!ok) {
        cJSON_Delete(ev);
        return -1;
    }
    return rule_emit(call, ev, ck_str(fk, "name"));
}

int checks_duplicate_fk(struct rule_check_call *call)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(call->facts, "table");
    const cJSON *fks = cJSON_GetObjectItemCaseSensitive(t, "foreign_keys");
    int n = cJSON_GetArraySize(fks);
    for (int j = 1; j < n; j++) {
        const cJSON *b = cJSON_GetArrayItem(fks, j);
        for (int i = 0; i < j; i++) {
            const cJSON *a = cJSON_GetArrayItem(fks, i);
            if (!same_fk(a, b))
                continue;
            if (emit_fk(call, t, b, ck_str(a, "name")) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

/* The parent table of fk in the schema: ref_db, else the child's database. */
static const cJSON *parent_of(const cJSON *schema, const cJSON *child, const cJSON *fk)
{
    const char *db = ck_str(fk, "ref_db") ? ck_str(fk, "ref_db") : ck_str(child, "db");
    const char *name = ck_str(fk, "ref_table");
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(schema, "tables"))
        if (name && str_eq(ck_str(t, "name"), name) && str_eq(ck_str(t, "db"), db))
            return t;
    return NULL;
}

/* Whether a PRIMARY or UNIQUE key of parent has exactly the referenced columns (any order,
 * whole columns). */
static bool has_unique_on(const struct ck_keys *ks, const cJSON *cols)
{
    int n = cJSON_GetArraySize(cols);
    for (size_t i = 0; i < ks->n; i++) {
        const struct ck_key *k = &ks->v[i];
        if (k->kind > CK_UNIQUE || k->nparts != (size_t)n)
            continue;
        int found = 0;
        for (int c = 0; c < n; c++)
            for (size_t p = 0; p < k->nparts; p++)
                if (k->parts[p].column && !k->parts[p].prefix && nth(cols, c) &&
                    strcasecmp(k->parts[p].column, nth(cols, c)) == 0) {
                    found++;
                    break;
                }
        if (found == n)
            return true;
    }
    return false;
}

int checks_fk_parent_not_unique(struct rule_check_call *call)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(call->facts, "table");
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(call->facts, "schema");
    const cJSON *fk;
    cJSON_ArrayForEach(fk, cJSON_GetObjectItemCaseSensitive(t, "foreign_keys")) {
        const cJSON *parent = parent_of(schema, t, fk);
        if (!parent)
            continue; /* not in the schema: nothing to say */
        struct ck_keys ks;
        if (ck_keys_read(&ks, parent) < 0)
            return -1;
        bool ok = has_unique_on(&ks, cJSON_GetObjectItemCaseSensitive(fk, "ref_columns"));
        ck_keys_free(&ks);
        if (!ok && emit_fk(call, t, fk, NULL) < 0)
            return -1;
    }
    return 0;
}
