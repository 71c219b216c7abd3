/* Index facts (facts.h): one index of a table as docs/schema.md's index object plus what rules
 * compare — its column names in order, whether it is unique, its width — with the table's facts
 * shared by reference, so a table with many indexes builds its table object once. */
#include <string.h>

#include "facts/facts.h"

static cJSON *index_json(const struct schema_table *t, size_t j, const cJSON *table)
{
    const struct schema_index *ix = &t->indexes[j];
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(table, "indexes");
    const cJSON *src = cJSON_GetArrayItem(list, (int)j);
    cJSON *o = src ? cJSON_Duplicate(src, true) : NULL;
    cJSON *cols = o ? cJSON_AddArrayToObject(o, "columns") : NULL;
    bool ok = cols != NULL;
    int64_t w = 0;
    for (size_t i = 0; ok && i < ix->nparts; i++) {
        const struct schema_index_part *p = &ix->parts[i];
        const struct schema_column *c =
            p->column ? schema_find_column(t, p->column, strlen(p->column)) : NULL;
        int64_t pw = c ? facts_part_width(c, p->prefix) : -1;
        w = w < 0 || pw < 0 ? -1 : w + pw;
        cJSON *n = p->column ? cJSON_CreateString(p->column) : cJSON_CreateNull();
        ok = n != NULL;
        cJSON_AddItemToArray(cols, n);
    }
    bool unique = ix->kind == SCHEMA_INDEX_PRIMARY || ix->kind == SCHEMA_INDEX_UNIQUE;
    ok = ok && cJSON_AddBoolToObject(o, "unique", unique) &&
         cJSON_AddBoolToObject(o, "primary", ix->kind == SCHEMA_INDEX_PRIMARY) &&
         (w >= 0 ? cJSON_AddNumberToObject(o, "width", (double)w)
                 : cJSON_AddNullToObject(o, "width")) &&
         cJSON_AddNumberToObject(o, "position", (double)j);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

int facts_add_index(cJSON *tree, const struct schema_table *t, size_t j, const cJSON *table)
{
    if (j >= t->nindexes)
        return -1;
    cJSON *ix = index_json(t, j, table);
    if (!ix)
        return -1;
    cJSON_AddItemToObject(tree, "index", ix);
    /* The table object is shared by every index tree of the table: a reference, not a copy. */
    if (!cJSON_AddItemReferenceToObject(tree, "table", (cJSON *)table))
        return -1;
    return 0;
}
