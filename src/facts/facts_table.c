/* Table and index facts (facts.h): docs/schema.md's table object, taken from the schema's JSON built
 * once, plus what rules would otherwise recompute for every table — the primary key's columns,
 * types, width and shape, index counts, the columns of kinds rules look for (FLOAT/DOUBLE money,
 * utf8mb3, TEXT/BLOB), foreign keys without a declared index, rows from --stats. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts.h"

int facts_schema_init(struct facts_schema *fs, const struct schema *s)
{
    memset(fs, 0, sizeof *fs);
    fs->s = s;
    fs->json = schema_to_json(s);
    fs->table_json = calloc(s->ntables ? s->ntables : 1, sizeof *fs->table_json);
    if (!fs->json || !fs->table_json) {
        facts_schema_free(fs);
        return -1;
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(fs->json, "tables");
    size_t i = 0;
    for (cJSON *e = t ? t->child : NULL; e && i < s->ntables; e = e->next)
        fs->table_json[i++] = e;
    if (i != s->ntables) { /* the JSON lists every table: anything else is a bug, not input */
        facts_schema_free(fs);
        return -1;
    }
    return 0;
}

void facts_schema_free(struct facts_schema *fs)
{
    cJSON_Delete(fs->json);
    free(fs->table_json);
    memset(fs, 0, sizeof *fs);
}

static bool add_names(cJSON *o, const char *key, const char *const *names, size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(o, key);
    for (size_t i = 0; a && i < n; i++) {
        cJSON *s = cJSON_CreateString(names[i]);
        if (!s)
            return false;
        cJSON_AddItemToArray(a, s);
    }
    return a != NULL;
}

static bool add_width(cJSON *o, const char *key, int64_t w)
{
    return (w >= 0 ? cJSON_AddNumberToObject(o, key, (double)w) : cJSON_AddNullToObject(o, key))
           != NULL;
}

static const struct schema_index *primary_of(const struct schema_table *t)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (t->indexes[i].kind == SCHEMA_INDEX_PRIMARY)
            return &t->indexes[i];
    return NULL;
}

/* The width of an index, the sum of its parts; -1 when a part's width is unknown. */
static int64_t index_width(const struct schema_table *t, const struct schema_index *ix)
{
    int64_t w = 0;
    for (size_t i = 0; i < ix->nparts; i++) {
        const struct schema_index_part *p = &ix->parts[i];
        const struct schema_column *c =
            p->column ? schema_find_column(t, p->column, strlen(p->column)) : NULL;
        int64_t pw = c ? facts_part_width(c, p->prefix) : -1;
        if (pw < 0)
            return -1;
        w += pw;
    }
    return w;
}

static cJSON *primary_key_json(const struct schema_table *t, const struct schema_index *pk)
{
    cJSON *o = cJSON_CreateObject(), *cols = cJSON_AddArrayToObject(o, "columns");
    cJSON *types = cJSON_AddArrayToObject(o, "types");
    bool ok = o && cols && types, integer = pk->nparts > 0, autoinc = false, uuid = false;
    for (size_t i = 0; ok && i < pk->nparts; i++) {
        const char *name = pk->parts[i].column;
        const struct schema_column *c = name ? schema_find_column(t, name, strlen(name)) : NULL;
        cJSON *n = name ? cJSON_CreateString(name) : cJSON_CreateNull();
        cJSON *ty = c && c->type_text ? cJSON_CreateString(c->type_text) : cJSON_CreateNull();
        ok = n && ty;
        cJSON_AddItemToArray(cols, n);
        cJSON_AddItemToArray(types, ty);
        integer = integer && c && c->type_class == SCHEMA_TYPE_INTEGER;
        autoinc = autoinc || (c && c->auto_increment);
        uuid = pk->nparts == 1 && c && facts_column_uuid_like(c);
    }
    ok = ok && add_width(o, "width", index_width(t, pk)) &&
         cJSON_AddBoolToObject(o, "uuid_like", uuid) &&
         cJSON_AddBoolToObject(o, "integer", integer) &&
         cJSON_AddBoolToObject(o, "auto_increment", autoinc);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* Money-ish names: a FLOAT or DOUBLE named so loses cents. "total" is left out: too often a count. */
static bool money_name(const char *name)
{
    static const char *const words[] = {
        "price", "amount", "cost", "balance", "fee", "salary", "tax", "money", "revenue",
        "payment", "paid", "credit", "debit", "charge", "discount", "wage", "budget", "invoice",
        "refund", "subtotal", "currency", "usd", "eur", NULL,
    };
    char low[128];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    for (const char *const *w = words; *w; w++)
        if (strstr(low, *w))
            return true;
    return false;
}

static bool is_utf8mb3(const char *cs)
{
    return cs && (strcasecmp(cs, "utf8mb3") == 0 || strcasecmp(cs, "utf8") == 0);
}

static bool is_text_blob(const struct schema_column *c)
{
    static const char *const t[] = {"tinytext", "text", "mediumtext", "longtext", "tinyblob",
                                    "blob", "mediumblob", "longblob", "long", NULL};
    for (const char *const *p = t; *p && c->type; p++)
        if (strcmp(c->type, *p) == 0)
            return true;
    return false;
}

/* The lists of column names by kind: FLOAT/DOUBLE, those of them named like money, utf8mb3,
 * TEXT/BLOB. */
static bool add_column_lists(cJSON *o, const struct schema_table *t)
{
    const char **v = malloc((t->ncolumns ? t->ncolumns : 1) * 4 * sizeof *v);
    if (!v)
        return false;
    size_t n[4] = {0};
    const char **fl = v, **money = v + t->ncolumns, **mb3 = v + 2 * t->ncolumns,
               **tb = v + 3 * t->ncolumns;
    for (size_t i = 0; i < t->ncolumns; i++) {
        const struct schema_column *c = &t->columns[i];
        if (c->type_class == SCHEMA_TYPE_FLOAT) {
            fl[n[0]++] = c->name;
            if (money_name(c->name))
                money[n[1]++] = c->name;
        }
        if ((c->type_class == SCHEMA_TYPE_STRING || c->type_class == SCHEMA_TYPE_ENUM) &&
            is_utf8mb3(c->charset))
            mb3[n[2]++] = c->name;
        if (is_text_blob(c))
            tb[n[3]++] = c->name;
    }
    bool ok = add_names(o, "float_columns", fl, n[0]) &&
              add_names(o, "money_float_columns", money, n[1]) &&
              add_names(o, "utf8mb3_columns", mb3, n[2]) &&
              add_names(o, "text_blob_columns", tb, n[3]);
    free(v);
    return ok;
}

/* Whether a declared (not implicit) index starts with the foreign key's columns. */
static bool fk_indexed(const struct schema_table *t, const struct schema_foreign_key *fk)
{
    for (size_t i = 0; i < t->nindexes; i++) {
        const struct schema_index *ix = &t->indexes[i];
        if (ix->implicit || ix->nparts < fk->ncolumns || ix->kind == SCHEMA_INDEX_FULLTEXT ||
            ix->kind == SCHEMA_INDEX_SPATIAL)
            continue;
        size_t k = 0;
        while (k < fk->ncolumns && ix->parts[k].column && !ix->parts[k].prefix &&
               strcasecmp(ix->parts[k].column, fk->columns[k]) == 0)
            k++;
        if (k == fk->ncolumns)
            return true;
    }
    return false;
}

static bool add_fk_facts(cJSON *o, const struct schema_table *t)
{
    const char **v = malloc((t->nfks ? t->nfks : 1) * sizeof *v);
    size_t n = 0;
    if (!v)
        return false;
    for (size_t i = 0; i < t->nfks; i++)
        if (!fk_indexed(t, &t->fks[i]))
            v[n++] = t->fks[i].name ? t->fks[i].name : "";
    bool ok = add_names(o, "unindexed_foreign_keys", v, n);
    free(v);
    return ok;
}

static bool add_engine(cJSON *o, const struct schema_table *t)
{
    char low[64];
    const char *e = t->engine ? t->engine : "InnoDB"; /* the default of every supported server */
    size_t n = 0;
    for (; e[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)e[n]);
    low[n] = '\0';
    return cJSON_AddStringToObject(o, "engine_lower", low) &&
           cJSON_AddBoolToObject(o, "innodb", strcmp(low, "innodb") == 0);
}

static bool add_derived(cJSON *o, const struct schema_table *t)
{
    const struct schema_index *pk = primary_of(t);
    size_t secondary = 0;
    for (size_t i = 0; i < t->nindexes; i++)
        secondary += t->indexes[i].kind != SCHEMA_INDEX_PRIMARY;
    cJSON *pkj = pk ? primary_key_json(t, pk) : cJSON_CreateNull();
    if (!pkj)
        return false;
    cJSON_AddItemToObject(o, "primary_key", pkj);
    char q[512];
    snprintf(q, sizeof q, "%s%s%s", t->db ? t->db : "", t->db ? "." : "", t->name);
    return cJSON_AddStringToObject(o, "qualified_name", q) && add_engine(o, t) &&
           cJSON_AddBoolToObject(o, "has_primary_key", pk != NULL) &&
           cJSON_AddNumberToObject(o, "column_count", (double)t->ncolumns) &&
           cJSON_AddNumberToObject(o, "index_count", (double)t->nindexes) &&
           cJSON_AddNumberToObject(o, "secondary_index_count", (double)secondary) &&
           (t->stats.known ? cJSON_AddNumberToObject(o, "rows", (double)t->stats.rows)
                           : cJSON_AddNullToObject(o, "rows")) &&
           add_column_lists(o, t) && add_fk_facts(o, t);
}

cJSON *facts_table_json(const struct facts_schema *fs, size_t i)
{
    if (i >= fs->s->ntables)
        return NULL;
    cJSON *o = cJSON_Duplicate(fs->table_json[i], true);
    if (o && !add_derived(o, fs->s->tables[i])) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *facts_table_tree(const struct facts_schema *fs, size_t i)
{
    cJSON *tree = cJSON_CreateObject(), *t = facts_table_json(fs, i);
    cJSON *server = facts_server_json(&fs->s->target);
    if (!tree || !t || !server) {
        cJSON_Delete(tree);
        cJSON_Delete(t);
        cJSON_Delete(server);
        return NULL;
    }
    cJSON_AddItemToObject(tree, "table", t);
    cJSON_AddItemToObject(tree, "server", server);
    if (facts_add_schema(tree, fs) < 0) {
        cJSON_Delete(tree);
        return NULL;
    }
    return tree;
}

int facts_add_schema(cJSON *tree, const struct facts_schema *fs)
{
    /* Every subject of a run shares the one schema object: a reference, never a copy. */
    if (!fs || !fs->json)
        return 0;
    return cJSON_AddItemReferenceToObject(tree, "schema", fs->json) ? 0 : -1;
}
