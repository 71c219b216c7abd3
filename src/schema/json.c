/* The schema model as JSON (docs/schema.md, "slowdex_schema": 1): what `slowdex schema` prints
 * and what tests compare. Optional members are null rather than absent, so that a reader sees
 * every fact's name; locations ("loc": "file:line") can be left out to compare two models. */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "schema/schema_int.h"

#define SCHEMA_JSON_VERSION 1

static const char *const class_names[] = {"integer", "decimal", "float",    "bit",
                                          "string",  "binary",  "temporal", "enum",
                                          "json",    "spatial", "other"};
static const char *const kind_names[] = {"primary", "unique", "key", "fulltext", "spatial"};
static const char *const using_names[] = {NULL, "btree", "hash"};
static const char *const gen_names[] = {NULL, "virtual", "stored"};
static const char *const obj_names[] = {"view", "trigger", "routine", "event", "sequence"};

/* Adds a string member, or null. cJSON keeps going after a failed allocation: the caller checks
 * the whole tree once (cJSON_Print fails, or a member is missing). */
static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static void add_int(cJSON *o, const char *k, int64_t v, bool present)
{
    if (present)
        cJSON_AddNumberToObject(o, k, (double)v);
    else
        cJSON_AddNullToObject(o, k);
}

static void add_loc(cJSON *o, const struct schema_loc *l, bool locations)
{
    if (!locations)
        return;
    char buf[512];
    if (l->file) {
        snprintf(buf, sizeof buf, "%s:%u", l->file, (unsigned)l->line);
        cJSON_AddStringToObject(o, "loc", buf);
    } else {
        cJSON_AddNullToObject(o, "loc");
    }
}

static cJSON *column_json(const struct schema_column *c, bool locations)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "name", c->name);
    add_str(o, "type", c->type);
    add_str(o, "type_text", c->type_text);
    add_str(o, "class", class_names[c->type_class]);
    add_int(o, "length", c->length, c->length >= 0);
    add_int(o, "scale", c->scale, c->scale >= 0);
    cJSON_AddBoolToObject(o, "unsigned", c->is_unsigned);
    cJSON_AddBoolToObject(o, "zerofill", c->zerofill);
    add_str(o, "charset", c->charset);
    add_str(o, "collation", c->collation);
    cJSON_AddBoolToObject(o, "nullable", c->nullable);
    add_str(o, "default", c->default_value);
    cJSON_AddBoolToObject(o, "default_is_expr", c->default_is_expr);
    add_str(o, "on_update", c->on_update);
    add_str(o, "generated", gen_names[c->generated]);
    add_str(o, "generation_expr", c->generation_expr);
    cJSON_AddBoolToObject(o, "auto_increment", c->auto_increment);
    cJSON_AddBoolToObject(o, "invisible", c->invisible);
    add_str(o, "comment", c->comment);
    add_loc(o, &c->loc, locations);
    return o;
}

static cJSON *index_json(const struct schema_index *ix, bool locations)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "name", ix->name);
    add_str(o, "kind", kind_names[ix->kind]);
    add_str(o, "using", using_names[ix->using]);
    cJSON *parts = cJSON_AddArrayToObject(o, "parts");
    for (size_t i = 0; i < ix->nparts; i++) {
        const struct schema_index_part *p = &ix->parts[i];
        cJSON *po = cJSON_CreateObject();
        add_str(po, "column", p->column);
        add_str(po, "expr", p->expr);
        add_int(po, "prefix", p->prefix, p->prefix > 0);
        cJSON_AddBoolToObject(po, "desc", p->desc);
        add_int(po, "cardinality", p->cardinality, p->cardinality >= 0);
        cJSON_AddItemToArray(parts, po);
    }
    cJSON_AddBoolToObject(o, "invisible", ix->invisible);
    cJSON_AddBoolToObject(o, "implicit", ix->implicit);
    add_str(o, "comment", ix->comment);
    add_loc(o, &ix->loc, locations);
    return o;
}

static cJSON *strv_json(char **v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

static cJSON *fk_json(const struct schema_foreign_key *fk, bool locations)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "name", fk->name);
    cJSON_AddItemToObject(o, "columns", strv_json(fk->columns, fk->ncolumns));
    add_str(o, "ref_db", fk->ref_db);
    add_str(o, "ref_table", fk->ref_table);
    cJSON_AddItemToObject(o, "ref_columns", strv_json(fk->ref_columns, fk->nref_columns));
    add_str(o, "on_delete", fk->on_delete);
    add_str(o, "on_update", fk->on_update);
    add_loc(o, &fk->loc, locations);
    return o;
}

static void table_stats_json(cJSON *o, const struct schema_table_stats *st)
{
    if (!st->known) {
        cJSON_AddNullToObject(o, "stats");
        return;
    }
    cJSON *s = cJSON_AddObjectToObject(o, "stats");
    cJSON_AddNumberToObject(s, "rows", (double)st->rows);
    cJSON_AddNumberToObject(s, "avg_row_length", (double)st->avg_row_length);
    cJSON_AddNumberToObject(s, "data_length", (double)st->data_length);
    cJSON_AddNumberToObject(s, "index_length", (double)st->index_length);
}

static cJSON *table_json(const struct schema_table *t, bool locations)
{
    cJSON *o = cJSON_CreateObject();
    add_str(o, "db", t->db);
    add_str(o, "name", t->name);
    add_str(o, "engine", t->engine);
    add_str(o, "row_format", t->row_format);
    add_str(o, "charset", t->charset);
    add_str(o, "collation", t->collation);
    add_int(o, "auto_increment", (int64_t)t->auto_increment, t->auto_increment > 0);
    add_str(o, "comment", t->comment);
    cJSON_AddBoolToObject(o, "temporary", t->temporary);
    cJSON_AddBoolToObject(o, "partitioned", t->partitioned);
    cJSON_AddBoolToObject(o, "system_versioned", t->system_versioned);
    cJSON_AddBoolToObject(o, "incomplete", t->incomplete);
    cJSON *a = cJSON_AddArrayToObject(o, "columns");
    for (size_t i = 0; i < t->ncolumns; i++)
        cJSON_AddItemToArray(a, column_json(&t->columns[i], locations));
    a = cJSON_AddArrayToObject(o, "indexes");
    for (size_t i = 0; i < t->nindexes; i++)
        cJSON_AddItemToArray(a, index_json(&t->indexes[i], locations));
    a = cJSON_AddArrayToObject(o, "foreign_keys");
    for (size_t i = 0; i < t->nfks; i++)
        cJSON_AddItemToArray(a, fk_json(&t->fks[i], locations));
    table_stats_json(o, &t->stats);
    add_loc(o, &t->loc, locations);
    return o;
}

static void header_json(cJSON *root, const struct schema *s)
{
    char target[64];
    sql_target_format(&s->target, target, sizeof target);
    cJSON_AddNumberToObject(root, "slowdex_schema", SCHEMA_JSON_VERSION);
    cJSON_AddStringToObject(root, "target", target);
    cJSON_AddBoolToObject(root, "target_guessed", s->target.guessed);
    cJSON_AddNumberToObject(root, "lower_case_table_names", s->lower_case_table_names);
}

cJSON *schema_to_json_opts(const struct schema *s, bool locations)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    header_json(root, s);
    cJSON *a = cJSON_AddArrayToObject(root, "databases");
    for (size_t i = 0; i < s->ndatabases; i++) {
        const struct schema_database *d = &s->databases[i];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "name", d->name);
        add_str(o, "charset", d->charset);
        add_str(o, "collation", d->collation);
        add_loc(o, &d->loc, locations);
        cJSON_AddItemToArray(a, o);
    }
    a = cJSON_AddArrayToObject(root, "tables");
    for (size_t i = 0; i < s->ntables; i++)
        cJSON_AddItemToArray(a, table_json(s->tables[i], locations));
    a = cJSON_AddArrayToObject(root, "objects");
    for (size_t i = 0; i < s->nobjects; i++) {
        const struct schema_object *ob = &s->objects[i];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "kind", obj_names[ob->kind]);
        add_str(o, "db", ob->db);
        add_str(o, "name", ob->name);
        add_loc(o, &ob->loc, locations);
        cJSON_AddItemToArray(a, o);
    }
    if (!cJSON_GetObjectItem(root, "objects")) { /* an allocation failed on the way */
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

cJSON *schema_to_json(const struct schema *s)
{
    return schema_to_json_opts(s, true);
}
