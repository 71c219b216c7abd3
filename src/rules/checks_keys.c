/* Keys as the index checks compare them: a table's indexes read from its facts (docs/schema.md's
 * table object) into arrays of parts — column or expression, prefix length, direction — so that
 * two indexes are compared part by part, never as strings (a string compare takes `a` for a
 * prefix of `ab`, and misses `b`(10) against `b`). Shared by checks_index.c and checks_query.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/checks_keys.h"
#include "util/jtree.h"

const char *ck_str(const cJSON *o, const char *name)
{
    const cJSON *v = jt_member(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool ck_bool(const cJSON *o, const char *name)
{
    return cJSON_IsTrue(jt_member(o, name));
}

/* Expressions of functional key parts compare without white space and case. */
static bool expr_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a && isspace((unsigned char)*a))
            a++;
        while (*b && isspace((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return *a == *b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++, b++;
    }
}

bool ck_same_target(const struct ck_part *a, const struct ck_part *b)
{
    if (a->column && b->column)
        return strcasecmp(a->column, b->column) == 0;
    return a->expr && b->expr && expr_equal(a->expr, b->expr);
}

bool ck_part_equal(const struct ck_part *a, const struct ck_part *b)
{
    return ck_same_target(a, b) && a->prefix == b->prefix && a->desc == b->desc;
}

static enum ck_kind kind_of(const char *k)
{
    if (!k)
        return CK_KEY;
    if (strcmp(k, "primary") == 0)
        return CK_PRIMARY;
    if (strcmp(k, "unique") == 0)
        return CK_UNIQUE;
    if (strcmp(k, "fulltext") == 0)
        return CK_FULLTEXT;
    if (strcmp(k, "spatial") == 0)
        return CK_SPATIAL;
    return CK_KEY;
}

/* MEMORY indexes are HASH unless USING BTREE; InnoDB and MyISAM build B-trees whatever USING
 * says (SHOW CREATE TABLE may still print USING HASH), as pt-duplicate-key-checker assumes. */
static bool is_hash(const char *engine, const char *using)
{
    bool memory = engine && (strcasecmp(engine, "memory") == 0 || strcasecmp(engine, "heap") == 0);
    return memory && !(using && strcasecmp(using, "btree") == 0);
}

static int read_parts(struct ck_key *k, const cJSON *parts)
{
    int n = cJSON_GetArraySize(parts);
    k->parts = calloc(n > 0 ? (size_t)n : 1, sizeof *k->parts);
    if (!k->parts)
        return -1;
    const cJSON *p;
    cJSON_ArrayForEach(p, parts) {
        struct ck_part *q = &k->parts[k->nparts++];
        const cJSON *prefix = cJSON_GetObjectItemCaseSensitive(p, "prefix");
        q->column = ck_str(p, "column");
        q->expr = ck_str(p, "expr");
        q->prefix = cJSON_IsNumber(prefix) ? (long)prefix->valuedouble : 0;
        q->desc = ck_bool(p, "desc");
    }
    return 0;
}

int ck_keys_read(struct ck_keys *ks, const cJSON *table)
{
    memset(ks, 0, sizeof *ks);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(table, "indexes");
    const char *engine = ck_str(table, "engine");
    int n = cJSON_GetArraySize(list);
    ks->v = calloc(n > 0 ? (size_t)n : 1, sizeof *ks->v);
    if (!ks->v)
        return -1;
    const cJSON *ix;
    cJSON_ArrayForEach(ix, list) {
        struct ck_key *k = &ks->v[ks->n++];
        k->name = ck_str(ix, "name");
        k->kind = kind_of(ck_str(ix, "kind"));
        k->hash = k->kind <= CK_KEY && is_hash(engine, ck_str(ix, "using"));
        k->invisible = ck_bool(ix, "invisible");
        if (read_parts(k, cJSON_GetObjectItemCaseSensitive(ix, "parts")) < 0) {
            ck_keys_free(ks);
            return -1;
        }
    }
    return 0;
}

void ck_keys_free(struct ck_keys *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->v[i].parts);
    free(ks->v);
    memset(ks, 0, sizeof *ks);
}

bool ck_same_structure(const struct ck_key *a, const struct ck_key *b)
{
    bool ba = a->kind <= CK_KEY, bb = b->kind <= CK_KEY;
    if (ba || bb)
        return ba && bb && a->hash == b->hash;
    return a->kind == b->kind;
}

int ck_parts_text(struct buf *b, const struct ck_part *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = buf_printf(b, "%s%s%s%s", i ? ", " : "", p[i].column ? p[i].column : "(",
                            p[i].column ? "" : (p[i].expr ? p[i].expr : "?"),
                            p[i].column ? "" : ")");
        if (rc >= 0 && p[i].prefix)
            rc = buf_printf(b, "(%ld)", p[i].prefix);
        if (rc >= 0 && p[i].desc)
            rc = buf_append_cstr(b, " DESC");
        if (rc < 0)
            return -1;
    }
    return buf_append(b, "", 0); /* a text even for no parts: b->p is set */
}

const char *ck_table_name(const cJSON *table)
{
    const char *q = ck_str(table, "qualified_name");
    return q ? q : ck_str(table, "name");
}
